"""The auditor's views follow a record through itatui's renumberings (Renamed trailers), which
``git log --follow`` cannot: a shift (02-01 -> 02-02 while a new 02-01 appears) and a swap."""

from __future__ import annotations

import json
import os
import re

import pytest
from helpers import EMWARA, PREENAPA, itatui, ok

from itatui.core import structure
from itatui.core.history import History
from itatui.core.workspace import Workspace

M = "records/measures/02-01.toml"
M2 = "records/measures/02-02.toml"


def _run(repo, *args, **kw):
    return ok(itatui(*args[:1], "--repo", str(repo), *args[1:], **kw))


@pytest.fixture
def renumbered(sample_repo):
    r = sample_repo
    _run(r, "set", M, "period", "ตุลาคม ๒๕๖๗ ถึง มีนาคม ๒๕๖๘", officer=EMWARA,
         date="2026-01-10T10:00:00+07:00")
    _run(r, "set", M, "outcome", "ผลลัพธ์ของคุณปรีณภา", officer=PREENAPA,
         date="2026-01-31T16:00:00+07:00")
    before = History.open(r).head()
    original = (r / M).read_text(encoding="utf-8")
    ws = Workspace(r)
    insert = structure.add_measure(ws, 2, position=1)        # 02-01 -> 02-02, a new 02-01
    assert dict(insert.renames)[M] == M2
    swap = structure.move_issue(ws, 2, 1)                     # issues 1 and 2 swap
    History.close_all()
    # after the swap, the measure is 01-02; swap back so that it is 02-02 again
    ws = Workspace(r)
    back = structure.move_issue(ws, 1, 2)
    History.close_all()
    return r, before, original, insert.sha, swap.sha, back.sha


def test_log_lists_edits_made_under_the_old_number(renumbered):
    r, _, _, insert, swap, back = renumbered
    entries = json.loads(_run(r, "log", M2, "--format", "json"))
    summaries = [e["summary"] for e in entries]
    assert [e["commit"] for e in entries[:3]] == [back, swap, insert]
    authors = [e["author"] for e in entries[3:5]]
    assert authors == [PREENAPA[0], EMWARA[0]]
    assert [e["paths"] for e in entries[3:5]] == [[M], [M]]
    assert summaries[-1] == "นำเข้ารายงานตัวอย่าง"
    # the new measure 02-01 starts at the insert: it does not inherit 02-01's edits
    new = json.loads(_run(r, "log", M, "--format", "json"))
    assert PREENAPA[0] not in [e["author"] for e in new]
    assert new[-1]["commit"] == insert
    # --field follows the old name too
    only = json.loads(_run(r, "log", M2, "--field", "outcome", "--format", "json"))
    assert [e["author"] for e in only] == [PREENAPA[0]]
    # History.log(path) (the TUI and the plain API) follows it as well
    assert [e.author for e in History.open(r).log(M2)][3:5] == [PREENAPA[0], EMWARA[0]]


def test_blame_names_the_officer_of_each_field(renumbered):
    r = renumbered[0]
    lines = {ln["field"]: ln for ln in json.loads(_run(r, "blame", M2, "--format", "json"))}
    assert lines["outcome"]["author"] == PREENAPA[0]
    assert lines["outcome"]["path"] == M
    assert lines["period"]["author"] == EMWARA[0]
    assert lines["name"]["summary"] == "นำเข้ารายงานตัวอย่าง"


def test_diff_of_the_insert_shows_renames(renumbered):
    r, _, _, insert, swap, _ = renumbered
    diffs = {d["record"]: d for d in json.loads(_run(r, "diff", insert, "--format", "json"))}
    assert diffs[M2]["status"] == "renamed" and diffs[M2]["old_record"] == M
    assert diffs[M2]["changes"] == []                  # nothing rewritten but the file name
    assert diffs[M]["status"] == "added"
    swapped = json.loads(_run(r, "diff", swap, "--format", "json"))
    assert swapped and all(d["status"] == "renamed" and d["changes"] == [] for d in swapped)


def test_restore_a_version_from_before_the_renumbering(renumbered):
    r, before, original, *_ = renumbered
    _run(r, "set", M2, "outcome", "แก้ทับภายหลัง", officer=EMWARA)
    ok(itatui("restore", "--repo", str(r), M2, before, officer=EMWARA))
    text = (r / M2).read_text(encoding="utf-8")
    assert "ผลลัพธ์ของคุณปรีณภา" in text and "แก้ทับภายหลัง" not in text
    assert text.split("\n", 1)[1] == original.split("\n", 1)[1]   # but its number comment


def test_an_edit_under_the_old_name_on_the_other_side_of_a_merge(sample_repo):
    """git log --follow keeps one name for the whole walk: an edit made under the old name on
    the other side of a merge, after the rename, is missed. The graph walk finds it."""
    from helpers import git

    r = sample_repo
    moved = "records/measures/02-09.toml"

    def commit(who, date, *args):
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        git(r, "-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}", *args,
            env={**os.environ, **env})

    git(r, "branch", "side")
    git(r, "mv", M, moved)
    commit(EMWARA, "2026-01-02T10:00:00+07:00", "commit", "-qm", "ย้ายด้วย git mv")
    git(r, "checkout", "-q", "side")
    text = (r / M).read_text(encoding="utf-8")
    (r / M).write_text(re.sub(r'(?m)^period = ".*"$', 'period = "แก้อีกฝั่ง"', text),
                       encoding="utf-8")
    commit(PREENAPA, "2026-01-03T10:00:00+07:00", "commit", "-qam", "แก้อีกฝั่งของการรวม")
    git(r, "checkout", "-q", "main")
    commit(EMWARA, "2026-01-04T10:00:00+07:00", "merge", "-q", "--no-edit", "side")
    assert 'period = "แก้อีกฝั่ง"' in (r / moved).read_text(encoding="utf-8")
    plain = git(r, "log", "--follow", "--format=%s", "--", moved)
    assert "แก้อีกฝั่งของการรวม" not in plain            # what git alone shows
    entries = json.loads(_run(r, "log", moved, "--format", "json"))
    side = [e for e in entries if e["summary"] == "แก้อีกฝั่งของการรวม"]
    assert side and side[0]["paths"] == [M] and side[0]["author"] == PREENAPA[0]
    lines = {ln["field"]: ln for ln in json.loads(_run(r, "blame", moved, "--format", "json"))}
    assert lines["period"]["author"] == PREENAPA[0]
