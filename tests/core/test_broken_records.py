"""A broken record (issue 14, item 8): what is wrong explained in Thai with line and column, the
same words in ``itatui check``, and its last committed version given back with one commit
while the broken text is kept under ``.git/itatui/broken/``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import OFFICER, commit_count, git
from itatui.core.errors import RecordError
from itatui.core.records import RecordStore
from itatui.core.recovery import restore_committed, restore_point
from itatui.core.tomlio import syntax_problem
from itatui.core.workspace import Workspace

ISSUE = "records/issues/03.toml"

# (kind, text, line, column, words the Thai explanation must hold)
CASES = [
    ("unclosed-string", 'title = "ช่องทาง\nnumber = 3\n', 1, 9, "ไม่ได้ปิด"),
    ("unclosed-string", 'a = 1\ntitle = """ยาว\nยาวมาก\n', 2, 9, "ไม่ได้ปิด"),
    ("duplicate-key", 'title = "ก"\nnumber = 3\ntitle = "ข"\n', 3, 1, "กำหนดไว้แล้วที่บรรทัด 1"),
    ("duplicate-key", '[drafter]\nname = "ก"\n[drafter]\nrole = "ข"\n', 3, 1, "\"drafter\" ซ้ำ"),
    ("invalid-value", 'title = ช่องทาง\n', 1, 9, "เครื่องหมายคำพูด"),
    ("unexpected-character", 'title = "ก" ข\n', 1, 13, "พบ \"ข\""),
    ("unexpected-character", 'ชื่อ = "ก"\n', 1, 1, "ภาษาไทยต้องอยู่ในเครื่องหมายคำพูด"),
    ("invalid-escape", 'title = "C:\\data"\n', 1, 12, "\\\\"),
    ("control-character", 'title = "ก\x01"\n', 1, 11, "U+0001"),
    ("unclosed-bracket", 'items = ["ก",\n"ข"\nnumber = 3\n', 3, 1, "]"),
    ("missing-equals", 'title\n', 1, 6, "="),
    ("invalid-date", 'date = 2024-13-45\n', 1, 8, "วันที่"),
]


@pytest.mark.parametrize("kind,text,line,column,words", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_kind_of_mistake_is_explained_in_thai_with_line_and_column(kind, text, line,
                                                                         column, words):
    found = syntax_problem(text)
    assert found is not None
    assert (found.kind, found.line, found.column) == (kind, line, column)
    assert words in found.message
    assert found.message.startswith("TOML ไม่ถูกต้อง: ")
    assert "Illegal" not in found.message and "Cannot" not in found.message


def test_valid_text_has_no_problem():
    assert syntax_problem('title = "ก"\n[drafter]\nname = "ข"\n') is None


def test_an_unknown_complaint_still_gives_line_and_column():
    from itatui.core.tomlio import _explain

    found = _explain("a = 1\nb = 2\n", "Something new", 7, 2, 2, None)
    assert (found.kind, found.line, found.column) == ("other", 2, 2)
    assert "Something new" in found.message and "ตัวอ่าน TOML แจ้งว่า" in found.message


def test_undecodable_bytes_name_the_byte_line_and_column(sample_repo):
    path = sample_repo / ISSUE
    path.write_bytes('number = 3\ntitle = "ช่อง'.encode() + b"\xa1\xb9\"\n")
    rec = RecordStore(sample_repo).load(ISSUE)
    assert rec.error.kind == "undecodable"
    assert (rec.error.line, rec.error.column) == (2, 14)
    assert "ไบต์ A1" in rec.error.message and "TIS-620" in rec.error.message
    assert f"{ISSUE} บรรทัด 2 คอลัมน์ 14" in str(rec.error)


def test_check_gives_the_same_thai_explanation_with_column(sample_repo):
    (sample_repo / ISSUE).write_text('number = 3\ntitle = "ไม่ปิด\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "itatui", "check", "--repo", str(sample_repo),
                          "--format", "json"], capture_output=True, text=True)
    syntax = [p for p in json.loads(out.stdout) if p["code"] == "toml-syntax"]
    assert syntax == [{"code": "toml-syntax", "severity": "error", "record": ISSUE, "field": "",
                       "message": syntax_problem('number = 3\ntitle = "ไม่ปิด\n').message,
                       "line": 2, "column": 9}]
    text = subprocess.run([sys.executable, "-m", "itatui", "check", "--repo",
                           str(sample_repo)], capture_output=True, text=True)
    assert f"{ISSUE}:2:9: error toml-syntax: TOML ไม่ถูกต้อง: ข้อความที่เปิดด้วย" in text.stdout


