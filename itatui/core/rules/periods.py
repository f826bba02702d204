"""Years and periods against the fiscal year: a measure's period (ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘ for
fiscal ๒๕๖๘), the fiscal year written in the title and the memo (the report's, or the plan's when
the plan is checked), the ITA round, the memo's date."""

from __future__ import annotations

import datetime as _dt
import re

from itatui.core.problem import ERROR, WARNING, Problem
from itatui.core.thai import MONTHS, MONTHS_SHORT, parse_be_date, to_arabic_digits, to_thai_digits

_MONTH_ALTS = sorted([re.escape(m) for m in MONTHS] +
                     [re.escape(m) for m in MONTHS_SHORT] +
                     [re.escape(m.replace(".", "")) for m in MONTHS_SHORT], key=len, reverse=True)
MONTH_YEAR = re.compile(rf"({'|'.join(_MONTH_ALTS)})\s*(?:พ\.\s?ศ\.)?\s*(\d{{4}}|\d{{2}})(?!\d)")
NUM_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{2,4})(?!\d)")
FY_TEXT = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.)?\s*(\d{4})")


def _month_index(name: str) -> int:
    if name in MONTHS:
        return MONTHS.index(name) + 1
    for i, m in enumerate(MONTHS_SHORT):
        if name in (m, m.replace(".", "")):
            return i + 1
    return 0


def _be(year: int) -> int:
    if year < 100:
        return 2500 + year
    if year < 2400:
        return year + 543
    return year


def period_fiscal_years(text: str) -> list[tuple[str, int]]:
    """(as written, fiscal year) of every month-and-year a period names."""
    norm = to_arabic_digits(text)
    out = []
    for m in MONTH_YEAR.finditer(norm):
        month, year = _month_index(m.group(1)), _be(int(m.group(2)))
        out.append((m.group(0), year + (1 if month >= 10 else 0)))
    for m in NUM_DATE.finditer(norm):
        month, year = int(m.group(2)), _be(int(m.group(3)))
        if 1 <= month <= 12:
            out.append((m.group(0), year + (1 if month >= 10 else 0)))
    for m in FY_TEXT.finditer(norm):
        out.append((m.group(0), int(m.group(1))))
    return out



def _other_fiscal_years(value, fy: int, severity: str, path: str, key: str,
                        what: str = "รายงาน") -> list[Problem]:
    """``fiscal-year-text`` for each fiscal year other than the report's ``fy`` that a text
    field (or each item of a list field) names."""
    found = []
    texts = value if isinstance(value, list) else [value]
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        for m in FY_TEXT.finditer(to_arabic_digits(text)):
            if int(m.group(1)) != fy:
                fld = f"{key}.{i}" if isinstance(value, list) else key
                found.append(Problem("fiscal-year-text", severity, path, fld,
                                     f"ข้อความระบุปีงบประมาณ {to_thai_digits(m.group(1))} แต่{what}"
                                     f"เป็นปีงบประมาณ {to_thai_digits(fy)}"))
    return found


def check(ctx) -> list:
    out: list = []
    fy = ctx.fiscal_year
    if not fy:
        return out
    th = to_thai_digits
    span = f"ตุลาคม {th(fy - 1)} - กันยายน {th(fy)}"
    for rec in ctx.measures:
        period = rec.get("period", "")
        if not isinstance(period, str):
            continue
        wrong = [(w, y) for w, y in period_fiscal_years(period) if y != fy]
        if wrong:
            written = ", ".join(f"\"{w}\"" for w, _ in wrong)
            out.append(Problem("period-fiscal-year", ERROR, rec.path, "period",
                               f"ช่วงเวลา {written} อยู่นอกปีงบประมาณ {th(fy)} ({span})"))
    # the document's own title and memo (the report's, or the plan's: records/plan/)
    doc, memo = ctx.own("report"), ctx.own("memo")
    for kind, key, sev in ((doc, "title", ERROR), (memo, "subject", ERROR),
                           (memo, "facts", WARNING), (memo, "considerations", WARNING),
                           (doc, "objective", WARNING)):
        if kind in ctx.singletons:
            out += _other_fiscal_years(ctx.get(kind, key, ""), fy, sev, ctx.paths[kind], key,
                                       "แผน" if ctx.plan else "รายงาน")
    # the issues' and measures' own texts: a fiscal year other than the report's is left over
    # from the year before (or the one after) — ``itatui new-year`` moved the report's own
    keys = ("title", "name", "activities") + (() if ctx.plan else ("results",))
    for rec in ctx.issues + ctx.measures:
        for key in keys:
            out += _other_fiscal_years(rec.get(key, ""), fy, WARNING, rec.path, key)
    ita = ctx.get("report", "ita_year", 0)
    if not ctx.plan and isinstance(ita, int) and ita and ita != fy + 1:
        out.append(Problem("ita-year", WARNING, ctx.paths.get("report", "records/report.toml"),
                           "ita_year", f"การประเมิน ITA ปี {th(ita)} ไม่ใช่ปีถัดจากปีงบประมาณ "
                                       f"{th(fy)} (ควรเป็น {th(fy + 1)})"))
    date_text = ctx.get(memo, "date", "")
    date = parse_be_date(date_text) if isinstance(date_text, str) else None
    if date is not None and date < _dt.date(fy - 543 - 1, 10, 1):
        out.append(Problem("memo-date-early", WARNING, ctx.paths[memo], "date",
                           f"บันทึกลงวันที่ {date_text} ก่อนปีงบประมาณ {th(fy)} จะเริ่ม "
                           f"(๑ ตุลาคม {th(fy - 1)})"))
    return out
