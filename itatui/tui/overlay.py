"""The report as the officer sees it in the editor: the records with the unsaved edits applied.

The live preview and the problems panel work on these copies, so they follow the typing, not
only the saved files. Nothing here touches a file or imports Textual.
"""

from __future__ import annotations

import copy
from typing import Any

from itatui.core import schema
from itatui.core.errors import ItatuiError
from itatui.core.records import Record
from itatui.core.values import parse_value


def _set(data: dict, key: str, value: Any) -> None:
    parts = key.split(".")
    node: Any = data
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[int(part)]
        else:
            node = node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def overlay_record(rec: Record, texts: dict[str, str] | None) -> Record:
    """``rec`` with the edited ``texts`` (dotted key -> text) parsed and applied to a plain copy
    of its data; a text that does not parse (a word in a number) keeps the saved value."""
    if not texts or rec.error is not None:
        return rec
    data = copy.deepcopy(rec.data())
    for key, text in texts.items():
        spec = schema.field_spec(rec.kind, key)
        if spec is None:
            continue
        try:
            value = parse_value(spec, text, path=rec.path)
        except ItatuiError:
            continue
        try:
            _set(data, key, value)
        except (IndexError, ValueError, TypeError, AttributeError):
            continue
    return Record(rec.path, rec.kind, rec.text, data, None)


def overlay(records: dict[str, Record], pending: dict[str, dict[str, str]]) -> list[Record]:
    """Every record, edited ones replaced by their overlaid copies, in the store's order."""
    from itatui.core.records import _sort_key

    # a file that is missing altogether (text "") is left out: the checker reports it missing
    return [overlay_record(records[p], pending.get(p)) for p in sorted(records, key=_sort_key)
            if records[p].error is None or records[p].text]


def preview_markdown(records: list[Record], current: str | None, digits: str = "thai") -> str:
    """The part of the published report that ``current`` belongs to, as Markdown: the memo (memo
    and signers), the report's title and objective, an issue with its measures' table, or the
    scores table; the whole report for any other record."""
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
    else:
        blocks = md.blocks(report, digits)
    return "\n\n".join(b.markdown for b in blocks) + "\n"
