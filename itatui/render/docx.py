"""The report as a Word document (.docx), for agencies that must file or edit Word.

Contract::

    render_docx(report, theme, output, *, records_root=None, commit=None, edition=None,
                records=None, created=None) -> Path

- The same report as the Markdown, HTML and PDF: the cover memo (บันทึกข้อความ with the Garuda
  emblem when the agency or the theme has one, ส่วนราชการ / ที่ + วันที่ / เรื่อง on dotted
  lines, เรียน, เรื่องเดิม, ข้อเท็จจริง, numbered ข้อพิจารณา, the closing line, the drafter's
  signature block and a comment block per approval: the comment or dotted lines, name,
  position, acting for), then the report proper: title, objective, per issue a heading and a
  six-column table (header row repeated on each page, a row kept on one page) with each unit,
  activity and result a paragraph of its own, activities and results numbered ๑. ๒. …, then
  the ITA scores table.
- Two sections: the memo on the theme's ``[page]`` (A4 portrait), the report on its
  ``[report_page]`` (A4 landscape), each with the theme's margins and footers: "หน้า x / y" as
  PAGE / NUMPAGES fields (``\\* ThaiArabic`` for Thai numerals: Word's switch; LibreOffice 7
  reads it as Thai letters), then the agency and fiscal year left, the edition right.
- No line break between "พ.ศ." and its year or "ตัวชี้วัดที่" and its number: no-break spaces
  there (:func:`_glue`), which ``itatui import`` reads back as spaces.
- Fonts: every style names the theme's first font (``theme.fonts[0]``, e.g. TH Sarabun New) for
  Latin (``w:ascii``/``w:hAnsi``), East Asian and complex script (``w:cs``: Thai) text, with the
  complex-script size and bold (``w:szCs``/``w:bCs``) and the language th-TH for complex script
  and East Asian text (``w:lang w:bidi``/``w:eastAsia``), so that Word shapes Thai with that
  font at that size. Sizes follow the correspondence rules in the theme's body size (16 pt:
  บันทึกข้อความ 29 pt, header labels 20 pt).
- Digits: the theme's (``thai`` keeps record text as written and numbers itatui writes in Thai
  numerals; ``arabic`` turns every Thai digit Arabic), through the Markdown renderer's helpers.
- Metadata (``docProps/core.xml``): title (the report's), author (the agency), subject (the
  memo's), keywords, language th-TH, identifier (the commit) and version (the edition) when
  rendered from a commit; created = modified = the commit's date (or ``SOURCE_DATE_EPOCH``, or
  the memo's date: :func:`itatui.render.pdf.pdf_date`). Every zip entry carries that date too,
  so the same commit gives a byte-identical file.
- The text is plain (no Markdown escapes, no fields inside record text), so ``itatui import``
  of the file gives back the records (see :mod:`itatui.importer.docx`).

python-docx is imported inside the functions, off the start-up path of the other commands.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import itatui
from itatui.core.errors import ItatuiError
from itatui.core.model import Measure, Report, Signer
from itatui.core.thai import format_be_date, number as _number, score as _score
from itatui.render import markdown as md
from itatui.render.markdown import (
    ACTING_PREFIX, COMMENT_PREFIX, DATE_PREFIX, ISSUE_PREFIX, MEMO_HEADING, NO_SCORE,
    SCORES_GRADE, SCORES_HEADING, SCORES_NAME, SCORES_NUMBER, SCORES_TOTAL, SCORES_YEAR,
    SECTION_BACKGROUND, SECTION_CONSIDERATIONS, SECTION_FACTS, TO_LABEL, clean_text, columns_of)
from itatui.render.targets import target_line
from itatui.render.themes import DRAFT_EDITION, PageSetup, Theme, load_theme

LANG = "th-TH"
#: Paper sizes in millimetres (portrait), for the sizes a theme may name.
PAPER_MM = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "B4": (250, 353),
            "B5": (176, 250), "letter": (215.9, 279.4), "legal": (215.9, 355.6),
            "ledger": (279.4, 431.8)}
#: Widths of the six columns of an issue's table (as the official theme's CSS), in per cent.
ISSUE_WIDTHS = (15, 12, 23, 10, 23, 17)
#: The earliest time a zip entry can carry.
_ZIP_EPOCH = _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc)
_PLACEHOLDER = re.compile(r"(\{(?:page|pages|agency|fiscal_year|edition)\})")
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(cm|mm|in|pt|pc|px)?\s*$")


# --- text ----------------------------------------------------------------------------------

def _lines(text: str, style: str) -> list[str]:
    """Record text as its non-empty lines (digits in the theme's style, control characters
    removed: XML cannot hold them)."""
    return [line.strip() for line in clean_text(text, style).split("\n") if line.strip()]


def _one(text: str, style: str) -> str:
    """Record text on one line (newlines fold into spaces), as a table cell or a header field."""
    return " ".join(_lines(text, style))


def _items(items: list[str], style: str) -> list[str]:
    """The non-empty items of a list field, each on one line (as the Markdown's cells)."""
    return [t for t in md.clean_items(items, style) if t]


#: the record text helpers, for the plan's part (:mod:`itatui.render.docx_plan`)
record_lines, record_items = _lines, _items


def _glue(text: str) -> str:
    """No line break between "พ.ศ." and its year or "ตัวชี้วัดที่" / "ประเด็นที่" / "มาตรการที่"
    and its number (the PDF's :data:`~itatui.render.thaibreak.NO_BREAK` spans): their spaces
    become no-break spaces, which ``itatui import`` reads back as spaces."""
    from itatui.render.thaibreak import NO_BREAK

    if " " not in text:
        return text
    return NO_BREAK.sub(lambda m: m.group().replace(" ", "\u00a0"), text)


def _pt(length: str, default: float) -> float:
    m = _LENGTH.match(str(length or ""))
    if not m:
        return default
    value, unit = float(m.group(1)), m.group(2) or "pt"
    return value * {"pt": 1, "pc": 12, "px": 0.75, "in": 72, "cm": 72 / 2.54,
                    "mm": 72 / 25.4}[unit]


def _scale_of(family: str) -> float:
    """The size factor of a family (:data:`itatui.render.fonts.SCALES`), 1.0 when unknown."""
    try:
        from itatui.render.fonts import scale_of
    except ImportError:        # pragma: no cover - an older fonts module
        return 1.0
    return scale_of(family) or 1.0


# --- the document --------------------------------------------------------------------------

class _Writer:
    """Builds one python-docx Document for a report and a theme."""

    def __init__(self, report: Report, theme: Theme, *, edition: str | None,
                 emblem: bytes | None, document: str = "report") -> None:
        import docx
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_UNDERLINE
        from docx.oxml.ns import qn
        from docx.shared import Emu, Pt

        self.docx, self.qn, self.Pt, self.Emu = docx, qn, Pt, Emu
        self.ALIGN, self.TAB, self.UNDERLINE = WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_UNDERLINE
        self.STYLE = WD_STYLE_TYPE
        self.report, self.theme, self.style = report, theme, theme.digits
        self.document = document             # "plan": ``report`` is the plan's view
        self.edition, self.emblem = edition, emblem
        self.font = theme.fonts[0] if theme.fonts else "TH Sarabun New"
        # theme sizes are TH Sarabun New points: the named font's size factor turns them
        # into that font's points (1.0 for TH Sarabun New itself)
        self.body = _pt(theme.font_size, 16.0) * _scale_of(self.font)
        self.k = self.body / 16.0             # the correspondence rules' sizes, scaled
        self.doc = docx.Document()
        self.keep = False                    # rows keep with the next (a table kept whole)
        self._styles()

    # -- styles ---------------------------------------------------------------------------
    def _run_props(self, rpr, size: float | None = None, bold: bool | None = None) -> None:
        """Font (all four slots, no theme fonts), sizes, bold and Thai language on a w:rPr."""
        qn = self.qn
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attr}"), self.font)
        for tag in ("w:color", "w:b", "w:bCs", "w:i", "w:iCs", "w:sz", "w:szCs", "w:lang",
                    "w:spacing", "w:kern"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
        if bold is not None:
            for tag in ("w:b", "w:bCs"):
                el = rpr.makeelement(qn(tag), {} if bold else {qn("w:val"): "0"})
                rpr.append(el)
        rpr.append(rpr.makeelement(qn("w:color"), {qn("w:val"): "000000"}))
        if size is not None:
            half = str(int(round(size * 2)))
            for tag in ("w:sz", "w:szCs"):
                rpr.append(rpr.makeelement(qn(tag), {qn("w:val"): half}))
        rpr.append(rpr.makeelement(qn("w:lang"), {qn("w:val"): "en-US",
                                                  qn("w:eastAsia"): LANG, qn("w:bidi"): LANG}))
        _order_rpr(rpr, qn)

    def _styles(self) -> None:
        qn, doc = self.qn, self.doc
        styles = doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        self._run_props(rpr, self.body, None)
        ppr_default = defaults.find(qn("w:pPrDefault"))
        if ppr_default is not None:
            defaults.remove(ppr_default)
        sizes = {"Normal": (self.body, None), "Title": (29 * self.k, True),
                 "Heading 1": (20 * self.k, True), "Heading 2": (17 * self.k, True),
                 "Footer": (12 * self.k, None)}
        for name, (size, bold) in sizes.items():
            st = doc.styles[name]
            self._run_props(st.element.get_or_add_rPr(), size, bold)
            pf = st.paragraph_format
            pf.space_before, pf.space_after = self.Pt(0), self.Pt(0)
            pf.line_spacing = 1.0
            ppr = st.element.get_or_add_pPr()
            for tag in ("w:pBdr", "w:contextualSpacing", "w:tabs"):
                for old in ppr.findall(qn(tag)):
                    ppr.remove(old)
        doc.styles["Title"].paragraph_format.space_after = self.Pt(6 * self.k)
        doc.styles["Heading 1"].paragraph_format.alignment = self.ALIGN.CENTER
        doc.styles["Heading 1"].paragraph_format.space_after = self.Pt(6 * self.k)
        doc.styles["Heading 2"].paragraph_format.space_before = self.Pt(8 * self.k)
        doc.styles["Heading 2"].paragraph_format.space_after = self.Pt(3 * self.k)
        for name in ("Heading 1", "Heading 2"):
            doc.styles[name].paragraph_format.keep_with_next = True
        table = doc.styles.add_style("ItaTable", self.STYLE.PARAGRAPH)
        table.base_style = doc.styles["Normal"]
        self._run_props(table.element.get_or_add_rPr(), 14 * self.k, None)

    # -- paragraphs -----------------------------------------------------------------------
    def para(self, text: str = "", *, style: str | None = None, bold: bool = False,
             size: float | None = None, align=None, indent_first: float | None = None,
             indent_left: float | None = None, before: float = 0, after: float = 0,
             container=None):
        p = (container or self.doc).add_paragraph(style=style)
        if text:
            self.run(p, text, bold=bold, size=size)
        pf = p.paragraph_format
        if align is not None:
            pf.alignment = align
        if indent_first is not None:
            pf.first_line_indent = self.Emu(int(indent_first))
        if indent_left is not None:
            pf.left_indent = self.Emu(int(indent_left))
        if before:
            pf.space_before = self.Pt(before)
        if after:
            pf.space_after = self.Pt(after)
        return p

    def run(self, p, text: str, *, bold: bool = False, size: float | None = None,
            underline=None):
        r = p.add_run(_glue(text))
        if bold:
            r.bold = True
            r._r.get_or_add_rPr().append(r._r.makeelement(self.qn("w:bCs"), {}))
        if size is not None:
            r.font.size = self.Pt(size)
            rpr = r._r.get_or_add_rPr()
            rpr.append(rpr.makeelement(self.qn("w:szCs"),
                                       {self.qn("w:val"): str(int(round(size * 2)))}))
        if underline is not None:
            r.font.underline = underline
        _order_rpr(r._r.get_or_add_rPr(), self.qn)
        return r

    def lines_para(self, lines: list[str], **kw):
        """One paragraph holding ``lines`` separated by line breaks."""
        p = self.para(**kw)
        for n, line in enumerate(lines):
            r = self.run(p, line)
            if n + 1 < len(lines):
                r.add_break()
        return p

    def dotted_line(self, width: int, container=None):
        """An empty line drawn as dots to ``width`` (a tab with a dot leader)."""
        p = self.para(container=container)
        p.paragraph_format.tab_stops.add_tab_stop(self.Emu(width), self.TAB.RIGHT, _dots())
        p.add_run("\t")
        return p

    # -- pages ----------------------------------------------------------------------------
    def page(self, section, setup: PageSetup) -> int:
        """Paper size, orientation and margins of a section; returns the text width (EMU)."""
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        w, h = PAPER_MM.get(setup.size, PAPER_MM["A4"])
        if setup.orientation == "landscape":
            w, h = h, w
            section.orientation = WD_ORIENT.LANDSCAPE
        else:
            section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(w), Mm(h)
        for side in ("top", "right", "bottom", "left"):
            pts = _pt(getattr(setup, f"margin_{side}"), 56.7)
            setattr(section, f"{side}_margin", self.Pt(pts))
        section.footer_distance = self.Pt(min(28.0, _pt(setup.margin_bottom, 56.7) / 2))
        return int(section.page_width - section.left_margin - section.right_margin)

    def footer(self, section, width: int) -> None:
        """The theme's footers: the centre one (หน้า x / y) on its own line, then the left and
        right ones on a line below (so that a long agency name never runs into the page
        number)."""
        section.footer.is_linked_to_previous = False
        centre = section.footer.paragraphs[0]
        centre.style = self.doc.styles["Footer"]
        centre.paragraph_format.alignment = self.ALIGN.CENTER
        sides = section.footer.add_paragraph(style=self.doc.styles["Footer"])
        sides.paragraph_format.tab_stops.add_tab_stop(self.Emu(width), self.TAB.RIGHT)
        values = {"agency": _one(self.report.agency.name, "thai"),
                  "fiscal_year": _number(self.report.fiscal_year, self.style)
                  if self.report.fiscal_year else "",
                  "edition": (self.edition or "").strip() or DRAFT_EDITION}
        small, large = 12 * self.k, 14 * self.k
        for key, p, size in (("footer", centre, large), ("footer_left", sides, small),
                             ("footer_right", sides, small)):
            if key == "footer_right":
                self.run(p, "\t", size=size)
            for piece in _PLACEHOLDER.split(getattr(self.theme, key) or ""):
                if piece in ("{page}", "{pages}"):
                    self.field(p, "PAGE" if piece == "{page}" else "NUMPAGES", size)
                elif _PLACEHOLDER.fullmatch(piece):
                    if values.get(piece[1:-1]):
                        self.run(p, values[piece[1:-1]], size=size)
                elif piece:
                    self.run(p, clean_text(piece, self.style), size=size)
        if not "".join(r.text for r in sides.runs).strip():
            sides._p.getparent().remove(sides._p)

    def field(self, p, name: str, size: float) -> None:
        """A PAGE or NUMPAGES field in the theme's digits (``\\* ThaiArabic``: Thai numerals)."""
        qn = self.qn
        code = f" {name} \\* ThaiArabic " if self.style == "thai" else f" {name} \\* Arabic "
        for kind in ("begin", None, "separate", "1", "end"):
            r = self.run(p, "", size=size)
            if kind in ("begin", "separate", "end"):
                r._r.append(r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
            elif kind is None:
                instr = r._r.makeelement(qn("w:instrText"), {
                    "{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                instr.text = code
                r._r.append(instr)
            else:
                r.text = _number(1, self.style)

    # -- the memo -------------------------------------------------------------------------
    def memo(self, width: int) -> None:
        memo, style, k, Pt = self.report.memo, self.style, self.k, self.Pt
        title = self.para(style="Title")
        title.paragraph_format.tab_stops.add_tab_stop(self.Emu(width // 2), self.TAB.CENTER)
        if self.emblem:
            self.picture(title)
        self.run(title, "\t" + MEMO_HEADING)
        fields = [("ส่วนราชการ", memo.department, None)]
        fields.append(("ที่", memo.reference, ("วันที่", memo.date)))
        fields.append(("เรื่อง", memo.subject, None))
        for label, value, second in fields:
            p = self.para()
            stops = p.paragraph_format.tab_stops
            if second:
                stops.add_tab_stop(self.Emu(width // 2), self.TAB.LEFT)
            stops.add_tab_stop(self.Emu(width), self.TAB.RIGHT)
            pairs = [(label, value)] + ([second] if second else [])
            for n, (lab, val) in enumerate(pairs):
                if n:
                    self.run(p, "\t", underline=self.UNDERLINE.DOTTED)
                self.run(p, lab, bold=True, size=20 * k)
                self.run(p, " ")
                text = _one(val, style)
                if text:
                    self.run(p, text, underline=self.UNDERLINE.DOTTED)
            self.run(p, "\t", underline=self.UNDERLINE.DOTTED)
        to = self.para(before=6 * k, after=4 * k)
        self.run(to, TO_LABEL, bold=True)
        text = _one(memo.to, style)
        if text:
            self.run(to, " " + text)
        indent = int(self.Pt(2.5 / 2.54 * 72))
        for heading, text in ((SECTION_BACKGROUND, memo.background), (SECTION_FACTS, memo.facts)):
            lines = _lines(text, style)
            if lines:
                self.section_heading(heading)
                for line in lines:
                    self.para(line, indent_first=indent, after=2 * k)
        considerations = [c for c in memo.considerations if str(c).strip()]
        if considerations:
            self.section_heading(SECTION_CONSIDERATIONS)
            for n, text in enumerate(considerations, 1):
                first, *rest = _lines(text, style) or [""]
                prefix = f"{_number(n, style)}. " if len(considerations) > 1 else ""
                self.para(prefix + first, indent_first=indent, after=2 * k)
                for line in rest:
                    self.para(line, indent_first=indent, after=2 * k)
        closing = _lines(memo.closing, style)
        for n, line in enumerate(closing):
            self.para(line, indent_first=indent, before=6 * k if n == 0 else 0)
        drafter = memo.drafter
        signature = _one(drafter.signature, style)
        sig = self.signature_block([signature] if signature else [], drafter, width,
                                   before=24 * k, dots_first=not signature)
        sig.paragraph_format.keep_together = True
        for approval in memo.approvals:
            self.approval(approval, width, indent)

    def section_heading(self, text: str) -> None:
        p = self.para(text, bold=True, before=6 * self.k, after=1 * self.k)
        p.paragraph_format.keep_with_next = True

    def signer_lines(self, signer: Signer) -> list[str]:
        lines = []
        if signer.name.strip():
            lines.append(f"({_one(signer.name, self.style)})")
        if signer.position.strip():
            lines.append(_one(signer.position, self.style))
        if signer.acting_for.strip():
            lines.append(ACTING_PREFIX + _one(signer.acting_for, self.style))
        return lines

    def signature_block(self, first: list[str], signer: Signer, width: int, *,
                        before: float, dots_first: bool, lines: list[str] | None = None):
        """The signature line, name in brackets, position: centred in the right half."""
        p = self.para(align=self.ALIGN.CENTER, indent_left=int(width * 0.45), before=before)
        lines = first + (self.signer_lines(signer) if lines is None else lines)
        if dots_first or not lines:
            p.paragraph_format.tab_stops.add_tab_stop(self.Emu(int(width * 0.55) - 1),
                                                      self.TAB.RIGHT, _dots())
            r = self.run(p, "\t")
            if lines:
                r.add_break()
        for n, line in enumerate(lines):
            r = self.run(p, line)
            if n + 1 < len(lines):
                r.add_break()
        return p

    def approval(self, signer: Signer, width: int, indent: int) -> None:
        k = self.k
        heading = self.para(COMMENT_PREFIX + _one(signer.role, self.style), bold=True,
                            before=14 * k)
        heading.paragraph_format.keep_with_next = True
        comment = _lines(signer.comment, self.style)
        approved_on = getattr(signer, "approved_on", None)
        if comment:
            for line in comment:
                p = self.para(line, indent_first=int(self.Pt(1.5 / 2.54 * 72)))
                p.paragraph_format.keep_with_next = True
        elif approved_on is None:          # not yet approved: lines for a handwritten comment
            for _ in range(2):
                p = self.dotted_line(width)
                p.paragraph_format.keep_with_next = True
        lines = self.signer_lines(signer)
        if approved_on is not None:
            lines.append(f"{DATE_PREFIX} {format_be_date(approved_on, self.style)}")
        block = self.signature_block([], signer, width, before=20 * k, dots_first=not lines,
                                     lines=lines)
        block.paragraph_format.keep_together = True

    def picture(self, p) -> None:
        from docx.shared import Cm

        try:
            p.add_run().add_picture(io.BytesIO(self.emblem), height=Cm(1.5))
        except Exception:   # not an image python-docx can read: the slot stays empty
            for r in list(p.runs):
                p._p.remove(r._r)

    # -- the report proper ----------------------------------------------------------------
    def report_part(self, width: int) -> None:
        rep, style, k = self.report, self.style, self.k
        title = _one(rep.title, style)
        if title:
            self.para(title, style="Heading 1")
        indent = int(self.Pt(2.5 / 2.54 * 72))
        for line in _lines(rep.objective, style):
            self.para(line, indent_first=indent, after=4 * k)
        columns = [_one(c, style) for c in columns_of(rep)]
        for issue in rep.issues:
            heading = f"{ISSUE_PREFIX} {_number(issue.number, style)}"
            text = _one(issue.title, style)
            self.para(f"{heading} {text}" if text else heading, style="Heading 2")
            if issue.measures:
                table = self.table(columns, [w * width // 100 for w in ISSUE_WIDTHS])
                for m in issue.measures:
                    self.measure_row(table, m)
                self.para(after=2 * k)
        self.scores(width)

    def table(self, header: list[str], widths: list[int], *, size: float | None = None):
        qn = self.qn
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False                # python-docx: w:tblLayout w:type="fixed"
        tblw = table._tbl.tblPr.find(qn("w:tblW"))
        if tblw is not None:                 # the table's own width: the columns' sum
            tblw.set(qn("w:type"), "dxa")
            tblw.set(qn("w:w"), str(sum(widths) // 635))      # EMU -> twentieths of a point
        for col, w in zip(table.columns, widths):
            col.width = self.Emu(w)
        row = table.rows[0]
        trpr = row._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
        for cell, text, w in zip(row.cells, header, widths):
            cell.width = self.Emu(w)
            _shade(cell, "E8E8E8", qn)
            p = cell.paragraphs[0]
            p._p.style = "ItaTable"          # the style id (faster than by name)
            p.paragraph_format.alignment = self.ALIGN.CENTER
            p.paragraph_format.keep_with_next = True
            self.run(p, text, bold=True, size=size)
        self._widths = widths
        return table

    def row(self, table, cells: list[list[str]], *, size: float | None = None,
            aligns: list | None = None, bold: bool = False, hang: list[bool] | None = None):
        qn = self.qn
        row = table.add_row()
        trpr = row._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
        for n, (cell, paras) in enumerate(zip(row.cells, cells)):
            cell.width = self.Emu(self._widths[n])
            first = True
            for text in paras or [""]:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                p._p.style = "ItaTable"          # the style id (faster than by name)
                if self.keep:
                    p.paragraph_format.keep_with_next = True
                if aligns and aligns[n] is not None:
                    p.paragraph_format.alignment = aligns[n]
                if hang and hang[n]:
                    p.paragraph_format.left_indent = self.Pt(14 * self.k)
                    p.paragraph_format.first_line_indent = self.Pt(-14 * self.k)
                if text:
                    self.run(p, text, bold=bold, size=size)
        return row

    def numbered(self, items: list[str]) -> list[str]:
        """List items one per paragraph, numbered ๑. ๒. … as the Markdown numbers them: a
        single item without a number, an item the officer numbered himself as written."""
        items = _items(items, self.style)
        if len(items) == 1:
            return items
        return [item if md.OWN_NUMBER.match(item) else f"{_number(n, self.style)}. {item}"
                for n, item in enumerate(items, 1)]

    def measure_row(self, table, m: Measure) -> None:
        style = self.style
        activities, results = self.numbered(m.activities), self.numbered(m.results)
        target = target_line(m, self.report.catalogue, style)    # "เป้าหมาย: ..." if any
        outcome = ([target] if target else []) + _lines(m.outcome, style)
        self.row(table, [_lines(m.name, style), _items(m.units, style), activities,
                         _lines(m.period, style), results, outcome],
                 hang=[False, False, len(activities) > 1, False, len(results) > 1, False])

    def scores(self, width: int) -> None:
        rep, style = self.report, self.style
        years = sorted(set(rep.scores) | set(rep.totals))
        if not years:
            return
        self.para(SCORES_HEADING, style="Heading 2")
        numbers = sorted({n for table in rep.scores.values() for n in table})
        cat = rep.catalogue
        total = int(width * 0.7)
        first, name = int(total * 0.14), int(total * 0.46)
        rest = (total - first - name) // len(years)
        widths = [first, name] + [rest] * len(years)
        size = 15 * self.k
        header = [SCORES_NUMBER, SCORES_NAME] + [f"{SCORES_YEAR} {_number(y, style)}"
                                                 for y in years]
        self.keep = True                     # the scores table stays on one page
        table = self.table(header, widths, size=size)
        right, center = self.ALIGN.RIGHT, self.ALIGN.CENTER
        aligns = [center, None] + [right] * len(years)
        for n in numbers:
            ind = cat.indicator(n)
            cells = [[_number(n, style)], [_one(ind.name, style)] if ind else []]
            for y in years:
                value = rep.scores.get(y, {}).get(n)
                cells.append([_score(value, style) if value is not None else NO_SCORE])
            self.row(table, cells, size=size, aligns=aligns)
        if rep.totals:
            self.row(table, [[], [SCORES_TOTAL]] + [
                [_score(rep.totals[y], style) if y in rep.totals else NO_SCORE]
                for y in years], size=size, aligns=aligns, bold=True)
            if cat.grades:
                self.row(table, [[], [SCORES_GRADE]] + [
                    [cat.grade(rep.totals[y]) if y in rep.totals else NO_SCORE]
                    for y in years], size=size, aligns=aligns, bold=True)
        self.keep = False
        for p in table.rows[-1]._tr.iter(self.qn("w:p")):     # the last row ends the block
            ppr = p.find(self.qn("w:pPr"))
            for el in (ppr.findall(self.qn("w:keepNext")) if ppr is not None else []):
                ppr.remove(el)

    # -- the whole ------------------------------------------------------------------------
    def build(self):
        from docx.enum.section import WD_SECTION

        doc = self.doc
        memo_width = self.page(doc.sections[0], self.theme.page)
        self.footer(doc.sections[0], memo_width)
        self.memo(memo_width)
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        report_width = self.page(section, self.theme.report_page)
        self.footer(section, report_width)
        if self.document == "plan":
            from itatui.render.docx_plan import plan_part

            plan_part(self, self.report, report_width)
        else:
            self.report_part(report_width)
        # python-docx's template starts with an empty paragraph: drop it
        body = doc.element.body
        first = body[0]
        if first.tag == self.qn("w:p") and not "".join(first.itertext()).strip() \
                and first.find(f"{self.qn('w:pPr')}/{self.qn('w:sectPr')}") is None:
            body.remove(first)
        return doc


# --- XML helpers ---------------------------------------------------------------------------

def _dots():
    from docx.enum.text import WD_TAB_LEADER

    return WD_TAB_LEADER.DOTS


_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
              "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
              "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
              "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
              "lang", "eastAsianLayout", "specVanish", "oMath")


def _order_children(el, order: tuple[str, ...], qn) -> None:
    """Put children in the schema's order (Word refuses a file with them out of order)."""
    rank = {qn(f"w:{name}"): n for n, name in enumerate(order)}
    children = list(el)
    children.sort(key=lambda c: rank.get(c.tag, len(order)))
    for c in children:
        el.remove(c)
        el.append(c)


def _order_rpr(rpr, qn) -> None:
    _order_children(rpr, _RPR_ORDER, qn)


def _shade(cell, fill: str, qn) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto",
                                               qn("w:fill"): fill}))
    _order_children(tcpr, ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders",
                           "shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign",
                           "hideMark"), qn)


# --- metadata and the package --------------------------------------------------------------

KEYWORDS = ("ITA", "คุณธรรมและความโปร่งใส")


def _metadata(doc, report: Report, *, when: _dt.datetime | None, commit: str | None,
              edition: str | None) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from itatui.render.html import document_title

    cp = doc.core_properties
    agency = _one(report.agency.name, "thai")
    cp.title = document_title(report)
    cp.author = agency
    cp.subject = _one(report.memo.subject, "thai")
    cp.keywords = ", ".join(k for k in (*KEYWORDS, report.ita_item, agency,
                                        f"ปีงบประมาณ {report.fiscal_year}"
                                        if report.fiscal_year else "") if k)
    cp.comments = f"itatui {itatui.__version__}"
    cp.category = f"ITA {report.ita_item}".strip()
    cp.language = LANG
    cp.last_modified_by = agency
    cp.revision = 1
    cp.identifier = commit or ""
    cp.version = edition or ""
    cp.content_status = "" if commit else DRAFT_EDITION
    if when is not None:
        naive = when.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        cp.created = cp.modified = naive
    else:                                     # no date known: say none rather than a wrong one
        el = cp._element
        for child in list(el):
            if child.tag.rsplit("}", 1)[-1] in ("created", "modified"):
                el.remove(child)
    # the template's thumbnail is a picture of an empty page: drop it
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.rels.pop(rid)


_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><Application>itatui</Application>'
            '<AppVersion>{version}</AppVersion><DocSecurity>0</DocSecurity></Properties>')


def _repack(data: bytes, when: _dt.datetime | None) -> bytes:
    """The package with every entry dated ``when`` (the commit's), in the same order, with
    fixed attributes: nothing in the bytes depends on the clock or the machine."""
    stamp = max(when or _ZIP_EPOCH, _ZIP_EPOCH).astimezone(_dt.timezone.utc)
    date_time = stamp.timetuple()[:6]
    out = io.BytesIO()
    version = re.sub(r"[^0-9.]", "", itatui.__version__).strip(".") or "0"
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                body = _APP_XML.format(version=version).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, body, compresslevel=9)
    return out.getvalue()


def docx_bytes(report: Report, theme: Theme, *, edition: str | None = None,
               commit: str | None = None, when: _dt.datetime | None = None,
               emblem: bytes | None = None, document: str = "report") -> bytes:
    """The .docx file's bytes (see the module's docstring). ``document="plan"``: the plan,
    ``report`` being then the plan's view (:func:`itatui.render.plan.as_report`)."""
    doc = _Writer(report, theme, edition=edition, emblem=emblem, document=document).build()
    _metadata(doc, report, when=when, commit=commit, edition=edition)
    raw = io.BytesIO()
    doc.save(raw)
    return _repack(raw.getvalue(), when)


def render_docx(report: Report, theme: Theme | str, output: str | Path, *,
                records_root: str | Path | None = None, commit: str | None = None,
                edition: str | None = None, records: dict[str, bytes] | None = None,
                created: _dt.datetime | None = None, document: str = "report") -> Path:
    """Write the report (or with ``document="plan"`` the plan: its memo, the analysis and the
    plan's columns, :mod:`itatui.render.docx_plan`) as a Word document to ``output`` and
    return its path. ``commit`` and
    ``edition`` name what was rendered (as for the PDF); ``records`` (the commit's files) or
    the working tree of ``records_root`` give the agency's Garuda emblem. The file appears
    only once complete (written beside it, then renamed)."""
    from itatui.render.pdf import emblem_image, pdf_date

    if not isinstance(theme, Theme):
        theme = load_theme(theme, repo_root=records_root)
    output = Path(output)
    if not output.parent.resolve().is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ที่จะเขียนไฟล์ Word", path=str(output.parent))
    commit = (commit or "").strip() or None
    edition = (edition or "").strip() or (commit[:7] if commit else None)
    if document != "report":
        from itatui.render.markdown import check_document
        from itatui.render.plan import as_report

        check_document(document)
        report = as_report(report)          # the plan's memo, title and item (ItatuiError
                                            # when the records have no plan)
    when = pdf_date(report, created=created, commit=commit, records_root=records_root)
    emblem = emblem_image(records, records_root)
    if emblem is None and theme.emblem is not None:
        try:
            emblem = theme.emblem.read_bytes()
        except OSError:
            emblem = None
    try:
        data = docx_bytes(report, theme, edition=edition, commit=commit, when=when,
                          emblem=emblem, document=document)
    except ItatuiError:
        raise
    except Exception as exc:
        raise ItatuiError(f"สร้างไฟล์ Word ไม่สำเร็จ ({type(exc).__name__}: {exc})",
                          path=str(output)) from exc
    tmp = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
        tmp = None
    except OSError as exc:
        raise ItatuiError(f"เขียนไฟล์ Word ไม่ได้ ({exc.strerror or exc})",
                          path=str(output)) from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return output


__all__ = ("render_docx", "docx_bytes")
