"""After a crash, a closed terminal or a hand edit: find what is not committed and commit it.

A save writes the record (atomically) and then commits it. If itatui dies between the two, or
someone edits a record by hand, the change is on disk but not in the history. On start, the
app and ``itatui recover`` list such records and offer to commit them with a message saying so.
A git process killed mid-commit can leave ``.git/index.lock`` (or ``HEAD.lock``) behind; a
lock that no running git process in the repository can own is removed.

A record that does not parse any more (a hand edit left a quote open) can be given back its
last committed version that parses (:func:`restore_committed`); the broken text is first kept
under ``.git/itatui/broken/`` (never in ``git status``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from itatui.core import schema
from itatui.core.errors import NothingToSave, RecordError
from itatui.core.gitlocks import clear_stale_lock, stale_locks
from itatui.core.message import TRAILER_RECORD, TRAILER_TOOL
from itatui.core.workspace import Workspace

__all__ = ("Pending", "RestorePoint", "Restored", "clean_temp_files", "clear_stale_lock",
           "commit_pending", "pending", "restore_committed", "restore_point", "stale_locks")

#: how many of a record's commits are read back, newest first, looking for one that parses
RESTORE_DEPTH = 30
BROKEN_DIR = "broken"             # under .git/itatui/: copies of broken texts replaced


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


@dataclass
class RestorePoint:
    """The version a broken record can be given back: ``commit`` and its ``text``, or None
    and ``why`` (Thai) there is none."""

    path: str
    commit: str | None = None
    text: str | None = None
    why: str = ""


@dataclass
class Restored:
    """What :func:`restore_committed` did: the version's ``source`` commit, the new ``commit``
    (None when the file was broken only on disk: HEAD already holds the version restored)
    and where the broken text was kept (``copy``, absolute)."""

    path: str
    source: str
    commit: str | None
    copy: Path


def restore_point(ws: Workspace, path: str) -> RestorePoint:
    """The newest committed version of ``path`` that parses (of its last
    :data:`RESTORE_DEPTH` commits)."""
    from itatui.core.records import record_from_bytes

    hist = ws.history
    if not hist.head():
        return RestorePoint(path, why="ยังไม่มีคอมมิตในคลังนี้ จึงไม่มีฉบับที่บันทึกไว้ให้คืน")
    shas = hist.git_text("log", f"-n{RESTORE_DEPTH}", "--format=%H", "--", path).split()
    if not shas:
        return RestorePoint(path, why="ไฟล์นี้ยังไม่เคยถูกบันทึกเป็นคอมมิต "
                                      "จึงไม่มีฉบับที่บันทึกไว้ให้คืน")
    kind = schema.kind_of(path)
    for sha in shas:
        blob = hist.rev_parse(f"{sha}:{path}", "blob")
        if blob is None or kind is None:
            continue                               # the commit that deleted it
        raw = hist.blob(blob)
        if record_from_bytes(path, kind, raw).error is None:
            return RestorePoint(path, sha, raw.decode("utf-8"))
    return RestorePoint(path, why=f"ฉบับที่บันทึกไว้ทั้ง {len(shas)} คอมมิตล่าสุดก็อ่านไม่ได้เช่นกัน "
                                  "จึงไม่มีฉบับที่ดีให้คืน")


def keep_broken_copy(root: Path, path: str, raw: bytes) -> Path:
    """Keep ``raw`` (a broken record's bytes) as ``.git/itatui/broken/<path>`` with the time
    in its name: ``records/issues/03-20261202-140636.toml``."""
    import time

    from itatui.core.drafts import git_dir

    rel = Path(path)
    folder = git_dir(root) / "itatui" / BROKEN_DIR / rel.parent
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    copy = folder / f"{rel.stem}-{stamp}{rel.suffix}"
    n = 1
    while copy.exists():
        n += 1
        copy = folder / f"{rel.stem}-{stamp}-{n}{rel.suffix}"
    copy.write_bytes(raw)
    return copy


def restore_committed(ws: Workspace, path: str) -> Restored:
    """Give the broken record ``path`` back its last committed version that parses, keeping
    the broken text first (:func:`keep_broken_copy`). When the broken text was committed this
    is one commit in the officer's name (``Itatui-Action: restore-broken``); when it was broken
    only on disk, HEAD already holds the version restored and nothing is committed."""
    from itatui.core import tomlio
    from itatui.core.locking import repository_lock
    from itatui.core.records import record_from_bytes

    root = ws.root
    point = restore_point(ws, path)
    if point.commit is None or point.text is None:
        raise RecordError(point.why, path=path)
    at_head = ws.history.show_file("HEAD", path)
    officer = ws.officer() if at_head != point.text else None   # refused before any write
    with repository_lock(root):
        target = root / path
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            raw = b""
        kind = schema.kind_of(path)
        error = record_from_bytes(path, kind, raw).error if kind else None
        if error is None and raw:
            raise RecordError("ไฟล์นี้อ่านได้แล้ว (อาจแก้ไปแล้ว) จึงไม่คืนฉบับเดิมทับ", path=path)
        copy = keep_broken_copy(root, path, raw)
        tomlio.write_atomic(target, point.text)
        if officer is None:
            return Restored(path, point.commit, None, copy)
        shown = copy.relative_to(root) if copy.is_relative_to(root) else copy
        why = error.message if error is not None else "ไฟล์ว่าง"
        message = (f"คืนฉบับที่บันทึกล่าสุดของ {schema.title_of(path)} (ไฟล์อ่านไม่ได้)\n\n"
                   f"ไฟล์ {path} อ่านไม่ได้: {why}\n"
                   f"คืนเป็นฉบับของคอมมิต {point.commit[:7]}\n"
                   f"เก็บสำเนาไฟล์ที่อ่านไม่ได้ไว้ที่ {shown}\n\n"
                   f"{TRAILER_TOOL}: restore-broken\n{TRAILER_RECORD}: {path}\n")
        sha = ws.history.commit([path], message, officer)
    return Restored(path, point.commit, sha, copy)
