"""Commits that change no record (approvals, publication entries): written with
``git commit-tree`` on HEAD's tree and moved onto the branch with ``git update-ref`` (checked
against the old HEAD), so whatever another program has staged is never swept in. Signed when
git signing is configured."""

from __future__ import annotations

from itatui.core.audit.signing import sign_flag
from itatui.core.errors import GitError
from itatui.core.history import History
from itatui.core.identity import Officer


def empty_commit(hist: History, message: str, officer: Officer, *, check=None) -> str:
    """Write the commit and move the branch onto it. ``check(hist, sha)``, when given, sees the
    written (and signed) commit before any ref names it; when it raises, the branch is not
    moved: the commit object stays unreferenced (nothing was rewritten, ``git gc`` drops it)."""
    with hist.lock:
        head = hist.head()
        if not head:
            raise GitError("คลังนี้ยังไม่มี commit")
        sha = hist.git_bytes_env(officer.env(), "commit-tree", *sign_flag(hist),
                                 f"{head}^{{tree}}", "-p", head, "-F", "-",
                                 input=message.encode("utf-8")).decode().strip()
        if check is not None:
            check(hist, sha)
        hist.git_text("update-ref", "-m", "itatui: " + message.splitlines()[0], "HEAD", sha, head)
        return sha
