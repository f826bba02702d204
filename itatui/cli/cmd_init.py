"""``itatui init DIR --agency NAME --fiscal-year YEAR``."""

from __future__ import annotations

from pathlib import Path

from itatui.cli.common import EXIT_OK
from itatui.core.errors import ItatuiError


def register(sub):
    p = sub.add_parser("init", help="create a new records repository / สร้างคลังรายงานใหม่")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--agency", required=True, help="agency name / ชื่อหน่วยงาน")
    p.add_argument("--fiscal-year", required=True,
                   help="BE fiscal year, e.g. 2568 / ปีงบประมาณ พ.ศ.")
    return p


def run(args) -> int:
    from itatui.core.init_repo import init_repository
    from itatui.core.thai import to_arabic_digits

    try:
        year = int(to_arabic_digits(args.fiscal_year))
    except ValueError:
        raise ItatuiError(f"ปีงบประมาณต้องเป็นตัวเลข พ.ศ. (ได้ \"{args.fiscal_year}\")") from None
    sha = init_repository(args.directory, args.agency, year)
    print(f"สร้างคลังรายงานที่ {Path(args.directory).resolve()} แล้ว (commit {sha[:8]})")
    return EXIT_OK
