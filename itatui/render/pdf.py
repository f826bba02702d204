"""The report as an archival PDF, through WeasyPrint.

Contract (``itatui verify`` / ``itatui publish`` depend on it)::

    render_pdf(report, theme, output, *, records_root=None, commit=None, edition=None,
               records=None, created=None) -> Path

- The PDF is PDF/A-3 (:data:`PDF_VARIANT`), its XMP names the part and conformance
  (``pdfaid:part="3"``).
- Info dictionary: ``/Title`` (the report's title), ``/Author`` (the agency), ``/Subject`` (the
  memo's subject), ``/Keywords``, ``/Creator`` ``"itatui <version>"``, ``/Producer``
  (WeasyPrint), ``/Lang`` ``th`` (also the catalog's ``/Lang``), ``/CreationDate`` =
  ``/ModDate``, and the custom keys ``/ItatuiCommit`` (the full sha, absent when ``commit`` is
  None) and ``/ItatuiEdition`` (``edition``, e.g. a tag name; defaults to ``commit[:7]``;
  absent without both) and, with a commit, ``/ItatuiTheme`` (the theme's name, so that
  ``itatui verify`` re-renders with the same theme). The XMP metadata carries the same: ``dc:title``, ``dc:creator``,
  ``dc:description``, ``dc:language`` (th), ``pdf:Keywords``, ``pdf:Producer``,
  ``xmp:CreatorTool``, ``xmp:CreateDate``/``ModifyDate``/``MetadataDate``, and
  ``itatui:Commit`` / ``itatui:Edition`` / ``itatui:Theme`` in the namespace :data:`XMP_NS` (described by a PDF/A
  extension schema).
- ``document="plan"`` renders the plan (:mod:`itatui.render.plan`): its Info dictionary then
  also has ``/ItatuiDocument`` ``(plan)`` and its XMP ``itatui:Document``; ``/Title`` is the
  plan's title, ``/Subject`` its memo's subject. A report's PDF carries neither key (its bytes
  are those of every earlier release).
- ``records``: ``{path relative to the repository (e.g. "records/measures/01-01.toml"): bytes}``;
  each is attached as an embedded file named by that path (``/F`` and ``/UF``), with
  ``/AFRelationship /Source`` and listed in the catalog's ``/AF``; in sorted path order.
  :func:`itatui.core.audit.versions.record_files_at` gives this dict for a commit.
- Dates: ``created`` (a datetime; naive means UTC), else ``SOURCE_DATE_EPOCH``, else the commit's
  committer date when ``commit`` and ``records_root`` are given, else the memo's date. The same
  inputs give a byte-identical PDF (no clock time, no random ids), with or without the Debian
  package ``libharfbuzz-subset0`` (:func:`itatui.render.subsetting.reproducible`).
- Fonts: the theme's chain is resolved to font files (:func:`itatui.render.fonts.
  resolve_fonts`: the shipped Sarabun, or a font installed under exactly a family the theme
  names), loaded with ``@font-face`` and drawn at the theme's TH Sarabun New sizes converted
  for that font; every embedded font's PDF widths are its own advances.
- The text layer is true: every line of text is wrapped in a marked-content span whose
  ``/ActualText`` is its exact text (zero-width spaces and soft hyphens removed), so
  ``pdftotext``, search and copy-paste give back the Thai as written even where the font's
  shaping reuses one glyph for different text (see :mod:`itatui.render.textlayer`).

WeasyPrint is imported inside :func:`render_pdf` only (the import costs about 0.4 s and must
stay off the TUI's start path). Resources go through a URL fetcher (:func:`make_url_fetcher`)
that refuses every URL but ``data:``, files inside the theme folder and the chosen font's
files, so neither a theme nor a record can make the renderer read the network or other local
files.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Sequence
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname
from xml.sax.saxutils import escape as _xml_escape

import itatui
from itatui.core.errors import FontError, ItatuiError
from itatui.core.model import Report
from itatui.core.thai import parse_be_date
from itatui.render.fonts import resolve_fonts
from itatui.render.html import render_html
from itatui.render.themes import Theme, load_theme

LOG = logging.getLogger(__name__)
ALLOWED_PROTOCOLS = ("data", "file")
PDF_VARIANT = "pdf/a-3u"
LANG = "th"
#: XMP namespace of the itatui properties (Commit, Edition).
XMP_NS = "http://itatui.org/ns/pdf/1.0/"
XMP_PREFIX = "itatui"
#: Where an agency puts its Garuda emblem (PNG or JPEG), relative to the repository.
EMBLEM_FILES = ("records/garuda.png", "records/garuda.jpg")


def make_url_fetcher(folder: Path | Sequence[Path], fonts: Sequence[Path] = ()):
    """A WeasyPrint URL fetcher allowing ``data:`` URLs, files inside ``folder`` (or inside
    one of several folders: a theme and the themes it extends) and exactly the font files
    ``fonts`` (those of the chosen :class:`~itatui.render.fonts.FontChoice`), nothing else.
    Refused URLs raise ``ValueError`` (WeasyPrint then skips the resource with a warning) and
    are listed in the fetcher's ``refused`` attribute."""
    from weasyprint.urls import URLFetcher

    folders = [folder] if isinstance(folder, (str, Path)) else list(folder)
    roots = tuple(Path(f).resolve() for f in folders)
    font_files = frozenset(Path(f).resolve() for f in fonts)

    class ThemeOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(timeout=5, allowed_protocols=ALLOWED_PROTOCOLS,
                             allow_redirects=False)
            self.folders = roots
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                parts = urlsplit(url)
                if parts.netloc in ("", "localhost"):
                    path = Path(url2pathname(unquote(parts.path))).resolve()
                    allowed = (path in font_files
                               or any(path.is_relative_to(r) for r in self.folders))
                    if allowed and path.is_file():
                        return super().fetch(path.as_uri(), headers)
            self.refused.append(url)
            raise ValueError("itatui: URL refused (only data:, files of the theme and the "
                             f"chosen fonts): {url}")

    return ThemeOnlyFetcher()


