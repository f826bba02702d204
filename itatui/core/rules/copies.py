"""Text copied unchanged between measures: the same activity, result, name or outcome word for
word in two measures, a result or outcome the previous fiscal year's word for word, and the same
exact score quoted for two different indicators."""

from __future__ import annotations

from itatui.core.problem import INFO, WARNING, Problem
from itatui.core.rules.outcomes import parse_outcome, th
from itatui.core.rules.textutil import squash
from itatui.core.schema import title_of

MIN_LEN = 25


def check(ctx) -> list:
    out: list = []
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    keys = ("name", "activities") if ctx.plan else ("name", "activities", "results", "outcome")
    for rec in ctx.measures:
        data = rec.data()
        for key in keys:
            value = data.get(key)
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                if not isinstance(item, str):
                    continue
                norm = squash(item)
                if len(norm) < MIN_LEN:
                    continue
                fld = f"{key}.{i}" if isinstance(value, list) else key
                first = seen.get((key, norm))
                if first is None:
                    seen[(key, norm)] = (rec.path, fld)
                elif first[0] != rec.path:
                    out.append(Problem("copied-text", WARNING, rec.path, fld,
                                       f"ข้อความนี้เหมือนกับ{title_of(first[0])} ({first[1]}) ทุกตัวอักษร"))
    if ctx.plan:                  # results and outcomes are the report's
        return out
    out += _across_years(ctx)
    fy = ctx.fiscal_year
    quoted: dict[tuple[int, float], list[tuple[int, str]]] = {}
    for rec in ctx.measures:
        text = rec.get("outcome", "")
        if not isinstance(text, str):
            continue
        for q in parse_outcome(text):
            for year, value in ((q.year or fy, q.score), (q.prev_year or (fy - 1 if fy else 0),
                                                          q.prev_score)):
                if value is None or not year or float(value).is_integer():
                    continue
                quoted.setdefault((year, round(value, 2)), []).append((q.indicator, rec.path))
    for (year, value), uses in quoted.items():
        inds = []
        for ind, path in uses:
            if ind not in [i for i, _ in inds]:
                inds.append((ind, path))
        if len(inds) < 2:
            continue
        names = " และ ".join(f"ตัวชี้วัดที่ {th(i)}" for i, _ in inds)
        for ind, path in inds[1:]:
            out.append(Problem("copied-score", INFO, path, "outcome",
                               f"คะแนนปี {th(year)} = {th(value)} ถูกอ้างซ้ำกันใน{names} "
                               "(ตรวจว่าไม่ได้คัดลอกตัวเลขมาจากมาตรการอื่น)"))
    return out


def _across_years(ctx) -> list:
    """A result or outcome that is the previous fiscal year's word for word: left over from
    copying last year's report (``itatui new-year`` empties them)."""
    before: dict[str, str] = {}
    for rec in ctx.previous:
        data = rec.data()
        for key in ("results", "outcome"):
            value = data.get(key)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and len(squash(item)) >= MIN_LEN:
                    before.setdefault(squash(item), rec.path)
    if not before:
        return []
    fy = ctx.fiscal_year
    year = f"ปีงบประมาณ {th(fy - 1)}" if fy else "ปีงบประมาณก่อน"
    out = []
    for rec in ctx.measures:
        data = rec.data()
        for key in ("results", "outcome"):
            value = data.get(key)
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                if not isinstance(item, str):
                    continue
                first = before.get(squash(item))
                if first is not None:
                    fld = f"{key}.{i}" if isinstance(value, list) else key
                    out.append(Problem("copied-text", WARNING, rec.path, fld,
                                       f"ข้อความนี้เหมือนกับ{title_of(first)}ของ{year} ทุกตัวอักษร "
                                       "(คัดลอกมาจากรายงานปีก่อนหรือไม่)"))
    return out
