"""The bar at the bottom that shows an export's steps (F8, F9) and tells how it ended: it
receives the export worker's messages (:mod:`itatui.tui.messages`)."""

from __future__ import annotations

from textual.containers import Horizontal

from itatui.core.errors import ItatuiError
from itatui.tui.messages import ExportDone, ExportFailed, ExportProgress

STEPS = 4


class ExportBar(Horizontal):
    """Hidden until an export starts (class ``-busy``); styled by export_bar.tcss."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps: list[str] = []           # the steps shown, in order
        self.name_shown = ""                 # "แผนเป็น PDF", "รายงานเป็น Markdown" (or "PDF")
        self.last = None                     # the file last written

    def begin(self, name: str) -> None:
        self.add_class("-busy")
        self.steps = []
        self.name_shown = name
        self.progress(0, "เริ่ม")

    def progress(self, n: int, what: str) -> None:
        from textual.widgets import ProgressBar, Static

        self.steps.append(what)
        if not self.children:
            self.mount(Static("", id="export-label"), ProgressBar(total=STEPS, id="export-progress",
                                                                  show_eta=False))
            self.steps.pop()
            self.app.call_after_refresh(self.progress, n, what)
            return
        self.query_one("#export-label", Static).update(f"กำลังส่งออก: {what}")
        self.query_one("#export-progress", ProgressBar).update(progress=n)

    def on_export_progress(self, message: ExportProgress) -> None:
        self.progress(message.step, message.what)

    def on_export_done(self, message: ExportDone) -> None:
        self.remove_class("-busy")
        self.app.notify(f"เขียนไฟล์แล้ว: {message.path}", title=self.told("แล้ว"), timeout=15)
        self.last = message.path

    def on_export_failed(self, message: ExportFailed) -> None:
        self.remove_class("-busy")
        err = message.error
        text = str(err) if isinstance(err, ItatuiError) else \
            f"เกิดข้อผิดพลาด ({type(err).__name__}: {err})"
        self.app.notify(text, title=self.told("ไม่สำเร็จ"), severity="error", timeout=15)

    def told(self, outcome: str) -> str:
        """The notice's title: "ส่งออกแผนเป็น PDF แล้ว" (a Thai phrase follows "ส่งออก" with no
        space), "ส่งออก PDF แล้ว" (a name alone after a space)."""
        name = self.name_shown
        joint = " " if name[:1].isascii() else ""
        return f"ส่งออก{joint}{name} {outcome}"