# -- restoring the last committed version ---------------------------------------------------
def test_restore_a_record_broken_only_on_disk_keeps_the_copy_and_needs_no_commit(sample_repo):
    good = (sample_repo / ISSUE).read_bytes()
    broken = 'number = 3\ntitle = "แก้ด้วยมือ ไม่ปิด\n'.encode()
    (sample_repo / ISSUE).write_bytes(broken)
    before = commit_count(sample_repo)
    done = restore_committed(Workspace(sample_repo), ISSUE)
    assert (sample_repo / ISSUE).read_bytes() == good
    assert done.commit is None and commit_count(sample_repo) == before
    assert done.copy.read_bytes() == broken
    assert done.copy.parent == sample_repo / ".git" / "itatui" / "broken" / "records" / "issues"
    assert done.copy.name.startswith("03-") and done.copy.suffix == ".toml"
    assert git(sample_repo, "status", "--porcelain") == ""


def test_restore_a_committed_broken_record_is_one_commit(sample_repo):
    good = (sample_repo / ISSUE).read_bytes()
    first = git(sample_repo, "rev-parse", "HEAD").strip()
    broken = b'number = 3\ntitle = "committed ' + b'broken\n'
    (sample_repo / ISSUE).write_bytes(broken)
    git(sample_repo, "commit", "-qam", "hand edit")          # another tool committed it
    before = commit_count(sample_repo)
    done = restore_committed(Workspace(sample_repo), ISSUE)
    assert commit_count(sample_repo) == before + 1
    assert done.source == first and done.commit == git(sample_repo, "rev-parse", "HEAD").strip()
    assert (sample_repo / ISSUE).read_bytes() == good
    assert done.copy.read_bytes() == broken
    message = git(sample_repo, "log", "-1", "--format=%B")
    assert message.startswith("คืนฉบับที่บันทึกล่าสุดของ ประเด็นที่")
    assert "Itatui-Action: restore-broken" in message and f"Record: {ISSUE}" in message
    assert ".git/itatui/broken/" in message
    assert git(sample_repo, "log", "-1", "--format=%an <%ae>").strip() == \
        f"{OFFICER[0]} <{OFFICER[1]}>"
    assert git(sample_repo, "show", "--name-only", "--format=", "HEAD").split() == [ISSUE]
    assert git(sample_repo, "status", "--porcelain") == ""


def test_a_record_never_committed_cannot_be_restored_and_says_why(sample_repo):
    new = "records/measures/03-09.toml"
    (sample_repo / new).write_text('name = "ไม่ปิด\n', encoding="utf-8")
    point = restore_point(Workspace(sample_repo), new)
    assert point.commit is None and "ยังไม่เคยถูกบันทึกเป็นคอมมิต" in point.why
    with pytest.raises(RecordError, match="ยังไม่เคยถูกบันทึกเป็นคอมมิต"):
        restore_committed(Workspace(sample_repo), new)
    assert (sample_repo / new).read_text(encoding="utf-8") == 'name = "ไม่ปิด\n'


def test_a_record_that_reads_again_is_not_overwritten(sample_repo):
    (sample_repo / ISSUE).write_text('number = 3\ntitle = "แก้แล้ว"\n', encoding="utf-8")
    with pytest.raises(RecordError, match="อ่านได้แล้ว"):
        restore_committed(Workspace(sample_repo), ISSUE)
    assert "แก้แล้ว" in (sample_repo / ISSUE).read_text(encoding="utf-8")
