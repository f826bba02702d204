"""The auditor's read-only TUI: who changed what and when, and what was approved and published.

Six tabs (keys 1-6, shown in the footer): the timeline (filters: record, officer, dates, field,
fiscal year; each commit's signature status; the selected commit's field-level Thai diff below),
a comparison of two versions, blame of a record (a list one item per row), the report as of a
commit, tag or date, the approvals and releases with their signature status and the history
check, and the fiscal years (:mod:`.years`: each year's first and last commit, its releases;
Enter narrows the timeline to the year, r shows its report and p its plan as ``render --year``
does). F1 is a
Thai help, ctrl+p a Thai palette of the auditor's commands (:mod:`.commands`), which also exports
the timeline to CSV or Markdown. The tables fit the terminal's width (:mod:`.fittable`): their
long cells wrap instead of running past the edge. Nothing here writes to the repository.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (Button, DataTable, Header, Input, Markdown, Select, Static,
                             TabbedContent, TabPane)

from itatui.core.audit.dates import parse_date
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.core.zones import agency_zone, be_datetime, zone_note
from itatui.tui.audit.commands import TABS, AuditCommands, AuditHelpScreen, commands, help_actions
from itatui.tui.audit.fittable import Col, FitTable
from itatui.tui.audit.footer import AuditFooter
from itatui.tui.audit.render import diffs_text
from itatui.tui.audit.years import YearRow
from itatui.tui.audit.years_tab import YEAR_COLS, YearsTable, year_cells
from itatui.tui.palette import ThaiCommandPalette

ACTIONS = {"edit": "แก้ไข", "approve": "อนุมัติ", "publish": "เผยแพร่", "restore": "คืนค่า",
           "init": "สร้าง", "new-year": "เริ่มปีใหม่", "": "—"}


def _preview_parser():
    """The published report's own Markdown reading (each item of a table cell on its line)."""
    from itatui.render.markdown import preview_parser

    return preview_parser()


#: what the filters are called (messages, the Markdown export)
FILTERS = (("record", "ระเบียน"), ("author", "ผู้แก้ไข"), ("since", "ตั้งแต่"), ("until", "ถึง"),
           ("field", "ช่อง"))
#: the widget each tab's keys land on (the first in its Tab order)
TAB_FOCUS = {"tab-timeline": "#timeline", "tab-compare": "#cmp-box", "tab-blame": "#blame",
             "tab-asof": "#asof-box", "tab-approvals": "#approvals", "tab-years": "#years"}
#: ... and where its key (1-5) lands when that differs: the field to type in
TAB_FIRST = {"tab-compare": "#cmp-a", "tab-asof": "#asof-rev"}
#: the signature's colour in the timeline (Signature.severity)
SIGNATURE_STYLE = {"error": "bold red", "warning": "yellow", "": "green"}


