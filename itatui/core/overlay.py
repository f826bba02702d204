"""The report as the officer sees it in the editor: the records with the unsaved edits applied.

The editor's live preview and problems panel work on these copies, so they follow the typing,
not only the saved files. Core: nothing here touches a file or imports Textual, Rich or render.
"""

from __future__ import annotations

import copy
from typing import Any

from itatui.core.form_values import parsed_texts
from itatui.core.records import Record


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
    elif value is None:             # an optional number emptied: no key (form_values)
        node.pop(last, None)
    else:
        node[last] = value


def overlay_record(rec: Record, texts: dict[str, str] | None) -> Record:
    """``rec`` with the edited ``texts`` (dotted key -> text) parsed and applied to a plain copy
    of its data; a text that does not parse (a word in a number) keeps the saved value."""
    if not texts or rec.error is not None:
        return rec
    data = copy.deepcopy(rec.data())
    for key, value in parsed_texts(rec, texts, skip_invalid=True):
        try:
            _set(data, key, value)
        except (IndexError, ValueError, TypeError, AttributeError):
            continue
    return Record(rec.path, rec.kind, rec.text, data, None)


def overlay(records: dict[str, Record], pending: dict[str, dict[str, str]]) -> list[Record]:
    """Every record, edited ones replaced by their overlaid copies, in the store's order."""
    from itatui.core.records import path_order

    # a file that is missing altogether (text "") is left out: the checker reports it missing
    return [overlay_record(records[p], pending.get(p)) for p in sorted(records, key=path_order)
            if records[p].error is None or records[p].text]
