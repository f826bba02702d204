"""Golden facts of the published PDFs (official and modern themes) checked on real PDFs with
poppler-utils and pypdf: pages, fonts, a true Thai text layer, no line break inside a Thai
word, footers, bookmarks, repeated table headers, tall rows, the Garuda slot, reproducibility;
and the safety of the renderer against hostile records (no network, no local files)."""

from __future__ import annotations

import dataclasses
import http.server
import re
import shutil
import subprocess
import threading
import unicodedata
from pathlib import Path

import pytest
import tomlkit
from pypdf import PdfReader

from helpers import ROOT, SEED, TLWG_FONTS, embedded_fonts, glyph_width_problems, without_charts
from itatui.core import thaiwords
from itatui.core.errors import ItatuiError
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render import thaibreak
from itatui.render.html import render_html
from itatui.render.markdown import render_markdown
from itatui.render.themes import PROJECT_THEMES, load_theme

TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdfimages", "pdfdetach")
pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS),
                                reason="needs poppler-utils")
THAI_RUN = re.compile(r"[\u0E01-\u0E4F]+")


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def text_of(pdf: Path, *opts: str) -> str:
    return run("pdftotext", *opts, str(pdf), "-")


def pages_of(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M).group(1))


def thai_runs(text: str, minlen: int = 4) -> list[str]:
    """The runs of Thai letters and marks of a text, as shared/tools/thai_coverage.py cuts
    them (HTML tags dropped, NFC)."""
    text = unicodedata.normalize("NFC", re.sub(r"<[^>]+>", " ", text))
    return [r for r in THAI_RUN.findall(text) if len(r) >= minlen]


def coverage(runs: list[str], pdf: Path) -> tuple[float, list[str]]:
    """thai_coverage.py's measure: the share of runs found in pdftotext's text once all
    white space (and U+200B / soft hyphens) is removed."""
    hay = re.sub(r"\s+", "", unicodedata.normalize("NFC", text_of(pdf)))
    hay = hay.replace("\u200b", "").replace("\u00ad", "")
    missing = [r for r in runs if r not in hay]
    return 1 - len(missing) / len(runs), missing


def load(root: Path = ROOT):
    return build_report(RecordStore(root).load_all())


@pytest.fixture(scope="module")
def report():
    return load()


CUTS: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, report) -> dict[str, Path]:
    from itatui.render.pdf import render_pdf

    out = tmp_path_factory.mktemp("themes")
    made = {}
    for name in ("official", "modern"):
        made[name] = render_pdf(report, name, out / f"{name}.pdf", edition="v2568.1")
        CUTS[name] = list(thaibreak.LAST_CUTS)
    return made


@pytest.fixture(scope="module")
def cut_words(pdfs) -> dict[str, list[str]]:
    return CUTS


# --- golden facts --------------------------------------------------------------------------

@pytest.mark.parametrize("theme, pages, font", [
    ("official", 9, "Sarabun"),                                # shipped with itatui
    ("modern", 9, "Loma" if (TLWG_FONTS / "Loma.otf").is_file() else "Sarabun")])
def test_pages_and_embedded_fonts(pdfs, theme, pages, font):
    pdf = pdfs[theme]
    assert pages_of(pdf) == pages
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert {line.split()[0].split("+", 1)[-1].rsplit("-Bold", 1)[0] for line in fonts} == {
        f"itatui-{font}"}                                      # loaded by itatui, nothing else
    assert {f.family for f in embedded_fonts(pdf)} == {font}
    assert glyph_width_problems(pdf) == []                    # drawn at their own widths
    assert all(line.split()[-5] == "yes" for line in fonts)          # every font embedded
    sizes = re.findall(r"size:\s+(\d+)\.\d+ x (\d+)\.\d+ pts \(A4\)",
                       run("pdfinfo", "-f", "1", "-l", "99", str(pdf)))
    assert sizes[0] == ("595", "841") and sizes[-1] == ("841", "595")


@pytest.mark.parametrize("theme", ["official", "modern"])
def test_text_layer_gives_back_the_reports_thai(pdfs, report, theme):
    digits = load_theme(theme).digits
    runs = thai_runs(render_markdown(report, digits=digits))
    share, missing = coverage(runs, pdfs[theme])
    assert len(runs) > 300
    assert share >= 0.999, missing[:5]
    # Against the source document too (the seed's one stray header cell aside).
    share, missing = coverage(thai_runs(SEED.read_text(encoding="utf-8")), pdfs[theme])
    assert share >= 0.997, missing[:5]


