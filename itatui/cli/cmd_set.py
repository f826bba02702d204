"""``itatui set RECORD KEY VALUE``: edit one field, saved and committed as the TUI does."""

from __future__ import annotations

import sys

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("set", help="edit one field and commit / แก้ไขหนึ่งช่องแล้วบันทึก",
                       description="Set RECORD's KEY to VALUE, saved and committed as the TUI "
                                   "does. Lists: a JSON array or one item per line. / "
                                   "แก้ไขช่อง KEY ของระเบียน RECORD แล้วบันทึกเป็นหนึ่ง commit")
    add_repo(p)
    p.add_argument("record", metavar="RECORD", help="path under records/, e.g. "
                   "records/measures/02-01.toml / ไฟล์ระเบียน")
    p.add_argument("key", metavar="KEY", help="dotted TOML key, e.g. outcome, drafter.name, "
                   "approvals.0.comment, 2568.1 / ชื่อช่อง")
    p.add_argument("value", metavar="VALUE", help="new value; '-' reads stdin / ค่าใหม่")
    return p


def _stdin() -> str:
    """The value piped in, as UTF-8 (a Thai error for anything else, nothing written)."""
    from itatui.core.errors import ItatuiError

    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise ItatuiError(f"ค่าที่อ่านจาก stdin ไม่ใช่ UTF-8 (ไบต์ที่ {exc.start + 1}: "
                          f"{data[exc.start:exc.start + 1]!r}) จึงไม่บันทึก") from None


def run(args) -> int:
    from itatui.core.workspace import Workspace

    from itatui.core.errors import GitError

    value = _stdin() if args.value == "-" else args.value
    ws = Workspace(args.repo)
    pending = set(ws.history.uncommitted())
    try:
        result = ws.set_field(args.record, args.key, value)
    except GitError as exc:
        # git refused the commit (a pre-commit hook, signing that failed): the value is in the
        # file, not in the history — said so, with the way to commit it or to take it back
        left = [p for p in ws.history.uncommitted() if p not in pending]
        if left:
            exc.message += ("\nค่านี้เขียนลงไฟล์แล้วแต่ยังไม่เป็น commit: " + ", ".join(left)
                            + " — แก้สาเหตุแล้วบันทึกด้วย itatui recover --yes หรือยกเลิกด้วย "
                            + "git checkout HEAD -- " + " ".join(left))
        raise
    print(f"บันทึกแล้ว {result.sha[:8]} {result.message.splitlines()[0]}")
    return EXIT_OK
