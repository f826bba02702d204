"""A record's history through itatui's renumberings.

Renumbering issues or measures renames files in one commit; when the new name already existed
before that commit (inserting issue 3 moves 03 to 04, 04 to 05, ...), git sees a changed file,
not a rename, and ``git log --follow`` goes on with the history of the file that had that name
before. itatui's structural commits name every rename in a ``Renamed: OLD -> NEW`` trailer
(:data:`itatui.core.structure.TRAILER_RENAMED`); :func:`record_history` follows git's own rename
detection and, at such a commit, continues with the old name.
"""

from __future__ import annotations

from itatui.core.audit.versions import Version, record_versions
from itatui.core.history import History

_RS, _US, _GS = "\x1e", "\x1f", "\x1d"
MAX_HOPS = 1000


def renames_in(hist: History, shas: list[str]) -> dict[str, dict[str, str]]:
    """commit -> {new path: old path} from the Renamed trailers of ``shas``."""
    if not shas:
        return {}
    out = hist._git("log", "--no-walk=unsorted",
                    f"--format={_RS}%H{_US}%(trailers:key=Renamed,valueonly,separator=%x1d)",
                    *shas)
    found: dict[str, dict[str, str]] = {}
    for chunk in out.split(_RS):
        if not chunk.strip():
            continue
        sha, _, values = chunk.strip("\n").partition(_US)
        pairs = {}
        for value in values.split(_GS):
            old, sep, new = value.strip().partition(" -> ")
            if sep:
                pairs[new.strip()] = old.strip()
        found[sha] = pairs
    return found


def record_history(hist: History, path: str, rev: str = "HEAD") -> list[Version]:
    """Every commit that changed the record now at ``path``, newest first, across git's
    renames and itatui's renumberings (each version names the path the record had then)."""
    history: list[Version] = []
    for _ in range(MAX_HOPS):
        versions = record_versions(hist, path, rev)
        renamed = renames_in(hist, [v.commit for v in versions])
        cut = next((i for i, v in enumerate(versions)
                    if v.path in renamed.get(v.commit, {})), None)
        if cut is None:
            return history + versions
        version = versions[cut]
        old = renamed[version.commit][version.path]
        version.status, version.old_path = "R", old
        history += versions[:cut + 1]
        if hist.rev_parse(f"{version.commit}^") is None:
            return history
        path, rev = old, f"{version.commit}^"
    return history
