"""``itatui verify``: is a PDF what this history says, and is the history itself intact.

verify decides from what the file cannot forge — its bytes — never from what it claims about
itself (``/Producer``, ``/Creator``): (in this order, the first failure is the reason)

1. the file's SHA-256 is the one recorded with a release (its tag's ``PDF-SHA256``): it is
   that release's file; when the tag is not here, the publication entry in the history that
   recorded it says whether the tag was deleted here or not yet received;
2. a file that names a release (``/ItatuiEdition`` = ``ita-…``) but is not its bytes was
   edited after publishing (or the release is not yet received / was deleted here);
3. any other file must name a commit (``/ItatuiCommit``) that exists here (else: unknown
   commit) and is in the history of ``main`` or a release tag (else: history rewritten), and
   re-rendering that commit with the edition and theme it names, as the document it names
   (``/ItatuiDocument`` = ``plan``: the plan; none: the report), must give the very same bytes
   (the render is reproducible on every machine);
4. the bytes match: the history checks of ``verify --history`` for the commit's ancestry and
   the release's tag (rewritten, re-created or lightweight tag, dropped approvals or
   publication entry, unknown officers, bad signatures) decide; any error fails the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from itatui.core.audit.releases import (ACTION_PUBLISH, DELETED, RELEASE_PREFIX, Release,
                                        ledger_entries, list_releases, presence, trailers)
from itatui.core.audit.signing import Signature, approval_signature_error, commit_signature, \
    signer_mismatch, tag_signature
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.core.schema import DOCUMENTS
from itatui.publishing import pdfstamp
from itatui.publishing.export import pdf_bytes_at

MATCH = "match"
NOT_ITATUI = "not-itatui"
UNREADABLE = "unreadable"
UNKNOWN_COMMIT = "unknown-commit"
REWRITTEN = "history-rewritten"
EDITED = "pdf-edited"
NOT_RECEIVED = "release-not-received"
HISTORY = "history-problem"
CANNOT_RENDER = "cannot-render"
#: verdicts that cannot tell yet (``itatui verify`` exits 2): sync, or render elsewhere
UNDECIDED = (NOT_RECEIVED, CANNOT_RENDER)

REASONS = {
    MATCH: "ตรงกับประวัติในคลังนี้",
    NOT_ITATUI: "ไฟล์นี้ไม่มีรหัส commit ของ itatui (ไม่ได้สร้างจากคลังนี้ หรือถูกแก้ไข)",
    UNREADABLE: "อ่านไฟล์ PDF ไม่ได้ (เสียหายหรือถูกแก้ไขหลังสร้าง)",
    UNKNOWN_COMMIT: "ไม่พบ commit ที่ระบุใน PDF ในคลังนี้ (unknown commit)",
    REWRITTEN: "ประวัติถูกเขียนใหม่ (history rewritten)",
    EDITED: "PDF ถูกแก้ไขหลังสร้าง (PDF edited after rendering)",
    NOT_RECEIVED: "ยังไม่ได้รับฉบับเผยแพร่นี้ในคลังนี้ (not yet received)",
    HISTORY: "ประวัติของฉบับนี้มีปัญหา (history problem)",
    CANNOT_RENDER: "สร้าง PDF ใหม่จาก commit ที่ระบุไม่ได้ จึงยังตัดสินไม่ได้",
}


@dataclass
class Verdict:
    ok: bool
    code: str
    detail: str = ""
    commit: str = ""
    tag: str = ""
    method: str = ""                  # release (the tag's SHA-256) | bytes (a fresh render)
    document: str = "report"          # the document the file is: report | plan
    commit_signature: Signature | None = None
    tag_signature: Signature | None = None
    notes: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)      # history problems of its ancestry

    @property
    def undecided(self) -> bool:
        return self.code in UNDECIDED

    @property
    def reason(self) -> str:
        return REASONS[self.code] + (f": {self.detail}" if self.detail else "")

    def as_dict(self) -> dict:
        return {"ok": self.ok, "code": self.code, "reason": self.reason, "commit": self.commit,
                "tag": self.tag, "method": self.method, "document": self.document,
                "notes": self.notes,
                "commit_signature": self.commit_signature.as_dict()
                if self.commit_signature else None,
                "tag_signature": self.tag_signature.as_dict() if self.tag_signature else None,
                "problems": [p.as_dict() for p in self.problems]}


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


def verify_pdf(hist: History, pdf: str | Path, theme: str | None = None, *,
               renders: dict | None = None) -> Verdict:
    """Is ``pdf`` what this history says? Decided from what the file cannot forge: its bytes.

    ``theme`` None: the one the PDF names (``/ItatuiTheme``), else "default" (only used to
    re-render a commit: the bytes must still be equal). ``renders``: a dict the caller keeps to
    reuse renders of one (commit, theme, edition) across calls (the mutation test)."""
    path = Path(pdf)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ItatuiError(f"อ่านไฟล์ไม่ได้ ({exc.strerror or exc})", path=str(pdf)) from None
    digest = pdfstamp.sha256(data)
    main = main_branch(hist)
    releases = {r.name: r for r in list_releases(hist)} if hist.head() else {}
    entries = publication_entries(hist, main) if hist.head() else {}
    # 1. the very bytes of a release: the SHA-256 recorded in its tag
    rel = next((r for r in releases.values() if r.pdf_sha256 == digest), None)
    entry = next((e for e in entries.values() if e["pdf_sha256"] == digest), None)
    if rel is None and entry is not None and entry["release"] in releases:
        rel = releases[entry["release"]]     # its tag is here but lost the SHA (re-created)
    if rel is not None:
        v = Verdict(False, MATCH, commit=rel.commit, tag=rel.name, method="release",
                    document=rel.document)
        v.tag_signature = tag_signature(hist, rel.name)
        v.commit_signature = commit_signature(hist, rel.commit)
        return _judge_history(hist, v, rel.commit, rel.name, main)
    try:
        pv = pdfstamp.read_provenance(data, with_text=False, with_attachments=False)
    except pdfstamp.UnreadablePdf as exc:
        pv = None
        unreadable = str(exc)
    # ... or the SHA-256 a publication entry in the history recorded (its tag not here)
    named = entry["release"] if entry else \
        pv.edition if pv and pv.edition.startswith(RELEASE_PREFIX) else ""
    if named:
        v = Verdict(False, MATCH, tag=named,
                    commit=(entry or {}).get("release_commit") or (pv.commit if pv else ""))
        rel = releases.get(named)
        v.document = rel.document if rel else (entry or {}).get("document") or \
            (pv.document if pv and pv.document in DOCUMENTS else "report")
        if rel is None:
            entry = entry or entries.get(named)
            if presence(hist, named, entry["tag"] if entry else "") == DELETED:
                v.code, v.detail = REWRITTEN, f"ไม่พบ tag {named} ที่ PDF อ้างถึง (ถูกลบ)"
            else:
                v.code = NOT_RECEIVED
                v.detail = (f"คลังนี้ยังไม่มี tag {named}"
                            + (" แต่ประวัติมีบันทึกการเผยแพร่ของฉบับนี้แล้ว" if entry else "")
                            + " — รับจากคลังกลางด้วย itatui sync แล้วตรวจอีกครั้ง")
            return v
        if not rel.pdf_sha256:
            v.code = REWRITTEN
            v.detail = (f"tag {named} ไม่มี SHA-256 ของไฟล์ที่เผยแพร่ "
                        + ("(เป็น lightweight tag " if not rel.tag_object else "(")
                        + "ไม่ใช่ tag ที่ itatui publish สร้าง หรือถูกสร้างใหม่)")
            return v
        v.code = EDITED
        v.detail = (f"ไฟล์นี้ระบุว่าเป็นฉบับเผยแพร่ {named} แต่ไบต์ไม่ตรงกับไฟล์ที่เผยแพร่ "
                    f"(SHA-256 ของไฟล์ {digest[:16]}… ที่บันทึกไว้ใน tag {rel.pdf_sha256[:16]}…)")
        return v
    # 2. a render of a commit: render that commit again here and compare the bytes
    if pv is None:
        return Verdict(False, UNREADABLE, unreadable)
    if not re.fullmatch(r"[0-9a-f]{40,64}", pv.commit or ""):
        return Verdict(False, NOT_ITATUI)
    v = Verdict(False, MATCH, commit=pv.commit)
    if pv.document and pv.document not in DOCUMENTS:
        # only a plan's PDF names its document; any other name is not one itatui writes
        v.code = EDITED
        v.detail = f"เอกสารที่ PDF ระบุ ({pv.document[:40]!r}) ไม่ใช่เอกสารของ itatui"
        return v
    v.document = pv.document or "report"
    if not theme and pv.theme and (not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", pv.theme)
                                   or ".." in pv.theme):
        # a name the file claims is never taken as a path to load a theme from
        v.code, v.detail = EDITED, f"ชื่อธีมที่ PDF ระบุ ({pv.theme[:40]!r}) ไม่ใช่ชื่อธีม"
        return v
    theme = theme or pv.theme or "default"
    if hist.rev_parse(pv.commit) is None:
        v.code, v.detail = UNKNOWN_COMMIT, pv.commit[:12]
        return v
    v.commit_signature = commit_signature(hist, pv.commit)
    if not reachable(hist, pv.commit):
        v.code = REWRITTEN
        v.detail = (f"commit {pv.commit[:12]} ยังอยู่ในคลังแต่ไม่อยู่ในประวัติของ main "
                    "หรือ tag ที่เผยแพร่ (ถูก amend/reset/rebase)")
        return v
    key = (str(hist.root), pv.commit, theme, pv.edition or None, v.document)
    try:
        again = renders[key] if renders is not None and key in renders else \
            pdf_bytes_at(hist, pv.commit, theme, edition=pv.edition or None,
                         document=v.document)
    except ItatuiError as exc:
        v.code, v.detail = CANNOT_RENDER, str(exc)
        return v
    if renders is not None:
        renders[key] = again
    if again != data:
        v.code = EDITED
        v.detail = (f"สร้าง{'แผน' if v.document == 'plan' else ''}ใหม่จาก commit {pv.commit[:12]} "
                    f"(ธีม {theme}) ได้ไฟล์ที่ไม่ตรงกับไฟล์นี้"
                    "ทุกไบต์: ไฟล์ถูกแก้ไขหลังสร้าง หรือสร้างด้วย itatui/WeasyPrint คนละรุ่นกับ"
                    "เครื่องนี้ (ชื่อโปรแกรมที่ไฟล์อ้างถึงตัวเองไม่ใช้ตัดสิน)")
        return v
    v.method = "bytes"
    return _judge_history(hist, v, pv.commit, "", main)


def _judge_history(hist: History, v: Verdict, commit: str, tag: str, main: str) -> Verdict:
    """The bytes match: the history checks of ``commit``'s ancestry (and of the release
    ``tag``) decide. Errors fail the verdict, warnings become notes."""
    rc, out, _ = hist.git_status("rev-list", commit, "--")
    ancestry = set(out.split()) if rc == 0 else {commit}
    relevant = [p for p in history_check(hist)
                if (p.ref == tag if p.ref else p.commit in ancestry or not p.commit)]
    # no officers list: identities cannot be checked — said, but nothing in the history is
    # shown to be wrong by it
    v.notes += [p.message for p in relevant if p.code == "no-officers-list"]
    relevant = [p for p in relevant if p.code != "no-officers-list"]
    # a mis-signed approval replaced by a re-approval is a warning only for what came after
    # the re-approval: a release made before it still rests on the mis-signed one
    relevant = [HistoryProblem(p.code, p.message.split(" — ")[0] + " — ฉบับนี้สร้างก่อนการ"
                               f"อนุมัติที่ลงนามถูกต้อง {p.superseded_by[:12]}", p.commit, p.ref)
                if p.superseded_by and p.superseded_by not in ancestry else p
                for p in relevant]
    v.problems = relevant
    errors = [p for p in relevant if p.severity == "error"]
    if errors:
        v.code = REWRITTEN if any(p.code.startswith("release-") for p in errors) else HISTORY
        v.detail = "; ".join(p.message for p in errors)
        return v
    v.ok = True
    return v


# -- the history itself ------------------------------------------------------------------------
@dataclass
class HistoryProblem:
    code: str
    message: str
    commit: str = ""
    ref: str = ""
    severity: str = "error"
    #: a mis-signed approval: the well-signed re-approval of its role that replaced it
    superseded_by: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "commit": self.commit,
                "ref": self.ref, "message": self.message,
                "superseded_by": self.superseded_by}

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
    from itatui.core.audit.approvals import (OFFICERS_PATH, approval_signatures,
                                             list_approvals, state_of)

    problems: list[HistoryProblem] = []
    if not hist.head():
        return problems
    head_officers = _emails(hist.show_file("HEAD", OFFICERS_PATH))
    if hist.show_file("HEAD", OFFICERS_PATH) is None:
        problems.append(HistoryProblem("no-officers-list",
                                       f"ไม่มีรายชื่อเจ้าหน้าที่ ({OFFICERS_PATH}) จึงตรวจตัวตน"
                                       "ผู้บันทึกไม่ได้"))
    # 1. authors of record changes, oldest first, against the officers list as it grew
    out = hist.git_text("log", "--reverse", "--format=\x1e%H\x1f%an\x1f%ae\x1f%G?\x1f%GS\x1f%ce",
                        "--name-only", "HEAD", "--", "records/")
    known = set(head_officers)
    for chunk in out.split("\x1e"):
        if not chunk.strip():
            continue
        head, _, names = chunk.partition("\n")
        sha, an, ae, sig, signer, ce = (head.split("\x1f") + [""] * 6)[:6]
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
        elif signer_mismatch(Signature(sig, signer), ce):
            problems.append(HistoryProblem(
                "signer-mismatch", f"commit ของ {ce} ลงนามด้วยกุญแจของ {signer}", sha))
    # 2. approvals (of both documents): by listed officers, in a role they hold in that
    #    document's chain, signature valid when signed
    approvals = list_approvals(hist, document=None)     # newest first
    sigs = approval_signatures(hist, approvals)
    for ap in approvals:
        if ap.document not in DOCUMENTS:
            problems.append(HistoryProblem(
                "approval-invalid", f"การอนุมัติของ {ap.author} ระบุเอกสาร \"{ap.document[:40]}\" "
                "ซึ่งไม่ใช่รายงานหรือแผน (ไม่นับ)", ap.commit, severity="warning"))
            continue
        st = state_of(hist, ap.commit, [ap], sigs, document=ap.document)
        for refused, why in st.refused:
            if why.startswith("ลายมือชื่อ"):
                continue                                # reported below, with its signature
            problems.append(HistoryProblem("approval-invalid",
                                           f"การอนุมัติ{_of(ap)}ของ {ap.author}: {why}",
                                           ap.commit, severity="warning"))
        sig = sigs.get(ap.commit) or commit_signature(hist, ap.commit, ap.email)
        if not approval_signature_error(sig):
            continue
        if sig.kind == "bad":
            code, text = "bad-signature", \
                f"ลายมือชื่อของการอนุมัติ{_of(ap)}ไม่ถูกต้อง ({sig.label})"
        else:
            # another officer's key, or a key in no line of the allowed-signers file: the
            # signature does not show that the approver approved (an error, not a warning)
            whose = f"กุญแจของ {sig.signer}" if sig.signer else \
                "กุญแจที่ไม่อยู่ในรายชื่อผู้ลงนาม (allowed signers)"
            code, text = "signer-mismatch", \
                f"การอนุมัติ{_of(ap)}ของ {ap.author} <{ap.email}> ลงนามด้วย{whose}"
        by = _superseded_by(hist, ap, approvals, sigs)
        if by:
            problems.append(HistoryProblem(code, f"{text} — แทนที่แล้วด้วยการอนุมัติที่ลงนาม"
                                           f"ถูกต้อง {by[:12]}", ap.commit, severity="warning",
                                           superseded_by=by))
        else:
            problems.append(HistoryProblem(code, text + " — ให้ผู้อนุมัติอนุมัติบทบาทนี้ใหม่"
                                           "ด้วยกุญแจของตนเอง (itatui approve)", ap.commit))
    # 3. release tags, each with its publication entry (main's history)
    main = main_branch(hist)
    releases = {r.name: r for r in list_releases(hist)}
    entries = publication_entries(hist, main)
    for rel in releases.values():
        problems += release_problems(hist, rel, main, entries.get(rel.name))
    # 4. publications entered in the history whose tag is not here: deleted, or not yet received
    for name, entry in entries.items():
        if name in releases:
            continue
        if presence(hist, name, entry["tag"]) == DELETED:
            problems.append(HistoryProblem(
                "release-deleted", f"tag {name} ที่บันทึกว่าเผยแพร่แล้วถูกลบออกจากคลังนี้ "
                "(คลังนี้เคยมี tag นี้ แต่ตอนนี้ไม่มี tag ใดชื่อนี้)", entry["commit"], name))
        else:
            problems.append(HistoryProblem(
                "release-not-received", f"ยังไม่ได้รับ tag {name} (ประวัติมีบันทึกการเผยแพร่แล้ว "
                "แต่คลังนี้ยังไม่มี tag) — รับด้วย itatui sync; ถ้าซิงก์แล้วยังไม่มี "
                "ผู้เผยแพร่ต้องซิงก์จากเครื่องที่เผยแพร่ก่อน", entry["commit"], name,
                severity="warning"))
    return problems


def _of(ap) -> str:
    """"แผน" (of the plan) after "การอนุมัติ" for a plan's approval; "" for the report's."""
    return "แผน" if ap.document == "plan" else ""


def _superseded_by(hist: History, ap, approvals: list, sigs: dict) -> str:
    """The newest later approval in ``ap``'s role (in its descendants: made after it, of the
    same or a later content) that is well signed and counted for its own content, or ""
    — the re-approval that repairs an approval whose signature does not show the approver."""
    from itatui.core.audit.approvals import state_of

    for other in approvals:                             # newest first
        if other.commit == ap.commit:
            continue
        if other.role != ap.role or other.document != ap.document or \
                approval_signature_error(sigs.get(other.commit)
                                                             or Signature("N")):
            continue
        if not _is_ancestor(hist, ap.commit, other.commit):
            continue
        if any(a.commit == other.commit for a in state_of(hist, other.commit, [other], sigs,
                                                           document=other.document).approvals):
            return other.commit
    return ""


def publication_entries(hist: History, rev: str) -> dict[str, dict]:
    """The publication entries in ``rev``'s history by release name (the newest of a name)."""
    out: dict[str, dict] = {}
    for entry in ledger_entries(hist, rev):           # newest first
        out.setdefault(entry["release"], entry)
    return out


