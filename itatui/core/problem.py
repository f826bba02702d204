"""A problem the checker found (code, severity, record, field, Thai message): what
:mod:`itatui.core.check` and every rule of :mod:`itatui.core.rules` return."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    record: str
    field: str
    message: str
    line: int | None = None
    column: int | None = None      # with ``line``: where a syntax error is (1-based)

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = self.record + (f":{self.line}" if self.line else "")
        where += f":{self.column}" if self.line and self.column else ""
        fld = f" [{self.field}]" if self.field else ""
        return f"{where}{fld}: {self.severity} {self.code}: {self.message}"
