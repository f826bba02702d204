"""A new fiscal year from the last one (issue 16): the sample (fiscal year 2568) carried to
2569 in one commit on a real repository, the years read back from the history, the refusals,
and the checker flagging what is left over from the year before."""

from __future__ import annotations

import re
import tomllib

import pytest
from helpers import EMWARA, commit_count, git, make_repo_with, officer_workspace

from itatui.core.audit.blame import blame
from itatui.core.check import check_records
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.core.newyear import (fiscal_years, shift_all_years, shift_report_years,
                                 start_new_year, year_commit)
from itatui.core.records import RecordStore

M = "records/measures/01-01.toml"


@pytest.fixture
def repo(tmp_path):
    return make_repo_with(tmp_path / "repo")


def read(root, path) -> dict:
    return tomllib.loads((root / path).read_text(encoding="utf-8"))


def test_the_sample_carried_to_2569_in_one_commit(repo):
    before = {p.relative_to(repo).as_posix(): read(repo, p.relative_to(repo))
              for p in (repo / "records").rglob("*.toml")}
    count = commit_count(repo)
    result = start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count + 1 and result.sha == git(repo, "rev-parse", "HEAD").strip()
    assert (result.from_year, result.to_year) == (2568, 2569)
    msg = git(repo, "log", "-1", "--format=%B")
    assert msg.startswith("เริ่มปีงบประมาณ พ.ศ. ๒๕๖๙ จากปีงบประมาณ พ.ศ. ๒๕๖๘")
    assert "Itatui-Action: new-year\nFiscal-Year: 2569\n" in msg
    assert git(repo, "log", "-1", "--format=%an <%ae>").strip() == f"{EMWARA[0]} <{EMWARA[1]}>"
    assert git(repo, "status", "--porcelain").strip() == ""

    report = read(repo, "records/report.toml")
    assert (report["fiscal_year"], report["ita_year"]) == (2569, 2570)
    assert report["title"].endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙")
    memo = read(repo, "records/memo.toml")
    assert memo["date"] == "๒๘ เมษายน พ.ศ. ๒๕๗๐"
    assert memo["subject"].endswith("ปีงบประมาณ พ.ศ. ๒๕๖๙")
    assert "ในปี พ.ศ. ๒๕๗๐ ข้อ ๐๒๖" in memo["facts"] and memo["facts"].endswith("พ.ศ. ๒๕๖๙")
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๙ เห็นควรเผยแพร่" in memo["considerations"][0]
    # the master plan's years (พ.ศ. ๒๕๖๑ - ๒๕๘๐) are not the report's: untouched
    assert memo["background"] == before["records/memo.toml"]["background"]
    assert "(พ.ศ. ๒๕๖๑ - ๒๕๘๐)" in memo["background"]
    assert memo["reference"] == before["records/memo.toml"]["reference"]

    for path in sorted(p for p in before if p.startswith("records/measures/")):
        old, new = before[path], read(repo, path)
        assert new["period"] == "ตุลาคม ๒๕๖๘ - กันยายน ๒๕๖๙", path
        assert new["results"] == [] and new["outcome"] == "", path
        assert new["name"] == old["name"] and new["units"] == old["units"], path
        assert new["indicators"] == old["indicators"], path
        assert len(new["activities"]) == len(old["activities"]), path
    # an activity naming the fiscal year moves with it; the rest is carried word for word
    act = read(repo, "records/measures/05-01.toml")["activities"]
    assert any("ในปีงบประมาณ พ.ศ. ๒๕๖๙" in a for a in act)
    assert read(repo, "records/measures/02-01.toml")["activities"] == \
        before["records/measures/02-01.toml"]["activities"]
    for path in ("records/scores.toml", "records/agency.toml", "records/signers.toml",
                 "records/units.toml", "records/catalogue.toml", "records/officers.toml",
                 *[p for p in before if p.startswith("records/issues/")]):
        assert read(repo, path) == before[path], path
    # comments and layout kept: the scores' hand comments, the report's header comment
    assert "# the outcome text (issue 5)" in (repo / "records/scores.toml").read_text("utf-8")
    assert (repo / "records/report.toml").read_text("utf-8").startswith("# รายงานผล")
    # the records load and the new year is a report itatui can build
    from itatui.core.model import build_report

    rep = build_report(RecordStore(repo).load_all())
    assert rep.fiscal_year == 2569 and sorted(rep.scores) == [2567, 2568]


