"""Five fiscal years in one history (issue 16): ``itatui years`` and the renders, charts included.

Two histories are generated, each starting from fiscal year 2568 and carried through five
``new-year`` commits to 2573 (six fiscal years; the scores table then holds 2567-2573). Each
year the officers write every measure's results and outcome (one commit per ten issues), enter
that year's scores for the ten indicators (one commit), and the year's report is tagged as a
release the way ``itatui publish`` tags it (an annotated ``ita-<round>-o26-v1`` tag with its
trailers; no PDF is rendered for it: ``years`` reads only the tag and its commit). Then:

- a report of 100 issues x 10 measures: ``itatui years`` against ``git log --oneline`` of the
  same repository and against ``itatui --version`` (the process's start-up alone), and
  ``itatui render --format html`` (the score charts drawn from all seven years of scores)
  against the same render of the same records in a repository of one commit;
- the sample report (7 measures) carried the same way: ``itatui render --format pdf`` against
  the same render of the same records in a repository of one commit (and, when this itatui
  has it, ``render --document plan --format pdf`` against that too).

Every figure is a whole process of the installed wheel, as users run it (tests/bench/common.py:
build_wheel, install_wheel), the commands of a row alternating, median of the rounds. The
issue sets no figure for these ("renders its charts and lists its years quickly"): the rows
say what the years of history cost.

Run alone: ``python tests/bench/bench_years.py [--rounds N]``; or ``python tests/bench/run.py
--only years``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import big_records  # noqa: E402
from common import (RECORDS, Row, build_wheel, install_wheel, installed_env,  # noqa: E402
                    isolated_env)

FIRST_YEAR = 2568
NEW_YEARS = 5
ROUNDS = 5
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()


def _start(root: Path) -> Path:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "records")
    _git(root, "commit", "-q", "-m", f"นำเข้ารายงานปีงบประมาณ พ.ศ. {FIRST_YEAR}")
    return root


def one_year(issues: int, measures: int | None = None) -> Path:
    """A repository of fiscal year 2568 alone: the sample (``issues`` 0) or ``issues`` x
    ``measures`` (the sample's measure repeated, tests/bench/bench_check.py)."""
    if issues:
        return _start(big_records(issues, measures or 10))
    root = Path(tempfile.mkdtemp(prefix="itatui-bench-years-")) / "repo"
    shutil.copytree(RECORDS, root / "records")
    return _start(root)


def flattened(root: Path) -> Path:
    """The records of ``root`` as they are now, in a repository of one commit: the same
    report, charts and scores without the years of history behind them."""
    dest = Path(tempfile.mkdtemp(prefix="itatui-bench-years-")) / "repo"
    shutil.copytree(root / "records", dest / "records")
    return _start(dest)


def score(year: int, indicator: int) -> float:
    """A plausible score that moves from year to year (deterministic)."""
    return round(70 + (year * 7 + indicator * 13) % 30 + ((year + indicator) % 4) * 0.25, 2)


def _fill_year(root: Path, fy: int, batch: int) -> None:
    """Results and outcome of every measure emptied by new-year, committed ``batch`` issues at
    a time, as the divisions send them in."""
    th = lambda n: str(n).translate(THAI)   # noqa: E731
    paths = sorted((root / "records/measures").glob("*.toml"))
    by_issue: dict[str, list[Path]] = {}
    for p in paths:
        by_issue.setdefault(p.stem.split("-")[0], []).append(p)
    issues = sorted(by_issue)
    for start in range(0, len(issues), batch):
        group = issues[start:start + batch]
        for issue in group:
            for p in by_issue[issue]:
                text = p.read_text(encoding="utf-8")
                n = int(re.search(r"(?m)^\s+(\d+),", text.split("indicators", 1)[-1]).group(1)) \
                    if "indicators" in text else 1
                results = (f'results = [\n    "ดำเนินการตามมาตรการครบทุกกิจกรรมในปีงบประมาณ พ.ศ. '
                           f'{th(fy)} ({p.stem})",\n]')
                outcome = (f'outcome = "ในปี พ.ศ. {th(fy)} มีคะแนนในตัวชี้วัดที่ {th(n)} '
                           f'{th(f"{score(fy, n):.2f}")} คะแนน เทียบกับปี {th(fy - 1)} ที่ได้ '
                           f'{th(f"{score(fy - 1, n):.2f}")} คะแนน"')
                text = re.sub(r"(?m)^results = \[\]$", lambda m: results, text)
                text = re.sub(r'(?m)^outcome = ""$', lambda m: outcome, text)
                p.write_text(text, encoding="utf-8")
        _git(root, "add", "records/measures")
        _git(root, "commit", "-q", "-m", f"ผลการดำเนินการประเด็นที่ {th(int(group[0]))}-"
             f"{th(int(group[-1]))}\n\nItatui-Action: edit")


def _scores(root: Path, fy: int) -> None:
    scores = root / "records/scores.toml"
    table = "\n".join(f"{n} = {score(fy, n):.2f}" for n in range(1, 11))
    scores.write_text(scores.read_text(encoding="utf-8") + f"\n[{fy}]\n{table}\n",
                      encoding="utf-8")
    _git(root, "add", "records/scores.toml")
    _git(root, "commit", "-q", "-m", f"คะแนน ITA ปี {fy}\n\nItatui-Action: edit")


def _release(root: Path, ita_year: int) -> None:
    """HEAD tagged as ``itatui publish`` tags a report's release (no PDF rendered)."""
    head, tree = _git(root, "rev-parse", "HEAD"), _git(root, "rev-parse", "HEAD:records")
    name = f"ita-{ita_year}-o26-v1"
    _git(root, "tag", "-a", name, "-m",
         f"เผยแพร่รายงาน {name}\n\nItatui-Action: publish\nRelease: {name}\nCommit: {head}\n"
         f"Records-Tree: {tree}\nPDF-SHA256: {hashlib.sha256(name.encode()).hexdigest()}\n"
         "Theme: default\nDocument: report")


def five_years(issues: int, measures: int = 10, new_years: int = NEW_YEARS) -> Path:
    """A history of ``new_years + 1`` fiscal years from 2568 (see the module's docstring)."""
    from itatui.core.history import History
    from itatui.core.newyear import start_new_year
    from itatui.core.workspace import Workspace

    root = one_year(issues, measures)
    for k in range(new_years + 1):
        fy = FIRST_YEAR + k
        if k:       # 2568 keeps the sample's own results, outcomes and scores
            _fill_year(root, fy, batch=10 if issues else 1)
            _scores(root, fy)
        _release(root, fy + 1)
        if k < new_years:
            start_new_year(Workspace(root))
            History.close_all()
    return root


def _alternate(cmds: dict[str, list[str]], env: dict, cwd: Path, rounds: int) -> dict:
    """Median wall time of each command, run as new processes in turn (one warm-up each)."""
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for cmd in cmds.values():
        subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)
    order = list(cmds)
    for r in range(rounds):
        for k in (order if r % 2 == 0 else order[::-1]):
            t = time.perf_counter()
            subprocess.run(cmds[k], cwd=cwd, env=env, check=True, capture_output=True)
            times[k].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def measure(rounds: int = ROUNDS, verbose: bool = False) -> list[Row]:
    isolated_env()
    tmp = Path(tempfile.mkdtemp(prefix="itatui-bench-years-"))
    made: list[Path] = []
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if verbose else (lambda *a: None)
    try:
        t = time.perf_counter()
        big5, small5 = five_years(100), five_years(0)
        big1, small1 = flattened(big5), flattened(small5)
        made += [big5, small5, big1, small1]
        say(f"histories generated in {time.perf_counter() - t:.1f} s: "
            f"{_git(big5, 'rev-list', '--count', 'HEAD')} commits (100 x 10), "
            f"{_git(small5, 'rev-list', '--count', 'HEAD')} commits (sample)")
        bin_ = install_wheel(build_wheel(tmp / "wheel"), tmp / "venv")
        env = installed_env()
        env["XDG_CACHE_HOME"] = str(tmp / "cache")
        work = tmp / "work"
        work.mkdir()
        itatui = str(bin_ / "itatui")

        listed = subprocess.run([itatui, "years", "--repo", str(big5)], cwd=work, env=env,
                                check=True, capture_output=True, text=True).stdout
        assert listed.count("ปีงบประมาณ พ.ศ.") == NEW_YEARS + 1, listed
        say(listed.rstrip())
        html = subprocess.run([itatui, "render", "--repo", str(big5), "--format", "html"],
                              cwd=work, env=env, check=True, capture_output=True,
                              text=True).stdout
        charts = html.count("<svg")
        assert charts, "no chart in the HTML"
        say(f"HTML of the five-year 100 x 10 report: {len(html) // 1024} KiB, {charts} SVG "
            "elements (the charts' bars and the trend)")
        has_plan = "--document" in subprocess.run([itatui, "render", "--help"], cwd=work,
                                                  env=env, capture_output=True,
                                                  text=True).stdout

        t_years = _alternate({
            "itatui": [itatui, "years", "--repo", str(big5)],
            "git": ["git", "-C", str(big5), "log", "--oneline"],
            "start": [itatui, "--version"]}, env, work, rounds * 3)
        t_html = _alternate({
            "five": [itatui, "render", "--repo", str(big5), "--format", "html"],
            "one": [itatui, "render", "--repo", str(big1), "--format", "html"]},
            env, work, rounds)
        pdf = {"five": [itatui, "render", "--repo", str(small5), "--format", "pdf",
                        "-o", str(work / "five.pdf")],
               "one": [itatui, "render", "--repo", str(small1), "--format", "pdf",
                       "-o", str(work / "one.pdf")]}
        if has_plan:
            pdf["plan"] = [itatui, "render", "--repo", str(small5), "--document", "plan",
                           "--format", "pdf", "-o", str(work / "plan.pdf")]
        t_pdf = _alternate(pdf, env, work, rounds)
        same = "same records, a history of 1 commit"
        rows = [Row("itatui years (6 years, 100 x 10, 6 releases)", t_years["itatui"],
                    "git log --oneline of the same history", t_years["git"], "(no target)"),
                Row("itatui years (6 years, 100 x 10, 6 releases)", t_years["itatui"],
                    "itatui --version (start-up alone)", t_years["start"], "(no target)"),
                Row("render html, 6 years, 100 x 10, charts", t_html["five"], same,
                    t_html["one"], "(no target)"),
                Row("render pdf, sample, 6 years, charts", t_pdf["five"], same, t_pdf["one"],
                    "(no target)")]
        if has_plan:
            rows.append(Row("render --document plan pdf, sample, 6 years", t_pdf["plan"],
                            "report pdf, " + same, t_pdf["one"], "(no target)"))
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for repo in made:             # each in its own temporary folder (big_records: itself)
            shutil.rmtree(repo if repo.name != "repo" else repo.parent, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    a = ap.parse_args()
    for r in measure(a.rounds, verbose=True):
        print(f"{r.name}: {r.value * 1000:.0f} ms vs {r.baseline_name} "
              f"{r.baseline * 1000:.0f} ms = {r.ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
