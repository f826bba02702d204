"""``itatui log`` with filters and ``itatui blame`` on a repository edited by several officers."""

from __future__ import annotations

import json
import os

import pytest
from helpers import EMWARA, PREENAPA, SOMCHAI, git, itatui, ok

from itatui.core.audit.blame import blame
from itatui.core.audit.dates import parse_date
from itatui.core.history import History

M = "records/measures/02-01.toml"
M2 = "records/measures/02-02.toml"


@pytest.fixture
def edited(sample_repo):
    """Three officers edit on three dates (BE 2569 = 2026); then the measure is renumbered."""
    r = str(sample_repo)
    ok(itatui("set", "--repo", r, M, "period", "ตุลาคม ๒๕๖๗ ถึง มีนาคม ๒๕๖๘", officer=EMWARA,
              date="2026-01-10T10:00:00+07:00"))
    ok(itatui("set", "--repo", r, M, "outcome", "ผลลัพธ์ที่ปรับปรุงแล้ว", officer=PREENAPA,
              date="2026-01-31T16:00:00+07:00"))
    ok(itatui("set", "--repo", r, "records/memo.toml", "reference", "ลพ ๕๓๓๐๑/๙๙",
              officer=SOMCHAI, date="2026-02-15T09:00:00+07:00"))
    git(sample_repo, "mv", M, M2)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-03-01T09:00:00+07:00",
           "GIT_COMMITTER_DATE": "2026-03-01T09:00:00+07:00"}
    git(sample_repo, "-c", f"user.name={SOMCHAI[0]}", "-c", f"user.email={SOMCHAI[1]}",
        "commit", "-qm", "เปลี่ยนเลขมาตรการ", env=env)
    git(sample_repo, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q",
        "--allow-empty", "-m", "ไม่มีอะไร", env=env)
    ok(itatui("set", "--repo", r, M2, "units", '["สำนักปลัด", "กองคลัง", "กองช่าง"]',
              officer=EMWARA, date="2026-03-05T09:00:00+07:00"))
    return sample_repo


def log(repo, *args):
    return json.loads(ok(itatui("log", "--repo", str(repo), "--format", "json", *args)))


def test_dates_in_buddhist_era_thai_and_iso():
    assert parse_date("2569-01-31").date().isoformat() == "2026-01-31"
    assert parse_date("31 ม.ค. 2569").date().isoformat() == "2026-01-31"
    assert parse_date("๓๑ มกราคม พ.ศ. ๒๕๖๙").date().isoformat() == "2026-01-31"
    assert parse_date("2026-01-31").date().isoformat() == "2026-01-31"
    end = parse_date("2569-01-31", end_of_day=True)
    assert (end.hour, end.minute, end.second) == (23, 59, 59)


def test_log_filters_by_author_dates_field_and_record(edited):
    everyone = log(edited)
    assert len(everyone) == 7
    assert {e["author"] for e in log(edited, "--author", "preenapa")} == {PREENAPA[0]}
    assert [e["fields"] for e in log(edited, "--author", "ปรีณภา")] == [["outcome"]]
    jan = log(edited, "--since", "2569-01-01", "--until", "31 ม.ค. 2569")
    assert [e["fields"] for e in jan] == [["outcome"], ["period"]]
    iso = log(edited, "--since", "2026-02-01", "--until", "2026-02-28")
    assert [e["author"] for e in iso] == [SOMCHAI[0]]
    # the record's history goes through the rename
    hist = log(edited, M2)
    assert [e["summary"] for e in hist][-1] == "นำเข้ารายงานตัวอย่าง"
    assert len(hist) == 5
    assert [e["fields"] for e in log(edited, M2, "--field", "outcome")] == [["outcome"]]
    # the import created every field, so it changed "units" too
    assert [e["author"] for e in log(edited, "--field", "units")] == [EMWARA[0], "ตัวอย่าง"]
    assert len(log(edited, "--records-only")) == 6


def test_log_field_filter_reads_hand_commits(edited):
    text = (edited / M2).read_text(encoding="utf-8").replace("กองช่าง", "กองสาธารณสุข")
    (edited / M2).write_text(text, encoding="utf-8")
    git(edited, "commit", "-qam", "แก้ด้วยมือ")
    got = log(edited, M2, "--field", "units")
    assert [e["summary"] for e in got][0] == "แก้ด้วยมือ"


def test_log_text_shows_buddhist_era_dates(edited):
    out = ok(itatui("log", "--repo", str(edited), "--author", "preenapa"))
    assert "๓๑ ม.ค. ๒๕๖๙" in out and PREENAPA[0] in out


def test_log_rejects_an_unreadable_date(edited):
    out = itatui("log", "--repo", str(edited), "--since", "เมื่อวาน")
    assert out.returncode == 2 and "วันที่" in out.stderr


def test_blame_names_the_last_officer_of_each_field_through_the_rename(edited):
    lines = {ln.key: ln for ln in blame(History.open(edited), M2)}
    assert lines["period"].version.author == EMWARA[0]
    assert lines["period"].version.path == M          # changed before the rename
    assert lines["outcome"].version.author == PREENAPA[0]
    assert lines["name"].version.summary == "นำเข้ารายงานตัวอย่าง"
    units = lines["units"]
    assert units.version.author == EMWARA[0]
    # only the new item is the new commit's; the kept items keep their first commit
    assert [i.version.summary for i in units.items][:2] == ["นำเข้ารายงานตัวอย่าง"] * 2
    assert units.items[2].value == "กองช่าง"


def test_blame_cli_text_and_json(edited):
    out = ok(itatui("blame", "--repo", str(edited), M2))
    assert "ผลลัพธ์หรือความสำเร็จของการดำเนินการ (outcome)" in out
    assert PREENAPA[0] in out and "ชื่อไฟล์ขณะนั้น records/measures/02-01.toml" in out
    data = json.loads(ok(itatui("blame", "--repo", str(edited), M2, "--format", "json")))
    by = {d["field"]: d for d in data}
    assert by["outcome"]["email"] == PREENAPA[1]
    assert by["units"]["items"][0]["field"] == "units.0"
    missing = itatui("blame", "--repo", str(edited), "records/measures/09-09.toml")
    assert missing.returncode == 2
