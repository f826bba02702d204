"""Control characters (issue 15): the one definition (itatui.core.controlchars), the refusal
of a typed value (values.parse_value), the ``control-char`` rule of ``itatui check`` for a
record written by hand, and the escaped form every command prints."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from itatui.core import controlchars, schema
from itatui.core.check import check_records
from itatui.core.errors import RecordError
from itatui.core.records import RecordStore
from itatui.core.values import parse_value

REFUSED = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f", "\x7f", "\x80",
           "\x85", "\x9b", "\x9f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
           "\u2066", "\u2067", "\u2068", "\u2069", "\udc9b"]
ALLOWED = ["\n", "\t", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "ก", "้", "😀",
           "\u00a0", "\u0e4f", " "]


@pytest.mark.parametrize("ch", REFUSED)
def test_the_refused_characters(ch):
    assert controlchars.is_forbidden(ch)
    shown = controlchars.escape(f"ก{ch}ข")
    assert ch not in shown and shown.startswith("ก\\") and shown.endswith("ข")
    assert shown.isprintable()


@pytest.mark.parametrize("ch", ALLOWED)
def test_newline_tab_and_the_direction_marks_are_allowed(ch):
    assert not controlchars.is_forbidden(ch)
    assert controlchars.escape(f"ก{ch}ข") == f"ก{ch}ข"


def test_the_escaped_forms():
    assert controlchars.escape("ทดสอบ\x1b[31mแดง\x07") == "ทดสอบ\\x1b[31mแดง\\x07"
    assert controlchars.escape("\u202eกลับ") == "\\u202eกลับ"
    assert controlchars.escape("a\udc9bb") == "a\\x9bb"         # a byte that was not UTF-8
    assert controlchars.describe("\x1b") == "\\x1b (ESC)"


@given(st.text())
def test_escaping_leaves_nothing_forbidden_and_changes_nothing_else(text):
    shown = controlchars.escape(text)
    assert controlchars.find(shown) is None
    if controlchars.find(text) is None:
        assert shown == text


@pytest.mark.parametrize("path,key,text,named", [
    ("records/memo.toml", "subject", "ทดสอบ\x1b[31mแดง\x07", "เรื่อง (subject)"),
    ("records/memo.toml", "background", "ย่อหน้า\n\u202eกลับด้าน", "เรื่องเดิม (background)"),
    ("records/measures/02-01.toml", "results", "ผลที่หนึ่ง\nผลที่\x00สอง", "ข้อ ๒"),
    ("records/measures/02-01.toml", "results", '["หนึ่ง", "สอง\\u001b"]', "ข้อ ๒"),
    ("records/measures/02-01.toml", "activities", "หนึ่ง\nสอง\x0cสาม", "ข้อ ๒"),
    ("records/signers.toml", "approvals.0.comment", "เห็นควร\x9b", "approvals.0.comment"),
])
def test_a_typed_value_with_one_is_refused_naming_the_field(path, key, text, named):
    spec = schema.field_spec(schema.kind_of(path), key)
    with pytest.raises(RecordError) as err:
        parse_value(spec, text, path=path, key=key)
    message = err.value.describe()
    assert path in message and named in message and "อักขระควบคุม" in message


def test_check_flags_one_written_into_a_record_by_hand(sample_repo):
    memo = sample_repo / "records" / "memo.toml"
    memo.write_text(memo.read_text(encoding="utf-8").replace(
        'to = "', 'to = "\\u001b[31m', 1), encoding="utf-8")
    issue = sample_repo / "records" / "issues" / "02.toml"
    issue.write_text(issue.read_text(encoding="utf-8").replace(
        'title = "', 'title = "\u202e', 1), encoding="utf-8")          # a raw bidi override
    store = RecordStore(sample_repo)
    found = [p for p in check_records(store.load_all(), store.unknown_files())
             if p.code == "control-char"]
    assert {(p.record, p.field) for p in found} == {("records/memo.toml", "to"),
                                                    ("records/issues/02.toml", "title")}
    assert all(p.severity == "error" for p in found)
    assert "\\x1b (ESC)" in " ".join(p.message for p in found)
    assert "\\u202e (RLO)" in " ".join(p.message for p in found)


def test_the_sample_has_none(sample_repo):
    store = RecordStore(sample_repo)
    assert not [p for p in check_records(store.load_all(), store.unknown_files())
                if p.code == "control-char"]
