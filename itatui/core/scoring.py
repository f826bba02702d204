"""The scores as an indicators x years table: each year's total and its grade.

A year's total is the stored ``total`` of ``scores.toml`` when there is one; otherwise it is
computed from the indicator scores with the catalogue's instrument weights (the mean score of
each instrument's indicators, weighted; instruments without a score are left out and the
weights of the others are scaled up). The table says which of the two a total is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itatui.core.model import Catalogue

STORED, COMPUTED, PARTIAL, NONE = "stored", "computed", "partial", "none"


@dataclass
class YearTotal:
    year: int
    total: float | None
    source: str                     # STORED, COMPUTED, PARTIAL (some indicators missing), NONE
    grade: str = ""
    missing: list[int] = field(default_factory=list)   # catalogue indicators with no score


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def computed_total(scores: dict[int, float], catalogue: Catalogue) -> tuple[float | None, bool]:
    """The weighted total of one year's indicator scores, and whether every instrument had a
    score. ``None`` when no indicator of a weighted instrument has a score."""
    by_instrument: dict[str, list[float]] = {}
    for ind in catalogue.indicators:
        if ind.number in scores and ind.instrument in catalogue.weights:
            by_instrument.setdefault(ind.instrument, []).append(scores[ind.number])
    if not by_instrument:
        return None, False
    weight = sum(catalogue.weights[i] for i in by_instrument)
    if weight <= 0:
        return None, False
    total = sum(catalogue.weights[i] * (sum(v) / len(v)) for i, v in by_instrument.items())
    complete = set(by_instrument) == {i for i, w in catalogue.weights.items() if w > 0}
    return round(total / weight, 2), complete


def year_totals(data: dict, catalogue: Catalogue) -> list[YearTotal]:
    """One :class:`YearTotal` per year table of ``scores.toml`` data, in the file's order."""
    out = []
    for year, table in data.items():
        if not (str(year).isdigit() and isinstance(table, dict)):
            continue
        scores = {int(k): v for k, raw in table.items()
                  if str(k).isdigit() and (v := _number(raw)) is not None}
        missing = [i.number for i in catalogue.indicators if i.number not in scores]
        stored = _number(table.get("total"))
        if stored is not None:
            yt = YearTotal(int(year), stored, STORED, missing=missing)
        else:
            total, complete = computed_total(scores, catalogue)
            if total is None:
                yt = YearTotal(int(year), None, NONE, missing=missing)
            else:
                yt = YearTotal(int(year), total, COMPUTED if complete and not missing
                               else PARTIAL,
                               missing=missing)
        if yt.total is not None and catalogue.grades:
            yt.grade = catalogue.grade(yt.total)
        out.append(yt)
    return out
