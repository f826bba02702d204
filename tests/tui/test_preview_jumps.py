"""Issue 14: the F2 preview can be proofread at 80 and 140 columns, every jump lands in view,
and a side panel never squeezes the form to a sliver."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from helpers import make_app, open_record, wait_until
from itatui.core.records import RecordStore
from itatui.render.markdown import preview_parser
from itatui.tui import thai_text
from itatui.tui.widgets.report_preview import MARGIN, Layout, ReportPreview, parse

MEASURE = "records/measures/02-01.toml"


@pytest.fixture(autouse=True, scope="module")
def _segmenter():
    assert thai_text.load_segmenter()


def shown_lines(preview: ReportPreview) -> list[str]:
    """The preview's lines as the widget draws them at its own width."""
    from textual.geometry import Region

    assert preview.content_region.width > 0
    left = preview.styles.padding.left + MARGIN
    return [strip.text[left:].rstrip() for strip in preview.render_lines(
        Region(0, 0, preview.size.width, preview.size.height))]


def cells_of(markdown: str) -> list[str]:
    """Every table cell of the Markdown (its items on lines), as markdown-it reads it."""
    out, in_cell = [], False
    for tok in preview_parser().parse(markdown):
        if tok.type in ("td_open", "th_open"):
            in_cell = True
        elif tok.type in ("td_close", "th_close"):
            in_cell = False
        elif tok.type == "inline" and in_cell:
            out.append("".join("\n" if c.type == "hardbreak" else c.content
                               for c in tok.children or []))
    return [c for c in out if c.strip()]


def squash(text: str) -> str:
    return re.sub(r"[\s│┌┐└┘├┤┬┴┼─]+", "", text)


def columns_text(lines: list[str]) -> list[str]:
    """In table mode: the text of each cell as shown, read column by column between the
    row rules (a cell's wrapped lines joined)."""
    cells, current = [], None
    for line in lines:
        if line.startswith(("┌", "├", "└")):
            if current:
                cells.extend(current)
            current = None
            continue
        if line.startswith("│"):
            parts = line.strip().strip("│").split("│")
            if current is None:
                current = ["" for _ in parts]
            for i, part in enumerate(parts):
                current[i] += part
    return cells


@pytest.mark.parametrize("size,wide", [((80, 24), False), ((140, 45), False),
                                       ((140, 45), True)])
async def test_preview_shows_every_cell_whole(sample_repo, size, wide):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=size) as pilot:
        await open_record(app, pilot, MEASURE)
        await pilot.press("f2")
        preview = app.side.query_one("#preview", ReportPreview)
        await wait_until(pilot, lambda: preview.source, "the preview")
        if wide:
            app.action_widen_panel()
        await pilot.pause()
        await pilot.pause()
        lines = shown_lines(preview)
        text = "\n".join(lines)
        assert "…" not in text
        assert max(cell_len(line) for line in lines) <= preview.content_region.width
        cells = cells_of(preview.source)
        assert len(cells) >= 12
        table = any(line.startswith("┌") for line in lines)
        if not table:                               # nothing cut: every item of every cell
            shown = squash(text)
            for cell in cells:
                for item in cell.split("\n"):
                    assert squash(item) in shown, item
        if table:                                   # a cell read down its column is whole
            column_cells = [squash(c) for c in columns_text(lines)]
            for cell in cells:
                assert squash(cell) in column_cells, cell
        else:                                       # cards: "title: value", items on lines
            assert any(line.startswith("ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง:") for line in lines)
            assert "  สำนักปลัด" in lines and "  กองคลัง" in lines
            assert any(line.startswith("วัน/เดือน/ปี ที่ดำเนินการ: ตุลาคม") for line in lines)
        # the preview scrolls: its content is taller than the view and the view moves
        scroll = app.side.query_one("#preview-scroll")
        if size[1] > 24 and preview.virtual_size.height <= scroll.size.height:
            return                                  # all of it in view at 140x45
        assert preview.virtual_size.height > scroll.size.height
        scroll.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert scroll.scroll_y > 0


def test_table_at_140_and_cards_at_80():
    recs = RecordStore(__import__("pathlib").Path(__file__).resolve().parents[2]).load_all()
    from itatui.tui.preview import preview_markdown

    blocks = parse(preview_markdown(recs, MEASURE))
    for width, table in ((138, True), (78, False), (56, False)):
        console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
        console.print(Layout(blocks))
        out = console.export_text()
        assert ("┌" in out) is table
        assert "…" not in out
        # each item of a list cell starts its own line, numbered as published
        assert re.search(r"^ ?(│.*│ )?\s*๒\. กำชับและติดตาม", out, re.M), out
        # no line ends inside a word: each line's last word, with the next line's first,
        # is not one word the segmenter keeps whole
        if not table:
            lines = [line.strip() for line in out.splitlines() if line.strip()]
            for a, b in zip(lines, lines[1:]):
                if thai_text.is_thai(a[-1:]) and thai_text.is_thai(b[:1]):
                    joined = a + b
                    assert len(a) in thai_text.word_starts(joined), (a, b)


async def test_problem_below_the_fold_is_scrolled_into_view(sample_repo):
    for size in ((80, 24), (140, 45)):
        app, _ = make_app(sample_repo)
        async with app.run_test(size=size) as pilot:
            await pilot.press("f3")
            await wait_until(pilot, lambda: app.problems, "the problems")
            target = next(p for p in app.problems if p.record == "records/measures/03-01.toml"
                          and p.field == "outcome")
            await app.panel.goto_problem(target)
            await pilot.pause()
            await pilot.pause()
            box = app.form.box("outcome")
            editor = box.editor
            assert app.focused is editor
            assert app.form.display and editor.display
            view = app.form.content_region
            assert box.region.overlaps(view), (size, box.region, view)
            cursor = editor.cursor_screen_offset
            assert view.contains(cursor.x, cursor.y), (size, cursor, view)
            assert app.form.scroll_y > 0


