"""itatui's terminal UI: the report's records on the left, the selected record's form on the right.

Every ctrl+s saves the current record through :meth:`Workspace.save`, which writes the TOML file
and makes one git commit in the officer's name. Edits not saved yet are kept per record, so
moving to another record loses nothing; quitting with such edits asks first.
"""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from rich.text import Text
import textual.widgets as textual_widgets
from textual.widgets import Header, OptionList, Tree
from textual.worker import Worker, WorkerState

from itatui.core import schema
from itatui.core.config import Config, load_config
from itatui.core.errors import GitError, IdentityError, ItatuiError, NothingToSave, RecordError
from itatui.core.records import Record, RecordStore
from itatui.core.thai import to_arabic_digits as to_arabic, to_thai_digits
from itatui.core.values import parse_value
from itatui.tui import ROOT_PROBE, resume_gc, take_root_probe, thai_text
from itatui.tui.footer import ItaFooter
from itatui.tui.record_form import RecordForm
from itatui.tui.record_tree import TOP_PATHS, RecordTree



class _Later:
    """A module imported on first use (dialogs, editors: not needed for the first screen)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._name), attr)


dialogs = _Later("itatui.tui.dialogs")


def thai_widgets():
    from itatui.tui import thai_widgets

    return thai_widgets


if TYPE_CHECKING:                       # GitPython is imported when the repository is opened
    from itatui.core.workspace import Workspace

UNSAVED = "มีการแก้ไขที่ยังไม่บันทึก"
DEFAULT_THEME = "textual-dark"
WATCH_SECONDS = 1.0
PREVIEW_DELAY = 0.25        # the preview follows typing, at most every quarter second
CHECK_DELAY = 1.0
EXPORT_DIR = "exports"


class ItaApp(App[None]):
    """Edit the ITA report kept in the git repository at ``root``."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))   # absolute: subclasses elsewhere work
    TITLE = "itatui"

    BINDINGS = [
        Binding("ctrl+s", "save", "บันทึก", priority=True,
                tooltip="บันทึกระเบียนที่กำลังแก้ไขเป็นหนึ่งคอมมิต"),
        Binding("ctrl+r", "reload", "โหลดใหม่", show=False,
                tooltip="โหลดระเบียนนี้ใหม่จากดิสก์"),
        Binding("ctrl+t", "focus_tree", "รายการ", show=False,
                tooltip="กลับไปที่รายการทางซ้าย"),
        Binding("f1", "help", "ช่วยเหลือ"),
        Binding("f2", "panel('tab-preview')", "ตัวอย่าง", tooltip="ตัวอย่างรายงานที่จะเผยแพร่"),
        Binding("f3", "panel('tab-problems')", "ปัญหา", tooltip="ปัญหาที่ itatui check พบ"),
        Binding("f4", "panel('tab-history')", "ประวัติ", tooltip="ประวัติของระเบียนนี้"),
        Binding("f5", "check", "ตรวจใหม่", show=False),
        Binding("f6", "sync", "ซิงก์", show=False, tooltip="รับและส่งการแก้ไขกับคลังกลาง"),
        Binding("f11", "widen_panel", "ขยายแผง", show=False,
                tooltip="ขยาย/ย่อแผงตัวอย่าง ปัญหา และประวัติ"),
        # shown in the help (F1) and the palette; the footer keeps the everyday keys
        Binding("f8", "export('md')", "ส่งออก MD", show=False,
                tooltip="ส่งออกรายงานเป็น Markdown"),
        Binding("f9", "export('pdf')", "ส่งออก PDF", show=False,
                tooltip="ส่งออกรายงานเป็น PDF"),
        Binding("f10", "settings", "ตั้งค่า", show=False, tooltip="ชื่อผู้บันทึก ธีม ตัวเลข"),
        # shown once, on the right of the footer (Textual's place for the palette key)
        Binding("ctrl+p", "command_palette", "คำสั่ง", show=False, priority=True,
                tooltip="เปิดรายการคำสั่งทั้งหมด (พิมพ์ชื่อคำสั่งเพื่อค้นหา)"),
        Binding("ctrl+q", "quit", "ออก", priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, root: str = ".", *, workspace: Workspace | None = None,
                 thai_wrap: bool = True, toplevel: Path | None = None) -> None:
        super().__init__()
        self.config_error: ItatuiError | None = None
        self._ws_lock = threading.Lock()
        if workspace is None:
            try:
                config = load_config()
            except ItatuiError as exc:        # a broken config file must not stop the editor
                self.config_error = exc
                config = Config()
            # ``toplevel``: repository_root(root), when the caller has just found it
            self.root = toplevel if toplevel is not None else repository_root(root)
            self._config = config
        else:
            self.root = workspace.root
            self._config = workspace.config
        self._workspace = workspace
        self.store = RecordStore(self.root)
        self.records: dict[str, Record] = {}
        self.pending: dict[str, dict[str, str]] = {}   # path -> {dotted key: text}
        self.current: str | None = None
        self.extra_keys: dict[str, list[str]] = {}     # path -> score keys added, not saved
        self.thai_wrap = thai_wrap and thai_text.install_thai_wrap()
        self._form_lock = asyncio.Lock()
        self._stamps: dict[str, tuple[int, int]] = {}
        self._watch_busy = False
        self._preview_timer = None
        self._check_timer = None
        self.problems: list = []
        self.side = None                    # the SidePanel, mounted on first use

    # -- the repository ---------------------------------------------------------------------
    @property
    def workspace(self) -> Workspace:
        """The repository for saving and history (GitPython), opened on first use: the first
        screen needs only the record files, so it does not wait for git."""
        if self._workspace is None:
            with self._ws_lock:
                if self._workspace is None:
                    from itatui.core.workspace import Workspace

                    self._workspace = Workspace(self.root, config=self._config)
        return self._workspace

    @property
    def config(self) -> Config:
        return self._workspace.config if self._workspace is not None else self._config

    def _load(self, path: str) -> Record:
        return self.store.load(self.store.relpath(path))

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield RecordTree(id="tree")
            yield RecordForm(id="form")
        yield Horizontal(id="export-bar")
        yield ItaFooter()

    @property
    def tree(self) -> RecordTree:
        return self.query_one("#tree", RecordTree)

    @property
    def form(self) -> RecordForm:
        return self.query_one("#form", RecordForm)

    async def on_mount(self) -> None:
        try:
            theme = self.config.theme
        except ItatuiError:
            theme = DEFAULT_THEME
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME
        self.load_records()
        self.tree.populate(self.records, set(self.pending))
        self.tree.border_title = "รายงาน"
        self._set_title()
        paths = self.tree.paths()
        if paths:        # the first form as text: its editors are mounted after the first frame
            await self.open_record(paths[0], light=True)
            self.tree.select_path(paths[0])
        self.tree.focus()
        if self.config_error is not None:
            self.notify(str(self.config_error), title="ไฟล์ตั้งค่า", severity="warning",
                        timeout=10)
        self._stamp_all()
        self.set_interval(WATCH_SECONDS, self.watch_disk, name="watch-disk")

    def on_ready(self) -> None:
        """The first screen is drawn: now load the Thai dictionary and look for uncommitted
        records, in threads (they would only delay the first screen)."""
        if os.environ.get("ITATUI_EXIT_ON_READY"):
            self.call_after_refresh(self._ready_and_exit)
            return
        self.call_after_refresh(self._hydrate_and_collect)
        if self.thai_wrap:
            self.run_worker(partial(thai_text.load_segmenter, self._domain_words()),
                            thread=True, group="thai-words", exit_on_error=False)
        from itatui.tui.sync_action import FETCH_SECONDS, SyncController

        self._sync = SyncController(self)
        self._sync.refresh_status()
        self._sync.check_remote()               # what waits in the shared repository
        self.set_interval(FETCH_SECONDS, self._sync.check_remote, name="check-remote")
        self.run_worker(self._find_uncommitted, thread=True, group="recover",
                        exit_on_error=False)      # opens the repository (GitPython) too

    def on_unmount(self) -> None:
        if self._workspace is None:
            return
        try:
            self._workspace.history.close()
        except Exception:
            pass

    def load_records(self) -> None:
        """(Re)load every record from disk; a broken file becomes a record with an error."""
        records = {rec.path: rec for rec in self.store.load_all()}
        for path in TOP_PATHS:
            if path not in records:                 # shows as "ไม่พบไฟล์" in the tree
                records[path] = self._load(path)
        self.records = records
        self.form.indicator_names = self._indicator_names()
        self.form.agency_units = self._agency_units()
        self.form.catalogue = None        # built when a scores form first needs it

    async def _hydrate(self) -> None:
        async with self._form_lock:
            await self.form.hydrate()

    async def _hydrate_and_collect(self) -> None:
        """After the first frame: the form's editors, then the garbage collector back on (the
        command line pauses it for the start-up, see :func:`itatui.tui.resume_gc`)."""
        await self._hydrate()
        self.call_after_refresh(resume_gc)

    async def _ready_and_exit(self) -> None:
        """For the start-up benchmark: note when the first screen was drawn, mount the form's
        editors, note when they are drawn (ITATUI_LIVE_FILE), then exit."""
        import time

        marker = os.environ.get("ITATUI_READY_FILE")
        if marker:
            Path(marker).write_text(repr(time.time()), encoding="utf-8")
        await self._hydrate()

        def live() -> None:
            marker = os.environ.get("ITATUI_LIVE_FILE")
            if marker:
                Path(marker).write_text(repr(time.time()), encoding="utf-8")
            resume_gc()
            self.exit()

        self.call_after_refresh(live)

    def _agency_units(self) -> list[str]:
        units = self.records.get("records/units.toml")
        if units is None or units.error is not None:
            return []
        return [str(u) for u in units.get("units", []) or [] if str(u).strip()]

    def _catalogue(self):
        from itatui.core.model import load_catalogue

        cat = self.records.get("records/catalogue.toml")
        try:
            return load_catalogue(cat.data() if cat is not None and cat.error is None else None)
        except (KeyError, TypeError, ValueError):
            return load_catalogue(None)

    @property
    def digits(self) -> str:
        try:
            return self.config.digits
        except ItatuiError:
            return "thai"

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

    def action_sync(self) -> None:
        """F6: fetch, merge and push with the shared repository (see sync_action)."""
        self._sync.start()

    def _set_title(self) -> None:
        agency = self.records.get("records/agency.toml")
        report = self.records.get("records/report.toml")
        parts = ["itatui"]
        if agency is not None and agency.get("name"):
            parts.append(str(agency.get("name")))
        if report is not None and report.get("fiscal_year"):
            parts.append(f"ปีงบประมาณ {to_thai_digits(report.get('fiscal_year'))}")
        sync = getattr(self, "_sync", None)
        if sync is not None and sync.status:
            parts.append(sync.status)
        self.title = " · ".join(parts)

    def _update_marks(self, path: str | None = None) -> None:
        """Refresh the "●" of ``path`` in the tree and the subtitle."""
        if path is not None and path in self.records:
            try:
                tree = self.tree
            except NoMatches:           # the app is closing (a reload's last edit message)
                return
            tree.update_record(self.records[path], path in self.pending)
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
    async def open_record(self, path: str, *, force: bool = False, light: bool = False) -> None:
        """Show ``path``'s form, keeping the current form's edits in memory."""
        async with self._form_lock:
            if path == self.current and not force:
                return
            self._capture()
            rec = self.records.get(path)
            if rec is None:
                rec = self._load(path)
                self.records[path] = rec
            previous, self.current = self.current, path
            await self.form.show(rec, self.pending.get(path), self.extra_keys.get(path, ()),
                                 light=light)
            self._update_marks(previous)
            self._update_marks(path)
        self._panel_follow()

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
        self.schedule_preview()
        if self._panel_shown("tab-problems"):
            self._schedule_check()

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
        self.extra_keys.pop(path, None)
        await self._reload(path)
        summary = result.message.splitlines()[0] if result.message else title
        self.notify(f"{summary}\nคอมมิต {result.sha[:7]}", title="บันทึกแล้ว")
        self._after_commit()
        return True

    async def _reload(self, path: str) -> None:
        """Read ``path`` again from disk; the form keeps the pending edits over it."""
        rec = self._load(path)
        await self._replace_record(rec)

    async def _replace_record(self, rec: Record) -> None:
        """Show ``rec`` (just read from disk) wherever its path shows."""
        path = rec.path
        self.records[path] = rec
        self._stamp(path)
        if path == "records/catalogue.toml":
            self.form.indicator_names = self._indicator_names()
            self.form.catalogue = None
        if path == "records/units.toml":
            self.form.agency_units = self._agency_units()
        async with self._form_lock:
            if self.form.record is not None and self.form.record.path == path:
                await self.form.resync(rec, self.pending.get(path),
                                       self.extra_keys.get(path, ()))
        self._update_marks(path)
        if path in ("records/agency.toml", "records/report.toml"):
            self._set_title()
        self.schedule_preview()

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
        await self.reload_all()
        self.notify("โหลดทุกระเบียนใหม่จากดิสก์แล้ว")

    async def reload_all(self, focus: str | None = None) -> None:
        """Read every record again and rebuild the tree; show ``focus`` (or the current
        record, or the first)."""
        self._capture()
        self.load_records()
        self._stamp_all()
        self.tree.populate(self.records, set(self.pending))
        current = self.current if self.current in self.records else None
        if focus is not None and focus in self.records:
            current = focus
        self.current = None
        self.form.record = None
        paths = self.tree.paths()
        target = current or (paths[0] if paths else None)
        if target is not None:
            await self.open_record(target, force=True)
            self.tree.select_path(target)
        self._set_title()
        self.schedule_preview()

    # -- quitting ---------------------------------------------------------------------------
    async def action_quit(self) -> None:
        if isinstance(self.screen, dialogs.ConfirmQuitScreen):
            return
        self._capture()
        if not self.pending:
            self.exit()
            return
        titles = [schema.title_of(p) for p in self.pending]
        self.push_screen(dialogs.ConfirmQuitScreen(titles), callback=self._quit_choice)

    async def _quit_choice(self, choice: str | None) -> None:
        if choice == dialogs.DISCARD:
            self.exit()
        elif choice == dialogs.SAVE:
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
        if not isinstance(self.screen, dialogs.HelpScreen):
            self.push_screen(dialogs.HelpScreen())

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
        commands = [
            ("บันทึก", "บันทึกระเบียนที่กำลังแก้ไขเป็นหนึ่งคอมมิต (ctrl+s)", self.action_save),
            ("บันทึกทั้งหมด", "บันทึกทุกระเบียนที่มีการแก้ไขค้างอยู่", self.action_save_all),
            ("โหลดใหม่", "โหลดระเบียนนี้ใหม่จากดิสก์ (ctrl+r)", self.action_reload),
            ("โหลดทั้งหมดใหม่", "อ่านทุกระเบียนจากดิสก์อีกครั้ง", self.action_reload_all),
            ("ตัวอย่างรายงาน", "แสดง/ซ่อนตัวอย่างส่วนที่เลือกตามที่จะเผยแพร่ (F2)",
             partial(self.action_panel, "tab-preview")),
            ("ปัญหาที่ตรวจพบ", "แสดง/ซ่อนรายการปัญหาจาก itatui check (F3)",
             partial(self.action_panel, "tab-problems")),
            ("ตรวจรายงานใหม่", "ตรวจทุกระเบียนอีกครั้ง (F5)", self.action_check),
            ("ขยาย/ย่อแผงข้าง", "ให้แผงตัวอย่าง ปัญหา ประวัติ กว้างขึ้น (F11)",
             self.action_widen_panel),
            ("ประวัติของระเบียนนี้", "ใครแก้อะไรเมื่อใด และช่องที่เปลี่ยน (F4)",
             partial(self.action_panel, "tab-history")),
            ("ส่งออก Markdown", "เขียนรายงานเป็นไฟล์ .md ในโฟลเดอร์ exports (F8)",
             partial(self.action_export, "md")),
            ("ส่งออก PDF", "เขียนรายงานเป็นไฟล์ PDF ในโฟลเดอร์ exports (F9)",
             partial(self.action_export, "pdf")),
            ("เพิ่มประเด็น", "เพิ่มประเด็นใหม่ต่อจากประเด็นที่เลือก (i ในรายการ)",
             self.action_add_issue),
            ("เพิ่มมาตรการ", "เพิ่มมาตรการใหม่ในประเด็นที่เลือก (a ในรายการ)",
             self.action_add_measure),
            ("ลบประเด็นหรือมาตรการ", "ลบระเบียนที่เลือกในรายการ (delete ในรายการ)",
             self.action_remove_record),
            ("ย้ายขึ้น", "ย้ายประเด็นหรือมาตรการที่เลือกขึ้นหนึ่งลำดับ (alt+↑ ในรายการ)",
             partial(self.action_move_record, -1)),
            ("ย้ายลง", "ย้ายประเด็นหรือมาตรการที่เลือกลงหนึ่งลำดับ (alt+↓ ในรายการ)",
             partial(self.action_move_record, 1)),
            ("เพิ่มผู้ให้ความเห็น", "เพิ่มผู้ให้ความเห็นท้ายบันทึกข้อความ",
             partial(self.structure_request, "add_approval")),
            ("เพิ่มปีของคะแนน", "เพิ่มคะแนนของปีงบประมาณใหม่",
             partial(self.structure_request, "add_year")),
            ("เพิ่มตัวชี้วัดในคะแนน", "เพิ่มคะแนนตัวชี้วัดในปีที่มีอยู่",
             partial(self.structure_request, "add_indicator")),
            ("บันทึกการแก้ไขที่ค้างอยู่ในไฟล์", "คอมมิตไฟล์ระเบียนที่เปลี่ยนแต่ยังไม่ได้คอมมิต",
             self.action_recover),
            ("ตั้งค่า", "ชื่อผู้บันทึก อีเมล ธีม และตัวเลข (F10)", self.action_settings),
            ("สลับธีมสว่าง/มืด", "สลับระหว่าง textual-light และ textual-dark",
             self.action_toggle_dark),
            ("เลือกธีม", "เลือกธีมสีของหน้าจอ", self.action_change_theme),
            ("กลับไปที่รายการ", "ย้ายไปที่รายการทางซ้าย (ctrl+t)", self.action_focus_tree),
            ("ช่วยเหลือ", "ปุ่มลัดและวิธีใช้ (F1)", self.action_help),
            ("ออก", "ออกจากโปรแกรม (ctrl+q)", self.action_quit),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
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

    # -- records changed outside the app --------------------------------------------------------
    def _stat(self, path: str) -> tuple[int, int] | None:
        try:
            st = self.store.abspath(path).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _stamp(self, path: str) -> None:
        stamp = self._stat(path)
        if stamp is None:
            self._stamps.pop(path, None)
        else:
            self._stamps[path] = stamp

    def _stamp_all(self) -> None:
        self._stamps = {}
        for path in self.store.paths():
            self._stamp(path)

    async def watch_disk(self) -> None:
        """Reload the records changed on disk since they were read (every second)."""
        if self._watch_busy or len(self.screen_stack) > 1:
            return
        self._watch_busy = True
        try:
            await self._watch_once()
        finally:
            self._watch_busy = False

    async def _watch_once(self) -> None:
        seen = {p: self._stat(p) for p in self.store.paths()}
        seen = {p: st for p, st in seen.items() if st is not None}
        changed = [p for p, st in seen.items() if self._stamps.get(p) != st]
        gone = [p for p in self._stamps if p not in seen]
        if not changed and not gone:
            return
        layout = False
        reloaded: list[str] = []
        conflicts: list = []
        for path in changed:
            old = self.records.get(path)
            try:
                text = self.store.abspath(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
            if old is not None and text is not None and text == old.text and old.text:
                self._stamps[path] = seen[path]
                continue
            new = self._load(path)
            if old is None or (old.error is not None and not old.text):
                layout = True                                  # a new record
            elif path in self.pending and old.error is None and new.error is None:
                conflicts += self._disk_conflicts(old, new, self.pending[path])
            await self._replace_record(new)
            reloaded.append(path)
        for path in gone:
            self._stamps.pop(path, None)
            if path in self.pending or path in TOP_PATHS:
                await self._replace_record(self._load(path))
                if path in self.pending:
                    self.notify(f"{schema.title_of(path)} ({path}) ถูกลบจากดิสก์ "
                                "การแก้ไขที่ยังไม่บันทึกยังอยู่ในโปรแกรม",
                                title="ไฟล์ถูกลบ", severity="warning", timeout=10)
            else:
                self.records.pop(path, None)
                layout = True
        if layout or gone:
            await self._rebuild_tree()
        if reloaded:
            names = ", ".join(schema.title_of(p) for p in reloaded[:3])
            more = f" และอีก {to_thai_digits(len(reloaded) - 3)}" if len(reloaded) > 3 else ""
            self.notify(f"{names}{more} ถูกแก้ไขจากที่อื่น โหลดใหม่แล้ว",
                        title="โหลดใหม่จากดิสก์")
        if conflicts:
            self._ask_conflicts(conflicts)
        if self._panel_shown("tab-problems"):
            self._schedule_check()

    async def _rebuild_tree(self) -> None:
        self.tree.populate(self.records, set(self.pending))
        if self.current is not None and self.tree.node_for(self.current) is not None:
            self.tree.select_path(self.current)
        elif self.current is not None and self.current not in self.records:
            paths = self.tree.paths()
            if paths:
                await self.open_record(paths[0], force=True)
                self.tree.select_path(paths[0])

    def _disk_conflicts(self, old: Record, new: Record, texts: dict[str, str]) -> list:
        """Fields edited here (``texts``) that were also changed on disk to something else."""
        from itatui.core.sync.merge import Conflict

        out = []
        for key, text in texts.items():
            spec = schema.field_spec(old.kind, key)
            if spec is None:
                continue
            base, theirs = old.get(key), new.get(key)
            if base == theirs:
                continue
            try:
                mine = parse_value(spec, text, path=old.path)
            except RecordError:
                mine = text
            if mine == theirs:
                continue
            out.append(Conflict(new.path, key, base, mine, theirs))
        return out

    def _ask_conflicts(self, conflicts: list) -> None:
        from itatui.tui.disk_conflicts import DiskConflictScreen

        def settled(choices) -> None:
            self.call_later(self._apply_choices, conflicts, choices)

        self.push_screen(DiskConflictScreen(conflicts), settled)

    async def _apply_choices(self, conflicts: list, choices) -> None:
        from itatui.core.sync.merge import THEIRS, VALUE
        from itatui.core.values import format_value

        for c in conflicts:
            choice = (choices or {}).get(c.id)
            texts = self.pending.setdefault(c.path, {})
            if choice is None:
                continue                                  # cancelled: keep ours, unsaved
            if choice.take == THEIRS:
                texts.pop(c.key, None)
            elif choice.take == VALUE:
                spec = schema.field_spec(schema.kind_of(c.path), c.key)
                texts[c.key] = format_value(spec, choice.value) if spec else str(choice.value)
            if not texts:
                self.pending.pop(c.path, None)
        for path in {c.path for c in conflicts}:
            rec = self.records.get(path)
            if rec is not None:
                await self._replace_record(rec)
        self.notify("ใช้ค่าที่เลือกแล้ว ตรวจดูแล้วกด ctrl+s เพื่อบันทึก", title="ค่าที่ขัดกัน")

    # -- side panel: preview, problems, history ----------------------------------------------
    def _panel_shown(self, tab: str | None = None) -> bool:
        side = self.side
        if side is None or not side.has_class("-shown"):
            return False
        return tab is None or side.tabs.active == tab

    async def action_panel(self, tab: str) -> None:
        """Show the side panel on ``tab``; hide it when it already shows that tab."""
        if self.side is None:
            from itatui.tui.panels import SidePanel

            self.side = SidePanel(id="side")
            await self.query_one("#main").mount(self.side)
        if self._panel_shown(tab):
            self.side.remove_class("-shown", "-wide")
            self.form.display = True
            return
        self.side.add_class("-shown")
        self.side.tabs.active = tab
        self._panel_follow()

    def action_widen_panel(self) -> None:
        """Give the side panel most of the screen (a wide table reads better), or not."""
        if self.side is not None and self.side.has_class("-shown"):
            self.side.toggle_class("-wide")
            self.form.display = not self.side.has_class("-wide")

    def _panel_follow(self) -> None:
        """Bring the shown pane up to date with the selected record."""
        if self._panel_shown("tab-preview"):
            self.schedule_preview(0)
        elif self._panel_shown("tab-problems"):
            if not self.problems:
                self.action_check()
        elif self._panel_shown("tab-history"):
            self.load_history()

    def on_tabbed_content_tab_activated(self, event) -> None:
        if self.side is not None and event.tabbed_content is self.side.tabs:
            self._panel_follow()

    # preview
    def schedule_preview(self, delay: float = PREVIEW_DELAY) -> None:
        if not self._panel_shown("tab-preview"):
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if delay <= 0:
            self.call_later(self.update_preview)
        else:
            self._preview_timer = self.set_timer(delay, self.update_preview)

    def preview_text(self) -> str:
        from itatui.tui.overlay import overlay, preview_markdown

        self._capture()
        return preview_markdown(overlay(self.records, self.pending), self.current, self.digits)

    async def update_preview(self) -> None:
        if not self._panel_shown("tab-preview"):
            return
        from textual.widgets import Markdown, Static

        status = self.side.query_one("#preview-status", Static)
        try:
            text = self.preview_text()
        except ItatuiError as exc:
            status.update(Text(f"ยังแสดงตัวอย่างไม่ได้: {exc}", style="red"))
            return
        title = schema.title_of(self.current) if self.current else ""
        status.update(f"ตัวอย่าง: {title} (รวมการแก้ไขที่ยังไม่บันทึก)" if self.pending
                      else f"ตัวอย่าง: {title}")
        await self.side.query_one("#preview", Markdown).update(text)

    # problems
    def _schedule_check(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.action_check)

    def action_check(self) -> None:
        from itatui.tui.overlay import overlay

        self._capture()
        records = overlay(self.records, self.pending)
        unknown = self.store.unknown_files()
        digits = self.digits

        def run():
            from itatui.core.check import check_records

            return check_records(records, unknown, digits=digits)

        self.run_worker(run, thread=True, group="check", exclusive=True, exit_on_error=False)

    @on(OptionList.OptionSelected, "#problems-list")
    async def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        if 0 <= index < len(self.problems):
            await self.goto_problem(self.problems[index])

    async def goto_problem(self, problem) -> None:
        """Open the problem's record and put the cursor in its field."""
        if problem.record not in self.records:
            self.notify(problem.message, title=problem.record, severity="warning")
            return
        await self.goto(problem.record)
        found = self._box_for(problem.field)
        if found is None:
            return
        key, item = found
        box = self.form.box(key)
        box.focus_editor()
        editor = box.editor
        if item is not None and isinstance(editor, textual_widgets.TextArea):
            row = min(item, editor.document.line_count - 1)
            editor.move_cursor((row, 0))
        self.form.scroll_to_widget(box, animate=False)

    def _box_for(self, field: str) -> tuple[str, int | None] | None:
        boxes = self.form.boxes
        if not field:
            return None
        if field in boxes:
            return field, None
        base, _, last = field.rpartition(".")
        while base:
            if base in boxes:
                return base, int(last) if last.isdigit() else None
            base, _, last = base.rpartition(".")
        prefix = field + "."
        first = next((k for k in boxes if k.startswith(prefix)), None)   # approvals.0 -> .role
        return (first, None) if first else None

    # history
    def load_history(self) -> None:
        path = self.current
        if path is None or not self._panel_shown("tab-history"):
            return
        hist = self.workspace.history

        def run():
            from itatui.core.recordlog import record_history

            return path, record_history(hist, path)

        self.run_worker(run, thread=True, group="history", exclusive=True, exit_on_error=False)

    @on(OptionList.OptionSelected, "#history-list")
    def _version_chosen(self, event: OptionList.OptionSelected) -> None:
        versions = getattr(self.side, "versions", [])
        index = int(event.option.id or 0)
        if not 0 <= index < len(versions):
            return
        hist = self.workspace.history
        version = versions[index]
        from itatui.core.audit.versions import previous

        older = previous(versions, index)        # across a merge: the local side's version

        def run():
            from itatui.core.audit.fielddiff import diff_texts

            new = hist.blob(version.blob).decode("utf-8", "replace") if version.blob else None
            old = hist.blob(older.blob).decode("utf-8", "replace") \
                if older is not None and older.blob else None
            return version, diff_texts(old, new, version.path)

        self.run_worker(run, thread=True, group="changes", exclusive=True, exit_on_error=False)

    # -- export --------------------------------------------------------------------------------
    def action_export(self, fmt: str) -> None:
        """Write the saved report as Markdown or PDF in a worker; the app stays responsive."""
        if any(w.group == "export" and w.is_running for w in self.workers):
            self.notify("กำลังส่งออกไฟล์อยู่ รอให้เสร็จก่อน", severity="warning")
            return
        self._capture()
        if self.pending:
            self.notify("การแก้ไขที่ยังไม่บันทึกจะไม่อยู่ในไฟล์ที่ส่งออก (ส่งออกจากที่บันทึกแล้ว)",
                        title="ยังไม่ได้บันทึก", severity="warning")
        bar = self.query_one("#export-bar")
        bar.add_class("-busy")
        self.export_steps: list[str] = []
        self._export_progress(0, "เริ่ม")
        root = self.root
        digits = self.digits
        name = "PDF" if fmt == "pdf" else "Markdown"

        def step(n: int, what: str) -> None:
            self.call_from_thread(self._export_progress, n, what)

        def run():
            from itatui.core.audit.asof import with_head_approvals
            from itatui.core.model import build_report
            from itatui.core.records import RecordStore

            step(1, "อ่านระเบียน")
            report = with_head_approvals(build_report(RecordStore(root).load_all()), root)
            out_dir = root / EXPORT_DIR
            out_dir.mkdir(exist_ok=True)
            out = out_dir / f"ita-report-{report.fiscal_year or 'report'}.{fmt}"
            if fmt == "md":
                from itatui.render.markdown import render_markdown
                from itatui.core.tomlio import write_atomic

                step(2, "สร้าง Markdown")
                write_atomic(out, render_markdown(report, digits=digits))
            else:
                from itatui.render.pdf import render_pdf
                from itatui.render.themes import load_theme

                step(2, "โหลดธีมและฟอนต์")
                theme = load_theme("default", repo_root=root)
                step(3, "จัดหน้า PDF (WeasyPrint)")
                render_pdf(report, theme, out, records_root=root, **_provenance(root))
            step(4, "เสร็จ")
            return out

        self._export_name = name
        self.export_worker = self.run_worker(run, thread=True, group="export",
                                             exit_on_error=False, name=f"export-{fmt}")

    def _export_progress(self, n: int, what: str) -> None:
        from textual.widgets import ProgressBar, Static

        self.export_steps.append(what)
        bar = self.query_one("#export-bar")
        if not bar.children:
            bar.mount(Static("", id="export-label"), ProgressBar(total=4, id="export-progress",
                                                                 show_eta=False))
            self.export_steps.pop()
            self.call_after_refresh(self._export_progress, n, what)
            return
        bar.query_one("#export-label", Static).update(f"กำลังส่งออก: {what}")
        bar.query_one("#export-progress", ProgressBar).update(progress=n)

    # -- structure: issues, measures, approvals, score years -------------------------------
    def _selected_path(self) -> str | None:
        node = self.tree.cursor_node
        if node is not None and node.data:
            return node.data
        return self.current

    def _selected_numbers(self) -> tuple[int, ...]:
        path = self._selected_path()
        return schema.numbers_of(path) if path else ()

    async def _structure(self, op: str, call, **kw) -> bool:
        """Run a structural change (one commit) unless it would move unsaved edits."""
        from itatui.core import structure

        self._capture()
        touched = structure.affected_paths(self.workspace, op, **kw)
        unsaved = [p for p in touched if p in self.pending]
        if unsaved:
            names = ", ".join(schema.title_of(p) for p in unsaved[:3])
            self.notify(f"บันทึก (ctrl+s) หรือยกเลิกการแก้ไขของ {names} ก่อน "
                        "แล้วจึงเพิ่ม ลบ หรือย้าย", title="ยังมีการแก้ไขที่ไม่ได้บันทึก",
                        severity="error", timeout=10)
            return False
        try:
            result = call()
        except IdentityError as exc:
            self.notify(exc.message, title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        except ItatuiError as exc:
            self.notify(str(exc), title="ทำไม่ได้", severity="error", timeout=10)
            return False
        focus = result.focus
        if focus is None and self.current is not None:
            focus = result.new_path(self.current)
        await self.reload_all(focus)
        self.notify(f"{result.message.splitlines()[0]}\nคอมมิต {result.sha[:7]}",
                    title="บันทึกแล้ว")
        self._after_commit()
        return True

    def action_add_issue(self) -> None:
        from itatui.core import structure

        nums = self._selected_numbers()
        count = len(structure.issue_numbers(self.workspace))
        position = nums[0] + 1 if nums else count + 1

        async def answered(answer) -> None:
            if answer is None:
                return
            try:
                pos = int(to_arabic(answer.get("position", "").strip() or str(position)))
            except ValueError:
                self.notify("ลำดับต้องเป็นตัวเลข", severity="error")
                return
            await self._structure("add_issue", partial(
                structure.add_issue, self.workspace, answer.get("title", "").strip(), pos))

        self.push_screen(dialogs.AskScreen("เพิ่มประเด็น", [
            ("title", "ชื่อประเด็น", ""),
            ("position", f"เป็นประเด็นที่ (๑–{to_thai_digits(count + 1)})",
             to_thai_digits(position))], ok="เพิ่มประเด็น"), answered)

    async def action_add_measure(self) -> None:
        from itatui.core import structure

        nums = self._selected_numbers()
        if not nums:
            self.notify("เลือกประเด็นหรือมาตรการในรายการก่อน แล้วกด a", severity="warning")
            return
        issue = nums[0]
        position = nums[1] + 1 if len(nums) == 2 else None
        await self._structure("add_measure", partial(
            structure.add_measure, self.workspace, issue, position), issue=issue)

    def action_remove_record(self) -> None:
        from itatui.core import structure

        path = self._selected_path()
        nums = schema.numbers_of(path) if path else ()
        if not nums:
            self.notify("ลบได้เฉพาะประเด็นหรือมาตรการ (เลือกในรายการทางซ้าย)",
                        severity="warning")
            return
        if len(nums) == 1:
            count = len(structure.measure_numbers(self.workspace, nums[0]))
            question = (f"ลบ {schema.title_of(path)} และมาตรการทั้ง {to_thai_digits(count)} "
                        "มาตรการของประเด็นนี้ใช่หรือไม่\nประเด็นถัดไปจะเลื่อนเลขขึ้นมาแทน "
                        "(ดูย้อนหลังได้ในประวัติ git)")
            call = partial(structure.remove_issue, self.workspace, nums[0])
            op, kw = "remove_issue", {}
        else:
            question = (f"ลบ {schema.title_of(path)} ใช่หรือไม่\nมาตรการถัดไปจะเลื่อนเลขขึ้นมาแทน "
                        "(ดูย้อนหลังได้ในประวัติ git)")
            call = partial(structure.remove_measure, self.workspace, *nums)
            op, kw = "remove_measure", {"issue": nums[0]}

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self._structure(op, call, **kw)

        self.push_screen(dialogs.ConfirmScreen(question, "ลบ", "ไม่ลบ", danger=True), confirmed)

    async def action_move_record(self, step: int) -> None:
        from itatui.core import structure

        path = self._selected_path()
        nums = schema.numbers_of(path) if path else ()
        if not nums:
            self.notify("ย้ายได้เฉพาะประเด็นหรือมาตรการ", severity="warning")
            return
        if len(nums) == 1:
            count = len(structure.issue_numbers(self.workspace))
            to = nums[0] + step
            if not 1 <= to <= count:
                return
            await self._structure("move_issue", partial(
                structure.move_issue, self.workspace, nums[0], to))
        else:
            count = len(structure.measure_numbers(self.workspace, nums[0]))
            to = nums[1] + step
            if not 1 <= to <= count:
                return
            await self._structure("move_measure", partial(
                structure.move_measure, self.workspace, nums[0], nums[1], to), issue=nums[0])

    async def on_record_form_structure_requested(self, message: RecordForm.StructureRequested
                                                 ) -> None:
        await self.structure_request(message.op, message.index, message.step)

    async def structure_request(self, op: str, index: int = -1, step: int = 0) -> None:
        from itatui.core import structure

        ws = self.workspace
        if op == "add_approval":
            await self._goto_quiet("records/signers.toml")

            async def answered(answer) -> None:
                if answer is not None:
                    await self._structure("add_approval", partial(
                        structure.add_approval, ws, {k: v.strip() for k, v in answer.items()}))

            self.push_screen(dialogs.AskScreen("เพิ่มผู้ให้ความเห็น", [
                ("role", "ตำแหน่งที่ให้ความเห็น (หัวข้อ ความเห็น...)", ""),
                ("name", "ชื่อ", ""), ("position", "ตำแหน่ง", ""),
                ("acting_for", "ปฏิบัติหน้าที่แทน (ถ้ามี)", "")], ok="เพิ่ม"), answered)
        elif op == "remove_approval":
            async def confirmed(yes: bool | None) -> None:
                if yes:
                    await self._structure("remove_approval",
                                          partial(structure.remove_approval, ws, index))

            self.push_screen(dialogs.ConfirmScreen(
                f"ลบผู้ให้ความเห็นคนที่ {to_thai_digits(index + 1)} ใช่หรือไม่", "ลบ", "ไม่ลบ",
                danger=True), confirmed)
        elif op == "move_approval":
            await self._structure("move_approval",
                                  partial(structure.move_approval, ws, index, index + step))
        elif op in ("add_year", "add_indicator"):
            await self._goto_quiet("records/scores.toml")
            self._ask_scores(op)

    async def _goto_quiet(self, path: str) -> None:
        if self.current != path and path in self.records:
            await self.goto(path)

    def _ask_scores(self, op: str) -> None:
        rec = self.records.get("records/scores.toml")
        if rec is None or rec.error is not None:
            self.notify("ระเบียนคะแนนอ่านไม่ได้", severity="error")
            return
        from itatui.tui.record_form import score_keys

        keys = score_keys(rec, self.extra_keys.get(rec.path, ()))
        years = sorted((int(y) for y in keys if y.isdigit()), reverse=True)
        latest = years[0] if years else 0
        if op == "add_year":
            year = latest + 1 if latest else 0
            numbers = keys.get(str(latest), []) or [str(i.number) for i in
                                                     self._catalogue().indicators]
            title = "เพิ่มปีของคะแนน"
        else:
            year = latest
            numbers = []
            title = "เพิ่มตัวชี้วัดในคะแนน"

        async def answered(answer) -> None:
            if answer is None:
                return
            await self.add_score_keys(answer.get("year", ""), answer.get("numbers", ""))

        self.push_screen(dialogs.AskScreen(title, [
            ("year", "ปีงบประมาณ (พ.ศ.)", to_thai_digits(year) if year else ""),
            ("numbers", "เลขตัวชี้วัด (คั่นด้วยจุลภาค)", ", ".join(
                to_thai_digits(n) for n in numbers))], ok="เพิ่ม"), answered)

    async def add_score_keys(self, year_text: str, numbers_text: str) -> bool:
        """Add empty score fields for ``year`` and the indicator numbers (saved with ctrl+s)."""
        try:
            year = int(to_arabic(year_text.strip()))
            numbers = [int(to_arabic(n.strip())) for n in
                       numbers_text.replace("，", ",").replace(" ", ",").split(",") if n.strip()]
        except ValueError:
            self.notify("ปีและเลขตัวชี้วัดต้องเป็นตัวเลข", severity="error")
            return False
        if not 2400 <= year <= 2800 or not numbers:
            self.notify("ระบุปี พ.ศ. (เช่น ๒๕๖๙) และเลขตัวชี้วัดอย่างน้อยหนึ่งตัว",
                        severity="error")
            return False
        known = {i.number for i in self._catalogue().indicators}
        unknown = [n for n in numbers if n not in known]
        if unknown:
            self.notify("ไม่มีตัวชี้วัด " + ", ".join(to_thai_digits(n) for n in unknown)
                        + " ในแคตตาล็อก", severity="error")
            return False
        path = "records/scores.toml"
        rec = self.records[path]
        extra = self.extra_keys.setdefault(path, [])
        added = []
        for n in numbers:
            key = f"{year}.{n}"
            if rec.get(key) is None and key not in extra:
                extra.append(key)
                added.append(key)
        if not added:
            self.notify("มีช่องคะแนนเหล่านี้อยู่แล้ว", severity="warning")
            return False
        self._capture()
        async with self._form_lock:
            await self.form.show(rec, self.pending.get(path), extra)
        box = self.form.box(added[0])
        if box is not None:
            box.focus_editor()
            self.form.scroll_to_widget(box, animate=False)
        self.notify(f"เพิ่มช่องคะแนนปี {to_thai_digits(year)} แล้ว "
                    f"{to_thai_digits(len(added))} ช่อง กรอกคะแนนแล้วกด ctrl+s",
                    title="คะแนน")
        return True

    def _after_commit(self) -> None:
        if self._panel_shown("tab-history"):
            self.load_history()
        if self._panel_shown("tab-problems"):
            self._schedule_check()

    # -- uncommitted records on start --------------------------------------------------------
    def _find_uncommitted(self) -> list:
        from itatui.core.locking import repository_lock
        from itatui.core.recovery import clean_temp_files, clear_stale_lock, pending

        root = self.workspace.root
        try:
            with repository_lock(root, wait=2.0):
                clear_stale_lock(root)
                clean_temp_files(root)
        except ItatuiError:
            pass                       # another itatui is saving: it owns the temp files
        return pending(self.workspace)

    def action_recover(self) -> None:
        self.run_worker(self._find_uncommitted, thread=True, group="recover-asked",
                        exit_on_error=False)

    def _offer_recovery(self, items: list, asked: bool) -> None:
        if not [i for i in items if i.error is None]:     # broken files show ⚠ in the tree
            if asked:
                self.notify("ไม่มีไฟล์ระเบียนที่ค้างอยู่โดยยังไม่ได้คอมมิต")
            return

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            from itatui.core.recovery import commit_pending

            try:
                sha = commit_pending(self.workspace, items)
            except IdentityError as exc:
                self.notify(exc.message, title="ไม่ได้บันทึก", severity="error", timeout=15)
                return
            except ItatuiError as exc:
                self.notify(str(exc), title="ไม่ได้บันทึก", severity="error", timeout=10)
                return
            await self.reload_all()
            self.notify(f"บันทึกการแก้ไขที่ค้างอยู่แล้ว\nคอมมิต {sha[:7]}", title="บันทึกแล้ว")

        self.push_screen(dialogs.RecoverScreen(items), answered)

    # -- settings ---------------------------------------------------------------------------
    def action_settings(self) -> None:
        if isinstance(self.screen, dialogs.SettingsScreen):
            return
        try:
            config = self.config
        except ItatuiError:
            config = Config()
        themes = sorted(self.available_themes)

        def saved(cfg) -> None:
            if cfg is None:
                return
            from itatui.core.config import save_config

            try:
                save_config(cfg)
            except (ItatuiError, OSError) as exc:
                self.notify(f"บันทึกการตั้งค่าไม่ได้ ({exc})", severity="error")
                return
            self._config = cfg
            self.workspace.forget_officer()
            self.workspace._config = cfg
            if cfg.theme in self.available_themes:
                self.theme = cfg.theme
            self.notify(f"บันทึกการตั้งค่าแล้ว: {cfg.path}", title="ตั้งค่า")
            self.schedule_preview(0)

        self.push_screen(dialogs.SettingsScreen(config, themes), saved)

    # -- Thai word wrap ---------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, group = event.worker, event.worker.group
        if group == "export" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR,
                                                 WorkerState.CANCELLED):
            self.query_one("#export-bar").remove_class("-busy")
            name = getattr(self, "_export_name", "")
            if event.state == WorkerState.SUCCESS:
                self.notify(f"เขียนไฟล์แล้ว: {worker.result}", title=f"ส่งออก {name} แล้ว",
                            timeout=15)
                self.last_export = worker.result
            elif event.state == WorkerState.ERROR:
                err = worker.error
                text = str(err) if isinstance(err, ItatuiError) else \
                    f"เกิดข้อผิดพลาด ({type(err).__name__}: {err})"
                self.notify(text, title=f"ส่งออก {name} ไม่สำเร็จ", severity="error",
                            timeout=15)
            return
        if event.state == WorkerState.ERROR and group in ("check", "history", "changes",
                                                          "recover", "recover-asked"):
            self.notify(f"{type(worker.error).__name__}: {worker.error}",
                        title="ทำงานเบื้องหลังไม่สำเร็จ", severity="error")
            return
        if event.state != WorkerState.SUCCESS:
            return
        if group == "thai-words":
            if worker.result:
                for area in self.query(thai_widgets().ThaiTextArea):
                    area.rewrap()
        elif group == "check" and self.side is not None:
            self.problems = list(worker.result)
            self.side.show_problems(self.problems)
        elif group == "history" and self.side is not None:
            path, versions = worker.result
            if path == self.current:
                self.side.show_history(path, versions)
        elif group == "changes" and self.side is not None:
            version, changes = worker.result
            self.side.show_changes(version, changes)
        elif group in ("recover", "recover-asked"):
            self._offer_recovery(worker.result, asked=group == "recover-asked")


def repository_root(root: str | Path) -> Path:
    """The working tree of the git repository at ``root``, found with one ``git rev-parse``
    (GitPython is imported later, when the app first needs it). Raises the same Thai
    GitError as :class:`History` for a folder that is not a repository or a bare one."""
    path = Path(root).resolve()
    probe = take_root_probe(str(root))      # started by the command line before the imports
    try:
        if probe is not None:
            stdout, stderr = probe.communicate(timeout=30)
            out = subprocess.CompletedProcess(ROOT_PROBE, probe.returncode, stdout, stderr)
        else:
            out = subprocess.run(ROOT_PROBE, cwd=path, capture_output=True, text=True,
                                 timeout=30)
    except (OSError, subprocess.SubprocessError):
        if probe is not None:
            probe.kill()
            probe.communicate()
        out = None
    lines = out.stdout.splitlines() if out is not None and out.returncode == 0 else []
    if lines[:1] == ["true"]:
        raise GitError(f"คลัง git นี้ไม่มีโฟลเดอร์งาน (bare): {path}")
    if len(lines) < 2:
        raise GitError(f"โฟลเดอร์นี้ไม่ใช่คลัง git: {path} "
                       "(สร้างคลังใหม่ด้วย itatui init หรือระบุ --repo)")
    return Path(lines[1]).resolve()


def _provenance(root: Path) -> dict:
    """The commit, edition and attached records of a PDF when records/ is clean at HEAD."""
    from itatui.render.sources import head_edition, records_at

    try:
        ed = head_edition(root)
    except GitError:
        return {}
    if ed is None or not ed.clean:
        return {}
    return {"commit": ed.commit, "edition": ed.name, "records": records_at(root, ed.commit)}


def run_tui(root: str = ".", toplevel: Path | None = None) -> int:
    """Run the editor on the repository at ``root`` (whose working tree, when known, is
    ``toplevel``); returns the exit status."""
    try:
        app = ItaApp(root, toplevel=toplevel)
    except ItatuiError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    # what the imports made lives as long as the process: out of the collector's way
    gc.freeze()
    app.run()
    return app.return_code or 0
