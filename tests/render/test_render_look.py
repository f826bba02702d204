"""The published PDFs as a reader meets them, checked on the real PDF's text layer and
geometry (pypdf's text positions and sizes, pdftotext's pages): what looking at every page of
every theme's report and plan found wrong, kept from coming back.

- the memo's approval chain: each step — "ความเห็น<role>", the two dotted lines for a
  handwritten comment, the signer's name — stays on one page (the modern theme split the
  dotted lines of the first step across pages 1 and 2);
- the plan's analysis in the official theme: its heading is smaller than the plan's title
  (it was the browser's default h2, larger than the title) and its paragraph stands apart
  from the table of the ten indicators (the last line touched the table's top rule).
"""

from __future__ import annotations

import dataclasses
import re
import shutil

import pypdf
import pytest

from itatui.core.model import Plan, build_report
from itatui.core.records import RecordStore

from helpers import ROOT, page_texts

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

ANALYSIS = ("ผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านเรือนได้คะแนนรวมสูงขึ้นจากปี "
            "พ.ศ. ๒๕๖๗ อย่างชัดเจน ตัวชี้วัดที่ ๑ ถึงตัวชี้วัดที่ ๕ ได้คะแนนเต็ม ๑๐๐ คะแนน "
            "ส่วนตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน และตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต "
            "ยังไม่มีคะแนนบันทึกไว้ จึงกำหนดมาตรการเพื่อยกระดับตัวชี้วัดดังกล่าวให้ได้ไม่น้อยกว่า "
            "๘๕ คะแนน และรักษาระดับคะแนนของตัวชี้วัดที่ผ่านเกณฑ์แล้ว")
PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"


@pytest.fixture(scope="module")
def sample():
    return build_report(RecordStore(ROOT).load_all())


@needs_poppler
@pytest.mark.parametrize("theme", ["official", "modern"])
def test_each_step_of_the_approval_chain_stays_on_one_page(sample, theme, tmp_path):
    from itatui.render.pdf import render_pdf

    pdf = render_pdf(sample, theme, tmp_path / f"{theme}.pdf")
    pages = page_texts(pdf)
    approvals = sample.memo.approvals
    assert approvals and all(not a.approved_on and not a.comment for a in approvals)
    for step in approvals:
        heading = f"ความเห็น{step.role}"
        found = [n for n, text in enumerate(pages) if heading in text]
        assert len(found) == 1, f"{theme}: {heading!r} on pages {found}"
        after = pages[found[0]].split(heading, 1)[1]
        dotted = re.findall(r"\.{20,}", after.split(f"({step.name})", 1)[0])
        assert f"({step.name})" in after, \
            f"{theme}: the signature of {heading!r} is not on its page ({found[0] + 1})"
        assert len(dotted) >= 2, \
            f"{theme}: the dotted lines of {heading!r} are split from it (page {found[0] + 1})"


def _lines(page) -> list[tuple[float, float, str]]:
    """(font size in pt, baseline y, text) of each text run on the page, top first. pypdf
    reads the glyphs' ToUnicode, not the ActualText: the regular font's shared glyph of "า"
    and "ำ" may read as "ำ", so the text is given with "ำ" as "า" (compare with :func:`_n`)."""
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            out.append((round(size * abs(tm[3] * cm[3]), 2), round(tm[5] * cm[3] + cm[5], 1),
                        _n(text)))

    page.extract_text(visitor_text=visit)
    return sorted(out, key=lambda line: -line[1])


def _n(text: str) -> str:
    return text.replace("ำ", "า").replace("\n", " ")


def test_the_plans_analysis_reads_under_its_title_in_the_official_theme(sample, tmp_path):
    from itatui.render.pdf import render_pdf

    report = dataclasses.replace(sample, fiscal_year=2569,
                                 plan=Plan(title=PLAN_TITLE, analysis=ANALYSIS))
    pdf = render_pdf(report, "official", tmp_path / "plan.pdf", document="plan")
    heading_text = _n("ผลการวิเคราะห์ผลการประเมิน ITA")
    page = next(p for p in pypdf.PdfReader(str(pdf)).pages
                if heading_text in _n(p.extract_text()))
    lines = _lines(page)
    title = next(line for line in lines if line[2].startswith(_n(PLAN_TITLE[:30])))
    heading = next(line for line in lines if line[2].startswith(heading_text))
    body = next(line for line in lines if line[2].startswith(_n(ANALYSIS[:20])))
    header = next(line for line in lines if line[2].startswith("ตัวชี้วัด คะแนนปี"))
    assert title[1] > heading[1] > body[1] > header[1]          # in this order, down the page
    assert heading[0] < title[0], (
        f"the analysis heading ({heading[0]} pt) is larger than the plan's title ({title[0]} pt)")
    assert heading[0] > body[0]
    paragraph = [line for line in lines if header[1] < line[1] <= body[1]]
    assert len(paragraph) >= 2, "the analysis paragraph runs over several lines"
    pitch = paragraph[0][1] - paragraph[1][1]
    gap = paragraph[-1][1] - header[1]
    assert gap > 1.15 * pitch, (
        f"the analysis paragraph touches the table: {gap:.1f} pt from its last line to the "
        f"table's header, its lines {pitch:.1f} pt apart")
