"""The records as they stood at a commit or date (parsed, or as the bytes git stores), and what
a version of a record was made from (its versions: :func:`itatui.core.recordlog.record_history`)."""

from __future__ import annotations

import datetime as dt

from itatui.core import schema
from itatui.core.audit.dates import git_date, parse_date
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.core.recordlog import NULL_SHA, Version
from itatui.core.records import Record, path_order, record_from_bytes

__all__ = ("NULL_SHA", "Version", "previous", "parse_plain", "resolve",
           "resolve_at", "record_paths_at", "record_files_at", "records_at",
           "records_tree")


def previous(versions: list[Version], index: int) -> Version | None:
    """The version ``versions[index]`` was made from (what its changes are shown against): the
    next older one in a linear history; across merges its prior on the first parent's side
    (for a merge: the local side, so its changes are what came in)."""
    v = versions[index]
    if v.prior is None:
        return versions[index + 1] if index + 1 < len(versions) else None
    if not v.prior:
        return None
    return next((w for w in versions[index + 1:] if w.commit == v.prior[0]), None)


def parse_plain(text: str) -> dict | None:
    """A record's text as plain data (None when it is not valid TOML). Read with tomli, the
    compiled build of the parser that became ``tomllib`` (same results, about twice as fast:
    blame and the history views parse every version of a record). Numbers with a decimal
    point are :class:`~itatui.core.values.WrittenFloat`: shown as the file writes them."""
    import tomli

    from itatui.core.values import WrittenFloat

    try:
        return tomli.loads(text, parse_float=WrittenFloat)    # 100.00 shown as written
    except tomli.TOMLDecodeError:
        return None


def resolve(hist: History, rev: str) -> str:
    """A revision (commit id, tag, branch, HEAD~2) as a full commit id, or a Thai error."""
    sha = hist.rev_parse(rev)
    if sha is None:
        raise ItatuiError(f"ไม่พบฉบับ (commit หรือ tag) \"{rev}\" ในคลังนี้")
    return sha


def resolve_at(hist: History, text: str, zone=None) -> str:
    """``--at REV|DATE``: a revision, else the last commit made on or before that date — the
    date's end in ``zone``, by default the agency's (``[agency] timezone``), never the
    machine's: on a server in UTC ``--at 2026-01-31`` must not take a commit of 1 February
    05:00 in Bangkok."""
    sha = hist.rev_parse(text)
    if sha is not None:
        return sha
    from itatui.core.audit.dates import reading
    from itatui.core.zones import agency_zone, be_datetime, zone_note

    if zone is None:
        from itatui.core.config import load_config

        zone = agency_zone(load_config().timezone)
    try:
        when = parse_date(text, end_of_day=True, zone=zone)
    except ItatuiError:
        raise ItatuiError(f"\"{text}\" ไม่ใช่ทั้งฉบับ (commit/tag) และวันที่ที่อ่านได้") from None
    if not hist.head():
        raise ItatuiError("คลังนี้ยังไม่มีฉบับใดที่บันทึกไว้ (ยังไม่มี commit)")
    # the first commit's date, compared here: git reads a date before 1970 (พ.ศ. ๒๕๐๐ is
    # ค.ศ. 1957) as no limit at all and would answer with HEAD
    firsts = hist.git_text("log", "--max-parents=0", "--format=%cI", "HEAD").split()
    first = min((dt.datetime.fromisoformat(f) for f in firsts), default=None)
    if first is not None and when < first:
        note = reading(text)
        raise ItatuiError(f"ไม่มีฉบับใดที่บันทึกไว้ภายในวันที่ {text}: ฉบับแรกของคลังนี้บันทึกเมื่อ "
                          f"{be_datetime(first.isoformat(), 'thai', zone=zone)} "
                          f"{zone_note(zone)}"
                          + (f" ({note})" if note else ""))
    out = hist.git_text("rev-list", "-1", "--first-parent", f"--before={git_date(when)}",
                        "HEAD").strip()
    if not out:
        raise ItatuiError(f"ไม่มีฉบับใดที่บันทึกไว้ภายในวันที่ {text}")
    return out


def record_paths_at(hist: History, rev: str) -> dict[str, str]:
    """``{path: blob id}`` of the record files in commit ``rev``."""
    out = hist.git_bytes("ls-tree", "-r", "-z", rev, "--", schema.RECORDS_DIR + "/")
    found = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, typ, sha = meta.split()
        p = path.decode("utf-8")
        if typ == b"blob" and schema.kind_of(p) is not None:
            found[p] = sha.decode()
    return found


def record_files_at(hist: History, rev: str) -> dict[str, bytes]:
    """``{"records/...": bytes}`` for every file under ``records/`` at ``rev`` (sorted paths),
    as git stores them: what a PDF attaches as its sources. No checkout, no working-tree
    changes; :func:`records_at` gives the same commit's records parsed. Raises
    :class:`~itatui.core.errors.GitError` (Thai message) when ``rev`` is unknown."""
    listing = hist.git_text("ls-tree", "-r", "-z", "--full-tree", rev, "--",
                            schema.RECORDS_DIR + "/")
    entries: dict[str, str] = {}
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, sha = meta.split()
        if kind == "blob" and not mode.startswith("120"):      # files, not symlinks
            entries[path] = sha
    contents = hist.blobs(list(entries.values()))
    return {path: contents[entries[path]] for path in sorted(entries)}


def records_at(hist: History, rev: str) -> list[Record]:
    """The records as commit ``rev`` holds them, as :class:`Record` objects (like
    ``RecordStore.load_all``), read from git without touching the working tree (the raw bytes:
    :func:`record_files_at`)."""
    sha = resolve(hist, rev)
    recs = [record_from_bytes(path, schema.kind_of(path), hist.blob(blob))
            for path, blob in record_paths_at(hist, sha).items()]
    return sorted(recs, key=lambda r: path_order(r.path))


def records_tree(hist: History, rev: str) -> str:
    """The id of the ``records/`` tree at ``rev``: the content an approval is about."""
    sha = hist.rev_parse(f"{rev}:{schema.RECORDS_DIR}", "tree")
    if sha is None:
        raise ItatuiError(f"ฉบับ {rev[:12]} ไม่มีโฟลเดอร์ records")
    return sha
