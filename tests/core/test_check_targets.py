"""The checker across the plan (issue 16): a measure's target against the catalogue, its outcome
and the year's score; an indicator below the pass mark that no measure addresses; the plan
checked without results and outcomes; the plan's own records read by the text rules and the
year rules. Real records on disk (the sample, and the sample carried to 2569 by a real
``new-year`` commit), checked as ``itatui check`` checks them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import RECORDS, make_repo_with, officer_workspace

from itatui.core.check import check_records
from itatui.core.newyear import start_new_year
from itatui.core.records import RecordStore
from itatui.core.rules import FAMILIES

M1, M2 = "records/measures/01-01.toml", "records/measures/02-01.toml"
PLAN, PLAN_MEMO = "records/plan/plan.toml", "records/plan/memo.toml"
TARGETS = {"target-unknown-indicator", "target-score-range", "target-not-mentioned",
           "target-missed", "indicator-unaddressed", "target-without-indicator"}


def sample(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(RECORDS, root / "records")
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def append(root: Path, rel: str, lines: str) -> None:
    path = root / rel
    path.write_text(path.read_text("utf-8") + lines, "utf-8")


def found(root: Path, document: str = "report") -> set[tuple[str, str, str]]:
    return {(p.code, p.record, p.field) for p in problems(root, document)}


def problems(root: Path, document: str = "report"):
    return check_records(RecordStore(root).load_all(), document=document)


@pytest.fixture
def carried(tmp_path):
    """The sample carried to fiscal year 2569 by ``new-year`` (which created records/plan/)."""
    repo = make_repo_with(tmp_path / "repo")
    start_new_year(officer_workspace(repo))
    return repo


def test_the_sample_has_no_target_problems_and_the_family_runs(tmp_path):
    assert FAMILIES[-1] == "targets"
    root = sample(tmp_path)
    for document in ("report", "plan"):
        assert not {c for c, _, _ in found(root, document)} & TARGETS


def test_a_target_outside_the_catalogue_or_0_100_is_an_error(tmp_path):
    root = sample(tmp_path)
    append(root, M1, "target_indicator = 42\ntarget_score = 120.0\n")
    errors = {(p.code, p.field): p for p in problems(root) if p.severity == "error"}
    assert ("target-unknown-indicator", "target_indicator") in errors
    assert ("target-score-range", "target_score") in errors
    assert "ตัวชี้วัดเป้าหมายที่ ๔๒" in errors[("target-unknown-indicator", "target_indicator")].message
    # the same in the plan: the target is the plan's
    assert {("target-unknown-indicator", M1, "target_indicator"),
            ("target-score-range", M1, "target_score")} <= found(root, "plan")


def test_a_target_score_without_the_indicator_it_is_for_is_a_warning(tmp_path):
    """The plan would print "ไม่น้อยกว่า ๘๕ คะแนน" of no indicator: the officer is told which
    field to fill, in the plan and in the report alike."""
    root = sample(tmp_path)
    append(root, M1, "target_score = 85.0\n")
    for document in ("plan", "report"):
        got = [p for p in problems(root, document) if p.code == "target-without-indicator"]
        assert [(p.record, p.field, p.severity) for p in got] == \
            [(M1, "target_indicator", "warning")]
        assert "ค่าเป้าหมาย ๘๕.๐๐ คะแนน" in got[0].message
    append(root, M1, "target_indicator = 1\n")
    assert "target-without-indicator" not in {c for c, _, _ in found(root, "plan")}


def test_an_outcome_that_does_not_mention_the_targeted_indicator(tmp_path):
    root = sample(tmp_path)
    # 01-01's outcome quotes ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่: aiming at 8 is not reported on
    append(root, M1, "target_indicator = 8\n")
    got = [p for p in problems(root) if p.code == "target-not-mentioned"]
    assert [(p.record, p.field, p.severity) for p in got] == [(M1, "outcome", "warning")]
    assert "ตัวชี้วัดที่ ๘ การปรับปรุงการทำงาน" in got[0].message
    # aiming at the indicator it quotes: nothing
    edit(root, M1, "target_indicator = 8", "target_indicator = 1")
    assert ("target-not-mentioned", M1, "outcome") not in found(root)
    # the indicator named by its catalogue name alone (no number) is mentioned too
    edit(root, M1, "มีคะแนนในตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "มีคะแนนด้านการปฏิบัติหน้าที่")
    assert ("target-not-mentioned", M1, "outcome") not in found(root)
    # an empty outcome (the plan's time) and the plan itself: nothing to mention it in
    edit(root, M1, "target_indicator = 1", "target_indicator = 8")
    assert ("target-not-mentioned", M1, "outcome") in found(root)
    assert ("target-not-mentioned", M1, "outcome") not in found(root, "plan")


def test_a_missed_target_is_a_warning_with_the_years_score(tmp_path):
    root = sample(tmp_path)
    # 02-01 quotes indicator 8: 98.06 in 2568 (scores.toml)
    append(root, M2, "target_indicator = 8\ntarget_score = 99.0\n")
    got = [p for p in problems(root) if p.code == "target-missed"]
    assert [(p.record, p.field, p.severity) for p in got] == [(M2, "target_score", "warning")]
    assert "ตัวชี้วัดที่ ๘ ปี ๒๕๖๘ ได้ ๙๘.๐๖ คะแนน ไม่ถึงค่าเป้าหมาย ๙๙.๐๐ คะแนน" in got[0].message
    assert ("target-missed", M2, "target_score") not in found(root, "plan")
    edit(root, M2, "target_score = 99.0", "target_score = 98.06")      # reached exactly
    assert ("target-missed", M2, "target_score") not in found(root)
    # no score for the year yet (indicator 6 has none): nothing to compare
    edit(root, M2, "target_indicator = 8\ntarget_score = 98.06", "target_indicator = 6\n"
                                                                  "target_score = 99.0")
    assert "target-missed" not in {c for c, _, _ in found(root)}


def test_an_indicator_below_the_pass_mark_that_no_measure_addresses(tmp_path):
    root = sample(tmp_path)
    # fiscal year 2568 answers the result of 2567; indicator 6 got 40 and no measure aims at it
    edit(root, "records/scores.toml", "[2567]\n", "[2567]\n6 = 40.00\n")
    got = [p for p in problems(root, "plan") if p.code == "indicator-unaddressed"]
    assert [(p.record, p.field, p.severity) for p in got] == \
        [("records/scores.toml", "2567.6", "warning")]
    assert "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน ปี ๒๕๖๗ ได้ ๔๐.๐๐ คะแนน ต่ำกว่าเกณฑ์ผ่าน ๘๕" \
        in got[0].message
    assert ("indicator-unaddressed", "records/scores.toml", "2567.6") in found(root)
    # a measure targeting it addresses it
    append(root, M1, "target_indicator = 6\n")
    assert "indicator-unaddressed" not in {c for c, _, _ in found(root, "plan")}


def test_broken_target_values_do_not_stop_the_checker(tmp_path):
    root = sample(tmp_path)
    edit(root, "records/scores.toml", "[2567]\n", "[2567]\n6 = 40.00\n")
    append(root, M1, 'target_indicator = "๖"\ntarget_score = "มาก"\n')
    edit(root, M2, "indicators = [", 'indicators = ["แปด", ')
    codes = {(c, r, f) for c, r, f in found(root, "plan")}
    assert ("wrong-type", M1, "target_indicator") in codes
    assert ("indicator-unaddressed", "records/scores.toml", "2567.6") in codes


def test_the_plan_after_a_new_year_is_not_checked_for_results_and_outcomes(carried):
    plan = problems(carried, "plan")
    report = problems(carried)
    outcome_rules = {"outcome-without-score", "results-fewer-than-activities", "copied-text",
                     "outcome-year", "outcome-score-missing", "indicators-mismatch",
                     "target-not-mentioned", "target-missed"}
    # emptied by the new year: no rule about results or outcomes fires, in either document
    assert not {p.code for p in plan + report} & outcome_rules
    assert not [p for p in plan if p.field in ("results", "outcome")]
    assert {(p.code, p.field) for p in report if p.record == M1} >= {
        ("required-missing", "results"), ("required-missing", "outcome")}
    # an outcome written with last year's year is the report's mistake, not the plan's
    edit(carried, M1, 'outcome = ""', 'outcome = "ในปี พ.ศ. ๒๕๖๘ มีคะแนนในตัวชี้วัดที่ ๑ '
                                      'การปฏิบัติหน้าที่ ๑๐๐ คะแนน"')
    assert ("outcome-year", M1, "outcome") in found(carried)
    assert not [f for f in found(carried, "plan") if f[2] == "outcome"]


def test_the_plans_own_records_are_read_by_the_text_and_year_rules(carried):
    assert not [f for f in found(carried, "plan") if f[0] in ("fiscal-year-text", "ita-year")]
    # a title left with last year's fiscal year, Arabic digits in the plan's objective, the
    # agency misspelt in its considerations, a date before the fiscal year
    edit(carried, PLAN, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘")
    edit(carried, PLAN, "ในปีงบประมาณ พ.ศ. ๒๕๖๙", "ในปีงบประมาณ พ.ศ. 2569")
    edit(carried, PLAN_MEMO, "ประกาศใช้เป็นแนวทางปฏิบัติของเทศบาลตำบลบ้านเรือน",
         "ประกาศใช้เป็นแนวทางปฏิบัติของเทศบาลตำบลบ้านเรีอน")
    edit(carried, PLAN_MEMO, 'date = ""', 'date = "๑ กันยายน พ.ศ. ๒๕๖๘"')
    plan = {(p.code, p.record, p.field): p for p in problems(carried, "plan")}
    title = plan[("fiscal-year-text", PLAN, "title")]
    assert title.severity == "error" and "แต่แผนเป็นปีงบประมาณ ๒๕๖๙" in title.message
    assert ("digits-style", PLAN, "objective") in plan
    assert ("agency-name-spelling", PLAN_MEMO, "considerations.0") in plan
    assert ("memo-date-early", PLAN_MEMO, "date") in plan
    # the report's check reads the report's own records, not the plan's
    assert not [f for f in found(carried) if f[1].startswith("records/plan/")
                and f[0] != "control-char"]


def test_the_plan_without_approvals_is_warned_about(carried):
    path = carried / "records/plan/signers.toml"
    text = path.read_text("utf-8")
    path.write_text(text.split("[[approvals]]")[0], "utf-8")
    assert ("no-approvals", "records/plan/signers.toml", "approvals") in found(carried, "plan")
    assert ("no-approvals", "records/plan/signers.toml", "approvals") not in found(carried)
