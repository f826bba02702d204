"""Content rules of ``itatui check``: each finds its mistake in the sample or in a crafted record,
and stays silent once the mistake is corrected."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import RECORDS

from itatui.core.check import check_records
from itatui.core.records import RecordStore

# The sample's mistakes, corrected: the corrected report must check clean.
FIXES = {
    "records/measures/03-01.toml": [("คะแนนลดลงจากปี", "คะแนนเพิ่มขึ้นจากปี"),
                                    ("นายกองดีการบริการส่วนตำบลบ้านเรือน", "นายกเทศมนตรีตำบลบ้านเรือน")],
    "records/measures/05-01.toml": [("ในปี พ.ศ. ๒๕๖๗", "ในปี พ.ศ. ๒๕๖๘"), ("๒.๖๗", "๒.๕๕")],
    "records/scores.toml": [("2 = 2.67", "2 = 2.55")],
    "records/measures/02-01.toml": [("การปรับปรุงการดำเนินงาน", "การปรับปรุงการทำงาน")],
    "records/measures/04-01.toml": [("ของทางราชการ", "ของราชการ"), ("บ้านเรื่อน", "บ้านเรือน")],
    "records/memo.toml": [("บ้านเรื่อน", "บ้านเรือน")],
    "records/measures/06-01.toml": [('name = ""', 'name = "มาตรการควบคุมการใช้อำนาจ"')],
    "records/measures/07-01.toml": [('name = ""', 'name = "มาตรการป้องกันการทุจริต"')],
    "records/measures/01-01.toml": [('ประจำเดือน",\n]', 'ประจำเดือน",\n    "ผู้อำนวยการกองช่างกำชับเจ้าหน้าที่ทุกเดือน",\n]')],
}


def make(tmp_path: Path, edits: dict[str, list[tuple[str, str]]] | None = None,
         fixed: bool = True) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(RECORDS, root / "records")
    plan: dict[str, list] = {}
    if fixed:
        for k, v in FIXES.items():
            plan.setdefault(k, []).extend(v)
    for k, v in (edits or {}).items():
        plan.setdefault(k, []).extend(v)
    for rel, subs in plan.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in subs:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root


def problems(root: Path, digits: str = "thai"):
    store = RecordStore(root)
    return check_records(store.load_all(), store.unknown_files(), digits=digits)


def codes(root: Path, digits: str = "thai") -> set[tuple[str, str, str]]:
    return {(p.code, p.record, p.field) for p in problems(root, digits)}


def test_the_corrected_sample_checks_clean(tmp_path):
    assert problems(make(tmp_path)) == []


def test_the_sample_mistakes_are_found(tmp_path):
    found = codes(make(tmp_path, fixed=False))
    expected = {
        ("outcome-direction", "records/measures/03-01.toml", "outcome"),
        ("outcome-year", "records/measures/05-01.toml", "outcome"),
        ("indicator-name", "records/measures/02-01.toml", "outcome"),
        ("indicator-name", "records/measures/04-01.toml", "outcome"),
        ("agency-name-spelling", "records/memo.toml", "department"),
        ("agency-name-spelling", "records/memo.toml", "to"),
        ("agency-name-spelling", "records/memo.toml", "considerations.0"),
        ("agency-name-spelling", "records/measures/04-01.toml", "outcome"),
        ("wrong-agency-term", "records/measures/03-01.toml", "results.2"),
        ("copied-score", "records/measures/05-01.toml", "outcome"),
        ("required-missing", "records/measures/06-01.toml", "name"),
        ("required-missing", "records/measures/07-01.toml", "name"),
        ("results-fewer-than-activities", "records/measures/01-01.toml", "results"),
    }
    assert expected <= found, expected - found
    assert found - expected == set()
    sev = {p.code: p.severity for p in problems(make(tmp_path / "b", fixed=False))}
    assert sev["outcome-direction"] == "error" and sev["wrong-agency-term"] == "warning"


@pytest.mark.parametrize("edits, code, record, field", [
    ({"records/measures/01-01.toml": [("ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘", "ตุลาคม ๒๕๖๖ - กันยายน ๒๕๖๗")]},
     "period-fiscal-year", "records/measures/01-01.toml", "period"),
    ({"records/measures/01-01.toml": [("ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘", "ต.ค. ๖๘ - ก.ย. ๖๙")]},
     "period-fiscal-year", "records/measures/01-01.toml", "period"),
    ({"records/report.toml": [("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗")]},
     "fiscal-year-text", "records/report.toml", "title"),
    ({"records/report.toml": [("ita_year = 2569", "ita_year = 2570")]},
     "ita-year", "records/report.toml", "ita_year"),
    ({"records/memo.toml": [("๒๘ เมษายน พ.ศ. ๒๕๖๙", "๒๘ เมษายน พ.ศ. ๒๕๖๗")]},
     "memo-date-early", "records/memo.toml", "date"),
    ({"records/measures/01-01.toml": [("ที่ได้เพียง ๒.๐๙", "ที่ได้เพียง ๓.๐๙")]},
     "outcome-score-mismatch", "records/measures/01-01.toml", "outcome"),
    ({"records/scores.toml": [("1 = 2.09\n", "")]},
     "outcome-score-missing", "records/measures/01-01.toml", "outcome"),
    ({"records/measures/01-01.toml": [("ซึ่งเพิ่มจากปี ๒๕๖๗", "ซึ่งเพิ่มจากปี ๒๕๖๖")]},
     "outcome-previous-year", "records/measures/01-01.toml", "outcome"),
    ({"records/measures/01-01.toml": [("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "ตัวชี้วัดที่ ๑ การใช้อำนาจ")]},
     "indicator-name-other", "records/measures/01-01.toml", "outcome"),
    ({"records/measures/01-01.toml": [("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "ตัวชี้วัดที่ ๑๑ การปฏิบัติหน้าที่")]},
     "unknown-indicator", "records/measures/01-01.toml", "outcome"),
    ({"records/measures/01-01.toml": [("indicators = [\n    1,", "indicators = [\n    2,")]},
     "indicators-mismatch", "records/measures/01-01.toml", "indicators"),
    ({"records/measures/06-01.toml": [("มีคะแนนในตัวชี้วัดที่ ๓ การใช้อำนาจ ๑๐๐ คะแนน ซึ่งเพิ่มจากปี ๒๕๖๗ ที่ได้ ๒.๑๐ คะแนน",
                                      "มีการดำเนินการครบถ้วน")],
      "records/scores.toml": [("3 = 100.00\n", ""), ("3 = 2.10\n", "")]},
     "outcome-without-score", "records/measures/06-01.toml", "outcome"),
    ({"records/measures/06-01.toml": [("สร้างวัฒนธรรมองค์กร", "๒. สร้างวัฒนธรรมองค์กร")]},
     "item-numbered", "records/measures/06-01.toml", "activities.1"),
    ({"records/memo.toml": [("เห็นควรพิจารณาให้ความเห็นชอบ", "๑. เห็นควรพิจารณา ๒. ให้ความเห็นชอบ ๔. ")]},
     "text-numbering-gap", "records/memo.toml", "considerations.0"),
    ({"records/issues/02.toml": [('title = "', 'title = "ประเด็นที่ ๓ ')]},
     "issue-number-in-title", "records/issues/02.toml", "title"),
    ({"records/measures/02-01.toml": [("กำชับและติดตามให้เจ้าหน้าที่ปฏิบัติงานหรือให้บริการตามขั้นตอนและระยะเวลาที่กำหนดในคู่มือประชาชน\",\n    \"จัดประชุม",
                                      "พัฒนาเว็บไซต์และช่องทางสื่อสารการประชาสัมพันธ์ให้ทันสมัยใช้งานสะดวกและปรับปรุงข้อมูลข่าวสารให้ปัจจุบันอยู่เสมอ\",\n    \"จัดประชุม")]},
     "copied-text", "records/measures/03-01.toml", "activities.0"),
    ({"records/measures/01-01.toml": [("ที่ได้เพียง ๒.๐๙", "ที่ได้เพียง 2.09")]},
     "mixed-digits", "records/measures/01-01.toml", "outcome"),
    ({"records/measures/07-01.toml": [("ประจำปี ๒๕๖๘\",\n]\nperiod", "ประจำปี 2568\",\n]\nperiod")]},
     "digits-style", "records/measures/07-01.toml", "activities.0"),
    ({"records/measures/01-01.toml": [("ผู้อำนวยการกองช่างได้กำกับ", "ปลัดองค์การบริหารส่วนตำบลได้กำกับ")]},
     "wrong-agency-term", "records/measures/01-01.toml", "results.1"),
    ({"records/measures/01-01.toml": [("Facebook ของเทศบาลตำบลบ้านเรือน", "Facebook ของเทศบาลตำบลแม่ทาใต้")]},
     "other-agency-name", "records/measures/01-01.toml", "results.0"),
    ({"records/agency.toml": [('type = "เทศบาลตำบล"', 'type = "เทศบาลเมือง"')]},
     "agency-type-mismatch", "records/agency.toml", "type"),
    ({"records/memo.toml": [("closing = \"\"\"\nจึงเรียนมาเพื่อโปรดพิจารณา", "closing = \"\"\"\nจึงเรียนมาเพื่อโปรด (ระบุ)")]},
     "placeholder-text", "records/memo.toml", "closing"),
])
def test_each_rule_finds_its_mistake(tmp_path, edits, code, record, field):
    found = codes(make(tmp_path, edits))
    assert (code, record, field) in found, found


def test_no_approvals(tmp_path):
    root = make(tmp_path)
    text = (root / "records/signers.toml").read_text(encoding="utf-8")
    (root / "records/signers.toml").write_text(text.split("[[approvals]]")[0], encoding="utf-8")
    assert ("no-approvals", "records/signers.toml", "approvals") in codes(root)


def test_reverse_agency_type_terms(tmp_path):
    """A เทศบาล term in an อบต. report."""
    root = make(tmp_path)
    agency = root / "records/agency.toml"
    agency.write_text('name = "องค์การบริหารส่วนตำบลบ้านเรือน"\ntype = "องค์การบริหารส่วนตำบล"\n'
                      'province = "ลำพูน"\n', encoding="utf-8")
    found = [p for p in problems(root) if p.code == "wrong-agency-term"]
    assert any(p.record == "records/memo.toml" and p.field == "to" for p in found)
    assert any("ปลัดองค์การบริหารส่วนตำบล" in p.message for p in found)


def test_digits_follow_the_chosen_style(tmp_path):
    root = make(tmp_path)
    arabic = {c for c in codes(root, digits="arabic") if c[0] == "digits-style"}
    assert ("digits-style", "records/memo.toml", "date") in arabic
    assert not {c for c in codes(root, digits="thai") if c[0] == "digits-style"}


def test_json_output_and_fail_on(tmp_path):
    root = make(tmp_path, fixed=False)
    run = [sys.executable, "-m", "itatui", "check", "--repo", str(root)]
    out = subprocess.run(run + ["--format", "json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert {"code", "severity", "record", "field", "message", "line"} <= set(data[0])
    clean = make(tmp_path / "c")
    (clean / "records/measures/01-01.toml").write_text(
        (clean / "records/measures/01-01.toml").read_text(encoding="utf-8").replace(
            "ประจำเดือน\",\n    \"ผู้อำนวยการกองช่างกำชับเจ้าหน้าที่ทุกเดือน\",", "ประจำเดือน\","),
        encoding="utf-8")                                          # leaves one info problem
    info = subprocess.run([sys.executable, "-m", "itatui", "check", "--repo", str(clean),
                           "--fail-on", "warning"], capture_output=True, text=True, timeout=120)
    assert info.returncode == 0 and "results-fewer-than-activities" in info.stdout
