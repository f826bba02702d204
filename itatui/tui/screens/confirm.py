"""A yes/no question (removing an issue, a measure, an approval); styled by modal.tcss."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; dismisses with True for the first button."""

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]

    def __init__(self, question: str, yes: str = "ตกลง", no: str = "ยกเลิก",
                 *, danger: bool = False) -> None:
        super().__init__(classes="modal")
        self.question, self.yes, self.no, self.danger = question, yes, no, danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text(self.question), id="confirm-body")
            with Horizontal(classes="modal-buttons"):
                yield Button(self.yes, id="confirm-yes",
                             variant="error" if self.danger else "primary")
                yield Button(self.no, id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no" if self.danger else "#confirm-yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_cancel(self) -> None:
        self.dismiss(False)
