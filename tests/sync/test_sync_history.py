"""What a sync leaves for the auditor: a record's log lists the merge that settled its conflict,
the conflict report marks the words each side changed, an unreachable remote shows git's whole
message. Two officers' clones of a bare repository over file:// (real git)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import git
from itatui.core.sync import clone, sync
from itatui.core.workspace import Workspace

ITATUI = [sys.executable, "-m", "itatui"]
M = "records/measures/02-01.toml"
A = ("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th")
B = ("นายธนพล ใจดี", "thanapon@banruean.go.th")


def run(*args: str):
    return subprocess.run([*ITATUI, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def clones(sample_repo, tmp_path):
    bare = tmp_path / "server" / "banruean.git"
    bare.parent.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(sample_repo), str(bare)], check=True)
    out = []
    for name, (who, email) in (("a", A), ("b", B)):
        clone(bare.as_uri(), tmp_path / name)
        git(tmp_path / name, "config", "user.name", who)
        git(tmp_path / name, "config", "user.email", email)
        out.append(tmp_path / name)
    return out


def edit(root: Path, values: dict) -> str:
    ws = Workspace(root)
    return ws.save(ws.load(M), values).sha


def outcome(root: Path) -> str:
    return tomllib.loads((root / M).read_text(encoding="utf-8"))["outcome"]


def record_log(root: Path, *args: str) -> list[dict]:
    out = run("log", M, "--repo", str(root), "--format", "json", *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


# -- a record's log hides nothing ------------------------------------------------------------
@pytest.mark.parametrize("take", ["theirs", "mine"])
def test_a_records_log_lists_the_merge_that_settled_its_conflict(clones, take):
    """b's own value is dropped (--theirs) or a's is (--mine): the merge that decided it is in
    the record's history, although the record it left is the same as one side's."""
    a, b = clones
    theirs = edit(a, {"outcome": "ผลลัพธ์ตามสำนักปลัด"})
    sync(a)
    mine = edit(b, {"outcome": "ผลลัพธ์ตามกองคลัง"})
    out = run("sync", "--repo", str(b), f"--{take}")
    assert out.returncode == 0, out.stderr
    merge = git(b, "rev-parse", "HEAD").strip()
    assert outcome(b) == ("ผลลัพธ์ตามสำนักปลัด" if take == "theirs" else "ผลลัพธ์ตามกองคลัง")
    assert f"Resolution: {M}#outcome={take}" in git(b, "log", "-1", "--format=%B")
    sync(a)
    for clone_root in (a, b):
        entries = record_log(clone_root)
        shas = [e["commit"] for e in entries]
        assert {merge, theirs, mine} <= set(shas)
        assert shas.index(merge) == 0                   # newest first
        assert entries[0]["action"] == "merge" and f"{M}#outcome" in entries[0]["fields"]
        assert merge in {e["commit"] for e in record_log(clone_root, "--field", "outcome")}
        text = run("log", M, "--repo", str(clone_root))
        assert merge[:8] in text.stdout
    # the whole log lists it too, and blame still names the officer whose value stayed
    assert merge in git(a, "log", "--format=%H")
    blame = run("blame", M, "--repo", str(a), "--format", "json")
    assert blame.returncode == 0, blame.stderr
    row = next(r for r in json.loads(blame.stdout) if r.get("field") == "outcome")
    assert row["commit"] == (theirs if take == "theirs" else mine)


# -- the conflict report marks the words -----------------------------------------------------
def test_conflict_report_marks_the_words_each_side_changed(clones):
    a, b = clones
    base = outcome(a)
    assert "๙๘.๐๖ คะแนน" in base and "ซึ่งเพิ่มขึ้นจาก" in base
    edit(a, {"outcome": base.replace("๙๘.๐๖", "๙๘.๐๗")})
    sync(a)
    edit(b, {"outcome": base.replace("การปรับปรุงการดำเนินงาน",
                                     "การปรับปรุงและพัฒนาการดำเนินงาน")})
    out = run("sync", "--repo", str(b))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    err = out.stderr
    assert "{+และพัฒนา+}" in err                        # ours: one word inserted
    assert "[-๙๘.๐๖-]{+๙๘.๐๗+}" in err                # theirs: one number changed
    assert "…" in err                                  # long unchanged runs cut
    # not the whole paragraph three times over
    assert err.count("ในปี พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านเรือน") <= 1
    assert "ค่าเดิมก่อนแก้ทั้งสองฝั่ง" not in err
    assert "itatui sync --theirs" in err


def test_conflict_report_shows_a_rewritten_value_whole_with_the_base(clones):
    a, b = clones
    edit(a, {"outcome": "ผลลัพธ์ตามสำนักปลัด"})
    sync(a)
    edit(b, {"outcome": "ผลลัพธ์ตามกองคลัง"})
    err = run("sync", "--repo", str(b)).stderr
    assert "ผลลัพธ์ตามกองคลัง" in err and "ผลลัพธ์ตามสำนักปลัด" in err
    assert "ค่าเดิมก่อนแก้ทั้งสองฝั่ง" in err and "[-" not in err


# -- an unreachable remote ---------------------------------------------------------------------
def test_an_unreachable_remote_shows_gits_whole_message(clones, tmp_path):
    a, _ = clones
    git(a, "remote", "set-url", "origin", str(tmp_path / "no-such-server" / "banruean.git"))
    out = run("sync", "--repo", str(a))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "ติดต่อคลังกลางไม่ได้" in out.stderr
    # every line git wrote, not only its last ("and the repository exists.")
    assert "does not appear to be a git repository" in out.stderr
    assert "Could not read from remote repository." in out.stderr
    assert "Please make sure you have the correct access rights" in out.stderr
    assert "and the repository exists." in out.stderr
