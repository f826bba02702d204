"""Indicators quoted by outcomes against the catalogue: the number exists, and the name written
after it is the catalogue's name (or at least not another indicator's)."""

from __future__ import annotations

from itatui.core.problem import ERROR, WARNING, Problem
from itatui.core.rules.outcomes import parse_outcome, th
from itatui.core.rules.textutil import distance, squash


def _name_distance(written: str, official: str) -> int:
    """Edits between the catalogue name and the start of what is written (which may go on)."""
    w, o = squash(written), squash(official)
    if not w:
        return len(o)
    best = len(o)
    for n in range(max(1, len(o) - 4), min(len(w), len(o) + 6) + 1):
        best = min(best, distance(o, w[:n]))
    return best


def check(ctx) -> list:
    out: list = []
    cat = ctx.catalogue
    numbers = {i.number for i in cat.indicators}
    for rec in ctx.measures:
        text = rec.get("outcome", "")
        if not isinstance(text, str):
            continue
        for q in parse_outcome(text):
            if q.indicator not in numbers:
                out.append(Problem("unknown-indicator", ERROR, rec.path, "outcome",
                                   f"ผลลัพธ์อ้างตัวชี้วัดที่ {th(q.indicator)} ซึ่งไม่มีในแคตตาล็อก"))
                continue
            if len(squash(q.name)) < 4:
                continue
            own = cat.indicator(q.indicator)
            d_own = _name_distance(q.name, own.name)
            if d_own == 0:
                continue
            others = sorted(((_name_distance(q.name, i.name), i.number, i) for i in cat.indicators
                             if i.number != q.indicator), key=lambda x: x[:2])
            d_other, _, other = others[0] if others else (99, 0, None)
            if other is not None and d_other == 0:
                out.append(Problem("indicator-name-other", ERROR, rec.path, "outcome",
                                   f"ตัวชี้วัดที่ {th(q.indicator)} ถูกเรียกว่า \"{q.name}\" ซึ่งเป็นชื่อของ"
                                   f"ตัวชี้วัดที่ {th(other.number)} (ตัวชี้วัดที่ {th(q.indicator)} คือ "
                                   f"\"{own.name}\")"))
            else:
                out.append(Problem("indicator-name", WARNING, rec.path, "outcome",
                                   f"ตัวชี้วัดที่ {th(q.indicator)} เขียนว่า \"{q.name}\" แต่ชื่อในแคตตาล็อกคือ "
                                   f"\"{own.name}\""))
    return out
