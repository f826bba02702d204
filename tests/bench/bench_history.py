"""The auditor's speed on a long history: a record's history and blame.

A repository of 10,000 commits is generated with ``git fast-import`` (three officers editing
the sample records, itatui-style messages and trailers; the measured measure is edited in one
commit of ten and renumbered half-way, 02-01 -> 02-09, so following renames is part of the
work). Then, in the same run:

- a record's history (``itatui.core.audit.timeline.timeline``, what ``itatui log RECORD`` runs)
  against ``git log --follow -- FILE``: target at most 1.5x;
- ``itatui blame`` (``itatui.core.audit.blame.blame``) against ``git blame FILE``: target at
  most 2x;
- whole process, as users run it (a wheel built from the checkout and installed, byte-compiled,
  into a fresh virtualenv; see tests/bench/common.py): ``itatui log RECORD`` against ``git log
  --follow -- FILE`` and ``itatui blame RECORD`` against ``git blame FILE``, each a new process
  (Python's start-up and imports included): target at most 2.5x, in wall time (best of the
  interleaved runs) and in CPU time (user + system, which a busy machine disturbs less).

Run alone: ``python tests/bench/bench_history.py [--commits N] [--no-process]``; or through
``make bench``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (RECORDS, Row, build_wheel, install_wheel, installed_env,  # noqa: E402
                    isolated_env)

TARGET_OLD = "records/measures/02-01.toml"
TARGET = "records/measures/02-09.toml"
OFFICERS = (("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th"),
            ("นางสาวปรีณภา น้อยเสงี่ยม", "preenapa@banruean.go.th"),
            ("นายสมชาย ปันมาเชื้อ", "somchai@banruean.go.th"))
WORDS = ("ประชาสัมพันธ์", "ระบบ", "E-Service", "ผ่าน", "เว็บไซต์", "เทศบาล", "อย่างสม่ำเสมอ",
         "คะแนน", "ร้อยละ", "ตัวชี้วัด", "การเปิดเผยข้อมูล", "กองคลัง", "สำนักปลัด")


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def _edit(text: str, n: int, field: str) -> str:
    thai = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(6)) + f" รอบที่ {n}"
    if field == "period":
        return re.sub(r'(?m)^period = ".*"$', f'period = "ตุลาคม ๒๕๖๗ ถึง {thai}"', text)
    if field == "outcome":
        return re.sub(r'(?s)outcome = """\n.*?"""', f'outcome = """\n{thai}"""', text)
    # a list item: results.1
    return re.sub(r'(?s)(results = \[\n    ".*?",\n    )".*?"', lambda m: m.group(1) + f'"{thai}"',
                  text, count=1)


def generate(dest: Path, commits: int = 10_000) -> Path:
    """A repository of ``commits`` commits made with git fast-import."""
    dest.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=dest, check=True)
    files = {p.relative_to(RECORDS.parent).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(RECORDS.rglob("*.toml"))}
    others = [p for p in files if p.startswith("records/measures/") and p != TARGET_OLD]
    target = TARGET_OLD
    out = bytearray()
    ts = 1_735_700_000
    for n in range(1, commits + 1):
        name, email = OFFICERS[n % len(OFFICERS)]
        ts += 600
        changes: list[bytes] = []
        if n == 1:
            changes = [b"M 100644 inline " + p.encode() + b"\n" + _data(t) for p, t in files.items()]
            msg = "นำเข้ารายงาน\n"
        elif n == commits // 2:
            changes = [f"R {target} {TARGET}\n".encode()]
            files[TARGET] = files.pop(target)
            target = TARGET
            msg = "เปลี่ยนเลขมาตรการ\n"
        else:
            path = target if n % 10 == 0 else others[n % len(others)]
            field = ("period", "outcome", "results")[(n // 10) % 3]
            files[path] = _edit(files[path], n, field)
            changes = [b"M 100644 inline " + path.encode() + b"\n" + _data(files[path])]
            key = "results" if field == "results" else field
            msg = (f"แก้ไข {path}: {key}\n\nItatui-Action: edit\nRecord: {path}\n"
                   f"Field: {key}\n")
        who = f"{name} <{email}> {ts} +0700\n".encode()
        out += b"commit refs/heads/main\nmark :%d\n" % n
        out += b"author " + who + b"committer " + who + _data(msg)
        if n > 1:
            out += b"from :%d\n" % (n - 1)
        out += b"".join(changes) + b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], cwd=dest, input=bytes(out), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=dest, check=True)
    return dest


def interleaved(fns: dict, repeat: int) -> dict[str, float]:
    """The best time of each function over ``repeat`` rounds, running them in turn."""
    for fn in fns.values():        # warm-up (caches, the persistent cat-file)
        fn()
    best = {k: float("inf") for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t)
    return best


def whole_process(repo: Path, tmp: Path, repeat: int = 9) -> tuple[dict, dict]:
    """Each command run as a new process, in turn: the installed ``itatui log RECORD`` and
    ``itatui blame RECORD`` and the git commands they are compared with. Returns the best wall
    time of each and its best CPU time (user + system of the process and its children: what
    a busy machine disturbs least)."""
    import resource

    bin_ = install_wheel(build_wheel(tmp / "wheel"), tmp / "venv")
    env = installed_env()
    itatui = str(bin_ / "itatui")
    cpu: dict[str, float] = {}

    def run(name: str, *cmd: str):
        def once() -> None:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd, cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpu[name] = min(cpu.get(name, float("inf")), used)
        return once

    wall = interleaved({
        "base_log": run("base_log", "git", "log", "--follow", "--", TARGET),
        "ours_log": run("ours_log", itatui, "log", TARGET),
        "base_blame": run("base_blame", "git", "blame", TARGET),
        "ours_blame": run("ours_blame", itatui, "blame", TARGET),
    }, repeat)
    return wall, cpu


def measure(commits: int = 10_000, repeat: int = 9, process: bool = True) -> list[Row]:
    isolated_env()
    from itatui.core.audit.blame import blame
    from itatui.core.audit.timeline import timeline
    from itatui.core.history import History

    tmp = Path(tempfile.mkdtemp(prefix="itatui-bench-history-"))
    try:
        repo = generate(tmp / "repo", commits)
        hist = History.open(repo)
        entries = timeline(hist, TARGET)
        assert len(entries) >= commits // 10, len(entries)
        lines = {ln.key: ln for ln in blame(hist, TARGET)}
        assert lines["name"].version.summary == "นำเข้ารายงาน"

        def git(*args):
            subprocess.run(["git", *args], cwd=repo, check=True, stdout=subprocess.PIPE)

        # interleaved and the best of ``repeat``: the machine may be busy (other test runs),
        # and each pair is measured under the same load
        times = interleaved({
            "base_log": lambda: git("log", "--follow", "--", TARGET),
            "ours_log": lambda: timeline(hist, TARGET),
            "base_blame": lambda: git("blame", TARGET),
            "ours_blame": lambda: blame(hist, TARGET),
        }, repeat)
        base_log, ours_log = times["base_log"], times["ours_log"]
        base_blame, ours_blame = times["base_blame"], times["ours_blame"]
        label = f"({commits} commits, {len(entries)} versions)"
        rows = [
            Row(f"record history {label}", ours_log, "git log --follow -- FILE", base_log,
                "<= 1.5x", 1.5),
            Row(f"blame by field {label}", ours_blame, "git blame FILE", base_blame,
                "<= 2.0x", 2.0),
        ]
        if process:
            p, cpu = whole_process(repo, tmp, repeat)
            rows += [
                Row(f"itatui log RECORD (process, wheel, {commits} commits)", p["ours_log"],
                    "git log --follow -- FILE (process)", p["base_log"], "<= 2.5x", 2.5),
                Row(f"itatui blame RECORD (process, wheel, {commits} commits)",
                    p["ours_blame"], "git blame FILE (process)", p["base_blame"], "<= 2.5x",
                    2.5),
                Row("itatui log RECORD (process, CPU time)", cpu["ours_log"],
                    "git log --follow -- FILE (CPU time)", cpu["base_log"], "<= 2.5x", 2.5),
                Row("itatui blame RECORD (process, CPU time)", cpu["ours_blame"],
                    "git blame FILE (CPU time)", cpu["base_blame"], "<= 2.5x", 2.5),
            ]
        return rows
    finally:
        History.close_all()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commits", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--no-process", action="store_true",
                    help="leave out the whole-process comparison (needs no wheel build)")
    args = ap.parse_args()
    rows = measure(args.commits, args.repeat, process=not args.no_process)
    for r in rows:
        mark = "ok" if r.ok else "MISSED"
        print(f"{r.name}: {r.value * 1000:.1f} ms vs {r.baseline_name}: "
              f"{r.baseline * 1000:.1f} ms = {r.ratio:.2f}x (target {r.target}) {mark}")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
