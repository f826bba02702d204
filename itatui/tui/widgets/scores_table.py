"""The ITA scores as an indicators x years table, with each year's total and its grade.

The total of a year is the stored ``total`` when scores.toml has one, otherwise it is computed
with the catalogue's instrument weights (:mod:`itatui.core.scoring`); the "ที่มา" row says which.
The table follows the form: it is rebuilt from the texts being edited, not only from the file.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from itatui.core.model import Catalogue
from itatui.core.scoring import COMPUTED, NONE, PARTIAL, STORED, year_totals
from itatui.core.thai import to_thai_digits

SOURCE_LABELS = {
    STORED: "คะแนนรวมที่บันทึกไว้",
    COMPUTED: "คำนวณตามน้ำหนักแบบวัด",
    PARTIAL: "คำนวณ (ตัวชี้วัดไม่ครบ)",
    NONE: "ไม่มีคะแนน",
}
TOTAL_ROW = "คะแนนรวม"
GRADE_ROW = "ระดับผล"
SOURCE_ROW = "ที่มา"


def _fmt(value: float | None) -> str:
    return "–" if value is None else to_thai_digits(f"{value:.2f}")


class ScoresTable(DataTable):
    """Indicators as rows, years as columns (oldest first); totals, grades and their source at
    the bottom."""

    DEFAULT_CSS = """
    ScoresTable { height: auto; max-height: 20; margin: 0 0 1 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, zebra_stripes=True, cursor_type="cell", show_cursor=False)
        self.rows_shown: dict[str, list[str]] = {}   # row label -> cells (for tests)

    def show(self, data: dict, catalogue: Catalogue) -> None:
        """Fill the table from scores data (``{"2568": {"1": 100.0, ...}, ...}``)."""
        self.clear(columns=True)
        self.rows_shown = {}
        # oldest first, as the published scores table and the chart read (not the file's
        # order: a year added after new-year is written last, after the oldest)
        years = sorted((y for y, t in data.items() if str(y).isdigit() and isinstance(t, dict)),
                       key=int)
        self.add_column("ตัวชี้วัด", key="indicator")
        for y in years:
            self.add_column(f"พ.ศ. {to_thai_digits(y)}", key=str(y))
        numbers = sorted({int(k) for y in years for k in data[y] if str(k).isdigit()})
        for n in numbers:
            ind = catalogue.indicator(n)
            label = f"{to_thai_digits(n)} {ind.name if ind else '(ไม่มีในแคตตาล็อก)'}"
            cells = []
            for y in years:
                v = data[y].get(str(n), data[y].get(n))
                cells.append(_fmt(float(v)) if isinstance(v, (int, float))
                             and not isinstance(v, bool) else "–")
            self.rows_shown[label] = cells
            self.add_row(label, *[Text(c, justify="right") for c in cells], key=f"i{n}")
        totals = {str(t.year): t for t in year_totals({y: data[y] for y in years}, catalogue)}
        tot = [_fmt(totals[y].total) if y in totals else "–" for y in years]
        grade = [(totals[y].grade or "–") if y in totals else "–" for y in years]
        source = [SOURCE_LABELS[totals[y].source] if y in totals else "–" for y in years]
        self.rows_shown[TOTAL_ROW] = tot
        self.rows_shown[GRADE_ROW] = grade
        self.rows_shown[SOURCE_ROW] = source
        self.add_row(Text(TOTAL_ROW, style="bold"),
                     *[Text(c, style="bold", justify="right") for c in tot], key="total")
        self.add_row(Text(GRADE_ROW, style="bold"),
                     *[Text(c, style="bold", justify="right") for c in grade], key="grade")
        self.add_row(Text(SOURCE_ROW, style="dim"),
                     *[Text(c, style="dim", justify="right") for c in source], key="source")
