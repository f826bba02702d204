"""The read-only audit TUI through Textual's Pilot, on a real repository."""

from __future__ import annotations

import pytest
from helpers import EMWARA, PREENAPA, ROLES, SOMCHAI, commit_count, make_repo_with

from itatui.core.audit.approvals import approve
from itatui.publishing.publish import publish
from itatui.core.config import Config
from itatui.core.workspace import Workspace
from itatui.tui.audit.app import AuditApp

M = "records/measures/02-01.toml"


def ws_as(root, officer):
    return Workspace(root, config=Config(officer_name=officer[0], officer_email=officer[1]))


@pytest.fixture
def repo(tmp_path):
    root = make_repo_with(tmp_path / "repo")
    ws_as(root, EMWARA).set_field(M, "outcome", "ในปี พ.ศ. ๒๕๖๘ มีคะแนนการเปิดเผยข้อมูลร้อยละ ๘๐")
    ws_as(root, PREENAPA).set_field(M, "outcome", "ในปี พ.ศ. ๒๕๖๘ มีคะแนนการเปิดเผยข้อมูลร้อยละ ๙๕")
    approve(ws_as(root, PREENAPA))
    approve(ws_as(root, SOMCHAI), ROLES[1])
    approve(ws_as(root, SOMCHAI), ROLES[2])
    publish(ws_as(root, SOMCHAI), tmp_path / "r.pdf")
    return root


async def test_timeline_filters_and_thai_word_diff(repo):
    before = commit_count(repo)
    app = AuditApp(repo)
    async with app.run_test(size=(160, 50)) as pilot:
        table = app.query_one("#timeline")
        assert table.row_count == before
        # filter by officer: only Preenapa's edit and approval
        app.query_one("#f-author").value = "preenapa"
        app.query_one("#f-author").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == 2
        app.query_one("#f-author").value = ""
        app.query_one("#f-field").value = "outcome"
        app.query_one("#f-field").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == 3          # the import and the two edits
        text = app.last_diff.plain
        assert "[-๘๐-]{+๙๕+}" in text and "ผลลัพธ์หรือความสำเร็จของการดำเนินการ" in text
        app.query_one("#f-since").value = "ไม่ใช่วันที่"
        app.query_one("#f-since").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "วันที่" in str(app.query_one("#timeline-msg").render())
    assert commit_count(repo) == before      # read-only


async def test_compare_blame_asof_and_approvals(repo):
    app = AuditApp(repo)
    async with app.run_test(size=(160, 50)) as pilot:
        app.query_one("#tabs").active = "tab-compare"
        await pilot.pause()
        app.query_one("#cmp-a").value = "ita-2569-o26-v1~5"
        app.query_one("#cmp-b").value = "ita-2569-o26-v1"
        await pilot.click("#cmp-go")
        await pilot.pause()
        assert "[-๘๐-]" not in app.last_compare.plain       # from the import to the release
        assert "{+๙๕+}" in app.last_compare.plain and "outcome" in app.last_compare.plain

        app.query_one("#tabs").active = "tab-blame"
        app.query_one("#blame-record").value = M
        await pilot.pause()
        blame = app.query_one("#blame")
        assert blame.row_count >= 7
        row = blame.get_row("outcome")
        assert row[2] == PREENAPA[0]

        app.query_one("#tabs").active = "tab-asof"
        app.query_one("#asof-rev").value = "ita-2569-o26-v1~5"
        app.query_one("#asof-rev").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "บันทึกข้อความ" in app.last_markdown and "ร้อยละ ๙๕" not in app.last_markdown

        app.query_one("#tabs").active = "tab-approvals"
        await pilot.pause()
        aps = app.query_one("#approvals")
        rels = app.query_one("#releases")
        assert aps.row_count == 3 and rels.row_count == 1
        assert rels.get_row("ita-2569-o26-v1")[4].plain == "ไม่ได้ลงนาม"
        assert "ครบถ้วน" in str(app.query_one("#history-check").render())


@pytest.mark.tmux
def test_itatui_audit_runs_in_a_real_terminal(repo, tmp_path):
    """``itatui audit`` started as a user would, in a tmux terminal: the timeline shows."""
    import shutil
    import subprocess
    import sys
    import time

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    sock = str(tmp_path / "tmux.sock")
    cmd = f"{sys.executable} -m itatui audit --repo {repo}"
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-x", "160", "-y", "45", cmd],
                   check=True, env={**__import__("os").environ, "TERM": "xterm-256color"})
    try:
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "-S", sock, "capture-pane", "-p"],
                                    capture_output=True, text=True).stdout
            if "อนุมัติรายงาน" in screen:
                break
            time.sleep(0.2)
        assert "ลำดับเวลา" in screen and "อนุมัติรายงาน" in screen
        assert PREENAPA[0] in screen
        subprocess.run(["tmux", "-S", sock, "send-keys", "C-q"], check=True)
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], capture_output=True)
