"""The git merge driver ``itatui merge-driver %O %A %B %P``: git merges record files field by field.

Installed per repository (:func:`install_driver`) as ``merge.itatui.driver`` in ``.git/config``
and ``records/**/*.toml merge=itatui`` in ``.git/info/attributes``: git then calls it for every
record changed on both sides, in ``git merge``, ``git pull``, ``git merge-tree`` and
``git cherry-pick`` alike. It writes the merged record to ``%A`` and exits 0, or exits 1 on a
conflict, leaving ``%A`` a valid TOML file (mine, with theirs' other changes applied): a record
never holds conflict markers.

When :mod:`itatui.core.sync.remote` runs the merge it talks to the driver through the
environment:

``ITATUI_SYNC_REPORT``       a file the driver appends one JSON line per merged record to
                             (path, conflicts, resolutions, fields taken from theirs);
``ITATUI_SYNC_RESOLUTIONS``  a JSON file ``{"path#key": {"take": "mine"|"theirs"|"value",
                             "value": ...}}`` of settled conflicts;
``ITATUI_MERGE_PREFER``      ``mine`` or ``theirs``: settle every remaining conflict that way.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from itatui.core.sync.merge import (MINE, THEIRS, Conflict, MergeResult, Resolution,
                                    UnmergeableError, merge_texts)

DRIVER_NAME = "itatui"
ATTRIBUTE_LINE = f"records/**/*.toml merge={DRIVER_NAME}"
ENV_REPORT = "ITATUI_SYNC_REPORT"
ENV_RESOLUTIONS = "ITATUI_SYNC_RESOLUTIONS"
ENV_PREFER = "ITATUI_MERGE_PREFER"


def driver_command() -> str:
    """The command git runs: this Python's itatui, so a virtualenv needs no PATH entry."""
    return f"{shlex.quote(sys.executable)} -m itatui merge-driver %O %A %B %P"


def _git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        from itatui.core.errors import GitError

        raise GitError(f"คำสั่ง git {args[0]} ไม่สำเร็จ: {out.stderr.strip()}")
    return out.stdout


def install_driver(root: str | Path) -> bool:
    """Register the driver in the repository's config and info/attributes. True if changed.

    Nothing tracked is touched: the attribute goes to ``$GIT_DIR/info/attributes`` (which also
    takes precedence over any ``.gitattributes``), so joining needs no commit.
    """
    root = Path(root)
    changed = False
    wanted = {f"merge.{DRIVER_NAME}.name": "itatui: field-level merge of TOML records",
              f"merge.{DRIVER_NAME}.driver": driver_command()}
    for key, value in wanted.items():
        current = subprocess.run(["git", "config", "--local", "--get", key], cwd=root,
                                 capture_output=True, text=True, timeout=30).stdout.strip()
        if current != value:
            _git(root, "config", "--local", key, value)
            changed = True
    attributes = Path(root, _git(root, "rev-parse", "--git-path", "info/attributes").strip())
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if ATTRIBUTE_LINE not in text.splitlines():
        attributes.parent.mkdir(parents=True, exist_ok=True)
        if text and not text.endswith("\n"):
            text += "\n"
        attributes.write_text(text + ATTRIBUTE_LINE + "\n", encoding="utf-8")
        changed = True
    return changed


def driver_installed(root: str | Path) -> bool:
    root = Path(root)
    out = subprocess.run(["git", "check-attr", "merge", "--", "records/measures/01-01.toml"],
                         cwd=root, capture_output=True, text=True, timeout=30).stdout
    cfg = subprocess.run(["git", "config", "--get", f"merge.{DRIVER_NAME}.driver"], cwd=root,
                         capture_output=True, text=True, timeout=30).stdout.strip()
    return out.strip().endswith(f": {DRIVER_NAME}") and bool(cfg)


# -- the driver itself ---------------------------------------------------------------------------
def _resolver_from_env():
    table: dict[str, Resolution] = {}
    path = os.environ.get(ENV_RESOLUTIONS)
    if path and Path(path).exists():
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        table = {k: Resolution.from_dict(v) for k, v in raw.items()}
    prefer = os.environ.get(ENV_PREFER)
    fallback = Resolution(prefer) if prefer in (MINE, THEIRS) else None

    def resolve(conflict: Conflict) -> Resolution | None:
        return table.get(conflict.id, fallback)

    return resolve


def _report(entry: dict) -> None:
    path = os.environ.get(ENV_REPORT)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


def _read(path: str) -> str:
    return Path(path).read_bytes().decode("utf-8")


def run_driver(base: str, current: str, other: str, path: str) -> int:
    """Merge ``other`` into ``current`` (rewritten in place). 0: merged; 1: conflicts."""
    try:
        result: MergeResult = merge_texts(_read(base), _read(current), _read(other), path,
                                          _resolver_from_env())
    except (UnmergeableError, UnicodeDecodeError) as exc:
        message = exc.describe() if isinstance(exc, UnmergeableError) else \
            f"{path}: ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8"
        _report({"path": path, "error": message, "conflicts": [
            Conflict(path, "", None, None, None).as_dict()]})
        print(f"itatui: รวมไฟล์ {path} ทีละช่องไม่ได้: {message}", file=sys.stderr)
        return 1                                    # %A stays mine, untouched
    Path(current).write_bytes(result.text.encode("utf-8"))
    _report({"path": path,
             "conflicts": [c.as_dict() for c in result.conflicts],
             "resolved": [{"conflict": c.as_dict(), "resolution": r.as_dict()}
                          for c, r in result.resolved],
             "taken": result.taken})
    if result.conflicts:
        print(f"itatui: {path}: แก้ไขช่องเดียวกันทั้งสองฝั่ง "
              f"({', '.join(c.key for c in result.conflicts)}) — ไฟล์ยังเป็นค่าของเรา "
              "เลือกค่าด้วย itatui sync", file=sys.stderr)
        return 1
    return 0
