"""The whole-report editor through Textual's Pilot on real git repositories: list items, units
chosen from the agency's units, approvals, issues and measures (one commit each, renamed
files), the scores table, the live preview, the problems and history panels, export, records
changed on disk, recovery on start, settings, help and the command palette."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path


from helpers import commit_count, git, make_app, open_record, wait_until
from itatui.tui.app import ItaApp
from itatui.tui.screens.ask import AskScreen
from itatui.tui.screens.confirm import ConfirmScreen
from itatui.tui.screens.help import HELP_TEXT, HelpScreen
from itatui.tui.screens.recover import RecoverScreen
from itatui.tui.screens.settings import SettingsScreen
from itatui.tui.widgets.record_tree import DIRTY_MARK

MEASURE = "records/measures/02-01.toml"
SIZE = (170, 48)


def load(root: Path, rel: str) -> dict:
    return tomllib.loads((root / rel).read_text(encoding="utf-8"))


async def wait_workers(app: ItaApp, pilot, group: str | None = None) -> None:
    await app.workers.wait_for_complete([w for w in app.workers
                                         if group is None or w.group == group])
    await pilot.pause()


def errors(notes) -> list[str]:
    return [m for m, kw in notes if kw.get("severity") == "error"]


# -- lists, units, approvals -----------------------------------------------------------------
async def test_list_items_reordered_and_saved(sample_repo):
    app, notes = make_app(sample_repo)
    before = load(sample_repo, MEASURE)["activities"]
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        area = app.form.box("activities").editor
        area.focus()
        area.move_cursor((1, 0))
        await pilot.press("alt+up")
        await pilot.pause()
        assert DIRTY_MARK in str(app.tree.node_for(MEASURE).label)
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = load(sample_repo, MEASURE)["activities"]
    assert after == [before[1], before[0], *before[2:]]
    assert "Field: activities" in git(sample_repo, "log", "-1", "--format=%B")
    assert not errors(notes)


async def test_units_chosen_from_the_agency_units(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        box = app.form.box("units")
        editor = box.editor
        listed = [str(o.prompt) for o in editor.list._options]
        assert listed[:4] == ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา"]
        box.focus_editor()
        await pilot.pause()
        await pilot.press("down", "space")               # untick กองคลัง
        await pilot.pause()
        editor.entry.focus()
        editor.entry.value = "งานป้องกันและบรรเทาสาธารณภัย"
        await pilot.press("enter")
        await pilot.pause()
        prompts = [str(o.prompt) for o in editor.list._options]
        flagged = [p for p in prompts if "ไม่อยู่ในรายชื่อหน่วยงาน" in p]
        assert flagged and flagged[0].startswith("งานป้องกันและบรรเทาสาธารณภัย")
        assert box.text.splitlines() == ["สำนักปลัด", "กองช่าง", "กองการศึกษา",
                                         "งานป้องกันและบรรเทาสาธารณภัย"]
        editor.list.focus()
        editor.list.highlighted = 3
        await pilot.press("alt+up")
        await pilot.pause()
        assert box.text.splitlines()[2] == "งานป้องกันและบรรเทาสาธารณภัย"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load(sample_repo, MEASURE)["units"] == [
        "สำนักปลัด", "กองช่าง", "งานป้องกันและบรรเทาสาธารณภัย", "กองการศึกษา"]
    assert not errors(notes)


async def test_approvals_added_moved_and_removed(sample_repo):
    app, notes = make_app(sample_repo)
    names = [a["name"] for a in load(sample_repo, "records/signers.toml")["approvals"]]
    before = commit_count(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/signers.toml")
        await app.structure_request("add_approval")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        app.screen.query_one("#ask-role").value = "รองนายกเทศมนตรีตำบลบ้านเรือน"
        app.screen.query_one("#ask-name").value = "นางสาวทดลอง ใจงาม"
        app.screen.query_one("#ask-position").value = "รองนายกเทศมนตรี"
        await pilot.click("#ask-ok")
        await pilot.pause()
        assert "approvals.3.name" in app.form.boxes
        assert app.form.box("approvals.3.name").text == "นางสาวทดลอง ใจงาม"
        app.form.query_one("#approval-up-3").press()
        await pilot.pause()
        await pilot.pause()
        assert app.form.box("approvals.2.name").text == "นางสาวทดลอง ใจงาม"
        app.form.query_one("#approval-remove-0").press()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        await pilot.pause()
    assert commit_count(sample_repo) == before + 3
    after = [a["name"] for a in load(sample_repo, "records/signers.toml")["approvals"]]
    assert after == [names[1], "นางสาวทดลอง ใจงาม", names[2]]
    assert not errors(notes)


async def test_approvals_refused_while_signers_unsaved(sample_repo):
    app, notes = make_app(sample_repo)
    before = commit_count(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/signers.toml")
        app.form.box("approvals.0.comment").editor.text = "ทราบ"
        await pilot.pause()
        app.form.query_one("#approval-down-0").press()
        await pilot.pause()
        assert "บันทึก (ctrl+s)" in errors(notes)[-1]
        assert app.form.box("approvals.0.comment").text == "ทราบ"
    assert commit_count(sample_repo) == before


# -- issues and measures ---------------------------------------------------------------------
async def test_issue_added_moved_and_removed_from_the_tree(sample_repo):
    app, notes = make_app(sample_repo)
    before = commit_count(sample_repo)
    title3 = load(sample_repo, "records/issues/03.toml")["title"]
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/issues/02.toml")
        app.tree.focus()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        app.screen.query_one("#ask-title").value = "การเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"
        await pilot.click("#ask-ok")
        await pilot.pause()
        await pilot.pause()
        assert app.current == "records/issues/03.toml"
        assert app.tree.issue_count() == 8
        assert "การเปิดเผยข้อมูลการจัดซื้อจัดจ้าง" in str(app.tree.node_for(app.current).label)
        assert load(sample_repo, "records/issues/04.toml")["title"] == title3
        # the new issue moves down one place: alt+down
        app.tree.focus()
        await pilot.press("alt+down")
        await pilot.pause()
        await pilot.pause()
        assert app.current == "records/issues/04.toml"
        assert load(sample_repo, "records/issues/03.toml")["title"] == title3
        # and goes away again
        app.tree.focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        await pilot.pause()
        assert app.tree.issue_count() == 7
        labels = [str(n.label) for n in app.tree.root.children]
        assert any(lbl.startswith("ประเด็นที่ ๗") for lbl in labels)
        assert not any(lbl.startswith("ประเด็นที่ ๘") for lbl in labels)
    assert commit_count(sample_repo) == before + 3
    assert git(sample_repo, "status", "--porcelain").strip() == ""
    subjects = git(sample_repo, "log", "-3", "--format=%s").splitlines()
    assert subjects[0] == "ลบ ประเด็นที่ ๔"
    assert subjects[1] == "ย้าย ประเด็นที่ ๓ ไปเป็นประเด็นที่ ๔"
    assert subjects[2].startswith("เพิ่ม ประเด็นที่ ๓")
    assert not errors(notes)


async def test_measure_added_in_an_issue(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        app.tree.focus()
        await pilot.press("a")                      # asks the name first (issue 14)
        await wait_until(pilot, lambda: app.screen.query("#ask-name"), "the question")
        await pilot.press("enter")                  # left empty: written in the form below
        await wait_until(pilot, lambda: app.current == "records/measures/02-02.toml",
                         "the new measure")
        assert list(app.form.boxes)[:2] == ["name", "units"]
        app.form.box("name").editor.text = "มาตรการใหม่ด้านการให้บริการ"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        labels = [str(n.label) for n in app.tree.node_for("records/issues/02.toml").children]
        assert len(labels) == 2 and "มาตรการใหม่ด้านการให้บริการ" in labels[1]
    assert load(sample_repo, "records/measures/02-02.toml")["name"] == "มาตรการใหม่ด้านการให้บริการ"
    assert not errors(notes)


async def test_structure_refused_with_unsaved_edits(sample_repo):
    app, notes = make_app(sample_repo)
    before = commit_count(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        app.form.box("period").editor.value = "ตลอดปี"
        await pilot.pause()
        await open_record(app, pilot, "records/issues/01.toml")
        app.tree.focus()
        await pilot.press("alt+down")
        await pilot.pause()
        assert "ยังมีการแก้ไขที่ไม่ได้บันทึก" in [kw.get("title") for _m, kw in notes]
    assert commit_count(sample_repo) == before


# -- scores ----------------------------------------------------------------------------------
async def test_scores_table_totals_grades_and_a_new_year(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/scores.toml")
        from itatui.tui.widgets.scores_table import GRADE_ROW, SOURCE_ROW, TOTAL_ROW, ScoresTable

        table = app.form.query_one(ScoresTable)
        rows = table.rows_shown                  # years oldest first (the file: 2568, 2567)
        assert rows["๑ การปฏิบัติหน้าที่"] == ["๒.๐๙", "๑๐๐.๐๐"]
        assert rows[SOURCE_ROW] == ["คำนวณ (ตัวชี้วัดไม่ครบ)"] * 2
        assert rows[TOTAL_ROW][1] == "๙๗.๓๑" and rows[GRADE_ROW] == ["F", "AA"]
        # an edit shows in the table before saving
        app.form.box("2567.8").editor.value = "๙๙.๐๐"
        await pilot.pause()
        assert table.rows_shown["๘ การปรับปรุงการทำงาน"][0] == "๙๙.๐๐"
        app.form.box("2567.8").editor.value = "18.50"
        await pilot.pause()
        # a new year, with the indicators of the latest year
        app.form.query_one("#add-year").press()
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        assert app.screen.query_one("#ask-year").value == "๒๕๖๙"
        await pilot.click("#ask-ok")
        await pilot.pause()
        assert "2569.1" in app.form.boxes and "2569.9" in app.form.boxes
        for key in [k for k in app.form.boxes if k.startswith("2569.")]:
            app.form.box(key).editor.value = "96.5"
        await pilot.pause()
        table = app.form.query_one(ScoresTable)            # the form was rebuilt
        assert table.rows_shown[TOTAL_ROW][-1] == "๙๖.๕๐"
        # the new year, written after 2567 in the file, is the last column all the same
        assert [str(c.label) for c in table.columns.values()][1:] == \
            ["พ.ศ. ๒๕๖๗", "พ.ศ. ๒๕๖๘", "พ.ศ. ๒๕๖๙"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    scores = load(sample_repo, "records/scores.toml")
    assert scores["2569"]["1"] == 96.5 and len(scores["2569"]) == len(scores["2568"])
    assert scores["2567"]["8"] == 18.5
    assert not errors(notes)


# -- preview, problems, history ----------------------------------------------------------------
async def test_preview_follows_the_edit(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        await pilot.press("f2")
        await pilot.pause(0.05)
        await pilot.pause()
        assert app.side is not None and app.side.has_class("-shown")
        text = app.preview_text()
        assert text.startswith("## ประเด็นที่ ๒ การให้บริการและระบบ E-Service")
        app.form.box("period").editor.value = "ตุลาคม ๒๕๖๗ ถึง กันยายน ๒๕๖๘ ทุกเดือน"
        await pilot.pause(0.4)
        await pilot.pause()
        from itatui.tui.widgets.report_preview import ReportPreview
        md = app.side.query_one("#preview", ReportPreview)
        assert "ทุกเดือน" in md.source
        await pilot.press("f2")
        await pilot.pause()
        assert not app.side.has_class("-shown")


async def test_problems_panel_jumps_to_the_field(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await wait_workers(app, pilot, "check")
        assert app.problems
        target = next(p for p in app.problems if p.record.startswith("records/measures/")
                      and p.field)
        index = app.problems.index(target)
        options = app.side.query_one("#problems-list")
        options.focus()
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.current == target.record
        key = target.field.split(".")[0]
        assert app.focused is app.form.box(key).editor or \
            app.focused in app.form.box(key).editor.query("*")


async def test_history_panel_shows_commits_and_field_changes(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        app.form.box("period").editor.value = "ตลอดปีงบประมาณ ๒๕๖๘"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f4")
        await wait_workers(app, pilot, "history")
        versions = app.side.versions
        assert len(versions) == 2
        assert versions[0].author == "นางเอมวรา ชัยวงศ์"
        assert versions[0].summary.startswith("แก้ไข ประเด็นที่ ๒ มาตรการที่ ๑")
        options = app.side.query_one("#history-list")
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await wait_workers(app, pilot, "changes")
        detail = str(app.side.query_one("#history-detail").render())
        assert "วัน/เดือน/ปี ที่ดำเนินการ" in detail and "ตลอดปีงบประมาณ ๒๕๖๘" in detail
        # the first version adds the units: a list, one unit a line, not Python's "['...']"
        options.highlighted = 1
        await pilot.press("enter")
        await wait_until(pilot, lambda: "สำนักปลัด" in str(
            app.side.query_one("#history-detail").render()), "the first version's changes")
        detail = str(app.side.query_one("#history-detail").render())
        assert "['" not in detail and "']" not in detail
        assert "\n    • สำนักปลัด\n    • กองคลัง" in detail


# -- export ----------------------------------------------------------------------------------
async def test_export_markdown_in_a_worker(sample_repo, isolated_env):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.click("#confirm-yes")       # the sample's errors: export anyway
        await pilot.pause()
        await wait_workers(app, pilot, "export")
        out = isolated_env / "itatui-exports" / sample_repo.name / "ita-report-2568.md"
        assert out.is_file(), notes
        assert "## ประเด็นที่ ๒ การให้บริการและระบบ E-Service" in out.read_text(encoding="utf-8")
        await wait_until(pilot, lambda: any(str(out) in m for m, _kw in notes), "the notice")
        assert not app.query_one("#export-bar").has_class("-busy")


async def test_export_pdf_keeps_the_app_responsive(sample_repo, isolated_env):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.click("#confirm-yes")       # the sample's errors: export anyway
        assert app.export_worker._thread_worker          # WeasyPrint runs off the UI thread
        await wait_workers(app, pilot, "export")
        out = isolated_env / "itatui-exports" / sample_repo.name / "ita-report-2568.pdf"
        assert out.read_bytes().startswith(b"%PDF")
        await wait_until(pilot, lambda: any(str(out) in m for m, _kw in notes), "the notice")
        await wait_until(pilot, lambda: "จัดหน้า PDF (WeasyPrint)" in app.export_steps,
                         "the progress step")
        assert not errors(notes)


# -- records changed on disk -------------------------------------------------------------------
async def test_record_changed_on_disk_is_reloaded(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        path = sample_repo / MEASURE
        text = path.read_text(encoding="utf-8")
        period = load(sample_repo, MEASURE)["period"]
        path.write_text(text.replace(period, "ทั้งปี"), encoding="utf-8")
        await app.watch_disk()
        await pilot.pause()
        assert app.form.box("period").text == "ทั้งปี"
        assert any("ถูกแก้ไขจากที่อื่น" in m for m, _ in notes)


async def test_both_sides_changed_asks_field_by_field(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        app.form.box("period").editor.value = "ของเรา"
        app.form.box("name").editor.text = "ชื่อมาตรการที่แก้ในโปรแกรม"
        await pilot.pause()
        path = sample_repo / MEASURE
        text = path.read_text(encoding="utf-8")
        period = load(sample_repo, MEASURE)["period"]
        path.write_text(text.replace(period, "ของอีกคน"), encoding="utf-8")
        await app.watch_disk()
        await pilot.pause()
        from itatui.tui.screens.disk_conflicts import DiskConflictScreen
        screen = app.screen
        assert isinstance(screen, DiskConflictScreen)
        assert [c.key for c in screen.conflicts] == ["period"]
        assert screen.conflicts[0].mine == "ของเรา" and screen.conflicts[0].theirs == "ของอีกคน"
        screen.select(0, "theirs")
        await pilot.click("#conflicts-apply")
        await pilot.pause()
        await pilot.pause()
        assert app.form.box("period").text == "ของอีกคน"
        assert app.form.box("name").text == "ชื่อมาตรการที่แก้ในโปรแกรม"    # kept, unsaved
        await pilot.press("ctrl+s")
        await pilot.pause()
    data = load(sample_repo, MEASURE)
    assert data["period"] == "ของอีกคน" and data["name"] == "ชื่อมาตรการที่แก้ในโปรแกรม"
    assert not errors(notes)


async def test_no_save_over_the_other_side_before_the_conflict_is_settled(sample_repo):
    """Another editor (itatui serve: another officer) saved the field being typed here; the
    watcher reloads the record and asks which value to keep. ctrl+s pressed before the choice
    (the officer saving as the question appears) writes nothing: the other side's text stays in
    the file and in HEAD; once a value is chosen, ctrl+s saves it."""
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        app.form.box("name").editor.text = "ชื่อของเรา"
        await pilot.pause()
        path = sample_repo / MEASURE
        theirs = path.read_text(encoding="utf-8").replace(
            load(sample_repo, MEASURE)["name"], "ชื่อของอีกคน")
        path.write_text(theirs, encoding="utf-8")
        git(sample_repo, "commit", "-qam", "the other officer's save")
        commits = commit_count(sample_repo)
        await app.watch_disk()
        await pilot.pause()
        from itatui.tui.screens.disk_conflicts import DiskConflictScreen
        assert isinstance(app.screen, DiskConflictScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert commit_count(sample_repo) == commits
        assert path.read_text(encoding="utf-8") == theirs
        assert any("จึงยังไม่บันทึก" in m for m, _ in notes)
        app.screen.select(0, "mine")
        await pilot.click("#conflicts-apply")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: commit_count(sample_repo) == commits + 1)
    assert load(sample_repo, MEASURE)["name"] == "ชื่อของเรา"


# -- start-up: uncommitted records ---------------------------------------------------------------
async def test_uncommitted_records_offered_for_commit_on_start(sample_repo):
    path = sample_repo / "records/agency.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("ลำพูน", "ลำพูน "),
                    encoding="utf-8")
    before = commit_count(sample_repo)
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_workers(app, pilot, "recover")
        assert isinstance(app.screen, RecoverScreen)
        assert "records/agency.toml" in str(app.screen.query_one("#recover-body").render())
        await pilot.click("#recover-commit")
        await pilot.pause()
        await pilot.pause()
    assert commit_count(sample_repo) == before + 1
    assert "Itatui-Action: recover" in git(sample_repo, "log", "-1", "--format=%B")
    assert git(sample_repo, "status", "--porcelain").strip() == ""
    assert not errors(notes)


# -- settings, help, palette -----------------------------------------------------------------------
async def test_settings_screen_writes_the_config(sample_repo, isolated_env):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#set-name").value = "นายสมชาย ปันมาเชื้อ"
        app.screen.query_one("#set-email").value = "somchai@banruean.go.th"
        app.screen.query_one("#set-theme").value = "textual-light"
        app.screen.query_one("#set-digits").value = "arabic"
        await pilot.click("#set-save")
        await pilot.pause()
        assert app.theme == "textual-light"
        await open_record(app, pilot, "records/agency.toml")
        app.form.box("district").editor.value = "เมืองลำพูน"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    config = (isolated_env / ".config" / "itatui" / "config.toml").read_text(encoding="utf-8")
    assert 'name = "นายสมชาย ปันมาเชื้อ"' in config and 'digits = "arabic"' in config
    assert git(sample_repo, "log", "-1", "--format=%an <%ae>").strip() == \
        "นายสมชาย ปันมาเชื้อ <somchai@banruean.go.th>"


async def test_settings_refuse_half_an_identity(sample_repo, isolated_env):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        app.screen.query_one("#set-name").value = "นายสมชาย"
        app.screen.query_one("#set-email").value = ""
        await pilot.click("#set-save")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "อีเมล" in str(app.screen.query_one("#set-error").render())
    assert not (isolated_env / ".config" / "itatui" / "config.toml").exists()


async def test_every_action_is_in_the_palette_and_help_explains_backspace(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in ("บันทึก", "ตัวอย่างรายงาน", "ปัญหาที่ตรวจพบ", "ประวัติของระเบียนนี้",
                      "ส่งออก Markdown", "ส่งออก PDF", "เพิ่มประเด็น", "เพิ่มมาตรการ",
                      "ลบประเด็นหรือมาตรการ", "ย้ายขึ้น", "ย้ายลง", "เพิ่มผู้ให้ความเห็น",
                      "เพิ่มปีของคะแนน", "เพิ่มตัวชี้วัดในคะแนน", "ตั้งค่า", "สลับธีมสว่าง/มืด",
                      "ช่วยเหลือ", "ออก"):
            assert title in titles, title
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Backspace หลังวรรณยุกต์" in HELP_TEXT and "ctrl+←/→" in HELP_TEXT
        # moving in the tree shows the record, no Enter needed
        # (test_highlighting_a_record_shows_it_once_the_cursor_rests)
        assert "แสดงช่องของส่วนที่เลือกทันที" in HELP_TEXT and "แล้วกด Enter" not in HELP_TEXT
        await pilot.press("escape")
        app.tree.focus()
        await pilot.pause()
        shown = {b.binding.description for b in app.active_bindings.values() if b.binding.show}
        assert {"ตัวอย่าง", "ปัญหา", "ประวัติ", "เพิ่มมาตรการ", "เพิ่มประเด็น"} <= shown


def test_exit_on_ready_for_the_start_benchmark(sample_repo):
    env = dict(os.environ, ITATUI_EXIT_ON_READY="1")
    out = subprocess.run([sys.executable, "-m", "itatui", "--repo", str(sample_repo)],
                         env=env, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr[-2000:]


async def test_wide_panel_hides_the_form_and_back(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f11")
        await pilot.pause()
        assert app.side.has_class("-wide") and not app.form.display
        assert app.side.size.width > SIZE[0] // 2
        await pilot.press("f11")
        await pilot.pause()
        assert app.form.display and not app.side.has_class("-wide")
        await pilot.press("f11", "f2")
        await pilot.pause()
        assert app.form.display and not app.side.has_class("-shown")


async def test_first_form_is_drawn_as_text_then_gets_its_editors(sample_repo):
    from textual.widgets import Input, TextArea

    from itatui.tui.widgets.field_preview import FieldPreview

    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.form.query(FieldPreview)          # hydrated after the first frame
        rec = app.records["records/memo.toml"]
        await app.form.show(rec, light=True)             # as on the first frame
        previews = list(app.form.query(FieldPreview))
        assert len(previews) == len(app.form.boxes)
        assert app.form.box("subject").text == rec.get("subject")
        app.form.box("subject").editor.focus()           # a Tab before the editors exist
        await pilot.pause()
        await app.form.hydrate()
        await pilot.pause()
        assert not app.form.query(FieldPreview)
        assert isinstance(app.form.box("department").editor, Input)
        assert isinstance(app.form.box("subject").editor, TextArea)
        assert app.focused is app.form.box("subject").editor
