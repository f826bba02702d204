"""Fonts that are what they claim, and PDFs that are the same bytes everywhere.

- The theme's font chain resolves to real font files: a family only when a font of exactly
  that family is installed (never a fontconfig substitute), Sarabun always the shipped
  package's files, TH Sarabun New when an agency has it.
- Every embedded font of every PDF, with every shipped theme, on a machine with and without
  the TLWG fonts (and TLWG's fake-TH-Sarabun rule), has PDF widths equal to its own advances
  (``helpers.glyph_width_problems``, our copy of shared/tools/pdf_glyph_widths.py).
- Sizes are TH Sarabun New points converted for the chosen font: Sarabun sets as much text
  per line as Laksaman at TLWG's 0.66 (TLWG's stand-in for TH Sarabun).
- The same commit gives the same bytes with and without HarfBuzz's subsetter (the Debian
  package libharfbuzz-subset0), a second apart, and ``itatui verify`` says it matches.

Machines are imitated with FONTCONFIG_FILE (helpers.fontconfig_setup); Pango reads
fontconfig once per process, so PDFs under another setup are rendered in a subprocess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from helpers import (ROOT, TLWG_FONTS, embedded_fonts, fc, fontconfig_setup, git,
                     glyph_width_problems, make_repo, renamed_font)
from itatui.render import fonts as F
from itatui.render.themes import load_theme

THEMES = ("official", "modern", "default")
pytestmark = pytest.mark.skipif(not shutil.which("fc-list") or not shutil.which("pdftotext"),
                                reason="needs fontconfig (fc-list) and poppler-utils")
needs_tlwg = pytest.mark.skipif(not (TLWG_FONTS / "Laksaman.otf").is_file(),
                                reason="needs Debian's fonts-thai-tlwg-otf")
SHIPPED = {f.path for f in F.shipped_faces()}


def subprocess_env(conf: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if conf is not None:
        env["FONTCONFIG_FILE"] = str(conf)
    env.update(extra)
    return env


RENDER_THEMES = """
import json, sys
from pathlib import Path
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render.pdf import pdf_theme, render_pdf
from itatui.render.themes import load_theme
report = build_report(RecordStore(sys.argv[1]).load_all())
out = {}
for name in sys.argv[3:]:
    theme = pdf_theme(load_theme(name))
    render_pdf(report, theme, Path(sys.argv[2]) / f"{name}.pdf")
    choice = theme.font_choice
    out[name] = {"family": choice.family, "scale": choice.scale,
                 "files": [str(p) for p in choice.files]}
