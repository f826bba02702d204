"""Real Thai typing through a real terminal: the app runs in a detached tmux session of fixed
size, Thai text (tone marks, SARA AM, a space between words) is typed with ``send-keys -l``, the
cursor is moved across clusters, marks are deleted and retyped, the record is saved with C-s,
and then the TOML file and the commit hold exactly the text that was meant.

Each test uses its own tmux server (``-L`` socket) and kills only that server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from pathlib import Path

import pytest

from helpers import commit_count, git

pytestmark = [pytest.mark.tmux,
              pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")]

MEMO = "records/memo.toml"
MEANT = "ผู้นำชุมชน ช่วยกันทำงานด้วยความมีน้ำใจ"


class Tmux:
    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"itatui-test-{uuid.uuid4().hex[:10]}"
        # the editor notes here when its form's editors are drawn (ITATUI_LIVE_FILE): keys
        # typed before that would go to the text-only first frame, which has no focus to move
        self.live = Path(tempfile.gettempdir()) / f"{self.socket}.live"
        self.env = dict(env, ITATUI_LIVE_FILE=str(self.live))

    def run(self, *args: str) -> str:
        if args and args[0] == "new-session":
            self.live.unlink(missing_ok=True)
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "-u", *args],
                              env=self.env, capture_output=True, text=True, check=True,
                              timeout=20).stdout

    def start(self, command: list[str], width: int = 150, height: int = 45) -> None:
        self.run("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                 " ".join(_quote(c) for c in command))

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        self.run("send-keys", "-t", "t", *keys)
        time.sleep(pause)                 # the terminal and the app take their turns

    def type(self, text: str, pause: float = 0.3) -> None:
        self.run("send-keys", "-t", "t", "-l", text)
        time.sleep(pause)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared on the screen:\n{screen}")

    def wait_live(self, timeout: float = 60.0) -> None:
        """Until the editor's form is live (its editors mounted and drawn)."""
        deadline = time.monotonic() + timeout
        while not self.live.exists():
            if time.monotonic() > deadline:
                raise AssertionError(f"the editor's form never became live:\n{self.screen()}")
            time.sleep(0.05)
        time.sleep(0.2)                   # the frame after it, with the focus on the tree

    def kill(self) -> None:
        self.live.unlink(missing_ok=True)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env,
                       capture_output=True, timeout=20)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


@pytest.fixture
def tmux():
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
    env.pop("TMUX", None)
    session = Tmux(env)
    yield session
    session.kill()


def _wait_commits(repo: Path, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if commit_count(repo) >= count:
            return
        time.sleep(0.1)
    raise AssertionError("the save did not make a commit")


def test_typing_thai_in_a_real_terminal(sample_repo, tmux):
    # the memo's subject (a multi-line field, the 4th field of the first form) starts empty
    path = sample_repo / MEMO
    text = path.read_text(encoding="utf-8")
    start = text.index("subject = ")
    end = text.index("\nto = ")
    path.write_text(text[:start] + 'subject = ""' + text[end:], encoding="utf-8")
    git(sample_repo, "commit", "-q", "-am", "เรื่องว่าง")
    before = commit_count(sample_repo)

    tmux.start([sys.executable, "-m", "itatui", "--repo", str(sample_repo)])
    tmux.wait_for("ส่วนราชการ")
    tmux.wait_live()                         # the first frame is text; its editors follow
    for _ in range(4):                       # tree -> ส่วนราชการ, ที่, วันที่, เรื่อง
        tmux.keys("Tab", pause=0.3)          # a pause after each focus change

    tmux.type("ผู้นำชุมชน ช่วยกันทำงานด้วยน่ำใจ")         # a wrong tone mark on น้ำ
    tmux.keys("Left", "Left")                # over จ and ใ: the cursor is after น่ำ
    tmux.keys("BSpace")                      # SARA AM goes: น่
    tmux.keys("BSpace")                      # the wrong tone mark goes: น
    tmux.type("้ำ")                           # the right tone mark and SARA AM: น้ำ
    tmux.keys("Home", "Right")               # over ผู้ as one cluster
    tmux.keys("DC")                          # Delete takes นำ whole
    tmux.type("นำ")
    tmux.keys("End")
    tmux.keys("C-Left")                      # to the start of the Thai word น้ำใจ
    tmux.type("ความมี")
    screen = tmux.wait_for("ช่วยกันทำงานด้วยความมีน้ำใจ")
    assert "ผู้นำชุมชน" in screen
    tmux.keys("C-s")
    _wait_commits(sample_repo, before + 1)
    tmux.wait_for("บันทึกแล้ว")

    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["subject"] == MEANT
    committed = tomllib.loads(git(sample_repo, "show", f"HEAD:{MEMO}"))
    assert committed["subject"] == MEANT
    assert git(sample_repo, "show", "--name-only", "--format=", "HEAD").split() == [MEMO]
    assert git(sample_repo, "log", "-1", "--format=%an").strip() == "นางเอมวรา ชัยวงศ์"
    assert "Field: subject" in git(sample_repo, "log", "-1", "--format=%B")
    tmux.keys("C-q")


def test_list_item_moved_and_saved_in_a_real_terminal(sample_repo, tmux):
    """The considerations of the memo (a list, one item per line): a new Thai item is typed on
    a new line and moved up with alt+Up, then saved."""
    before = commit_count(sample_repo)
    items = tomllib.loads((sample_repo / MEMO).read_text(encoding="utf-8"))["considerations"]
    tmux.start([sys.executable, "-m", "itatui", "--repo", str(sample_repo)])
    tmux.wait_for("ส่วนราชการ")
    tmux.wait_live()                         # the first frame is text; its editors follow
    for _ in range(8):                       # ... เรียน, เรื่องเดิม, ข้อเท็จจริง, ข้อพิจารณา
        tmux.keys("Tab", pause=0.3)
    tmux.keys("C-End")
    tmux.keys("Enter")
    tmux.type("ให้หน่วยงานทุกกองร่วมกันติดตามผลอย่างต่อเนื่อง")
    tmux.keys("M-Up")
    tmux.wait_for("ร่วมกันติดตามผล")
    tmux.keys("C-s")
    _wait_commits(sample_repo, before + 1)
    saved = tomllib.loads((sample_repo / MEMO).read_text(encoding="utf-8"))["considerations"]
    assert saved == items[:-1] + ["ให้หน่วยงานทุกกองร่วมกันติดตามผลอย่างต่อเนื่อง", items[-1]]
    tmux.keys("C-q")