def _branch_name(main: str) -> str:
    return main.rsplit("/", 1)[-1]


def _is_ancestor(hist: History, commit: str, ref: str) -> bool:
    return hist.git_status("merge-base", "--is-ancestor", commit, ref)[0] == 0


def _cut_away(hist: History, rel: Release, main: str) -> str:
    """The approvals of the release that a rewrite of ``main`` left out, in words."""
    rc, out, _ = hist.git_status("log", "--format=%(trailers:key=Itatui-Action,valueonly)",
                                 f"{main}..{rel.commit}", "--")
    n = sum(1 for a in out.split() if a == "approve") if rc == 0 else 0
    return f"การอนุมัติ {n} รายการของฉบับนี้ไม่อยู่ใน {_branch_name(main)} แล้ว" if n else ""


def _lost_entry(hist: History, name: str, main: str) -> str:
    """The publication entry of ``name`` that ``main`` lost, as the reflog still has it:
    "amend <old> <new>", "reset <old>", or "" when the reflog does not have it."""
    found = ""
    for ref in (main, "HEAD"):
        rc, out, _ = hist.git_status("log", "-g", "--format=%H", "--fixed-strings",
                                     f"--grep=Release: {name}", ref, "--")
        for sha in out.split() if rc == 0 else []:
            if any(e["release"] == name for e in ledger_entries(hist, f"{sha}^!")) \
                    and not _is_ancestor(hist, sha, main):
                found = sha
                break
        if found:
            break
    if not found:
        return ""
    parent = hist.rev_parse(f"{found}^") or ""
    tree = hist.rev_parse(found, "tree") or ""
    rc, out, _ = hist.git_status("log", "--format=%H %P %T", main)
    for line in out.splitlines() if rc == 0 else []:
        sha, *rest = line.split()
        if rest and rest[-1] == tree and parent in rest[:-1]:
            return f"amend {found} {sha}"
    return f"reset {found}"


