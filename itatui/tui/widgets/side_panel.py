"""The side panel: a live preview of the selected part as it will be published, the problems
``itatui check`` finds, and the history of the selected record.

Each pane only displays what it is given; the work (building the report, checking, reading
git) is done in workers by :mod:`itatui.tui.controllers.side_panel`. Styled by side_panel.tcss.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from itatui.core import schema
from itatui.core.thai import to_thai_digits
from itatui.tui.widgets.report_preview import ReportPreview

PREVIEW, PROBLEMS, HISTORY = "tab-preview", "tab-problems", "tab-history"
SEVERITY_MARK = {"error": ("⛔", "bold red"), "warning": ("⚠", "bold yellow"),
                 "info": ("ℹ", "cyan")}
SEVERITY_NAME = {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อสังเกต"}
CHANGE_NAME = {"added": "เพิ่ม", "removed": "ลบ", "changed": "แก้ไข"}


def problem_label(problem) -> Text:
    mark, style = SEVERITY_MARK.get(problem.severity, ("•", ""))
    text = Text(f"{mark} ", style=style)
    text.append(schema.title_of(problem.record) if schema.kind_of(problem.record)
                else problem.record, style="bold")
    if problem.field:
        kind = schema.kind_of(problem.record)
        label = schema.field_label(kind, problem.field) if kind else problem.field
        if label == problem.field and kind is not None:
            base = problem.field.rpartition(".")[0]
            if base and schema.field_spec(kind, base) is not None:
                label = schema.field_label(kind, base)
        text.append(f" · {label}", style="dim")
    text.append(f"\n  {problem.message}")
    return text


def when(date: str) -> str:
    """An ISO date as the history shows it: ๒๕ พ.ย. ๒๕๖๙ ๑๙:๓๗."""
    import datetime as _dt

    from itatui.core.thai import format_be_date

    try:
        d = _dt.datetime.fromisoformat(date)
    except ValueError:
        return date
    return f"{format_be_date(d.date(), short=True)} {to_thai_digits(d.strftime('%H:%M'))}"


def shown_value(value) -> str:
    """A field's old or new value in the history detail: a list one item a line ("• ..."),
    not Python's "['สำนักปลัด', 'กองคลัง']"; anything else as the history views print it."""
    from itatui.core.audit.fielddiff import show_value

    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(f"\n    • {v}" for v in value) if value else "(ว่าง)"
    return show_value(value)


class SidePanel(Vertical):
    """Tabs: ตัวอย่าง (preview), ปัญหา (problems), ประวัติ (history)."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="side-tabs", initial=PREVIEW):
            with TabPane("ตัวอย่าง", id=PREVIEW):
                yield Static("", id="preview-status", classes="panel-status")
                with VerticalScroll(id="preview-scroll"):
                    yield ReportPreview(id="preview")
            with TabPane("ปัญหา", id=PROBLEMS):
                yield Static("", id="problems-status", classes="panel-status")
                yield OptionList(id="problems-list")
            with TabPane("ประวัติ", id=HISTORY):
                yield Static("", id="history-status", classes="panel-status")
                yield OptionList(id="history-list")
                with VerticalScroll(id="history-scroll"):
                    yield Static("", id="history-detail")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#side-tabs", TabbedContent)

    # -- problems ---------------------------------------------------------------------------
    def show_problems(self, problems: list) -> None:
        self.problems = list(problems)
        options = self.query_one("#problems-list", OptionList)
        options.clear_options()
        options.add_options([Option(problem_label(p), id=str(i))
                             for i, p in enumerate(self.problems)])
        if self.problems:
            options.highlighted = 0         # Enter (after F3) goes to the first at once
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p.severity] = counts.get(p.severity, 0) + 1
        if not self.problems:
            status = "ไม่พบปัญหา ✓"
        else:
            status = " · ".join(f"{SEVERITY_NAME[s]} {to_thai_digits(counts[s])}"
                                for s in ("error", "warning", "info") if s in counts)
            status += " — Enter หรือคลิกเพื่อไปที่ช่องนั้น"
        self.query_one("#problems-status", Static).update(status)

    # -- history ----------------------------------------------------------------------------
    def show_history(self, path: str, versions: list) -> None:
        self.history_path = path
        self.versions = list(versions)
        options = self.query_one("#history-list", OptionList)
        options.clear_options()
        for i, v in enumerate(self.versions):
            label = Text(when(v.date), style="bold")
            label.append(f"  {v.author}", style="cyan")
            label.append(f"\n  {v.summary}")
            if v.old_path and v.old_path != v.path:
                label.append(f"\n  ({v.old_path} → {v.path})", style="dim")
            options.add_option(Option(label, id=str(i)))
        if self.versions:
            options.highlighted = 0         # Enter (after F4) shows the latest at once
        count = to_thai_digits(len(self.versions))
        self.query_one("#history-status", Static).update(
            f"{schema.title_of(path)}: {count} คอมมิต — เลือกเพื่อดูช่องที่เปลี่ยน"
            if self.versions else f"{schema.title_of(path)}: ยังไม่มีประวัติใน git")
        self.query_one("#history-detail", Static).update("")

    def show_changes(self, version, changes: list) -> None:
        out = Text()
        out.append(f"{version.summary}\n", style="bold")
        out.append(f"{version.author} <{version.email}> · {when(version.date)} · "
                   f"{version.commit[:7]}\n\n", style="dim")
        if not changes:
            out.append("ไม่มีช่องที่เปลี่ยน (เปลี่ยนชื่อไฟล์หรือความเห็นในไฟล์เท่านั้น)", style="dim")
        for ch in changes:
            out.append(f"{CHANGE_NAME.get(ch.change, ch.change)} {ch.label or ch.key}",
                       style="bold")
            out.append(f" ({ch.key})\n", style="dim")
            if ch.segments:
                for op, part in ch.segments:
                    style = {"+": "bold green underline", "-": "red strike"}.get(op, "")
                    out.append(part, style=style)
                out.append("\n\n")
            else:
                if ch.old is not None:
                    out.append(f"  เดิม: {shown_value(ch.old)}\n", style="red")
                if ch.new is not None:
                    out.append(f"  ใหม่: {shown_value(ch.new)}\n", style="green")
                out.append("\n")
        self.query_one("#history-detail", Static).update(out)
