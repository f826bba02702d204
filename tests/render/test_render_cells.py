"""Cells, dates and comments as the officer wrote them (issue 12).

- Each list item (activities, results, responsible units) starts on its own line: in the
  Markdown a GitHub table cell holds them with ``<br>`` (read here with markdown-it and with
  GitHub's own parser, cmark-gfm), in the HTML and the PDF each is a paragraph of the cell.
  Record text stays text: a record's own "<br>" or "<script>" never becomes markup.
- No line break inside "พ.ศ. ๒๕๖๘", a number (๒.๐๙, ๑๐๐.๐๐, 2.09) or "ตัวชี้วัดที่ ๑", checked
  on WeasyPrint's own line boxes with the official theme's narrow columns, and shown to break
  there without the fix; the text layer still gives the text as written.
- The approval chain as recorded (``itatui approve --comment``, signers.toml's comments) fills
  the memo's comment and signature blocks; a step not yet approved keeps its dotted lines;
  ``render``, ``render --at``, ``publish`` and ``verify`` agree on what a commit shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
import subprocess
import sys

import pytest
from helpers import (EMWARA, PREENAPA, RECORDS, ROLES, SOMCHAI, itatui, make_repo_with, ok,
                     table_rows, words_unwrapped)
from markdown_it import MarkdownIt

from itatui.core.model import RecordedApproval, build_report, with_approvals
from itatui.core.records import RecordStore
from itatui.render import thaibreak
from itatui.render.charts import charts_html
from itatui.render.html import render_html
from itatui.render.markdown import ITEM_BREAK, render_markdown
from itatui.render.themes import load_theme
from itatui.render.thaibreak import no_break_spans as spans_of

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def sample():
    return build_report(RecordStore(RECORDS.parent).load_all())


def with_measure(report, **fields):
    """The report with the first measure of issue 1 changed."""
    issue = report.issues[0]
    measure = dataclasses.replace(issue.measures[0], **fields)
    issues = [dataclasses.replace(issue, measures=[measure]), *report.issues[1:]]
    return dataclasses.replace(report, issues=issues)


def github_cells(markdown: str) -> list[list[str]]:
    """Every table row as its cells' HTML, rendered by GitHub's own parser (cmark-gfm with its
    GFM extensions; raw HTML allowed as GitHub's renderer allows it before sanitising, and
    the tagfilter extension on, as on github.com)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)
            for tr in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)]


def items_of(cell: str) -> list[str]:
    """The items of a cell's Markdown as a reader sees them (escapes and entities resolved)."""
    md = MarkdownIt("commonmark", {"html": False})
    return [html.unescape(re.sub(r"<[^>]+>", "", md.renderInline(piece)))
            for piece in cell.split(ITEM_BREAK)]


def numbered(items: list[str]) -> list[str]:
    return [f"{THAI_DIGITS[n]}. {item}" for n, item in enumerate(items, 1)]


# --- 1. one item a line -------------------------------------------------------------------

def test_each_measure_is_one_row_of_six_cells_one_item_a_line():
    report = sample()
    md = render_markdown(report)
    rows = [r for r in table_rows(md) if len(r) == 6]
    assert all(len(r) in (4, 6) for r in table_rows(md))
    for measure in report.measures():
        row = next(r for r in rows if r[3] == measure.period and
                   r[2].split(ITEM_BREAK)[0].endswith(measure.activities[0]))
        assert items_of(row[1]) == measure.units
        for cell, items in ((row[2], measure.activities), (row[4], measure.results)):
            assert items_of(cell) == (numbered(items) if len(items) > 1 else items)
    # The sample's measure 2-1 ran its activities together ("…Line ,วารสาร ๒. กำชับ…").
    assert "Line ,วารสาร<br>๒. กำชับ" in md and "Line ,วารสาร ๒." not in md


