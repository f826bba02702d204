"""itatui's Textual terminal UI. ``run_tui(root)`` starts it; importing this package is cheap
(Textual is imported only when the app module is)."""

from __future__ import annotations

__all__ = ["run_tui", "pause_gc", "resume_gc"]

_gc_paused = False


def run_tui(root: str = ".") -> int:
    from itatui.tui.app import run_tui as _run

    return _run(root)


def pause_gc() -> None:
    """Turn the cyclic garbage collector off for the editor's start-up: importing Textual and
    building the first screen make so many objects that the collector would run a full pass
    (about 20 ms) right before the first frame. :func:`resume_gc` turns it back on once the
    form's editors are on screen."""
    import gc

    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def resume_gc() -> None:
    """Undo :func:`pause_gc` (and nothing else: a collector turned off elsewhere stays off)."""
    import gc

    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.enable()
