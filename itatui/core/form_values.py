"""The editor's unsaved form texts as values: which fields really changed, the numbers an officer
types in the add-issue and add-score dialogs, and the facts the forms show (indicator names,
units, the title). Core: plain functions over records, no Textual, Rich or render."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from itatui.core import schema
from itatui.core.errors import RecordError
from itatui.core.records import Record
from itatui.core.thai import to_arabic_digits, to_thai_digits
from itatui.core.values import parse_value

AGENCY = "records/agency.toml"
REPORT = "records/report.toml"
UNITS = "records/units.toml"
CATALOGUE = "records/catalogue.toml"
SCORES = "records/scores.toml"


def parsed_texts(rec: Record, texts: Mapping[str, str], *,
                 skip_invalid: bool = False) -> Iterator[tuple[str, Any]]:
    """(dotted key, value) for each edited text of ``rec`` whose field the record's kind has,
    parsed by its field's type. A text that does not parse (a word in a number) raises
    RecordError naming the field, or is left out with ``skip_invalid``. An optional number
    left empty (a measure's target) is None: the key is removed, never written as "" or 0."""
    for key, text in texts.items():
        spec = schema.field_spec(rec.kind, key)
        if spec is None:
            continue
        if (spec.kind in (schema.INT, schema.FLOAT) and not spec.required
                and not rec.kind.dynamic and not text.strip()):
            yield key, None
            continue
        try:
            yield key, parse_value(spec, text, path=rec.path)
        except RecordError as exc:
            if skip_invalid:
                continue
            raise RecordError(exc.message, path=rec.path,
                              field=schema.field_label(rec.kind, key)) from None


def changed_values(rec: Record, texts: Mapping[str, str]) -> dict[str, Any]:
    """The edited ``texts`` (dotted key -> text) of ``rec`` parsed, keeping only the values that
    differ from the record's. Raises RecordError (naming the field) for a text that does not
    parse (a word in a number)."""
    return {key: value for key, value in parsed_texts(rec, texts) if value != rec.get(key)}


def parse_position(text: str, default: int) -> int:
    """A position typed in Thai or Arabic digits (empty: ``default``). Raises RecordError."""
    try:
        return int(to_arabic_digits(text.strip() or str(default)))
    except ValueError:
        raise RecordError("ลำดับต้องเป็นตัวเลข") from None


def parse_score_keys(year_text: str, numbers_text: str, known: set[int]) -> tuple[int, list[int]]:
    """The Buddhist-Era year and the indicator numbers typed in the add-score dialog (Thai or
    Arabic digits, separated by commas or spaces). Raises RecordError with the Thai reason: not
    numbers, a year outside 2400-2800, no number, or numbers the catalogue (``known``) lacks."""
    try:
        year = int(to_arabic_digits(year_text.strip()))
        numbers = [int(to_arabic_digits(n.strip())) for n in
                   numbers_text.replace("，", ",").replace(" ", ",").split(",") if n.strip()]
    except ValueError:
        raise RecordError("ปีและเลขตัวชี้วัดต้องเป็นตัวเลข") from None
    if not 2400 <= year <= 2800 or not numbers:
        raise RecordError("ระบุปี พ.ศ. (เช่น ๒๕๖๙) และเลขตัวชี้วัดอย่างน้อยหนึ่งตัว")
    unknown = [n for n in numbers if n not in known]
    if unknown:
        raise RecordError("ไม่มีตัวชี้วัด " + ", ".join(to_thai_digits(n) for n in unknown)
                          + " ในแคตตาล็อก")
    return year, numbers


def new_score_keys(rec: Record, extra: list[str], year: int, numbers: list[int]) -> list[str]:
    """The keys ``year.number`` that neither ``rec`` (the scores record) nor ``extra`` (keys
    added in the editor, not saved) has yet, in the order given."""
    added: list[str] = []
    for n in numbers:
        key = f"{year}.{n}"
        if rec.get(key) is None and key not in extra and key not in added:
            added.append(key)
    return added


# -- what the forms and the title show ------------------------------------------------------------
def agency_units(records: Mapping[str, Record]) -> list[str]:
    units = records.get(UNITS)
    if units is None or units.error is not None:
        return []
    return [str(u) for u in units.get("units", []) or [] if str(u).strip()]


def indicator_names(records: Mapping[str, Record]) -> dict[str, str]:
    cat = records.get(CATALOGUE)
    names: dict[str, str] = {}
    if cat is not None and cat.error is None:
        for item in cat.get("indicators", []) or []:
            if isinstance(item, dict) and "number" in item:
                names[str(item["number"])] = str(item.get("name", ""))
    return names


def catalogue_of(records: Mapping[str, Record]):
    """The indicator catalogue of the records (the built-in one when the file is broken)."""
    from itatui.core.model import load_catalogue

    cat = records.get(CATALOGUE)
    try:
        return load_catalogue(cat.data() if cat is not None and cat.error is None else None)
    except (KeyError, TypeError, ValueError):
        return load_catalogue(None)


def domain_words(records: Mapping[str, Record]) -> list[str]:
    """Unit and agency names, for the Thai word segmenter's dictionary."""
    words: list[str] = []
    units = records.get(UNITS)
    if units is not None:
        words += [str(u) for u in units.get("units", []) or []]
    agency = records.get(AGENCY)
    if agency is not None:
        words.append(str(agency.get("name", "") or ""))
    return words


def title_parts(records: Mapping[str, Record]) -> list[str]:
    """The window title's parts: itatui, the agency's name, the fiscal year."""
    agency = records.get(AGENCY)
    report = records.get(REPORT)
    parts = ["itatui"]
    if agency is not None and agency.get("name"):
        parts.append(str(agency.get("name")))
    if report is not None and report.get("fiscal_year"):
        parts.append(f"ปีงบประมาณ {to_thai_digits(report.get('fiscal_year'))}")
    return parts
