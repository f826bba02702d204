"""The plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน, ITA O25) rendered from the same
records as the report: Markdown, HTML, a real PDF (text layer, /ItatuiDocument, glyph widths),
Word; and the report of those records showing each measure's target beside its outcome.

The repository is the sample carried by hand to fiscal year 2569 (its plan records written
here, not by ``itatui new-year``): scores of 2568 with two indicators below 85 and one that
fell, targets on two measures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import git, make_repo, words_unwrapped

PLAN_TOML = '''title = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"
objective = "เพื่อนำผลการประเมิน ITA ปี ๒๕๖๘ ไปกำหนดมาตรการ"
ita_item = "O25"
analysis = "เทศบาลได้คะแนนรวมลดลงเล็กน้อย ตัวชี้วัดที่ ๖ และ ๑๐ ต่ำกว่าเกณฑ์"
columns = ["วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ", "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
           "มาตรการ/กิจกรรม", "ระยะเวลาดำเนินการ", "ตัวชี้วัดเป้าหมาย", "งบประมาณ"]
'''
PLAN_MEMO = '''department = "สำนักปลัดเทศบาล เทศบาลตำบลบ้านเรือน"
reference = "ลพ ๕๖๐๐๑/๑๐"
date = "๑๕ ตุลาคม พ.ศ. ๒๕๖๘"
subject = "ขอความเห็นชอบมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"
to = "นายกเทศมนตรีตำบลบ้านเรือน"
background = "ตามที่สำนักงาน ป.ป.ช. กำหนดให้หน่วยงานจัดทำมาตรการ"
facts = "ผลการประเมิน ITA ปี ๒๕๖๘ มีตัวชี้วัดต่ำกว่าเกณฑ์"
considerations = ["เห็นควรให้ความเห็นชอบมาตรการ"]
closing = "จึงเรียนมาเพื่อโปรดพิจารณา"
'''
PLAN_SIGNERS = '''[drafter]
name = "นางเอมวรา ชัยวงศ์"
position = "นิติกรชำนาญการ"

[[approvals]]
role = "ปลัดเทศบาลตำบลบ้านเรือน"
name = "นายสมชาย ปันมาเชื้อ"
position = "ปลัดเทศบาลตำบลบ้านเรือน"
'''
SCORES = '''[2568]
1 = 96.00
2 = 92.50
3 = 88.00
4 = 91.00
5 = 90.00
6 = 72.40
7 = 97.33
8 = 98.06
9 = 95.00
10 = 80.25
total = 89.12

[2567]
1 = 97.00
2 = 90.00
3 = 86.00
4 = 91.00
5 = 89.00
6 = 75.00
7 = 96.00
8 = 97.00
9 = 94.00
10 = 78.00
total = 89.50
'''


def _set(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    if not n:
        text += f"{key} = {value}\n"
    path.write_text(text, encoding="utf-8")


def plan_repo(root: Path, *, targets: bool = True) -> Path:
    """The sample as fiscal year 2569 with its plan records, committed."""
    make_repo(root)
    rec = root / "records"
    _set(rec / "report.toml", "fiscal_year", "2569")
    _set(rec / "report.toml", "ita_year", "2570")
    (rec / "scores.toml").write_text(SCORES, encoding="utf-8")
    (rec / "plan").mkdir(exist_ok=True)
    (rec / "plan" / "plan.toml").write_text(PLAN_TOML, encoding="utf-8")
    (rec / "plan" / "memo.toml").write_text(PLAN_MEMO, encoding="utf-8")
    (rec / "plan" / "signers.toml").write_text(PLAN_SIGNERS, encoding="utf-8")
    if targets:
        # measure 1-1 aims at indicator 6 (below 85) with a budget, 3-1 at 9 with a half point;
        # indicator 10 (below 85) is addressed by no measure
        m = rec / "measures" / "01-01.toml"
        m.write_text(m.read_text(encoding="utf-8") + 'target_indicator = 6\ntarget_score = 85\n'
                     'budget = "๒๐,๐๐๐ บาท"\n', encoding="utf-8")
        m = rec / "measures" / "03-01.toml"
        m.write_text(m.read_text(encoding="utf-8") + 'target_indicator = 9\n'
                     'target_score = 87.5\n', encoding="utf-8")
    git(root, "add", "records")
    git(root, "-c", "user.name=ตัวอย่าง", "-c", "user.email=sample@itatui.invalid",
        "commit", "-q", "-m", "แผนปี ๒๕๖๙")
    return root


ITATUI = [sys.executable, "-m", "itatui"]
PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"
TARGET_6 = "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน ไม่น้อยกว่า ๘๕ คะแนน"
TARGET_9 = "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ไม่น้อยกว่า ๘๗.๕ คะแนน"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*ITATUI, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return plan_repo(tmp_path_factory.mktemp("plan") / "repo")


@pytest.fixture(scope="module")
def plan_md(repo) -> str:
    from itatui.publishing.export import export_text

    return export_text(repo, "md", document="plan")


def _section(md: str, start: str, end: str | None = None) -> str:
    text = md[md.index(start):]
    return text[:text.index(end)] if end else text


def test_plan_markdown_memo_title_and_analysis(plan_md):
    """The plan's own memo first, then its title, then the analysis of 2568 against 2567:
    every indicator's row with both scores, the change, ผ่าน/ไม่ผ่าน 85 and its measures,
    the total in bold; then the indicators to improve with their measures or ยังไม่มีมาตรการ."""
    assert plan_md.startswith("# บันทึกข้อความ")
    assert "**เรื่อง** ขอความเห็นชอบมาตรการส่งเสริมคุณธรรมและความโปร่งใส" in plan_md
    assert "**วันที่** ๑๕ ตุลาคม พ.ศ. ๒๕๖๘" in plan_md
    assert "**ความเห็นปลัดเทศบาลตำบลบ้านเรือน**" in plan_md
    assert f"\n# {PLAN_TITLE}\n" in plan_md
    assert plan_md.index("# บันทึกข้อความ") < plan_md.index(PLAN_TITLE) \
        < plan_md.index("## ผลการวิเคราะห์ผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๘")
    analysis = _section(plan_md, "## ผลการวิเคราะห์", "## ประเด็นที่ ๑")
    assert "เทศบาลได้คะแนนรวมลดลงเล็กน้อย" in analysis           # the officer's paragraph
    assert ("| ตัวชี้วัด | คะแนนปี ๒๕๖๗ | คะแนนปี ๒๕๖๘ | เปลี่ยนแปลง | ผ่านเกณฑ์ ๘๕ "
            "| มาตรการที่รองรับ |") in analysis
    assert ("| ๖. คุณภาพการดำเนินงาน | ๗๕.๐๐ | ๗๒.๔๐ | -๒.๖๐ | ไม่ผ่าน "
            "| ประเด็นที่ ๑ มาตรการที่ ๑ |") in analysis
    assert "| ๒. การใช้งบประมาณ | ๙๐.๐๐ | ๙๒.๕๐ | +๒.๕๐ | ผ่าน | ประเด็นที่ ๕ มาตรการที่ ๑ |" \
        in analysis
    assert "| ๑๐. การป้องกันการทุจริต | ๗๘.๐๐ | ๘๐.๒๕ | +๒.๒๕ | ไม่ผ่าน | – |" in analysis
    assert "| **คะแนนรวม** | **๘๙.๕๐** | **๘๙.๑๒** | **-๐.๓๘** | **ผ่าน** |  |" in analysis
    assert len(re.findall(r"(?m)^\| [๐-๙]+\. ", analysis)) == 10       # the ten indicators
    weak = _section(analysis, "### ตัวชี้วัดที่ต้องพัฒนา")
    items = re.findall(r"(?m)^- (.*)$", weak)
    assert [i.split(" ", 2)[1] for i in items] == ["๑", "๖", "๑๐"]      # fell, below, below
    assert items[1] == ("ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน ๗๒.๔๐ คะแนน (ต่ำกว่าเกณฑ์ ๘๕ คะแนน, "
                        "ลดลง ๒.๖๐ คะแนน): ประเด็นที่ ๑ มาตรการที่ ๑ "
                        "มาตรการส่งเสริมการรับรู้กระบวนการรับแจ้งปัญหา")
    assert items[2].endswith("(ต่ำกว่าเกณฑ์ ๘๕ คะแนน): ยังไม่มีมาตรการ")
    assert "(ลดลง ๑.๐๐ คะแนน)" in items[0]


def test_plan_markdown_issues_have_the_plan_columns(plan_md):
    """Per issue the plan's six columns: measure, units, activities, period, target
    ("ตัวชี้วัดที่ ๖ <name> ไม่น้อยกว่า ๘๕ คะแนน", "–" without one), budget; no results, no
    outcome, no scores table."""
    issues = _section(plan_md, "## ประเด็นที่ ๑")
    header = ("| วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ | ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง | มาตรการ/กิจกรรม "
              "| ระยะเวลาดำเนินการ | ตัวชี้วัดเป้าหมาย | งบประมาณ |")
    assert issues.count(header) == 7
    rows = [line for line in issues.splitlines()
            if line.startswith("| ") and "---" not in line and line != header]
    assert len(rows) == 7 and all(row.count(" | ") == 5 for row in rows)
    assert rows[0].endswith(f"| ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘ | {TARGET_6} | ๒๐,๐๐๐ บาท |")
    assert rows[1].endswith("| – | – |")
    assert rows[2].endswith(f"| {TARGET_9} | – |")
    assert "ผลการดำเนินการ" not in issues and "ผลลัพธ์หรือความสำเร็จ" not in issues
    assert "Facebook ของเทศบาลตำบลบ้านเรือน" not in plan_md      # a result of measure 1-1
    assert "ซึ่งเพิ่มจากปี ๒๕๖๗ ที่ได้เพียง ๒.๐๙" not in plan_md     # its outcome
    assert "คะแนนการประเมินคุณธรรมและความโปร่งใส (ITA) รายตัวชี้วัด" not in plan_md
    assert "เป้าหมาย:" not in plan_md


def test_plan_markdown_arabic_digits(repo):
    from itatui.publishing.export import export_text

    md = export_text(repo, "md", document="plan", digits="arabic")
    assert "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน ไม่น้อยกว่า 85 คะแนน" in md
    assert "| 6\\. คุณภาพการดำเนินงาน | 75.00 | 72.40 | -2.60 | ไม่ผ่าน |" in md
    assert not re.search("[๐-๙]", md)


def test_the_report_shows_the_target_beside_the_outcome(repo):
    """A measure with a target: its outcome cell starts with "เป้าหมาย: ..." on a line of its
    own; a measure without one keeps its outcome cell as before."""
    from itatui.core.model import build_report
    from itatui.core.records import RecordStore
    from itatui.render.markdown import one_line, render_markdown

    report = build_report(RecordStore(repo).load_all())
    md = render_markdown(report)
    m11 = report.issues[0].measures[0]
    assert f"| เป้าหมาย: {TARGET_6}<br>{one_line(m11.outcome, 'thai')} |" in md
    assert f"| เป้าหมาย: {TARGET_9}<br>" in md
    m21 = report.issues[1].measures[0]
    assert f"| {one_line(m21.outcome, 'thai')} |" in md
    assert md.count("เป้าหมาย:") == 2
    from itatui.render.html import render_html

    html = words_unwrapped(render_html(report))
    assert '<p class="item">เป้าหมาย: ' in html and "ไม่น้อยกว่า ๘๕ คะแนน" in html


def test_plan_html(repo):
    from itatui.publishing.export import export_text

    html = words_unwrapped(export_text(repo, "html", document="plan"))
    assert f"<title>{PLAN_TITLE}</title>" in html
    assert '<section class="report-part plan-part"' in html
    assert '<div class="analysis">' in html
    assert "O25" in html and "O26" not in html
    assert "): ยังไม่มีมาตรการ</li>" in html
    assert '<td><span class="nobr">๒๐,๐๐๐</span> บาท</td>' in html


@pytest.fixture(scope="module")
def plan_pdf(repo) -> Path:
    out = repo.parent / "plan.pdf"
    proc = cli("render", "--document", "plan", "--format", "pdf", "-o", str(out), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    return out


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_plan_pdf_text_and_metadata(plan_pdf):
    """A real PDF of the plan: its text layer has the title, the targets and the analysis's
    numbers; its Info says /ItatuiDocument (plan) and its title, its XMP itatui:Document;
    every glyph is drawn at its own width."""
    import pypdf

    from helpers import glyph_width_problems

    text = _pdftotext(plan_pdf)
    flat = re.sub(r"\s+", " ", text)
    assert PLAN_TITLE in flat
    assert "ผลการวิเคราะห์ผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๘" in flat
    for number in ("๗๕.๐๐", "๗๒.๔๐", "-๒.๖๐", "๘๐.๒๕", "๘๙.๑๒", "-๐.๓๘"):
        assert number in text, number
    assert "ไม่ผ่าน" in text and "ยังไม่มีมาตรการ" in text
    plain = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(plan_pdf), "-"],
                                               capture_output=True, text=True).stdout)
    for target in (TARGET_6, TARGET_9):              # a table cell wraps: compare without spaces
        assert re.sub(r"\s+", "", target) in plain, target
    assert "๒๐,๐๐๐ บาท" in text
    reader = pypdf.PdfReader(str(plan_pdf))
    info = reader.metadata
    assert info["/ItatuiDocument"] == "plan"
    assert info["/Title"] == PLAN_TITLE
    assert info["/Subject"].startswith("ขอความเห็นชอบมาตรการ")       # the plan memo's subject
    assert info["/ItatuiCommit"]                      # rendered from HEAD: provenance kept
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<itatui:Document>plan</itatui:Document>" in xmp
    assert "<pdfaid:part>3</pdfaid:part>" in xmp
    assert glyph_width_problems(plan_pdf) == []


def test_the_report_pdf_has_no_document_key_and_shows_the_target(repo):
    import pypdf

    out = repo.parent / "report.pdf"
    proc = cli("render", "--format", "pdf", "-o", str(out), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    info = pypdf.PdfReader(str(out)).metadata
    assert "/ItatuiDocument" not in info
    xmp = pypdf.PdfReader(str(out)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"Document" not in xmp
    assert "เป้าหมาย:" in _pdftotext(out)


def test_plan_docx(repo):
    import docx

    proc = cli("render", "--document", "plan", "--format", "docx", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    out = repo / "ita-plan-2569.docx"                # the plan's default name
    doc = docx.Document(str(out))
    texts = [p.text.replace("\u00a0", " ") for p in doc.paragraphs]
    assert PLAN_TITLE in texts
    assert doc.core_properties.title == PLAN_TITLE
    assert doc.core_properties.category == "ITA O25"
    assert any(t.startswith("• ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต") and
               t.endswith("ยังไม่มีมาตรการ") for t in texts)
    analysis, first = doc.tables[0], doc.tables[1]
    assert [c.text for c in analysis.rows[0].cells][-1] == "มาตรการที่รองรับ"
    assert len(analysis.rows) == 12                  # header, ten indicators, total
    assert [c.text for c in first.rows[0].cells][-2:] == ["ตัวชี้วัดเป้าหมาย", "งบประมาณ"]
    row = [c.text.replace("\u00a0", " ") for c in first.rows[1].cells]
    assert row[-2:] == [TARGET_6, "๒๐,๐๐๐ บาท"]
    out.unlink()


def test_plan_from_a_commit_and_its_pdf_bytes(repo):
    """markdown_at / pdf_bytes_at take the document too (publish and verify use them)."""
    import io

    import pypdf

    from itatui.core.history import History
    from itatui.publishing.export import markdown_at, pdf_bytes_at

    proc = cli("render", "--document", "plan", "--format", "md", "--at", "HEAD", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert PLAN_TITLE in proc.stdout and "เป้าหมาย:" not in proc.stdout
    hist = History.open(repo)
    assert PLAN_TITLE in markdown_at(hist, "HEAD", document="plan")
    assert "เป้าหมาย:" in markdown_at(hist, "HEAD")
    data = pdf_bytes_at(hist, "HEAD", document="plan")
    assert pypdf.PdfReader(io.BytesIO(data)).metadata["/ItatuiDocument"] == "plan"
    assert pdf_bytes_at(hist, "HEAD", document="plan") == data      # reproducible (verify)
    report_pdf = pypdf.PdfReader(io.BytesIO(pdf_bytes_at(hist, "HEAD")))
    assert "/ItatuiDocument" not in report_pdf.metadata


def test_without_plan_records_a_thai_refusal(tmp_path):
    """The sample has no records/plan/: rendering or checking the plan stops with a Thai
    message and exit 2, no traceback, nothing written."""
    root = make_repo(tmp_path / "repo")
    for args in (("render", "--document", "plan", "--format", "md"),
                 ("render", "--document", "plan", "--format", "pdf"),
                 ("check", "--document", "plan")):
        proc = cli(*args, cwd=root)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "ยังไม่มีระเบียนของแผน (records/plan/)" in proc.stderr
        assert "itatui new-year" in proc.stderr and "Traceback" not in proc.stderr
    assert not list(root.glob("ita-*"))


def test_check_document_plan(repo):
    """check --document plan checks the plan's records: the results and outcomes the plan
    does not need are not asked for (exit 0/1, never 2)."""
    proc = cli("check", "--document", "plan", "--format", "json", cwd=repo)
    assert proc.returncode in (0, 1), proc.stderr
    import json

    problems = json.loads(proc.stdout)
    assert not [p for p in problems if p["field"] in ("results", "outcome")
                and p["code"] == "required-missing"]


def test_analysis_with_one_year_or_none(repo):
    """With a single earlier year the table has no previous year nor change columns; with no
    earlier year at all the analysis says so instead of a table."""
    import dataclasses

    from itatui.core.model import build_report
    from itatui.core.records import RecordStore
    from itatui.render.markdown import render_markdown

    report = build_report(RecordStore(repo).load_all())
    one = dataclasses.replace(report, scores={2568: report.scores[2568]},
                              totals={2568: report.totals[2568]})
    md = render_markdown(one, document="plan")
    assert "| ตัวชี้วัด | คะแนนปี ๒๕๖๘ | ผ่านเกณฑ์ ๘๕ | มาตรการที่รองรับ |\n| --- | ---: | :---: | --- |" \
        in md
    assert "| ๖. คุณภาพการดำเนินงาน | ๗๒.๔๐ | ไม่ผ่าน | ประเด็นที่ ๑ มาตรการที่ ๑ |" in md
    assert "(ลดลง" not in md
    none = dataclasses.replace(report, scores={}, totals={})
    md = render_markdown(none, document="plan")
    assert "## ผลการวิเคราะห์ผลการประเมิน ITA\n" in md
    assert "ยังไม่มีคะแนน ITA ของปีก่อนปีงบประมาณนี้ในระเบียน" in md
    assert "| ตัวชี้วัด |" not in md
