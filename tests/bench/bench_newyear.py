"""``itatui new-year`` on a report of 100 issues x 10 measures, against a plain ``git add`` +
``git commit`` of the same files (the records new-year wrote, copied in beforehand).

    .venv/bin/python tests/bench/bench_newyear.py [--rounds 7]

Target (issue 16): at most 3x, measured in the same run. As users run it: a wheel built from
the checkout is installed (byte-compiled by pip) in a fresh virtualenv (common.py:
build_wheel, install_wheel) and ``itatui new-year --repo REPO`` is timed as a whole process
(start-up, imports, git and all), against the two git processes, run in turn. Each round
starts from a fresh copy of the same repository (the copy is not timed): a year can be started
only once. The copy is then as an officer's records are: on disk (synced before the clock
starts) and git's index up to date with them (``git update-index --refresh``: a copied file's
inode and change time differ from what the index remembers, and git would read all 1,107
files again to find them unchanged, in new-year's ``git status`` and in the baseline's ``git
add`` alike).

Measured twice: on disk (a temporary folder) and in memory (tmpfs, ``/dev/shm``, when there is
one). new-year replaces each record it changes (a temporary file renamed over it), which frees
the old file's blocks; on a disk where that is slow (2.5 ms a file on a virtual disk mounted
with ``discard``) the disk decides the figure, and the "written + git add + commit" baseline
pays the same. In memory the rows show itatui's own cost: start-up, reading and parsing every
record, writing, git. A last row times ``start_new_year`` in this process (no start-up, no
imports; no target), as the figures before the whole-process rows were taken.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import big_records  # noqa: E402
from common import ROOT, Row, build_wheel, install_wheel, installed_env, isolated_env  # noqa: E402

ROUNDS = 7


def _repo() -> Path:
    root = big_records()
    for args in (["init", "-q", "-b", "main"], ["add", "records"], ["commit", "-q", "-m", "ปี ๒๕๖๘"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def _copy(src: Path, base: str | None = None) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="itatui-bench-newyear-", dir=base)) / "repo"
    shutil.copytree(src, dest, symlinks=True)
    # git's index up to date with the copies, as with the officer's own records (see above)
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=dest, capture_output=True)
    # on disk before the clock starts, as an officer's records are: ext4 makes replacing a
    # file whose own blocks are still unwritten wait for them (auto_da_alloc), 1.5 ms a file
    os.sync()
    return dest


def _in_memory() -> str | None:
    """A folder on tmpfs to measure in, or None."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def measure(rounds: int = ROUNDS) -> list[Row]:
    isolated_env()
    tmp = Path(tempfile.mkdtemp(prefix="itatui-bench-newyear-"))
    try:
        itatui = install_wheel(build_wheel(tmp / "wheel"), tmp / "venv") / "itatui"
        template = _repo()
        rows = _rows(template, itatui, None, "", rounds)
        shm = _in_memory()
        if shm:
            memory = Path(tempfile.mkdtemp(prefix="itatui-bench-newyear-", dir=shm))
            try:
                rows += _rows(_copy(template, str(memory)), itatui, str(memory), ", tmpfs",
                              rounds)
            finally:
                shutil.rmtree(memory, ignore_errors=True)
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _rows(template: Path, itatui: Path, base: str | None, where: str, rounds: int) -> list[Row]:
    from itatui.core.history import History
    from itatui.core.newyear import start_new_year
    from itatui.core.workspace import Workspace

    env = installed_env()
    reference = _copy(template, base)
    subprocess.run([str(itatui), "new-year", "--repo", str(reference)], env=env, check=True,
                   capture_output=True, cwd=tempfile.gettempdir())
    changed = subprocess.run(["git", "diff", "--name-only", "HEAD~1", "HEAD"], cwd=reference,
                             check=True, capture_output=True, text=True).stdout.split()
    assert len(changed) > 1000, len(changed)
    texts = {path: (reference / path).read_bytes() for path in changed}
    copies: list[Path] = []

    def fresh() -> Path:
        repo = _copy(template, base)
        copies.append(repo.parent)
        return repo

    def done() -> None:
        while copies:
            shutil.rmtree(copies.pop(), ignore_errors=True)

    def git_commit(repo: Path) -> None:
        subprocess.run(["git", "add", "--", "records"], cwd=repo, check=True)
        subprocess.run(["git", "commit", "-q", "-m", "ปีใหม่", "--", "records"], cwd=repo,
                       check=True)

    def itatui_round() -> float:
        """The whole process, as the officer runs it."""
        repo = fresh()
        t = time.perf_counter()
        subprocess.run([str(itatui), "new-year", "--repo", str(repo)], env=env, check=True,
                       stdout=subprocess.DEVNULL, cwd=tempfile.gettempdir())
        took = time.perf_counter() - t
        done()
        return took

    def in_process_round() -> float:
        repo = fresh()
        t = time.perf_counter()
        start_new_year(Workspace(repo))
        took = time.perf_counter() - t
        History.close_all()
        done()
        return took

    def git_round() -> float:
        repo = fresh()
        for path in changed:          # (records/plan/ is new: new-year makes the plan's records)
            (repo / path).parent.mkdir(exist_ok=True)
            shutil.copy2(reference / path, repo / path)
        os.sync()
        t = time.perf_counter()
        git_commit(repo)
        took = time.perf_counter() - t
        done()
        return took

    def write_and_git_round() -> float:
        """The same files written as an editor saves them (a temporary file renamed over
        each), then git add + commit: what doing the new year by hand costs at the least."""
        repo = fresh()
        t = time.perf_counter()
        for path, data in texts.items():
            tmp = repo / (path + ".tmp")
            tmp.parent.mkdir(exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, repo / path)
        git_commit(repo)
        took = time.perf_counter() - t
        done()
        return took

    kinds = {"itatui": itatui_round, "git": git_round, "by hand": write_and_git_round,
             "in process": in_process_round}
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for fn in kinds.values():                        # warm the caches once
        fn()
    order = list(kinds)
    for r in range(rounds):                          # in turn, who goes first alternating
        for k in (order if r % 2 == 0 else order[::-1]):
            times[k].append(kinds[k]())
    shutil.rmtree(reference.parent, ignore_errors=True)
    value, base_t, by_hand, inside = (statistics.median(times[k]) for k in kinds)
    name = "new-year, 100 issues x 10 measures" + where
    return [Row(name, value, f"git add + commit of the {len(changed)} files", base_t,
                "≤ 3.0x", 3.0),
            Row(name, value, "the same files written, git add + commit", by_hand,
                "(no target)", None),
            Row(name + ", in process", inside, f"git add + commit of the {len(changed)} files",
                base_t, "(no target)", None)]


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    sys.path.insert(0, str(ROOT))
    for row in measure(ap.parse_args().rounds):
        print(f"{row.name}: {row.value * 1000:.1f} ms vs {row.baseline_name} "
              f"{row.baseline * 1000:.1f} ms = {row.ratio:.2f}x (target {row.target})")
