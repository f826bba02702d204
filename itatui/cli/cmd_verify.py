"""``itatui verify FILE.pdf``: was this PDF rendered from this repository's history?
It compares bytes only: a released file with the SHA-256 recorded with its release, any other
with a fresh render of the commit it names (never by the Producer the file claims), then runs
the history checks of that commit's ancestry and release. Exit 0 when it matches, 1 when it
does not (the reason: unknown commit, history rewritten, PDF edited after rendering, a problem
in its history), 2 when it cannot tell (a release not yet received: sync first).
The file says which document it is (its release's tag, or /ItatuiDocument on a plan's PDF):
a plan is re-rendered as the plan.

``itatui verify --history``: the integrity check of the history itself — every commit touching
records/ by a known officer (records/officers.toml), approvals by listed officers, release tags
annotated, unmoved and on main's history, signatures valid. Exit 0 clean, 1 problems."""

from __future__ import annotations

from itatui.cli.common import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, add_repo, err, json_text, shown


def register(sub):
    p = sub.add_parser("verify", help="check a PDF or the history / ตรวจ PDF หรือประวัติ",
                       description=__doc__)
    add_repo(p)
    p.add_argument("pdf", nargs="?", metavar="FILE.pdf")
    p.add_argument("--history", action="store_true",
                   help="check the history's integrity / ตรวจความครบถ้วนของประวัติ")
    p.add_argument("--theme", default=None,
                   help="theme the PDF was rendered with (default: the one it names)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _sig_line(label: str, sig) -> str:
    return shown(f"{label}: {sig.label}" + (f" ({sig.signer})" if sig.signer else ""))


def run(args) -> int:
    from itatui.publishing.verify import history_check, verify_pdf
    from itatui.core.errors import ItatuiError
    from itatui.core.history import History

    if not args.pdf and not args.history:
        raise ItatuiError("ระบุไฟล์ PDF หรือ --history")
    hist = History.open(args.repo)
    result: dict = {}
    code = EXIT_OK
    if args.pdf:
        v = verify_pdf(hist, args.pdf, args.theme)
        result["pdf"] = v.as_dict()
        if not v.ok:
            code = EXIT_ERROR if v.undecided else EXIT_PROBLEMS
        if args.format == "text":
            verdict = "ตรง: " if v.ok else "ยังบอกไม่ได้: " if v.undecided else "ไม่ตรง: "
            print(shown(verdict + v.reason))      # the file's own metadata may hold anything
            if v.commit:
                print(shown(f"commit: {v.commit}" + (f"  tag: {v.tag}" if v.tag else "")))
            if v.document == "plan":
                print("เอกสาร: แผน (มาตรการส่งเสริมคุณธรรมและความโปร่งใส)")
            elif v.commit:                        # an itatui PDF without a document key
                print("เอกสาร: รายงานผล (การดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส)")
            if v.method:
                how = {"bytes": "สร้างใหม่จาก commit ที่ระบุแล้วไบต์ตรงกันทุกไบต์",
                       "release": "ไบต์ตรงกับไฟล์ที่เผยแพร่ทุกไบต์ (SHA-256 ที่บันทึกไว้ใน tag)",
                       }[v.method]
                print(f"วิธีเทียบ: {how}" if v.ok
                      else f"ตัวไฟล์: {how} แต่ประวัติของฉบับนี้ไม่ผ่านการตรวจ")
            if v.commit_signature:
                print(_sig_line("ลายมือชื่อ commit", v.commit_signature))
            if v.tag_signature:
                print(_sig_line("ลายมือชื่อ tag", v.tag_signature))
            for p in v.problems:
                print(shown(str(p)))
            for n in v.notes:
                print(shown("หมายเหตุ: " + n))
            if not v.ok:
                err(v.reason)
    if args.history:
        problems = history_check(hist)
        result["history"] = [p.as_dict() for p in problems]
        if any(p.severity == "error" for p in problems):
            code = EXIT_PROBLEMS
        if args.format == "text":
            for p in problems:
                print(shown(str(p)))
            print("ประวัติครบถ้วน ไม่พบปัญหา" if not problems
                  else f"พบปัญหาในประวัติ {len(problems)} รายการ")
    if args.format == "json":
        print(json_text(result))
    return code
