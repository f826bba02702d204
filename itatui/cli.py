"""The ``itatui`` command line: a thin layer over :mod:`itatui.core` and :mod:`itatui.render`.

Exit codes: 0 success (``check``: no problem), 1 ``check`` found problems, 2 itatui could not
do what was asked (bad arguments, unreadable record, no identity, git failure, missing font).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from itatui import __version__
from itatui.core.errors import ItatuiError, NothingToSave

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

DESCRIPTION = """\
Keep a Thai agency's ITA report (integrity and transparency, item O26) as TOML records in git,
edit it in a terminal UI, and publish it as Markdown, HTML and PDF.
เก็บรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส (ITA) เป็นระเบียน TOML ใน git
แก้ไขในหน้าจอเทอร์มินัล และเผยแพร่เป็น Markdown, HTML และ PDF"""

EPILOG = """\
exit codes / รหัสออก: 0 = OK / สำเร็จ;  1 = check found problems / ตรวจพบปัญหา;
2 = could not run (see the Thai message on stderr) / ทำงานไม่ได้ (ดูข้อความบน stderr)"""


def _repo_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repo", default=".", metavar="DIR",
                   help="records repository (default: current directory) / คลังข้อมูลรายงาน")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="itatui", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"itatui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new records repository / สร้างคลังรายงานใหม่")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--agency", required=True, help="agency name / ชื่อหน่วยงาน")
    p.add_argument("--fiscal-year", required=True, help="BE fiscal year, e.g. 2568 / ปีงบประมาณ พ.ศ.")

    p = sub.add_parser("tui", help="open the editor (default) / เปิดหน้าจอแก้ไขรายงาน")
    _repo_arg(p)

    p = sub.add_parser("set", help="edit one field and commit / แก้ไขหนึ่งช่องแล้วบันทึก",
                       description="Set RECORD's KEY to VALUE, saved and committed as the TUI "
                                   "does. Lists: a JSON array or one item per line. / "
                                   "แก้ไขช่อง KEY ของระเบียน RECORD")
    _repo_arg(p)
    p.add_argument("record", metavar="RECORD", help="path under records/, e.g. "
                   "records/measures/02-01.toml / ไฟล์ระเบียน")
    p.add_argument("key", metavar="KEY", help="dotted TOML key, e.g. outcome, drafter.name, "
                   "approvals.0.comment, 2568.1 / ชื่อช่อง")
    p.add_argument("value", metavar="VALUE", help="new value; '-' reads stdin / ค่าใหม่")

    p = sub.add_parser("render", help="render the report / สร้างรายงาน Markdown HTML PDF")
    _repo_arg(p)
    p.add_argument("--format", choices=("md", "html", "pdf"), required=True)
    p.add_argument("--theme", default=None, help="theme name or folder / ธีม (default: default)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="output file (md/html default: stdout; pdf default: ita-report-YEAR.pdf)")

    p = sub.add_parser("check", help="validate the records / ตรวจระเบียน")
    _repo_arg(p)
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("log", help="history of the report or one record / ประวัติการแก้ไข")
    _repo_arg(p)
    p.add_argument("record", nargs="?", metavar="RECORD")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-n", "--limit", type=int, default=None)
    return parser


def _err(message: str) -> None:
    print(f"itatui: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "tui"
    if command == "tui" and not hasattr(args, "repo"):
        args.repo = "."
    try:
        return COMMANDS[command](args)
    except NothingToSave as exc:
        _err(exc.describe())
        return EXIT_OK
    except ItatuiError as exc:
        _err(exc.describe())
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


# -- commands ---------------------------------------------------------------------------------

def cmd_init(args) -> int:
    from itatui.core.init_repo import init_repository
    from itatui.core.thai import to_arabic_digits

    try:
        year = int(to_arabic_digits(args.fiscal_year))
    except ValueError:
        raise ItatuiError(f"ปีงบประมาณต้องเป็นตัวเลข พ.ศ. (ได้ \"{args.fiscal_year}\")") from None
    sha = init_repository(args.directory, args.agency, year)
    print(f"สร้างคลังรายงานที่ {Path(args.directory).resolve()} แล้ว (commit {sha[:8]})")
    return EXIT_OK


def cmd_tui(args) -> int:
    from itatui.core.history import History

    History.open(args.repo)   # a clear Thai error before the screen opens
    from itatui.tui.app import run_tui

    run_tui(args.repo)
    return EXIT_OK


def cmd_set(args) -> int:
    from itatui.core.workspace import Workspace

    value = sys.stdin.read() if args.value == "-" else args.value
    ws = Workspace(args.repo)
    result = ws.set_field(args.record, args.key, value)
    print(f"บันทึกแล้ว {result.sha[:8]} {result.message.splitlines()[0]}")
    return EXIT_OK


def cmd_render(args) -> int:
    from itatui.core.model import build_report
    from itatui.core.records import RecordStore
    from itatui.core.history import History
    from itatui.render.themes import load_theme

    root = Path(args.repo).resolve()
    if not (root / "records").is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ records ในคลังนี้ (ระบุ --repo)", path=str(root))
    report = build_report(RecordStore(root).load_all())
    theme = load_theme(args.theme or "default", repo_root=root)
    if args.format == "md":
        from itatui.render.markdown import render_markdown

        return _emit(render_markdown(report, digits=theme.digits), args.output)
    if args.format == "html":
        from itatui.render.html import render_html

        return _emit(render_html(report, theme), args.output)
    from itatui.render.pdf import render_pdf

    out = Path(args.output or f"ita-report-{report.fiscal_year}.pdf")
    render_pdf(report, theme, out, records_root=root)
    print(f"เขียน PDF แล้ว: {out.resolve()}", file=sys.stderr)
    return EXIT_OK


def _emit(text: str, output: str | None) -> int:
    if output and output != "-":
        from itatui.core.tomlio import write_atomic

        write_atomic(Path(output), text)
        print(f"เขียนไฟล์แล้ว: {Path(output).resolve()}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_check(args) -> int:
    from itatui.core.check import check_records
    from itatui.core.records import RecordStore

    root = Path(args.repo).resolve()
    if not (root / "records").is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ records ในคลังนี้ (ระบุ --repo)", path=str(root))
    store = RecordStore(root)
    problems = check_records(store.load_all(), store.unknown_files())
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(p)
        errors = sum(p.severity == "error" for p in problems)
        print(f"พบปัญหา {len(problems)} รายการ (ข้อผิดพลาด {errors})" if problems
              else "ไม่พบปัญหา", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_log(args) -> int:
    from itatui.core.config import load_config
    from itatui.core.history import History
    from itatui.core.records import RecordStore
    from itatui.core.thai import MONTHS_SHORT, digits

    hist = History.open(args.repo)
    path = RecordStore(hist.root).relpath(args.record) if args.record else None
    entries = hist.log(path, limit=args.limit)
    if args.format == "json":
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    style = load_config().digits
    for e in entries:
        when = dt.datetime.fromisoformat(e.date)
        date = digits(f"{when.day} {MONTHS_SHORT[when.month - 1]} {when.year + 543} "
                      f"{when:%H:%M}", style)
        fields = f"  [{', '.join(e.fields)}]" if e.fields else ""
        print(f"{e.sha[:8]}  {date}  {e.author} <{e.email}>  {e.summary}{fields}")
    return EXIT_OK


COMMANDS = {"init": cmd_init, "tui": cmd_tui, "set": cmd_set, "render": cmd_render,
            "check": cmd_check, "log": cmd_log}
