"""Two versions of a record compared field by field.

Nested keys are flattened to dotted keys as ``itatui set`` takes them (``drafter.name``,
``approvals.0.comment``, ``2568.1``). A list of texts (activities, results, ...) is aligned
item by item, so inserting an item shows one added item, not every later item changed; a
changed item (or text field) carries a word diff (:mod:`itatui.core.worddiff`).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from itatui.core import schema
from itatui.core.thai import to_thai_digits

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
WHOLE_FILE = "(ทั้งไฟล์)"      # the key of a version that is not valid TOML


@dataclass
class FieldChange:
    key: str                  # dotted key; list items as results.2 (index in the new version)
    change: str               # ADDED, REMOVED, CHANGED
    old: Any = None
    new: Any = None
    label: str = ""
    segments: list = field(default_factory=list)   # word diff when both sides are text

    def as_dict(self) -> dict:
        return {"field": self.key, "change": self.change, "label": self.label,
                "old": self.old, "new": self.new,
                "words": [{"op": op, "text": t} for op, t in self.segments]}


@dataclass
class RecordDiff:
    path: str                       # the record's path in the newer version
    old_path: str | None            # its path in the older one (differs after a rename)
    status: str                     # added, removed, changed, renamed
    changes: list[FieldChange]

    @property
    def title(self) -> str:
        return schema.title_of(self.path)

    def as_dict(self) -> dict:
        return {"record": self.path, "old_record": self.old_path, "status": self.status,
                "title": self.title, "changes": [c.as_dict() for c in self.changes]}


def show_value(value: Any) -> str:
    """A field's value as the history views print it: text as it is, a number as the file
    writes it (``100.00``: :class:`~itatui.core.values.WrittenFloat`), a list or a table as
    JSON with its numbers written the same way."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) if not isinstance(v, str) else
                               json.dumps(v, ensure_ascii=False) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: "
                               + (json.dumps(v, ensure_ascii=False) if isinstance(v, str)
                                  else show_value(v)) for k, v in value.items()) + "}"
    return str(value)


def _is_table_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted key -> value. Tables and arrays of tables are opened; lists of plain values stay
    whole (they are aligned by :func:`diff_values`)."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, dict) or _is_table_list(v):
                out.update(flatten(v, key))
            else:
                out[key] = v
    elif isinstance(data, list):
        for i, v in enumerate(data):
            key = f"{prefix}.{i}" if prefix else str(i)
            if isinstance(v, dict) or _is_table_list(v):
                out.update(flatten(v, key))
            else:
                out[key] = v
    return out


def label_for(path: str, key: str) -> str:
    """The Thai label of a dotted key (list items: "ผลการดำเนินการ ข้อ ๓")."""
    kind = schema.kind_of(path)
    if kind is None or key == WHOLE_FILE:
        return key
    label = schema.field_label(kind, key)
    if label != key:
        return label
    base, _, last = key.rpartition(".")
    if base and last.isdigit():
        spec = schema.field_spec(kind, base)
        if spec is not None:
            return f"{schema.field_label(kind, base)} ข้อ {to_thai_digits(int(last) + 1)}"
    return key


def _scalar_change(key: str, old: Any, new: Any, change: str, path: str) -> FieldChange:
    fc = FieldChange(key, change, old, new, label_for(path, key))
    if isinstance(old, str) or isinstance(new, str):
        o = old if isinstance(old, str) else ("" if old is None else str(old))
        n = new if isinstance(new, str) else ("" if new is None else str(new))
        from itatui.core import worddiff      # the Thai word list: not for blame

        fc.segments = worddiff.word_diff(o, n)
    return fc


def diff_values(key: str, old: Any, new: Any, path: str) -> list[FieldChange]:
    """The changes between two values of one flattened key (lists aligned item by item)."""
    if old == new and type(old) is type(new):
        return []
    if isinstance(old, list) and isinstance(new, list):
        out: list[FieldChange] = []
        sm = difflib.SequenceMatcher(None, [repr(x) for x in old], [repr(x) for x in new],
                                     autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(pairs):
                out.append(_scalar_change(f"{key}.{j1 + k}", old[i1 + k], new[j1 + k],
                                          CHANGED, path))
            for k in range(i1 + pairs, i2):
                out.append(_scalar_change(f"{key}.{k}", old[k], None, REMOVED, path))
            for k in range(j1 + pairs, j2):
                out.append(_scalar_change(f"{key}.{k}", None, new[k], ADDED, path))
        return out
    if old is None:
        return [_scalar_change(key, None, new, ADDED, path)]
    if new is None:
        return [_scalar_change(key, old, None, REMOVED, path)]
    return [_scalar_change(key, old, new, CHANGED, path)]


def diff_data(old: dict | None, new: dict | None, path: str) -> list[FieldChange]:
    """Field changes from the data ``old`` to ``new`` (None: the record does not exist)."""
    fo, fn = flatten(old or {}), flatten(new or {})
    keys = list(fo) + [k for k in fn if k not in fo]
    order = {k: i for i, k in enumerate(list(fn) + [k for k in fo if k not in fn])}
    out: list[FieldChange] = []
    for k in sorted(keys, key=lambda k: order[k]):
        out += diff_values(k, fo.get(k), fn.get(k), path)
    return out


def diff_texts(old_text: str | None, new_text: str | None, path: str) -> list[FieldChange]:
    """Compare two versions of a record's file; a version that is not valid TOML is compared
    as a whole text."""
    from itatui.core.audit.versions import parse_plain

    old = parse_plain(old_text) if old_text is not None else {}
    new = parse_plain(new_text) if new_text is not None else {}
    if old is None or new is None:
        if old_text == new_text:
            return []
        return [_scalar_change(WHOLE_FILE, old_text, new_text, CHANGED, path)]
    return diff_data(old if old_text is not None else None,
                     new if new_text is not None else None, path)
