"""The form of one record, generated from the schema: a Thai label and an editor per field.

Editors show a field as text (``values.form_text``, numbers in the officer's digits): STR, INT
and FLOAT in a one-line input, TEXT in a multi-line editor, lists in a list editor (one item per
line; alt+Up/Down move an item), a measure's responsible units in a choice list of the agency's units. The form only
tracks the text; parsing and saving are the app's work. A field whose text differs from the
record's value is reported with :class:`RecordForm.FieldEdited`.

The signers form has buttons to add, remove and reorder approvals, the scores form a table of
indicators x years with totals and grades and buttons to add a year or an indicator; these ask
the app with :class:`RecordForm.StructureRequested`.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from itatui.core.errors import RecordError
from itatui.core.form_layout import FieldSlot, form_layout, layout_keys
from itatui.core.records import Record
from itatui.core.values import form_text, parse_value
from itatui.tui.widgets.field_box import FieldBox
from itatui.tui.widgets.field_preview import FieldPreview


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

    class StructureRequested(Message):
        """A button asked for a change of structure: ``op`` is add_approval, remove_approval,
        move_approval (``index`` 0-based, ``step`` -1/+1), add_year or add_indicator."""

        def __init__(self, op: str, index: int = -1, step: int = 0) -> None:
            super().__init__()
            self.op = op
            self.index = index
            self.step = step

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: Record | None = None
        self.light = False
        self.boxes: dict[str, FieldBox] = {}
        self.indicator_names: dict[str, str] = {}
        self.agency_units: list[str] | None = None
        self.catalogue = None           # itatui.core.model.Catalogue, for the scores table
        self.make_catalogue: Callable[[], Any] | None = None   # builds it (set by the app)
        self.extra: list[str] = []      # score keys added but not saved yet

    @property
    def digits(self) -> str:
        """The officer's digits setting (the app's), in which the form shows numbers."""
        try:
            return str(getattr(self.app, "digits", "thai") or "thai")
        except Exception:       # no app (a form built outside one)
            return "thai"

    # -- building ---------------------------------------------------------------------------
    async def show(self, rec: Record, pending: dict[str, str] | None = None,
                   extra: list[str] | tuple[str, ...] = (), *, light: bool = False) -> None:
        """Show ``rec``; ``pending`` (key -> text) restores edits not saved yet.

        ``light``: the fields' texts without their editors (cheap widgets), so that the first
        screen appears sooner; :meth:`hydrate` then mounts the editors."""
        pending = pending or {}
        self.record = rec
        self.light = light
        self.extra = list(extra)
        self.boxes = {}
        with self.app.batch_update():
            await self.remove_children()
            await self.mount_all(self._build(rec, pending))
        self.scroll_home(animate=False)
        self.refresh_scores()

    def _build(self, rec: Record, pending: dict[str, str]) -> list[Widget]:
        from itatui.tui.widgets.record_tree import tree_title

        title = Text(tree_title(rec), style="bold")      # as the tree names it
        title.append(f"   {rec.path}", style="dim")
        widgets: list[Widget] = [Static(title, classes="form-title")]
        if rec.error is not None:          # what is wrong, and two ways out
            from itatui.tui.widgets.broken_record import BrokenRecordView, editor_command

            cmd, name = editor_command()
            widgets.append(BrokenRecordView(rec, name if cmd else "$EDITOR"))
            return widgets
        groups = form_layout(rec, self.indicator_names, self.extra)
        if rec.kind.name == "scores":
            from itatui.tui.widgets.score_chart import ScoreChart
            from itatui.tui.widgets.scores_table import ScoresTable

            widgets.append(ScoresTable(id="scores-table"))
            widgets.append(ScoreChart(id="score-chart"))
            widgets.append(Horizontal(
                Button("เพิ่มปี", id="add-year", compact=True),
                Button("เพิ่มตัวชี้วัด", id="add-indicator", compact=True),
                classes="form-buttons"))
        if not groups:
            widgets.append(Static(Text("ระเบียนนี้ไม่มีช่องให้แก้ไขในหน้าจอนี้", style="dim"),
                                  classes="form-note"))
            return widgets
        tables = 0
        for group in groups:
            boxes: list[Widget] = [self._box(rec, slot, pending, group.inline)
                                   for slot in group.slots]
            if self.light and not group.inline:     # the boxes' parts, without the boxes
                boxes = [part for box in boxes for part in box.parts()]  # type: ignore[attr-defined]
            if group.title is None:
                widgets.extend(boxes)
                continue
            if group.table == "approvals":
                tables += 1
                i = group.index
                boxes.append(Horizontal(
                    Button("▲ ขึ้น", id=f"approval-up-{i}", compact=True),
                    Button("▼ ลง", id=f"approval-down-{i}", compact=True),
                    Button("ลบผู้ให้ความเห็นคนนี้", id=f"approval-remove-{i}", compact=True,
                           variant="error"),
                    classes="form-buttons"))
            container = Vertical(*boxes, classes="group")
            container.border_title = group.title
            widgets.append(container)
        if rec.kind.name == "signers":
            widgets.append(Horizontal(Button("เพิ่มผู้ให้ความเห็น", id="approval-add",
                                             compact=True, variant="primary"),
                                      classes="form-buttons"))
        return widgets

    def _box(self, rec: Record, slot: FieldSlot, pending: dict[str, str],
             inline: bool) -> FieldBox:
        initial = form_text(slot.spec, rec.get(slot.key), self.digits)
        box = FieldBox(rec.path, slot, initial, pending.get(slot.key, initial), inline=inline,
                       agency_units=self.agency_units, light=self.light)
        self.boxes[slot.key] = box
        return box

    async def hydrate(self) -> None:
        """Replace a light form's texts by the editors (keeping what the texts show)."""
        if not self.light or self.record is None:
            return
        texts = {key: box.text for key, box in self.boxes.items() if box.changed}
        focused = self.app.focused
        box = getattr(focused, "field_box", None) if isinstance(focused, FieldPreview) else None
        await self.show(self.record, texts, self.extra)
        if box is not None and box.key in self.boxes:
            self.boxes[box.key].focus_editor()

    # -- scores -----------------------------------------------------------------------------
    def scores_data(self) -> dict:
        """The scores as the form shows them now (texts that do not parse are left out)."""
        rec = self.record
        if rec is None or rec.kind.name != "scores" or rec.error is not None:
            return {}
        data = {str(y): {str(k): v for k, v in t.items()}
                for y, t in rec.data().items() if isinstance(t, dict)}
        for key, box in self.boxes.items():
            year, _, number = key.partition(".")
            table = data.setdefault(year, {})
            try:
                value = parse_value(box.spec, box.text) if box.text.strip() else None
            except RecordError:
                value = None
            if value is None:
                table.pop(number, None)
            else:
                table[number] = value
        return data

    def refresh_scores(self) -> None:
        if self.record is None or self.record.kind.name != "scores":
            return
        if self.catalogue is None:
            make = self.make_catalogue
            self.catalogue = make() if make is not None else None
        if self.catalogue is None:
            return
        from itatui.tui.widgets.score_chart import ScoreChart
        from itatui.tui.widgets.scores_table import ScoresTable

        data = self.scores_data()
        for table in self.query(ScoresTable):
            table.show(data, self.catalogue)
        for chart in self.query(ScoreChart):
            chart.show(data, self.catalogue)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        bid = event.button.id or ""
        event.stop()
        if bid == "add-year":
            self.post_message(self.StructureRequested("add_year"))
        elif bid == "add-indicator":
            self.post_message(self.StructureRequested("add_indicator"))
        elif bid == "approval-add":
            self.post_message(self.StructureRequested("add_approval"))
        elif bid.startswith("approval-"):
            _, what, index = bid.split("-")
            if what == "remove":
                self.post_message(self.StructureRequested("remove_approval", int(index)))
            else:
                self.post_message(self.StructureRequested(
                    "move_approval", int(index), -1 if what == "up" else 1))

    async def resync(self, rec: Record, pending: dict[str, str] | None = None,
                     extra: list[str] | tuple[str, ...] = ()) -> None:
        """Show a reloaded ``rec`` keeping the editors (focus, cursor) when the fields are the
        same: each editor shows its pending text, or else the record's value."""
        pending = pending or {}
        same = (self.record is not None and self.record.path == rec.path
                and rec.error is None and self.record.error is None
                and layout_keys(form_layout(rec, self.indicator_names, extra))
                == list(self.boxes))
        if not same:
            await self.show(rec, pending, extra)
            return
        self.record = rec
        for key, box in self.boxes.items():
            box.initial = form_text(box.spec, rec.get(key), self.digits)
            want = pending.get(key, box.initial)
            if box.text != want:
                box.set_text(want)
        self.refresh_scores()

    # -- state ------------------------------------------------------------------------------
    def capture(self) -> dict[str, str]:
        """The texts of the fields that differ from the record (key -> text)."""
        return {key: box.text for key, box in self.boxes.items() if box.changed}

    def box(self, key: str) -> FieldBox | None:
        return self.boxes.get(key)

    # (named handlers rather than @on: TextArea and UnitsEditor are not imported before the
    # first editor is made)
    def on_input_changed(self, event: Input.Changed) -> None:
        self._edited(event)

    def on_text_area_changed(self, event) -> None:       # TextArea.Changed
        self._edited(event)

    def on_units_editor_changed(self, event) -> None:    # UnitsEditor.Changed
        self._edited(event)

    def _edited(self, event) -> None:
        box = getattr(event.control, "field_box", None)
        if box is None:
            return
        event.stop()
        if box.key.partition(".")[0].isdigit():
            self.refresh_scores()
        self.post_message(self.FieldEdited(box.path, box.key, box.text if box.changed else None))
