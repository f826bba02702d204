"""``itatui publish``: render the newest fully approved version to PDF, tag the release
(``ita-2569-o26-v1``, signed when git signing is set) and put the tag and commit in the PDF.
``--document plan`` publishes the plan from its own approval chain (``ita-2569-o25-v1``)."""

from __future__ import annotations

import sys

from itatui.cli.common import EXIT_OK, add_repo, json_text, shown


def register(sub):
    p = sub.add_parser("publish", help="tag and render the approved version / เผยแพร่ฉบับที่อนุมัติ",
                       description=__doc__)
    add_repo(p)
    p.add_argument("-o", "--output", metavar="FILE", help="PDF file (default: TAG.pdf)")
    p.add_argument("--theme", default="default")
    p.add_argument("--name", default=None, help="release tag name / ชื่อ tag")
    p.add_argument("--document", choices=("report", "plan"), default="report",
                   help="the document published: the report (default) or the plan / "
                   "เอกสารที่เผยแพร่: รายงาน (ค่าเริ่มต้น) หรือแผน")
    p.add_argument("--list", action="store_true", help="list releases / รายการที่เผยแพร่แล้ว")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--despite-errors", action="store_true",
                   help="publish although `itatui check` reports errors in the approved "
                   "version / เผยแพร่ทั้งที่ยังมีข้อผิดพลาด")
    return p


def run(args) -> int:
    from itatui.core.audit.releases import list_releases
    from itatui.core.audit.signing import tag_signature
    from itatui.core.workspace import Workspace
    from itatui.publishing.publish import publish

    ws = Workspace(args.repo)
    if args.list:
        from itatui.core.zones import agency_zone, be_datetime, in_zone, zone_note
        from itatui.core.config import load_config

        cfg = load_config()
        zone = agency_zone(cfg.timezone)        # every time in one zone, the agency's, as log
        rels = list_releases(ws.history)
        if args.format == "json":
            print(json_text([dict(r.as_dict(), date=in_zone(r.date, zone) if r.date else "",
                                  signature=tag_signature(ws.history, r.name).as_dict())
                             for r in rels]))
        else:
            if rels:
                print(f"เวลาทั้งหมดเป็น{zone_note(zone)}")
            for r in rels:
                sig = tag_signature(ws.history, r.name)
                when = be_datetime(r.date, cfg.digits, zone=zone) if r.date else "-"
                what = "แผน" if r.document == "plan" else "รายงาน"
                print(shown(f"{r.name}  {what}  {r.commit[:12]}  {when}  {r.tagger}  {sig.label}"))
        return EXIT_OK
    from itatui.cli.cmd_approve import errors_gate
    from itatui.core.audit.approvals import latest_approved

    document = getattr(args, "document", "report")
    # None: publish itself says what is missing
    approved = latest_approved(ws.history, document=document)
    if approved is not None:
        errors_gate("เผยแพร่แผน" if document == "plan" else "เผยแพร่", args.despite_errors,
                    document)(ws.history, approved.commit)
    rel = publish(ws, args.output, args.theme, args.name, document=document)
    if args.format == "json":
        print(json_text(rel.as_dict()))
    else:
        print(shown(f"เผยแพร่แล้ว: {rel.name} ({rel.commit[:12]})\nPDF: {rel.pdf}\n"
                    f"SHA-256: {rel.pdf_sha256}"))
    print(shown(f"เขียน PDF แล้ว: {rel.pdf}"), file=sys.stderr)
    return EXIT_OK
