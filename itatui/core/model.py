"""The report as plain Python objects, built from the records, for rendering and checking.

The records say who is in the approval chain; who has *approved* is in the history (approval
commits, :mod:`itatui.core.audit.approvals`). This module never reads the history: the layer
that renders a commit gathers that commit's approvals as :class:`RecordedApproval` values and
folds them into the report with :func:`with_approvals`.
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from itatui.core.errors import RecordError
from itatui.core.records import Record


@dataclass
class Agency:
    name: str = ""
    type: str = ""
    province: str = ""
    district: str = ""
    website: str = ""


@dataclass
class Signer:
    name: str = ""
    position: str = ""
    role: str = ""           # approvals: the block heading after ความเห็น
    acting_for: str = ""
    comment: str = ""
    signature: str = ""      # drafter: the text on the signature line
    approved_on: _dt.date | None = None   # approvals: the day this step approved, if it has


@dataclass(frozen=True)
class RecordedApproval:
    """One step of the approval chain as the history records it (an approval commit): the
    role approved in, the approver's name and e-mail as the commit gives them, the day (in the
    approver's own time zone), the comment given with ``itatui approve --comment``, and the
    position the officers list gives the approver (if any)."""

    role: str
    name: str
    date: _dt.date
    comment: str = ""
    email: str = ""
    position: str = ""


@dataclass
class Memo:
    department: str = ""
    reference: str = ""
    date: str = ""
    subject: str = ""
    to: str = ""
    background: str = ""
    facts: str = ""
    considerations: list[str] = field(default_factory=list)
    closing: str = ""
    drafter: Signer = field(default_factory=Signer)
    approvals: list[Signer] = field(default_factory=list)


@dataclass
class Measure:
    issue: int
    number: int
    path: str
    name: str = ""
    units: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    period: str = ""
    results: list[str] = field(default_factory=list)
    outcome: str = ""
    indicators: list[int] = field(default_factory=list)
    #: what the plan sets: the ITA indicator the measure aims at, the score aimed for
    #: ("ไม่น้อยกว่า ๘๕ คะแนน"), and its budget as written ("" when not given)
    target_indicator: int | None = None
    target_score: float | None = None
    budget: str = ""


@dataclass
class Issue:
    number: int
    path: str
    title: str = ""
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Indicator:
    number: int
    name: str
    instrument: str = ""


@dataclass
class Catalogue:
    indicators: list[Indicator] = field(default_factory=list)
    grades: list[tuple[str, float]] = field(default_factory=list)   # (grade, min), high to low
    weights: dict[str, float] = field(default_factory=dict)

    def indicator(self, number: int) -> Indicator | None:
        return next((i for i in self.indicators if i.number == number), None)

    def grade(self, score: float) -> str:
        for grade, low in self.grades:
            if score >= low:
                return grade
        return self.grades[-1][0] if self.grades else ""


@dataclass
class Plan:
    """The plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน, ITA O25) drawn from the same
    issues and measures as the report, with its own title, memo and approval chain
    (``records/plan/``). Its fiscal year is the report's (:attr:`Report.fiscal_year`): the
    plan of year N+1 is written at the start of N+1, when the records hold that year."""

    title: str = ""
    objective: str = ""
    ita_item: str = ""
    analysis: str = ""
    columns: list[str] = field(default_factory=list)
    memo: Memo = field(default_factory=Memo)


@dataclass
class Report:
    agency: Agency = field(default_factory=Agency)
    units: list[str] = field(default_factory=list)
    title: str = ""
    objective: str = ""
    fiscal_year: int = 0
    ita_year: int = 0
    ita_item: str = ""
    columns: list[str] = field(default_factory=list)
    memo: Memo = field(default_factory=Memo)
    issues: list[Issue] = field(default_factory=list)
    scores: dict[int, dict[int, float]] = field(default_factory=dict)   # year -> indicator -> score
    totals: dict[int, float] = field(default_factory=dict)
    catalogue: Catalogue = field(default_factory=Catalogue)
    #: the plan's own records (None when the repository has no ``records/plan/``)
    plan: Plan | None = None

    def measures(self) -> list[Measure]:
        return [m for i in self.issues for m in i.measures]


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def with_approvals(report: Report, approvals, document: str = "report") -> Report:
    """The report with the recorded approvals folded into its approval chain (a new Report;
    the one given is not changed). Each step of ``signers.toml`` whose role has an approval
    gets its day (``approved_on``) and the approval's comment (the comment in the records when
    the approval gave none). When the approver is the person the records name for that step,
    the step keeps its name, position and acting-for as recorded; when someone else approved
    in that role, the block names the approver, with the position the officers list gives
    (else the role). Steps without an approval are left as recorded (their comment blocks keep
    their dotted lines). Approvals in a role that is not in the chain are ignored.
    ``document="plan"`` folds them into the plan's memo instead (the plan's own chain)."""
    by_role: dict[str, RecordedApproval] = {}
    for ap in approvals or ():
        by_role.setdefault(ap.role.strip(), ap)
    memo = report.plan.memo if document == "plan" and report.plan is not None else report.memo
    if not by_role or (document == "plan" and report.plan is None):
        return report
    steps = []
    for signer in memo.approvals:
        ap = by_role.get(signer.role.strip())
        if ap is None:
            steps.append(signer)
            continue
        comment = ap.comment if ap.comment.strip() else signer.comment
        if not signer.name.strip() or _same_person(ap.name, signer.name):
            steps.append(replace(signer, comment=comment, approved_on=ap.date,
                                 name=signer.name or ap.name,
                                 position=signer.position or ap.position or signer.role))
        else:
            steps.append(replace(signer, comment=comment, approved_on=ap.date, name=ap.name,
                                 position=ap.position or signer.role, acting_for=""))
    if document == "plan":
        return replace(report, plan=replace(report.plan, memo=replace(memo, approvals=steps)))
    return replace(report, memo=replace(memo, approvals=steps))


def _s(d: dict, key: str) -> str:
    v = d.get(key, "")
    return "" if v is None else str(v)


def _l(d: dict, key: str) -> list:
    v = d.get(key, [])
    return list(v) if isinstance(v, list) else [v]


def load_catalogue(data: dict | None = None) -> Catalogue:
    """The ITA catalogue from a record (``records/catalogue.toml``) or the packaged default."""
    if data is None:
        text = resources.files("itatui.data").joinpath("catalogue.toml").read_text("utf-8")
        data = tomllib.loads(text)
    cat = Catalogue()
    for ind in data.get("indicators", []):
        cat.indicators.append(Indicator(int(ind["number"]), str(ind.get("name", "")),
                                        str(ind.get("instrument", ""))))
    grades = [(str(g["grade"]), float(g["min"])) for g in data.get("grades", [])]
    cat.grades = sorted(grades, key=lambda g: -g[1])
    for code, inst in (data.get("instruments", {}) or {}).items():
        if isinstance(inst, dict) and "weight" in inst:
            cat.weights[code] = float(inst["weight"])
    return cat


def build_report(records: list[Record]) -> Report:
    """Assemble the report. Broken records raise the first error (render needs them all)."""
    broken = [r for r in records if r.error is not None]
    if broken:
        raise broken[0].error
    rep = Report()
    catalogue_data = None
    issues: dict[int, Issue] = {}
    measures: list[Measure] = []
    for rec in records:
        d = rec.data()
        kind = rec.kind.name
        if kind == "agency":
            rep.agency = Agency(_s(d, "name"), _s(d, "type"), _s(d, "province"),
                                _s(d, "district"), _s(d, "website"))
        elif kind == "units":
            rep.units = [str(u) for u in _l(d, "units")]
        elif kind == "report":
            rep.title, rep.objective = _s(d, "title"), _s(d, "objective")
            rep.fiscal_year = _int(d.get("fiscal_year", 0), rec, "fiscal_year")
            rep.ita_year = _int(d.get("ita_year", 0), rec, "ita_year")
            rep.ita_item = _s(d, "ita_item")
            rep.columns = [str(c) for c in _l(d, "columns")]
        elif kind in ("memo", "plan_memo"):
            _fill_memo(rep.memo if kind == "memo" else _plan(rep).memo, d)
        elif kind in ("signers", "plan_signers"):
            _fill_signers(rep.memo if kind == "signers" else _plan(rep).memo, d)
        elif kind == "plan":
            plan = _plan(rep)
            plan.title, plan.objective = _s(d, "title"), _s(d, "objective")
            plan.ita_item, plan.analysis = _s(d, "ita_item"), _s(d, "analysis")
            plan.columns = [str(c) for c in _l(d, "columns")]
        elif kind == "scores":
            for year, table in d.items():
                if not isinstance(table, dict):
                    continue
                y = _int(year, rec, year)
                for key, value in table.items():
                    if key == "total":
                        rep.totals[y] = _float(value, rec, f"{year}.total")
                    else:
                        rep.scores.setdefault(y, {})[_int(key, rec, f"{year}.{key}")] = \
                            _float(value, rec, f"{year}.{key}")
        elif kind == "catalogue":
            catalogue_data = d
        elif kind == "issue":
            (n,) = rec.numbers
            issues[n] = Issue(n, rec.path, _s(d, "title"))
        elif kind == "measure":
            i, n = rec.numbers
            measures.append(Measure(
                i, n, rec.path, _s(d, "name"), [str(u) for u in _l(d, "units")],
                [str(a) for a in _l(d, "activities")], _s(d, "period"),
                [str(r) for r in _l(d, "results")], _s(d, "outcome"),
                [_int(x, rec, "indicators") for x in _l(d, "indicators")],
                _optional(d, "target_indicator", rec, _int),
                _optional(d, "target_score", rec, _float), _s(d, "budget")))
    rep.catalogue = load_catalogue(catalogue_data)
    for m in sorted(measures, key=lambda m: (m.issue, m.number)):
        issue = issues.get(m.issue)
        if issue is None:   # a measure whose issue file is missing still shows
            issue = issues[m.issue] = Issue(m.issue, "", "")
        issue.measures.append(m)
    rep.issues = [issues[k] for k in sorted(issues)]
    return rep


def _plan(rep: Report) -> Plan:
    if rep.plan is None:
        rep.plan = Plan()
    return rep.plan


def _fill_memo(m: Memo, d: dict) -> None:
    for key in ("department", "reference", "date", "subject", "to", "background", "facts",
                "closing"):
        setattr(m, key, _s(d, key))
    m.considerations = [str(c) for c in _l(d, "considerations")]


def _fill_signers(m: Memo, d: dict) -> None:
    dr = d.get("drafter", {}) or {}
    m.drafter = Signer(name=_s(dr, "name"), position=_s(dr, "position"),
                       signature=_s(dr, "signature"))
    m.approvals = [Signer(name=_s(a, "name"), position=_s(a, "position"), role=_s(a, "role"),
                          acting_for=_s(a, "acting_for"), comment=_s(a, "comment"))
                   for a in d.get("approvals", []) if isinstance(a, dict)]


def _optional(d: dict, key: str, rec: Record, conv):
    v = d.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    return conv(v, rec, key)


def _int(v: Any, rec: Record, key: str) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        raise RecordError(f"ต้องเป็นจำนวนเต็ม แต่ได้ \"{v}\"", path=rec.path, field=key) from None


def _float(v: Any, rec: Record, key: str) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        raise RecordError(f"ต้องเป็นตัวเลข แต่ได้ \"{v}\"", path=rec.path, field=key) from None
