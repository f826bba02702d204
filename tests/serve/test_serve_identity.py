"""What ``itatui serve`` sets for a browser session's editor process, as the core reads it: the
officer in ``ITATUI_OFFICER_NAME``/``ITATUI_OFFICER_EMAIL`` beats itatui's config and git's
identity (so the settings screen cannot change who a browser session commits as), and
``ITATUI_DRAFTS_DIR`` gives the session's officer a draft journal and lock of their own (two
officers' editors run on one repository at once)."""

from __future__ import annotations

from itatui.core.config import Config
from itatui.core.drafts import DraftStore
from itatui.core.identity import officer_source, resolve_officer
from itatui.core.workspace import Workspace

from helpers import git


def test_the_served_officer_beats_config_and_git(sample_repo, monkeypatch):
    config = Config(officer_name="ผู้ดูแลเครื่อง", officer_email="admin@banruean.go.th")
    assert resolve_officer(sample_repo, config).email == "admin@banruean.go.th"
    monkeypatch.setenv("ITATUI_OFFICER_NAME", "นายสมชาย ใจดี")
    monkeypatch.setenv("ITATUI_OFFICER_EMAIL", "somchai@banruean.go.th")
    officer = resolve_officer(sample_repo, config)
    assert (officer.name, officer.email) == ("นายสมชาย ใจดี", "somchai@banruean.go.th")
    assert officer_source(sample_repo, config) == ("นายสมชาย ใจดี", "somchai@banruean.go.th",
                                                   "serve")
    ws = Workspace(sample_repo, config)
    rec = ws.load("records/measures/01-01.toml")
    ws.save(rec, {"name": "มาตรการที่ น้ำ ผู้ใหญ่"})
    assert git(sample_repo, "log", "-1", "--format=%an|%ae|%cn|%ce").strip() == (
        "นายสมชาย ใจดี|somchai@banruean.go.th|นายสมชาย ใจดี|somchai@banruean.go.th")


def test_each_served_officer_has_a_draft_journal_of_their_own(sample_repo, tmp_path,
                                                              monkeypatch):
    shared = DraftStore(sample_repo)
    assert shared.path == sample_repo / ".git" / "itatui" / "drafts.json"
    monkeypatch.setenv("ITATUI_DRAFTS_DIR", str(tmp_path / "somchai"))
    own = DraftStore(sample_repo)
    assert own.path == tmp_path / "somchai" / "drafts.json"
    assert own.lock_path == tmp_path / "somchai" / "drafts.pid"
