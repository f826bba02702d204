"""A broken record in a real terminal (tmux): "เปิดด้วย $EDITOR" hands the terminal to the
officer's editor (the app suspended), reads the file again when it closes, and offers the
repaired record for one commit. Its own tmux server, killed at the end (test_tmux_thai.Tmux)."""

from __future__ import annotations

import sys
import time

import pytest

from helpers import commit_count, git
from test_tmux_thai import Tmux, _quote, _wait_commits, tmux  # noqa: F401 (fixture)

pytestmark = pytest.mark.tmux

ISSUE = "records/issues/03.toml"
FIXED = 'number = 3\ntitle = "ช่องทางการประชาสัมพันธ์ที่แก้แล้ว"\n'


def test_open_in_editor_suspends_the_app_and_the_repaired_record_is_committed(sample_repo,
                                                                              tmux: Tmux,
                                                                              tmp_path):
    (sample_repo / ISSUE).write_text('number = 3\ntitle = "ไม่ปิด\n', encoding="utf-8")
    marker = tmp_path / "editor-ran"
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\n"                   # a terminal of its own, then the repair
                      f"if [ -t 0 ] && [ -t 1 ]; then echo tty > {_quote(str(marker))}; fi\n"
                      f"printf '%s' {_quote(FIXED)} > \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    before = commit_count(sample_repo)
    command = (f"env EDITOR={_quote(str(editor))} VISUAL= {_quote(sys.executable)} -m itatui "
               f"--repo {_quote(str(sample_repo))}; sleep 30")
    tmux.run("new-session", "-d", "-s", "t", "-x", "140", "-y", "45", command)
    tmux.wait_for("ส่วนราชการ")
    tmux.wait_live()
    for _ in range(10):                       # memo ... issue 1, 1-1, issue 2, 2-1, issue 3
        tmux.keys("Down", pause=0.1)
    tmux.wait_for("อ่านระเบียนนี้ไม่ได้")
    screen = tmux.wait_for("ฉบับที่บันทึกล่าสุดที่อ่านได้")
    assert "บรรทัด ๒ คอลัมน์ ๙" in screen and "เปิดด้วย editor.sh" in screen
    tmux.keys("Tab", pause=0.3)               # คืนฉบับที่บันทึกล่าสุด
    tmux.keys("Tab", pause=0.3)               # เปิดด้วย editor.sh
    tmux.keys("Enter")
    tmux.wait_for("บันทึกเป็นหนึ่งคอมมิตในชื่อของท่านตอนนี้หรือไม่")
    assert marker.read_text().strip() == "tty"
    assert (sample_repo / ISSUE).read_text(encoding="utf-8") == FIXED
    tmux.keys("Enter")                        # บันทึกเป็นคอมมิต
    _wait_commits(sample_repo, before + 1)
    assert git(sample_repo, "show", "--name-only", "--format=", "HEAD").split() == [ISSUE]
    assert "ช่องทางการประชาสัมพันธ์ที่แก้แล้ว" in tmux.wait_for("ที่แก้แล้ว")
    tmux.keys("C-q", pause=0.5)
