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

from textual.binding import Binding
from textual.widgets import TextArea
from textual.widgets.text_area import Location, Selection

from itatui.tui import thai_text as tt


class ThaiTextArea(TextArea):
    """A multi-line editor with cluster-wise cursor moves and Thai word jumps; ctrl+Home and
    ctrl+End go to the start and the end of the text."""

    BINDINGS = [
        Binding("ctrl+home", "document_start", "ต้นข้อความ", show=False),
        Binding("ctrl+end", "document_end", "ท้ายข้อความ", show=False),
        Binding("ctrl+shift+home", "document_start(True)", show=False),
        Binding("ctrl+shift+end", "document_end(True)", show=False),
    ]

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
