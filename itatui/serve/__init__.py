"""``itatui serve``: the editor (and the audit app, read-only) in a browser, with logins.

A face beside :mod:`itatui.cli` and :mod:`itatui.tui`: it imports only the core and runs the
apps as ``itatui tui`` / ``itatui audit`` processes, one per browser session (textual-serve).
:mod:`officers` (who may log in), :mod:`sessions` (who is logged in, failed logins),
:mod:`assets` and :mod:`pages` (what the browser loads), :mod:`server` (aiohttp).
"""