def test_text_layer_exact_words_and_no_zero_width_spaces(pdfs):
    text = text_of(pdfs["official"])
    assert "\u200b" not in text and "\u2060" not in text
    for word in ("กองการศึกษา", "สำนักปลัด", "ขั้นตอน", "ผู้รับผิดชอบ", "การดำเนินการ",
                 "หน้า ๑ / ๙", "บันทึกข้อความ"):
        assert word in text, word
    # The known WeasyPrint faults (domain.md) are gone.
    assert "กำร" not in text and "ผู่" not in text and "ขัน ้ตอน" not in text


def test_compound_names_are_never_cut(pdfs, report):
    md = render_markdown(report)
    for theme in ("official", "modern"):
        text = text_of(pdfs[theme])
        flat = re.sub(r"\s+", "", text)
        for word in ("กองการศึกษา", "สำนักปลัด", "กองคลัง", "กองช่าง"):
            want = flat.count(word)
            assert want >= 1
            # every occurrence sits whole on one line
            assert sum(line.count(word) for line in text.splitlines()) == want, (theme, word)
        if theme == "official":
            assert sum(line.count("กองการศึกษา") for line in text.splitlines()) >= \
                md.count("กองการศึกษา")


@pytest.mark.parametrize("theme", ["official", "modern"])
def test_no_line_ends_inside_a_thai_word(pdfs, cut_words, report, theme):
    """Every place where a line of Thai ends and the next begins with Thai is a word boundary
    that itatui marked (U+200B) in the HTML given to WeasyPrint."""
    marked = re.sub(r"<[^>]+>", " ", render_html(report, load_theme(theme), for_pdf=True))
    lines = text_of(pdfs[theme]).splitlines()
    junctions, bad = 0, []
    for a, b in zip(lines, lines[1:]):
        end, start = re.search(r"[\u0E01-\u0E4F]+$", a), re.match(r"[\u0E01-\u0E4F]+", b)
        if not (end and start):
            continue
        left = "\u200b?".join(map(re.escape, end.group(0)))
        right = "\u200b?".join(map(re.escape, start.group(0)))
        at_boundary = re.search(left + "[\u200b\\s]+" + right, marked)
        inside_word = re.search(left + right, marked)
        if at_boundary or inside_word:          # else: two separate elements (cells, blocks)
            junctions += 1
            if inside_word and not at_boundary:
                bad.append(end.group(0) + "|" + start.group(0))
    assert junctions > 50
    # The only cuts inside a word: words wider than their whole line (a long indicator name
    # in a narrow column), which the renderer reports rather than letting them overflow.
    cut = {re.sub(r"\s+", "", w) for w in cut_words[theme]}
    assert all(any(b.replace("|", "") in w or w in b.replace("|", "") for w in cut)
               for b in bad), (bad, cut)
    assert len(bad) <= 2


def test_words_are_marked_from_the_reports_own_names(report):
    html = render_html(report, load_theme("official"), for_pdf=True)
    body = html.split("<body", 1)[1]
    for word in ("กองการศึกษา", "สำนักปลัด", "เทศบาลตำบลบ้านเรือน"):
        assert word in body                                      # never cut by a U+200B
    assert "\u200b" in body and "\u200b" not in html.split("<body", 1)[0]
    kept = thaibreak.split_words("ของหน่วยงานทดสอบพิเศษนี้", keep={"หน่วยงานทดสอบพิเศษ"})
    assert kept.split("\u200b").count("หน่วยงานทดสอบพิเศษ") == 1


def test_word_breaks_depend_only_on_the_report():
    """No process-wide state: what another report or the editor taught does not change a PDF."""
    before = thaibreak.split_words("ผู้อำนวยการกองการศึกษาและสำนักปลัด", keep={"กองการศึกษา"})
    thaiwords.add_words(["การศึกษาและสำนัก"])          # the editor's preference, elsewhere
    after = thaibreak.split_words("ผู้อำนวยการกองการศึกษาและสำนักปลัด", keep={"กองการศึกษา"})
    assert before == after


