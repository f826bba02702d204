"""The source records of a commit, to attach to the PDF (PDF/A-3 ``/AFRelationship /Source``).

:func:`records_at` reads every file under ``records/`` as of a revision, as the bytes git
stores (no checkout, no working-tree changes); :func:`head_edition` names what HEAD is: its
full id, and the tag pointing at it or else its short id. Both go through the process's one
:class:`~itatui.core.history.History`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from itatui.core.errors import GitError
from itatui.core.history import History

RECORDS_DIR = "records"


def records_at(root: str | Path, rev: str = "HEAD") -> dict[str, bytes]:
    """``{"records/...": bytes}`` for every file under ``records/`` at ``rev`` (sorted paths).
    Raises :class:`GitError` (Thai message) when ``rev`` is unknown."""
    hist = History.open(root)
    with hist.lock:
        listing = hist._git("ls-tree", "-r", "-z", "--full-tree", rev, "--", RECORDS_DIR + "/")
        entries: list[tuple[str, str]] = []
        for entry in listing.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, sha = meta.split()
            if kind == "blob" and not mode.startswith("120"):      # files, not symlinks
                entries.append((path, sha))
        out: dict[str, bytes] = {}
        for path, sha in sorted(entries):
            try:
                out[path] = hist.repo.odb.stream(bytes.fromhex(sha)).read()
            except Exception as exc:   # gitdb/GitPython raise several kinds
                raise GitError(f"อ่านไฟล์ {path} ของ {rev} จาก git ไม่ได้ ({exc})") from None
    return out


@dataclass(frozen=True)
class Edition:
    commit: str          # full sha
    name: str            # tag pointing at the commit, else the short sha
    clean: bool          # records/ in the working tree equals the commit


def head_edition(root: str | Path) -> Edition | None:
    """What HEAD is, or None when there is no commit yet."""
    hist = History.open(root)
    commit = hist.head().strip()
    if not commit:
        return None
    tags = [t for t in hist._git("tag", "--points-at", commit,
                                 "--sort=-creatordate").splitlines() if t.strip()]
    name = tags[0].strip() if tags else hist._git("rev-parse", "--short", commit).strip()
    clean = not hist.uncommitted(RECORDS_DIR)
    return Edition(commit=commit, name=name, clean=clean)


__all__ = ("records_at", "head_edition", "Edition")
