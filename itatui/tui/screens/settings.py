"""F10: itatui's config file (officer, theme, digits); styled by modal.tcss."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

#: the plain choice of the settings screen; any other theme stays in the palette (เลือกธีม)
THEMES = (("มืด", "textual-dark"), ("สว่าง", "textual-light"))
FROM_CONFIG = "จากการตั้งค่า itatui"
FROM_GIT = "จาก git (user.name และ user.email)"


def _shown_path(path) -> str:
    """The config file's path, ``~/...`` under the home folder."""
    from pathlib import Path

    try:
        return "~/" + str(Path(path).relative_to(Path.home()))
    except ValueError:
        return str(path)


class SettingsScreen(ModalScreen[object]):
    """itatui's config file: officer identity, theme, digits. Dismisses with a Config or None.

    The name and e-mail fields show the identity commits will carry: the config's, else git's
    (``git_officer``: user.name, user.email), and a line says where it comes from. A value
    equal to git's that the config did not hold is not written to the config (git stays its
    source)."""

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]
    AUTO_FOCUS = "#set-name"          # typing goes into the first field at once

    def __init__(self, config, themes: list[str],
                 git_officer: tuple[str, str] = ("", ""), export_default: str = "") -> None:
        super().__init__(classes="modal", id="settings")
        self.config = config
        self.export_default = export_default      # the exports' folder when none is set
        self.themes = themes
        self.git_name, self.git_email = git_officer

    def _shown_identity(self) -> tuple[str, str]:
        return (self.config.officer_name or self.git_name,
                self.config.officer_email or self.git_email)

    def source_text(self, name: str, email: str) -> Text:
        """Who the commits will name with ``name`` and ``email`` typed, and from where."""
        name, email = name.strip(), email.strip()
        if not name or not email:
            return Text("ยังไม่มีชื่อผู้บันทึก: กรอกชื่อและอีเมลแล้วกด \"บันทึกการตั้งค่า\" "
                        "(ก่อนนั้นบันทึกการแก้ไขไม่ได้)", style="bold")
        from_git = [name == self.git_name and not self.config.officer_name,
                    email == self.git_email and not self.config.officer_email]
        source = FROM_GIT if all(from_git) else FROM_CONFIG
        if any(from_git) and not all(from_git):
            source = ("ชื่อจาก git อีเมลจากการตั้งค่า itatui" if from_git[0]
                      else "ชื่อจากการตั้งค่า itatui อีเมลจาก git")
        text = Text("ผู้บันทึกในคอมมิต: ")
        text.append(f"{name} <{email}>", style="bold")
        text.append(f" — {source}")
        return text

    def compose(self) -> ComposeResult:
        from textual.widgets import Select

        from itatui.tui.widgets.thai_input import ThaiInput

        cfg = self.config
        with VerticalScroll(classes="modal-box"):
            yield Static(Text("ตั้งค่า", style="bold"))
            yield Static(Text(_shown_path(cfg.path), style="dim"))
            name, email = self._shown_identity()
            yield Static("ชื่อผู้บันทึก (ใช้ในทุกคอมมิต)", classes="field-label")
            yield ThaiInput(name, id="set-name", select_on_focus=False)
            yield Static("อีเมล", classes="field-label")
            yield ThaiInput(email, id="set-email", select_on_focus=False)
            yield Static(self.source_text(name, email), id="set-source", classes="field-hint")
            yield Static("ตำแหน่ง/บทบาท", classes="field-label")
            yield ThaiInput(cfg.officer_role, id="set-role", select_on_focus=False)
            yield Static("หน้าจอสว่างหรือมืด", classes="field-label")
            options = list(THEMES)
            if cfg.theme not in dict(THEMES).values() and cfg.theme in self.themes:
                options.append((f"ธีมที่เลือกไว้ ({cfg.theme})", cfg.theme))
            values = [value for _label, value in options]
            yield Select(options, value=cfg.theme if cfg.theme in values else THEMES[0][1],
                         allow_blank=False, id="set-theme")
            yield Static("ตัวเลขในรายงานและการตรวจ", classes="field-label")
            yield Select([("เลขไทย (๑๒๓)", "thai"), ("เลขอารบิก (123)", "arabic")],
                         value=cfg.digits, allow_blank=False, id="set-digits")
            default = _shown_path(self.export_default) if self.export_default else ""
            label = Text("โฟลเดอร์ของไฟล์ที่ส่งออก (F8, F9)")
            if default:
                label.append(f"  ว่าง = {default}", style="dim")
            yield Static(label, id="set-export-hint", classes="field-label")
            yield ThaiInput(cfg.export_folder, id="set-export", select_on_focus=False,
                            placeholder=default, compact=True)
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
        if name == self.git_name and not self.config.officer_name:
            name = ""                   # git's: git stays its source
        if email == self.git_email and not self.config.officer_email:
            email = ""
        return dataclasses.replace(
            self.config, officer_name=name, officer_email=email,
            officer_role=self.query_one("#set-role", Input).value.strip(),
            theme=str(self.query_one("#set-theme", Select).value),
            digits=str(self.query_one("#set-digits", Select).value),
            export_folder=self.query_one("#set-export", Input).value.strip())

    def on_mount(self) -> None:
        # the focused name field is near the top: show the title and its label too (at 80x24
        # focusing it scrolled them away)
        box = self.query_one(VerticalScroll)
        self.call_after_refresh(box.scroll_home, animate=False)

    def on_input_changed(self, event) -> None:
        if event.input.id in ("set-name", "set-email"):
            from textual.widgets import Input

            self.query_one("#set-source", Static).update(self.source_text(
                self.query_one("#set-name", Input).value,
                self.query_one("#set-email", Input).value))

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
