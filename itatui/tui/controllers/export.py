"""F8/F9: the saved report written as Markdown or PDF under ``exports/`` in a thread worker
(the editor stays responsive); the worker reports its steps and its end to the
:class:`~itatui.tui.widgets.export_bar.ExportBar`.

The pipeline itself (records -> report with the approvals at HEAD -> Markdown or PDF with its
provenance) is :func:`itatui.publishing.export.export`, the one ``itatui render`` calls too.
"""

from __future__ import annotations

from pathlib import Path

from itatui.tui.background import run_reporting
from itatui.tui.messages import ExportDone, ExportFailed, ExportProgress
from itatui.tui.protocol import EditorHost

EXPORT_DIR = "exports"


def export_report(root: Path, fmt: str, digits: str, step) -> Path:
    """Write the report saved in ``root`` as ``fmt`` ("md" or "pdf") under ``exports/``;
    ``step(n, what)`` is told of each step. Returns the file written."""
    from itatui.publishing.export import export

    return export(root, fmt, folder=root / EXPORT_DIR, digits=digits, step=step)


class ExportController:
    def __init__(self, host: EditorHost) -> None:
        self.host = host
        self.worker = None

    def start(self, fmt: str) -> None:
        """Write the saved report as Markdown or PDF in a worker; the app stays responsive."""
        from itatui.tui.widgets.export_bar import ExportBar

        host = self.host
        if any(w.group == "export" and w.is_running for w in host.workers):
            host.notify("กำลังส่งออกไฟล์อยู่ รอให้เสร็จก่อน", severity="warning")
            return
        host.capture_form()
        if host.pending:
            host.notify("การแก้ไขที่ยังไม่บันทึกจะไม่อยู่ในไฟล์ที่ส่งออก (ส่งออกจากที่บันทึกแล้ว)",
                        title="ยังไม่ได้บันทึก", severity="warning")
        bar = host.query_one("#export-bar", ExportBar)
        bar.begin("PDF" if fmt == "pdf" else "Markdown")
        root, digits = host.root, host.digits

        def step(n: int, what: str) -> None:
            bar.post_message(ExportProgress(n, what))

        def work() -> None:
            try:
                bar.post_message(ExportDone(export_report(root, fmt, digits, step)))
            except Exception as exc:          # never a traceback: the bar tells the officer
                bar.post_message(ExportFailed(exc))

        self.worker = run_reporting(host, work, group="export", name=f"export-{fmt}")
