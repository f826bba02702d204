"""``itatui log [RECORD]``: who changed what and when, with filters (officer, dates, field)."""

from __future__ import annotations

from itatui.cli.common import EXIT_OK, add_repo, json_text, shown


def register(sub):
    p = sub.add_parser("log", help="history of the report or one record / ประวัติการแก้ไข",
                       description="History of the report, or of one record through its "
                       "renames and the merges that settled its conflicts; each commit with its "
                       "signature status (none, good, wrong-signer, bad, unknown-key, expired). "
                       "Dates: 2569-01-31 (BE), \"31 ม.ค. 2569\" or 2026-01-31.")
    add_repo(p)
    p.add_argument("record", nargs="?", metavar="RECORD")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-n", "--limit", type=_positive, default=None)
    p.add_argument("--author", metavar="TEXT",
                   help="part of the officer's name or e-mail / ชื่อหรืออีเมลผู้แก้ไข")
    p.add_argument("--since", metavar="DATE", help="from this date / ตั้งแต่วันที่")
    p.add_argument("--until", metavar="DATE", help="up to this date, inclusive / ถึงวันที่")
    p.add_argument("--field", metavar="KEY", help="changed this field / เฉพาะที่แก้ไขช่องนี้")
    p.add_argument("--records-only", action="store_true",
                   help="only commits that change records (no approvals) / เฉพาะการแก้ไขระเบียน")
    return p


def _positive(text: str) -> int:
    import argparse

    from itatui.core.thai import to_arabic_digits

    try:
        n = int(to_arabic_digits(text))
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"-n ต้องเป็นจำนวนเต็มบวก แต่ได้ \"{text}\"")
    return n


def run(args) -> int:
    from itatui.core.audit.dates import parse_date
    from itatui.core.zones import agency_zone, be_datetime, in_zone, zone_note
    from itatui.core.audit.timeline import timeline, with_signatures
    from itatui.core.config import load_config
    from itatui.core.history import History
    from itatui.core.records import RecordStore

    hist = History.open(args.repo)
    path = RecordStore(hist.root).relpath(args.record) if args.record else None
    cfg = load_config()
    zone = agency_zone(cfg.timezone)         # every time in one zone, the agency's
    since = parse_date(args.since, zone=zone) if args.since else None
    until = parse_date(args.until, end_of_day=True, zone=zone) if args.until else None
    entries = timeline(hist, path, author=args.author, since=since, until=until,
                       field_name=args.field, limit=args.limit,
                       records_only=args.records_only, signatures=True)
    if path and not entries:
        _never_committed(hist, path)             # like blame: a Thai error, exit 2
    with_signatures(hist, entries)     # each commit's signature status (those not read yet)
    if args.format == "json":
        out = [e.as_dict() for e in entries]
        for d in out:                            # ISO 8601 with the agency's offset
            d["date"] = in_zone(d["date"], zone)
        print(json_text(out))
        return EXIT_OK
    style = cfg.digits
    if entries:
        print(f"เวลาทั้งหมดเป็น{zone_note(zone)}")
    for e in entries:
        fields = f"  [{', '.join(e.fields)}]" if e.fields else ""
        print(shown(f"{e.sha[:8]}  {be_datetime(e.date, style, zone=zone)}  {e.author} "
                    f"<{e.email}>  {e.summary}{fields}  "
                    f"[{e.signature.short if e.signature else ''}]"))
    return EXIT_OK


def _never_committed(hist, path: str) -> None:
    """Raise the Thai error (exit 2) when ``path`` has no history at all; a filter that
    matched nothing is not an error."""
    from itatui.core.errors import ItatuiError
    from itatui.core.recordlog import record_history

    if hist.head() and record_history(hist, path):
        return
    try:
        on_disk = (hist.root / path).is_file()
    except (OSError, ValueError):             # a name too long for the filesystem
        on_disk = False
    raise ItatuiError("ไม่มีประวัติของระเบียนนี้ใน git" +
                      (" (มีไฟล์แต่ยังไม่เคยบันทึกเป็น commit: itatui recover)" if on_disk
                       else " และไม่มีไฟล์นี้"), path=path)
