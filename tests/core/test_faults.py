"""Environment faults: a clear Thai message and no data loss."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from itatui.core.errors import GitError, RecordError
from itatui.core.workspace import Workspace

from helpers import commit_count, git, make_repo

MEASURE = "records/measures/02-01.toml"


def test_detached_head_refuses_before_writing(sample_repo):
    git(sample_repo, "checkout", "-q", "--detach", "HEAD")
    ws = Workspace(sample_repo)
    before = (sample_repo / MEASURE).read_bytes()
    with pytest.raises(GitError, match="detached HEAD"):
        ws.save(ws.load(MEASURE), {"period": "ใหม่"})
    assert (sample_repo / MEASURE).read_bytes() == before


def test_deleted_record_is_reported_not_recreated(sample_repo):
    ws = Workspace(sample_repo)
    rec = ws.load(MEASURE)
    (sample_repo / MEASURE).unlink()
    with pytest.raises(RecordError, match="ไฟล์ถูกลบ"):
        ws.save(rec, {"period": "ใหม่"})
    assert not (sample_repo / MEASURE).exists()
    from itatui.core.recovery import pending

    assert [(p.path, p.state) for p in pending(ws)] == [(MEASURE, "deleted")]


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A real file system of 1 MiB (tmpfs), so that 'disk full' is the kernel's own ENOSPC."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)):
        pytest.skip("needs root and a tmpfs mount (CI runs as root)")
    yield mnt
    from itatui.core.history import History

    History.close_all()
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_disk_full_keeps_the_old_record(small_disk):
    repo = make_repo(small_disk / "repo")
    ws = Workspace(repo)
    rec = ws.load(MEASURE)
    before = (repo / MEASURE).read_bytes()
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as fh:     # fill the disk to the last byte
        try:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
        except OSError:
            pass
    with pytest.raises(RecordError, match="พื้นที่ดิสก์เต็ม") as info:
        ws.save(rec, {"outcome": "ข้อความยาว " * 2000})
    assert "ไฟล์เดิมยังอยู่ครบ" in str(info.value) and MEASURE in str(info.value)
    assert (repo / MEASURE).read_bytes() == before
    assert not list((repo / "records/measures").glob(".*.tmp"))
    filler.unlink()
    ws.save(ws.load(MEASURE), {"outcome": "หลังล้างดิสก์"})
    assert commit_count(repo) == 2


def test_read_only_folder_keeps_the_record(small_disk):
    repo = make_repo(small_disk / "repo")
    ws = Workspace(repo)
    rec = ws.load(MEASURE)
    before = (repo / MEASURE).read_bytes()
    if not _mount("-o", "remount,ro", str(small_disk)):
        pytest.skip("cannot remount read-only here")
    try:
        with pytest.raises((RecordError, GitError)) as info:
            ws.save(rec, {"outcome": "ใหม่"})
        assert "อ่านได้อย่างเดียว" in str(info.value) or "Read-only" in str(info.value)
        assert (repo / MEASURE).read_bytes() == before
    finally:
        _mount("-o", "remount,rw", str(small_disk))


def test_file_size_limit_is_a_clear_error(sample_repo, tmp_path):
    """Disk-full of another kind, anywhere: RLIMIT_FSIZE makes the write fail with EFBIG."""
    script = tmp_path / "save.py"
    script.write_text(textwrap.dedent(f"""
        import resource, signal, sys
        from itatui.core.workspace import Workspace
        from itatui.core.errors import ItatuiError
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        ws = Workspace({str(sample_repo)!r})
        rec = ws.load({MEASURE!r})
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
        try:
            ws.save(rec, {{"outcome": "ก" * 5000}})
        except ItatuiError as exc:
            print(exc.describe()); sys.exit(3)
    """), encoding="utf-8")
    before = (sample_repo / MEASURE).read_bytes()
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert out.returncode == 3, out.stderr
    assert "ไฟล์ใหญ่เกินขีดจำกัด" in out.stdout and MEASURE in out.stdout
    assert (sample_repo / MEASURE).read_bytes() == before
    assert commit_count(sample_repo) == 1


def test_missing_theme_is_a_clear_error(sample_repo, tmp_path):
    out = subprocess.run([sys.executable, "-m", "itatui", "render", "--repo", str(sample_repo),
                          "--format", "pdf", "--theme", "no-such-theme", "-o", str(tmp_path / "r.pdf")],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "ไม่พบธีม" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_not_a_repository_and_no_records(tmp_path):
    for args in (["log"], ["set", "records/memo.toml", "to", "x"], ["check"], ["recover"]):
        out = subprocess.run([sys.executable, "-m", "itatui", *args, "--repo", str(tmp_path)]
                             if args[0] != "set" else
                             [sys.executable, "-m", "itatui", "set", "--repo", str(tmp_path),
                              *args[1:]], capture_output=True, text=True)
        assert out.returncode == 2, (args, out.stderr)
        assert "Traceback" not in out.stderr and ("ไม่ใช่คลัง git" in out.stderr
                                                  or "ไม่พบโฟลเดอร์ records" in out.stderr)
