"""``itatui render --format md|html|pdf``."""

from __future__ import annotations

import sys
from pathlib import Path

from itatui.cli.common import EXIT_OK, add_repo, emit, records_root


def register(sub):
    p = sub.add_parser("render", help="render the report / สร้างรายงาน Markdown HTML PDF")
    add_repo(p)
    p.add_argument("--format", choices=("md", "html", "pdf"), required=True)
    p.add_argument("--theme", default=None, help="theme name or folder / ธีม (default: default)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="output file (md/html default: stdout; pdf default: ita-report-YEAR.pdf)")
    return p


def run(args) -> int:
    from itatui.core.model import build_report
    from itatui.core.records import RecordStore
    from itatui.render.themes import load_theme

    root = records_root(args.repo)
    report = build_report(RecordStore(root).load_all())
    theme = load_theme(args.theme or "default", repo_root=root)
    if args.format == "md":
        from itatui.render.markdown import render_markdown

        return emit(render_markdown(report, digits=theme.digits), args.output)
    if args.format == "html":
        from itatui.render.html import render_html

        return emit(render_html(report, theme), args.output)
    from itatui.render.pdf import render_pdf

    out = Path(args.output or f"ita-report-{report.fiscal_year}.pdf")
    render_pdf(report, theme, out, records_root=root)
    print(f"เขียน PDF แล้ว: {out.resolve()}", file=sys.stderr)
    return EXIT_OK
