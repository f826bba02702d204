"""The plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน, ITA O25) as Markdown blocks: its own
cover memo (``records/plan/memo.toml`` + ``signers.toml``, laid out as the report's), its title
and objective, the analysis of last year's ITA result (:func:`itatui.core.analysis.analyse`),
then per issue a table with the plan's columns (``records/plan/plan.toml`` ``columns``, else
:data:`~itatui.core.schema.PLAN_COLUMNS`): the measure, its units, its activities, its period,
its target and its budget. No results, no outcome: the plan is written before them.

The analysis is one :class:`~itatui.render.markdown.Block` with cls "analysis": its heading,
the officer's ``analysis`` paragraph, a table of the ten indicators (score the year before,
score of the year analysed, change, ผ่าน/ไม่ผ่าน the pass mark of 85, the measures addressing it)
and the list of the indicators to improve (below 85 or fell) with their measures, or
"ยังไม่มีมาตรการ". The texts are built here as plain text (:func:`analysis_table`,
:func:`weak_lines`, :func:`plan_cells`) for the Word renderer too, and escaped for Markdown.
"""

from __future__ import annotations

from dataclasses import replace

from itatui.core.analysis import PASS_MARK, Analysis, Finding, analyse
from itatui.core.errors import ItatuiError
from itatui.core.model import Issue, Measure, Plan, Report
from itatui.core.schema import PLAN_COLUMNS
from itatui.core.thai import number as _number, score as _score
from itatui.render.markdown import (
    ISSUE_PREFIX, ITEM_BREAK, NO_SCORE, Block, table_row, clean_text, escape_inline,
    issue_heading, memo_blocks, numbered_cell, one_line, paragraphs, plain_cell)
from itatui.render.targets import INDICATOR_PREFIX, target_score_text, target_text

PART = "plan"
DEFAULT_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
ANALYSIS_HEADING = "ผลการวิเคราะห์ผลการประเมิน ITA"
ANALYSIS_YEAR = "ประจำปี พ.ศ."
NO_SCORES = "ยังไม่มีคะแนน ITA ของปีก่อนปีงบประมาณนี้ในระเบียน (records/scores.toml)"
COL_INDICATOR = "ตัวชี้วัด"
COL_YEAR = "คะแนนปี"
COL_CHANGE = "เปลี่ยนแปลง"
COL_PASS = "ผ่านเกณฑ์"
COL_MEASURES = "มาตรการที่รองรับ"
PASSED, FAILED = "ผ่าน", "ไม่ผ่าน"
TOTAL = "คะแนนรวม"
WEAK_HEADING = "ตัวชี้วัดที่ต้องพัฒนา (ต่ำกว่า {mark} คะแนน หรือคะแนนลดลงจากปีก่อน)"
NONE_WEAK = "ไม่มีตัวชี้วัดที่ต่ำกว่า {mark} คะแนนหรือคะแนนลดลงจากปีก่อน"
NO_MEASURE = "ยังไม่มีมาตรการ"
MEASURE_PREFIX = "มาตรการที่"
#: the refusal to render (or check) the plan of records without one
MISSING = ("ยังไม่มีระเบียนของแผน (records/plan/) ในคลังนี้: "
           "สร้างได้ด้วยคำสั่ง itatui new-year เมื่อเริ่มปีงบประมาณใหม่")


def require_plan(report: Report) -> Plan:
    """The report's plan; :class:`ItatuiError` (Thai) when the records have none."""
    if report.plan is None:
        raise ItatuiError(MISSING)
    return report.plan


def as_report(report: Report) -> Report:
    """The report with the plan's memo in place of its own (the memo blocks, the footers and
    the metadata of the plan read it from there) and the plan's title and objective."""
    plan = require_plan(report)
    return replace(report, memo=plan.memo, title=plan.title or DEFAULT_TITLE,
                   objective=plan.objective, ita_item=plan.ita_item or "O25",
                   columns=plan_columns(report))


