"""Who is saving: the officer named in itatui's config, else git's ``user.name``/``user.email``.

``itatui serve`` runs each browser session's editor with :data:`ENV_NAME` and :data:`ENV_EMAIL`
set to the logged-in officer: these beat the config and git (the settings screen cannot change
who a browser session commits as).

An audit trail must never record a guessed identity (GitPython would commit as user@hostname),
so with neither configured, saving is refused with a message that says how to set one.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from itatui.core.config import Config, config_path, load_config
from itatui.core.errors import IdentityError

HOW_TO = (
    "ยังไม่ได้ตั้งชื่อผู้บันทึก จึงไม่บันทึกการแก้ไข — กด F10 (ตั้งค่า) ในหน้าจอแก้ไข"
    " แล้วกรอกชื่อและอีเมล หรือตั้งค่าด้วยคำสั่ง\n"
    '  git config --global user.name "ชื่อ นามสกุล"\n'
    '  git config --global user.email "you@example.go.th"\n'
    f"หรือเขียน [officer] name และ email ในไฟล์ {config_path()}"
)


#: set by ``itatui serve`` for the app process of a logged-in officer
ENV_NAME, ENV_EMAIL = "ITATUI_OFFICER_NAME", "ITATUI_OFFICER_EMAIL"


@dataclass(frozen=True)
class Officer:
    name: str
    email: str

    def env(self) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": self.name, "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name, "GIT_COMMITTER_EMAIL": self.email,
        }

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


def _git_config(root: Path, key: str) -> str:
    try:
        out = subprocess.run(["git", "config", "--get", key], cwd=root, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def git_officer(root: str | Path) -> tuple[str, str]:
    """git's ``user.name`` and ``user.email`` for ``root`` ("" where unset)."""
    return _git_config(Path(root), "user.name"), _git_config(Path(root), "user.email")


def officer_source(root: str | Path, config: Config) -> tuple[str, str, str]:
    """The name and e-mail commits will carry and where they come from: ``"config"``
    (itatui's config file), ``"git"`` (git's user.name/user.email), ``"mixed"`` (one from
    each), ``"serve"`` (the officer logged in to ``itatui serve``) or ``""`` (no identity:
    saving is refused)."""
    if os.environ.get(ENV_NAME) and os.environ.get(ENV_EMAIL):
        return os.environ[ENV_NAME], os.environ[ENV_EMAIL], "serve"
    name, email = config.officer_name, config.officer_email
    if name and email:
        return name, email, "config"
    git_name, git_email = git_officer(root)
    sources = {"config" if name else "git", "config" if email else "git"}
    name, email = name or git_name, email or git_email
    if not name or not email:
        return name, email, ""
    return name, email, sources.pop() if len(sources) == 1 else "mixed"


def resolve_officer(root: str | Path, config: Config | None = None) -> Officer:
    """The configured officer, or IdentityError with instructions in Thai."""
    if os.environ.get(ENV_NAME) and os.environ.get(ENV_EMAIL):
        return Officer(os.environ[ENV_NAME], os.environ[ENV_EMAIL])
    cfg = config if config is not None else load_config()
    name, email = cfg.officer_name, cfg.officer_email
    if not name:
        name = _git_config(Path(root), "user.name")
    if not email:
        email = _git_config(Path(root), "user.email")
    if not name or not email:
        raise IdentityError(HOW_TO)
    return Officer(name, email)
