"""``itatui audit``: the auditor's read-only TUI (timeline, Thai diffs, blame, the report as of
a version, approvals and releases with their signatures)."""

from __future__ import annotations

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("audit", help="read-only audit TUI / หน้าจอผู้ตรวจสอบ (อ่านอย่างเดียว)",
                       description=__doc__)
    add_repo(p)
    return p


def run(args) -> int:
    from itatui.core.history import History
    from itatui.tui.audit.app import AuditApp

    hist = History.open(args.repo)
    AuditApp(hist.root).run()
    return EXIT_OK
