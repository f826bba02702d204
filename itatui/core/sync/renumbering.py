"""Merging across a renumbering: an edit made under a record's old number follows the record.

When one side inserts, removes or moves an issue or a measure, itatui renames files, often onto
names that already existed (inserting measure 1 moves ``02-01`` to ``02-02`` and writes a new
``02-01``). Git sees a *changed* file, not a rename, so a plain three-way merge pairs the other
side's edit of ``02-01`` with the new, unrelated record that now has that number: a conflict in
every field, or the edit landing in the wrong record.

itatui's structural commits name every rename in a ``Renamed: OLD -> NEW`` trailer
(:data:`itatui.core.message.TRAILER_RENAMED`). :func:`plan` composes the trailers of the
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

from dataclasses import dataclass, field
from pathlib import Path

from itatui.core import schema
from itatui.core.history import History

_ZERO = "0" * 40
_HELPER_NOTE = "itatui: ขั้นกลางของการรวมข้ามการเปลี่ยนเลข (ใช้ชั่วคราว ไม่อยู่ในประวัติ)"


class _Repo:
    """The git plumbing of one plan: text in and out (records are UTF-8; line endings kept),
    each commit's tree of records read once."""

    def __init__(self, hist: History) -> None:
        self.hist = hist
        self._trees: dict[str, dict[str, tuple[str, str]]] = {}

    def git(self, *args: str, env: dict | None = None, stdin: str | None = None) -> str:
        data = stdin.encode("utf-8", "surrogateescape") if stdin is not None else None
        return self.hist.git_bytes_env(env, *args, input=data).decode("utf-8", "surrogateescape")

    def tree(self, commit: str) -> dict[str, tuple[str, str]]:
        """path -> (mode, blob) of the records in ``commit``."""
        if commit not in self._trees:
            entries = {}
            for item in self.git("ls-tree", "-r", "-z", commit, "--",
                                 schema.RECORDS_DIR + "/").split("\0"):
                meta, _, path = item.partition("\t")
                if meta and meta.split()[1] == "blob":
                    mode, _kind, blob = meta.split()
                    entries[path] = (mode, blob)
            self._trees[commit] = entries
        return self._trees[commit]


@dataclass
class Side:
    """The renumberings one side made since the merge base."""

    name: str                                       # "mine" or "theirs"
    moves: dict[str, str | None] = field(default_factory=dict)   # base path -> path now / None


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
            return ["มาตรการที่เพิ่มในเครื่องได้เลขถัดไป เพราะคลังกลางเพิ่มมาตรการอื่นไว้ในเลขเดียวกันแล้ว:",
                    *_move_lines(self.local)]
        if not self.moved:
            return []
        who = "ในเครื่อง" if self.moved.name == "mine" else "ในคลังกลาง"
        other = "จากคลังกลาง" if self.moved.name == "mine" else "ในเครื่อง"
        return [f"เปลี่ยนเลขตามที่ทำ{who} การแก้ไข{other}ย้ายไปตามเลขใหม่:",
                *_move_lines(self.moved.moves)]


def _move_lines(moves: dict[str, str | None]) -> list[str]:
    return [f"- {schema.title_of(old)} → {schema.title_of(new)} ({old} → {new})"
            for old, new in sorted(moves.items()) if new]


def renames_since(hist: History, base: str, tip: str,
                  base_paths: set[str]) -> dict[str, str | None]:
    """Compose the ``Renamed`` trailers of ``base..tip`` (oldest first) into one mapping.

    Returns base path -> path at ``tip`` for every record of the base that moved, and ``None``
    for a record whose path another record took in a renumbering while it was not moved itself
    (itatui removed it). Records that did not move are not listed.
    """
    from itatui.core.recordlog import RECORDS_PATHSPEC, log_commits

    where: dict[str, str | None] = {}                # base path -> current path (moved ones)
    for c in log_commits(hist, "--reverse", "--topo-order", f"{base}..{tip}", "--",
                         RECORDS_PATHSPEC):
        step = {old: new for new, old in c.renamed.items()}
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


