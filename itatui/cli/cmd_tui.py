"""``itatui [tui] [--repo DIR]``: the editor."""

from __future__ import annotations

from itatui.cli.common import add_repo


def register(sub):
    p = sub.add_parser("tui", help="open the editor (default) / เปิดหน้าจอแก้ไขรายงาน")
    add_repo(p)
    return p


def run(args) -> int:
    from itatui.tui.app import exit_process, repository_root, run_tui

    # a clear Thai error before the screen opens (no GitPython yet); the app reuses the answer
    top = repository_root(args.repo)

    # non-zero when the app ended on an error (an unhandled exception, a panic); the process
    # ends here, without the interpreter's slow teardown (see exit_process)
    exit_process(run_tui(args.repo, toplevel=top))
