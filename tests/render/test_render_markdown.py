"""Markdown and HTML rendering of the real sample records: content, digits, escaping, themes."""

from __future__ import annotations

import importlib.util
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomlkit
from markdown_it import MarkdownIt

from helpers import ROOT, SEED, table_rows, without_charts
from itatui.core.errors import ItatuiError
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render.html import render_html, slug
from itatui.render.markdown import escape_inline, render_markdown
from itatui.render.themes import PROJECT_THEMES, list_themes, load_theme


SHARED = ROOT.parent / "shared"
COVERAGE_TOOL = SHARED / "tools" / "thai_coverage.py"
THAI_DIGITS = re.compile("[๐-๙]")


def load_report(root: Path = ROOT):
    return build_report(RecordStore(root).load_all())


@pytest.fixture(scope="module")
def report():
    return load_report()


@pytest.fixture(scope="module")
def md(report):
    return render_markdown(report)


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse_html(html: str) -> Elements:
    p = Elements()
    p.feed(html)
    p.close()
    return p


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


# --- content -------------------------------------------------------------------------------

def _coverage_module():
    if not COVERAGE_TOOL.is_file():
        pytest.skip(f"{COVERAGE_TOOL} is absent: cannot measure Thai coverage")
    spec = importlib.util.spec_from_file_location("thai_coverage", COVERAGE_TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def seed_without_header_repeats() -> str:
    """The seed with the table's header row kept once: its later repeats reword or wrap some
    headers ("ผลลัพธ์หรือความสำเร็จของงาน ดำเนินการ") and the report prints the headers of
    report.toml for every issue."""
    lines, seen = [], False
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("วิธีการนำผลวิเคราะห์") and "\t" in line:
            if seen:
                continue
            seen = True
        lines.append(line)
    return "\n".join(lines)


def test_every_thai_run_of_the_seed_comes_back_verbatim(md):
    cov = _coverage_module()
    runs = cov.thai_runs(seed_without_header_repeats())
    assert len(runs) > 300
    hay = squash(md).replace("\u200b", "").replace("\u00ad", "")
    missing = [r for r in runs if r not in hay]
    assert missing == []


def test_memo_comes_first_with_its_labels_and_sections(md, report):
    memo_at = md.index("บันทึกข้อความ")
    title_at = md.index("# การดำเนินการเพื่อส่งเสริมคุณธรรม")
    assert memo_at < title_at
    assert md.startswith("# บันทึกข้อความ\n")
    for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน"):
        assert f"**{label}** " in md
    order = [md.index(f"## {h}") for h in ("เรื่องเดิม", "ข้อเท็จจริง", "ข้อพิจารณา")]
    assert order == sorted(order) and order[-1] < title_at
    assert "\n๑. เห็นควรพิจารณา" in md and "\n๒. เพื่อประชาสัมพันธ์" in md
    assert "\nจึงเรียนมาเพื่อโปรดพิจารณา" in md


def test_signature_and_approval_blocks(md):
    assert "เอมภา คุ้มวงศ์  \n(นางเอมวรา ชัยวงศ์)  \nนิติกรชำนาญการ" in md
    for role in ("หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน", "ปลัดเทศบาลตำบลบ้านเรือน",
                 "นายกเทศมนตรีตำบลบ้านเรือน"):
        assert f"**ความเห็น{role}**" in md
    assert md.count("." * 40) >= 6        # two dotted lines per empty comment
    assert "(นายสมชาย ปันมาเชื้อ)  \nปลัดเทศบาล  \nปฏิบัติหน้าที่นายกเทศมนตรีตำบลบ้านเรือน" in md


def test_one_table_per_issue_with_six_columns(md, report):
    for issue in report.issues:
        assert f"## ประเด็นที่ {'๐๑๒๓๔๕๖๗๘๙'[issue.number]} {issue.title}" in md
    rows = table_rows(md)
    issue_rows = [r for r in rows if len(r) == 6]
    n_measures = len(report.measures())
    assert len(issue_rows) == len(report.issues) + n_measures     # header + measures
    assert all(len(r) in (4, 6) for r in rows)                   # 4: the scores table
    assert rows[0] == report.columns
    first = next(r for r in issue_rows if r[0].startswith("มาตรการส่งเสริมการรับรู้"))
    assert first[1] == "สำนักปลัด<br>กองคลัง<br>กองช่าง<br>กองการศึกษา"   # one unit a line
    assert first[2].startswith("๑. จัดทำคู่มือ") and "<br>๒. จัดทำแผนผัง" in first[2]
    single = next(r for r in issue_rows if r[2].startswith("จัดทำสรุปรายงาน"))
    assert not single[4].startswith("๑.")                         # one result: no number


def test_scores_table(md, report):
    rows = [r for r in table_rows(md) if len(r) == 4]
    assert rows[0] == ["ตัวชี้วัดที่", "ตัวชี้วัด", "พ.ศ. ๒๕๖๗", "พ.ศ. ๒๕๖๘"]
    assert ["๘", "การปรับปรุงการทำงาน", "๑๘.๕๐", "๙๘.๐๖"] in rows
    assert ["๑", "การปฏิบัติหน้าที่", "๒.๐๙", "๑๐๐.๐๐"] in rows
    assert not any("คะแนนรวม" in c for r in rows for c in r)       # no totals in the sample

    report_with_total = load_report()
    report_with_total.totals[2568] = 87.5
    rows = [r for r in table_rows(render_markdown(report_with_total)) if len(r) == 4]
    assert ["", "**คะแนนรวม**", "–", "**๘๗.๕๐**"] in rows
    assert ["", "**ระดับผลการประเมิน**", "–", "**A**"] in rows


def test_record_digits_kept_for_thai_and_converted_for_arabic(report, md):
    assert "ประเด็นที่ ๑ " in md and "ลพ ๕๖๐๐๑/๒๓๗" in md
    arabic = render_markdown(report, digits="arabic")
    assert not THAI_DIGITS.search(arabic)
    assert "ประเด็นที่ 1 " in arabic and "ลพ 56001/237" in arabic
    assert "\n1\\. เห็นควรพิจารณา" in arabic          # not an ordered list
    assert "| 1. จัดทำคู่มือ" in arabic
    assert "| 8 | การปรับปรุงการทำงาน | 18.50 | 98.06 |" in arabic
    with pytest.raises(ValueError):
        render_markdown(report, digits="roman")


# --- escaping ------------------------------------------------------------------------------

HOSTILE = {
    "name": "| a | b |",
    "outcome": "<script>alert(1)</script> ผลลัพธ์",
    "activities": ["<img src=x onerror=alert(1)>", "back\\slash \\| pipe\nnew line **bold**"],
    "period": "`code` [link](http://example.com) _u_ # hash ![i](x.png) &amp; ~~s~~ $x$",
    "results": ["\n- item\n# heading\n1. one\n---\n> quote", "<p>ย่อหน้า</p>ไทย"],
}


@pytest.fixture
def hostile_root(tmp_path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "records", root / "records")
    path = root / "records" / "measures" / "01-01.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    for key, value in HOSTILE.items():
        doc[key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    memo = root / "records" / "memo.toml"
    doc = tomlkit.parse(memo.read_text(encoding="utf-8"))
    doc["background"] = "# หัวข้อปลอม\n<script>x()</script>\n---\n    โค้ด\n* รายการ\n1. หนึ่ง"
    doc["to"] = "</style><script>y()</script>"
    memo.write_text(tomlkit.dumps(doc), encoding="utf-8")
    signers = root / "records" / "signers.toml"
    doc = tomlkit.parse(signers.read_text(encoding="utf-8"))
    doc["approvals"][0]["role"] = "**ตัวหนา** [x](javascript:alert(1))"
    doc["approvals"][0]["comment"] = "<b>เห็นชอบ</b>\n| ก | ข |"
    signers.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return root


def test_hostile_text_cannot_break_tables_or_pass_markup(hostile_root):
    rep = load_report(hostile_root)
    md = render_markdown(rep)
    assert "<script" not in md and "<img" not in md and "<p>" not in md and "<b>" not in md
    rows = table_rows(md)
    assert all(len(r) in (4, 6) for r in rows)
    row = next(r for r in rows if "a" in r[0] and "b" in r[0])
    assert len(row) == 6
    tokens = parser().parse(md)
    kinds = {t.type for t in tokens}
    assert not kinds & {"bullet_list_open", "ordered_list_open", "blockquote_open", "hr",
                        "code_block", "fence", "html_block"}
    headings = [t for t in tokens if t.type == "heading_open"]
    assert sum(t.tag == "h1" for t in headings) == 2               # memo and report title
    inline_kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert not inline_kinds & {"link_open", "image", "code_inline", "html_inline", "em_open"}


def test_hostile_text_shows_as_text_in_html(hostile_root):
    rep = load_report(hostile_root)
    html = render_html(rep, load_theme("default"))
    doc = parse_html(html)
    assert not {"script", "img", "a", "code", "em", "blockquote", "ul", "ol", "b"} & set(doc.tags)
    text = "".join(doc.text)
    for value in ("| a | b |", "<script>alert(1)</script> ผลลัพธ์", "<img src=x onerror=alert(1)>",
                  "back\\slash \\| pipe new line **bold**", "</style><script>y()</script>",
                  "**ตัวหนา** [x](javascript:alert(1))", "<p>ย่อหน้า</p>ไทย", "# หัวข้อปลอม",
                  "`code` [link](http://example.com) _u_ # hash ![i](x.png) &amp; ~~s~~ $x$"):
        assert value in text
    assert html.count("</style>") == 1
    # Every table row of the measures keeps six cells.
    for tr in re.findall(r"<tr>(.*?)</tr>", without_charts(html), flags=re.S):
        assert tr.count("<td") + tr.count("<th") in (4, 6)


def test_escapes_never_split_thai_runs():
    thai = "ก่อน*หลัง_ระหว่าง|คั่น<ต่อ>และ&กับ[ใน]ถึง`ท้าย\\จบ#ต่อ~ท้าย$จบ"
    out = escape_inline(thai)
    for run in re.findall(r"[\u0E01-\u0E4F]+", thai):
        assert run in out
    assert escape_inline("- ก") == "\\- ก" and escape_inline("1. ก") == "1\\. ก"
    assert escape_inline("๑. ก") == "๑. ก"                          # Thai digits start no list
    assert escape_inline("a<b>&c") == "a&lt;b&gt;&amp;c"


# --- HTML document -------------------------------------------------------------------------

def test_html_document_head(report, monkeypatch):
    theme = load_theme("default")
    html = render_html(report, theme)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"th\">")
    assert '<meta charset="utf-8">' in html
    assert f"<title>{report.title}</title>" in html
    assert '<meta name="author" content="เทศบาลตำบลบ้านเรือน">' in html
    assert '<meta name="description" content="รายงานผลการดำเนินการ' in html
    assert re.search(r'<meta name="keywords" content="ITA, [^"]*O26', html)
    assert '<meta name="dcterms.created" content="2026-04-28">' in html    # the memo date
    assert "@page" in html and '"Laksaman"' in html and "counter(page, thai)" in html
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert ('<meta name="dcterms.created" content="2023-11-14T22:13:20Z">'
            in render_html(report, theme))


def test_html_headings_have_distinct_thai_ids(report):
    html = render_html(report, load_theme("default"))
    ids = re.findall(r'<h[1-6] id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 2 + 3 + len(report.issues) + 1
    assert "ประเด็นที่-๑-กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ" in ids
    assert '<section class="memo"' in html and '<section class="report-part"' in html


def test_slug_keeps_thai_marks_and_deduplicates():
    assert slug("ข้อพิจารณา") == "ข้อพิจารณา"
    assert slug("กิน") != slug("กัน")
    assert slug("E-Service (ระบบ)!") == "e-service-ระบบ"
    used: set[str] = set()
    assert [slug("ก", used), slug("ก", used), slug("", used)] == ["ก", "ก-2", "section"]


# --- themes --------------------------------------------------------------------------------

def test_default_theme():
    theme = load_theme("default")
    assert theme.path == PROJECT_THEMES / "default"
    assert theme.digits == "thai"
    assert theme.fonts == ("TH Sarabun New", "TH SarabunPSK", "Sarabun", "Laksaman")
    assert (theme.page.size, theme.page.orientation) == ("A4", "portrait")
    assert (theme.page.margin_top, theme.page.margin_right, theme.page.margin_bottom,
            theme.page.margin_left) == ("2cm", "2cm", "2cm", "3cm")
    assert "size: A4 portrait; margin: 2cm 2cm 2cm 3cm;" in theme.css
    assert 'content: "หน้า " counter(page, thai) " / " counter(pages, thai)' in theme.css
    assert "default" in list_themes()


def test_theme_lookup_from_a_scratch_records_repo(tmp_path):
    scratch = tmp_path / "scratch"
    shutil.copytree(ROOT / "records", scratch / "records")
    assert load_theme("default", repo_root=scratch).path == PROJECT_THEMES / "default"
    # A repository's own theme of the same name wins.
    own = scratch / "themes" / "default"
    shutil.copytree(PROJECT_THEMES / "default", own)
    assert load_theme("default", repo_root=scratch).path == own.resolve()
    assert load_theme(own).path == own.resolve()
    with pytest.raises(ItatuiError, match="ไม่พบธีม \"nosuch\""):
        load_theme("nosuch", repo_root=scratch)


@pytest.mark.parametrize("broken, file, needle", [
    ("missing_css", "style.css", "ไม่พบไฟล์ style.css"),
    ("missing_toml", "theme.toml", "ไม่พบไฟล์ theme.toml"),
    ("bad_toml", "theme.toml", "ไม่ถูกรูปแบบ TOML"),
    ("bad_digits", "theme.toml", "ตัวเลขต้องเป็น \"thai\" หรือ \"arabic\""),
    ("bad_margin", "theme.toml", "ระยะขอบ"),
    ("bad_font", "theme.toml", "แบบอักษร"),
])
def test_broken_theme_names_the_file(tmp_path, broken, file, needle):
    folder = tmp_path / "themes" / "broken"
    shutil.copytree(PROJECT_THEMES / "default", folder)
    toml = folder / "theme.toml"
    text = toml.read_text(encoding="utf-8")
    if broken == "missing_css":
        (folder / "style.css").unlink()
    elif broken == "missing_toml":
        toml.unlink()
    elif broken == "bad_toml":
        toml.write_text(text + "\nfonts = [\n", encoding="utf-8")
    elif broken == "bad_digits":
        toml.write_text(text.replace('digits = "thai"', 'digits = "roman"'), encoding="utf-8")
    elif broken == "bad_margin":
        toml.write_text(text.replace('margin_left = "3cm"', 'margin_left = "3cm; x: y"'),
                        encoding="utf-8")
    elif broken == "bad_font":
        toml.write_text(text.replace('"Laksaman"', '"Laks\\"aman"'), encoding="utf-8")
    with pytest.raises(ItatuiError) as err:
        load_theme("broken", search=[tmp_path / "themes"])
    assert needle in str(err.value)
    assert str(folder / file) in str(err.value)
