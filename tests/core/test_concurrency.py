"""Two itatui processes on one repository never lose an update; many saves leak nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from itatui.core.history import History
from itatui.core.workspace import Workspace

from helpers import commit_count, git, processes

MEASURE = "records/measures/02-01.toml"

WRITER = textwrap.dedent("""
    import sys
    from itatui.core.errors import RecordError
    from itatui.core.workspace import Workspace
    root, field, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ws = Workspace(root)
    retries = 0
    for i in range(n):
        while True:
            rec = ws.load("records/measures/02-01.toml")
            try:
                ws.save(rec, {field: f"{field} ครั้งที่ {i}"})
                break
            except RecordError as exc:     # changed by the other process since loaded
                assert "แก้ไขจากที่อื่น" in str(exc), exc
                retries += 1
    print(retries)
""")


def test_two_processes_saving_one_record_lose_nothing(sample_repo, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    n = 40
    procs = [subprocess.Popen([sys.executable, str(script), str(sample_repo), field, str(n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for field in ("period", "outcome")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    assert commit_count(sample_repo) == 1 + 2 * n
    data = tomllib.loads((sample_repo / MEASURE).read_text(encoding="utf-8"))
    assert data["period"] == f"period ครั้งที่ {n - 1}"
    assert data["outcome"] == f"outcome ครั้งที่ {n - 1}"
    history = git(sample_repo, "log", "-p", "--format=", "--", MEASURE)
    for field in ("period", "outcome"):
        for i in range(n):
            assert f"{field} ครั้งที่ {i}" in history
    assert git(sample_repo, "status", "--porcelain").strip() == ""


def _children() -> list[str]:
    return [cmd for pid, ppid, cmd in processes() if ppid == os.getpid() and "git" in cmd]


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def test_a_thousand_saves_leak_no_process_and_no_memory(sample_repo):
    ws = Workspace(sample_repo)
    rss = {}
    for i in range(1000):
        ws.save(ws.load(MEASURE), {"outcome": f"ผลลัพธ์ครั้งที่ {i}"})
        if i in (199, 999):
            rss[i] = _rss_kb()
    assert commit_count(sample_repo) == 1001
    assert _children() == []
    # memory stays flat: the last 800 saves add less than 8 MiB
    assert rss[999] - rss[199] < 8 * 1024, rss
    History.close_all()
    assert _children() == []
