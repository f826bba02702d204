"""``itatui serve``'s command line: officers added and removed (argon2 hashes in a 0600 file
under .git, never the password), Thai refusals with exit 2, localhost unless --allow-network
(then a Thai warning of what that exposes), no server without an officer."""

from __future__ import annotations

import stat
import subprocess
import sys

from itatui.serve.officers import load_officers, officers_path, verify
from serve_helpers import SOMCHAI, add_officer, start_server


def itatui(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "itatui", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_officers_are_kept_as_argon2_hashes_outside_the_records(sample_repo):
    done = add_officer(sample_repo, *SOMCHAI)
    assert done.returncode == 0, done.stderr
    path = officers_path(sample_repo)
    assert path == sample_repo / ".git" / "itatui" / "serve-officers.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "$argon2id$" in text and SOMCHAI[3] not in text
    officer = load_officers(path)[SOMCHAI[0]]
    assert (officer.name, officer.role) == (SOMCHAI[1], "officer")
    assert verify(path, SOMCHAI[0], SOMCHAI[3]) == officer
    assert verify(path, SOMCHAI[0], SOMCHAI[3] + "x") is None
    assert verify(path, "nobody@banruean.go.th", SOMCHAI[3]) is None

    listed = itatui("serve", "--repo", str(sample_repo), "--list-officers")
    assert SOMCHAI[0] in listed.stdout and "เจ้าหน้าที่" in listed.stdout

    done = itatui("serve", "--repo", str(sample_repo), "--remove-officer", SOMCHAI[0])
    assert done.returncode == 0 and "ลบผู้ใช้" in done.stdout
    assert verify(path, SOMCHAI[0], SOMCHAI[3]) is None
    again = itatui("serve", "--repo", str(sample_repo), "--remove-officer", SOMCHAI[0])
    assert again.returncode == 2 and "ไม่มีผู้ใช้" in again.stderr


def test_a_random_password_is_printed_once(sample_repo):
    done = itatui("serve", "--repo", str(sample_repo), "--add-officer", "head@banruean.go.th",
                  "--name", "นายหัวหน้า สำนักงาน", "--role", "head", "--random-password")
    assert done.returncode == 0, done.stderr
    password = done.stdout.split("จดไว้): ")[1].strip()
    assert verify(officers_path(sample_repo), "head@banruean.go.th", password).role == "head"


def test_refusals_are_thai_with_exit_2(sample_repo):
    repo = str(sample_repo)
    cases = [
        (["--add-officer", "not-an-email", "--name", "ก", "--password-stdin"], "long-enough-1",
         "อีเมล"),
        (["--add-officer", "a@b.go.th", "--password-stdin"], "long-enough-1", "--name"),
        (["--add-officer", "a@b.go.th", "--name", "ก", "--password-stdin"], "short", "สั้นเกินไป"),
        (["--add-officer", "a@b.go.th", "--name", "ก\x1b[2J", "--password-stdin"],
         "long-enough-1", "อักขระควบคุม"),
        (["--add-officer", "a@b.go.th", "--name", "ก"], "long-enough-1", "--password-stdin"),
        ([], "", "ยังไม่มีผู้ใช้"),                        # no officer: no server
        (["--host", "0.0.0.0"], "", "--allow-network"),
        (["--port", "70000"], "", "พอร์ต"),
    ]
    for args, stdin, said in cases:
        done = itatui("serve", "--repo", repo, *args, stdin=stdin)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    assert not officers_path(sample_repo).exists()


def test_another_address_needs_allow_network_and_says_what_it_exposes(officers_repo):
    """With --host 0.0.0.0 the printed addresses are ones a browser can open: this machine's
    (127.0.0.1) and the machine's own on the network, never 0.0.0.0; each answers the login."""
    import re
    import time
    import urllib.request

    from itatui.cli.cmd_serve import machine_addresses

    server = start_server(officers_repo, "--host", "0.0.0.0", "--allow-network")
    try:
        for _ in range(50):                         # the line after the first one
            said = "".join(server.log)
            if "เครื่องอื่นในเครือข่าย" in said or "ไม่พบที่อยู่" in said:
                break
            time.sleep(0.1)
        assert "คำเตือน" in said and "ไม่เข้ารหัส" in said and "reverse proxy" in said
        assert "http://0.0.0.0" not in said
        urls = re.findall(r"http://[^\s<]+/", said)
        port = server.url.rsplit(":", 1)[1].rstrip("/")
        assert urls[0] == f"http://127.0.0.1:{port}/" == server.url
        assert "บนเครื่องนี้" in said
        others = machine_addresses()
        assert urls[1:] == [f"http://{address}:{port}/" for address in others]
        if not others:
            assert "ไม่พบที่อยู่ของเครื่องนี้ในเครือข่าย" in said
        for url in urls:                            # each one opens the login page
            with urllib.request.urlopen(url + "login", timeout=10) as page:
                assert page.status == 200 and "เข้าสู่ระบบ" in page.read().decode()
    finally:
        server.stop()
    assert server.proc.returncode == 0


def test_the_machine_addresses_are_its_own():
    """What is printed for 0.0.0.0 is this machine's: every address can be bound here (the
    kernel refuses to bind an address that is not the machine's own)."""
    import socket

    from itatui.cli.cmd_serve import announcement, machine_addresses

    for address in machine_addresses():
        with socket.socket() as sock:
            sock.bind((address, 0))
    assert "127.0.0.1" not in machine_addresses()
    said = announcement("0.0.0.0", 8123)
    assert said.startswith("itatui serve: เปิดให้ใช้ที่ http://127.0.0.1:8123/ บนเครื่องนี้")
    assert "0.0.0.0" not in said
    assert announcement("::", 8123).startswith("itatui serve: เปิดให้ใช้ที่ http://[::1]:8123/")
    assert "fe80" not in announcement("::", 8123)
    assert announcement("127.0.0.1", 8123) == (
        "itatui serve: เปิดให้ใช้ที่ http://127.0.0.1:8123/ (กด Ctrl+C เพื่อหยุด)")


def test_a_port_in_use_is_said_in_thai(officers_repo):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = itatui("serve", "--repo", str(officers_repo), "--port", str(port))
    assert done.returncode == 2
    assert "มีโปรแกรมอื่นใช้พอร์ตนี้อยู่" in done.stderr and "Traceback" not in done.stderr


def test_the_help_reads_as_plain_text():
    """`itatui serve --help` ends with the module's summary: no reStructuredText markup
    (``itatui serve``, :mod:`itatui.serve`) for the person who runs the server to read."""
    done = itatui("serve", "--help")
    assert done.returncode == 0
    assert "--add-officer EMAIL --name NAME" in done.stdout
    assert "``" not in done.stdout and ":mod:" not in done.stdout
