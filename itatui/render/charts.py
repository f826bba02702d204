"""Scores at a glance: the two charts of the PDF and the website (issue 16).

After the scores of a document (:data:`CHART_AFTER`: the report's block with cls "scores",
the plan's block with cls "analysis") :func:`charts_html` puts

1. the indicators of the catalogue, one year against the year before (:func:`comparison`:
   for the report its fiscal year and the year before, for the plan the year its analysis
   reads, :func:`itatui.core.analysis.analyse`): two bars each, the score written as text
   beside its bar, "–" and no bar when there is no score;
2. the total's trend over every year recorded (:func:`trend`: the stored ``total`` of
   ``scores.toml``, else the total :mod:`itatui.core.scoring` computes, marked "*"), drawn
   over the catalogue's grade bands (AA ≥ 95 … F < 50) with their letters.

Drawn by itatui as inline SVG: no library, no network, no reference to any other file. Every
Thai word is HTML text, none is SVG text: WeasyPrint 70 lays SVG text out one character at
a time, so the vowel and the tone mark of one cluster collide ("ชี้", "ที่"). So the bars
chart is an HTML table (the label and the scores are text in its cells, each bar a small
SVG) and the trend's SVG holds only digits, dots, "*" and the grade letters, which come out
the same laid letter by letter; its Thai caption, legend and notes are HTML. The SVG text
uses the theme's font (:attr:`~itatui.render.themes.Theme.font_stack`: in a PDF the
``@font-face`` family of the chosen font), in the theme's digits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

from itatui.core.analysis import analyse
from itatui.core.model import Report
from itatui.core.scoring import COMPUTED, PARTIAL, STORED, YearTotal, year_totals
from itatui.core.thai import number as _number, score as _score
from itatui.render.themes import Theme

#: the cls of the block a chart follows -> the document it belongs to
CHART_AFTER = {"scores": "report", "analysis": "plan"}
NO_SCORE = "–"
YEAR_PREFIX = "พ.ศ."
INDICATOR_PREFIX = "ตัวชี้วัดที่"
BARS_CAPTION = "คะแนนรายตัวชี้วัด {now} เทียบกับ {before}"
BARS_CAPTION_ONE = "คะแนนรายตัวชี้วัด {now}"
TREND_CAPTION = "คะแนนรวมแต่ละปีและระดับผลการประเมิน"
TREND_TITLE = "แนวโน้มคะแนนรวมการประเมินคุณธรรมและความโปร่งใส (ITA)"
BANDS_NOTE = "แถบพื้นหลังคือระดับผลการประเมิน: {bands}"
COMPUTED_NOTE = ("* คะแนนรวมที่ไม่ได้บันทึกไว้ คำนวณจากคะแนนรายตัวชี้วัดตามน้ำหนักแบบวัด")
PARTIAL_NOTE = "วงกลมโปร่ง: คำนวณจากตัวชี้วัดที่มีคะแนนเท่านั้น (ตัวชี้วัดไม่ครบ)"
GRADE_WORD = "ระดับ"

#: colours: this year dark, the year before light with a dark outline (apart without colour)
NOW_FILL, BEFORE_FILL, OUTLINE = "#1f4e79", "#c5d5e6", "#1f4e79"
LINE = "#1a1a1a"
BAND_FILLS = ("#d5ebd0", "#e3f1d6", "#eef4d3", "#fbf2cf", "#fbe3cc", "#f7d7cb", "#f2c9c9")
#: the longest bar (a score of 100) as a share of its cell: the score's text follows it
BAR_SHARE = 78.0
_PT_MM = 25.4 / 72
#: The charts' layout, put ahead of the theme's CSS when a document has charts (so a theme
#: of the records repository written before the charts still lays them out; a theme's
#: style.css may override any of it): the bars beside the trend, kept on one page.
CHART_CSS = """/* itatui charts (itatui/render/charts.py) */
.charts { display: flex; align-items: flex-start; margin: 0.8em 0 0; break-inside: avoid; }
.chart { margin: 0; break-inside: avoid; }
.chart-bars { flex: 1 1 0; min-width: 0; margin-right: 1cm; }
.chart-trend { flex: none; }
.chart figcaption { font-weight: bold; margin: 0 0 0.2em; break-after: avoid; }
.chart figcaption .years, .chart-note .band, .chart-legend .key { white-space: nowrap; }
.chart-legend { margin: 0 0 0.2em; }
.chart-legend .key { margin-right: 1.2em; }
.chart svg { vertical-align: middle; }
.chart-table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0;
               line-height: 1.2; }
