"""``itatui blame RECORD``: for each field, who last changed it, when, in which commit
(renames followed: a renumbered measure keeps its history)."""

from __future__ import annotations

from itatui.cli.common import EXIT_ERROR, EXIT_OK, add_repo, err, json_text, shown


def register(sub):
    p = sub.add_parser("blame", help="who last changed each field / ผู้แก้ไขล่าสุดรายช่อง",
                       description=__doc__)
    add_repo(p)
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--rev", default="HEAD", metavar="REV", help="as of this version / ณ ฉบับ")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _short(value, width: int = 48) -> str:
    from itatui.core.audit.fielddiff import show_value

    text = shown(show_value(value))     # escaped first: split() would eat FS, GS, RS, NEL
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run(args) -> int:
    from itatui.core.audit.blame import blame
    from itatui.core.zones import agency_zone, be_datetime, in_zone, zone_note
    from itatui.core.config import load_config
    from itatui.core.history import History
    from itatui.core.records import RecordStore

    hist = History.open(args.repo)
    path = RecordStore(hist.root).relpath(args.record)
    if args.rev != "HEAD":                   # an unknown revision: said as diff says it
        from itatui.core.audit.versions import resolve

        resolve(hist, args.rev)
    lines = blame(hist, path, args.rev)
    if lines.deleted is not None:
        from itatui.core.errors import ItatuiError

        raise ItatuiError(f"ระเบียนนี้ถูกลบไปแล้วในฉบับ {lines.deleted.commit[:8]} "
                          f"({lines.deleted.summary})", path=path)
    cfg = load_config()
    zone = agency_zone(cfg.timezone)         # every time in one zone, the agency's
    if args.format == "json":
        out = [ln.as_dict() for ln in lines]
        for d in out:
            for x in (d, *d.get("items", ())):
                x["date"] = in_zone(x["date"], zone)
        print(json_text(out))
        return _unreadable(hist, lines.unreadable)
    style = cfg.digits
    if lines:
        print(f"เวลาทั้งหมดเป็น{zone_note(zone)}")

    def row(ln, indent: str = "") -> str:
        v = ln.version
        renamed = f"  (ชื่อไฟล์ขณะนั้น {v.path})" if v.path != path else ""
        return shown(f"{v.commit[:8]}  {be_datetime(v.date, style, zone=zone)}  "
                     f"{v.author:<24}  {indent}{ln.label} ({ln.key}): {_short(ln.value)}"
                     f"{renamed}")

    for ln in lines:
        print(row(ln))
        for item in ln.items:
            print(row(item, "  "))
    return _unreadable(hist, lines.unreadable)


def _unreadable(hist, version) -> int:
    """When the version asked for is not valid TOML: say so (Thai, line and column) after the
    last readable values, and exit 2."""
    if version is None:
        return EXIT_OK
    from itatui.core import tomlio
    from itatui.core.errors import RecordError

    text = hist.blob(version.blob).decode("utf-8", "replace")
    try:
        tomlio.parse(text, version.path)
        why = "อ่านไม่ได้"
    except RecordError as exc:
        why = exc.describe()
    err(f"ฉบับ {version.commit[:8]} ของระเบียนนี้อ่านไม่ได้: {why} — ค่าที่แสดงข้างบนมาจากฉบับล่าสุด"
        "ที่อ่านได้ (ผู้แก้ไขแต่ละช่องตามฉบับนั้น)")
    return EXIT_ERROR
