"""The question before quitting with unsaved edits: save, do not save, or keep editing
(styled by quit.tcss)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"


class ConfirmQuitScreen(ModalScreen[str]):
    """Asks what to do with unsaved edits; dismisses with SAVE, DISCARD or CANCEL."""

    BINDINGS = [
        Binding("escape", "cancel", "ยกเลิก"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, titles: list[str]) -> None:
        super().__init__(id="confirm-quit")
        self.titles = titles

    def compose(self) -> ComposeResult:
        body = Text("มีการแก้ไขที่ยังไม่บันทึก\n", style="bold")
        shown = self.titles[:6]
        for title in shown:
            body.append(f"\n  ● {title}")
        if len(self.titles) > len(shown):
            body.append(f"\n  และอีก {len(self.titles) - len(shown)} ระเบียน")
        body.append("\n\nต้องการบันทึกก่อนออกจากโปรแกรมหรือไม่")
        with Vertical(id="dialog"):
            yield Static(body, id="dialog-body")
            with Horizontal(id="dialog-buttons"):
                yield Button("บันทึก", variant="primary", id=SAVE)
                yield Button("ไม่บันทึก", variant="error", id=DISCARD)
                yield Button("ยกเลิก", id=CANCEL)

    def on_mount(self) -> None:
        self.query_one(f"#{SAVE}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or CANCEL)

    def action_cancel(self) -> None:
        self.dismiss(CANCEL)
