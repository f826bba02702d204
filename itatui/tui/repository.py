"""The repository the editor works on: its config at once, the :class:`Workspace` (GitPython)
opened on first use — the first screen needs only the record files, so it does not wait for
git — from whichever thread asks first."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from itatui.core.config import Config
from itatui.core.errors import ItatuiError

if TYPE_CHECKING:                       # GitPython is imported when the repository is opened
    from itatui.core.workspace import Workspace


class LazyWorkspace:
    def __init__(self, root: Path, config: Config, workspace: Workspace | None = None) -> None:
        self.root = root
        self._config = config
        self._workspace = workspace
        self._lock = threading.Lock()

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            with self._lock:
                if self._workspace is None:
                    from itatui.core.workspace import Workspace

                    self._workspace = Workspace(self.root, config=self._config)
        return self._workspace

    @property
    def config(self) -> Config:
        return self._workspace.config if self._workspace is not None else self._config

    def apply_config(self, cfg: Config) -> None:
        """Use the settings just saved (the officer is resolved again on the next save)."""
        self._config = cfg
        self.workspace.forget_officer()
        self.workspace.config = cfg

    @property
    def digits(self) -> str:
        try:
            return self.config.digits
        except ItatuiError:
            return "thai"

    @property
    def theme(self) -> str | None:
        try:
            return self.config.theme
        except ItatuiError:
            return None

    def close(self) -> None:
        """Let go of git's processes (only if the repository was opened)."""
        if self._workspace is None:
            return
        try:
            self._workspace.history.close()
        except Exception:
            pass
