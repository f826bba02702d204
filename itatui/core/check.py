"""Validation of the records (``itatui check``): schema and references here, content rules
(outcomes against scores, names, periods, copies, digits...) in :mod:`itatui.core.rules`.

Each problem has a stable ``code``, a ``severity`` (error, warning, info), the ``record`` (path
relative to the repository), the ``field`` (dotted key) and a Thai ``message``.
"""

from __future__ import annotations

from typing import Any, Iterable

from itatui.core import schema
from itatui.core.model import load_catalogue
from itatui.core.problem import ERROR, SEVERITY_ORDER, WARNING, Problem
from itatui.core.records import Record
from itatui.core.thai import to_thai_digits

_TYPES: dict[str, tuple[type, ...]] = {
    schema.STR: (str,), schema.TEXT: (str,), schema.LIST: (list,), schema.INT_LIST: (list,),
    schema.INT: (int,), schema.FLOAT: (int, float),
}
_TYPE_NAMES = {schema.STR: "ข้อความ", schema.TEXT: "ข้อความ", schema.LIST: "รายการข้อความ",
               schema.INT_LIST: "รายการตัวเลข", schema.INT: "จำนวนเต็ม", schema.FLOAT: "ตัวเลข"}


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value or all(isinstance(v, str) and not v.strip() for v in value)
    return False


def _check_field(rec: Record, spec: schema.Field, key: str, value: Any,
                 out: list[Problem], document: str = "report") -> None:
    if value is None or (isinstance(value, (str, list)) and _empty(value)):
        own = schema.document_of_kind(rec.kind.name)
        if spec.required and document in spec.documents and own in (None, document):
            out.append(Problem("required-missing", ERROR, rec.path, key,
                               f"ยังไม่ได้กรอก \"{spec.label}\""))
        return
    types = _TYPES.get(spec.kind)
    if types and (not isinstance(value, types) or isinstance(value, bool)):
        out.append(Problem("wrong-type", ERROR, rec.path, key,
                           f"\"{spec.label}\" ต้องเป็น{_TYPE_NAMES[spec.kind]}"))
        return
    if spec.kind in (schema.LIST, schema.INT_LIST):
        want = str if spec.kind == schema.LIST else int
        for i, item in enumerate(value):
            if not isinstance(item, want) or isinstance(item, bool):
                out.append(Problem("wrong-type", ERROR, rec.path, f"{key}.{i}",
                                   f"รายการที่ {to_thai_digits(i + 1)} ของ \"{spec.label}\" "
                                   f"ต้องเป็น{'ข้อความ' if want is str else 'ตัวเลข'}"))
            elif want is str and not item.strip():
                out.append(Problem("empty-item", WARNING, rec.path, f"{key}.{i}",
                                   f"รายการที่ {to_thai_digits(i + 1)} ของ \"{spec.label}\" ว่าง"))


def check_schema(rec: Record, document: str = "report") -> list[Problem]:
    """The schema problems of one record. A required field left empty is an error only for
    the ``document`` being checked ("report" or "plan"): the plan is written before results
    and outcomes, and the report does not need the plan's own records filled in."""
    out: list[Problem] = []
    if rec.error is not None:
        return [Problem("toml-syntax", ERROR, rec.path, rec.error.field or "",
                        rec.error.message, rec.error.line, rec.error.column)]
    data = rec.data()
    if rec.kind.dynamic:
        return out
    known = set()
    for spec in rec.kind.fields:
        known.add(spec.key.split(".")[0])
        if spec.kind == schema.TABLES:
            tables = data.get(spec.key, [])
            if not isinstance(tables, list):
                out.append(Problem("wrong-type", ERROR, rec.path, spec.key,
                                   f"\"{spec.label}\" ต้องเป็นตาราง [[{spec.key}]]"))
                continue
            for i, table in enumerate(tables):
                for sub in spec.sub:
                    _check_field(rec, sub, f"{spec.key}.{i}.{sub.key}", table.get(sub.key), out,
                                 document)
            continue
        value: Any = data
        for part in spec.key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        _check_field(rec, spec, spec.key, value, out, document)
    for key in data:
        if key not in known:
            out.append(Problem("unknown-field", WARNING, rec.path, key,
                               f"ช่อง \"{key}\" ไม่มีในแบบของระเบียน{rec.kind.label} (สะกดผิดหรือไม่)"))
    return out


