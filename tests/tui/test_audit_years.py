"""The audit app's fiscal years (issue 16) through Textual's Pilot, on a real repository whose
fiscal year 2568 was approved and published, then carried to 2569 by ``itatui new-year`` and
edited: tab 6 lists each year with the dates of its first and last commits (agency zone, BE),
its commits and its releases; Enter narrows the timeline to the year's commits; r shows the
year's report as ``itatui render --year`` renders it, p its plan; the keys are in the footer,
in F1 and in the palette."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from helpers import (EMWARA, SOMCHAI, approve_chain, git, itatui, make_repo_with, ok,
                     officer_workspace)
from itatui.core.history import History
from itatui.core.newyear import year_commit
from itatui.core.zones import be_datetime
from itatui.publishing.export import markdown_at
from itatui.publishing.publish import publish
from itatui.tui.audit.app import AuditApp
from itatui.tui.audit.commands import AuditHelpScreen
from test_tui_wrapping import fresh_wrapping  # noqa: F401 (fixture)

M = "records/measures/02-01.toml"
BANGKOK = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def repo(tmp_path):
    root = make_repo_with(tmp_path / "repo")
    approve_chain(root)
    publish(officer_workspace(root, SOMCHAI), tmp_path / "r.pdf")
    ok(itatui("new-year", cwd=root, date="2026-10-02T09:00:00+07:00"))
    officer_workspace(root, EMWARA).set_field(M, "period", "ตุลาคม ๒๕๖๘ - มีนาคม ๒๕๖๙")
    return root


def new_year_commit(root) -> str:
    return git(root, "log", "--format=%H", "--grep=Itatui-Action: new-year").split()[0]


def year_shas(root) -> dict[int, set[str]]:
    start = new_year_commit(root)
    return {2568: set(git(root, "rev-list", f"{start}^").split()),
            2569: set(git(root, "rev-list", "HEAD", f"^{start}^").split())}


def date_of(root, sha: str) -> str:
    return be_datetime(git(root, "show", "-s", "--format=%aI", sha).strip(), zone=BANGKOK)


def footer_keys(app) -> dict[str, str]:
    return {k.key_display: k.description for k in app.query(FooterKey)}


async def test_the_years_tab_lists_each_fiscal_year(repo):
    shas = year_shas(repo)
    start = new_year_commit(repo)
    head = git(repo, "rev-parse", "HEAD").strip()
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        assert app.query_one("#tabs").active == "tab-years"
        table = app.query_one("#years")
        assert app.focused is table
        rows = [[c.plain for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert [r[0] for r in rows] == ["พ.ศ. ๒๕๖๙", "พ.ศ. ๒๕๖๘"]          # the newest first
        new, old = rows
        root_sha = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
        last_2568 = git(repo, "rev-parse", f"{start}^").strip()
        assert old[1] == f"{date_of(repo, root_sha)}\n{root_sha[:8]}"
        assert old[2] == f"{date_of(repo, last_2568)}\n{last_2568[:8]}"
        assert new[1] == f"{date_of(repo, start)}\n{start[:8]}"
        assert new[2] == f"{date_of(repo, head)}\n{head[:8]}"
        assert "๒ ต.ค. ๒๕๖๙ ๐๙:๐๐" in new[1]               # the agency's zone, BE
        assert (old[3], new[3]) == ("๕", "๒") and (len(shas[2568]), len(shas[2569])) == (5, 2)
        assert old[4] == "ita-2569-o26-v1" and new[4] == "ยังไม่เผยแพร่"
        # its keys in the footer, the tab keys giving them room at 80 columns
        keys = footer_keys(app)
        assert keys.get("⏎") == "ลำดับเวลาของปี" and keys.get("r") == "รายงานของปี"
        assert keys.get("p") == "แผนของปี" and keys.get("^p") == "คำสั่ง"
        assert sum(len(k) + len(d) + 2 for k, d in keys.items()) <= 80
        await pilot.press("1")
        await pilot.pause()
        keys = footer_keys(app)
        assert {k: keys.get(k) for k in "123456"} == {
            "1": "ลำดับเวลา", "2": "เทียบ", "3": "ผู้แก้ล่าสุด", "4": "ณ ฉบับ", "5": "อนุมัติ",
            "6": "ปีงบ"}
        # the new-year commit is named in Thai in the timeline
        assert app.query_one("#timeline").get_row(start)[3].plain == "เริ่มปีใหม่"


async def test_choosing_a_year_narrows_the_timeline_to_its_commits(repo):
    shas = year_shas(repo)
    app = AuditApp(repo)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        everything = {e.sha for e in app.entries}
        assert everything == shas[2568] | shas[2569]
        await pilot.press("6")
        await pilot.press("down", "enter")                # 2568
        await pilot.pause()
        assert app.query_one("#tabs").active == "tab-timeline"
        assert {e.sha for e in app.entries} == shas[2568]
        assert app.query_one("#timeline").row_count == len(shas[2568])
        note = str(app.query_one("#timeline-year", Static).content)
        assert note.startswith("เฉพาะปีงบประมาณ พ.ศ. ๒๕๖๘: ๕ คอมมิต")
        assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in app.filters_text()
        # with the other filters: the record's commits of that year only
        app.filter_by("record", M)
        assert {e.sha for e in app.entries} == shas[2568] & set(
            git(repo, "log", "--format=%H", "--", M).split())
        # 2569 from the palette, then every year again
        app.year_timeline(2569)
        await pilot.pause()
        assert {e.sha for e in app.entries} == shas[2569] & set(
            git(repo, "log", "--format=%H", "--", M).split())
        app.action_clear_filters()
        await pilot.pause()
        assert {e.sha for e in app.entries} == everything
        assert not app.query_one("#timeline-year", Static).display


async def test_r_and_p_show_the_years_report_and_plan_as_render_year(repo, tmp_path):
    hist = History.open(repo)
    cli = ok(itatui("render", "--format", "md", "--year", "2568", cwd=repo))
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6", "down", "r")
        for _ in range(20):
            if app.last_markdown:
                break
            await pilot.pause(0.05)
        assert app.query_one("#tabs").active == "tab-asof"
        assert app.last_markdown == markdown_at(hist, year_commit(hist, 2568), "thai")
        assert app.last_markdown.strip() == cli.strip()
        msg = str(app.query_one("#asof-msg", Static).content)
        assert msg.startswith("รายงานของปีงบประมาณ พ.ศ. ๒๕๖๘ ณ ฉบับล่าสุดของปี")
        # 2568 had no plan: said in Thai, nothing shown
        await pilot.press("escape", "6", "down", "p")
        await pilot.pause()
        await pilot.pause()
        msg = str(app.query_one("#asof-msg", Static).content)
        assert msg.startswith("แผนของปีงบประมาณ พ.ศ. ๒๕๖๘: ") and "records/plan" in msg
        assert app.last_markdown == ""
        # 2569 has its plan (new-year made it): rendered as of the year's last commit
        await pilot.press("escape", "6", "up", "p")
        for _ in range(20):
            if app.last_markdown:
                break
            await pilot.pause(0.05)
        assert app.last_markdown == markdown_at(hist, "HEAD", "thai", document="plan")
        assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in app.last_markdown


async def test_f1_and_the_palette_know_the_years(repo):
    app = AuditApp(repo)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, AuditHelpScreen)
        text = str(app.screen.query_one("#help-body", Static).content)
        assert "6 ปีงบประมาณ" in text and "render --year" in text
        assert "ลำดับเวลาเฉพาะคอมมิตของปีที่เลือก" in text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        app.screen.query_one(Input).value = "รายงานของปีงบประมาณ พ.ศ. ๒๕๖๘"
        options = app.screen.query_one(CommandList)
        for _ in range(40):
            prompts = [str(options.get_option_at_index(i).prompt)
                       for i in range(options.option_count)]
            if any(p.startswith("รายงานของปีงบประมาณ พ.ศ. ๒๕๖๘") for p in prompts):
                break
            await pilot.pause(0.05)
        index = next(i for i, p in enumerate(prompts)
                     if p.startswith("รายงานของปีงบประมาณ พ.ศ. ๒๕๖๘"))
        options.highlighted = index
        await pilot.press("enter")
        for _ in range(40):
            if app.last_markdown:
                break
            await pilot.pause(0.05)
        assert app.query_one("#tabs").active == "tab-asof"
        hist = History.open(repo)
        assert app.last_markdown == markdown_at(hist, year_commit(hist, 2568), "thai")


async def test_the_palette_offers_a_years_plan_only_when_it_has_one(repo):
    app = AuditApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from itatui.tui.audit.commands import commands

        titles = [c.title for c in commands(app)]
        assert "ลำดับเวลาของปีงบประมาณ พ.ศ. ๒๕๖๘" in titles
        assert "รายงานของปีงบประมาณ พ.ศ. ๒๕๖๙" in titles
        assert "แผนของปีงบประมาณ พ.ศ. ๒๕๖๙" in titles            # new-year made it
        assert "แผนของปีงบประมาณ พ.ศ. ๒๕๖๘" not in titles


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_the_years_table_fits_the_terminal(repo, size):
    app = AuditApp(repo)
    async with app.run_test(size=size) as pilot:
        await pilot.press("6")
        await pilot.pause()
        table = app.query_one("#years")
        assert table.row_count == 2
        assert table.virtual_size.width <= table.scrollable_content_region.width, \
            (size, table.virtual_size.width, table.size.width)


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_no_line_of_the_years_screens_ends_inside_a_thai_word(repo, size, fresh_wrapping):
    """tests/tui/test_tui_wrapping.py's check on the years tab, the timeline narrowed to a
    year (its note) and a year's report and missing plan (their messages)."""
    from test_tui_wrapping import screen_breaks, settle, words_loaded

    found: list[str] = []
    app = AuditApp(repo)
    async with app.run_test(size=size, notifications=True) as pilot:
        await words_loaded(app, pilot)
        await pilot.press("6")
        await settle(pilot)
        found += screen_breaks(app, "years")
        await pilot.press("down", "enter")
        await settle(pilot)
        found += screen_breaks(app, "year's timeline")
        await app.year_document("report", 2568)
        await settle(pilot)
        found += screen_breaks(app, "year's report")
        await app.year_document("plan", 2568)
        await settle(pilot)
        found += screen_breaks(app, "no plan")
    assert found == [], "\n".join(found)
