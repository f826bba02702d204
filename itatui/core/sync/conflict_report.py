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


# -- what a conflict shows: the words each side changed ---------------------------------------
#: unchanged words kept on each side of a change; a longer unchanged run is cut to "…"
CONTEXT_WORDS = 5
ELLIPSIS = "…"


def value_text(conflict: Conflict, value) -> str:
    """A conflict's value as the officer types it (a list one item a line)."""
    spec = schema.field_spec(schema.kind_of(conflict.path), conflict.key) \
        if schema.kind_of(conflict.path) and conflict.key else None
    if spec is not None:
        try:
            return format_value(spec, value)
        except (TypeError, ValueError, AttributeError):
            pass
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _take(words: list[str], n: int) -> int:
    """How many of ``words`` hold their first ``n`` words that are not spaces."""
    seen = 0
    for i, w in enumerate(words):
        if seen == n:
            return i
        seen += bool(w.strip())
    return len(words)


def _elide(segs: list, context: int = CONTEXT_WORDS) -> list:
    """Unchanged runs longer than ``context`` words on each side of a change cut to "…"."""
    from itatui.core.worddiff import EQUAL, tokens

    out = []
    for i, (op, text) in enumerate(segs):
        if op != EQUAL:
            out.append((op, text))
            continue
        words = tokens(text)
        head = 0 if i == 0 else _take(words, context)
        tail = 0 if i == len(segs) - 1 else _take(words[::-1], context)
        if head + tail + 2 >= len(words):
            out.append((op, text))
            continue
        out.append((op, "".join(words[:head]) + ELLIPSIS + "".join(words[len(words) - tail:])))
    return out


def marked_change(conflict: Conflict, side: str):
    """The words side ``side`` ("mine" or "theirs") changed from the common base, as word diff
    segments (:mod:`itatui.core.worddiff`) with long unchanged runs cut to "…"; None when
    that is no help (a value missing on one side, or nothing in common: show it whole)."""
    from itatui.core.worddiff import EQUAL, word_diff

    value = conflict.mine if side == "mine" else conflict.theirs
    if value is None or conflict.base is None:
        return None
    segs = word_diff(value_text(conflict, conflict.base), value_text(conflict, value))
    if not any(op == EQUAL and text.strip() for op, text in segs):
        return None
    return _elide(segs)
