"""The palette's "เริ่มปีงบประมาณใหม่" (issue 16) with Textual's Pilot: found in Thai and English,
asks first, then the same one commit as ``itatui new-year``; refused while an edit is unsaved."""

from __future__ import annotations

import tomllib

from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from helpers import commit_count, git, make_app, open_record, wait_until
from itatui.tui.screens.confirm import ConfirmScreen

SIZE = (140, 45)
M = "records/measures/01-01.toml"


async def choose(app, pilot, query: str, title: str) -> None:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    app.screen.query_one(Input).value = query
    options = app.screen.query_one(CommandList)

    def found() -> bool:
        return any(title in str(options.get_option_at_index(i).prompt)
                   for i in range(options.option_count))

    await wait_until(pilot, found, f"{title} in the palette")
    await pilot.press("enter")


async def test_new_year_from_the_palette_asks_then_commits_once(sample_repo):
    app, notes = make_app(sample_repo)
    count = commit_count(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(app, pilot, "new year", "เริ่มปีงบประมาณใหม่")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "เริ่มปีงบประมาณ พ.ศ. ๒๕๖๙ จากปีงบประมาณ พ.ศ. ๒๕๖๘" in app.screen.question
        await pilot.press("escape")                  # no: nothing happens
        await pilot.pause()
        assert commit_count(sample_repo) == count
        await choose(app, pilot, "ปีใหม่", "เริ่มปีงบประมาณใหม่")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.click("#confirm-yes")
        await wait_until(pilot, lambda: any("เริ่มปีใหม่แล้ว" == kw.get("title")
                                            for _, kw in notes), "the notification")
        assert commit_count(sample_repo) == count + 1
        assert "Itatui-Action: new-year" in git(sample_repo, "log", "-1", "--format=%B")
        assert app.records["records/report.toml"].get("fiscal_year") == 2569
        assert app.records[M].get("outcome") == ""


async def test_new_year_is_refused_while_an_edit_is_unsaved(sample_repo):
    app, notes = make_app(sample_repo)
    count = commit_count(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_record(app, pilot, "records/agency.toml")
        # an edit left unsaved in another record (moving to a record keeps it pending)
        app.pending["records/units.toml"] = {"units": "สำนักปลัด"}
        from itatui.tui.palette import new_year

        new_year(app)
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("ยังไม่ได้บันทึก" in m for m, kw in notes if kw.get("severity") == "warning")
    assert commit_count(sample_repo) == count
    assert tomllib.loads((sample_repo / "records/report.toml").read_text("utf-8"))[
        "fiscal_year"] == 2568
