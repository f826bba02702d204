"""Who may log in to ``itatui serve``: ``.git/itatui/serve-officers.toml``, outside the records
(never committed, never published), one table per officer keyed by e-mail::

    ["emwara@banruean.go.th"]
    name = "นางเอมวรา ชัยวงศ์"
    role = "officer"          # officer | head | auditor
    hash = "$argon2id$v=19$m=65536,t=3,p=4$..."

Passwords are kept only as argon2id hashes made by ``argon2-cffi`` (never hand-made hashing);
the file is written atomically with mode 0600.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from itatui.core.controlchars import find as find_control
from itatui.core.drafts import git_dir
from itatui.core.errors import ItatuiError

FILE_NAME = "serve-officers.toml"

#: role -> its Thai name. officer and head open the editor and the audit app; auditor only the
#: audit app (read-only). Each app process gets the role in ``ITATUI_SERVE_ROLE``: the editor's
#: approve commands (ctrl+p อนุมัติรายงาน / อนุมัติแผน) go ahead only for ``head`` (the head of
#: office), and the repository's officers.toml / signers.toml still decide in which role
#: (itatui/tui/served.py); an ``officer`` is refused in Thai.
ROLES = {"officer": "เจ้าหน้าที่", "head": "หัวหน้าสำนักงาน", "auditor": "ผู้ตรวจสอบ"}
EDITOR_ROLES = frozenset({"officer", "head"})
MIN_PASSWORD = 8
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_HASHER = PasswordHasher()
#: verified against when the e-mail is unknown, so that a wrong e-mail costs as long as a wrong
#: password (the answer's time tells nothing about which officers exist)
_DUMMY = _HASHER.hash("itatui-serve-no-such-officer")


@dataclass(frozen=True)
class ServeOfficer:
    email: str
    name: str
    role: str
    hash: str

    @property
    def may_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def role_thai(self) -> str:
        return ROLES.get(self.role, self.role)


def officers_path(root: str | Path) -> Path:
    """The officers file of the repository at ``root`` (inside its git directory)."""
    return git_dir(Path(root)) / "itatui" / FILE_NAME


def load_officers(path: Path) -> dict[str, ServeOfficer]:
    """The officers listed in ``path`` by e-mail ({} when the file does not exist)."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ItatuiError(f"อ่านรายชื่อผู้ใช้ของ itatui serve ไม่ได้ ({exc})",
                          path=str(path)) from None
    officers = {}
    for email, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("hash"), str):
            raise ItatuiError(f"รายการของ {email} ไม่มีค่า hash ของรหัสผ่าน", path=str(path))
        role = str(entry.get("role", "officer"))
        if role not in ROLES:
            raise ItatuiError(f"บทบาท {role!r} ของ {email} ไม่รู้จัก (ใช้ได้: {', '.join(ROLES)})",
                              path=str(path))
        officers[email] = ServeOfficer(email, str(entry.get("name", "")), role, entry["hash"])
    return officers


def _write(path: Path, officers: dict[str, ServeOfficer]) -> None:
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment("itatui serve: ผู้ที่เข้าสู่ระบบได้ (อย่าแก้ด้วยมือ; ใช้ itatui serve "
                            "--add-officer / --remove-officer)"))
    for email in sorted(officers):
        o = officers[email]
        table = tomlkit.table()
        table["name"] = o.name
        table["role"] = o.role
        table["hash"] = o.hash
        doc[email] = table
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(tomlkit.dumps(doc))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def check_new_officer(email: str, name: str, role: str, password: str) -> None:
    """Refuse (ItatuiError, Thai) what cannot be saved as an officer."""
    if not EMAIL.match(email):
        raise ItatuiError(f"อีเมล {email!r} ไม่ถูกต้อง (เช่น somchai@example.go.th)")
    if not name.strip():
        raise ItatuiError("ต้องระบุชื่อผู้ใช้ด้วย --name (ชื่อนี้จะเป็นชื่อผู้บันทึกในทุก commit)")
    for text, what in ((email, "อีเมล"), (name, "ชื่อ")):
        if find_control(text):
            raise ItatuiError(f"{what}มีอักขระควบคุม ซึ่งใช้ไม่ได้")
    if role not in ROLES:
        raise ItatuiError(f"บทบาท {role!r} ไม่รู้จัก (ใช้ได้: {', '.join(ROLES)})")
    if len(password) < MIN_PASSWORD:
        raise ItatuiError(f"รหัสผ่านสั้นเกินไป: ต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร")


def add_officer(path: Path, email: str, name: str, role: str, password: str) -> bool:
    """List (or replace) an officer with a new password; True when the e-mail was new."""
    email = email.strip().lower()
    check_new_officer(email, name, role, password)
    officers = load_officers(path)
    new = email not in officers
    officers[email] = ServeOfficer(email, name.strip(), role, _HASHER.hash(password))
    _write(path, officers)
    return new


def remove_officer(path: Path, email: str) -> None:
    email = email.strip().lower()
    officers = load_officers(path)
    if email not in officers:
        raise ItatuiError(f"ไม่มีผู้ใช้ {email} ในรายชื่อของ itatui serve", path=str(path))
    del officers[email]
    _write(path, officers)


def verify(path: Path, email: str, password: str) -> ServeOfficer | None:
    """The officer whose e-mail and password these are, else None (read from the file at each
    login, so an officer added or removed while the server runs counts at once)."""
    officer = load_officers(path).get(email.strip().lower())
    try:
        _HASHER.verify(officer.hash if officer else _DUMMY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return officer
