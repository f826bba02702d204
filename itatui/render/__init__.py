"""Publishing the report: Markdown (for the agency website), standalone HTML, and PDF.

:mod:`itatui.render.markdown` and :mod:`itatui.render.html` are pure Python (markdown-it-py);
:mod:`itatui.render.pdf` imports WeasyPrint only inside :func:`~itatui.render.pdf.render_pdf`,
so importing this package (or the TUI) never pays for WeasyPrint. Nothing here imports Textual.
Looks come from a theme folder (``themes/<name>/theme.toml`` + ``style.css``), see
:mod:`itatui.render.themes`.
"""
