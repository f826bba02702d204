"""A TextArea that keeps the cursor on Thai grapheme-cluster boundaries.

Left/Right and Delete move over a whole cluster ("ดี" is one step); Backspace removes the last
code point of a Thai cluster (the tone mark just typed) or a whole other cluster; a click, an
up/down move or a word jump that lands inside a cluster is moved to the start of that cluster;
ctrl+Left/Right (and ctrl+shift+Left/Right to select, ctrl+w / alt+Delete to delete) jump by
Thai words from the segmenter. So no key can leave a vowel or tone mark without its consonant.
(:class:`~itatui.tui.widgets.thai_input.ThaiInput` is the one-line editor, :class:`ListTextArea`
in list_text_area.py the list editor.)
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rich.control import STRIP_CONTROL_CODES
from rich.text import Span, Text
from textual.binding import Binding
from textual.widgets import TextArea
from textual.widgets.text_area import Location, Selection

from itatui.tui import thai_text as tt

_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in STRIP_CONTROL_CODES) + "]")


def _clean_text(plain: str, cls: type[Text] = Text, **options) -> Text:
    """``cls(plain, **options)`` for a ``plain`` known to hold no control code: Rich's
    constructor would scan it again for them (``str.translate``, slow on Thai text)."""
    text = cls(**options)
    text._text = [plain]
    text._length = len(plain)
    return text


class _Line(Text):
    """A document line as TextArea renders it (:meth:`ThaiTextArea.get_line`). TextArea draws
    each screen row of a soft-wrapped line by dividing the whole line into its rows and keeping
    one: with Rich's ``divide`` every row of the line is built again, and scanned for control
    codes, for every row drawn (a 100 KB paragraph: 15 ms a row, 0.7 s a resize). The rows are
    built here without that scan, and so is the line itself."""

    __slots__ = ()

    def pad_right(self, count: int, character: str = " ") -> None:
        """Rich's, without the scan (TextArea pads each line by a space for the cursor)."""
        if count > 0 and not _CONTROL.search(character):
            self._text = [self.plain + character * count]
            self._length += count
        else:
            super().pad_right(count, character)

    def divide(self, offsets) -> list[Text]:        # Rich's Lines: only indexing is used
        plain = self.plain
        edges = [0, *offsets, len(plain)]
        options = dict(style=self.style, justify=self.justify, overflow=self.overflow)
        rows = [_clean_text(plain[a:b], **options) for a, b in zip(edges, edges[1:])]
        for start, end, style in self._spans:      # as Rich's divide: each span on its rows
            first = max(0, bisect_right(edges, start) - 1)
            for i in range(first, len(rows)):
                a, b = edges[i], edges[i + 1]
                if a >= end:
                    break
                lo, hi = max(0, start - a), min(end - a, b - a)
                if hi > lo:
                    rows[i]._spans.append(Span(lo, hi, style))
        return rows


class ThaiTextArea(TextArea):
    """A multi-line editor with cluster-wise cursor moves and Thai word jumps; ctrl+Home and
    ctrl+End go to the start and the end of the text."""

    BINDINGS = [
        Binding("ctrl+home", "document_start", "ต้นข้อความ", show=False),
        Binding("ctrl+end", "document_end", "ท้ายข้อความ", show=False),
        Binding("ctrl+shift+home", "document_start(True)", show=False),
        Binding("ctrl+shift+end", "document_end(True)", show=False),
    ]

    def get_line(self, line_index: int) -> Text:
        line = self.document.get_line(line_index)
        if _CONTROL.search(line):
            return super().get_line(line_index)
        return _clean_text(line, _Line, end="", no_wrap=True)

    def action_document_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_document_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    def _snap(self, location: Location) -> Location:
        row, col = location
        try:
            line = self.document[row]
        except IndexError:
            return location
        return row, tt.floor_boundary(line, col)

    def _validate_selection(self, selection: Selection) -> Selection:
        start, end = super()._validate_selection(selection)
        return Selection(self._snap(start), self._snap(end))

    def get_cursor_left_location(self) -> Location:
        row, col = self.cursor_location
        if col == 0:
            return super().get_cursor_left_location()
        return row, tt.prev_boundary(self.document[row], col)

    def get_cursor_right_location(self) -> Location:
        row, col = self.cursor_location
        line = self.document[row]
        if col >= len(line):
            return super().get_cursor_right_location()
        return row, tt.next_boundary(line, col)

    def action_delete_left(self) -> None:
        if self.read_only:
            return
        start, end = self.selection
        if self.selection.is_empty:
            row, col = start
            if col == 0:
                end = super().get_cursor_left_location()
            else:
                end = (row, tt.backspace_start(self.document[row], col))
        self._delete_via_keyboard(start, end)

    def action_delete_word_left(self) -> None:
        """ctrl+w: delete the word before the cursor. At the end of a line the spaces before
        that word go with it, so no stray space is left at the end (and saved)."""
        if self.read_only or self.cursor_at_start_of_text or not self.selection.is_empty:
            super().action_delete_word_left()
            return
        row, col = self.selection.end
        line = self.document[row]
        to_row, to_col = self.get_cursor_word_left_location()
        if to_row == row and col == len(line):
            to_col = len(line[:to_col].rstrip(" \t"))
        self._delete_via_keyboard((row, col), (to_row, to_col))

    def get_cursor_word_left_location(self) -> Location:
        row, col = self.cursor_location
        target = tt.word_left(self.document[row], col)
        if target is None:
            return super().get_cursor_word_left_location()
        return row, target

    def get_cursor_word_right_location(self) -> Location:
        row, col = self.selection.end
        target = tt.word_right(self.document[row], col)
        if target is None:
            return super().get_cursor_word_right_location()
        return row, target

    def rewrap(self) -> None:
        """Wrap again (after the Thai word segmenter has loaded)."""
        rewrap = getattr(self, "_rewrap_and_refresh_virtual_size", None)
        if callable(rewrap) and self.is_mounted:
            rewrap()
            self.refresh()
