"""Git lock files a killed git process left behind (``.git/index.lock``, ``HEAD.lock``, refs):
found, and removed when no running git process in the repository can own them. Used by
:class:`~itatui.core.history.History` (a lock that outlives a few retries) and by recovery."""

from __future__ import annotations

import os
from pathlib import Path


def _git_processes_in(root: Path) -> bool:
    """Whether a git process is running in this repository (Linux /proc; False elsewhere)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
            if not cmd or not cmd[0].endswith(b"git"):
                continue
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if cwd == root or root in cwd.parents:
            return True
    return False


def stale_locks(root: Path) -> list[Path]:
    """Git lock files (index, HEAD, refs) when no git process runs in the repository to own them."""
    gitdir = root / ".git"
    locks = [p for p in (gitdir / "index.lock", gitdir / "HEAD.lock", gitdir / "packed-refs.lock")
             if p.exists()]
    if (gitdir / "refs").is_dir():
        locks += sorted((gitdir / "refs").rglob("*.lock"))
    if not locks or _git_processes_in(root):
        return []
    return locks


def clear_stale_lock(root: Path) -> bool:
    """Remove stale git locks; True when one was removed."""
    removed = False
    for lock in stale_locks(root):
        try:
            lock.unlink()
            removed = True
        except FileNotFoundError:
            pass
    return removed