# --- dates ---------------------------------------------------------------------------------

def _utc(when: _dt.datetime) -> _dt.datetime:
    if when.tzinfo is None:
        return when.replace(tzinfo=_dt.timezone.utc)
    return when.astimezone(_dt.timezone.utc)


def commit_date(root: str | Path, commit: str) -> _dt.datetime | None:
    """The committer date of ``commit`` in the repository at ``root`` (None if unknown)."""
    from itatui.core.errors import GitError
    from itatui.core.history import History

    try:
        out = History.open(root).git_text("show", "-s", "--format=%ct", commit, "--").strip()
    except GitError:
        return None
    return _dt.datetime.fromtimestamp(int(out), tz=_dt.timezone.utc) if out.isdigit() else None


def pdf_date(report: Report, *, created: _dt.datetime | None = None,
             commit: str | None = None,
             records_root: str | Path | None = None) -> _dt.datetime | None:
    """The date written in the PDF: ``created``, else SOURCE_DATE_EPOCH, else the commit date,
    else the memo's date (midnight UTC), else None."""
    if created is not None:
        return _utc(created)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    if commit and records_root is not None:
        when = commit_date(records_root, commit)
        if when is not None:
            return when
    date = parse_be_date(report.memo.date)
    if date is not None:
        return _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc)
    return None


def _w3c(when: _dt.datetime) -> str:
    return _utc(when).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- XMP -----------------------------------------------------------------------------------

