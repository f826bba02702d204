"""Approving from the editor (ctrl+p "อนุมัติรายงาน" / "อนุมัติแผน"): what ``itatui approve
[--document plan]`` does, through the same core (:func:`itatui.core.audit.approvals.approve`:
one empty commit in the officer's name with the ``Itatui-Action: approve`` trailers).

Refused in Thai, before the dialog opens and nothing written: unsaved edits in the editor (or
record files that differ from the last commit), served as a role other than the head of office
(:func:`itatui.tui.served.approve_refusal`), the plan without its records, an officer who is not
listed or holds no role of the chain, a version already approved in every role the officer
holds. The dialog (:class:`~itatui.tui.screens.approve.ApproveScreen`) shows the officer, the
role (a choice when several), what is approved and the chain so far. When ``itatui check``
finds errors in the version approved the officer is asked first, "cancel" being the default
(as F8/F9 ask). A version that changed while the dialog was open (another officer's save) is
not approved: the officer approves only what was shown."""

from __future__ import annotations

from itatui.core.errors import ItatuiError, NothingToSave
from itatui.tui.protocol import EditorHost

#: what the titles and messages call each document
WHAT = {"report": "รายงาน", "plan": "แผน"}
#: the palette's commands
COMMANDS = {"report": "อนุมัติรายงาน", "plan": "อนุมัติแผน"}
TITLES = {"report": "อนุมัติรายงาน", "plan": "อนุมัติแผน (มาตรการส่งเสริมคุณธรรมและความโปร่งใส)"}
NOT_APPROVED = "ยังไม่อนุมัติ"


class OpenErrors(Exception):
    """The version approved has errors of ``itatui check`` (the officer is asked first)."""

    def __init__(self, problems: list) -> None:
        super().__init__(len(problems))
        self.problems = problems


class Prepared:
    """What the dialog shows, read from the repository as it is when the command is chosen."""

    def __init__(self, document: str, head: str, officer: str, roles: list[str], version: str,
                 chain: list[str], problems: list) -> None:
        self.document, self.head, self.officer, self.roles = document, head, officer, roles
        self.version, self.chain, self.problems = version, chain, problems


