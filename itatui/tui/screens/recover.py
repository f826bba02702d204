"""Records changed on disk but never committed, offered for one commit; styled by modal.tcss."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

RECOVER_COMMIT, RECOVER_LATER = "recover-commit", "recover-later"


class RecoverScreen(ModalScreen[bool]):
    """Records changed on disk but not committed (a crash, a hand edit): commit them now?"""

    BINDINGS = [Binding("escape", "later", "ภายหลัง")]
    STATES = {"modified": "แก้ไข", "new": "ไฟล์ใหม่", "deleted": "ถูกลบ"}

    def __init__(self, items: list) -> None:
        super().__init__(classes="modal", id="recover")
        self.items = items

    def compose(self) -> ComposeResult:
        from itatui.core import schema

        body = Text("พบการเปลี่ยนแปลงในระเบียนที่ยังไม่ได้บันทึกเป็นคอมมิต\n", style="bold")
        body.append("(โปรแกรมปิดไม่ปกติ หรือมีการแก้ไฟล์โดยตรง)\n")
        for item in self.items[:12]:
            body.append(f"\n  • {schema.title_of(item.path)} ({item.path}): "
                        f"{self.STATES.get(item.state, item.state)}")
            if item.error is not None:
                body.append("  ⚠ อ่านไม่ได้ จะไม่ถูกบันทึก", style="bold red")
        if len(self.items) > 12:
            body.append(f"\n  และอีก {len(self.items) - 12} ไฟล์")
        body.append("\n\nบันทึกเป็นหนึ่งคอมมิตในชื่อของท่านตอนนี้หรือไม่")
        with Vertical(classes="modal-box"):
            yield Static(body, id="recover-body")
            with Horizontal(classes="modal-buttons"):
                yield Button("บันทึกเป็นคอมมิต", id=RECOVER_COMMIT, variant="primary")
                yield Button("ภายหลัง", id=RECOVER_LATER)

    def on_mount(self) -> None:
        self.query_one(f"#{RECOVER_COMMIT}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == RECOVER_COMMIT)

    def action_later(self) -> None:
        self.dismiss(False)
