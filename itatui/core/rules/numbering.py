"""Numbering: list items that still carry their number, gaps inside numbered text, issue titles
that name another number. (Gaps between issue and measure files are ``numbering-gap``.)"""

from __future__ import annotations

import re

from itatui.core.problem import WARNING, Problem
from itatui.core.thai import to_arabic_digits, to_thai_digits

LEAD = re.compile(r"^\s*([0-9๐-๙]{1,2})\s?[.)](?![0-9๐-๙])")
INLINE = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)](?!\d)")
TITLE_NUM = re.compile(r"^\s*ประเด็น(?:ที่)?\s*([0-9๐-๙]{1,2})")
LIST_FIELDS = {"measure": ("activities", "results"), "memo": ("considerations",)}


def _sequence_gap(text: str) -> tuple[int, int] | None:
    """(after, found) for a numbered run 1, 2, ... that jumps or repeats inside one text."""
    nums = [int(m.group(1)) for m in INLINE.finditer(to_arabic_digits(text))]
    if len(nums) < 2 or nums[0] != 1:
        return None
    prev = nums[0]
    for n in nums[1:]:
        if n == prev + 1:
            prev = n
        elif n == prev or prev + 1 < n <= prev + 3:
            return prev, n
    return None


def check(ctx) -> list:
    out: list = []
    recs = [(r.path, "measure", r.data()) for r in ctx.measures]
    if "memo" in ctx.singletons:
        recs.append((ctx.paths["memo"], "memo", ctx.singletons["memo"]))
    for path, kind, data in recs:
        for key in LIST_FIELDS[kind]:
            items = data.get(key, []) or []
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                if not isinstance(item, str):
                    continue
                m = LEAD.match(item)
                if m:
                    out.append(Problem("item-numbered", WARNING, path, f"{key}.{i}",
                                       f"รายการนี้ขึ้นต้นด้วยเลข \"{m.group(1)}.\" เอง: "
                                       "รายงานพิมพ์เลขนี้ตามที่เขียน แต่เมื่อเพิ่ม ลบ หรือย้าย"
                                       "รายการ เลขจะไม่ตรงลำดับ (เก็บรายการโดยไม่มีเลขข้อ "
                                       "แล้ว itatui ใส่เลขให้เมื่อพิมพ์)"))
                gap = _sequence_gap(item)
                if gap:
                    out.append(Problem("text-numbering-gap", WARNING, path, f"{key}.{i}",
                                       f"เลขข้อในข้อความไม่ต่อเนื่อง: หลังข้อ {to_thai_digits(gap[0])} "
                                       f"เป็นข้อ {to_thai_digits(gap[1])} (ควรแยกเป็นรายการ)"))
    for rec in ctx.issues:
        title = rec.get("title", "")
        m = TITLE_NUM.match(title) if isinstance(title, str) else None
        if m and int(to_arabic_digits(m.group(1))) != rec.numbers[0]:
            out.append(Problem("issue-number-in-title", WARNING, rec.path, "title",
                               f"ชื่อประเด็นระบุ \"ประเด็นที่ {m.group(1)}\" แต่ไฟล์นี้คือประเด็นที่ "
                               f"{to_thai_digits(rec.numbers[0])}"))
    for path, fld, text in ctx.texts():
        if fld.split(".")[-1].isdigit() or fld in ("outcome",):
            continue
        gap = _sequence_gap(text)
        if gap and "." not in fld:
            out.append(Problem("text-numbering-gap", WARNING, path, fld,
                               f"เลขข้อในข้อความไม่ต่อเนื่อง: หลังข้อ {to_thai_digits(gap[0])} "
                               f"เป็นข้อ {to_thai_digits(gap[1])}"))
    return out