class ApprovingController:
    def __init__(self, host: EditorHost) -> None:
        self.host = host

    # -- the command ------------------------------------------------------------------------
    def start(self, document: str = "report") -> None:
        """Open the approval dialog for ``document`` ("report" or "plan"), or say in Thai why
        not."""
        from itatui.tui.screens.approve import ApproveScreen

        host = self.host
        why = self.refusal(document)
        if why:
            self.refuse(why)
            return
        try:
            prepared = self.prepare(document)
        except Exception as exc:              # never a traceback to the officer
            self.say_refused(exc)
            return
        note = ""
        if prepared.problems:
            from itatui.core.thai import to_thai_digits

            count = to_thai_digits(len(prepared.problems))
            note = (f"ฉบับนี้ยังมีข้อผิดพลาดจาก itatui check {count}"
                    f" รายการ ({'F3 ปัญหา' if document == 'report' else 'ctrl+p ตรวจแผน'}) "
                    "จะถามอีกครั้งก่อนอนุมัติ")

        def answered(answer: dict | None) -> None:
            if answer:
                self.approve(prepared, answer["role"], answer["comment"])

        host.push_screen(ApproveScreen(TITLES[document], prepared.officer, prepared.roles,
                                       prepared.version, prepared.chain, note), answered)

    def refuse(self, why: str) -> None:
        self.host.notify(why, title=NOT_APPROVED, severity="error", timeout=15)

    def refusal(self, document: str) -> str:
        """Why the editor refuses to approve now ("" when it may go on): the server's role,
        unsaved edits, the plan without its records."""
        from itatui.tui.controllers.export import NO_PLAN, has_plan
        from itatui.tui.served import approve_refusal

        host = self.host
        served = approve_refusal()
        if served:
            return served
        host.capture_form()
        if host.pending or host.extra_keys:
            from itatui.core import schema

            titles = ", ".join(schema.title_of(p) for p in sorted(host.pending or host.extra_keys))
            return ("มีการแก้ไขที่ยังไม่ได้บันทึก จึงอนุมัติไม่ได้ "
                    "(อนุมัติได้เฉพาะฉบับที่บันทึกแล้ว) — "
                    f"บันทึก (ctrl+s) หรือทิ้งการแก้ไขก่อน: {titles}")
        if document == "plan" and not has_plan(host.records):
            return NO_PLAN
        return ""

    def prepare(self, document: str) -> Prepared:
        """The officer, the roles they may approve ``document`` in, the version (HEAD) and the
        chain so far; an ItatuiError (Thai) when the core would refuse whatever is chosen."""
        from itatui.core.audit.approvals import (OFFICERS_PATH, APPROVES_WHAT, allowed_roles,
                                                 chain_at, officers_at, signers_path, state_of)

        host = self.host
        ws = host.workspace
        hist = ws.history
        officer = ws.officer()
        head = hist.head()
        if not head:
            raise ItatuiError("คลังนี้ยังไม่มีฉบับใดให้อนุมัติ")
        dirty = hist.uncommitted()
        if dirty:
            raise ItatuiError("มีไฟล์ระเบียนที่ต่างจากฉบับที่บันทึกล่าสุด จึงอนุมัติไม่ได้ — "
                              "บันทึกก่อน "
                              "(ctrl+p บันทึกการแก้ไขที่ค้างอยู่ในไฟล์): " + ", ".join(dirty))
        try:
            config_role = ws.config.officer_role
        except ItatuiError:
            config_role = ""
        roles, listed = allowed_roles(hist, officer.name, officer.email, head, config_role,
                                      document)
        if not listed:
            raise ItatuiError(f"{officer} ไม่อยู่ในรายชื่อเจ้าหน้าที่ ({OFFICERS_PATH}) "
                              "จึงอนุมัติไม่ได้")
        chain = [str(a["role"]) for a in chain_at(hist, head, document)]
        if chain:
            offered = [r for r in dict.fromkeys(chain) if r in roles
                       or (not roles and officers_at(hist, head) is None)]
        else:
            offered = sorted(roles)
        if not offered:
            held = f" (บทบาทของท่าน: {', '.join(sorted(roles))})" if roles else ""
            raise ItatuiError(f"{officer.name} ไม่มีบทบาทในสายการอนุมัติ"
                              f"{'ของแผน' if document == 'plan' else ''} "
                              f"({signers_path(document)}){held}")
        state = state_of(hist, head, document=document)
        mine = {ap.role for ap in state.approvals
                if ap.email.casefold() == officer.email.casefold()}
        left = [r for r in offered if r not in mine]
        if not left:
            raise NothingToSave(f"ท่านอนุมัติ{APPROVES_WHAT[document]}ฉบับนี้ในฐานะ"
                                f"{', '.join(offered)}ไว้แล้ว")
        return Prepared(document, head, f"{officer.name} <{officer.email}>", left,
                        self.version_text(hist, head), self.chain_lines(state),
                        self.open_errors(hist, head, document))

    def version_text(self, hist, head: str) -> str:
        """What is approved, as the officer reads it: the commit, its first line, who, when."""
        from itatui.core.zones import agency_zone, be_datetime

        entry = next(iter(hist.log(limit=1)), None)
        if entry is None or entry.sha != head:
            return head[:12]
        try:
            zone = agency_zone(self.host.config.timezone)
        except ItatuiError:
            zone = None
        when = be_datetime(entry.date, self.host.digits, zone=zone)
        return f"{head[:12]} — {entry.summary} ({entry.author}, {when})"

    def chain_lines(self, state) -> list[str]:
        """One line per step of the chain: approved (✓ who, when) or not yet (·)."""
        from itatui.core.zones import be_datetime

        lines = []
        for role in state.required:
            ap = next((a for a in state.approvals if a.role == role), None)
            if ap is None:
                lines.append(f"· {role}: ยังไม่อนุมัติ")
            else:
                when = be_datetime(ap.date, self.host.digits, time=False)
                lines.append(f"✓ {role}: {ap.author} ({when})")
        return lines

    def open_errors(self, hist, head: str, document: str) -> list:
        """The errors ``itatui check --document <document>`` finds in HEAD's records (what
        ``itatui approve`` refuses without ``--despite-errors``)."""
        from itatui.core.audit.versions import records_at
        from itatui.core.check import check_records
        from itatui.core.problem import ERROR

        return [p for p in check_records(records_at(hist, head), digits=self.host.digits,
                                         document=document) if p.severity == ERROR]

    # -- approving ---------------------------------------------------------------------------
    def approve(self, prepared: Prepared, role: str, comment: str,
                despite: bool = False) -> None:
        """Approve ``prepared``'s version in ``role``; errors of ``check`` ask first."""
        from itatui.core.audit.approvals import approve, state_of

        host = self.host
        document = prepared.document
        why = self.refusal(document)
        if why:
            self.refuse(why)
            return

        def before(hist, head: str) -> None:
            if head != prepared.head:
                raise ItatuiError(f"ฉบับล่าสุดเปลี่ยนเป็น {head[:12]} "
                                  "ระหว่างที่เปิดหน้าต่างอนุมัติ "
                                  f"(มีผู้บันทึกเพิ่ม) จึงยังไม่อนุมัติ — เลือกคำสั่ง "
                                  f"{COMMANDS[document]} อีกครั้งเพื่อดูฉบับใหม่")
            if prepared.problems and not despite:
                raise OpenErrors(prepared.problems)

        try:
            ap = approve(host.workspace, role, comment, document=document, before=before)
        except OpenErrors as exc:
            self.ask_despite(prepared, role, comment, exc.problems)
            return
        except Exception as exc:              # never a traceback to the officer
            self.say_refused(exc)
            return
        host.after_commit()
        try:
            state = state_of(host.workspace.history, "HEAD", document=document)
            done = ("อนุมัติครบทุกบทบาทแล้ว" if state.complete
                    else "ยังขาด: " + ", ".join(state.missing) if state.missing else "")
        except ItatuiError:
            done = ""
        host.notify(f"{ap.author} อนุมัติ{WHAT[document]}ในฐานะ{ap.role}\n"
                    f"คอมมิต {ap.commit[:7]}" + (f"\n{done}" if done else ""),
                    title=f"อนุมัติ{WHAT[document]}แล้ว", timeout=10)

    def say_refused(self, exc: Exception) -> None:
        """The core's refusal in Thai: already approved (a warning), a refusal (an error), or
        an unexpected error named, never a traceback."""
        if isinstance(exc, NothingToSave):
            self.host.notify(exc.message, title=NOT_APPROVED, severity="warning", timeout=10)
        elif isinstance(exc, ItatuiError):
            self.refuse(str(exc))
        else:
            self.refuse(f"เกิดข้อผิดพลาดที่ไม่คาดคิด ({type(exc).__name__}: {exc})")

    def ask_despite(self, prepared: Prepared, role: str, comment: str, problems: list) -> None:
        """The version has errors of ``check``: name them and ask; "ยกเลิก" is focused."""
        from itatui.core.thai import to_thai_digits
        from itatui.tui.screens.confirm import ConfirmScreen

        document = prepared.document
        shown = [f"  - {p.record}" + (f" [{p.field}]" if p.field else "") + f": {p.message}"
                 for p in problems[:5]]
        if len(problems) > 5:
            shown.append(f"  และอีก {to_thai_digits(len(problems) - 5)} รายการ")
        where = "(ดูได้ที่ F3 ปัญหา)" if document == "report" else "(ดูได้ที่ ctrl+p ตรวจแผน)"
        question = (f"{WHAT[document]}ฉบับนี้ยังมีข้อผิดพลาดจาก itatui check "
                    f"{to_thai_digits(len(problems))} รายการ {where}\n" + "\n".join(shown) +
                    f"\n\nอนุมัติ{WHAT[document]}ทั้งที่มีข้อผิดพลาดหรือไม่")

        def answered(yes: bool | None) -> None:
            if yes:
                self.approve(prepared, role, comment, despite=True)

        self.host.push_screen(ConfirmScreen(question, yes="อนุมัติทั้งที่มีข้อผิดพลาด",
                                            no="ยกเลิก", danger=True), answered)
