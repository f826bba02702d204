"""The scores at a glance in the scores view: text-mode bars under the scores table.

Per indicator one row, this year and last year (the two newest years of the scores)::

    ตัวชี้วัดที่ ๑  ████████████████████████ ๑๐๐.๐๐  ░ ๒.๐๙

This year in full blocks (eighths at the end), last year in light shade: the two read apart
without colour, and a legend names their years. Then the total of every year, a bar with its
total and its grade ("*" when computed from the indicators, as the table's "ที่มา" row says;
a total computed from only some indicators is marked "ไม่ครบ", its grade in brackets).
A missing score is "–" with no bar. The bars take the width the widget has: at 80 columns
the labels are "ตัวชี้วัดที่ ๑"; with room, the indicator's name follows, cut between Thai words
(:func:`itatui.tui.thai_text.shorten`). Headings wrap between Thai words (Rich's wrapping,
made Thai-aware by :func:`itatui.tui.thai_text.install_text_wrap`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from itatui.core.model import Catalogue
from itatui.core.scoring import NONE, PARTIAL, STORED, YearTotal, year_totals
from itatui.core.thai import to_thai_digits
from itatui.tui.thai_text import shorten

NOW_BLOCK, BEFORE_BLOCK = "█", "░"
EIGHTHS = " ▏▎▍▌▋▊▉"
NO_SCORE = "–"
BARS_HEADING = "คะแนนรายตัวชี้วัด"
TREND_HEADING = "คะแนนรวมแต่ละปี"
INDICATOR = "ตัวชี้วัดที่"
YEAR = "พ.ศ."
COMPUTED_NOTE = "* คำนวณจากคะแนนรายตัวชี้วัดตามน้ำหนักแบบวัด (ไม่ได้บันทึกคะแนนรวม)"
PARTIAL_MARK = "ไม่ครบ"          # the table's ที่มา row: "คำนวณ (ตัวชี้วัดไม่ครบ)"
PARTIAL_NOTE = "ไม่ครบ: ยังไม่มีคะแนนตัวชี้วัดที่ {missing} เกรดในวงเล็บจึงยังไม่ใช่เกรดจริง"
NOTHING = "ยังไม่มีคะแนน"
VALUE_CELLS = 6                 # "๑๐๐.๐๐"
NAME_CELLS = 24                 # the longest name shown beside "ตัวชี้วัดที่ ๑๐"
MIN_BAR = 12                    # a bar narrower than this: the names are left out


def _fmt(value: float | None) -> str:
    return NO_SCORE if value is None else to_thai_digits(f"{value:.2f}")


def solid_bar(value: float, cells: int) -> str:
    """``value`` (0-100) as full blocks of ``cells`` for 100, the last cell in eighths; a
    score above zero shows at least an eighth."""
    eighths = round(max(0.0, min(value, 100.0)) / 100 * cells * 8)
    if value > 0:
        eighths = max(eighths, 1)
    return NOW_BLOCK * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def shade_bar(value: float, cells: int) -> str:
    """``value`` (0-100) in light shade, whole cells (at least one above zero)."""
    n = round(max(0.0, min(value, 100.0)) / 100 * cells)
    return BEFORE_BLOCK * (max(n, 1) if value > 0 else 0)


def total_suffix(t: YearTotal) -> str:
    """What follows a year's total: " AA" (stored), "* AA" (computed from every indicator),
    "* (AA) ไม่ครบ" (computed from only some: the grade is not one yet), "" (no total)."""
    if t.total is None:
        return ""
    if t.source == STORED:
        return " " + (t.grade or "")
    if t.source == PARTIAL:
        return "* " + (f"({t.grade}) " if t.grade else "") + PARTIAL_MARK
    return "* " + (t.grade or "")


def _number(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


@dataclass
class Row:
    label: str
    now: float | None
    before: float | None


class ScoreChart(Widget):
    """Text-mode bars of the scores (see the module doc); :meth:`show` gives it the data."""

    DEFAULT_CSS = """
    ScoreChart { height: auto; margin: 0 0 1 0; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.years: tuple[str | None, str | None] = (None, None)
        self.rows: list[Row] = []
        self.names: dict[int, str] = {}
        self.totals: list[YearTotal] = []

    def show(self, data: dict, catalogue: Catalogue) -> None:
        """Take the scores (``{"2568": {"1": 100.0, ...}, ...}``, as the form holds them)."""
        years = sorted((str(y) for y, t in data.items()
                        if str(y).isdigit() and isinstance(t, dict)), key=int)
        now = years[-1] if years else None
        before = years[-2] if len(years) > 1 else None
        self.years = (now, before)
        numbers = sorted({i.number for i in catalogue.indicators}
                         | {int(k) for y in years for k in data[y] if str(k).isdigit()})

        def score(year: str | None, n: int) -> float | None:
            if year is None:
                return None
            table = data[year]
            return _number(table.get(str(n), table.get(n)))

        self.rows, self.names = [], {}
        for n in numbers:
            ind = catalogue.indicator(n)
            self.names[n] = ind.name if ind else ""
            self.rows.append(Row(str(n), score(now, n), score(before, n)))
        self.totals = year_totals({y: data[y] for y in years}, catalogue)
        self.refresh(layout=True)

    # -- drawing ----------------------------------------------------------------------------
    def _label(self, number: str, with_name: bool, width: int) -> str:
        label = f"{INDICATOR} {to_thai_digits(number)}"
        name = self.names.get(int(number), "")
        if with_name and name:
            label += " " + shorten(name, NAME_CELLS)
        return label + " " * max(0, width - cell_len(label))

    def chart_lines(self, width: int) -> list[Text]:
        """The chart as lines of at most ``width`` cells (the heading lines may wrap)."""
        now, before = self.years
        if now is None:
            return [Text(NOTHING, style="dim")]
        lines: list[Text] = []
        legend = Text(BARS_HEADING + "  ", style="bold")
        legend.append(f"{NOW_BLOCK} {YEAR} {to_thai_digits(now)}", style="bold")
        if before is not None:
            legend.append(f"  {BEFORE_BLOCK} {YEAR} {to_thai_digits(before)}")
        lines.append(legend)
        short = max(cell_len(self._label(r.label, False, 0)) for r in self.rows) if self.rows \
            else 0
        full = max(cell_len(self._label(r.label, True, 0)) for r in self.rows) if self.rows \
            else 0
        both = before is not None
        fixed = (VALUE_CELLS + 1) * (2 if both else 1) + (2 if both else 0) + 1
        with_name = (width - full - fixed) // (2 if both else 1) >= MIN_BAR
        label_w = full if with_name else short
        bar_w = max(4, (width - label_w - fixed) // (2 if both else 1))
        for row in self.rows:
            line = Text(self._label(row.label, with_name, label_w) + " ")
            line.append_text(self._cell(row.now, bar_w, solid_bar, "bold"))
            if both:
                line.append("  ")
                line.append_text(self._cell(row.before, bar_w, shade_bar, ""))
            lines.append(line)
        lines.append(Text(""))
        lines.append(Text(TREND_HEADING, style="bold"))
        year_w = max((cell_len(f"{YEAR} {to_thai_digits(t.year)}") for t in self.totals),
                     default=0)
        suffix_w = max([4] + [cell_len(total_suffix(t)) for t in self.totals])
        trend_w = max(4, width - year_w - 1 - (VALUE_CELLS + 1) - 1 - suffix_w)
        computed = False
        missing: set[int] = set()
        for t in self.totals:
            label = f"{YEAR} {to_thai_digits(t.year)}"
            line = Text(label + " " * (year_w - cell_len(label)) + " ")
            line.append_text(self._cell(t.total, trend_w, solid_bar, "bold", pad=False))
            if t.total is not None:
                computed |= t.source not in (STORED, NONE)
                if t.source == PARTIAL:
                    missing.update(t.missing)
                    grade = f"({t.grade})" if t.grade else ""
                    line.append("* ", style="bold")
                    if grade:
                        line.append(grade + " ", style="dim")
                    line.append(PARTIAL_MARK, style="bold yellow")
                else:
                    line.append(total_suffix(t), style="bold")
            lines.append(line)
        if computed:
            lines.append(Text(COMPUTED_NOTE, style="dim"))
        if missing:
            lines.append(Text(PARTIAL_NOTE.format(
                missing=", ".join(to_thai_digits(n) for n in sorted(missing))), style="dim"))
        return lines

    @staticmethod
    def _cell(value: float | None, cells: int, draw, style: str, pad: bool = True) -> Text:
        """A bar of ``cells`` for 100 and the score after it, padded to ``cells`` + value."""
        bar = draw(value, cells) if value is not None else ""
        value_text = _fmt(value)
        out = Text(bar, style=style)
        out.append(" " + value_text, style=style)
        used = cell_len(bar) + 1 + cell_len(value_text)
        if pad:
            out.append(" " * max(0, cells + 1 + VALUE_CELLS - used))
        return out

    def plain(self, width: int) -> str:
        """The chart as plain text (tests)."""
        return "\n".join(line.plain for line in self.chart_lines(width))

    def render(self) -> Text:
        width = self.content_region.width or self.size.width or 80
        return Text("\n").join(self.chart_lines(width))
