"""The report as one standalone HTML document (the website page, and WeasyPrint's input).

The body is the Markdown of :mod:`itatui.render.markdown` converted by markdown-it-py with raw
HTML off (``commonmark`` + ``html: False`` + tables), so HTML in a record is shown as text and
never passes. The only markup taken from the Markdown beyond CommonMark is the ``<br>`` the
renderer itself writes between the list items of a table cell
(:func:`itatui.render.markdown.item_breaks`); each item of such a cell becomes a
``<p class="item">``. In the website HTML, the text that must stay on one line ("พ.ศ. ๒๕๖๘",
"ตัวชี้วัดที่ ๑", ๑๐๐.๐๐: :data:`itatui.render.thaibreak.NO_BREAK`) is wrapped in
``<span class="nobr">``; the PDF keeps it whole through Pango instead
(:mod:`itatui.render.thaibreak`). The website HTML also keeps each Thai word of itatui's
segmenter whole (:func:`wrap_words`: ``<span class="w">``), since a browser breaks Thai with
its own dictionary. Each Markdown block is rendered on its own and wrapped in a
``<div>`` with the block's class; the memo and the report proper are two ``<section>``
elements. Headings get Thai-safe ``id`` anchors (:func:`slug`).
"""

from __future__ import annotations

import base64
import datetime as _dt
import os
import re
import unicodedata
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

import itatui
from itatui.core.model import Report
from itatui.core.thai import digits as _digits, parse_be_date
from itatui.render.charts import CHART_CSS, charts_html
from itatui.render.markdown import Block, blocks, item_breaks
from itatui.render.themes import DRAFT_EDITION, Theme, load_theme

