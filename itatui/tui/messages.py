"""What the editor's background work reports to the app: one :class:`Message` per outcome,
posted from the worker's thread (see :mod:`itatui.tui.background`) and routed by the app to the
controller concerned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message


class BackgroundFailed(Message):
    """A background task (check, history, changes, uncommitted records) raised ``error``."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


class ThaiWordsLoaded(Message):
    """The Thai word segmenter is ready: the text areas wrap again."""


class ProblemsFound(Message):
    def __init__(self, problems: list) -> None:
        super().__init__()
        self.problems = problems


class HistoryLoaded(Message):
    def __init__(self, path: str, versions: list) -> None:
        super().__init__()
        self.path = path
        self.versions = versions


class ChangesLoaded(Message):
    """The field changes of one version of a record (the history pane's detail)."""

    def __init__(self, version: Any, changes: list) -> None:
        super().__init__()
        self.version = version
        self.changes = changes


class UncommittedFound(Message):
    """Record files changed but not committed; ``asked``: the officer asked (palette)."""

    def __init__(self, items: list, asked: bool) -> None:
        super().__init__()
        self.items = items
        self.asked = asked


class ExportProgress(Message):
    bubble = False                      # for the export bar only

    def __init__(self, step: int, what: str) -> None:
        super().__init__()
        self.step = step
        self.what = what


class ExportDone(Message):
    bubble = False                      # for the export bar only

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ExportFailed(Message):
    bubble = False                      # for the export bar only

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


class SyncStatus(Message):
    """Ahead/behind worked out: ``text`` for the header ("" without a remote)."""

    def __init__(self, has_remote: bool, text: str) -> None:
        super().__init__()
        self.has_remote = has_remote
        self.text = text


class RemoteFetched(Message):
    def __init__(self, text: str, behind: int) -> None:
        super().__init__()
        self.text = text
        self.behind = behind


class SyncConflicted(Message):
    """The same field changed here and in the shared repository (a SyncConflict)."""

    def __init__(self, conflict: Any) -> None:
        super().__init__()
        self.conflict = conflict


class SyncFailed(Message):
    """The sync stopped; ``refresh``: work the header's counts out again."""

    def __init__(self, text: str, refresh: bool) -> None:
        super().__init__()
        self.text = text
        self.refresh = refresh


class SyncDone(Message):
    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result
