"""F1: a short help in Thai, the keys and how saving works (styled by help.tcss)."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP_TEXT = """\
itatui — แก้ไขรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส (ITA)

รายการทางซ้ายคือส่วนต่าง ๆ ของรายงาน เลื่อนด้วยลูกศรขึ้นลง (หรือคลิก) แบบฟอร์ม
ข้าง ๆ แสดงช่องของส่วนที่เลือกทันที แก้ไขได้ทุกช่อง (tab เข้าไปในแบบฟอร์ม)

ปุ่มลัด
  ctrl+s      บันทึกระเบียนที่กำลังแก้ (หนึ่งครั้ง = หนึ่งคอมมิตใน git)
  ctrl+r      โหลดระเบียนใหม่จากดิสก์ (การแก้ไขที่ยังไม่บันทึกยังอยู่)
  ctrl+t      กลับไปที่รายการทางซ้าย
  tab         ไปช่องถัดไป   shift+tab  ช่องก่อนหน้า
  F2          ตัวอย่างรายงานที่จะเผยแพร่ (ส่วนที่เลือก อัปเดตตามที่พิมพ์)
  F3          ปัญหาที่ตรวจพบ (เลือกแล้วไปที่ช่องนั้น)   F5 ตรวจใหม่
  F4          ประวัติของระเบียนนี้ (ใคร เมื่อใด แก้ช่องใด)
  F6          ซิงก์: ส่งและรับการแก้ไขกับคลังกลาง (แถบบนสุดบอกสิ่งที่ยังไม่ส่ง/ยังไม่รับ)
  F11         ขยาย/ย่อแผงตัวอย่าง ปัญหา และประวัติ
  F8 / F9     ส่งออก Markdown / PDF ไปยังโฟลเดอร์ที่ตั้งใน F10 (นอกคลังรายงาน)
  F10         ตั้งค่า (ชื่อผู้บันทึก ธีม เลขไทย/อารบิก โฟลเดอร์ส่งออก)
  ctrl+p      ค้นหาคำสั่ง พิมพ์ภาษาไทยหรืออังกฤษก็ได้ (ทุกคำสั่งอยู่ในนี้ ดูท้ายหน้านี้)
  F1          หน้าช่วยเหลือนี้
  ctrl+q      ออกจากโปรแกรม (ถ้ายังไม่บันทึกจะถามก่อน)

ประเด็นและมาตรการ (ในรายการทางซ้าย)
  i           เพิ่มประเด็นต่อจากประเด็นที่เลือก
  a           เพิ่มมาตรการต่อจากมาตรการที่เลือก (ถามชื่อมาตรการก่อน Esc ยกเลิก)
  ↑/↓         แสดงระเบียนที่เลื่อนไปถึงในแบบฟอร์มทันที (ไม่ต้องกด Enter)
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
  ผู้รับผิดชอบ: เลือกจากหน่วยงานภายใน [x] เลือกแล้ว [ ] ยังไม่เลือก
    (space เลือก/ไม่เลือก, alt+↑/↓ ย้ายลำดับ)
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
  ctrl+z ย้อนการแก้ไข  ctrl+y ทำซ้ำ (ทุกช่อง รวมช่องบรรทัดเดียว)
  ข้อความยาวตัดบรรทัดระหว่างคำไทย ไม่ตัดกลางคำ

ไฟล์ถูกแก้จากที่อื่น (git pull, โปรแกรมอื่น) โปรแกรมจะโหลดใหม่ให้เอง
  ถ้าช่องเดียวกันถูกแก้ทั้งสองที่ จะแสดงค่าทั้งสองให้เลือก ไม่เขียนทับโดยไม่ถาม
  ⚠ คือไฟล์ที่อ่านไม่ได้ แบบฟอร์มจะบอกไฟล์และบรรทัดที่ผิด

การบันทึกต้องมีชื่อผู้บันทึก (F10 ตั้งค่า หรือ git config user.name และ user.email)
ทุกการบันทึกจึงระบุได้ว่าใครแก้อะไรเมื่อใด

