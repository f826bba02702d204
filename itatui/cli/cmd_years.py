"""``itatui years``: the fiscal years of the history, each with its first and last commit and
its releases (:func:`itatui.core.newyear.fiscal_years`)."""

from __future__ import annotations

from itatui.cli.common import EXIT_OK, add_repo, json_text, records_root


def register(sub):
    p = sub.add_parser("years", help="list the fiscal years in the history / ปีงบประมาณในประวัติ",
                       description="The fiscal years recorded in the history: the first and "
                                   "last commit of each and its releases. Open one with "
                                   "`itatui render --year N`. / ปีงบประมาณที่บันทึกไว้")
    add_repo(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def run(args) -> int:
    from itatui.core.history import History
    from itatui.core.newyear import fiscal_years
    from itatui.core.thai import to_thai_digits as th

    years = fiscal_years(History.open(records_root(args.repo)))
    if args.format == "json":
        print(json_text([y.as_dict() for y in years]))
        return EXIT_OK
    if not years:
        print("ยังไม่มีฉบับที่บันทึกไว้")
    for y in years:
        releases = ", ".join(y.releases) if y.releases else "ยังไม่เผยแพร่"
        print(f"ปีงบประมาณ พ.ศ. {th(y.year)}  ฉบับแรก {y.first[:8]}  ฉบับล่าสุด {y.last[:8]}  "
              f"เผยแพร่: {releases}")
    return EXIT_OK
