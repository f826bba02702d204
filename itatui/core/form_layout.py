"""The fields the editor's form shows for a record, grouped (a group per approval, a group per
score year), from the schema. Core: no Textual, Rich or render."""

from __future__ import annotations

from dataclasses import dataclass, field

from itatui.core import schema
from itatui.core.records import Record
from itatui.core.thai import to_thai_digits


@dataclass
class FieldSlot:
    key: str                 # dotted key, e.g. "outcome", "approvals.0.name", "2568.1"
    spec: schema.Field
    label: str


@dataclass
class FieldGroup:
    title: str | None        # None: fields directly on the form
    slots: list[FieldSlot] = field(default_factory=list)
    inline: bool = False     # label and editor on one line (scores)
    table: str | None = None  # "approvals": a row of add/remove/move buttons; index in ``index``
    index: int = -1


def score_keys(rec: Record, extra: list[str] | tuple[str, ...] = ()) -> dict[str, list[str]]:
    """year -> indicator keys of the scores form: the record's, then ``extra`` ("2569.1")."""
    years: dict[str, list[str]] = {}
    for year, table in rec.data().items():
        if isinstance(table, dict):
            years[str(year)] = [str(k) for k in table]
    for key in extra:
        year, _, number = key.partition(".")
        if number and number not in years.setdefault(year, []):
            years[year].append(number)
    return years


def form_layout(rec: Record, indicator_names: dict[str, str] | None = None,
                extra: list[str] | tuple[str, ...] = ()) -> list[FieldGroup]:
    """The fields the form shows for ``rec``, grouped. Empty for a broken record. ``extra``:
    score keys added in the form but not saved yet."""
    if rec.error is not None or not rec.has_content:
        return []
    kind = rec.kind
    if kind.name == "scores":
        groups = []
        for year, numbers in score_keys(rec, extra).items():
            group = FieldGroup(f"คะแนนปี พ.ศ. {to_thai_digits(year)}", inline=True)
            for number in numbers:
                key = f"{year}.{number}"
                label = schema.field_label(kind, key)
                name = (indicator_names or {}).get(str(number))
                if name:
                    label += f" {name}"
                group.slots.append(FieldSlot(key, schema.field_spec(kind, key), label))
            groups.append(group)
        return groups
    if kind.dynamic:
        return []
    plain = FieldGroup(None)
    groups = [plain]
    for spec in kind.fields:
        if spec.kind == schema.TABLES:
            items = rec.get(spec.key) or []
            if not isinstance(items, list):
                continue
            for i, _item in enumerate(items):
                group = FieldGroup(f"{spec.label} คนที่ {to_thai_digits(i + 1)}",
                                   table=spec.key, index=i)
                for sub in spec.sub:
                    group.slots.append(FieldSlot(f"{spec.key}.{i}.{sub.key}", sub, sub.label))
                groups.append(group)
        else:
            plain.slots.append(FieldSlot(spec.key, spec, spec.label))
    return [g for g in groups if g.slots]


def layout_keys(groups: list[FieldGroup]) -> list[str]:
    return [slot.key for g in groups for slot in g.slots]
