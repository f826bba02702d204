"""Outcome sentences against the scores: the years they name, the direction words, the numbers.

An outcome usually reads::

    ในปี พ.ศ. ๒๕๖๘ เทศบาลตำบล... มีคะแนนในตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ๑๐๐ คะแนน
    ซึ่งเพิ่มจากปี ๒๕๖๗ ที่ได้ ๒.๐๙ คะแนน

:func:`parse_outcome` reads every indicator it quotes (ตัวชี้วัดที่ N / หัวข้อที่ N, Thai or
Arabic digits): the year named for it, its name as written, its score, the direction word and
last year's score. The importer uses it to fill ``scores.toml``; the rules below check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itatui.core.problem import ERROR, WARNING, Problem
from itatui.core.thai import to_arabic_digits, to_thai_digits

MENTION = re.compile(r"(ตัวชี้วัดย่อยที่|ตัวชี้วัดที่|ตัวชี้วัด|หัวข้อที่|หัวข้อ|ดัชนีที่)\s*(\d{1,2})(?![\d.]\d)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
PREV_MARK = re.compile(r"(จาก|เมื่อ|เทียบกับ|เดิม|ก่อนหน้า|ที่แล้ว)\s*(ปี(งบประมาณ)?\s*(พ\.ศ\.)?)?\s*$")
UP = ("เพิ่มขึ้น", "สูงขึ้น", "ดีขึ้น", "มากขึ้น", "เพิ่ม")
DOWN = ("ลดลง", "ต่ำลง", "น้อยลง", "ลด")
SAME = ("เท่าเดิม", "คงที่", "เท่ากับปี", "ไม่เปลี่ยนแปลง")
NAME_FILLERS = ("ได้คะแนน", "มีคะแนน", "คะแนน", "ได้", "เท่ากับ", "จำนวน", "คือ", "ร้อยละ")


@dataclass
class Quote:
    indicator: int
    name: str = ""                 # as written after the number
    year: int | None = None        # the year named for this score
    score: float | None = None
    prev_year: int | None = None
    prev_score: float | None = None
    direction: str = ""            # "up", "down", "same" or ""
    direction_word: str = ""
    start: int = 0                 # offsets in the text
    end: int = 0


def _is_year(value: str) -> bool:
    return value.isdigit() and len(value) == 4 and 2400 <= int(value) <= 2800


def _num(value: str) -> float:
    return float(value.replace(",", ""))


def _years(text: str) -> list[tuple[int, int, bool]]:
    """(offset, year, is_previous) for every BE year in ``text``."""
    out = []
    for m in NUMBER.finditer(text):
        if _is_year(m.group()):
            before = text[max(0, m.start() - 30):m.start()]
            out.append((m.start(), int(m.group()), bool(PREV_MARK.search(before))))
    return out


def _direction(text: str) -> tuple[str, str]:
    best = None
    for label, words in (("same", SAME), ("up", UP), ("down", DOWN)):
        for w in words:
            i = text.find(w)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, label, w)
    return (best[1], best[2]) if best else ("", "")


def _clean_name(text: str) -> str:
    name = text.strip(" \t:-–,")
    changed = True
    while changed:
        changed = False
        for f in NAME_FILLERS:
            if name.endswith(f) and len(name) > len(f):
                name = name[: -len(f)].rstrip(" :-–,")
                changed = True
    return name.strip()


def parse_outcome(text: str) -> list[Quote]:
    """Every indicator score an outcome quotes, in order. Digits may be Thai or Arabic."""
    if not text:
        return []
    norm = to_arabic_digits(text)
    mentions = list(MENTION.finditer(norm))
    years = _years(norm)
    quotes: list[Quote] = []
    for i, m in enumerate(mentions):
        seg_end = mentions[i + 1].start() if i + 1 < len(mentions) else len(norm)
        seg = norm[m.end():seg_end]
        q = Quote(int(m.group(2)), start=m.start(), end=seg_end)
        current = [y for off, y, prev in years if off < m.start() and not prev]
        q.year = current[-1] if current else None
        nums = [(n.start(), n.group()) for n in NUMBER.finditer(seg)]
        scores = [(off, v) for off, v in nums if not _is_year(v)]
        if scores:
            off, v = scores[0]
            q.name = _clean_name(seg[:off])
            q.score = _num(v)
            rest_from = off + len(v)
            later_years = [(o, v2) for o, v2 in nums if _is_year(v2) and o > off]
            later_scores = [(o, v2) for o, v2 in scores[1:]]
            if later_years:
                q.prev_year = int(later_years[0][1])
            if later_scores:
                q.prev_score = _num(later_scores[0][1])
                between = seg[rest_from:later_scores[0][0]]
            else:
                between = seg[rest_from:]
            q.direction, q.direction_word = _direction(between)
        else:
            q.name = _clean_name(seg)
        quotes.append(q)
    return quotes


def expected_direction(score: float, prev: float) -> str:
    if score > prev:
        return "up"
    if score < prev:
        return "down"
    return "same"


DIRECTION_TH = {"up": "เพิ่มขึ้น", "down": "ลดลง", "same": "เท่าเดิม"}


def th(n) -> str:
    if isinstance(n, float):
        return to_thai_digits(f"{n:.2f}")
    return to_thai_digits(str(n))


# -- the rules ---------------------------------------------------------------------------------
def check(ctx) -> list:
    out: list = []
    fy = ctx.fiscal_year
    have_scores = "scores" in ctx.singletons
    for rec in ctx.measures:
        text = rec.get("outcome", "")
        if not isinstance(text, str) or not text.strip():
            continue
        for q in parse_outcome(text):
            where = f"ตัวชี้วัดที่ {th(q.indicator)}"
            if fy and q.year is not None and q.year != fy:
                out.append(Problem("outcome-year", ERROR, rec.path, "outcome",
                                   f"ผลลัพธ์ของ{where} ระบุปี {th(q.year)} แต่รายงานเป็นปีงบประมาณ "
                                   f"{th(fy)}"))
            if fy and q.prev_year is not None and q.prev_year != fy - 1:
                same = " (ปีเดียวกับปีปัจจุบัน)" if q.prev_year == q.year else ""
                out.append(Problem("outcome-previous-year", WARNING, rec.path, "outcome",
                                   f"ผลลัพธ์ของ{where} เทียบกับปี {th(q.prev_year)}{same} "
                                   f"แต่ปีก่อนหน้าของปีงบประมาณ {th(fy)} คือ {th(fy - 1)}"))
            if q.direction and q.score is not None and q.prev_score is not None:
                want = expected_direction(q.score, q.prev_score)
                if want != q.direction:
                    out.append(Problem(
                        "outcome-direction", ERROR, rec.path, "outcome",
                        f"ผลลัพธ์ของ{where} เขียนว่า \"{q.direction_word}\" แต่คะแนน "
                        f"{th(q.score)} เทียบกับ {th(q.prev_score)} คือ{DIRECTION_TH[want]}"))
            if not (have_scores and fy):
                continue
            pairs = [(fy, q.score, "ปีนี้")]
            if q.prev_score is not None:
                pairs.append((q.prev_year or fy - 1, q.prev_score, "ปีก่อน"))
            for year, value, label in pairs:
                if value is None:
                    continue
                stored = ctx.scores.get(year, {}).get(q.indicator)
                if stored is None:
                    out.append(Problem("outcome-score-missing", WARNING, rec.path, "outcome",
                                       f"ผลลัพธ์อ้างคะแนน{where} ปี {th(year)} = {th(value)} "
                                       f"แต่ไม่มีคะแนนนี้ใน records/scores.toml [{year}] {q.indicator}"))
                elif abs(stored - value) > 0.005:
                    out.append(Problem("outcome-score-mismatch", ERROR, rec.path, "outcome",
                                       f"ผลลัพธ์อ้างคะแนน{where} ({label}) ปี {th(year)} = {th(value)} "
                                       f"แต่ records/scores.toml บันทึกไว้ {th(stored)}"))
    return out
