"""``itatui restore RECORD REV``: bring back the record as commit REV left it, as a NEW commit
that names the version it restores (history is never rewritten)."""

from __future__ import annotations

import sys

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("restore", help="restore an earlier version of a record / คืนค่าฉบับก่อน",
                       description=__doc__)
    add_repo(p)
    p.add_argument("record", metavar="RECORD")
    p.add_argument("rev", metavar="REV")
    return p


def run(args) -> int:
    from itatui.core.audit.restore import restore
    from itatui.core.workspace import Workspace

    r = restore(Workspace(args.repo), args.record, args.rev)
    print(f"คืนค่า {r.path} เป็นฉบับ {r.restores[:12]} แล้ว (commit {r.sha[:12]}; "
          f"ช่อง: {', '.join(r.fields)})", file=sys.stderr)
    return EXIT_OK