def test_github_reads_the_same_six_column_tables_with_line_breaks():
    report = sample()
    md = render_markdown(report)
    rows = github_cells(md)
    measures = report.measures()
    six = [r for r in rows if len(r) == 6]
    assert len(six) == len(report.issues) + len(measures)        # a header and one row each
    assert all(len(r) in (4, 6) for r in rows)                   # 4: the scores table
    body = [r for r in six if r[0] != report.columns[0]]
    for row, measure in zip(body, measures):
        assert row[1].split("<br>") == measure.units
        assert row[2].count("<br>") == len(measure.activities) - 1
        assert row[4].count("<br>") == len(measure.results) - 1
    assert "<br>" not in "".join(r[5] for r in body)             # an outcome is one text


def test_items_the_officer_numbered_keep_their_numbers():
    report = with_measure(sample(), activities=["๑. จัดทำคู่มือ", "๒) ประชุมพนักงาน"],
                          results=["ติดตามผล", "(๒) รายงานผล", "2.09 คะแนนจากเดิม"])
    md = render_markdown(report)
    row = next(r for r in table_rows(md) if len(r) == 6 and "จัดทำคู่มือ" in r[2])
    assert items_of(row[2]) == ["๑. จัดทำคู่มือ", "๒) ประชุมพนักงาน"]          # not "๑. ๑."
    # a decimal number is not an item number: the renderer numbers that item
    assert items_of(row[4]) == ["๑. ติดตามผล", "(๒) รายงานผล", "๓. 2.09 คะแนนจากเดิม"]
    arabic = render_markdown(report, digits="arabic")
    row = next(r for r in table_rows(arabic) if len(r) == 6 and "จัดทำคู่มือ" in r[2])
    assert items_of(row[2]) == ["1. จัดทำคู่มือ", "2) ประชุมพนักงาน"]
    assert items_of(row[4]) == ["1. ติดตามผล", "(2) รายงานผล", "3. 2.09 คะแนนจากเดิม"]


HOSTILE_RESULTS = ["ผลแรก <br> ต่อกัน", "<script>alert(1)</script>", "a<br/>b &lt;br&gt; |"]
HOSTILE_UNITS = ["กองคลัง<br>", "<b>กองช่าง</b>"]


def test_a_records_own_br_or_script_never_becomes_markup():
    report = with_measure(sample(), results=HOSTILE_RESULTS, units=HOSTILE_UNITS)
    md = render_markdown(report)
    assert "<script" not in md and "<br/>" not in md and "<b>" not in md
    row = next(r for r in table_rows(md) if len(r) == 6 and "ผลแรก" in r[4])
    assert row[4].count(ITEM_BREAK) == 2 and row[1].count(ITEM_BREAK) == 1
    # GitHub: the renderer's <br> only; the records' text shows as text
    gh = next(r for r in github_cells(md) if len(r) == 6 and "ผลแรก" in r[4])
    assert gh[4].count("<br>") == 2 and gh[1].count("<br>") == 1
    assert "&lt;br&gt;" in gh[4] and "&lt;script&gt;" in gh[4] and "&lt;br/&gt;" in gh[4]
    assert "<script" not in gh[4] and "<b>" not in gh[1]
    # HTML (markdown-it, raw HTML off): one paragraph per item, the rest is text
    for for_pdf in (False, True):
        page = words_unwrapped(render_html(report, load_theme("official"), for_pdf=for_pdf)
                               ).replace("\u200b", "")
        cell = next(c for c in re.findall(r"<td>(.*?)</td>", page, flags=re.S) if "ผลแรก" in c)
        assert cell.count('<p class="item">') == 3 and "<br" not in cell
        assert "<script" not in page and "<b>" not in page
        plain = re.sub(r"<[^>]+>", "", cell)
        for text in ("ผลแรก &lt;br&gt; ต่อกัน", "&lt;script&gt;alert(1)&lt;/script&gt;",
                     "a&lt;br/&gt;b &amp;lt;br&amp;gt; |"):
            assert text in plain


