"""Scores at a glance in the editor (issue 16): under the scores table, text-mode bars of each
indicator, this year (█) against last year (░), and the total of every year with its grade,
readable in Thai at 80 columns; driven with Pilot on a real repository of the sample."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from helpers import make_app, open_record
from itatui.core.scoring import COMPUTED, NONE, PARTIAL, STORED, YearTotal
from itatui.tui.widgets.score_chart import (BEFORE_BLOCK, NOW_BLOCK, ScoreChart, shade_bar,
                                            solid_bar, total_suffix)

SCORES = "records/scores.toml"


def test_bars_are_as_long_as_the_scores():
    assert solid_bar(100, 10) == NOW_BLOCK * 10
    assert solid_bar(50, 10) == NOW_BLOCK * 5
    assert solid_bar(97.33, 10) == NOW_BLOCK * 9 + "▊"
    assert solid_bar(2.09, 10) == "▎"                  # 1.67 eighths
    assert solid_bar(0.4, 10) == "▏"                   # above zero: at least an eighth
    assert solid_bar(0, 10) == ""
    assert shade_bar(18.5, 10) == BEFORE_BLOCK * 2
    assert shade_bar(2.09, 10) == BEFORE_BLOCK          # at least one cell
    assert shade_bar(0, 10) == ""


async def _chart(sample_repo, size) -> tuple[ScoreChart, list[str], int]:
    app, _ = make_app(sample_repo)
    async with app.run_test(size=size) as pilot:
        await open_record(app, pilot, SCORES)
        await pilot.pause()
        chart = app.query_one(ScoreChart)
        width = chart.content_region.width
        assert 0 < width and chart.region.right <= size[0]     # inside the screen
        lines = [line.plain for line in chart.chart_lines(width)]
        shown = chart.region.height
    assert shown >= len(lines)                                   # every line is shown
    return chart, lines, width


def _row(lines: list[str], label: str) -> str:
    found = [line for line in lines if line.startswith(label + " ")]
    assert len(found) == 1, (label, lines)
    return found[0]


@pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
async def test_the_scores_view_shows_bars_that_read_in_thai(sample_repo, size):
    chart, lines, width = await _chart(sample_repo, size)
    bars = [line for line in lines if line.startswith(("ตัวชี้วัดที่", "พ.ศ."))]
    assert len(bars) == 12 and all(cell_len(line) <= width for line in bars), bars
    assert f"{NOW_BLOCK} พ.ศ. ๒๕๖๘" in lines[0] and f"{BEFORE_BLOCK} พ.ศ. ๒๕๖๗" in lines[0]
    first = _row(lines, "ตัวชี้วัดที่ ๑")
    assert NOW_BLOCK in first and "๑๐๐.๐๐" in first and f"{BEFORE_BLOCK} ๒.๐๙" in first
    assert first.index("๑๐๐.๐๐") < first.index("๒.๐๙")            # this year, then last
    sixth = _row(lines, "ตัวชี้วัดที่ ๖")                          # not recorded: no bar
    assert sixth.count("–") == 2 and NOW_BLOCK not in sixth and BEFORE_BLOCK not in sixth
    eighth = _row(lines, "ตัวชี้วัดที่ ๘")
    assert eighth.count(BEFORE_BLOCK) > _row(lines, "ตัวชี้วัดที่ ๙").count(BEFORE_BLOCK)
    # every indicator's bar starts in the same column
    starts = {cell_len(line[:line.index(NOW_BLOCK)]) for line in lines
              if line.startswith("ตัวชี้วัดที่") and NOW_BLOCK in line}
    assert len(starts) == 1
    # the totals: a bar, the total and the grade per year ("*": computed). The sample has no
    # score for indicators 6 and 10: the totals are partial ("ไม่ครบ", as the table's ที่มา
    # row says), their grades in brackets, and a note names the indicators missing
    assert "คะแนนรวมแต่ละปี" in lines
    assert _row(lines, "พ.ศ. ๒๕๖๗").endswith("๔.๖๕* (F) ไม่ครบ")
    assert _row(lines, "พ.ศ. ๒๕๖๘").endswith("๙๗.๓๑* (AA) ไม่ครบ")
    assert any(line.startswith("ไม่ครบ: ยังไม่มีคะแนนตัวชี้วัดที่ ๖, ๑๐") for line in lines)
    if size[0] >= 140:                     # with room, the indicator's name follows
        assert "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ" in "\n".join(lines)


def test_a_total_from_every_indicator_keeps_its_grade_unbracketed():
    assert total_suffix(YearTotal(2568, 97.31, COMPUTED, "AA")) == "* AA"
    assert total_suffix(YearTotal(2568, 97.31, STORED, "AA")) == " AA"
    assert total_suffix(YearTotal(2568, 97.31, PARTIAL, "AA", [6])) == "* (AA) ไม่ครบ"
    assert total_suffix(YearTotal(2568, None, NONE)) == ""


async def test_wider_screens_draw_longer_bars(sample_repo):
    _, narrow, _ = await _chart(sample_repo, (80, 24))
    _, wide, _ = await _chart(sample_repo, (140, 45))
    assert (_row(wide, "ตัวชี้วัดที่ ๑").count(NOW_BLOCK)
            > _row(narrow, "ตัวชี้วัดที่ ๑").count(NOW_BLOCK) >= 5)


async def test_the_chart_follows_the_form_before_saving(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(app, pilot, SCORES)
        chart = app.query_one(ScoreChart)
        app.form.box("2568.1").editor.value = "๕๐.๐๐"
        await pilot.pause()
        row = _row([line.plain for line in chart.chart_lines(chart.content_region.width)],
                   "ตัวชี้วัดที่ ๑")
        full = _row([line.plain for line in chart.chart_lines(chart.content_region.width)],
                    "ตัวชี้วัดที่ ๒")
    assert "๕๐.๐๐" in row
    assert abs(row.count(NOW_BLOCK) - full.count(NOW_BLOCK) / 2) <= 1      # half as long