def _moved_commit(repo: _Repo, commit: str, moves: dict[str, str | None], parents: list[str],
                  index_file: str, renumbered: dict[tuple[str, str], str]) -> str:
    """A commit whose tree is ``commit``'s with the records moved by ``moves``. Blobs are read
    by one ``git cat-file --batch`` and the renumbered texts written by one ``git hash-object``,
    so a renumbering of a whole report costs a handful of processes.
    ``renumbered`` maps (blob, new path) to the blob with the renumbered comment, across calls
    (the base and the other side share most records)."""
    from itatui.core.structure import renumber_comment

    entries = repo.tree(commit)
    lines = [f"0 {_ZERO}\t{old}" for old in moves if old in entries]
    added: list[tuple[str, str, str]] = []          # (mode, blob, new path)
    rewritten: list[tuple[int, str]] = []           # (index in added, new text)
    texts = repo.hist.blobs([entries[old][1] for old, new in moves.items()
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
        shas = repo.git("hash-object", "-w", "--stdin-paths", "--no-filters",
                        stdin="\n".join(paths) + "\n").split()
        for (i, _text), sha in zip(rewritten, shas):
            mode, blob, new = added[i]
            renumbered[(blob, new)] = sha
            added[i] = (mode, sha, new)
    lines += [f"{mode} {blob}\t{new}" for mode, blob, new in added]
    env = {"GIT_INDEX_FILE": index_file}
    repo.git("read-tree", commit, env=env)
    # removals first, then additions: update-index applies the lines in order
    repo.git("update-index", "--index-info", env=env, stdin="\n".join(lines) + "\n")
    return _helper_commit(repo, repo.git("write-tree", env=env).strip(), parents)


def _helper_commit(repo: _Repo, tree: str, parents: list[str]) -> str:
    """A commit that is never referenced (only its tree is merged): unsigned, with a fixed
    identity, so that a missing user.name or signing key cannot stop the merge."""
    args = ["commit-tree", "--no-gpg-sign", tree, "-m", _HELPER_NOTE]
    for p in parents:
        args += ["-p", p]
    return repo.git(*args, env={"GIT_AUTHOR_NAME": "itatui",
                                "GIT_AUTHOR_EMAIL": "itatui@localhost",
                                "GIT_COMMITTER_NAME": "itatui",
                                "GIT_COMMITTER_EMAIL": "itatui@localhost"}).strip()


def _conflicts_with_moves(repo: _Repo, base: str, still: str,
                          moves: dict[str, str | None]) -> list[str]:
    """What the side that did not renumber did that the renumbering cannot carry, as lines in
    git's ``CONFLICT (kind): path`` form (:func:`itatui.core.sync.remote.conflict_message`
    reads them in Thai)."""
    base_tree, still_tree = repo.tree(base), repo.tree(still)
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
    repo = _Repo(hist)
    base_paths = set(repo.tree(base))
    mine_moves = renames_since(hist, base, mine, base_paths)
    theirs_moves = renames_since(hist, base, theirs, base_paths)
    if not mine_moves and not theirs_moves:
        return _both_added(repo, base_paths, mine, theirs, index_file)
    if mine_moves and theirs_moves:
        if mine_moves == theirs_moves:
            return Plan(mine, theirs)                # the same renumbering on both sides
        return Plan(mine, theirs, structural=["CONFLICT (renumber/renumber): "
                                              + ", ".join(sorted(set(mine_moves)
                                                                 | set(theirs_moves)))])
    moved = Side("mine", mine_moves) if mine_moves else Side("theirs", theirs_moves)
    still = theirs if moved.name == "mine" else mine
    structural = _conflicts_with_moves(repo, base, still, moved.moves)
    if structural:
        return Plan(mine, theirs, moved, structural)
    renumbered: dict[tuple[str, str], str] = {}
    base2 = _moved_commit(repo, base, moved.moves, [base], index_file, renumbered)
    still2 = _moved_commit(repo, still, moved.moves, [still, base2], index_file, renumbered)
    moved_tip = mine if moved.name == "mine" else theirs
    moved2 = _helper_commit(repo, f"{moved_tip}^{{tree}}", [moved_tip, base2])
    if moved.name == "mine":
        return Plan(moved2, still2, moved)
    return Plan(still2, moved2, moved)


def local_moves(hist: History, before: str, after: str) -> dict[str, str | None]:
    """How the records of ``before`` were renumbered on the way to ``after`` (a fast-forward
    or a merge brought another officer's structural commits): path -> new path, None when
    removed. So the editor can keep showing the record the officer had open."""
    from itatui.core.recordlog import log_commits

    moves = renames_since(hist, before, after, set(_Repo(hist).tree(before)))
    (last,) = log_commits(hist, "-1", after)
    if last.parents[:1] == [before]:                 # our own merge: our side moved
        moves.update({old: new for new, old in last.merge_renamed.items()})
    return moves


def _both_added(repo: _Repo, base_paths: set[str], mine: str, theirs: str,
                index_file: str) -> Plan:
    """Both sides added a measure under the same number (two divisions each appending one to
    an issue): keep both. Theirs, already shared, keeps the number; ours takes the next number
    free on both sides, and the merge runs on mine moved that way. A new issue added on both
    sides under one number is a structural conflict (its measures would have to move with it),
    reported before any field could be settled in favour of one of them."""
    mine_tree, theirs_tree = repo.tree(mine), repo.tree(theirs)
    both = sorted(p for p in mine_tree if p not in base_paths and p in theirs_tree
                  and mine_tree[p] != theirs_tree[p])
    issues = [p for p in both if len(schema.numbers_of(p)) == 1]
    if issues:
        return Plan(mine, theirs, structural=[f"CONFLICT (add/add): {p}" for p in issues])
    local: dict[str, str] = {}
    taken = set(mine_tree) | set(theirs_tree)
    for path in both:
        numbers = schema.numbers_of(path)
        if len(numbers) != 2:
            continue                                 # not a measure: the driver merges fields
        used = [n[1] for n in map(schema.numbers_of, taken) if len(n) == 2 and n[0] == numbers[0]]
        local[path] = schema.measure_path(numbers[0], max(used) + 1)
        taken.add(local[path])
    if not local:
        return Plan(mine, theirs)
    return Plan(_moved_commit(repo, mine, dict(local), [mine], index_file, {}), theirs,
                local=local)
