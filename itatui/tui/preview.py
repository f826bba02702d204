"""The live preview's Markdown: the part of the published report the selected record belongs
to, rendered from the records as the officer sees them (:mod:`itatui.core.overlay`)."""

from __future__ import annotations

from itatui.core import schema
from itatui.core.records import Record


def preview_markdown(records: list[Record], current: str | None, digits: str = "thai") -> str:
    """The part of the published report that ``current`` belongs to, as Markdown: the memo (memo
    and signers), the report's title and objective, an issue with its measures' table, or the
    scores table; for the plan's records (records/plan/) the plan's memo, or its title,
    objective and analysis; the whole report for any other record."""
    from itatui.core.model import build_report
    from itatui.render import markdown as md

    good = [r for r in records if r.error is None]
    report = build_report(good)
    kind = schema.kind_of(current or "")
    name = kind.name if kind else ""
    if name in ("memo", "signers"):
        blocks = md.memo_blocks(report, digits)
    elif name == "report":
        blocks = md.report_blocks(report, digits)
        blocks = [b for b in blocks if b.cls in ("report-title", "objective")]
    elif name in ("issue", "measure"):
        number = schema.numbers_of(current)[0]
        issue = next((i for i in report.issues if i.number == number), None)
        blocks = [md.issue_block(report, issue, digits)] if issue is not None else []
    elif name in ("scores", "catalogue"):
        block = md.scores_block(report, digits)
        blocks = [block] if block is not None else []
    elif name in ("plan_memo", "plan_signers", "plan"):
        # the plan's own records: its memo, or its title, objective and analysis
        from itatui.render import plan

        if report.plan is None:
            return ""
        if name == "plan":
            blocks = [b for b in plan.plan_blocks(report, digits)
                      if b.cls in ("report-title", "objective", "analysis")]
        else:
            blocks = md.memo_blocks(plan.as_report(report), digits)
    else:
        blocks = md.blocks(report, digits)
    return "\n\n".join(b.markdown for b in blocks) + "\n"
