"""Field-level diffs and Thai word diffs, in the core and through ``itatui diff``."""

from __future__ import annotations

import json

from helpers import EMWARA, PREENAPA, git, itatui, ok, officer_workspace
from hypothesis import given, settings
from hypothesis import strategies as st

from itatui.core import worddiff
from itatui.core.audit.changes import commit_diff, diff_revs
from itatui.core.audit.fielddiff import ADDED, CHANGED, REMOVED, diff_data, flatten
from itatui.core.history import History

M = "records/measures/02-01.toml"


def test_word_diff_marks_only_the_changed_thai_words():
    old = "ในปี พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านเรือนมีคะแนนการเปิดเผยข้อมูลร้อยละ ๘๐"
    new = "ในปี พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านเรือนมีคะแนนการป้องกันการทุจริตร้อยละ ๙๕"
    segs = worddiff.word_diff(old, new)
    deleted, inserted = worddiff.changed_words(segs)
    assert deleted == ["การเปิดเผยข้อมูล", "๘๐"]
    assert inserted == ["การป้องกันการทุจริต", "๙๕"]
    # both versions come back exactly from the segments
    assert "".join(t for op, t in segs if op != "+") == old
    assert "".join(t for op, t in segs if op != "-") == new
    plain = worddiff.to_plain(segs)
    assert "[-การเปิดเผยข้อมูล-]{+การป้องกันการทุจริต+}" in plain
    assert "\x1b[" not in plain
    from itatui.cli.cmd_diff import paint      # the colouring is the command line's

    coloured = paint(segs, color=True)
    assert "\x1b[31m[-การเปิดเผยข้อมูล-]\x1b[0m" in coloured


def test_word_diff_never_splits_a_cluster():
    segs = worddiff.word_diff("กองการศึกษาดำเนินการ", "กองคลังดำเนินการ")
    assert worddiff.changed_words(segs) == (["กองการศึกษา"], ["กองคลัง"])


def test_word_diff_is_minimal_inside_a_kept_compound():
    """การป้องกันการทุจริต is one word of the segmenter's dictionary: inserting และปราบปราม
    inside it marks only that, not the whole compound replaced."""
    segs = worddiff.word_diff("การป้องกันการทุจริต", "การป้องกันและปราบปรามการทุจริต")
    assert worddiff.changed_words(segs) == ([], ["และปราบปราม"])
    assert worddiff.to_plain(segs) == "การป้องกัน{+และปราบปราม+}การทุจริต"
    back = worddiff.word_diff("การป้องกันและปราบปรามการทุจริต", "การป้องกันการทุจริต")
    assert worddiff.to_plain(back) == "การป้องกัน[-และปราบปราม-]การทุจริต"
    # a word of the compound replaced: only that word
    other = worddiff.word_diff("การป้องกันการทุจริต", "การป้องกันและปราบปรามการคอร์รัปชัน")
    assert worddiff.changed_words(other) == (["ทุจริต"], ["และปราบปราม", "คอร์รัปชัน"])
    # words inserted into a word the segmenter cuts otherwise (พัฒนาการ is one word)
    grown = worddiff.word_diff("การปรับปรุงการดำเนินงาน", "การปรับปรุงและพัฒนาการดำเนินงาน")
    assert worddiff.to_plain(grown) == "การปรับปรุง{+และพัฒนา+}การดำเนินงาน"
    # a number changed is the number, never a digit of it
    assert worddiff.changed_words(worddiff.word_diff("ได้ ๙๘.๐๖ คะแนน", "ได้ ๙๘.๐๗ คะแนน")) \
        == (["๙๘.๐๖"], ["๙๘.๐๗"])


_PIECES = ["การ", "ป้องกัน", "และ", "ปราบปราม", "ทุจริต", "พัฒนา", "กอง", "คลัง", "การศึกษา",
           "ดำเนินงาน", " ", "\n", "๙๘.๐๖", "๘๐", "น้ำ", "ร้อยละ", "ที่", "ได้"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12),
       st.lists(st.sampled_from(_PIECES), max_size=12))
def test_word_diff_segments_give_both_texts_back(old, new):
    old, new = "".join(old), "".join(new)
    segs = worddiff.word_diff(old, new)
    assert "".join(t for op, t in segs if op != worddiff.INSERT) == old
    assert "".join(t for op, t in segs if op != worddiff.DELETE) == new
    assert all(t for _, t in segs)
    assert all(x[0] != y[0] for x, y in zip(segs, segs[1:]))     # adjacent runs merged


