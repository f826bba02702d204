"""The editor of a list field (one item per line): alt+Up / alt+Down move the current item,
ctrl+shift+k removes it, Enter at the end of a line starts a new one; Thai-safe like
:class:`~itatui.tui.widgets.thai_text_area.ThaiTextArea`."""

from __future__ import annotations

from textual.binding import Binding

from itatui.tui.widgets.thai_text_area import ThaiTextArea


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
