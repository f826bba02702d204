"""Quitting, in a real terminal (tmux): ctrl+q with nothing unsaved ends the process with exit
status 0 and leaves no process of its own behind (a git process, GitPython's persistent
``cat-file`` ones included), and the input thread ends at once instead of after its ``select``'s
timeouts; ctrl+q with an unsaved edit, then "บันทึก", commits the edit and ends with 0.

The app ends through :func:`itatui.tui.app.exit_process` (no interpreter teardown): these
tests are what says that nothing it skips was needed. Each test uses its own tmux server and
kills only that server and the app it started (by its process id)."""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

import pytest

from helpers import commit_count, git
from test_tmux_no_loss import _exit_status, _start, _to_subject, _wait
from test_tmux_thai import MEMO, tmux  # noqa: F401 (fixture)

from itatui.core.drafts import DraftStore

pytestmark = pytest.mark.tmux

# the app's ThaiInputDriver.disable_input, timed into the file named by ITATUI_TEST_TIMES
TIME_DISABLE_INPUT = """
import time
from itatui.tui.driver import ThaiInputDriver

_disable = ThaiInputDriver.disable_input

def disable_input(self):
    start = time.perf_counter()
    _disable(self)
    with open(os.environ["ITATUI_TEST_TIMES"], "a") as fh:
        fh.write(f"{time.perf_counter() - start}\\n")

ThaiInputDriver.disable_input = disable_input
"""


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, ppid, pgrp, session, ...)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def _left_behind(session: int) -> dict[int, str]:
    """The live processes of the tmux pane's ``session`` other than its shell (the session
    leader) and the shell's closing ``sleep``: whatever the app started and did not end
    (orphans included: they keep the session when their parent is gone)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == session:
            continue
        stat = _stat(int(entry.name))
        if stat is None or stat[0] == "Z" or int(stat[3]) != session:
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if not command.startswith("sleep "):
            found[int(entry.name)] = command
    return found


def test_a_clean_quit_ends_at_once_with_0_and_leaves_no_process(sample_repo, tmux, tmp_path):
    pidfile, status, times = tmp_path / "pid", tmp_path / "status", tmp_path / "times"
    tmux.env["ITATUI_TEST_TIMES"] = str(times)
    _start(tmux, sample_repo, pidfile, status, python=TIME_DISABLE_INPUT)
    pid = int(pidfile.read_text())
    session = int(_stat(pid)[3])
    tmux.keys("F4")                          # the history panel: git reads the commits
    tmux.wait_for("ประวัติ")
    time.sleep(1.0)                          # and the background work after the first screen
    tmux.keys("C-q")
    assert _exit_status(status) == 0
    assert not _alive(pid)
    assert _left_behind(session) == {}
    assert git(sample_repo, "status", "--porcelain") == ""
    # the input thread noticed at once (Textual's waits out two 0.1 s selects: 0.2 s)
    took = float(times.read_text().split()[0])
    assert took < 0.08, f"disabling the input took {took:.3f} s"


def test_save_and_quit_commits_the_edit_and_exits_0(sample_repo, tmux, tmp_path):
    pidfile, status = tmp_path / "pid", tmp_path / "status"
    before = commit_count(sample_repo)
    _start(tmux, sample_repo, pidfile, status)
    session = int(_stat(int(pidfile.read_text()))[3])
    _to_subject(tmux)
    tmux.type("ออกแล้วบันทึกให้ด้วย ")
    tmux.keys("C-q")
    tmux.wait_for("ไม่บันทึก")                 # the dialog; "บันทึก" has the focus
    tmux.keys("Enter")
    assert _exit_status(status) == 0
    assert commit_count(sample_repo) == before + 1
    subject = tomllib.loads((sample_repo / MEMO).read_text(encoding="utf-8"))["subject"]
    assert subject.startswith("ออกแล้วบันทึกให้ด้วย ")
    assert git(sample_repo, "status", "--porcelain") == ""
    assert not DraftStore(sample_repo).read()          # nothing left in the draft journal
    assert _left_behind(session) == {}


def test_quitting_during_a_background_fetch_does_not_wait_for_the_network(sample_repo, tmux,
                                                                           tmp_path):
    # a shared repository that answers after 20 s, as a slow network does: the fetch that
    # follows the first screen is still running when the officer quits
    remote = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(sample_repo), str(remote))
    git(sample_repo, "remote", "add", "origin", str(remote))
    git(sample_repo, "fetch", "-q", "origin")
    git(sample_repo, "branch", "-q", "--set-upstream-to=origin/main")
    git(sample_repo, "config", "remote.origin.uploadpack", "sleep 20; git-upload-pack")
    pidfile, status = tmp_path / "pid", tmp_path / "status"
    _start(tmux, sample_repo, pidfile, status)
    session = int(_stat(int(pidfile.read_text()))[3])
    _wait(lambda: any(" fetch " in c for c in _left_behind(session).values()),
          "the background fetch")
    start = time.monotonic()
    tmux.keys("C-q", pause=0)
    assert _exit_status(status) == 0
    assert time.monotonic() - start < 5, "quitting waited for the fetch"
    _wait(lambda: _left_behind(session) == {}, "the fetch and its transport to end", 5)
    # git's lock files gone (itatui.lock is itatui's flock file: it stays, unlocked)
    assert [p.name for p in (sample_repo / ".git").rglob("*.lock")] in ([], ["itatui.lock"])
    assert git(sample_repo, "status", "--porcelain") == ""
