"""The draft journal in the editor: the unsaved edits written to ``.git/itatui/drafts.json``
(:mod:`itatui.core.drafts`) in a thread, a second after typing stops (at most
:data:`MAX_WAIT` seconds during a long burst); offered back on the next start after a crash
(``kill -9`` included); cleared by a clean save of everything or an explicit discard. The
journal is this editor's alone while it runs (:meth:`DraftStore.hold`): an editor that finds it
held by another running itatui neither offers, writes nor clears it."""

from __future__ import annotations

import threading
import time

from itatui.core import schema
from itatui.core.drafts import Drafts, DraftStore
from itatui.core.thai import to_thai_digits
from itatui.tui.controllers.editing import Editing
from itatui.tui.protocol import EditorHost

DELAY = 1.0          # seconds after the last keystroke
MAX_WAIT = 3.0       # seconds of continuous typing at most before a write


def locked_out_message(pid: int) -> str:
    """Thai: another itatui (``pid``, 0 unknown) is editing this repository."""
    who = f" (pid {pid})" if pid else ""          # an identifier, as ps shows it
    return (f"มี itatui อีกโปรแกรมหนึ่ง{who} กำลังแก้ไขคลังนี้อยู่ — "
            "การแก้ไขที่ยังไม่บันทึกของโปรแกรมนั้นเป็นของโปรแกรมนั้น จึงไม่นำมาเสนอที่นี่")


def refused_message(pid: int) -> str:
    """Thai, on stderr: the editor does not open a repository another itatui is editing."""
    who = f" (pid {pid})" if pid else ""
    return (f"ไม่เปิดโปรแกรมแก้ไข: มี itatui อีกโปรแกรมหนึ่ง{who} กำลังแก้ไขคลังนี้อยู่ "
            "— กลับไปแก้ที่หน้าจอนั้น หรือบันทึกแล้วปิดโปรแกรมนั้นก่อน")


class DraftsController:
    def __init__(self, host: EditorHost, editing: Editing) -> None:
        self.host = host
        self.editing = editing
        self.store = DraftStore(host.root)
        self.timer = None
        self.first_change: float | None = None
        self.seq = 0
        self.holding = False        # a journal from a crash is being offered: keep it as is
        self.writes = 0             # journal writes done (tests)
        self.other_pid: int | None = None   # another running itatui holds the journal

    # -- writing ------------------------------------------------------------------------------
    def changed(self) -> None:
        """The unsaved edits changed: write them once typing has stopped for :data:`DELAY`."""
        if self.holding:
            return
        now = time.monotonic()
        if self.first_change is None:
            self.first_change = now
        # never 0: Textual's timer of interval 0 that starts late divides by zero (timer.py,
        # "skip") and never calls back, so the journal would not be written
        delay = max(0.01, min(DELAY, self.first_change + MAX_WAIT - now))
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.host.set_timer(delay, self.flush)

    def snapshot(self) -> Drafts:
        host = self.host
        texts = {p: dict(t) for p, t in host.pending.items() if t}
        extra = {p: list(k) for p, k in host.extra_keys.items() if k}
        return Drafts(texts, extra)

    def flush(self) -> None:
        """Write the journal now, in a thread (the typing never waits for the disk)."""
        self.timer, self.first_change = None, None
        if self.holding:
            return
        self.seq += 1
        drafts, seq = self.snapshot(), self.seq
        threading.Thread(target=self._write, args=(drafts, seq), name="itatui-drafts",
                         daemon=True).start()

    def _write(self, drafts: Drafts, seq: int) -> None:
        try:
            if self.store.write(drafts, seq):
                self.writes += 1
        except OSError as exc:                 # notify posts a message: safe from a thread
            self.host.notify(f"เขียนสำเนาการแก้ไขที่ยังไม่บันทึกไม่ได้ ({exc.strerror})",
                             title="สำเนากันหาย", severity="warning")

    def close(self) -> None:
        """The app is closing: write what is still unsaved now (nothing: clear the journal)."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if not self.holding:
            self.seq += 1
            try:
                self.store.write(self.snapshot(), self.seq)
            except OSError:
                pass
        if self.other_pid is None:
            self.store.release()          # ours: the next editor may take it

    # -- offering back ------------------------------------------------------------------------
    def offer(self) -> None:
        """On start: a journal left by a crash? Ask whether to restore its edits. Another
        running itatui holds the journal: leave it alone (not ours to offer or clear)."""
        host = self.host
        other = self.store.hold()
        if other is not None:
            self.other_pid, self.holding = other, True     # never written nor cleared here
            host.notify(locked_out_message(other), title="สำเนากันหาย", severity="warning",
                        timeout=15)
            return
        drafts = self.store.read()
        texts = {p: t for p, t in drafts.texts.items() if p in host.records}
        extra = {p: k for p, k in drafts.extra_keys.items() if p in host.records}
        found = Drafts(texts, extra, drafts.saved_at)
        if not found:
            if drafts:
                self.store.clear()                 # only records that no longer exist
            return
        self.holding = True
        from itatui.tui.screens.drafts import DraftsScreen

        titles = [schema.title_of(p) for p in found.paths()]
        host.push_screen(DraftsScreen(titles, found.saved_at),
                         lambda restore: self.answered(found, restore))

    async def answered(self, drafts: Drafts, restore: bool | None) -> None:
        host = self.host
        self.holding = False
        if not restore:
            self.store.clear()
            host.notify("ทิ้งการแก้ไขที่ค้างจากครั้งก่อนแล้ว", title="สำเนากันหาย")
            self.changed()                # edits typed since the start (none: stays clear)
            return
        host.capture_form()
        for path, texts in drafts.texts.items():
            host.pending[path] = {**texts, **host.pending.get(path, {})}
        for path, keys in drafts.extra_keys.items():
            known = host.extra_keys.setdefault(path, [])
            known.extend(k for k in keys if k not in known)
        if host.current is not None and host.current in drafts.paths():
            await host.show_form(host.current)
        for path in drafts.paths():
            self.editing.update_marks(path)
        host.records_changed()
        host.schedule_preview()
        n = len(drafts.paths())
        host.notify(f"กู้คืนการแก้ไขที่ยังไม่บันทึกแล้ว {to_thai_digits(n)} ระเบียน "
                    "ตรวจดูแล้วกด ctrl+s เพื่อบันทึก",
                    title="สำเนากันหาย")
        self.changed()
