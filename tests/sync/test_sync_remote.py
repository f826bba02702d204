"""Sharing through real remotes: a bare repository over file://, a git daemon on loopback and an
unreachable remote; several clones with different officers editing at the same time."""

from __future__ import annotations

import json
import selectors
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from helpers import git
from itatui.core import structure
from itatui.core.sync import RemoteError, SyncConflict, ahead_behind, clone, fetch, sync
from itatui.core.workspace import Workspace

ITATUI = [sys.executable, "-m", "itatui"]
MEASURE = "records/measures/02-01.toml"
RENUMBERED = "records/measures/02-02.toml"
OFFICERS = {
    "a": ("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th"),         # สำนักปลัด
    "b": ("นายธนพล ใจดี", "thanapon@banruean.go.th"),           # กองคลัง
    "c": ("นางสาวกมลชนก ศรีสุข", "kamonchanok@banruean.go.th"),  # กองช่าง
}


def run(*args: str, cwd: Path | None = None):
    return subprocess.run([*ITATUI, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def officer_clone(url: str, dest: Path, who: str) -> Path:
    clone(url, dest)
    name, email = OFFICERS[who]
    git(dest, "config", "user.name", name)
    git(dest, "config", "user.email", email)
    return dest


def edit(root: Path, rel: str, values: dict) -> str:
    ws = Workspace(root)
    return ws.save(ws.load(rel), values).sha


def value(root: Path, rel: str, key: str):
    data = tomllib.loads((root / rel).read_text(encoding="utf-8"))
    for part in key.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def snapshot(root: Path) -> dict:
    """Everything a failed sync must leave as it was (the remote-tracking refs aside)."""
    files = {p.relative_to(root).as_posix(): p.read_bytes()
             for p in (root / "records").rglob("*") if p.is_file()}
    return {"head": git(root, "rev-parse", "HEAD"),
            "heads": git(root, "for-each-ref", "refs/heads"),
            "status": git(root, "status", "--porcelain", "--untracked-files=all"),
            "index": git(root, "ls-files", "-s"),
            "merge_head": (root / ".git" / "MERGE_HEAD").exists(),
            "files": files}


def toml_syntax_problems(root: Path) -> list:
    out = run("check", "--repo", str(root), "--format", "json")
    assert out.returncode in (0, 1), out.stderr
    return [p for p in json.loads(out.stdout) if p["code"] == "toml-syntax"]


@pytest.fixture
def bare(sample_repo, tmp_path) -> Path:
    dest = tmp_path / "server" / "banruean.git"
    dest.parent.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(sample_repo), str(dest)], check=True)
    return dest


