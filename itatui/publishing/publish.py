"""``itatui publish``: render the approved version, tag the release, write the PDF.

The PDF is rendered from the approved commit (never the working tree) with the tag as its
edition, so it carries the tag, the commit and the source records. A release
(:mod:`itatui.core.audit.releases`) is an annotated tag (signed with ``-s`` when git signing
is configured) on the newest approval commit of the newest fully approved content, named
``ita-<ITA year>-<item>-v<n>`` (``ita-2569-o26-v1``). Its message lists the approvals and
carries trailers (Commit, Records-Tree, PDF-SHA256). The publication is then entered in the
history itself — an empty commit with ``Release`` and ``Release-Tag`` (the tag object's id) —
so that a release tag deleted, moved or re-created later no longer matches the history
(``itatui verify --history``).

``publish(..., document="plan")`` does the same for the plan (O25): the newest content whose
PLAN chain (``records/plan/signers.toml``) is complete, rendered as the plan, tagged
``ita-<fiscal year>-<the plan's ita_item, o25>-v<n>`` (``ita-2569-o25-v1``: the plan of fiscal
year F is published in ITA round F). The tag message and the publication entry carry
``Document: plan`` (a report's: ``Document: report``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from itatui.core.audit.approvals import ApprovalState, latest_approved, signers_path, state_of
from itatui.core.audit.asof import report_at
from itatui.core.audit.ledger import empty_commit
from itatui.core.audit.releases import (ACTION_PUBLISH, RELEASE_PREFIX, TRAILER_DOCUMENT,
                                        Release, list_releases, remote_release_tags)
from itatui.core.audit.signing import sign_flag
from itatui.core.errors import GitError, ItatuiError, NothingToSave
from itatui.core.history import History
from itatui.core.message import TRAILER_TOOL
from itatui.core.schema import SIGNERS_PATHS
from itatui.publishing import pdfstamp
from itatui.publishing.export import pdf_bytes_at


#: what a release's messages call each document
WHAT = {"report": "รายงาน", "plan": "แผน"}


def release_base(hist: History, rev: str, document: str = "report") -> str:
    """``ita-<year>-<item>-v``: the report's year is its ITA round (``ita_year``, item O26),
    the plan's its fiscal year (item the plan's ``ita_item``, O25)."""
    report = report_at(hist, rev)
    if document == "plan":
        if report.plan is None:
            raise ItatuiError("ยังไม่มีระเบียนของแผน (records/plan/) — itatui new-year สร้างให้",
                              path=SIGNERS_PATHS["plan"])
        item = (report.plan.ita_item or "o25").strip().lower().replace(" ", "")
        return f"{RELEASE_PREFIX}{report.fiscal_year}-{item}-v"
    item = (report.ita_item or "o26").strip().lower().replace(" ", "")
    return f"{RELEASE_PREFIX}{report.ita_year or report.fiscal_year}-{item}-v"


def _taken(hist: History) -> set[str]:
    """Release names in use here or, as of the last fetch, on a remote (a release another
    clone published and synced, not yet received here, keeps its name)."""
    names = {r.name for r in list_releases(hist)}
    for tags in remote_release_tags(hist).values():
        names |= set(tags)
    return names


def _next_name(hist: History, base: str) -> str:
    taken = _taken(hist)
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _tag_message(name: str, st: ApprovalState, pdf_sha: str, theme: str,
                 document: str = "report") -> str:
    lines = [f"เผยแพร่{WHAT[document]} {name}", "", "อนุมัติโดย:"]
    for ap in reversed(st.approvals):
        lines.append(f"- {ap.author} <{ap.email}> ในฐานะ{ap.role} ({ap.commit[:12]})")
    lines += ["", f"{TRAILER_TOOL}: {ACTION_PUBLISH}", f"Release: {name}",
              f"Commit: {st.commit}", f"Records-Tree: {st.tree}", f"PDF-SHA256: {pdf_sha}",
              f"Theme: {theme}", f"{TRAILER_DOCUMENT}: {document}"]
    return "\n".join(lines) + "\n"


def publish(ws, output: str | Path | None = None, theme: str = "default",
            name: str | None = None, document: str = "report") -> Release:
    """Publish the newest fully approved content of ``document`` ("report" or "plan"): only
    that document's approvals count (:func:`~itatui.core.audit.approvals.latest_approved`)."""
    signers_path(document)
    hist = ws.history
    officer = ws.officer()
    if not hist.head():
        raise ItatuiError("คลังนี้ยังไม่มีฉบับใด")
    st = latest_approved(hist, document=document)
    if st is None and document == "plan" and hist.show_file("HEAD", SIGNERS_PATHS["plan"]) is None:
        raise ItatuiError("ยังไม่มีระเบียนของแผน (records/plan/) จึงเผยแพร่แผนไม่ได้ — "
                          "itatui new-year สร้างระเบียนของแผนให้", path=SIGNERS_PATHS["plan"])
    now = state_of(hist, "HEAD", document=document)
    # an approval whose signature does not show its approver (another officer's key, a bad
    # signature: made by an older itatui or plain git) counts for nothing; until it is replaced
    # by a well-signed re-approval of its role, say so rather than publish around it
    mis = [(ap, why) for ap, why in now.refused
           if why.startswith("ลายมือชื่อ") and ap.role in now.missing]
    if mis:
        raise ItatuiError("การอนุมัติที่ลงนามไม่ถูกต้องยังไม่ได้แทนที่ จึงเผยแพร่ไม่ได้:\n" + "\n".join(
            f"  - {ap.author} ในฐานะ{ap.role} ({ap.commit[:12]}): {why}" for ap, why in mis)
            + "\nให้ผู้อนุมัติอนุมัติบทบาทนั้นใหม่ด้วยกุญแจของตนเอง (itatui approve --role <บทบาท>"
            + (" --document plan" if document == "plan" else "") + ")")
    what = WHAT[document]
    if st is None:
        need = ", ".join(now.missing) if now.required else \
            f"ไม่มีสายการอนุมัติใน {signers_path(document)}"
        raise ItatuiError(f"ยังไม่มี{what}ฉบับที่อนุมัติครบ จึงเผยแพร่ไม่ได้ (ยังขาด: {need})")
    for rel in list_releases(hist):
        if rel.tree == st.tree and rel.document == document:
            raise NothingToSave(f"{what}ฉบับที่อนุมัตินี้เผยแพร่แล้วเป็น {rel.name}")
    name = name or _next_name(hist, release_base(hist, st.commit, document))
    if hist.rev_parse(f"refs/tags/{name}", "object") is not None:
        raise ItatuiError(f"มี tag ชื่อ {name} อยู่แล้ว")
    if name in _taken(hist):
        raise ItatuiError(f"คลังกลางมีฉบับเผยแพร่ชื่อ {name} แล้ว (ยังไม่ได้รับมาที่เครื่องนี้) — "
                          "ซิงก์ด้วย itatui sync ก่อนเผยแพร่")
    out = Path(output or f"{name}.pdf")
    if not out.parent.resolve().is_dir():
        raise ItatuiError("ไม่พบโฟลเดอร์ที่จะเขียนไฟล์ PDF", path=str(out.parent))
    pdf = pdf_bytes_at(hist, st.commit, theme, edition=name, document=document)
    pdf_sha = pdfstamp.sha256(pdf)
    message = _tag_message(name, st, pdf_sha, theme, document)
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as fh:
        fh.write(message.encode("utf-8"))
        msg_file = fh.name
    try:
        hist.git_bytes_env(officer.env(), "tag", "-a", *sign_flag(hist, for_tag=True),
                           "-F", msg_file, "--cleanup=verbatim", name, st.commit)
    finally:
        Path(msg_file).unlink(missing_ok=True)
    tag_obj = hist.rev_parse(f"refs/tags/{name}", "tag")
    if tag_obj is None:
        raise GitError(f"สร้าง tag {name} ไม่สำเร็จ")
    write_bytes_atomic(out, pdf)
    ledger_msg = "\n".join([
        f"บันทึกการเผยแพร่{'แผน ' if document == 'plan' else ' '}{name}", "",
        f"เผยแพร่{what}ฉบับ {st.commit[:12]} เป็นไฟล์ PDF (SHA-256 {pdf_sha})", "",
        f"{TRAILER_TOOL}: {ACTION_PUBLISH}", f"Release: {name}", f"Release-Tag: {tag_obj}",
        f"Release-Commit: {st.commit}", f"PDF-SHA256: {pdf_sha}",
        f"{TRAILER_DOCUMENT}: {document}"]) + "\n"
    ledger = empty_commit(hist, ledger_msg, officer)
    rel = next(r for r in list_releases(hist) if r.name == name)
    rel.pdf, rel.ledger = out.resolve(), ledger
    return rel


def write_bytes_atomic(path: Path, data: bytes) -> None:
    import os

    tmp = path.with_name(f".{path.name}.itatui-tmp")
    try:
        tmp.write_bytes(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


__all__ = ("publish", "release_base", "write_bytes_atomic")
