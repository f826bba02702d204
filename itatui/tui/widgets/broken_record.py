"""A record that cannot be read, shown where its form would be: what is wrong in Thai with its
line and column (the line quoted, the place marked), and two choices — give it back its last
committed version, or open it in the officer's text editor ($EDITOR)."""

from __future__ import annotations

import os
import shlex
import shutil

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

RESTORE, EDIT = "broken-restore", "broken-edit"
LOOKING = "กำลังดูประวัติของไฟล์นี้…"
#: tried in turn when neither $VISUAL nor $EDITOR is set
FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vi")


def editor_command(env=None) -> tuple[list[str] | None, str]:
    """(the command that opens a file in the officer's text editor, its name) — $VISUAL,
    else $EDITOR, else the first of :data:`FALLBACK_EDITORS` found; (None, why in Thai)
    when there is none."""
    env = os.environ if env is None else env
    for var in ("VISUAL", "EDITOR"):
        value = env.get(var, "").strip()
        if not value:
            continue
        try:
            cmd = shlex.split(value)
        except ValueError:
            cmd = []
        if cmd and shutil.which(cmd[0], path=env.get("PATH")):
            return cmd, os.path.basename(cmd[0])
        return None, (f"ไม่พบโปรแกรม \"{value}\" ที่ตั้งไว้ใน ${var} — "
                      f"ตั้ง ${var} เป็นโปรแกรมแก้ข้อความที่มีอยู่ (เช่น nano) แล้วเปิด itatui ใหม่")
    for name in FALLBACK_EDITORS:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return [found], name
    return None, ("ไม่พบโปรแกรมแก้ข้อความ: ตั้งตัวแปร EDITOR (เช่น export EDITOR=nano) "
                  "แล้วเปิด itatui ใหม่")


def where(err, style: str = "thai") -> str:
    """The error's Thai message, its line and column written in the officer's digits
    (``style``: "thai" or "arabic", the setting of F10)."""
    from itatui.core.thai import digits

    message = getattr(err, "message", None)
    if message is None:
        return str(err)
    line, column, path = err.line, err.column, err.path
    at = []
    if path:
        place = path
        if line:
            place += f" บรรทัด {digits(line, style)}"
            if column:
                place += f" คอลัมน์ {digits(column, style)}"
        at.append(place)
    if err.field:
        at.append(f"ช่อง {err.field}")
    return (" — ".join(at) + ": " if at else "") + message


def explanation(rec, style: str = "thai") -> Text:
    """The Thai explanation of ``rec.error`` with the line it is on, the place marked; numbers
    in ``style`` digits."""
    from itatui.core.thai import digits

    err = rec.error
    text = Text("⚠ อ่านระเบียนนี้ไม่ได้\n\n", style="bold red")
    text.append(where(err, style))
    line, column = getattr(err, "line", None), getattr(err, "column", None)
    lines = rec.text.split("\n") if rec.text else []
    if line and 0 < line <= len(lines):
        shown = lines[line - 1].replace("\t", " ")
        text.append(f"\n\nบรรทัด {digits(line, style)}:\n", style="bold")
        if column and 0 < column <= len(shown) + 1:
            before, at, after = shown[: column - 1], shown[column - 1: column], shown[column:]
            text.append("  " + before)
            text.append(at or " ", style="reverse bold")          # the place (or the line's end)
            text.append(after)
        else:
            text.append("  " + shown)
    return text


class BrokenRecordView(Vertical):
    """The broken record's explanation and its two choices; styled by record_form.tcss."""

    class Chosen(Message):
        """The officer asked to ``action`` ("shown", "restore" or "edit") the record at
        ``path``; "shown": the view is on screen (look for a version to give back)."""

        def __init__(self, path: str, action: str) -> None:
            super().__init__()
            self.path = path
            self.action = action

    class RestorePoint(Message):
        """What :func:`itatui.core.recovery.restore_point` found (posted from a worker)."""

        bubble = False

        def __init__(self, point) -> None:
            super().__init__()
            self.point = point

    def __init__(self, rec, editor: str) -> None:
        super().__init__(classes="broken-record")
        self.record = rec
        self.editor = editor            # the program "เปิดด้วย" names
        self.point = None

    def compose(self) -> ComposeResult:
        style = getattr(self.app, "digits", "thai")       # the officer's digits (F10)
        yield Static(explanation(self.record, style), classes="form-error", id="broken-why")
        yield Static(Text(LOOKING, style="dim"), id="broken-restore-note", classes="form-note")
        with Horizontal(classes="form-buttons"):
            yield Button("คืนฉบับที่บันทึกล่าสุด", id=RESTORE, variant="primary", compact=True,
                         disabled=True)
            yield Button(f"เปิดด้วย {self.editor}", id=EDIT, compact=True)
        yield Static(Text("หรือแก้ไฟล์นี้ด้วยโปรแกรมอื่นแล้วกด ctrl+r เพื่อโหลดใหม่ · "
                          "ระเบียนอื่นยังแก้ไขได้ตามปกติ", style="dim"), classes="form-note")

    def on_mount(self) -> None:
        self.post_message(self.Chosen(self.record.path, "shown"))

    def on_broken_record_view_restore_point(self, message: RestorePoint) -> None:
        point = self.point = message.point
        note = self.query_one("#broken-restore-note", Static)
        button = self.query_one(f"#{RESTORE}", Button)
        if point.commit is None:
            note.update(Text(f"คืนฉบับที่บันทึกล่าสุดไม่ได้: {point.why}", style="bold"))
            button.display = False
            return
        note.update(Text(f"ฉบับที่บันทึกล่าสุดที่อ่านได้: คอมมิต {point.commit[:7]} — "
                         "คืนฉบับนี้แล้วไฟล์ที่อ่านไม่ได้จะเก็บสำเนาไว้ใน .git/itatui/broken/"))
        button.disabled = False

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = "restore" if event.button.id == RESTORE else "edit"
        self.post_message(self.Chosen(self.record.path, action))
