"""Record files changed but never committed (a crash, an editor outside itatui): looked for
after the first screen and from the palette, then offered for one commit."""

from __future__ import annotations

from itatui.core.errors import IdentityError, ItatuiError
from itatui.tui.background import run_reporting
from itatui.tui.messages import UncommittedFound
from itatui.tui.protocol import EditorHost


class RecoveryController:
    def __init__(self, host: EditorHost) -> None:
        self.host = host

    def find(self, asked: bool = False) -> None:
        """Look for uncommitted records in a worker (it opens the repository, GitPython, too)
        after clearing a stale lock and temporary files; ``asked``: from the palette."""
        def work() -> UncommittedFound:
            from itatui.core.locking import repository_lock
            from itatui.core.recovery import clean_temp_files, clear_stale_lock, pending

            ws = self.host.workspace
            root = ws.root
            try:
                with repository_lock(root, wait=2.0):
                    clear_stale_lock(root)
                    clean_temp_files(root)
            except ItatuiError:
                pass                   # another itatui is saving: it owns the temp files
            return UncommittedFound(pending(ws), asked)

        run_reporting(self.host, work, group="recover-asked" if asked else "recover")

    def offer(self, items: list, asked: bool) -> None:
        host = self.host
        if not [i for i in items if i.error is None]:     # broken files show ⚠ in the tree
            if asked:
                host.notify("ไม่มีไฟล์ระเบียนที่ค้างอยู่โดยยังไม่ได้คอมมิต")
            return

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            from itatui.core.recovery import commit_pending

            try:
                sha = commit_pending(host.workspace, items)
            except IdentityError as exc:
                host.notify(exc.message, title="ไม่ได้บันทึก", severity="error", timeout=15)
                return
            except ItatuiError as exc:
                host.notify(str(exc), title="ไม่ได้บันทึก", severity="error", timeout=10)
                return
            await host.reload_all()
            host.notify(f"บันทึกการแก้ไขที่ค้างอยู่แล้ว\nคอมมิต {sha[:7]}", title="บันทึกแล้ว")

        from itatui.tui.screens.recover import RecoverScreen

        host.push_screen(RecoverScreen(items), answered)
