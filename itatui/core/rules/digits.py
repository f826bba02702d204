"""Thai and Arabic digits against the theme's choice (``digits = "thai"`` by default): one text
mixing both, or digits of the other style."""

from __future__ import annotations

import re

from itatui.core.problem import INFO, WARNING, Problem

_SKIP = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[A-Za-z][A-Za-z0-9._/-]*\d[A-Za-z0-9._/-]*"
                   r"|\d+[A-Za-z][A-Za-z0-9._/-]*")
THAI = re.compile(r"[๐-๙]")
ARABIC = re.compile(r"[0-9]")


def check(ctx) -> list:
    out: list = []
    want = ctx.digits if ctx.digits in ("thai", "arabic") else "thai"
    for path, fld, text in ctx.texts():
        body = _SKIP.sub(" ", text)
        has_thai, has_arabic = bool(THAI.search(body)), bool(ARABIC.search(body))
        if has_thai and has_arabic:
            out.append(Problem("mixed-digits", WARNING, path, fld,
                               "ข้อความเดียวกันใช้ทั้งเลขไทยและเลขอารบิก "
                               f"(รูปแบบที่เลือกคือเลข{'ไทย' if want == 'thai' else 'อารบิก'})"))
        elif want == "thai" and has_arabic:
            out.append(Problem("digits-style", INFO, path, fld,
                               "ใช้เลขอารบิก แต่รูปแบบรายงานเลือกเลขไทย"))
        elif want == "arabic" and has_thai:
            out.append(Problem("digits-style", INFO, path, fld,
                               "ใช้เลขไทย แต่รูปแบบรายงานเลือกเลขอารบิก"))
    return out
