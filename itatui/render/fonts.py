"""Is a Thai font installed? Without one a PDF shows boxes, so stop before rendering.

Asks fontconfig (``fc-list :lang=th family``, no network); honours ``FONTCONFIG_FILE`` like
WeasyPrint does, since both read the same fontconfig setup.
"""

from __future__ import annotations

import logging
import subprocess
from typing import Iterable

from itatui.core.errors import FontError

LOG = logging.getLogger(__name__)
DEBIAN_PACKAGE = "fonts-thai-tlwg"

NO_THAI_FONT = (
    "ไม่พบแบบอักษรภาษาไทยในเครื่องนี้ ไฟล์ PDF จะแสดงตัวอักษรไทยเป็นกล่องสี่เหลี่ยม "
    f"จึงหยุดสร้าง PDF — ติดตั้งแบบอักษรไทยก่อน เช่น แพ็กเกจ Debian/Ubuntu \"{DEBIAN_PACKAGE}\" "
    f"(sudo apt install {DEBIAN_PACKAGE}) หรือ TH Sarabun New / Sarabun")
NO_FC_LIST = (
    "ไม่พบคำสั่ง fc-list ของ fontconfig จึงตรวจแบบอักษรภาษาไทยไม่ได้ — ติดตั้งแพ็กเกจ "
    f"\"fontconfig\" และแบบอักษรไทย เช่น \"{DEBIAN_PACKAGE}\"")


def thai_font_families() -> list[str]:
    """Families fontconfig reports as covering Thai, in fc-list order, without repeats."""
    try:
        out = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True,
                             text=True, timeout=60, check=False).stdout
    except FileNotFoundError:
        raise FontError(NO_FC_LIST) from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontError(f"เรียก fc-list ไม่สำเร็จ ({exc}) จึงตรวจแบบอักษรภาษาไทยไม่ได้") from None
    families: list[str] = []
    for line in out.splitlines():
        # One line per font; localized names are comma-separated ("a,b"); "\-" is fc escaping.
        for name in line.replace("\\", "").split(","):
            name = name.strip()
            if name and name not in families:
                families.append(name)
    return families


def require_thai_font(families: Iterable[str] = ()) -> str:
    """The family the PDF will use for Thai: the first of ``families`` (the theme's chain) that
    is installed, else any installed Thai font (with a warning). Raises :class:`FontError` with
    a Thai message naming the Debian package when no Thai font is installed."""
    installed = thai_font_families()
    if not installed:
        raise FontError(NO_THAI_FONT)
    lower = {f.casefold(): f for f in installed}
    for family in families:
        if family.casefold() in lower:
            return lower[family.casefold()]
    wanted = list(families)
    if wanted:
        LOG.warning("ไม่พบแบบอักษรของธีม (%s) จะใช้ %s แทน", ", ".join(wanted), installed[0])
    return installed[0]
