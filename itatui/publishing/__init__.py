"""What needs both the history and the renderer: exports with their provenance, releases.

- :mod:`.export`    the one export pipeline (``itatui render``, the editor's F8/F9) and the
                    PDF of a commit
- :mod:`.publish`   render the approved version, tag the release, write the PDF
- :mod:`.verify`    is a PDF what this history says, and is the history intact
- :mod:`.pdfstamp`  the commit, edition and source records read back from a PDF (pypdf)

It imports :mod:`itatui.render` and :mod:`itatui.core`; only the faces (``itatui.cli``,
``itatui.tui``) import it.
"""
