"""Reading a text or Markdown report (as converted from PDF) into paragraphs and table rows.

* a line holding a tab is a table row (cells separated by tabs);
* a Markdown table line ``| a | b |`` is a row too (``|---|`` separator lines are skipped);
* other lines form paragraphs, separated by blank lines; ``#`` headings, list bullets and
  ``**bold**`` marks are taken off.
"""

from __future__ import annotations

import re
from pathlib import Path

from itatui.core.errors import ItatuiError
from itatui.importer.blocks import Block, Para, Row

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•]\s+)")


def _md_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.replace("\\|", "|").strip() for c in cells]


def _strip_marks(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"__(.+?)__", r"\1", text)
    return text.rstrip("\\").strip()


def read_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if not para:
            return
        lines = [_strip_marks(t) for _, t in para]
        level = 0
        m = _HEADING.match(para[0][1])
        if m:
            level = len(m.group(1))
            lines[0] = _strip_marks(m.group(2))
        lines = [l for l in lines if l]
        if lines:
            blocks.append(Para(" ".join(lines), para[0][0], lines, level))
        para.clear()

    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if "\t" in line:
            flush()
            blocks.append(Row(line.split("\t"), no))
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            flush()
            if not _MD_SEP.match(stripped):
                blocks.append(Row(_md_cells(stripped), no))
            continue
        if not stripped:
            flush()
            continue
        if _HEADING.match(stripped):
            flush()
            para.append((no, stripped))
            flush()
            continue
        if _BULLET.match(line) and para:
            flush()
        para.append((no, _BULLET.sub("", stripped) if _BULLET.match(line) else stripped))
    flush()
    return blocks


def read_text_file(path: Path) -> list[Block]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ItatuiError(f"อ่านไฟล์ไม่ได้ ({exc.strerror or exc})", path=str(path)) from None
    for enc in ("utf-8-sig", "utf-16", "cp874"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ItatuiError("อ่านข้อความในไฟล์ไม่ได้ (ไม่ใช่ UTF-8 หรือ TIS-620)", path=str(path))
    return read_text(text)
