"""Crash safety: kill -9 at random moments during 200 saves loses nothing and breaks nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path


from itatui.core.recovery import clean_temp_files, clear_stale_lock, commit_pending, pending
from itatui.core.workspace import Workspace

from helpers import git

MEASURE = "records/measures/02-01.toml"
SAVES = 200

CHILD = textwrap.dedent("""
    import os, sys
    from itatui.core.workspace import Workspace
    root, start, total, journal = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    ws = Workspace(root)
    with open(journal, "a", encoding="utf-8") as log:
        for i in range(start, total):
            log.write(f"start {i}\\n"); log.flush(); os.fsync(log.fileno())
            ws.save(ws.load("records/measures/02-01.toml"), {"outcome": f"ผลลัพธ์รอบที่ {i} น้ำใจ"})
            log.write(f"done {i}\\n"); log.flush(); os.fsync(log.fileno())
""")


def value(i: int) -> str:
    return f"ผลลัพธ์รอบที่ {i} น้ำใจ"


def _journal(path: Path) -> tuple[int, int]:
    started = done = -1
    for line in path.read_text(encoding="utf-8").splitlines():
        what, _, n = line.partition(" ")
        if not n.isdigit():
            continue   # a line cut by the kill
        if what == "start":
            started = int(n)
        elif what == "done":
            done = int(n)
    return started, done


def _alive_in_group(pgid: int) -> bool:
    """Whether a process of the group still runs (zombies, which nobody may reap, do not)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _wait_group_gone(pgid: int) -> None:
    deadline = time.monotonic() + 10
    while _alive_in_group(pgid) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_kill_during_saves_keeps_every_record_whole(sample_repo, tmp_path):
    rng = random.Random(20261125)
    journal = tmp_path / "journal.txt"
    journal.write_text("", encoding="utf-8")
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    next_i, rounds = 0, 0
    deadline = time.monotonic() + 240
    while next_i < SAVES and time.monotonic() < deadline:
        rounds += 1
        before = tomllib.loads(git(sample_repo, "show", f"HEAD:{MEASURE}"))["outcome"]
        child = subprocess.Popen([sys.executable, str(script), str(sample_repo), str(next_i),
                                  str(SAVES), str(journal)], start_new_session=True,
                                 stderr=subprocess.PIPE)
        size = journal.stat().st_size
        while child.poll() is None and journal.stat().st_size == size:
            time.sleep(0.005)                        # until the child starts saving
        time.sleep(rng.uniform(0, 0.1))              # then a random moment in its saves
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)     # the child and its git processes
        child.wait()
        _wait_group_gone(child.pid)
        started, done = _journal(journal)
        # every record file parses; the measure holds the old or the new content
        for path in (sample_repo / "records").rglob("*.toml"):
            tomllib.loads(path.read_text(encoding="utf-8"))
        outcome = tomllib.loads((sample_repo / MEASURE).read_text(encoding="utf-8"))["outcome"]
        # the last content saved before the kill, or the content being saved at the kill
        old = value(done) if done >= next_i else before
        assert outcome in {old, value(started)}, (outcome, started, done)
        # what the app does on start: a dead git's lock is cleared, uncommitted edits offered
        clear_stale_lock(sample_repo)
        clean_temp_files(sample_repo)
        ws = Workspace(sample_repo)
        items = pending(ws)
        if items:
            assert [p.path for p in items] == [MEASURE] and items[0].error is None
            commit_pending(ws, items)
        head = tomllib.loads(git(sample_repo, "show", f"HEAD:{MEASURE}"))["outcome"]
        assert head == outcome
        next_i = max(started, done) + 1
    assert next_i >= SAVES, f"only {next_i} saves in {rounds} rounds"
    assert rounds > 20, "the child was never killed: the test proves nothing"
    print(f"{rounds} rounds, {next_i} saves")
    fsck = subprocess.run(["git", "fsck", "--no-progress", "--no-dangling"], cwd=sample_repo,
                          capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    # no committed edit is lost: every save the child saw committed is in the history
    history = git(sample_repo, "log", "-p", "--format=", "--", MEASURE)
    for line in journal.read_text(encoding="utf-8").splitlines():
        what, _, n = line.partition(" ")
        if what == "done" and n.isdigit():
            assert value(int(n)) in history, n
    assert git(sample_repo, "status", "--porcelain", "--", "records").strip() == ""