print(json.dumps(out))
"""


def render_under(conf: Path, out: Path, themes=THEMES) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-c", RENDER_THEMES, str(ROOT), str(out), *themes],
                          capture_output=True, text=True, env=subprocess_env(conf),
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def machines(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("fontconfig")
    fake = base / "agency-fonts"
    fake.mkdir()
    shipped = {(f.weight, f.italic): f.path for f in F.shipped_faces()}
    for (weight, italic), style in (((400, False), "Regular"), ((700, False), "Bold")):
        renamed_font(shipped[(weight, italic)], fake / f"THSarabunNew-{style}.ttf",
                     "TH Sarabun New", style)
    return {
        "no-tlwg": fontconfig_setup(base / "no-tlwg", tlwg=False),
        "tlwg": fontconfig_setup(base / "tlwg", tlwg=True, synthetic_rule=True),
        "th-sarabun-new": fontconfig_setup(base / "agency", tlwg=True, synthetic_rule=True,
                                           extra_dirs=(fake,)),
    }


# --- the machines are what they imitate ---------------------------------------------------

@needs_tlwg
def test_the_tlwg_machine_fakes_th_sarabun_and_the_check_sees_it(machines, tmp_path):
    """On the imitated stock Debian 12, fontconfig answers "TH Sarabun New" with Laksaman at
    0.66, and a PDF that hands WeasyPrint that family fails the width check (0.66 widths):
    the fault of issue 12, and the proof that the check can fail."""
    conf = machines["tlwg"]
    assert "Laksaman" in fc(conf, "fc-match", "TH Sarabun New")
    assert "[0.66 0; 0 0.66]" in fc(conf, "fc-match", "-v", "TH Sarabun New")
    assert "Laksaman" not in fc(machines["no-tlwg"], "fc-list", ":lang=th", "family")
    pdf = tmp_path / "fake.pdf"
    code = ("import sys, weasyprint; weasyprint.HTML(string='<p style=\"font-family: "
            "&quot;TH Sarabun New&quot;; font-size: 16pt\">คะแนน ๒.๐๙ พ.ศ. ๒๕๖๘ "
            "ในปีงบประมาณ</p>').write_pdf(sys.argv[1])")
    subprocess.run([sys.executable, "-c", code, str(pdf)], check=True, timeout=300,
                   env=subprocess_env(conf), capture_output=True)
    problems = glyph_width_problems(pdf)
    assert problems and all("Laksaman" in p for p in problems), problems
    fonts = embedded_fonts(pdf)
    assert all(f.off == f.glyphs for f in fonts)              # every glyph, as the issue says


# --- choosing the font ----------------------------------------------------------------------

def test_sarabun_is_always_the_shipped_files(machines, monkeypatch):
    assert len(SHIPPED) == 4 and all(p.is_file() for p in SHIPPED)
    assert all(p.parent.name == "files" and p.parent.parent.name == "fontpkg_sarabun"
               for p in SHIPPED)
    for machine in ("no-tlwg", "tlwg"):
        monkeypatch.setenv("FONTCONFIG_FILE", str(machines[machine]))
        choice = F.resolve_fonts(load_theme("official").fonts)
        assert choice.family == "Sarabun" and choice.shipped
        assert set(choice.files) == SHIPPED
        assert choice.scale == F.SCALES["sarabun"]


def test_a_family_is_used_only_when_installed_under_exactly_that_name(machines, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(machines["tlwg"]))
    # fc-match answers these with Laksaman; itatui does not take the substitute.
    assert F.resolve_fonts(["TH Sarabun New", "TH SarabunPSK", "Sarabun"]).family == "Sarabun"
    assert F.resolve_fonts(["TH Sarabun", "Sarabun"]).family == "Sarabun"   # no prefix match
    if (TLWG_FONTS / "Loma.otf").is_file():
        loma = F.resolve_fonts(load_theme("modern").fonts)
        assert loma.family == "Loma" and not loma.shipped
        assert {p.name for p in loma.files} == {"Loma.otf", "Loma-Bold.otf", "Loma-Oblique.otf",
                                                 "Loma-BoldOblique.otf"}
        assert F.resolve_fonts(["loma"]).family == "loma"        # case as fontconfig compares
    monkeypatch.setenv("FONTCONFIG_FILE", str(machines["no-tlwg"]))
    modern = F.resolve_fonts(load_theme("modern").fonts)
    assert modern.family == "Sarabun" and modern.shipped          # the last resort
    assert F.resolve_fonts(["Laksaman"]).shipped                  # not installed: shipped


def test_an_agencys_th_sarabun_new_is_used(machines, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(machines["th-sarabun-new"]))
    choice = F.resolve_fonts(load_theme("official").fonts)
    assert choice.family == "TH Sarabun New" and not choice.shipped
    assert choice.scale == 1.0
    assert {p.name for p in choice.files} == {"THSarabunNew-Regular.ttf",
                                              "THSarabunNew-Bold.ttf"}
    # its @font-face family is itatui's own, which no TLWG rule ("TH Sarabun") matches
    assert "TH Sarabun" not in choice.css_family and "Sarabun" in choice.css_family


def test_no_thai_font_at_all_is_a_thai_error(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    code = ("import sys; sys.modules['fontpkg_sarabun'] = None\n"
            "from itatui.core.errors import FontError\n"
            "from itatui.render.fonts import resolve_fonts\n"
            "try:\n    resolve_fonts(['TH Sarabun New', 'Sarabun'])\n"
            "except FontError as exc:\n    print(exc); sys.exit(3)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=subprocess_env(conf), timeout=120)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "ไม่พบแบบอักษรภาษาไทย" in proc.stdout and "fonts-thai-tlwg" in proc.stdout


# --- sizes ----------------------------------------------------------------------------------

def test_size_factors_are_what_the_fonts_measure():
    """SCALES holds measurements: re-measure every listed font this machine has."""
    sarabun = next(f.path for f in F.shipped_faces() if (f.weight, f.italic) == (400, False))
    assert F.measure_scale(sarabun) == pytest.approx(F.SCALES["sarabun"], abs=0.002)
    files = {"laksaman": "Laksaman.otf", "loma": "Loma.otf", "garuda": "Garuda.otf",
             "kinnari": "Kinnari.otf", "norasi": "Norasi.otf", "waree": "Waree.otf"}
    for key, name in files.items():
        if (TLWG_FONTS / name).is_file():
            assert F.measure_scale(TLWG_FONTS / name) == pytest.approx(F.SCALES[key],
                                                                     abs=0.002), key
    if (TLWG_FONTS / "Laksaman.otf").is_file():      # the basis: TLWG's own 0.66
        assert F.text_advance(TLWG_FONTS / "Laksaman.otf") * 0.66 == pytest.approx(
            F.REFERENCE_ADVANCE, rel=1e-4)


def test_the_generated_css_converts_sizes_once():
    theme = load_theme("official")
    web = theme.css
    assert '"TH Sarabun New"' not in web and '"Sarabun"' in web and "sans-serif" in web
    assert "@font-face {" not in web and "file:" not in web       # a website has no files
    chosen = F.FontChoice("Sarabun", F.shipped_faces(), F.SCALES["sarabun"], shipped=True)
    css = dataclasses.replace(theme, font_choice=chosen).css
    assert css.count("@font-face {") == 4
    assert 'font-family: "itatui Sarabun";' in css and "sans-serif" not in css.split(
        "/* style.css */")[0]
    assert "font-size: 10.512pt;" in css                       # 16 pt TH Sarabun New
    assert "--itatui-scale: 0.657;" in css
    assert "font-size: 9.198pt;" in css and "font-size: 7.884pt;" in css   # footers 14/12 pt
    style = theme.style
    assert not re.search(r"font-size:\s*[\d.]+pt", style)       # style.css sizes are rem


@needs_tlwg
def test_sarabun_sets_as_much_per_line_as_tlwgs_th_sarabun(tmp_path):
    """The official memo in the shipped Sarabun and in Laksaman (which TLWG scales by 0.66 to
    stand in for TH Sarabun New) holds about the same text per line and per page."""
    from itatui.core.model import build_report
    from itatui.core.records import RecordStore
    from itatui.render.pdf import render_pdf

    report = build_report(RecordStore(ROOT).load_all())
    folder = tmp_path / "themes" / "laksaman"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('extends = "official"\nfonts = ["Laksaman"]\n',
                                       encoding="utf-8")
    (folder / "style.css").write_text("", encoding="utf-8")
    lines = {}
    for name, theme in (("sarabun", load_theme("official")),
                        ("laksaman", load_theme("laksaman", search=[tmp_path / "themes"]))):
        pdf = render_pdf(report, theme, tmp_path / f"{name}.pdf")
        text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines[name] = [re.sub(r"\s+", "", ln) for ln in text.splitlines() if ln.strip()]
        assert not glyph_width_problems(pdf)
    assert abs(len(lines["sarabun"]) - len(lines["laksaman"])) <= 1
    body = {k: [len(ln) for ln in v if len(ln) > 60] for k, v in lines.items()}
    mean = {k: sum(v) / len(v) for k, v in body.items()}
    assert len(body["sarabun"]) >= 8
    assert mean["sarabun"] == pytest.approx(mean["laksaman"], rel=0.05), mean


# --- every PDF, every theme, every machine ----------------------------------------------------

@pytest.mark.parametrize("machine", ["no-tlwg", "tlwg"])
def test_every_embedded_font_draws_at_its_own_widths(machines, machine, tmp_path):
    chosen = render_under(machines[machine], tmp_path)
    for name in THEMES:
        pdf = tmp_path / f"{name}.pdf"
        assert glyph_width_problems(pdf) == [], (machine, name)
        families = {f.family for f in embedded_fonts(pdf)}
        want = chosen[name]["family"]
        assert families == {want}, (machine, name, families)        # nothing substituted
        if name != "modern" or machine == "no-tlwg":
            assert want == "Sarabun"
            assert set(chosen[name]["files"]) == {str(p) for p in SHIPPED}
        elif (TLWG_FONTS / "Loma.otf").is_file():
            assert want == "Loma"                                   # modern keeps its look
        pages = len(PdfReader(pdf).pages)
        assert pages == 9, (machine, name, pages)          # the charts' page last


@needs_tlwg
def test_an_agencys_th_sarabun_new_draws_right_beside_tlwgs_rule(machines, tmp_path):
    chosen = render_under(machines["th-sarabun-new"], tmp_path, themes=("official",))
    assert chosen["official"]["family"] == "TH Sarabun New"
    pdf = tmp_path / "official.pdf"
    assert glyph_width_problems(pdf) == []
    assert {f.family for f in embedded_fonts(pdf)} == {"TH Sarabun New"}


# --- the same bytes everywhere --------------------------------------------------------------

RENDER_COMMIT = """
import sys, time
import weasyprint.pdf.fonts as wfonts
if sys.argv[3] == "hide":                 # as on a machine without libharfbuzz-subset0
    wfonts.harfbuzz_subset = None
