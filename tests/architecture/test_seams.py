"""One definition each: a commit's edition (only itatui's ``ita-*`` release tags name it, else
its short id) whichever way the report is rendered, and one export pipeline for the command
line and the editor."""

from __future__ import annotations

from helpers import git

from itatui.core.audit.asof import Snapshot, head_edition
from itatui.core.audit.releases import edition_of
from itatui.core.history import History
from itatui.publishing.export import export, export_text, head_provenance


def test_only_release_tags_name_an_edition(sample_repo):
    head = git(sample_repo, "rev-parse", "HEAD").strip()
    git(sample_repo, "tag", "v1")                        # someone's own tag: not a release
    hist = History.open(sample_repo)
    assert edition_of(hist, head) == head[:7]
    assert head_edition(sample_repo).name == head[:7]
    assert Snapshot(sample_repo, "HEAD").edition == head[:7]
    git(sample_repo, "tag", "ita-2569-o26-v1")
    assert edition_of(hist, head) == "ita-2569-o26-v1"
    assert head_edition(sample_repo).name == "ita-2569-o26-v1"
    assert Snapshot(sample_repo, "v1").edition == "ita-2569-o26-v1"
    # the working tree's render and the render of the commit say the same
    assert "ita-2569-o26-v1" in export_text(sample_repo, "html")
    assert "ita-2569-o26-v1" in export_text(sample_repo, "html", at="HEAD")


def test_a_draft_carries_no_commit_and_says_why(sample_repo, tmp_path):
    memo = sample_repo / "records" / "memo.toml"
    memo.write_text(memo.read_text("utf-8").replace("เห็นควร", "เห็นควรให้", 1), "utf-8")
    assert head_provenance(sample_repo) == ({}, "มีการแก้ไขใน records/ ที่ยังไม่ได้บันทึก (commit)")
    steps, warnings = [], []
    out = export(sample_repo, "md", folder=tmp_path / "exports", digits="arabic",
                 step=lambda n, what: steps.append(n), warn=warnings.append)
    assert out == tmp_path / "exports" / "ita-report-2568.md"
    assert "เห็นควรให้" in out.read_text("utf-8") and warnings == [] and steps == [1, 2, 4]