SECTION_LABELS = {"memo": "บันทึกข้อความ", "report": "รายงานผลการดำเนินการ",
                  "plan": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"}
KEYWORDS = ("ITA", "คุณธรรมและความโปร่งใส", "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
            "ของหน่วยงานภาครัฐ")


def markdown_parser(no_break: bool = True) -> MarkdownIt:
    """CommonMark with GFM tables and without raw HTML; the items of a table cell as
    ``<p class="item">``; with ``no_break``, :data:`~itatui.render.thaibreak.NO_BREAK` text in
    ``<span class="nobr">``."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(item_breaks)
    md.core.ruler.push("itatui_cell_items", _cell_items)
    if no_break:
        md.core.ruler.push("itatui_no_break", _no_break_spans)
    return md


def _tag(kind: str, tag: str, nesting: int, cls: str) -> Token:
    token = Token(kind, tag, nesting)
    if nesting == 1:
        token.attrSet("class", cls)
    return token


def _cell_items(state) -> None:
    """An inline token whose children hold the renderer's item breaks (``hardbreak`` with
    ``info == "item"``): each item in its own ``<p class="item">`` (no ``<br>``)."""
    for token in state.tokens:
        children = token.children or []
        if token.type != "inline" or not any(
                c.type == "hardbreak" and c.info == "item" for c in children):
            continue
        out = [_tag("cell_item_open", "p", 1, "item")]
        for child in children:
            if child.type == "hardbreak" and child.info == "item":
                out += [_tag("cell_item_close", "p", -1, ""),
                        _tag("cell_item_open", "p", 1, "item")]
            else:
                out.append(child)
        out.append(_tag("cell_item_close", "p", -1, ""))
        token.children = out


def _no_break_spans(state) -> None:
    """Text that must not be broken across lines, wrapped in ``<span class="nobr">``."""
    from itatui.render.thaibreak import no_break_spans

    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        out: list[Token] = []
        for child in token.children:
            spans = no_break_spans(child.content) if child.type == "text" else []
            if not spans:
                out.append(child)
                continue
            pos = 0
            for start, end in spans:
                if start > pos:
                    out.append(_text(child.content[pos:start]))
                out += [_tag("nobr_open", "span", 1, "nobr"),
                        _text(child.content[start:end]), _tag("nobr_close", "span", -1, "")]
                pos = end
            if pos < len(child.content):
                out.append(_text(child.content[pos:]))
        token.children = out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


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


def _render_fields(md: MarkdownIt, block: Block) -> str:
    """The memo header: one line per field, the label then the value on a dotted line."""
    rows = []
    for key, label, value in block.fields:
        rows.append(f'<p class="field field-{escape(key)}"><strong class="label">'
                    f"{md.renderInline(label)}</strong> "
                    f'<span class="value">{md.renderInline(value)}</span></p>')
    return "\n".join(rows) + "\n"


def _image_type(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def emblem_html(data: bytes | None) -> str:
    """The Garuda slot: the image as a data: URL (PNG or JPEG only: an SVG could refer to
    other files), or an empty slot that takes no room."""
    kind = _image_type(data) if data else None
    if kind is None:
        return '<div class="memo-emblem empty" aria-hidden="true"></div>'
    url = f"data:{kind};base64," + base64.b64encode(data).decode("ascii")
    return f'<div class="memo-emblem"><img src="{url}" alt="ตราครุฑ"></div>'


def _render_block(md: MarkdownIt, block: Block, used: set[str]) -> str:
    if block.fields:
        return _render_fields(md, block)
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


def footer_values(report: Report, theme: Theme, edition: str | None) -> dict[str, str]:
    """What the theme's footers may name: the agency, the fiscal year (theme digits) and the
    edition (a tag or short commit id as written; "ร่าง" when not rendered from a commit)."""
    return {"agency": _plain(report.agency.name),
            "fiscal_year": _digits(str(report.fiscal_year), theme.digits)
            if report.fiscal_year else "",
            "edition": _plain(edition or "") or DRAFT_EDITION}


def render_html(report: Report, theme: Theme | str = "default", *, edition: str | None = None,
                for_pdf: bool = False, emblem: bytes | None = None,
                document: str = "report") -> str:
    """A standalone HTML document (lang="th", the theme's CSS inlined). ``edition`` (a tag or
    a short commit id) goes into the running footer; ``emblem`` is the agency's Garuda image
    (PNG/JPEG bytes; else the theme's ``emblem``, else an empty slot); ``for_pdf`` prepares
    the text for WeasyPrint (break opportunities between Thai words). ``document="plan"``:
    the plan (its memo, title and metadata from ``records/plan/``)."""
    if not isinstance(theme, Theme):
        theme = load_theme(theme)
    if emblem is None and theme.emblem is not None:
        try:
            emblem = theme.emblem.read_bytes()
        except OSError:
            emblem = None
    md = markdown_parser(no_break=not for_pdf)
    used: set[str] = set()
    body: list[str] = []
    chart_css = ""                       # the charts' own CSS, ahead of the theme's
    part = None
    for block in blocks(report, theme.digits, document):
        if block.part != part:
            if part is not None:
                body.append("</section>")
            part = block.part
            css = ("memo" if part == "memo" else
                   "report-part plan-part" if part == "plan" else "report-part")
            body.append(f'<section class="{css}" aria-label="{SECTION_LABELS.get(part, part)}">')
            if part == "memo":
                body.append(emblem_html(emblem))
        body.append(f'<div class="{escape(block.cls)}">\n{_render_block(md, block, used)}</div>')
        chart = charts_html(report, block.cls, theme)      # after "scores" / "analysis"
        if chart:
            body.append(chart)
            chart_css = CHART_CSS
    if part is not None:
        body.append("</section>")

    if document == "plan":               # the title, memo and item the metadata name
        from itatui.render.plan import as_report

        report = as_report(report)
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
    document = (
        "<!DOCTYPE html>\n"
        '<html lang="th">\n<head>\n'
        f"{head}\n<style>\n{'' if for_pdf else WORDS_CSS}{chart_css}"
        f"{_style_text(theme.css_with(footer_values(report, theme, edition)))}"
        "\n</style>\n</head>\n"
        f'<body class="theme-{escape(theme.name)}">\n<article class="itatui-report">\n'
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n")
    from itatui.render import thaibreak

    keep = thaibreak.report_words(report)
    if for_pdf:
        return thaibreak.mark_words(document, keep=keep)
    return wrap_words(document, keep)


def _style_text(css: str) -> str:
    # Inside <style> only "</style" can end the element early: a theme cannot break out.
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


_NOBR_OPEN = '<span class="nobr">'
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_THAI_RUN = re.compile(r"[\u0E01-\u0E4F]+")        # letters and marks (no digits): words
_WORD_OPEN, _WORD_CLOSE = '<span class="w">', "</span>"
_LONG_OPEN = '<span class="wl">'
#: the website's words (:func:`wrap_words`), ahead of the theme's CSS (a theme may override)
WORDS_CSS = """\
/* Thai words kept whole (itatui's segmenter): a word on one line; a long word on one line when
   it fits, else cut between its dictionary words; in a table the column widens instead. */
.w { white-space: nowrap; }
.wl { display: inline-block; max-width: 100%; text-indent: 0; overflow-wrap: anywhere; }
td .wl, th .wl { display: inline; white-space: nowrap; }
/* A table wider than a phone's screen scrolls in its own box, not the page. */
@media screen { .issue, .scores, .analysis { overflow-x: auto; } }
"""
#: a word of this many grapheme clusters or more (about 100 px and wider) is a
#: ``<span class="wl">``: an inline block, on one line when its line is wide enough, else cut
#: between its dictionary words (the PDF cuts a word wider than its line as well)
LONG_WORD = 12


def wrap_words(html: str, keep=frozenset()) -> str:
    """The website's Thai words kept whole: each word of the segmenter
    (:func:`itatui.core.thaiwords.words`, ``keep``: the report's own words) of two grapheme
    clusters or more in ``<span class="w">`` (the themes make it ``white-space: nowrap``).

    A browser breaks Thai lines with its own dictionary, which cuts words itatui keeps whole
    (Chromium: ธรร|มาภิบาล, หน่วย|งาน, บ้าน|เรือน in the agency's name); ``word-break:
    keep-all``, U+200B or ``<wbr>`` do not stop it, a ``nowrap`` span does, and the browser
    still breaks between two such spans. Only the ``<body>``'s text is touched (tags and
    attribute values are left alone), not the inside of a ``<span class="nobr">`` (already
    whole) nor of an ``<svg>`` (no HTML there). The text itself is unchanged: the spans hold it
    as escaped, so ``textContent`` gives the document's text back."""
    from itatui.core import thaiwords
    from itatui.render.thaibreak import no_break_spans

    keep = frozenset(keep)

    def whole(word: str) -> str:
        size = len(thaiwords.clusters(word))
        if size < 2:
            return word
        if size < LONG_WORD:
            return f"{_WORD_OPEN}{word}{_WORD_CLOSE}"
        # a long word ("หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน") may be wider than a narrow line:
        # whole when it fits, else cut between its dictionary words
        # (a long dictionary word in it: whole when it fits, else cut by the browser)
        pieces = thaiwords.words(word, keep=())
        if len(pieces) == 1:
            return f"{_LONG_OPEN}{word}{_WORD_CLOSE}"
        return f"{_LONG_OPEN}{''.join(map(whole, pieces))}{_WORD_CLOSE}"

    def words(match: re.Match) -> str:
        return "".join(whole(word) for word in thaiwords.words(match.group(0), keep=keep))

    def text(part: str) -> str:
        # "พ.ศ. ๒๕๖๗" in text that did not come through Markdown (the charts' captions)
        out, pos = [], 0
        for start, end in no_break_spans(part):
            out += [_THAI_RUN.sub(words, part[pos:start]), _NOBR_OPEN, part[start:end],
                    _WORD_CLOSE]
            pos = end
        out.append(_THAI_RUN.sub(words, part[pos:]))
        return "".join(out)

    start = html.find("<body")
    head, body = (html[:start], html[start:]) if start >= 0 else ("", html)
    parts = _TAG_OR_TEXT.split(body)
    nobr = svg = 0
    with thaiwords.remember_segments():
        for i, part in enumerate(parts):
            if i % 2:                                   # a tag
                lower = part.lower()
                if lower.startswith("<svg"):
                    svg += 1
                elif lower.startswith("</svg"):
                    svg = max(0, svg - 1)
                elif nobr:
                    nobr += (lower.startswith("<span") - lower.startswith("</span"))
                elif part == _NOBR_OPEN:
                    nobr = 1
            elif part and not nobr and not svg:
                parts[i] = text(part)
    return head + "".join(parts)
