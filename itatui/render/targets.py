"""What a measure aims at, as the plan and the report print it: "ตัวชี้วัดที่ ๘ <the indicator's
name> ไม่น้อยกว่า ๘๕ คะแนน" (from the measure's ``target_indicator`` and ``target_score``).

Plain text in the theme's digits, not escaped: the Markdown renderer escapes it, the Word
renderer writes it as it is. Pure: reads only the report's objects.
"""

from __future__ import annotations

from itatui.core.model import Catalogue, Measure
from itatui.core.thai import digits as _digits, number as _number

INDICATOR_PREFIX = "ตัวชี้วัดที่"
AT_LEAST = "ไม่น้อยกว่า"
POINTS = "คะแนน"
#: the line the report's outcome cell starts with when the measure has a target
TARGET_LABEL = "เป้าหมาย:"


def target_score_text(value: float, style: str = "thai") -> str:
    """A target score as written in a plan: ๘๕ (whole), ๘๗.๕ (else, without trailing zeros)."""
    if float(value).is_integer():
        return _number(int(value), style)
    return _digits(f"{value:.2f}".rstrip("0").rstrip("."), style)


def target_text(m: Measure, catalogue: Catalogue, style: str = "thai") -> str:
    """The measure's target in plain text ("" when it sets none): the indicator with its name
    from the catalogue, then "ไม่น้อยกว่า <score> คะแนน" when a score is set."""
    parts = []
    if m.target_indicator is not None:
        ind = catalogue.indicator(m.target_indicator)
        parts.append(f"{INDICATOR_PREFIX} {_number(m.target_indicator, style)}")
        if ind is not None and ind.name.strip():
            parts.append(" ".join(_digits(ind.name, style).split()) if style == "arabic"
                         else " ".join(ind.name.split()))
    if m.target_score is not None:
        parts.append(f"{AT_LEAST} {target_score_text(m.target_score, style)} {POINTS}")
    return " ".join(parts)


def target_line(m: Measure, catalogue: Catalogue, style: str = "thai") -> str:
    """The report's line "เป้าหมาย: ตัวชี้วัดที่ ๘ ... ไม่น้อยกว่า ๘๕ คะแนน" ("" without a target)."""
    text = target_text(m, catalogue, style)
    return f"{TARGET_LABEL} {text}" if text else ""
