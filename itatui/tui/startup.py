"""The editor's start-up: finding the repository it opens (with the ``git rev-parse`` the
command line started before importing Textual, :func:`itatui.tui.start_root_probe`), the config,
and what follows the first frame (the form's editors, the garbage collector back on)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from itatui.core.errors import GitError
from itatui.tui import ROOT_PROBE, take_root_probe


def repository_root(root: str | Path) -> Path:
    """The working tree of the git repository at ``root``, found with one ``git rev-parse``
    (GitPython is imported later, when the app first needs it). Raises the same Thai
    GitError as :class:`History` for a folder that is not a repository or a bare one."""
    path = Path(root).resolve()
    probe = take_root_probe(str(root))      # started by the command line before the imports
    try:
        if probe is not None:
            stdout, stderr = probe.communicate(timeout=30)
            out = subprocess.CompletedProcess(ROOT_PROBE, probe.returncode, stdout, stderr)
        else:
            out = subprocess.run(ROOT_PROBE, cwd=path, capture_output=True, text=True,
                                 timeout=30)
    except (OSError, subprocess.SubprocessError):
        if probe is not None:
            probe.kill()
            probe.communicate()
        out = None
    lines = out.stdout.splitlines() if out is not None and out.returncode == 0 else []
    if lines[:1] == ["true"]:
        raise GitError(f"คลัง git นี้ไม่มีโฟลเดอร์งาน (bare): {path}")
    if len(lines) < 2:
        raise GitError(f"โฟลเดอร์นี้ไม่ใช่คลัง git: {path} "
                       "(สร้างคลังใหม่ด้วย itatui init หรือระบุ --repo)")
    return Path(lines[1]).resolve()


def config_or_default():
    """The user's config, and the error that made it the default one (a broken config file
    must not stop the editor: the app tells it on the first screen)."""
    from itatui.core.config import Config, load_config
    from itatui.core.errors import ItatuiError

    try:
        return load_config(), None
    except ItatuiError as exc:
        return Config(), exc


async def hydrate(app) -> None:
    """Mount the form's editors (the first screen shows the texts only)."""
    async with app.editing.form_lock:
        await app.form.hydrate()


async def hydrate_and_collect(app) -> None:
    """After the first frame: the form's editors, then the garbage collector back on (the
    command line pauses it for the start-up, see :func:`itatui.tui.resume_gc`)."""
    from itatui.tui import resume_gc

    await hydrate(app)

    def live() -> None:
        _note_live()
        resume_gc()

    app.call_after_refresh(live)


def _note_live() -> None:
    """ITATUI_LIVE_FILE, when set: the time the form's editors were first drawn (the start-up
    benchmark reads it; the real-terminal tests wait for it before they type)."""
    import os
    import time

    marker = os.environ.get("ITATUI_LIVE_FILE")
    if marker:
        Path(marker).write_text(repr(time.time()), encoding="utf-8")


async def ready_and_exit(app) -> None:
    """For the start-up benchmark (ITATUI_EXIT_ON_READY): note when the first screen was drawn
    (ITATUI_READY_FILE), mount the form's editors, note when they are drawn (ITATUI_LIVE_FILE),
    then exit."""
    import os
    import time

    from itatui.tui import resume_gc

    marker = os.environ.get("ITATUI_READY_FILE")
    if marker:
        Path(marker).write_text(repr(time.time()), encoding="utf-8")
    await hydrate(app)

    def live() -> None:
        _note_live()
        resume_gc()
        app.exit()

    app.call_after_refresh(live)


def load_thai_words(app) -> None:
    """Load the Thai word segmenter (with the agency's unit names) in a worker; the text areas
    wrap again on :class:`~itatui.tui.messages.ThaiWordsLoaded`."""
    from itatui.core.form_values import domain_words
    from itatui.tui import thai_text
    from itatui.tui.background import run_reporting
    from itatui.tui.messages import ThaiWordsLoaded

    words = domain_words(app.records)
    run_reporting(app, lambda: ThaiWordsLoaded() if thai_text.load_segmenter(words) else None,
                  group="thai-words", failed=None)