def _xmp(meta, *, part: int, conformance: str, lang: str, producer: str, theme: str = "",
         commit: str | None, edition: str | None, document: str = "report") -> bytes:
    """The whole XMP packet (PDF/A identification, Dublin Core, itatui's properties and the
    PDF/A extension schema that describes them)."""
    rdf = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    out = ['<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
           '<x:xmpmeta xmlns:x="adobe:ns:meta/">', f"<rdf:RDF {rdf}>",
           '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
           f"<pdfaid:part>{part}</pdfaid:part>",
           f"<pdfaid:conformance>{conformance}</pdfaid:conformance>",
           "</rdf:Description>",
           '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
           f"<pdf:Producer>{_xml_escape(producer)}</pdf:Producer>"]
    if meta.keywords:
        out.append(f"<pdf:Keywords>{_xml_escape(', '.join(meta.keywords))}</pdf:Keywords>")
    out += ["</rdf:Description>",
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
            "<dc:format>application/pdf</dc:format>"]
    if meta.title:
        out.append('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
                   f"{_xml_escape(meta.title)}</rdf:li></rdf:Alt></dc:title>")
    if meta.authors:
        out.append("<dc:creator><rdf:Seq>" + "".join(
            f"<rdf:li>{_xml_escape(a)}</rdf:li>" for a in meta.authors)
            + "</rdf:Seq></dc:creator>")
    if meta.description:
        out.append('<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
                   f"{_xml_escape(meta.description)}</rdf:li></rdf:Alt></dc:description>")
    out.append(f"<dc:language><rdf:Bag><rdf:li>{_xml_escape(lang)}</rdf:li></rdf:Bag>"
               "</dc:language>")
    out += ["</rdf:Description>",
            '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">']
    if meta.generator:
        out.append(f"<xmp:CreatorTool>{_xml_escape(meta.generator)}</xmp:CreatorTool>")
    if meta.created:
        out.append(f"<xmp:CreateDate>{meta.created}</xmp:CreateDate>")
    if meta.modified:
        out.append(f"<xmp:ModifyDate>{meta.modified}</xmp:ModifyDate>")
        out.append(f"<xmp:MetadataDate>{meta.modified}</xmp:MetadataDate>")
    out.append("</rdf:Description>")
    plan = document != "report"
    if commit or edition or plan:
        out.append(f'<rdf:Description rdf:about="" xmlns:{XMP_PREFIX}="{XMP_NS}">')
        if commit:
            out.append(f"<{XMP_PREFIX}:Commit>{_xml_escape(commit)}</{XMP_PREFIX}:Commit>")
        if edition:
            out.append(f"<{XMP_PREFIX}:Edition>{_xml_escape(edition)}</{XMP_PREFIX}:Edition>")
        if theme:
            out.append(f"<{XMP_PREFIX}:Theme>{_xml_escape(theme)}</{XMP_PREFIX}:Theme>")
        if plan:
            out.append(f"<{XMP_PREFIX}:Document>{_xml_escape(document)}"
                       f"</{XMP_PREFIX}:Document>")
        out.append("</rdf:Description>")
        out += [
            '<rdf:Description rdf:about="" '
            'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
            'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
            'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
            "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">",
            "<pdfaSchema:schema>itatui report provenance</pdfaSchema:schema>",
            f"<pdfaSchema:namespaceURI>{XMP_NS}</pdfaSchema:namespaceURI>",
            f"<pdfaSchema:prefix>{XMP_PREFIX}</pdfaSchema:prefix>",
            "<pdfaSchema:property><rdf:Seq>"]
        properties = [("Commit", "git commit id of the rendered records"),
                      ("Edition", "edition: git tag or short commit id"),
                      ("Theme", "the itatui theme the PDF was rendered with")]
        if plan:
            properties.append(("Document", "the document rendered: plan (ITA O25)"))
        for name, desc in properties:
            out += ['<rdf:li rdf:parseType="Resource">',
                    f"<pdfaProperty:name>{name}</pdfaProperty:name>",
                    "<pdfaProperty:valueType>Text</pdfaProperty:valueType>",
                    "<pdfaProperty:category>external</pdfaProperty:category>",
                    f"<pdfaProperty:description>{desc}</pdfaProperty:description>",
                    "</rdf:li>"]
        out += ["</rdf:Seq></pdfaSchema:property>", "</rdf:li></rdf:Bag></pdfaExtension:schemas>",
                "</rdf:Description>"]
    out += ["</rdf:RDF>", "</x:xmpmeta>", '<?xpacket end="r"?>']
    return "\n".join(out).encode("utf-8")


