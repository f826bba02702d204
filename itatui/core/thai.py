"""Thai numerals, Buddhist Era dates and other small Thai text helpers."""

from __future__ import annotations

import datetime as _dt
import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
                "พ.ย.", "ธ.ค.")
BE_OFFSET = 543


def to_thai_digits(text: str) -> str:
    return str(text).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    return str(text).translate(_TO_ARABIC)


def digits(text: str | int, style: str = "thai") -> str:
    """Write the digits of ``text`` in ``style`` ("thai" or "arabic"); other characters stay."""
    text = str(text)
    return to_thai_digits(text) if style == "thai" else to_arabic_digits(text)


def number(n: int | str, style: str = "thai") -> str:
    return digits(str(n), style)


def score(value: float, style: str = "thai") -> str:
    """A score with two decimals, as the ITA publishes them."""
    return digits(f"{value:.2f}", style)


def be_year(date: _dt.date) -> int:
    return date.year + BE_OFFSET


def format_be_date(date: _dt.date, style: str = "thai", short: bool = False) -> str:
    """``28 เมษายน พ.ศ. 2569`` in the chosen digits."""
    month = (MONTHS_SHORT if short else MONTHS)[date.month - 1]
    return digits(f"{date.day} {month} พ.ศ. {be_year(date)}", style)


_DATE_RE = re.compile(r"(\d{1,2})\s*([ก-๙.]+?)\s*(?:พ\.ศ\.)?\s*(\d{4})")


def parse_be_date(text: str) -> _dt.date | None:
    """Read a Thai date such as "๒๘ เมษายน พ.ศ. ๒๕๖๙" or "28 เม.ย. 2569"; None if unreadable."""
    m = _DATE_RE.search(to_arabic_digits(text))
    if not m:
        return None
    day, month_name, year = int(m.group(1)), m.group(2).strip(), int(m.group(3))
    if month_name in MONTHS:
        month = MONTHS.index(month_name) + 1
    elif month_name in MONTHS_SHORT:
        month = MONTHS_SHORT.index(month_name) + 1
    else:
        return None
    if year > 2400:
        year -= BE_OFFSET
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def fiscal_year_of(date: _dt.date) -> int:
    """The BE fiscal year a date falls in (1 October – 30 September, named by its end)."""
    return be_year(date) + (1 if date.month >= 10 else 0)
