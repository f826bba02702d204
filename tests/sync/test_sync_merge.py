"""The field-level three-way merge of TOML records, and the git merge driver in plain git."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from helpers import RECORDS, git
from itatui.core.sync import (MINE, THEIRS, VALUE, Resolution, UnmergeableError, install_driver,
                              merge_texts)
from itatui.core.sync.driver import driver_installed

MEASURE = "records/measures/02-01.toml"
BASE = (RECORDS / "measures/02-01.toml").read_text(encoding="utf-8")
SIGNERS = (RECORDS / "signers.toml").read_text(encoding="utf-8")
SCORES = (RECORDS / "scores.toml").read_text(encoding="utf-8")


def _period(text: str, value: str) -> str:
    return text.replace('period = "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘"', f'period = "{value}"')


def _units(text: str) -> str:
    return text.replace('    "กองการศึกษา",\n', '    "กองการศึกษา",\n    "กองสาธารณสุข",\n')


def test_different_fields_merge_and_keep_layout():
    mine = _period(BASE, "ตุลาคม ๒๕๖๗ - ธันวาคม ๒๕๖๘")
    theirs = _units(BASE)
    res = merge_texts(BASE, mine, theirs, MEASURE)
    assert res.clean and res.taken == ["units"]
    data = tomllib.loads(res.text)
    assert data["period"] == "ตุลาคม ๒๕๖๗ - ธันวาคม ๒๕๖๘"
    assert data["units"][-1] == "กองสาธารณสุข"
    # layout of both sides kept: the comment line, the multi-line name, one list item per line
    assert res.text.startswith("# มาตรการที่ ๑ ของประเด็นที่ ๒\nname = \"\"\"\n")
    assert '    "กองสาธารณสุข",\n]' in res.text
    # the same merge the other way round gives the same values
    back = merge_texts(BASE, theirs, mine, MEASURE)
    assert tomllib.loads(back.text) == data


def test_same_field_is_a_conflict_and_text_stays_valid_toml():
    mine = _period(BASE, "ของเรา")
    theirs = _units(_period(BASE, "ของเขา"))
    res = merge_texts(BASE, mine, theirs, MEASURE)
    assert not res.clean
    (c,) = res.conflicts
    assert (c.key, c.mine, c.theirs, c.base) == ("period", "ของเรา", "ของเขา",
                                                  "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘")
    assert c.label == "วัน/เดือน/ปี ที่ดำเนินการ" and c.record_title == "ประเด็นที่ ๒ มาตรการที่ ๑"
    data = tomllib.loads(res.text)              # never conflict markers
    assert "<<<<<<<" not in res.text and data["period"] == "ของเรา"
    assert data["units"][-1] == "กองสาธารณสุข"   # the other field still merged


def test_same_change_on_both_sides_is_not_a_conflict():
    mine = _period(BASE, "ตรงกัน")
    theirs = _units(_period(BASE, "ตรงกัน"))
    res = merge_texts(BASE, mine, theirs, MEASURE)
    assert res.clean and tomllib.loads(res.text)["period"] == "ตรงกัน"


@pytest.mark.parametrize("take,expected", [(MINE, "ของเรา"), (THEIRS, "ของเขา"),
                                           (VALUE, "ค่าที่ตกลงกัน")])
def test_resolutions(take, expected):
    mine, theirs = _period(BASE, "ของเรา"), _period(BASE, "ของเขา")
    choice = Resolution(take, "ค่าที่ตกลงกัน" if take == VALUE else None)
    res = merge_texts(BASE, mine, theirs, MEASURE, lambda c: choice)
    assert res.clean and [(c.key, r.take) for c, r in res.resolved] == [("period", take)]
    assert tomllib.loads(res.text)["period"] == expected


def test_array_of_tables_and_nested_tables_merge_by_field():
    mine = SIGNERS.replace('name = "นางเอมวรา ชัยวงศ์"', 'name = "นางเอมวรา ชัยวงศ์ (แก้)"')
    theirs = SIGNERS.replace('comment = ""', 'comment = "เห็นควรอนุมัติ"', 1)
    res = merge_texts(SIGNERS, mine, theirs, "records/signers.toml")
    assert res.clean and res.taken == ["approvals.0.comment"]
    data = tomllib.loads(res.text)
    assert data["drafter"]["name"].endswith("(แก้)")
    assert data["approvals"][0]["comment"] == "เห็นควรอนุมัติ"
    assert data["approvals"][1]["comment"] == ""
    both = SIGNERS.replace('comment = ""', 'comment = "ไม่เห็นด้วย"', 1)
    res = merge_texts(SIGNERS, both, theirs, "records/signers.toml")
    (c,) = res.conflicts
    assert c.key == "approvals.0.comment"
    assert c.label == "ผู้ให้ความเห็น คนที่ ๑: ความเห็น"


def test_scores_added_year_removed_key_and_hand_comments():
    mine = SCORES.replace("[2567]", "[2569]\n1 = 99.00\n\n[2567]")
    theirs = SCORES.replace("9 = 2.14\n", "").replace("7 = 97.33", "7 = 97.40")
    res = merge_texts(SCORES, mine, theirs, "records/scores.toml")
    assert res.clean
    data = tomllib.loads(res.text)
    assert data["2569"] == {"1": 99.0} and "9" not in data["2567"]
    assert data["2568"]["7"] == 97.40
    assert "# the outcome text (issue 5) names 2567" in res.text


def _activities(text: str) -> list[str]:
    return tomllib.loads(text)["activities"]


def _with_activities(text: str, items: list[str]) -> str:
    from itatui.core import tomlio

    doc = tomlio.parse(text, MEASURE)
    tomlio.set_value(doc, "activities", items)
    return tomlio.dumps(doc)


def test_lists_merge_item_by_item():
    base = _activities(BASE)
    assert len(base) >= 2
    reworded = [base[0] + " (ปรับถ้อยคำ)"] + base[1:]
    added = base + ["กองคลังจัดอบรมเจ้าหน้าที่เรื่องการเปิดเผยข้อมูล"]
    res = merge_texts(BASE, _with_activities(BASE, reworded), _with_activities(BASE, added),
                      MEASURE)
    assert res.clean and res.taken == ["activities"]
    assert _activities(res.text) == [reworded[0]] + base[1:] + [added[-1]]
    # the list keeps one item per line, like the rest of the file
    assert '    "กองคลังจัดอบรมเจ้าหน้าที่เรื่องการเปิดเผยข้อมูล",\n]' in res.text


def test_both_sides_appending_keeps_both_ours_first_without_repeats():
    base = _activities(BASE)
    ours = base + ["กองช่างตรวจสอบจุดให้บริการ", "ทั้งสองกองทำร่วมกัน"]
    theirs = base + ["ทั้งสองกองทำร่วมกัน", "กองการศึกษาเผยแพร่คู่มือในโรงเรียน"]
    res = merge_texts(BASE, _with_activities(BASE, ours), _with_activities(BASE, theirs), MEASURE)
    assert res.clean
    assert _activities(res.text) == base + ["กองช่างตรวจสอบจุดให้บริการ", "ทั้งสองกองทำร่วมกัน",
                                            "กองการศึกษาเผยแพร่คู่มือในโรงเรียน"]


def test_the_same_item_changed_differently_is_a_conflict_of_the_list():
    base = _activities(BASE)
    ours = [base[0] + " (ของเรา)"] + base[1:]
    theirs = [base[0] + " (ของเขา)"] + base[1:]
    res = merge_texts(BASE, _with_activities(BASE, ours), _with_activities(BASE, theirs), MEASURE)
    (c,) = res.conflicts
    assert (c.key, c.mine, c.theirs, c.base) == ("activities", ours, theirs, base)
    removed = base[1:]                                  # one side removes what the other edits
    res = merge_texts(BASE, _with_activities(BASE, ours), _with_activities(BASE, removed),
                      MEASURE)
    assert [c.key for c in res.conflicts] == ["activities"]


def test_type_matters_and_deletion_against_edit_conflicts():
    base = 'a = 1\nb = "x"\n'
    res = merge_texts(base, 'a = 1.0\nb = "x"\n', 'a = 2\nb = "x"\n', "records/report.toml")
    assert [c.key for c in res.conflicts] == ["a"]
    res = merge_texts(base, 'a = 1\n', 'a = 1\nb = "y"\n', "records/report.toml")
    (c,) = res.conflicts
    assert (c.key, c.mine, c.theirs) == ("b", None, "y")


def test_unparsable_side_is_refused():
    with pytest.raises(UnmergeableError):
        merge_texts(BASE, BASE + "\nbroken = \n", _units(BASE), MEASURE)


# -- the driver in plain git --------------------------------------------------------------------
def _branches(repo: Path, mine: dict[str, str], theirs: dict[str, str]) -> None:
    git(repo, "switch", "-q", "-c", "theirs")
    for rel, text in theirs.items():
        (repo / rel).write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "switch", "-q", "main")
    for rel, text in mine.items():
        (repo / rel).write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "mine")


def test_driver_is_installed_without_touching_tracked_files(sample_repo):
    assert not driver_installed(sample_repo)
    assert install_driver(sample_repo) is True
    assert install_driver(sample_repo) is False          # idempotent
    assert driver_installed(sample_repo)
    for rel in ("records/agency.toml", MEASURE):
        assert git(sample_repo, "check-attr", "merge", "--", rel).strip().endswith(": itatui")
    assert git(sample_repo, "status", "--porcelain").strip() == ""


def test_plain_git_merge_uses_the_driver(sample_repo):
    install_driver(sample_repo)
    _branches(sample_repo, {MEASURE: _period(BASE, "ของเรา")}, {MEASURE: _units(BASE)})
    git(sample_repo, "merge", "-q", "--no-edit", "theirs")
    data = tomllib.loads((sample_repo / MEASURE).read_text(encoding="utf-8"))
    assert data["period"] == "ของเรา" and data["units"][-1] == "กองสาธารณสุข"


def test_plain_git_merge_conflict_leaves_no_markers(sample_repo):
    install_driver(sample_repo)
    _branches(sample_repo, {MEASURE: _period(BASE, "ของเรา")},
              {MEASURE: _units(_period(BASE, "ของเขา"))})
    out = subprocess.run(["git", "merge", "--no-edit", "theirs"], cwd=sample_repo,
                         capture_output=True, text=True)
    assert out.returncode != 0
    assert "period" in out.stderr                         # the driver's Thai note names it
    text = (sample_repo / MEASURE).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    data = tomllib.loads(text)
    assert data["period"] == "ของเรา" and data["units"][-1] == "กองสาธารณสุข"
    git(sample_repo, "merge", "--abort")