def test_html_cells_hold_one_paragraph_per_item():
    report = sample()
    page = words_unwrapped(render_html(report, load_theme("official")))
    m = report.issues[1].measures[0]
    cells = re.findall(r"<td>(.*?)</td>", page, flags=re.S)
    units = next(c for c in cells if c.startswith('<p class="item">สำนักปลัด'))
    assert re.findall(r'<p class="item">(.*?)</p>', units) == m.units
    activities = next(c for c in cells if "จัดทำสื่อประชาสัมพันธ์" in c)
    items = re.findall(r'<p class="item">(.*?)</p>', activities)
    assert len(items) == len(m.activities) == 3
    assert [re.sub(r"<[^>]+>", "", i) for i in items] == numbered(m.activities)


# --- 2. no line break inside "พ.ศ. ๒๕๖๘", a number, "ตัวชี้วัดที่ ๑" -------------------------

GLUED = ("ในปี พ.ศ. ๒๕๖๘ ได้ ๒.๐๙ คะแนน เพิ่มเป็น ๑๐๐.๐๐ คะแนน ในตัวชี้วัดที่ ๑ ของประเด็นที่ ๒ "
         "ตามมาตรการที่ ๓ หรือ 2.09 และปีพ.ศ.๒๕๖๗ ")


def glue_report():
    """One issue with 24 measures whose texts shift the glued phrases along the line by one
    short word at a time, in the official theme's narrow columns (outcome 17 %, activities
    23 %): without the fix some of them must fall at a line end."""
    report = sample()
    issue = report.issues[0]
    base = issue.measures[0]
    measures = []
    for k in range(24):
        filler = "มี " * k
        measures.append(dataclasses.replace(base, number=k + 1, outcome=filler + GLUED * 2,
                                            activities=[filler + GLUED, "ข้อสอง"],
                                            results=[GLUED + filler]))
    return dataclasses.replace(report, issues=[dataclasses.replace(issue, measures=measures)])


