"""No line on any screen ends inside a Thai word, and no path is broken inside a name.

Every screen and panel of the editor and of the audit app is walked with Pilot at 80x24 and at
140x45; each step looks at what is drawn and collects the bad breaks.

How a break is found (and why it does not mistake table columns or borders for one): the rows
are taken **per widget**, not from the whole screen. For each widget Textual has laid out on the
screen (``screen._compositor.full_map``: also the fields scrolled below the fold) the widget
renders its own rows (``render_lines``), cut to its content area (its border, padding and
scrollbars cut off), so neighbouring widgets, borders, toasts laid over the form and modal
frames never mix. In each widget, two consecutive rows are a candidate when the first ends in a
non-space run ``tail`` and the next starts with a run ``head``. The widget's own text (its
Content, option prompts, table cells, editor text) then says whether that was a real line
break: only when ``tail + head`` occurs in it with nothing between them was the text wrapped
inside a run of characters (a break at a space, a hard line end, two cells of a table row or a
line-number gutter never are). Such a break is bad when both sides are Thai and the offset is
not a word boundary of the segmenter (:func:`itatui.core.thaiwords.word_bounds` on the whole run
around it), or when the run is a path (has "/") and the break is not right after a "/".
A widget with no text to compare with (the tree, tabs, footer keys: one line each) is skipped.
Pilot's ``run_test`` hides notifications unless asked: the walks ask (``notifications=True``).

Before the fix (every text but TextArea wrapped by Rich's spaces-only ``words``) the walks found
21 bad breaks: the F4 commit detail ("คุณธรรมแล|ะความ", "ทุกประก|าร"), field labels beside a side
panel ("ของการดำเนินก|าร", at 140x45), the draft dialog ("และต่|อเนื่อง"), a toast
("อีเ|มล"), the audit app's commit diff, comparison and report as of a commit.
"""

from __future__ import annotations

import re
import time

import pytest
from helpers import OFFICER, open_record, wait_until
from rich import _wrap as rich_wrap
from textual import _wrap as textual_wrap
from textual.geometry import Region
from textual.widgets import DataTable, Input, OptionList, TextArea

from itatui.core import thaiwords
from itatui.core.config import Config
from itatui.core.workspace import Workspace
from itatui.tui import thai_text
from itatui.tui.app import ItaApp

SIZES = [(80, 24), (140, 45)]
_RICH_WORDS, _TEXTUAL_CHUNKS = rich_wrap.words, textual_wrap.chunks   # as imported, unpatched
ISSUE = "records/issues/02.toml"
MEASURE = "records/measures/02-01.toml"
THAI = re.compile(r"[\u0E00-\u0E7F]")
WORD_CHAR = re.compile(r"[\w.\-]")


# -- what is drawn --------------------------------------------------------------------------
def widget_rows(widget, region: Region) -> list[str]:
    """The rows ``widget`` draws in its content area (without border, padding, scrollbars)."""
    if region.area == 0 or not widget.display:
        return []
    strips = widget.render_lines(Region(0, 0, region.width, region.height))
    gutter = widget.styles.gutter + widget.scrollbar_gutter
    left, right = gutter.left, region.width - gutter.right
    rows = strips[gutter.top:region.height - gutter.bottom]
    return [strip.crop(left, right).text for strip in rows] if right > left else []


def _plain(obj) -> str | None:
    if obj is None:
        return None
    if isinstance(obj, str):
        return obj
    plain = getattr(obj, "plain", None)
    return plain if isinstance(plain, str) else None


def widget_source(widget) -> str | None:
    """The text the widget shows, before it is wrapped (None: a widget that shows no text)."""
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Input):
        return f"{widget.value}\n{widget.placeholder}"
    if isinstance(widget, OptionList):
        return "\n".join(_plain(o.prompt) or str(o.prompt) for o in widget.options)
    if isinstance(widget, DataTable):
        return "\n".join(_plain(c) or str(c) for row in range(widget.row_count)
                         for c in widget.get_row_at(row)) + "\n" + "\n".join(
            _plain(c.label) or str(c.label) for c in widget.columns.values())
    try:
        return _plain(widget.render())
    except Exception:      # a widget that renders only in its own way: nothing to compare with
        return None


