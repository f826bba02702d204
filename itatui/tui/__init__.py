"""itatui's Textual terminal UI (``itatui.tui.app.run_tui(root)`` starts it). Importing this
package is cheap: Textual is imported only when the app module is; the command line uses the
start-up helpers below before it imports Textual."""

from __future__ import annotations

__all__ = ["pause_gc", "resume_gc", "start_root_probe", "take_root_probe"]

_gc_paused = False
_root_probe: tuple[str, object] | None = None    # (folder, the running git rev-parse)

ROOT_PROBE = ["git", "rev-parse", "--is-bare-repository", "--show-toplevel"]


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


def start_root_probe(root: str) -> None:
    """Start the ``git rev-parse`` that finds the repository of ``root`` now, so that it runs
    while Python imports Textual; :func:`itatui.tui.app.repository_root` takes its answer."""
    import os
    import subprocess

    global _root_probe
    try:
        proc = subprocess.Popen(ROOT_PROBE, cwd=os.path.realpath(root), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except (OSError, ValueError):
        return                      # repository_root runs git itself and reports the error
    _root_probe = (os.path.realpath(root), proc)


def take_root_probe(root: str):
    """The probe started for ``root`` (a Popen), once; None when there is none."""
    import os

    global _root_probe
    probe, _root_probe = _root_probe, None
    if probe is None or probe[0] != os.path.realpath(root):
        if probe is not None:
            probe[1].kill()
            probe[1].communicate()
        return None
    return probe[1]