.chart-table th, .chart-table td { border: none; border-bottom: 0.5pt solid #bbbbbb;
    background: none; padding: 1pt 0.5em 1pt 0; text-align: left; vertical-align: middle;
    font-weight: normal; }
.chart-table th { width: 40%; }
.chart-table th .number { font-weight: bold; white-space: nowrap; }
.bar-line { white-space: nowrap; }
.bar-line .value { margin-left: 0.3em; }
.chart-note { line-height: 1.35; margin: 0.2em 0 0; }
@media screen {
  .charts { flex-wrap: wrap; }
  .chart-bars { flex: 1 1 24rem; }
  .chart-trend svg { max-width: 100%; height: auto; }
}
"""


# --- what the charts show ------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    """One indicator: its score in the year shown and in the year before (None: none)."""

    number: int
    name: str
    now: float | None
    before: float | None


@dataclass(frozen=True)
class Comparison:
    year: int | None                  # None: no scores to show
    previous_year: int | None
    bars: tuple[Bar, ...] = ()


def compared_years(report: Report, document: str = "report") -> tuple[int | None, int | None]:
    """The two years the bars compare: for the plan the year its analysis reads and the one
    before it; for the report its fiscal year (else the newest year recorded before it) and
    the newest year recorded before that."""
    if document == "plan":
        analysis = analyse(report)
        return analysis.year, analysis.previous_year
    years = sorted(y for y in report.scores
                   if not report.fiscal_year or y <= report.fiscal_year)
    if not years:
        return None, None
    return years[-1], (years[-2] if len(years) > 1 else None)


def comparison(report: Report, document: str = "report") -> Comparison:
    """The bars: every indicator of the catalogue (and any other one scored in the two
    years), in number order."""
    year, prev = compared_years(report, document)
    if year is None:
        return Comparison(None, None)
    now = report.scores.get(year, {})
    before = report.scores.get(prev, {}) if prev is not None else {}
    cat = report.catalogue
    numbers = sorted({i.number for i in cat.indicators} | set(now) | set(before))
    bars = []
    for n in numbers:
        ind = cat.indicator(n)
        bars.append(Bar(n, ind.name if ind else "", now.get(n), before.get(n)))
    return Comparison(year, prev, tuple(bars))


def trend(report: Report, upto: int | None = None) -> list[YearTotal]:
    """Every year recorded (up to ``upto`` when given), oldest first, with its total (stored,
    else computed by :func:`itatui.core.scoring.year_totals`) and its grade."""
    years = sorted(y for y in set(report.scores) | set(report.totals)
                   if upto is None or y <= upto)
    data = {}
    for y in years:
        table: dict = dict(report.scores.get(y, {}))
        if y in report.totals:
            table["total"] = report.totals[y]
        data[y] = table
    return year_totals(data, report.catalogue)


# --- HTML and SVG --------------------------------------------------------------------------

def charts_html(report: Report, cls: str, theme: Theme) -> str:
    """The charts to put after the block of class ``cls`` ("" when none follows it)."""
    document = CHART_AFTER.get(cls.split()[0] if cls.split() else "")
    if document is None:
        return ""
    comp = comparison(report, document)
    # the plan's trend ends with the year its analysis reads: a later year's scores, entered
    # since for the report, are not part of the plan (its bars and table stop there too)
    upto = comp.year if document == "plan" else None
    figures = [bars_figure(comp, theme), trend_figure(trend(report, upto), report, theme)]
    figures = [f for f in figures if f]
    if not figures:
        return ""
    return (f'<div class="charts charts-{document}">\n' + "\n".join(figures) + "\n</div>")


def _year(year: int, style: str) -> str:
    return f"{YEAR_PREFIX} {_number(year, style)}"


def _value(value: float | None, style: str) -> str:
    return NO_SCORE if value is None else _score(value, style)


def _bar_svg(value: float, fill: str, stroke: str) -> str:
    """A bar as wide as ``value`` (0-100) out of :data:`BAR_SHARE` % of its line."""
    width = max(0.0, min(value, 100.0)) * BAR_SHARE / 100
    if width < 0.05:
        return ""
    return (f'<svg class="bar" aria-hidden="true" focusable="false" viewBox="0 0 100 10" '
            f'preserveAspectRatio="none" style="width: {width:.2f}%; height: 0.75em">'
            f'<rect x="0.5" y="0.5" width="99" height="9" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1" vector-effect="non-scaling-stroke"/></svg>')


def _swatch(fill: str, stroke: str) -> str:
    return (f'<svg class="swatch" aria-hidden="true" focusable="false" viewBox="0 0 20 10" '
            f'style="width: 1.6em; height: 0.8em"><rect x="0.5" y="0.5" width="19" height="9" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1"/></svg>')


def _bar_line(kind: str, value: float | None, fill: str, style: str) -> str:
    bar = _bar_svg(value, fill, OUTLINE) if value is not None else ""
    return (f'<div class="bar-line {kind}">{bar}'
            f'<span class="value">{_value(value, style)}</span></div>')


def bars_figure(comp: Comparison, theme: Theme) -> str:
    """The indicators chart: a table, one row per indicator (its label, then a line per
    year: the bar and the score as text)."""
    if comp.year is None or not comp.bars:
        return ""
    style = theme.digits
    now, before = _year(comp.year, style), (_year(comp.previous_year, style)
                                            if comp.previous_year is not None else "")
    caption = (BARS_CAPTION.format(now=now, before=before) if before
               else BARS_CAPTION_ONE.format(now=now))
    keys = [f'<span class="key">{_swatch(NOW_FILL, OUTLINE)} {escape(now)}</span>']
    if before:
        keys.append(f'<span class="key">{_swatch(BEFORE_FILL, OUTLINE)} {escape(before)}</span>')
    rows = []
    for bar in comp.bars:
        label = f'<span class="number">{INDICATOR_PREFIX} {_number(bar.number, style)}</span>'
        if bar.name:
            label += f' <span class="name">{escape(bar.name)}</span>'
        lines = [_bar_line("now", bar.now, NOW_FILL, style)]
        if before:
            lines.append(_bar_line("before", bar.before, BEFORE_FILL, style))
        rows.append(f'<tr><th scope="row">{label}</th><td class="bars">{"".join(lines)}</td>'
                    "</tr>")
    return (f'<figure class="chart chart-bars">\n<figcaption>{escape(caption)}</figcaption>\n'
            f'<p class="chart-legend">{" ".join(keys)}</p>\n'
            f'<table class="chart-table">\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody>\n</table>\n</figure>")


def _text_size_mm(theme: Theme, share: float = 0.85) -> float:
    """``share`` of the theme's body size, in millimetres of the chosen font."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)pt", theme.font_size.strip())
    points = float(m.group(1)) if m else 16.0
    return points * theme.font_scale * _PT_MM * share


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _bands(report: Report) -> list[tuple[str, float, float]]:
    """``(grade, low, high)`` from the catalogue's grades, best first."""
    out, high = [], 100.0
    for grade, low in report.catalogue.grades:
        low = max(0.0, min(low, 100.0))
        if low < high:
            out.append((grade, low, high))
            high = low
    if out and out[-1][1] > 0:
        grade, _, top = out[-1]
        out[-1] = (grade, 0.0, top)
    return out


