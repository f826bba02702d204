"""``itatui diff REV1 [REV2] [RECORD]``: changes field by field, and by Thai word inside a field.

``itatui diff REV`` shows what commit REV changed; ``itatui diff REV1 REV2`` (or REV1..REV2)
the changes from REV1 to REV2. Deleted words are shown ``[-so-]`` and inserted ``{+so+}``
(coloured too on a terminal)."""

from __future__ import annotations

import os
import sys

from itatui.cli.common import EXIT_OK, add_repo, json_text, shown


def register(sub):
    p = sub.add_parser("diff", help="field-level Thai diff / เทียบการแก้ไขรายช่องและรายคำ",
                       description=__doc__)
    add_repo(p)
    p.add_argument("revs", nargs="+", metavar="REV1 [REV2] [RECORD]")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return p


def _looks_like_record(arg: str) -> bool:
    return arg.endswith(".toml") or arg.startswith("records/") or os.sep in arg and \
        os.path.exists(arg)


def use_color(choice: str, stream=None) -> bool:
    stream = stream or sys.stdout
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _show(value) -> str:
    from itatui.core.audit.fielddiff import show_value

    return show_value(value)            # numbers as the file writes them: 100.00


def paint(segs, color: bool = False) -> str:
    """A word diff as ``[-deleted-]{+inserted+}``, the marks in red and green ANSI colours
    when ``color``."""
    from itatui.core import worddiff

    segs = [(op, shown(text)) for op, text in segs]   # record text: control chars escaped
    if not color:
        return worddiff.to_plain(segs)
    ansi = {worddiff.DELETE: "\x1b[31m", worddiff.INSERT: "\x1b[32m"}
    return "".join(text if op == worddiff.EQUAL else f"{ansi[op]}{text}\x1b[0m"
                   for op, text in worddiff.marked(segs))


def format_diffs(diffs, color: bool = False) -> str:
    from itatui.core.audit.fielddiff import ADDED, REMOVED

    bold, reset = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    marks = {ADDED: "เพิ่ม", REMOVED: "ลบ", "changed": "แก้ไข"}
    lines = []
    for rd in diffs:
        head = f"{rd.title} ({rd.path})"
        if rd.old_path:
            head += f" ← เดิมชื่อ {rd.old_path}"
        status = {"added": " [ระเบียนใหม่]", "removed": " [ลบระเบียน]"}.get(rd.status, "")
        lines.append(f"{bold}=== {shown(head)}{status}{reset}")
        if not rd.changes:
            lines.append("  (เนื้อหาไม่เปลี่ยน)")
        for c in rd.changes:
            lines.append(f"{bold}--- {shown(c.label)} ({shown(c.key)}) [{marks[c.change]}]"
                         f"{reset}")
            segs = c.segments or (
                ([("-", _show(c.old))] if c.old is not None else []) +
                ([("+", _show(c.new))] if c.new is not None else []))
            body = paint(segs, color)
            lines += ["    " + ln for ln in body.split("\n")]
        lines.append("")
    return "\n".join(lines)


def run(args) -> int:
    from itatui.core.audit.changes import commit_diff, diff_revs
    from itatui.core.errors import ItatuiError
    from itatui.core.history import History
    from itatui.core.records import RecordStore

    hist = History.open(args.repo)
    revs = list(args.revs)
    record = None
    if len(revs) > 1 and _looks_like_record(revs[-1]):
        record = RecordStore(hist.root).relpath(revs.pop())
    if len(revs) == 1 and ".." in revs[0]:
        a, b = revs[0].split("..", 1)
        revs = [a or "HEAD", b or "HEAD"]
    if len(revs) == 1:
        diffs = commit_diff(hist, revs[0], record)
    elif len(revs) == 2:
        diffs = diff_revs(hist, revs[0], revs[1], record)
    else:
        raise ItatuiError("ระบุได้ไม่เกินสองฉบับ: itatui diff REV1 [REV2] [RECORD]")
    if args.format == "json":
        print(json_text([d.as_dict() for d in diffs]))
        return EXIT_OK
    if not diffs:
        print("ไม่มีการเปลี่ยนแปลงของระเบียน", file=sys.stderr)
        return EXIT_OK
    sys.stdout.write(format_diffs(diffs, use_color(args.color)))
    return EXIT_OK