def test_dry_run_writes_nothing_and_says_the_same(repo):
    count = commit_count(repo)
    dry = start_new_year(officer_workspace(repo), dry_run=True)
    assert commit_count(repo) == count and git(repo, "status", "--porcelain").strip() == ""
    assert dry.sha == "" and dry.values["records/report.toml"]["fiscal_year"] == 2569
    real = start_new_year(officer_workspace(repo))
    assert real.values == dry.values


def test_years_are_read_from_the_history(repo):
    hist = History.open(repo)
    root = git(repo, "rev-parse", "HEAD").strip()
    assert [(y.year, y.first, y.last) for y in fiscal_years(hist)] == [(2568, root, root)]
    officer_workspace(repo).set_field(M, "outcome", "ยังไม่มี")
    last_2568 = git(repo, "rev-parse", "HEAD").strip()
    sha = start_new_year(officer_workspace(repo)).sha
    officer_workspace(repo).set_field(M, "results", "ทำแล้ว")
    head = git(repo, "rev-parse", "HEAD").strip()
    years = fiscal_years(hist)
    assert [(y.year, y.first, y.last) for y in years] == [(2568, root, last_2568),
                                                          (2569, sha, head)]
    assert year_commit(hist, 2568) == last_2568
    with pytest.raises(ItatuiError, match="ไม่มีปีงบประมาณ พ.ศ. ๒๕๖๗"):
        year_commit(hist, 2567)


def test_a_second_new_year_for_the_same_year_is_refused(repo):
    start_new_year(officer_workspace(repo))
    # someone sets the year back by hand: the history still says 2569 has started
    officer_workspace(repo).set_field("records/report.toml", "fiscal_year", "2568")
    count = commit_count(repo)
    with pytest.raises(ItatuiError, match="๒๕๖๙ เริ่มไปแล้ว"):
        start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count and git(repo, "status", "--porcelain").strip() == ""


def test_uncommitted_changes_and_unsaved_drafts_are_refused(repo):
    path = repo / M
    path.write_text(path.read_text("utf-8") + "# แก้ด้วยมือ\n", "utf-8")
    count = commit_count(repo)
    with pytest.raises(ItatuiError, match="ยังไม่ได้บันทึกเป็นฉบับ"):
        start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count and path.read_text("utf-8").endswith("# แก้ด้วยมือ\n")
    git(repo, "checkout", "--", M)

    from itatui.core.drafts import Drafts, DraftStore

    DraftStore(repo).write(Drafts(texts={M: {"outcome": "กำลังพิมพ์"}}))
    with pytest.raises(ItatuiError, match="ยังไม่ได้บันทึกในหน้าจอแก้ไข"):
        start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count
    DraftStore(repo).clear()
    start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count + 1


def test_log_and_blame_of_a_measure_span_both_years(repo):
    first = git(repo, "rev-parse", "HEAD").strip()
    sha = start_new_year(officer_workspace(repo)).sha
    hist = History.open(repo)
    assert [e.sha for e in hist.log(M)] == [sha, first]
    lines = {b.key: b for b in blame(hist, M)}
    assert lines["name"].version.commit == first          # carried over: still 2568's line
    assert lines["period"].version.commit == sha          # moved by the new year
    assert lines["outcome"].version.commit == sha


def test_years_shift_only_where_the_text_names_the_reports_year():
    years = {2568: 2569, 2569: 2570}
    assert shift_report_years("ปีงบประมาณ พ.ศ. ๒๕๖๘ และ ITA ปี ๒๕๖๙", years) == \
        "ปีงบประมาณ พ.ศ. ๒๕๖๙ และ ITA ปี ๒๕๗๐"
    assert shift_report_years("ประจำปี 2568", years) == "ประจำปี 2569"      # Arabic stays Arabic
    for text in ("แผนแม่บท (พ.ศ. ๒๕๖๑ - ๒๕๘๐)", "ระเบียบกระทรวงมหาดไทย พ.ศ. ๒๕๖๘",
                 "ปีงบประมาณ พ.ศ. ๒๕๖๗", "เลขที่ ๒๕๖๘/๑"):
        assert shift_report_years(text, years) == text
    assert shift_all_years("ต.ค. ๖๗ - ก.ย. ๖๘") == "ต.ค. ๖๘ - ก.ย. ๖๙"
    assert shift_all_years("1 ตุลาคม 2567 - 30 กันยายน 2568") == "1 ตุลาคม 2568 - 30 กันยายน 2569"


