"""itatui's Textual terminal UI. ``run_tui(root)`` starts it; importing this package is cheap
(Textual is imported only when the app module is)."""

from __future__ import annotations

__all__ = ["run_tui"]


def run_tui(root: str = ".") -> int:
    from itatui.tui.app import run_tui as _run

    return _run(root)
