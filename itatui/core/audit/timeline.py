"""The history as an auditor filters it: by record (through renames), officer, dates, field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from itatui.core import schema
from itatui.core.history import History
from itatui.core.message import TRAILER_FIELD, TRAILER_RECORD, TRAILER_TOOL

_RS, _US, _GS = "\x1e", "\x1f", "\x1d"


@dataclass
class Entry:
    sha: str
    author: str
    email: str
    date: str                  # author date, ISO 8601
    summary: str
    action: str = ""           # Itatui-Action trailer: edit, approve, publish, restore, ...
    records: list[str] = field(default_factory=list)   # Record trailers
    fields: list[str] = field(default_factory=list)    # Field trailers
    paths: list[str] = field(default_factory=list)     # record files the commit touched
    #: the commit's signature as git checks it, compared with the committer's e-mail
    #: (:class:`~itatui.core.audit.signing.Signature`: ``kind`` none | good | wrong-signer |
    #: bad | unknown-key | expired, ``severity`` "error" | "warning" | "", ``label`` in Thai);
    #: None until :func:`with_signatures` fills it
    signature: Any = None

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.date)

    def as_dict(self) -> dict:
        return {"commit": self.sha, "author": self.author, "email": self.email,
                "date": self.date, "summary": self.summary, "action": self.action,
                "records": self.records or self.paths, "fields": self.fields,
                "paths": self.paths,
                **({"signature": self.signature.as_dict()} if self.signature else {})}


def _fmt() -> str:
    tr = "%(trailers:key={},valueonly,separator=%x1d)"
    return _RS + _US.join(["%H", "%an", "%ae", "%aI", "%s", tr.format(TRAILER_TOOL),
                           tr.format(TRAILER_RECORD), tr.format(TRAILER_FIELD)]) + _US


def _signature(raw: tuple[str, ...] | None):
    """A :class:`~itatui.core.audit.signing.Signature` from the record walk's columns (None
    when git could not check ssh signatures there: :func:`with_signatures` looks again)."""
    if raw is None:
        return None
    from itatui.core.audit.signing import Signature, checked_against

    status, signer, key, committer, unchecked = (tuple(raw) + ("",) * 5)[:5]
    if status in ("", "N") and unchecked:
        return None
    return checked_against(Signature(status or "N", signer, key), committer)


def read_log(hist: History, record: str | None = None, rev: str = "HEAD",
             extra: tuple[str, ...] = (), signatures: bool = False) -> list[Entry]:
    """Every commit reachable from ``rev`` (or, with ``record``, every commit that changed it,
    following renames), newest first. ``signatures``: a record's walk also reads each commit's
    signature (same git process; see :func:`with_signatures` for the others)."""
    if not hist.head():
        return []
    if record and not extra:
        from itatui.core.recordlog import record_history     # through renumberings and merges

        return [Entry(v.commit, v.author, v.email, v.date, v.summary, v.action, v.records,
                      v.fields, [v.path], _signature(v.signature))
                for v in record_history(hist, record, rev, signatures)]
    args = ["log", f"--format={_fmt()}", "--raw", *extra]     # --raw: cheaper than --name-only
    if record:
        args += ["--follow", rev, "--", record]
    else:
        args += [rev]
    out = hist.git_text(*args)
    entries = []
    for chunk in out.split(_RS):
        if not chunk.strip():
            continue
        parts = chunk.split(_US)
        sha, an, ae, date, subject, action, recs, flds = (parts + [""] * 8)[:8]
        names = parts[8] if len(parts) > 8 else ""
        entries.append(Entry(sha, an, ae, date, subject, action.strip(),
                             [r for r in recs.split(_GS) if r],
                             [f for f in flds.split(_GS) if f],
                             [ln.rsplit("\t", 1)[-1] for ln in names.splitlines()
                              if ln.startswith(":") and "\t" in ln]))
    return entries


def with_signatures(hist: History, entries: list[Entry]) -> list[Entry]:
    """Fill each entry's ``signature`` not read yet (one ``git log`` for all of them); returns
    ``entries``."""
    from itatui.core.audit.signing import signatures

    missing = [e for e in entries if e.signature is None]
    if missing:
        found = signatures(hist, [e.sha for e in missing])
        for e in missing:
            e.signature = found.get(e.sha)
    return entries


def field_matches(name: str, key: str) -> bool:
    return key == name or key.startswith(name + ".")


def touches_field(hist: History, entry: Entry, name: str, record: str | None = None) -> bool:
    """Did the commit change field ``name`` (of ``record``, when given)? Trailers answer for
    commits itatui made; for other commits (hand edits) the versions are compared."""
    if entry.action:
        for f in entry.fields:
            path, sep, key = f.rpartition("#")
            if sep and record and path not in (record, *entry.paths):
                continue
            if field_matches(name, key if sep else f):
                return True
        if entry.fields or entry.action in ("approve", "publish"):
            return False
    from itatui.core.audit.changes import commit_diff

    for rd in commit_diff(hist, entry.sha):
        if record and not {record, *entry.paths} & {rd.path, rd.old_path}:
            continue
        if record and rd.status == "added":       # the record's creation sets every field
            continue
        if any(field_matches(name, c.key) for c in rd.changes):
            return True
    return False


def timeline(hist: History, record: str | None = None, *, author: str | None = None,
             since: dt.datetime | None = None, until: dt.datetime | None = None,
             field_name: str | None = None, limit: int | None = None,
             rev: str = "HEAD", records_only: bool = False,
             signatures: bool = False) -> list[Entry]:
    """The filtered history, newest first. ``author`` matches part of the officer's name or
    e-mail (any case); ``since``/``until`` bound the author date (inclusive); ``field_name``
    keeps commits that changed that field (or a sub-key of it). ``signatures``: a record's
    history reads each commit's signature in the same git process (``itatui log``)."""
    entries = read_log(hist, record, rev, signatures=signatures)
    out: list[Entry] = []
    needle = author.casefold() if author else None
    for e in entries:
        if needle and needle not in e.author.casefold() and needle not in e.email.casefold():
            continue
        if since or until:
            when = e.when
            if since and when < since:
                continue
            if until and when > until:
                continue
        if records_only and not any(p.startswith(schema.RECORDS_DIR + "/") for p in e.paths):
            continue
        if field_name and not touches_field(hist, e, field_name, record):
            continue
        out.append(e)
        if limit and len(out) >= limit:
            break
    return out
