"""``itatui check``: validate the records (exit 0 clean, 1 problems, 2 cannot run)."""

from __future__ import annotations

import sys

from itatui.cli.common import EXIT_OK, EXIT_PROBLEMS, add_repo, records_root, json_text, shown


def register(sub):
    p = sub.add_parser("check", help="validate the records / ตรวจระเบียน")
    add_repo(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--digits", choices=("thai", "arabic"), default=None,
                   help="digits the report should use (default: the default theme's) / เลขไทยหรืออารบิก")
    p.add_argument("--document", choices=("report", "plan"), default="report",
                   help="the document checked: report (default) or plan (records/plan/) "
                   "/ เอกสารที่ตรวจ")
    p.add_argument("--fail-on", choices=("error", "warning", "info"), default="info",
                   help="lowest severity that makes the exit code 1 (pre-commit: error)")
    return p


def theme_digits(repo: str) -> str:
    try:
        from itatui.render.themes import load_theme

        return load_theme("default", repo_root=repo).digits
    except Exception:       # no theme, or a broken one: the checker still runs
        return "thai"


def _previous_year(root, records) -> list:
    """The previous fiscal year's records as it ended, when the history started this year
    with ``itatui new-year`` (its results and outcomes copied word for word are flagged)."""
    from itatui.core.newyear import previous_year_records

    report = next((r for r in records if r.kind.name == "report" and r.error is None), None)
    fy = report.get("fiscal_year") if report is not None else None
    if not isinstance(fy, int) or isinstance(fy, bool):
        return []
    return previous_year_records(root, fy)


def run(args) -> int:
    from itatui.core.check import check_records
    from itatui.core.records import RecordStore

    store = RecordStore(records_root(args.repo))
    digits = args.digits or theme_digits(str(store.root))
    records = store.load_all()
    if args.document == "plan" and not any(r.kind.name == "plan" for r in records):
        from itatui.core.errors import ItatuiError
        from itatui.render.plan import MISSING

        raise ItatuiError(MISSING)
    problems = check_records(records, store.unknown_files(), digits=digits,
                             previous=_previous_year(store.root, records),
                             document=args.document)
    if args.format == "json":
        print(json_text([p.as_dict() for p in problems]))
    else:
        for p in problems:
            print(shown(str(p)))            # record text quoted in a message: escaped
        errors = sum(p.severity == "error" for p in problems)
        print(f"พบปัญหา {len(problems)} รายการ (ข้อผิดพลาด {errors})" if problems
              else "ไม่พบปัญหา", file=sys.stderr)
    order = ("error", "warning", "info")
    failing = order[: order.index(args.fail_on) + 1]
    return EXIT_PROBLEMS if any(p.severity in failing for p in problems) else EXIT_OK
