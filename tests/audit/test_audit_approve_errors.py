"""``approve`` and ``publish`` name the open errors of ``check`` and refuse unless
``--despite-errors`` (the sample, a real report, carries four errors)."""

from __future__ import annotations

import pytest
from helpers import (EMWARA, PREENAPA, ROLES, SOMCHAI, commit_count, git, itatui,
                     make_repo_with, ok, officer_workspace)

from itatui.core.audit.approvals import approve

ERRORS = {"records/measures/03-01.toml": "outcome-direction",
          "records/measures/05-01.toml": "outcome-year",
          "records/measures/06-01.toml": "required-missing",
          "records/measures/07-01.toml": "required-missing"}
FIXES = (("records/measures/06-01.toml", "name", "ส่งเสริมการเปิดเผยข้อมูล"),
         ("records/measures/07-01.toml", "name", "ส่งเสริมการป้องกันการทุจริต"),
         ("records/measures/03-01.toml", "outcome", "คะแนนเพิ่มขึ้น"),
         ("records/measures/05-01.toml", "outcome", "ดำเนินการครบถ้วน"))


@pytest.fixture
def repo_with_officers(tmp_path):
    return make_repo_with(tmp_path / "repo")


def names_every_error(stderr: str) -> bool:
    return all(path in stderr and code in stderr for path, code in ERRORS.items())


def test_approve_refuses_while_check_reports_errors(repo_with_officers):
    repo = repo_with_officers
    before = commit_count(repo)
    out = itatui("approve", "--repo", str(repo), officer=PREENAPA)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "ยังมีข้อผิดพลาดจาก itatui check 4 รายการ" in out.stderr
    assert names_every_error(out.stderr) and "--despite-errors" in out.stderr
    assert commit_count(repo) == before                   # nothing approved
    out = itatui("approve", "--repo", str(repo), "--despite-errors", officer=PREENAPA)
    assert out.returncode == 0, out.stderr
    assert names_every_error(out.stderr)                  # still named, as a warning
    assert commit_count(repo) == before + 1
    # once the errors are corrected, no flag is needed
    for path, key, value in FIXES:
        ok(itatui("set", "--repo", str(repo), path, key, value, officer=EMWARA))
    ok(itatui("approve", "--repo", str(repo), officer=PREENAPA))


def test_publish_refuses_while_the_approved_version_has_errors(repo_with_officers, tmp_path):
    repo = repo_with_officers
    approve(officer_workspace(repo, PREENAPA))
    approve(officer_workspace(repo, SOMCHAI), ROLES[1])
    approve(officer_workspace(repo, SOMCHAI), ROLES[2])
    pdf = tmp_path / "r.pdf"
    out = itatui("publish", "--repo", str(repo), "-o", str(pdf), officer=SOMCHAI)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "จึงยังไม่เผยแพร่" in out.stderr and names_every_error(out.stderr)
    assert not pdf.exists() and git(repo, "tag").strip() == ""
    out = itatui("publish", "--repo", str(repo), "-o", str(pdf), "--despite-errors",
                 officer=SOMCHAI)
    assert out.returncode == 0, out.stderr
    assert pdf.exists() and git(repo, "tag").strip()
