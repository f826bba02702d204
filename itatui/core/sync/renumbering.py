"""Merging across a renumbering: an edit made under a record's old number follows the record.

When one side inserts, removes or moves an issue or a measure, itatui renames files, often onto
names that already existed (inserting measure 1 moves ``02-01`` to ``02-02`` and writes a new
``02-01``). Git sees a *changed* file, not a rename, so a plain three-way merge pairs the other
side's edit of ``02-01`` with the new, unrelated record that now has that number: a conflict in
every field, or the edit landing in the wrong record.

itatui's structural commits name every rename in a ``Renamed: OLD -> NEW`` trailer
(:data:`itatui.core.structure.TRAILER_RENAMED`). :func:`plan` composes the trailers of the
commits one side made since the merge base into one mapping *base path -> path now* (or
``None`` for a record that side removed while another took its number). The merge is then run
on the other side **moved the same way**:

- ``B'``: the merge base with the mapping applied (a commit whose parent is the base);
- the side that did not renumber, with the same mapping applied (parents: that side and ``B'``);
- the side that renumbered, unchanged in content (parents: that side and ``B'``).

Their merge base is ``B'``, so git and the record merge driver compare each record with itself:
the edit made under the old number is merged into the record at its new number, field by field.
Only the resulting *tree* is used: the merge commit itself has the two real tips as parents, and
the helper commits are unreferenced objects that ``git gc`` removes.

A move also rewrites the record's first-line comment (``# มาตรการที่ ๒ ของประเด็นที่ ๒``) the way
the structural commit did, so that the comment does not read as a change of the other side.

What cannot be settled this way is reported as a structural conflict (nothing changes):

- both sides renumbered differently since they last synced;
- one side edited a record the other removed while renumbering (another record took its number);
- one side created a record under a number the other gave to a renumbered record.

Renames made by hand (``git mv`` without a trailer) are left to git's own rename detection.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from itatui.core import schema
from itatui.core.history import History

_RS, _US, _GS = "\x1e", "\x1f", "\x1d"
_ZERO = "0" * 40

#: The trailer of a sync's merge commit naming each record of its FIRST parent (the officer
#: who integrated) that the merge gave another number (``Merge-Renamed: OLD -> NEW``): a new
#: measure whose number the other side had already used. It is not a ``Renamed`` trailer: on
#: the other parent's side nothing moved.
TRAILER_MERGE_RENAMED = "Merge-Renamed"

#: Run git: (*args, env=None, stdin=None) -> (status, stdout, stderr).
Runner = Callable[..., tuple[int, str, str]]


def runner(hist: History) -> Runner:
    """git in ``hist``'s work tree under its lock; bytes in and out as UTF-8, untranslated
    (a record's line endings are kept as they are)."""
    def run(*args: str, env: dict | None = None, stdin: str | None = None):
        with hist.lock:
            done = subprocess.run(
                ["git", *args], cwd=hist.root, capture_output=True,
                input=stdin.encode("utf-8", "surrogateescape") if stdin is not None else None,
                env={**os.environ, "LC_ALL": "C", "LANGUAGE": "C", **(env or {})}, timeout=120)
        return (done.returncode, done.stdout.decode("utf-8", "surrogateescape"),
                done.stderr.decode("utf-8", "replace"))
    return run


@dataclass
class Side:
    """The renumberings one side made since the merge base."""

    name: str                                       # "mine" or "theirs"
    moves: dict[str, str | None] = field(default_factory=dict)   # base path -> path now / None

    @property
    def renumbered(self) -> bool:
        return bool(self.moves)


@dataclass
class Plan:
    """How to run the merge: the two commits to give ``git merge-tree`` and what moved."""

    left: str                                       # mine (or mine moved)
    right: str                                      # theirs (or theirs moved)
    moved: Side | None = None                       # the side whose renumbering was applied
    structural: list[str] = field(default_factory=list)   # conflicts: nothing can be merged
    #: new measures of mine given the next free number because theirs added a different one
    #: under the same number (old path -> new path); the merge commit names them
    local: dict[str, str] = field(default_factory=dict)

    def old_path(self, path: str) -> str:
        """The path of a record in the side that did NOT renumber, given its path now."""
        if self.moved:
            for old, new in self.moved.moves.items():
                if new == path:
                    return old
        return path

    def describe(self) -> list[str]:
        """Lines for the merge commit's body (Thai)."""
        if self.local:
            lines = ["มาตรการที่เพิ่มในเครื่องได้เลขถัดไป เพราะคลังกลางเพิ่มมาตรการอื่นไว้ในเลขเดียวกันแล้ว:"]
            lines += [f"- {schema.title_of(old)} → {schema.title_of(new)} ({old} → {new})"
                      for old, new in sorted(self.local.items())]
            return lines
        if not self.moved:
            return []
        who = "ในเครื่อง" if self.moved.name == "mine" else "ในคลังกลาง"
        other = "จากคลังกลาง" if self.moved.name == "mine" else "ในเครื่อง"
        lines = [f"เปลี่ยนเลขตามที่ทำ{who} การแก้ไข{other}ย้ายไปตามเลขใหม่:"]
        for old, new in sorted(self.moved.moves.items()):
            if new:
                lines.append(f"- {schema.title_of(old)} → {schema.title_of(new)} ({old} → {new})")
        return lines


def renames_since(run: Runner, base: str, tip: str,
                  base_paths: set[str]) -> dict[str, str | None]:
    """Compose the ``Renamed`` trailers of ``base..tip`` (oldest first) into one mapping.

    Returns base path -> path at ``tip`` for every record of the base that moved, and ``None``
    for a record whose path another record took in a renumbering while it was not moved itself
    (itatui removed it). Records that did not move are not listed.
    """
    from itatui.core.structure import TRAILER_RENAMED

    fmt = f"%H{_US}%(trailers:key={TRAILER_RENAMED},valueonly,separator=%x1d){_RS}"
    status, out, err = run("log", "--reverse", "--topo-order", f"--format={fmt}",
                           f"{base}..{tip}", "--", schema.RECORDS_DIR + "/")
    if status != 0:
        from itatui.core.errors import GitError

        raise GitError(f"อ่านประวัติการเปลี่ยนเลขไม่ได้: {err.strip()}")
    where: dict[str, str | None] = {}                # base path -> current path (moved ones)
    for chunk in out.split(_RS):
        _sha, _, trailers = chunk.strip().partition(_US)
        step: dict[str, str] = {}
        for value in trailers.split(_GS):
            old, sep, new = value.strip().partition(" -> ")
            if sep and old.strip() and new.strip():
                step[old.strip()] = new.strip()
        if not step:
            continue
        sources, targets = set(step), set(step.values())
        # the current path of every base record this step could touch
        current = {p: q for p, q in where.items() if q is not None}
        for old in sources | targets:
            if old in base_paths and old not in where:
                current[old] = old                   # a base record not moved so far
        for base_path, now in current.items():
            if now in step:
                where[base_path] = step[now]
            elif now in targets:
                where[base_path] = None              # its number went to another record
    return {p: q for p, q in where.items() if q != p}


def _tree(run: Runner, commit: str) -> dict[str, tuple[str, str]]:
    """path -> (mode, blob) of the records in ``commit``."""
    out = _must(run("ls-tree", "-r", "-z", commit, "--", schema.RECORDS_DIR + "/"), "ls-tree")
    entries = {}
    for item in out.split("\0"):
        if not item:
            continue
        meta, _, path = item.partition("\t")
        mode, kind, blob = meta.split()
        if kind == "blob":
            entries[path] = (mode, blob)
    return entries


def _moved_commit(hist: History, run: Runner, commit: str, moves: dict[str, str | None],
                  parents: list[str], message: str, index_file: str,
                  renumbered: dict[tuple[str, str], str]) -> str:
    """A commit whose tree is ``commit``'s with the records moved by ``moves``. Blobs are read
    by one ``git cat-file --batch`` and the renumbered texts written by one ``git hash-object``,
    so a renumbering of a whole report costs a handful of processes.
    ``renumbered`` maps (blob, new path) to the blob with the renumbered comment, across calls
    (the base and the other side share most records)."""
    from itatui.core.structure import renumber_comment

    entries = _tree(run, commit)
    lines = [f"0 {_ZERO}\t{old}" for old in moves if old in entries]
    added: list[tuple[str, str, str]] = []          # (mode, blob, new path)
    rewritten: list[tuple[int, str]] = []           # (index in added, new text)
    texts = hist.blobs([entries[old][1] for old, new in moves.items()
                        if new is not None and old in entries
                        and (entries[old][1], new) not in renumbered])
    for old, new in moves.items():
        if new is None or old not in entries:
            continue
        mode, blob = entries[old]
        if (blob, new) not in renumbered:
            text = texts[blob].decode("utf-8", "surrogateescape")
            fixed = renumber_comment(text, new)
            if fixed != text:
                rewritten.append((len(added), fixed))
            else:
                renumbered[(blob, new)] = blob
        added.append((mode, renumbered.get((blob, new), blob), new))
    if rewritten:
        folder = Path(index_file).parent
        paths = []
        for n, (_i, text) in enumerate(rewritten):
            path = folder / f"blob-{n}"
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            paths.append(str(path))
        shas = _must(run("hash-object", "-w", "--stdin-paths", "--no-filters",
                         stdin="\n".join(paths) + "\n"), "hash-object").split()
        for (i, _text), sha in zip(rewritten, shas):
            mode, blob, new = added[i]
            renumbered[(blob, new)] = sha
            added[i] = (mode, sha, new)
    lines += [f"{mode} {blob}\t{new}" for mode, blob, new in added]
    env = {"GIT_INDEX_FILE": index_file}
    _must(run("read-tree", commit, env=env), "read-tree")
    # removals first, then additions: update-index applies the lines in order
    _must(run("update-index", "--index-info", env=env, stdin="\n".join(lines) + "\n"),
          "update-index")
    tree = _must(run("write-tree", env=env), "write-tree").strip()
    args = ["commit-tree", "--no-gpg-sign", tree, "-m", message]
    for p in parents:
        args += ["-p", p]
    return _must(run(*args, env=_helper_identity(env)), "commit-tree").strip()


def _helper_identity(env: dict) -> dict:
    """The helper commits are never referenced: a fixed identity, so that a missing
    user.name cannot stop a merge that needs them."""
    return {**env, "GIT_AUTHOR_NAME": "itatui", "GIT_AUTHOR_EMAIL": "itatui@localhost",
            "GIT_COMMITTER_NAME": "itatui", "GIT_COMMITTER_EMAIL": "itatui@localhost"}


def _must(result: tuple[int, str, str], what: str) -> str:
    status, out, err = result
    if status != 0:
        from itatui.core.errors import GitError

        raise GitError(f"เตรียมการรวมข้ามการเปลี่ยนเลขไม่สำเร็จ (git {what}): "
                       f"{err.strip() or out.strip()}")
    return out


def _conflicts_with_moves(run: Runner, base: str, still: str,
                          moves: dict[str, str | None]) -> list[str]:
    """What the side that did not renumber did that the renumbering cannot carry, as lines in
    git's ``CONFLICT (kind): path`` form (:func:`itatui.core.sync.remote.conflict_message`
    reads them in Thai)."""
    base_tree, still_tree = _tree(run, base), _tree(run, still)
    found = []
    for old, new in sorted(moves.items()):
        if new is None and old in still_tree and still_tree[old] != base_tree.get(old):
            found.append(f"CONFLICT (renumber/delete): {old}")
    for path in sorted({new for new in moves.values() if new}):
        if path in still_tree and path not in base_tree:
            found.append(f"CONFLICT (renumber/add): {path}")
    return found


def plan(hist: History, base: str, mine: str, theirs: str, index_file: str) -> Plan:
    """How to merge ``mine`` and ``theirs`` (commits) so that a renumbering on one side
    carries the other side's edits along (see the module's text). ``index_file``: a path for a
    temporary index, which the caller removes."""
    run = runner(hist)
    base_paths = set(_tree(run, base))
    mine_moves = renames_since(run, base, mine, base_paths)
    theirs_moves = renames_since(run, base, theirs, base_paths)
    if not mine_moves and not theirs_moves:
        return _both_added(hist, run, base_paths, mine, theirs, index_file)
    if mine_moves and theirs_moves:
        if mine_moves == theirs_moves:
            return Plan(mine, theirs)                # the same renumbering on both sides
        return Plan(mine, theirs, structural=["CONFLICT (renumber/renumber): "
                                              + ", ".join(sorted(set(mine_moves)
                                                                 | set(theirs_moves)))])
    moved = Side("mine", mine_moves) if mine_moves else Side("theirs", theirs_moves)
    still = theirs if moved.name == "mine" else mine
    structural = _conflicts_with_moves(run, base, still, moved.moves)
    if structural:
        return Plan(mine, theirs, moved, structural)
    note = "itatui: ฐานการรวมที่ย้ายตามการเปลี่ยนเลข (ใช้ชั่วคราว ไม่อยู่ในประวัติ)"
    renumbered: dict[tuple[str, str], str] = {}
    base2 = _moved_commit(hist, run, base, moved.moves, [base], note, index_file, renumbered)
    still2 = _moved_commit(hist, run, still, moved.moves, [still, base2], note, index_file,
                           renumbered)
    moved_tip = mine if moved.name == "mine" else theirs
    moved2 = _must(run("commit-tree", "--no-gpg-sign", f"{moved_tip}^{{tree}}", "-p", moved_tip,
                       "-p", base2, "-m", note, env=_helper_identity({})), "commit-tree").strip()
    if moved.name == "mine":
        return Plan(moved2, still2, moved)
    return Plan(still2, moved2, moved)


def local_moves(hist: History, before: str, after: str) -> dict[str, str | None]:
    """How the records of ``before`` were renumbered on the way to ``after`` (a fast-forward
    or a merge brought another officer's structural commits): path -> new path, None when
    removed. So the editor can keep showing the record the officer had open."""
    run = runner(hist)
    moves = renames_since(run, before, after, set(_tree(run, before)))
    fmt = f"%P{_US}%(trailers:key={TRAILER_MERGE_RENAMED},valueonly,separator=%x1d)"
    status, out, _ = run("log", "-1", f"--format={fmt}", after)
    parents, _, trailers = out.strip().partition(_US)
    if status == 0 and parents.split()[:1] == [before]:     # our own merge: our side moved
        for value in trailers.split(_GS):
            old, sep, new = value.strip().partition(" -> ")
            if sep:
                moves[old.strip()] = new.strip()
    return moves


def _both_added(hist: History, run: Runner, base_paths: set[str], mine: str, theirs: str,
                index_file: str) -> Plan:
    """Both sides added a measure under the same number (two divisions each appending one to
    an issue): keep both. Theirs, already shared, keeps the number; ours takes the next number
    free on both sides, and the merge runs on mine moved that way. A new issue added on both
    sides under one number is a structural conflict (its measures would have to move with it),
    reported before any field could be settled in favour of one of them."""
    mine_tree, theirs_tree = _tree(run, mine), _tree(run, theirs)
    both = sorted(p for p in mine_tree if p not in base_paths and p in theirs_tree
                  and mine_tree[p] != theirs_tree[p])
    if not both:
        return Plan(mine, theirs)
    issues = [p for p in both if schema.numbers_of(p) and len(schema.numbers_of(p)) == 1]
    if issues:
        return Plan(mine, theirs, structural=[f"CONFLICT (add/add): {p}" for p in issues])
    local: dict[str, str] = {}
    taken = set(mine_tree) | set(theirs_tree)
    for path in both:
        numbers = schema.numbers_of(path)
        if len(numbers) != 2:
            continue                                 # not a measure: the driver merges fields
        issue = numbers[0]
        used = [schema.numbers_of(p)[1] for p in taken
                if len(schema.numbers_of(p)) == 2 and schema.numbers_of(p)[0] == issue]
        new = schema.measure_path(issue, max(used) + 1)
        local[path] = new
        taken.add(new)
    if not local:
        return Plan(mine, theirs)
    note = "itatui: มาตรการใหม่ในเครื่องที่ได้เลขถัดไป (ใช้ชั่วคราว ไม่อยู่ในประวัติ)"
    moved_mine = _moved_commit(hist, run, mine, dict(local), [mine], note, index_file, {})
    return Plan(moved_mine, theirs, local=local)
