"""The ``itatui`` command line: a face over :mod:`itatui.publishing`, :mod:`itatui.render`,
:mod:`itatui.importer` and :mod:`itatui.core` (the only layer, with the TUI, that prints).

Each command lives in its own module with ``register(subparsers)`` and ``run(args) -> int``;
:data:`COMMANDS` lists them in the order ``--help`` shows them.

Exit codes: 0 success (``check``: no problem), 1 ``check`` found problems, 2 itatui could not
do what was asked (bad arguments, unreadable record, no identity, git failure, missing font).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from itatui import __version__
from itatui.cli.common import EXIT_OK, err
from itatui.core.errors import ItatuiError, NothingToSave
from itatui.tui import pause_gc, resume_gc, start_root_probe

COMMANDS = ("init", "import", "tui", "set", "render", "check", "log", "recover", "sync", "clone",
            "merge_driver", "diff", "blame", "approve", "publish", "verify", "restore",
            "audit")

DESCRIPTION = """\
Keep a Thai agency's ITA report (integrity and transparency, item O26) as TOML records in git,
edit it in a terminal UI, and publish it as Markdown, HTML and PDF.
เก็บรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส (ITA) เป็นระเบียน TOML ใน git
แก้ไขในหน้าจอเทอร์มินัล และเผยแพร่เป็น Markdown, HTML และ PDF"""

EPILOG = """\
exit codes / รหัสออก: 0 = OK / สำเร็จ;  1 = check found problems / ตรวจพบปัญหา;
2 = could not run (see the Thai message on stderr) / ทำงานไม่ได้ (ดูข้อความบน stderr)"""


def _module(name: str):
    return importlib.import_module(f"itatui.cli.cmd_{name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="itatui", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"itatui {__version__}")
    parser.add_argument("--repo", default=None, metavar="DIR", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        p = _module(name).register(sub)
        p.set_defaults(handler=_module(name).run)
    return parser


def _tui_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of ``itatui [tui] [--repo DIR]`` without building the whole parser
    (importing every command costs the editor's start-up time); None for anything else."""
    rest = list(argv)
    if rest[:1] == ["tui"]:
        rest = rest[1:]
    if not rest:
        repo = "."
    elif len(rest) == 2 and rest[0] == "--repo" and rest[1] and not rest[1].startswith("-"):
        repo = rest[1]
    else:
        return None
    tui = _module("tui")
    return argparse.Namespace(command="tui", repo=repo, handler=tui.run)


def main(argv: list[str] | None = None) -> int:
    args = _tui_args(sys.argv[1:] if argv is None else argv)
    if args is not None:
        pause_gc()          # until the editor's first screen is drawn (resumed there or below)
        start_root_probe(args.repo)     # git finds the repository while Textual is imported
    if args is None:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:       # plain `itatui [--repo DIR]` opens the TUI
            args = parser.parse_args(["tui", *(["--repo", args.repo] if args.repo else [])])
    try:
        return args.handler(args)
    except NothingToSave as exc:
        err(exc.describe())
        return EXIT_OK
    except ItatuiError as exc:
        err(exc.describe())
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        resume_gc()
