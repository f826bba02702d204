"""The editor's layers (issue 13): the palette is a command Provider that the officer drives with
ctrl+p, background work reports through messages (a failure becomes a Thai notice, never a
traceback), and no controller, screen or widget imports the app module."""

from __future__ import annotations

import grimp

from helpers import make_app, wait_until
from itatui.tui.background import run_reporting
from itatui.tui.palette import ReportCommands

SIZE = (160, 45)


async def test_the_palette_finds_and_runs_a_thai_command(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        assert app.COMMANDS == {ReportCommands}
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandList, CommandPalette

        assert CommandPalette.is_open(app)
        listed = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: listed.option_count > 0, "the discovered commands")
        shown = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert any("บันทึกทั้งหมด" in s for s in shown)
        assert not any(s.startswith("ไปที่ ") for s in shown)      # records: found by typing
        await pilot.press(*"บันทึกทั้งหมด")
        await wait_until(pilot, lambda: listed.option_count and "บันทึกทั้งหมด" in str(
            listed.get_option_at_index(0).prompt), "the command found by typing")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("ไม่มีการเปลี่ยนแปลงให้บันทึก" in m for m, _ in notes),
                         "the save-all notice")
        assert not CommandPalette.is_open(app)


async def test_the_palette_goes_to_a_record_typed_by_number(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandList

        listed = app.screen.query_one(CommandList)
        await pilot.press(*"ไปที่ ประเด็นที่ ๕ มาตรการที่ ๑")
        await wait_until(pilot, lambda: listed.option_count and "ประเด็นที่ ๕ มาตรการที่ ๑" in str(
            listed.get_option_at_index(0).prompt), "the record found by typing")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.current == "records/measures/05-01.toml",
                         "the record opened")


async def test_a_failing_background_task_is_a_thai_notice(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        def boom():
            raise OSError("ดิสก์เต็ม")

        run_reporting(app, boom, group="check")
        await wait_until(pilot, lambda: any("ดิสก์เต็ม" in m for m, _ in notes), "the notice")
        title = next(kw["title"] for m, kw in notes if "ดิสก์เต็ม" in m)
        assert title == "ทำงานเบื้องหลังไม่สำเร็จ"


def test_no_controller_screen_or_widget_imports_the_app():
    graph = grimp.build_graph("itatui", exclude_type_checking_imports=True)
    below = [m for m in graph.modules if m.startswith(("itatui.tui.controllers",
                                                      "itatui.tui.screens",
                                                      "itatui.tui.widgets"))]
    assert len(below) > 20
    reaching = [m for m in below if graph.chain_exists(importer=m, imported="itatui.tui.app")]
    assert reaching == []
    assert graph.find_modules_that_directly_import("itatui.tui.app") <= {"itatui.cli.cmd_tui"}
