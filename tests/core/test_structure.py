"""Adding, removing and reordering issues, measures and approvals: one commit each, renames that
git follows, numbering comments updated, uncommitted work never swept in. No Textual."""

from __future__ import annotations

import tomllib

import pytest

from helpers import commit_count, git
from itatui.core import structure
from itatui.core.errors import RecordError
from itatui.core.model import load_catalogue
from itatui.core.scoring import COMPUTED, PARTIAL, STORED, year_totals
from itatui.core.workspace import Workspace


def load(root, rel):
    return tomllib.loads((root / rel).read_text(encoding="utf-8"))


def files(root, sub):
    return sorted(p.name for p in (root / "records" / sub).glob("*.toml"))


def last_commit_files(root):
    return sorted(git(root, "show", "--name-only", "--format=", "HEAD").split())


def test_add_issue_in_the_middle_renumbers_the_rest(sample_repo):
    ws = Workspace(sample_repo)
    old3 = load(sample_repo, "records/issues/03.toml")["title"]
    old3m = (sample_repo / "records/measures/03-01.toml").read_text(encoding="utf-8")
    before = commit_count(sample_repo)
    res = structure.add_issue(ws, "ประเด็นใหม่ด้านการเปิดเผยข้อมูล", position=3)
    assert commit_count(sample_repo) == before + 1
    assert files(sample_repo, "issues") == [f"{n:02d}.toml" for n in range(1, 9)]
    assert load(sample_repo, "records/issues/03.toml")["title"] == "ประเด็นใหม่ด้านการเปิดเผยข้อมูล"
    assert load(sample_repo, "records/issues/04.toml")["title"] == old3
    moved = (sample_repo / "records/measures/04-01.toml").read_text(encoding="utf-8")
    assert moved.splitlines()[0] == "# มาตรการที่ ๑ ของประเด็นที่ ๔"
    assert moved.splitlines()[1:] == old3m.splitlines()[1:]
    assert (sample_repo / "records/issues/04.toml").read_text(encoding="utf-8") \
        .startswith("# ประเด็นที่ ๔\n")
    assert res.focus == "records/issues/03.toml"
    assert ("records/issues/03.toml", "records/issues/04.toml") in res.renames
    msg = git(sample_repo, "log", "-1", "--format=%B")
    assert msg.startswith("เพิ่ม ประเด็นที่ ๓: ประเด็นใหม่")
    assert "Itatui-Action: add" in msg and "Record: records/issues/08.toml" in msg
    assert git(sample_repo, "status", "--porcelain").strip() == ""
    assert "Renamed: records/measures/03-01.toml -> records/measures/04-01.toml" in msg
    assert git(sample_repo, "log", "-1", "--format=%an").strip() == "นางเอมวรา ชัยวงศ์"


def test_remove_issue_removes_its_measures_and_closes_the_gap(sample_repo):
    ws = Workspace(sample_repo)
    old7 = load(sample_repo, "records/issues/07.toml")
    structure.remove_issue(ws, 6)
    assert files(sample_repo, "issues") == [f"{n:02d}.toml" for n in range(1, 7)]
    assert load(sample_repo, "records/issues/06.toml") == old7
    assert "07-01.toml" not in files(sample_repo, "measures")
    assert "06-01.toml" in files(sample_repo, "measures")
    msg = git(sample_repo, "log", "-1", "--format=%B")
    assert msg.startswith("ลบ ประเด็นที่ ๖ และมาตรการ ๑ มาตรการ")
    assert "Itatui-Action: remove" in msg
    assert git(sample_repo, "status", "--porcelain").strip() == ""


def test_move_issue_swaps_without_losing_a_file(sample_repo):
    ws = Workspace(sample_repo)
    t = {n: load(sample_repo, f"records/issues/{n:02d}.toml")["title"] for n in range(1, 8)}
    m = {n: load(sample_repo, f"records/measures/{n:02d}-01.toml") for n in range(1, 8)}
    res = structure.move_issue(ws, 3, 1)
    assert res.focus == "records/issues/01.toml"
    after = {n: load(sample_repo, f"records/issues/{n:02d}.toml")["title"] for n in range(1, 8)}
    assert [after[n] for n in range(1, 8)] == [t[3], t[1], t[2], t[4], t[5], t[6], t[7]]
    assert load(sample_repo, "records/measures/01-01.toml") == m[3]
    assert git(sample_repo, "log", "-1", "--format=%s").strip() == \
        "ย้าย ประเด็นที่ ๓ ไปเป็นประเด็นที่ ๑"
    with pytest.raises(RecordError):
        structure.move_issue(ws, 1, 1)
    with pytest.raises(RecordError):
        structure.move_issue(ws, 1, 9)


