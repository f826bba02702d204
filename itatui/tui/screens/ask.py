"""A few one-line answers (a new issue, an approval, score years); styled by modal.tcss."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

class AskScreen(ModalScreen[dict | None]):
    """A few one-line answers (Thai-safe inputs); dismisses with {name: text} or None."""

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], ok: str = "ตกลง") -> None:
        """``fields``: (name, label, initial text)."""
        super().__init__(classes="modal")
        self.title_text, self.fields, self.ok = title, fields, ok

    def compose(self) -> ComposeResult:
        from itatui.tui.widgets.thai_input import ThaiInput

        with Vertical(classes="modal-box"):
            yield Static(Text(self.title_text, style="bold"))
            for name, label, initial in self.fields:
                yield Static(label, classes="field-label")
                yield ThaiInput(initial, id=f"ask-{name}", select_on_focus=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(self.ok, id="ask-ok", variant="primary")
                yield Button("ยกเลิก", id="ask-cancel")

    def answers(self) -> dict[str, str]:
        from textual.widgets import Input

        return {name: self.query_one(f"#ask-{name}", Input).value for name, _l, _i in self.fields}

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.dismiss(self.answers())

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.answers() if event.button.id == "ask-ok" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
