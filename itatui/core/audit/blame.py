"""``itatui blame RECORD``: for each field, the last commit that changed it, through renames.

The record's versions come from one ``git log --follow --raw`` (the blob id of each version,
whatever the file was called then) and the persistent ``git cat-file`` of the repository; each
version is parsed (tomllib) and compared with the one before, oldest first. Items of a list of
texts are aligned (like lines in ``git blame``), so inserting an item does not move the blame of
the items after it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from itatui.core.audit.fielddiff import flatten, label_for
from itatui.core.audit.versions import Version, parse_plain, record_versions
from itatui.core.errors import ItatuiError
from itatui.core.history import History


@dataclass
class BlameLine:
    key: str
    label: str
    value: Any
    version: Version
    items: list["BlameLine"] = field(default_factory=list)   # list items, when a list

    def as_dict(self) -> dict:
        v = self.version
        d = {"field": self.key, "label": self.label, "value": self.value, "commit": v.commit,
             "author": v.author, "email": v.email, "date": v.date, "summary": v.summary,
             "path": v.path}
        if self.items:
            d["items"] = [i.as_dict() for i in self.items]
        return d


def blame(hist: History, path: str, rev: str = "HEAD") -> list[BlameLine]:
    versions = record_versions(hist, path, rev)
    if not versions:
        raise ItatuiError("ไม่มีประวัติของระเบียนนี้ใน git", path=path)
    attr: dict[str, Version] = {}
    items: dict[str, list[Version]] = {}
    prev: dict[str, Any] = {}
    prev_blob = None
    for v in reversed(versions):           # oldest first
        if v.blob is None:                  # deleted: whatever comes back is new
            attr, items, prev, prev_blob = {}, {}, {}, None
            continue
        if v.blob == prev_blob:             # a pure rename
            continue
        data = parse_plain(hist.blob(v.blob).decode("utf-8", "replace"))
        if data is None:                    # a broken version: compare the next good one
            continue                        # with the last good one
        flat = flatten(data)
        for key, value in flat.items():
            old = prev.get(key, _MISSING)
            if isinstance(value, list):
                old_items = old if isinstance(old, list) else []
                old_attr = items.get(key, [])
                new_attr: list[Version] = [v] * len(value)
                sm = difflib.SequenceMatcher(None, [repr(x) for x in old_items],
                                             [repr(x) for x in value], autojunk=False)
                for tag, i1, i2, j1, j2 in sm.get_opcodes():
                    if tag == "equal":
                        for k in range(i2 - i1):
                            if i1 + k < len(old_attr):
                                new_attr[j1 + k] = old_attr[i1 + k]
                items[key] = new_attr
            if old is _MISSING or old != value or type(old) is not type(value):
                attr[key] = v
        prev, prev_blob = flat, v.blob
    current = versions[0]
    lines = []
    for key, value in prev.items():
        line = BlameLine(key, label_for(current.path, key), value, attr[key])
        if isinstance(value, list):
            line.items = [BlameLine(f"{key}.{i}", label_for(current.path, f"{key}.{i}"), item,
                                    items[key][i]) for i, item in enumerate(value)]
        lines.append(line)
    return lines


_MISSING = object()