def test_footers_page_numbers_agency_year_edition(pdfs, tmp_path, report):
    from itatui.render.pdf import render_pdf

    first = text_of(pdfs["official"], "-f", "1", "-l", "1")
    assert "หน้า ๑ / ๙" in first
    assert "เทศบาลตำบลบ้านเรือน ปีงบประมาณ ๒๕๖๘" in first
    assert "ฉบับ v2568.1" in first                               # a tag keeps its digits
    last = text_of(pdfs["official"], "-f", "9", "-l", "9")      # the charts' page
    assert "หน้า ๙ / ๙" in last and "ฉบับ v2568.1" in last
    modern = text_of(pdfs["modern"], "-f", "2", "-l", "2")
    assert "หน้า 2 / 9" in modern and "ปีงบประมาณ 2568" in modern
    draft = render_pdf(report, "official", tmp_path / "draft.pdf")
    assert "ฉบับ ร่าง" in text_of(draft, "-f", "1", "-l", "1")


def outline_titles(pdf: Path) -> list:
    def walk(items):
        return [walk(i) if isinstance(i, list) else i.title for i in items]
    return walk(PdfReader(pdf).outline)


def test_bookmarks_memo_and_each_issue(pdfs, report):
    titles = outline_titles(pdfs["official"])
    assert titles[0] == "บันทึกข้อความ"
    assert titles[1] == ["เรื่องเดิม", "ข้อเท็จจริง", "ข้อพิจารณา"]
    assert titles[2] == re.sub(r"\s+", " ", report.title).strip()
    issues = [t for t in titles[3] if t.startswith("ประเด็นที่")]
    assert len(issues) == len(report.issues) == 7
    assert issues[1] == "ประเด็นที่ ๒ การให้บริการและระบบ E-Service"
    assert not any("\u200b" in t for t in [titles[0], titles[2], *titles[1], *titles[3]])


def test_pdfa_identification_and_attachments_listed(tmp_path, report):
    from itatui.render.pdf import render_pdf

    out = render_pdf(report, "official", tmp_path / "a.pdf",
                     records={"records/agency.toml": b"name = 'x'\n"})
    xmp = PdfReader(out).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp
    assert "1: records/agency.toml" in run("pdfdetach", "-list", str(out))
    assert "/OutputIntents" in PdfReader(out).trailer["/Root"]


@pytest.mark.parametrize("theme", ["official", "modern"])
def test_reproducible(tmp_path, report, theme, monkeypatch):
    from itatui.render.pdf import render_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1761782400")
    a = render_pdf(report, theme, tmp_path / "a.pdf", commit="ab" * 20,
                   records={"records/x.toml": b"x = 1\n"}).read_bytes()
    b = render_pdf(report, theme, tmp_path / "b.pdf", commit="ab" * 20,
                   records={"records/x.toml": b"x = 1\n"}).read_bytes()
    assert a == b


# --- long tables ---------------------------------------------------------------------------

def test_header_row_repeats_and_tall_rows_stay_readable(tmp_path, report):
    from itatui.render.pdf import render_pdf

    issue = report.issues[1]
    many = [dataclasses.replace(m, number=n) for n, m in
            enumerate(issue.measures * 12, 1)]
    huge = dataclasses.replace(issue.measures[0], number=99,
                               results=[f"ผลการดำเนินการครั้งที่ {n} ของกองการศึกษาและสำนักปลัด"
                                        "ตามแผนปฏิบัติการประจำปีงบประมาณ" for n in range(60)])
    big = dataclasses.replace(report, issues=[dataclasses.replace(
        issue, measures=[*many, huge])])
    pdf = render_pdf(big, "official", tmp_path / "long.pdf")
    pages = pages_of(pdf)
    assert pages >= 6
    header = "วิธีการนำผลวิเคราะห์"
    table_pages = [p for p in range(2, pages + 1)
                   if "ประชาสัมพันธ์" in text_of(pdf, "-f", str(p), "-l", str(p))]
    assert len(table_pages) >= 4
    for p in table_pages:
        assert header in text_of(pdf, "-f", str(p), "-l", str(p)), f"no header on page {p}"
    # The row taller than a page is split, and every line of it is still there.
    runs = thai_runs(render_markdown(big))
    share, missing = coverage(runs, pdf)
    assert share >= 0.999, missing[:5]
    flat = re.sub(r"\s+", "", text_of(pdf))
    assert all(f"ผลการดำเนินการครั้งที่{n}ของ" in flat for n in ("0", "59"))   # as written


# --- the Garuda slot -----------------------------------------------------------------------

