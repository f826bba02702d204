"""The plan's part of the Word document (:func:`itatui.render.docx.render_docx` with
``document="plan"``): after the plan's memo, its title, objective, the analysis of last year's
ITA result (heading, the officer's paragraph, the indicators' table, the indicators to improve)
and per issue a table with the plan's six columns (measure, units, activities, period, target,
budget). The texts are :mod:`itatui.render.plan`'s, written plain as the report's part is."""

from __future__ import annotations

from itatui.core.analysis import PASS_MARK, analyse
from itatui.core.thai import number as _number
from itatui.render.docx import record_items, record_lines
from itatui.render.markdown import ISSUE_PREFIX
from itatui.render.plan import (
    NONE_WEAK, NO_SCORES, analysis_heading, analysis_table, has_total, plan_cells,
    plan_columns, weak_heading, weak_lines)
from itatui.render.targets import target_score_text

#: widths of the plan's six columns, in per cent (as the themes' CSS)
PLAN_WIDTHS = (18, 12, 32, 11, 17, 10)


def plan_part(w, report, width: int) -> None:
    """Write the plan proper with the writer ``w`` (a ``docx._Writer`` whose report is the
    plan's view, :func:`itatui.render.plan.as_report`) on a text width of ``width`` EMU."""
    style, k = w.style, w.k
    title = " ".join(w_lines(w, report.title))
    if title:
        w.para(title, style="Heading 1")
    indent = int(w.Pt(2.5 / 2.54 * 72))
    for line in w_lines(w, report.objective):
        w.para(line, indent_first=indent, after=4 * k)
    analysis(w, report, width, indent)
    columns = [" ".join(w_lines(w, c)) for c in plan_columns(report)]
    for issue in report.issues:
        heading = f"{ISSUE_PREFIX} {_number(issue.number, style)}"
        text = " ".join(w_lines(w, issue.title))
        w.para(f"{heading} {text}" if text else heading, style="Heading 2")
        if issue.measures:
            table = w.table(columns, [p * width // 100 for p in PLAN_WIDTHS])
            for m in issue.measures:
                extra = plan_cells(m, report, style)
                activities = w.numbered(m.activities)
                w.row(table, [w_lines(w, m.name), record_items(m.units, style), activities,
                              w_lines(w, m.period) or ["–"], [extra["target"]],
                              [extra["budget"]]],
                      hang=[False, False, len(activities) > 1, False, False, False])
            w.para(after=2 * k)


def w_lines(w, text: str) -> list[str]:
    return record_lines(text, w.style)


def analysis(w, report, width: int, indent: int) -> None:
    style, k = w.style, w.k
    an = analyse(report)
    w.para(analysis_heading(an, style), style="Heading 2")
    plan = report.plan
    for line in w_lines(w, plan.analysis if plan is not None else ""):
        w.para(line, indent_first=indent, after=2 * k)
    if an.year is None:
        w.para(NO_SCORES, after=2 * k)
        return
    header, rows = analysis_table(an, style)
    n = len(header)
    first, measures = int(width * 0.28), int(width * 0.24)
    rest = (width - first - measures) // (n - 2)
    widths = [first] + [rest] * (n - 2) + [measures]
    size = 15 * k
    table = w.table(header, widths, size=size)
    right, center = w.ALIGN.RIGHT, w.ALIGN.CENTER
    aligns = [None] + [right] * (n - 3) + [center, None]
    total = len(rows) - 1 if has_total(an) else -1
    for r, cells in enumerate(rows):
        w.row(table, cells, size=size, aligns=aligns, bold=r == total)
    w.para(after=2 * k)
    weak = weak_lines(an, style)
    if weak:
        p = w.para(weak_heading(style), bold=True, before=4 * k, after=1 * k)
        p.paragraph_format.keep_with_next = True
        for line in weak:
            w.para("• " + line, indent_left=int(w.Pt(14 * k)),
                   indent_first=-int(w.Pt(10 * k)), after=1 * k)
    else:
        w.para(NONE_WEAK.format(mark=target_score_text(PASS_MARK, style)), after=2 * k)
