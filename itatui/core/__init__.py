"""The core: records, schema, validation, git history, audit and sync — no rendering, no UI.

It imports nothing of :mod:`itatui.render`, :mod:`itatui.publishing`, :mod:`itatui.importer`
or the faces, and no Textual, Rich or WeasyPrint (``pyproject.toml``'s import-linter contracts,
tests/architecture). Inside it: :mod:`.check` and the editor's domain pieces over
:mod:`.audit`, :mod:`.sync` and :mod:`.rules`, over :mod:`.structure` and :mod:`.workspace`,
over the base (records, schema, TOML, history, messages, locking).
"""
