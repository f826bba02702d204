"""``itatui import FILE [--repo DIR] [--force]``: bring an existing report in as one commit."""

from __future__ import annotations

from pathlib import Path

from itatui.cli.common import EXIT_OK


def register(sub):
    p = sub.add_parser("import", help="import a report (.txt/.md from PDF, or .docx) / นำเข้ารายงานเดิม")
    p.add_argument("file", metavar="FILE", help="the report: text/Markdown or Word (.docx)")
    p.add_argument("--repo", default=".", metavar="DIR",
                   help="records repository, created if needed (default: current directory)")
    p.add_argument("--force", action="store_true",
                   help="replace the issues and measures already there / แทนที่รายงานเดิม")
    return p


def run(args) -> int:
    from itatui.core.thai import to_thai_digits
    from itatui.importer import import_document

    result = import_document(args.file, args.repo, force=args.force)
    c = result.counts
    print(f"นำเข้า {Path(args.file).name} ไปที่ {Path(args.repo).resolve()} แล้ว "
          f"(commit {result.sha[:8]})")
    print(f"ประเด็น {to_thai_digits(c['issues'])}  มาตรการ {to_thai_digits(c['measures'])}  "
          f"คะแนน {to_thai_digits(c['scores'])} ค่า  ระเบียน {to_thai_digits(len(result.paths))} ไฟล์")
    if result.doubts:
        print(f"ข้อที่ควรตรวจทาน ({to_thai_digits(len(result.doubts))}):")
        for d in result.doubts:
            print(f"  - {d}")
    else:
        print("ไม่มีข้อสงสัย")
    print("ตรวจรายงานต่อด้วย: itatui check --repo " + str(Path(args.repo)))
    return EXIT_OK
