"""The editor's draft journal: unsaved edits kept in ``.git/itatui/drafts.json`` (like an
editor's swap file), so that a crash or ``kill -9`` loses nothing; read back on the next start.

The journal holds, per record path, the texts typed in the form (dotted key -> text) and the
score keys added but not saved. It is written atomically (:func:`itatui.core.tomlio.
write_atomic`), so a crash while writing leaves the previous journal, never half of one.
No Textual here: the editor's controller (``itatui.tui.controllers.drafts``) decides when.

The journal belongs to one running editor: it holds an OS lock (``flock`` on
``.git/itatui/drafts.pid``, the holder's pid written in it) for its whole life
(:meth:`DraftStore.hold`). The kernel drops the lock when the process ends, ``kill -9`` and a
crash included, so a crashed editor's journal is free for the next start to offer back, while a
running one's is never offered to (or cleared by) a second editor on the same repository.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1
FILE_NAME = "drafts.json"
LOCK_NAME = "drafts.pid"          # not "*.lock": git's name for its own lock files
#: the journal's folder when set (``itatui serve``: one per officer), else ``.git/itatui``
ENV_FOLDER = "ITATUI_DRAFTS_DIR"

#: the journal locks this process holds: lock file -> its open descriptor
_HELD: dict[str, int] = {}


@dataclass
class Drafts:
    """Unsaved edits: ``texts`` path -> {dotted key: text}; ``extra_keys`` path -> [score key];
    ``saved_at`` when they were written (seconds since the epoch)."""

    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    extra_keys: dict[str, list[str]] = field(default_factory=dict)
    saved_at: float = 0.0

    def __bool__(self) -> bool:
        return bool(self.texts or self.extra_keys)

    def paths(self) -> list[str]:
        return sorted(set(self.texts) | set(self.extra_keys))


def git_dir(root: Path) -> Path:
    """The repository's git directory (``.git``, or where a ``.git`` file points)."""
    dotgit = Path(root) / ".git"
    if dotgit.is_file():
        try:
            line = dotgit.read_text(encoding="utf-8").strip()
        except OSError:
            return dotgit
        if line.startswith("gitdir:"):
            target = Path(line[len("gitdir:"):].strip())
            return target if target.is_absolute() else (Path(root) / target).resolve()
    return dotgit


class DraftStore:
    """Read, write and clear the journal of the repository at ``root``. ``write`` may be
    called from any thread; a write older than the last one written is dropped."""

    def __init__(self, root: Path) -> None:
        # itatui serve gives each logged-in officer's editor a journal (and lock) of its own
        folder = os.environ.get(ENV_FOLDER)
        self.path = (Path(folder) if folder else git_dir(root) / "itatui") / FILE_NAME
        self.lock_path = self.path.with_name(LOCK_NAME)
        self._lock = threading.Lock()
        self._written = -1

    def hold(self) -> int | None:
        """Take the journal's lock for as long as this process runs (or until :meth:`release`).
        None when this process holds it (now, or already); else the pid of the editor that
        holds it (0 when its pid cannot be read). A lock file that cannot be made (a read-only
        ``.git``) answers None too, so the editor starts: no journal can be written there, by
        this editor or another, so there is none to protect."""
        key = str(self.lock_path)
        if key in _HELD:
            return None
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                pid = int(os.read(fd, 32).decode("ascii", "replace").strip() or 0)
            except (OSError, ValueError):
                pid = 0
            os.close(fd)
            return pid
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass
        _HELD[key] = fd
        return None

    def release(self) -> None:
        """Give the journal's lock back (the kernel does it too when the process ends)."""
        fd = _HELD.pop(str(self.lock_path), None)
        if fd is not None:
            os.close(fd)

    def read(self) -> Drafts:
        """The journal's drafts (empty when there is none or it cannot be read)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Drafts()
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return Drafts()
        texts = {str(p): {str(k): str(v) for k, v in keys.items()}
                 for p, keys in (data.get("texts") or {}).items() if isinstance(keys, dict)}
        extra = {str(p): [str(k) for k in keys]
                 for p, keys in (data.get("extra_keys") or {}).items()
                 if isinstance(keys, list)}
        return Drafts({p: t for p, t in texts.items() if t}, {p: k for p, k in extra.items() if k},
                      float(data.get("saved_at") or 0.0))

    def write(self, drafts: Drafts, seq: int | None = None) -> bool:
        """Keep ``drafts`` (clear the journal when they are empty). ``seq``: the caller's
        counter; a write whose ``seq`` is not newer than the last written is skipped.
        True when the journal was written or cleared."""
        with self._lock:
            if seq is not None:
                if seq <= self._written:
                    return False
                self._written = seq
            if not drafts:
                self._clear()
                return True
            data = {"version": VERSION, "saved_at": time.time(),
                    "texts": drafts.texts, "extra_keys": drafts.extra_keys}
            from itatui.core.tomlio import write_atomic   # tomlkit: not on the first screen's path

            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
            return True

    def clear(self) -> None:
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
