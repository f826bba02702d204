"""Approvals: the memo's approval chain (``signers.toml`` ``[[approvals]]``) mapped onto git.

An approval is an empty commit (it changes no file) made by the approving officer, with the
trailers::

    Itatui-Action: approve
    Approves: <the commit approved>
    Approves-Tree: <the id of its records/ tree: the content approved>
    Role: <the approver's role, as signers.toml names it>
    Document: plan        (only on an approval of the plan)

The records hold two documents (:data:`itatui.core.schema.DOCUMENTS`), each with its own
approval chain (:data:`~itatui.core.schema.SIGNERS_PATHS`): the report's ``records/signers.toml``
and the plan's ``records/plan/signers.toml``. An approval without a ``Document`` trailer is the
report's (every approval made before the plan existed); one with ``Document: plan`` is the
plan's. An approval of one document never counts for the other. The officers list is shared.

It is signed like any commit when git signing is configured. Because it sits in the same
history as the edits, it is cloned and pushed with them and cannot be removed without
rewriting history (which ``itatui verify --history`` reports). Approving a tree rather than a
commit id means an approval stays attached to the content: an edit makes a new tree that needs
new approvals, and restoring approved content brings its approvals back.

Who may approve in which role: the officers list (``records/officers.toml``, ``[[officers]]``
name, email, role) and the approval chain itself (a signer named in ``signers.toml`` may
approve in that role, which covers acting for someone — ปฏิบัติหน้าที่แทน).
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field

from itatui.core.audit.ledger import empty_commit
from itatui.core.audit.versions import records_tree, resolve
from itatui.core.errors import ItatuiError, NothingToSave
from itatui.core.history import History
from itatui.core.message import TRAILER_TOOL
from itatui.core.schema import DOCUMENTS, SIGNERS_PATHS

OFFICERS_PATH = "records/officers.toml"
SIGNERS_PATH = SIGNERS_PATHS["report"]
ACTION_APPROVE = "approve"
TRAILER_DOCUMENT = "Document"
#: what an approval's first line says it approves, per document
APPROVES_WHAT = {"report": "รายงาน", "plan": "แผน"}


def signers_path(document: str = "report") -> str:
    """Where ``document``'s approval chain is kept (an ItatuiError for an unknown document)."""
    if document not in DOCUMENTS:
        raise ItatuiError(f"ไม่รู้จักเอกสาร \"{document}\" (มีแต่ {', '.join(DOCUMENTS)})")
    return SIGNERS_PATHS[document]


@dataclass(frozen=True)
class OfficerEntry:
    name: str
    email: str
    role: str = ""
    position: str = ""


@dataclass
class Approval:
    commit: str
    author: str
    email: str
    date: str
    role: str
    approves: str
    tree: str
    comment: str = ""
    document: str = "report"      # the document approved: "report" or "plan"

    def as_dict(self) -> dict:
        return {"commit": self.commit, "author": self.author, "email": self.email,
                "date": self.date, "role": self.role, "approves": self.approves,
                "tree": self.tree, "comment": self.comment, "document": self.document}


@dataclass
class ApprovalState:
    """The approvals of the content of one commit (for one document)."""

    commit: str
    tree: str
    required: list[str]                       # roles of the chain, in order
    approvals: list[Approval] = field(default_factory=list)    # valid ones, newest first
    refused: list[tuple[Approval, str]] = field(default_factory=list)  # with the reason
    document: str = "report"

    @property
    def missing(self) -> list[str]:
        done = {a.role for a in self.approvals}
        return [r for r in self.required if r not in done]

    @property
    def complete(self) -> bool:
        return bool(self.required) and not self.missing


def _load(hist: History, rev: str, path: str) -> dict | None:
    text = hist.show_file(rev, path)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise ItatuiError("อ่านไฟล์ไม่ได้ (TOML ไม่ถูกต้อง)", path=path) from None


def officers_at(hist: History, rev: str = "HEAD") -> list[OfficerEntry] | None:
    """The officers list as of ``rev`` (None when the repository has none)."""
    data = _load(hist, rev, OFFICERS_PATH)
    if data is None:
        return None
    out = []
    for o in data.get("officers", []) or []:
        if isinstance(o, dict) and o.get("email"):
            out.append(OfficerEntry(str(o.get("name", "")), str(o["email"]).strip(),
                                    str(o.get("role", "")), str(o.get("position", ""))))
    return out


