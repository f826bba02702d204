"""A table whose columns fit its width: nothing runs past the right edge at 80 columns.

Textual's :class:`~textual.widgets.DataTable` sizes each column to its longest cell and scrolls
sideways, so a long summary or a list item pushes the columns after it off screen. Here the
columns marked ``wrap`` give up width first (down to their minimum) and their text wraps inside
the cell, the row growing as tall as it needs; the table is laid out again when its width
changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


@dataclass(frozen=True)
class Col:
    label: str
    wrap: bool = False       # may be narrower than its text (the text wraps)
    minimum: int = 8         # the narrowest a wrapping column becomes
    words: bool = False      # ... and never narrower than its longest word (a name)
    first: bool = False      # gives way before the other wrapping columns (a name, a date)


def fit_widths(naturals: list[int], cols: list[Col], available: int) -> list[int]:
    """Each column's width: its natural width, unless the total exceeds ``available``; then
    the wrapping columns shrink one cell at a time, the widest first (a column marked
    ``first`` counting twice its width), never below their minimum nor their label."""
    widths = list(naturals)
    excess = sum(widths) - available
    while excess > 0:
        shrinkable = [i for i, c in enumerate(cols)
                      if c.wrap and widths[i] > min(max(c.minimum, cell_len(c.label)),
                                                    naturals[i])]
        if not shrinkable:
            break
        # the widest gives way, a column marked first counting twice its width
        weight = {i: widths[i] * (2 if cols[i].first else 1) for i in shrinkable}
        widest = max(shrinkable, key=lambda i: weight[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def _width(cell: Text) -> int:
    return max((cell_len(line) for line in cell.plain.split("\n")), default=0)


def _fold(chunk: str, width: int) -> list[str]:
    """A word wider than the column cut between grapheme clusters (a vowel or tone mark
    stays with its consonant)."""
    from itatui.tui.thai_text import cluster_bounds

    pieces, start, last = [], 0, 0
    for b in cluster_bounds(chunk)[1:]:
        if cell_len(chunk[start:b]) > width and last > start:
            pieces.append(chunk[start:last])
            start = last
        last = b
    pieces.append(chunk[start:])
    return pieces


def wrap_cell(cell: Text, width: int, words: bool = False) -> Text:
    """``cell`` broken into lines of at most ``width`` cells: between Thai words (the
    segmenter of :mod:`itatui.tui.thai_text`, when loaded) and at spaces; ``words``: only at
    spaces (a Thai name is not cut inside, as a segmenter would cut a surname it does not
    know)."""
    from itatui.tui.thai_text import thai_chunks

    if width <= 0 or _width(cell) <= width:
        return cell
    out: list[str] = []
    for line in cell.plain.split("\n"):
        chunks = ([m + " " for m in line.split()] if words else
                  [c for _s, _e, c in thai_chunks(line)])
        current = ""
        for chunk in chunks:
            if cell_len((current + chunk).rstrip()) <= width:
                current += chunk
                continue
            if current.strip():
                out.append(current.rstrip())
            current = ""
            pieces = _fold(chunk.rstrip(), width) if cell_len(chunk.rstrip()) > width else [chunk]
            out.extend(p.rstrip() for p in pieces[:-1])
            current = pieces[-1] if pieces[-1].endswith(" ") else pieces[-1] + (
                " " if chunk.endswith(" ") else "")
        out.append(current.rstrip())
    return Text("\n".join(out), style=cell.style)


class FitTable(DataTable):
    """A :class:`DataTable` of Rich :class:`Text` cells with :class:`Col` columns that fit."""

    def __init__(self, cols: list[Col], **kwargs) -> None:
        super().__init__(**kwargs)
        self.cols = cols
        self.data: list[tuple[list[Text], str | None]] = []
        self._laid_out_for = -1
        self._segmented = False            # laid out with the Thai word list loaded

    def on_mount(self) -> None:
        self._layout()

    def set_rows(self, rows: list[tuple[list[Text], str | None]]) -> None:
        """Replace the rows: (cells, key)."""
        self.data = [([c if isinstance(c, Text) else Text(str(c)) for c in cells], key)
                     for cells, key in rows]
        self._layout(keep_cursor=False)

    def available(self) -> int:
        """The cells' room: the width less the cells' padding and the vertical scrollbar."""
        pad = 2 * self.cell_padding * len(self.cols)
        return self.size.width - pad - max(self.styles.scrollbar_size_vertical, 1)

    def _layout(self, keep_cursor: bool = True) -> None:
        from itatui.tui.thai_text import segmenter_ready

        self._segmented = segmenter_ready()
        row = self.cursor_row if keep_cursor else 0
        naturals = [max([cell_len(c.label)] + [_width(cells[i]) for cells, _k in self.data])
                    for i, c in enumerate(self.cols)]
        cols = [Col(c.label, c.wrap, max([c.minimum] + [
                    cell_len(w) for cells, _k in self.data for w in cells[i].plain.split()]),
                    c.words, c.first) if c.words else c for i, c in enumerate(self.cols)]
        width = self.size.width
        widths = fit_widths(naturals, cols, self.available()) if width else naturals
        self._laid_out_for = width
        self.clear(columns=True)
        for c, w in zip(self.cols, widths):
            self.add_column(c.label, width=w)
        for cells, key in self.data:
            cells = [wrap_cell(c, w, col.words) if col.wrap else c
                     for c, w, col in zip(cells, widths, cols)]
            tall = any("\n" in c.plain or _width(c) > w for c, w in zip(cells, widths))
            self.add_row(*cells, key=key, height=None if tall else 1)
        if self.data and keep_cursor:
            self.move_cursor(row=min(row, len(self.data) - 1), animate=False)

    def refresh(self, *regions, **kwargs):
        """Also lay the rows out again once the Thai word list has loaded (the app's texts
        are then laid out again: :func:`itatui.tui.thai_text.rewrap`)."""
        if kwargs.get("layout") and not getattr(self, "_segmented", True) and self.is_mounted:
            from itatui.tui.thai_text import segmenter_ready

            if segmenter_ready():
                self._segmented = True
                self.call_later(self._layout)
        return super().refresh(*regions, **kwargs)

    def on_resize(self) -> None:
        if self.size.width != self._laid_out_for:
            self._layout()
