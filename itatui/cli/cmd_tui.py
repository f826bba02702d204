"""``itatui [tui] [--repo DIR]``: the editor."""

from __future__ import annotations

from itatui.cli.common import EXIT_OK, add_repo


def register(sub):
    p = sub.add_parser("tui", help="open the editor (default) / เปิดหน้าจอแก้ไขรายงาน")
    add_repo(p)
    return p


def run(args) -> int:
    from itatui.core.history import History

    History.open(args.repo)   # a clear Thai error before the screen opens
    from itatui.tui.app import run_tui

    run_tui(args.repo)
    return EXIT_OK
