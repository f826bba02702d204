"""``itatui sync``: fetch the agency's shared repository, merge, push; print ahead/behind.

A conflict (the same field changed here and there) stops the sync with nothing changed and a Thai
report of both values; settle it with ``--mine``, ``--theirs``, ``--take`` or ``--value`` and sync
again.
"""

from __future__ import annotations

import argparse
import sys

from itatui.cli.common import EXIT_ERROR, EXIT_OK, add_repo, err, shown


def register(sub):
    p = sub.add_parser(
        "sync", help="fetch, merge and push the shared records / ซิงก์กับคลังกลาง",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Fetch the shared repository, merge its changes field by field with yours "
                    "(a merge commit: nobody's commit is rewritten) and push. Release tags travel "
                    "both ways; one that differs here and there stops the sync (never moved). "
                    "On a conflict nothing changes; choose values and sync again.\n"
                    "รับการแก้ไขจากคลังกลาง รวมกับของเราทีละช่อง แล้วส่งขึ้น พร้อมรับส่ง tag "
                    "ฉบับเผยแพร่ (ไม่ย้ายหรือเขียนทับ tag ที่ไม่ตรงกัน) หากแก้ช่องเดียวกัน"
                    "ทั้งสองฝั่ง จะไม่เปลี่ยนแปลงอะไรและแจ้งค่าทั้งสองให้เลือก")
    add_repo(p)
    p.add_argument("--remote", metavar="NAME", help="remote name (default: the branch's "
                   "upstream or origin) / ชื่อคลังกลาง")
    p.add_argument("--set-remote", metavar="URL", help="set the remote's URL first (adds it if "
                   "missing) / ตั้งที่อยู่คลังกลาง")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--mine", action="store_const", const="mine", dest="prefer",
                      help="settle every conflicting field with our value / ใช้ค่าของเรา")
    side.add_argument("--theirs", action="store_const", const="theirs", dest="prefer",
                      help="settle every conflicting field with the remote's value / "
                           "ใช้ค่าจากคลังกลาง")
    p.add_argument("--take", nargs=3, action="append", default=[],
                   metavar=("RECORD", "FIELD", "mine|theirs"),
                   help="settle one field (repeatable) / เลือกค่าทีละช่อง")
    p.add_argument("--value", nargs=3, action="append", default=[],
                   metavar=("RECORD", "FIELD", "VALUE"),
                   help="settle one field with a new value; lists: JSON or one item per line / "
                        "ใส่ค่าใหม่ให้ช่องที่ขัดกัน")
    p.add_argument("--no-push", action="store_true",
                   help="integrate only, do not push / รับและรวมเท่านั้น ไม่ส่งขึ้น")
    p.add_argument("--status", action="store_true",
                   help="only print ahead/behind as of the last fetch (no network) / "
                        "แสดงสถานะเท่านั้น")
    p.add_argument("--fetch", action="store_true",
                   help="with --status: fetch first (only the remote-tracking ref moves, nothing "
                        "local changes) / รับข้อมูลล่าสุดมาดูก่อน โดยไม่เปลี่ยนอะไรในเครื่อง")
    return p


def _resolutions(args, root):
    from itatui.core import schema
    from itatui.core.errors import ItatuiError
    from itatui.core.records import RecordStore
    from itatui.core.sync import MINE, THEIRS, VALUE, Resolution
    from itatui.core.values import parse_value

    store = RecordStore(root)
    out = {}
    for record, key, choice in args.take:
        path = store.relpath(record)
        if choice not in (MINE, THEIRS):
            raise ItatuiError(f"--take ต้องเลือก mine หรือ theirs (ได้ \"{choice}\")",
                              path=path, field=key)
        out[f"{path}#{key}"] = Resolution(choice)
    for record, key, text in args.value:
        path = store.relpath(record)
        kind = schema.kind_of(path)
        spec = schema.field_spec(kind, key) if kind else None
        value = parse_value(spec, text, path=path) if spec else text
        out[f"{path}#{key}"] = Resolution(VALUE, value)
    return out


