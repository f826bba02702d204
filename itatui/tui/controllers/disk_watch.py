"""Records changed outside the editor (another program, a pull): every second the files' stamps
are compared with those read; a changed record is reloaded, a field changed both here (unsaved)
and on disk is settled on the conflict screen, a new or removed file rebuilds the tree."""

from __future__ import annotations

from itatui.core import schema
from itatui.core.thai import to_thai_digits
from itatui.tui.protocol import EditorHost
from itatui.tui.widgets.record_tree import TOP_PATHS


class DiskWatch:
    def __init__(self, host: EditorHost) -> None:
        self.host = host
        self.stamps: dict[str, tuple[int, int]] = {}
        self.busy = False
        #: records reloaded with a field changed both here and on disk, not yet settled on the
        #: conflict screen: ctrl+s refuses them (saving now would write our text over theirs
        #: unasked), from the moment the conflict is found until the screen's choice is applied
        self.unsettled: set[str] = set()

    def _stat(self, path: str) -> tuple[int, int] | None:
        try:
            st = self.host.store.abspath(path).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def stamp(self, path: str) -> None:
        """Note ``path`` as read now."""
        stamp = self._stat(path)
        if stamp is None:
            self.stamps.pop(path, None)
        else:
            self.stamps[path] = stamp

    def stamp_all(self) -> None:
        self.stamps = {}
        for path in self.host.store.paths():
            self.stamp(path)

    async def watch(self) -> None:
        """Reload the records changed on disk since they were read (every second)."""
        if self.busy or len(self.host.screen_stack) > 1:
            return
        self.busy = True
        try:
            await self._watch_once()
        finally:
            self.busy = False

    async def _watch_once(self) -> None:
        host = self.host
        seen = {p: self._stat(p) for p in host.store.paths()}
        seen = {p: st for p, st in seen.items() if st is not None}
        changed = [p for p, st in seen.items() if self.stamps.get(p) != st]
        gone = [p for p in self.stamps if p not in seen]
        if not changed and not gone:
            return
        layout = False
        reloaded: list[str] = []
        conflicts: list = []
        for path in changed:
            old = host.records.get(path)
            try:
                text = host.store.abspath(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
            if old is not None and text is not None and text == old.text and old.text:
                self.stamps[path] = seen[path]
                continue
            new = host.store.load(path)
            if old is None or (old.error is not None and not old.text):
                layout = True                                  # a new record
            elif path in host.pending and old.error is None and new.error is None:
                from itatui.core.sync.conflict_report import disk_conflicts

                found = disk_conflicts(old, new, host.pending[path])
                if found:
                    self.unsettled.add(path)            # before the reload lets a key in
                conflicts += found
            await host.replace_record(new)
            reloaded.append(path)
        for path in gone:
            self.stamps.pop(path, None)
            if path in host.pending or path in TOP_PATHS:
                await host.replace_record(host.store.load(path))
                if path in host.pending:
                    host.notify(f"{schema.title_of(path)} ({path}) ถูกลบจากดิสก์ "
                                "การแก้ไขที่ยังไม่บันทึกยังอยู่ในโปรแกรม",
                                title="ไฟล์ถูกลบ", severity="warning", timeout=10)
            else:
                host.records.pop(path, None)
                layout = True
        if layout or gone:
            await self._rebuild_tree()
        if reloaded:
            names = ", ".join(schema.title_of(p) for p in reloaded[:3])
            more = f" และอีก {to_thai_digits(len(reloaded) - 3)}" if len(reloaded) > 3 else ""
            host.notify(f"{names}{more} ถูกแก้ไขจากที่อื่น โหลดใหม่แล้ว",
                        title="โหลดใหม่จากดิสก์")
        if conflicts:
            self._ask(conflicts)
        host.records_changed()

    async def _rebuild_tree(self) -> None:
        host = self.host
        tree = host.tree
        tree.populate(host.records, set(host.pending))
        if host.current is not None and tree.node_for(host.current) is not None:
            tree.select_path(host.current)
        elif host.current is not None and host.current not in host.records:
            paths = tree.paths()
            if paths:
                await host.open_record(paths[0], force=True)
                tree.select_path(paths[0])

    def _ask(self, conflicts: list) -> None:
        from itatui.tui.screens.disk_conflicts import DiskConflictScreen

        def settled(choices) -> None:
            self.host.call_later(self._apply, conflicts, choices)

        self.host.push_screen(DiskConflictScreen(conflicts), settled)

    async def _apply(self, conflicts: list, choices) -> None:
        from itatui.core.sync.conflict_report import apply_disk_choices

        host = self.host
        apply_disk_choices(host.pending, conflicts, choices)
        for path in {c.path for c in conflicts}:
            rec = host.records.get(path)
            if rec is not None:
                await host.replace_record(rec)
        self.unsettled -= {c.path for c in conflicts}
        host.notify("ใช้ค่าที่เลือกแล้ว ตรวจดูแล้วกด ctrl+s เพื่อบันทึก", title="ค่าที่ขัดกัน")
