"""The auditor's read-only TUI: who changed what and when, and what was approved and published.

Five tabs: the timeline (filters: record, officer, dates, field; the selected commit's field-level
Thai diff below), a comparison of two versions, blame of a record, the report as of a commit,
tag or date, and the approvals and releases with their signature status and the history check.
Nothing here writes to the repository.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (Button, DataTable, Footer, Header, Input, Markdown, Select, Static,
                             TabbedContent, TabPane)

from itatui.core.audit.dates import be_datetime, parse_date
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.tui.audit.render import diffs_text

ACTIONS = {"edit": "แก้ไข", "approve": "อนุมัติ", "publish": "เผยแพร่", "restore": "คืนค่า",
           "init": "สร้าง", "": "—"}


def _preview_parser():
    """The published report's own Markdown reading (each item of a table cell on its line)."""
    from itatui.render.markdown import preview_parser

    return preview_parser()


class AuditApp(App[None]):
    TITLE = "itatui — ผู้ตรวจสอบ (อ่านอย่างเดียว)"
    CSS = """
    #filters Input { width: 1fr; }
    #filters { height: auto; }
    #timeline { height: 1fr; min-height: 8; }
    #commit-diff-box { height: 1fr; border-top: solid $accent; }
    #cmp-bar, #asof-bar { height: auto; }
    #cmp-bar Input, #asof-bar Input { width: 1fr; }
    #approvals, #releases { height: auto; max-height: 14; }
    .message { color: $error; height: auto; }
    """
    BINDINGS = [Binding("ctrl+q", "quit", "ออก", priority=True),
                Binding("f5", "refresh", "โหลดใหม่")]

    def __init__(self, root: str | Path = ".") -> None:
        super().__init__()
        self.hist = History.open(root)
        self.digits = "thai"
        self.last_diff: Text = Text()
        self.last_compare: Text = Text()
        self.last_markdown = ""
        self.timeline_shas: list[str] = []

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("ลำดับเวลา", id="tab-timeline"):
                with Horizontal(id="filters"):
                    yield Input(placeholder="ระเบียน เช่น records/measures/02-01.toml",
                                id="f-record")
                    yield Input(placeholder="ผู้แก้ไข (ชื่อหรืออีเมล)", id="f-author")
                    yield Input(placeholder="ตั้งแต่ 2569-01-01", id="f-since")
                    yield Input(placeholder="ถึง 31 ม.ค. 2569", id="f-until")
                    yield Input(placeholder="ช่อง เช่น outcome", id="f-field")
                yield Static("", id="timeline-msg", classes="message")
                yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="commit-diff-box"):
                    yield Static("", id="commit-diff")
            with TabPane("เทียบฉบับ", id="tab-compare"):
                with Horizontal(id="cmp-bar"):
                    yield Input(placeholder="ฉบับเก่า (commit/tag)", id="cmp-a")
                    yield Input(placeholder="ฉบับใหม่ (ค่าเริ่มต้น HEAD)", id="cmp-b")
                    yield Input(placeholder="ระเบียน (ไม่บังคับ)", id="cmp-record")
                    yield Button("เทียบ", id="cmp-go")
                with VerticalScroll():
                    yield Static("", id="cmp-out")
            with TabPane("ผู้แก้ไขล่าสุด", id="tab-blame"):
                yield Select([], prompt="เลือกระเบียน", id="blame-record")
                yield DataTable(id="blame", cursor_type="row", zebra_stripes=True)
            with TabPane("รายงาน ณ ฉบับ", id="tab-asof"):
                with Horizontal(id="asof-bar"):
                    yield Input(placeholder="commit, tag หรือวันที่ (2569-01-31)", id="asof-rev")
                    yield Button("แสดง", id="asof-go")
                yield Static("", id="asof-msg", classes="message")
                with VerticalScroll():
                    yield Markdown("", id="asof-md", parser_factory=_preview_parser)
            with TabPane("อนุมัติและเผยแพร่", id="tab-approvals"):
                yield Static("การอนุมัติ", classes="heading")
                yield DataTable(id="approvals", cursor_type="row")
                yield Static("ฉบับที่เผยแพร่", classes="heading")
                yield DataTable(id="releases", cursor_type="row")
                with VerticalScroll():
                    yield Static("", id="history-check")
        yield Footer()

    def on_mount(self) -> None:
        try:
            from itatui.core.config import load_config

            self.digits = load_config().digits
        except ItatuiError:
            pass
        t = self.query_one("#timeline", DataTable)
        t.add_columns("commit", "วันที่", "ผู้แก้ไข", "การกระทำ", "สรุป")
        b = self.query_one("#blame", DataTable)
        b.add_columns("ช่อง", "ค่า", "ผู้แก้ไข", "วันที่", "commit", "ชื่อไฟล์ขณะนั้น")
        self.query_one("#approvals", DataTable).add_columns(
            "commit", "วันที่", "ผู้อนุมัติ", "บทบาท", "ลายมือชื่อ")
        self.query_one("#releases", DataTable).add_columns(
            "tag", "commit", "วันที่", "ผู้เผยแพร่", "ลายมือชื่อ")
        self.action_refresh()

    def action_refresh(self) -> None:
        self.load_timeline()
        self.load_record_list()
        self.load_approvals()

    # -- timeline ------------------------------------------------------------------------------
    def filter_values(self) -> dict:
        val = {k: self.query_one(f"#f-{k}", Input).value.strip()
               for k in ("record", "author", "since", "until", "field")}
        return {"record": val["record"] or None, "author": val["author"] or None,
                "since": parse_date(val["since"]) if val["since"] else None,
                "until": parse_date(val["until"], end_of_day=True) if val["until"] else None,
                "field_name": val["field"] or None}

    def load_timeline(self) -> None:
        from itatui.core.audit.timeline import timeline

        table = self.query_one("#timeline", DataTable)
        msg = self.query_one("#timeline-msg", Static)
        table.clear()
        self.timeline_shas = []
        try:
            f = self.filter_values()
            record = f.pop("record")
            entries = timeline(self.hist, record, **f)
        except ItatuiError as exc:
            msg.update(str(exc))
            return
        msg.update("")
        for e in entries:
            table.add_row(e.sha[:8], be_datetime(e.date, self.digits), e.author,
                          ACTIONS.get(e.action, e.action), e.summary, key=e.sha)
            self.timeline_shas.append(e.sha)
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
        paths = list(record_paths_at(self.hist, "HEAD"))
        self.query_one("#blame-record", Select).set_options(
            [(f"{schema.title_of(p)} ({p})", p) for p in paths])

    @on(Select.Changed, "#blame-record")
    def _blame_record(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.show_blame(event.value)

    def show_blame(self, path: str) -> None:
        from itatui.core.audit.blame import blame

        table = self.query_one("#blame", DataTable)
        table.clear()
        try:
            lines = blame(self.hist, path)
        except ItatuiError as exc:
            table.add_row(str(exc), "", "", "", "", "")
            return

        def add(ln, indent: str = "") -> None:
            v = ln.version
            value = ln.value if isinstance(ln.value, str) else str(ln.value)
            value = " ".join(value.split())
            table.add_row(indent + ln.label, value[:60] + ("…" if len(value) > 60 else ""),
                          v.author, be_datetime(v.date, self.digits), v.commit[:8],
                          v.path if v.path != path else "", key=indent + ln.key)

        for ln in lines:
            add(ln)
            for item in ln.items:
                add(item, "  ")

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

        aps = self.query_one("#approvals", DataTable)
        rels = self.query_one("#releases", DataTable)
        aps.clear()
        rels.clear()
        if not self.hist.head():
            return
        for ap in list_approvals(self.hist):
            sig = commit_signature(self.hist, ap.commit)
            aps.add_row(ap.commit[:8], be_datetime(ap.date, self.digits), ap.author, ap.role,
                        _sig_text(sig), key=ap.commit)
        for rel in list_releases(self.hist):
            sig = tag_signature(self.hist, rel.name)
            rels.add_row(rel.name, rel.commit[:8],
                         be_datetime(rel.date, self.digits) if rel.date else "", rel.tagger,
                         _sig_text(sig), key=rel.name)
        problems = history_check(self.hist)
        report = Text()
        report.append("ตรวจประวัติ: ", style="bold")
        if not problems:
            report.append("ครบถ้วน ไม่พบปัญหา", style="green")
        for p in problems:
            report.append("\n" + str(p), style="red" if p.severity == "error" else "yellow")
        self.query_one("#history-check", Static).update(report)


def _sig_text(sig) -> Text:
    style = "green" if sig.status == "G" else "red" if sig.status in ("B", "R") else \
        "yellow" if sig.signed else "dim"
    return Text(sig.label + (f" ({sig.signer})" if sig.signer else ""), style=style)
