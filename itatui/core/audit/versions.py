"""A record's versions through its renames, and the records as they stood at a commit or date."""

from __future__ import annotations

from dataclasses import dataclass, field

from itatui.core import schema, tomlio
from itatui.core.audit.dates import git_date, parse_date
from itatui.core.errors import ItatuiError, RecordError
from itatui.core.history import History
from itatui.core.records import Record, _sort_key

_RS, _US = "\x1e", "\x1f"
NULL_SHA = "0" * 40


@dataclass
class Version:
    """The record as one commit left it (``blob`` None: the commit deleted it)."""

    commit: str
    author: str
    email: str
    date: str               # author date, ISO 8601
    summary: str
    path: str               # the record's path in that commit
    blob: str | None
    status: str             # A, M, R, D, C (git's letters)
    old_path: str | None = None   # before a rename
    action: str = ""              # the commit's Itatui-Action, Record and Field trailers
    records: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    #: the versions this one was made from (commit ids), when the history has merges: one per
    #: side of a merge, none where the record starts; None in a linear history (the next older)
    prior: list[str] | None = None


def _parse_raw_log(out: str) -> list[Version]:
    versions: list[Version] = []
    for chunk in out.split(_RS):
        if not chunk.strip():
            continue
        head, _, rest = chunk.partition("\n")
        sha, an, ae, date, subject = (head.split(_US) + [""] * 5)[:5]
        for line in rest.splitlines():
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            parts = meta.split()
            new_blob, status = parts[3], parts[4]
            letter = status[0]
            path = paths[-1]
            old = paths[0] if len(paths) > 1 else None
            versions.append(Version(sha, an, ae, date, subject, path,
                                    None if letter == "D" or new_blob == NULL_SHA else new_blob,
                                    letter, old))
            break
    return versions


def record_versions(hist: History, path: str, rev: str = "HEAD") -> list[Version]:
    """Every commit that changed the record ``path`` (its name at ``rev``), newest first,
    following renames — git's and itatui's renumberings (``Renamed`` trailers), across merges:
    :func:`itatui.core.recordlog.record_history`."""
    from itatui.core.recordlog import record_history

    return record_history(hist, path, rev)


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
    blame and the history views parse every version of a record)."""
    import tomli

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError:
        return None


def resolve(hist: History, rev: str) -> str:
    """A revision (commit id, tag, branch, HEAD~2) as a full commit id, or a Thai error."""
    sha = hist.rev_parse(rev)
    if sha is None:
        raise ItatuiError(f"ไม่พบฉบับ (commit หรือ tag) \"{rev}\" ในคลังนี้")
    return sha


def resolve_at(hist: History, text: str) -> str:
    """``--at REV|DATE``: a revision, else the last commit made on or before that date."""
    sha = hist.rev_parse(text)
    if sha is not None:
        return sha
    try:
        when = parse_date(text, end_of_day=True)
    except ItatuiError:
        raise ItatuiError(f"\"{text}\" ไม่ใช่ทั้งฉบับ (commit/tag) และวันที่ที่อ่านได้") from None
    out = hist._git("rev-list", "-1", "--first-parent", f"--before={git_date(when)}",
                    "HEAD").strip() if hist.head() else ""
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


def record_from_text(path: str, text: str) -> Record:
    kind = schema.kind_of(path)
    rec = Record(path, kind, text)
    try:
        rec.doc = tomlio.parse(text, path)
    except RecordError as exc:
        rec.error = exc
    return rec


def records_at(hist: History, rev: str) -> list[Record]:
    """The records as commit ``rev`` holds them, as :class:`Record` objects (like
    ``RecordStore.load_all``), read from git without touching the working tree."""
    sha = resolve(hist, rev)
    recs = []
    for path, blob in record_paths_at(hist, sha).items():
        raw = hist.blob(blob)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            rec = Record(path, schema.kind_of(path))
            rec.error = RecordError("ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8", path=path,
                                    line=raw[: exc.start].count(b"\n") + 1)
            recs.append(rec)
            continue
        recs.append(record_from_text(path, text))
    return sorted(recs, key=lambda r: _sort_key(r.path))


def records_tree(hist: History, rev: str) -> str:
    """The id of the ``records/`` tree at ``rev``: the content an approval is about."""
    sha = hist.rev_parse(f"{rev}:{schema.RECORDS_DIR}", "tree")
    if sha is None:
        raise ItatuiError(f"ฉบับ {rev[:12]} ไม่มีโฟลเดอร์ records")
    return sha
