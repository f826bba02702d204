"""Saving: ctrl+s makes one commit of the current record's edits (:meth:`Workspace.save`),
"save all" one per record, and quitting with unsaved edits asks first."""

from __future__ import annotations

from itatui.core import schema
from itatui.core.errors import IdentityError, ItatuiError, NothingToSave, RecordError
from itatui.core.form_values import changed_values
from itatui.tui.protocol import EditorHost


class SavingController:
    def __init__(self, host: EditorHost) -> None:
        self.host = host

    async def save_current(self) -> None:
        host = self.host
        if host.current is None:
            return
        host.capture_form()
        await self.save_record(host.current)

    async def save_all(self) -> None:
        host = self.host
        host.capture_form()
        if not host.pending:
            host.notify("ไม่มีการเปลี่ยนแปลงให้บันทึก", severity="warning")
            return
        for path in list(host.pending):
            if not await self.save_record(path):
                break

    async def save_record(self, path: str) -> bool:
        """Save ``path``'s pending edits as one commit. True if nothing is left to save."""
        host = self.host
        rec = host.records.get(path)
        if rec is None:
            return False
        title = rec.title
        disk = getattr(host, "disk", None)              # the app's DiskWatch
        if disk is not None and path in disk.unsettled:
            host.notify("ระเบียนนี้ถูกแก้ไขจากที่อื่นระหว่างที่ท่านแก้ไขอยู่ จึงยังไม่บันทึก "
                        "(ไม่เขียนทับการแก้ไขของผู้อื่น) — เลือกค่าที่จะใช้ในหน้าค่าที่ขัดกันก่อน "
                        "แล้วกด ctrl+s อีกครั้ง", title="ยังไม่ได้บันทึก", severity="warning",
                        timeout=10)
            return False
        if rec.error is not None:
            host.notify(str(rec.error), title=f"บันทึก{title}ไม่ได้", severity="error", timeout=10)
            return False
        try:
            values = changed_values(rec, host.pending.get(path, {}))
        except RecordError as exc:
            host.notify(str(exc), title=f"บันทึก{title}ไม่ได้", severity="error", timeout=10)
            return False
        if not values:
            host.pending.pop(path, None)
            await host.reload_record(path)
            host.notify("ไม่มีการเปลี่ยนแปลงให้บันทึก", title=title, severity="warning")
            return True
        try:
            result = host.workspace.save(rec, values)
        except NothingToSave as exc:
            host.pending.pop(path, None)
            await host.reload_record(path)
            host.notify(exc.message, title=title, severity="warning")
            return True
        except IdentityError as exc:
            host.notify(exc.message, title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        except ItatuiError as exc:
            await host.reload_record(path)
            kept = ("\nโหลดระเบียนใหม่จากดิสก์แล้ว การแก้ไขที่ยังไม่บันทึกยังอยู่ "
                    "ตรวจดูแล้วกด ctrl+s อีกครั้ง" if path in host.pending else "")
            host.notify(str(exc) + kept, title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        except Exception as exc:  # never show a traceback to the officer
            await host.reload_record(path)
            host.notify(f"เกิดข้อผิดพลาดที่ไม่คาดคิด ({type(exc).__name__}: {exc})",
                        title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        host.pending.pop(path, None)
        host.extra_keys.pop(path, None)
        await host.reload_record(path)
        summary = result.message.splitlines()[0] if result.message else title
        host.notify(f"{summary}\nคอมมิต {result.sha[:7]}", title="บันทึกแล้ว")
        host.after_commit()
        return True

    async def reload_current(self) -> None:
        """ctrl+r: read the current record again (the unsaved edits stay over it)."""
        host = self.host
        if host.current is None:
            return
        host.capture_form()
        await host.reload_record(host.current)
        rec = host.records[host.current]
        if rec.error is not None:
            host.notify(str(rec.error), title="ยังอ่านไม่ได้", severity="error", timeout=10)
        else:
            host.notify("โหลดใหม่จากดิสก์แล้ว", title=rec.title)

    # -- quitting ---------------------------------------------------------------------------
    async def quit(self) -> None:
        from itatui.tui.screens.quit import ConfirmQuitScreen

        host = self.host
        if isinstance(host.screen, ConfirmQuitScreen):
            return
        host.capture_form()
        if not host.pending:
            host.exit()
            return
        titles = [schema.title_of(p) for p in host.pending]
        host.push_screen(ConfirmQuitScreen(titles), callback=self._quit_choice)

    async def _quit_choice(self, choice: str | None) -> None:
        from itatui.tui.screens.quit import DISCARD, SAVE

        host = self.host
        if choice == DISCARD:
            host.pending.clear()          # discarded: the draft journal is cleared on exit
            host.extra_keys.clear()
            host.exit()
        elif choice == SAVE:
            for path in list(host.pending):
                if not await self.save_record(path):
                    return
            if not host.pending:
                host.exit()
        # CANCEL: keep editing
