"""What every command shares: exit codes, the ``--repo`` option, writing output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from itatui.core.errors import ItatuiError

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def err(message: str) -> None:
    print(f"itatui: {message}", file=sys.stderr)


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
        sys.stdout.write(text)
    return EXIT_OK
