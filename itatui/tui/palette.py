"""The command palette (ctrl+p): every action of the editor and "ไปที่ ..." for every record,
in Thai, as a Textual command :class:`Provider` (the app lists it in ``COMMANDS``)."""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from itatui.core import schema
from itatui.tui import thai_text

def commands(app: Any) -> Iterable[SystemCommand]:
    """The palette's commands of the editor ``app``: its actions, in the order the help lists
    them, then one "ไปที่ ..." per record (found by typing, not listed on opening)."""
    actions = [
        ("บันทึก", "บันทึกระเบียนที่กำลังแก้ไขเป็นหนึ่งคอมมิต (ctrl+s)", app.action_save),
        ("บันทึกทั้งหมด", "บันทึกทุกระเบียนที่มีการแก้ไขค้างอยู่", app.action_save_all),
        ("โหลดใหม่", "โหลดระเบียนนี้ใหม่จากดิสก์ (ctrl+r)", app.action_reload),
        ("โหลดทั้งหมดใหม่", "อ่านทุกระเบียนจากดิสก์อีกครั้ง", app.action_reload_all),
        ("ตัวอย่างรายงาน", "แสดง/ซ่อนตัวอย่างส่วนที่เลือกตามที่จะเผยแพร่ (F2)",
         partial(app.action_panel, "tab-preview")),
        ("ปัญหาที่ตรวจพบ", "แสดง/ซ่อนรายการปัญหาจาก itatui check (F3)",
         partial(app.action_panel, "tab-problems")),
        ("ตรวจรายงานใหม่", "ตรวจทุกระเบียนอีกครั้ง (F5)", app.action_check),
        ("ขยาย/ย่อแผงข้าง", "ให้แผงตัวอย่าง ปัญหา ประวัติ กว้างขึ้น (F11)",
         app.action_widen_panel),
        ("ประวัติของระเบียนนี้", "ใครแก้อะไรเมื่อใด และช่องที่เปลี่ยน (F4)",
         partial(app.action_panel, "tab-history")),
        ("ส่งออก Markdown", "เขียนรายงานเป็นไฟล์ .md ในโฟลเดอร์ exports (F8)",
         partial(app.action_export, "md")),
        ("ส่งออก PDF", "เขียนรายงานเป็นไฟล์ PDF ในโฟลเดอร์ exports (F9)",
         partial(app.action_export, "pdf")),
        ("เพิ่มประเด็น", "เพิ่มประเด็นใหม่ต่อจากประเด็นที่เลือก (i ในรายการ)",
         app.action_add_issue),
        ("เพิ่มมาตรการ", "เพิ่มมาตรการใหม่ในประเด็นที่เลือก (a ในรายการ)",
         app.action_add_measure),
        ("ลบประเด็นหรือมาตรการ", "ลบระเบียนที่เลือกในรายการ (delete ในรายการ)",
         app.action_remove_record),
        ("ย้ายขึ้น", "ย้ายประเด็นหรือมาตรการที่เลือกขึ้นหนึ่งลำดับ (alt+↑ ในรายการ)",
         partial(app.action_move_record, -1)),
        ("ย้ายลง", "ย้ายประเด็นหรือมาตรการที่เลือกลงหนึ่งลำดับ (alt+↓ ในรายการ)",
         partial(app.action_move_record, 1)),
        ("เพิ่มผู้ให้ความเห็น", "เพิ่มผู้ให้ความเห็นท้ายบันทึกข้อความ",
         partial(app.structure_request, "add_approval")),
        ("เพิ่มปีของคะแนน", "เพิ่มคะแนนของปีงบประมาณใหม่",
         partial(app.structure_request, "add_year")),
        ("เพิ่มตัวชี้วัดในคะแนน", "เพิ่มคะแนนตัวชี้วัดในปีที่มีอยู่",
         partial(app.structure_request, "add_indicator")),
        ("บันทึกการแก้ไขที่ค้างอยู่ในไฟล์", "คอมมิตไฟล์ระเบียนที่เปลี่ยนแต่ยังไม่ได้คอมมิต",
         app.action_recover),
        ("ตั้งค่า", "ชื่อผู้บันทึก อีเมล ธีม และตัวเลข (F10)", app.action_settings),
        ("สลับธีมสว่าง/มืด", "สลับระหว่าง textual-light และ textual-dark",
         app.action_toggle_dark),
        ("เลือกธีม", "เลือกธีมสีของหน้าจอ", app.action_change_theme),
        ("กลับไปที่รายการ", "ย้ายไปที่รายการทางซ้าย (ctrl+t)", app.action_focus_tree),
        ("ช่วยเหลือ", "ปุ่มลัดและวิธีใช้ (F1)", app.action_help),
        ("ออก", "ออกจากโปรแกรม (ctrl+q)", app.action_quit),
    ]
    for title, help_text, callback in actions:
        yield SystemCommand(title, help_text, callback)
    for path in app.tree.paths():
        rec = app.records.get(path)
        name = ""
        if rec is not None and rec.error is None:
            name = str(rec.get("title" if rec.kind.name == "issue" else "name", "") or "")
        if rec is not None and rec.kind.name not in ("issue", "measure"):
            name = ""
        yield SystemCommand(f"ไปที่ {schema.title_of(path)}",
                            thai_text.shorten(name, 60) if name else path,
                            partial(app.goto, path), discover=False)


class ReportCommands(Provider):
    """The editor's commands: shown sorted when the palette opens (the actions), matched with
    Textual's fuzzy matcher as the officer types (the actions and the records)."""

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in sorted(commands(self.app),
                                                           key=lambda command: command[0]):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in commands(self.app):
            if (match := matcher.match(title)) > 0:
                yield Hit(match, matcher.highlight(title), callback, help=help_text)
