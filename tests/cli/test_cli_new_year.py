"""``itatui new-year``, ``itatui years`` and ``render --year`` as the officer runs them: year 2568
stays whole after 2569 starts (its renders byte for byte, its published release verifies)."""

from __future__ import annotations

import json

import pytest
from helpers import (SOMCHAI, approve_chain, commit_count, git, itatui, make_repo_with, ok,
                     officer_workspace)

M = "records/measures/01-01.toml"


@pytest.fixture
def repo(tmp_path):
    return make_repo_with(tmp_path / "repo")


def refused(proc, *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("itatui: ")
    for w in words:
        assert w in proc.stderr, proc.stderr


def test_new_year_commits_once_prints_what_changed_and_render_of_2568_is_unchanged(repo, tmp_path):
    r = str(repo)
    before_md = ok(itatui("render", "--repo", r, "--format", "md"))
    before_html = ok(itatui("render", "--repo", r, "--format", "html"))
    last_2568 = git(repo, "rev-parse", "HEAD").strip()
    count = commit_count(repo)

    dry = itatui("new-year", "--repo", r, "--dry-run")
    assert "(ทดลอง ไม่บันทึก)" in ok(dry) and commit_count(repo) == count
    out = ok(itatui("new-year", "--repo", r))
    assert commit_count(repo) == count + 1
    assert out.startswith("บันทึกแล้ว ") and "เริ่มปีงบประมาณ พ.ศ. ๒๕๖๙" in out
    assert "fiscal_year = 2569" in out and 'period = "ตุลาคม ๒๕๖๘ - กันยายน ๒๕๖๙"' in out
    assert "records/scores.toml" in out          # said to be kept as it is
    assert dry.stdout.splitlines()[1:] == out.splitlines()[1:]

    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in ok(itatui("render", "--repo", r, "--format", "md"))
    for fmt, before in (("md", before_md), ("html", before_html)):
        assert ok(itatui("render", "--repo", r, "--format", fmt, "--at", last_2568)) == before
        assert ok(itatui("render", "--repo", r, "--format", fmt, "--year", "2568")) == before

    years = json.loads(ok(itatui("years", "--repo", r, "--format", "json")))
    head = git(repo, "rev-parse", "HEAD").strip()
    assert [(y["year"], y["last"]) for y in years] == [(2568, last_2568), (2569, head)]
    text = ok(itatui("years", "--repo", r))
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in text and "ปีงบประมาณ พ.ศ. ๒๕๖๙" in text

    refused(itatui("render", "--repo", r, "--format", "md", "--year", "2567"),
            "ไม่มีปีงบประมาณ พ.ศ. ๒๕๖๗", "๒๕๖๘, ๒๕๖๙")
    refused(itatui("render", "--repo", r, "--format", "md", "--year", "2568", "--at", "HEAD"),
            "--at หรือ --year")


def test_a_second_new_year_and_unsaved_changes_are_refused(repo):
    r = str(repo)
    ok(itatui("new-year", "--repo", r))
    ok(itatui("set", "--repo", r, "records/report.toml", "fiscal_year", "2568"))
    count = commit_count(repo)
    refused(itatui("new-year", "--repo", r), "๒๕๖๙ เริ่มไปแล้ว")
    assert commit_count(repo) == count
    path = repo / M
    path.write_text(path.read_text("utf-8") + "# แก้ด้วยมือ\n", "utf-8")
    refused(itatui("new-year", "--repo", r), M)
    assert commit_count(repo) == count and path.read_text("utf-8").endswith("# แก้ด้วยมือ\n")


def test_a_release_published_in_2568_still_verifies_after_the_new_year(repo, tmp_path):
    from itatui.publishing.publish import publish

    approve_chain(repo)
    rel = publish(officer_workspace(repo, SOMCHAI), tmp_path / "release.pdf")
    r = str(repo)
    ok(itatui("new-year", "--repo", r))
    officer_workspace(repo).set_field(M, "results", "ปีใหม่: ดำเนินการแล้ว")
    out = itatui("verify", "--repo", r, str(rel.pdf), "--history")
    assert out.returncode == 0, (out.stdout, out.stderr)
    assert rel.name in out.stdout
    years = json.loads(ok(itatui("years", "--repo", r, "--format", "json")))
    assert [(y["year"], y["releases"]) for y in years] == [(2568, [rel.name]), (2569, [])]
    # the release's report, rendered again from 2568's last commit, is the one published
    assert ok(itatui("render", "--repo", r, "--format", "md", "--at", rel.name)) == \
        ok(itatui("render", "--repo", r, "--format", "md", "--at", rel.commit))


def test_check_flags_last_years_outcome_pasted_back(repo):
    r = str(repo)
    old = (repo / M).read_text("utf-8")
    outcome = old.split('outcome = """\n', 1)[1].split('"""', 1)[0]
    ok(itatui("new-year", "--repo", r))
    data = json.loads(itatui("check", "--repo", r, "--format", "json").stdout)
    assert not [p for p in data if p["code"] == "copied-text"]
    ok(itatui("set", "--repo", r, M, "outcome", outcome))
    data = json.loads(itatui("check", "--repo", r, "--format", "json").stdout)
    assert {(p["code"], p["record"], p["field"]) for p in data} >= {
        ("copied-text", M, "outcome"), ("outcome-year", M, "outcome")}


def test_new_year_lists_and_creates_the_plans_records_and_check_plan_reads_them(repo):
    r = str(repo)
    dry = ok(itatui("new-year", "--repo", r, "--dry-run"))
    for line in ("แผน (มาตรการส่งเสริมคุณธรรม) (records/plan/plan.toml): สร้างใหม่",
                 "บันทึกข้อความเสนอแผน (records/plan/memo.toml): สร้างใหม่",
                 "ผู้ลงนามแผน (records/plan/signers.toml): สร้างใหม่", '  ita_item = "O25"',
                 '  date = ""'):
        assert line in dry.splitlines(), line
    assert not (repo / "records/plan").exists()
    out = ok(itatui("new-year", "--repo", r))
    assert dry.splitlines()[1:] == out.splitlines()[1:]
    assert (repo / "records/plan/plan.toml").is_file()
    assert git(repo, "log", "-1", "--format=%(trailers:key=Record,valueonly)").split() \
        .count("records/plan/memo.toml") == 1
    # the plan: no result or outcome is missing; its own memo's date is
    plan = json.loads(itatui("check", "--repo", r, "--format", "json", "--document",
                             "plan").stdout)
    fields = {(p["code"], p["record"], p["field"]) for p in plan}
    assert ("required-missing", "records/plan/memo.toml", "date") in fields
    assert not [f for f in fields if f[2] in ("results", "outcome")]
    report = json.loads(itatui("check", "--repo", r, "--format", "json").stdout)
    assert ("required-missing", M, "outcome") in {(p["code"], p["record"], p["field"])
                                                  for p in report}
    assert not [p for p in report if p["record"].startswith("records/plan/")]
