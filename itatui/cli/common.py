"""What every command shares: exit codes, the ``--repo`` option, the Thai answer to bad
arguments, writing output with control characters escaped (:mod:`itatui.core.controlchars`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from itatui.core.errors import ItatuiError

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def err(message: str) -> None:
    print(f"itatui: {shown(message)}", file=sys.stderr)


def shown(text: str) -> str:
    """``text`` (record text, a value typed by the user, a git message) as it may reach a
    terminal: every control character escaped (``\\x1b``), newline and tab kept."""
    from itatui.core.controlchars import escape

    return escape(text)


def json_text(data) -> str:
    """``data`` as indented JSON with Thai as written: C0 controls are escaped by JSON itself,
    the C1 controls and bidi overrides (which JSON allows raw) as ``\\uNNNN`` too."""
    import json

    from itatui.core.controlchars import FORBIDDEN

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ThaiArgumentParser(argparse.ArgumentParser):
    """argparse with a Thai answer to a bad argument (exit 2), argparse's own English words
    kept after it."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        err(f"อาร์กิวเมนต์ไม่ถูกต้อง ({message}); ดู {self.prog} --help")
        sys.exit(EXIT_ERROR)


def add_repo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repo", default=".", metavar="DIR",
                   help="records repository (default: current directory) / คลังข้อมูลรายงาน")


def records_root(repo: str) -> Path:
    root = Path(repo).resolve()
    if not (root / "records").is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ records ในคลังนี้ (ระบุ --repo)", path=str(root))
    return root


def emit(text: str, output: str | None) -> int:
    """Write ``text`` to ``output`` (atomically) or to stdout."""
    if output and output != "-":
        from itatui.core.tomlio import write_atomic

        write_atomic(Path(output), text)
        print(f"เขียนไฟล์แล้ว: {Path(output).resolve()}", file=sys.stderr)
    else:
        isatty = getattr(sys.stdout, "isatty", None)
        sys.stdout.write(shown(text) if isatty and isatty() else text)
    return EXIT_OK
