"""``itatui verify``: is a PDF what this history says, and is the history itself intact.

A PDF matches when (in this order, the first failure is the reason):

1. it is a PDF rendered from a commit (``/ItatuiCommit``, see :mod:`.pdfstamp`);
2. its release tag, when its edition names one, still exists and points at that commit, and
   the PDF-SHA256 recorded in the tag is this file's (otherwise: tag moved or deleted —
   history rewritten — or PDF edited after publishing); such a file matches even when this
   machine's renderer now gives other bytes;
3. its commit exists here (otherwise: unknown commit) and is reachable from ``main`` or a
   release tag (otherwise: history rewritten — amended, reset or rebased away);
4. re-rendering that commit with the same edition gives the same bytes. When it does not and
   the PDF was made by the same itatui and WeasyPrint versions (its ``/Creator`` and
   ``/Producer``), the file was edited; made by other versions, the text of every page and the
   attached records must equal the re-rendered text and the records of the commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from itatui.core.audit.releases import RELEASE_PREFIX, ledger_entries, list_releases, trailers
from itatui.core.audit.signing import Signature, commit_signature, signer_mismatch, \
    tag_signature
from itatui.core.audit.versions import record_files_at
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.publishing import pdfstamp
from itatui.publishing.export import pdf_bytes_at

MATCH = "match"
NOT_ITATUI = "not-itatui"
UNREADABLE = "unreadable"
UNKNOWN_COMMIT = "unknown-commit"
REWRITTEN = "history-rewritten"
EDITED = "pdf-edited"

REASONS = {
    MATCH: "ตรงกับประวัติในคลังนี้",
    NOT_ITATUI: "ไฟล์นี้ไม่มีรหัส commit ของ itatui (ไม่ได้สร้างจากคลังนี้ หรือถูกแก้ไข)",
    UNREADABLE: "อ่านไฟล์ PDF ไม่ได้ (เสียหายหรือถูกแก้ไขหลังสร้าง)",
    UNKNOWN_COMMIT: "ไม่พบ commit ที่ระบุใน PDF ในคลังนี้ (unknown commit)",
    REWRITTEN: "ประวัติถูกเขียนใหม่ (history rewritten)",
    EDITED: "PDF ถูกแก้ไขหลังสร้าง (PDF edited after rendering)",
}


@dataclass
class Verdict:
    ok: bool
    code: str
    detail: str = ""
    commit: str = ""
    tag: str = ""
    method: str = ""                  # bytes | release (the tag's SHA-256) | content
    commit_signature: Signature | None = None
    tag_signature: Signature | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return REASONS[self.code] + (f": {self.detail}" if self.detail else "")

    def as_dict(self) -> dict:
        return {"ok": self.ok, "code": self.code, "reason": self.reason, "commit": self.commit,
                "tag": self.tag, "method": self.method, "notes": self.notes,
                "commit_signature": self.commit_signature.as_dict()
                if self.commit_signature else None,
                "tag_signature": self.tag_signature.as_dict() if self.tag_signature else None}


def main_branch(hist: History) -> str:
    for name in ("main", "master"):
        if hist.rev_parse(f"refs/heads/{name}"):
            return f"refs/heads/{name}"
    return "HEAD"


def reachable(hist: History, commit: str) -> bool:
    """Is ``commit`` in the history of main (or HEAD) or of a release tag?"""
    refs = [main_branch(hist), "HEAD"] + [f"refs/tags/{r.name}" for r in list_releases(hist)]
    for ref in refs:
        if hist.rev_parse(ref) is None:
            continue
        rc, _, _ = hist.git_status("merge-base", "--is-ancestor", commit, ref)
        if rc == 0:
            return True
    return False


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def verify_pdf(hist: History, pdf: str | Path, theme: str | None = None) -> Verdict:
    """``theme`` None: the one the PDF names (``/ItatuiTheme``), else "default"."""
    path = Path(pdf)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ItatuiError(f"อ่านไฟล์ไม่ได้ ({exc.strerror or exc})", path=str(pdf)) from None
    try:
        pv = pdfstamp.read_provenance(data)
    except pdfstamp.UnreadablePdf as exc:
        return Verdict(False, UNREADABLE, str(exc))
    if not re.fullmatch(r"[0-9a-f]{40,64}", pv.commit or ""):
        return Verdict(False, NOT_ITATUI)
    theme = theme or pv.theme or "default"
    v = Verdict(False, MATCH, commit=pv.commit)
    is_release = pv.edition.startswith(RELEASE_PREFIX)
    if is_release:
        v.tag = pv.edition
        tag_commit = hist.rev_parse(f"refs/tags/{v.tag}")
        if tag_commit is None:
            v.code, v.detail = REWRITTEN, f"ไม่พบ tag {v.tag} ที่ PDF อ้างถึง (ถูกลบ)"
            return v
        if tag_commit != pv.commit:
            v.code = REWRITTEN
            v.detail = (f"tag {v.tag} ชี้ไปที่ {tag_commit[:12]} ไม่ใช่ {pv.commit[:12]} "
                        "ที่ PDF ระบุ (tag ถูกย้าย)")
            return v
        v.tag_signature = tag_signature(hist, v.tag)
        rel = next((r for r in list_releases(hist) if r.name == v.tag), None)
        published_file = bool(rel and rel.pdf_sha256 == pdfstamp.sha256(data))
        if rel and rel.pdf_sha256 and not published_file:
            v.code = EDITED
            v.detail = (f"SHA-256 ของไฟล์ไม่ตรงกับที่บันทึกไว้ใน tag {v.tag} "
                        f"({rel.pdf_sha256[:16]}…)")
            return v
    if hist.rev_parse(pv.commit) is None:
        v.code = UNKNOWN_COMMIT
        v.detail = pv.commit[:12]
        return v
    v.commit_signature = commit_signature(hist, pv.commit)
    if not reachable(hist, pv.commit):
        v.code = REWRITTEN
        v.detail = (f"commit {pv.commit[:12]} ยังอยู่ในคลังแต่ไม่อยู่ในประวัติของ main "
                    "หรือ tag ที่เผยแพร่ (ถูก amend/reset/rebase)")
        return v
    again = pdf_bytes_at(hist, pv.commit, theme, edition=pv.edition or None)
    if again == data:
        v.ok, v.method = True, "bytes"
        return v
    if is_release and published_file:
        # the very file the (unmoved) release tag recorded; this machine renders it otherwise
        v.ok, v.method = True, "release"
        v.notes.append(f"ไฟล์ตรงกับ SHA-256 ที่บันทึกไว้ใน tag {v.tag} แต่โปรแกรมในเครื่องนี้ "
                       "สร้างไบต์ต่างออกไป (โปรแกรม ฟอนต์ หรือธีมต่างรุ่น)")
        return v
    fresh = pdfstamp.read_provenance(again)
    if (fresh.producer, fresh.creator) == (pv.producer, pv.creator):
        v.code = EDITED
        v.detail = (f"สร้างใหม่จาก commit เดียวกันด้วยโปรแกรมรุ่นเดียวกัน ({pv.producer}, "
                    f"{pv.creator}) ได้ไฟล์ต่างจากนี้")
        return v
    # made by other versions: compare the content instead of the bytes
    records = record_files_at(hist, pv.commit)
    if pv.attachments != records:
        v.code = EDITED
        changed = sorted(set(pv.attachments) ^ set(records)
                         | {k for k in records if pv.attachments.get(k) != records[k]})
        v.detail = "ระเบียนที่แนบใน PDF ไม่ตรงกับ commit: " + ", ".join(changed[:5])
        return v
    if [_norm(t) for t in fresh.text] != [_norm(t) for t in pv.text]:
        v.code = EDITED
        v.detail = "ข้อความใน PDF ไม่ตรงกับที่สร้างใหม่จาก commit เดียวกัน"
        return v
    v.ok, v.method = True, "content"
    v.notes.append(f"สร้างด้วยโปรแกรมต่างรุ่น ({pv.producer}, {pv.creator}) ไบต์จึงต่างกัน "
                   "แต่ข้อความและระเบียนที่แนบตรงกัน")
    return v


# -- the history itself ------------------------------------------------------------------------
@dataclass
class HistoryProblem:
    code: str
    message: str
    commit: str = ""
    ref: str = ""
    severity: str = "error"

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "commit": self.commit,
                "ref": self.ref, "message": self.message}

    def __str__(self) -> str:
        where = self.ref or (self.commit[:12] if self.commit else "")
        return f"{self.severity}: {where + ': ' if where else ''}{self.message} [{self.code}]"


def _emails(text: str | None) -> set[str]:
    import tomllib

    if text is None:
        return set()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return set()
    return {str(o.get("email", "")).strip().casefold() for o in data.get("officers", []) or []
            if isinstance(o, dict) and o.get("email")}


def history_check(hist: History) -> list[HistoryProblem]:
    """Every commit touching records/ by a known officer; approvals by listed officers; release
    tags intact (annotated, unmoved, on main's history, entered in the history); signatures
    valid where present."""
    from itatui.core.audit.approvals import OFFICERS_PATH, list_approvals, state_of

    problems: list[HistoryProblem] = []
    if not hist.head():
        return problems
    head_officers = _emails(hist.show_file("HEAD", OFFICERS_PATH))
    if hist.show_file("HEAD", OFFICERS_PATH) is None:
        problems.append(HistoryProblem("no-officers-list",
                                       f"ไม่มีรายชื่อเจ้าหน้าที่ ({OFFICERS_PATH}) จึงตรวจตัวตน"
                                       "ผู้บันทึกไม่ได้"))
    # 1. authors of record changes, oldest first, against the officers list as it grew
    out = hist.git_text("log", "--reverse", "--format=\x1e%H\x1f%an\x1f%ae\x1f%G?", "--name-only",
                        "HEAD", "--", "records/")
    known = set(head_officers)
    for chunk in out.split("\x1e"):
        if not chunk.strip():
            continue
        head, _, names = chunk.partition("\n")
        sha, an, ae, sig = (head.split("\x1f") + ["", "", "", ""])[:4]
        if OFFICERS_PATH in names.split():
            known |= _emails(hist.show_file(sha, OFFICERS_PATH))
        if head_officers or known:
            if ae.strip().casefold() not in known:
                problems.append(HistoryProblem(
                    "unknown-officer", f"แก้ไขระเบียนโดย {an} <{ae}> ซึ่งไม่อยู่ในรายชื่อเจ้าหน้าที่",
                    sha))
        if sig in ("B", "R"):
            problems.append(HistoryProblem("bad-signature",
                                           f"ลายมือชื่อของ commit ไม่ถูกต้อง ({sig})", sha))
    # 2. approvals: by listed officers, in a role they hold, signature valid when signed
    for ap in list_approvals(hist):
        st = state_of(hist, ap.commit, [ap])
        for refused, why in st.refused:
            problems.append(HistoryProblem("approval-invalid",
                                           f"การอนุมัติของ {ap.author}: {why}", ap.commit,
                                           severity="warning"))
        sig = commit_signature(hist, ap.commit)
        if sig.signed and sig.status in ("B", "R"):
            problems.append(HistoryProblem("bad-signature",
                                           f"ลายมือชื่อของการอนุมัติไม่ถูกต้อง ({sig.label})",
                                           ap.commit))
        elif signer_mismatch(sig, ap.email):
            problems.append(HistoryProblem(
                "signer-mismatch", f"การอนุมัติของ {ap.author} <{ap.email}> ลงนามด้วยกุญแจของ "
                f"{sig.signer}", ap.commit, severity="warning"))
    # 3. release tags
    main = main_branch(hist)
    releases = {r.name: r for r in list_releases(hist)}
    for rel in releases.values():
        if not rel.tag_object:
            problems.append(HistoryProblem("release-lightweight",
                                           "tag เผยแพร่ไม่ใช่ annotated tag (ไม่มีผู้สร้าง/ข้อความ)",
                                           rel.commit, rel.name))
            continue
        tr = trailers(rel.message)
        if (tr.get("Commit") or [rel.commit])[0] != rel.commit:
            problems.append(HistoryProblem(
                "release-moved", f"tag ชี้ไปที่ {rel.commit[:12]} แต่ข้อความของ tag ระบุ "
                f"{tr['Commit'][0][:12]}", rel.commit, rel.name))
        rc, _, _ = hist.git_status("merge-base", "--is-ancestor", rel.commit, main)
        if rc != 0:
            problems.append(HistoryProblem(
                "release-rewritten", f"ฉบับที่เผยแพร่ ({rel.commit[:12]}) ไม่อยู่ในประวัติของ "
                f"{main.rsplit('/', 1)[-1]} แล้ว (ประวัติถูกเขียนใหม่)", rel.commit, rel.name))
        tree = hist.rev_parse(f"{rel.commit}:records", "tree")
        if rel.tree and tree != rel.tree:
            problems.append(HistoryProblem("release-rewritten",
                                           "เนื้อหา records/ ของฉบับที่เผยแพร่ไม่ตรงกับที่ tag บันทึกไว้",
                                           rel.commit, rel.name))
        sig = tag_signature(hist, rel.name)
        if sig.signed and sig.status in ("B", "R"):
            problems.append(HistoryProblem("bad-signature",
                                           f"ลายมือชื่อของ tag ไม่ถูกต้อง ({sig.label})",
                                           rel.commit, rel.name))
    # 4. publications entered in the history: their tags must be the very same objects
    entered = set()
    for entry in ledger_entries(hist):
        name = entry["release"]
        entered.add(name)
        rel = releases.get(name)
        if rel is None:
            problems.append(HistoryProblem("release-deleted",
                                           f"tag {name} ที่บันทึกว่าเผยแพร่แล้วถูกลบ",
                                           entry["commit"], name))
        elif rel.tag_object != entry["tag"]:
            problems.append(HistoryProblem(
                "release-moved", f"tag {name} ถูกสร้างใหม่หรือย้าย (เดิม {entry['tag'][:12]} "
                f"ปัจจุบัน {rel.tag_object[:12] or 'lightweight'})", entry["commit"], name))
        elif rel.commit != entry["release_commit"]:
            problems.append(HistoryProblem("release-moved", f"tag {name} ชี้ไปที่ commit อื่น",
                                           entry["commit"], name))
    for name in releases:
        if name not in entered:
            problems.append(HistoryProblem("release-unrecorded",
                                           "tag เผยแพร่นี้ไม่ได้สร้างด้วย itatui publish "
                                           "(ไม่มีบันทึกการเผยแพร่ในประวัติ)", ref=name,
                                           severity="warning"))
    return problems


__all__ = ("verify_pdf", "history_check", "Verdict", "HistoryProblem")
