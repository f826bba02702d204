"""SVG snapshots of the audit TUI (``itatui audit``) at 80x24 and 140x45: the timeline, a
record's blame (a list one item per row), the approvals and the F1 help; nothing runs past the
right edge at either size.

Stored in tests/tui/snapshots/test_audit_snapshots/ (the pattern of test_tui_snapshots.py).
The repository is made with fixed commit dates, so that its commit ids and dates are the same
on every run. Update after an intended change with ``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_textual_snapshot
from helpers import EMWARA, PREENAPA, ROLES, SOMCHAI, make_repo_with
from textual.widgets import Input

from itatui.core.audit.approvals import approve
from itatui.core.config import Config
from itatui.core.workspace import Workspace
from itatui.tui import thai_text
from itatui.tui.audit.app import AuditApp

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
M = "records/measures/02-01.toml"
SMALL, LARGE = (80, 24), (140, 45)


@pytest.fixture(autouse=True)
def _snapshot_dir(monkeypatch):
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / Path(test_location.filepath).stem)

    monkeypatch.setattr(pytest_textual_snapshot.SVGImageExtension, "dirname",
                        classmethod(dirname))


def _as(root, officer, date: str, monkeypatch) -> Workspace:
    monkeypatch.setenv("GIT_AUTHOR_DATE", date)
    monkeypatch.setenv("GIT_COMMITTER_DATE", date)
    return Workspace(root, config=Config(officer_name=officer[0], officer_email=officer[1],
                                         digits="thai"))


@pytest.fixture
def app(tmp_path, monkeypatch) -> AuditApp:
    root = make_repo_with(tmp_path / "repo")
    _as(root, EMWARA, "2026-01-12T10:00:00+07:00", monkeypatch).set_field(
        M, "outcome", "ในปี พ.ศ. ๒๕๖๘ มีคะแนนการเปิดเผยข้อมูลร้อยละ ๘๐")
    _as(root, PREENAPA, "2026-01-19T14:30:00+07:00", monkeypatch).set_field(
        M, "outcome", "ในปี พ.ศ. ๒๕๖๘ มีคะแนนการเปิดเผยข้อมูลร้อยละ ๙๕")
    approve(_as(root, PREENAPA, "2026-01-20T09:00:00+07:00", monkeypatch))
    approve(_as(root, SOMCHAI, "2026-01-21T09:00:00+07:00", monkeypatch), ROLES[1])
    monkeypatch.delenv("GIT_AUTHOR_DATE")
    monkeypatch.delenv("GIT_COMMITTER_DATE")
    assert thai_text.load_segmenter()          # Thai word breaks from the first frame
    return AuditApp(root)


def steady(*keys: str, blame: str | None = None):
    """run_before: ``keys`` pressed (and ``blame``'s record chosen), no blinking cursors."""
    async def run(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if blame:
            app.query_one("#blame-record").value = blame
            await pilot.pause()
        for widget in app.query(Input):
            widget.cursor_blink = False
        await app.workers.wait_for_complete()
        await pilot.pause()
    return run


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "140x45"])
def test_timeline(app, snap_compare, size):
    assert snap_compare(app, terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "140x45"])
def test_blame_of_a_measure(app, snap_compare, size):
    assert snap_compare(app, terminal_size=size, run_before=steady("3", blame=M))


def test_approvals(app, snap_compare):
    assert snap_compare(app, terminal_size=SMALL, run_before=steady("5"))


def test_help(app, snap_compare):
    assert snap_compare(app, terminal_size=SMALL, run_before=steady("f1"))