def run(args) -> int:
    from itatui.core.history import History
    from itatui.core.sync import SyncConflict, ahead_behind, fetch, set_remote, sync
    from itatui.core.sync.remote import choose_remote, current_branch, release_tags, remote_url

    root = History.open(args.repo).root
    if args.set_remote:
        set_remote(root, args.set_remote, args.remote or "origin")
    if args.fetch and not args.status:
        err("--fetch ใช้คู่กับ --status เท่านั้น (itatui sync --status --fetch)")
        return EXIT_ERROR
    if args.status:
        hist = History.open(root)
        remote = choose_remote(hist, current_branch(hist), args.remote)
        if args.fetch:
            ahead, behind = fetch(root, remote=remote)
            when = "ณ ตอนนี้"
        else:
            ahead, behind = ahead_behind(root)
            when = "ตามการรับข้อมูลครั้งล่าสุด ดูล่าสุดด้วย --fetch"
        print(shown(f"คลังกลาง {remote} ({remote_url(hist, remote)})"))
        print(f"ยังไม่ได้ส่ง {ahead} commit · ยังไม่ได้รับ {behind} commit ({when})")
        tags = release_tags(hist, remote)
        if tags.outgoing:
            print(shown("ฉบับเผยแพร่ที่ยังไม่ได้ส่ง: " + ", ".join(tags.outgoing)))
        if tags.incoming:
            print(shown("ฉบับเผยแพร่ที่ยังไม่ได้รับ: " + ", ".join(tags.incoming)))
        if tags.differing:
            err("tag ฉบับเผยแพร่ไม่ตรงกับคลังกลาง (ซิงก์จะไม่ย้ายหรือเขียนทับ): "
                + ", ".join(tags.differing))
            return EXIT_ERROR
        return EXIT_OK
    try:
        res = sync(root, remote=args.remote, prefer=args.prefer,
                   resolutions=_resolutions(args, root), push=not args.no_push,
                   interactive=sys.stdin.isatty())
    except SyncConflict as exc:
        err(exc.message)
        return EXIT_ERROR
    from itatui.core import schema

    print(f"ซิงก์กับคลังกลาง {res.remote} แล้ว")
    print(f"  รับเข้ามา {res.received} commit · ส่งขึ้น {res.sent} commit")
    if res.merge_commit:
        print(f"  รวมด้วย merge commit {res.merge_commit[:8]} (ไม่มี commit ใดถูกเขียนใหม่)")
    elif res.fast_forward:
        print("  เลื่อนตามคลังกลาง (fast-forward) ไม่ต้องสร้าง merge commit")
    records = [p for p in res.changed if schema.kind_of(p)]
    if records:
        print("  ระเบียนที่เปลี่ยนในเครื่อง:")
        for p in records:
            print(shown(f"    - {schema.title_of(p)} ({p})"))
    if res.renamed:
        print("  เปลี่ยนเลขตามคลังกลาง:")
        for old, new in sorted(res.renamed.items()):
            print(shown(f"    - {schema.title_of(old)} → "
                        f"{schema.title_of(new) if new else 'ถูกลบ'} ({old} → {new or '-'})"))
    for c, r in res.resolved:
        print(shown(f"  ช่องที่ขัดกัน: {c.record_title} — {c.label} ({c.key}): {r.describe()}"))
    if res.tags_received:
        print(shown("  รับฉบับเผยแพร่: " + ", ".join(res.tags_received)))
    if res.tags_sent:
        print(shown("  ส่งฉบับเผยแพร่: " + ", ".join(res.tags_sent)))
    print(f"สถานะ: ยังไม่ได้ส่ง {res.ahead} commit · ยังไม่ได้รับ {res.behind} commit")
    return EXIT_OK
