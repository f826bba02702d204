"""Sharing the records through git remotes: a field-level TOML merge, the git merge driver that
applies it, and fetch/merge/push (see :mod:`itatui.core.sync.remote` for why it merges).

Names are imported lazily, so that the merge driver (run by git once per record) does not load
GitPython.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "driver": ("driver_installed", "install_driver"),
    "merge": ("MINE", "THEIRS", "VALUE", "Conflict", "MergeResult", "Resolution",
              "UnmergeableError", "merge_texts"),
    "remote": ("CloneResult", "ReleaseTagMismatch", "RemoteError", "SyncConflict", "SyncResult",
               "ahead_behind", "clone", "fetch", "release_tags", "set_remote", "sync"),
}
_MODULE_OF = {name: mod for mod, names in _WHERE.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    mod = _MODULE_OF.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{mod}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
