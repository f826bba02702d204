"""The audit TUI's command palette (ctrl+p) and help (F1), in Thai.

The palette lists the auditor's own commands (the tabs, the filters, the export of the
timeline, a screenshot) and, as the auditor types, one command per officer ("เฉพาะการแก้ไขของ
..."), per record ("ประวัติของ ...", "ผู้แก้ไขล่าสุดของ ...") and per fiscal year ("ลำดับเวลาของ
ปีงบประมาณ ...", "รายงานของปีงบประมาณ ...", "แผนของปีงบประมาณ ..."): the editor's
:class:`~itatui.tui.palette.ReportCommands` pattern, with its Thai palette and help screen.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import VerticalScroll
from textual.widgets import Static

from itatui.core import schema
from itatui.core.thai import to_thai_digits
from itatui.tui.screens.help import COMMANDS_HEADING, HelpScreen

#: (tab id, its name, its key, its name in the footer): the keys 1-6 switch tabs
TABS = (("tab-timeline", "ลำดับเวลา", "1", "ลำดับเวลา"),
        ("tab-compare", "เทียบฉบับ", "2", "เทียบ"),
        ("tab-blame", "ผู้แก้ไขล่าสุด", "3", "ผู้แก้ล่าสุด"),
        ("tab-asof", "รายงาน ณ ฉบับ", "4", "ณ ฉบับ"),
        ("tab-approvals", "อนุมัติและเผยแพร่", "5", "อนุมัติ"),
        ("tab-years", "ปีงบประมาณ", "6", "ปีงบ"))

#: other words, Thai and English, an auditor may type for a command (its title matches too)
KEYWORDS: dict[str, str] = {
    "ลำดับเวลา": "timeline log history ประวัติ 1",
    "เทียบฉบับ": "compare diff versions เปรียบเทียบ 2",
    "ผู้แก้ไขล่าสุด": "blame who ใครแก้ 3",
    "รายงาน ณ ฉบับ": "as of report version revision tag ณ วันที่ 4",
    "อนุมัติและเผยแพร่": "approvals releases signatures ลายมือชื่อ verify 5",
    "ปีงบประมาณ": "years fiscal year ปี ปีงบ new-year ปีใหม่ render --year 6",
    "กรองตามปีงบประมาณ": "filter year fiscal ปี ปีงบ เฉพาะปี",
    "กรองตามผู้แก้ไข": "filter officer author who ผู้แก้ไข เจ้าหน้าที่",
    "กรองตามระเบียน": "filter record file ไฟล์ มาตรการ ประเด็น",
    "กรองตามวันที่": "filter date since until ตั้งแต่ ถึง ช่วงวันที่",
    "กรองตามช่อง": "filter field key ช่อง",
    "ล้างตัวกรอง": "clear reset filters ทั้งหมด",
    "ส่งออกลำดับเวลาเป็น CSV": "export csv excel spreadsheet ตาราง ไฟล์",
    "ส่งออกลำดับเวลาเป็น Markdown": "export markdown md ไฟล์ รายงาน",
    "บันทึกภาพหน้าจอ": "screenshot svg capture ภาพ",
    "โหลดใหม่": "reload refresh อ่านใหม่ f5",
    "สลับธีมสว่าง/มืด": "toggle dark light theme มืด สว่าง",
    "ช่วยเหลือ": "help keys คู่มือ ปุ่มลัด f1",
    "ออก": "quit exit close ปิด ctrl+q",
}


def commands(app: Any) -> Iterable[SystemCommand]:
    """The palette's commands of the audit ``app``: its actions in the order the help lists
    them, then one per officer and per record (found by typing, not listed on opening)."""
    actions = [(name, f"ไปที่แท็บ{name} (ปุ่ม {key})", partial(app.action_tab, tab))
               for tab, name, key, _short in TABS]
    actions += [
        ("กรองตามผู้แก้ไข",
         "พิมพ์ชื่อหรืออีเมลผู้แก้ไขในลำดับเวลา (หรือพิมพ์ชื่อในรายการคำสั่งนี้)",
         partial(app.action_filter, "author")),
        ("กรองตามระเบียน", "พิมพ์ไฟล์ระเบียนในลำดับเวลา (หรือพิมพ์ชื่อระเบียนในรายการคำสั่งนี้)",
         partial(app.action_filter, "record")),
        ("กรองตามวันที่", "ช่วงวันที่ เช่น 2569-01-01 หรือ 31 ม.ค. 2569",
         partial(app.action_filter, "since")),
        ("กรองตามช่อง", "เฉพาะการแก้ไขช่องนี้ เช่น outcome", partial(app.action_filter, "field")),
        ("กรองตามปีงบประมาณ", "เลือกปีในแท็บปีงบประมาณ (ปุ่ม 6) แล้วกด Enter: "
         "ลำดับเวลาเฉพาะคอมมิตของปีนั้น", partial(app.action_tab, "tab-years")),
        ("ล้างตัวกรอง", "แสดงทุกรายการของลำดับเวลา ทุกปี", app.action_clear_filters),
        ("ส่งออกลำดับเวลาเป็น CSV", "เขียนลำดับเวลาตามตัวกรองเป็นไฟล์ CSV (เปิดด้วย Excel ได้)",
         partial(app.action_export, "csv")),
        ("ส่งออกลำดับเวลาเป็น Markdown", "เขียนลำดับเวลาตามตัวกรองเป็นตาราง Markdown",
         partial(app.action_export, "md")),
        ("บันทึกภาพหน้าจอ", "เขียนภาพหน้าจอนี้เป็นไฟล์ SVG ในโฟลเดอร์ปัจจุบัน",
         app.action_save_screenshot),
        ("โหลดใหม่", "อ่านประวัติจาก git อีกครั้ง (F5)", app.action_refresh),
        ("สลับธีมสว่าง/มืด", "สลับระหว่าง textual-light และ textual-dark",
         app.action_toggle_dark),
        ("ช่วยเหลือ", "ปุ่มลัดและวิธีใช้ (F1)", app.action_help),
        ("ออก", "ออกจากโปรแกรม (ctrl+q)", app.action_quit),
    ]
    for title, help_text, callback in actions:
        yield SystemCommand(title, help_text, callback)
    for name, email in app.officers():
        yield SystemCommand(f"เฉพาะการแก้ไขของ {name}", email,
                            partial(app.filter_by, "author", email or name), discover=False)
    for row in app.years():
        year = to_thai_digits(row.year.year)
        yield SystemCommand(f"ลำดับเวลาของปีงบประมาณ พ.ศ. {year}", "เฉพาะคอมมิตของปีนั้น",
                            partial(app.year_timeline, row.year.year), discover=False)
        yield SystemCommand(f"รายงานของปีงบประมาณ พ.ศ. {year}",
                            f"ณ ฉบับล่าสุดของปี (itatui render --year {row.year.year})",
                            partial(app.year_document, "report", row.year.year),
                            discover=False)
        if not row.has_plan:
            continue
        yield SystemCommand(f"แผนของปีงบประมาณ พ.ศ. {year}",
                            f"ณ ฉบับล่าสุดของปี (itatui render --document plan --year "
                            f"{row.year.year})",
                            partial(app.year_document, "plan", row.year.year), discover=False)
    for path in app.record_paths():
        title = schema.title_of(path)
        yield SystemCommand(f"ประวัติของ {title}", path,
                            partial(app.filter_by, "record", path), discover=False)
        yield SystemCommand(f"ผู้แก้ไขล่าสุดของ {title}", path,
                            partial(app.blame_record, path), discover=False)


def help_actions(app: Any) -> list[tuple[str, str, str]]:
    """Every action of the palette for the help (F1): title, what it does, other words."""
    return [(c.title, c.help, KEYWORDS.get(c.title, "")) for c in commands(app) if c.discover]


HELP_TEXT = """\
itatui audit — หน้าจอผู้ตรวจสอบ (อ่านอย่างเดียว ไม่เขียนสิ่งใดลงในคลัง)
ใครแก้อะไร เมื่อใด ช่องใดเปลี่ยนอย่างไร ใครอนุมัติ และฉบับใดเผยแพร่แล้ว

