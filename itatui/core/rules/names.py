"""The agency's own name: spelled the same everywhere, consistent with its type, and no other
agency of the same kind named in the report (a report copied from another agency)."""

from __future__ import annotations

import re

from itatui.core.problem import ERROR, WARNING, Problem
from itatui.core.rules.textutil import best_window
from itatui.core.schema import AGENCY_TYPES, agency_type

PREFIX = re.compile(r"(องค์การบริหารส่วนตำบล|องค์การบริหารส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|"
                    r"เทศบาลนคร|อบต\.?|อบจ\.?|เทศบาล|ตำบล)\s?")
FULL_TYPES = ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง",
              "เทศบาลนคร", "อบต", "อบต.")
GENERIC = ("ทุก", "ต่าง", "ใน", "และ", "ที่", "ของ", "ซึ่ง", "หรือ", "ได้", "มี", "เป็น", "ทั้ง",
           "อื่น", "ใกล้เคียง", "แห่ง", "นี้", "นั้น", "จะ", "ให้", "โดย", "ตาม", "เพื่อ", "ต้อง",
           "ดัง", "ประจำ", "ดำเนิน", "จึง", "กับ", "แก่", "แต่", "ไม่", "ยัง", "ก็", "เอง", "ทราบ")


def place_of(name: str, typ: str = "") -> str:
    for t in ([typ] if typ else []) + list(AGENCY_TYPES) + ["อบต.", "อบต"]:
        if t and name.startswith(t):
            return name[len(t):].strip()
    return ""


def agency_family(t: str) -> str:
    if t.startswith("เทศบาล"):
        return "เทศบาล"
    if t in ("องค์การบริหารส่วนตำบล", "อบต", "อบต."):
        return "อบต"
    if t in ("องค์การบริหารส่วนจังหวัด", "อบจ", "อบจ."):
        return "อบจ"
    return ""


def check(ctx) -> list:
    out: list = []
    name, typ = ctx.agency_name, ctx.agency_type
    if "agency" in ctx.singletons and name and typ and agency_type(name) and \
            agency_type(name) != typ:
        out.append(Problem("agency-type-mismatch", ERROR, ctx.paths["agency"], "type",
                           f"ประเภทหน่วยงาน \"{typ}\" ไม่ตรงกับชื่อ \"{name}\""))
    place = place_of(name, typ)
    if len(place) < 3:
        return out
    limit = max(1, len(place) // 4)
    own_family = agency_family(typ)
    for path, fld, text in ctx.texts():
        if path == ctx.paths.get("agency") and fld == "name":
            continue
        for m in PREFIX.finditer(text):
            start = m.end()
            if start >= len(text) or not re.match(r"[\u0e01-\u0e4e]", text[start]):
                continue
            d, end = best_window(place, text, start, slack=2, limit=len(place) // 2 + 1)
            if 0 < d <= limit:
                written = text[m.start():end]
                if written.replace(" ", "") == (m.group(1) + place):
                    continue
                out.append(Problem("agency-name-spelling", WARNING, path, fld,
                                   f"ชื่อหน่วยงานเขียนว่า \"{written}\" ต่างจาก \"{place}\" "
                                   f"ใน records/agency.toml ({name})"))
            elif d > len(place) // 2 and m.group(1) in FULL_TYPES and \
                    agency_family(m.group(1)) == own_family:
                run = re.match(r"[\u0e01-\u0e4e]+", text[start:]).group()
                if run.startswith(GENERIC) or len(run) < 3:
                    continue
                shown = run[:len(place) + 4]
                out.append(Problem("other-agency-name", WARNING, path, fld,
                                   f"กล่าวถึง \"{m.group(1)}{shown}…\" ซึ่งไม่ใช่{name} "
                                   "(คัดลอกมาจากรายงานของหน่วยงานอื่นหรือไม่)"))
    return out