def _finisher(*, commit: str | None, edition: str | None, lang: str, theme: str = "",
              document: str = "report"):
    """Called by WeasyPrint after the PDF objects are built, before they are written: adds
    itatui's Info keys and replaces the XMP packet with :func:`_xmp`'s."""
    import pydyf
    from weasyprint import VERSION

    from itatui.render import textlayer

    part = int(PDF_VARIANT.split("-")[1][0])
    conformance = PDF_VARIANT[-1].upper()
    kind = document                       # finish() names WeasyPrint's document "document"

    def finish(document, pdf) -> None:
        pdf.info["Lang"] = pydyf.String(lang)
        for obj in pdf.objects:
            # Bookmark titles come from headings, which carry U+200B word boundaries.
            if isinstance(obj, dict) and "Title" in obj and "Parent" in obj:
                title = getattr(obj["Title"], "string", None)
                if isinstance(title, str) and "\u200b" in title:
                    obj["Title"] = pydyf.String(textlayer.actual_text_string(title))
        if "AF" in pdf.catalog:
            # WeasyPrint 70 lists each attachment twice in /AF (from /Names and /Filespec).
            unique = []
            for ref in pdf.catalog["AF"]:
                if ref not in unique:
                    unique.append(ref)
            pdf.catalog["AF"] = pydyf.Array(unique)
        if commit:
            pdf.info["ItatuiCommit"] = pydyf.String(commit)
        if edition:
            pdf.info["ItatuiEdition"] = pydyf.String(edition)
        if commit and theme:
            pdf.info["ItatuiTheme"] = pydyf.String(theme)
        if kind != "report":
            pdf.info["ItatuiDocument"] = pydyf.String(kind)
        xmp = _xmp(document.metadata, part=part, conformance=conformance, lang=lang,
                   producer=f"WeasyPrint {VERSION}", commit=commit, edition=edition,
                   theme=theme if commit else "", document=kind)
        ref = pdf.catalog.get("Metadata")
        if ref is None:
            stream = pydyf.Stream([xmp], {"Type": "/Metadata", "Subtype": "/XML"})
            pdf.add_object(stream)
            pdf.catalog["Metadata"] = stream.reference
        else:
            number = ref.split()[0] if isinstance(ref, bytes) else str(ref).split()[0]
            pdf.objects[int(number)].stream = [xmp]

    return finish


def _attachments(records: dict[str, bytes], when: _dt.datetime | None, fetcher) -> list:
    from weasyprint import Attachment

    when = when or _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
    out = []
    for name in sorted(records):
        data = records[name]
        if not isinstance(data, (bytes, bytearray)):
            raise ItatuiError("ไฟล์แนบต้องเป็นข้อมูลไบต์", path=str(name))
        out.append(Attachment(file_obj=io.BytesIO(bytes(data)), name=str(name),
                              description=f"itatui source record {name}",
                              created=when, modified=when, relationship="Source",
                              url_fetcher=fetcher))
    return out


def emblem_image(records: dict[str, bytes] | None,
                 records_root: str | Path | None) -> bytes | None:
    """The agency's Garuda image, ``records/garuda.png`` (or .jpg): from ``records`` (the
    commit) when given, else from the working tree of ``records_root``; None without one.
    The theme's own ``emblem`` is used when this is None."""
    if records is not None:
        for name in EMBLEM_FILES:
            if name in records:
                return records[name]
        return None
    if records_root is not None:
        for name in EMBLEM_FILES:
            path = Path(records_root) / name
            if path.is_file():
                try:
                    return path.read_bytes()
                except OSError:
                    return None
    return None


# --- layout --------------------------------------------------------------------------------



def _rows_split_across_pages(html_doc, document) -> list[int]:
    """Indexes (document order) of the table rows that the layout had to split over pages
    although they ask not to be: rows taller than a page."""
    from weasyprint.formatting_structure import boxes

    pages_of: dict[int, set[int]] = {}
    for number, page in enumerate(document.pages):
        for group in page._page_box.descendants():
            if not isinstance(group, boxes.TableRowGroupBox) or group.is_header \
                    or group.is_footer:
                continue                       # header rows repeat on purpose
            for row in group.children:
                if isinstance(row, boxes.TableRowBox) and row.element is not None:
                    pages_of.setdefault(id(row.element), set()).add(number)
    rows = [el for el in html_doc.etree_element.iter()
            if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "tr"]
    return [i for i, el in enumerate(rows) if len(pages_of.get(id(el), ())) > 1]


def _mark_rows(html: str, indexes: list[int]) -> str:
    wanted = set(indexes)
    count = -1

    def mark(m):
        nonlocal count
        count += 1
        return ('<tr class="itatui-tall" style="break-inside: auto">' if count in wanted
                else m.group(0))

    return re.sub(r"<tr>", mark, html)


def _layout(weasyprint, html: str, theme: Theme, fetcher):
    """Lay the document out. A table row taller than a page cannot stay whole: WeasyPrint
    then splits it anyway but stops repeating the table's header row. Such rows are found
    after a first layout and marked so that they split normally (header repeated, cells
    continued on the next page); the others are kept whole (``tr { break-inside: avoid }``
    in the themes)."""
    base = theme.path.as_uri() + "/"
    doc = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
    document = doc.render()
    tall = _rows_split_across_pages(doc, document)
    if tall and "<tr>" in html:
        doc = weasyprint.HTML(string=_mark_rows(html, tall), base_url=base, url_fetcher=fetcher)
        document = doc.render()
    return document


# --- rendering -----------------------------------------------------------------------------

