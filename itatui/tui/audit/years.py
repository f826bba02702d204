"""The audit app's years (tab 6, ปีงบประมาณ): each fiscal year of the history
(:func:`itatui.core.newyear.fiscal_years`: the one set of records, a new-year commit starting
each year after the first) with the dates of its first and last commits in the agency's zone
(Buddhist Era), its number of commits and its releases; and the commits of one year, which
narrow the timeline to that year."""

from __future__ import annotations

from dataclasses import dataclass

from itatui.core import schema
from itatui.core.history import History
from itatui.core.newyear import FiscalYear, fiscal_years

PLAN = schema.KIND_BY_NAME["plan"].singleton_path or ""


@dataclass
class YearRow:
    year: FiscalYear
    first_date: str              # git's author date (ISO) of the year's first commit
    last_date: str               # ... and of its last
    commits: int                 # how many commits the year holds (what the timeline shows)
    since: str = ""              # the commit before the year (the last of the year before)
    has_plan: bool = False       # its last commit holds the plan's records (records/plan/)


def _excluded(hist: History, year: FiscalYear, index: int) -> str:
    """The commit whose history is not this year's: the first parent of the new-year commit
    that started it ("" for the first year, which goes back to the first commit)."""
    if index == 0:
        return ""
    parents = hist.git_text("rev-list", "--parents", "-n", "1", year.first).split()
    return parents[1] if len(parents) > 1 else ""


def year_commits(hist: History, row: YearRow) -> set[str]:
    """Every commit of ``row``'s year: reachable from its last commit and not from the year
    before (a sync's merge brings the other clone's commits of the same year with it)."""
    args = ["rev-list", row.year.last] + ([f"^{row.since}"] if row.since else [])
    return set(hist.git_text(*args).split())


def year_rows(hist: History) -> list[YearRow]:
    """The fiscal years of the history, oldest first, with their dates and commit counts."""
    if not hist.head():
        return []
    years = fiscal_years(hist)
    shas = sorted({sha for y in years for sha in (y.first, y.last)})
    dates = {}
    for line in hist.git_text("show", "-s", "--format=%H %aI", *shas).splitlines():
        sha, _, date = line.partition(" ")
        dates[sha] = date.strip()
    rows = []
    for i, y in enumerate(years):
        row = YearRow(y, dates.get(y.first, ""), dates.get(y.last, ""), 0,
                      _excluded(hist, y, i))
        args = ["rev-list", "--count", y.last] + ([f"^{row.since}"] if row.since else [])
        row.commits = int(hist.git_text(*args).strip() or 0)
        row.has_plan = hist.show_file(y.last, PLAN) is not None
        rows.append(row)
    return rows