had = wfonts.harfbuzz_subset is not None
from itatui.cli import main
for i, out in enumerate(sys.argv[4:]):
    if i:
        time.sleep(1.1)
    code = main(["render", "--repo", sys.argv[1], "--format", "pdf", "--theme", sys.argv[2],
                 "-o", out])
    assert code == 0, code
assert (wfonts.harfbuzz_subset is not None) == had       # put back as it was
import os; assert "SOURCE_DATE_EPOCH" not in os.environ
code = main(["verify", "--repo", sys.argv[1], sys.argv[4]])
print("harfbuzz" if had else "fonttools", "verify", code)
"""


@pytest.mark.parametrize("theme", ["official", "modern"])
def test_same_commit_same_bytes_with_and_without_harfbuzz_subset(tmp_path, theme):
    from weasyprint.text.ffi import harfbuzz_subset

    repo = make_repo(tmp_path / "repo")
    stamp = int(git(repo, "show", "-s", "--format=%ct", "HEAD").strip())
    pdfs = {}
    for path in ("hide", "keep"):
        outs = [tmp_path / f"{path}-{i}.pdf" for i in (1, 2)]
        proc = subprocess.run(
            [sys.executable, "-c", RENDER_COMMIT, str(repo), theme, path, *map(str, outs)],
            capture_output=True, text=True, env=subprocess_env(), timeout=600, cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
        last = proc.stdout.strip().splitlines()[-1]
        assert last.endswith("verify 0"), proc.stdout + proc.stderr
        assert "ตรงกับประวัติในคลังนี้" in proc.stdout, proc.stdout
        if path == "keep" and harfbuzz_subset is not None:
            assert last.startswith("harfbuzz")          # this machine has it: both paths ran
        pdfs[path] = [p.read_bytes() for p in outs]
        assert pdfs[path][0] == pdfs[path][1]           # a second apart: the same bytes
    assert pdfs["hide"][0] == pdfs["keep"][0]
    # every time stamp in the bytes is the commit's: Info, XMP and each font subset's head
    pdf = tmp_path / "hide-1.pdf"
    when = dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc)
    reader = PdfReader(pdf)
    assert reader.metadata["/CreationDate"] == when.strftime("D:%Y%m%d%H%M%SZ")
    assert when.strftime("%Y-%m-%dT%H:%M:%SZ") in reader.trailer["/Root"]["/Metadata"] \
        .get_object().get_data().decode()
    heads = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            fd = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            data = (fd.get("/FontFile2") or fd.get("/FontFile3")).get_object().get_data()
            heads.append(TTFont(io.BytesIO(data))["head"].modified)   # seconds since 1904
    assert heads and set(heads) == {timestampSinceEpoch(stamp)}


def test_the_fetcher_allows_exactly_the_chosen_font_files(tmp_path):
    from itatui.render.pdf import make_url_fetcher

    faces = {(f.weight, f.italic): f.path for f in F.shipped_faces()}
    chosen = [faces[(400, False)], faces[(700, False)]]
    fetcher = make_url_fetcher(load_theme("official").folders, fonts=chosen)
    for path in chosen:
        response = fetcher.fetch(path.as_uri())
        try:
            assert response.read(4) == b"\x00\x01\x00\x00"           # a TrueType font
        finally:
            response.close()
    folder = chosen[0].parent
    for other in (folder / "Sarabun-Light.ttf", folder.parent / "LICENSE", faces[(400, True)]):
        assert other.is_file()
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(other.as_uri())
    assert len(fetcher.refused) == 3
