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
from itatui.core.audit.versions import parse_plain
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.core.recordlog import Version, record_history


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


@dataclass
class _State:
    """The record as one version left it, with the version each field (and item) came from."""

    flat: dict[str, Any] = field(default_factory=dict)
    attr: dict[str, Version] = field(default_factory=dict)
    items: dict[str, list[Version]] = field(default_factory=dict)
    blob: str | None = None


def _same(a: Any, b: Any) -> bool:
    return a is not _MISSING and a == b and type(a) is type(b)


def _items_from(old_items: list, old_attr: list[Version], value: list,
                new_attr: list[Version], v: Version) -> None:
    """Give the items of ``value`` still attributed to ``v`` the version of an equal item of
    ``old_items`` at the same place in the alignment (like lines in ``git blame``)."""
    sm = difflib.SequenceMatcher(None, [repr(x) for x in old_items], [repr(x) for x in value],
                                 autojunk=False)
    for tag, i1, i2, j1, _j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                if i1 + k < len(old_attr) and new_attr[j1 + k] is v:
                    new_attr[j1 + k] = old_attr[i1 + k]


def _apply(v: Version, flat: dict[str, Any], priors: list[_State]) -> _State:
    """The state of version ``v``: a field equal to a prior version's keeps that version's
    attribution (at a merge, from whichever side it came), otherwise ``v`` changed it."""
    state = _State(flat, {}, {}, v.blob)
    for key, value in flat.items():
        src = next((p for p in priors if _same(p.flat.get(key, _MISSING), value)), None)
        if src is not None:                       # unchanged (the usual case): no alignment
            state.attr[key] = src.attr[key]
            if key in src.items:
                state.items[key] = src.items[key]
            continue
        state.attr[key] = v
        if isinstance(value, list):
            new_attr: list[Version] = [v] * len(value)
            for p in priors:
                old = p.flat.get(key)
                if isinstance(old, list):
                    _items_from(old, p.items.get(key, []), value, new_attr, v)
            state.items[key] = new_attr
    return state


class Blame(list):
    """The blame lines (a list of :class:`BlameLine`), and what the version asked for is:
    ``unreadable`` — that version when it is not valid TOML (the lines are then the fields of
    the last readable one); ``deleted`` — the commit that removed the record (no lines)."""

    unreadable: Version | None = None
    deleted: Version | None = None


def blame(hist: History, path: str, rev: str = "HEAD") -> Blame:
    versions = record_history(hist, path, rev)
    if not versions:
        raise ItatuiError("ไม่มีประวัติของระเบียนนี้ใน git", path=path)
    texts = hist.blobs([v.blob for v in versions if v.blob is not None])
    states: dict[str, _State] = {}
    last = _State()
    broken: Version | None = None
    for v in reversed(versions):           # oldest first
        if v.prior is None:                 # a linear history: the version before
            priors = [last] if last.blob is not None else []
        else:                               # across merges: the version(s) it was made from
            priors = [states[s] for s in v.prior if s in states]
        if v.blob is None:                  # deleted: whatever comes back is new
            state = _State()
        elif len(priors) == 1 and v.blob == priors[0].blob:
            state = priors[0]               # a pure rename
        else:
            data = parse_plain(texts[v.blob].decode("utf-8", "replace"))
            if data is None:                # a broken version: compare the next good one
                state = priors[0] if priors else _State()   # with the last good one
                broken = v
            else:
                state = _apply(v, flatten(data), priors)
        states[v.commit] = last = state
    final = states[versions[0].commit]
    current = versions[0]
    lines = Blame()
    if current.blob is None:
        lines.deleted = current
    elif broken is current:
        lines.unreadable = current
    for key, value in final.flat.items():
        line = BlameLine(key, label_for(current.path, key), value, final.attr[key])
        if isinstance(value, list):
            line.items = [BlameLine(f"{key}.{i}", label_for(current.path, f"{key}.{i}"), item,
                                    final.items[key][i]) for i, item in enumerate(value)]
        lines.append(line)
    return lines


_MISSING = object()
