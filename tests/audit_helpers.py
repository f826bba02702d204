"""Shared set-up for the audit tests: a real repository with several officers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import git, make_repo

ITATUI = [sys.executable, "-m", "itatui"]

EMWARA = ("นางเอมวรา ชัยวงศ์", "emwara@banruean.go.th")          # the drafter (conftest's officer)
PREENAPA = ("นางสาวปรีณภา น้อยเสงี่ยม", "preenapa@banruean.go.th")
SOMCHAI = ("นายสมชาย ปันมาเชื้อ", "somchai@banruean.go.th")
OUTSIDER = ("นายภายนอก ไม่รู้จัก", "who@example.invalid")

OFFICERS_TOML = f'''# เจ้าหน้าที่ผู้บันทึกและอนุมัติ
[[officers]]
name = "{EMWARA[0]}"
email = "{EMWARA[1]}"
role = "ผู้จัดทำ"
position = "นิติกรชำนาญการ"

[[officers]]
name = "{PREENAPA[0]}"
email = "{PREENAPA[1]}"
role = "หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน"

[[officers]]
name = "{SOMCHAI[0]}"
email = "{SOMCHAI[1]}"
role = "ปลัดเทศบาลตำบลบ้านเรือน"
'''

ROLES = ("หัวหน้าสำนักปลัดเทศบาลตำบลบ้านเรือน", "ปลัดเทศบาลตำบลบ้านเรือน",
         "นายกเทศมนตรีตำบลบ้านเรือน")


def as_officer(officer: tuple[str, str], date: str | None = None) -> dict:
    env = dict(os.environ)
    env.update({"GIT_AUTHOR_NAME": officer[0], "GIT_AUTHOR_EMAIL": officer[1],
                "GIT_COMMITTER_NAME": officer[0], "GIT_COMMITTER_EMAIL": officer[1]})
    home = Path(env["XDG_CONFIG_HOME"]) / ".." / f"cfg-{officer[1]}"
    cfg = home / "itatui" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'[officer]\nname = "{officer[0]}"\nemail = "{officer[1]}"\n',
                   encoding="utf-8")
    env["XDG_CONFIG_HOME"] = str(home)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return env


def itatui(*args: str, officer=EMWARA, date: str | None = None, cwd: Path | None = None):
    return subprocess.run([*ITATUI, *args], capture_output=True, text=True, timeout=300,
                          env=as_officer(officer, date), cwd=cwd)


def ok(proc) -> str:
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    return proc.stdout


def make_repo_with(root: Path) -> Path:
    """The sample records with the officers list, imported by the drafter on 5 Jan 2026."""
    import shutil

    from conftest import RECORDS

    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(RECORDS, root / "records")
    (root / "records" / "officers.toml").write_text(OFFICERS_TOML, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "records")
    git(root, "-c", f"user.name={EMWARA[0]}", "-c", f"user.email={EMWARA[1]}", "commit", "-q",
        "-m", "นำเข้ารายงาน", env={**os.environ, "GIT_AUTHOR_DATE": "2026-01-05T09:00:00+07:00",
                                   "GIT_COMMITTER_DATE": "2026-01-05T09:00:00+07:00"})
    return root


__all__ = ("git", "make_repo", "make_repo_with")