def test_minimal_word_diff_in_the_cli_and_the_audit_tui(sample_repo):
    from itatui.tui.audit.render import diffs_text

    r = str(sample_repo)
    ok(itatui("set", "--repo", r, M, "outcome", "มาตรการการป้องกันการทุจริตของหน่วยงาน"))
    ok(itatui("set", "--repo", r, M, "outcome",
              "มาตรการการป้องกันและปราบปรามการทุจริตของหน่วยงาน"))
    out = ok(itatui("diff", "--repo", r, "HEAD"))
    assert "มาตรการการป้องกัน{+และปราบปราม+}การทุจริตของหน่วยงาน" in out
    assert "[-" not in out
    shown = diffs_text(commit_diff(History.open(sample_repo), "HEAD"))
    assert "มาตรการการป้องกัน{+และปราบปราม+}การทุจริตของหน่วยงาน" in shown.plain
    marked = [shown.plain[s.start:s.end] for s in shown.spans if "green" in str(s.style)]
    assert marked == ["{+และปราบปราม+}"]


def test_flatten_opens_tables_and_keeps_text_lists_whole():
    data = {"drafter": {"name": "ก"}, "approvals": [{"role": "ข", "name": "ค"}],
            "results": ["หนึ่ง", "สอง"], "2568": {"1": 90.5}}
    flat = flatten(data)
    assert flat == {"drafter.name": "ก", "approvals.0.role": "ข", "approvals.0.name": "ค",
                    "results": ["หนึ่ง", "สอง"], "2568.1": 90.5}


def test_list_items_are_aligned_not_shifted():
    old = {"results": ["หนึ่ง", "สอง", "สาม"]}
    new = {"results": ["ศูนย์", "หนึ่ง", "สอง", "สามสิบ"]}
    changes = diff_data(old, new, M)
    assert [(c.key, c.change) for c in changes] == [("results.0", ADDED),
                                                     ("results.3", CHANGED)]
    assert changes[0].label == "ผลการดำเนินการ ข้อ ๑"
    removed = diff_data(new, old, M)
    assert ("results.0", REMOVED) in [(c.key, c.change) for c in removed]


def test_commit_and_range_diffs_follow_renames(sample_repo):
    ws = officer_workspace(sample_repo, EMWARA)
    ws.set_field(M, "outcome", "ในปี พ.ศ. ๒๕๖๘ มีคะแนนร้อยละ ๙๐")
    first = ws.history.head()
    git(sample_repo, "mv", M, "records/measures/02-02.toml")
    git(sample_repo, "commit", "-qm", "เปลี่ยนเลขมาตรการ")
    ws2 = officer_workspace(sample_repo, PREENAPA)
    ws2.set_field("records/measures/02-02.toml", "outcome", "ในปี พ.ศ. ๒๕๖๘ มีคะแนนร้อยละ ๙๕")
    hist = History.open(sample_repo)

    (one,) = commit_diff(hist, first)
    assert one.path == M and [c.key for c in one.changes] == ["outcome"]
    (rd,) = diff_revs(hist, first, "HEAD")
    assert rd.status == "renamed" and rd.old_path == M and rd.path.endswith("02-02.toml")
    (c,) = rd.changes
    assert worddiff.changed_words(c.segments) == (["๙๐"], ["๙๕"])
    assert diff_revs(hist, first, "HEAD", "records/measures/02-02.toml")
    assert diff_revs(hist, first, "HEAD", "records/memo.toml") == []


def test_cli_diff_text_file_shows_marks_and_json(sample_repo):
    ok(itatui("set", "--repo", str(sample_repo), M, "period",
              "ตุลาคม ๒๕๖๗ ถึง มีนาคม ๒๕๖๘"))
    out = ok(itatui("diff", "--repo", str(sample_repo), "HEAD"))
    assert "ประเด็นที่ ๒ มาตรการที่ ๑" in out
    assert "วัน/เดือน/ปี ที่ดำเนินการ (period)" in out
    assert "{+ถึง+}" in out and "[-กันยายน-]{+มีนาคม+}" in out
    assert "\x1b[" not in out           # not a terminal: no colour codes
    coloured = ok(itatui("diff", "--repo", str(sample_repo), "HEAD~1", "HEAD", M,
                         "--color", "always"))
    assert "\x1b[32m{+มีนาคม+}\x1b[0m" in coloured
    data = json.loads(ok(itatui("diff", "--repo", str(sample_repo), "HEAD~1..HEAD",
                                "--format", "json")))
    assert data[0]["record"] == M and data[0]["changes"][0]["field"] == "period"
    words = data[0]["changes"][0]["words"]
    assert {"op": "+", "text": "มีนาคม"} in words


def test_cli_diff_unknown_revision_is_an_error(sample_repo):
    out = itatui("diff", "--repo", str(sample_repo), "nosuchrev")
    assert out.returncode == 2 and "nosuchrev" in out.stderr
