"""Property tests: any text an officer can paste into any field round-trips through TOML exactly."""

from __future__ import annotations

import tomllib

from hypothesis import HealthCheck, example, given, settings, strategies as st

from itatui.core import schema, tomlio
from itatui.core.records import RecordStore

from helpers import ROOT

HOSTILE = st.sampled_from([
    '"""', "''", '"', "\\", "\\n", "\x00", "\x1b[31m", "\x7f", "\r\n", "\t", "\u200b", "\u200f",
    "\u202e", "\u0e49", "\u0e31\u0e49", "\u0301", "😀", "👩‍👩‍👧", "๑๒3", "${x}", "[[a]]", "# c",
    "= 1", "\ufeff", "\u2028",
])
TEXT = st.lists(st.one_of(st.text(), HOSTILE), max_size=12).map("".join)

_RECORDS = {r.path: r for r in RecordStore(ROOT).load_all()}


def _text_fields():
    for path, rec in _RECORDS.items():
        for spec in rec.kind.fields:
            if spec.kind in (schema.STR, schema.TEXT):
                yield path, spec.key
            elif spec.kind == schema.LIST:
                yield path, spec.key + "[]"
            elif spec.kind == schema.TABLES:
                for sub in spec.sub:
                    yield path, f"{spec.key}.0.{sub.key}"


FIELDS = sorted(set(_text_fields()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=TEXT)
@example(field=("records/measures/01-01.toml", "outcome"), value="ก" * 1_000_000)
@example(field=("records/memo.toml", "background"), value='ท้าย"')
@example(field=("records/memo.toml", "background"), value='""""""')
@example(field=("records/units.toml", "units[]"), value="บรรทัด\nใหม่")
@example(field=("records/agency.toml", "district"), value='\n"""')
def test_every_text_field_round_trips_exactly(field, value):
    path, key = field
    doc = tomlio.parse(_RECORDS[path].text, path)
    if key.endswith("[]"):
        key, want = key[:-2], [value, "ข้อถัดไป"]
    else:
        want = value
    tomlio.set_value(doc, key, want)
    text = tomlio.dumps(doc)
    tomlio.verify_roundtrip(text, doc, path)
    assert tomlio.get(tomllib.loads(text), key) == want
    # and the rest of the record is untouched
    before = tomlio.plain(tomlio.parse(_RECORDS[path].text, path))
    after = tomllib.loads(text)
    top = key.split(".")[0]
    assert {k: v for k, v in after.items() if k != top} == {k: v for k, v in before.items() if k != top}
