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

    # -- a record that cannot be read ---------------------------------------------------------
    async def broken(self, path: str, action: str) -> None:
        """The broken record's view was shown ("shown": look for a version to give back in a
        worker), or the officer chose "restore" or "edit"."""
        if action == "shown":
            self._find_restore_point(path)
        elif action == "restore":
            await self.restore(path)
        elif action == "edit":
            await self.edit_outside(path)

    def _view(self, path: str):
        from itatui.tui.widgets.broken_record import BrokenRecordView

        for view in self.host.form.query(BrokenRecordView):
            if view.record.path == path:
                return view
        return None

    def _find_restore_point(self, path: str) -> None:
        view = self._view(path)
        if view is None:
            return
        host = self.host

        def work() -> None:
            from itatui.core.recovery import restore_point

            view.post_message(view.RestorePoint(restore_point(host.workspace, path)))

        run_reporting(host, work, group="restore-point")

    async def restore(self, path: str) -> None:
        """Give ``path`` back its last committed version (one commit when the broken text was
        committed; the broken text is kept under .git/itatui/broken/)."""
        from itatui.core.recovery import restore_committed

        host = self.host
        try:
            done = restore_committed(host.workspace, path)
        except ItatuiError as exc:              # no identity, a locked index, ...: said in Thai
            host.notify(str(exc), title="ไม่ได้คืนฉบับเดิม", severity="error", timeout=15)
            return
        await host.reload_record(path)
        host.records_changed()
        if done.commit:
            host.after_commit()
        try:
            shown = done.copy.relative_to(host.root)
        except ValueError:
            shown = done.copy
        made = (f"บันทึกเป็นคอมมิตใหม่ {done.commit[:7]}" if done.commit else
                "ไม่มีคอมมิตใหม่ เพราะฉบับล่าสุดในประวัติคือฉบับนี้อยู่แล้ว")
        host.notify(f"คืนเป็นฉบับของคอมมิต {done.source[:7]} แล้ว {made}\n"
                    f"เก็บสำเนาไฟล์ที่อ่านไม่ได้ไว้ที่ {shown}",
                    title="คืนฉบับที่บันทึกล่าสุดแล้ว", timeout=20)

    async def edit_outside(self, path: str) -> None:
        """Suspend the app, open ``path`` in $VISUAL / $EDITOR (else nano, vi, ...), then read
        it again; a record that reads now is offered for one commit."""
        import subprocess

        from textual.app import SuspendNotSupported

        from itatui.tui.widgets.broken_record import editor_command

        host = self.host
        cmd, name = editor_command()
        if cmd is None:
            host.notify(name, title="เปิดโปรแกรมแก้ข้อความไม่ได้", severity="error", timeout=15)
            return
        try:
            with host.suspend():
                code = subprocess.run([*cmd, str(host.root / path)]).returncode
        except SuspendNotSupported:
            host.notify("หน้าจอนี้ส่งต่อให้โปรแกรมอื่นไม่ได้ แก้ไฟล์ด้วยโปรแกรมอื่นแล้วกด ctrl+r",
                        title="เปิดโปรแกรมแก้ข้อความไม่ได้", severity="error", timeout=15)
            return
        except OSError as exc:
            host.notify(f"เปิด {name} ไม่ได้ ({exc.strerror or exc})",
                        title="เปิดโปรแกรมแก้ข้อความไม่ได้", severity="error", timeout=15)
            return
        await host.reload_record(path)
        host.records_changed()
        rec = host.records.get(path)
        if rec is not None and rec.error is not None:
            host.notify(f"ไฟล์ยังอ่านไม่ได้: {rec.error}", title=f"ปิด {name} แล้ว",
                        severity="warning", timeout=15)
        elif code != 0:
            host.notify(f"{name} จบด้วยรหัส {code}", title=f"ปิด {name} แล้ว",
                        severity="warning")
        else:
            self.find()                 # the file reads now: offered for one commit
