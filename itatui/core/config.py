"""itatui's own settings: ``$XDG_CONFIG_HOME/itatui/config.toml`` (default ``~/.config``).

    [officer]
    name = "นางเอมวรา ชัยวงศ์"
    email = "emwara@example.go.th"
    role = "นิติกรชำนาญการ"

    [ui]
    theme = "textual-dark"     # or textual-light, or any Textual theme
    digits = "thai"            # or arabic

    [agency]
    timezone = "Asia/Bangkok"  # the zone every time is shown in (log, blame); the default

    [export]
    folder = "~/Documents/ita" # where the editor's F8/F9 write (default ~/itatui-exports/REPO)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from itatui.core.errors import ItatuiError


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "itatui" / "config.toml"


@dataclass
class Config:
    officer_name: str = ""
    officer_email: str = ""
    officer_role: str = ""
    theme: str = "textual-dark"
    digits: str = "thai"
    timezone: str = "Asia/Bangkok"      # [agency] timezone: the zone times are shown in
    export_folder: str = ""             # [export] folder; "" = publishing.export's default
    path: Path = field(default_factory=config_path)


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    cfg = Config(path=path)
    if not path.exists():
        return cfg
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ItatuiError(f"ไฟล์ตั้งค่าอ่านไม่ได้ ({exc})", path=str(path)) from None
    officer = data.get("officer", {}) or {}
    ui = data.get("ui", {}) or {}
    cfg.officer_name = str(officer.get("name", "")).strip()
    cfg.officer_email = str(officer.get("email", "")).strip()
    cfg.officer_role = str(officer.get("role", "")).strip()
    cfg.theme = str(ui.get("theme", cfg.theme))
    digits = str(ui.get("digits", cfg.digits))
    cfg.digits = digits if digits in ("thai", "arabic") else "thai"
    agency = data.get("agency", {}) or {}
    if isinstance(agency, dict):
        cfg.timezone = str(agency.get("timezone", cfg.timezone)).strip() or cfg.timezone
    export = data.get("export", {}) or {}
    cfg.export_folder = str(export.get("folder", "") if isinstance(export, dict) else "").strip()
    return cfg


def save_config(cfg: Config) -> None:
    import tomlkit

    from itatui.core.tomlio import write_atomic

    doc = tomlkit.document()
    officer = tomlkit.table()
    officer["name"] = cfg.officer_name
    officer["email"] = cfg.officer_email
    officer["role"] = cfg.officer_role
    ui = tomlkit.table()
    ui["theme"] = cfg.theme
    ui["digits"] = cfg.digits
    doc["officer"] = officer
    doc["ui"] = ui
    if cfg.timezone != Config.timezone:
        agency = tomlkit.table()
        agency["timezone"] = cfg.timezone
        doc["agency"] = agency
    if cfg.export_folder:
        export = tomlkit.table()
        export["folder"] = cfg.export_folder
        doc["export"] = export
    write_atomic(cfg.path, tomlkit.dumps(doc))
