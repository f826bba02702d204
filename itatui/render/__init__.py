"""The renderer: the report as Markdown (for the agency website), standalone HTML, PDF and Word.

It imports only :mod:`itatui.core`; where a render's commit and records come from is the
publishing layer's business (:mod:`itatui.publishing.export`), and only this package imports
WeasyPrint.

:mod:`itatui.render.markdown` and :mod:`itatui.render.html` are pure Python (markdown-it-py);
:mod:`itatui.render.pdf` imports WeasyPrint only inside :func:`~itatui.render.pdf.render_pdf`,
so importing this package (or the TUI) never pays for WeasyPrint. Nothing here imports Textual.
Looks come from a theme folder (``themes/<name>/theme.toml`` + ``style.css``), see
:mod:`itatui.render.themes`.
"""
