"""``itatui restore RECORD REV``: bring back an earlier version of a record as a new commit.

History is never rewritten: the record's text as commit REV left it (under the name it had
then — renames are followed) is written to the record's current file and committed with the
trailers ``Itatui-Action: restore`` and ``Restores: <commit>``, and the fields it changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from itatui.core import schema, tomlio
from itatui.core.audit.fielddiff import diff_texts
from itatui.core.audit.versions import resolve
from itatui.core.errors import ItatuiError, NothingToSave
from itatui.core.message import TRAILER_FIELD, TRAILER_RECORD, TRAILER_TOOL
from itatui.core.recordlog import record_history
from itatui.core.thai import MONTHS_SHORT, to_thai_digits


@dataclass
class Restored:
    sha: str
    path: str
    restores: str
    fields: list[str]
    message: str


def _field_key(path: str, key: str) -> str:
    kind = schema.kind_of(path)
    if kind is not None and schema.field_spec(kind, key) is None:
        base, _, last = key.rpartition(".")
        if base and last.isdigit():
            return base
    return key


def restore(ws, record: str, rev: str) -> Restored:
    hist = ws.history
    officer = ws.officer()
    path = ws.store.relpath(record)
    sha = resolve(hist, rev)
    if hist.uncommitted(path):
        raise ItatuiError("ระเบียนนี้มีการแก้ไขที่ยังไม่ได้บันทึก จึงไม่คืนค่าทับ", path=path)
    old_path = None
    # the record's name at REV: the newest of its versions that REV contains (after a
    # renumbering, the file called ``path`` at REV may hold another record)
    for v in record_history(hist, path):
        if v.commit == sha:
            old_path = v.path if v.blob else None
            break
        rc, _, _ = hist.git_status("merge-base", "--is-ancestor", v.commit, sha)
        if rc == 0:
            old_path = v.path if v.blob else None
            break
    text = hist.show_file(sha, old_path) if old_path else None
    if text is None:
        raise ItatuiError(f"ระเบียนนี้ไม่มีอยู่ในฉบับ {rev}", path=path)
    current = hist.show_file("HEAD", path)
    if current == text:
        raise NothingToSave(f"ระเบียนนี้ตรงกับฉบับ {rev} อยู่แล้ว", path=path)
    changes = diff_texts(current, text, path)
    fields = list(dict.fromkeys(_field_key(path, c.key) for c in changes))
    when = dt.datetime.fromisoformat(hist.git_text("log", "-1", "--format=%aI", sha).strip())
    date = to_thai_digits(f"{when.day} {MONTHS_SHORT[when.month - 1]} {when.year + 543}")
    lines = [f"คืนค่า {schema.title_of(path)} เป็นฉบับ {sha[:12]} ({date})", ""]
    if old_path != path:
        lines.append(f"ฉบับนั้นเก็บในชื่อ {old_path}")
    lines.append("ช่องที่เปลี่ยน:")
    lines += [f"- {schema.field_label(ws.load(path).kind, f) if schema.kind_of(path) else f}"
              f" ({f})" for f in fields]
    lines += ["", f"{TRAILER_TOOL}: restore", f"Restores: {sha}", f"{TRAILER_RECORD}: {path}"]
    lines += [f"{TRAILER_FIELD}: {f}" for f in fields]
    message = "\n".join(lines) + "\n"
    tomlio.parse(text, path)
    tomlio.write_atomic(ws.store.abspath(path), text)
    new = hist.commit([path], message, officer)
    return Restored(new, path, sha, fields, message)
