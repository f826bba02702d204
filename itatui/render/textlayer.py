"""A true text layer for Thai: ``/ActualText`` spans around every line of text WeasyPrint draws.

WeasyPrint maps each glyph of a font to text once, the first time the glyph is drawn
(``font.to_unicode[glyph_id]`` in ``weasyprint/draw/text.py``). Thai shaping breaks that map:
one glyph stands for different text (SARA AM is drawn as NIKHAHIT + SARA AA; tone marks have
shifted variants reused across clusters) and in a multi-glyph cluster one glyph carries all the
cluster's text, so ``pdftotext`` reads "กำร" for "การ". A glyph-to-Unicode map cannot be right
for a glyph that means two things, so the fix sits one level up: each line of text
(``draw_first_line``, called for every text box, margin boxes and SVG text included) is wrapped
in a marked-content span ``/Span << /ActualText <FEFF...> >> BDC ... EMC`` whose ActualText is
the exact text of the line. PDF readers, ``pdftotext``, search, copy-paste and screen readers
use the ActualText instead of the glyph map. Zero-width spaces (the break opportunities itatui
inserts between Thai words) and soft hyphens are left out of it, so words come back whole.

The patch is installed once, on first use, and acts only inside :func:`actual_text` (a context
variable), so plain WeasyPrint rendering in the same process (the benchmark's baseline) is
untouched.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading

_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("itatui_actual_text",
                                                               default=False)
_INSTALL_LOCK = threading.Lock()
_INSTALLED = False
#: Characters left out of ActualText: break opportunities, not text.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u00ad\u2060\ufeff"))


def actual_text_string(text: str) -> str:
    """The text a line contributes to the text layer."""
    return text.translate(INVISIBLE)


def _hex_utf16(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _install() -> None:
    global _INSTALLED
    with _INSTALL_LOCK:
        if _INSTALLED:
            return
        from weasyprint.draw import text as draw_text_module

        original = draw_text_module.draw_first_line

        def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
            if not _ACTIVE.get():
                return original(stream, textbox, text_overflow, block_ellipsis, matrix)
            text = actual_text_string(textbox.text or "")
            if not text.strip():
                return original(stream, textbox, text_overflow, block_ellipsis, matrix)
            stream.begin_marked_content("Span", b"<< /ActualText " + _hex_utf16(text) + b" >>")
            try:
                return original(stream, textbox, text_overflow, block_ellipsis, matrix)
            finally:
                stream.end_marked_content()

        draw_first_line.__wrapped__ = original  # type: ignore[attr-defined]
        draw_text_module.draw_first_line = draw_first_line
        _INSTALLED = True


@contextlib.contextmanager
def actual_text():
    """Within this block, text drawn by WeasyPrint carries ActualText spans."""
    _install()
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
