"""Input and TextArea that keep the cursor on Thai grapheme-cluster boundaries.

Left/Right and Delete move over a whole cluster ("ดี" is one step); Backspace removes the last
code point of a Thai cluster (the tone mark just typed) or a whole other cluster; a click, an
up/down move or a word jump that lands inside a cluster is moved to the start of that cluster;
ctrl+Left/Right (and ctrl+shift+Left/Right to select, ctrl+w / alt+Delete to delete) jump by
Thai words from the segmenter. So no key can leave a vowel or tone mark without its consonant.

:class:`ListTextArea` is the editor of a list field (one item per line): alt+Up / alt+Down move
the current item, ctrl+shift+k removes it, Enter at the end of a line starts a new one.
"""

from __future__ import annotations

from textual.binding import Binding
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

    # Thai words have no spaces between them: jump by the segmenter's words.
    def action_cursor_left_word(self, select: bool = False) -> None:
        start, end = self.selection
        target = None if self.password else tt.word_left(self.value, end)
        if target is None:
            super().action_cursor_left_word(select)
        elif select:
            self.selection = InputSelection(start, target)
        else:
            self.cursor_position = target

    def action_cursor_right_word(self, select: bool = False) -> None:
        start, end = self.selection
        target = None if self.password else tt.word_right(self.value, end)
        if target is None:
            super().action_cursor_right_word(select)
        elif select:
            self.selection = InputSelection(start, target)
        else:
            self.cursor_position = target

    def action_delete_left_word(self) -> None:
        if not self.selection.is_empty:
            self.delete_selection()
            return
        pos = self.cursor_position
        target = None if self.password else tt.word_left(self.value, pos)
        if target is None:
            super().action_delete_left_word()
        else:
            self.delete(target, pos)

    def action_delete_right_word(self) -> None:
        if not self.selection.is_empty:
            self.delete_selection()
            return
        pos = self.cursor_position
        target = None if self.password else tt.word_right(self.value, pos)
        if target is None:
            super().action_delete_right_word()
        else:
            self.delete(pos, target)

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


class ListTextArea(ThaiTextArea):
    """A list field, one item per line: move the current item up or down, remove it."""

    BINDINGS = [
        Binding("alt+up", "move_item(-1)", "รายการขึ้น", tooltip="ย้ายรายการนี้ขึ้นหนึ่งลำดับ"),
        Binding("alt+down", "move_item(1)", "รายการลง", tooltip="ย้ายรายการนี้ลงหนึ่งลำดับ"),
        Binding("ctrl+shift+k", "delete_line", "ลบรายการ", show=False),
    ]

    def action_move_item(self, step: int) -> None:
        if self.read_only:
            return
        row, col = self.cursor_location
        lines = self.text.split("\n")
        target = row + step
        if not 0 <= target < len(lines):
            return
        top, bottom = min(row, target), max(row, target)
        swapped = lines[bottom] + "\n" + lines[top]
        # one edit of the two lines, so that ctrl+z puts the item back
        self.replace(swapped, (top, 0), (bottom, len(lines[bottom])))
        self.move_cursor((target, min(col, len(lines[row]))))