def bad_breaks(rows: list[str], source: str) -> list[str]:
    """The breaks between consecutive ``rows`` that cut a Thai word or a path's name."""
    bad = []
    for a, b in zip(rows, rows[1:]):
        a, b = a.rstrip(), b.lstrip()
        if not a or not b or a[-1].isspace():
            continue
        tail, head = a.split()[-1], b.split()[0]
        at = source.find(tail + head)
        if at < 0:
            continue            # not one run in the text: a space, a line end, another cell
        start, end = at, at + len(tail) + len(head)
        while start > 0 and not source[start - 1].isspace():
            start -= 1
        while end < len(source) and not source[end].isspace():
            end += 1
        run, cut = source[start:end], at + len(tail) - start
        before, after = run[cut - 1], run[cut]
        if THAI.match(before) and THAI.match(after):
            if cut not in thaiwords.word_bounds(run):
                bad.append(f"{tail}|{head}")
        elif "/" in run and before != "/" and WORD_CHAR.match(before) \
                and WORD_CHAR.match(after):
            bad.append(f"{tail}|{head}")
    return bad


def screen_breaks(app, step: str, shown: type | None = None) -> list[str]:
    """Every bad break drawn on the app's screen (the top one: a dialog, else the editor),
    as "step Widget#id: tail|head"; ``shown``: the dialog that must be on top."""
    screen = app.screen
    assert shown is None or isinstance(screen, shown), (step, screen)
    found = []
    for widget, geometry in list(screen._compositor.full_map.items()):
        if widget is screen:
            continue
        rows = widget_rows(widget, geometry.region)
        if len(rows) < 2:
            continue
        source = widget_source(widget)
        if not source:
            continue
        for cut in bad_breaks(rows, source):
            found.append(f"{step} {type(widget).__name__}#{widget.id}: {cut}")
    return found


@pytest.fixture
def fresh_wrapping(monkeypatch):
    """Rich's and Textual's own word splitting, as in a new process (another test may have
    installed Thai wrapping already): the app walked must install it itself."""
    monkeypatch.setattr(rich_wrap, "words", _RICH_WORDS)
    monkeypatch.setattr(textual_wrap, "chunks", _TEXTUAL_CHUNKS)
    monkeypatch.setattr(thai_text, "_installed", False)
    monkeypatch.setattr(thai_text, "_text_installed", False)


# -- the editor -----------------------------------------------------------------------------
def second_commit(root) -> None:
    """A change by the officer, so that the history (F4) has a commit with field changes: a
    Thai sentence longer than the widest panel at 140 columns, without a space (as Thai is
    written), so every panel that shows it must break it somewhere."""
    ws = Workspace(root, config=Config(officer_name=OFFICER[0], officer_email=OFFICER[1]))
    ws.set_field(MEASURE, "outcome", "ประชาชนได้รับทราบข้อมูลการดำเนินงานของเทศบาลอย่าง"
                 "โปร่งใสและตรวจสอบได้ตามหลักคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน"
                 "ภาครัฐทุกประการโดยเฉพาะการเปิดเผยข้อมูลการจัดซื้อจัดจ้างและการใช้งบประมาณ"
                 "ประจำปีผ่านเว็บไซต์ของเทศบาลและช่องทางสื่อสังคมออนไลน์ที่ประชาชนเข้าถึงได้ง่าย")