def chain_at(hist: History, rev: str = "HEAD", document: str = "report") -> list[dict]:
    """The approval chain of ``document`` as of ``rev`` (its ``signers.toml`` ``[[approvals]]``;
    empty when the file is missing)."""
    data = _load(hist, rev, signers_path(document)) or {}
    return [a for a in data.get("approvals", []) or [] if isinstance(a, dict) and a.get("role")]


def allowed_roles(hist: History, name: str, email: str, rev: str = "HEAD",
                  config_role: str = "", document: str = "report") -> tuple[set[str], bool]:
    """The roles this officer may approve ``document`` in (the officers list's role, a step of
    that document's chain naming them), and whether they are in the officers list (True when
    there is no list)."""
    officers = officers_at(hist, rev)
    roles: set[str] = set()
    listed = officers is None
    for o in officers or []:
        if o.email.casefold() == email.casefold():
            listed = True
            if o.role:
                roles.add(o.role)
    for a in chain_at(hist, rev, document):
        if str(a.get("name", "")).strip() == name.strip():
            roles.add(str(a["role"]))
    if config_role:
        roles.add(config_role)
    return roles, listed


def approval_message(role: str, head: str, tree: str, comment: str = "",
                     document: str = "report") -> str:
    """The approval commit's message; the plan's carries ``Document: plan`` (the report's no
    ``Document`` trailer, as every approval made before the plan existed)."""
    parts = [f"อนุมัติ{APPROVES_WHAT[document]} ในฐานะ{role}"]
    body = [f"อนุมัติฉบับ {head[:12]} (เนื้อหา records/ {tree[:12]})"]
    if comment.strip():
        body.append("ความเห็น: " + " ".join(comment.split()))
    parts.append("\n".join(body))
    parts.append("\n".join([f"{TRAILER_TOOL}: {ACTION_APPROVE}", f"Approves: {head}",
                            f"Approves-Tree: {tree}", f"Role: {role}"]
                           + ([f"{TRAILER_DOCUMENT}: {document}"] if document != "report"
                              else [])))
    return "\n\n".join(parts) + "\n"


def list_approvals(hist: History, rev: str = "HEAD",
                   document: str | None = "report") -> list[Approval]:
    """Every approval of ``document`` reachable from ``rev``, newest first (``document`` None:
    of every document)."""
    if document is not None:
        signers_path(document)
    if not hist.head():
        return []
    found = []
    for sha, an, ae, date, approves, tree, role, doc, body in hist.commits_with_action(
            ACTION_APPROVE, ["%H", "%an", "%ae", "%aI", "trailer:Approves",
                             "trailer:Approves-Tree", "trailer:Role",
                             f"trailer:{TRAILER_DOCUMENT}", "%b"], rev):
        doc = doc.split("\x1d")[0].strip() or "report"
        if not tree.strip() or (document is not None and doc != document):
            continue
        comment = next((ln.split(":", 1)[1].strip() for ln in body.splitlines()
                        if ln.startswith("ความเห็น:")), "")
        found.append(Approval(sha, an, ae, date, role.strip(), approves.strip(), tree.strip(),
                              comment, doc))
    return found


def approval_signatures(hist: History, approvals: list[Approval]) -> dict:
    """Each approval's signature as git checks it, compared with the approver's own e-mail
    (commit id -> :class:`~itatui.core.audit.signing.Signature`)."""
    from itatui.core.audit.signing import signatures

    if not approvals:
        return {}
    return signatures(hist, [a.commit for a in approvals],
                      expected={a.commit: a.email for a in approvals})


def signature_refusal(sig) -> str:
    """Why an approval with this signature is not counted ("" when it is)."""
    from itatui.core.audit.signing import approval_signature_error

    return f"ลายมือชื่อของการอนุมัติ: {sig.label}" if sig is not None and \
        approval_signature_error(sig) else ""


