"""``make bench``: every benchmark in one table, each a ratio to a baseline measured in the same run.

Each ``bench_*.py`` beside this file exposes ``measure() -> list[Row]`` (see common.py). Run one
alone with ``python tests/bench/bench_NAME.py``; ``--only NAME`` runs a subset here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Row  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None, help="bench module names (without bench_)")
    args = ap.parse_args()
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only]
    rows: list[Row] = []
    failed = []
    for name in names:
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            rows += importlib.import_module(name).measure()
        except Exception:
            traceback.print_exc()
            failed.append(name)
    print()
    header = f"{'measure':44} {'itatui':>10} {'baseline':38} {'base':>10} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    for r in rows:
        mark = {True: "ok", False: "MISSED", None: ""}[r.ok]
        print(f"{r.name:44} {_t(r.value):>10} {r.baseline_name:38} {_t(r.baseline):>10} "
              f"{r.ratio:>6.2f}x  {r.target} {mark}")
    if failed:
        print(f"\nbenchmarks that failed to run: {', '.join(failed)}")
    return 1 if failed else 0


def _t(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


if __name__ == "__main__":
    raise SystemExit(main())
