"""Sync from the editor: fetch, merge and push in a worker, the same field changed on both
sides settled on the conflict screen, and what is not yet sent or received in the header.

The app owns one :class:`SyncController`; ``action_sync`` calls :meth:`SyncController.start`
and the title shows :attr:`SyncController.status` (e.g. "ยังไม่ส่ง ๒ · ยังไม่รับ ๐"). After the
first screen and every :data:`FETCH_SECONDS` it fetches in the background (the remote-tracking
ref only: nothing local changes), so "ยังไม่รับ" counts what really waits, and a notification says
when something new arrived. Nothing here blocks the screen: git runs in thread workers (a
network timeout bounds it), and a background fetch does not hold the repository's lock. The
workers report through :mod:`itatui.tui.messages`; the app routes them back here.
"""

from __future__ import annotations

import os
import signal
from functools import partial
from typing import TYPE_CHECKING

from itatui.core.controlchars import escape
from itatui.core.errors import ItatuiError
from itatui.core.thai import to_thai_digits
from itatui.tui.messages import RemoteFetched, SyncConflicted, SyncDone, SyncFailed, SyncStatus

if TYPE_CHECKING:                      # pragma: no cover
    from itatui.tui.protocol import EditorHost


#: How often the editor looks at the remote (seconds), and how long one look may take.
FETCH_SECONDS = 300
FETCH_TIMEOUT = 60


def status_text(ahead: int, behind: int) -> str:
    """What the header says about the shared repository."""
    if not ahead and not behind:
        return "ซิงก์แล้ว"
    return f"ยังไม่ส่ง {to_thai_digits(ahead)} · ยังไม่รับ {to_thai_digits(behind)}"