class AuditApp(App[None]):
    TITLE = "itatui — ผู้ตรวจสอบ (อ่านอย่างเดียว)"
    CSS_PATH = [str(Path(__file__).resolve().parents[1] / "screens" / n)
                for n in ("help.tcss", "modal.tcss")]
    CSS = """
    #filters { height: auto; }
    #filters Input { width: 1fr; margin: 0 1 0 0; }
    #timeline { height: 2fr; min-height: 6; }
    #commit-diff-box { height: 1fr; border-top: solid $accent; }
    #cmp-bar, #asof-bar { height: auto; }
    #cmp-bar Input, #asof-bar Input { width: 1fr; }
    #cmp-bar Button, #asof-bar Button { min-width: 8; }
    #blame { height: 1fr; }
    #blame-bar { dock: top; height: auto; }
    #approvals, #releases { height: auto; max-height: 14; }
    #years { height: auto; max-height: 16; }
    #timeline-year { height: auto; color: $accent; }
    .hint { color: $text-muted; height: auto; }
    .message { color: $error; height: auto; }
    """
    COMMANDS = {AuditCommands}
    BINDINGS = [
        Binding("f1", "help", "ช่วยเหลือ"),
        *(Binding(key, f"tab('{tab}')", short, tooltip=f"แท็บ{name}")
          for tab, name, key, short in TABS),
        Binding("escape", "focus_tab", "ตาราง", show=False),
        Binding("f5", "refresh", "โหลดใหม่", show=False),
        # shown once, on the right of the footer (Textual's place for the palette key)
        Binding("ctrl+p", "command_palette", "คำสั่ง", show=False, priority=True,
                tooltip="รายการคำสั่ง (พิมพ์ชื่อคำสั่ง ผู้แก้ไข หรือระเบียน)"),
        Binding("ctrl+q", "quit", "ออก", priority=True),
    ]

    def __init__(self, root: str | Path = ".") -> None:
        super().__init__()
        self.hist = History.open(root)
        self.digits = "thai"
        self.zone = agency_zone()            # every time in the agency's zone (config)
        self.last_diff: Text = Text()
        self.last_compare: Text = Text()
        self.last_markdown = ""
        self.timeline_shas: list[str] = []
        self.entries: list = []              # the timeline as filtered (exported as shown)
        self._paths: list[str] = []
        self._officers: dict[tuple[str, str], None] = {}
        self.last_export: Path | None = None
        self.year_rows: list[YearRow] = []   # the fiscal years (tab 6), oldest first
        self.year_filter: YearRow | None = None   # the timeline narrowed to this year
        self._years_loaded = False

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("ลำดับเวลา", id="tab-timeline"):
                # the table first in Tab order, then its filters (under it), then the diff
                yield FitTable(TIMELINE_COLS, id="timeline", cursor_type="row",
                               zebra_stripes=True)
                with Horizontal(id="filters"):
                    yield Input(placeholder="ระเบียน", id="f-record", compact=True,
                                tooltip="ไฟล์ระเบียน เช่น records/measures/02-01.toml")
                    yield Input(placeholder="ผู้แก้ไข", id="f-author", compact=True,
                                tooltip="ส่วนหนึ่งของชื่อหรืออีเมลผู้แก้ไข")
                    yield Input(placeholder="ตั้งแต่วันที่", id="f-since", compact=True,
                                tooltip="เช่น 2569-01-01 หรือ 1 ม.ค. 2569")
                    yield Input(placeholder="ถึงวันที่", id="f-until", compact=True,
                                tooltip="เช่น 31 ม.ค. 2569 (นับรวมวันนั้น)")
                    yield Input(placeholder="ช่อง", id="f-field", compact=True,
                                tooltip="ชื่อช่อง เช่น outcome")
                yield Static("", id="timeline-year")
                yield Static("", id="timeline-msg", classes="message")
                with VerticalScroll(id="commit-diff-box"):
                    yield Static("", id="commit-diff")
            with TabPane("เทียบฉบับ", id="tab-compare"):
                with Horizontal(id="cmp-bar"):
                    yield Input(placeholder="ฉบับเก่า (commit/tag)", id="cmp-a")
                    yield Input(placeholder="ฉบับใหม่ (ค่าเริ่มต้น HEAD)", id="cmp-b")
                    yield Input(placeholder="ระเบียน (ไม่บังคับ)", id="cmp-record")
                    yield Button("เทียบ", id="cmp-go")
                with VerticalScroll(id="cmp-box"):
                    yield Static("", id="cmp-out")
            with TabPane("ผู้แก้ไขล่าสุด", id="tab-blame"):
                yield FitTable(BLAME_COLS, id="blame", cursor_type="row", zebra_stripes=True)
                with Vertical(id="blame-bar"):          # docked above the table
                    yield Select([], prompt="เลือกระเบียน", id="blame-record", compact=True)
                    yield Static("", id="blame-msg", classes="message")
            with TabPane("รายงาน ณ ฉบับ", id="tab-asof"):
                with Horizontal(id="asof-bar"):
                    yield Input(placeholder="commit, tag หรือวันที่ (2569-01-31)", id="asof-rev")
                    yield Button("แสดง", id="asof-go")
                yield Static("", id="asof-msg", classes="message")
                with VerticalScroll(id="asof-box"):
                    yield Markdown("", id="asof-md", parser_factory=_preview_parser)
            with TabPane("อนุมัติและเผยแพร่", id="tab-approvals"):
                yield Static("การอนุมัติ", classes="heading")
                yield FitTable(APPROVAL_COLS, id="approvals", cursor_type="row")
                yield Static("ฉบับที่เผยแพร่", classes="heading")
                yield FitTable(RELEASE_COLS, id="releases", cursor_type="row")
                with VerticalScroll():
                    yield Static("", id="history-check")
            with TabPane("ปีงบประมาณ", id="tab-years"):
                yield YearsTable(YEAR_COLS, id="years", cursor_type="row")
                yield Static("Enter ลำดับเวลาของปีที่เลือก · r รายงานของปี · p แผนของปี "
                             "(ณ ฉบับล่าสุดของปี เหมือน itatui render --year)", classes="hint")
                yield Static("", id="years-msg", classes="message")
        yield AuditFooter(compact=True)

    def on_mount(self) -> None:
        from itatui.tui.thai_text import wrap_by_word

        wrap_by_word(self, self.hist.root)  # Thai breaks between words in every panel
        try:
            from itatui.core.config import load_config

            cfg = load_config()
            self.digits = cfg.digits
            self.zone = agency_zone(cfg.timezone)
        except ItatuiError:
            pass
        self.sub_title = zone_note(self.zone)        # every time shown is in this zone
        self.action_refresh()
        self.query_one("#timeline").focus()

    def action_refresh(self) -> None:
        if self._years_loaded:           # read when first needed (tab 6, the palette)
            self.load_years()
        self.load_timeline()
        self.load_record_list()
        self.load_approvals()

    # -- keys and the palette --------------------------------------------------------------------
    def show_tab(self, tab: str) -> None:
        """Show ``tab``. The focus leaves the tab shown before: a focused widget that is hidden
        hands the focus to its neighbour in the same tab, which would show that tab again."""
        self.screen.set_focus(None)
        self.query_one("#tabs", TabbedContent).active = tab

    def action_tab(self, tab: str) -> None:
        """Keys 1-5: show ``tab`` with the focus on its table (or its first field)."""
        self.show_tab(tab)
        self.call_after_refresh(self._focus_first, tab)

    def _focus_first(self, tab: str) -> None:
        self.query_one(TAB_FIRST.get(tab, TAB_FOCUS[tab])).focus()

    def action_focus_tab(self) -> None:
        """Esc: back to the current tab's table (or its result), out of a field, so that
        the keys 1-5 switch tabs again."""
        tab = self.query_one("#tabs", TabbedContent).active
        if tab in TAB_FOCUS:
            self.query_one(TAB_FOCUS[tab]).focus()

    def action_filter(self, name: str) -> None:
        """Put the cursor in the timeline's filter ``name`` (record, author, since, ...)."""
        self.show_tab("tab-timeline")
        self.call_after_refresh(self.query_one(f"#f-{name}", Input).focus)

    def filter_by(self, name: str, value: str) -> None:
        """Set the timeline's filter ``name`` to ``value`` and show the timeline."""
        self.query_one(f"#f-{name}", Input).value = value
        self.show_tab("tab-timeline")
        self.load_timeline()
        self.call_after_refresh(self.action_focus_tab)

    def action_clear_filters(self) -> None:
        for name, _label in FILTERS:
            self.query_one(f"#f-{name}", Input).value = ""
        self.year_filter = None
        self.show_tab("tab-timeline")
        self.load_timeline()

    def blame_record(self, path: str) -> None:
        self.show_tab("tab-blame")
        self.query_one("#blame-record", Select).value = path
        self.call_after_refresh(self.action_focus_tab)

    def officers(self) -> list[tuple[str, str]]:
        """Every officer the timeline has shown (name, e-mail), for the palette: filtering by
        one officer keeps the others in the palette."""
        self._officers.update(dict.fromkeys((e.author, e.email) for e in self.entries))
        return list(self._officers)

    def record_paths(self) -> list[str]:
        return list(self._paths)

    def filters_text(self) -> str:
        shown = [f"{label} {self.query_one(f'#f-{name}', Input).value.strip()}"
                 for name, label in FILTERS
                 if self.query_one(f"#f-{name}", Input).value.strip()]
        if self.year_filter is not None:
            from itatui.core.thai import to_thai_digits

            shown.insert(0, f"ปีงบประมาณ พ.ศ. {to_thai_digits(self.year_filter.year.year)}")
        return ", ".join(shown)

    def action_export(self, fmt: str) -> None:
        """Ask where (a file in the current folder, named after today), then write the
        timeline as filtered: CSV or Markdown. The path written is shown."""
        from itatui.tui.screens.ask import AskScreen

        today = dt.date.today().isoformat()
        default = Path.cwd() / f"itatui-timeline-{today}.{fmt}"
        kind = "CSV" if fmt == "csv" else "Markdown"

        def done(answer: dict | None) -> None:
            if answer and answer.get("path", "").strip():
                self.export_timeline(fmt, Path(answer["path"].strip()).expanduser())

        self.push_screen(AskScreen(f"ส่งออกลำดับเวลา {len(self.entries)} รายการเป็น {kind}",
                                   [("path", "เขียนลงไฟล์", str(default))], ok="ส่งออก"), done)

    def export_timeline(self, fmt: str, path: Path) -> Path | None:
        from itatui.core.tomlio import write_atomic
        from itatui.tui.audit.export import timeline_csv, timeline_markdown

        text = (timeline_csv(self.entries, ACTIONS, self.digits, self.zone) if fmt == "csv" else
                timeline_markdown(self.entries, ACTIONS, self.digits, self.filters_text(),
                                  self.zone))
        path = path if path.is_absolute() else Path.cwd() / path
        try:
            write_atomic(path, text)
        except OSError as exc:
            self.notify(f"เขียนไฟล์ไม่ได้: {path} ({exc.strerror or exc})", severity="error",
                        timeout=10)
            return None
        self.last_export = path
        self.notify(f"เขียนไฟล์แล้ว: {path}", title="ส่งออกลำดับเวลา", timeout=10)
        return path

    def action_save_screenshot(self) -> None:
        """Textual's "Screenshot" (which fails in a terminal) done here: an SVG file in the
        current folder, its path shown."""
        name = f"itatui-audit-{dt.datetime.now():%Y-%m-%d-%H%M%S}.svg"
        try:
            written = self.save_screenshot(name, str(Path.cwd()))
        except OSError as exc:
            self.notify(f"บันทึกภาพหน้าจอไม่ได้: {exc.strerror or exc}", severity="error",
                        timeout=10)
            return
        self.notify(f"บันทึกภาพหน้าจอแล้ว: {Path(written).resolve()}", timeout=10)

    def action_help(self) -> None:
        if not isinstance(self.screen, AuditHelpScreen):
            self.push_screen(AuditHelpScreen(help_actions(self)))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(ThaiCommandPalette(
                placeholder="ค้นหาคำสั่ง ผู้แก้ไข หรือระเบียน…", id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return commands(self)

    # -- timeline ------------------------------------------------------------------------------
    def filter_values(self) -> dict:
        val = {k: self.query_one(f"#f-{k}", Input).value.strip()
               for k in ("record", "author", "since", "until", "field")}
        return {"record": val["record"] or None, "author": val["author"] or None,
                "since": parse_date(val["since"], zone=self.zone) if val["since"] else None,
                "until": (parse_date(val["until"], end_of_day=True, zone=self.zone)
                          if val["until"] else None),
                "field_name": val["field"] or None}

    def load_timeline(self) -> None:
        from itatui.core.audit.timeline import timeline

        table = self.query_one("#timeline", FitTable)
        msg = self.query_one("#timeline-msg", Static)
        self.timeline_shas = []
        self.entries = []
        table.set_rows([])
        self.show_year_filter()
        try:
            f = self.filter_values()
            record = f.pop("record")
            if self.year_filter is None:
                entries = timeline(self.hist, record, **f)
            else:                   # the year's commits only (up to its last, not the year before)
                from itatui.tui.audit.years import year_commits

                year = self.year_filter
                keep = year_commits(self.hist, year)
                entries = [e for e in timeline(self.hist, record, rev=year.year.last, **f)
                           if e.sha in keep]
        except ItatuiError as exc:
            msg.update(str(exc))
            return
        msg.update("")
        try:
            from itatui.core.audit.timeline import with_signatures

            with_signatures(self.hist, entries)
        except ItatuiError as exc:
            msg.update(f"ตรวจลายมือชื่อไม่ได้: {exc}")
        self.entries = entries
        self.officers()
        table.set_rows([([Text(e.sha[:8]), Text(be_datetime(e.date, self.digits, zone=self.zone)),
                          Text(e.author), Text(ACTIONS.get(e.action, e.action)),
                          signature_cell(getattr(e, "signature", None)), Text(e.summary)], e.sha)
                        for e in entries])
        self.timeline_shas = [e.sha for e in entries]
        if entries:
            self.show_commit(entries[0].sha)
        else:
            self.query_one("#commit-diff", Static).update("ไม่พบรายการตามตัวกรอง")

    @on(Input.Submitted, "#filters Input")
    def _filter(self) -> None:
        self.load_timeline()

    @on(DataTable.RowHighlighted, "#timeline")
    def _row(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.show_commit(event.row_key.value)

    def show_commit(self, sha: str) -> None:
        from itatui.core.audit.changes import commit_diff

        head = Text()
        head.append(f"commit {sha}\n", style="bold yellow")
        head.append(self.hist.message(sha).strip() + "\n\n", style="dim")
        try:
            head.append_text(diffs_text(commit_diff(self.hist, sha)))
        except ItatuiError as exc:
            head.append(str(exc), style="red")
        self.last_diff = head
        self.query_one("#commit-diff", Static).update(head)

    # -- compare -------------------------------------------------------------------------------
    @on(Button.Pressed, "#cmp-go")
    @on(Input.Submitted, "#cmp-bar Input")
    def compare(self) -> None:
        from itatui.core.audit.changes import commit_diff, diff_revs

        a = self.query_one("#cmp-a", Input).value.strip()
        b = self.query_one("#cmp-b", Input).value.strip() or "HEAD"
        record = self.query_one("#cmp-record", Input).value.strip() or None
        out = Text()
        try:
            diffs = diff_revs(self.hist, a, b, record) if a else commit_diff(self.hist, b, record)
            out = diffs_text(diffs)
        except ItatuiError as exc:
            out.append(str(exc), style="red")
        self.last_compare = out
        self.query_one("#cmp-out", Static).update(out)

    # -- blame ---------------------------------------------------------------------------------
    def load_record_list(self) -> None:
        from itatui.core import schema
        from itatui.core.audit.versions import record_paths_at

        if not self.hist.head():
            return
        self._paths = paths = list(record_paths_at(self.hist, "HEAD"))
        self.query_one("#blame-record", Select).set_options(
            [(f"{schema.title_of(p)} ({p})", p) for p in paths])

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """The blame tab opens on the first record (the memo) rather than on nothing; the
        years are read when their tab is first shown."""
        select = self.query_one("#blame-record", Select)
        if event.pane.id == "tab-blame" and select.is_blank() and self._paths:
            select.value = self._paths[0]
        if event.pane.id == "tab-years" and not self._years_loaded:
            self.load_years()

    @on(Select.Changed, "#blame-record")
    def _blame_record(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.show_blame(event.value)

    def show_blame(self, path: str) -> None:
        from itatui.core.audit.blame import blame

        table = self.query_one("#blame", FitTable)
        msg = self.query_one("#blame-msg", Static)
        msg.update("")
        try:
            lines = blame(self.hist, path)
        except ItatuiError as exc:
            table.set_rows([])
            msg.update(str(exc))
            return
        if getattr(lines, "unreadable", None) is not None:
            msg.update(f"ระเบียนฉบับล่าสุดอ่านไม่ได้ (TOML ผิดรูปแบบ ในคอมมิต "
                       f"{lines.unreadable.commit[:8]}): แสดงค่าของฉบับที่อ่านได้ล่าสุด")
        elif getattr(lines, "deleted", None) is not None:
            msg.update(f"ระเบียนนี้ถูกลบในคอมมิต {lines.deleted.commit[:8]}")
        rows = []

        def add(ln, number: int | None = None) -> None:
            v = ln.version
            when = be_datetime(v.date, self.digits, zone=self.zone)
            renamed = f"\n(ขณะนั้นชื่อ {v.path})" if v.path != path else ""
            label = "" if number is not None else ln.label    # an item: its number only
            rows.append(([Text(label), value_text(ln.value, number, self.digits),
                          Text(f"{v.author}\n{when}\n{v.commit[:8]}{renamed}")], ln.key))

        for ln in lines:
            add(ln)
            for n, item in enumerate(ln.items, 1):
                add(item, n)
        table.set_rows(rows)

    # -- as of -----------------------------------------------------------------------------------
    @on(Button.Pressed, "#asof-go")
    @on(Input.Submitted, "#asof-rev")
    async def show_asof(self) -> None:
        from itatui.publishing.export import markdown_at
        from itatui.core.audit.versions import resolve_at

        text = self.query_one("#asof-rev", Input).value.strip() or "HEAD"
        msg = self.query_one("#asof-msg", Static)
        try:
            sha = resolve_at(self.hist, text)
            md = markdown_at(self.hist, sha, self.digits)
        except ItatuiError as exc:
            msg.update(str(exc))
            return
        msg.update(f"รายงาน ณ ฉบับ {sha[:12]}")
        self.last_markdown = md
        await self.query_one("#asof-md", Markdown).update(md)

    # -- approvals and releases ------------------------------------------------------------------
    def load_approvals(self) -> None:
        from itatui.core.audit.approvals import list_approvals
        from itatui.core.audit.releases import list_releases
        from itatui.core.audit.signing import commit_signature, tag_signature
        from itatui.publishing.verify import history_check

        aps = self.query_one("#approvals", FitTable)
        rels = self.query_one("#releases", FitTable)
        if not self.hist.head():
            aps.set_rows([])
            rels.set_rows([])
            return
        when = partial(be_datetime, style=self.digits, zone=self.zone)
        aps.set_rows([([Text(ap.commit[:8]), Text(when(ap.date)),
                        Text(ap.author),
                        Text(("แผน: " if ap.document == "plan" else "") + ap.role),
                        _sig_text(commit_signature(self.hist, ap.commit))], ap.commit)
                      for ap in list_approvals(self.hist, document=None)])
        rels.set_rows([([Text(rel.name), Text(rel.commit[:8]),
                         Text(when(rel.date) if rel.date else ""),
                         Text(rel.tagger), _sig_text(tag_signature(self.hist, rel.name))],
                        rel.name)
                       for rel in list_releases(self.hist)])
        problems = history_check(self.hist)
        report = Text()
        report.append("ตรวจประวัติ: ", style="bold")
        if not problems:
            report.append("ครบถ้วน ไม่พบปัญหา", style="green")
        for p in problems:
            report.append("\n" + str(p), style="red" if p.severity == "error" else "yellow")
        self.query_one("#history-check", Static).update(report)

    # -- fiscal years ----------------------------------------------------------------------------
    def load_years(self) -> None:
        """Tab 6: the fiscal years, newest first (the year the records hold now on top)."""
        from itatui.tui.audit.years import year_rows

        table = self.query_one("#years", FitTable)
        msg = self.query_one("#years-msg", Static)
        self._years_loaded = True
        try:
            self.year_rows = year_rows(self.hist)
        except ItatuiError as exc:
            self.year_rows = []
            msg.update(str(exc))
        else:
            msg.update("" if self.year_rows else "ยังไม่มีฉบับที่บันทึกไว้")
        if self.year_filter is not None:            # F5: the same year, read again
            self.year_filter = next((r for r in self.year_rows
                                     if r.year.year == self.year_filter.year.year), None)
        table.set_rows([(year_cells(r, self.digits, self.zone), str(r.year.year))
                        for r in reversed(self.year_rows)])

    def years(self) -> list[YearRow]:
        if not self._years_loaded:
            self.load_years()
        return list(self.year_rows)

    def _year(self, year: int | None) -> YearRow | None:
        """The row of fiscal year ``year``, or (None) of the row under the years' cursor."""
        if year is None:
            table = self.query_one("#years", FitTable)
            if not table.row_count:
                return None
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            year = int(key) if key else None
        return next((r for r in self.year_rows if r.year.year == year), None)

    def show_year_filter(self) -> None:
        from itatui.core.thai import digits as in_digits
        from itatui.core.thai import to_thai_digits

        note = self.query_one("#timeline-year", Static)
        row = self.year_filter
        note.display = row is not None
        if row is not None:
            note.update(f"เฉพาะปีงบประมาณ พ.ศ. {to_thai_digits(row.year.year)}: "
                        f"{in_digits(str(row.commits), self.digits)} คอมมิต ถึงฉบับ {row.year.last[:8]} "
                        "(ctrl+p ล้างตัวกรอง: ทุกปี)")

    @on(DataTable.RowSelected, "#years")
    def _year_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key is not None and event.row_key.value:
            self.year_timeline(int(event.row_key.value))

    def year_timeline(self, year: int) -> None:
        """The timeline narrowed to fiscal year ``year``'s commits (the other filters kept)."""
        self.years()
        row = self._year(year)
        if row is None:
            return
        self.year_filter = row
        self.show_tab("tab-timeline")
        self.load_timeline()
        self.call_after_refresh(self.action_focus_tab)

    def action_year_document(self, document: str) -> None:
        """r / p on the years: the report (or the plan) of the year under the cursor."""
        row = self._year(None)
        if row is not None:
            self.call_later(self.year_document, document, row.year.year)

    async def year_document(self, document: str, year: int) -> None:
        """The report (or the plan) of fiscal year ``year`` as it stood at the year's last
        commit, in the tab "รายงาน ณ ฉบับ": what ``itatui render --year`` renders."""
        from itatui.core.thai import to_thai_digits
        from itatui.publishing.export import markdown_at

        self.years()
        row = self._year(year)
        if row is None:
            return
        sha = row.year.last
        what = "แผน" if document == "plan" else "รายงาน"
        self.query_one("#asof-rev", Input).value = sha[:12]
        self.show_tab("tab-asof")
        msg = self.query_one("#asof-msg", Static)
        try:
            md = markdown_at(self.hist, sha, self.digits, document=document)
        except ItatuiError as exc:
            msg.update(f"{what}ของปีงบประมาณ พ.ศ. {to_thai_digits(year)}: {exc}")
            await self.query_one("#asof-md", Markdown).update("")
            self.last_markdown = ""
            return
        msg.update(f"{what}ของปีงบประมาณ พ.ศ. {to_thai_digits(year)} ณ ฉบับล่าสุดของปี "
                   f"{sha[:12]}")
        self.last_markdown = md
        await self.query_one("#asof-md", Markdown).update(md)
        self.call_after_refresh(self.action_focus_tab)


def value_text(value, number: int | None = None, digits: str = "thai") -> Text:
    """A blame cell: text as written (it wraps in its column), a list as its number of items
    (each item follows on its own row, numbered ``๑.``), a table as ``key: value`` lines,
    other values as the file writes them (``true``, ``8``, ``99.50``: ``show_value``)."""
    from itatui.core.audit.fielddiff import show_value
    from itatui.core.thai import digits as in_digits

    if isinstance(value, list):
        return Text(in_digits(f"{len(value)} รายการ", digits) if value else "(ไม่มีรายการ)",
                    style="dim")
    if isinstance(value, dict):
        text = "\n".join(f"{k}: {show_value(v)}" for k, v in value.items())
    else:
        text = show_value(value)
    text = text.strip()
    if number is not None:
        text = in_digits(f"{number}. ", digits) + text
    return Text(text)


def signature_cell(sig) -> Text:
    """A timeline row's signature status (H6's ``Entry.signature``): red for an error (wrong
    signer, bad signature), yellow for a warning, green when good, dim when unsigned."""
    if sig is None:
        return Text("")
    if not sig.signed:
        return Text(sig.short, style="dim")
    return Text(sig.short, style=SIGNATURE_STYLE.get(sig.severity, ""))


#: the tables' columns (:class:`~.fittable.Col`): which wrap, how narrow, what gives way first
TIMELINE_COLS = [Col("commit"), Col("วันที่", wrap=True, minimum=11, words=True, first=True),
                 Col("ผู้แก้ไข", wrap=True, minimum=12, words=True, first=True),
                 Col("การกระทำ"), Col("ลายมือชื่อ", wrap=True, minimum=10),
                 Col("สรุป", wrap=True, minimum=14)]
BLAME_COLS = [Col("ช่อง", wrap=True, minimum=12), Col("ค่า", wrap=True, minimum=20),
              Col("แก้ล่าสุดโดย", wrap=True, minimum=11, words=True)]
APPROVAL_COLS = [Col("commit"), Col("วันที่", wrap=True, minimum=11, words=True, first=True),
                 Col("ผู้อนุมัติ", wrap=True, minimum=12, words=True, first=True),
                 Col("บทบาท", wrap=True, minimum=12), Col("ลายมือชื่อ", wrap=True, minimum=12)]
RELEASE_COLS = [Col("tag", wrap=True, minimum=12), Col("commit"),
                Col("วันที่", wrap=True, minimum=11, words=True, first=True),
                Col("ผู้เผยแพร่", wrap=True, minimum=12, words=True, first=True),
                Col("ลายมือชื่อ", wrap=True, minimum=12)]


def _sig_text(sig) -> Text:
    # red for an error (another officer's key, a bad signature), never green unless valid
    style = "bold red" if sig.severity == "error" else "green" if sig.valid else \
        "yellow" if sig.signed else "dim"
    named = sig.signer and sig.status != "W"          # a wrong signer's label names them
    return Text(sig.label + (f" ({sig.signer})" if named else ""), style=style)
