"""The form of one record, generated from the schema: a Thai label and an editor per field.

Editors show a field as text (``values.format_value``): STR, INT and FLOAT in a one-line input,
TEXT and lists in a multi-line editor (lists one item per line). The form only tracks the text;
parsing and saving are the app's work. A field whose text differs from the record's value is
reported with :class:`RecordForm.FieldEdited`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from itatui.core import schema
from itatui.core.errors import RecordError
from itatui.core.records import Record
from itatui.core.thai import to_thai_digits
from itatui.core.values import format_value, parse_value
from itatui.tui.thai_widgets import ThaiInput, ThaiTextArea

MULTILINE = (schema.TEXT, schema.LIST, schema.INT_LIST)
LIST_HINT = "หนึ่งรายการต่อหนึ่งบรรทัด"


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


def form_layout(rec: Record, indicator_names: dict[str, str] | None = None) -> list[FieldGroup]:
    """The fields the form shows for ``rec``, grouped. Empty for a broken record."""
    if rec.error is not None or rec.doc is None:
        return []
    kind = rec.kind
    if kind.name == "scores":
        groups = []
        for year, table in rec.data().items():
            if not isinstance(table, dict):
                continue
            group = FieldGroup(f"คะแนนปี พ.ศ. {to_thai_digits(year)}", inline=True)
            for number in table:
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
                group = FieldGroup(f"{spec.label} คนที่ {to_thai_digits(i + 1)}")
                for sub in spec.sub:
                    group.slots.append(FieldSlot(f"{spec.key}.{i}.{sub.key}", sub, sub.label))
                groups.append(group)
        else:
            plain.slots.append(FieldSlot(spec.key, spec, spec.label))
    return [g for g in groups if g.slots]


def layout_keys(groups: list[FieldGroup]) -> list[str]:
    return [slot.key for g in groups for slot in g.slots]


def _parses(spec: schema.Field):
    def check(text: str) -> bool:
        if not text.strip():
            return True        # an empty number is reported when saving
        try:
            parse_value(spec, text)
        except RecordError:
            return False
        return True
    return check


class FieldBox(Vertical):
    """One field: its label (and hint) and its editor."""

    def __init__(self, path: str, slot: FieldSlot, initial: str, text: str,
                 *, inline: bool = False) -> None:
        super().__init__(classes="field inline" if inline else "field")
        self.path = path
        self.key = slot.key
        self.spec = slot.spec
        self.label_text = slot.label
        self.initial = initial
        spec = slot.spec
        if spec.kind in MULTILINE:
            self.editor: Input | TextArea = ThaiTextArea(
                text, soft_wrap=True, tab_behavior="focus",
                show_line_numbers=spec.kind != schema.TEXT, classes="editor")
        else:
            validators = []
            if spec.kind in (schema.INT, schema.FLOAT):
                validators.append(Function(_parses(spec), "ต้องเป็นตัวเลข"))
            self.editor = ThaiInput(value=text, select_on_focus=False, validators=validators,
                                    valid_empty=True, classes="editor")
        self.editor.field_box = self  # type: ignore[attr-defined]

    def compose(self):
        label = Text(self.label_text, style="bold")
        if self.spec.required:
            label.append(" *", style="red")
        yield Static(label, classes="field-label")
        hint = self.spec.hint or (LIST_HINT if self.spec.kind in (schema.LIST, schema.INT_LIST)
                                  else "")
        if hint and not self.has_class("inline"):
            yield Static(Text(hint, style="dim italic"), classes="field-hint")
        yield self.editor

    @property
    def text(self) -> str:
        return self.editor.value if isinstance(self.editor, Input) else self.editor.text

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, Input):
            self.editor.value = text
        else:
            self.editor.text = text

    @property
    def changed(self) -> bool:
        return self.text != self.initial


class RecordForm(VerticalScroll, can_focus=False):
    """The editable form of the selected record (or its error when it cannot be read).

    The form itself takes no focus: Tab goes from the tree straight to the first field."""

    class FieldEdited(Message):
        """A field's text changed: ``text`` is None when it is back to the record's value."""

        def __init__(self, path: str, key: str, text: str | None) -> None:
            super().__init__()
            self.path = path
            self.key = key
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: Record | None = None
        self.boxes: dict[str, FieldBox] = {}
        self.indicator_names: dict[str, str] = {}

    # -- building ---------------------------------------------------------------------------
    async def show(self, rec: Record, pending: dict[str, str] | None = None) -> None:
        """Show ``rec``; ``pending`` (key -> text) restores edits not saved yet."""
        pending = pending or {}
        self.record = rec
        self.boxes = {}
        await self.remove_children()
        await self.mount_all(self._build(rec, pending))
        self.scroll_home(animate=False)

    def _build(self, rec: Record, pending: dict[str, str]) -> list[Widget]:
        title = Text(rec.title, style="bold")
        title.append(f"   {rec.path}", style="dim")
        widgets: list[Widget] = [Static(title, classes="form-title")]
        if rec.error is not None:
            msg = Text("⚠ อ่านระเบียนนี้ไม่ได้\n\n", style="bold red")
            msg.append(str(rec.error))
            msg.append("\n\nแก้ไฟล์นี้ด้วยโปรแกรมแก้ข้อความ แล้วกด ctrl+r เพื่อโหลดใหม่ "
                       "ระเบียนอื่นยังแก้ไขได้ตามปกติ", style="dim")
            widgets.append(Static(msg, classes="form-error"))
            return widgets
        groups = form_layout(rec, self.indicator_names)
        if not groups:
            widgets.append(Static(Text("ระเบียนนี้ไม่มีช่องให้แก้ไขในหน้าจอนี้", style="dim"),
                                  classes="form-note"))
            return widgets
        for group in groups:
            boxes = [self._box(rec, slot, pending, group.inline) for slot in group.slots]
            if group.title is None:
                widgets.extend(boxes)
            else:
                container = Vertical(*boxes, classes="group")
                container.border_title = group.title
                widgets.append(container)
        return widgets

    def _box(self, rec: Record, slot: FieldSlot, pending: dict[str, str],
             inline: bool) -> FieldBox:
        initial = format_value(slot.spec, rec.get(slot.key))
        box = FieldBox(rec.path, slot, initial, pending.get(slot.key, initial), inline=inline)
        self.boxes[slot.key] = box
        return box

    async def resync(self, rec: Record, pending: dict[str, str] | None = None) -> None:
        """Show a reloaded ``rec`` keeping the editors (focus, cursor) when the fields are the
        same: each editor shows its pending text, or else the record's value."""
        pending = pending or {}
        same = (self.record is not None and self.record.path == rec.path
                and rec.error is None and self.record.error is None
                and layout_keys(form_layout(rec, self.indicator_names)) == list(self.boxes))
        if not same:
            await self.show(rec, pending)
            return
        self.record = rec
        for key, box in self.boxes.items():
            box.initial = format_value(box.spec, rec.get(key))
            want = pending.get(key, box.initial)
            if box.text != want:
                box.set_text(want)

    # -- state ------------------------------------------------------------------------------
    def capture(self) -> dict[str, str]:
        """The texts of the fields that differ from the record (key -> text)."""
        return {key: box.text for key, box in self.boxes.items() if box.changed}

    def box(self, key: str) -> FieldBox | None:
        return self.boxes.get(key)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed) -> None:
        box = getattr(event.control, "field_box", None)
        if box is None:
            return
        event.stop()
        self.post_message(self.FieldEdited(box.path, box.key, box.text if box.changed else None))