แท็บ: กดเลข 1-6 (ถ้าอยู่ในช่องกรอก กด Esc ออกจากช่องก่อน)
  1 ลำดับเวลา
      ทุกคอมมิต ใหม่สุดก่อน พร้อมสถานะลายมือชื่อ (สีแดง = ผิดพลาด)
      ลูกศรขึ้นลงเลือกแถว ด้านล่างแสดงช่องที่เปลี่ยนแบบเทียบคำ
      [-คำที่ลบ-] {+คำที่เพิ่ม+}
      ตัวกรองใต้ตาราง: ระเบียน ผู้แก้ไข ตั้งแต่ ถึง ช่อง แล้วกด Enter
      วันที่: 2569-01-31, 31 ม.ค. 2569 หรือ 2026-01-31
  2 เทียบฉบับ
      ใส่ commit หรือ tag สองฉบับ (ระเบียนไม่บังคับ) แล้วกด Enter
  3 ผู้แก้ไขล่าสุด
      เลือกระเบียน: ทุกช่อง และทุกข้อของรายการ (๑. ๒. ...)
      ใครแก้ล่าสุด เมื่อใด ในคอมมิตใด
  4 รายงาน ณ ฉบับ
      รายงานทั้งฉบับตามที่เป็นใน commit, tag หรือวันที่
  5 อนุมัติและเผยแพร่
      การอนุมัติ ฉบับที่เผยแพร่ ลายมือชื่อ และผลตรวจประวัติ
  6 ปีงบประมาณ
      ทุกปีงบประมาณในประวัติ (เริ่มปีใหม่ด้วย itatui new-year)
      วันที่ของฉบับแรกและฉบับล่าสุดของปี จำนวนคอมมิต และฉบับที่เผยแพร่
      Enter  ลำดับเวลาเฉพาะคอมมิตของปีที่เลือก (ล้างตัวกรอง: แสดงทุกปี)
      r      รายงานของปีนั้น ณ ฉบับล่าสุดของปี (itatui render --year)
      p      แผนของปีนั้น ณ ฉบับล่าสุดของปี

