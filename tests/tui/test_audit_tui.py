"""The read-only audit TUI through Textual's Pilot, on a real repository."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.command import CommandList
from helpers import (EMWARA, PREENAPA, ROLES, SOMCHAI, commit_count, make_repo_with,
                     officer_workspace)

from itatui.core.audit.approvals import approve
from itatui.core.zones import be_datetime
from itatui.publishing.publish import publish
from itatui.tui.audit.app import AuditApp, signature_cell
from itatui.tui.audit.commands import AuditHelpScreen

M = "records/measures/02-01.toml"


@pytest.fixture
def repo(tmp_path):
    root = make_repo_with(tmp_path / "repo")
    for officer, score in ((EMWARA, "๘๐"), (PREENAPA, "๙๕")):
        officer_workspace(root, officer).set_field(
            M, "outcome", f"ในปี พ.ศ. ๒๕๖๘ มีคะแนนการเปิดเผยข้อมูลร้อยละ {score}")
    approve(officer_workspace(root, PREENAPA))
    approve(officer_workspace(root, SOMCHAI), ROLES[1])
    approve(officer_workspace(root, SOMCHAI), ROLES[2])
    publish(officer_workspace(root, SOMCHAI), tmp_path / "r.pdf")
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
        await pilot.press("2")
        await pilot.pause()
        app.query_one("#cmp-a").value = "ita-2569-o26-v1~5"
        app.query_one("#cmp-b").value = "ita-2569-o26-v1"
        await pilot.click("#cmp-go")
        await pilot.pause()
        assert "[-๘๐-]" not in app.last_compare.plain       # from the import to the release
        assert "{+๙๕+}" in app.last_compare.plain and "outcome" in app.last_compare.plain

        await pilot.press("escape", "3")
        app.query_one("#blame-record").value = M
        await pilot.pause()
        blame = app.query_one("#blame")
        assert blame.row_count >= 7
        row = blame.get_row("outcome")
        assert row[2].plain.startswith(PREENAPA[0] + "\n")      # who, then when and the commit

        await pilot.press("4")
        await pilot.pause()
        app.query_one("#asof-rev").value = "ita-2569-o26-v1~5"
        app.query_one("#asof-rev").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "บันทึกข้อความ" in app.last_markdown and "ร้อยละ ๙๕" not in app.last_markdown

        await pilot.press("escape", "5")
        await pilot.pause()
        assert app.query_one("#tabs").active == "tab-approvals"
        aps = app.query_one("#approvals")
        rels = app.query_one("#releases")
        assert aps.row_count == 3 and rels.row_count == 1
        assert rels.get_row("ita-2569-o26-v1")[4].plain == "ไม่ได้ลงนาม"
        assert "ครบถ้วน" in str(app.query_one("#history-check").render())


async def test_f1_is_a_thai_help_listing_the_auditors_commands(repo):
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, AuditHelpScreen)
        text = str(app.screen.query_one("#help-body").render())
        assert "หน้าจอผู้ตรวจสอบ" in text and "ส่งออกลำดับเวลาเป็น CSV" in text
        assert "ctrl+s" not in text                    # not the editor's help
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AuditHelpScreen)


async def palette_options(pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    if query:
        await pilot.press(*query)
    for _ in range(20):                                 # the search runs in the background
        await pilot.pause(0.05)
        options = pilot.app.screen.query_one(CommandList).options
        if options and (not query or not options[0].disabled):
            break
    return [str(o.prompt.plain if hasattr(o.prompt, "plain") else o.prompt).split("\n")[0]
            for o in options]


async def test_palette_holds_the_auditors_thai_commands_not_textuals(repo):
    app = AuditApp(repo)
    async with app.run_test(size=(140, 45)) as pilot:
        shown = await palette_options(pilot, "")
        assert "ส่งออกลำดับเวลาเป็น CSV" in shown and "กรองตามผู้แก้ไข" in shown
        assert "อนุมัติและเผยแพร่" in shown
        assert not {"Screenshot", "Keys", "Quit", "Theme"} & set(shown)
        await pilot.press("escape")
        # an officer by name: the timeline filtered to her commits
        shown = await palette_options(pilot, "ปรีณภา")
        assert shown[0] == f"เฉพาะการแก้ไขของ {PREENAPA[0]}"
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#f-author").value == PREENAPA[1]
        assert app.query_one("#timeline").row_count == 2
        shown = await palette_options(pilot, "เฉพาะการแก้ไขของ")    # the others stay offered
        assert f"เฉพาะการแก้ไขของ {SOMCHAI[0]}" in shown
        await pilot.press("escape")
        # a record by its title or its file name; a command by an English word
        shown = await palette_options(pilot, "ผู้แก้ไขล่าสุดของ")
        assert any(s.startswith("ผู้แก้ไขล่าสุดของ ประเด็นที่ ๒ มาตรการที่ ๑") for s in shown)
        await pilot.press("escape")
        shown = await palette_options(pilot, "02-01")
        assert "ประวัติของ ประเด็นที่ ๒ มาตรการที่ ๑" in shown
        await pilot.press("escape")
        shown = await palette_options(pilot, "export")
        assert {"ส่งออกลำดับเวลาเป็น CSV", "ส่งออกลำดับเวลาเป็น Markdown"} <= set(shown)


async def test_screenshot_command_writes_an_svg_and_says_where(repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await palette_options(pilot, "ภาพหน้าจอ")
        assert shown[0] == "บันทึกภาพหน้าจอ"
        await pilot.press("enter")
        await pilot.pause()
        (svg,) = tmp_path.glob("itatui-audit-*.svg")
        assert "ลำดับเวลา" in svg.read_text(encoding="utf-8").replace("&#160;", " ")
        assert any(str(svg) in str(n.message) for n in app._notifications)


async def test_export_the_filtered_timeline_to_csv_and_markdown(repo, tmp_path, monkeypatch):
    import csv

    monkeypatch.chdir(tmp_path)
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        app.filter_by("author", "somchai")
        await pilot.pause()
        assert len(app.entries) == 3                   # two approvals and the publication
        await palette_options(pilot, "csv")
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#ask-path")
        assert field.value.startswith(str(tmp_path)) and field.value.endswith(".csv")
        field.value = str(tmp_path / "ผล" / "timeline.csv")
        await pilot.press("enter")
        await pilot.pause()
        out = tmp_path / "ผล" / "timeline.csv"
        raw = out.read_text(encoding="utf-8")
        assert raw.startswith("\ufeffcommit,วันที่")       # Excel reads the Thai
        rows = list(csv.reader(raw.lstrip("\ufeff").splitlines()))
        assert len(rows) == 4 and {r[3] for r in rows[1:]} == {SOMCHAI[0]}
        assert {r[8] for r in rows[1:]} == {"ไม่ได้ลงนาม"}
        assert all(r[2].endswith("+07:00") for r in rows[1:])     # the agency's time zone
        assert any(str(out) in str(n.message) for n in app._notifications)
        md = app.export_timeline("md", Path("timeline.md"))
        assert md == tmp_path / "timeline.md"
        text = md.read_text(encoding="utf-8")
        assert "ตัวกรอง: ผู้แก้ไข somchai" in text and text.count(f"| {SOMCHAI[0]} |") == 3


async def test_the_table_comes_first_and_tabs_have_keys_in_the_footer(repo):
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is app.query_one("#timeline")
        chain = [w.id for w in app.screen.focus_chain]
        assert chain.index("timeline") < min(chain.index(f"f-{n}") for n in
                                             ("record", "author", "since", "until", "field"))
        await pilot.press("tab")
        assert app.focused is not app.query_one("#timeline")
        await pilot.press("escape")
        assert app.focused is app.query_one("#timeline")
        keys = {b.key: b.description for _k, (_n, b, _e, _t) in
                app.screen.active_bindings.items() if b.show}
        assert {k: keys.get(k) for k in "12345"} == {
            "1": "ลำดับเวลา", "2": "เทียบ", "3": "ผู้แก้ล่าสุด", "4": "ณ ฉบับ", "5": "อนุมัติ"}
        assert keys.get("f1") == "ช่วยเหลือ"
        for key, tab in (("3", "tab-blame"), ("5", "tab-approvals"), ("1", "tab-timeline")):
            await pilot.press(key)
            await pilot.pause()
            assert app.query_one("#tabs").active == tab


async def test_blame_shows_a_list_one_item_per_row_not_as_python(repo):
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        app.query_one("#blame-record").value = M
        await pilot.pause()
        blame = app.query_one("#blame")
        cells = [c.plain for r in range(blame.row_count) for c in blame.get_row_at(r)]
        assert not any("['" in c or "[\"" in c for c in cells)
        assert blame.get_row("units")[1].plain == "๔ รายการ"
        assert blame.get_row("units.0")[1].plain == "๑. สำนักปลัด"
        assert blame.get_row("units.3")[1].plain == "๔. กองการศึกษา"


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_no_table_runs_past_the_right_edge(repo, size):
    """Every table of every tab fits its width (no column off screen, no sideways scroll)."""
    app = AuditApp(repo)
    async with app.run_test(size=size) as pilot:
        for key, tables in (("1", ["#timeline"]), ("3", ["#blame"]),
                            ("5", ["#approvals", "#releases"])):
            await pilot.press("escape", key)
            if key == "3":
                app.query_one("#blame-record").value = M
            await pilot.pause()
            for sel in tables:
                table = app.query_one(sel)
                assert table.row_count, sel
                assert table.virtual_size.width <= table.scrollable_content_region.width, \
                    (sel, size, table.virtual_size.width, table.size.width)
        # a name wraps between its words only; every time in the agency's zone, said so
        timeline = app.query_one("#timeline")
        bangkok = dt.timezone(dt.timedelta(hours=7))
        assert "UTC+07:00" in app.sub_title
        for e in app.entries:
            row = timeline.get_row(e.sha)
            assert " ".join(row[2].plain.split("\n")) == e.author
            assert " ".join(row[1].plain.split("\n")) == be_datetime(e.date, zone=bangkok)


async def test_an_approval_signed_with_another_officers_key_is_red_in_both_tabs(tmp_path):
    """Real ssh signatures: Preenapa's approval made with Somchai's key is an error, red in the
    timeline's signature column and in the approvals tab; Somchai's own is green."""
    from helpers import approve_with_plain_git, ssh_keys, sign_with

    root = make_repo_with(tmp_path / "repo")
    keys = ssh_keys(root, tmp_path / "keys", [EMWARA, PREENAPA, SOMCHAI])
    # with Somchai's key (itatui approve refuses that: made as plain git would)
    approve_with_plain_git(root, PREENAPA, ROLES[0], keys[SOMCHAI[1]])
    sign_with(root, keys[SOMCHAI[1]])
    approve(officer_workspace(root, SOMCHAI), ROLES[1])            # with his own
    app = AuditApp(root)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        by_author = {e.author: e.sha for e in app.entries if e.action == "approve"}
        timeline = app.query_one("#timeline")
        wrong = timeline.get_row(by_author[PREENAPA[0]])[4]
        own = timeline.get_row(by_author[SOMCHAI[0]])[4]
        assert "red" in str(wrong.style) and SOMCHAI[1] in wrong.plain
        assert "green" in str(own.style) and "red" not in str(own.style)
        await pilot.press("5")
        await pilot.pause()
        cell = app.query_one("#approvals").get_row(by_author[PREENAPA[0]])[4]
        assert "red" in str(cell.style) and "ลายมือชื่อถูกต้อง" not in cell.plain


def test_signature_cell_is_red_for_an_error():
    from itatui.core.audit.signing import Signature

    wrong = signature_cell(Signature("W", "somchai@banruean.go.th",
                                     expected="preenapa@banruean.go.th"))
    assert "red" in str(wrong.style) and "somchai" in wrong.plain
    assert "green" in str(signature_cell(Signature("G", "x@y")).style)
    assert signature_cell(Signature("N")).plain == "ไม่ได้ลงนาม"


@pytest.mark.tmux
@pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
def test_itatui_audit_runs_in_a_real_terminal(repo, tmp_path, size):
    """``itatui audit`` started as a user would, in a tmux terminal at 80x24 and 140x45: the
    timeline shows, the footer shows the tab keys (nothing cut off), F1 opens the Thai help and
    the key 3 the blame of the first record."""
    import os
    import shutil
    import subprocess
    import sys
    import time

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    sock = str(tmp_path / "tmux.sock")
    cmd = f"{sys.executable} -m itatui audit --repo {repo}"
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-x", str(size[0]), "-y",
                    str(size[1]), cmd], check=True, env={**os.environ, "TERM": "xterm-256color"})

    def wait_for(text: str) -> str:
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "-S", sock, "capture-pane", "-p"],
                                    capture_output=True, text=True).stdout
            if text in screen:
                break
            time.sleep(0.2)
        return screen

    def keys(*k: str) -> None:
        subprocess.run(["tmux", "-S", sock, "send-keys", *k], check=True)

    try:
        wait_for("อนุมัติรายงาน")
        screen = wait_for("^p คำสั่ง")
        assert "ลำดับเวลา" in screen and "อนุมัติรายงาน" in screen
        assert PREENAPA[0].split()[0] in screen
        footer = screen.rstrip("\n").splitlines()[-1]
        for key, label in (("f1", "ช่วยเหลือ"), ("1", "ลำดับเวลา"), ("5", "อนุมัติ"),
                           ("^p", "คำสั่ง")):
            assert f"{key} {label}" in footer, footer
        keys("F1")
        assert "หน้าจอผู้ตรวจสอบ" in wait_for("หน้าจอผู้ตรวจสอบ")
        keys("Escape")
        time.sleep(0.5)
        keys("3")
        assert "(records/agency.toml)" in wait_for("(records/agency.toml)")
        keys("C-q")
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], capture_output=True)
