"""The form shows numbers in the officer's digits: a measure's target as typed (๘, ๘๕), a score
with the two decimals its file keeps (๘๕.๐๐); both read back as the same numbers."""

from itatui.core import schema
from itatui.core.values import form_text, parse_value

MEASURE = schema.kind_of("records/measures/02-01.toml")
SCORES = schema.kind_of("records/scores.toml")


def spec(kind, key):
    return schema.field_spec(kind, key)


def test_a_measures_target_in_thai_digits_as_typed():
    assert form_text(spec(MEASURE, "target_indicator"), 8) == "๘"
    assert form_text(spec(MEASURE, "target_score"), 85.0) == "๘๕"
    assert form_text(spec(MEASURE, "target_score"), 87.5) == "๘๗.๕"
    assert form_text(spec(MEASURE, "indicators"), [1, 12]) == "๑\n๑๒"
    assert form_text(spec(MEASURE, "target_score"), None) == ""


def test_arabic_digits_when_the_officer_chose_them():
    assert form_text(spec(MEASURE, "target_indicator"), 8, "arabic") == "8"
    assert form_text(spec(MEASURE, "target_score"), 85.0, "arabic") == "85"


def test_a_score_keeps_its_two_decimals():
    assert form_text(spec(SCORES, "2568.1"), 85.0) == "๘๕.๐๐"
    assert form_text(spec(SCORES, "2568.1"), 85.0, "arabic") == "85.00"


def test_what_the_form_shows_reads_back_as_the_same_number():
    for kind, key, value in ((MEASURE, "target_indicator", 8), (MEASURE, "target_score", 85.0),
                             (MEASURE, "target_score", 87.25), (SCORES, "2568.1", 99.5)):
        f = spec(kind, key)
        back = parse_value(f, form_text(f, value))
        assert back == value and type(back) is type(value)
