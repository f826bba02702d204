"""After a crash, a closed terminal or a hand edit: find what is not committed and commit it.

A save writes the record (atomically) and then commits it. If itatui dies between the two, or
someone edits a record by hand, the change is on disk but not in the history. On start, the
app and ``itatui recover`` list such records and offer to commit them with a message saying so.
A git process killed mid-commit can leave ``.git/index.lock`` (or ``HEAD.lock``) behind; a
lock that no running git process in the repository can own is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from itatui.core import schema
from itatui.core.errors import NothingToSave, RecordError
from itatui.core.gitlocks import clear_stale_lock, stale_locks
from itatui.core.message import TRAILER_RECORD, TRAILER_TOOL
from itatui.core.workspace import Workspace

__all__ = ("Pending", "clean_temp_files", "clear_stale_lock", "commit_pending", "pending",
           "stale_locks")


@dataclass
class Pending:
    path: str
    state: str           # "modified", "new", "deleted"
    error: RecordError | None = None   # a record that does not parse is not committed


def clean_temp_files(root: Path) -> list[Path]:
    """Remove half-written temporary files (``.NAME.toml.XXXX.tmp``) a killed save left behind.

    Only called under the repository lock, when no save can be writing one.
    """
    removed = []
    base = root / schema.RECORDS_DIR
    if base.is_dir():
        for tmp in base.rglob(".*.toml.*.tmp"):
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass
    return removed


def pending(ws: Workspace) -> list[Pending]:
    """Record files whose content differs from the last commit."""
    out = []
    status = ws.history.git_text("status", "--porcelain", "-z", "--untracked-files=all", "--",
                                 schema.RECORDS_DIR)
    for entry in status.split("\0"):
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if schema.kind_of(path) is None:
            continue
        state = "deleted" if "D" in code else "new" if code == "??" or "A" in code else "modified"
        item = Pending(path, state)
        if state != "deleted":
            rec = ws.store.load(path)
            item.error = rec.error
        out.append(item)
    return out


def commit_pending(ws: Workspace, items: list[Pending] | None = None) -> str:
    """Commit the pending records (those that parse) with a message saying what happened."""
    officer = ws.officer()
    items = pending(ws) if items is None else items
    good = [p for p in items if p.error is None]
    if not good:
        raise NothingToSave("ไม่มีการแก้ไขที่ค้างอยู่ให้บันทึก")
    names = ", ".join(schema.title_of(p.path) for p in good[:3])
    more = f" และอีก {len(good) - 3} ระเบียน" if len(good) > 3 else ""
    states = {"modified": "แก้ไข", "new": "เพิ่ม", "deleted": "ลบ"}
    body = ["พบการเปลี่ยนแปลงที่ยังไม่ได้ commit ตอนเปิดโปรแกรม (โปรแกรมปิดไม่ปกติ "
            "หรือมีการแก้ไขไฟล์โดยตรง):"]
    body += [f"- {schema.title_of(p.path)} ({p.path}): {states[p.state]}" for p in good]
    trailers = [f"{TRAILER_TOOL}: recover"] + [f"{TRAILER_RECORD}: {p.path}" for p in good]
    message = (f"บันทึกการแก้ไขที่ค้างอยู่ {names}{more}\n\n" + "\n".join(body) + "\n\n"
               + "\n".join(trailers) + "\n")
    return ws.history.commit([p.path for p in good], message, officer)