async def test_a_problem_that_quotes_a_text_puts_the_cursor_on_it(sample_repo):
    # measure 4-1's outcome misspells the agency ("...บ้านเรื่อน"), on its second wrapped line
    for size in ((80, 24), (140, 45)):
        app, _ = make_app(sample_repo)
        async with app.run_test(size=size) as pilot:
            await pilot.press("f3")
            await wait_until(pilot, lambda: app.problems, "the problems")
            target = next(p for p in app.problems if p.record == "records/measures/04-01.toml"
                          and p.field == "outcome" and "บ้านเรื่อน" in p.message)
            await app.panel.goto_problem(target)
            await pilot.pause()
            editor = app.form.box("outcome").editor
            assert app.focused is editor
            at = editor.document.get_index_from_location(editor.cursor_location)
            assert editor.text[at:].startswith("เทศบาลตำบลบ้านเรื่อน"), (size, editor.text[at:])
            cursor = editor.cursor_screen_offset
            assert app.form.content_region.contains(cursor.x, cursor.y), size


async def test_jump_to_a_list_item_puts_the_cursor_on_it(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.goto("records/measures/03-01.toml")
        await pilot.pause()
        await app.panel.jump_to_field("results", 2)
        await pilot.pause()
        editor = app.form.box("results").editor
        assert app.focused is editor and editor.cursor_location[0] == 2
        cursor = editor.cursor_screen_offset
        assert app.form.content_region.contains(cursor.x, cursor.y)


async def test_narrow_screen_panel_replaces_the_form(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(app, pilot, MEASURE)
        app.form.box("period").focus_editor()
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        side = app.side
        assert side.has_class("-narrow") and not app.form.display
        assert side.size.width >= 45                 # not squeezed beside a 14-column form
        assert app.focused is not None and app.focused.display and \
            all(a.display for a in app.focused.ancestors if hasattr(a, "display"))
        await wait_until(pilot, lambda: app.problems, "the problems")
        target = next(p for p in app.problems if p.record == MEASURE and p.field)
        await app.panel.goto_problem(target)
        await pilot.pause()
        assert app.form.display and not side.has_class("-shown")
        assert app.focused is not None and app.form in app.focused.ancestors
        assert app.form.size.width >= 30
    app, _ = make_app(sample_repo)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_record(app, pilot, MEASURE)
        await pilot.press("f2")
        await pilot.pause()
        assert not app.side.has_class("-narrow") and app.form.display
        assert app.form.size.width >= 30
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert app.side.has_class("-narrow") and not app.form.display


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_whole_report_preview_scrolls_to_its_end(sample_repo, size):
    """The agency record previews the whole report: the memo, every issue's table, the scores;
    the view scrolls to its last line and nothing on the way is cut with "…"."""
    app, _ = make_app(sample_repo)
    async with app.run_test(size=size) as pilot:
        await open_record(app, pilot, "records/agency.toml")
        await pilot.press("f2")
        preview = app.side.query_one("#preview", ReportPreview)
        await wait_until(pilot, lambda: preview.source, "the preview")
        await pilot.pause()
        lines = shown_lines(preview)
        text = "\n".join(lines)
        assert "…" not in text and "บันทึกข้อความ" in text and "ประเด็นที่ ๗" in text
        scroll = app.side.query_one("#preview-scroll")
        assert preview.virtual_size.height > 2 * scroll.size.height
        scroll.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert scroll.scroll_y + scroll.scrollable_content_region.height >= \
            preview.virtual_size.height - 1


def on_screen(app) -> bool:
    """The focused widget is drawn: displayed, inside displayed parents, with a region."""
    widget = app.focused
    return widget is not None and widget.display and widget.region.area > 0 and all(
        getattr(a, "display", True) for a in widget.ancestors)


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_focus_never_lands_on_a_hidden_widget(sample_repo, size):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=size) as pilot:
        await open_record(app, pilot, MEASURE)
        app.form.box("outcome").focus_editor()
        await pilot.pause()
        await pilot.press("f3")                       # from the form into the problems
        await pilot.pause()
        await pilot.pause()
        assert on_screen(app), app.focused
        app.side.query_one("#problems-list").focus()
        await pilot.press("f4")                       # problems -> history: other tab
        await pilot.pause()
        await pilot.pause()
        assert on_screen(app), app.focused
        await pilot.press("f4")                       # history closed
        await pilot.pause()
        await pilot.pause()
        assert on_screen(app), app.focused
        await pilot.press("f3")
        await wait_until(pilot, lambda: app.problems, "the problems")
        target = next(p for p in app.problems if p.record == "records/measures/03-01.toml"
                      and p.field == "results.2")
        app.side.query_one("#problems-list").focus()
        await app.panel.problem_chosen(app.problems.index(target))
        await pilot.pause()
        await pilot.pause()
        editor = app.form.box("results").editor
        assert app.focused is editor and on_screen(app)
        assert editor.cursor_location[0] == 2
        cursor = editor.cursor_screen_offset
        assert app.form.content_region.contains(cursor.x, cursor.y)


async def test_a_check_that_fires_while_the_app_closes_does_nothing(sample_repo):
    """The problems are re-checked by a timer after each edit; one that fires while the app is
    closing (its form already gone) used to end in NoMatches('#form') and fail the app."""
    app, _ = make_app(sample_repo)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f3")
        await wait_until(pilot, lambda: app.problems, "the problems")
        await app.form.remove()                     # as when the screen is torn down
        app.panel.check()                           # the timer's call: no error, nothing run
        await pilot.pause()
