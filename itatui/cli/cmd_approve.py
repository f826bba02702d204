"""``itatui approve``: the configured officer approves the current version in their role
(an empty commit with ``Itatui-Action: approve`` trailers, signed when git signing is set).
``--document plan`` approves the plan in its own chain (records/plan/signers.toml); an
approval of the plan never counts for the report, nor one of the report for the plan."""

from __future__ import annotations

import sys

from itatui.cli.common import EXIT_OK, add_repo, json_text, shown


def register(sub):
    p = sub.add_parser("approve", help="approve the current version / อนุมัติฉบับปัจจุบัน",
                       description=__doc__)
    add_repo(p)
    p.add_argument("--role", default=None,
                   help="role in the approval chain (signers.toml) / บทบาทที่อนุมัติ")
    p.add_argument("--comment", default="", help="comment / ความเห็น")
    p.add_argument("--status", action="store_true",
                   help="only show who has approved the current version / ดูสถานะการอนุมัติ")
    p.add_argument("--document", choices=("report", "plan"), default="report",
                   help="the document approved: the report (default) or the plan / "
                   "เอกสารที่อนุมัติ: รายงาน (ค่าเริ่มต้น) หรือแผน")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--despite-errors", action="store_true",
                   help="approve although `itatui check` reports errors / "
                   "อนุมัติทั้งที่ยังมีข้อผิดพลาด")
    return p


def open_errors(hist, rev: str, document: str = "report") -> list:
    """The errors ``itatui check --document <document>`` finds in the records of commit ``rev``
    (severity "error"), with the digits of the repository's default theme as ``check`` uses
    them: only ``document``'s errors (a plan is approved before the report has results)."""
    from itatui.cli.cmd_check import theme_digits
    from itatui.core.audit.versions import records_at
    from itatui.core.check import check_records

    return [p for p in check_records(records_at(hist, rev), digits=theme_digits(str(hist.root)),
                                     document=document)
            if p.severity == "error"]


def errors_refusal(problems: list, doing: str, rev: str = ""):
    """The Thai refusal naming each open error (where and its code), and how to go ahead."""
    from itatui.core.errors import ItatuiError

    shown_ = [f"  - {p.record}" + (f" [{p.field}]" if p.field else "") +
              f": {p.code}: {p.message}" for p in problems[:20]]
    if len(problems) > 20:
        shown_.append(f"  และอีก {len(problems) - 20} รายการ")
    where = f" ในฉบับ {rev[:12]}" if rev else ""
    return ItatuiError(shown(f"ยังมีข้อผิดพลาดจาก itatui check {len(problems)} รายการ{where} "
                             f"จึงยังไม่{doing}:\n" + "\n".join(shown_) +
                             f"\nแก้ข้อผิดพลาดก่อน หรือ{doing}ทั้งที่มีข้อผิดพลาดด้วย "
                             "--despite-errors"))


def errors_gate(doing: str, despite: bool, document: str = "report"):
    """``before(hist, rev)`` for approve/publish: the open errors of ``check`` (of
    ``document``) in the records of ``rev`` refuse (exit 2, each named) unless
    ``--despite-errors``; then they are named on stderr and the command goes ahead."""

    def before(hist, rev) -> None:
        problems = open_errors(hist, rev, document)
        if not problems:
            return
        if not despite:
            raise errors_refusal(problems, doing, rev)
        print(shown(f"คำเตือน: {doing}ทั้งที่ยังมีข้อผิดพลาด {len(problems)} รายการ (--despite-errors): "
                    + ", ".join(f"{p.code}@{p.record}" for p in problems)), file=sys.stderr)

    return before


def run(args) -> int:
    from itatui.core.audit.approvals import approve, state_of
    from itatui.core.workspace import Workspace

    document = getattr(args, "document", "report")
    plan = document == "plan"
    ws = Workspace(args.repo)
    if not args.status:
        from itatui.core.errors import ItatuiError, NothingToSave

        try:
            ap = approve(ws, args.role, args.comment, document=document,
                         before=errors_gate("อนุมัติแผน" if plan else "อนุมัติ",
                                            args.despite_errors, document))
        except NothingToSave as exc:      # approved already: refused, exit 2 (not 0)
            raise ItatuiError(exc.message, path=exc.path, field=exc.field) from None
        print(f"อนุมัติ{'แผน' if plan else ''}แล้ว: {ap.author} ในฐานะ{ap.role} "
              f"({ap.commit[:12]})", file=sys.stderr)
    st = state_of(ws.history, "HEAD", document=document)
    if args.format == "json":
        print(json_text({"document": document, "commit": st.commit, "tree": st.tree,
                         "required": st.required,
                         "approvals": [a.as_dict() for a in st.approvals],
                         "refused": [dict(a.as_dict(), reason=why) for a, why in st.refused],
                         "missing": st.missing, "complete": st.complete}))
        return EXIT_OK
    if plan:
        from itatui.core.audit.approvals import signers_path

        print(shown(f"สายการอนุมัติของแผน ({signers_path('plan')})"))
        if not st.required:
            print("ยังไม่มีสายการอนุมัติของแผน (records/plan/ — itatui new-year สร้างให้)")
    for role in st.required:
        ap = next((a for a in st.approvals if a.role == role), None)
        # not counted: the newest refused approval of the role, with the reason (✗)
        no = next(((a, why) for a, why in st.refused if a.role == role), None)
        if ap:
            print(shown(f"✓ {role}: {ap.author} ({ap.commit[:8]})"))
        elif no:
            print(shown(f"✗ {role}: {no[0].author} ({no[0].commit[:8]}) ไม่นับ: {no[1]}"))
        else:
            print(shown(f"· {role}: ยังไม่อนุมัติ"))
    print("อนุมัติครบแล้ว" if st.complete else f"ยังขาด {len(st.missing)} บทบาท")
    return EXIT_OK
