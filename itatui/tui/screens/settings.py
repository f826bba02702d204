"""F10: itatui's config file (officer, theme, digits); styled by modal.tcss."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

class SettingsScreen(ModalScreen[object]):
    """itatui's config file: officer identity, theme, digits. Dismisses with a Config or None."""

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]

    def __init__(self, config, themes: list[str]) -> None:
        super().__init__(classes="modal", id="settings")
        self.config = config
        self.themes = themes

    def compose(self) -> ComposeResult:
        from textual.widgets import Select

        from itatui.tui.widgets.thai_input import ThaiInput

        cfg = self.config
        with VerticalScroll(classes="modal-box"):
            yield Static(Text("ตั้งค่า", style="bold"))
            yield Static(Text(str(cfg.path), style="dim"))
            yield Static("ชื่อผู้บันทึก (ใช้ในทุกคอมมิต)", classes="field-label")
            yield ThaiInput(cfg.officer_name, id="set-name", select_on_focus=False)
            yield Static("อีเมล", classes="field-label")
            yield ThaiInput(cfg.officer_email, id="set-email", select_on_focus=False)
            yield Static("ตำแหน่ง/บทบาท", classes="field-label")
            yield ThaiInput(cfg.officer_role, id="set-role", select_on_focus=False)
            yield Static("ธีมสีของหน้าจอ", classes="field-label")
            themes = list(dict.fromkeys([cfg.theme, *self.themes])) \
                if cfg.theme in self.themes else self.themes
            yield Select([(t, t) for t in themes], value=cfg.theme if cfg.theme in themes
                         else themes[0], allow_blank=False, id="set-theme")
            yield Static("ตัวเลขในรายงานและการตรวจ", classes="field-label")
            yield Select([("เลขไทย (๑๒๓)", "thai"), ("เลขอารบิก (123)", "arabic")],
                         value=cfg.digits, allow_blank=False, id="set-digits")
            yield Static("", id="set-error", classes="field-hint")
            with Horizontal(classes="modal-buttons"):
                yield Button("บันทึกการตั้งค่า", id="set-save", variant="primary")
                yield Button("ยกเลิก", id="set-cancel")

    def result(self):
        import dataclasses

        from textual.widgets import Input, Select

        name = self.query_one("#set-name", Input).value.strip()
        email = self.query_one("#set-email", Input).value.strip()
        if bool(name) != bool(email) or (email and "@" not in email):
            raise ValueError("ต้องกรอกทั้งชื่อและอีเมล (อีเมลต้องมี @) หรือเว้นว่างทั้งสองช่อง")
        return dataclasses.replace(
            self.config, officer_name=name, officer_email=email,
            officer_role=self.query_one("#set-role", Input).value.strip(),
            theme=str(self.query_one("#set-theme", Select).value),
            digits=str(self.query_one("#set-digits", Select).value))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "set-save":
            self.dismiss(None)
            return
        try:
            cfg = self.result()
        except ValueError as exc:
            self.query_one("#set-error", Static).update(Text(str(exc), style="bold red"))
            return
        self.dismiss(cfg)

    def action_cancel(self) -> None:
        self.dismiss(None)
