"""Control characters through the command line (issue 15), as whole processes on real git
repositories: ``set`` (argument, stdin, bytes that are not UTF-8) and ``import`` refuse them
with a Thai error naming the field and write nothing; a record written by hand that holds
them is flagged by ``check``, and ``diff``, ``blame``, ``log``, ``check`` and ``render`` print
them escaped (``\\x1b``), never raw, in text and in JSON."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from helpers import ITATUI, SEED, as_officer, git, itatui, ok
from itatui.core.controlchars import FORBIDDEN


def run_bytes(*args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """``itatui ARGS`` with raw bytes in and out (what a terminal would receive)."""
    return subprocess.run([*ITATUI, *args], input=stdin, capture_output=True, timeout=300,
                          env=as_officer(("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th")))


def untouched(repo, head: str) -> None:
    assert git(repo, "rev-parse", "HEAD") == head
    assert not git(repo, "status", "--porcelain")


def test_set_refuses_them_from_an_argument_stdin_or_bytes_not_utf8(sample_repo):
    r = str(sample_repo)
    head = git(sample_repo, "rev-parse", "HEAD")
    piped = run_bytes("set", "--repo", r, "records/memo.toml", "subject", "-",
                      stdin="ทดสอบ\x1b[31mแดง\x07".encode())
    assert piped.returncode == 2
    err = piped.stderr.decode()
    assert "records/memo.toml" in err and "เรื่อง (subject)" in err and "\\x1b (ESC)" in err
    assert b"\x1b" not in piped.stderr
    nul = run_bytes("set", "--repo", r, "records/memo.toml", "subject", "-", stdin=b"a\x00b")
    assert nul.returncode == 2 and "\\x00 (NUL)" in nul.stderr.decode()
    for value in (b"\xe0\xb8\x81\x9b", "ก\u202eข".encode()):        # C1 byte; RLO
        arg = run_bytes("set", "--repo", r, "records/measures/02-01.toml", "outcome",
                        os.fsdecode(value))
        assert arg.returncode == 2 and "ผลลัพธ์" in arg.stderr.decode(), arg.stderr.decode()
        assert b"Traceback" not in arg.stderr
    bad = run_bytes("set", "--repo", r, "records/memo.toml", "subject", "-", stdin=b"a\xffb")
    assert bad.returncode == 2 and "UTF-8" in bad.stderr.decode()
    lst = run_bytes("set", "--repo", r, "records/measures/02-01.toml", "results",
                    "ผลหนึ่ง\nผลสอง\x1b")
    assert lst.returncode == 2 and "ผลการดำเนินการ (results) ข้อ ๒" in lst.stderr.decode()
    untouched(sample_repo, head)
    ok(itatui("set", "--repo", r, "records/memo.toml", "subject", "ทาง\u200bเลือก\tใหม่"))


def test_import_refuses_them_naming_field_and_source_line(tmp_path):
    src = tmp_path / "report.txt"
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[19] += "\x1b[31mแดง"
    src.write_text("\n".join(lines), encoding="utf-8")
    out = itatui("import", str(src), "--repo", str(tmp_path / "repo"))
    assert out.returncode == 2
    assert "records/memo.toml" in out.stderr and "บรรทัด 20" in out.stderr
    assert "\\x1b (ESC)" in out.stderr and "\x1b" not in out.stderr
    assert not (tmp_path / "repo").exists()                       # nothing created


@pytest.fixture
def hand_written(sample_repo):
    """A commit that wrote ESC, BEL, a C1 CSI and an RLO into the memo by hand."""
    memo = sample_repo / "records" / "memo.toml"
    text = memo.read_text(encoding="utf-8").replace(
        'to = "', 'to = "\\u001b[31mแดง\\u0007\\u009b\u202e', 1)
    memo.write_text(text, encoding="utf-8")
    git(sample_repo, "commit", "-qam", "แก้ด้วยมือ\x1b[2J")
    return sample_repo


@pytest.mark.parametrize("argv", [
    ["diff", "HEAD"], ["diff", "HEAD", "--color", "always"], ["diff", "HEAD", "--format", "json"],
    ["blame", "records/memo.toml"], ["blame", "records/memo.toml", "--format", "json"],
    ["log"], ["log", "--format", "json"], ["check"], ["check", "--format", "json"],
])
def test_every_command_prints_them_escaped(hand_written, argv):
    out = run_bytes(argv[0], "--repo", str(hand_written), *argv[1:])
    assert out.returncode in (0, 1), out.stderr.decode()
    text = out.stdout.decode("utf-8")
    painted = re.sub(r"\x1b\[[0-9;]*m", "", text) if "--color" in argv else text
    assert "\x1b[31mแดง" not in text                  # the record's own ESC: never raw
    assert not FORBIDDEN.search(painted), FORBIDDEN.findall(painted)
    assert not FORBIDDEN.search(out.stderr.decode("utf-8"))
    if "json" in argv:
        json.loads(text)                  # still valid JSON
        if argv[0] in ("diff", "blame"):
            assert "\\u001b[31mแดง\\u0007\\u009b\\u202e" in text
    elif argv[0] in ("diff", "blame"):
        assert "\\x1b[31mแดง\\x07\\x9b\\u202e" in text
    elif argv[0] == "log":
        assert "แก้ด้วยมือ\\x1b[2J" in text
    elif argv[0] == "check":
        assert "control-char" in text


def test_render_to_a_terminal_escapes_them(hand_written):
    """``render --format md`` to a terminal (a real pty): escaped; to a file: as recorded."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([*ITATUI, "render", "--repo", str(hand_written), "--format", "md"],
                            stdout=slave, stderr=subprocess.PIPE, env=as_officer(
                                ("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th")))
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:                    # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert proc.returncode == 0 and "บันทึกข้อความ" in shown
    assert not FORBIDDEN.search(shown), FORBIDDEN.findall(shown)
    assert "\\x9b\\u202e" in shown
    to_file = hand_written / "out.md"
    ok(itatui("render", "--repo", str(hand_written), "--format", "md", "-o", str(to_file)))
    assert "\x9b\u202e" in to_file.read_text(encoding="utf-8")
