"""One field of the form: its Thai label (and hint) and its editor — a one-line input, a
multi-line editor, a list editor or the units' choice list — chosen from the field's schema."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from itatui.core import schema
from itatui.core.errors import RecordError
from itatui.core.form_layout import FieldSlot
from itatui.core.values import parse_value
from itatui.tui.widgets.field_preview import FieldPreview

# The editors (TextArea, the units' choice list) are imported when the first editor is made:
# the first frame shows the fields as text (FieldPreview) and does not need them.

MULTILINE = (schema.TEXT, schema.LIST, schema.INT_LIST)
LIST_HINT = ("หนึ่งรายการต่อหนึ่งบรรทัด · Enter เพิ่มรายการ · alt+↑/↓ ย้ายรายการ · "
             "ctrl+shift+k ลบรายการ")


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
                 *, inline: bool = False, agency_units: list[str] | None = None,
                 light: bool = False) -> None:
        super().__init__(classes="field inline" if inline else "field")
        self.path = path
        self.key = slot.key
        self.spec = slot.spec
        self.label_text = slot.label
        self.initial = initial
        spec = slot.spec
        self.units_editor = False     # the editor is a UnitsEditor
        if light and not inline:
            self.editor = FieldPreview(text, spec.kind not in MULTILINE)
        elif agency_units is not None and spec.kind == schema.LIST and slot.key == "units" \
                and path.startswith("records/measures/"):
            from itatui.tui.widgets.units_editor import UnitsEditor

            self.editor: Widget = UnitsEditor(text, agency_units, classes="editor")
            self.units_editor = True
        elif spec.kind in MULTILINE:
            from itatui.tui.widgets.list_text_area import ListTextArea
            from itatui.tui.widgets.thai_text_area import ThaiTextArea

            cls = ThaiTextArea if spec.kind == schema.TEXT else ListTextArea
            self.editor = cls(text, soft_wrap=True, tab_behavior="focus",
                              show_line_numbers=spec.kind != schema.TEXT, classes="editor")
        else:
            from textual.validation import Function

            from itatui.tui.widgets.thai_input import ThaiInput

            validators = []
            if spec.kind in (schema.INT, schema.FLOAT):
                validators.append(Function(_parses(spec), "ต้องเป็นตัวเลข"))
            self.editor = ThaiInput(value=text, select_on_focus=False, validators=validators,
                                    valid_empty=True, classes="editor")
        self.editor.field_box = self  # type: ignore[attr-defined]

    def compose(self):
        yield from self.parts()

    def parts(self) -> list[Widget]:
        """The label and the editor. A light form mounts them without the box (one widget
        fewer per field on the first frame); :class:`FieldPreview` then keeps the box's margin."""
        label = Text(self.label_text, style="bold")
        if self.spec.required:
            label.append(" *", style="red")
        hint = self.spec.hint or (LIST_HINT if self.spec.kind in (schema.LIST, schema.INT_LIST)
                                  and not self.units_editor else "")
        if hint and not self.has_class("inline"):
            label.append("\n" + hint, style="dim italic")     # one widget: a faster form
        return [Static(label, classes="field-label"), self.editor]

    @property
    def text(self) -> str:
        return self.editor.value if isinstance(self.editor, Input) else self.editor.text

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, Input):
            self.editor.value = text
        elif self.units_editor or isinstance(self.editor, FieldPreview):
            self.editor.set_text(text)
        else:
            self.editor.text = text

    def focus_editor(self) -> None:
        """Focus the field's editor (the choice list of a units editor)."""
        target = self.editor.list if self.units_editor else self.editor
        target.focus()

    @property
    def changed(self) -> bool:
        return self.text != self.initial
