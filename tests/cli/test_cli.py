"""The command line as scripts, CI and auditors use it: real processes on real repositories."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import OFFICER, commit_count, git

ITATUI = [sys.executable, "-m", "itatui"]


def run(*args: str, cwd: Path | None = None, input: str | None = None):
    return subprocess.run([*ITATUI, *args], cwd=cwd, capture_output=True, text=True,
                          input=input, timeout=120)


def test_help_is_english_and_thai():
    out = run("--help")
    assert out.returncode == 0
    assert "render the report" in out.stdout and "สร้างรายงาน" in out.stdout
    assert "exit codes" in out.stdout


def test_init_creates_a_committed_repository(tmp_path):
    target = tmp_path / "nongbua"
    out = run("init", str(target), "--agency", "องค์การบริหารส่วนตำบลหนองบัว", "--fiscal-year", "๒๕๖๙")
    assert out.returncode == 0, out.stderr
    agency = tomllib.loads((target / "records/agency.toml").read_text(encoding="utf-8"))
    assert agency["type"] == "องค์การบริหารส่วนตำบล"
    report = tomllib.loads((target / "records/report.toml").read_text(encoding="utf-8"))
    assert report["fiscal_year"] == 2569 and report["ita_year"] == 2570
    assert git(target, "log", "--format=%an").strip() == OFFICER[0]
    assert git(target, "status", "--porcelain").strip() == ""
    again = run("init", str(target), "--agency", "x", "--fiscal-year", "2569")
    assert again.returncode == 2 and "มีโฟลเดอร์ records อยู่แล้ว" in again.stderr


def test_init_without_identity_is_refused(tmp_path, no_identity):
    out = run("init", str(tmp_path / "x"), "--agency", "เทศบาลตำบลทดสอบ", "--fiscal-year", "2568")
    assert out.returncode == 2
    assert "ยังไม่ได้ตั้งชื่อผู้บันทึก" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "x" / "records").exists()


def test_set_edits_one_field_and_commits(sample_repo):
    out = run("set", "--repo", str(sample_repo), "records/measures/03-01.toml", "outcome",
              "ผลลัพธ์ที่แก้ไขแล้ว")
    assert out.returncode == 0, out.stderr
    assert commit_count(sample_repo) == 2
    assert git(sample_repo, "log", "-1", "--format=%s").strip() == \
        "แก้ไข ประเด็นที่ ๓ มาตรการที่ ๑: ผลลัพธ์หรือความสำเร็จของการดำเนินการ"
    data = tomllib.loads((sample_repo / "records/measures/03-01.toml").read_text(encoding="utf-8"))
    assert data["outcome"] == "ผลลัพธ์ที่แก้ไขแล้ว"


def test_set_nested_list_and_score_keys(sample_repo):
    repo = str(sample_repo)
    assert run("set", "--repo", repo, "records/signers.toml", "approvals.0.comment",
               "เห็นชอบ").returncode == 0
    assert run("set", "--repo", repo, "records/measures/01-01.toml", "units",
               '["สำนักปลัด", "กองคลัง"]').returncode == 0
    assert run("set", "--repo", repo, "records/scores.toml", "2568.6", "๘๘.๕๐").returncode == 0
    assert run("set", "--repo", repo, "records/report.toml", "fiscal_year", "2568").returncode == 0
    signers = tomllib.loads((sample_repo / "records/signers.toml").read_text(encoding="utf-8"))
    assert signers["approvals"][0]["comment"] == "เห็นชอบ"
    scores = tomllib.loads((sample_repo / "records/scores.toml").read_text(encoding="utf-8"))
    assert scores["2568"]["6"] == 88.5
    assert commit_count(sample_repo) == 4    # the unchanged fiscal year made no commit


@pytest.mark.parametrize("args, message", [
    (("records/measures/03-01.toml", "nosuchfield", "x"), "ไม่มีช่องนี้"),
    (("records/report.toml", "fiscal_year", "สองพัน"), "ต้องเป็นจำนวนเต็ม"),
    (("records/measures/99-01.toml", "outcome", "x"), "ไม่พบไฟล์"),
    (("records/notes.toml", "x", "y"), "ไม่ใช่ระเบียน"),
])
def test_set_errors_are_thai_and_name_file_and_field(sample_repo, args, message):
    out = run("set", "--repo", str(sample_repo), *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
    assert commit_count(sample_repo) == 1


def test_check_json_and_exit_codes(sample_repo):
    out = run("check", "--repo", str(sample_repo), "--format", "json")
    problems = json.loads(out.stdout)
    assert out.returncode == 1      # the sample has measures without a name
    assert {"code", "severity", "record", "field", "message"} <= set(problems[0])
    assert {p["record"] for p in problems if p["code"] == "required-missing"} == {
        "records/measures/06-01.toml", "records/measures/07-01.toml"}
    for path in ("records/measures/06-01.toml", "records/measures/07-01.toml"):
        run("set", "--repo", str(sample_repo), path, "name", "มาตรการป้องกันการทุจริต")
    named = run("check", "--repo", str(sample_repo), "--format", "json")
    assert not [p for p in json.loads(named.stdout) if p["code"] == "required-missing"]
    assert named.returncode == 1    # the sample's content mistakes remain (test_check_rules.py)
    (sample_repo / "records/issues/02.toml").write_text('title = "ไม่ปิด\n', encoding="utf-8")
    broken = run("check", "--repo", str(sample_repo), "--format", "json")
    assert broken.returncode == 1
    syntax = [p for p in json.loads(broken.stdout) if p["code"] == "toml-syntax"]
    assert syntax and syntax[0]["record"] == "records/issues/02.toml" and syntax[0]["line"] == 1
    nowhere = run("check", "--repo", str(sample_repo / "records" / "issues"))
    assert nowhere.returncode == 2


def test_log_text_and_json(sample_repo):
    run("set", "--repo", str(sample_repo), "records/memo.toml", "to", "นายกเทศมนตรีตำบลบ้านเรือน")
    out = run("log", "--repo", str(sample_repo), "records/memo.toml", "--format", "json")
    entries = json.loads(out.stdout)
    assert out.returncode == 0 and len(entries) == 2
    assert entries[0]["author"] == OFFICER[0] and entries[0]["fields"] == ["to"]
    assert entries[0]["summary"] == "แก้ไข บันทึกข้อความ: เรียน"
    text = run("log", "--repo", str(sample_repo))
    assert "แก้ไข บันทึกข้อความ: เรียน" in text.stdout and "[to]" in text.stdout


def test_not_a_repository_is_a_clear_error(tmp_path):
    out = run("log", "--repo", str(tmp_path))
    assert out.returncode == 2 and "ไม่ใช่คลัง git" in out.stderr
