"""itatui's terminal UI: the report's records on the left, the selected record's form on the right.

Every ctrl+s saves the current record through :meth:`Workspace.save`, which writes the TOML file
and makes one git commit in the officer's name. Edits not saved yet are kept per record, so
moving to another record loses nothing; quitting with such edits asks first.
"""

from __future__ import annotations

import asyncio
import sys
from functools import partial
from pathlib import Path
from typing import Any, Iterable

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Tree
from textual.worker import Worker, WorkerState

from itatui.core import schema
from itatui.core.config import Config, load_config
from itatui.core.errors import IdentityError, ItatuiError, NothingToSave, RecordError
from itatui.core.records import Record
from itatui.core.thai import to_thai_digits
from itatui.core.values import parse_value
from itatui.core.workspace import Workspace
from itatui.tui import thai_text
from itatui.tui.dialogs import DISCARD, SAVE, ConfirmQuitScreen, HelpScreen
from itatui.tui.record_form import RecordForm
from itatui.tui.record_tree import TOP_PATHS, RecordTree
from itatui.tui.thai_widgets import ThaiTextArea

UNSAVED = "มีการแก้ไขที่ยังไม่บันทึก"
DEFAULT_THEME = "textual-dark"


class ItaApp(App[None]):
    """Edit the ITA report kept in the git repository at ``root``."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))   # absolute: subclasses elsewhere work
    TITLE = "itatui"

    BINDINGS = [
        Binding("ctrl+s", "save", "บันทึก", priority=True,
                tooltip="บันทึกระเบียนที่กำลังแก้ไขเป็นหนึ่งคอมมิต"),
        Binding("ctrl+r", "reload", "โหลดใหม่", tooltip="โหลดระเบียนนี้ใหม่จากดิสก์"),
        Binding("ctrl+t", "focus_tree", "รายการ", tooltip="กลับไปที่รายการทางซ้าย"),
        Binding("f1", "help", "ช่วยเหลือ"),
        Binding("ctrl+p", "command_palette", "คำสั่ง", priority=True),
        Binding("ctrl+q", "quit", "ออก", priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, root: str = ".", *, workspace: Workspace | None = None,
                 thai_wrap: bool = True) -> None:
        super().__init__()
        self.config_error: ItatuiError | None = None
        if workspace is None:
            try:
                config = load_config()
            except ItatuiError as exc:        # a broken config file must not stop the editor
                self.config_error = exc
                config = Config()
            workspace = Workspace(root, config=config)
        self.workspace = workspace
        self.records: dict[str, Record] = {}
        self.pending: dict[str, dict[str, str]] = {}   # path -> {dotted key: text}
        self.current: str | None = None
        self.thai_wrap = thai_wrap and thai_text.install_thai_wrap()
        self._form_lock = asyncio.Lock()

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield RecordTree(id="tree")
            yield RecordForm(id="form")
        yield Footer()

    @property
    def tree(self) -> RecordTree:
        return self.query_one("#tree", RecordTree)

    @property
    def form(self) -> RecordForm:
        return self.query_one("#form", RecordForm)

    async def on_mount(self) -> None:
        try:
            theme = self.workspace.config.theme
        except ItatuiError:
            theme = DEFAULT_THEME
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME
        self.load_records()
        self.tree.populate(self.records, set(self.pending))
        self.tree.border_title = "รายงาน"
        self._set_title()
        paths = self.tree.paths()
        if paths:
            await self.open_record(paths[0])
            self.tree.select_path(paths[0])
        self.tree.focus()
        if self.config_error is not None:
            self.notify(str(self.config_error), title="ไฟล์ตั้งค่า", severity="warning",
                        timeout=10)
        if self.thai_wrap:
            self.run_worker(partial(thai_text.load_segmenter, self._domain_words()),
                            thread=True, group="thai-words", exit_on_error=False)

    def on_unmount(self) -> None:
        try:
            self.workspace.history.close()
        except Exception:
            pass

    def load_records(self) -> None:
        """(Re)load every record from disk; a broken file becomes a record with an error."""
        records = {rec.path: rec for rec in self.workspace.records()}
        for path in TOP_PATHS:
            if path not in records:                 # shows as "ไม่พบไฟล์" in the tree
                records[path] = self.workspace.load(path)
        self.records = records
        self.form.indicator_names = self._indicator_names()

    def _indicator_names(self) -> dict[str, str]:
        cat = self.records.get("records/catalogue.toml")
        names: dict[str, str] = {}
        if cat is not None and cat.error is None:
            for item in cat.get("indicators", []) or []:
                if isinstance(item, dict) and "number" in item:
                    names[str(item["number"])] = str(item.get("name", ""))
        return names

    def _domain_words(self) -> list[str]:
        words: list[str] = []
        units = self.records.get("records/units.toml")
        if units is not None:
            words += [str(u) for u in units.get("units", []) or []]
        agency = self.records.get("records/agency.toml")
        if agency is not None:
            words.append(str(agency.get("name", "") or ""))
        return words

    def _set_title(self) -> None:
        agency = self.records.get("records/agency.toml")
        report = self.records.get("records/report.toml")
        parts = ["itatui"]
        if agency is not None and agency.get("name"):
            parts.append(str(agency.get("name")))
        if report is not None and report.get("fiscal_year"):
            parts.append(f"ปีงบประมาณ {to_thai_digits(report.get('fiscal_year'))}")
        self.title = " · ".join(parts)

    def _update_marks(self, path: str | None = None) -> None:
        """Refresh the "●" of ``path`` in the tree and the subtitle."""
        if path is not None and path in self.records:
            self.tree.update_record(self.records[path], path in self.pending)
        if self.current is None:
            self.sub_title = ""
            return
        sub = schema.title_of(self.current)
        if self.current in self.pending:
            sub += f" — ● {UNSAVED}"
        others = len([p for p in self.pending if p != self.current])
        if others:
            sub += f" (ค้างอีก {to_thai_digits(others)} ระเบียน)"
        self.sub_title = sub

    # -- choosing a record ------------------------------------------------------------------
    async def open_record(self, path: str, *, force: bool = False) -> None:
        """Show ``path``'s form, keeping the current form's edits in memory."""
        async with self._form_lock:
            if path == self.current and not force:
                return
            self._capture()
            rec = self.records.get(path)
            if rec is None:
                rec = self.workspace.load(path)
                self.records[path] = rec
            previous, self.current = self.current, path
            await self.form.show(rec, self.pending.get(path))
            self._update_marks(previous)
            self._update_marks(path)

    @on(Tree.NodeSelected, "#tree")
    async def _node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            await self.open_record(event.node.data)

    def _capture(self) -> None:
        """Copy the shown form's edited texts into ``pending``."""
        form = self.form
        if form.record is None:
            return
        path = form.record.path
        kept = {k: v for k, v in self.pending.get(path, {}).items() if k not in form.boxes}
        texts = kept | form.capture()
        if texts:
            self.pending[path] = texts
        else:
            self.pending.pop(path, None)
        self._update_marks(path)

    def on_record_form_field_edited(self, message: RecordForm.FieldEdited) -> None:
        texts = self.pending.setdefault(message.path, {})
        if message.text is None:
            texts.pop(message.key, None)
        else:
            texts[message.key] = message.text
        if not texts:
            self.pending.pop(message.path, None)
        self._update_marks(message.path)

    # -- saving -----------------------------------------------------------------------------
    async def action_save(self) -> None:
        if self.current is None:
            return
        self._capture()
        await self.save_record(self.current)

    async def action_save_all(self) -> None:
        self._capture()
        if not self.pending:
            self.notify("ไม่มีการเปลี่ยนแปลงให้บันทึก", severity="warning")
            return
        for path in list(self.pending):
            if not await self.save_record(path):
                break

    def changed_values(self, path: str) -> dict[str, Any]:
        """The pending edits of ``path`` parsed, keeping only values that differ from the
        record's. Raises RecordError for a text that does not parse (a word in a number)."""
        rec = self.records[path]
        values: dict[str, Any] = {}
        for key, text in self.pending.get(path, {}).items():
            spec = schema.field_spec(rec.kind, key)
            if spec is None:
                continue
            try:
                value = parse_value(spec, text, path=path)
            except RecordError as exc:
                raise RecordError(exc.message, path=path,
                                  field=schema.field_label(rec.kind, key)) from None
            if value != rec.get(key):
                values[key] = value
        return values

    async def save_record(self, path: str) -> bool:
        """Save ``path``'s pending edits as one commit. True if nothing is left to save."""
        rec = self.records.get(path)
        if rec is None:
            return False
        title = rec.title
        if rec.error is not None:
            self.notify(str(rec.error), title=f"บันทึก{title}ไม่ได้", severity="error", timeout=10)
            return False
        try:
            values = self.changed_values(path)
        except RecordError as exc:
            self.notify(str(exc), title=f"บันทึก{title}ไม่ได้", severity="error", timeout=10)
            return False
        if not values:
            self.pending.pop(path, None)
            await self._reload(path)
            self.notify("ไม่มีการเปลี่ยนแปลงให้บันทึก", title=title, severity="warning")
            return True
        try:
            result = self.workspace.save(rec, values)
        except NothingToSave as exc:
            self.pending.pop(path, None)
            await self._reload(path)
            self.notify(exc.message, title=title, severity="warning")
            return True
        except IdentityError as exc:
            self.notify(exc.message, title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        except ItatuiError as exc:
            await self._reload(path)
            kept = ("\nโหลดระเบียนใหม่จากดิสก์แล้ว การแก้ไขที่ยังไม่บันทึกยังอยู่ "
                    "ตรวจดูแล้วกด ctrl+s อีกครั้ง" if path in self.pending else "")
            self.notify(str(exc) + kept, title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        except Exception as exc:  # never show a traceback to the officer
            await self._reload(path)
            self.notify(f"เกิดข้อผิดพลาดที่ไม่คาดคิด ({type(exc).__name__}: {exc})",
                        title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        self.pending.pop(path, None)
        await self._reload(path)
        summary = result.message.splitlines()[0] if result.message else title
        self.notify(f"{summary}\nคอมมิต {result.sha[:7]}", title="บันทึกแล้ว")
        return True

    async def _reload(self, path: str) -> None:
        """Read ``path`` again from disk; the form keeps the pending edits over it."""
        rec = self.workspace.load(path)
        self.records[path] = rec
        if path == "records/catalogue.toml":
            self.form.indicator_names = self._indicator_names()
        async with self._form_lock:
            if self.form.record is not None and self.form.record.path == path:
                await self.form.resync(rec, self.pending.get(path))
        self._update_marks(path)
        if path in ("records/agency.toml", "records/report.toml"):
            self._set_title()

    async def action_reload(self) -> None:
        if self.current is None:
            return
        self._capture()
        await self._reload(self.current)
        rec = self.records[self.current]
        if rec.error is not None:
            self.notify(str(rec.error), title="ยังอ่านไม่ได้", severity="error", timeout=10)
        else:
            self.notify("โหลดใหม่จากดิสก์แล้ว", title=rec.title)

    async def action_reload_all(self) -> None:
        self._capture()
        self.load_records()
        self.tree.populate(self.records, set(self.pending))
        current = self.current if self.current in self.records else None
        self.current = None
        self.form.record = None
        paths = self.tree.paths()
        target = current or (paths[0] if paths else None)
        if target is not None:
            await self.open_record(target, force=True)
            self.tree.select_path(target)
        self._set_title()
        self.notify("โหลดทุกระเบียนใหม่จากดิสก์แล้ว")

    # -- quitting ---------------------------------------------------------------------------
    async def action_quit(self) -> None:
        if isinstance(self.screen, ConfirmQuitScreen):
            return
        self._capture()
        if not self.pending:
            self.exit()
            return
        titles = [schema.title_of(p) for p in self.pending]
        self.push_screen(ConfirmQuitScreen(titles), callback=self._quit_choice)

    async def _quit_choice(self, choice: str | None) -> None:
        if choice == DISCARD:
            self.exit()
        elif choice == SAVE:
            for path in list(self.pending):
                if not await self.save_record(path):
                    return
            if not self.pending:
                self.exit()
        # CANCEL: keep editing

    def action_help_quit(self) -> None:
        self.notify("กด ctrl+q เพื่อออกจากโปรแกรม", title="ต้องการออกหรือไม่")

    # -- other actions ----------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_focus_tree(self) -> None:
        self.tree.focus()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="ค้นหาคำสั่งหรือระเบียน…",
                                            id="--command-palette"))

    async def goto(self, path: str) -> None:
        self.tree.select_path(path)
        await self.open_record(path)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("บันทึก", "บันทึกระเบียนที่กำลังแก้ไขเป็นหนึ่งคอมมิต (ctrl+s)",
                            self.action_save)
        yield SystemCommand("บันทึกทั้งหมด", "บันทึกทุกระเบียนที่มีการแก้ไขค้างอยู่",
                            self.action_save_all)
        yield SystemCommand("โหลดใหม่", "โหลดระเบียนนี้ใหม่จากดิสก์ (ctrl+r)", self.action_reload)
        yield SystemCommand("โหลดทั้งหมดใหม่", "อ่านทุกระเบียนจากดิสก์อีกครั้ง",
                            self.action_reload_all)
        yield SystemCommand("สลับธีมสว่าง/มืด", "สลับระหว่าง textual-light และ textual-dark",
                            self.action_toggle_dark)
        yield SystemCommand("เลือกธีม", "เลือกธีมสีของหน้าจอ", self.action_change_theme)
        yield SystemCommand("ช่วยเหลือ", "ปุ่มลัดและวิธีใช้ (F1)", self.action_help)
        yield SystemCommand("ออก", "ออกจากโปรแกรม (ctrl+q)", self.action_quit)
        for path in self.tree.paths():
            rec = self.records.get(path)
            name = ""
            if rec is not None and rec.error is None:
                name = str(rec.get("title" if rec.kind.name == "issue" else "name", "") or "")
            if rec is not None and rec.kind.name not in ("issue", "measure"):
                name = ""
            yield SystemCommand(f"ไปที่ {schema.title_of(path)}",
                                thai_text.shorten(name, 60) if name else path,
                                partial(self.goto, path), discover=False)

    # -- Thai word wrap ---------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "thai-words" or event.state != WorkerState.SUCCESS:
            return
        if event.worker.result:
            for area in self.query(ThaiTextArea):
                area.rewrap()


def run_tui(root: str = ".") -> int:
    """Run the editor on the repository at ``root``; returns the exit status."""
    try:
        app = ItaApp(root)
    except ItatuiError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    app.run()
    return app.return_code or 0
