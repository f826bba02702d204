"""Scores at a glance in the PDF and the website (issue 16): the indicators' bars, this year
against last year, and the total's trend over the grade bands, drawn by itatui as inline SVG
after the report's scores and after the plan's analysis; the numbers and the Thai labels are
text (the PDF's text layer keeps them), in the theme's digits and font, with no reference
to anything outside the document."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pypdf
import pytest

from itatui.core.model import Plan, build_report
from itatui.core.records import RecordStore
from itatui.core.scoring import COMPUTED, PARTIAL, STORED
from itatui.render.charts import (CHART_CSS, NO_SCORE, bands_text, charts_html, comparison,
                                  trend)
from itatui.render.html import render_html
from itatui.render.markdown import render_markdown
from itatui.render.themes import load_theme

from helpers import ROOT, glyph_width_problems, page_texts, words_unwrapped

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def sample():
    return build_report(RecordStore(ROOT).load_all())


def _with(report, **changes):
    return dataclasses.replace(report, **changes)


# --- what the charts show ------------------------------------------------------------------

def test_the_report_compares_its_fiscal_year_with_the_year_before(sample):
    comp = comparison(sample, "report")
    assert (comp.year, comp.previous_year) == (2568, 2567)
    assert [b.number for b in comp.bars] == list(range(1, 11))     # the catalogue's ten
    first, sixth = comp.bars[0], comp.bars[5]
    assert (first.name, first.now, first.before) == ("การปฏิบัติหน้าที่", 100.0, 2.09)
    assert (sixth.now, sixth.before) == (None, None)                # not recorded


def test_the_plan_compares_the_year_its_analysis_reads(sample):
    scores = {**sample.scores, 2569: {1: 90.0}}
    report = _with(sample, fiscal_year=2569, scores=scores)
    assert (comparison(report, "plan").year, comparison(report, "plan").previous_year) == \
        (2568, 2567)
    assert (comparison(report, "report").year,
            comparison(report, "report").previous_year) == (2569, 2568)


def test_the_trend_takes_a_stored_total_else_computes_one(sample):
    report = _with(sample, totals={2567: 60.5})
    points = {t.year: t for t in trend(report)}
    assert (points[2567].total, points[2567].source, points[2567].grade) == (60.5, STORED, "D")
    assert points[2568].source == PARTIAL               # indicators 6 and 10 have no score
    full = {**sample.scores, 2568: {n: 96.0 for n in range(1, 11)}}
    points = {t.year: t for t in trend(_with(sample, scores=full))}
    assert (points[2568].total, points[2568].source, points[2568].grade) == \
        (96.0, COMPUTED, "AA")


def test_the_grade_bands_are_the_catalogues(sample):
    assert bands_text(sample, "thai") == (
        "AA ๙๕–๑๐๐ | A ๘๕–๙๔.๙๙ | B ๗๕–๘๔.๙๙ | C ๖๕–๗๔.๙๙ | D ๕๕–๖๔.๙๙ | E ๕๐–๕๔.๙๙"
        " | F ต่ำกว่า ๕๐")


# --- the HTML and its SVG ------------------------------------------------------------------

def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_charts_follow_the_scores_and_the_analysis_only(sample):
    theme = load_theme("official")
    assert charts_html(sample, "scores", theme).startswith('<div class="charts charts-report"')
    assert charts_html(sample, "analysis", theme).startswith('<div class="charts charts-plan"')
    for cls in ("issue", "memo-header", "objective", ""):
        assert charts_html(sample, cls, theme) == ""
    html = render_html(sample, "official")
    scores_at = html.index('<div class="scores">')
    assert html.index('<div class="charts charts-report">') > scores_at
    assert CHART_CSS in html                         # the layout comes with the charts
    assert "charts" not in render_markdown(sample)   # Markdown: no chart


def test_a_report_without_scores_has_no_chart_and_no_chart_css(sample):
    bare = _with(sample, scores={}, totals={})
    assert charts_html(bare, "scores", load_theme("official")) == ""
    assert CHART_CSS not in render_html(bare, "official")


def test_scores_are_text_beside_their_bars_and_a_missing_score_has_no_bar(sample):
    chart = charts_html(sample, "scores", load_theme("official"))
    rows = re.findall(r"<tr>.*?</tr>", chart, flags=re.S)
    assert len(rows) == 10
    first, sixth = rows[0], rows[5]
    assert "ตัวชี้วัดที่ ๑</span>" in first and "การปฏิบัติหน้าที่" in first
    lines = re.findall(r'<div class="bar-line (\w+)">(.*?)</div>', first)
    assert [kind for kind, _ in lines] == ["now", "before"]
    for (_, line), value in zip(lines, ("๑๐๐.๐๐", "๒.๐๙")):
        assert "<svg" in line and f'<span class="value">{value}</span>' in line
    for _, line in re.findall(r'<div class="bar-line (\w+)">(.*?)</div>', sixth):
        assert "<svg" not in line and f'<span class="value">{NO_SCORE}</span>' in line
    # the bars are as long as the scores: 100 is the longest, 2.09 about a fiftieth of it
    widths = [float(w) for w in re.findall(r"width: ([\d.]+)%", first)]
    assert widths[0] > 45 * widths[1]


def test_digits_and_font_follow_the_theme(sample):
    official, modern = load_theme("official"), load_theme("modern")
    thai = charts_html(sample, "scores", official)
    arabic = charts_html(sample, "scores", modern)
    assert "๙๗.๓๓" in thai and "97.33" not in thai
    assert "97.33" in arabic and "๙๗.๓๓" not in arabic
    assert "พ.ศ. ๒๕๖๘ เทียบกับ พ.ศ. ๒๕๖๗" in thai
    trend_svg = [s for s in _svgs(thai) if 'class="trend"' in s][0]
    family = re.search(r'font-family="([^"]*)"', trend_svg).group(1)
    assert family.replace("&quot;", '"') == official.font_stack
    from itatui.render.pdf import pdf_theme

    chosen = pdf_theme(official)                 # in a PDF: the chosen font's @font-face
    pdf_chart = charts_html(sample, "scores", chosen)
    assert f'font-family="&quot;{chosen.font_choice.css_family}&quot;"' in pdf_chart


def test_the_svg_refers_to_nothing_outside_and_speaks_thai(sample):
    chart = charts_html(sample, "scores", load_theme("official"))
    without_ns = chart.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for outside in ("http:", "https:", "href", "url(", "<image", "<use", "@import"):
        assert outside not in without_ns
    trend_svg = [s for s in _svgs(chart) if 'class="trend"' in s][0]
    assert 'role="img"' in trend_svg
    title = re.search(r"<title[^>]*>(.*?)</title>", trend_svg).group(1)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", trend_svg).group(1)
    assert "คะแนนรวม" in title
    assert "พ.ศ. ๒๕๖๗ ๔.๖๕ ระดับ F" in desc and "พ.ศ. ๒๕๖๘ ๙๗.๓๑ ระดับ AA" in desc
    # SVG text is only digits, dots, "*" and grade letters (WeasyPrint lays SVG text out one
    # character at a time: a Thai vowel and tone mark would collide)
    for text in re.findall(r"<text[^>]*>(.*?)</text>", trend_svg):
        assert re.fullmatch(r"[0-9๐-๙.*A-Z]+", text), text


def test_the_plans_charts_follow_its_analysis(sample):
    report = _with(sample, fiscal_year=2569, plan=Plan(title="มาตรการ"))
    html = words_unwrapped(render_html(report, "official", document="plan"))
    assert html.index('<div class="charts charts-plan">') > html.index('<div class="analysis">')
    # on the website the years stay whole ("พ.ศ." with its year) as in the PDF
    assert ('<span class="nobr">พ.ศ. ๒๕๖๘</span> เทียบกับ <span class="nobr">พ.ศ. ๒๕๖๗</span>'
            in html)


def test_the_plans_trend_ends_with_the_year_its_analysis_reads(sample):
    """The plan of 2569 analyses 2568: the scores of 2569, entered later for the report, are
    in neither its bars nor its trend (the report's trend has them)."""
    report = _with(sample, fiscal_year=2569, plan=Plan(title="มาตรการ"),
                   scores={**sample.scores, 2569: {n: 90.0 for n in range(1, 11)}})
    theme = load_theme("official")

    def trend_of(cls):
        chart = charts_html(report, cls, theme)
        svg = [s for s in _svgs(chart) if 'class="trend"' in s][0]
        return chart, re.findall(r"<text[^>]*>([๐-๙]{4})</text>", svg)

    plan_chart, plan_years = trend_of("analysis")
    assert plan_years == ["๒๕๖๗", "๒๕๖๘"] and "(พ.ศ. ๒๕๖๗–๒๕๖๘)" in plan_chart
    report_chart, report_years = trend_of("scores")
    assert report_years == ["๒๕๖๗", "๒๕๖๘", "๒๕๖๙"] and "(พ.ศ. ๒๕๖๗–๒๕๖๙)" in report_chart


def test_many_years_keep_their_labels_apart(sample):
    years = range(2539, 2569)                         # thirty years
    scores = {y: {n: 40.0 + (y - 2539) * 2 for n in range(1, 11)} for y in years}
    chart = charts_html(_with(sample, scores=scores, totals={}), "scores",
                        load_theme("official"))
    trend_svg = [s for s in _svgs(chart) if 'class="trend"' in s][0]
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', trend_svg).group(1))
    assert width <= 150                               # fits beside the bars
    size = float(re.search(r'font-size="([\d.]+)"', trend_svg).group(1))
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', trend_svg)
    year_x = [float(x) for x, _, t in texts if re.fullmatch(r"[๐-๙]{4}", t)]
    assert 2 <= len(year_x) < len(years)              # not every year when crowded
    assert min(b - a for a, b in zip(year_x, year_x[1:])) > 4 * 0.6 * size
    assert ("๒๕๖๘" in [t for _, _, t in texts])       # the newest always
    boxes = [(float(x), float(w)) for x, w in
             re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" '
                        r'fill="#ffffff"', trend_svg)]   # the white ground of each total
    assert len(boxes) > 2
    for (x1, w1), (x2, _) in zip(boxes, boxes[1:]):
        assert x1 + w1 <= x2                           # no two totals overlap
    assert all(0 <= x and x + w <= width for x, w in boxes)


