"""``itatui recover``: commit record changes left uncommitted by a crash or a hand edit."""

from __future__ import annotations

from itatui.cli.common import EXIT_OK, EXIT_PROBLEMS, add_repo


def register(sub):
    p = sub.add_parser("recover", help="commit changes left uncommitted / บันทึกการแก้ไขที่ค้างอยู่",
                       description="List record files that differ from the last commit (after "
                                   "a crash or a hand edit) and, with --yes, commit them. / "
                                   "แสดงระเบียนที่แก้ไขแล้วแต่ยังไม่ได้ commit และบันทึกด้วย --yes")
    add_repo(p)
    p.add_argument("--yes", action="store_true", help="commit them / บันทึกเลย")
    return p


def run(args) -> int:
    from itatui.core.locking import repository_lock
    from itatui.core.recovery import clean_temp_files, clear_stale_lock, commit_pending, pending
    from itatui.core.workspace import Workspace

    ws = Workspace(args.repo)
    with repository_lock(ws.root):
        if clear_stale_lock(ws.root):
            print("ลบไฟล์ล็อกของ git ที่ค้างจากโปรแกรมที่ปิดไม่ปกติแล้ว")
        for tmp in clean_temp_files(ws.root):
            print(f"ลบไฟล์ชั่วคราวที่เขียนไม่เสร็จ: {tmp.relative_to(ws.root)}")
    items = pending(ws)
    if not items:
        print("ไม่มีการแก้ไขที่ค้างอยู่")
        return EXIT_OK
    states = {"modified": "แก้ไข", "new": "เพิ่ม", "deleted": "ลบ"}
    for p in items:
        note = f"  อ่านไม่ได้: {p.error.describe()}" if p.error else ""
        print(f"{states[p.state]}  {p.path}{note}")
    if not args.yes:
        print("รัน itatui recover --yes เพื่อบันทึกเป็น commit")
        return EXIT_PROBLEMS
    sha = commit_pending(ws, items)
    print(f"บันทึกแล้ว {sha[:8]}")
    return EXIT_PROBLEMS if any(p.error for p in items) else EXIT_OK