def state_of(hist: History, rev: str = "HEAD",
             all_approvals: list[Approval] | None = None, sigs: dict | None = None,
             document: str = "report") -> ApprovalState:
    """Which roles of ``document``'s chain have approved the content of ``rev`` (approvals
    of that document only — an approval of the other document never counts — reachable
    from ``rev``; an approver must be allowed the role, and a signed approval must be signed
    with the approver's own key: one signed with another officer's key, a bad signature or a
    key outside the allowed signers is refused, and the newest well-signed approval of the
    role counts instead). ``sigs``: signatures already checked (:func:`approval_signatures`)."""
    sha = resolve(hist, rev)
    tree = records_tree(hist, sha)
    required = [str(a["role"]) for a in chain_at(hist, sha, document)]
    st = ApprovalState(sha, tree, required, document=document)
    pool = [ap for ap in (all_approvals if all_approvals is not None
                          else list_approvals(hist, sha, document)) if ap.document == document]
    if sigs is None:
        sigs = approval_signatures(hist, [a for a in pool if a.tree == tree])
    chain_file = signers_path(document)
    for ap in pool:
        if ap.tree != tree:
            continue
        roles, listed = allowed_roles(hist, ap.author, ap.email, sha, document=document)
        bad_sig = signature_refusal(sigs.get(ap.commit))
        if bad_sig:
            st.refused.append((ap, bad_sig))
        elif not listed:
            st.refused.append((ap, "ผู้อนุมัติไม่อยู่ในรายชื่อเจ้าหน้าที่ (records/officers.toml)"))
        elif ap.role not in roles:
            st.refused.append((ap, f"ผู้อนุมัติไม่มีบทบาท \"{ap.role}\""))
        elif ap.role not in required:
            st.refused.append((ap, f"บทบาท \"{ap.role}\" ไม่อยู่ในสายการอนุมัติ ({chain_file})"))
        elif ap.role not in {a.role for a in st.approvals}:
            st.approvals.append(ap)
    return st


def latest_approved(hist: History, rev: str = "HEAD",
                    document: str = "report") -> ApprovalState | None:
    """The newest content with a complete approval chain of ``document`` (its approvals
    only); ``commit`` is its newest approval
    commit, and the approvals counted are those reachable from it (so a release tag on it
    carries the approvals in its history, and a render of that commit shows exactly them:
    :func:`recorded_approvals`)."""
    pool = list_approvals(hist, rev, document)
    seen: set[str] = set()
    for ap in pool:
        if ap.tree in seen:
            continue
        seen.add(ap.tree)
        st = state_of(hist, ap.commit, document=document)
        if st.complete:
            return st
    return None


def recorded_approvals(hist: History, rev: str = "HEAD", document: str = "report") -> list:
    """What a render of commit ``rev`` shows in ``document``'s memo's comment and signature
    blocks (the plan's approvals for the plan's memo, the report's for the report's): the
    approvals :func:`state_of` counts for ``rev`` — approval commits reachable from ``rev``
    (``rev`` itself or its ancestors) that approve ``rev``'s records tree, by an officer allowed
    the role as of ``rev``, the newest one per role — as
    :class:`~itatui.core.model.RecordedApproval` values (the position from the officers list
    of ``rev``).

    Approval commits come after the content commit they approve, so a render of the content
    commit itself shows none; a render of an approval commit, or of any later commit whose
    records are the same, shows every approval made before it. ``itatui publish`` renders the
    newest approval commit of the approved content, so its PDF shows the whole chain, and
    ``itatui verify`` re-renders the commit a PDF names and finds the same approvals (what is
    reachable from a commit never changes)."""
    from itatui.core.model import RecordedApproval

    if not hist.head():
        return []
    st = state_of(hist, rev, document=document)
    positions = {o.email.casefold(): o.position for o in officers_at(hist, st.commit) or []}
    out = []
    for ap in st.approvals:
        try:
            day = datetime.datetime.fromisoformat(ap.date.strip()).date()
        except ValueError:
            continue
        out.append(RecordedApproval(role=ap.role, name=ap.author, date=day,
                                    comment=ap.comment, email=ap.email,
                                    position=positions.get(ap.email.casefold(), "")))
    return out