def release_problems(hist: History, rel: Release, main: str,
                     entry: dict | None) -> list[HistoryProblem]:
    """What is wrong with one release: its tag (annotated, where its message says, signed
    right), its place in ``main``'s history and its publication entry there (``entry``, the
    one naming it, None when ``main`` has none)."""
    name, out = rel.name, []
    branch = _branch_name(main)

    def add(code: str, message: str, severity: str = "error") -> None:
        out.append(HistoryProblem(code, message, rel.commit, name, severity))

    tr = trailers(rel.message)
    if not rel.tag_object:
        add("release-lightweight",
            f"tag {name} " + ("ถูกสร้างใหม่เป็น lightweight tag บน commit เดิม (ไม่ใช่ tag object "
                              f"{entry['tag'][:12]} ที่บันทึกไว้ตอนเผยแพร่)" if entry else
                              "เป็น lightweight tag (ไม่มีผู้สร้าง ข้อความ และ SHA-256 ของไฟล์)"))
    elif (tr.get("Commit") or [rel.commit])[0] != rel.commit:
        add("release-moved", f"tag {name} ถูกย้าย: ชี้ไปที่ {rel.commit[:12]} แต่ข้อความของ tag "
                             f"ระบุ {tr['Commit'][0][:12]}")
    if not _is_ancestor(hist, rel.commit, main):
        cut = _cut_away(hist, rel, main)
        add("release-rewritten", f"ฉบับที่เผยแพร่ ({rel.commit[:12]}) ไม่อยู่ในประวัติของ {branch} "
                                 "แล้ว: ประวัติถูกเขียนใหม่ (reset, rebase, amend หรือ filter-branch)"
                                 + (f"; {cut}" if cut else ""))
    tree = hist.rev_parse(f"{rel.commit}:records", "tree")
    if rel.tree and tree != rel.tree:
        add("release-rewritten", f"เนื้อหา records/ ของฉบับที่เผยแพร่ {name} ไม่ตรงกับที่ tag บันทึกไว้")
    if rel.tag_object:
        sig = tag_signature(hist, name)
        if sig.signed and sig.status in ("B", "R"):
            add("bad-signature", f"ลายมือชื่อของ tag ไม่ถูกต้อง ({sig.label})")
        elif sig.kind == "wrong-signer":
            add("signer-mismatch", f"tag {name}: {sig.label}")
    # the publication entry: the very tag object, on the very commit
    if entry is None:
        if tr.get("Itatui-Action") != [ACTION_PUBLISH]:
            if rel.tag_object:
                add("release-unrecorded", f"tag {name} ไม่ได้สร้างด้วย itatui publish (ข้อความของ "
                                          "tag ไม่มีบันทึกของ itatui และประวัติไม่มีบันทึกการเผยแพร่)",
                    "warning")
            return out
        lost = _lost_entry(hist, name, main).split()
        if lost and lost[0] == "amend":
            what = (f"ถูกแก้ทับด้วย git commit --amend: commit {lost[1][:12]} ถูกแทนด้วย "
                    f"{lost[2][:12]} ซึ่งไม่มีบันทึกการเผยแพร่")
        elif lost:
            what = f"(commit {lost[1][:12]}) ถูกตัดออกจากประวัติของ {branch} (git reset หรือ rebase)"
        else:
            what = f"ไม่อยู่ในประวัติของ {branch} (ถูกตัดออกด้วย amend, reset หรือ rebase)"
        add("release-entry-removed", f"บันทึกการเผยแพร่ของ {name} {what} ทั้งที่ tag ระบุว่าสร้าง"
                                     "ด้วย itatui publish")
    elif rel.tag_object and rel.tag_object != entry["tag"]:
        add("release-moved", f"tag {name} ถูกสร้างใหม่หรือย้าย: ไม่ใช่ tag object ที่บันทึกไว้ตอน"
                             f"เผยแพร่ (เดิม {entry['tag'][:12]} ปัจจุบัน {rel.tag_object[:12]})")
    elif rel.commit != entry["release_commit"]:
        add("release-moved", f"tag {name} ถูกย้าย: ชี้ไปที่ {rel.commit[:12]} ไม่ใช่ "
                             f"{entry['release_commit'][:12]} ที่บันทึกไว้ตอนเผยแพร่")
    return out


__all__ = ("verify_pdf", "history_check", "release_problems", "Verdict", "HistoryProblem")
