"""A record changed on disk (a pull, another editor) while the officer was editing it: the
fields edited in the editor that the file now holds differently, as :class:`Conflict` s, and
the officer's choices applied back to the unsaved texts. Core: no Textual, Rich or render."""

from __future__ import annotations

from typing import Mapping

from itatui.core import schema
from itatui.core.errors import RecordError
from itatui.core.records import Record
from itatui.core.sync.merge import THEIRS, VALUE, Conflict
from itatui.core.values import format_value, parse_value


def disk_conflicts(old: Record, new: Record, texts: Mapping[str, str]) -> list[Conflict]:
    """Fields edited here (``texts``, dotted key -> text, over ``old``) that were also changed
    on disk (``new``) to something else. "mine" is the edited value (its text when it does not
    parse), "theirs" the file's, "base" what both started from."""
    out = []
    for key, text in texts.items():
        spec = schema.field_spec(old.kind, key)
        if spec is None:
            continue
        base, theirs = old.get(key), new.get(key)
        if base == theirs:
            continue
        try:
            mine = parse_value(spec, text, path=old.path)
        except RecordError:
            mine = text
        if mine == theirs:
            continue
        out.append(Conflict(new.path, key, base, mine, theirs))
    return out


def apply_disk_choices(pending: dict[str, dict[str, str]], conflicts: list[Conflict],
                       choices: Mapping | None) -> None:
    """Apply the conflict screen's ``choices`` (conflict id -> Resolution; None: cancelled) to
    the unsaved texts ``pending`` (path -> {key: text}): "theirs" drops our text (the file's
    value shows), a typed value replaces it, "mine" or no choice keeps it."""
    for c in conflicts:
        choice = (choices or {}).get(c.id)
        texts = pending.setdefault(c.path, {})
        if choice is None:
            continue                                  # cancelled: keep ours, unsaved
        if choice.take == THEIRS:
            texts.pop(c.key, None)
        elif choice.take == VALUE:
            spec = schema.field_spec(schema.kind_of(c.path), c.key)
            texts[c.key] = format_value(spec, choice.value) if spec else str(choice.value)
        if not texts:
            pending.pop(c.path, None)
