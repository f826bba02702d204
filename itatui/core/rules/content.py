"""Required content beyond the schema: what a reader of the report expects to find.

(Empty required fields, such as a measure without a name, units, activities or results, are
``required-missing`` in :mod:`itatui.core.check`.)
"""

from __future__ import annotations

import re

from itatui.core.problem import WARNING, Problem
from itatui.core.rules.outcomes import parse_outcome, th

PLACEHOLDER = re.compile(r"\.{6,}|…{2,}|_{4,}|\bx{3,}\b|\(ระบุ|<ระบุ|\[ระบุ|ระบุชื่อ|TODO|XXX",
                         re.IGNORECASE)


def check(ctx) -> list:
    out: list = []
    for rec in [] if ctx.plan else ctx.measures:      # results and outcomes: the report's
        outcome = rec.get("outcome", "")
        quoted = []
        if isinstance(outcome, str) and outcome.strip():
            quoted = [q.indicator for q in parse_outcome(outcome)]
            if not any(q.score is not None for q in parse_outcome(outcome)):
                out.append(Problem("outcome-without-score", WARNING, rec.path, "outcome",
                                   "ผลลัพธ์ไม่ได้อ้างคะแนนตัวชี้วัด ITA ใด (เช่น \"ตัวชี้วัดที่ ๑ ... ๑๐๐ คะแนน\")"))
        listed = rec.get("indicators", []) or []
        if quoted and isinstance(listed, list) and set(listed) != set(quoted):
            out.append(Problem("indicators-mismatch", WARNING, rec.path, "indicators",
                               f"ตัวชี้วัดที่อ้างถึง ({', '.join(th(n) for n in listed) or 'ว่าง'}) "
                               f"ไม่ตรงกับที่ผลลัพธ์กล่าวถึง ({', '.join(th(n) for n in quoted)})"))
        acts, results = rec.get("activities", []) or [], rec.get("results", []) or []
        if isinstance(acts, list) and isinstance(results, list) and results and \
                len(results) < len(acts):
            out.append(Problem("results-fewer-than-activities", "info", rec.path, "results",
                               f"มีกิจกรรม {th(len(acts))} ข้อ แต่รายงานผลเพียง {th(len(results))} ข้อ"))
    signers = ctx.own("signers")
    if signers in ctx.singletons and not ctx.singletons[signers].get("approvals"):
        out.append(Problem("no-approvals", WARNING, ctx.paths[signers], "approvals",
                           "บันทึกข้อความยังไม่มีผู้ให้ความเห็น/ผู้อนุมัติ"))
    for path, fld, text in ctx.texts():
        if fld.endswith("comment") or fld.endswith("signature"):
            continue
        m = PLACEHOLDER.search(text)
        if m:
            out.append(Problem("placeholder-text", WARNING, path, fld,
                               f"ยังมีข้อความเว้นว่างหรือข้อความตัวอย่าง \"{m.group()}\" ที่ต้องกรอก"))
    return out
