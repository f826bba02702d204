"""No line break inside a Thai word: break points chosen by itatui, not by Pango alone.

Pango breaks Thai with libthai's dictionary, which does not know the agency's compounds
(it cuts กอง|การศึกษา, สำนัก|ปลัด) and sometimes errs. itatui decides instead, in two steps:

1. :func:`mark_words` puts a zero-width space (U+200B) at every word boundary of the Thai text in
   the HTML given to WeasyPrint, from :mod:`itatui.core.thaiwords` keeping the report's own
   words whole (:func:`report_words`: the agency, its units, the indicator names, ...). A
   U+200B is a line break opportunity.
2. While rendering (:func:`protected_words`), every run of Thai letters between two such
   boundaries gets Pango's ``allow_breaks = FALSE`` attribute (WeasyPrint's ``Layout.set_text``
   is wrapped), so Pango breaks only at the boundaries: spaces, punctuation and U+200B. CSS
   ``word-break: keep-all`` would say the same, but WeasyPrint 70 does not implement it.

A word wider than its whole line (a long compound in a narrow table cell) cannot be kept
whole; rather than letting it overflow its cell, the line is laid out again with Pango's own
break points (``split_first_line`` is wrapped), so the text stays inside its box and readable.

The zero-width spaces never reach the text layer: :mod:`itatui.render.textlayer` leaves them
out of the ActualText. The patches act only inside :func:`protected_words` (a context
variable), so plain WeasyPrint rendering in the same process is untouched.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import threading
from typing import Iterable

from itatui.core import thaiwords

ZWSP = "\u200b"
_THAI_RUN = re.compile(r"[\u0E01-\u0E4F]+")        # letters and marks (no digits): words
_PROTECT_RUN = re.compile(r"[\u0E01-\u0E4F]{2,}")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("itatui_thai_words",
                                                               default=False)
_CUTS: contextvars.ContextVar[list | None] = contextvars.ContextVar("itatui_thai_cuts",
                                                                   default=None)
_INSTALL_LOCK = threading.Lock()
_INSTALLED = False
#: The words the last :func:`protected_words` block had to cut (wider than their line), for
#: diagnostics and tests.
LAST_CUTS: list[str] = []


# --- 1. word boundaries in the HTML --------------------------------------------------------

def report_words(report) -> frozenset[str]:
    """The words a report names that a general dictionary may not know."""
    names = [report.agency.name, report.agency.type, report.agency.province,
             report.agency.district, *report.units]
    names += [i.name for i in report.catalogue.indicators]
    for issue in report.issues:
        for m in issue.measures:
            names += list(m.units)
    memo = report.memo
    for signer in (memo.drafter, *memo.approvals):
        names += [signer.position, signer.acting_for]
    out = set()
    for name in names:
        # "ผู้อำนวยการกองการศึกษา" is one word; "นายก อบต. บ้านเรือน" gives its Thai pieces.
        out.update(piece for piece in _THAI_RUN.findall(str(name)) if len(piece) > 1)
    return frozenset(out)


def split_words(run: str, keep: Iterable[str] = ()) -> str:
    """A Thai run with U+200B between its words (``keep``: words never cut)."""
    return ZWSP.join(thaiwords.words(run, keep=keep))


def mark_words(html: str, keep: Iterable[str] = ()) -> str:
    """``html`` with U+200B at the Thai word boundaries of its text (tags and attribute values
    are left alone; only the ``<body>`` is touched when there is one). ``keep``: the report's
    own words (:func:`report_words`), never cut. The result depends on nothing else, so the
    same report gives the same PDF in any process."""
    keep = frozenset(keep)
    start = html.find("<body")
    head, body = (html[:start], html[start:]) if start >= 0 else ("", html)
    parts = _TAG_OR_TEXT.split(body)
    for i in range(0, len(parts), 2):           # even indexes are text, odd ones tags
        if parts[i]:
            parts[i] = _THAI_RUN.sub(lambda m: split_words(m.group(0), keep), parts[i])
    return head + "".join(parts)


# --- 2. Pango keeps each marked word whole ------------------------------------------------

def _install() -> None:
    global _INSTALLED
    with _INSTALL_LOCK:
        if _INSTALLED:
            return
        from weasyprint.layout import inline, preferred
        from weasyprint.text import line_break
        from weasyprint.text.ffi import ffi, pango

        ffi.cdef("PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);")
        allow_breaks_new = pango.pango_attr_allow_breaks_new
        original_set_text = line_break.Layout.set_text
        original_split = line_break.split_first_line

        def set_text(self, text, justify=False):
            original_set_text(self, text, justify)
            if not _ACTIVE.get():
                return
            runs = list(_PROTECT_RUN.finditer(self.text))
            if not runs:
                return
            attrs = pango.pango_layout_get_attributes(self.layout)
            if attrs == ffi.NULL:
                attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            text = self.text
            pos = byte = 0
            for m in runs:
                byte += len(text[pos:m.start()].encode("utf-8"))
                end = byte + len(m.group(0).encode("utf-8"))
                attr = allow_breaks_new(False)
                attr.start_index, attr.end_index = byte, end
                pango.pango_attr_list_insert(attrs, attr)
                byte, pos = end, m.end()
            pango.pango_layout_set_attributes(self.layout, attrs)

        def split_first_line(text, style, context, max_width, justification_spacing,
                             is_line_start=True, minimum=False):
            result = original_split(text, style, context, max_width, justification_spacing,
                                    is_line_start, minimum)
            if (_ACTIVE.get() and max_width is not None and max_width != float("inf")
                    and result[3] > max_width + 0.01 and is_line_start
                    and style["white_space"] in ("normal", "pre-wrap", "pre-line")
                    and _PROTECT_RUN.search(text)):
                # A word wider than the line: let Pango cut it rather than overflow.
                cuts = _CUTS.get()
                first = _PROTECT_RUN.search(text)
                if cuts is not None and first is not None:
                    cuts.append(first.group(0))
                token = _ACTIVE.set(False)
                try:
                    return original_split(text, style, context, max_width,
                                          justification_spacing, is_line_start, minimum)
                finally:
                    _ACTIVE.reset(token)
            return result

        line_break.Layout.set_text = set_text
        for module in (line_break, inline, preferred):
            module.split_first_line = split_first_line
        _INSTALLED = True


@contextlib.contextmanager
def protected_words():
    """Within this block, WeasyPrint breaks Thai lines only at U+200B, spaces, punctuation.
    Yields the list of words that had to be cut all the same (wider than their line)."""
    global LAST_CUTS
    _install()
    cuts: list[str] = []
    token, cuts_token = _ACTIVE.set(True), _CUTS.set(cuts)
    try:
        yield cuts
    finally:
        _ACTIVE.reset(token)
        _CUTS.reset(cuts_token)
        LAST_CUTS = cuts


__all__ = ("mark_words", "split_words", "report_words", "protected_words", "ZWSP")
