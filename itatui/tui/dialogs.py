"""Modal screens: the confirmation before quitting with unsaved edits, and the help screen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
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


HELP_TEXT = """\
itatui — แก้ไขรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส (ITA)

รายการทางซ้ายคือส่วนต่าง ๆ ของรายงาน เลือกด้วยลูกศรขึ้นลงแล้วกด Enter
(หรือคลิก) แบบฟอร์มตรงกลางแสดงช่องของส่วนที่เลือก แก้ไขได้ทุกช่อง

ปุ่มลัด
  ctrl+s      บันทึกระเบียนที่กำลังแก้ (หนึ่งครั้ง = หนึ่งคอมมิตใน git)
  ctrl+r      โหลดระเบียนใหม่จากดิสก์ (การแก้ไขที่ยังไม่บันทึกยังอยู่)
  ctrl+t      กลับไปที่รายการทางซ้าย
  tab         ไปช่องถัดไป   shift+tab  ช่องก่อนหน้า
  F2          ตัวอย่างรายงานที่จะเผยแพร่ (ส่วนที่เลือก อัปเดตตามที่พิมพ์)
  F3          ปัญหาที่ตรวจพบ (เลือกแล้วไปที่ช่องนั้น)   F5 ตรวจใหม่
  F4          ประวัติของระเบียนนี้ (ใคร เมื่อใด แก้ช่องใด)
  F11         ขยาย/ย่อแผงตัวอย่าง ปัญหา และประวัติ
  F8 / F9     ส่งออก Markdown / PDF (ไฟล์อยู่ในโฟลเดอร์ exports ของคลัง)
  F10         ตั้งค่า (ชื่อผู้บันทึก ธีม เลขไทย/อารบิก)
  ctrl+p      ค้นหาคำสั่ง (ทุกคำสั่งอยู่ในนี้)
  F1          หน้าช่วยเหลือนี้
  ctrl+q      ออกจากโปรแกรม (ถ้ายังไม่บันทึกจะถามก่อน)

ประเด็นและมาตรการ (ในรายการทางซ้าย)
  i           เพิ่มประเด็นต่อจากประเด็นที่เลือก
  a           เพิ่มมาตรการต่อจากมาตรการที่เลือก
  alt+↑/↓     ย้ายประเด็นหรือมาตรการขึ้น/ลง
  delete      ลบประเด็น (พร้อมมาตรการของประเด็นนั้น) หรือลบมาตรการ
  เลขประเด็นและมาตรการเปลี่ยนตามให้เอง (เปลี่ยนชื่อไฟล์ใน git ประวัติจึงตามไปด้วย)
  ทุกการเพิ่ม ลบ หรือย้ายคือหนึ่งคอมมิต

การแก้ไข
  ● ในรายการทางซ้ายและที่หัวหน้าจอ หมายถึงมีการแก้ไขที่ยังไม่บันทึก
    ย้ายไปแก้ระเบียนอื่นได้ การแก้ไขที่ค้างไว้ไม่หาย
  ช่องที่เป็นรายการ (กิจกรรม ผลการดำเนินการ ข้อพิจารณา ฯลฯ) หนึ่งรายการต่อหนึ่งบรรทัด
    Enter ขึ้นรายการใหม่  alt+↑/↓ ย้ายรายการ  ctrl+shift+k ลบรายการ
    ไม่ต้องพิมพ์เลขข้อ โปรแกรมใส่เลขให้เมื่อพิมพ์รายงาน
  ผู้รับผิดชอบ: เลือกจากหน่วยงานภายใน (space เลือก, alt+↑/↓ ย้ายลำดับ)
    พิมพ์ชื่ออื่นในช่องด้านล่างแล้ว Enter — จะมีเครื่องหมาย ⚠ ว่าไม่อยู่ในรายชื่อหน่วยงาน
  ผู้ให้ความเห็น: ปุ่มเพิ่ม ลบ ขึ้น ลง ในแบบฟอร์มผู้ลงนาม
  คะแนน: ตารางตัวชี้วัด × ปี พร้อมคะแนนรวมและระดับผล ปุ่มเพิ่มปีและเพิ่มตัวชี้วัด
  ตัวเลขพิมพ์เป็นเลขไทยหรือเลขอารบิกก็ได้

ภาษาไทย
  ลูกศรซ้ายขวาเลื่อนทีละตัวอักษรพร้อมสระและวรรณยุกต์ (ไม่หยุดกลางตัวอักษร)
  ctrl+←/→ เลื่อนทีละคำ  shift+ลูกศร เลือกข้อความ  คลิกที่ใดเคอร์เซอร์ก็ไม่แยกสระ
  Backspace หลังวรรณยุกต์หรือสระบน/ล่าง ลบเฉพาะเครื่องหมายตัวสุดท้าย
    (เช่น พิมพ์ "ก่" ผิดเป็น "ก้" กด Backspace แล้วพิมพ์วรรณยุกต์ใหม่ได้เลย
    ไม่ต้องพิมพ์พยัญชนะใหม่) ตัวที่เหลือเป็นตัวอักษรที่สมบูรณ์เสมอ
  Delete ลบทั้งตัวอักษรพร้อมสระและวรรณยุกต์ที่อยู่ขวาเคอร์เซอร์
  ข้อความยาวตัดบรรทัดระหว่างคำไทย ไม่ตัดกลางคำ

ไฟล์ถูกแก้จากที่อื่น (git pull, โปรแกรมอื่น) โปรแกรมจะโหลดใหม่ให้เอง
  ถ้าช่องเดียวกันถูกแก้ทั้งสองที่ จะแสดงค่าทั้งสองให้เลือก ไม่เขียนทับโดยไม่ถาม
  ⚠ คือไฟล์ที่อ่านไม่ได้ แบบฟอร์มจะบอกไฟล์และบรรทัดที่ผิด

การบันทึกต้องมีชื่อผู้บันทึก (F10 ตั้งค่า หรือ git config user.name และ user.email)
ทุกการบันทึกจึงระบุได้ว่าใครแก้อะไรเมื่อใด

กด Esc หรือ F1 เพื่อปิดหน้านี้"""


class HelpScreen(ModalScreen[None]):
    """A short help in Thai."""

    BINDINGS = [
        Binding("escape,f1,q", "close", "ปิด"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(HELP_TEXT), id="help-body")

    def action_close(self) -> None:
        self.dismiss(None)


# -- small modal forms ---------------------------------------------------------------------
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


class AskScreen(ModalScreen[dict | None]):
    """A few one-line answers (Thai-safe inputs); dismisses with {name: text} or None."""

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], ok: str = "ตกลง") -> None:
        """``fields``: (name, label, initial text)."""
        super().__init__(classes="modal")
        self.title_text, self.fields, self.ok = title, fields, ok

    def compose(self) -> ComposeResult:
        from itatui.tui.thai_widgets import ThaiInput

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


class SettingsScreen(ModalScreen[object]):
    """itatui's config file: officer identity, theme, digits. Dismisses with a Config or None."""

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]

    def __init__(self, config, themes: list[str]) -> None:
        super().__init__(classes="modal", id="settings")
        self.config = config
        self.themes = themes

    def compose(self) -> ComposeResult:
        from textual.widgets import Select

        from itatui.tui.thai_widgets import ThaiInput

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
