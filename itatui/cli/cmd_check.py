"""``itatui check``: validate the records (exit 0 clean, 1 problems, 2 cannot run)."""

from __future__ import annotations

import json
import sys

from itatui.cli.common import EXIT_OK, EXIT_PROBLEMS, add_repo, records_root


def register(sub):
    p = sub.add_parser("check", help="validate the records / ตรวจระเบียน")
    add_repo(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def run(args) -> int:
    from itatui.core.check import check_records
    from itatui.core.records import RecordStore

    store = RecordStore(records_root(args.repo))
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
