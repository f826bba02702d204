"""No input loses work, in a real terminal (tmux): a byte that is not UTF-8 (0xA1, "ก" in
TIS-620) leaves the editor running with its edit; the draft journal brings an edit back after
``kill -9``; the exit status is non-zero when the app ends on an error.

Each test uses its own tmux server (``-L`` socket) and kills only that server and the app it
started (by its process id)."""

from __future__ import annotations

import os
import signal
import sys
import time
import tomllib
from pathlib import Path

import pytest

from helpers import commit_count, git
from test_tmux_thai import MEMO, Tmux, _quote, _wait_commits, tmux  # noqa: F401 (fixture)

from itatui.core.drafts import DraftStore

pytestmark = pytest.mark.tmux


def _wait(condition, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _start(tmux: Tmux, repo: Path, pidfile: Path, status: Path, python: str = "") -> None:
    """The editor on ``repo`` through the real command line (``itatui --repo``); its process id
    is written to ``pidfile``, its exit status to ``status``. ``python``: code run first."""
    code = ("import os, sys\nopen(sys.argv[2], 'w').write(str(os.getpid()))\n" + python +
            "\nfrom itatui.cli import main\nsys.exit(main(['--repo', sys.argv[1]]))")
    command = (f"{_quote(sys.executable)} -c {_quote(code)} {_quote(str(repo))} "
               f"{_quote(str(pidfile))}; echo $? > {_quote(str(status))}; sleep 30")
    tmux.run("new-session", "-d", "-s", "t", "-x", "140", "-y", "45", command)
    tmux.wait_for("ส่วนราชการ")
    tmux.wait_live()                         # the first frame is text; its editors follow


def _to_subject(tmux: Tmux) -> None:
    for _ in range(4):                       # tree -> ส่วนราชการ, ที่, วันที่, เรื่อง
        tmux.keys("Tab", pause=0.3)
    tmux.keys("Home")


def _exit_status(status: Path) -> int:
    _wait(lambda: status.exists() and status.read_text().strip(), "the exit status")
    return int(status.read_text())


def test_an_undecodable_byte_then_kill_9_loses_nothing(sample_repo, tmux, tmp_path):
    pidfile, status = tmp_path / "pid", tmp_path / "status"
    store = DraftStore(sample_repo)
    before, original = commit_count(sample_repo), subject_of(sample_repo)
    _start(tmux, sample_repo, pidfile, status)
    _to_subject(tmux)
    tmux.type("ผู้ใหญ่บ้านน้ำใจดี ")
    tmux.keys("-H", "a1")                   # TIS-620 "ก": used to end the app (exit 0)
    tmux.keys("-H", "ff")                   # in no encoding: "�"
    screen = tmux.wait_for("ผู้ใหญ่บ้านน้ำใจดี ก�")
    assert "Traceback" not in screen and "UnicodeDecodeError" not in screen
    assert not status.exists()              # still running
    # the draft journal has the edit a second or two after typing stops
    _wait(lambda: "ผู้ใหญ่บ้านน้ำใจดี ก" in store.read().texts.get(MEMO, {}).get("subject", ""),
          "the journal", timeout=10)
    os.kill(int(pidfile.read_text()), signal.SIGKILL)       # this test's own app
    _wait(lambda: status.exists() and status.read_text().strip(), "the end of the app")
    assert subject_of(sample_repo) == original and commit_count(sample_repo) == before
    tmux.kill()

    again = Tmux(tmux.env)
    try:
        status.unlink()
        _start(again, sample_repo, pidfile, status)
        again.wait_for("พบการแก้ไขที่ยังไม่ได้บันทึกจากครั้งก่อน")
        again.keys("Enter", pause=0.5)                      # กู้คืนการแก้ไข
        again.wait_for("กู้คืนการแก้ไขที่ยังไม่บันทึกแล้ว")
        again.keys("C-s")
        _wait_commits(sample_repo, before + 1)
        assert subject_of(sample_repo).startswith("ผู้ใหญ่บ้านน้ำใจดี ก�")
        _wait(lambda: not store.path.exists(), "the journal cleared by the save")
        again.keys("C-q")
        assert _exit_status(status) == 0
    finally:
        again.kill()


def subject_of(repo: Path) -> str:
    return tomllib.loads((repo / MEMO).read_text(encoding="utf-8"))["subject"]


def test_exit_status_is_not_zero_when_the_app_ends_on_an_error(sample_repo, tmux, tmp_path):
    # an exception in a key's action (F1 here, made to fail) ends the app: exit status 1
    pidfile, status = tmp_path / "pid", tmp_path / "status"
    _start(tmux, sample_repo, pidfile, status, python=(
        "from itatui.tui.app import ItaApp\n"
        "def broken(self):\n    raise RuntimeError('ทดสอบข้อผิดพลาด')\n"
        "ItaApp.action_help = broken"))
    tmux.keys("F1")
    assert _exit_status(status) == 1


def test_exit_status_is_not_zero_when_the_input_thread_fails(sample_repo, tmux, tmp_path):
    # Textual's panic (its input thread failing) used to end with status 0
    pidfile, status = tmp_path / "pid", tmp_path / "status"
    _start(tmux, sample_repo, pidfile, status, python=(
        "from itatui.tui.driver import ThaiInputDriver\n"
        "import time\n"
        "def broken(self):\n    time.sleep(1.5)\n    raise OSError('ทดสอบ')\n"
        "ThaiInputDriver.run_input_thread = broken"))
    assert _exit_status(status) == 1


def test_a_clean_quit_exits_0(sample_repo, tmux, tmp_path):
    pidfile, status = tmp_path / "pid", tmp_path / "status"
    _start(tmux, sample_repo, pidfile, status)
    tmux.keys("C-q")
    assert _exit_status(status) == 0
    assert git(sample_repo, "status", "--porcelain") == ""