กด Esc หรือ F1 เพื่อปิดหน้านี้"""

COMMANDS_HEADING = "คำสั่งทั้งหมดในรายการคำสั่ง (ctrl+p แล้วพิมพ์ชื่อไทยหรือคำอังกฤษ)"

#: served (itatui serve): the keys Chromium keeps for itself never reach the editor (its
#: reserved shortcuts: new tab, close tab, new window, the next/previous tab, quit; see
#: Chromium's BrowserCommandController::IsReservedCommandOrKey). The help names what works.
BROWSER_KEYS = ("ctrl+t", "ctrl+w", "ctrl+n", "ctrl+tab", "ctrl+shift+t", "ctrl+shift+w",
                "ctrl+shift+n", "ctrl+shift+q", "ctrl+pageup", "ctrl+pagedown")
LOCAL_TREE_KEY = "  ctrl+t      กลับไปที่รายการทางซ้าย\n"
SERVED_TREE_KEY = "  ctrl+p      แล้วพิมพ์ \"กลับไปที่รายการ\" — กลับไปที่รายการทางซ้าย\n"
#: served, the name on every commit is the logged-in officer's: F10 does not change it
LOCAL_F10 = "F10         ตั้งค่า (ชื่อผู้บันทึก ธีม เลขไทย/อารบิก โฟลเดอร์ส่งออก)"
SERVED_F10 = "F10         ตั้งค่า (ธีม เลขไทย/อารบิก โฟลเดอร์ส่งออก)"
LOCAL_IDENTITY = "การบันทึกต้องมีชื่อผู้บันทึก (F10 ตั้งค่า หรือ git config user.name และ user.email)"
SERVED_IDENTITY = "ชื่อผู้บันทึกคือชื่อและอีเมลที่ใช้เข้าสู่ระบบ itatui serve (เปลี่ยนใน F10 ไม่ได้)"
SERVED_NOTE = """\
ในเว็บเบราว์เซอร์ (itatui serve)
  ctrl+t ctrl+w ctrl+n ctrl+tab เป็นปุ่มของเบราว์เซอร์ (แท็บใหม่ ปิดแท็บ หน้าต่างใหม่
  สลับแท็บ) โปรแกรมไม่ได้รับ — ทุกคำสั่งเรียกได้จาก ctrl+p (พิมพ์ชื่อคำสั่ง)
  ctrl+w ในเบราว์เซอร์คือปิดแท็บนี้ ไม่ใช่ลบคำ
  ออกจากระบบด้วยปุ่ม "ออกจากระบบ" ที่แถบด้านบนของหน้า"""


def served() -> bool:
    """The editor runs under itatui serve (in a browser)."""
    from itatui.tui.served import served_role

    return served_role() is not None


def help_text(actions: list[tuple[str, str, str]] = (), *, in_browser: bool | None = None
              ) -> str:
    """The help, then every command of the palette: (title, what it does, other words).
    ``in_browser`` (default: :func:`served`): no key the browser keeps, and what to use."""
    text = HELP_TEXT
    browser = served() if in_browser is None else in_browser
    if browser:                         # the note right after the keys it is about
        keys, rest = text.split("\n\nประเด็นและมาตรการ", 1)
        text = (keys.replace(LOCAL_TREE_KEY, SERVED_TREE_KEY).replace(LOCAL_F10, SERVED_F10)
                + "\n\n" + SERVED_NOTE + "\n\nประเด็นและมาตรการ"
                + rest.replace(LOCAL_IDENTITY, SERVED_IDENTITY))
    if not actions:
        return text
    body, closing = text.rsplit("\n\n", 1)
    lines = [body, "", COMMANDS_HEADING]
    for title, what, words in actions:
        if browser:                     # "(ctrl+t)" after a command: a key that never arrives
            what = re.sub(r"\s*\((%s)\)" % "|".join(map(re.escape, BROWSER_KEYS)), "", what)
            words = " ".join(w for w in words.split() if w not in BROWSER_KEYS)
        lines.append(f"  {title} — {what}")
        if words:
            lines.append(f"      คำค้น: {words}")
    return "\n".join(lines + ["", closing])


class HelpScreen(ModalScreen[None]):
    """A short help in Thai, then every command of the palette (``actions``)."""

    BINDINGS = [
        Binding("escape,f1,q", "close", "ปิด"),
    ]

    def __init__(self, actions: list[tuple[str, str, str]] = ()) -> None:
        super().__init__()
        self.actions = list(actions)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(help_text(self.actions)), id="help-body")

    def action_close(self) -> None:
        self.dismiss(None)
