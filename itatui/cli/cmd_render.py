"""``itatui render --format md|html|pdf|docx [--document plan|report]``: the report (or the
plan, ITA O25) exported (:mod:`itatui.publishing.export`, the pipeline the editor's F8/F9 use
too)."""

from __future__ import annotations

import sys

from itatui.cli.common import EXIT_OK, add_repo, emit, records_root


def register(sub):
    p = sub.add_parser("render", help="render the report / สร้างรายงาน Markdown HTML PDF Word")
    add_repo(p)
    p.add_argument("--format", choices=("md", "html", "pdf", "docx"), required=True)
    p.add_argument("--document", choices=("report", "plan"), default="report",
                   help="report (O26, default) or plan (O25, records/plan/) / รายงานผลหรือแผน")
    p.add_argument("--theme", default=None, help="theme name or folder / ธีม (default: default)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="output file (md/html default: stdout; pdf/docx default: "
                   "ita-report-YEAR.pdf/.docx, ita-plan-YEAR.pdf/.docx for the plan)")
    p.add_argument("--at", metavar="REV|DATE", help="the report as it stood at a commit, tag "
                   "or date (2569-01-31) / รายงาน ณ ฉบับหรือวันที่")
    p.add_argument("--year", metavar="N", type=int, help="the report of fiscal year N as it "
                   "stood at its last commit (see itatui years) / รายงานของปีงบประมาณ N")
    return p


def run(args) -> int:
    from itatui.publishing.export import export, export_text

    root = records_root(args.repo)
    if args.year is not None:
        from itatui.core.errors import ItatuiError
        from itatui.core.history import History
        from itatui.core.newyear import year_commit

        if args.at:
            raise ItatuiError("ระบุได้อย่างเดียว: --at หรือ --year")
        args.at = year_commit(History.open(root), args.year)
    if args.format in ("md", "html"):
        emit(export_text(root, args.format, theme=args.theme, at=args.at,
                         document=args.document), args.output)
    else:
        out = export(root, args.format, args.output, theme=args.theme, at=args.at,
                     warn=lambda text: print(f"itatui: คำเตือน: {text}", file=sys.stderr),
                     document=args.document)
        what = "เขียนไฟล์ Word แล้ว" if args.format == "docx" else "เขียน PDF แล้ว"
        print(f"{what}: {out.resolve()}", file=sys.stderr)
    if args.at:
        from itatui.core.audit.dates import reading

        note = reading(args.at)       # 2569-01-31: พ.ศ. ๒๕๖๙ or ค.ศ. 2569? say which
        if note:                      # (a refusal says it in its own message)
            print(f"itatui: หมายเหตุ: {note}", file=sys.stderr)
    return EXIT_OK