def test_measures_add_move_remove(sample_repo):
    ws = Workspace(sample_repo)
    first = load(sample_repo, "records/measures/02-01.toml")
    res = structure.add_measure(ws, 2, position=1, values={"name": "มาตรการใหม่"})
    assert res.focus == "records/measures/02-01.toml"
    new = load(sample_repo, "records/measures/02-01.toml")
    assert new["name"] == "มาตรการใหม่" and new["units"] == [] and new["outcome"] == ""
    assert load(sample_repo, "records/measures/02-02.toml") == first
    assert last_commit_files(sample_repo) == ["records/measures/02-01.toml",
                                              "records/measures/02-02.toml"]
    structure.move_measure(ws, 2, 1, 2)
    assert load(sample_repo, "records/measures/02-01.toml") == first
    assert load(sample_repo, "records/measures/02-02.toml")["name"] == "มาตรการใหม่"
    structure.remove_measure(ws, 2, 1)
    assert load(sample_repo, "records/measures/02-01.toml")["name"] == "มาตรการใหม่"
    assert "02-02.toml" not in files(sample_repo, "measures")
    assert git(sample_repo, "log", "-1", "--format=%s").strip() == "ลบ ประเด็นที่ ๒ มาตรการที่ ๑"


def test_uncommitted_work_is_never_swept_in(sample_repo):
    ws = Workspace(sample_repo)
    path = sample_repo / "records/measures/04-01.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    before = commit_count(sample_repo)
    with pytest.raises(RecordError, match="ยังไม่ได้บันทึก"):
        structure.add_issue(ws, "x", position=1)
    assert commit_count(sample_repo) == before
    assert files(sample_repo, "issues") == [f"{n:02d}.toml" for n in range(1, 8)]
    assert path.read_text(encoding="utf-8").endswith("# hand edit\n")


def test_refused_without_identity(sample_repo, no_identity):
    ws = Workspace(sample_repo)
    before = commit_count(sample_repo)
    from itatui.core.errors import IdentityError
    with pytest.raises(IdentityError):
        structure.remove_issue(ws, 1)
    assert commit_count(sample_repo) == before
    assert len(files(sample_repo, "issues")) == 7


def test_approvals_add_move_remove(sample_repo):
    ws = Workspace(sample_repo)
    names = [a["name"] for a in load(sample_repo, "records/signers.toml")["approvals"]]
    structure.add_approval(ws, {"role": "รองนายกเทศมนตรี", "name": "นายทดสอบ ใจดี",
                                "position": "รองนายกเทศมนตรี"}, position=3)
    after = load(sample_repo, "records/signers.toml")["approvals"]
    assert [a["name"] for a in after] == names[:2] + ["นายทดสอบ ใจดี"] + names[2:]
    assert after[2]["comment"] == "" and after[2]["acting_for"] == ""
    msg = git(sample_repo, "log", "-1", "--format=%B")
    assert msg.startswith("เพิ่ม ผู้ให้ความเห็น คนที่ ๓") and "Field: approvals" in msg
    structure.move_approval(ws, 2, 0)
    after = load(sample_repo, "records/signers.toml")["approvals"]
    assert after[0]["name"] == "นายทดสอบ ใจดี"
    structure.remove_approval(ws, 0)
    assert [a["name"] for a in load(sample_repo, "records/signers.toml")["approvals"]] == names
    text = (sample_repo / "records/signers.toml").read_text(encoding="utf-8")
    assert text.count("[[approvals]]") == len(names) and "[drafter]" in text
    assert last_commit_files(sample_repo) == ["records/signers.toml"]


