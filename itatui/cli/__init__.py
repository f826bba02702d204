"""The ``itatui`` command line: a face over :mod:`itatui.publishing`, :mod:`itatui.render`,
:mod:`itatui.importer` and :mod:`itatui.core` (the only layer, with the TUI, that prints).

Each command lives in its own module with ``register(subparsers)`` and ``run(args) -> int``;
:data:`COMMANDS` lists them in the order ``--help`` shows them.

Exit codes: 0 success (``check``: no problem), 1 ``check`` found problems (and the few other
"found something" answers the README's table lists), 2 itatui could not do what was asked (bad
arguments, unreadable record, no identity, git failure, missing font) — always with a Thai
message on stderr, never a traceback: an unexpected error is answered with :data:`INTERNAL`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from itatui import __version__
from itatui.cli.common import EXIT_ERROR, EXIT_OK, ThaiArgumentParser, err
from itatui.core.errors import ItatuiError, NothingToSave
from itatui.tui import pause_gc, resume_gc, start_root_probe

COMMANDS = ("init", "import", "tui", "set", "render", "check", "log", "recover", "sync", "clone",
            "merge_driver", "diff", "blame", "approve", "publish", "verify", "restore",
            "audit", "new_year", "years", "serve")

DESCRIPTION = """\
Keep a Thai agency's ITA report (integrity and transparency, item O26) as TOML records in git,
edit it in a terminal UI, and publish it as Markdown, HTML and PDF.
เก็บรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส (ITA) เป็นระเบียน TOML ใน git
แก้ไขในหน้าจอเทอร์มินัล และเผยแพร่เป็น Markdown, HTML และ PDF"""

EPILOG = """\
exit codes / รหัสออก: 0 = OK / สำเร็จ;  1 = check found problems / ตรวจพบปัญหา;
2 = could not run (see the Thai message on stderr) / ทำงานไม่ได้ (ดูข้อความบน stderr)"""


#: how an unexpected error (a bug) begins its message; tests look for it
INTERNAL = "เกิดข้อผิดพลาดภายในของ itatui"


def _module(name: str):
    return importlib.import_module(f"itatui.cli.cmd_{name}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or only the command ``only`` (a name of
    :data:`COMMANDS`) when that is the one asked for — importing and registering all twenty
    costs a short command such as ``itatui log`` a good part of its time."""
    parser = ThaiArgumentParser(prog="itatui", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"itatui {__version__}")
    parser.add_argument("--repo", default=None, metavar="DIR", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only else COMMANDS:
        p = _module(name).register(sub)
        p.set_defaults(handler=_module(name).run)
    parser.commands = tuple(sub.choices)       # the names registered, as typed
    return parser


def _parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """Only the command named first (``itatui log ...``: one module imported); the whole
    parser for anything else (``itatui --help``, an unknown or misspelt command, ``--repo``
    first), so that help and errors list every command."""
    first = argv[0] if argv else ""
    name = first.replace("-", "_")
    if name in COMMANDS and name != "tui":
        parser = build_parser(only=name)
        if first in parser.commands:
            return parser
    return build_parser()


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
    if argv is not None and any("\x00" in a for a in argv):    # (a shell cannot pass one)
        err("อาร์กิวเมนต์มีอักขระ NUL (\\x00) จึงไม่ทำงาน")
        return EXIT_ERROR
    args = _tui_args(sys.argv[1:] if argv is None else argv)
    if args is not None:
        pause_gc()          # until the editor's first screen is drawn (resumed there or below)
        start_root_probe(args.repo)     # git finds the repository while Textual is imported
    if args is None:
        parser = _parser_for(sys.argv[1:] if argv is None else argv)
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
    except Exception as exc:        # a bug: still a Thai answer and exit 2, never a traceback
        import os

        if os.environ.get("ITATUI_DEBUG"):
            raise
        err(f"{INTERNAL} ({type(exc).__name__}: {exc}); ตั้ง ITATUI_DEBUG=1 แล้วรันอีกครั้ง"
            " เพื่อดูรายละเอียด")
        return EXIT_ERROR
    finally:
        resume_gc()
