"""The command palette (ctrl+p): every action of the editor and "ไปที่ ..." for every record,
in Thai, as a Textual command :class:`Provider` (the app lists it in ``COMMANDS``)."""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from itatui.core import schema
from itatui.tui import thai_text

NO_MATCHES = "ไม่พบคำสั่ง ลองพิมพ์คำอื่น (ไทยหรืออังกฤษ) หรือกด F1 ดูปุ่มลัดทั้งหมด"

#: other words, Thai and English, an officer may type for a command (its title matches too)
KEYWORDS: dict[str, str] = {
    "บันทึก": "save commit เซฟ ctrl+s",
    "บันทึกทั้งหมด": "save all commit เซฟ",
    "โหลดใหม่": "reload refresh อ่านใหม่ ctrl+r",
    "โหลดทั้งหมดใหม่": "reload all refresh อ่านใหม่",
    "ตัวอย่างรายงาน": "preview พรีวิว ดูรายงาน f2",
    "ปัญหาที่ตรวจพบ": "problems errors check ข้อผิดพลาด ตรวจสอบ f3",
    "ตรวจรายงานใหม่": "check validate ตรวจสอบ f5",
    "ขยาย/ย่อแผงข้าง": "widen panel side แผง f11",
    "ประวัติของระเบียนนี้": "history log git blame ใครแก้ f4",
    "ซิงก์กับคลังกลาง": "sync ซิงค์ คลังกลาง ส่ง รับ push pull fetch remote share แชร์ f6",
    "ส่งออก Markdown": "export md markdown เว็บไซต์ website f8",
    "ส่งออก PDF": "export pdf พิมพ์ print f9",
    "ส่งออกแผนเป็น PDF": "export plan pdf แผน มาตรการส่งเสริมคุณธรรม o25 พิมพ์ print",
    "ส่งออกแผนเป็น Markdown": "export plan md markdown แผน มาตรการส่งเสริมคุณธรรม o25 เว็บไซต์",
    "ตรวจแผน": "check plan validate แผน ตรวจสอบ ปัญหา o25",
    "ตรวจรายงาน": "check report validate รายงานผล ตรวจสอบ ปัญหา o26",
    "อนุมัติรายงาน": "approve sign sign-off อนุมัติ ลงนาม เห็นชอบ ผู้บังคับบัญชา หัวหน้า o26",
    "อนุมัติแผน": "approve plan sign sign-off อนุมัติ ลงนาม เห็นชอบ แผน มาตรการส่งเสริมคุณธรรม o25",
    "เพิ่มประเด็น": "add issue new ใหม่ i",
    "เพิ่มมาตรการ": "add measure new ใหม่ a",
    "ลบประเด็นหรือมาตรการ": "delete remove ลบ issue measure",
    "ย้ายขึ้น": "move up reorder ลำดับ",
    "ย้ายลง": "move down reorder ลำดับ",
    "เพิ่มผู้ให้ความเห็น": "add approval signer ผู้ลงนาม ความเห็น",
    "เพิ่มปีของคะแนน": "add year score คะแนน ปีงบประมาณ",
    "เพิ่มตัวชี้วัดในคะแนน": "add indicator score คะแนน",
    "บันทึกการแก้ไขที่ค้างอยู่ในไฟล์": "recover uncommitted commit กู้คืน ค้าง",
    "ตั้งค่า": "settings preferences config identity name email ชื่อ อีเมล ธีม theme "
               "digits ตัวเลข f10",
    "สลับธีมสว่าง/มืด": "toggle dark light theme มืด สว่าง",
    "เลือกธีม": "theme colour color สี",
    "กลับไปที่รายการ": "tree list focus รายการ ctrl+t",
    "ช่วยเหลือ": "help keys คู่มือ ปุ่มลัด f1",
    "ออก": "quit exit close ปิด ctrl+q",
    "เริ่มปีงบประมาณใหม่": "new year, new fiscal year, new-year, next year, ปีใหม่ ปีถัดไป ยกมาตรการ",
}


def _served() -> bool:
    from itatui.tui.served import served_role

    return served_role() is not None


