"""What a source document is read into before it is understood: paragraphs and table rows, in
order, each with the line (text) or paragraph number (Word) it came from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Para:
    text: str                                       # the paragraph on one line
    line: int                                       # where it starts in the source (1-based)
    lines: list[str] = field(default_factory=list)  # its lines as broken in the source
    level: int = 0                                  # heading level (0: body text)


@dataclass
class Row:
    cells: list[str]
    line: int


Block = Para | Row


@dataclass
class Doubt:
    """Something the importer could not place with certainty: where it came from and why."""

    line: int
    message: str
    record: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = f"บรรทัด {self.line}" if self.line else "เอกสาร"
        target = f" → {self.record}" + (f" [{self.field}]" if self.field else "") if self.record else ""
        return f"{where}{target}: {self.message}"
