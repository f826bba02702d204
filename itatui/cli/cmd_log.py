"""``itatui log [RECORD]``: who changed what and when."""

from __future__ import annotations

import datetime as dt
import json

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("log", help="history of the report or one record / ประวัติการแก้ไข")
    add_repo(p)
    p.add_argument("record", nargs="?", metavar="RECORD")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-n", "--limit", type=int, default=None)
    return p


def run(args) -> int:
    from itatui.core.config import load_config
    from itatui.core.history import History
    from itatui.core.records import RecordStore
    from itatui.core.thai import MONTHS_SHORT, digits

    hist = History.open(args.repo)
    path = RecordStore(hist.root).relpath(args.record) if args.record else None
    entries = hist.log(path, limit=args.limit)
    if args.format == "json":
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    style = load_config().digits
    for e in entries:
        when = dt.datetime.fromisoformat(e.date)
        date = digits(f"{when.day} {MONTHS_SHORT[when.month - 1]} {when.year + 543} "
                      f"{when:%H:%M}", style)
        fields = f"  [{', '.join(e.fields)}]" if e.fields else ""
        print(f"{e.sha[:8]}  {date}  {e.author} <{e.email}>  {e.summary}{fields}")
    return EXIT_OK