def check_references(records: list[Record]) -> list[Problem]:
    out: list[Problem] = []
    by_kind: dict[str, list[Record]] = {}
    for rec in records:
        if rec.error is None:
            by_kind.setdefault(rec.kind.name, []).append(rec)
    cat_rec = by_kind.get("catalogue", [None])[0]
    try:
        catalogue = load_catalogue(cat_rec.data() if cat_rec else None)
    except (KeyError, TypeError, ValueError):
        out.append(Problem("catalogue-invalid", ERROR, cat_rec.path if cat_rec else "", "",
                           "แคตตาล็อกตัวชี้วัดอ่านไม่ได้ (ต้องมี number และ name ทุกตัวชี้วัด)"))
        return out
    numbers = {i.number for i in catalogue.indicators}
    units_rec = by_kind.get("units", [None])[0]
    units = set(units_rec.get("units", []) or []) if units_rec else set()
    issue_numbers = {r.numbers[0] for r in by_kind.get("issue", [])}

    for rec in by_kind.get("measure", []):
        issue, _ = rec.numbers
        if issue not in issue_numbers:
            out.append(Problem("measure-without-issue", ERROR, rec.path, "",
                               f"ไม่มีระเบียนประเด็นที่ {to_thai_digits(issue)} "
                               f"({schema.issue_path(issue)}) สำหรับมาตรการนี้"))
        if units_rec is not None:
            for i, unit in enumerate(rec.get("units", []) or []):
                if isinstance(unit, str) and unit.strip() and unit not in units:
                    out.append(Problem("unknown-unit", WARNING, rec.path, f"units.{i}",
                                       f"\"{unit}\" ไม่อยู่ในรายชื่อหน่วยงานภายใน (records/units.toml)"))
        for i, n in enumerate(rec.get("indicators", []) or []):
            if isinstance(n, int) and n not in numbers:
                out.append(Problem("unknown-indicator", ERROR, rec.path, f"indicators.{i}",
                                   f"ไม่มีตัวชี้วัดที่ {to_thai_digits(n)} ในแคตตาล็อก"))

    for rec in by_kind.get("scores", []):
        for year, table in rec.data().items():
            if not (str(year).isdigit() and isinstance(table, dict)):
                out.append(Problem("scores-layout", ERROR, rec.path, str(year),
                                   "คะแนนต้องเป็นตารางตามปีงบประมาณ เช่น [2568]"))
                continue
            for key, value in table.items():
                fld = f"{year}.{key}"
                if key != "total" and not (key.isdigit() and int(key) in numbers):
                    out.append(Problem("unknown-indicator", ERROR, rec.path, fld,
                                       f"ไม่มีตัวชี้วัดที่ {key} ในแคตตาล็อก"))
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    out.append(Problem("wrong-type", ERROR, rec.path, fld, "คะแนนต้องเป็นตัวเลข"))
                elif not 0 <= value <= 100:
                    out.append(Problem("score-range", ERROR, rec.path, fld,
                                       "คะแนนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"))

    for name in ("agency", "units", "report", "memo", "signers", "scores"):
        kind = schema.KIND_BY_NAME[name]
        if not any(r.kind.name == name for r in records):
            out.append(Problem("record-missing", ERROR, kind.singleton_path or "", "",
                               f"ไม่มีระเบียน{kind.label} ({kind.singleton_path})"))
    if not issue_numbers:
        out.append(Problem("no-issues", ERROR, "records/issues", "", "รายงานยังไม่มีประเด็น"))
    out += _numbering(sorted(issue_numbers), "records/issues", "ประเด็นที่")
    measures_by_issue: dict[int, list[int]] = {}
    for rec in by_kind.get("measure", []):
        measures_by_issue.setdefault(rec.numbers[0], []).append(rec.numbers[1])
    for issue in sorted(issue_numbers):
        nums = sorted(measures_by_issue.get(issue, []))
        if not nums:
            out.append(Problem("issue-without-measure", WARNING, schema.issue_path(issue), "",
                               f"ประเด็นที่ {to_thai_digits(issue)} ยังไม่มีมาตรการ"))
        out += _numbering(nums, schema.issue_path(issue), f"ประเด็นที่ {to_thai_digits(issue)} มาตรการที่")
    return out


def _numbering(nums: list[int], where: str, label: str) -> list[Problem]:
    expected = list(range(1, len(nums) + 1))
    if nums and nums != expected:
        missing = sorted(set(range(1, max(nums) + 1)) - set(nums))
        text = ", ".join(to_thai_digits(n) for n in missing) or "เริ่มไม่ใช่ ๑"
        return [Problem("numbering-gap", WARNING, where, "",
                        f"เลข{label} ไม่ต่อเนื่อง (ขาด {text})")]
    return []


def check_records(records: list[Record], unknown_files: Iterable[str] = (), *,
                  digits: str = "thai", content: bool = True,
                  previous: Iterable[Record] = (), document: str = "report") -> list[Problem]:
    """Every problem found in ``records``. ``digits`` is the theme's choice ("thai"/"arabic");
    ``content=False`` runs only the schema and reference checks; ``previous``: the records of
    the previous fiscal year's final state (:func:`itatui.core.newyear.previous_year_records`),
    whose results and outcomes copied word for word are flagged; ``document``: the document
    checked, "report" (the default) or "plan" (:data:`itatui.core.schema.DOCUMENTS`)."""
    problems: list[Problem] = []
    for rec in records:
        problems += check_schema(rec, document)
    problems += check_references(records)
    if content:
        from itatui.core.rules import run_rules

        problems += run_rules(records, digits, list(previous), document)
    for path in unknown_files:
        problems.append(Problem("unknown-file", WARNING, path, "",
                                "ชื่อไฟล์นี้ไม่ตรงกับระเบียนชนิดใด จึงไม่ถูกนำไปใช้"))
    return sorted(problems, key=lambda p: (SEVERITY_ORDER[p.severity], p.record, p.field))
