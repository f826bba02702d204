"""The analysis that starts the plan: last year's ITA result, indicator by indicator.

The plan of fiscal year N (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน, ITA O25) answers
the ITA result the agency received before it: the newest year of ``scores.toml`` before N,
against the year before that. An indicator is weak when it is below the ITA pass mark (85) or
fell from the year before; each is linked to the measures that address it (a measure's
``target_indicator`` or one of its ``indicators``). A weak indicator below the pass mark that
no measure addresses is what the checker warns about (``indicator-unaddressed``).

Pure: reads a :class:`~itatui.core.model.Report`, never the disk or the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from itatui.core.model import Measure, Report

#: the ITA pass mark (ผ่านเกณฑ์การประเมิน): 85 points
PASS_MARK = 85.0


@dataclass
class Finding:
    """One indicator of the catalogue in the analysed year."""

    number: int
    name: str
    score: float | None                 # the analysed year's score (None: not recorded)
    previous: float | None              # the year before's
    measures: list[Measure] = field(default_factory=list)   # the measures addressing it

    @property
    def below_pass(self) -> bool:
        return self.score is not None and self.score < PASS_MARK

    @property
    def fell(self) -> bool:
        return self.score is not None and self.previous is not None and \
            self.score < self.previous

    @property
    def weak(self) -> bool:
        return self.below_pass or self.fell

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return round(self.score - self.previous, 2)


@dataclass
class Analysis:
    fiscal_year: int                    # the plan's fiscal year (the records')
    year: int | None                    # the ITA result analysed (None: no earlier scores)
    previous_year: int | None
    findings: list[Finding] = field(default_factory=list)   # every indicator, catalogue order
    total: float | None = None
    previous_total: float | None = None

    @property
    def weak(self) -> list[Finding]:
        return [f for f in self.findings if f.weak]

    @property
    def unaddressed(self) -> list[Finding]:
        """Below the pass mark and addressed by no measure."""
        return [f for f in self.findings if f.below_pass and not f.measures]


def addressing(report: Report, number: int) -> list[Measure]:
    return [m for m in report.measures()
            if m.target_indicator == number or number in m.indicators]


def analysed_year(report: Report) -> int | None:
    """The newest year of the scores before the records' fiscal year (the result the plan of
    that year answers); None when there is none."""
    years = [y for y in report.scores if not report.fiscal_year or y < report.fiscal_year]
    return max(years) if years else None


def analyse(report: Report, year: int | None = None) -> Analysis:
    """The analysis of ``year`` (default :func:`analysed_year`) against the year before it."""
    year = analysed_year(report) if year is None else year
    earlier = [y for y in report.scores if year is not None and y < year]
    prev = max(earlier) if earlier else None
    out = Analysis(report.fiscal_year, year, prev)
    if year is None:
        return out
    now, before = report.scores.get(year, {}), report.scores.get(prev, {}) if prev else {}
    numbers = [i.number for i in report.catalogue.indicators] or sorted(now)
    for n in numbers:
        ind = report.catalogue.indicator(n)
        out.findings.append(Finding(n, ind.name if ind else "", now.get(n), before.get(n),
                                    addressing(report, n)))
    out.total = report.totals.get(year)
    out.previous_total = report.totals.get(prev) if prev else None
    return out
