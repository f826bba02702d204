"""The audit app's years tab (6): its table, whose keys (Enter, r, p) are in the footer while
it has the focus, and one row of it per fiscal year (:mod:`.years`)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from itatui.core.thai import digits as in_digits
from itatui.core.thai import to_thai_digits
from itatui.core.zones import be_datetime
from itatui.tui.audit.fittable import Col, FitTable
from itatui.tui.audit.years import YearRow

YEAR_COLS = [Col("ปีงบประมาณ"), Col("ฉบับแรก", wrap=True, minimum=11, words=True),
             Col("ฉบับล่าสุด", wrap=True, minimum=11, words=True), Col("คอมมิต"),
             Col("ฉบับที่เผยแพร่", wrap=True, minimum=12)]


def year_cells(row: YearRow, digits: str = "thai", zone=None) -> list[Text]:
    """A year's row: พ.ศ. and the year, its first and last commit (date in the agency's zone,
    Buddhist Era, over the commit), its number of commits, its releases."""
    def commit(sha: str, date: str) -> Text:
        when = be_datetime(date, digits, zone=zone) if date else ""
        return Text(f"{when}\n{sha[:8]}" if when else sha[:8])

    return [Text(f"พ.ศ. {to_thai_digits(row.year.year)}", style="bold"),
            commit(row.year.first, row.first_date), commit(row.year.last, row.last_date),
            Text(in_digits(str(row.commits), digits)),
            Text("\n".join(row.year.releases)) if row.year.releases
            else Text("ยังไม่เผยแพร่", style="dim")]


class YearsTable(FitTable):
    """The fiscal years; its keys are in the footer while it has the focus."""

    BINDINGS = [
        Binding("enter", "select_cursor", "ลำดับเวลาของปี", tooltip="ลำดับเวลาเฉพาะปีที่เลือก"),
        Binding("r", "app.year_document('report')", "รายงานของปี",
                tooltip="รายงานของปีที่เลือก ณ ฉบับล่าสุดของปี"),
        Binding("p", "app.year_document('plan')", "แผนของปี",
                tooltip="แผนของปีที่เลือก ณ ฉบับล่าสุดของปี"),
    ]
