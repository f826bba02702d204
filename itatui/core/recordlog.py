"""A record's history through itatui's renumberings — the one walker every history view uses
(the TUI's history panel, ``itatui log RECORD``, ``blame``, ``restore``, ``History.log(path)``).

Renumbering issues or measures renames files in one commit; when the new name already existed
before that commit (inserting issue 3 moves 03 to 04, 04 to 05, ...), git sees a changed file,
not a rename, and ``git log --follow`` goes on with the history of the file that had that name
before. itatui's structural commits name every rename in a ``Renamed: OLD -> NEW`` trailer
(:data:`itatui.core.message.TRAILER_RENAMED`); :func:`record_history` follows git's own rename
detection (renames made by hand with ``git mv``) and, at such a commit, continues with the old
name. A record created by a structural commit (the new measure that takes a number whose former
record moved on) starts there: it does not inherit the history of its number.

Two ways, one result:

- linear history (the usual case): ``git log --follow`` segments, cut at the structural
  commits — one git process per renumbering, about the cost of ``git log --follow``;
- history with merges (sync): ``--follow`` keeps ONE name for the whole walk, so an edit made
  under the old number on the other side of a merge is missed. The history of ``records/`` is
  then read once (``--topo-order --full-history --parents``) and walked as a graph, each commit
  with the name the record had in it: at a merge, each parent gets the name before the renames
  made on the other side(s).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from itatui.core.message import (TRAILER_FIELD, TRAILER_MERGE_RENAMED, TRAILER_RECORD,
                                 TRAILER_RENAMED, TRAILER_TOOL)

if TYPE_CHECKING:       # History.log(path) walks with this module: no import at run time
    from itatui.core.history import History

_RS, _US, _GS = "\x1e", "\x1f", "\x1d"
NULL_SHA = "0" * 40
MAX_HOPS = 1000
RECORDS_PATHSPEC = "records/"


#: a commit's signature as git checks it (status letter, signer, key, committer's e-mail):
#: asked for only by ``itatui log`` (``signatures=True``), so blame never verifies signatures
_SIGNATURE = ["%G?", "%GS", "%GK", "%ce"]
_COLUMNS = 11


def _format(signatures: bool = False) -> str:
    tr = "%(trailers:key={},valueonly,separator=%x1d)"
    return _RS + _US.join(["%H", "%P", "%an", "%ae", "%aI", "%s", tr.format(TRAILER_RENAMED),
                           tr.format(TRAILER_TOOL), tr.format(TRAILER_RECORD),
                           tr.format(TRAILER_FIELD), tr.format(TRAILER_MERGE_RENAMED)]
                          + (_SIGNATURE if signatures else [])) + _US


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
    #: with ``signatures=True``: git's (%G?, %GS, %GK, committer e-mail, "?" when git could not
    #: check ssh signatures — no allowed-signers file — so an N may be a signed commit)
    signature: tuple[str, ...] | None = None


@dataclass
class Commit:
    """One commit of a ``git log --raw`` listing, with its trailers and changed files."""

    sha: str
    parents: list[str]
    author: str
    email: str
    date: str
    summary: str
    renamed: dict[str, str]          # Renamed trailers: new path -> old path
    merge_renamed: dict[str, str]    # a merge's Merge-Renamed trailers (its first parent's side)
    action: str
    records: list[str]
    fields: list[str]
    raw: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    # raw: new path -> (status letter, old path when renamed/copied, blob or None if deleted)
    signature: tuple[str, ...] | None = None


def _arrows(values: str) -> dict[str, str]:
    """``OLD -> NEW`` trailer values as {new: old}."""
    found = {}
    for value in values.split(_GS):
        old, sep, new = value.strip().partition(" -> ")
        if sep:
            found[new.strip()] = old.strip()
    return found


def _parse(out: str, signatures: str | None = None) -> list[Commit]:
    """``signatures``: None when the format has no signature columns, else the flag to add to
    each (``"?"``: git could not check ssh signatures)."""
    commits = []
    ncols = _COLUMNS + (len(_SIGNATURE) if signatures is not None else 0)
    for chunk in out.split(_RS):
        if not chunk.strip():
            continue
        parts = chunk.split(_US)
        sha, parents, an, ae, date, subject, ren, action, recs, flds, mren = \
            (parts + [""] * _COLUMNS)[:_COLUMNS]
        c = Commit(sha.strip(), parents.split(), an, ae, date, subject, _arrows(ren),
                   _arrows(mren), action.strip(), [r for r in recs.split(_GS) if r],
                   [f for f in flds.split(_GS) if f])
        if signatures is not None:
            c.signature = tuple((parts + [""] * ncols)[_COLUMNS:ncols]) + (signatures,)
        for line in (parts[ncols] if len(parts) > ncols else "").splitlines():
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            n = len(meta) - len(meta.lstrip(":"))            # parents: 2+ in a merge (-c)
            bits = meta.lstrip(":").split()
            blob, letters = bits[2 * n + 1], bits[2 * n + 2][:n]   # "R100": letter and score
            # a merge has a letter per parent ("AM": new to the first, changed from the second)
            letter = letters[0] if len(set(letters)) == 1 else "M"
            c.raw[paths[-1]] = (letter, paths[0] if len(paths) > 1 else None,
                                None if letter == "D" or blob == NULL_SHA else blob)
        commits.append(c)
    return commits


def log_commits(hist: History, *args: str) -> list[Commit]:
    """``git log ARGS`` as :class:`Commit` s with their trailers (no changed files)."""
    return _parse(hist.git_text("log", f"--format={_format()}", *args))


def renames_in(hist: History, shas: list[str]) -> dict[str, dict[str, str]]:
    """commit -> {new path: old path} from the Renamed trailers of ``shas``."""
    if not shas:
        return {}
    return {c.sha: c.renamed for c in log_commits(hist, "--no-walk=unsorted", *shas)}


def _version(c: Commit, path: str, status: str | None = None, old: str | None = None):
    letter, src, blob = c.raw.get(path, ("M", None, None))
    v = Version(c.sha, c.author, c.email, c.date, c.summary, path, blob, status or letter,
                old if old is not None else src)
    v.action, v.records, v.fields = c.action, c.records, c.fields
    v.signature = c.signature
    return v


def _step(c: Commit, path: str):
    """(version or None, the record's path in the parent or None when it starts here) for a
    non-merge commit in which the record is at ``path``."""
    if path in c.renamed:                                    # an itatui renumbering
        old = c.renamed[path]
        return _version(c, path, "R", old), old
    if path in set(c.renamed.values()):                      # its number went to another
        return _version(c, path, "A"), None                  # record: this one starts here
    if path not in c.raw:
        return None, path
    letter, src, _ = c.raw[path]
    return _version(c, path), (src if letter in "RC" and src else path)


def _log(hist: History, signatures: bool, *args: str) -> list[Commit]:
    """``git log --format=... ARGS`` parsed; with ``signatures`` each commit's signature read
    by the same git (git's stderr says when it met ssh signatures it could not check)."""
    if not signatures:
        return _parse(hist.git_text("log", f"--format={_format()}", *args))
    status, out, err = hist.git_status("log", f"--format={_format(True)}", *args)
    if status != 0:                              # git_text raises git's error, in Thai
        out, err = hist.git_text("log", f"--format={_format(True)}", *args), ""
    return _parse(out, "?" if "allowedsignersfile" in err.lower() else "")


def _linear(hist: History, path: str, rev: str, signatures: bool = False):
    """``git log --follow`` segments; None when a merge shows up (the graph walk is needed)."""
    history = []
    for _ in range(MAX_HOPS):
        # -m: a merge that changed the record is listed (with its parents), so it is seen
        commits = _log(hist, signatures, "--follow", "-m", "-M", "--raw", "--no-abbrev", rev,
                       "--", path)
        if any(len(c.parents) > 1 for c in commits):
            return None
        current = path
        for c in commits:
            if c.raw and current not in c.raw:               # --follow went through a rename
                current = next(iter(c.raw))
            v, before = _step(c, current)
            if v is not None:
                history.append(v)
            if before is None:
                return history
            if current in c.renamed:                         # cut: continue with the old name
                if not c.parents:
                    return history
                path, rev = before, c.parents[0]
                break
            current = before
        else:
            return history
    return history


def _decided(c: Commit, path: str) -> bool:
    """Did merge ``c`` settle a conflict in the record at ``path`` (its ``Field: PATH#KEY``
    trailers, one per ``Resolution``)? Such a merge is part of the record's history even when
    the result equals one side's version (``--theirs`` / ``--mine``: git's combined diff does
    not list the file, yet the merge decided which officer's value stays)."""
    return any(f.partition("#")[0].strip() == path for f in c.fields if "#" in f)


def _graph(hist: History, path: str, rev: str, signatures: bool = False):
    """The record's history over the commit graph of ``records/`` (merges included)."""
    # -c: a merge lists the records it left different from every parent (a combination of both
    # sides, or a conflict settled there)
    commits = _log(hist, signatures, "--topo-order", "--full-history", "--parents", "-M",
                   "--raw", "-c", "--no-abbrev", rev, "--", RECORDS_PATHSPEC)
    if not commits:
        return []
    children: dict[str, list[str]] = {}
    for c in commits:
        for p in c.parents:
            children.setdefault(p, []).append(c.sha)

    def renames_of(c: Commit) -> dict[str, str]:
        if len(c.parents) > 1:
            return {}
        found = {new: old for new, (letter, old, _) in c.raw.items() if letter == "R" and old}
        found.update(c.renamed)
        return found

    renaming = [c for c in commits if renames_of(c)]
    below: dict[str, set[str]] = {}                          # rename commit -> its descendants
    for s in renaming:
        seen, todo = set(), [s.sha]
        while todo:
            for ch in children.get(todo.pop(), []):
                if ch not in seen:
                    seen.add(ch)
                    todo.append(ch)
        below[s.sha] = seen
    def name_in_parent(c: Commit, i: int, p: str, current: str) -> str | None:
        """The record's name in the ``i``-th parent ``p`` of merge ``c`` (None: not there):
        its name before the renames made on the other side(s) of the merge."""
        if current in c.merge_renamed:                       # this merge gave it its number,
            return c.merge_renamed[current] if i == 0 else None    # on the first parent's side
        if i == 0 and current in c.merge_renamed.values():
            return None                                      # there, that number was ours
        name = current
        for s in renaming:                                   # newest first (topological)
            if c.sha in below[s.sha] and p != s.sha and p not in below[s.sha]:
                moved = renames_of(s)
                if name in moved:
                    name = moved[name]
                elif name in moved.values():                 # the number came free there:
                    return None                              # the record was not on this side
        return name

    where: dict[str, str | None] = {commits[0].sha: path}
    history = []
    for c in commits:                                        # children before parents
        if c.sha not in where:
            continue
        current = where[c.sha]
        if current is None:
            continue
        if len(c.parents) > 1:
            if current in c.merge_renamed:           # a new measure renumbered by the merge
                history.append(_version(c, current, "R", c.merge_renamed[current]))
            elif current in c.raw:
                history.append(_version(c, current))
            elif _decided(c, current):                # a conflict settled for this record,
                v = _version(c, current)              # its result the same as one side's
                v.blob = hist.rev_parse(f"{c.sha}:{current}", "blob")
                history.append(v)
            for i, p in enumerate(c.parents):
                where.setdefault(p, name_in_parent(c, i, p, current))
            continue
        v, before = _step(c, current)
        if v is not None:
            history.append(v)
        for p in c.parents:
            where.setdefault(p, before)
    _link_priors(commits, where, history)
    return history


def _link_priors(commits: list[Commit], where: dict[str, str | None], history: list) -> None:
    """Set each version's ``prior``: the nearest older versions of the record on each parent
    side (what ``blame`` compares it with), walking the graph from the roots up."""
    versions = {v.commit: v for v in history}
    starts = {v.commit for v in history if v.status == "A"}
    near: dict[str, tuple[str, ...]] = {}
    for c in reversed(commits):                              # parents before children
        below: list[str] = []
        if c.sha not in starts:
            for p in c.parents:
                if where.get(p) is not None:
                    below += [s for s in near.get(p, ()) if s not in below]
        if c.sha in versions:
            versions[c.sha].prior = below
            near[c.sha] = (c.sha,)
        else:
            near[c.sha] = tuple(below)


def record_history(hist: History, path: str, rev: str = "HEAD",
                   signatures: bool = False) -> list:
    """Every commit that changed the record now at ``path`` (its name at ``rev``), newest
    first, across git's renames and itatui's renumberings (each :class:`Version` names the path
    the record had then; ``status`` R with ``old_path`` at a rename, A where it started)."""
    if not hist.head():
        return []
    found = _linear(hist, path, rev, signatures)
    return found if found is not None else _graph(hist, path, rev, signatures)
