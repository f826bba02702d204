"""The rows of a long soft-wrapped Thai paragraph in the editor's text areas: drawn exactly as
Textual's TextArea draws them (cursor, selection and the line the cursor is on included), but
without rebuilding and re-scanning the whole paragraph for every row drawn (what made a resize
with a 100 KB field take about a second: see README "Resizing")."""

from __future__ import annotations

import asyncio
import tomllib

import rich.text
from textual.app import App
from textual.widgets import TextArea

from helpers import ROOT

from itatui.tui import thai_text
from itatui.tui.widgets.thai_text_area import ThaiTextArea

MEASURE = ROOT / "records" / "measures" / "02-01.toml"


def _paragraph(times: int) -> str:
    data = tomllib.loads(MEASURE.read_text(encoding="utf-8"))
    return " ".join([" ".join([data["outcome"], *data["results"]])] * times)


class One(App):
    def __init__(self, cls: type[TextArea], text: str) -> None:
        super().__init__()
        self.cls, self.text = cls, text

    def compose(self):
        yield self.cls(self.text, id="area", soft_wrap=True)


def _rows(area: TextArea) -> list[list[tuple[str, object]]]:
    area._line_cache.clear()
    return [[(seg.text, seg.style) for seg in area.render_line(y)]
            for y in range(area.content_size.height)]


def _render(cls: type[TextArea], text: str, prepare) -> list:
    async def run():
        thai_text.install_thai_wrap()
        app = One(cls, text)
        async with app.run_test(size=(90, 40)) as pilot:
            area = app.query_one("#area", TextArea)
            area.cursor_blink = False
            prepare(area)
            await pilot.pause()
            return _rows(area)
    return asyncio.run(run())


def _render_both(text: str, prepare) -> tuple[list, list]:
    return _render(ThaiTextArea, text, prepare), _render(TextArea, text, prepare)


def test_the_rows_are_drawn_as_textual_draws_them():
    text = _paragraph(3) + "\nบรรทัดที่สอง\n\tมีแท็บ ก่อนข้อความ"

    def cursor_and_selection(area):
        area.focus()
        area.highlight_cursor_line = True
        area.selection = ((0, 30), (0, 700))        # across several wrapped rows

    thai, plain = _render_both(text, cursor_and_selection)
    assert any(seg for row in thai for seg in row)
    assert thai == plain

    def cursor_inside(area):
        area.focus()
        area.move_cursor((0, 500))

    thai, plain = _render_both(text, cursor_inside)
    assert thai == plain


def test_a_line_with_control_characters_is_drawn_as_textual_draws_it():
    thai, plain = _render_both("ก่อน\x07หลัง\x0cท้าย " * 40, lambda area: area.focus())
    assert thai == plain


def test_a_long_paragraph_is_not_scanned_again_for_every_row(monkeypatch):
    text = _paragraph(20)                            # one paragraph, about 100 rows at 90
    scanned = []
    scan = rich.text.strip_control_codes

    def counting(value, *args):
        scanned.append(len(value))
        return scan(value, *args)

    async def run():
        thai_text.install_thai_wrap()
        app = One(ThaiTextArea, text)
        async with app.run_test(size=(90, 40)) as pilot:
            area = app.query_one("#area", ThaiTextArea)
            area.cursor_blink = False
            await pilot.pause()
            rows = area.wrapped_document.height
            area._line_cache.clear()
            monkeypatch.setattr(rich.text, "strip_control_codes", counting)
            for y in range(area.content_size.height):
                area.render_line(y)
            monkeypatch.setattr(rich.text, "strip_control_codes", scan)
            return rows, area.content_size.height

    rows, drawn = asyncio.run(run())
    assert rows > 60
    # Textual's own TextArea scans the paragraph and every one of its rows for each row drawn
    # (rows x drawn scans, drawn x the paragraph's length in characters)
    assert sum(scanned) < len(text), f"{len(scanned)} scans of {sum(scanned)} characters"
