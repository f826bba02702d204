"""The responsible units of a measure, chosen from the agency's units (``records/units.toml``).

A SelectionList shows the measure's units first, in their order (ticked), then the agency's
other units (not ticked). Space ticks or unticks; alt+Up / alt+Down move the highlighted unit;
a name typed in the box below and Enter adds a unit that is not in the agency's list — it is
flagged "ไม่อยู่ในรายชื่อหน่วยงาน" (the checker reports it too). The field's text is the ticked
units, one per line, in the list's order: the same text a list field has, so saving, pending
edits and the conflict screen treat it like any list.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.selection_list import Selection

from itatui.tui.widgets.thai_input import ThaiInput

NOT_AGENCY = "ไม่อยู่ในรายชื่อหน่วยงาน"
#: a unit's box, ticked or not: readable without colour (Textual's ``▐X▌`` differs only by it)
TICKED, UNTICKED = "[x] ", "[ ] "


class UnitList(SelectionList[str]):
    BINDINGS = [
        Binding("alt+up", "move(-1)", "หน่วยงานขึ้น", tooltip="ย้ายหน่วยงานนี้ขึ้น"),
        Binding("alt+down", "move(1)", "หน่วยงานลง", tooltip="ย้ายหน่วยงานนี้ลง"),
    ]

    def _get_left_gutter_width(self) -> int:
        return len(TICKED)

    def render_line(self, y: int) -> Strip:
        """The unit's line with ``[x]`` or ``[ ]`` before it (instead of Textual's coloured
        ``▐X▌``); clicking the box still toggles (the line carries the option's index)."""
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return line
        value = self.get_option_at_index(index).value
        style = next(iter(line)).style or self.rich_style
        box = TICKED if value in self.selected else UNTICKED
        return Strip([Segment(box, style), *line])

    def action_move(self, step: int) -> None:
        editor = self.parent
        if isinstance(editor, UnitsEditor) and self.highlighted is not None:
            editor.move(self.highlighted, step)


class UnitsEditor(Vertical):
    """Tick the responsible units; ``text`` is the ticked ones, one per line."""

    DEFAULT_CSS = """
    UnitsEditor { height: auto; }
    UnitsEditor UnitList { height: auto; max-height: 12; }
    UnitsEditor ThaiInput { height: 3; }
    """

    class Changed(Message):
        def __init__(self, editor: "UnitsEditor") -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> "UnitsEditor":
            return self.editor

    def __init__(self, text: str, agency_units: list[str], *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.agency_units = [u for u in agency_units if u.strip()]
        self._order, self._ticked = self._parse(text)
        self.list = UnitList(*self._selections(), compact=True)
        self.entry = ThaiInput(placeholder="ชื่อหน่วยงานอื่น แล้วกด Enter",
                               select_on_focus=False)

    def _parse(self, text: str) -> tuple[list[str], set[str]]:
        chosen = [line.strip() for line in text.splitlines() if line.strip()]
        chosen = list(dict.fromkeys(chosen))
        order = chosen + [u for u in self.agency_units if u not in chosen]
        return order, set(chosen)

    def _prompt(self, unit: str) -> Text:
        label = Text(unit)
        if unit not in self.agency_units:
            label.append(f"  ⚠ {NOT_AGENCY}", style="bold yellow")
        return label

    def _selections(self) -> list[Selection[str]]:
        return [Selection(self._prompt(u), u, u in self._ticked) for u in self._order]

    def compose(self):
        yield self.list
        yield self.entry
        yield Static(Text("space เลือก/ไม่เลือก · alt+↑/↓ ย้ายลำดับ", style="dim italic"),
                     classes="field-hint")

    @property
    def text(self) -> str:
        return "\n".join(u for u in self._order if u in self._ticked)

    @text.setter
    def text(self, text: str) -> None:
        """Set the units (one per line) as if the officer had chosen them."""
        self.set_text(text)
        self.post_message(self.Changed(self))

    def set_text(self, text: str) -> None:
        self._order, self._ticked = self._parse(text)
        self._rebuild()

    def _rebuild(self, highlight: int | None = None) -> None:
        with self.list.prevent(SelectionList.SelectedChanged):
            self.list.clear_options()
            self.list.add_options(self._selections())
        if highlight is not None and self._order:
            self.list.highlighted = max(0, min(highlight, len(self._order) - 1))

    def move(self, index: int, step: int) -> None:
        target = index + step
        if not 0 <= target < len(self._order):
            return
        self._order[index], self._order[target] = self._order[target], self._order[index]
        self._rebuild(target)
        self.post_message(self.Changed(self))

    def add(self, unit: str) -> None:
        unit = " ".join(unit.split())
        if not unit:
            return
        if unit not in self._order:
            ticked = [u for u in self._order if u in self._ticked]
            rest = [u for u in self._order if u not in self._ticked]
            self._order = ticked + [unit] + rest
        self._ticked.add(unit)
        self._rebuild(self._order.index(unit))
        self.post_message(self.Changed(self))

    @on(SelectionList.SelectedChanged)
    def _ticks(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._ticked = set(self.list.selected)
        self.post_message(self.Changed(self))

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.add(event.value)
        self.entry.value = ""

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        event.stop()             # typing a name is not an edit until Enter adds it
