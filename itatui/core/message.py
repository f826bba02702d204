"""Commit messages: a Thai summary naming the record, a body listing the fields, git trailers.

    แก้ไข ประเด็นที่ ๒ มาตรการที่ ๑: ผลการดำเนินการ

    ช่องที่แก้ไข:
    - ผลการดำเนินการ (results)

    Record: records/measures/02-01.toml
    Field: results
"""

from __future__ import annotations

from dataclasses import dataclass

from itatui.core import schema

TRAILER_RECORD = "Record"
TRAILER_FIELD = "Field"
TRAILER_TOOL = "Itatui-Action"
#: The trailer of a structural commit naming each renumbered record, ``Renamed: OLD -> NEW``:
#: git's ``--follow`` cannot follow a file whose new name already existed before the commit
#: (a shift or a swap), so :mod:`itatui.core.recordlog` follows these trailers instead.
TRAILER_RENAMED = "Renamed"
#: The trailer of a sync's merge commit naming each record of its FIRST parent (the officer
#: who integrated) that the merge gave another number (``Merge-Renamed: OLD -> NEW``): a new
#: measure whose number the other side had already used. Not a ``Renamed`` trailer
#: (:data:`TRAILER_RENAMED`): on the other parent's side nothing moved.
TRAILER_MERGE_RENAMED = "Merge-Renamed"


@dataclass(frozen=True)
class Change:
    """The fields changed in one record (``fields`` empty for a whole-record action)."""

    path: str
    fields: tuple[str, ...] = ()


def _labels(path: str, fields: tuple[str, ...]) -> list[str]:
    kind = schema.kind_of(path)
    return [schema.field_label(kind, f) if kind else f for f in fields]


def edit_message(changes: list[Change], verb: str = "แก้ไข", action: str = "edit") -> str:
    """The message of one save. ``verb`` is the Thai summary verb (แก้ไข, เพิ่ม, ลบ, ...)."""
    if len(changes) == 1:
        ch = changes[0]
        labels = _labels(ch.path, ch.fields)
        summary = f"{verb} {schema.title_of(ch.path)}"
        if labels:
            shown = ", ".join(labels[:3]) + (f" และอีก {len(labels) - 3} ช่อง" if len(labels) > 3 else "")
            summary += f": {shown}"
    else:
        names = ", ".join(schema.title_of(c.path) for c in changes[:3])
        more = f" และอีก {len(changes) - 3} ระเบียน" if len(changes) > 3 else ""
        summary = f"{verb} {names}{more}"
    body = []
    for ch in changes:
        if not ch.fields:
            continue
        if len(changes) > 1:
            body.append(f"{schema.title_of(ch.path)} ({ch.path}):")
        else:
            body.append("ช่องที่แก้ไข:")
        for key, label in zip(ch.fields, _labels(ch.path, ch.fields)):
            body.append(f"- {label} ({key})")
    trailers = [f"{TRAILER_TOOL}: {action}"]
    for ch in changes:
        trailers.append(f"{TRAILER_RECORD}: {ch.path}")
    for ch in changes:
        for f in ch.fields:
            trailers.append(f"{TRAILER_FIELD}: {f}" if len(changes) == 1 else
                            f"{TRAILER_FIELD}: {ch.path}#{f}")
    parts = [summary]
    if body:
        parts.append("\n".join(body))
    parts.append("\n".join(trailers))
    return "\n\n".join(parts) + "\n"
