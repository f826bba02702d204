"""itatui as users install it (`pip install .`, not editable): a wheel built from the checkout,
installed into a fresh virtualenv outside the checkout, publishes a report from start to end.

Every other test imports itatui from the checkout (an editable install), so none of them sees
a file that the wheel leaves out (the themes once were). Here the wheel is built offline from a
copy of the working tree and installed with pip (byte-compiled, no dependency downloaded: the
new environment sees this one's site-packages through a ``.pth`` file, whose own ``.pth`` files,
among them the editable itatui's finder, stay inactive), and the commands run with their
working directory outside the checkout. The helpers are shared with tests/bench.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT, SEED, words_unwrapped

_spec = importlib.util.spec_from_file_location("itatui_bench_common",
                                               ROOT / "tests" / "bench" / "common.py")
bench_common = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(bench_common)

AGENCY = "เทศบาลตำบลบ้านเรือน"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return bench_common.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The ``bin`` folder of a fresh virtualenv holding the wheel."""
    return bench_common.install_wheel(wheel, tmp_path_factory.mktemp("env") / "venv")


def test_pyproject_lists_every_package():
    """pyproject.toml names the packages one by one (the themes are mapped in from the top
    of the checkout): a new subpackage must be added there or the wheel goes without it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "itatui").rglob(
        "__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == {"itatui.themes"}
    assert config["tool"]["setuptools"]["package-dir"] == {"itatui.themes": "themes"}


def test_wheel_holds_every_file_itatui_reads(wheel):
    """Each file of itatui/ and themes/ (tracked, or new and not ignored) is in the wheel, the
    themes under itatui/themes; nothing of the checkout's tests or records is."""
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = set()
    for name in bench_common.checkout_files():
        if name.startswith("itatui/"):
            wanted.add(name)
        elif name.startswith("themes/"):
            wanted.add("itatui/" + name)
    assert {n for n in wanted if n.startswith("itatui/themes/")} >= {
        f"itatui/themes/{t}/{f}" for t in ("default", "modern", "official")
        for f in ("theme.toml", "style.css")}
    assert "itatui/data/catalogue.toml" in wanted and "itatui/tui/app.tcss" in wanted
    assert sorted(wanted - names) == []
    assert not any(n.startswith(("tests/", "records/", "themes/")) for n in names)
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA")))
    assert b"Requires-Dist: fontpkg-sarabun" in meta


def run(bin_: Path, *args: str, cwd: Path, check_rc: int | None = 0, stdin: str | None = None):
    proc = subprocess.run([str(bin_ / args[0]), *args[1:]], cwd=cwd, capture_output=True,
                          text=True, input=stdin, env=bench_common.installed_env(), timeout=120)
    if check_rc is not None:
        assert proc.returncode == check_rc, (args, proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_installed_itatui_publishes_a_report(installed, tmp_path, monkeypatch):
    work = tmp_path / "work"              # outside the checkout, like a user's folder
    work.mkdir()
    assert not work.resolve().is_relative_to(ROOT)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    # the itatui that runs is the installed one, with its themes inside the package
    where = run(installed, "python", "-c",
                "import itatui, itatui.render.themes as t; "
                "print(itatui.__file__); print(t.PROJECT_THEMES); print(t.list_themes())",
                cwd=work).stdout.splitlines()
    venv = installed.parent.resolve()
    assert Path(where[0]).resolve().is_relative_to(venv), where
    assert not Path(where[0]).resolve().is_relative_to(ROOT), where
    assert Path(where[1]) == Path(where[0]).parent / "themes", where
    assert {"default", "modern", "official"} <= set(eval(where[2])), where
    assert list(Path(where[0]).parent.rglob("*.pyc")), "pip byte-compiles what it installs"

    out = run(installed, "itatui", "init", "report", "--agency", AGENCY, "--fiscal-year",
              "2568", cwd=work)
    assert (work / "report" / "records" / "catalogue.toml").is_file(), out.stderr
    seed = tmp_path / SEED.name
    shutil.copy(SEED, seed)
    run(installed, "itatui", "import", str(seed), "--repo", "report", "--force", cwd=work)
    assert len(list((work / "report" / "records" / "measures").glob("*.toml"))) == 7

    name = "ส่งเสริมการเปิดเผยข้อมูลข่าวสารของเทศบาล"
    run(installed, "itatui", "set", "--repo", "report", "records/measures/06-01.toml", "name",
        name, cwd=work)
    log = subprocess.run(["git", "log", "--format=%s", "-1"], cwd=work / "report",
                         capture_output=True, text=True, check=True).stdout
    assert "มาตรการที่ ๑" in log and "ประเด็นที่ ๖" in log, log

    check = run(installed, "itatui", "check", "--repo", "report", "--format", "json",
                cwd=work, check_rc=1)
    problems = json.loads(check.stdout)
    assert problems and all({"code", "severity", "record", "message"} <= set(p)
                            for p in problems)
    assert any(p["code"] == "agency-name-spelling" for p in problems)

    run(installed, "itatui", "render", "--repo", "report", "--format", "md", "-o", "report.md",
        cwd=work)
    md = (work / "report.md").read_text(encoding="utf-8")
    assert AGENCY in md and name in md and "| ผลการดำเนินการ |" in md.replace("  ", " ")

    memo = tmp_path / "cache" / "itatui"
    assert not memo.exists()
    run(installed, "itatui", "render", "--repo", "report", "--format", "html", "-o",
        "report.html", cwd=work)
    html = words_unwrapped((work / "report.html").read_text(encoding="utf-8"))
    assert "<style>" in html and "@page" in html and name in html
    # the website HTML keeps Thai words whole with the same segmenter: its cuts are cached too
    assert len(list(memo.glob("segments-*.json"))) == 1
    for theme in ("default", "modern"):
        pdf = work / f"report-{theme}.pdf"
        proc = run(installed, "itatui", "render", "--repo", "report", "--format", "pdf",
                   "--theme", theme, "-o", pdf.name, cwd=work)
        assert str(pdf) in proc.stderr
        _assert_real_pdf(pdf, name)

    # the word segmenter's cuts went to the user's cache (not the package, not the checkout),
    # and a render that takes them from there writes the same bytes as the first one did
    assert len(list(memo.glob("segments-*.json"))) == 1
    run(installed, "itatui", "render", "--repo", "report", "--format", "pdf", "--theme",
        "default", "-o", "again.pdf", cwd=work)
    assert (work / "again.pdf").read_bytes() == (work / "report-default.pdf").read_bytes()


def _assert_real_pdf(pdf: Path, name: str) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) >= 5
    fonts, embedded = set(), set()
    for page in reader.pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            for desc in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                fd = desc.get("/FontDescriptor")
                if fd is None:
                    continue
                fd = fd.get_object()
                fonts.add(str(desc["/BaseFont"]))
                if any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.add(str(desc["/BaseFont"]))
    assert fonts and embedded == fonts, (fonts, embedded)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "บันทึกข้อความ" in text and AGENCY in text.replace("\u200b", "")