def test_the_checker_flags_what_is_left_over_from_the_year_before(repo):
    from itatui.core.newyear import previous_year_records

    start_new_year(officer_workspace(repo))
    ws = officer_workspace(repo)
    previous = previous_year_records(repo, 2569)
    # year 2568 had no plan: the new year created its three records (records/plan/)
    assert {r.path for r in previous} >= {M} and len(previous) == len(ws.records()) - 3
    assert not [r for r in previous if r.path.startswith("records/plan/")]
    left_over = ("period-fiscal-year", "fiscal-year-text", "outcome-year", "memo-date-early",
                 "ita-year", "copied-text")
    found = {(p.code, p.record, p.field) for p in check_records(ws.records(), previous=previous)}
    assert not [f for f in found if f[0] in left_over], found
    # last year's texts pasted back: a result naming 2568 as the fiscal year, last year's
    # outcome word for word, an old period
    ws.set_field(M, "results", "ดำเนินการแล้วในปีงบประมาณ พ.ศ. ๒๕๖๘ ครบทุกกอง")
    ws.set_field(M, "outcome", "ในปี พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านเรือน มีคะแนนในตัวชี้วัดที่ ๑ "
                               "การปฏิบัติหน้าที่ ๑๐๐ คะแนน ซึ่งเพิ่มจากปี ๒๕๖๗ ที่ได้เพียง ๒.๐๙ คะแนน")
    ws.set_field("records/measures/02-01.toml", "period", "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘")
    problems = check_records(ws.records(), previous=previous_year_records(repo, 2569))
    found = {(p.code, p.record, p.field) for p in problems}
    assert ("fiscal-year-text", M, "results.0") in found
    assert ("outcome-year", M, "outcome") in found
    assert ("copied-text", M, "outcome") in found
    assert ("period-fiscal-year", "records/measures/02-01.toml", "period") in found
    copied = next(p for p in problems if p.code == "copied-text" and p.record == M)
    assert "ปีงบประมาณ ๒๕๖๘" in copied.message
    # without the previous year the same outcome is not a copy of anything
    assert ("copied-text", M, "outcome") not in {
        (p.code, p.record, p.field) for p in check_records(ws.records())}


def test_the_quick_in_place_edit_writes_what_tomlkit_writes():
    """A thousand measures are edited in place (no tomlkit parse); the text must be the one the
    tomlkit document would give, comment lines included."""
    import tomli

    from itatui.core import tomlio
    from itatui.core.newyear import _fast_edit, next_year_values
    from helpers import RECORDS

    seen = 0
    for path in sorted((RECORDS / "measures").glob("*.toml")):
        text = path.read_text("utf-8")
        text = text.replace('period = "', '# ช่วงเวลาเดิม\nperiod = "', 1)
        values = next_year_values("measure", tomli.loads(text), 2568, 2569)
        fast = _fast_edit(text, values)
        if fast is None:          # a list that keeps items (activities): the tomlkit way
            assert any(isinstance(v, list) and v for v in values.values())
            continue
        doc = tomlio.parse(text, path.name)
        for k, v in values.items():
            tomlio.set_value(doc, k, v)
        assert fast == tomlio.dumps(doc), path.name
        assert "# ช่วงเวลาเดิม\nperiod = " in fast
        seen += 1
    assert seen >= 5
    # a value holding a comment is left to tomlkit, which keeps the comment
    assert _fast_edit('outcome = "x"  # หมายเหตุ\n', {"outcome": ""}) is None


