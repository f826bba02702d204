"""Which document a source is: the importer reads the REPORT (ผลการดำเนินการ, ITA O26) only.

The plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใส, ITA O25, ``itatui render --document plan``) is
refused before anything is read into records: it has no results and no outcomes, its memo and
signers are the plan's own (``records/plan/``) and its analysis is computed from the scores,
so reading it as a report would write a wrong report. Told apart by what only the plan prints:
its analysis heading ("ผลการวิเคราะห์ผลการประเมิน ITA [ประจำปี พ.ศ. N]") or a measures table
whose header has the plan's columns (ตัวชี้วัดเป้าหมาย, งบประมาณ) and not the report's results.
"""

from __future__ import annotations

import re

from itatui.core.errors import ItatuiError
from itatui.core.rules.textutil import squash
from itatui.core.schema import PLAN_COLUMNS, REPORT_COLUMNS
from itatui.importer.blocks import Block, Para, Row

ANALYSIS_HEADING = re.compile(r"^ผลการวิเคราะห์ผลการประเมินITA(?:ประจำปี(?:พ\.ศ\.)?\d{4})?$")
_PLAN_ONLY = {squash(c) for c in PLAN_COLUMNS[4:]}          # ตัวชี้วัดเป้าหมาย, งบประมาณ
_REPORT_ONLY = {squash(c) for c in REPORT_COLUMNS[4:]}      # ผลการดำเนินการ, ผลลัพธ์...


def _cell(text: str) -> str:
    return squash(re.sub(r"<[^>]*>|\*\*|__", "", text))


def plan_evidence(blocks: list[Block]) -> int | None:
    """The line of the first thing only a plan prints, or None (a report, or anything else)."""
    for b in blocks:
        if isinstance(b, Para) and ANALYSIS_HEADING.match(squash(b.text)):
            return b.line
        if isinstance(b, Row):
            cells = {_cell(c) for c in b.cells}
            if cells & _PLAN_ONLY and not cells & _REPORT_ONLY \
                    and len(cells & {squash(c) for c in PLAN_COLUMNS}) >= 3:
                return b.line
    return None


def refuse_plan(blocks: list[Block]) -> None:
    """A Thai :class:`ItatuiError` when ``blocks`` are a plan, not a report."""
    line = plan_evidence(blocks)
    if line is not None:
        raise ItatuiError(
            f"ไฟล์นี้เป็นแผน (มาตรการส่งเสริมคุณธรรมและความโปร่งใส) ไม่ใช่รายงานผลการดำเนินการ "
            f"(พบส่วนของแผนที่บรรทัด {line}): itatui import อ่านได้เฉพาะรายงาน "
            "(แผนไม่มีผลการดำเนินการและผลลัพธ์) — แผนพิมพ์จากระเบียนชุดเดียวกันด้วย "
            "itatui render --document plan")