@pytest.fixture
def url(bare) -> str:
    return bare.as_uri()                      # file:///.../banruean.git


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def daemon(bare):
    """``git daemon`` serving the bare repository on a loopback port, with push enabled."""
    port = free_port()
    proc = subprocess.Popen(
        ["git", "daemon", "--verbose", "--export-all", "--enable=receive-pack", "--reuseaddr",
         f"--base-path={bare.parent}", f"--port={port}", "--listen=127.0.0.1", str(bare.parent)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + 20
    seen = []
    try:
        while True:                                  # bounded wait for "Ready to rumble"
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                pytest.fail(f"git daemon did not start: {''.join(seen)}")
            if sel.select(timeout=left):
                line = proc.stderr.readline()
                seen.append(line)
                if "Ready to rumble" in line:
                    break
        yield f"git://127.0.0.1:{port}/{bare.name}"
    finally:
        sel.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stderr.close()


# -- the whole story with three officers ---------------------------------------------------------
@pytest.mark.parametrize("server", ["file", "daemon"])
def test_three_officers_share_every_edit(server, request, tmp_path):
    url = request.getfixturevalue("url" if server == "file" else "daemon")
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    c = officer_clone(url, tmp_path / "c", "c")
    # different fields of one record (a, b), another record (c), the same field (a, c)
    sa = edit(a, MEASURE, {"period": "ตุลาคม ๒๕๖๗ - ธันวาคม ๒๕๖๘"})
    sb = edit(b, MEASURE, {"units": ["สำนักปลัด", "กองคลัง"]})
    sb2 = edit(b, "records/agency.toml", {"district": "เมืองลำพูน"})
    sc = edit(c, "records/memo.toml", {"reference": "ลพ ๕๒๐๐๑/๑๒๓"})
    sc2 = edit(c, "records/measures/03-01.toml", {"outcome": "ผลลัพธ์ของกองช่าง"})
    sc3 = edit(c, "records/measures/05-01.toml", {"period": "ของกองช่าง"})
    sa2 = edit(a, "records/measures/05-01.toml", {"period": "ของสำนักปลัด"})
    # a renumbering (c puts issue 7 before issue 6) while a fills in issue 7's measure
    sa3 = edit(a, "records/measures/07-01.toml", {"name": "มาตรการที่สำนักปลัดกรอกเพิ่ม"})
    title7 = value(c, "records/issues/07.toml", "title")
    sc4 = structure.move_issue(Workspace(c), 7, 6).sha
    assert ahead_behind(a) == (3, 0)

    first = sync(a)                                   # a publishes first: nothing to merge
    assert (first.received, first.sent, first.merge_commit) == (0, 3, None)
    assert ahead_behind(a) == (0, 0)

    git(b, "fetch", "-q")                             # the header's figures, no network
    assert ahead_behind(b) == (2, 3)
    second = sync(b)                                  # b merges a's edit into the same record
    assert second.received == 3 and second.sent == 2 and second.merge_commit
    assert MEASURE in second.changed
    assert value(b, MEASURE, "period") == "ตุลาคม ๒๕๖๗ - ธันวาคม ๒๕๖๘"
    assert value(b, MEASURE, "units") == ["สำนักปลัด", "กองคลัง"]
    merge_msg = git(b, "log", "-1", "--format=%B")
    assert merge_msg.startswith("รวมการแก้ไขจากคลังกลาง origin/main")
    assert OFFICERS["a"][0] in merge_msg and "Itatui-Action: merge" in merge_msg
    assert git(b, "log", "-1", "--format=%an").strip() == OFFICERS["b"][0]

    before = snapshot(c)                              # c changed 05-01's period too: conflict
    with pytest.raises(SyncConflict) as info:
        sync(c)
    (conflict,) = info.value.conflicts
    assert (conflict.path, conflict.key) == ("records/measures/05-01.toml", "period")
    assert (conflict.mine, conflict.theirs) == ("ของกองช่าง", "ของสำนักปลัด")
    assert snapshot(c) == before

    out = run("sync", "--repo", str(c), "--take", "records/measures/05-01.toml", "period",
              "theirs")
    assert out.returncode == 0, out.stderr
    assert "ซิงก์กับคลังกลาง origin แล้ว" in out.stdout and "ใช้ค่าจากคลังกลาง" in out.stdout
    assert value(c, "records/measures/05-01.toml", "period") == "ของสำนักปลัด"
    assert "Resolution: records/measures/05-01.toml#period=theirs" in git(
        c, "log", "-1", "--format=%B")

    for clone_ in (a, b):                              # the others catch up (fast-forward)
        res = sync(clone_)
        assert res.fast_forward and res.merge_commit is None
    heads = {git(r, "rev-parse", "HEAD") for r in (a, b, c)}
    assert len(heads) == 1
    for r in (a, b, c):
        assert value(r, MEASURE, "period") == "ตุลาคม ๒๕๖๗ - ธันวาคม ๒๕๖๘"
        assert value(r, MEASURE, "units") == ["สำนักปลัด", "กองคลัง"]
        assert value(r, "records/agency.toml", "district") == "เมืองลำพูน"
        assert value(r, "records/memo.toml", "reference") == "ลพ ๕๒๐๐๑/๑๒๓"
        assert value(r, "records/measures/03-01.toml", "outcome") == "ผลลัพธ์ของกองช่าง"
        assert value(r, "records/measures/05-01.toml", "period") == "ของสำนักปลัด"
        assert value(r, "records/issues/06.toml", "title") == title7
        assert value(r, "records/measures/06-01.toml", "name") == "มาตรการที่สำนักปลัดกรอกเพิ่ม"
        assert value(r, "records/measures/07-01.toml", "name") == ""
        assert toml_syntax_problems(r) == []
        assert ahead_behind(r) == (0, 0)
        assert git(r, "status", "--porcelain").strip() == ""
        # every officer's commit is in every clone exactly as it was made (nothing rewritten)
        for sha, who in ((sa, "a"), (sa2, "a"), (sa3, "a"), (sb, "b"), (sb2, "b"), (sc, "c"),
                         (sc2, "c"), (sc3, "c"), (sc4, "c")):
            assert git(r, "log", "-1", "--format=%an", sha).strip() == OFFICERS[who][0]
        for p in (r / "records").rglob("*.toml"):
            assert "<<<<<<<" not in p.read_text(encoding="utf-8")
    # itatui check reads the same report in every clone (the sample's own problems, one
    # fewer: issue 7's measure, now issue 6's, has its name)
    checks = [run("check", "--repo", str(r), "--format", "json") for r in (a, b, c)]
    assert len({out.stdout for out in checks}) == 1
    codes = [(p["record"], p["code"]) for p in json.loads(checks[0].stdout)]
    assert ("records/measures/06-01.toml", "required-missing") not in codes
    assert ("records/measures/07-01.toml", "required-missing") in codes


# -- conflicts from the command line -------------------------------------------------------------
def _conflicting_pair(url: str, tmp_path: Path) -> tuple[Path, Path, str]:
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    edit(a, MEASURE, {"outcome": "ผลลัพธ์ตามสำนักปลัด"})
    sync(a)
    mine = edit(b, MEASURE, {"outcome": "ผลลัพธ์ตามกองคลัง", "period": "ทั้งปี"})
    return a, b, mine


def test_conflict_is_reported_in_thai_and_changes_nothing(url, tmp_path):
    a, b, mine = _conflicting_pair(url, tmp_path)
    before = snapshot(b)
    remote_before = git(Path(url[len("file://"):]), "rev-parse", "main")
    out = run("sync", "--repo", str(b))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    err = out.stderr
    assert "ประเด็นที่ ๒ มาตรการที่ ๑" in err and MEASURE in err
    assert "ผลลัพธ์หรือความสำเร็จของการดำเนินการ" in err and "(outcome)" in err
    assert "ผลลัพธ์ตามกองคลัง" in err and "ผลลัพธ์ตามสำนักปลัด" in err
    assert OFFICERS["a"][0] in err and OFFICERS["b"][0] in err
    assert "itatui sync --theirs" in err and "--take" in err
    assert "(period)" not in err                       # only the field changed on both sides
    assert snapshot(b) == before                      # the repository is as it was
    assert git(b, "rev-parse", "HEAD").strip() == mine
    assert git(Path(url[len("file://"):]), "rev-parse", "main") == remote_before


def test_resolve_with_mine_keeps_both_histories(url, tmp_path):
    a, b, mine = _conflicting_pair(url, tmp_path)
    out = run("sync", "--repo", str(b), "--mine")
    assert out.returncode == 0, out.stderr
    assert value(b, MEASURE, "outcome") == "ผลลัพธ์ตามกองคลัง"
    assert value(b, MEASURE, "period") == "ทั้งปี"
    parents = git(b, "log", "-1", "--format=%P").split()
    assert len(parents) == 2 and mine in parents
    sync(a)
    assert value(a, MEASURE, "outcome") == "ผลลัพธ์ตามกองคลัง"
    assert value(a, MEASURE, "period") == "ทั้งปี"
    # the auditor can find how the conflict was settled with plain git
    found = git(a, "log", "--format=%an|%(trailers:key=Resolution,valueonly)", "--merges")
    assert f"{OFFICERS['b'][0]}|{MEASURE}#outcome=mine" in found
    assert git(a, "log", "-1", "--merges", "--format=%(trailers:key=Record,valueonly)",
               "--grep", f"^Field: {MEASURE}#outcome$").strip() == MEASURE


def test_resolve_with_an_edited_value(url, tmp_path):
    a, b, _ = _conflicting_pair(url, tmp_path)
    out = run("sync", "--repo", str(b), "--value", MEASURE, "outcome", "ผลลัพธ์ที่ตกลงกันแล้ว")
    assert out.returncode == 0, out.stderr
    assert value(b, MEASURE, "outcome") == "ผลลัพธ์ที่ตกลงกันแล้ว"
    sync(a)
    assert value(a, MEASURE, "outcome") == "ผลลัพธ์ที่ตกลงกันแล้ว"
    assert toml_syntax_problems(a) == []


def test_partial_resolution_still_stops(url, tmp_path):
    a, b, _ = _conflicting_pair(url, tmp_path)
    edit(a, MEASURE, {"activities": ["กิจกรรมใหม่"]})
    sync(a)
    edit(b, MEASURE, {"activities": ["กิจกรรมของกองคลัง"]})
    before = snapshot(b)
    with pytest.raises(SyncConflict) as info:
        sync(b, resolutions={f"{MEASURE}#outcome": __import__(
            "itatui.core.sync", fromlist=["Resolution"]).Resolution("theirs")})
    assert [c.key for c in info.value.conflicts] == ["activities"]
    assert snapshot(b) == before


def test_deleted_on_one_side_edited_on_the_other_is_reported(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    git(a, "rm", "-q", MEASURE)
    git(a, "commit", "-q", "-m", "ลบ ประเด็นที่ ๒ มาตรการที่ ๑")
    sync(a)
    edit(b, MEASURE, {"outcome": "แก้ในขณะที่อีกฝั่งลบ"})
    before = snapshot(b)
    out = run("sync", "--repo", str(b))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "ประเด็นที่ ๒ มาตรการที่ ๑ (records/measures/02-01.toml) ถูกลบในฝั่งหนึ่ง" \
        in out.stderr
    assert snapshot(b) == before


# -- renumbering -------------------------------------------------------------------------------
def _renumber(root: Path) -> None:
    git(root, "mv", MEASURE, RENUMBERED)
    git(root, "commit", "-q", "-m", "เปลี่ยนเลข ประเด็นที่ ๒ มาตรการที่ ๑ เป็นมาตรการที่ ๒")


def test_renumbering_without_a_content_change_on_that_side(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    _renumber(a)
    sync(a)
    edit(b, MEASURE, {"outcome": "แก้ก่อนรู้ว่าเปลี่ยนเลข"})
    sync(b)
    assert not (b / MEASURE).exists()
    assert value(b, RENUMBERED, "outcome") == "แก้ก่อนรู้ว่าเปลี่ยนเลข"


# -- renumbering with itatui's own structural commits ------------------------------------------
# (Renamed trailers; the new name usually existed before, so git alone pairs the wrong records)
def first_line(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8").splitlines()[0]


def record_log(root: Path, rel: str) -> list[dict]:
    out = run("log", rel, "--repo", str(root), "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def log_authors(root: Path, rel: str) -> set[str]:
    return {v["author"] for v in record_log(root, rel)}


@pytest.mark.parametrize("renumber_first", [True, False])
@pytest.mark.parametrize("how", ["itatui", "git-mv"])
def test_renumbering_while_the_other_edits_keeps_the_edit(url, tmp_path, how, renumber_first):
    """itatui: a new first measure of issue 2 (02-01 becomes 02-02, a new empty 02-01: git alone
    would pair b's edit with the new record); git-mv: a rename by hand to a free number."""
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    name = value(a, MEASURE, "name")
    if how == "itatui":
        structure.add_measure(Workspace(a), 2, position=1)
    else:
        _renumber(a)
    # a also edits the renumbered record, so its content is merged with b's (the driver)
    edit(a, RENUMBERED, {"period": "ตุลาคม ๒๕๖๗ - มีนาคม ๒๕๖๘"})
    edit(b, MEASURE, {"outcome": "ผลลัพธ์ที่แก้ใต้เลขเดิม"})      # b still calls it 02-01
    first, second = (a, b) if renumber_first else (b, a)
    sync(first)
    res = sync(second)
    assert res.merge_commit
    last = sync(first)
    # the sync that brought a's renumbering into b's work tree says where the record went
    brought = res if second == b else last
    assert brought.renamed == ({MEASURE: RENUMBERED} if how == "itatui" else {})
    assert (last if second == b else res).renamed == {}
    for r in (a, b):
        assert git(r, "rev-parse", "HEAD").strip() == res.merge_commit
        assert value(r, RENUMBERED, "name") == name
        assert value(r, RENUMBERED, "outcome") == "ผลลัพธ์ที่แก้ใต้เลขเดิม"
        assert value(r, RENUMBERED, "period") == "ตุลาคม ๒๕๖๗ - มีนาคม ๒๕๖๘"
        if how == "itatui":
            assert first_line(r, RENUMBERED) == "# มาตรการที่ ๒ ของประเด็นที่ ๒"
            assert value(r, MEASURE, "name") == "" and value(r, MEASURE, "outcome") == ""
            assert OFFICERS["b"][0] not in log_authors(r, MEASURE)
        else:
            assert not (r / MEASURE).exists()
        assert toml_syntax_problems(r) == []
        assert git(r, "status", "--porcelain").strip() == ""
        # the auditor sees both officers' edits in the record's history under its new number,
        # and the merge that combined them (`git log --follow` alone misses edits across it)
        log = record_log(r, RENUMBERED)
        assert {OFFICERS["a"][0], OFFICERS["b"][0]} <= {v["author"] for v in log}
        assert res.merge_commit in [v["commit"] for v in log]
        # blame across the merge: each field to the officer who wrote it, not the integrator
        out = run("blame", RENUMBERED, "--repo", str(r), "--format", "json")
        assert out.returncode == 0, out.stderr
        by = {line["field"]: line["author"] for line in json.loads(out.stdout)}
        assert by["outcome"] == OFFICERS["b"][0] and by["period"] == OFFICERS["a"][0]
        assert by["name"] not in (OFFICERS["a"][0], OFFICERS["b"][0])
    if how == "itatui":
        body = git(a, "log", "-1", "--format=%B", res.merge_commit)
        assert "records/measures/02-01.toml → records/measures/02-02.toml" in body


def test_swapped_issues_carry_both_edits_to_their_new_numbers(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    title2 = value(a, "records/issues/02.toml", "title")
    name3 = value(a, "records/measures/03-01.toml", "name")
    structure.move_issue(Workspace(a), 2, 3)             # 02 <-> 03, and their measures
    sync(a)
    edit(b, "records/issues/02.toml", {"title": title2 + " (ปรับถ้อยคำ)"})
    edit(b, "records/measures/03-01.toml", {"outcome": "แก้ผลลัพธ์ของมาตรการประเด็นเดิมที่ ๓"})
    sync(b)
    sync(a)
    for r in (a, b):
        assert value(r, "records/issues/03.toml", "title") == title2 + " (ปรับถ้อยคำ)"
        assert value(r, "records/measures/02-01.toml", "name") == name3
        assert value(r, "records/measures/02-01.toml", "outcome") == \
            "แก้ผลลัพธ์ของมาตรการประเด็นเดิมที่ ๓"
        assert "ปรับถ้อยคำ" not in value(r, "records/issues/02.toml", "title")
        assert first_line(r, "records/measures/02-01.toml") == "# มาตรการที่ ๑ ของประเด็นที่ ๒"
        assert toml_syntax_problems(r) == []


def test_two_renumberings_in_a_row_are_composed(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    name = value(a, MEASURE, "name")
    structure.add_measure(Workspace(a), 2, position=1)    # 02-01 -> 02-02
    structure.remove_issue(Workspace(a), 1)               # 02-02 -> 01-02, 01-01 removed
    edit(b, MEASURE, {"outcome": "แก้ก่อนรู้ว่าเปลี่ยนเลขสองครั้ง"})
    edit(b, "records/issues/05.toml", {"title": "ประเด็นที่ห้าปรับใหม่"})
    sync(a)
    out = run("sync", "--repo", str(b))
    assert out.returncode == 0, out.stderr
    assert "เปลี่ยนเลขตามคลังกลาง:" in out.stdout
    assert ("ประเด็นที่ ๒ มาตรการที่ ๑ → ประเด็นที่ ๑ มาตรการที่ ๒ "
            "(records/measures/02-01.toml → records/measures/01-02.toml)") in out.stdout
    assert "ประเด็นที่ ๑ มาตรการที่ ๑ → ถูกลบ" in out.stdout
    sync(a)
    for r in (a, b):
        assert value(r, "records/measures/01-02.toml", "name") == name
        assert value(r, "records/measures/01-02.toml", "outcome") == \
            "แก้ก่อนรู้ว่าเปลี่ยนเลขสองครั้ง"
        assert value(r, "records/issues/04.toml", "title") == "ประเด็นที่ห้าปรับใหม่"
        assert not (r / "records/issues/07.toml").exists()
        assert toml_syntax_problems(r) == []


def test_edit_of_a_record_the_other_side_removed_is_a_clear_conflict(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    structure.remove_issue(Workspace(a), 1)          # 01-01 goes; 02-01 takes its number
    sync(a)
    edit(b, "records/measures/01-01.toml", {"outcome": "แก้มาตรการที่อีกฝั่งลบไปแล้ว"})
    before = snapshot(b)
    out = run("sync", "--repo", str(b))
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert "ประเด็นที่ ๑ มาตรการที่ ๑ (records/measures/01-01.toml) ถูกแก้ไขในฝั่งหนึ่ง " \
        "แต่อีกฝั่งลบระเบียนนี้" in out.stderr
    assert "itatui restore" in out.stderr
    assert snapshot(b) == before
    with pytest.raises(SyncConflict) as info:
        sync(b)
    assert info.value.structural == ["CONFLICT (renumber/delete): records/measures/01-01.toml"]


def test_both_sides_renumbering_differently_is_a_clear_conflict(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    structure.move_issue(Workspace(a), 2, 3)
    sync(a)
    structure.add_measure(Workspace(b), 2, position=1)
    before = snapshot(b)
    with pytest.raises(SyncConflict) as info:
        sync(b)
    assert "ไปคนละแบบ" in str(info.value) and "เลขเดิม" in str(info.value)
    assert snapshot(b) == before


# -- unreachable remotes -------------------------------------------------------------------------
def test_unreachable_remote_gives_a_thai_message_and_keeps_local_commits(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    sha = edit(a, MEASURE, {"outcome": "ทำระหว่างเน็ตล่ม"})
    port = free_port()                                # nothing listens there any more
    git(a, "remote", "set-url", "origin", f"git://127.0.0.1:{port}/banruean.git")
    before = snapshot(a)
    out = run("sync", "--repo", str(a))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "ติดต่อคลังกลางไม่ได้" in out.stderr and "รอส่ง 1 commit" in out.stderr
    assert "งานในเครื่องยังอยู่ครบ" in out.stderr
    assert snapshot(a) == before and git(a, "rev-parse", "HEAD").strip() == sha
    assert ahead_behind(a) == (1, 0)
    # back online: the same commit goes out
    git(a, "remote", "set-url", "origin", url)
    res = sync(a)
    assert res.sent == 1
    assert git(Path(url[len("file://"):]), "rev-parse", "main").strip() == sha


def test_fetch_counts_what_waits_and_changes_nothing_local(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    edit(a, MEASURE, {"period": "ส่งมาก่อน"})
    sync(a)
    edit(b, MEASURE, {"outcome": "ยังไม่ส่ง"})
    before = snapshot(b)
    assert ahead_behind(b) == (1, 0)                  # as of the last fetch (the clone)
    assert fetch(b) == (1, 1)
    assert snapshot(b) == before                      # only origin/main moved
    git(b, "remote", "set-url", "origin", "git://127.0.0.1:9/nothing.git")
    with pytest.raises(RemoteError) as info:
        fetch(b, timeout=20)
    assert "ติดต่อคลังกลางไม่ได้" in str(info.value) and "รอส่ง 1 commit" in str(info.value)
    assert snapshot(b) == before


def test_a_separately_started_report_is_refused_clearly(url, tmp_path):
    """An officer who ran itatui init on their own and then points at the agency's remote:
    no shared history, so no merge; a Thai message and nothing changes."""
    import shutil

    from helpers import RECORDS

    alone = tmp_path / "alone"
    shutil.copytree(RECORDS, alone / "records")
    git(alone, "init", "-q", "-b", "main")
    git(alone, "add", "records")
    git(alone, "commit", "-q", "-m", "เริ่มรายงานเองในเครื่อง")
    edit(alone, MEASURE, {"outcome": "เริ่มเอง"})
    before = snapshot(alone)
    out = run("sync", "--repo", str(alone), "--set-remote", url)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "ไม่มีประวัติร่วมกัน" in out.stderr and "itatui clone URL DIR" in out.stderr
    assert snapshot(alone) == before


def test_missing_file_remote_and_clone_failure(tmp_path):
    with pytest.raises(RemoteError) as info:
        clone((tmp_path / "nowhere.git").as_uri(), tmp_path / "x")
    assert "ยังไม่ได้โคลน" in str(info.value)
    assert not (tmp_path / "x").exists()


def test_push_rejected_when_remote_moves_during_push_is_retried(url, tmp_path):
    """b's pre-push hook lets a push first: b's push is rejected, b fetches, merges, pushes."""
    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    edit(a, "records/agency.toml", {"district": "เมืองลำพูน"})
    hook = b / ".git" / "hooks" / "pre-push"
    hook.write_text("#!/bin/sh\n"
                    f"if [ ! -e '{tmp_path}/raced' ]; then touch '{tmp_path}/raced'; "
                    f"git -C '{a}' push -q origin main; fi\n", encoding="utf-8")
    hook.chmod(0o755)
    edit(b, MEASURE, {"outcome": "ส่งพร้อมกัน"})
    res = sync(b)
    assert res.merge_commit and (tmp_path / "raced").exists()
    assert value(b, "records/agency.toml", "district") == "เมืองลำพูน"
    sync(a)
    assert value(a, MEASURE, "outcome") == "ส่งพร้อมกัน"


# -- the commands around it ----------------------------------------------------------------------
def test_clone_command_installs_the_driver(url, tmp_path):
    out = run("clone", url, str(tmp_path / "joined"))
    assert out.returncode == 0, out.stderr
    assert "เข้าร่วมคลังรายงาน" in out.stdout
    root = tmp_path / "joined"
    assert "merge-driver %O %A %B %P" in git(root, "config", "merge.itatui.driver")
    assert git(root, "check-attr", "merge", "--", MEASURE).strip().endswith(": itatui")
    again = run("clone", url, str(root))
    assert again.returncode == 2 and "ไม่โคลนทับ" in again.stderr


def test_status_and_set_remote(sample_repo, url, tmp_path):
    out = run("sync", "--repo", str(sample_repo))
    assert out.returncode == 2 and "ยังไม่ได้ตั้งค่าคลังกลาง" in out.stderr
    edit(sample_repo, MEASURE, {"outcome": "จากเครื่องที่ยังไม่มีคลังกลาง"})
    empty = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", str(empty))
    out = run("sync", "--repo", str(sample_repo), "--set-remote", empty.as_uri())
    assert out.returncode == 0, out.stderr
    assert "ส่งขึ้น 2 commit" in out.stdout
    out = run("sync", "--repo", str(sample_repo), "--status")
    assert out.returncode == 0 and "ยังไม่ได้ส่ง 0 commit · ยังไม่ได้รับ 0 commit" in out.stdout
    assert git(sample_repo, "config", "branch.main.merge").strip() == "refs/heads/main"
    # someone else pushes: --status knows only after a fetch, and --fetch moves nothing local
    other = officer_clone(empty.as_uri(), tmp_path / "other", "c")
    edit(other, MEASURE, {"period": "จากอีกเครื่อง"})
    sync(other)
    out = run("sync", "--repo", str(sample_repo), "--status")
    assert "ยังไม่ได้รับ 0 commit (ตามการรับข้อมูลครั้งล่าสุด" in out.stdout
    head = git(sample_repo, "rev-parse", "HEAD")
    out = run("sync", "--repo", str(sample_repo), "--status", "--fetch")
    assert out.returncode == 0 and "ยังไม่ได้รับ 1 commit (ณ ตอนนี้)" in out.stdout, out.stderr
    assert git(sample_repo, "rev-parse", "HEAD") == head
    out = run("sync", "--repo", str(sample_repo), "--fetch")
    assert out.returncode == 2 and "--fetch ใช้คู่กับ --status" in out.stderr


def test_sync_refuses_a_dirty_work_tree(url, tmp_path):
    a = officer_clone(url, tmp_path / "a", "a")
    (a / MEASURE).write_text((a / MEASURE).read_text(encoding="utf-8") + "# มือ\n",
                             encoding="utf-8")
    out = run("sync", "--repo", str(a))
    assert out.returncode == 2 and "ยังไม่ได้บันทึกเป็น commit" in out.stderr
    assert MEASURE in out.stderr
    assert (a / MEASURE).read_text(encoding="utf-8").endswith("# มือ\n")


def test_both_adding_a_measure_to_one_issue_keeps_both(url, tmp_path):
    """Two divisions each add a measure at the end of issue 2 (both call it 02-02): the one
    already shared keeps the number, the other takes 02-03, with its history."""
    from itatui.core import structure

    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    structure.add_measure(Workspace(a), 2, values={"name": "มาตรการของสำนักปลัด"})
    sync(a)
    structure.add_measure(Workspace(b), 2, values={"name": "มาตรการของกองคลัง"})
    edit(b, RENUMBERED, {"period": "ไตรมาสแรก"})
    res = sync(b)
    assert res.merge_commit and res.renamed == {RENUMBERED: "records/measures/02-03.toml"}
    ff = sync(a)                                  # a fast-forwards: its own 02-02 stays
    assert ff.fast_forward and ff.renamed == {}
    third = "records/measures/02-03.toml"
    for r in (a, b):
        assert value(r, RENUMBERED, "name") == "มาตรการของสำนักปลัด"
        assert value(r, third, "name") == "มาตรการของกองคลัง"
        assert value(r, third, "period") == "ไตรมาสแรก"
        assert first_line(r, third) == "# มาตรการที่ ๓ ของประเด็นที่ ๒"
        assert toml_syntax_problems(r) == []
        # the record's history under its new number: b's add and edit, then the merge
        log = record_log(r, third)
        assert [v["author"] for v in log[-2:]] == [OFFICERS["b"][0]] * 2
        assert log[0]["commit"] == res.merge_commit
        assert OFFICERS["a"][0] not in {v["author"] for v in log}
        assert OFFICERS["b"][0] not in log_authors(r, RENUMBERED)   # a's measure: a's only
        out = run("blame", third, "--repo", str(r), "--format", "json")
        by = {line["field"]: line["author"] for line in json.loads(out.stdout)}
        assert by["name"] == by["period"] == OFFICERS["b"][0]
    body = git(b, "log", "-1", "--format=%B", res.merge_commit)
    assert "Merge-Renamed: records/measures/02-02.toml -> records/measures/02-03.toml" in body
    assert "ได้เลขถัดไป" in body


def test_both_adding_an_issue_under_one_number_is_a_clear_conflict(url, tmp_path):
    from itatui.core import structure

    a = officer_clone(url, tmp_path / "a", "a")
    b = officer_clone(url, tmp_path / "b", "b")
    structure.add_issue(Workspace(a), "ประเด็นของสำนักปลัด")
    sync(a)
    structure.add_issue(Workspace(b), "ประเด็นของกองคลัง")
    before = snapshot(b)
    with pytest.raises(SyncConflict) as info:
        sync(b, prefer="mine")                   # not settled by taking one side's fields
    assert info.value.structural == ["CONFLICT (add/add): records/issues/08.toml"]
    assert snapshot(b) == before