#: between two grade bands in the note: a bar, not "·", which Loma (the modern theme) draws
#: at the height of the digits' tops
BAND_SEPARATOR = " | "


def bands_text(report: Report, style: str) -> str:
    """ "AA ๙๕–๑๐๐ | A ๘๕–๙๔.๙๙ | … | F ต่ำกว่า ๕๐" """
    parts = []
    bands = _bands(report)
    for i, (grade, low, high) in enumerate(bands):
        if i == len(bands) - 1 and low == 0:
            parts.append(f"{grade} ต่ำกว่า {_number(_num(high), style)}")
        elif i == 0:
            parts.append(f"{grade} {_number(_num(low), style)}–{_number(_num(high), style)}")
        else:
            parts.append(f"{grade} {_number(_num(low), style)}–{_score(high - 0.01, style)}")
    return BAND_SEPARATOR.join(parts)


def bands_html(report: Report, style: str) -> str:
    """:func:`bands_text` with each band in a ``<span class="band">`` (kept on one line)."""
    return BAND_SEPARATOR.join(f'<span class="band">{escape(part)}</span>'
                               for part in bands_text(report, style).split(BAND_SEPARATOR))


def _value_place(totals: list[YearTotal], i: int, x: float, y: float, fs: float,
                 crowded: bool) -> tuple[float, float, str]:
    """Where a point's total is written, clear of the line: above it, on the side away from
    a higher neighbour (centred in a crowded chart, whose labels skip points); below it
    between two higher neighbours."""
    here = totals[i].total or 0.0

    def higher(j: int) -> bool:
        return 0 <= j < len(totals) and (totals[j].total or -1.0) > here

    before, after = higher(i - 1), higher(i + 1)
    if before and after:
        return x, y + fs * 1.35, "middle"
    if after and not crowded:
        return x - fs * 0.45, y - fs * 0.45, "end"
    if before and not crowded:
        return x + fs * 0.45, y - fs * 0.45, "start"
    return x, y - fs * 0.6, "middle"


