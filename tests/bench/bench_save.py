"""Save to commit done: itatui's save against a plain ``git commit`` of the same file.

Target (issue 3): at most 2x, measured in the same run.
"""

from __future__ import annotations

import itertools
import subprocess

from common import Row, isolated_env, median_time, sample_repo

MEASURE = "records/measures/02-01.toml"


def measure() -> list[Row]:
    isolated_env()
    from itatui.core.workspace import Workspace

    repo = sample_repo()
    ws = Workspace(repo)
    counter = itertools.count()

    def itatui_save():
        ws.save(ws.load(MEASURE), {"outcome": f"ผลลัพธ์รอบที่ {next(counter)}"})

    path = repo / MEASURE
    original = path.read_text(encoding="utf-8")

    def plain_git_commit():
        path.write_text(original + f"# {next(counter)}\n", encoding="utf-8")
        subprocess.run(["git", "add", "--", MEASURE], cwd=repo, check=True)
        subprocess.run(["git", "commit", "-q", "-m", "edit", "--", MEASURE], cwd=repo, check=True)

    baseline = median_time(plain_git_commit, repeat=30)
    value = median_time(itatui_save, repeat=30)
    return [Row("save → commit (itatui)", value, "git add + git commit", baseline, "≤ 2.0x", 2.0)]


if __name__ == "__main__":
    for row in measure():
        print(f"{row.name}: {row.value * 1000:.1f} ms vs {row.baseline_name} "
              f"{row.baseline * 1000:.1f} ms = {row.ratio:.2f}x (target {row.target})")