def plan_columns(report: Report) -> list[str]:
    plan = require_plan(report)
    cols = [str(c) for c in plan.columns[:6]]
    return cols + list(PLAN_COLUMNS[len(cols):])


# --- plain text (Markdown escapes it; Word writes it as is) ----------------------------------

def measure_ref(m: Measure, style: str = "thai") -> str:
    """ "ประเด็นที่ ๑ มาตรการที่ ๒" """
    return f"{ISSUE_PREFIX} {_number(m.issue, style)} {MEASURE_PREFIX} {_number(m.number, style)}"


def change_text(change: float | None, style: str = "thai") -> str:
    if change is None:
        return NO_SCORE
    sign = "+" if change > 0 else "-" if change < 0 else ""
    return sign + _score(abs(change), style)


def _score_or_dash(value: float | None, style: str) -> str:
    return _score(value, style) if value is not None else NO_SCORE


def _pass_text(value: float | None) -> str:
    if value is None:
        return NO_SCORE
    return PASSED if value >= PASS_MARK else FAILED


def analysis_heading(an: Analysis, style: str = "thai") -> str:
    if an.year is None:
        return ANALYSIS_HEADING
    return f"{ANALYSIS_HEADING} {ANALYSIS_YEAR} {_number(an.year, style)}"


def _name(text: str, style: str) -> str:
    return " ".join(clean_text(text, style).split())


def analysis_table(an: Analysis, style: str = "thai") -> tuple[list[str], list[list[list[str]]]]:
    """(header, rows): each row a list of cells, each cell a list of lines, plain text. The
    previous year's score and the change are left out when there is no year before; the last
    row is the total when recorded."""
    mark = target_score_text(PASS_MARK, style)
    prev = an.previous_year is not None
    header = [COL_INDICATOR]
    if prev:
        header.append(f"{COL_YEAR} {_number(an.previous_year, style)}")
    header.append(f"{COL_YEAR} {_number(an.year, style)}")
    if prev:
        header.append(COL_CHANGE)
    header += [f"{COL_PASS} {mark}", COL_MEASURES]
    rows = []
    for f in an.findings:
        cells = [[f"{_number(f.number, style)}. {_name(f.name, style)}".rstrip()]]
        if prev:
            cells.append([_score_or_dash(f.previous, style)])
        cells.append([_score_or_dash(f.score, style)])
        if prev:
            cells.append([change_text(f.change, style)])
        cells += [[_pass_text(f.score)], [measure_ref(m, style) for m in f.measures]
                  or [NO_SCORE]]
        rows.append(cells)
    if has_total(an):
        change = (round(an.total - an.previous_total, 2)
                  if an.total is not None and an.previous_total is not None else None)
        cells = [[TOTAL]]
        if prev:
            cells.append([_score_or_dash(an.previous_total, style)])
        cells.append([_score_or_dash(an.total, style)])
        if prev:
            cells.append([change_text(change, style)])
        cells += [[_pass_text(an.total)], [""]]
        rows.append(cells)
    return header, rows


def has_total(an: Analysis) -> bool:
    """Whether :func:`analysis_table` ends with the total's row."""
    return an.total is not None or an.previous_total is not None


def weak_heading(style: str = "thai") -> str:
    return WEAK_HEADING.format(mark=target_score_text(PASS_MARK, style))


def weak_line(f: Finding, style: str = "thai") -> str:
    """ "ตัวชี้วัดที่ ๘ <name> ๗๘.๕๐ คะแนน (ต่ำกว่าเกณฑ์ ๘๕ คะแนน, ลดลง ๒.๐๐ คะแนน):
    ประเด็นที่ ๑ มาตรการที่ ๒ <name>; ..." or ": ยังไม่มีมาตรการ". """
    mark = target_score_text(PASS_MARK, style)
    why = []
    if f.below_pass:
        why.append(f"ต่ำกว่าเกณฑ์ {mark} คะแนน")
    if f.fell and f.change is not None:
        why.append(f"ลดลง {_score(abs(f.change), style)} คะแนน")
    text = f"{INDICATOR_PREFIX} {_number(f.number, style)} {_name(f.name, style)}".rstrip()
    if f.score is not None:
        text += f" {_score(f.score, style)} คะแนน"
    if why:
        text += f" ({', '.join(why)})"
    measures = "; ".join(f"{measure_ref(m, style)} {_name(m.name, style)}".rstrip()
                         for m in f.measures)
    return f"{text}: {measures or NO_MEASURE}"


