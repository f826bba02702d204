"""The PDF of the real sample records, checked with poppler-utils (pdffonts, pdfinfo,
pdftotext); the missing-font stop; the URL fetcher; WeasyPrint kept off the import path."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from itatui.core.errors import ItatuiError
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from helpers import ROOT, embedded_fonts, glyph_width_problems
from itatui.render.html import document_title
from itatui.render.themes import PROJECT_THEMES, load_theme

POPPLER = ("pdffonts", "pdfinfo", "pdftotext")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in POPPLER) or not shutil.which("fc-list"),
    reason="needs poppler-utils (pdffonts, pdfinfo, pdftotext) and fontconfig (fc-list)")


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def report():
    return build_report(RecordStore(ROOT).load_all())


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory, report) -> Path:
    from itatui.render.pdf import render_pdf

    out = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    assert render_pdf(report, load_theme("default", repo_root=ROOT), out,
                      records_root=ROOT) == out
    return out


def test_an_embedded_thai_font(sample_pdf):
    """The default theme draws with the Sarabun shipped with itatui, embedded, covering Thai,
    at its own widths."""
    lines = run("pdffonts", str(sample_pdf)).splitlines()[2:]
    assert lines, "no font in the PDF"
    assert all(line.split()[-5] == "yes" for line in lines), lines      # all embedded
    fonts = embedded_fonts(sample_pdf)
    assert {f.family for f in fonts} == {"Sarabun"}
    for f in fonts:
        assert f.glyphs > 20
    assert glyph_width_problems(sample_pdf) == []


def test_pdfinfo_a4_title_author(sample_pdf, report):
    info = run("pdfinfo", str(sample_pdf))
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)
    assert re.search(r"^Title:\s+" + re.escape(document_title(report)) + "$", info, re.M)
    assert re.search(r"^Author:\s+เทศบาลตำบลบ้านเรือน$", info, re.M)
    pages = run("pdfinfo", "-f", "1", "-l", "99", str(sample_pdf))
    sizes = re.findall(r"^Page\s+\d+ size:\s+(\d+)\.\d+ x (\d+)\.\d+ pts \(A4\)", pages, re.M)
    assert sizes[0] == ("595", "841")                       # the memo: portrait
    assert sizes[-1] == ("841", "595")                      # the report table: landscape
    assert all(s in {("595", "841"), ("841", "595")} for s in sizes)


def test_pdf_language_is_thai(sample_pdf):
    data = sample_pdf.read_bytes()
    found = b"/Lang (th)" in data
    for m in re.finditer(rb"stream\r?\n", data):
        if found:
            break
        end = data.find(b"endstream", m.end())
        try:
            found = b"/Lang (th)" in zlib.decompress(data[m.end():end])
        except zlib.error:
            continue
    assert found


def test_page_numbers(sample_pdf):
    text = run("pdftotext", str(sample_pdf), "-")
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(sample_pdf))).group(1))
    last = "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(pages))
    # "หน้า ๑ / ๘"; the last letters may be mangled by the known glyph-to-text problem.
    assert re.search(rf"หน\S{{0,3}}\s*๑\s*/\s*{last}", text)
    assert re.search(rf"หน\S{{0,3}}\s*{last}\s*/\s*{last}", text)


def test_page_number_text_is_exact(sample_pdf):
    assert "หน้า ๑ /" in run("pdftotext", str(sample_pdf), "-")


def test_reproducible_with_source_date_epoch(tmp_path, report, monkeypatch):
    from itatui.render.pdf import render_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777334400")
    theme = load_theme("default")
    a = render_pdf(report, theme, tmp_path / "a.pdf").read_bytes()
    b = render_pdf(report, theme, tmp_path / "b.pdf").read_bytes()
    assert a == b
    assert "CreationDate:    Tue Apr 28 00:00:00 2026 UTC" in run("pdfinfo",
                                                                  str(tmp_path / "a.pdf"))


EMPTY_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
</fontconfig>
"""

MISSING_FONT_SCRIPT = """
import sys
from pathlib import Path
if sys.argv[3] == "no-package":
    sys.modules["fontpkg_sarabun"] = None      # an install that lost itatui's Sarabun
from itatui.core.errors import FontError
from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render.pdf import render_pdf
report = build_report(RecordStore(sys.argv[1]).load_all())
try:
    render_pdf(report, "default", Path(sys.argv[2]), records_root=sys.argv[1])
except FontError as exc:
    print(exc)
    sys.exit(3)
print("no FontError")
"""


