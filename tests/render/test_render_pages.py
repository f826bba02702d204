"""The published pages as a reader sees them: the sample rendered with every shipped theme,
each page rasterised (``pdftoppm``) and compared with the reference image kept in
``tests/fixtures/pages/<theme>/``. Any change to how a page looks fails here until the new
pages have been looked at and accepted, like the TUI's SVG snapshots.

Accept a reviewed change with::

    ITATUI_UPDATE_PAGES=1 .venv/bin/python -m pytest tests/render/test_render_pages.py

then look at the new images (``git diff --stat tests/fixtures/pages``, and the PNGs themselves)
before committing them. A failing comparison leaves the page, the reference and a difference
image (changed pixels in red) in ``tests/.page-diffs/<theme>/`` to look at.

The comparison tolerates anti-aliasing: a pixel counts as changed when its grey level moved by
more than :data:`PIXEL_DELTA`, and a page fails when more than :data:`PAGE_SHARE` of its pixels
changed (a line of text moved, a glyph drawn wider or narrower, a decimal point lost) or when
the number of pages differs.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from itatui.core.model import build_report
from itatui.core.records import RecordStore
from itatui.render.themes import list_themes

from helpers import FIXTURES, ROOT

REFERENCES = FIXTURES / "pages"
DIFFS = ROOT / "tests" / ".page-diffs"
DPI = 50
PIXEL_DELTA = 48          # grey levels (0-255)
PAGE_SHARE = 0.002        # of a page's pixels
UPDATE = os.environ.get("ITATUI_UPDATE_PAGES") == "1"
CREATED = _dt.datetime(2025, 10, 31, 9, 0, tzinfo=_dt.timezone.utc)

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")

THEMES = list_themes(search=[ROOT / "themes"])


def rasterise(pdf: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(out / "page")],
                   check=True, capture_output=True)
    return sorted(out.glob("page-*.png"))


def changed_share(actual: Image.Image, reference: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels whose grey level moved by more than PIXEL_DELTA, and an image of
    the page with those pixels in red."""
    diff = ImageChops.difference(actual, reference).point(
        lambda v: 255 if v > PIXEL_DELTA else 0)
    changed = sum(diff.histogram()[255:])
    marked = Image.merge("RGB", (actual, actual, actual))
    marked.paste((255, 0, 0), mask=diff)
    return changed / (actual.width * actual.height), marked


def test_the_page_comparison_sees_a_changed_page():
    """The measure itself: a page with one line of text shifted by two pixels fails it; the
    same page re-encoded passes."""
    refs = sorted((REFERENCES / "official").glob("page-*.png"))
    if not refs:
        pytest.skip("no reference pages yet")
    page = Image.open(refs[0]).convert("L")
    assert changed_share(page.copy(), page)[0] == 0
    moved = page.copy()
    band = page.crop((0, 120, page.width, 150))
    moved.paste(band, (2, 122))
    assert changed_share(moved, page)[0] > PAGE_SHARE


@pytest.mark.parametrize("theme", THEMES)
def test_pages_look_as_reviewed(theme, tmp_path):
    from itatui.render.pdf import render_pdf

    report = build_report(RecordStore(ROOT).load_all())
    pdf = render_pdf(report, theme, tmp_path / f"{theme}.pdf", edition="v2568.1",
                     created=CREATED)
    pages = rasterise(pdf, tmp_path / "pages")
    assert pages, "pdftoppm wrote no page"
    ref_dir = REFERENCES / theme
    if UPDATE:
        ref_dir.mkdir(parents=True, exist_ok=True)
        for old in ref_dir.glob("page-*.png"):
            old.unlink()
        for page in pages:
            Image.open(page).convert("L").save(ref_dir / page.name, optimize=True)
        return
    refs = sorted(ref_dir.glob("page-*.png"))
    assert refs, f"no reference pages for theme {theme}: run with ITATUI_UPDATE_PAGES=1"
    out = DIFFS / theme
    problems = []
    if [p.name for p in pages] != [r.name for r in refs]:
        problems.append(f"{len(pages)} pages, the reference has {len(refs)}")
    for page, ref in zip(pages, refs):
        actual, reference = Image.open(page).convert("L"), Image.open(ref).convert("L")
        if actual.size != reference.size:
            problems.append(f"{page.name}: size {actual.size} != {reference.size}")
            continue
        share, marked = changed_share(actual, reference)
        if share > PAGE_SHARE:
            out.mkdir(parents=True, exist_ok=True)
            actual.save(out / page.name)
            reference.save(out / f"ref-{page.name}")
            marked.save(out / f"diff-{page.name}")
            problems.append(f"{page.name}: {share:.2%} of the pixels changed")
    assert not problems, (f"theme {theme}: pages differ from the reviewed ones ("
                          + "; ".join(problems) + f"); look at {out}")
