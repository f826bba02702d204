"""Dates typed by a user for ``--since``/``--until``/``--at``: ISO (2026-01-31), a BE year in
ISO form (2569-01-31), or Thai (31 ม.ค. 2569, ๓๑ มกราคม พ.ศ. ๒๕๖๙), Thai or Arabic digits."""

from __future__ import annotations

import datetime as dt
import re

from itatui.core.errors import ItatuiError
from itatui.core.thai import BE_OFFSET, parse_be_date, to_arabic_digits

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")


def parse_date(text: str, *, end_of_day: bool = False,
               zone: dt.tzinfo | None = None) -> dt.datetime:
    """An aware datetime (in ``zone``, else the local time zone, when none is given). A bare
    date means its first second, or its last one with ``end_of_day`` (so ``--until 31 ม.ค.
    2569`` includes that day)."""
    raw = to_arabic_digits(text.strip())
    m = _ISO.match(raw)
    when: dt.datetime | None = None
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if y > 2400:
            y -= BE_OFFSET
        try:
            if m.group(4) is not None:
                when = dt.datetime(y, mo, d, int(m.group(4)), int(m.group(5)),
                                   int(m.group(6) or 0))
            else:
                when = dt.datetime.combine(dt.date(y, mo, d),
                                           dt.time.max.replace(microsecond=0) if end_of_day
                                           else dt.time.min)
        except ValueError:
            when = None
    else:
        try:
            iso = dt.datetime.fromisoformat(raw)
            when = iso
        except ValueError:
            day = parse_be_date(text)
            if day is not None:
                when = dt.datetime.combine(day, dt.time.max.replace(microsecond=0) if end_of_day
                                           else dt.time.min)
    if when is None:
        raise ItatuiError(f"อ่านวันที่ \"{text}\" ไม่ได้ (ใช้รูปแบบ 2569-01-31, 31 ม.ค. 2569 "
                          "หรือ 2026-01-31)")
    if when.tzinfo is None:
        try:
            when = when.replace(tzinfo=zone) if zone is not None else when.astimezone()
        except (OverflowError, OSError, ValueError):      # a year the C library cannot place
            when = when.replace(tzinfo=dt.timezone.utc)
    return when


def git_date(when: dt.datetime) -> str:
    """A date git reads exactly (``--before``), whatever its approxidate habits."""
    return f"@{int(when.timestamp())}"


def reading(text: str) -> str | None:
    """How a date whose year reads both ways was read, in Thai, or None: ``2500-01-01`` is
    taken as พ.ศ. ๒๕๐๐ (ค.ศ. 1957), not ค.ศ. 2500 — a four-digit year above 2400 in ISO form is
    always a Buddhist Era year (written years in Thai form say พ.ศ. or are BE anyway)."""
    from itatui.core.thai import MONTHS, to_thai_digits

    m = _ISO.match(to_arabic_digits(text.strip()))
    if not m or int(m.group(1)) <= 2400:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= mo <= 12:
        return None
    return (f"อ่าน \"{text.strip()}\" เป็นวันที่ {to_thai_digits(d)} {MONTHS[mo - 1]} "
            f"พ.ศ. {to_thai_digits(y)} (ค.ศ. {y - BE_OFFSET}) ไม่ใช่ปี ค.ศ. {y}")

