"""The editor's draft journal: unsaved edits kept in ``.git/itatui/drafts.json`` (like an
editor's swap file), so that a crash or ``kill -9`` loses nothing; read back on the next start.

The journal holds, per record path, the texts typed in the form (dotted key -> text) and the
score keys added but not saved. It is written atomically (:func:`itatui.core.tomlio.
write_atomic`), so a crash while writing leaves the previous journal, never half of one.
No Textual here: the editor's controller (``itatui.tui.controllers.drafts``) decides when.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from itatui.core.tomlio import write_atomic

VERSION = 1
FILE_NAME = "drafts.json"


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
        self.path = git_dir(root) / "itatui" / FILE_NAME
        self._lock = threading.Lock()
        self._written = -1

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
