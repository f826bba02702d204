"""The plan's own records (``records/plan/``) as itatui first writes them: for a new repository
(``itatui init``) and for the first fiscal year started without them (``itatui new-year``).

The plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน, ITA O25) of fiscal year N is
published in ITA round N; its memo asks the chain to approve the measures and announce them.
The texts name only the plan's own fiscal year (after ปีงบประมาณ / ในปี), so that the next
``new-year`` moves them, and the checker's ``fiscal-year-text`` finds nothing left over.
"""

from __future__ import annotations

from itatui.core import schema
from itatui.core.thai import to_thai_digits

PLAN_ITEM = "O25"
PLAN_PATH = schema.KIND_BY_NAME["plan"].singleton_path or "records/plan/plan.toml"
PLAN_MEMO_PATH = schema.KIND_BY_NAME["plan_memo"].singleton_path or "records/plan/memo.toml"
PLAN_SIGNERS_PATH = schema.SIGNERS_PATHS["plan"]
#: the plan's records, in the order they are written and listed
PLAN_PATHS = (PLAN_PATH, PLAN_MEMO_PATH, PLAN_SIGNERS_PATH)
#: the header comment of each
COMMENTS = {PLAN_PATH: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (ITA ข้อ O25)",
            PLAN_MEMO_PATH: "บันทึกข้อความเสนอมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            PLAN_SIGNERS_PATH: "ผู้จัดทำและผู้ให้ความเห็นท้ายบันทึกข้อความเสนอมาตรการ"}


def plan_title(fiscal_year: int) -> str:
    return ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. "
            + to_thai_digits(fiscal_year))


def plan_values(agency: str, fiscal_year: int) -> dict:
    """``records/plan/plan.toml`` of fiscal year ``fiscal_year`` (the analysis paragraph is the
    officer's: left empty)."""
    where = f"ภายใน{agency}" if agency.strip() else "ภายในหน่วยงาน"
    return {
        "title": plan_title(fiscal_year),
        "objective": ("เพื่อนำผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                      "ครั้งที่ผ่านมาไปกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                      f"{where} ในปีงบประมาณ พ.ศ. {to_thai_digits(fiscal_year)}"),
        "ita_item": PLAN_ITEM,
        "analysis": "",
        "columns": list(schema.PLAN_COLUMNS),
    }


def plan_memo_values(agency: str, fiscal_year: int, memo: dict | None = None) -> dict:
    """``records/plan/memo.toml`` of fiscal year ``fiscal_year``: the department, number (ที่),
    addressee and background of the report's memo ``memo`` (as the new year leaves it), the
    plan's own subject, facts, considerations and closing; no date (the plan is dated when it
    is proposed, early in the fiscal year)."""
    memo = memo or {}
    fy = to_thai_digits(fiscal_year)
    name = agency.strip() or "หน่วยงาน"

    def kept(key: str) -> str:
        value = memo.get(key, "")
        return value if isinstance(value, str) else ""

    return {
        "department": kept("department") or agency,
        "reference": kept("reference"),
        "date": "",
        "subject": plan_title(fiscal_year),
        "to": kept("to"),
        "background": kept("background"),
        "facts": ("สำนักงาน ป.ป.ช. ได้แจ้งแนวทางการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
                  "หน่วยงานภาครัฐ (Integrity and Transparency Assessment – ITA) ในปี พ.ศ. "
                  f"{fy} ข้อ O25 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ให้หน่วยงาน"
                  "วิเคราะห์ผลการประเมินที่ผ่านมา และกำหนดมาตรการเพื่อขับเคลื่อนการส่งเสริม"
                  f"คุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {fy}"),
        "considerations": [
            "เห็นควรพิจารณาให้ความเห็นชอบมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
            f"ประจำปีงบประมาณ พ.ศ. {fy} และประกาศใช้เป็นแนวทางปฏิบัติของ{name}",
            f"เห็นควรเผยแพร่มาตรการดังกล่าวทางเว็บไซต์ของ{name} และแจ้งทุกส่วนราชการภายใน"
            "ถือปฏิบัติ แล้วรายงานผลการดำเนินการต่อไป",
        ],
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา หากเห็นชอบโปรดลงนามในมาตรการที่เสนอมาพร้อมนี้",
    }


def plan_texts(agency: str, fiscal_year: int, memo: dict | None = None,
               signers_text: str | None = None) -> dict[str, str]:
    """path -> text of the three plan records: :func:`plan_values`, :func:`plan_memo_values`
    and the approval chain, ``signers_text`` as it is (the report's ``signers.toml``: the same
    drafter and chain) or, without it, an empty drafter."""
    from itatui.core import tomlio

    signers = signers_text if signers_text is not None else tomlio.new_document(
        COMMENTS[PLAN_SIGNERS_PATH], {"drafter": {"signature": "", "name": "", "position": ""}})
    return {
        PLAN_PATH: tomlio.new_document(COMMENTS[PLAN_PATH], plan_values(agency, fiscal_year)),
        PLAN_MEMO_PATH: tomlio.new_document(COMMENTS[PLAN_MEMO_PATH],
                                            plan_memo_values(agency, fiscal_year, memo)),
        PLAN_SIGNERS_PATH: signers,
    }
