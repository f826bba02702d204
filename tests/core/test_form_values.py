"""The editor's domain pieces moved out of the TUI into the core (issue 13): unsaved form texts
as values, the add-issue and add-score inputs, the facts the forms show, the report as the
officer sees it, and the fields changed both in the editor and on disk. Real sample records
read from a real repository; no Textual."""

from __future__ import annotations

import sys
import subprocess

import pytest

from itatui.core import form_values as fv
from itatui.core.errors import RecordError
from itatui.core.overlay import overlay, overlay_record
from itatui.core.records import RecordStore
from itatui.core.sync.conflict_report import apply_disk_choices, disk_conflicts
from itatui.core.sync.merge import MINE, THEIRS, VALUE, Resolution

MEASURE = "records/measures/02-01.toml"
SCORES = "records/scores.toml"


@pytest.fixture
def store(sample_repo) -> RecordStore:
    return RecordStore(sample_repo)


def test_changed_values_keeps_only_real_changes_and_parses_thai_digits(store):
    rec = store.load(MEASURE)
    period = rec.get("period")
    assert fv.changed_values(rec, {"period": period}) == {}            # typed back as it was
    assert fv.changed_values(rec, {"period": "ทั้งปี", "no.such.key": "x"}) == {"period": "ทั้งปี"}
    scores = store.load(SCORES)
    assert fv.changed_values(scores, {"2568.7": "๙๙.๕๐"}) == {"2568.7": 99.5}


def test_changed_values_names_the_field_of_a_word_in_a_number(store):
    scores = store.load(SCORES)
    with pytest.raises(RecordError) as err:
        fv.changed_values(scores, {"2568.7": "เก้าสิบ"})
    assert err.value.path == SCORES and err.value.field
    assert err.value.field in str(err.value)


def test_position_and_score_keys_in_thai_or_arabic_digits():
    assert fv.parse_position("", 4) == 4
    assert fv.parse_position(" ๓ ", 4) == 3
    with pytest.raises(RecordError, match="ลำดับต้องเป็นตัวเลข"):
        fv.parse_position("สาม", 4)
    known = {1, 2, 3, 7}
    assert fv.parse_score_keys("๒๕๖๙", "๑, ๒ 7", known) == (2569, [1, 2, 7])
    for year, numbers, reason in (("ปีหน้า", "1", "ต้องเป็นตัวเลข"),
                                  ("2569", "", "อย่างน้อยหนึ่งตัว"), ("1999", "1", "ระบุปี พ.ศ."),
                                  ("2569", "1, 99", "ไม่มีตัวชี้วัด ๙๙ ในแคตตาล็อก")):
        with pytest.raises(RecordError, match=reason):
            fv.parse_score_keys(year, numbers, known)


def test_new_score_keys_skip_what_the_record_or_the_editor_already_has(store):
    scores = store.load(SCORES)
    assert fv.new_score_keys(scores, ["2569.2"], 2569, [1, 2, 1]) == ["2569.1"]
    assert fv.new_score_keys(scores, [], 2568, [1, 7]) == []             # saved already


def test_facts_the_forms_and_the_title_show(store):
    records = {r.path: r for r in store.load_all()}
    assert fv.title_parts(records) == ["itatui", "เทศบาลตำบลบ้านเรือน", "ปีงบประมาณ ๒๕๖๘"]
    assert "สำนักปลัด" in fv.agency_units(records)
    words = fv.domain_words(records)
    assert "สำนักปลัด" in words and "เทศบาลตำบลบ้านเรือน" in words
    names = fv.indicator_names(records)
    assert names["1"] and len(names) == len(fv.catalogue_of(records).indicators)
    assert fv.title_parts({}) == ["itatui"] and fv.agency_units({}) == []


def test_overlay_applies_the_parsable_edits_only(store):
    records = {r.path: r for r in store.load_all()}
    scores = records[SCORES]
    shown = overlay_record(scores, {"2568.7": "๕๐", "2568.8": "ไม่ใช่ตัวเลข"})
    assert shown.get("2568.7") == 50 and shown.get("2568.8") == scores.get("2568.8")
    assert scores.get("2568.7") == 97.33                         # the saved record is untouched
    listed = overlay(records, {MEASURE: {"period": "ทั้งปี"}})
    assert [r.path for r in listed] == store.paths()
    assert next(r for r in listed if r.path == MEASURE).get("period") == "ทั้งปี"


def test_disk_conflicts_and_the_choices_applied_back(store, sample_repo):
    old = store.load(MEASURE)
    path = sample_repo / MEASURE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old.get("period"), "ของอีกคน"), encoding="utf-8")
    new = store.load(MEASURE)
    texts = {"period": "ของเรา", "name": "ชื่อที่แก้ในโปรแกรม", "units": "กองคลัง"}
    found = disk_conflicts(old, new, texts)
    assert [(c.key, c.base, c.mine, c.theirs) for c in found] == [
        ("period", old.get("period"), "ของเรา", "ของอีกคน")]
    assert disk_conflicts(old, new, {"period": "ของอีกคน"}) == []    # both typed the same
    pending = {MEASURE: dict(texts)}
    apply_disk_choices(pending, found, {found[0].id: Resolution(THEIRS)})
    assert "period" not in pending[MEASURE] and pending[MEASURE]["name"] == texts["name"]
    pending = {MEASURE: {"period": "ของเรา"}}
    apply_disk_choices(pending, found, {found[0].id: Resolution(THEIRS)})
    assert pending == {}                                         # nothing left unsaved
    pending = {MEASURE: {"period": "ของเรา"}}
    apply_disk_choices(pending, found, {found[0].id: Resolution(VALUE, "ทั้งปี")})
    assert pending == {MEASURE: {"period": "ทั้งปี"}}
    apply_disk_choices(pending, found, {found[0].id: Resolution(MINE)})
    apply_disk_choices(pending, found, None)                     # cancelled: ours kept
    assert pending == {MEASURE: {"period": "ทั้งปี"}}


def test_the_moved_domain_modules_load_no_textual_rich_or_render():
    code = ("import sys, itatui.core.form_values, itatui.core.overlay, "
            "itatui.core.sync.conflict_report; "
            "bad = [m for m in ('textual', 'rich', 'weasyprint', 'itatui.render', 'itatui.tui') "
            "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