def test_year_totals_stored_or_computed(sample_repo):
    data = load(sample_repo, "records/scores.toml")
    cat = load_catalogue(load(sample_repo, "records/catalogue.toml"))
    totals = {t.year: t for t in year_totals(data, cat)}
    t68 = totals[2568]
    assert t68.source == PARTIAL and 6 in t68.missing and 10 in t68.missing
    iit = (100 * 5) / 5
    eit = (97.33 + 98.06) / 2
    oit = 95.00
    assert t68.total == pytest.approx(round((30 * iit + 30 * eit + 40 * oit) / 100, 2))
    assert t68.grade == cat.grade(t68.total)
    data["2568"]["total"] = 91.5
    data["2568"].update({"6": 90.0, "10": 90.0})
    totals = {t.year: t for t in year_totals(data, cat)}
    assert totals[2568].source == STORED and totals[2568].total == 91.5
    assert totals[2568].grade == "A"
    del data["2568"]["total"]
    assert {t.year: t for t in year_totals(data, cat)}[2568].source == COMPUTED


def test_history_follows_renumbering(sample_repo):
    """git --follow cannot follow 03-01 -> 04-01 when 04-01 existed before; the Renamed
    trailers can."""
    from itatui.core.recordlog import record_history

    ws = Workspace(sample_repo)
    ws.save(ws.load("records/measures/03-01.toml"), {"period": "แก้ก่อนย้าย"})
    ws.save(ws.load("records/measures/04-01.toml"), {"period": "ของประเด็นที่สี่"})
    structure.add_issue(ws, "ประเด็นใหม่", position=3)       # 03-01 -> 04-01, 04-01 -> 05-01
    structure.move_issue(ws, 4, 1)                          # and then to 01-01
    history = record_history(ws.history, "records/measures/01-01.toml")
    summaries = [v.summary for v in history]
    assert summaries[0] == "ย้าย ประเด็นที่ ๔ ไปเป็นประเด็นที่ ๑"
    assert summaries[1].startswith("เพิ่ม ประเด็นที่ ๓")
    assert summaries[2] == "แก้ไข ประเด็นที่ ๓ มาตรการที่ ๑: วัน/เดือน/ปี ที่ดำเนินการ"
    assert len(history) == 4                                # and the first import
    assert [v.path for v in history] == ["records/measures/01-01.toml",
                                         "records/measures/04-01.toml",
                                         "records/measures/03-01.toml",
                                         "records/measures/03-01.toml"]
    assert history[0].old_path == "records/measures/04-01.toml"
    other = record_history(ws.history, "records/measures/05-01.toml")
    assert [v.summary for v in other][1] == \
        "แก้ไข ประเด็นที่ ๔ มาตรการที่ ๑: วัน/เดือน/ปี ที่ดำเนินการ"


def test_renumbering_a_large_report_is_one_commit_beyond_the_command_line_limit(tmp_path):
    """Removing issue 1 of 40 issues x 10 measures renames 429 files: the message (every rename
    in the body and in a Renamed trailer) is over 128 KiB, more than Linux allows in one
    argument, so the commit reads its message and paths from files."""
    from helpers import RECORDS, make_repo

    records = tmp_path / "records-src"
    (records / "issues").mkdir(parents=True)
    (records / "measures").mkdir()
    for p in RECORDS.glob("*.toml"):
        (records / p.name).write_bytes(p.read_bytes())
    issue = (RECORDS / "issues/01.toml").read_text(encoding="utf-8")
    measure = (RECORDS / "measures/03-01.toml").read_text(encoding="utf-8")
    for i in range(1, 41):
        (records / f"issues/{i:02d}.toml").write_text(issue.replace("ประเด็น", f"ประเด็น {i}", 1),
                                                      encoding="utf-8")
        for m in range(1, 11):
            (records / f"measures/{i:02d}-{m:02d}.toml").write_text(
                measure.replace("ผลลัพธ์", f"ผลลัพธ์ {i}-{m}", 1), encoding="utf-8")
    root = make_repo(tmp_path / "repo", records)
    before = commit_count(root)
    moved = load(root, "records/measures/40-10.toml")
    result = structure.remove_issue(Workspace(root), 1)
    assert len(result.renames) == 39 * 11 and commit_count(root) == before + 1
    msg = git(root, "log", "-1", "--format=%B")
    assert len(msg.encode("utf-8")) > 128 * 1024
    assert msg.count("Renamed: ") == 39 * 11
    assert "Renamed: records/measures/40-10.toml -> records/measures/39-10.toml" in msg
    assert load(root, "records/measures/39-10.toml") == moved
    assert not (root / "records/issues/40.toml").exists()
    assert git(root, "status", "--porcelain").strip() == ""
