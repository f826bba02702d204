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
(หรือคลิก) แบบฟอร์มทางขวาแสดงช่องของส่วนที่เลือก แก้ไขได้ทุกช่อง

ปุ่มลัด
  ctrl+s      บันทึกระเบียนที่กำลังแก้ (หนึ่งครั้ง = หนึ่งคอมมิตใน git)
  ctrl+r      โหลดระเบียนใหม่จากดิสก์ (การแก้ไขที่ยังไม่บันทึกยังอยู่)
  ctrl+t      กลับไปที่รายการทางซ้าย
  tab         ไปช่องถัดไป   shift+tab  ช่องก่อนหน้า
  ctrl+p      ค้นหาคำสั่ง
  F1          หน้าช่วยเหลือนี้
  ctrl+q      ออกจากโปรแกรม (ถ้ายังไม่บันทึกจะถามก่อน)

การแก้ไข
  ● ในรายการทางซ้ายและที่หัวหน้าจอ หมายถึงมีการแก้ไขที่ยังไม่บันทึก
    ย้ายไปแก้ระเบียนอื่นได้ การแก้ไขที่ค้างไว้ไม่หาย
  ช่องที่เป็นรายการ (เช่น กิจกรรม ผลการดำเนินการ) พิมพ์หนึ่งรายการต่อหนึ่งบรรทัด
    ไม่ต้องพิมพ์เลขข้อ โปรแกรมใส่เลขให้เมื่อพิมพ์รายงาน
  ตัวเลขพิมพ์เป็นเลขไทยหรือเลขอารบิกก็ได้
  ลูกศรซ้ายขวาเลื่อนทีละตัวอักษรพร้อมสระและวรรณยุกต์
    Backspace ลบเฉพาะตัวสุดท้ายที่พิมพ์ (เช่น วรรณยุกต์ที่พิมพ์ผิด)
  ⚠ คือไฟล์ที่อ่านไม่ได้ แบบฟอร์มจะบอกไฟล์และบรรทัดที่ผิด

การบันทึกต้องมีชื่อผู้บันทึก (git config user.name และ user.email
หรือ [officer] ในไฟล์ตั้งค่าของ itatui) ทุกการบันทึกจึงระบุได้ว่าใครแก้อะไรเมื่อใด

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
