"""Reading a Word report (.docx): body paragraphs and table rows in document order.

The "line" of a block is its position in the document body (paragraphs and table rows counted
from 1), which is what a doubt points at. Horizontally merged cells are read once; paragraphs
inside a cell become separate lines of the cell (like ``<p>`` in a PDF conversion).
"""

from __future__ import annotations

from pathlib import Path

from itatui.core.errors import ItatuiError
from itatui.importer.blocks import Block, Para, Row


def _heading_level(paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title":
        return 1
    if name.startswith("Heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    return 0


def read_docx(path: Path) -> list[Block]:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a dependency of itatui
        raise ItatuiError("ต้องติดตั้ง python-docx เพื่ออ่านไฟล์ Word") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:   # python-docx raises several kinds on a broken file
        raise ItatuiError(f"อ่านไฟล์ Word ไม่ได้ ({exc})", path=str(path)) from None
    blocks: list[Block] = []
    pos = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            pos += 1
            p = Paragraph(child, document)
            lines = [l.strip() for l in p.text.split("\n") if l.strip()]
            if lines:
                blocks.append(Para(" ".join(lines), pos, lines, _heading_level(p)))
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                pos += 1
                cells, seen = [], []
                for cell in row.cells:
                    if any(cell._tc is s for s in seen):
                        continue
                    seen.append(cell._tc)
                    cells.append("\n".join(par.text for par in cell.paragraphs))
                blocks.append(Row(cells, pos))
    return blocks