def test_a_machine_without_any_font_draws_with_the_shipped_sarabun(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text(EMPTY_FONTS_CONF, encoding="utf-8")
    out = tmp_path / "report.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", MISSING_FONT_SCRIPT, str(ROOT), str(out),
                           "package"], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0 and "no FontError" in proc.stdout, proc.stdout + proc.stderr
    assert {f.family for f in embedded_fonts(out)} == {"Sarabun"}
    assert glyph_width_problems(out) == []


def test_missing_thai_font_stops_with_a_thai_message(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text(EMPTY_FONTS_CONF, encoding="utf-8")
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "report.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", MISSING_FONT_SCRIPT, str(ROOT), str(out),
                           "no-package"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "ไม่พบแบบอักษรภาษาไทย" in proc.stdout
    assert "fonts-thai-tlwg" in proc.stdout
    assert not out.exists()
    assert list(outdir.iterdir()) == []


def test_url_fetcher_allows_data_and_theme_files_only(tmp_path):
    from itatui.render.pdf import make_url_fetcher

    folder = PROJECT_THEMES / "default"
    fetcher = make_url_fetcher(folder)
    css = fetcher.fetch((folder / "style.css").as_uri())
    try:
        assert b"itatui default theme" in css.read()
    finally:
        css.close()
    data = fetcher.fetch("data:text/plain;base64,4LiB")
    assert data.read() == "ก".encode()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    for url in (outside.as_uri(), (folder / ".." / ".." / "README.md").as_uri(),
                "file:///etc/passwd", "http://example.com/x.css", "https://example.com/",
                "ftp://example.com/f", "file://otherhost/etc/passwd"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


def test_theme_cannot_load_files_outside_its_folder(tmp_path, report, caplog):
    from itatui.render.pdf import render_pdf

    theme_dir = tmp_path / "themes" / "leaky"
    shutil.copytree(PROJECT_THEMES / "default", theme_dir)
    outside = tmp_path / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
                       encoding="utf-8")
    with (theme_dir / "style.css").open("a", encoding="utf-8") as f:
        f.write(f'\n.memo {{ background: url("{outside.as_uri()}"); }}\n'
                'body { background: url("http://example.invalid/x.png"); }\n')
    theme = load_theme("leaky", search=[tmp_path / "themes"])
    with caplog.at_level(logging.WARNING, logger="itatui.render.pdf"):
        out = render_pdf(report, theme, tmp_path / "leaky.pdf")
    assert out.exists()
    refused = " ".join(r.getMessage() for r in caplog.records if r.name == "itatui.render.pdf")
    assert outside.as_uri() in refused and "http://example.invalid/x.png" in refused


def test_missing_output_folder_is_an_itatui_error(tmp_path, report):
    from itatui.render.pdf import render_pdf

    with pytest.raises(ItatuiError, match="ไม่พบโฟลเดอร์"):
        render_pdf(report, "default", tmp_path / "nope" / "r.pdf")


def test_render_package_does_not_import_weasyprint_or_textual():
    code = ("import sys, itatui.render, itatui.render.markdown, itatui.render.html, "
            "itatui.render.themes, itatui.render.fonts, itatui.render.pdf; "
            "bad = [m for m in ('weasyprint', 'textual') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


LOADED_LIBRARIES = r"""
import subprocess, sys
spawned = []
real = subprocess.Popen.__init__
def counting(self, args, *a, **kw):
    spawned.append(args if isinstance(args, str) else args[0])
    real(self, args, *a, **kw)
subprocess.Popen.__init__ = counting
if sys.argv[1] == "itatui":
    from itatui.render.weasy import load_weasyprint
    load_weasyprint()
else:
    import weasyprint
libs = sorted({line.split()[-1] for line in open("/proc/self/maps")
               if ".so" in line.split()[-1]})
print(len(spawned))
print("\n".join(libs))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldconfig")
                    and not os.path.exists("/sbin/ldconfig"), reason="Linux linker cache")
def test_weasyprint_loads_the_same_libraries_without_the_slow_search():
    """itatui imports WeasyPrint with one reading of the linker cache instead of ctypes'
    search (ldconfig, gcc and ld for every candidate name): the same C libraries end up
    loaded, with one process started instead of dozens."""
    out = {}
    for how in ("plain", "itatui"):
        proc = subprocess.run([sys.executable, "-c", LOADED_LIBRARIES, how], capture_output=True,
                              text=True, check=True, timeout=120)
        count, *libs = proc.stdout.splitlines()
        out[how] = (int(count), libs)
    assert out["itatui"][1] == out["plain"][1]
    assert any("libpango-1.0" in lib for lib in out["itatui"][1])
    assert out["itatui"][0] == 1 < out["plain"][0]
