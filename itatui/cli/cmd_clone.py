"""``itatui clone URL DIR``: join an agency's repository (and install the record merge driver)."""

from __future__ import annotations

import sys

from itatui.cli.common import EXIT_OK


def register(sub):
    p = sub.add_parser("clone", help="join an agency's repository / เข้าร่วมคลังรายงานของหน่วยงาน",
                       description="Clone the agency's records repository from URL into DIR "
                                   "and set it up for itatui sync. / คัดลอกคลังรายงานของหน่วยงาน"
                                   "จาก URL มาไว้ที่ DIR พร้อมตั้งค่าให้ซิงก์ได้")
    p.add_argument("url", metavar="URL", help="the shared repository (file://, https://, ssh, "
                   "git://) / ที่อยู่คลังกลาง")
    p.add_argument("directory", metavar="DIR", help="where to put it / โฟลเดอร์ปลายทาง")
    return p


def run(args) -> int:
    from itatui.core.errors import IdentityError
    from itatui.core.identity import resolve_officer
    from itatui.core.sync import clone

    res = clone(args.url, args.directory, interactive=sys.stdin.isatty())
    print(f"เข้าร่วมคลังรายงานที่ {res.root} แล้ว (กิ่ง {res.branch or '-'})")
    if res.empty:
        print("คลังกลางยังว่างอยู่: สร้างรายงานด้วย "
              f"itatui init {res.root} --agency ชื่อหน่วยงาน --fiscal-year ปี "
              "แล้วส่งขึ้นด้วย itatui sync", file=sys.stderr)
    elif not res.has_records:
        print("คำเตือน: คลังนี้ไม่มีโฟลเดอร์ records — อาจไม่ใช่คลังรายงานของ itatui",
              file=sys.stderr)
    try:
        officer = resolve_officer(res.root)
        print(f"ผู้บันทึก: {officer}")
    except IdentityError as exc:
        print(exc.message, file=sys.stderr)
    return EXIT_OK