def weak_lines(an: Analysis, style: str = "thai") -> list[str]:
    return [weak_line(f, style) for f in an.weak]


def plan_cells(m: Measure, report: Report, style: str = "thai") -> dict[str, str]:
    """The target and budget cells of a measure, plain text ("–" when not set)."""
    return {"target": target_text(m, report.catalogue, style) or NO_SCORE,
            "budget": _name(m.budget, style) or NO_SCORE}


# --- Markdown --------------------------------------------------------------------------------

def analysis_block(report: Report, style: str = "thai", an: Analysis | None = None) -> Block:
    an = analyse(report) if an is None else an
    plan = require_plan(report)
    parts = [f"## {escape_inline(analysis_heading(an, style))}"]
    parts += paragraphs(plan.analysis, style)
    if an.year is None:
        parts.append(escape_inline(NO_SCORES))
    else:
        header, rows = analysis_table(an, style)
        aligns = ["---"] + ["---:"] * (len(header) - 3) + [":---:", "---"]
        table = [table_row([escape_inline(h) for h in header]), table_row(aligns)]
        total = len(rows) - 1 if has_total(an) else -1
        for r, cells in enumerate(rows):
            # only the first cell holds record text (the catalogue's name); the others are
            # numbers and words itatui writes, left unescaped ("97.00", "-1.00" stay as is)
            out = [ITEM_BREAK.join(escape_inline(line) if n == 0 else line for line in cell)
                   for n, cell in enumerate(cells)]
            if r == total:                   # the total's row in bold, as the scores table
                out = [f"**{c}**" if c else "" for c in out]
            table.append(table_row(out))
        parts.append("\n".join(table))
        weak = weak_lines(an, style)
        if weak:
            parts.append(f"### {escape_inline(weak_heading(style))}")
            parts.append("\n".join(f"- {escape_inline(line)}" for line in weak))
        else:
            parts.append(escape_inline(NONE_WEAK.format(
                mark=target_score_text(PASS_MARK, style))))
    return Block(PART, "analysis", "\n\n".join(parts))


def plan_row(m: Measure, report: Report, style: str = "thai") -> str:
    extra = plan_cells(m, report, style)
    return table_row([one_line(m.name, style), plain_cell(m.units, style),
                 numbered_cell(m.activities, style), one_line(m.period, style) or NO_SCORE,
                 escape_inline(extra["target"]), escape_inline(extra["budget"])])


def plan_issue_block(report: Report, issue: Issue, style: str = "thai") -> Block:
    parts = [f"## {issue_heading(issue, style)}"]
    if issue.measures:
        header = [one_line(c, style) for c in plan_columns(report)]
        table = [table_row(header), table_row(["---"] * len(header))]
        table += [plan_row(m, report, style) for m in issue.measures]
        parts.append("\n".join(table))
    return Block(PART, "issue", "\n\n".join(parts))


def plan_blocks(report: Report, style: str = "thai") -> list[Block]:
    """The plan's blocks: memo, title, objective, analysis, issues."""
    shown = as_report(report)
    blocks = memo_blocks(shown, style)
    title = one_line(shown.title, style)
    if title:
        blocks.append(Block(PART, "report-title", f"# {title}"))
    objective = paragraphs(shown.objective, style)
    if objective:
        blocks.append(Block(PART, "objective", "\n\n".join(objective)))
    blocks.append(analysis_block(report, style))
    blocks += [plan_issue_block(report, issue, style) for issue in report.issues]
    return blocks


__all__ = ("PART", "analysis_block", "analysis_table", "as_report", "plan_blocks",
           "plan_cells", "plan_columns", "require_plan", "weak_lines")
