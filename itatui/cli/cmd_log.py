"""``itatui log [RECORD]``: who changed what and when, with filters (officer, dates, field)."""

from __future__ import annotations

import json

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("log", help="history of the report or one record / ประวัติการแก้ไข",
                       description="History of the report, or of one record through its "
                       "renames. Dates: 2569-01-31 (BE), \"31 ม.ค. 2569\" or 2026-01-31.")
    add_repo(p)
    p.add_argument("record", nargs="?", metavar="RECORD")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-n", "--limit", type=int, default=None)
    p.add_argument("--author", metavar="TEXT",
                   help="part of the officer's name or e-mail / ชื่อหรืออีเมลผู้แก้ไข")
    p.add_argument("--since", metavar="DATE", help="from this date / ตั้งแต่วันที่")
    p.add_argument("--until", metavar="DATE", help="up to this date, inclusive / ถึงวันที่")
    p.add_argument("--field", metavar="KEY", help="changed this field / เฉพาะที่แก้ไขช่องนี้")
    p.add_argument("--records-only", action="store_true",
                   help="only commits that change records (no approvals) / เฉพาะการแก้ไขระเบียน")
    return p


def run(args) -> int:
    from itatui.core.audit.dates import be_datetime, parse_date
    from itatui.core.audit.timeline import timeline
    from itatui.core.config import load_config
    from itatui.core.history import History
    from itatui.core.records import RecordStore

    hist = History.open(args.repo)
    path = RecordStore(hist.root).relpath(args.record) if args.record else None
    since = parse_date(args.since) if args.since else None
    until = parse_date(args.until, end_of_day=True) if args.until else None
    entries = timeline(hist, path, author=args.author, since=since, until=until,
                       field_name=args.field, limit=args.limit,
                       records_only=args.records_only)
    if args.format == "json":
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    style = load_config().digits
    for e in entries:
        fields = f"  [{', '.join(e.fields)}]" if e.fields else ""
        print(f"{e.sha[:8]}  {be_datetime(e.date, style)}  {e.author} <{e.email}>  "
              f"{e.summary}{fields}")
    return EXIT_OK
