"""``itatui new-year``: start fiscal year N+1 from year N in one commit
(:mod:`itatui.core.newyear`)."""

from __future__ import annotations

from itatui.cli.common import EXIT_OK, add_repo, records_root, shown


def register(sub):
    p = sub.add_parser("new-year", help="start the next fiscal year from this one / "
                       "เริ่มปีงบประมาณใหม่จากปีนี้",
                       description="Start fiscal year N+1 from the records of year N in one "
                                   "commit: measures and issues carried over, results and "
                                   "outcomes emptied, periods, memo dates and the report's "
                                   "years moved one year on; the plan's records "
                                   "(records/plan/) carried the same way, or created. / เริ่มปีงบประมาณใหม่ในหนึ่ง commit")
    add_repo(p)
    p.add_argument("--dry-run", action="store_true",
                   help="show what would change, write nothing / แสดงสิ่งที่จะเปลี่ยนโดยไม่บันทึก")
    return p


def _short(value) -> str:
    if isinstance(value, list):
        return "[]" if not value else "[" + ", ".join(_short(v) for v in value) + "]"
    if isinstance(value, dict):        # a table of a record created (the plan's signers)
        return "{" + ", ".join(f"{k} = {_short(v)}" for k, v in value.items() if v) + "}"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value).replace("\n", " ").strip()
    return f"\"{text[:70]}…\"" if len(text) > 70 else f"\"{text}\""


def run(args) -> int:
    from itatui.core.newyear import start_new_year
    from itatui.core.schema import title_of
    from itatui.core.thai import to_thai_digits as th
    from itatui.core.workspace import Workspace

    result = start_new_year(Workspace(records_root(args.repo)), dry_run=args.dry_run)
    if args.dry_run:
        print(f"(ทดลอง ไม่บันทึก) จะเริ่มปีงบประมาณ พ.ศ. {th(result.to_year)} "
              f"จากปีงบประมาณ พ.ศ. {th(result.from_year)}")
    else:
        print(f"บันทึกแล้ว {result.sha[:8]} {result.message.splitlines()[0]}")
    lines = []                  # (a thousand measures: written at once)
    created = set(result.created)
    for path, values in result.values.items():
        made = " สร้างใหม่" if path in created else ""
        lines.append(f"{title_of(path)} ({path}):{made}")
        # (escaped as one text: a newline is kept as it is)
        lines.append(shown("\n".join(f"  {key} = {_short(value)}"
                                     for key, value in values.items())))
    lines.append("คะแนน ITA (records/scores.toml) คงเดิม: เพิ่มคะแนนของปีใหม่เมื่อประกาศผล")
    print("\n".join(line for line in lines if line))
    return EXIT_OK