def test_an_empty_period_gets_the_whole_new_year_and_an_unreadable_record_refuses(repo):
    ws = officer_workspace(repo)
    ws.set_field(M, "period", "")
    ws.set_field("records/issues/02.toml", "title", "การให้บริการ ปีงบประมาณ พ.ศ. ๒๕๖๘")
    start_new_year(officer_workspace(repo))
    assert read(repo, M)["period"] == "ตุลาคม ๒๕๖๘ - กันยายน ๒๕๖๙"
    assert read(repo, "records/issues/02.toml")["title"].endswith("ปีงบประมาณ พ.ศ. ๒๕๖๙")
    # the title set back to last year's is flagged
    officer_workspace(repo).set_field("records/issues/02.toml", "title",
                                      "การให้บริการ ปีงบประมาณ พ.ศ. ๒๕๖๘")
    assert ("fiscal-year-text", "records/issues/02.toml", "title") in {
        (p.code, p.record, p.field) for p in check_records(officer_workspace(repo).records())}

    broken = repo / "records/measures/03-01.toml"
    broken.write_text('name = "ไม่ปิด\n', "utf-8")
    git(repo, "commit", "-qam", "เสีย")
    count = commit_count(repo)
    with pytest.raises(ItatuiError, match="ระเบียนอ่านไม่ได้: records/measures/03-01.toml"):
        start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count and git(repo, "status", "--porcelain").strip() == ""


def test_two_clones_that_both_start_the_year_sync_into_one_year(two_clones):
    from itatui.core.sync import sync

    a, b = two_clones
    start_new_year(officer_workspace(a))
    start_new_year(officer_workspace(b, ("นายธนพล ใจดี", "thanapon@banruean.go.th")))
    sync(a)
    sync(b)                               # the same changes on both sides: merged cleanly
    sync(a)
    for root in (a, b):
        assert read(root, "records/report.toml")["fiscal_year"] == 2569
        assert [y.year for y in fiscal_years(History.open(root))] == [2568, 2569]
        assert git(root, "status", "--porcelain").strip() == ""
    assert git(a, "rev-parse", "HEAD") == git(b, "rev-parse", "HEAD")


PLAN_FILES = ("records/plan/plan.toml", "records/plan/memo.toml", "records/plan/signers.toml")


def test_the_new_year_creates_the_plans_records_in_the_same_commit(repo):
    from itatui.core.model import build_report
    from itatui.core.schema import PLAN_COLUMNS

    assert not (repo / "records/plan").exists()
    signers = (repo / "records/signers.toml").read_text("utf-8")
    dry = start_new_year(officer_workspace(repo), dry_run=True)
    assert dry.created == list(PLAN_FILES) and not (repo / "records/plan").exists()
    count = commit_count(repo)
    result = start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count + 1 and result.created == list(PLAN_FILES)
    assert result.values == dry.values
    added = git(repo, "show", "--name-status", "--format=", "HEAD").split("\n")
    assert [line.split("\t")[1] for line in added if line.startswith("A\t")] == sorted(PLAN_FILES)
    msg = git(repo, "log", "-1", "--format=%B")
    assert "และสร้างระเบียนของแผน (records/plan/)" in msg
    assert "บันทึกข้อความเสนอแผน (records/plan/memo.toml): สร้างใหม่" in msg
    assert all(f"Record: {p}\n" in msg for p in PLAN_FILES)
    assert git(repo, "status", "--porcelain").strip() == ""

    plan = read(repo, PLAN_FILES[0])
    title = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"
    assert plan["title"] == title and plan["ita_item"] == "O25" and plan["analysis"] == ""
    assert plan["columns"] == list(PLAN_COLUMNS)
    assert plan["objective"].endswith("ภายในเทศบาลตำบลบ้านเรือน ในปีงบประมาณ พ.ศ. ๒๕๖๙")
    memo, report_memo = read(repo, PLAN_FILES[1]), read(repo, "records/memo.toml")
    assert memo["subject"] == title and memo["date"] == ""
    for key in ("department", "reference", "to", "background"):
        assert memo[key] == report_memo[key], key
    assert "ในปี พ.ศ. ๒๕๖๙ ข้อ O25" in memo["facts"] and memo["facts"].endswith("พ.ศ. ๒๕๖๙")
    assert len(memo["considerations"]) == 2 and memo["closing"].startswith("จึงเรียนมา")
    # the same approval chain, the report's signers.toml as it is
    assert (repo / PLAN_FILES[2]).read_text("utf-8") == signers
    rep = build_report(RecordStore(repo).load_all())
    assert rep.plan is not None and rep.plan.title == title
    assert [s.role for s in rep.plan.memo.approvals] == [s.role for s in rep.memo.approvals]


