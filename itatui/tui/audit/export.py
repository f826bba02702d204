"""The timeline as the auditor exports it: CSV (UTF-8 with a BOM, so that Excel reads Thai) or
a Markdown table, with Thai headings, the filters used and each commit's signature status."""

from __future__ import annotations

import csv
import io
from typing import Any

from itatui.core.zones import be_datetime, in_zone, zone_note

HEADINGS = ("commit", "วันที่", "วันที่ (ISO 8601)", "ผู้แก้ไข", "อีเมล", "การกระทำ", "สรุป",
            "ช่องที่แก้", "ลายมือชื่อ")


def _row(e: Any, actions: dict[str, str], digits: str, zone) -> list[str]:
    sig = getattr(e, "signature", None)
    return [e.sha, be_datetime(e.date, digits, zone=zone),
            in_zone(e.date, zone) if zone else e.date, e.author, e.email,
            actions.get(e.action, e.action), e.summary, ", ".join(e.fields),
            sig.short if sig is not None else ""]


def timeline_csv(entries: list, actions: dict[str, str], digits: str = "thai",
                 zone=None) -> str:
    """The timeline as CSV, every time in ``zone`` (the agency's)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for e in entries:
        writer.writerow(_row(e, actions, digits, zone))
    return "\ufeff" + out.getvalue()


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def timeline_markdown(entries: list, actions: dict[str, str], digits: str = "thai",
                      filters: str = "", zone=None) -> str:
    """The timeline as a Markdown table, every time in ``zone`` (and said so)."""
    lines = ["# ลำดับเวลาการแก้ไขรายงาน (itatui audit)", ""]
    if zone is not None:
        lines += [f"เวลาทั้งหมดเป็น{zone_note(zone)}", ""]
    if filters:
        lines += [f"ตัวกรอง: {filters}", ""]
    lines += [f"จำนวน {len(entries)} รายการ", ""]
    shown = [h for h in HEADINGS if h != "วันที่ (ISO 8601)"]
    lines.append("| " + " | ".join(shown) + " |")
    lines.append("|" + "---|" * len(shown))
    for e in entries:
        row = _row(e, actions, digits, zone)
        del row[2]
        row[0] = row[0][:8]
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"
