"""Titles, roles and bodies that belong to another kind of agency: a นายกองค์การบริหารส่วนตำบล in a
เทศบาล report, a ปลัดเทศบาล in an อบต. report. Garbled spellings are caught too (edit distance),
such as "นายกองดีการบริการส่วนตำบล" for นายกองค์การบริหารส่วนตำบล."""

from __future__ import annotations

from itatui.core.problem import WARNING, Problem
from itatui.core.rules.names import agency_family
from itatui.core.rules.textutil import fuzzy_find

TERMS = {
    "เทศบาล": ("นายกเทศมนตรี", "รองนายกเทศมนตรี", "ปลัดเทศบาล", "รองปลัดเทศบาล", "สภาเทศบาล",
               "สมาชิกสภาเทศบาล", "พนักงานเทศบาล", "เทศบัญญัติ", "สำนักปลัดเทศบาล",
               "ประธานสภาเทศบาล"),
    "อบต": ("นายกองค์การบริหารส่วนตำบล", "รองนายกองค์การบริหารส่วนตำบล",
            "ปลัดองค์การบริหารส่วนตำบล", "รองปลัดองค์การบริหารส่วนตำบล",
            "สภาองค์การบริหารส่วนตำบล", "สมาชิกสภาองค์การบริหารส่วนตำบล", "พนักงานส่วนตำบล",
            "นายก อบต.", "ปลัด อบต.", "รองปลัด อบต.", "สมาชิก อบต.", "องค์การบริหารส่วนตำบล"),
    "อบจ": ("นายกองค์การบริหารส่วนจังหวัด", "ปลัดองค์การบริหารส่วนจังหวัด", "พนักงานส่วนจังหวัด",
            "สภาองค์การบริหารส่วนจังหวัด", "นายก อบจ.", "ปลัด อบจ.", "องค์การบริหารส่วนจังหวัด"),
}
EQUIV = {
    "เทศบาล": {"นายก": "นายกเทศมนตรี", "รองนายก": "รองนายกเทศมนตรี", "ปลัด": "ปลัดเทศบาล",
               "รองปลัด": "รองปลัดเทศบาล", "สภา": "สภาเทศบาล", "สมาชิก": "สมาชิกสภาเทศบาล",
               "พนักงาน": "พนักงานเทศบาล", "องค์การ": "เทศบาล"},
    "อบต": {"นายก": "นายกองค์การบริหารส่วนตำบล", "รองนายก": "รองนายกองค์การบริหารส่วนตำบล",
            "ปลัด": "ปลัดองค์การบริหารส่วนตำบล", "รองปลัด": "รองปลัดองค์การบริหารส่วนตำบล",
            "สภา": "สภาองค์การบริหารส่วนตำบล", "สมาชิก": "สมาชิกสภาองค์การบริหารส่วนตำบล",
            "พนักงาน": "พนักงานส่วนตำบล", "สำนักปลัด": "สำนักปลัด", "เทศบัญญัติ": "ข้อบัญญัติ"},
    "อบจ": {"นายก": "นายกองค์การบริหารส่วนจังหวัด", "ปลัด": "ปลัดองค์การบริหารส่วนจังหวัด",
            "สภา": "สภาองค์การบริหารส่วนจังหวัด", "พนักงาน": "พนักงานส่วนจังหวัด"},
}


def _equivalent(term: str, family: str) -> str:
    table = EQUIV.get(family, {})
    keys = sorted((k for k in table if term.startswith(k)), key=len, reverse=True)
    return table[keys[0]] if keys else ""


def _max_dist(term: str) -> int:
    n = len(term.replace(" ", ""))
    return 0 if n < 10 else max(1, int(n * 0.15))


def check(ctx) -> list:
    own = agency_family(ctx.agency_type)
    if not own:
        return []
    foreign = [(fam, t) for fam, terms in TERMS.items() if fam != own for t in terms]
    foreign.sort(key=lambda ft: -len(ft[1]))
    out: list = []
    for path, fld, text in ctx.texts():
        taken: list[tuple[int, int]] = []
        for fam, term in foreign:
            for s, e, d in fuzzy_find(term, text, _max_dist(term)):
                if any(s < te and ts < e for ts, te in taken):
                    continue
                taken.append((s, e))
                written = text[s:e]
                eq = _equivalent(term, own)
                how = "" if d == 0 else f" (คล้าย \"{term}\")"
                hint = f" ควรเป็น \"{eq}\"" if eq else ""
                out.append(Problem("wrong-agency-term", WARNING, path, fld,
                                   f"\"{written}\"{how} เป็นคำของ{_name(fam)} แต่หน่วยงานนี้เป็น"
                                   f"{ctx.agency_type}{hint}"))
    return out


def _name(fam: str) -> str:
    return {"เทศบาล": "เทศบาล", "อบต": "องค์การบริหารส่วนตำบล (อบต.)",
            "อบจ": "องค์การบริหารส่วนจังหวัด (อบจ.)"}[fam]