def _git_fetch_processes() -> list[int]:
    """The ``git fetch`` processes this process started, and theirs (the transport: ssh,
    git-remote-https, upload-pack), from Linux's /proc; elsewhere none."""
    parents: dict[int, int] = {}
    fetches = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return fetches
    me = os.getpid()
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            parents[int(name)] = ppid
            if ppid == me:
                with open(f"/proc/{name}/cmdline", "rb") as fh:
                    argv = fh.read().split(b"\0")
                if os.path.basename(argv[0]) == b"git" and b"fetch" in argv[1:3]:
                    fetches.append(int(name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = list(fetches), list(fetches)
    while todo:
        parent = todo.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        todo += children
    return found


class SyncController:
    def __init__(self, app: "EditorHost") -> None:
        self.app = app
        self.status = ""
        self.has_remote = False
        self.seen_behind = 0           # commits waiting to be received, as last told
        self.fetching = False          # a background fetch runs (its worker's thread)
        self.syncing = False           # a sync (F6) runs

    def watch(self) -> None:
        """After the first screen: the header's counts now, what waits on the remote now and
        every :data:`FETCH_SECONDS`."""
        self.refresh_status()
        self.check_remote()
        self.app.set_interval(FETCH_SECONDS, self.check_remote, name="check-remote")

    # -- the header ---------------------------------------------------------------------------
    def refresh_status(self) -> None:
        """Work out ahead/behind (no network) in a worker, then update the title."""
        self.app.run_worker(self._status_worker, thread=True, group="sync-status",
                            exclusive=True, exit_on_error=False)

    def _status_worker(self) -> None:
        from itatui.core.history import History
        from itatui.core.sync.remote import ahead_behind, remotes

        try:
            has_remote = bool(remotes(History.open(self.app.root)))
            text = status_text(*ahead_behind(self.app.root)) if has_remote else ""
        except ItatuiError:
            has_remote, text = False, ""
        self.app.post_message(SyncStatus(has_remote, text))

    def show_status(self, has_remote: bool, text: str) -> None:
        self.has_remote, self.status = has_remote, text
        self.app.refresh_title()

    # -- looking at the remote in the background ----------------------------------------------
    def check_remote(self) -> None:
        """Fetch in a worker (only the remote-tracking ref moves; nothing local changes) so the
        header says what waits to be received; called after the first screen and every
        :data:`FETCH_SECONDS`. Skipped while a sync runs or when there is no remote."""
        if any(w.group in ("sync", "sync-fetch") and w.is_running for w in self.app.workers):
            return
        self.app.run_worker(self._fetch_worker, thread=True, group="sync-fetch",
                            exit_on_error=False)

    def _fetch_worker(self) -> None:
        self.fetching = True
        try:
            self._fetch()
        finally:
            self.fetching = False

    def _fetch(self) -> None:
        from itatui.core.history import History
        from itatui.core.sync.remote import RemoteError, ahead_behind, fetch, remotes

        try:
            if not remotes(History.open(self.app.root)):
                return
            try:
                ahead, behind = fetch(self.app.root, timeout=FETCH_TIMEOUT)
                text = status_text(ahead, behind)
            except RemoteError:
                ahead, behind = ahead_behind(self.app.root)
                text = status_text(ahead, behind) + " · ติดต่อคลังกลางไม่ได้"
        except Exception:              # a background look: never a traceback, never an error
            return
        self.app.post_message(RemoteFetched(text, behind))

    def stop_background_fetch(self) -> None:
        """The app is closing: end a background fetch (SIGTERM: git removes its lock and
        temporary files, nothing local has changed and the next start fetches again) instead
        of waiting for the network, up to :data:`FETCH_TIMEOUT`, before the process may end.
        A sync the officer started (F6) is left to finish."""
        if not self.fetching or self.syncing:
            return
        for pid in _git_fetch_processes():
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:                    # ended meanwhile
                pass

    def fetched(self, text: str, behind: int) -> None:
        if behind > self.seen_behind:
            self.app.notify(f"คลังกลางมีการแก้ไขใหม่ {to_thai_digits(behind)} commit "
                            "กด F6 เพื่อรับเข้ามา", title="มีการแก้ไขใหม่", timeout=8)
        self.seen_behind = behind
        self.show_status(True, text)

    # -- syncing ------------------------------------------------------------------------------
    def start(self, resolutions: dict | None = None) -> None:
        app = self.app
        app.capture_form()
        if app.pending:
            app.notify("บันทึกการแก้ไขทุกระเบียนก่อน แล้วจึงซิงก์ (ctrl+s)", title="ยังไม่ได้ซิงก์",
                       severity="warning")
            return
        if any(w.group == "sync" and w.is_running for w in app.workers):
            app.notify("กำลังซิงก์อยู่", severity="warning")
            return
        app.notify("กำลังซิงก์กับคลังกลาง…", title="ซิงก์", timeout=3)
        app.run_worker(partial(self._sync_worker, resolutions), thread=True, group="sync",
                       exit_on_error=False)

    def _sync_worker(self, resolutions: dict | None) -> None:
        self.syncing = True
        try:
            self._sync(resolutions)
        finally:
            self.syncing = False

    def _sync(self, resolutions: dict | None) -> None:
        from itatui.core.sync.remote import SyncConflict, sync

        try:
            result = sync(self.app.root, resolutions=resolutions)
        except SyncConflict as exc:
            self.app.post_message(SyncConflicted(exc))
        except ItatuiError as exc:
            self.app.post_message(SyncFailed(exc.describe(), refresh=True))
        except Exception as exc:       # never a traceback on the officer's screen
            self.app.post_message(SyncFailed(f"ซิงก์ไม่สำเร็จ ({type(exc).__name__}: {exc})",
                                             refresh=False))
        else:
            self.app.post_message(SyncDone(result))

    def failed(self, text: str, refresh: bool) -> None:
        self.app.notify(text, title="ซิงก์ไม่สำเร็จ", severity="error", timeout=20)
        if refresh:
            self.refresh_status()

    def conflicted(self, exc) -> None:
        from itatui.tui.screens.conflicts import ConflictScreen

        if exc.structural or not any(c.key for c in exc.conflicts):
            self.app.notify(exc.describe(), title="ซิงก์ไม่ได้: ต้องแก้ด้วยมือ", severity="error",
                            timeout=30)
            return

        def settled(choices) -> None:
            if choices:
                self.start(choices)
            else:
                self.app.notify("ยกเลิกการซิงก์ ไม่มีอะไรเปลี่ยน", title="ซิงก์", timeout=5)

        self.app.push_screen(ConflictScreen(exc.conflicts, remote="คลังกลาง"), settled)

    def done(self, result) -> None:
        parts = []
        if result.received:
            parts.append(f"รับ {to_thai_digits(result.received)} commit")
        if result.sent:
            parts.append(f"ส่ง {to_thai_digits(result.sent)} commit")
        if result.resolved:
            parts.append(f"ตัดสินช่องที่ขัดกัน {to_thai_digits(len(result.resolved))} ช่อง")
        if result.tags_received:            # release tags: names an auditor will look for
            parts.append("รับฉบับเผยแพร่ " + ", ".join(map(escape, result.tags_received)))
        if result.tags_sent:
            parts.append("ส่งฉบับเผยแพร่ " + ", ".join(map(escape, result.tags_sent)))
        self.app.notify(", ".join(parts) or "ข้อมูลตรงกับคลังกลางแล้ว", title="ซิงก์เสร็จ", timeout=6)
        self.status = status_text(result.ahead, result.behind)
        self.seen_behind = result.behind
        self.has_remote = True
        self.app.refresh_title()
        if result.changed or result.received:
            current = self.app.current
            focus = result.renamed.get(current, current) if current else None
            if current in result.renamed:
                from itatui.core import schema

                if focus is None:
                    self.app.notify(f"{schema.title_of(current)} ที่เปิดอยู่ถูกลบในคลังกลาง",
                                    title="ซิงก์", severity="warning", timeout=8)
                else:
                    self.app.notify(f"{schema.title_of(current)} เปลี่ยนเลขเป็น "
                                    f"{schema.title_of(focus)} ตามคลังกลาง", title="ซิงก์",
                                    timeout=8)
            self.app.run_worker(self.app.reload_all(focus), group="reload", exclusive=True)
