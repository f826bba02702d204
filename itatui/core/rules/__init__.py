"""Content rules of ``itatui check``, one module per family of mistakes.

Each module has ``check(ctx) -> list[Problem]``; :data:`FAMILIES` lists them in the order they
run. :class:`Context` gives every rule the same view of the records: the plain data of each
singleton record, the issues and measures, the scores, the catalogue, the chosen digits, and
:meth:`Context.texts` which walks every piece of text with its record and dotted field.

Codes are stable (tests and the TUI's problems panel rely on them):

content     outcome-without-score, indicators-mismatch, no-approvals, placeholder-text,
            results-fewer-than-activities
numbering   item-numbered, text-numbering-gap, issue-number-in-title
outcomes    outcome-year, outcome-previous-year, outcome-direction, outcome-score-mismatch,
            outcome-score-missing
indicators  indicator-name, indicator-name-other, unknown-indicator (quoted in an outcome)
names       agency-name-spelling, agency-type-mismatch, other-agency-name
terms       wrong-agency-term
periods     period-fiscal-year, fiscal-year-text, ita-year, memo-date-early
copies      copied-text (also a result or outcome word for word the previous year's), copied-score
digits      mixed-digits, digits-style
control     control-char (a control character or bidi override written into a record by hand)
targets     target-unknown-indicator, target-score-range, target-without-indicator,
            target-not-mentioned, target-missed,
            indicator-unaddressed (below the pass mark in the year analysed, no measure)

The document checked (``Context.document``, "report" or "plan") chooses the records whose texts
are read besides the shared ones (:data:`itatui.core.schema.DOCUMENT_KINDS`: the report's
report/memo/signers, or the plan's plan/plan_memo/plan_signers); the plan, written before
results and outcomes, is checked without them (the outcome rules do not run on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

FAMILIES = ("content", "numbering", "outcomes", "indicators", "names", "terms", "periods",
            "copies", "digits", "control", "targets")
#: the shared records whose texts every document shows
_SHARED_TEXTS = ("agency", "units")
#: a measure's fields that are the report's alone (the plan has none of them yet)
REPORT_ONLY_FIELDS = ("results", "outcome")


@dataclass
class Context:
    records: list[Any]
    digits: str = "thai"
    singletons: dict[str, dict] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)       # kind -> path
    issues: list[Any] = field(default_factory=list)
    measures: list[Any] = field(default_factory=list)
    scores: dict[int, dict[int, float]] = field(default_factory=dict)
    catalogue: Any = None
    #: the measures of the previous fiscal year's final state (``itatui check`` reads them
    #: from the history: the parent of the new-year commit), for ``copied-text`` across years
    previous: list[Any] = field(default_factory=list)
    #: the document checked: "report" or "plan" (the plan has no results or outcomes yet)
    document: str = "report"

    @classmethod
    def build(cls, records: list[Any], digits: str = "thai") -> "Context":
        from itatui.core.model import load_catalogue

        ctx = cls([r for r in records if r.error is None], digits)
        for rec in ctx.records:
            kind = rec.kind.name
            if kind == "issue":
                ctx.issues.append(rec)
            elif kind == "measure":
                ctx.measures.append(rec)
            else:
                ctx.singletons[kind] = rec.data()
                ctx.paths[kind] = rec.path
        ctx.issues.sort(key=lambda r: r.numbers)
        ctx.measures.sort(key=lambda r: r.numbers)
        for year, table in ctx.singletons.get("scores", {}).items():
            if str(year).isdigit() and isinstance(table, dict):
                for k, v in table.items():
                    if str(k).isdigit() and isinstance(v, (int, float)) and not isinstance(v, bool):
                        ctx.scores.setdefault(int(year), {})[int(k)] = float(v)
        try:
            ctx.catalogue = load_catalogue(ctx.singletons.get("catalogue"))
        except (KeyError, TypeError, ValueError):
            ctx.catalogue = load_catalogue(None)
        return ctx

    def get(self, kind: str, key: str, default: Any = "") -> Any:
        value = self.singletons.get(kind, {}).get(key, default)
        return default if value is None else value

    @property
    def fiscal_year(self) -> int:
        fy = self.get("report", "fiscal_year", 0)
        return fy if isinstance(fy, int) and not isinstance(fy, bool) else 0

    @property
    def agency_name(self) -> str:
        name = self.get("agency", "name", "")
        return name.strip() if isinstance(name, str) else ""

    @property
    def agency_type(self) -> str:
        from itatui.core.schema import agency_type

        t = self.get("agency", "type", "")
        return (t if isinstance(t, str) and t.strip() else agency_type(self.agency_name)).strip()

    @property
    def plan(self) -> bool:
        """Whether the plan is checked (not the report)."""
        return self.document == "plan"

    def own(self, name: str) -> str:
        """The kind of the document checked standing for the report's ``name`` ("report",
        "memo", "signers"): the same for the report, "plan", "plan_memo", "plan_signers" for the
        plan."""
        from itatui.core.schema import DOCUMENT_KINDS

        index = DOCUMENT_KINDS["report"].index(name)
        return DOCUMENT_KINDS.get(self.document, DOCUMENT_KINDS["report"])[index]

    def texts(self, include_units: bool = True) -> Iterator[tuple[str, str, str]]:
        """(record path, dotted field, text) for every text the document checked shows: the
        shared records', its own records' (:meth:`own`), the issues' and the measures' (for the
        plan, without results and outcomes)."""
        own = tuple(self.own(k) for k in ("report", "memo", "signers"))
        for kind in _SHARED_TEXTS + own:
            data = self.singletons.get(kind)
            if data is None:
                continue
            if kind == "units" and not include_units:
                continue
            yield from _walk(self.paths[kind], "", data, skip=("fiscal_year", "ita_year",
                                                              "ita_item", "columns", "type"))
        for rec in self.issues + self.measures:
            data = rec.data()
            for key, value in data.items():
                if key == "units" and not include_units:
                    continue
                if self.plan and key in REPORT_ONLY_FIELDS:
                    continue
                yield from _walk(rec.path, key, value)


def _walk(path: str, prefix: str, value: Any, skip: tuple[str, ...] = ()) -> Iterator:
    if isinstance(value, str):
        if value.strip():
            yield path, prefix, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in skip:
                continue
            yield from _walk(path, f"{prefix}.{k}" if prefix else str(k), v)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(path, f"{prefix}.{i}" if prefix else str(i), v)


def run_rules(records: list[Any], digits: str = "thai", previous: list[Any] = (),
              document: str = "report") -> list:
    # imported when the rules run (not with the package: the importer reads outcomes.py alone)
    from itatui.core.rules import (content, control, copies, digits as digit_rules, indicators,
                                   names, numbering, outcomes, periods, targets, terms)

    modules = {"content": content, "numbering": numbering, "outcomes": outcomes,
               "indicators": indicators, "names": names, "terms": terms, "periods": periods,
               "copies": copies, "digits": digit_rules, "control": control,
               "targets": targets}
    ctx = Context.build(records, digits)
    ctx.previous = [r for r in previous if r.error is None and r.kind.name == "measure"]
    ctx.document = document
    out = []
    for name in FAMILIES:
        if ctx.plan and name in ("outcomes", "indicators"):     # outcomes: the report's
            continue
        out += modules[name].check(ctx)
    return out