ปุ่มลัด
  tab, shift+tab  ส่วนถัดไป/ก่อนหน้า (ตารางก่อน แล้วตัวกรอง)
  Esc             กลับไปที่ตารางของแท็บ
  F5              โหลดประวัติใหม่จาก git
  ctrl+p          รายการคำสั่ง: พิมพ์ภาษาไทยหรืออังกฤษ
                  เช่น ชื่อผู้แก้ไข ชื่อระเบียน csv
  F1              หน้าช่วยเหลือนี้
  ctrl+q          ออกจากโปรแกรม

ส่งออกลำดับเวลา (ctrl+p แล้วพิมพ์ csv หรือ markdown)
  เขียนรายการตามตัวกรองที่ใช้อยู่ลงไฟล์ (แสดงชื่อไฟล์ให้แก้ได้ก่อน)
  แล้วบอกที่อยู่ของไฟล์ที่เขียน

กด Esc หรือ F1 เพื่อปิดหน้านี้"""


def help_text(actions: list[tuple[str, str, str]] = ()) -> str:
    """The audit help, then every command of the palette: (title, what it does, words)."""
    body, closing = HELP_TEXT.rsplit("\n\n", 1)
    lines = [body, "", COMMANDS_HEADING]
    for title, what, words in actions:
        lines.append(f"  {title}")
        lines.append(f"      {what}")
        if words:
            lines.append(f"      คำค้น: {words}")
    return "\n".join(lines + ["", closing])


class AuditHelpScreen(HelpScreen):
    """F1 of the audit TUI: the editor's help screen with the auditor's text."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(help_text(self.actions)), id="help-body")


class AuditCommands(Provider):
    """The auditor's commands: shown sorted by tab order when the palette opens, matched with
    Textual's fuzzy matcher (titles and :data:`KEYWORDS`) as the auditor types."""

    async def discover(self) -> Hits:
        for command in commands(self.app):
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = query.strip().casefold()
        for command in commands(self.app):
            title = command.title
            match = matcher.match(title)
            shown = matcher.highlight(title) if match > 0 else Text(title)
            keywords = KEYWORDS.get(title, "") + " " + (command.help or "")
            if match <= 0 and keywords.strip():
                if words and words in keywords.casefold():
                    match = 0.9
                else:
                    match = max((matcher.match(w) for w in keywords.split()), default=0) * 0.8
            if match > 0:
                yield Hit(match, shown, command.callback, help=command.help)