def test_the_next_new_year_carries_the_plan_and_the_measures_targets(repo):
    start_new_year(officer_workspace(repo))
    ws = officer_workspace(repo)
    ws.set_field("records/plan/memo.toml", "date", "๒ ตุลาคม พ.ศ. ๒๕๖๘")
    ws.set_field("records/plan/plan.toml", "analysis", "ผลการประเมินปี พ.ศ. ๒๕๖๘ ผ่านเกณฑ์ทุกตัวชี้วัด")
    ws.set_field(M, "target_indicator", "1")
    ws.set_field(M, "target_score", "95")
    ws.set_field(M, "budget", "๒๐,๐๐๐ บาท")
    signers = (repo / PLAN_FILES[2]).read_text("utf-8")
    result = start_new_year(officer_workspace(repo))
    assert result.created == [] and (result.from_year, result.to_year) == (2569, 2570)
    plan, memo = read(repo, PLAN_FILES[0]), read(repo, PLAN_FILES[1])
    assert plan["title"].endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๗๐")
    assert plan["objective"].endswith("ในปีงบประมาณ พ.ศ. ๒๕๗๐")
    assert plan["analysis"] == ""          # last year's paragraph: the new scores need a new one
    assert memo["date"] == "๒ ตุลาคม พ.ศ. ๒๕๖๙"
    assert memo["subject"].endswith("พ.ศ. ๒๕๗๐") and "ในปี พ.ศ. ๒๕๗๐ ข้อ O25" in memo["facts"]
    assert (repo / PLAN_FILES[2]).read_text("utf-8") == signers
    m = read(repo, M)
    assert (m["target_indicator"], m["target_score"], m["budget"]) == (1, 95.0, "๒๐,๐๐๐ บาท")
    # nothing left over in the plan for the checker
    assert not [p for p in check_records(officer_workspace(repo).records(), document="plan")
                if p.code in ("fiscal-year-text", "memo-date-early")]


def test_a_failed_commit_removes_the_plans_records_it_created(repo):
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'ปฏิเสธ' >&2\nexit 1\n", "utf-8")
    hook.chmod(0o755)
    count = commit_count(repo)
    with pytest.raises(ItatuiError):
        start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count and not (repo / "records/plan").exists()
    assert git(repo, "status", "--porcelain").strip() == ""
    assert read(repo, "records/report.toml")["fiscal_year"] == 2568


def test_init_writes_the_plans_records_too(tmp_path):
    from itatui.core.init_repo import init_repository
    from itatui.core.model import build_report

    init_repository(tmp_path / "r", "เทศบาลตำบลทดสอบ", 2569)
    root = tmp_path / "r"
    assert sorted(git(root, "ls-files", "records/plan").split()) == sorted(PLAN_FILES)
    rep = build_report(RecordStore(root).load_all())
    assert rep.plan.title.endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙") and rep.plan.ita_item == "O25"
    assert rep.plan.memo.department == "เทศบาลตำบลทดสอบ"
    assert not [p for p in check_records(RecordStore(root).load_all(), document="plan")
                if p.code in ("fiscal-year-text", "toml-syntax", "unknown-field")]


# -- issue 16's speed: what the quicker ways must keep ------------------------------------

