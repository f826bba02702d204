"""Issue 14 with Textual's Pilot: settings that help (F10), every action findable (F1, the palette
in Thai and English, F6 in the footer), structure edits that feel natural (the neighbour after a
delete, a measure's name asked first, the highlighted record shown) and unit boxes that read
ticked or not without colour."""

from __future__ import annotations

import tomllib

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Select

from helpers import OFFICER, commit_count, git, make_app, open_record, wait_until
from itatui.core import structure
from itatui.core.workspace import Workspace
from itatui.tui.palette import NO_MATCHES
from itatui.tui.screens.ask import AskScreen
from itatui.tui.screens.help import HelpScreen
from itatui.tui.screens.settings import FROM_CONFIG, FROM_GIT, SettingsScreen
from itatui.tui.widgets.units_editor import TICKED, UNTICKED, UnitList

SIZE = (140, 45)
MEASURE = "records/measures/02-01.toml"


def config_file(home):
    return home / ".config" / "itatui" / "config.toml"


def source_line(app) -> str:
    return str(app.screen.query_one("#set-source").render())


# -- settings (F10) ------------------------------------------------------------------------------
async def test_settings_focus_the_name_and_typed_text_arrives(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings")
        await pilot.pause()
        name = app.screen.query_one("#set-name", Input)
        assert app.focused is name
        name.value = ""
        await pilot.press("a", "b", "c")
        await pilot.pause()
        assert name.value == "abc"


async def test_settings_show_gits_identity_and_keep_git_as_its_source(sample_repo, isolated_env):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        assert app.screen.query_one("#set-name", Input).value == OFFICER[0]
        assert app.screen.query_one("#set-email", Input).value == OFFICER[1]
        assert OFFICER[0] in source_line(app) and FROM_GIT in source_line(app)
        # typing another name: the config will be the source
        app.screen.query_one("#set-name", Input).value = "นายสมชาย ปันมาเชื้อ"
        await pilot.pause()
        assert FROM_CONFIG in source_line(app) and "นายสมชาย" in source_line(app)
        app.screen.query_one("#set-name", Input).value = OFFICER[0]
        await pilot.pause()
        await pilot.click("#set-save")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
    saved = tomllib.loads(config_file(isolated_env).read_text(encoding="utf-8"))
    assert saved["officer"]["name"] == "" and saved["officer"]["email"] == ""   # git's still


async def test_settings_say_the_config_is_the_source(sample_repo, isolated_env):
    config_file(isolated_env).parent.mkdir(parents=True, exist_ok=True)
    config_file(isolated_env).write_text(
        '[officer]\nname = "นายสมชาย ปันมาเชื้อ"\nemail = "somchai@banruean.go.th"\n',
        encoding="utf-8")
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        assert app.screen.query_one("#set-name", Input).value == "นายสมชาย ปันมาเชื้อ"
        assert FROM_CONFIG in source_line(app) and FROM_GIT not in source_line(app)


async def test_settings_theme_is_light_or_dark(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        select = app.screen.query_one("#set-theme", Select)
        labels = [str(label) for label, _value in select._options]
        assert labels == ["มืด", "สว่าง"]
        select.value = "textual-light"
        await pilot.click("#set-save")
        await pilot.pause()
        assert app.theme == "textual-light"


async def test_no_identity_refusal_names_f10(sample_repo, no_identity):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, "records/agency.toml")
        app.form.box("district").editor.value = "เมืองลำพูน"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = [m for m, kw in notes if kw.get("severity") == "error"]
        assert errors and "F10" in errors[-1]
        await pilot.press("f10")
        await pilot.pause()
        assert "ยังไม่มีชื่อผู้บันทึก" in source_line(app)


# -- findable: F1, the palette, the footer --------------------------------------------------------
async def palette_options(app, pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    app.screen.query_one(Input).value = query
    await pilot.pause(0.8)                       # past Textual's "no matches" countdown
    options = app.screen.query_one(CommandList)
    texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return texts


async def test_palette_finds_sync_in_thai_and_english_and_says_no_match_in_thai(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for query in ("ซิงก์", "sync", "คลังกลาง", "ส่ง", "รับ", "push"):
            found = await palette_options(app, pilot, query)
            assert any("ซิงก์กับคลังกลาง" in text for text in found), (query, found)
        for query, title in (("save", "บันทึก"), ("history", "ประวัติของระเบียนนี้"),
                             ("settings", "ตั้งค่า"), ("export pdf", "ส่งออก PDF")):
            found = await palette_options(app, pilot, query)
            assert any(title in text for text in found), (query, found)
        found = await palette_options(app, pilot, "qqxxzz")
        assert not any("No matches" in text for text in found)
        assert any(NO_MATCHES in text for text in found), found


async def test_every_palette_action_is_in_the_help_and_f6_in_the_footer(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen) if c.discover]
        assert "ซิงก์กับคลังกลาง" in titles
        app.tree.focus()
        await pilot.pause()
        shown = {b.binding.key for b in app.active_bindings.values() if b.binding.show}
        assert "f6" in shown
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body").render())
        assert "F6" in text and "ซิงก์" in text
        for title in titles:
            assert title in text, title


# -- structure edits ------------------------------------------------------------------------------
def with_measures(repo, issue: int, count: int) -> None:
    ws = Workspace(repo)
    for n in range(count):
        structure.add_measure(ws, issue, None, {"name": f"มาตรการทดสอบ {n + 2}"})


async def delete_selected(app, pilot, repo, path: str, then: str) -> None:
    """Select ``path`` in the tree, press delete, answer ลบ; wait for the commit and for the
    selection to settle on ``then`` (the test fails if it settles elsewhere)."""
    from itatui.tui.screens.confirm import ConfirmScreen

    before = commit_count(repo)
    app.tree.focus()
    assert app.tree.select_path(path)
    await pilot.pause()
    await pilot.press("delete")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
    await pilot.click("#confirm-yes")
    await wait_until(pilot, lambda: commit_count(repo) == before + 1, "the commit")

    def reloaded() -> bool:         # the editor's issues and measures are those on disk
        on_disk = {f"records/{f.parent.name}/{f.name}"
                   for f in (repo / "records").glob("[im]*/*.toml")}
        shown = {p for p in app.records if p.startswith(("records/issues/",
                                                          "records/measures/"))}
        return shown == on_disk

    await wait_until(pilot, reloaded, "the reload")
    await wait_until(pilot, lambda: app.current == then and app.tree.cursor_node is not None
                     and app.tree.cursor_node.data == then, f"the selection on {then}")
    await pilot.pause(0.3)                      # no later move (a highlight's timer)
    assert app.current == then and app.tree.cursor_node.data == then


async def test_after_a_delete_the_neighbour_is_selected(sample_repo):
    with_measures(sample_repo, 2, 2)             # 02-01, 02-02, 02-03
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        # the middle one: the next takes its number
        await delete_selected(app, pilot, sample_repo, "records/measures/02-02.toml",
                              "records/measures/02-02.toml")
        assert app.records[app.current].get("name") == "มาตรการทดสอบ 3"
        assert app.tree.cursor_node.data == app.current
        # the last one: the previous
        await delete_selected(app, pilot, sample_repo, "records/measures/02-02.toml", MEASURE)
        assert "records/measures/02-02.toml" not in app.records
        # the only one: its issue
        await delete_selected(app, pilot, sample_repo, MEASURE, "records/issues/02.toml")
        assert MEASURE not in app.records
        # an issue: the next issue (renumbered to its place), never the memo
        await delete_selected(app, pilot, sample_repo, "records/issues/02.toml",
                              "records/issues/02.toml")
        assert app.tree.issue_count() == 6


async def test_adding_a_measure_asks_its_name_and_escape_commits_nothing(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        before = commit_count(sample_repo)
        app.tree.focus()
        app.tree.select_path(MEASURE)
        await pilot.pause()
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen), "the question")
        await pilot.press("escape")
        await pilot.pause()
        assert commit_count(sample_repo) == before
        assert "records/measures/02-02.toml" not in app.records
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen), "the question")
        assert app.focused is app.screen.query_one("#ask-name", Input)
        app.screen.query_one("#ask-name", Input).value = "ประชาสัมพันธ์ช่องทางร้องเรียน"
        await pilot.press("enter")
        await wait_until(pilot, lambda: commit_count(sample_repo) == before + 1, "the commit")
        await wait_until(pilot, lambda: "records/measures/02-02.toml" in app.records, "reload")
    text = (sample_repo / "records/measures/02-02.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["name"] == "ประชาสัมพันธ์ช่องทางร้องเรียน"
    assert git(sample_repo, "status", "--porcelain").strip() == ""


async def test_highlighting_a_record_shows_it_once_the_cursor_rests(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened: list[str] = []
        show = app.form.show

        async def counting(rec, *args, **kw):
            opened.append(rec.path)
            return await show(rec, *args, **kw)

        app.form.show = counting
        app.tree.focus()
        await pilot.pause()
        assert app.current == "records/memo.toml"
        await pilot.press("down", "down", "down", "down")       # a burst: one form
        await wait_until(pilot, lambda: app.current == "records/units.toml", "the units form")
        await pilot.pause(0.3)
        assert opened == ["records/units.toml"]
        assert app.focused is app.tree                          # the cursor stays in the tree


# -- unit checkboxes ------------------------------------------------------------------------------
async def test_unit_boxes_read_ticked_or_not_without_colour(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        units = app.form.query_one(UnitList)
        await pilot.pause()
        def boxes() -> list[tuple[str, bool]]:
            ticked = set(units.selected)
            return [(units.render_line(y).text,
                     units.get_option_at_index(y + units.scroll_offset.y).value in ticked)
                    for y in range(units.option_count)]

        assert any(is_ticked for _line, is_ticked in boxes())
        units.focus()
        units.highlighted = 0
        await pilot.press("space")                # untick the first: it reads [ ]
        await pilot.pause()
        shown = boxes()
        assert not shown[0][1] and any(is_ticked for _line, is_ticked in shown)
        for line, is_ticked in shown:
            assert line.startswith(TICKED if is_ticked else UNTICKED), line
            assert "▐" not in line and "▌" not in line
        await pilot.press("space")                # and back: [x]
        await pilot.pause()
        assert boxes()[0][0].startswith(TICKED)
