"""``itatui blame RECORD``: for each field, who last changed it, when, in which commit
(renames followed: a renumbered measure keeps its history)."""

from __future__ import annotations

import json

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("blame", help="who last changed each field / ผู้แก้ไขล่าสุดรายช่อง",
                       description=__doc__)
    add_repo(p)
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--rev", default="HEAD", metavar="REV", help="as of this version / ณ ฉบับ")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _short(value, width: int = 48) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run(args) -> int:
    from itatui.core.audit.blame import blame
    from itatui.core.audit.dates import be_datetime
    from itatui.core.config import load_config
    from itatui.core.history import History
    from itatui.core.records import RecordStore

    hist = History.open(args.repo)
    path = RecordStore(hist.root).relpath(args.record)
    lines = blame(hist, path, args.rev)
    if args.format == "json":
        print(json.dumps([ln.as_dict() for ln in lines], ensure_ascii=False, indent=2))
        return EXIT_OK
    style = load_config().digits

    def row(ln, indent: str = "") -> str:
        v = ln.version
        renamed = f"  (ชื่อไฟล์ขณะนั้น {v.path})" if v.path != path else ""
        return (f"{v.commit[:8]}  {be_datetime(v.date, style)}  {v.author:<24}  "
                f"{indent}{ln.label} ({ln.key}): {_short(ln.value)}{renamed}")

    for ln in lines:
        print(row(ln))
        for item in ln.items:
            print(row(item, "  "))
    return EXIT_OK