ODD_LAYOUTS = {
    "comments": lambda t: t.replace("results = [", "# ผลเดิม\nresults = [  # ท้ายบรรทัด", 1)
    + "# ท้ายไฟล์\n",
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "arabic digits": lambda t: t.replace("๒๕๖๗", "2567").replace("๒๕๖๘", "2568"),
    "indented key": lambda t: t.replace("\nperiod = ", "\n  period = ", 1),
    "key line in a string": lambda t: t + 'note = """\nperiod = "x"\n"""\n',
    "quoted key": lambda t: t.replace("\nperiod = ", "\n'period' = ", 1),
    "a table": lambda t: t + "\n[extra]\nnote = \"x\"\n",
    "no last newline": lambda t: t.rstrip("\n"),
    "year in the name": lambda t: re.sub(r'(?m)^name = "(?!")', 'name = "ปีงบประมาณ พ.ศ. ๒๕๖๘ ', t,
                                         count=1),
    "empty period": lambda t: re.sub(r'period = "[^"]*"', 'period = ""', t, count=1),
}


@pytest.mark.parametrize("layout", sorted(ODD_LAYOUTS))
def test_a_measure_read_in_pieces_reads_and_edits_as_a_whole_reading_would(layout, tmp_path):
    """A measure is read in pieces and only its edited piece read back: the values must be
    tomli's of the whole text, and the new text the one the whole reading gives (in place, read
    back whole, or tomlkit), whatever the layout; a layout the pieces cannot vouch for is read
    whole."""
    import tomli

    from itatui.core import newyear
    from itatui.core.records import RecordStore

    root = make_repo_with(tmp_path / "r")
    for path in sorted((root / "records/measures").glob("*.toml")):
        path.write_bytes(ODD_LAYOUTS[layout](path.read_text("utf-8")).encode("utf-8"))
    for rel, kind, text, data, pieces in newyear._read_all(RecordStore(root)):
        assert data == tomli.loads(text), rel
        if kind.name != "measure":
            continue
        values = newyear.next_year_values("measure", data, 2568, 2569)
        assert newyear._edited(rel, kind, text, data, values, pieces) == \
            newyear._edited(rel, kind, text, data, values), rel
        if layout in ("key line in a string", "a table"):
            assert pieces is None, rel                  # read whole
        elif layout in ("comments", "crlf", "arabic digits", "empty period"):
            assert pieces is not None, rel              # read in pieces


def test_a_file_staged_outside_the_records_stays_staged_and_out_of_the_commit(repo):
    """With nothing else staged the records go through ``git update-index`` and a commit of
    the index; with something staged, ``git commit --only`` of the records (as before)."""
    (repo / "notes.txt").write_text("บันทึกส่วนตัว\n", "utf-8")
    git(repo, "add", "notes.txt")
    sha = start_new_year(officer_workspace(repo)).sha
    assert "notes.txt" not in git(repo, "show", "--name-only", "--format=", sha)
    assert git(repo, "status", "--porcelain").strip() == "A  notes.txt"
    assert read(repo, "records/report.toml")["fiscal_year"] == 2569


def test_a_new_year_commits_only_the_records_it_changed_and_leaves_the_index_clean(repo):
    count = commit_count(repo)
    result = start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count + 1
    changed = sorted(git(repo, "show", "--name-only", "--format=", result.sha).split())
    assert changed == sorted(c.path for c in result.changes)
    assert git(repo, "status", "--porcelain", "--untracked-files=all").strip() == ""
    assert not list((repo / "records").rglob("*.tmp"))        # no temporary file left


def test_on_a_detached_head_the_new_year_is_refused_and_the_records_go_back(repo):
    git(repo, "checkout", "-q", "--detach", "HEAD")
    count = commit_count(repo)
    with pytest.raises(ItatuiError, match="detached HEAD"):
        start_new_year(officer_workspace(repo))
    assert commit_count(repo) == count and not (repo / "records/plan").exists()
    assert git(repo, "status", "--porcelain").strip() == ""


def test_the_command_does_not_import_gitpython(repo):
    """GitPython (50 ms of imports) is not needed to commit: HEAD is read from its file."""
    import subprocess
    import sys

    from helpers import as_officer

    code = ("import sys; from itatui.cli import main; rc = main(['new-year', '--repo', sys.argv[1]]);"
            " print('gitpython' if 'git' in sys.modules else 'none', rc)")
    out = subprocess.run([sys.executable, "-c", code, str(repo)], capture_output=True,
                         text=True, env=as_officer(EMWARA), check=True).stdout
    assert out.splitlines()[-1] == "none 0"
    assert read(repo, "records/report.toml")["fiscal_year"] == 2569
