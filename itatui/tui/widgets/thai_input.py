"""A one-line Input that keeps the cursor on Thai grapheme-cluster boundaries: Left/Right and
Delete move over a whole cluster ("ดี" is one step), Backspace removes the last code point of a
Thai cluster (the tone mark just typed) or a whole other cluster, ctrl+Left/Right jump by Thai
words from the segmenter (:mod:`itatui.tui.thai_text`). ctrl+z / ctrl+y undo and redo (the keys
of ThaiTextArea; Textual's Input has no undo): a bounded stack of (value, cursor) snapshots,
characters typed one after another being one step."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._input import Selection as InputSelection

from itatui.tui import thai_text as tt


#: undo steps kept per field
UNDO_LIMIT = 100


class ThaiInput(Input):
    """A one-line editor that never puts the cursor inside a grapheme cluster, with undo."""

    BINDINGS = [
        Binding("ctrl+z,super+z", "undo", "ย้อนการแก้ไข", show=False),
        Binding("ctrl+y,super+y", "redo", "ทำซ้ำ", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._undo: list[tuple[str, int]] = []
        self._redo: list[tuple[str, int]] = []
        self._typing_at: int | None = None     # where the run of typed characters ends

    # -- undo / redo ----------------------------------------------------------------------------
    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit of the officer goes through here (typing, paste, every delete): keep the
        value before it, once for a run of characters typed one after another."""
        before = (self.value, self.cursor_position)
        typed = len(text) == 1 and start == end
        run = typed and self._typing_at is not None and start == self._typing_at \
            and self.cursor_position == start and text != " "
        super().replace(text, start, end)
        if self.value == before[0]:
            return                              # refused (restricted) or no change
        if not run:
            self._undo.append(before)
            del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._typing_at = self.cursor_position if typed else None

    def _restore(self, state: tuple[str, int]) -> None:
        self._typing_at = None
        self.value = state[0]
        self.cursor_position = state[1]

    def action_undo(self) -> None:
        if not self._undo:
            return
        self._redo.append((self.value, self.cursor_position))
        self._restore(self._undo.pop())

    def action_redo(self) -> None:
        if not self._redo:
            return
        self._undo.append((self.value, self.cursor_position))
        self._restore(self._redo.pop())

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
        """ctrl+w: delete the word before the cursor. At the end of the text the spaces before
        that word go with it, so no stray space is left in the box (as in ThaiTextArea)."""
        if not self.selection.is_empty:
            self.delete_selection()
            return
        pos = self.cursor_position
        at_end = pos == len(self.value)
        target = None if self.password else tt.word_left(self.value, pos)
        if target is None:
            super().action_delete_left_word()
        else:
            if at_end:
                target = len(self.value[:target].rstrip(" \t"))
            self.delete(target, pos)
            return
        value = self.value
        if at_end and not self.password and value != value.rstrip(" \t"):
            self.delete(len(value.rstrip(" \t")), len(value))

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

    def _on_paste(self, event) -> None:
        """A paste of several lines goes in whole, its lines joined by a space: Textual's Input
        keeps the first line and drops the rest of the paste without a word."""
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) < 2:
            return                  # Input._on_paste, next in the class order, pastes it
        event.prevent_default()     # not Input._on_paste too
        event.stop()
        text = " ".join(lines)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

    def action_delete_right(self) -> None:
        if self.selection.is_empty:
            pos = self.cursor_position
            self.delete(pos, tt.next_boundary(self.value, pos))
        else:
            self.delete_selection()
