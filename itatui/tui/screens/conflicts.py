"""The conflict screen of a sync: one block per field changed on both sides, choose mine, theirs,
or an edited value. Dismisses with ``{conflict.id: Resolution}`` (every conflict settled) or
``None`` when cancelled; the caller then runs ``itatui.core.sync.sync(root, resolutions=...)``.

    def _settled(choices):
        if choices is not None:
            self.run_worker(lambda: sync(root, resolutions=choices), thread=True)
    self.push_screen(ConflictScreen(err.conflicts, remote=err_remote), _settled)
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, RadioButton, RadioSet, Static, TextArea

from itatui.core import schema
from itatui.core.errors import ItatuiError
from itatui.core.sync.merge import MINE, THEIRS, VALUE, Conflict, Resolution
from itatui.core.values import format_value, parse_value

try:                                    # cluster-safe cursor for Thai, when the TUI has it
    from itatui.tui.widgets.thai_text_area import ThaiTextArea as _Editor
except ImportError:                     # pragma: no cover
    _Editor = TextArea

EDITED = "edited"
APPLY, CANCEL = "conflicts-apply", "conflicts-cancel"


def _spec(conflict: Conflict) -> schema.Field | None:
    kind = schema.kind_of(conflict.path)
    return schema.field_spec(kind, conflict.key) if kind and conflict.key else None


def _show(conflict: Conflict, value: Any) -> str:
    if value is None:
        return "(ไม่มีช่องนี้ / ถูกลบ)"
    spec = _spec(conflict)
    text = format_value(spec, value) if spec else str(value)
    return text if text.strip() else "(ว่าง)"


def _side(conflict: Conflict, side: str, caption: str) -> Text:
    """``caption`` and the side's value: the words it changed from the base marked (deleted
    red struck through, inserted green; long unchanged runs cut to "…"), or the whole value
    when the two have nothing in common."""
    from itatui.core.worddiff import DELETE, INSERT, marked
    from itatui.core.sync.conflict_report import marked_change

    segs = marked_change(conflict, side)
    out = Text(caption + ": ")
    if segs is None:
        out.append(_show(conflict, conflict.mine if side == MINE else conflict.theirs))
        return out
    styles = {DELETE: "bold red strike", INSERT: "bold green"}
    for op, chunk in marked(segs):
        out.append(chunk, style=styles.get(op))
    return out


def _both_marked(conflict: Conflict) -> bool:
    from itatui.core.sync.conflict_report import marked_change

    return all(marked_change(conflict, side) for side in (MINE, THEIRS))


def _edit_text(conflict: Conflict) -> str:
    spec = _spec(conflict)
    value = conflict.mine if conflict.mine is not None else conflict.theirs
    if value is None:
        return ""
    return format_value(spec, value) if spec else str(value)


class ConflictScreen(ModalScreen[dict[str, Resolution] | None]):
    """Settle each conflicting field: ของเรา (mine), จากคลังกลาง (theirs) or แก้ไขเอง (edited)."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen #conflicts-dialog {
        width: 90%; height: 90%; border: thick $warning; background: $surface; padding: 0 1;
    }
    ConflictScreen #conflicts-title { text-style: bold; padding: 0 0 1 0; }
    ConflictScreen .conflict { height: auto; border: round $primary; margin: 0 0 1 0;
                               padding: 0 1; }
    ConflictScreen .conflict-head { text-style: bold; }
    ConflictScreen .side { height: auto; color: $text-muted; }
    ConflictScreen .side.value { color: $text; }
    ConflictScreen RadioSet { width: 100%; height: auto; }
    ConflictScreen .conflict-edit { height: 6; }
    ConflictScreen .conflict-error { color: $error; height: auto; }
    ConflictScreen #conflicts-buttons { height: auto; align: right middle; }
    ConflictScreen #conflicts-buttons Button { margin: 0 1; }
    """

    BINDINGS = [Binding("escape", "cancel", "ยกเลิก")]

    def __init__(self, conflicts: list[Conflict], remote: str = "คลังกลาง") -> None:
        super().__init__(id="conflicts")
        self.conflicts = [c for c in conflicts if c.key]
        self.remote = remote

    def compose(self) -> ComposeResult:
        with Vertical(id="conflicts-dialog"):
            yield Static(f"แก้ไขช่องเดียวกันทั้งในเครื่องและใน {self.remote} "
                         f"{len(self.conflicts)} ช่อง — เลือกค่าที่จะใช้ แล้วกด \"ใช้ค่าที่เลือก\" "
                         "(ยังไม่มีอะไรเปลี่ยนจนกว่าจะซิงก์ใหม่)", id="conflicts-title")
            with VerticalScroll(id="conflicts-list"):
                for i, c in enumerate(self.conflicts):
                    with Vertical(classes="conflict", id=f"conflict-{i}"):
                        yield Static(Text(f"{c.record_title} — {c.label} ({c.key})"),
                                     classes="conflict-head")
                        if not _both_marked(c):        # else the marks show the base
                            yield Static(Text(f"เดิม: {_show(c, c.base)}"), classes="side")
                        # the values wrap in their own lines; a radio label is one line
                        yield Static(_side(c, MINE, "ของเรา"), id=f"mine-text-{i}",
                                     classes="side value")
                        yield Static(_side(c, THEIRS, f"จาก{self.remote}"),
                                     id=f"theirs-text-{i}", classes="side value")
                        with RadioSet(id=f"choice-{i}"):
                            yield RadioButton("ใช้ค่าของเรา", value=True, id=f"mine-{i}")
                            yield RadioButton(f"ใช้ค่าจาก{self.remote}", id=f"theirs-{i}")
                            yield RadioButton("แก้ไขเอง (พิมพ์ด้านล่าง)", id=f"edited-{i}")
                        yield _Editor(_edit_text(c), id=f"edit-{i}", classes="conflict-edit")
                        yield Static("", id=f"error-{i}", classes="conflict-error")
            with Horizontal(id="conflicts-buttons"):
                yield Button("ใช้ค่าที่เลือก", variant="primary", id=APPLY)
                yield Button("ยกเลิก", id=CANCEL)

    def on_mount(self) -> None:
        if self.conflicts:
            self.query_one("#choice-0", RadioSet).focus()

    # -- choosing ------------------------------------------------------------------------------
    def choice(self, index: int) -> str:
        pressed = self.query_one(f"#choice-{index}", RadioSet).pressed_button
        return (pressed.id or "").split("-")[0] if pressed else MINE

    def select(self, index: int, which: str) -> None:
        """Choose MINE, THEIRS or EDITED for conflict ``index`` (also what a click does)."""
        self.query_one(f"#{which}-{index}", RadioButton).value = True

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        index = int((event.text_area.id or "edit-0").split("-")[1])
        if event.text_area.text != _edit_text(self.conflicts[index]):
            self.select(index, EDITED)

    def resolutions(self) -> dict[str, Resolution]:
        """The choices so far; an edited value is parsed by its field's kind (lists by line)."""
        out: dict[str, Resolution] = {}
        for i, c in enumerate(self.conflicts):
            which = self.choice(i)
            error = self.query_one(f"#error-{i}", Static)
            error.update("")
            if which == EDITED:
                text = self.query_one(f"#edit-{i}", TextArea).text
                spec = _spec(c)
                try:
                    value = parse_value(spec, text, path=c.path) if spec else text
                except ItatuiError as exc:
                    error.update(Text(exc.message))
                    raise
                out[c.id] = Resolution(VALUE, value)
            else:
                out[c.id] = Resolution(THEIRS if which == THEIRS else MINE)
        return out

    @on(Button.Pressed, f"#{APPLY}")
    def _apply(self, event: Button.Pressed) -> None:
        event.stop()
        try:
            choices = self.resolutions()
        except ItatuiError:
            return                                   # the error is shown under the field
        self.dismiss(choices)

    @on(Button.Pressed, f"#{CANCEL}")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
