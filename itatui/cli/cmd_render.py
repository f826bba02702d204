"""``itatui render --format md|html|pdf|docx``."""

from __future__ import annotations

import sys
from pathlib import Path

from itatui.cli.common import EXIT_OK, add_repo, emit, records_root


def register(sub):
    p = sub.add_parser("render", help="render the report / สร้างรายงาน Markdown HTML PDF Word")
    add_repo(p)
    p.add_argument("--format", choices=("md", "html", "pdf", "docx"), required=True)
    p.add_argument("--theme", default=None, help="theme name or folder / ธีม (default: default)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="output file (md/html default: stdout; pdf/docx default: "
                   "ita-report-YEAR.pdf/.docx)")
    p.add_argument("--at", metavar="REV|DATE", help="the report as it stood at a commit, tag "
                   "or date (2569-01-31) / รายงาน ณ ฉบับหรือวันที่")
    return p


def run(args) -> int:
    from itatui.core.model import build_report
    from itatui.core.records import RecordStore
    from itatui.render.themes import load_theme

    root = records_root(args.repo)
    at = None
    if args.at:
        from itatui.core.audit.asof import Snapshot

        at = Snapshot(root, args.at)
        report = at.report()
    else:
        # The working tree's records; when they are HEAD's, with HEAD's recorded approvals
        # (the same report a re-render of HEAD gives: itatui verify).
        from itatui.core.audit.asof import with_head_approvals

        report = with_head_approvals(build_report(RecordStore(root).load_all()), root)
    theme = load_theme(args.theme or "default", repo_root=root)
    if args.format == "md":
        from itatui.render.markdown import render_markdown

        return emit(render_markdown(report, digits=theme.digits), args.output)
    if args.format == "html":
        from itatui.render.html import render_html

        edition = at.provenance.get("edition") if at else _edition(root)
        return emit(render_html(report, theme, edition=edition), args.output)
    if args.format == "docx":
        from itatui.render.docx import render_docx

        out = Path(args.output or f"ita-report-{report.fiscal_year}.docx")
        render_docx(report, theme, out, records_root=root,
                    **(at.provenance if at else _commit_of(root)))
        print(f"เขียนไฟล์ Word แล้ว: {out.resolve()}", file=sys.stderr)
        return EXIT_OK
    from itatui.render.pdf import render_pdf

    out = Path(args.output or f"ita-report-{report.fiscal_year}.pdf")
    render_pdf(report, theme, out, records_root=root,
               **(at.provenance if at else _provenance(root)))
    print(f"เขียน PDF แล้ว: {out.resolve()}", file=sys.stderr)
    return EXIT_OK


def _edition(root: Path) -> str | None:
    """The edition (tag at HEAD or short commit) when records/ is clean at HEAD, else None."""
    from itatui.core.errors import GitError
    from itatui.render.sources import head_edition

    try:
        ed = head_edition(root)
    except GitError:
        return None
    return ed.name if ed is not None and ed.clean else None


def _commit_of(root: Path) -> dict:
    """commit and edition when records/ is clean at HEAD (the Word document's date and
    metadata come from them); otherwise nothing: a draft ("ร่าง")."""
    from itatui.core.errors import GitError
    from itatui.render.sources import head_edition

    try:
        ed = head_edition(root)
    except GitError:
        ed = None
    if ed is None or not ed.clean:
        return {}
    return {"commit": ed.commit, "edition": ed.name}


def _provenance(root: Path) -> dict:
    """commit, edition and the attached records when records/ is clean at HEAD; otherwise
    nothing (and a Thai warning: the PDF does not come from a commit)."""
    from itatui.core.errors import GitError
    from itatui.render.sources import head_edition, records_at

    try:
        ed = head_edition(root)
    except GitError:
        ed = None
    if ed is None or not ed.clean:
        why = ("ยังไม่มี commit" if ed is None else
               "มีการแก้ไขใน records/ ที่ยังไม่ได้บันทึก (commit)")
        print(f"itatui: คำเตือน: PDF นี้ไม่ได้สร้างจาก commit ใด ({why}) "
              "จึงไม่มีรหัส commit และไม่แนบไฟล์ต้นฉบับ", file=sys.stderr)
        return {}
    return {"commit": ed.commit, "edition": ed.name, "records": records_at(root, ed.commit)}