def pdf_theme(theme: Theme) -> Theme:
    """``theme`` with the font its PDF is drawn with (:func:`itatui.render.fonts.
    resolve_fonts`): its HTML (:func:`render_html`) then loads that font's files with
    ``@font-face`` at the converted sizes. Raises :class:`FontError` without a Thai font."""
    if theme.font_choice is not None:
        return theme
    return dataclasses.replace(theme, font_choice=resolve_fonts(theme.fonts))


def render_pdf(report: Report, theme: Theme | str, output: str | Path, *,
               records_root: str | Path | None = None, commit: str | None = None,
               edition: str | None = None, records: dict[str, bytes] | None = None,
               created: _dt.datetime | None = None, document: str = "report") -> Path:
    """Write the report (or with ``document="plan"`` the plan) as a PDF/A-3 to ``output``
    and return its path (see the module's docstring for the contract on metadata,
    attachments and dates).

    ``theme`` is a :class:`Theme` or a theme name/path, looked up from ``records_root`` (the
    records repository) when given. Chooses the font first (:func:`pdf_theme`;
    :class:`FontError` when there is no Thai font at all, and nothing is written). The file
    appears only once it is complete (written beside it, then renamed)."""
    if not isinstance(theme, Theme):
        theme = load_theme(theme, repo_root=records_root)
    output = Path(output)
    if not output.parent.resolve().is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ที่จะเขียนไฟล์ PDF", path=str(output.parent))
    commit = (commit or "").strip() or None
    edition = (edition or "").strip() or (commit[:7] if commit else None)
    theme = pdf_theme(theme)
    kind = document                          # (``document`` is WeasyPrint's below)
    extra = {}
    if kind != "report":
        from itatui.render.markdown import check_document
        from itatui.render.plan import as_report

        extra = {"document": check_document(document)}
        dated = as_report(report)            # the plan's memo date; ItatuiError without a plan
    else:
        dated = report
    when = pdf_date(dated, created=created, commit=commit, records_root=records_root)
    html = render_html(report, theme, edition=edition, for_pdf=True,
                       emblem=emblem_image(records, records_root), **extra)

    try:
        from itatui.render.weasy import load_weasyprint

        weasyprint = load_weasyprint()
        from weasyprint.urls import FatalURLFetchingError
        from itatui.render import subsetting, textlayer, thaibreak
    except (ImportError, OSError) as exc:
        raise ItatuiError("โหลด WeasyPrint ไม่ได้ (ต้องมีไลบรารี Pango ในเครื่อง): "
                          f"{exc}") from None

    fetcher = make_url_fetcher(theme.folders or (theme.path,), fonts=theme.font_choice.files)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            with subsetting.reproducible(when), textlayer.actual_text(), \
                    thaibreak.protected_words() as cuts:
                document = _layout(weasyprint, html, theme, fetcher)
                if cuts:
                    LOG.info("คำที่ยาวกว่าความกว้างของช่องจึงต้องตัดขึ้นบรรทัดใหม่: %s",
                             ", ".join(sorted(set(cuts))))
                document.metadata.lang = LANG
                document.metadata.generator = f"itatui {itatui.__version__}"
                stamp = _w3c(when) if when is not None else None
                document.metadata.created = stamp
                document.metadata.modified = stamp
                document.write_pdf(
                    tmp, pdf_variant=PDF_VARIANT,
                    attachments=_attachments(records or {}, when, fetcher),
                    finisher=_finisher(commit=commit, edition=edition, lang=LANG,
                                       theme=theme.name, document=kind))
        except ItatuiError:
            raise
        except (Exception, FatalURLFetchingError) as exc:
            raise ItatuiError(f"สร้างไฟล์ PDF ไม่สำเร็จ ({type(exc).__name__}: {exc})",
                              path=str(output)) from exc
        if fetcher.refused:
            LOG.warning("ไม่โหลดไฟล์ที่อยู่นอกโฟลเดอร์ธีม: %s", ", ".join(fetcher.refused))
        try:
            os.chmod(tmp, 0o644)
            os.replace(tmp, output)
        except OSError as exc:
            raise ItatuiError(f"เขียนไฟล์ PDF ไม่ได้ ({exc.strerror or exc})",
                              path=str(output)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return output


__all__ = ("render_pdf", "make_url_fetcher", "pdf_date", "commit_date", "FontError", "pdf_theme",
           "PDF_VARIANT", "XMP_NS")
