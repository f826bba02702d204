"""``itatui render --format docx``: the report as a Word document (memo, tables, scores), in the
theme's font, digits and page setup, byte-identical for one commit, and read back by
``itatui import`` into the same records (the sample, and a generated 20 x 3 report)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
import tomlkit

from helpers import RECORDS, commit_count, git

from itatui.core.init_repo import skeleton
from itatui.core.schema import REPORT_COLUMNS as COLUMNS
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.core.thai import to_thai_digits
from itatui.importer import import_document
from itatui.render.docx import docx_bytes
from itatui.render.themes import load_theme

ITATUI = [sys.executable, "-m", "itatui"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMMIT_DATE = "2025-04-28T10:30:00+07:00"


def itatui(*args: str, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run([*ITATUI, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


def load_tree(root: Path) -> dict[str, dict]:
    return {p.relative_to(root).as_posix(): tomllib.loads(p.read_text(encoding="utf-8"))
            for p in sorted(root.rglob("*.toml"))}


def differences(got: dict, want: dict) -> list[tuple[str, object, object]]:
    """Every field that differs, as (file:key.path, got, want)."""
    out = []

    def walk(a, b, path):
        if isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(set(a) | set(b), key=str):
                walk(a.get(k), b.get(k), f"{path}.{k}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{path}.{i}")
        elif a != b:
            out.append((path, a, b))

    for name in sorted(set(got) | set(want)):
        walk(got.get(name), want.get(name), name)
    return out


def committed_repo(root: Path, records: Path) -> Path:
    """A repository holding ``records`` in one commit dated :data:`COMMIT_DATE`."""
    env = dict(os.environ, GIT_AUTHOR_DATE=COMMIT_DATE, GIT_COMMITTER_DATE=COMMIT_DATE)
    shutil.copytree(records, root / "records")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "records")
    git(root, "commit", "-q", "-m", "รายงาน", env=env)
    return root


def render(repo: Path, out: Path, *extra: str) -> Path:
    done = itatui("render", "--repo", str(repo), "--format", "docx", "-o", str(out), *extra)
    assert done.returncode == 0, done.stderr
    assert "เขียนไฟล์ Word แล้ว" in done.stderr
    return out


# --- a generated report: 20 issues x 3 measures ------------------------------------------------

AGENCY = "องค์การบริหารส่วนตำบลดอนแก้ว"
INDICATORS = ("การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
              "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
              "การปรับปรุงการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต")
SCORES = {2568: {n: round(80 + n * 1.73, 2) for n in range(1, 11)},
          2567: {n: round(60 + n * 2.91, 2) for n in range(1, 11)}}
PERIODS = ("ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘", "๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘",
           "ไตรมาสที่ ๒ (มกราคม - มีนาคม ๒๕๖๘)", "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๘",
           "1 ต.ค. 67 - 30 ก.ย. 68", "เมษายน ๒๕๖๘", "ทุกเดือน",
           "พฤศจิกายน ๒๕๖๗ และ พฤษภาคม ๒๕๖๘")
UNITS = ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม",
         "กองสาธารณสุขและสิ่งแวดล้อม", "งานป้องกันและบรรเทาสาธารณภัย")
TOPICS = ("การเปิดเผยข้อมูลข่าวสาร", "การจัดซื้อจัดจ้าง", "การใช้ทรัพย์สินของราชการ",
          "การรับเรื่องร้องเรียน", "การให้บริการประชาชน", "การบริหารงานบุคคล",
          "การใช้จ่ายงบประมาณ", "การป้องกันผลประโยชน์ทับซ้อน", "การประชาสัมพันธ์",
          "การปรับปรุงการทำงาน")


def _score(v: float) -> str:
    return to_thai_digits(f"{v:.2f}")


def generated_measure(i: int, m: int) -> dict:
    k = (i * 3 + m) % 10
    topic = TOPICS[k]
    units = [UNITS[(i + m + j) % len(UNITS)] for j in range(1 + (i + m) % 3)]
    activities = [f"จัดทำแนวทาง{topic}ครั้งที่ {to_thai_digits(str(j))} และเผยแพร่ให้เจ้าหน้าที่ทราบ"
                  for j in range(1, 1 + (i + m) % 4 + 1)]
    if (i + m) % 5 == 0:
        # an item whose own text holds "ข้อ ๒." and one with characters Markdown and HTML read
        activities[0] = "ดำเนินการตามข้อ ๒. ของระเบียบว่าด้วยการรับเรื่องร้องเรียน"
        activities.append("ติดประกาศ <ร่าง> แนวทาง R&D | *สำคัญ* ไว้ 2 จุด")
    results = [f"เจ้าหน้าที่ของ{AGENCY}ดำเนินการ{topic}แล้ว ร้อยละ {to_thai_digits(str(70 + j * 5))}"
               for j in range(1, 1 + (i * m) % 3 + 1)]
    n = k + 1
    outcome = (f"ในปี พ.ศ. ๒๕๖๘ {AGENCY} มีคะแนนในตัวชี้วัดที่ {to_thai_digits(str(n))} "
               f"{INDICATORS[n - 1]} {_score(SCORES[2568][n])} คะแนน ซึ่งเพิ่มขึ้นจากปี ๒๕๖๗ "
               f"ที่ได้ {_score(SCORES[2567][n])} คะแนน")
    indicators = [n]
    if m == 2:
        n2 = (k + 3) % 10 + 1
        outcome += (f"\nและมีคะแนนในตัวชี้วัดที่ {to_thai_digits(str(n2))} {INDICATORS[n2 - 1]} "
                    f"{_score(SCORES[2568][n2])} คะแนน ซึ่งเพิ่มขึ้นจากปี ๒๕๖๗ ที่ได้ "
                    f"{_score(SCORES[2567][n2])} คะแนน")
        indicators.append(n2)
    return {"name": f"มาตรการส่งเสริม{topic} (ประเด็น {i}.{m})", "units": units,
            "activities": activities, "period": PERIODS[(i * 3 + m) % len(PERIODS)],
            "results": results, "outcome": outcome, "indicators": indicators}


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = tomlkit.document()
    for key, value in data.items():
        if isinstance(value, str) and "\n" in value:
            value = tomlkit.string(value, multiline=True)
        doc[key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")


def generated_records(root: Path, issues: int = 20, measures: int = 3) -> Path:
    rec = root / "records"
    all_measures = {(i, m): generated_measure(i, m) for i in range(1, issues + 1)
                    for m in range(1, measures + 1)}
    units: list[str] = []
    for mdata in all_measures.values():
        units += [u for u in mdata["units"] if u not in units]
    _write(rec / "agency.toml", {"name": AGENCY, "type": "องค์การบริหารส่วนตำบล",
                                 "province": "เชียงใหม่", "district": "แม่ริม", "website": ""})
    _write(rec / "units.toml", {"units": units})
    _write(rec / "report.toml", {
        "title": "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
                 "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "objective": f"วัตถุประสงค์เพื่อส่งเสริมคุณธรรมและความโปร่งใสภายใน{AGENCY}",
        "fiscal_year": 2568, "ita_year": 2569, "ita_item": "O26", "columns": list(COLUMNS)})
    _write(rec / "memo.toml", {
        "department": f"สำนักปลัด {AGENCY}", "reference": "ชม ๗๘๓๐๑/๑๒๓",
        "date": "๑๕ มีนาคม พ.ศ. ๒๕๖๙",
        "subject": "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
                   "ปีงบประมาณ พ.ศ. ๒๕๖๘",
        "to": f"นายก{AGENCY}",
        "background": f"{AGENCY} อำเภอแม่ริม จังหวัดเชียงใหม่ ได้รับการประเมิน ITA ทุกปี\n"
                      "ตามแผนแม่บทการป้องกันและปราบปรามการทุจริต (พ.ศ. ๒๕๖๑ - ๒๕๘๐)",
        "facts": "สำนักงาน ป.ป.ช. กำหนดให้เผยแพร่รายงานตามข้อ O26 ของการประเมินปี พ.ศ. ๒๕๖๙",
        "considerations": ["เห็นควรให้ความเห็นชอบรายงาน", "เห็นควรเผยแพร่ทางเว็บไซต์",
                           "แจ้งทุกกองทราบและถือปฏิบัติ"],
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา"})
    signers = tomlkit.document()
    signers["drafter"] = {"signature": "สมปอง ดีมาก", "name": "นายสมปอง ดีมาก",
                          "position": "นิติกรปฏิบัติการ"}
    aot = tomlkit.aot()
    for a in ({"role": "หัวหน้าสำนักปลัด", "name": "นางสาวมาลี ศรีสุข",
               "position": "หัวหน้าสำนักปลัด", "acting_for": "",
               "comment": "ตรวจสอบแล้ว เห็นควรเสนอ"},
              {"role": f"ปลัด{AGENCY}", "name": "นายวิชัย คงดี",
               "position": f"ปลัด{AGENCY}", "acting_for": "", "comment": ""},
              {"role": f"นายก{AGENCY}", "name": "นายสมศักดิ์ ใจดี",
               "position": "รองนายกองค์การบริหารส่วนตำบล", "acting_for": f"นายก{AGENCY}",
               "comment": "อนุมัติ"}):
        aot.append(a)
    signers["approvals"] = aot
    (rec / "signers.toml").write_text(tomlkit.dumps(signers), encoding="utf-8")
    scores = {str(y): {str(n): v for n, v in table.items()} for y, table in SCORES.items()}
    scores["2568"]["total"] = 93.45
    _write(rec / "scores.toml", scores)
    (rec / "catalogue.toml").write_text(skeleton("x", 2568)["records/catalogue.toml"],
                                        encoding="utf-8")
    for i in range(1, issues + 1):
        _write(rec / "issues" / f"{i:02d}.toml", {"title": f"ประเด็น{TOPICS[i % 10]} ชุดที่ {i}"})
    for (i, m), data in all_measures.items():
        _write(rec / "measures" / f"{i:02d}-{m:02d}.toml", data)
    return rec


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("sample")
    repo = committed_repo(root / "repo", RECORDS)
    return repo, render(repo, root / "sample.docx")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("gen")
    records = generated_records(root / "src")
    repo = committed_repo(root / "repo", records)
    return repo, render(repo, root / "generated.docx")


def document(path: Path):
    import docx

    return docx.Document(str(path))


# --- the round trip ----------------------------------------------------------------------------

def test_sample_round_trips_through_word(sample_docx, tmp_path):
    repo, out = sample_docx
    fresh = tmp_path / "fresh"
    result = import_document(out, fresh)
    got, want = load_tree(fresh / "records"), load_tree(repo / "records")
    assert sorted(got) == sorted(want)
    assert differences(got, want) == []
    assert result.counts == {"issues": 7, "measures": 7, "scores": 16}
    assert commit_count(fresh) == 1


def test_generated_report_round_trips_through_word(generated, tmp_path):
    repo, out = generated
    want = load_tree(repo / "records")
    assert len([p for p in want if p.startswith("measures/")]) == 60
    fresh = tmp_path / "fresh"
    done = itatui("import", str(out), "--repo", str(fresh))
    assert done.returncode == 0, done.stderr
    got = load_tree(fresh / "records")
    assert sorted(got) == sorted(want)
    assert differences(got, want) == []
    # what makes it hard is there: numbered items whose text holds "ข้อ ๒.", raw "<" and "&",
    # a multi-line outcome, units with spaces, a period that does not look like one, a total
    m = got["measures/02-03.toml"]
    assert m["activities"][0] == "ดำเนินการตามข้อ ๒. ของระเบียบว่าด้วยการรับเรื่องร้องเรียน"
    assert "<ร่าง>" in m["activities"][-1] and "R&D" in m["activities"][-1]
    assert "\n" in got["measures/01-02.toml"]["outcome"]
    assert "ทุกเดือน" in {v["period"] for k, v in got.items() if k.startswith("measures/")}
    assert got["scores.toml"]["2568"]["total"] == 93.45


def test_import_reads_the_scores_table_and_checks_the_quotes_against_it(generated, tmp_path):
    """The scores table is the stored data: an outcome quoting a score the table does not hold
    is a doubt, not a new score."""
    import docx

    repo, out = generated
    d = docx.Document(str(out))
    scores_table = d.tables[-1]
    row = scores_table.rows[1]                      # indicator 1: drop its 2568 score
    assert row.cells[0].text == "๑"
    row.cells[3].paragraphs[0].runs[0].text = "–"
    edited = tmp_path / "edited.docx"
    d.save(str(edited))
    result = import_document(edited, tmp_path / "fresh")
    assert 1 not in result.imported.scores[2568]
    assert any("ไม่มีในตารางคะแนน" in d.message for d in result.doubts)


# --- what is in the document ------------------------------------------------------------------

def test_memo_header_sections_and_signature_blocks(sample_docx):
    _, out = sample_docx
    d = document(out)
    texts = [p.text for p in d.paragraphs]
    assert texts[0].strip() == "บันทึกข้อความ" and d.paragraphs[0].style.name == "Title"
    assert texts[1].startswith("ส่วนราชการ สำนักปลัดเทศบาล")
    # "พ.ศ." and its year joined by a no-break space (import reads it back as a space)
    assert texts[2].startswith("ที่ ลพ ๕๖๐๐๑/๒๓๗\tวันที่ ๒๘ เมษายน พ.ศ.\u00a0๒๕๖๙")
    assert texts[3].startswith("เรื่อง รายงานผลการดำเนินการ")
    assert texts[4] == "เรียน นายกเทศมนตรีตำบลบ้านเรื่อน"
    for heading in ("เรื่องเดิม", "ข้อเท็จจริง", "ข้อพิจารณา"):
        assert heading in texts
    assert any(t.startswith("๑. เห็นควรพิจารณา") for t in texts)
    assert any(t.startswith("๒. เพื่อประชาสัมพันธ์") for t in texts)
    assert "เอมภา คุ้มวงศ์\n(นางเอมวรา ชัยวงศ์)\nนิติกรชำนาญการ" in texts
    assert "ความเห็นปลัดเทศบาลตำบลบ้านเรือน" in texts
    assert "(นายสมชาย ปันมาเชื้อ)\nปลัดเทศบาล\nปฏิบัติหน้าที่นายกเทศมนตรีตำบลบ้านเรือน" in texts
    # the header values sit on dotted lines
    value = next(r for r in d.paragraphs[1].runs if r.text.startswith("สำนักปลัด"))
    assert value._r.find(f"{W}rPr/{W}u").get(f"{W}val") == "dotted"


def test_one_table_per_issue_with_each_item_on_its_own_line(sample_docx):
    _, out = sample_docx
    d = document(out)
    issue_tables, scores_table = d.tables[:-1], d.tables[-1]
    assert len(issue_tables) == 7
    header = [c.text for c in issue_tables[0].rows[0].cells]
    assert header == tomllib.loads((RECORDS / "report.toml").read_text())["columns"]
    row = issue_tables[0].rows[0]._tr
    assert row.find(f"{W}trPr/{W}tblHeader") is not None          # repeated on each page
    cells = issue_tables[0].rows[1].cells
    assert [p.text for p in cells[1].paragraphs] == ["สำนักปลัด", "กองคลัง", "กองช่าง",
                                                      "กองการศึกษา"]
    activities = [p.text for p in cells[2].paragraphs]
    assert len(activities) == 3 and [a[:3] for a in activities] == ["๑. ", "๒. ", "๓. "]
    assert activities[0].startswith("๑. จัดทำคู่มือการให้บริการ")
    assert [p.text[:3] for p in cells[4].paragraphs] == ["๑. ", "๒. "]
    assert cells[3].text == "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "ประเด็นที่\u00a0๑ กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ"
    assert headings[-1].startswith("คะแนนการประเมินคุณธรรมและความโปร่งใส")
    assert [c.text for c in scores_table.rows[0].cells] == ["ตัวชี้วัดที่", "ตัวชี้วัด",
                                                             "พ.ศ.\u00a0๒๕๖๗", "พ.ศ.\u00a0๒๕๖๘"]
    assert [c.text for c in scores_table.rows[1].cells] == ["๑", "การปฏิบัติหน้าที่", "๒.๐๙",
                                                             "๑๐๐.๐๐"]


def test_font_size_and_language_of_every_style(sample_docx):
    _, out = sample_docx
    with zipfile.ZipFile(out) as z:
        styles = z.read("word/styles.xml").decode()
    from lxml import etree

    root = etree.fromstring(styles.encode())
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    checked = [defaults] + [s.find(f"{W}rPr") for s in root.findall(f"{W}style")
                            if s.get(f"{W}styleId") in ("Normal", "Title", "Heading1",
                                                         "Heading2", "Footer")]
    assert len(checked) == 6
    for rpr in checked:
        fonts = rpr.find(f"{W}rFonts")
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(f"{W}{slot}") == "TH Sarabun New", slot
        assert not any(k.endswith("Theme") or k.endswith("theme") for k in fonts.attrib)
        assert rpr.find(f"{W}szCs") is not None
        assert rpr.find(f"{W}szCs").get(f"{W}val") == rpr.find(f"{W}sz").get(f"{W}val")
        lang = rpr.find(f"{W}lang")
        assert lang.get(f"{W}bidi") == "th-TH" and lang.get(f"{W}eastAsia") == "th-TH"
    sizes = {s.get(f"{W}styleId"): s.find(f"{W}rPr/{W}szCs").get(f"{W}val")
             for s in root.findall(f"{W}style") if s.get(f"{W}styleId") in ("Normal", "Title")}
    assert sizes == {"Normal": "32", "Title": "58"}        # 16 pt body, บันทึกข้อความ 29 pt
    assert "w:bCs" in styles


def test_a4_portrait_memo_then_landscape_report_with_the_theme_margins(sample_docx):
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Mm

    _, out = sample_docx
    memo, report = document(out).sections

    def near(a, b):                       # Word stores twentieths of a point
        return abs(a - b) < Mm(0.1)

    assert near(memo.page_width, Mm(210)) and near(memo.page_height, Mm(297))
    assert memo.orientation == WD_ORIENT.PORTRAIT
    assert near(memo.left_margin, Cm(3)) and near(memo.right_margin, Cm(2))
    assert near(report.page_width, Mm(297)) and near(report.page_height, Mm(210))
    assert report.orientation == WD_ORIENT.LANDSCAPE
    assert near(report.left_margin, Cm(2))
    footer = "\n".join(p.text for p in report.footer.paragraphs)
    assert "หน้า" in footer and "เทศบาลตำบลบ้านเรือน ปีงบประมาณ ๒๕๖๘" in footer
    assert "ThaiArabic" in "".join(report.footer._element.itertext())   # page numbers in Thai


def test_modern_theme_arabic_digits_and_its_own_font(tmp_path):
    report = build_report(RecordStore(RECORDS.parent).load_all())
    theme = load_theme("modern")
    out = tmp_path / "modern.docx"
    out.write_bytes(docx_bytes(report, theme))
    d = document(out)
    text = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    assert "ที่ ลพ 56001/237" in text and "1. จัดทำคู่มือ" in cells and "100.00" in cells
    assert not any(ch in text + cells for ch in "๐๑๒๓๔๕๖๗๘๙")
    normal = d.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert normal.get(f"{W}cs") == theme.fonts[0]


def test_metadata_and_dates_come_from_the_commit(sample_docx):
    repo, out = sample_docx
    cp = document(out).core_properties
    assert cp.title.startswith("การดำเนินการเพื่อส่งเสริมคุณธรรม")
    assert cp.author == "เทศบาลตำบลบ้านเรือน"
    assert cp.subject.startswith("รายงานผลการดำเนินการ")
    assert "O26" in cp.keywords and cp.language == "th-TH"
    head = git(repo, "rev-parse", "HEAD").strip()
    assert cp.identifier == head and cp.version == head[:7]
    when = dt.datetime(2025, 4, 28, 3, 30, tzinfo=dt.timezone.utc)   # COMMIT_DATE in UTC
    assert cp.created == when and cp.modified == when
    with zipfile.ZipFile(out) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 4, 28, 3, 30, 0)}
        assert "docProps/thumbnail.jpeg" not in z.namelist()
        assert b"python-docx" not in z.read("docProps/core.xml")


def test_same_commit_gives_the_same_bytes(sample_docx, tmp_path):
    repo, first = sample_docx
    time.sleep(2.1)                       # zip times have a 2 s resolution: a clock would show
    again = render(repo, tmp_path / "again.docx")
    at = render(repo, tmp_path / "at.docx", "--at", "HEAD")
    assert again.read_bytes() == first.read_bytes() == at.read_bytes()


def test_source_date_epoch_and_the_state_at_a_revision(tmp_path):
    repo = committed_repo(tmp_path / "repo", RECORDS)
    first = git(repo, "rev-parse", "HEAD").strip()
    measure = repo / "records" / "measures" / "01-01.toml"
    measure.write_text(measure.read_text(encoding="utf-8").replace(
        "มาตรการส่งเสริมการรับรู้กระบวนการรับแจ้งปัญหา", "มาตรการที่แก้ชื่อแล้ว"), encoding="utf-8")
    git(repo, "commit", "-qam", "แก้ชื่อมาตรการ")
    old = render(repo, tmp_path / "old.docx", "--at", first)
    new = render(repo, tmp_path / "new.docx")
    assert document(old).tables[0].rows[1].cells[0].text.startswith("มาตรการส่งเสริมการรับรู้")
    assert document(new).tables[0].rows[1].cells[0].text == "มาตรการที่แก้ชื่อแล้ว"
    assert document(old).core_properties.identifier == first
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    done = itatui("render", "--repo", str(repo), "--format", "docx", "-o",
                  str(tmp_path / "sde.docx"), env=env)
    assert done.returncode == 0, done.stderr
    assert document(tmp_path / "sde.docx").core_properties.created == \
        dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)


def test_approval_date_and_comment_from_the_history(tmp_path):
    """A step that approved shows its day and no dotted lines; import leaves the day out (an
    approval is a commit) and says so."""
    from dataclasses import replace

    report = build_report(RecordStore(RECORDS.parent).load_all())
    steps = list(report.memo.approvals)
    steps[1] = replace(steps[1], comment="เห็นชอบ", approved_on=dt.date(2026, 4, 30))
    report = replace(report, memo=replace(report.memo, approvals=steps))
    out = tmp_path / "approved.docx"
    out.write_bytes(docx_bytes(report, load_theme("default")))
    texts = [p.text for p in document(out).paragraphs]
    i = texts.index("ความเห็นปลัดเทศบาลตำบลบ้านเรือน")
    assert texts[i + 1] == "เห็นชอบ"
    assert texts[i + 2].endswith("วันที่ ๓๐ เมษายน พ.ศ.\u00a0๒๕๖๙")
    result = import_document(out, tmp_path / "fresh")
    ap = result.imported.signers["approvals"][1]
    assert (ap["comment"], ap["position"]) == ("เห็นชอบ", "ปลัดเทศบาลตำบลบ้านเรือน")
    assert any("itatui approve" in d.message for d in result.doubts)


# --- bad input ------------------------------------------------------------------------------------

def test_unwritable_output_is_a_thai_error(sample_docx, tmp_path):
    repo, _ = sample_docx
    folder = tmp_path / "a-folder.docx"
    folder.mkdir()
    for target in (folder, tmp_path / "missing" / "x.docx", tmp_path / "file.txt" / "x.docx"):
        (tmp_path / "file.txt").write_text("x")
        done = itatui("render", "--repo", str(repo), "--format", "docx", "-o", str(target))
        assert done.returncode == 2, (target, done.stderr)
        assert "Traceback" not in done.stderr
        assert "ไฟล์ Word" in done.stderr, done.stderr
    assert list(folder.iterdir()) == []                  # nothing left half-written
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_agency_garuda_sits_at_the_top_left_of_the_memo(tmp_path):
    from PIL import Image

    png = tmp_path / "garuda.png"
    Image.new("RGB", (60, 70), "white").save(png)
    report = build_report(RecordStore(RECORDS.parent).load_all())
    out = tmp_path / "emblem.docx"
    out.write_bytes(docx_bytes(report, load_theme("default"), emblem=png.read_bytes()))
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert [z.read(n) for n in media] == [png.read_bytes()]
    title = document(out).paragraphs[0]
    assert title.text.strip() == "บันทึกข้อความ"
    assert title._p.find(f".//{W}drawing") is not None
    extent = title._p.find(".//{http://schemas.openxmlformats.org/drawingml/2006/"
                           "wordprocessingDrawing}extent")
    assert abs(int(extent.get("cy")) - 540000) < 1000          # 1.5 cm high
    assert import_document(out, tmp_path / "fresh").imported.memo["subject"].startswith(
        "รายงานผลการดำเนินการ")
