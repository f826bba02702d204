"""``itatui approve``: the configured officer approves the current version in their role
(an empty commit with ``Itatui-Action: approve`` trailers, signed when git signing is set)."""

from __future__ import annotations

import json
import sys

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("approve", help="approve the current version / อนุมัติฉบับปัจจุบัน",
                       description=__doc__)
    add_repo(p)
    p.add_argument("--role", default=None,
                   help="role in the approval chain (signers.toml) / บทบาทที่อนุมัติ")
    p.add_argument("--comment", default="", help="comment / ความเห็น")
    p.add_argument("--status", action="store_true",
                   help="only show who has approved the current version / ดูสถานะการอนุมัติ")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def run(args) -> int:
    from itatui.core.audit.approvals import approve, state_of
    from itatui.core.workspace import Workspace

    ws = Workspace(args.repo)
    if not args.status:
        ap = approve(ws, args.role, args.comment)
        print(f"อนุมัติแล้ว: {ap.author} ในฐานะ{ap.role} ({ap.commit[:12]})", file=sys.stderr)
    st = state_of(ws.history, "HEAD")
    if args.format == "json":
        print(json.dumps({"commit": st.commit, "tree": st.tree, "required": st.required,
                          "approvals": [a.as_dict() for a in st.approvals],
                          "missing": st.missing, "complete": st.complete},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    for role in st.required:
        ap = next((a for a in st.approvals if a.role == role), None)
        print(f"{'✓' if ap else '·'} {role}: " +
              (f"{ap.author} ({ap.commit[:8]})" if ap else "ยังไม่อนุมัติ"))
    print("อนุมัติครบแล้ว" if st.complete else f"ยังขาด {len(st.missing)} บทบาท")
    return EXIT_OK
