"""What the plan sets against what happened: a measure's target (``target_indicator``,
``target_score``) in the catalogue and within 0-100, a target score with the indicator it is
for, the outcome naming the indicator it targets and the year's score reaching the target;
and the analysis that starts the plan (:mod:`itatui.core.analysis`): an indicator below the
ITA pass mark that no measure addresses.

The outcome rules are the report's (the plan is written before there are outcomes): they run
only on an outcome written, and not when the plan is checked.
"""

from __future__ import annotations

from itatui.core.problem import ERROR, WARNING, Problem
from itatui.core.rules.outcomes import parse_outcome, th
from itatui.core.rules.textutil import fuzzy_find, squash


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def mentions(outcome: str, number: int, name: str) -> bool:
    """Whether ``outcome`` names indicator ``number``: ตัวชี้วัดที่ ๘ (as the outcome rules read
    it, Thai or Arabic digits), or the catalogue's name of it (a few letters may differ)."""
    if any(q.indicator == number for q in parse_outcome(outcome)):
        return True
    want = squash(name)
    if len(want) < 4:
        return False
    return bool(fuzzy_find(want, squash(outcome), max(1, len(want) // 8)))


def check(ctx) -> list:
    out: list = []
    cat = ctx.catalogue
    numbers = {i.number for i in cat.indicators}
    fy = ctx.fiscal_year
    for rec in ctx.measures:
        target = rec.get("target_indicator")
        score = _number(rec.get("target_score"))
        if score is not None and not 0 <= score <= 100:
            out.append(Problem("target-score-range", ERROR, rec.path, "target_score",
                               f"ค่าเป้าหมาย {th(score)} คะแนน ต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"))
            score = None
        if not isinstance(target, int) or isinstance(target, bool):
            if score is not None and target is None:
                # "ไม่น้อยกว่า ๘๕ คะแนน" alone: the plan would not say of which indicator
                out.append(Problem("target-without-indicator", WARNING, rec.path,
                                   "target_indicator",
                                   f"มีค่าเป้าหมาย {th(score)} คะแนน แต่ยังไม่ได้ระบุตัวชี้วัดเป้าหมาย "
                                   "(ตัวชี้วัด ITA ที่มาตรการนี้มุ่งยกระดับ)"))
            continue
        if target not in numbers:
            out.append(Problem("target-unknown-indicator", ERROR, rec.path, "target_indicator",
                               f"ตัวชี้วัดเป้าหมายที่ {th(target)} ไม่มีในแคตตาล็อกตัวชี้วัด ITA"))
            continue
        if ctx.document == "plan":
            continue
        ind = cat.indicator(target)
        outcome = rec.get("outcome", "")
        if isinstance(outcome, str) and outcome.strip() and \
                not mentions(outcome, target, ind.name):
            out.append(Problem("target-not-mentioned", WARNING, rec.path, "outcome",
                               f"มาตรการนี้มุ่งยกระดับตัวชี้วัดที่ {th(target)} {ind.name} "
                               "แต่ผลลัพธ์ไม่ได้กล่าวถึงตัวชี้วัดนี้"))
        got = ctx.scores.get(fy, {}).get(target) if fy else None
        if score is not None and got is not None and got < score - 0.005:
            out.append(Problem("target-missed", WARNING, rec.path, "target_score",
                               f"ตัวชี้วัดที่ {th(target)} ปี {th(fy)} ได้ {th(got)} คะแนน "
                               f"ไม่ถึงค่าเป้าหมาย {th(score)} คะแนน (ถ้าเป็นผลจริง ให้รายงานตามจริง"
                               "และอธิบายในผลลัพธ์)"))
    out += _unaddressed(ctx)
    return out


def _unaddressed(ctx) -> list:
    """``indicator-unaddressed``: from the analysis of the records (built here from the plain
    data, never raising on a broken value), each indicator below the pass mark in the year
    analysed that no measure targets or quotes."""
    from itatui.core.analysis import PASS_MARK, analyse

    analysis = analyse(_report(ctx))
    if analysis.year is None:
        return []
    path = ctx.paths.get("scores", "records/scores.toml")
    out = []
    for f in analysis.unaddressed:
        out.append(Problem("indicator-unaddressed", WARNING, path, f"{analysis.year}.{f.number}",
                           f"ตัวชี้วัดที่ {th(f.number)} {f.name} ปี {th(analysis.year)} ได้ "
                           f"{th(f.score)} คะแนน ต่ำกว่าเกณฑ์ผ่าน {th(int(PASS_MARK))} คะแนน แต่ยังไม่มี"
                           "มาตรการใดมุ่งยกระดับ (กำหนดตัวชี้วัดเป้าหมายของมาตรการ)"))
    return out


def _report(ctx):
    """The little of a :class:`~itatui.core.model.Report` that :func:`analyse` reads."""
    from itatui.core.model import Issue, Measure, Report

    measures = []
    for rec in ctx.measures:
        target = rec.get("target_indicator")
        listed = rec.get("indicators", []) or []
        issue, number = rec.numbers
        measures.append(Measure(
            issue, number, rec.path,
            target_indicator=target if isinstance(target, int) and not isinstance(target, bool)
            else None,
            indicators=[n for n in listed if isinstance(n, int) and not isinstance(n, bool)]
            if isinstance(listed, list) else []))
    return Report(fiscal_year=ctx.fiscal_year, scores=ctx.scores, catalogue=ctx.catalogue,
                  issues=[Issue(0, "", measures=measures)])
