"""The F2 preview as a proofreader reads it: the published Markdown laid out for the panel's
width, every word of it on screen.

Textual's Markdown widget cuts table cells with "…" and wraps Thai inside words, so the preview
reads the Markdown itself (:func:`itatui.render.markdown.preview_parser`, the published
report's own reading, where each item of a table cell is its own line) and lays it out here:

- paragraphs and table cells wrap between Thai words (the editor's segmenter,
  :func:`itatui.tui.thai_text.thai_chunks`); a word longer than its column is folded between
  grapheme clusters, never cut off;
- a table is drawn with its columns when every column gets at least :data:`MIN_COLUMN` cells;
  a narrower panel shows each row as a card of "column title: value" lines instead;
- each item of a list cell (activities, results, units) starts a line of its own.

The layout is made at render time for the width the widget has, so a resize or the widened
panel re-lays it out; the scroll view around it scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from itatui.core.thai import to_thai_digits
from itatui.tui import thai_text

MARGIN = 1                  # cells left blank each side of the preview
MIN_COLUMN = 10             # narrower than this, a table is shown as cards
HEADING_STYLE = {1: "bold underline", 2: "bold", 3: "bold"}


@dataclass
class Grid:
    """A table of the Markdown: the header's cells and the rows' cells, each cell its lines."""
    header: list[list[Text]]                      # per column: its lines (items)
    rows: list[list[list[Text]]] = field(default_factory=list)


@dataclass
class Para:
    lines: list[Text]                             # hard line breaks inside the paragraph
    style: str = ""


# -- wrapping --------------------------------------------------------------------------------

def _fold(text: Text, width: int) -> list[Text]:
    """A piece wider than ``width`` cut between grapheme clusters (a word longer than its
    column: nothing is lost, no vowel or tone mark is detached)."""
    out: list[Text] = []
    bounds = thai_text.cluster_bounds(text.plain)
    start, used = 0, 0
    prev = 0
    for b in bounds[1:]:
        w = cell_len(text.plain[prev:b])
        if used + w > width and used > 0:
            out.append(text[start:prev])
            start, used = prev, 0
        used += w
        prev = b
    if start < len(text.plain):
        out.append(text[start:])
    return out


def wrap(text: Text, width: int) -> list[Text]:
    """``text`` (one line) wrapped to ``width`` cells, breaking between words (Thai words from
    the segmenter, others at spaces); trailing spaces dropped."""
    width = max(1, width)
    plain = text.plain
    if cell_len(plain) <= width:
        line = text.copy()
        line.rstrip()
        return [line]
    lines: list[Text] = []
    line_start, used = 0, 0
    line_end = 0
    for start, end, chunk in thai_text.thai_chunks(plain):
        word_w = cell_len(chunk.rstrip())
        if used and used + word_w > width:
            lines.append(text[line_start:line_end])
            line_start, used = start, 0
        if word_w > width and used == 0:
            pieces = _fold(text[start:start + len(chunk.rstrip())], width)
            lines.extend(pieces[:-1])
            line_start = start + sum(len(p.plain) for p in pieces[:-1])
            used = cell_len(pieces[-1].plain) if pieces else 0
            used += cell_len(chunk) - word_w
            line_end = end
            continue
        used += cell_len(chunk)
        line_end = end
    if line_start < len(plain):
        lines.append(text[line_start:])
    for line in lines:
        line.rstrip()
    return [line for line in lines if line.plain] or [Text("")]


def wrap_lines(lines: list[Text], width: int) -> list[Text]:
    return [part for line in lines for part in wrap(line, width)]


def longest_word(lines: list[Text]) -> int:
    return max((cell_len(chunk.strip()) for line in lines
                for _s, _e, chunk in thai_text.thai_chunks(line.plain)), default=0)


# -- reading the Markdown ----------------------------------------------------------------------

def _inline_lines(token) -> list[Text]:
    """An inline token as lines of styled text (a break, item or hard, starts a new line)."""
    lines = [Text()]
    styles: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("hardbreak",):
            lines.append(Text())
        elif kind == "softbreak":
            lines[-1].append(" ")
        elif kind.endswith("_open") and kind[:-5] in ("strong", "em"):
            styles.append("bold" if kind == "strong_open" else "italic")
        elif kind.endswith("_close") and kind[:-6] in ("strong", "em"):
            if styles:
                styles.pop()
        elif child.content:
            lines[-1].append(child.content, style=" ".join(styles))
    return lines


def parse(markdown: str) -> list:
    """The preview's Markdown as blocks: :class:`Para` (headings too) and :class:`Grid`."""
    from itatui.render.markdown import preview_parser

    tokens = preview_parser().parse(markdown)
    blocks: list = []
    table: Grid | None = None
    row: list[list[Text]] | None = None
    in_head = False
    heading = 0
    prefixes: list[str] = []
    for tok in tokens:
        kind = tok.type
        if kind == "heading_open":
            heading = int(tok.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind == "table_open":
            table = Grid([])
        elif kind == "table_close":
            if table is not None:
                blocks.append(table)
            table = None
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open" and table is not None and not in_head:
            row = []
            table.rows.append(row)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            prefixes.append("• " if kind == "bullet_list_open" else "")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            prefixes.pop()
        elif kind == "list_item_open" and prefixes and tok.info:
            prefixes[-1] = f"{tok.info}{tok.markup} "
        elif kind == "inline":
            lines = _inline_lines(tok)
            if table is not None:
                (table.header if in_head else row if row is not None else table.header).append(
                    lines)
            else:
                if prefixes and prefixes[-1]:
                    lines[0] = Text(prefixes[-1]) + lines[0]
                blocks.append(Para(lines, HEADING_STYLE.get(heading, "")))
    return blocks


# -- laying it out -----------------------------------------------------------------------------

def column_widths(table: Grid, width: int) -> list[int] | None:
    """Widths of the table's columns' text in ``width`` cells (borders and padding taken out),
    or None when some column would get fewer than :data:`MIN_COLUMN` cells (show cards)."""
    columns = len(table.header) or max((len(r) for r in table.rows), default=0)
    if not columns:
        return None
    space = width - (columns + 1) - 2 * columns
    cells = [[table.header[c] if c < len(table.header) else []]
             + [r[c] if c < len(r) else [] for r in table.rows] for c in range(columns)]
    natural = [max((cell_len(line.plain) for cell in col for line in cell), default=1)
               for col in cells]
    least = [max(1, min(n, max(MIN_COLUMN, min(longest_word(
        [line for cell in col[1:] for line in cell]), 16)))) for n, col in zip(natural, cells)]
    if sum(least) > space:
        return None
    if sum(natural) <= space:
        return natural
    widths = list(least)
    spare = space - sum(widths)
    want = [n - w for n, w in zip(natural, widths)]
    total = sum(want)
    for c in range(columns):
        widths[c] += spare * want[c] // total if total else 0
    for c in sorted(range(columns), key=lambda c: want[c] - widths[c], reverse=True):
        if sum(widths) >= space:
            break
        widths[c] += 1
    return widths


def _cell(lines: list[Text], width: int) -> Text:
    return Text("\n").join(wrap_lines(lines, width)) if lines else Text("")


def table_renderable(table: Grid, widths: list[int]) -> Table:
    out = Table(box=box.SQUARE, show_lines=True, padding=(0, 1), expand=False,
                header_style="bold", show_edge=True)
    for c, w in enumerate(widths):
        head = table.header[c] if c < len(table.header) else []
        out.add_column(_cell(head, w), width=w, min_width=w, max_width=w,
                       no_wrap=True, overflow="fold")
    for row in table.rows:
        out.add_row(*[_cell(row[c] if c < len(row) else [], w) for c, w in enumerate(widths)])
    return out


def card_lines(table: Grid, width: int, digits: str = "thai") -> list[Text]:
    """Each row of ``table`` as a card: a rule, then "column title: value" with each item of
    the value on a line of its own, continuation lines indented."""
    out: list[Text] = []
    indent = 2
    for n, row in enumerate(table.rows, 1):
        number = to_thai_digits(n) if digits == "thai" else str(n)
        rule = Text(f"── {number} " + "─" * max(0, width - 6), style="dim")
        rule.truncate(width)
        out.append(rule)
        for c, cell in enumerate(row):
            label = Text()              # bold title only (a Text's own style would span all)
            label.append(" ".join(t.plain for t in table.header[c]) if c < len(table.header)
                         else "", style="bold")
            items = [line for line in cell if line.plain.strip()]
            if not items:
                out.extend(wrap(label + Text(": –"), width))
                continue
            first = label + Text(": ") + items[0]
            rest = items[1:]
            if len(items) > 1:                 # a list: the title on its line, items under it
                out.extend(wrap(label + Text(":"), width))
                rest = items
            else:
                head, *more = wrap(first, width)
                out.append(head)
                if more:
                    out.extend(Text(" " * indent) + line
                               for line in wrap_lines([Text(" ").join(more)], width - indent))
                rest = []
            for item in rest:
                out.extend(Text(" " * indent) + line for line in wrap(item, width - indent))
        out.append(Text(""))
    return out


class Layout:
    """A Rich renderable: the blocks laid out for the width Rich offers."""

    def __init__(self, blocks: list, digits: str = "thai") -> None:
        self.blocks = blocks
        self.digits = digits

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.padding import Padding

        width = max(1, options.max_width - 2 * MARGIN)       # a margin each side
        for i, block in enumerate(self.blocks):
            if i:
                yield Text("")
            if isinstance(block, Para):
                for line in wrap_lines(block.lines, width):
                    if block.style:
                        line.stylize(block.style)
                    yield Text(" " * MARGIN) + line
                continue
            widths = column_widths(block, width)
            if widths is not None:
                yield Padding(table_renderable(block, widths), (0, MARGIN))
            else:
                yield from (Text(" " * MARGIN) + line
                            for line in card_lines(block, width, self.digits))


class ReportPreview(Widget):
    """The preview pane's content (``#preview``): :meth:`update` with the Markdown."""

    DEFAULT_CSS = """
    ReportPreview {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = ""
        self.digits = "thai"
        self._blocks: list = []

    def update(self, markdown: str, digits: str = "thai") -> None:
        self.source = markdown
        self.digits = digits
        self._blocks = parse(markdown)
        self.refresh(layout=True)

    def render(self):
        return Layout(self._blocks, self.digits)