def approve(ws, role: str | None = None, comment: str = "", *,
            before=None, document: str = "report") -> Approval:
    """``itatui approve``: the configured officer approves the current version of ``document``
    ("report", or "plan": an approval with ``Document: plan``, of the plan's chain) in their
    role.
    ``before(hist, head)``, when given, runs after every check of the officer and the role and
    before the approval is written (``itatui approve`` refuses there when ``check`` finds
    errors: :func:`itatui.cli.cmd_approve.errors_gate`)."""
    from itatui.core import controlchars

    # the comment is shown in the memo's comment block: no control character, as a record
    controlchars.refuse(comment, field="ความเห็น (--comment)")
    chain_file = signers_path(document)
    hist = ws.history
    officer = ws.officer()
    head = hist.head()
    if not head:
        raise ItatuiError("คลังนี้ยังไม่มีฉบับใดให้อนุมัติ")
    if document != "report" and hist.show_file(head, chain_file) is None:
        raise ItatuiError(f"ยังไม่มีระเบียนของแผน ({chain_file}) จึงอนุมัติแผนไม่ได้ — "
                          "itatui new-year สร้างระเบียนของแผนให้", path=chain_file)
    dirty = hist.uncommitted()
    if dirty:
        raise ItatuiError("มีการแก้ไขที่ยังไม่ได้บันทึก จึงอนุมัติไม่ได้ "
                          "(บันทึกหรือยกเลิกก่อน): " + ", ".join(dirty))
    roles, listed = allowed_roles(hist, officer.name, officer.email, head,
                                  ws.config.officer_role, document)
    if not listed:
        raise ItatuiError(f"{officer} ไม่อยู่ในรายชื่อเจ้าหน้าที่ จึงอนุมัติไม่ได้",
                          path=OFFICERS_PATH)
    if role is None:
        if len(roles) != 1:
            raise ItatuiError("ระบุบทบาทที่อนุมัติด้วย --role" +
                              (f" (บทบาทที่ทำได้: {', '.join(sorted(roles))})" if roles
                               else " (ไม่พบบทบาทของท่านใน officers.toml หรือ signers.toml)"))
        role = next(iter(roles))
    elif roles and role not in roles:
        raise ItatuiError(f"{officer.name} ไม่มีบทบาท \"{role}\" "
                          f"(บทบาทที่ทำได้: {', '.join(sorted(roles))})", path=OFFICERS_PATH)
    elif not roles and officers_at(hist, head) is not None:
        raise ItatuiError(f"{officer.name} ไม่มีบทบาทในการอนุมัติ", path=OFFICERS_PATH)
    chain = [str(a["role"]) for a in chain_at(hist, head, document)]
    if chain and role not in chain:
        raise ItatuiError(f"บทบาท \"{role}\" ไม่อยู่ในสายการอนุมัติ"
                          + ("ของแผน" if document == "plan" else ""), path=chain_file)
    tree = records_tree(hist, head)
    mine = [ap for ap in list_approvals(hist, head, document) if ap.tree == tree
            and ap.role == role
            and ap.email.casefold() == officer.email.casefold()]
    sigs = approval_signatures(hist, mine)
    for ap in mine:
        # an approval whose signature does not show the approver (another officer's key, a bad
        # signature: made by an older itatui or plain git) is no approval: it may be made again
        if not signature_refusal(sigs.get(ap.commit)):
            raise NothingToSave(f"ท่านอนุมัติ{APPROVES_WHAT[document]}ฉบับนี้ในฐานะ{role}ไว้แล้ว "
                                f"({ap.commit[:12]})")
    if before is not None:
        before(hist, head)
    sha = empty_commit(hist, approval_message(role, head, tree, comment, document), officer,
                       check=lambda h, new: _own_key(h, new, officer))
    return list_approvals(hist, sha, document)[0]


def _own_key(hist: History, sha: str, officer) -> None:
    """The approval commit ``sha`` was just written (git signs it at that moment) and no ref
    names it yet: refuse, before the branch moves onto it, when its signature does not show
    that ``officer`` approved — git's configuration signs with another officer's key, a key
    outside the allowed-signers file, or makes a bad signature. Checked by the very code
    ``itatui verify`` uses, on the very commit; the refused object stays unreferenced (no
    history is rewritten). Unsigned approvals go ahead as before."""
    from itatui.core.audit.signing import (UNKNOWN_KIND, WRONG_KIND, approval_signature_error,
                                           commit_signature, config)

    sig = commit_signature(hist, sha, officer.email)
    if not approval_signature_error(sig):
        return
    key = config(hist, "user.signingkey")
    if sig.kind == WRONG_KIND:
        why = f"git ลงนามด้วยกุญแจของ {sig.signer} ไม่ใช่กุญแจของท่าน ({officer.email})"
    elif sig.kind == UNKNOWN_KIND:
        why = ("git ลงนามด้วยกุญแจที่ไม่อยู่ในรายชื่อผู้ลงนาม (gpg.ssh.allowedSignersFile) "
               "จึงไม่ทราบว่าเป็นกุญแจของผู้ใด")
    else:
        why = f"ลายมือชื่อที่ git สร้างไม่ถูกต้อง ({sig.label})"
    raise ItatuiError(
        f"ไม่ได้อนุมัติ (ไม่ได้บันทึกสิ่งใด): {why}"
        + (f"; กุญแจที่ตั้งไว้ user.signingkey = {key}" if key else "")
        + " — ตั้งกุญแจของท่านเองด้วย git config user.signingkey <กุญแจของท่าน> "
        "(และให้รายชื่อผู้ลงนามมีกุญแจนั้นคู่กับอีเมลของท่าน) แล้วอนุมัติอีกครั้ง")