def images_in(pdf: Path) -> int:
    return len(run("pdfimages", "-list", str(pdf)).splitlines()[2:])


def test_garuda_from_the_records_or_an_empty_slot(tmp_path, report):
    from PIL import Image

    from itatui.render.pdf import render_pdf

    repo = tmp_path / "repo"
    (repo / "records").mkdir(parents=True)
    without = render_pdf(report, "official", tmp_path / "without.pdf", records_root=repo)
    assert images_in(without) == 0
    png = repo / "records" / "garuda.png"
    Image.new("RGB", (90, 100), (120, 80, 20)).save(png)
    with_it = render_pdf(report, "official", tmp_path / "with.pdf", records_root=repo)
    assert images_in(with_it) == 1
    # From a commit: the attached records' garuda.png, not the working tree's.
    from_commit = render_pdf(report, "official", tmp_path / "commit.pdf", records_root=repo,
                             records={"records/memo.toml": b""})
    assert images_in(from_commit) == 0
    # Same text either way: the emblem takes no room from the memo.
    assert text_of(without, "-f", "1", "-l", "1") == text_of(with_it, "-f", "1", "-l", "1")
    # Not an image: ignored (an SVG could refer to other files).
    png.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>')
    assert images_in(render_pdf(report, "official", tmp_path / "svg.pdf",
                                records_root=repo)) == 0


# --- themes --------------------------------------------------------------------------------

def test_themes_official_modern_default():
    official, modern, default = (load_theme(n) for n in ("official", "modern", "default"))
    assert official.digits == default.digits == "thai" and modern.digits == "arabic"
    assert official.fonts == ("TH Sarabun New", "TH SarabunPSK", "Sarabun", "Laksaman")
    assert modern.fonts[-1] == "Sarabun" and modern.font_size == "18pt"
    assert (official.page.margin_left, official.page.margin_right) == ("3cm", "2cm")
    assert official.report_page.orientation == "landscape"
    assert default.folders == (PROJECT_THEMES / "default", PROJECT_THEMES / "official")
    assert official.style in default.style
    css = official.css_with({"agency": 'ก"ข\\ค', "fiscal_year": "๒๕๖๘", "edition": "v1"})
    assert '"ก\\"ข\\\\ค"' in css                                # quoted as a CSS string
    assert "@bottom-left" in css and "@bottom-right" in css


