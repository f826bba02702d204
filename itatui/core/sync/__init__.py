"""Sharing the records through git remotes: a field-level TOML merge, the git merge driver that
applies it, and fetch/merge/push (see :mod:`itatui.core.sync.remote` for why it merges)."""

from itatui.core.sync.driver import driver_installed, install_driver
from itatui.core.sync.merge import (MINE, THEIRS, VALUE, Conflict, MergeResult, Resolution,
                                    UnmergeableError, merge_texts)
from itatui.core.sync.remote import (CloneResult, RemoteError, SyncConflict, SyncResult,
                                     ahead_behind, clone, set_remote, sync)

__all__ = [
    "MINE", "THEIRS", "VALUE", "Conflict", "MergeResult", "Resolution", "UnmergeableError",
    "merge_texts", "install_driver", "driver_installed", "CloneResult", "RemoteError",
    "SyncConflict", "SyncResult", "ahead_behind", "clone", "set_remote", "sync",
]
