"""The core: records, schema, validation and git history.

Nothing in this package (or in :mod:`itatui.render`) imports Textual; the CLI and the TUI are
thin layers over it.
"""
