"""The report as a PDF, through WeasyPrint.

WeasyPrint is imported inside :func:`render_pdf` only (the import costs about 0.4 s and must
stay off the TUI's start path). Resources go through a URL fetcher (:func:`make_url_fetcher`)
that refuses every URL but ``data:`` and files inside the theme folder, so neither a
theme nor a record can make the renderer read the network or other local files.

With ``SOURCE_DATE_EPOCH`` set the creation date written in the PDF comes from it (through
``<meta name=dcterms.created>``); without it the memo date is used, so the PDF carries no clock
time either way.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from itatui.core.errors import FontError, ItatuiError
from itatui.core.model import Report
from itatui.render.fonts import require_thai_font
from itatui.render.html import render_html
from itatui.render.themes import Theme, load_theme

LOG = logging.getLogger(__name__)
ALLOWED_PROTOCOLS = ("data", "file")


def make_url_fetcher(folder: Path):
    """A WeasyPrint URL fetcher allowing ``data:`` URLs and files inside ``folder`` only.
    Refused URLs raise ``ValueError`` (WeasyPrint then skips the resource with a warning) and
    are listed in the fetcher's ``refused`` attribute."""
    from weasyprint.urls import URLFetcher

    root = Path(folder).resolve()

    class ThemeOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(timeout=5, allowed_protocols=ALLOWED_PROTOCOLS,
                             allow_redirects=False)
            self.folder = root
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                parts = urlsplit(url)
                if parts.netloc in ("", "localhost"):
                    path = Path(url2pathname(unquote(parts.path))).resolve()
                    if path.is_relative_to(self.folder) and path.is_file():
                        return super().fetch(path.as_uri(), headers)
            self.refused.append(url)
            raise ValueError(f"itatui: URL refused (only data: and files of the theme): {url}")

    return ThemeOnlyFetcher()


def render_pdf(report: Report, theme: Theme | str, output: str | Path, *,
               records_root: str | Path | None = None) -> Path:
    """Write the report as a PDF to ``output`` and return its path.

    ``theme`` is a :class:`Theme` or a theme name/path, looked up from ``records_root`` (the
    records repository) when given. Checks first that a Thai font is installed
    (:class:`FontError` otherwise, and nothing is written). The file appears only once it is
    complete (written beside it, then renamed)."""
    if not isinstance(theme, Theme):
        theme = load_theme(theme, repo_root=records_root)
    output = Path(output)
    if not output.parent.resolve().is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ที่จะเขียนไฟล์ PDF", path=str(output.parent))
    require_thai_font(theme.fonts)
    html = render_html(report, theme)

    try:
        import weasyprint
        from weasyprint.urls import FatalURLFetchingError
    except (ImportError, OSError) as exc:
        raise ItatuiError("โหลด WeasyPrint ไม่ได้ (ต้องมีไลบรารี Pango ในเครื่อง): "
                          f"{exc}") from None

    fetcher = make_url_fetcher(theme.path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            document = weasyprint.HTML(string=html, base_url=theme.path.as_uri() + "/",
                                       url_fetcher=fetcher)
            document.write_pdf(tmp)
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


__all__ = ("render_pdf", "make_url_fetcher", "FontError")