def _label(text: str, x: float, y: float, anchor: str, fs: float, low: float,
           high: float) -> str:
    """A total written at ``(x, y)`` on a white ground (the line may run under it), kept
    between ``low`` and ``high``."""
    w = len(text) * fs * 0.55
    start = {"end": x - w, "start": x, "middle": x - w / 2}[anchor]
    start = max(low, min(start, high - w))
    return (f'<rect x="{_num(start - fs * 0.1)}" y="{_num(y - fs * 0.78)}" '
            f'width="{_num(w + fs * 0.2)}" height="{_num(fs * 0.98)}" fill="#ffffff" '
            f'fill-opacity="0.8"/>'
            f'<text x="{_num(start + w / 2)}" y="{_num(y)}" text-anchor="middle">{text}</text>')


def trend_figure(totals: list[YearTotal], report: Report, theme: Theme) -> str:
    """The total's trend: an SVG (grade bands, the line, each year's total as text and the
    years), its Thai title and description, and notes in HTML."""
    if not any(t.total is not None for t in totals):
        return ""
    style = theme.digits
    fs = _text_size_mm(theme)
    n = len(totals)
    left, right, top, bottom = fs * 2.2, fs * 0.8, fs * 2.2, fs * 2.0
    width = max(90.0, min(150.0, left + right + n * fs * 5.5))
    plot_h = 16 * fs
    height = top + plot_h + bottom
    slot = (width - left - right) / n

    def y_of(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(score, 100.0)) / 100)

    label_w = fs * 0.55 * 7                     # "๑๐๐.๐๐*" at about 0.55 em a character
    year_every = max(1, math.ceil(fs * 0.6 * 5 / slot))
    crowded = label_w * 1.1 > slot
    value_every = max(1, math.ceil(label_w * 1.15 / slot)) if crowded else 1
    out = []
    bands = _bands(report)
    for i, (grade, low, high) in enumerate(bands):
        y0, y1 = y_of(high), y_of(low)
        fill = BAND_FILLS[min(i, len(BAND_FILLS) - 1)]
        out.append(f'<rect x="{_num(left)}" y="{_num(y0)}" width="{_num(width - left - right)}" '
                   f'height="{_num(y1 - y0)}" fill="{fill}" stroke="#ffffff" '
                   'stroke-width="0.3"/>')
        out.append(f'<text x="{_num(left - fs * 0.4)}" y="{_num((y0 + y1) / 2 + fs * 0.35)}" '
                   f'text-anchor="end" font-size="{_num(fs * 0.9)}">{escape(grade)}</text>')
    base = top + plot_h
    out.append(f'<line x1="{_num(left)}" y1="{_num(base)}" x2="{_num(width - right)}" '
               f'y2="{_num(base)}" stroke="{LINE}" stroke-width="0.3"/>')
    points = [(left + slot * (i + 0.5), t) for i, t in enumerate(totals)]
    run: list[str] = []
    for x, t in points + [(0.0, None)]:
        if t is not None and t.total is not None:
            run.append(f"{_num(x)},{_num(y_of(t.total))}")
            continue
        if len(run) > 1:
            out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE}" '
                       'stroke-width="0.5"/>')
        run = []
    computed = partial = False
    labels = []
    for i, (x, t) in enumerate(points):
        back = n - 1 - i                        # counted from the newest, always labelled
        if back % year_every == 0:
            out.append(f'<text x="{_num(x)}" y="{_num(base + fs * 1.3)}" text-anchor="middle">'
                       f"{_number(t.year, style)}</text>")
        if t.total is None:
            continue
        y = y_of(t.total)
        hollow = t.source == PARTIAL
        computed |= t.source in (COMPUTED, PARTIAL)
        partial |= hollow
        out.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(fs * 0.3)}" '
                   f'fill="{"#ffffff" if hollow else LINE}" stroke="{LINE}" '
                   'stroke-width="0.4"/>')
        if back % value_every:
            continue
        tx, ty, anchor = _value_place(totals, i, x, y, fs, crowded)
        if ty > base - fs * 0.3:                # no room below: above
            tx, ty, anchor = x, y - fs * 0.6, "middle"
        mark = "" if t.source == STORED else "*"
        labels.append(_label(f"{_score(t.total, style)}{mark}", tx, ty, anchor, fs,
                             fs * 0.15, width - fs * 0.15))
    out += labels                               # over the line and the points
    title_id, desc_id = "chart-trend-title", "chart-trend-desc"
    desc = "; ".join(
        f"{_year(t.year, style)} "
        + (f"{_score(t.total, style)} {GRADE_WORD} {t.grade}".rstrip()
           if t.total is not None else NO_SCORE)
        for t in totals)
    svg = (f'<svg class="trend" role="img" aria-labelledby="{title_id} {desc_id}" '
           f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
           f'width="{_num(width)}mm" height="{_num(height)}mm" '
           f'font-family="{escape(theme.font_stack)}" font-size="{_num(fs)}" fill="{LINE}">'
           f'<title id="{title_id}">{escape(TREND_TITLE)}</title>'
           f'<desc id="{desc_id}">{escape(desc)}</desc>' + "".join(out) + "</svg>")
    notes = []
    if bands:
        notes.append(escape(BANDS_NOTE).format(bands=bands_html(report, style)))
    if computed:
        notes.append(escape(COMPUTED_NOTE))
    if partial:
        notes.append(escape(PARTIAL_NOTE))
    note_html = "".join(f'<p class="chart-note">{x}</p>' for x in notes)
    years = _year(totals[0].year, style) + (f"–{_number(totals[-1].year, style)}" if n > 1
                                            else "")
    return (f'<figure class="chart chart-trend" style="width: {_num(width)}mm">\n'
            f'<figcaption>{escape(TREND_CAPTION)} <span class="years">({escape(years)})</span>'
            f'</figcaption>\n{svg}\n{note_html}\n</figure>')