# --- the PDF, as a reader meets it ---------------------------------------------------------

@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory, sample):
    from itatui.render.pdf import render_pdf

    out = tmp_path_factory.mktemp("charts") / "official.pdf"
    return render_pdf(sample, "official", out)


@needs_poppler
def test_the_pdf_text_layer_keeps_the_charts_numbers_and_labels(sample_pdf):
    pages = [t for t in page_texts(sample_pdf) if "คะแนนรายตัวชี้วัด" in t]
    assert len(pages) == 1, "the charts are on one page"
    page = pages[0]
    assert "คะแนนรวมแต่ละปีและระดับผลการประเมิน" in page      # the trend on the same page
    for text in ("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต",
                 "๑๘.๕๐", "๙๘.๐๖", "๙๗.๓๓", "๒.๐๙",           # bars
                 "๙๗.๓๑*", "๔.๖๕*", "๒๕๖๗", "๒๕๖๘", "AA"):      # trend (SVG text)
        assert text in page, text


def _fonts_of(resources, seen: set) -> set[str]:
    """Every font named in ``resources`` and in the Form XObjects it holds (SVG text)."""
    out: set[str] = set()
    resources = resources.get_object() if resources is not None else {}
    for ref in (resources.get("/Font") or {}).values():
        out.add(str(ref.get_object().get("/BaseFont")))
    for ref in (resources.get("/XObject") or {}).values():
        if getattr(ref, "idnum", None) in seen:
            continue
        seen.add(getattr(ref, "idnum", None))
        xobj = ref.get_object()
        if xobj.get("/Subtype") == "/Form":
            out |= _fonts_of(xobj.get("/Resources"), seen)
    return out


def test_the_pdf_draws_the_charts_in_the_themes_font_only(sample_pdf):
    fonts: set[str] = set()
    for page in pypdf.PdfReader(str(sample_pdf)).pages:
        fonts |= _fonts_of(page.get("/Resources"), set())
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+itatui-Sarabun(-Bold)?", f) for f in fonts), \
        fonts
    assert glyph_width_problems(sample_pdf) == []
