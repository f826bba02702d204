"""itatui's terminal UI: the report's records on the left, the selected record's form on the right.

The app composes the screen, holds the records and the unsaved edits (per record, so moving to
another record loses nothing), and routes keys, palette commands (:mod:`itatui.tui.palette`)
and messages (the widgets', the workers' of :mod:`itatui.tui.messages`) to the controllers in
:mod:`itatui.tui.controllers` (editing, saving, disk watching, structure, sync, recovery, export,
approving, the side panel, settings), which ask of it only what :class:`itatui.tui.protocol.EditorHost`
says.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NoReturn

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, OptionList, Tree

from itatui.core import form_values
from itatui.core.config import Config
from itatui.core.errors import ItatuiError
from itatui.core.records import Record, RecordStore
from itatui.tui import messages, startup, thai_text
from itatui.tui.controllers.approving import ApprovingController
from itatui.tui.controllers.disk_watch import DiskWatch
from itatui.tui.controllers.drafts import DraftsController
from itatui.tui.controllers.editing import UNSAVED, Editing
from itatui.tui.controllers.export import ExportController
from itatui.tui.controllers.recovery import RecoveryController
from itatui.tui.controllers.saving import SavingController
from itatui.tui.controllers.side_panel import PREVIEW_DELAY, SidePanelController
from itatui.tui.controllers.structure import StructureController
from itatui.tui.palette import ReportCommands, ThaiCommandPalette, commands, help_actions
from itatui.tui.repository import LazyWorkspace
from itatui.tui.startup import repository_root
from itatui.tui.widgets.export_bar import ExportBar
from itatui.tui.widgets.footer import ItaFooter
from itatui.tui.widgets.record_form import RecordForm
from itatui.tui.widgets.record_tree import RecordTree

if TYPE_CHECKING:                       # GitPython is imported when the repository is opened
    from itatui.core.workspace import Workspace

__all__ = ["ItaApp", "UNSAVED", "exit_process", "repository_root", "run_tui"]

DEFAULT_THEME = "textual-dark"
WATCH_SECONDS = 1.0
#: the stylesheets of the screen's parts, beside their modules, in cascade order
CSS_FILES = ("app.tcss", "widgets/export_bar.tcss", "widgets/record_tree.tcss",
             "widgets/record_form.tcss", "screens/quit.tcss", "screens/help.tcss",
             "screens/modal.tcss", "widgets/side_panel.tcss")


class ItaApp(App[None]):
    """Edit the ITA report kept in the git repository at ``root``."""

    CSS_PATH = [str(Path(__file__).parent / n) for n in CSS_FILES]   # absolute: subclasses work
    TITLE = "itatui"
    COMMANDS = {ReportCommands}

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
        # priority: a text field's own F6 (Textual's "select line") must not hide the sync
        Binding("f6", "sync", "ซิงก์", priority=True, tooltip="รับและส่งการแก้ไขกับคลังกลาง"),
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
        if workspace is None:
            config, self.config_error = startup.config_or_default()
            # ``toplevel``: repository_root(root), when the caller has just found it
            self.root = toplevel if toplevel is not None else repository_root(root)
        else:
            self.root, config = workspace.root, workspace.config
        self.repo = LazyWorkspace(self.root, config, workspace)
        self.store = RecordStore(self.root)
        self.records: dict[str, Record] = {}
        self.pending: dict[str, dict[str, str]] = {}   # path -> {dotted key: text}
        self.current: str | None = None
        self.extra_keys: dict[str, list[str]] = {}     # path -> score keys added, not saved
        self.thai_wrap = thai_wrap and thai_text.install_thai_wrap()
        self.disk = DiskWatch(self)
        self.panel = SidePanelController(self)
        self.editing = Editing(self, self.disk, self.panel)
        self.drafts = DraftsController(self, self.editing)   # the unsaved edits on disk
        self.crashed = False                # ended by Textual's panic: exit status 1
        self.saving = SavingController(self)
        self.structure = StructureController(self)
        self.exporter = ExportController(self)
        self.recovery = RecoveryController(self)
        self.approving = ApprovingController(self)      # ctrl+p อนุมัติรายงาน / อนุมัติแผน
        self.sync = None                    # the SyncController, after the first screen

    # -- the repository ---------------------------------------------------------------------
    @property
    def workspace(self) -> Workspace:
        """Saving and history (GitPython), opened on first use: see :class:`LazyWorkspace`."""
        return self.repo.workspace

    @property
    def config(self) -> Config:
        return self.repo.config

    def apply_config(self, cfg: Config) -> None:
        self.repo.apply_config(cfg)

    @property
    def digits(self) -> str:
        return self.repo.digits

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield RecordTree(id="tree")
            yield RecordForm(id="form")
        yield ExportBar(id="export-bar")
        yield ItaFooter()

    @property
    def tree(self) -> RecordTree:
        return self.query_one("#tree", RecordTree)

    @property
    def form(self) -> RecordForm:
        return self.query_one("#form", RecordForm)

    @property
    def side(self):
        return self.panel.side

    @property
    def problems(self) -> list:
        return self.panel.problems

    async def on_mount(self) -> None:
        theme = self.repo.theme
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME
        self.editing.load_all()
        self.tree.populate(self.records, set(self.pending))
        self.tree.border_title = "รายงาน"
        self.refresh_title()
        paths = self.tree.paths()
        if paths:        # the first form as text: its editors are mounted after the first frame
            await self.open_record(paths[0], light=True)
            self.tree.select_path(paths[0])
        self.tree.focus()
        if self.config_error is not None:
            self.notify(str(self.config_error), title="ไฟล์ตั้งค่า", severity="warning",
                        timeout=10)
        self.disk.stamp_all()
        self.set_interval(WATCH_SECONDS, self.watch_disk, name="watch-disk")

    def on_ready(self) -> None:
        """The first screen is drawn: now load the Thai dictionary and look for uncommitted
        records, in threads (they would only delay the first screen)."""
        if os.environ.get("ITATUI_EXIT_ON_READY"):
            self.call_after_refresh(startup.ready_and_exit, self)
            return
        self.call_after_refresh(startup.hydrate_and_collect, self)
        self.drafts.offer()                     # edits left by a crash (the draft journal)
        if self.thai_wrap:
            startup.load_thai_words(self)
        from itatui.tui.controllers.sync import SyncController

        self.sync = SyncController(self)
        self.sync.watch()                       # what waits in the shared repository
        self.recovery.find()                    # opens the repository (GitPython) too

    def on_unmount(self) -> None:
        self.drafts.close()
        if self.sync is not None:
            self.sync.stop_background_fetch()   # quitting does not wait for the network
        self.repo.close()

    def get_driver_class(self):
        """Textual's driver, except that on Linux terminal input bytes that are not UTF-8 are
        read as TIS-620 Thai or "�" instead of ending the app (see :mod:`itatui.tui.driver`)."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:
            from itatui.tui.driver import ThaiInputDriver

            return ThaiInputDriver
        return driver

    def panic(self, *renderables) -> None:
        """An error ended the app (Textual does not set the return code here)."""
        self.crashed = True
        super().panic(*renderables)

    # -- the records and the unsaved edits --------------------------------------------------------
    def refresh_title(self) -> None:
        parts = form_values.title_parts(self.records)
        if self.sync is not None and self.sync.status:
            parts.append(self.sync.status)
        self.title = " · ".join(parts)

    def capture_form(self) -> None:
        self.editing.capture()

    async def open_record(self, path: str, *, force: bool = False, light: bool = False) -> None:
        await self.editing.open(path, force=force, light=light)

    async def show_form(self, path: str) -> None:
        await self.editing.show_form(path)

    async def goto(self, path: str) -> None:
        self.tree.select_path(path)
        await self.open_record(path)

    def selected_path(self) -> str | None:
        return self.editing.selected_path()

    async def reload_record(self, path: str) -> None:
        await self.editing.reload(path)

    async def replace_record(self, rec: Record) -> None:
        await self.editing.replace(rec)

    async def reload_all(self, focus: str | None = None) -> None:
        await self.editing.reload_all(focus)

    def records_changed(self) -> None:
        self.panel.records_changed()

    def after_commit(self) -> None:
        self.panel.after_commit()
        self.drafts.changed()

    def schedule_preview(self, delay: float = PREVIEW_DELAY) -> None:
        self.panel.schedule_preview(delay)

    def preview_text(self) -> str:
        return self.panel.preview_text()

    async def watch_disk(self) -> None:
        await self.disk.watch()

    async def structure_request(self, op: str, index: int = -1, step: int = 0) -> None:
        await self.structure.request(op, index, step)

    @property
    def export_steps(self) -> list[str]:
        return self.query_one("#export-bar", ExportBar).steps

    @property
    def export_worker(self):
        return self.exporter.worker

    # -- messages from the widgets ----------------------------------------------------------------
    @on(Tree.NodeSelected, "#tree")
    async def _node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            await self.open_record(event.node.data)

    @on(Tree.NodeHighlighted, "#tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.editing.highlighted(event.node.data)

    def on_record_form_field_edited(self, message: RecordForm.FieldEdited) -> None:
        self.editing.edited(message.path, message.key, message.text)
        self.drafts.changed()

    async def on_record_form_structure_requested(self, message: RecordForm.StructureRequested
                                                 ) -> None:
        await self.structure.request(message.op, message.index, message.step)

    def on_tabbed_content_tab_activated(self, event) -> None:
        if self.side is not None and event.tabbed_content is self.side.tabs:
            self.panel.follow()

    @on(OptionList.OptionSelected, "#problems-list")
    async def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        await self.panel.problem_chosen(int(event.option.id or 0))

    @on(OptionList.OptionSelected, "#history-list")
    def _version_chosen(self, event: OptionList.OptionSelected) -> None:
        self.panel.version_chosen(int(event.option.id or 0))

    # -- messages from the workers ----------------------------------------------------------------
    def on_background_failed(self, message: messages.BackgroundFailed) -> None:
        self.notify(f"{type(message.error).__name__}: {message.error}",
                    title="ทำงานเบื้องหลังไม่สำเร็จ", severity="error")

    def on_thai_words_loaded(self, message: messages.ThaiWordsLoaded) -> None:
        from itatui.tui.widgets.thai_text_area import ThaiTextArea

        for area in self.query(ThaiTextArea):
            area.rewrap()
        if self.panel.side is not None:                 # the preview wraps by word from now
            self.panel.side.query_one("#preview").refresh(layout=True)
        thai_text.rewrap(self)                          # labels, panels, dialogs: by word too

    def on_resize(self, event) -> None:
        # a narrow screen: the side panel takes the form's place (once the new size is laid out)
        self.call_after_refresh(self.panel.fit)

    def on_problems_found(self, message: messages.ProblemsFound) -> None:
        self.panel.show_problems(message.problems)

    def on_history_loaded(self, message: messages.HistoryLoaded) -> None:
        self.panel.show_history(message.path, message.versions)

    def on_changes_loaded(self, message: messages.ChangesLoaded) -> None:
        self.panel.show_changes(message.version, message.changes)

    async def on_broken_record_view_chosen(self, message) -> None:
        """A broken record's view: shown, or "restore" / "edit" chosen (controllers.recovery)."""
        await self.recovery.broken(message.path, message.action)

    def on_uncommitted_found(self, message: messages.UncommittedFound) -> None:
        self.recovery.offer(message.items, message.asked)

    def on_sync_status(self, message: messages.SyncStatus) -> None:
        self.sync.show_status(message.has_remote, message.text)

    def on_remote_fetched(self, message: messages.RemoteFetched) -> None:
        self.sync.fetched(message.text, message.behind)

    def on_sync_conflicted(self, message: messages.SyncConflicted) -> None:
        self.sync.conflicted(message.conflict)

    def on_sync_failed(self, message: messages.SyncFailed) -> None:
        self.sync.failed(message.text, message.refresh)

    def on_sync_done(self, message: messages.SyncDone) -> None:
        self.sync.done(message.result)

    # -- actions (keys, the palette, the tree's keys) ---------------------------------------------
    async def action_save(self) -> None:
        await self.saving.save_current()

    async def action_save_all(self) -> None:
        await self.saving.save_all()

    async def action_reload(self) -> None:
        await self.saving.reload_current()

    async def action_reload_all(self) -> None:
        await self.reload_all()
        self.notify("โหลดทุกระเบียนใหม่จากดิสก์แล้ว")

    async def action_quit(self) -> None:
        await self.saving.quit()

    def action_help_quit(self) -> None:
        self.notify("กด ctrl+q เพื่อออกจากโปรแกรม", title="ต้องการออกหรือไม่")

    def action_help(self) -> None:
        from itatui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_actions(self)))

    def action_focus_tree(self) -> None:
        self.tree.focus()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(ThaiCommandPalette(placeholder="ค้นหาคำสั่งหรือระเบียน…",
                                            id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return commands(self)

    async def action_panel(self, tab: str) -> None:
        await self.panel.toggle(tab)

    def action_widen_panel(self) -> None:
        self.panel.widen()

    def action_check(self) -> None:
        self.panel.check()

    def action_sync(self) -> None:
        """F6: fetch, merge and push with the shared repository (see controllers.sync)."""
        self.sync.start()

    def action_export(self, fmt: str) -> None:
        self.exporter.start(fmt)

    def action_add_issue(self) -> None:
        self.structure.add_issue()

    async def action_add_measure(self) -> None:
        await self.structure.add_measure()

    def action_remove_record(self) -> None:
        self.structure.remove_selected()

    async def action_move_record(self, step: int) -> None:
        await self.structure.move_selected(step)

    def action_recover(self) -> None:
        self.recovery.find(asked=True)

    def action_settings(self) -> None:
        from itatui.tui.controllers.settings import open_settings

        open_settings(self)


def run_tui(root: str = ".", toplevel: Path | None = None) -> int:
    """Run the editor on the repository at ``root`` (whose working tree, when known, is
    ``toplevel``); returns the exit status."""
    try:
        app = ItaApp(root, toplevel=toplevel)
    except ItatuiError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    # one editor per repository: its draft journal is held for the app's life (the kernel
    # lets go on a crash or kill -9, so the next start still offers the edits back)
    from itatui.core.drafts import DraftStore
    from itatui.tui.controllers.drafts import refused_message

    other = DraftStore(app.root).hold()
    if other is not None:
        print(refused_message(other), file=sys.stderr)
        return 2
    # what the imports made lives as long as the process: out of the collector's way
    gc.freeze()
    app.run()
    return app.return_code or (1 if app.crashed else 0)


def exit_process(code: int) -> NoReturn:
    """End the editor's process with ``code`` once :func:`run_tui` has returned, without the
    interpreter's teardown: freeing every object one by one (the Thai dictionary, the records,
    the widgets) took 0.15–0.3 s of a quit and writes nothing. Nothing is lost: by now
    Textual has shut down (the terminal restored, its output thread joined), the app's
    ``on_unmount`` has written the draft journal (after any journal write in flight, under the
    store's lock), ended a background fetch and closed the repository, and ``asyncio.run`` has
    joined the worker threads.
    What the interpreter would still do is done here: the threads that are not daemons are
    joined, the ``atexit`` handlers run (git's persistent ``cat-file`` processes of every open
    repository end there: :meth:`History.close_all`), and the standard streams are flushed."""
    import atexit
    import threading

    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
