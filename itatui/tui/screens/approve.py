"""The approval dialog (ctrl+p "อนุมัติรายงาน" / "อนุมัติแผน"): who approves, in which role
(chosen when the officer holds several), what is approved (the current commit), the approval
chain so far, and an optional comment; styled by modal.tcss. What it leads to is decided by
:mod:`itatui.tui.controllers.approving`."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ApproveScreen(ModalScreen[dict | None]):
    """Dismisses with {"role": ..., "comment": ...} when "อนุมัติ" is pressed, else None.

    ``roles``: the roles the officer may approve in (in the chain's order; one is shown as
    text, several as a choice); ``version``: what is approved; ``chain``: one line per step of
    the chain (approved or not yet); ``note``: a warning shown above the buttons ("" none)."""

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]
    AUTO_FOCUS = "#approve-comment"

    def __init__(self, title: str, officer: str, roles: list[str], version: str,
                 chain: list[str], note: str = "") -> None:
        super().__init__(classes="modal", id="approve")
        self.title_text, self.officer, self.roles = title, officer, list(roles)
        self.version, self.chain, self.note = version, list(chain), note

    def compose(self) -> ComposeResult:
        from textual.widgets import Select

        from itatui.tui.widgets.thai_input import ThaiInput

        with VerticalScroll(classes="modal-box"):
            yield Static(Text(self.title_text, style="bold"))
            yield Static(Text.assemble("ผู้อนุมัติ: ", (self.officer, "bold")),
                         id="approve-officer")
            if len(self.roles) == 1:
                yield Static(Text.assemble("ในฐานะ: ", (self.roles[0], "bold")),
                             id="approve-role-text")
            else:
                yield Static("ในฐานะ (เลือกบทบาท)", classes="field-label")
                yield Select([(role, role) for role in self.roles], value=self.roles[0],
                             allow_blank=False, id="approve-role")
            yield Static(Text.assemble("ฉบับที่อนุมัติ: ", self.version), id="approve-version")
            if self.chain:
                yield Static(Text("สายการอนุมัติ\n" + "\n".join(self.chain)),
                             id="approve-chain")
            yield Static("ความเห็น (ไม่บังคับ)", classes="field-label")
            yield ThaiInput("", id="approve-comment", select_on_focus=False, compact=True,
                            placeholder="เช่น เห็นชอบ")
            if self.note:
                yield Static(Text(self.note, style="bold"), id="approve-note",
                             classes="field-hint")
            with Horizontal(classes="modal-buttons"):
                yield Button("อนุมัติ", id="approve-ok", variant="primary")
                yield Button("ยกเลิก", id="approve-cancel")

    def on_mount(self) -> None:
        # the focused comment is below the fold at 80x24: the title and the officer first
        box = self.query_one(VerticalScroll)
        self.call_after_refresh(box.scroll_home, animate=False)

    def answer(self) -> dict:
        from textual.widgets import Input, Select

        if len(self.roles) == 1:
            role = self.roles[0]
        else:
            role = str(self.query_one("#approve-role", Select).value)
        return {"role": role, "comment": self.query_one("#approve-comment", Input).value}

    def on_input_submitted(self, event) -> None:
        # an approval is not undone: Enter in the comment goes to the button, not past it
        event.stop()
        self.query_one("#approve-ok", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.answer() if event.button.id == "approve-ok" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
