"""The side panel (F2 preview, F3 problems, F4 history): mounted on first use, it follows the
selected record and the typing; checks and history run in workers that report through
:mod:`itatui.tui.messages`."""

from __future__ import annotations

import re

from itatui.core import schema
from itatui.core.errors import ItatuiError
from itatui.tui.background import run_reporting
from itatui.tui.messages import ChangesLoaded, HistoryLoaded, ProblemsFound
from itatui.tui.protocol import EditorHost

PREVIEW_DELAY = 0.25        # the preview follows typing, at most every quarter second
CHECK_DELAY = 1.0
FORM_MIN = 30               # fewer columns than this for the form: the panel replaces it


class SidePanelController:
    def __init__(self, host: EditorHost) -> None:
        self.host = host
        self.side = None                    # the SidePanel, mounted on first use
        self.problems: list = []
        #: the document the problems pane checks: "report", or "plan" after "ตรวจแผน" (until
        #: "ตรวจรายงาน"); ``checked`` the one the problems shown were found in
        self.document = "report"
        self.checked = "report"
        self._preview_timer = None
        self._check_timer = None

    def shown(self, tab: str | None = None) -> bool:
        side = self.side
        if side is None or not side.has_class("-shown"):
            return False
        return tab is None or side.tabs.active == tab

    async def toggle(self, tab: str) -> None:
        """Show the side panel on ``tab``; hide it when it already shows that tab."""
        if self.side is None:
            from itatui.tui.widgets.side_panel import SidePanel

            self.side = SidePanel(id="side")
            await self.host.query_one("#main").mount(self.side)
        if self.shown(tab):
            self.hide()
            return
        had_focus = self._focus_within(self.side)
        self.side.add_class("-shown")
        self.side.tabs.active = tab
        self.fit()
        # the problems and the history are chosen from: their list takes the focus; otherwise
        # only when the focus was in the pane now hidden behind the tab
        if had_focus or tab in ("tab-problems", "tab-history"):
            self.host.call_after_refresh(self.focus_pane)
        self.follow()

    def hide(self) -> None:
        """Close the side panel; the form comes back (with the focus if it was in the panel)."""
        if self.side is None:
            return
        had_focus = self._focus_within(self.side)
        self.side.remove_class("-shown", "-wide", "-narrow")
        self.host.form.display = True
        if had_focus:
            self.host.tree.focus()

    def widen(self) -> None:
        """Give the side panel most of the screen (a wide table reads better), or not."""
        if self.side is not None and self.side.has_class("-shown"):
            self.side.toggle_class("-wide")
            self._show_form(not self.side.has_class("-wide")
                            and not self.side.has_class("-narrow"))

    def fit(self) -> None:
        """At a narrow screen the panel takes the form's place instead of squeezing it.

        Beside the tree (at least 28 columns) a panel of 42% would leave the form about 14
        columns at 80x24, a few Thai words a line, and a half-and-half split gives both about
        25: neither can be read. So when the form would get fewer than :data:`FORM_MIN`
        columns the panel replaces the form (the tree stays, so the officer can still pick the
        record the preview or the history follows); choosing a problem brings the form back."""
        side = self.side
        if side is None or not side.has_class("-shown"):
            return
        host = self.host
        width = host.size.width
        tree = host.tree.outer_size.width if host.tree.display else 0
        tree = tree or max(28, min(50, int(width * 0.38)))
        narrow = width - tree - int(width * 0.42) < FORM_MIN
        side.set_class(narrow, "-narrow")
        self._show_form(not narrow and not side.has_class("-wide"))

    def _show_form(self, show: bool) -> None:
        """Show or hide the form; the focus never stays on a hidden widget."""
        host = self.host
        had_focus = not show and self._focus_within(host.form)
        host.form.display = show
        if had_focus:
            self.focus_pane()

    def focus_pane(self) -> None:
        """Focus what the shown pane is read or chosen with."""
        side = self.side
        if side is None:
            return
        target = {"tab-preview": "#preview-scroll", "tab-problems": "#problems-list",
                  "tab-history": "#history-list"}.get(side.tabs.active)
        if target:
            side.query_one(target).focus()

    def _focus_within(self, widget) -> bool:
        focused = self.host.focused
        return focused is not None and (focused is widget or widget in focused.ancestors)

    def follow(self) -> None:
        """Bring the shown pane up to date with the selected record."""
        if self.shown("tab-preview"):
            self.schedule_preview(0)
        elif self.shown("tab-problems"):
            if not self.problems:
                self.check()
        elif self.shown("tab-history"):
            self.load_history()

    def records_changed(self) -> None:
        """An edit or a reload: the problems pane checks again a moment later."""
        if self.shown("tab-problems"):
            self.schedule_check()

    def after_commit(self) -> None:
        if self.shown("tab-history"):
            self.load_history()
        if self.shown("tab-problems"):
            self.schedule_check()

    # -- preview --------------------------------------------------------------------------------
    def schedule_preview(self, delay: float = PREVIEW_DELAY) -> None:
        if not self.shown("tab-preview"):
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if delay <= 0:
            self.host.call_later(self.update_preview)
        else:
            self._preview_timer = self.host.set_timer(delay, self.update_preview)

    def preview_text(self) -> str:
        from itatui.core.overlay import overlay
        from itatui.tui.preview import preview_markdown

        host = self.host
        host.capture_form()
        return preview_markdown(overlay(host.records, host.pending), host.current, host.digits)

    async def update_preview(self) -> None:
        if not self.shown("tab-preview"):
            return
        from rich.text import Text
        from textual.widgets import Static

        from itatui.tui.widgets.report_preview import ReportPreview

        host = self.host
        status = self.side.query_one("#preview-status", Static)
        try:
            text = self.preview_text()
        except ItatuiError as exc:
            status.update(Text(f"ยังแสดงตัวอย่างไม่ได้: {exc}", style="red"))
            return
        title = schema.title_of(host.current) if host.current else ""
        status.update(f"ตัวอย่าง: {title} (รวมการแก้ไขที่ยังไม่บันทึก)" if host.pending
                      else f"ตัวอย่าง: {title}")
        self.side.query_one("#preview", ReportPreview).update(text, host.digits)

    # -- problems -------------------------------------------------------------------------------
    def schedule_check(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.host.set_timer(CHECK_DELAY, self.check)

    def check(self) -> None:
        from itatui.core.overlay import overlay

        host = self.host
        if not host.query("#form"):     # the app is closing: a scheduled check fired too late
            return
        host.capture_form()
        records = overlay(host.records, host.pending)
        unknown = host.store.unknown_files()
        digits = host.digits
        document = self.checked = self.document

        def work() -> ProblemsFound:
            from itatui.core.check import check_records

            if document == "report":
                return ProblemsFound(list(check_records(records, unknown, digits=digits)))
            return ProblemsFound(list(check_records(records, unknown, digits=digits,
                                                    document=document)))

        run_reporting(host, work, group="check", exclusive=True)

    async def check_document(self, document: str) -> None:
        """"ตรวจแผน" / "ตรวจรายงาน": the problems pane checks ``document`` from now on (F5
        and the checks after each edit too), shown at once. The plan in a repository without
        its records (records/plan/) is refused with a Thai notice."""
        from itatui.tui.controllers.export import NO_PLAN, has_plan

        host = self.host
        if document == "plan" and not has_plan(host.records):
            host.notify(NO_PLAN, title="ยังไม่มีแผน", severity="warning", timeout=15)
            return
        self.document = document
        self.problems = []
        if not self.shown("tab-problems"):
            await self.toggle("tab-problems")        # follow() checks
        else:
            self.check()

    def show_problems(self, problems: list) -> None:
        if self.side is not None:
            self.problems = problems
            self.side.show_problems(problems)
            if self.checked != "report":
                from textual.widgets import Static

                status = self.side.query_one("#problems-status", Static)
                status.update(f"ปัญหาของแผน: {status.content} "
                              "(ctrl+p ตรวจรายงาน: กลับไปตรวจรายงานผล)")

    async def problem_chosen(self, index: int) -> None:
        if 0 <= index < len(self.problems):
            await self.goto_problem(self.problems[index])

    async def goto_problem(self, problem) -> None:
        """Open the problem's record and put the cursor in its field."""
        host = self.host
        if problem.record not in host.records:
            host.notify(problem.message, title=problem.record, severity="warning")
            return
        await host.goto(problem.record)
        if not host.form.display:             # the panel had the form's place: give it back
            if self.side is not None and self.side.has_class("-narrow"):
                self.hide()
            else:
                self.side.remove_class("-wide")
                host.form.display = True
        found = self._box_for(problem.field)
        if found is None:
            host.form.focus()
            return
        key, item = found
        await self.jump_to_field(key, item, quoted(problem.message))

    async def jump_to_field(self, key: str, item: int | None = None,
                            words: tuple[str, ...] = ()) -> None:
        """Focus the field ``key`` of the open form (the line of item ``item``) and scroll the
        form so that the field, and the cursor in it, are in view (after the form's layout,
        which a freshly opened record does not have yet). ``words``: the texts a problem
        quotes ('เขียนว่า "บ้านเรื่อน"'); the cursor goes to the first one found there."""
        from textual.widgets import Input, TextArea

        host = self.host
        box = host.form.box(key)
        box.focus_editor()
        editor = box.editor
        if isinstance(editor, TextArea):
            row = 0
            if item is not None:
                row = min(item, editor.document.line_count - 1)
                editor.move_cursor((row, 0))
            start = editor.document.get_index_from_location((row, 0))
            at = _find_first(editor.text, words, start)
            if at is not None:
                editor.move_cursor(editor.document.get_location_from_index(at))
        elif isinstance(editor, Input):
            at = _find_first(editor.value, words, 0)
            if at is not None:
                editor.cursor_position = at
        reveal(host.form, box, editor)

    def _box_for(self, field: str) -> tuple[str, int | None] | None:
        boxes = self.host.form.boxes
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

    # -- history --------------------------------------------------------------------------------
    def load_history(self) -> None:
        host = self.host
        path = host.current
        if path is None or not self.shown("tab-history"):
            return
        hist = host.workspace.history

        def work() -> HistoryLoaded:
            from itatui.core.recordlog import record_history

            return HistoryLoaded(path, record_history(hist, path))

        run_reporting(host, work, group="history", exclusive=True)

    def show_history(self, path: str, versions: list) -> None:
        if self.side is not None and path == self.host.current:
            self.side.show_history(path, versions)

    def version_chosen(self, index: int) -> None:
        versions = getattr(self.side, "versions", [])
        if not 0 <= index < len(versions):
            return
        hist = self.host.workspace.history
        version = versions[index]
        from itatui.core.audit.versions import previous

        older = previous(versions, index)        # across a merge: the local side's version

        def work() -> ChangesLoaded:
            from itatui.core.audit.fielddiff import diff_texts

            new = hist.blob(version.blob).decode("utf-8", "replace") if version.blob else None
            old = hist.blob(older.blob).decode("utf-8", "replace") \
                if older is not None and older.blob else None
            return ChangesLoaded(version, diff_texts(old, new, version.path))

        run_reporting(self.host, work, group="changes", exclusive=True)

    def show_changes(self, version, changes: list) -> None:
        if self.side is not None:
            self.side.show_changes(version, changes)



_QUOTED = re.compile(r'"([^"\n]+)"')


def quoted(message: str) -> tuple[str, ...]:
    """The texts a problem's message quotes, in order."""
    return tuple(_QUOTED.findall(message))


def _find_first(text: str, words: tuple[str, ...], start: int) -> int | None:
    """Where the first of ``words`` that ``text`` holds (from ``start``) begins."""
    for word in words:
        at = text.find(word, start)
        if at >= 0:
            return at
    return None


def reveal(form, box, editor, again: int = 3) -> None:
    """Scroll ``form`` so that ``box`` is in view, its top first, and the cursor of ``editor``
    inside it too. A freshly opened record is still being laid out (its text areas find their
    wrapped height over the next frames), so it is done again after each of the next
    ``again`` refreshes, with the regions of that layout."""
    from textual.geometry import Region
    from textual.widgets import TextArea

    if not (form.is_mounted and box.is_mounted):
        return
    if box.region.height and form.size.height:
        cursor_y = None
        if isinstance(editor, TextArea) and editor.region.height:
            editor.scroll_cursor_visible(animate=False)
            # the cursor line in the form's scrolled space (one layout's coordinates)
            cursor_y = editor.cursor_screen_offset.y - form.content_region.y \
                + round(form.scroll_y)
        form.scroll_to_widget(box, animate=False, top=True, immediate=True)
        if cursor_y is not None:
            form.scroll_to_region(Region(0, cursor_y, 1, 1), animate=False, immediate=True)
    if again > 0:
        form.call_after_refresh(reveal, form, box, editor, again - 1)
