"""Restoring an earlier version is a new commit; ``render --at`` shows the report as it stood."""

from __future__ import annotations

import os

import pytest
from helpers import PREENAPA, commit_count, git, itatui, make_repo_with, ok, officer_workspace

from itatui.core.audit.restore import restore
from itatui.publishing.verify import verify_pdf
from itatui.core.audit.versions import records_at, resolve_at
from itatui.core.errors import ItatuiError, NothingToSave
from itatui.core.history import History

M = "records/measures/02-01.toml"
M2 = "records/measures/02-02.toml"


def test_restore_is_a_new_commit_naming_the_version(sample_repo):
    original = (sample_repo / M).read_text(encoding="utf-8")
    first = History.open(sample_repo).head()
    officer_workspace(sample_repo).set_field(M, "outcome", "ข้อความที่ผิด")
    officer_workspace(sample_repo, PREENAPA).set_field(M, "period", "ไม่ทราบ")
    before = commit_count(sample_repo)
    r = restore(officer_workspace(sample_repo), M, first)
    assert commit_count(sample_repo) == before + 1            # nothing rewritten
    assert (sample_repo / M).read_text(encoding="utf-8") == original
    msg = git(sample_repo, "log", "-1", "--format=%B")
    assert msg.startswith(f"คืนค่า ประเด็นที่ ๒ มาตรการที่ ๑ เป็นฉบับ {first[:12]}")
    assert f"Restores: {first}" in msg and "Itatui-Action: restore" in msg
    assert set(r.fields) == {"outcome", "period"}
    assert git(sample_repo, "show", "--name-only", "--format=", "HEAD").split() == [M]
    with pytest.raises(NothingToSave):
        restore(officer_workspace(sample_repo), M, first)


def test_restore_follows_a_rename(sample_repo):
    first = History.open(sample_repo).head()
    officer_workspace(sample_repo).set_field(M, "outcome", "ข้อความที่ผิด")
    git(sample_repo, "mv", M, M2)
    git(sample_repo, "commit", "-qm", "เปลี่ยนเลขมาตรการ")
    History.close_all()
    restore(officer_workspace(sample_repo), M2, first)
    assert not (sample_repo / M).exists()
    assert "ข้อความที่ผิด" not in (sample_repo / M2).read_text(encoding="utf-8")
    assert f"ฉบับนั้นเก็บในชื่อ {M}" in git(sample_repo, "log", "-1", "--format=%B")


def test_restore_cli_refuses_unsaved_changes(sample_repo):
    (sample_repo / M).write_text((sample_repo / M).read_text(encoding="utf-8") + "# x\n",
                                 encoding="utf-8")
    out = itatui("restore", "--repo", str(sample_repo), M, "HEAD")
    assert out.returncode == 2 and "ยังไม่ได้บันทึก" in out.stderr


def test_records_and_render_at_a_commit_or_date(tmp_path):
    repo = make_repo_with(tmp_path / "repo")                 # 5 Jan 2026
    env = {"GIT_AUTHOR_DATE": "2026-02-10T10:00:00+07:00",
           "GIT_COMMITTER_DATE": "2026-02-10T10:00:00+07:00"}
    old = os.environ.copy()
    os.environ.update(env)
    try:
        officer_workspace(repo).set_field("records/memo.toml", "reference", "ลพ ๙๙๙๙/๑")
    finally:
        os.environ.clear()
        os.environ.update(old)
    hist = History.open(repo)
    assert resolve_at(hist, "2569-01-31") == hist.rev_parse("HEAD~1")
    assert resolve_at(hist, "10 ก.พ. 2569") == hist.head()
    with pytest.raises(ItatuiError):
        resolve_at(hist, "2568-12-31")                       # before the first commit
    memo = next(r for r in records_at(hist, "HEAD~1") if r.path == "records/memo.toml")
    assert memo.get("reference") != "ลพ ๙๙๙๙/๑"

    now = ok(itatui("render", "--repo", str(repo), "--format", "md"))
    then = ok(itatui("render", "--repo", str(repo), "--format", "md", "--at", "31 ม.ค. 2569"))
    assert "ลพ ๙๙๙๙/๑" in now and "ลพ ๙๙๙๙/๑" not in then
    assert then == ok(itatui("render", "--repo", str(repo), "--format", "md", "--at", "HEAD~1"))
    pdf = tmp_path / "then.pdf"
    ok(itatui("render", "--repo", str(repo), "--format", "pdf", "--at", "HEAD~1", "-o",
              str(pdf)))
    v = verify_pdf(History.open(repo), pdf)
    assert v.ok and v.commit == hist.rev_parse("HEAD~1")
    bad = itatui("render", "--repo", str(repo), "--format", "md", "--at", "ไม่มีฉบับนี้")
    assert bad.returncode == 2
