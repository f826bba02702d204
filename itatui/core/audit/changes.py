"""Field-level changes between two commits, or made by one commit, for all records or one."""

from __future__ import annotations

from itatui.core import schema
from itatui.core.audit.fielddiff import RecordDiff, diff_texts
from itatui.core.audit.versions import NULL_SHA, resolve
from itatui.core.history import History

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def _text(hist: History, blob: str | None) -> str | None:
    if blob is None or blob == NULL_SHA:
        return None
    return hist.blob(blob).decode("utf-8", "replace")


def diff_revs(hist: History, old_rev: str, new_rev: str,
              record: str | None = None) -> list[RecordDiff]:
    """The records changed from ``old_rev`` to ``new_rev`` (renames followed), field by
    field. ``record`` (its path in either version) keeps only that record."""
    old = old_rev if old_rev == EMPTY_TREE else resolve(hist, old_rev)
    new = resolve(hist, new_rev)
    out = hist.git_bytes("diff", "--raw", "-z", "-M", "--no-abbrev", old, new,
                         "--", schema.RECORDS_DIR + "/").decode("utf-8")
    fields = out.split("\0")
    diffs: list[RecordDiff] = []
    i = 0
    while i < len(fields):
        meta = fields[i]
        if not meta.startswith(":"):
            i += 1
            continue
        parts = meta[1:].split()
        old_blob, new_blob, status = parts[2], parts[3], parts[4]
        if status[0] in "RC":
            old_path, new_path = fields[i + 1], fields[i + 2]
            i += 3
        else:
            old_path = new_path = fields[i + 1]
            i += 2
        if schema.kind_of(new_path) is None and schema.kind_of(old_path) is None:
            continue
        if record and record not in (old_path, new_path):
            continue
        letter = status[0]
        state = {"A": "added", "D": "removed", "R": "renamed", "C": "added"}.get(letter,
                                                                              "changed")
        changes = diff_texts(_text(hist, old_blob) if letter != "A" else None,
                             _text(hist, new_blob) if letter != "D" else None, new_path)
        diffs.append(RecordDiff(new_path, old_path if old_path != new_path else None, state,
                                changes))
    return diffs


def commit_diff(hist: History, rev: str, record: str | None = None) -> list[RecordDiff]:
    """What commit ``rev`` changed (against its first parent; a root commit against nothing)."""
    sha = resolve(hist, rev)
    parent = hist.rev_parse(f"{sha}^")
    diffs = diff_revs(hist, parent or EMPTY_TREE, sha, record if parent is None else None)
    if parent is not None:
        from itatui.core.recordlog import renames_in

        renamed = renames_in(hist, [sha]).get(sha, {})     # new -> old
        if renamed:
            diffs = _renumbered(hist, parent, sha, diffs, renamed)
        if record:
            diffs = [d for d in diffs if record in (d.path, d.old_path)]
    return diffs


def _renumbered(hist: History, parent: str, sha: str, diffs: list[RecordDiff],
                renamed: dict[str, str]) -> list[RecordDiff]:
    """A structural commit's diff with its ``Renamed`` trailers as renames: git sees a shift or
    a swap (a new name that existed before) as rewritten files, not as renames."""
    sources = set(renamed.values())
    paths = list(dict.fromkeys(p for d in diffs for p in (d.old_path, d.path) if p))
    out: list[RecordDiff] = []
    for new in paths:                                   # what the commit holds
        text = hist.show_file(sha, new)
        if text is None:
            continue
        if new in renamed:
            old = renamed[new]
            out.append(RecordDiff(new, old, "renamed",
                                  diff_texts(hist.show_file(parent, old), text, new)))
        else:
            before = None if new in sources else hist.show_file(parent, new)
            if before == text:
                continue
            out.append(RecordDiff(new, None, "added" if before is None else "changed",
                                  diff_texts(before, text, new)))
    for old in paths:                                   # what it no longer holds
        if old not in sources and hist.show_file(sha, old) is None \
                and hist.show_file(parent, old) is not None:
            out.append(RecordDiff(old, None, "removed",
                                  diff_texts(hist.show_file(parent, old), None, old)))
    return out
