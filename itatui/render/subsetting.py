"""The fonts embedded in a PDF: the same subset bytes on every machine, made quickly.

WeasyPrint subsets each embedded font with HarfBuzz when the Debian package
``libharfbuzz-subset0`` is installed and with fontTools otherwise. The two give different bytes,
and fontTools writes the clock time into each subset's ``head`` table: the same commit would
give another PDF on another machine (or a second later), and ``itatui verify`` would call a
genuine PDF edited. While itatui writes a PDF (:func:`reproducible`), every font is subset by
:func:`subset_font` instead: fontTools on every machine, with ``SOURCE_DATE_EPOCH`` set to the
PDF's date so that ``head.modified`` comes from the commit.

Why not WeasyPrint's own fontTools path: it decompiles the OpenType layout tables (GSUB, GPOS,
about 30 ms a font for Sarabun) only to drop them, since a PDF viewer draws glyphs by id and
never shapes. Removing GSUB, GPOS and GDEF before subsetting gives the same glyph outlines,
widths and ids at about a third of the cost (17 against 46 ms a font of Sarabun here; measure
with ``python tests/bench/run.py --only render``).

Embedding whole fonts would need no subsetter at all, but WeasyPrint then writes the PDF
widths from the font file rather than from the layout, which hides a font drawn at another size
than it was laid out with (the fault ``tests/render/test_render_fonts.py`` checks for).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import logging
import os

LOG = logging.getLogger(__name__)
#: Tables a PDF never needs: shaping already happened when the text was laid out.
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "JSTF", "BASE")
DROPPED_TABLES = ("SVG ", "DSIG", "EBDT", "EBLC", "EBSC", "LTSH", "PCLT")


def subset_font(font, to_unicode, hinting) -> None:
    """Replace ``font.file_content`` (a WeasyPrint ``Font``) by a subset keeping the glyph ids
    in ``to_unicode`` (glyph ids are retained, so the PDF's glyph codes stay valid). A font
    fontTools cannot read is embedded whole, with a warning, as WeasyPrint does."""
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    if not to_unicode:
        return
    options = subset.Options(retain_gids=True, passthrough_tables=True,
                             ignore_missing_glyphs=True, hinting=hinting, desubroutinize=True,
                             notdef_outline=bool(font.missing))
    options.drop_tables += [t.strip() for t in LAYOUT_TABLES + DROPPED_TABLES]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=to_unicode)
    try:
        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        for tag in LAYOUT_TABLES:
            if tag in ttfont:
                del ttfont[tag]
        subsetter.subset(ttfont)
        out = io.BytesIO()
        ttfont.save(out)
    except (TTLibError, Exception) as exc:  # noqa: BLE001 - a font we cannot read stays whole
        LOG.warning("ตัดแบบอักษร \"%s\" ให้เหลือเฉพาะตัวที่ใช้ไม่ได้ จึงฝังทั้งไฟล์ (%s)",
                    getattr(font, "family", "?"), exc)
        return
    font.file_content = out.getvalue()


@contextlib.contextmanager
def reproducible(when: _dt.datetime | None):
    """While a PDF is written: every font subset by :func:`subset_font` and
    ``SOURCE_DATE_EPOCH`` set to ``when`` (1970 without a date). Both are restored afterwards.
    Not for two PDFs written at once in one process (itatui writes one at a time)."""
    from weasyprint.pdf import fonts as wfonts

    if when is None:
        epoch = "0"
    else:
        aware = when if when.tzinfo else when.replace(tzinfo=_dt.timezone.utc)
        epoch = str(int(aware.timestamp()))
    old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    old_subset = wfonts.Font.subset
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    wfonts.Font.subset = subset_font
    try:
        yield
    finally:
        wfonts.Font.subset = old_subset
        if old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch


__all__ = ("reproducible", "subset_font")
