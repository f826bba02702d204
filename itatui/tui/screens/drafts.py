"""Unsaved edits found in the draft journal after a crash: restore them or discard them;
styled by modal.tcss."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

DRAFTS_RESTORE, DRAFTS_DISCARD = "drafts-restore", "drafts-discard"


class DraftsScreen(ModalScreen[bool]):
    """Restore (True) or discard (False) the edits of the records ``titles``; escape restores
    (nothing is lost by accident)."""

    BINDINGS = [Binding("escape", "restore", "กู้คืน")]

    def __init__(self, titles: list[str], saved_at: float = 0.0) -> None:
        super().__init__(classes="modal", id="drafts")
        self.titles, self.saved_at = titles, saved_at

    def compose(self) -> ComposeResult:
        from itatui.core.thai import to_thai_digits

        body = Text("พบการแก้ไขที่ยังไม่ได้บันทึกจากครั้งก่อน\n", style="bold")
        body.append("(โปรแกรมปิดไม่ปกติก่อนบันทึก)\n")
        if self.saved_at:
            when = time.strftime("%H:%M น.", time.localtime(self.saved_at))
            body.append(f"สำเนาล่าสุดเมื่อ {to_thai_digits(when)}\n")
        for title in self.titles[:12]:
            body.append(f"\n  • {title}")
        if len(self.titles) > 12:
            body.append(f"\n  และอีก {to_thai_digits(str(len(self.titles) - 12))} ระเบียน")
        body.append("\n\nกู้คืนการแก้ไขเหล่านี้ (ยังไม่บันทึกเป็นคอมมิต) หรือทิ้งไป")
        with Vertical(classes="modal-box"):
            yield Static(body, id="drafts-body")
            with Horizontal(classes="modal-buttons"):
                yield Button("กู้คืนการแก้ไข", id=DRAFTS_RESTORE, variant="primary")
                yield Button("ทิ้งการแก้ไข", id=DRAFTS_DISCARD, variant="error")

    def on_mount(self) -> None:
        self.query_one(f"#{DRAFTS_RESTORE}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == DRAFTS_RESTORE)

    def action_restore(self) -> None:
        self.dismiss(True)
