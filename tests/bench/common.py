"""Shared pieces of the benchmarks: timing, sample repositories, the result row."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "records"


@dataclass
class Row:
    name: str            # what itatui does
    value: float         # seconds (median)
    baseline_name: str   # what it is compared with, measured in the same run
    baseline: float      # seconds (median)
    target: str          # the goal from the issues, e.g. "<= 2.0x"
    limit: float | None = None   # the ratio the target allows, None when the target is absolute

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def ok(self) -> bool | None:
        return None if self.limit is None else self.ratio <= self.limit


def median_time(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def isolated_env() -> dict[str, str]:
    """An environment with a known officer and no user or system git config."""
    home = Path(tempfile.mkdtemp(prefix="itatui-bench-home-"))
    (home / ".gitconfig").write_text("[user]\n\tname = นักทดสอบ ความเร็ว\n\temail = bench@itatui.invalid\n"
                                     "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    os.environ.update(env)
    return env


def sample_repo(dest: Path | None = None) -> Path:
    dest = dest or Path(tempfile.mkdtemp(prefix="itatui-bench-")) / "repo"
    shutil.copytree(RECORDS, dest / "records")
    for args in (["init", "-q", "-b", "main"], ["add", "records"],
                 ["commit", "-q", "-m", "sample"]):
        subprocess.run(["git", *args], cwd=dest, check=True, capture_output=True)
    return dest
