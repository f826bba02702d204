"""``itatui merge-driver %O %A %B %P``: the git merge driver for records (not shown in --help).

git runs it for a record changed on both sides; see :mod:`itatui.core.sync.driver`.
"""

from __future__ import annotations


def register(sub):
    # no help= : the command stays out of ``itatui --help``
    p = sub.add_parser("merge-driver", description="git merge driver for itatui records: "
                       "merge OTHER into CURRENT field by field (exit 1 on a conflict)")
    p.add_argument("base", metavar="BASE", help="%%O: the common ancestor's version")
    p.add_argument("current", metavar="CURRENT", help="%%A: ours, rewritten with the result")
    p.add_argument("other", metavar="OTHER", help="%%B: theirs")
    p.add_argument("path", metavar="PATH", help="%%P: the record's path in the result")
    return p


def run(args) -> int:
    from itatui.core.sync.driver import run_driver

    return run_driver(args.base, args.current, args.other, args.path)