def cell_lines(report, theme_name: str = "official") -> list[list[str]]:
    """The lines WeasyPrint lays out in every table cell (and paragraph of a cell), through
    itatui's own PDF path (the HTML for the PDF, its word marks and Pango attributes)."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    from itatui.render import textlayer
    from itatui.render.pdf import make_url_fetcher

    theme = load_theme(theme_name)
    source = render_html(report, theme, for_pdf=True)
    fetcher = make_url_fetcher(theme.folders or (theme.path,))
    with textlayer.actual_text(), thaibreak.protected_words():
        document = weasyprint.HTML(string=source, base_url=theme.path.as_uri() + "/",
                                   url_fetcher=fetcher).render()
    blocks: list[list[str]] = []

    def text_of(box) -> str:
        if isinstance(box, boxes.TextBox):
            return box.text
        return "".join(text_of(c) for c in getattr(box, "children", None) or [])

    def walk(box) -> None:
        children = getattr(box, "children", None) or []
        lines = [text_of(c).replace("\u200b", "") for c in children
                 if isinstance(c, boxes.LineBox)]
        if lines:
            blocks.append(lines)
        for child in children:
            if not isinstance(child, boxes.LineBox):
                walk(child)

    for page in document.pages:
        walk(page._page_box)
    return blocks


def broken_glue(blocks: list[list[str]]) -> list[str]:
    """Every line end that falls inside a NO_BREAK span: the end of one line and the start of
    the next, joined as they were written (with or without the space the break took)."""
    bad = []
    for lines in blocks:
        for a, b in zip(lines, lines[1:]):
            tail, head = a.rstrip()[-16:], b.lstrip()[:16]
            for sep in ("", " "):
                window = tail + sep + head
                cut = len(tail)
                if any(s < cut and e > cut + len(sep) for s, e in spans_of(window)):
                    bad.append(f"{tail}|{head}")
                    break
    return bad


@pytest.fixture(scope="module")
def glue_lines():
    return cell_lines(glue_report())


def test_no_line_break_inside_dates_numbers_and_indicator_numbers(glue_lines):
    cells = [lines for lines in glue_lines if any("ตัวชี้วัด" in ln for ln in lines)]
    assert len(cells) >= 48 and sum(len(c) for c in cells) > 400      # many narrow lines
    assert broken_glue(glue_lines) == []
    # the phrases do reach line ends: a line starts or ends with each of them
    text = ["\n".join(lines) for lines in cells]
    for phrase in ("พ.ศ. ๒๕๖๘", "ตัวชี้วัดที่ ๑", "๑๐๐.๐๐", "ประเด็นที่ ๒", "มาตรการที่ ๓"):
        assert any(re.search(rf"(^|\n){re.escape(phrase)}|{re.escape(phrase)}(\n|$)", t)
                   for t in text), phrase


def test_without_the_fix_those_places_do_break(monkeypatch):
    """The same layout with the no-break spans switched off breaks at the very places the
    test above guards (so that test can fail)."""
    monkeypatch.setattr(thaibreak, "no_break_spans", lambda text: [])
    bad = broken_glue(cell_lines(glue_report()))
    assert any(re.search(r"พ\.ศ\.\|[๐-๙]", b) for b in bad), bad
    split_number = re.compile(r"ที่\|[๑๒๓]|ตัวชี้วัด\|ที่|ประเด็น\|ที่|มาตรการ\|ที่")
    assert any(split_number.search(b) for b in bad), bad


def test_website_html_wraps_the_glued_text_the_pdf_html_does_not():
    report = sample()
    page = render_html(report, load_theme("official"))
    spans = re.findall(r'<span class="nobr">(.*?)</span>', page)
    for want in ("พ.ศ. ๒๕๖๘", "ตัวชี้วัดที่ ๑", "๒.๐๙", "หัวข้อที่ ๘", "พ.ศ. ๒๕๖๙"):
        assert want in spans, want
    assert ".nobr { white-space: nowrap; }" in page
    pdf_html = render_html(report, load_theme("official"), for_pdf=True)
    assert "nobr" not in pdf_html.split("<body", 1)[1]
    assert "ตัวชี้วัดที่ ๑" in pdf_html and "พ.ศ. ๒๕๖๘" in pdf_html       # no U+200B inside
    assert "\u00a0" not in pdf_html and "\u2060" not in pdf_html


@needs_poppler
def test_the_text_layer_gives_the_glued_text_as_written(tmp_path):
    from itatui.render.pdf import render_pdf

    report = glue_report()
    out = render_pdf(report, "official", tmp_path / "glue.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "\u00a0" not in text and "\u2060" not in text and "\u200b" not in text
    # the Markdown's, and the charts' after the scores (their drawn text: no title or desc)
    chart = charts_html(report, "scores", load_theme("official"))
    chart = re.sub(r"<[^>]+>", " ", re.sub(r"<(title|desc)\b.*?</\1>", "", chart, flags=re.S))
    want = render_markdown(report).count("พ.ศ. ๒๕๖๘") + chart.count("พ.ศ. ๒๕๖๘")
    assert want >= 72 and text.count("พ.ศ. ๒๕๖๘") == want      # whole, on one line, a plain space
    assert text.count("ตัวชี้วัดที่ ๑") == (render_markdown(report).count("ตัวชี้วัดที่ ๑")
                                          + chart.count("ตัวชี้วัดที่ ๑"))


# --- 3. the approval chain as recorded ------------------------------------------------------

D1, D2, D3 = ("2026-04-29T10:00:00+07:00", "2026-04-30T09:30:00+07:00",
              "2026-05-02T08:15:00+07:00")
BE = {D1: "วันที่ ๒๙ เมษายน พ.ศ. ๒๕๖๙", D2: "วันที่ ๓๐ เมษายน พ.ศ. ๒๕๖๙",
      D3: "วันที่ ๒ พฤษภาคม พ.ศ. ๒๕๖๙"}
RECORDS_COMMENT = "ตรวจสอบแล้ว เห็นควรเสนอปลัดเทศบาล"
SOMCHAI_COMMENT = "เห็นชอบ เสนอนายกเทศมนตรีพิจารณา"
MAYOR_COMMENT = "อนุมัติ ให้เผยแพร่ทางเว็บไซต์"


@pytest.fixture
def approved(tmp_path):
    """The sample with the officers list; the head of office's comment written in the records;
    she approves without a comment, the clerk approves with one; the mayor not yet."""
    repo = make_repo_with(tmp_path / "repo")
    ok(itatui("set", "--repo", str(repo), "records/signers.toml", "approvals.0.comment",
              RECORDS_COMMENT))
    # the sample carries check errors (a real report's mistakes): approved despite them
    ok(itatui("approve", "--repo", str(repo), "--despite-errors", officer=PREENAPA, date=D1))
    ok(itatui("approve", "--repo", str(repo), "--role", ROLES[1], "--comment", SOMCHAI_COMMENT,
              "--despite-errors", officer=SOMCHAI, date=D2))
    return repo


def comment_blocks(md: str) -> dict[str, str]:
    """The memo's comment blocks: role -> the Markdown from its heading to the next one."""
    memo = md.split("\n# ", 1)[0]
    parts = re.split(r"\*\*ความเห็น(.+?)\*\*", memo)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_approvals_fill_the_comment_and_signature_blocks_in_markdown(approved):
    md = ok(itatui("render", "--repo", str(approved), "--format", "md"))
    blocks = comment_blocks(md)
    assert list(blocks) == list(ROLES)
    head, clerk, mayor = (blocks[r] for r in ROLES)
    assert RECORDS_COMMENT in head and BE[D1] in head and "(นางสาวปรีณภา น้อยเสงี่ยม)" in head
    assert "....." not in head
    assert SOMCHAI_COMMENT in clerk and BE[D2] in clerk and "(นายสมชาย ปันมาเชื้อ)" in clerk
    assert "....." not in clerk
    # not yet approved: the dotted lines, the recorded signer, no date
    assert mayor.count("." * 70) == 2 and "วันที่" not in mayor
    assert "ปฏิบัติหน้าที่นายกเทศมนตรีตำบลบ้านเรือน" in mayor
    # the report as it stood before the approvals shows none of them (render --at)
    before = ok(itatui("render", "--repo", str(approved), "--format", "md", "--at", "HEAD~2"))
    assert "วันที่ ๒๙" not in before and SOMCHAI_COMMENT not in before
    assert comment_blocks(before)[ROLES[1]].count("." * 70) == 2
    at_head = ok(itatui("render", "--repo", str(approved), "--format", "md", "--at", "HEAD"))
    assert at_head == md
    # uncommitted records are a draft: no one approved them
    signers = approved / "records" / "signers.toml"
    signers.write_text(signers.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    draft = ok(itatui("render", "--repo", str(approved), "--format", "md"))
    assert BE[D1] not in draft and SOMCHAI_COMMENT not in draft and RECORDS_COMMENT in draft


@needs_poppler
def test_approvals_in_the_pdf_publish_and_verify_agree(approved, tmp_path):
    pdf = tmp_path / "head.pdf"
    ok(itatui("render", "--repo", str(approved), "--format", "pdf", "-o", str(pdf)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    memo = text.split("ประเด็นที่ ๑", 1)[0]
    for want in (RECORDS_COMMENT, BE[D1], SOMCHAI_COMMENT, BE[D2], "(นางสาวปรีณภา น้อยเสงี่ยม)"):
        assert want in memo, want
    mayor = memo.split("ความเห็นนายกเทศมนตรีตำบลบ้านเรือน", 1)[1]
    assert "......" in mayor and "วันที่" not in mayor
    # a plain render of HEAD is what verify re-renders
    out = itatui("verify", "--repo", str(approved), str(pdf))
    assert out.returncode == 0, out.stdout + out.stderr

    ok(itatui("approve", "--repo", str(approved), "--role", ROLES[2], "--comment",
              MAYOR_COMMENT, "--despite-errors", officer=SOMCHAI, date=D3))
    ws_edit = itatui("set", "--repo", str(approved), "records/measures/02-01.toml", "period",
                     "ตุลาคม ๒๕๖๗ - มีนาคม ๒๕๖๘", date="2026-05-03T09:00:00+07:00")
    ok(ws_edit)                                  # an edit after the approvals: not published
    released = tmp_path / "release.pdf"
    ok(itatui("publish", "--repo", str(approved), "-o", str(released), "--despite-errors",
              officer=SOMCHAI))
    text = subprocess.run(["pdftotext", str(released), "-"], capture_output=True, text=True,
                          check=True).stdout
    memo = text.split("ประเด็นที่ ๑", 1)[0]
    for want in (RECORDS_COMMENT, SOMCHAI_COMMENT, MAYOR_COMMENT, BE[D1], BE[D2], BE[D3]):
        assert want in memo, want
    assert "มีนาคม ๒๕๖๘" not in text                          # the approved content
    out = itatui("verify", "--repo", str(approved), str(released))
    assert out.returncode == 0 and "ไบต์ตรงกับไฟล์ที่เผยแพร่" in out.stdout, out.stdout + out.stderr
    # the working tree has moved on: its own render is a draft of the new content
    md = ok(itatui("render", "--repo", str(approved), "--format", "md"))
    assert MAYOR_COMMENT not in md and comment_blocks(md)[ROLES[2]].count("." * 70) == 2


def test_an_approval_by_someone_else_than_the_recorded_signer_names_the_approver():
    report = sample()
    day = dt.date(2026, 4, 30)
    other = RecordedApproval(role=ROLES[1], name="นางรักษา แทนปลัด", date=day,
                             comment="เห็นชอบ", position="รองปลัดเทศบาล")
    same = RecordedApproval(role=ROLES[2], name="นายสมชาย  ปันมาเชื้อ", date=day)
    stray = RecordedApproval(role="ไม่อยู่ในสาย", name="x", date=day, comment="ไม่แสดง")
    after = with_approvals(report, [other, same, stray])
    head, clerk, mayor = after.memo.approvals
    assert head == report.memo.approvals[0]                         # not approved: as recorded
    assert (clerk.name, clerk.position, clerk.acting_for, clerk.comment, clerk.approved_on) == \
        ("นางรักษา แทนปลัด", "รองปลัดเทศบาล", "", "เห็นชอบ", day)
    assert (mayor.name, mayor.position, mayor.acting_for) == (
        "นายสมชาย ปันมาเชื้อ", "ปลัดเทศบาล", "นายกเทศมนตรีตำบลบ้านเรือน")
    assert mayor.approved_on == day and mayor.comment == ""
    assert report.memo.approvals[1].approved_on is None              # the original is unchanged
    md = render_markdown(after, digits="arabic")
    blocks = comment_blocks(md)
    assert "เห็นชอบ" in blocks[ROLES[1]] and "วันที่ 30 เมษายน พ.ศ. 2569" in blocks[ROLES[1]]
    assert "(นางรักษา แทนปลัด)  \nรองปลัดเทศบาล  \nวันที่" in blocks[ROLES[1]]
    # approved without a comment anywhere: no dotted lines, the date says it approved
    assert "....." not in blocks[ROLES[2]] and "วันที่ 30 เมษายน" in blocks[ROLES[2]]
    assert "ไม่แสดง" not in md


def test_the_records_model_and_the_renderer_never_read_the_history():
    code = ("import sys, itatui.core.model, itatui.render.markdown, itatui.render.html; "
            "print(sorted(m for m in sys.modules if m.startswith(('itatui.core.history', "
            "'itatui.core.audit', 'git'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_approval_dates_follow_the_theme_digits(approved):
    md = ok(itatui("render", "--repo", str(approved), "--format", "md", "--theme", "modern"))
    assert "วันที่ 29 เมษายน พ.ศ. 2569" in md and "วันที่ 30 เมษายน พ.ศ. 2569" in md
    assert f"({EMWARA[0]})" in md                                     # the drafter as recorded
