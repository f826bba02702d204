"""What a PDF says about where it came from, read with pypdf.

The renderer (:func:`itatui.render.pdf.render_pdf`, see its contract) writes the commit as
``/ItatuiCommit``, the edition (release tag or short commit id) as ``/ItatuiEdition`` (and, on
the plan's PDF only, ``/ItatuiDocument`` = ``plan``: a PDF without it is the report's) and
attaches the source records as PDF/A-3 embedded files named by their path. This module reads
them back, with the producer (WeasyPrint version) and creator (itatui version), and the text
of each page for a content comparison.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

KEY_COMMIT = "/ItatuiCommit"
KEY_EDITION = "/ItatuiEdition"
KEY_THEME = "/ItatuiTheme"
KEY_DOCUMENT = "/ItatuiDocument"


@dataclass
class Provenance:
    commit: str = ""
    edition: str = ""
    producer: str = ""
    creator: str = ""
    attachments: dict[str, bytes] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)      # extracted text, page by page
    theme: str = ""                                    # the theme it was rendered with
    document: str = ""                                 # "plan" on the plan's PDF, else ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class UnreadablePdf(Exception):
    pass


def read_provenance(data: bytes, *, with_text: bool = True,
                    with_attachments: bool = True) -> Provenance:
    """The provenance of a PDF (empty fields when absent); :class:`UnreadablePdf` when pypdf
    cannot read it (damaged, truncated, edited by hand). What it says is a claim: ``itatui
    verify`` uses it only to know which release or commit to compare the bytes with."""
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        raise UnreadablePdf("ไม่ใช่ไฟล์ PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        info = reader.metadata or {}
        pv = Provenance(str(info.get(KEY_COMMIT, "") or ""), str(info.get(KEY_EDITION, "") or ""),
                        str(info.get("/Producer", "") or ""), str(info.get("/Creator", "") or ""),
                        theme=str(info.get(KEY_THEME, "") or ""),
                        document=str(info.get(KEY_DOCUMENT, "") or ""))
        for name, contents in ((reader.attachments or {}) if with_attachments else {}).items():
            pv.attachments[name] = contents[0] if contents else b""
        if with_text:
            pv.text = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:   # pypdf raises many kinds on a damaged file
        raise UnreadablePdf(f"{type(exc).__name__}: {exc}") from None
    return pv
