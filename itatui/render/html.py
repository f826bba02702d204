"""The report as one standalone HTML document (the website page, and WeasyPrint's input).

The body is the Markdown of :mod:`itatui.render.markdown` converted by markdown-it-py with raw
HTML off (``commonmark`` + ``html: False`` + tables), so HTML in a record is shown as text and
never passes. Each Markdown block is rendered on its own and wrapped in a ``<div>`` with the
block's class; the memo and the report proper are two ``<section>`` elements. Headings get
Thai-safe ``id`` anchors (:func:`slug`).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from html import escape

from markdown_it import MarkdownIt

import itatui
from itatui.core.model import Report
from itatui.core.thai import parse_be_date
from itatui.render.markdown import Block, blocks
from itatui.render.themes import Theme, load_theme

SECTION_LABELS = {"memo": "บันทึกข้อความ", "report": "รายงานผลการดำเนินการ"}
KEYWORDS = ("ITA", "คุณธรรมและความโปร่งใส", "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
            "ของหน่วยงานภาครัฐ")


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables and without raw HTML."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


_SLUG_DROP = re.compile(r"[^0-9a-z_\u0E00-\u0E7F\s-]")


def slug(text: str, used: set[str] | None = None) -> str:
    """A Thai-safe anchor for a heading: Thai letters, marks and digits are kept (the anchors
    plugin's default strips Thai marks, so different headings collide), ASCII is lowered,
    other punctuation dropped, spaces become "-". With ``used``, repeats get "-2", "-3"..."""
    s = unicodedata.normalize("NFC", text).strip().lower()
    s = _SLUG_DROP.sub("", s)
    s = re.sub(r"[\s-]+", "-", s).strip("-") or "section"
    if used is not None:
        base, n = s, 1
        while s in used:
            n += 1
            s = f"{base}-{n}"
        used.add(s)
    return s


def _render_block(md: MarkdownIt, block: Block, used: set[str]) -> str:
    tokens = md.parse(block.markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and i + 1 < len(tokens):
            inline = tokens[i + 1]
            text = "".join(c.content for c in (inline.children or []) if c.type == "text")
            tok.attrSet("id", slug(text or inline.content, used))
    return md.renderer.render(tokens, md.options, {})


def _created(report: Report) -> str:
    """dcterms.created: SOURCE_DATE_EPOCH when set (reproducible builds), else the memo date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    date = parse_be_date(report.memo.date)
    return date.isoformat() if date else ""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def document_title(report: Report) -> str:
    return _plain(report.title) or _plain(report.memo.subject) or "รายงาน ITA"


def render_html(report: Report, theme: Theme | str = "default", *, edition: str | None = None,
                for_pdf: bool = False) -> str:
    """A standalone HTML document (lang="th", the theme's CSS inlined). ``edition`` (a tag or
    a short commit id) goes into the running footer; ``for_pdf`` prepares the text for
    WeasyPrint (break opportunities between Thai words)."""
    if not isinstance(theme, Theme):
        theme = load_theme(theme)
    md = markdown_parser()
    used: set[str] = set()
    body: list[str] = []
    part = None
    for block in blocks(report, theme.digits):
        if block.part != part:
            if part is not None:
                body.append("</section>")
            part = block.part
            css = "memo" if part == "memo" else "report-part"
            body.append(f'<section class="{css}" aria-label="{SECTION_LABELS.get(part, part)}">')
        body.append(f'<div class="{escape(block.cls)}">\n{_render_block(md, block, used)}</div>')
    if part is not None:
        body.append("</section>")

    title = document_title(report)
    agency = _plain(report.agency.name)
    description = _plain(report.memo.subject) or title
    keywords = [*KEYWORDS, report.ita_item, agency,
                f"ปีงบประมาณ {report.fiscal_year}" if report.fiscal_year else ""]
    meta = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f'<meta name="author" content="{escape(agency)}">' if agency else "",
        f'<meta name="description" content="{escape(description)}">',
        f'<meta name="keywords" content="{escape(", ".join(k for k in keywords if k))}">',
        f'<meta name="generator" content="itatui {itatui.__version__}">',
    ]
    created = _created(report)
    if created:
        meta.append(f'<meta name="dcterms.created" content="{created}">')
    head = "\n".join(m for m in meta if m)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="th">\n<head>\n'
        f"{head}\n<style>\n{_style_text(theme.css)}\n</style>\n</head>\n"
        f'<body class="theme-{escape(theme.name)}">\n<article class="itatui-report">\n'
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n")


def _style_text(css: str) -> str:
    # Inside <style> only "</style" can end the element early: a theme cannot break out.
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
