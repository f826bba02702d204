"""Whether the editor runs under ``itatui serve``, and as which role of the server.

``itatui serve`` starts one editor process per logged-in officer and gives it the officer's
server role in ``ITATUI_SERVE_ROLE`` (officer | head | auditor: ``itatui/serve/officers.py``).
A local editor has no such variable, and the repository's own ``records/officers.toml`` and
``signers.toml`` alone decide who may approve, as for ``itatui approve``. Read here and nowhere
else (the core knows nothing of the server)."""

from __future__ import annotations

import os

ROLE_ENV = "ITATUI_SERVE_ROLE"
#: the server role that may approve through the browser: the head of office
APPROVER_ROLE = "head"
#: the server roles in Thai (as itatui/serve/officers.py names them)
ROLE_NAMES = {"officer": "เจ้าหน้าที่", "head": "หัวหน้าสำนักงาน", "auditor": "ผู้ตรวจสอบ"}


def served_role() -> str | None:
    """The server role this editor was started with, or None when it is not served."""
    return os.environ.get(ROLE_ENV)


def approve_refusal() -> str:
    """Why this editor may not approve ("" when it may): served, only the head of office
    (role ``head``) approves; a local editor is not limited here."""
    role = served_role()
    if role is None or role == APPROVER_ROLE:
        return ""
    shown = ROLE_NAMES.get(role, role or "ไม่ระบุ")
    return (f"ท่านเข้าสู่ระบบ itatui serve ในบทบาท{shown} การอนุมัติผ่านเบราว์เซอร์ทำได้เฉพาะ"
            f"{ROLE_NAMES[APPROVER_ROLE]} (บทบาท {APPROVER_ROLE}) — ให้หัวหน้าสำนักงานเข้าสู่ระบบ"
            "เพื่ออนุมัติ หรืออนุมัติด้วยคำสั่ง itatui approve ที่เครื่องแม่ข่าย")
