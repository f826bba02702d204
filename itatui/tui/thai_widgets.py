"""Input and TextArea that keep the cursor on Thai grapheme-cluster boundaries.

Left/Right and Delete move over a whole cluster ("ดี" is one step); Backspace removes the last
code point of a Thai cluster (the tone mark just typed) or a whole other cluster; a click, an
up/down move or a word jump that lands inside a cluster is moved to the start of that cluster.
So no key can leave a vowel or tone mark without its consonant.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea
from textual.widgets._input import Selection as InputSelection
from textual.widgets.text_area import Location, Selection

from itatui.tui import thai_text as tt


class ThaiInput(Input):
    """A one-line editor that never puts the cursor inside a grapheme cluster."""

    def validate_selection(self, selection: InputSelection) -> InputSelection:
        start, end = super().validate_selection(selection)
        value = self.value
        return InputSelection(tt.floor_boundary(value, start), tt.floor_boundary(value, end))

    def action_cursor_left(self, select: bool = False) -> None:
        start, end = self.selection
        if select:
            self.selection = InputSelection(start, tt.prev_boundary(self.value, end))
        elif self.selection.is_empty:
            self.cursor_position = tt.prev_boundary(self.value, self.cursor_position)
        else:
            self.cursor_position = min(start, end)

    def action_cursor_right(self, select: bool = False) -> None:
        start, end = self.selection
        if select:
            self.selection = InputSelection(start, tt.next_boundary(self.value, end))
        elif self.cursor_at_end and self._suggestion:
            super().action_cursor_right()
        elif self.selection.is_empty:
            self.cursor_position = tt.next_boundary(self.value, self.cursor_position)
        else:
            self.cursor_position = max(start, end)

    def action_delete_left(self) -> None:
        if self.selection.is_empty:
            pos = self.cursor_position
            self.delete(tt.backspace_start(self.value, pos), pos)
        else:
            self.delete_selection()

    def action_delete_right(self) -> None:
        if self.selection.is_empty:
            pos = self.cursor_position
            self.delete(pos, tt.next_boundary(self.value, pos))
        else:
            self.delete_selection()


class ThaiTextArea(TextArea):
    """A multi-line editor with cluster-wise cursor moves and Thai word jumps."""

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

    # Thai words have no spaces between them: jump by the segmenter's words when it is loaded.
    def _word_starts(self, line: str) -> list[int]:
        return [start for start, _end, chunk in tt.thai_chunks(line) if chunk.strip()]

    def get_cursor_word_left_location(self) -> Location:
        row, col = self.cursor_location
        line = self.document[row]
        if col == 0 or not tt.segmenter_ready() or not tt.is_thai(line[:col]):
            return super().get_cursor_word_left_location()
        starts = [s for s in self._word_starts(line) if s < col]
        return row, (starts[-1] if starts else 0)

    def get_cursor_word_right_location(self) -> Location:
        row, col = self.selection.end
        line = self.document[row]
        if col >= len(line) or not tt.segmenter_ready() or not tt.is_thai(line[col:]):
            return super().get_cursor_word_right_location()
        starts = [s for s in self._word_starts(line) if s > col]
        return row, (starts[0] if starts else len(line))

    def rewrap(self) -> None:
        """Wrap again (after the Thai word segmenter has loaded)."""
        rewrap = getattr(self, "_rewrap_and_refresh_virtual_size", None)
        if callable(rewrap) and self.is_mounted:
            rewrap()
            self.refresh()
