"""Errors with Thai messages that name the file and the field they concern."""

from __future__ import annotations


class ItatuiError(Exception):
    """An error the user can act on. ``str(err)`` is a complete Thai message."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, field: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.path = path
        self.field = field
        self.line = line
        self.column = column              # 1-based, in characters; with ``line`` only
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.path:
            at = f" บรรทัด {self.line}" if self.line else ""
            if self.line and self.column:
                at += f" คอลัมน์ {self.column}"
            where.append(self.path + at)
        if self.field:
            where.append(f"ช่อง {self.field}")
        return (" — ".join(where) + ": " if where else "") + self.message


class RecordError(ItatuiError):
    """A record that cannot be read or does not match the schema."""


class IdentityError(ItatuiError):
    """No officer identity is configured: saving is refused."""


class GitError(ItatuiError):
    """A git operation failed (not a repository, locked index, ...)."""


class FontError(ItatuiError):
    """No Thai font is installed, so a PDF would show boxes."""


class NothingToSave(ItatuiError):
    """The record did not change: nothing is written and nothing is committed."""

    exit_code = 0