@pytest.mark.parametrize("toml, needle", [
    ('extends = "nosuch"\n', "ไม่พบธีม"),
    ('extends = "../x"\n', "ไม่ถูกต้อง"),
    ('fonts = ["Laksaman"]\nemblem = "../../etc/passwd"\n', "ตราครุฑ"),
])
def test_broken_theme_settings_name_the_file(tmp_path, toml, needle):
    folder = tmp_path / "themes" / "mine"
    folder.mkdir(parents=True)
    (folder / "style.css").write_text("", encoding="utf-8")
    (folder / "theme.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ItatuiError, match=needle) as err:
        load_theme("mine", search=[tmp_path / "themes"])
    assert str(folder / "theme.toml") in str(err.value)


def test_theme_extends_cycle_is_an_error(tmp_path):
    for a, b in (("a", "b"), ("b", "a")):
        folder = tmp_path / "themes" / a
        folder.mkdir(parents=True)
        (folder / "style.css").write_text("", encoding="utf-8")
        (folder / "theme.toml").write_text(f'extends = "{b}"\nfonts = ["Laksaman"]\n',
                                           encoding="utf-8")
    with pytest.raises(ItatuiError, match="วง"):
        load_theme("a", search=[tmp_path / "themes"])


def test_user_theme_extending_official(tmp_path, report):
    from itatui.render.pdf import render_pdf

    folder = tmp_path / "themes" / "agency"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('extends = "official"\ndigits = "arabic"\n',
                                       encoding="utf-8")
    (folder / "style.css").write_text(".memo-title h1 { color: #036; }\n", encoding="utf-8")
    theme = load_theme("agency", search=[tmp_path / "themes"])
    assert theme.digits == "arabic" and theme.fonts[-1] == "Laksaman"
    out = render_pdf(report, theme, tmp_path / "agency.pdf")
    assert "หน้า 1 / " in text_of(out, "-f", "1", "-l", "1")


def test_html_is_standalone(report):
    for name in ("official", "modern"):
        html = render_html(report, load_theme(name), edition="v1")
        assert "<style>" in html and "<link" not in html and "<script" not in html
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|file:|//)""", html)
        assert "\u200b" not in html                              # only the PDF gets them


# --- safety --------------------------------------------------------------------------------

class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Counter.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def hostile_repo(tmp_path: Path, port: int) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "records", root / "records")
    url = f"http://127.0.0.1:{port}"
    values = {
        "name": f"<img src={url}/img> ![x]({url}/md.png) <script>alert(1)</script>",
        "period": "file:///etc/passwd ![p](file:///etc/passwd) <iframe src=file:///etc/passwd>",
        "outcome": (f"[คลิก](javascript:alert(1)) <a href=\"javascript:x()\">ลิงก์</a> "
                    f"<link rel=stylesheet href={url}/s.css> <style>@import url({url}/i.css);"
                    "body{display:none}</style> url(" + url + "/u.png) ผลลัพธ์"),
        "units": ["a | b | c", "back\\slash\\", "บรรทัด\nใหม่ | ต่อ", "</td></tr><tr><td>"],
        "activities": ["<object data=" + url + "/o>", "@font-face{src:url(" + url + "/f.ttf)}",
                       "<svg><image href=\"" + url + "/svg.png\"/></svg>"],
        "results": ["<base href=\"" + url + "/\"><img src=rel.png>", "| | |\n|---|",
                    "{{ x }} ${y} %(z)s \\\\ \\n"],
    }
    path = root / "records" / "measures" / "01-01.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    for key, value in values.items():
        doc[key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    memo = root / "records" / "memo.toml"
    doc = tomlkit.parse(memo.read_text(encoding="utf-8"))
    doc["to"] = f"</style><style>@import '{url}/t.css';</style><meta http-equiv=refresh content=\"0;{url}\">"
    memo.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return root


@pytest.mark.parametrize("theme", ["official", "modern"])
def test_hostile_records_load_nothing(tmp_path, server, theme):
    from itatui.render.pdf import render_pdf

    root = hostile_repo(tmp_path, server)
    rep = load(root)
    html = render_html(rep, load_theme(theme))
    md = render_markdown(rep)
    out = render_pdf(rep, theme, tmp_path / "hostile.pdf", records_root=root)
    assert _Counter.hits == []                                 # no request reached the server
    text = text_of(out)
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
    first = passwd.splitlines()[0] if passwd else "root:x:0:0"
    assert first not in text and first not in html
    assert images_in(out) == 0
    reader = PdfReader(out)
    raw = out.read_bytes()
    assert b"/JavaScript" not in raw and b"/URI" not in raw and b"/Launch" not in raw
    assert "/Names" not in reader.trailer["/Root"] or \
        "/JavaScript" not in reader.trailer["/Root"]["/Names"]
    # Everything hostile is shown as text, never used as markup.
    flat = re.sub(r"\s+", "", text)
    for shown in ("<script>alert(1)</script>", "javascript:alert(1)", "file:///etc/passwd",
                  "back\\slash\\", "a|b|c", "</td></tr><tr><td>", "@import"):
        assert shown.replace(" ", "") in flat, shown
    for tag in ("<script", "<img", "<iframe", "<object", "<link", "<base", "<svg", "<a ",
                "<meta http-equiv"):                 # (itatui's own charts draw SVG)
        assert tag not in without_charts(html.split("<body", 1)[1])
    assert "<script" not in md and "<img" not in md
    # The table keeps six columns in every row.
    for row in re.findall(r"<tr>(.*?)</tr>", without_charts(html), flags=re.S):
        assert row.count("<td") + row.count("<th") in (4, 6)


def test_the_network_is_not_used_even_by_a_theme(tmp_path, server, report, caplog):
    from itatui.render.pdf import render_pdf

    folder = tmp_path / "themes" / "leaky"
    shutil.copytree(PROJECT_THEMES / "official", folder)
    with (folder / "style.css").open("a", encoding="utf-8") as f:
        f.write(f"\nbody {{ background: url(http://127.0.0.1:{server}/bg.png); }}\n"
                f"@font-face {{ font-family: X; src: url(http://127.0.0.1:{server}/f.ttf); }}\n")
    render_pdf(report, load_theme("leaky", search=[tmp_path / "themes"]),
               tmp_path / "leaky.pdf")
    assert _Counter.hits == []
