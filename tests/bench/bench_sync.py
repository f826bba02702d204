"""Merging across a renumbering of a large report (``itatui sync``, issue 7).

A report of 100 issues x 10 measures. One side removes issue 1 (itatui's structural commit: 99
issues and 990 measures renamed down by one, ``Renamed`` trailers); the other side edits a measure
under its old number. In the same run:

- itatui's merge computation: the renumbering plan (moved base and moved other side, as helper
  commits) plus ``git merge-tree --write-tree`` of the moved commits;
- baseline: ``git merge-tree --write-tree`` of the two tips as they are (what git alone does,
  pairing the edit with the wrong record).

No target in the issues; the figure says what carrying an edit across a renumbering costs.
Run alone: ``python tests/bench/bench_sync.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench_check import big_records
from common import Row, isolated_env, median_time


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()


def measure() -> list[Row]:
    isolated_env()
    from itatui.core import structure
    from itatui.core.history import History
    from itatui.core.sync import install_driver
    from itatui.core.sync.renumbering import plan
    from itatui.core.workspace import Workspace

    root = big_records()
    tmp = Path(tempfile.mkdtemp(prefix="itatui-bench-sync-"))
    try:
        _git(root, "init", "-q", "-b", "main")
        _git(root, "add", "records")
        _git(root, "commit", "-q", "-m", "รายงาน ๑๐๐ ประเด็น")
        install_driver(root)
        base = _git(root, "rev-parse", "HEAD")
        _git(root, "branch", "other")
        structure.remove_issue(Workspace(root), 1)
        renumbered = _git(root, "rev-parse", "HEAD")
        _git(root, "checkout", "-q", "other")
        ws = Workspace(root)
        ws.save(ws.load("records/measures/50-05.toml"), {"outcome": "แก้ใต้เลขเดิม"})
        edited = _git(root, "rev-parse", "HEAD")
        hist = History.open(root)

        def ours():
            p = plan(hist, base, edited, renumbered, str(tmp / "index"))
            assert p.moved is not None and len(p.moved.moves) > 1000
            tree = _git(root, "merge-tree", "--write-tree", p.left, p.right).split()[0]
            text = _git(root, "show", f"{tree}:records/measures/49-05.toml")
            assert "แก้ใต้เลขเดิม" in text

        def git_alone():
            _git(root, "merge-tree", "--write-tree", edited, renumbered)

        base_t = median_time(git_alone, repeat=5, warmup=1)
        ours_t = median_time(ours, repeat=5, warmup=1)
        return [Row("merge across a renumbering (100x10, issue 1 removed)", ours_t,
                    "git merge-tree of the same tips", base_t, "(no target)", None)]
    finally:
        History.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    for r in measure():
        print(f"{r.name}: {r.value * 1000:.0f} ms vs {r.baseline_name} "
              f"{r.baseline * 1000:.0f} ms = {r.ratio:.2f}x")
