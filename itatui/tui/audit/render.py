"""Audit results as Rich renderables for the TUI (the word diff marks as the CLI shows them)."""

from __future__ import annotations

import json

from rich.text import Text

from itatui.core import worddiff
from itatui.core.audit.fielddiff import ADDED, REMOVED, RecordDiff

CHANGE_LABEL = {ADDED: "เพิ่ม", REMOVED: "ลบ", "changed": "แก้ไข"}


def _show(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def word_diff_text(segs: list[worddiff.Segment]) -> Text:
    """The word diff's marks (:func:`itatui.core.worddiff.marked`), deleted in red struck
    through, inserted in green."""
    styles = {worddiff.DELETE: "bold red strike", worddiff.INSERT: "bold green"}
    text = Text()
    for op, chunk in worddiff.marked(segs):
        text.append(chunk, style=styles.get(op))
    return text


def diffs_text(diffs: list[RecordDiff]) -> Text:
    out = Text()
    if not diffs:
        out.append("ไม่มีการเปลี่ยนแปลงของระเบียน", style="dim")
        return out
    for rd in diffs:
        head = f"{rd.title} ({rd.path})"
        if rd.old_path:
            head += f" ← เดิมชื่อ {rd.old_path}"
        out.append(head + "\n", style="bold underline")
        if not rd.changes:
            out.append("  (เนื้อหาไม่เปลี่ยน)\n", style="dim")
        for c in rd.changes:
            out.append(f"  {c.label} ({c.key}) [{CHANGE_LABEL[c.change]}]\n", style="bold")
            segs = c.segments or (
                ([("-", _show(c.old))] if c.old is not None else []) +
                ([("+", _show(c.new))] if c.new is not None else []))
            body = word_diff_text(segs)
            out.append("    ")
            out.append_text(body)
            out.append("\n")
        out.append("\n")
    return out