def keywords(title: str) -> str:
    """:data:`KEYWORDS` of ``title``; served, without ctrl+t (the browser keeps it)."""
    words = KEYWORDS.get(title, "")
    return " ".join(w for w in words.split() if w != "ctrl+t") if _served() else words


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
        ("ซิงก์กับคลังกลาง", "ส่งและรับการแก้ไขกับคลังกลางที่ใช้ร่วมกัน (F6)", app.action_sync),
        ("ส่งออก Markdown", "เขียนรายงานเป็นไฟล์ .md ในโฟลเดอร์ส่งออกที่ตั้งใน F10 (F8)",
         partial(app.action_export, "md")),
        ("ส่งออก PDF", "เขียนรายงานเป็นไฟล์ PDF ในโฟลเดอร์ส่งออกที่ตั้งใน F10 (F9)",
         partial(app.action_export, "pdf")),
        ("ส่งออกแผนเป็น PDF", "เขียนแผน (มาตรการส่งเสริมคุณธรรม) เป็นไฟล์ PDF "
         "ในโฟลเดอร์ส่งออกที่ตั้งใน F10", partial(app.exporter.start, "pdf", "plan")),
        ("ส่งออกแผนเป็น Markdown", "เขียนแผน (มาตรการส่งเสริมคุณธรรม) เป็นไฟล์ .md "
         "ในโฟลเดอร์ส่งออกที่ตั้งใน F10", partial(app.exporter.start, "md", "plan")),
        ("ตรวจแผน", "ตรวจระเบียนของแผนและมาตรการ แสดงปัญหาในแผงปัญหา (F5 ตรวจซ้ำ)",
         partial(app.panel.check_document, "plan")),
        ("ตรวจรายงาน", "ให้แผงปัญหากลับมาตรวจรายงานผล (หลังตรวจแผน)",
         partial(app.panel.check_document, "report")),
        ("อนุมัติรายงาน", "อนุมัติรายงานฉบับที่บันทึกล่าสุดในบทบาทของท่าน (itatui approve)",
         partial(app.approving.start, "report")),
        ("อนุมัติแผน", "อนุมัติแผนฉบับที่บันทึกล่าสุด (itatui approve --document plan)",
         partial(app.approving.start, "plan")),
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
        ("ตั้งค่า", "ธีม ตัวเลข และโฟลเดอร์ส่งออก (ชื่อผู้บันทึกมาจากการเข้าสู่ระบบ) (F10)"
         if _served() else "ชื่อผู้บันทึก อีเมล ธีม และตัวเลข (F10)", app.action_settings),
        ("สลับธีมสว่าง/มืด", "สลับระหว่าง textual-light และ textual-dark",
         app.action_toggle_dark),
        ("เลือกธีม", "เลือกธีมสีของหน้าจอ", app.action_change_theme),
        ("กลับไปที่รายการ", "ย้ายไปที่รายการทางซ้าย" + ("" if _served() else " (ctrl+t)"),
         app.action_focus_tree),
        ("ช่วยเหลือ", "ปุ่มลัดและวิธีใช้ (F1)", app.action_help),
        ("ออก", "ออกจากโปรแกรม (ctrl+q)", app.action_quit),
        ("เริ่มปีงบประมาณใหม่", "ยกประเด็นและมาตรการไปปีถัดไป ล้างผลการดำเนินการ (itatui new-year)",
         partial(new_year, app)),
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


def new_year(app: Any) -> None:
    """"เริ่มปีงบประมาณใหม่": after a confirmation, :func:`itatui.core.newyear.start_new_year`
    (what ``itatui new-year`` runs) in one commit, then every record read again. Refused while
    the form holds unsaved edits."""
    from itatui.core.thai import to_thai_digits as th
    from itatui.tui.screens.confirm import ConfirmScreen

    app.capture_form()
    if app.pending:
        app.notify("มีการแก้ไขที่ยังไม่ได้บันทึก บันทึก (ctrl+s) หรือทิ้งก่อน แล้วจึงเริ่มปีงบประมาณใหม่",
                   title="ยังไม่เริ่มปีใหม่", severity="warning", timeout=10)
        return
    report = app.records.get(schema.KIND_BY_NAME["report"].singleton_path)
    fy = report.get("fiscal_year") if report is not None and report.error is None else None
    if not isinstance(fy, int) or isinstance(fy, bool):
        app.notify("อ่านปีงบประมาณในรายงานไม่ได้ (records/report.toml)",
                   title="ยังไม่เริ่มปีใหม่", severity="error", timeout=10)
        return
    question = (f"เริ่มปีงบประมาณ พ.ศ. {th(fy + 1)} จากปีงบประมาณ พ.ศ. {th(fy)} หรือไม่\n"
                "ยกประเด็นและมาตรการไป ล้างผลการดำเนินการและผลลัพธ์ทุกมาตรการ เลื่อนช่วงเวลา "
                "วันที่ และปีในบันทึกข้อความไปปีถัดไป เป็นหนึ่งคอมมิต "
                f"(ปี {th(fy)} ยังเปิดดูได้จากประวัติ: itatui render --year {fy})")

    async def answered(yes: bool | None) -> None:
        if not yes:
            return
        from itatui.core.errors import ItatuiError
        from itatui.core.newyear import start_new_year

        try:
            done = start_new_year(app.workspace)
        except ItatuiError as exc:
            app.notify(str(exc), title="ไม่ได้เริ่มปีใหม่", severity="error", timeout=15)
            return
        await app.reload_all()
        app.records_changed()
        app.after_commit()
        app.notify(f"{done.message.splitlines()[0]}\nคอมมิต {done.sha[:7]} "
                   f"(แก้ {th(len(done.changes))} ระเบียน)", title="เริ่มปีใหม่แล้ว")

    app.push_screen(ConfirmScreen(question, "เริ่มปีใหม่", "ยกเลิก"), answered)


def help_actions(app: Any) -> list[tuple[str, str, str]]:
    """Every action of the palette for the help (F1): title, what it does, other words."""
    return [(command.title, command.help, keywords(command.title))
            for command in commands(app) if command.discover]


class ReportCommands(Provider):
    """The editor's commands: shown sorted when the palette opens (the actions), matched with
    Textual's fuzzy matcher as the officer types (the actions and the records)."""

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in sorted(commands(self.app),
                                                           key=lambda command: command[0]):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """A command matches by its title or by one of its :data:`KEYWORDS` (Thai or
        English: ซิงก์, sync, คลังกลาง ...)."""
        matcher = self.matcher(query)
        words = query.strip().casefold()
        for title, help_text, callback, *_ in commands(self.app):
            match = matcher.match(title)
            shown = matcher.highlight(title) if match > 0 else Text(title)
            title_words = keywords(title)
            if match <= 0 and title_words:
                if words and words in title_words.casefold():
                    match = 0.9
                else:
                    match = max((matcher.match(word) for word in title_words.split()),
                                default=0) * 0.8
            if match > 0:
                yield Hit(match, shown, callback, help=help_text)


class ThaiCommandPalette(CommandPalette):
    """Textual's palette that says in Thai when nothing matches (Textual's text, "No matches
    found", is written in its countdown, hence this override of it)."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(NO_MATCHES, style="not bold")), disabled=True,
                    id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
