"""A field changed both in the editor (not saved yet) and on disk (a pull, another editor): the
sync conflict screen, worded for this case. "ของเรา" is the text in the editor, "จากไฟล์บนดิสก์"
the value now in the file, "เดิม" the value both started from."""

from __future__ import annotations

from textual.widgets import Static

from itatui.tui.screens.conflicts import ConflictScreen

DISK = "ไฟล์บนดิสก์"


class DiskConflictScreen(ConflictScreen):
    def __init__(self, conflicts: list) -> None:
        super().__init__(conflicts, remote=DISK)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#conflicts-title", Static).update(
            f"ระเบียนถูกแก้ไขจากที่อื่นระหว่างที่ท่านแก้ไขอยู่: {len(self.conflicts)} ช่อง "
            "ถูกแก้ทั้งสองที่ — เลือกค่าที่จะใช้ในแต่ละช่อง แล้วกด \"ใช้ค่าที่เลือก\" "
            "(ยังไม่บันทึกจนกว่าจะกด ctrl+s)")
