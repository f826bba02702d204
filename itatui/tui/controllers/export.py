"""F8/F9: the saved report written as Markdown or PDF in a thread worker (the editor stays
responsive), into the folder the officer chose (F10, ``[export] folder``; by default
``~/itatui-exports/<repository>/``, outside the repository; a folder inside it is listed in
``.git/info/exclude``); the worker reports its steps and its end to the
:class:`~itatui.tui.widgets.export_bar.ExportBar`. When the checker finds errors in the saved
records the officer is asked first (the default answer: cancel). The plan (palette: "ส่งออกแผน
เป็น PDF", "ส่งออกแผนเป็น Markdown") goes the same way with ``document="plan"``; a repository
without the plan's records (records/plan/) is told so in Thai before anything starts.

The pipeline itself (records -> report with the approvals at HEAD -> Markdown or PDF with its
provenance) is :func:`itatui.publishing.export.export`, the one ``itatui render`` calls too.
"""

from __future__ import annotations

from pathlib import Path

from itatui.core import schema
from itatui.tui.background import run_reporting
from itatui.tui.messages import ExportDone, ExportFailed, ExportProgress
from itatui.tui.protocol import EditorHost


#: what the bar and the questions call each document's file
DOCUMENT_NAMES = {"report": "รายงาน", "plan": "แผน"}
NO_PLAN = ("คลังนี้ยังไม่มีระเบียนของแผน (โฟลเดอร์ records/plan/) เริ่มปีงบประมาณใหม่ "
           "(ctrl+p แล้วเลือก เริ่มปีงบประมาณใหม่ หรือคำสั่ง itatui new-year) เพื่อสร้างแผนของปีนั้น")


def has_plan(records) -> bool:
    """Do the records (path -> Record) hold the plan's own records (records/plan/)?"""
    return any(schema.document_of_kind(schema.kind_of(path).name) == "plan"
               for path in records if schema.kind_of(path) is not None)


def export_report(root: Path, fmt: str, digits: str, step, folder: Path,
                  document: str = "report") -> Path:
    """Write the ``document`` ("report" or "plan") saved in ``root`` as ``fmt`` ("md" or
    "pdf") into ``folder`` (kept out of ``git status`` when inside the repository);
    ``step(n, what)`` is told of each step. Returns the file written."""
    from itatui.publishing.export import export, keep_out_of_git

    keep_out_of_git(root, folder)
    if document == "report":        # the call as before the plan (its keyword not needed)
        return export(root, fmt, folder=folder, digits=digits, step=step)
    return export(root, fmt, folder=folder, digits=digits, step=step, document=document)


class ExportController:
    def __init__(self, host: EditorHost) -> None:
        self.host = host
        self.worker = None

    def folder(self) -> Path:
        """The folder exports go to (the config's ``[export] folder``, else the default)."""
        from itatui.core.errors import ItatuiError
        from itatui.publishing.export import export_folder

        try:
            configured = self.host.config.export_folder
        except ItatuiError:
            configured = ""
        return export_folder(self.host.root, configured)

    def errors(self, document: str = "report") -> int:
        """How many errors ``itatui check`` finds in the saved records (what is exported)."""
        from itatui.core.check import check_records
        from itatui.core.problem import ERROR

        host = self.host
        problems = check_records(list(host.records.values()), host.store.unknown_files(),
                                 digits=host.digits, document=document)
        return sum(p.severity == ERROR for p in problems)

    def start(self, fmt: str, document: str = "report") -> None:
        """Write the saved report (or plan) as Markdown or PDF in a worker; the app stays
        responsive. Errors found by the checker are told first, and the export waits for a
        yes."""
        host = self.host
        if document == "plan" and not has_plan(host.records):
            host.notify(NO_PLAN, title="ยังไม่มีแผน", severity="warning", timeout=15)
            return
        if any(w.group == "export" and w.is_running for w in host.workers):
            host.notify("กำลังส่งออกไฟล์อยู่ รอให้เสร็จก่อน", severity="warning")
            return
        host.capture_form()
        errors = self.errors(document)
        if not errors:
            self.run(fmt, document)
            return
        from itatui.tui.screens.confirm import ConfirmScreen

        from itatui.core.thai import to_thai_digits

        name = "PDF" if fmt == "pdf" else "Markdown"
        where = "(ดูได้ที่ F3 ปัญหา)" if document == "report" else "(ดูได้ที่ ctrl+p ตรวจแผน)"
        question = (f"{DOCUMENT_NAMES[document]}ที่บันทึกแล้วยังมีข้อผิดพลาด "
                    f"{to_thai_digits(errors)} รายการ {where}\n\n"
                    f"ส่งออกเป็น {name} ทั้งที่มีข้อผิดพลาดหรือไม่")

        def answered(yes: bool | None) -> None:
            if yes:
                self.run(fmt, document)

        host.push_screen(ConfirmScreen(question, yes="ส่งออกทั้งที่มีข้อผิดพลาด",
                                       no="ยกเลิก", danger=True), answered)

    def run(self, fmt: str, document: str = "report") -> None:
        """Start the export worker (no question asked)."""
        from itatui.tui.widgets.export_bar import ExportBar

        host = self.host
        if host.pending:
            host.notify("การแก้ไขที่ยังไม่บันทึกจะไม่อยู่ในไฟล์ที่ส่งออก (ส่งออกจากที่บันทึกแล้ว)",
                        title="ยังไม่ได้บันทึก", severity="warning")
        bar = host.query_one("#export-bar", ExportBar)
        name = "PDF" if fmt == "pdf" else "Markdown"
        bar.begin(f"{DOCUMENT_NAMES[document]}เป็น {name}")      # "ส่งออกแผนเป็น PDF แล้ว"
        root, digits, folder = host.root, host.digits, self.folder()

        def step(n: int, what: str) -> None:
            bar.post_message(ExportProgress(n, what))

        def work() -> None:
            try:
                bar.post_message(ExportDone(export_report(root, fmt, digits, step, folder,
                                                          document)))
            except Exception as exc:          # never a traceback: the bar tells the officer
                bar.post_message(ExportFailed(exc))

        self.worker = run_reporting(host, work, group="export",
                                    name=f"export-{fmt}" if document == "report"
                                    else f"export-{document}-{fmt}")
