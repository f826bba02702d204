"""Control characters in a record written by hand (``control-char``): ``set``, the importer and
the editor refuse them (:mod:`itatui.core.controlchars`), so one found here was typed into the
file itself — an ESC written ``\\u001b``, a raw bidi override that reorders what a reader sees."""

from __future__ import annotations

from itatui.core import controlchars
from itatui.core.problem import ERROR, Problem


def check(ctx) -> list:
    out: list = []
    for rec in ctx.records:
        for key, index, ch in controlchars.found_in(rec.data()):
            out.append(Problem("control-char", ERROR, rec.path, key,
                               f"มีอักขระควบคุม {controlchars.describe(ch)} ที่ตำแหน่ง "
                               f"{index + 1} ซึ่งไม่แสดงผลและอาจทำให้ข้อความที่เห็นต่างจากที่"
                               "บันทึกไว้ (ลบออก)"))
    return out