async def settle(pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


async def words_loaded(app, pilot) -> None:
    """The segmenter is loaded and every text laid out again (the editor's first screen is
    drawn before it is)."""
    await wait_until(pilot, thai_text.segmenter_ready, "the Thai segmenter", tries=400)
    await wait_until(pilot, lambda: not any(w.group == "thai-words" and not w.is_finished
                                            for w in app.workers), "the rewrap", tries=400)
    await settle(pilot)


async def walk_editor(root, size) -> list[str]:
    from textual.command import CommandPalette

    from itatui.tui.screens.approve import ApproveScreen
    from itatui.tui.screens.ask import AskScreen
    from itatui.tui.screens.confirm import ConfirmScreen
    from itatui.tui.screens.disk_conflicts import DiskConflictScreen
    from itatui.tui.screens.drafts import DraftsScreen
    from itatui.tui.screens.help import HelpScreen
    from itatui.tui.screens.quit import ConfirmQuitScreen
    from itatui.tui.screens.recover import RecoverScreen
    from itatui.tui.screens.settings import SettingsScreen

    found: list[str] = []
    agency = root / "records/agency.toml"           # left uncommitted: the recovery dialog
    agency.write_text(agency.read_text(encoding="utf-8").replace("ลำพูน", "ลำพูน ", 1),
                      encoding="utf-8")
    app = ItaApp(str(root), thai_wrap=True)
    async with app.run_test(size=size, notifications=True) as pilot:
        await words_loaded(app, pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoverScreen), "the recovery")
        await settle(pilot)
        found += screen_breaks(app, "recover", RecoverScreen)
        await pilot.press("escape")                       # later
        await settle(pilot)
        found += screen_breaks(app, "start")
        await open_record(app, pilot, ISSUE)
        await pilot.press("f2")                           # labels with the side panel open
        await wait_until(pilot, lambda: app.side.query_one("#preview").source, "the preview")
        await settle(pilot)
        found += screen_breaks(app, "issue+F2")
        await pilot.press("f2")
        await open_record(app, pilot, MEASURE)
        await settle(pilot)
        found += screen_breaks(app, "measure")
        await pilot.press("f2")
        await wait_until(pilot, lambda: app.side.query_one("#preview").source, "the preview")
        await settle(pilot)
        found += screen_breaks(app, "measure+F2")
        await pilot.press("f3")
        await wait_until(pilot, lambda: app.problems, "the problems")
        await settle(pilot)
        found += screen_breaks(app, "F3")
        await pilot.press("f4")
        await wait_until(pilot, lambda: getattr(app.side, "versions", None), "the history")
        app.panel.version_chosen(0)
        await wait_until(pilot, lambda: str(app.side.query_one("#history-detail").render()),
                         "the commit detail")
        await settle(pilot)
        found += screen_breaks(app, "F4")
        await pilot.press("f4")
        await pilot.press("f1")
        await settle(pilot)
        found += screen_breaks(app, "F1", HelpScreen)
        await pilot.press("escape")
        await pilot.press("f10")
        await settle(pilot)
        found += screen_breaks(app, "F10", SettingsScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"ซิงก์")
        await settle(pilot, 6)
        found += screen_breaks(app, "palette", CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(DraftsScreen(
            ["มาตรการที่ ๒.๑ การเปิดเผยข้อมูลการดำเนินงานของเทศบาลตำบลบ้านเรือนให้สาธารณชน"
             "ทราบอย่างทั่วถึงและต่อเนื่องตลอดปีงบประมาณ",
             "บันทึกข้อความรายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"],
            time.time()))
        await settle(pilot)
        found += screen_breaks(app, "drafts", DraftsScreen)
        await pilot.press("escape")                       # restores: nothing to restore
        await settle(pilot)
        app.notify("บันทึกไม่สำเร็จเพราะยังไม่ได้ตั้งชื่อผู้บันทึกและอีเมลของเจ้าหน้าที่"
                   "ผู้รับผิดชอบการรายงานผล กดปุ่ม F10 เพื่อตั้งค่าผู้บันทึกก่อนแล้วจึงบันทึกอีกครั้ง",
                   title="ยังบันทึกไม่ได้", severity="warning", timeout=30)
        await settle(pilot)
        found += screen_breaks(app, "toast")
        app.clear_notifications()
        app.tree.focus()
        await pilot.press("a")                            # the ask dialog
        await settle(pilot)
        found += screen_breaks(app, "ask", AskScreen)
        await pilot.press("escape")
        await settle(pilot)
        app.tree.focus()
        assert app.tree.select_path(MEASURE)
        await pilot.press("delete")                       # a confirm dialog
        await settle(pilot)
        found += screen_breaks(app, "confirm", ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(ApproveScreen(                    # the approval dialog (ctrl+p อนุมัติ)
            "อนุมัติรายงาน", f"{OFFICER[0]} <{OFFICER[1]}>",
            ["หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน", "นายกเทศมนตรีตำบลบ้านเรือน"],
            "0123456789ab — แก้ไขผลลัพธ์ของมาตรการการเปิดเผยข้อมูลการดำเนินงานของเทศบาล"
            "ตำบลบ้านเรือนให้สาธารณชนทราบอย่างทั่วถึง (นางเอมวรา ชัยวงศ์, ๕ ม.ค. ๒๕๖๙ ๐๙:๐๐)",
            ["✓ หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน: นางสาวปรีณภา น้อยเสงี่ยม (๕ ม.ค. ๒๕๖๙)",
             "· นายกเทศมนตรีตำบลบ้านเรือน: ยังไม่อนุมัติ"],
            "ฉบับนี้ยังมีข้อผิดพลาดจาก itatui check ๔ รายการ (F3 ปัญหา) จะถามอีกครั้งก่อนอนุมัติ"))
        await settle(pilot)
        found += screen_breaks(app, "approve", ApproveScreen)
        await pilot.press("escape")
        await settle(pilot)
        # the disk-conflict dialog: the same field edited here and in the file
        await open_record(app, pilot, MEASURE)
        app.form.box("period").editor.value = "ตลอดปีงบประมาณพุทธศักราชสองพันห้าร้อยหกสิบแปด"
        await settle(pilot)
        path = root / MEASURE
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('period = "', 'period = "ไตรมาสแรกของปีงบประมาณ ', 1),
                        encoding="utf-8")
        await app.watch_disk()
        await settle(pilot)
        found += screen_breaks(app, "disk-conflict", DiskConflictScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")                       # unsaved: the quit dialog
        await settle(pilot)
        found += screen_breaks(app, "quit", ConfirmQuitScreen)
        app.exit()
    return found


@pytest.mark.parametrize("size", SIZES)
async def test_no_line_of_the_editor_ends_inside_a_thai_word(sample_repo, size,
                                                              fresh_wrapping):
    second_commit(sample_repo)
    found = await walk_editor(sample_repo, size)
    assert found == [], "\n".join(found)


# -- the audit app --------------------------------------------------------------------------
async def walk_audit(root, size) -> list[str]:
    from textual.widgets import TabbedContent

    from itatui.tui.audit.app import AuditApp

    found: list[str] = []
    app = AuditApp(root)
    async with app.run_test(size=size, notifications=True) as pilot:
        await words_loaded(app, pilot)
        found += screen_breaks(app, "audit timeline")
        tabs = app.query_one("#tabs", TabbedContent)

        def show(tab: str) -> None:
            app.action_tab(tab)                           # the tab and the focus on it
            assert tabs.active == tab

        show("tab-compare")
        app.query_one("#cmp-a").value = "HEAD~1"
        app.compare()
        await settle(pilot)
        found += screen_breaks(app, "audit compare")
        show("tab-blame")
        app.show_blame(MEASURE)
        await settle(pilot)
        found += screen_breaks(app, "audit blame")
        show("tab-asof")
        await app.show_asof()
        await settle(pilot)
        found += screen_breaks(app, "audit as-of")
        show("tab-approvals")
        await settle(pilot)
        found += screen_breaks(app, "audit approvals")
    return found


@pytest.mark.parametrize("size", SIZES)
async def test_no_line_of_the_audit_app_ends_inside_a_thai_word(sample_repo, size,
                                                                 fresh_wrapping):
    second_commit(sample_repo)
    found = await walk_audit(sample_repo, size)
    assert found == [], "\n".join(found)


# -- the checker itself ---------------------------------------------------------------------
def test_the_check_finds_a_cut_word_and_a_cut_path_but_not_a_space_or_a_cell():
    thaiwords.warm_up()
    source = ("ความโปร่งใส ประชาชนได้รับทราบ records/measures/02-01.toml\n"
              "คุณธรรม | ความโปร่งใส")
    assert bad_breaks(["ควา", "มโปร่งใส"], source) == ["ควา|มโปร่งใส"]
    assert bad_breaks(["ประชาชนได้รับทราบ", "records/measu", "res/02-01.toml"], source) == \
        ["records/measu|res/02-01.toml"]
    assert bad_breaks(["ความโปร่งใส ประชาชน", "ได้รับทราบ"], source) == []   # between words
    assert bad_breaks(["ประชา", "ชนได้รับทราบ"], source) == ["ประชา|ชนได้รับทราบ"]
    assert bad_breaks(["records/", "measures/02-01.toml"], source) == []
    assert bad_breaks(["ความโปร่งใส", "ประชาชน"], source) == []   # at a space
    assert bad_breaks(["คุณธรรม", "ความโปร่งใส"], source) == []    # two cells, not one run


LONG = ("เทศบาลตำบลบ้านเรือนดำเนินการประชาสัมพันธ์ระบบบริการออนไลน์ผ่านช่องทางของเว็บไซต์"
        "เทศบาลอยู่ตลอดเวลา records/measures/02-01.toml")


async def test_texts_shown_before_the_segmenter_loads_are_laid_out_again(monkeypatch):
    """The first screen is drawn before the dictionary is loaded (texts then break at spaces
    and are folded inside words); when it is loaded every text, table and list is laid out
    again, by word. No U+200B is put into any text (a copy takes exactly what is shown)."""
    from textual.app import App
    from textual.widgets import Static
    from textual.widgets.option_list import Option

    assert thai_text.install_thai_wrap()
    monkeypatch.setattr(thai_text, "_ready", False)

    class Host(App):
        CSS = "Static, OptionList, DataTable { width: 30; height: auto; }"

        def compose(self):
            yield Static(LONG, id="static")
            yield OptionList(Option(LONG), id="options")
            yield DataTable(id="table")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_column("ผล", width=26)
            table.add_row(LONG, height=None)

    app = Host()
    async with app.run_test(size=(60, 40)) as pilot:
        await settle(pilot)
        before = screen_breaks(app, "before")
        assert {f.split(" ")[1].split("#")[0] for f in before} >= \
            {"Static", "OptionList", "DataTable"}, before        # folded inside words
        assert thai_text.load_segmenter()
        thai_text.rewrap(app)
        await settle(pilot)
        assert screen_breaks(app, "after") == []
        for widget, geometry in app.screen._compositor.full_map.items():
            if widget.id in ("static", "options", "table"):
                rows = widget_rows(widget, geometry.region)
                shown = "".join("".join(row.split()) for row in rows)
                assert shown.endswith("ตลอดเวลาrecords/measures/02-01.toml"), rows  # all of it
                assert not any("\u200b" in row for row in rows)


# -- focus and footer -----------------------------------------------------------------------
def shown(app) -> bool:
    widget = app.focused
    return widget is not None and widget in app.screen._compositor.visible_widgets and all(
        getattr(a, "display", True) for a in widget.ancestors)


@pytest.mark.parametrize("size", SIZES)
async def test_f3_and_f4_give_the_focus_to_their_list(sample_repo, size):
    app = ItaApp(str(sample_repo), thai_wrap=False)
    async with app.run_test(size=size) as pilot:
        await open_record(app, pilot, MEASURE)
        app.form.box("outcome").focus_editor()
        await settle(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: app.problems, "the problems")
        await settle(pilot)
        problems = app.side.query_one("#problems-list")
        assert app.focused is problems and shown(app) and problems.highlighted == 0
        await pilot.press("f4")
        await wait_until(pilot, lambda: getattr(app.side, "versions", None), "the history")
        await settle(pilot)
        assert app.focused is app.side.query_one("#history-list") and shown(app)
        await pilot.press("enter")                        # the latest commit at once
        await wait_until(pilot, lambda: str(app.side.query_one("#history-detail").render()),
                         "the commit detail")
        await pilot.press("f4")                           # closed: the focus stays visible
        await settle(pilot)
        assert shown(app), app.focused
        await pilot.press("f2")                           # the preview leaves the focus be
        await settle(pilot)
        assert shown(app), app.focused


async def test_footer_shows_f6_at_80_columns(sample_repo):
    from textual.widgets._footer import FooterKey

    app = ItaApp(str(sample_repo), thai_wrap=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for focus in (app.tree, None):
            if focus is None:
                await open_record(app, pilot, MEASURE)
                app.form.box("outcome").focus_editor()
            await settle(pilot)
            assert app.screen.active_bindings["f6"].binding.action == "sync"   # in a field too
            keys = {k.key: k.region for k in app.screen.query(FooterKey)}
            assert "f6" in keys, " ".join(keys)
            width = app.size.width
            assert all(r.right <= width for r in keys.values()), keys
            drawn = app.screen._compositor.visible_widgets
            footer = "".join(k.render_lines(Region(0, 0, k.region.width, 1))[0].text
                             for k in sorted(app.screen.query(FooterKey),
                                             key=lambda k: k.region.x) if k in drawn)
            assert "f6 ซิงก์" in footer, footer
