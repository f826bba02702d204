"""``itatui init``: a new records repository with a skeleton report and the skeleton of its plan
(``records/plan/``, :mod:`itatui.core.plan_records`), committed by the officer."""

from __future__ import annotations

import subprocess
from importlib import resources
from pathlib import Path

from itatui.core import schema, tomlio
from itatui.core.errors import GitError, ItatuiError
from itatui.core.history import History
from itatui.core.identity import resolve_officer
from itatui.core.message import TRAILER_TOOL
from itatui.core.plan_records import plan_texts
from itatui.core.thai import to_thai_digits


def toml_document(comment: str, values: dict) -> str:
    return tomlio.new_document(comment, values)


def skeleton(agency: str, fiscal_year: int) -> dict[str, str]:
    fy = to_thai_digits(fiscal_year)
    title = f"รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ พ.ศ. {fy}"
    catalogue = resources.files("itatui.data").joinpath("catalogue.toml").read_text("utf-8")
    return {
        "records/agency.toml": toml_document("หน่วยงาน", {
            "name": agency, "type": schema.agency_type(agency), "province": "", "district": "",
            "website": ""}),
        "records/units.toml": toml_document("ส่วนราชการภายในของหน่วยงาน", {"units": []}),
        "records/report.toml": toml_document("รายงาน", {
            "title": f"การดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {fy}",
            "objective": f"วัตถุประสงค์เพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานภายใน{agency}",
            "fiscal_year": fiscal_year, "ita_year": fiscal_year + 1, "ita_item": "O26",
            "columns": list(schema.REPORT_COLUMNS)}),
        "records/memo.toml": toml_document("บันทึกข้อความ", {
            "department": agency, "reference": "", "date": "", "subject": title, "to": "",
            "background": "", "facts": "", "considerations": [],
            "closing": "จึงเรียนมาเพื่อโปรดพิจารณา"}),
        "records/signers.toml": toml_document("ผู้จัดทำและผู้ให้ความเห็นท้ายบันทึกข้อความ", {
            "drafter": {"signature": "", "name": "", "position": ""}}),
        "records/scores.toml": toml_document("คะแนน ITA: ตารางละหนึ่งปีงบประมาณ เช่น [2568] แล้ว ตัวชี้วัด = คะแนน", {}),
        "records/catalogue.toml": catalogue,
        **plan_texts(agency, fiscal_year, {"department": agency}),
    }


def create_repository(root: Path) -> None:
    """``git init`` (branch ``main``) at ``root`` unless it already holds a repository: the one
    place a repository is created (``itatui init`` and ``itatui import``)."""
    root.mkdir(parents=True, exist_ok=True)
    if not (root / ".git").exists():
        out = subprocess.run(["git", "init", "-q", "-b", "main", str(root)], capture_output=True,
                             text=True)
        if out.returncode != 0:
            raise GitError(f"git init ไม่สำเร็จ: {out.stderr.strip()}")


def init_repository(directory: str | Path, agency: str, fiscal_year: int) -> str:
    """Create the repository and commit the skeleton. Returns the commit id."""
    root = Path(directory).resolve()
    if not agency.strip():
        raise ItatuiError("ต้องระบุชื่อหน่วยงาน (--agency)")
    if not 2500 <= fiscal_year <= 2700:
        raise ItatuiError(f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2568 (ได้ {fiscal_year})")
    if (root / "records").exists():
        raise ItatuiError("มีโฟลเดอร์ records อยู่แล้ว จึงไม่สร้างทับ", path=str(root))
    probe = root if root.exists() else root.parent
    officer = resolve_officer(probe)
    create_repository(root)
    files = skeleton(agency.strip(), fiscal_year)
    for rel, text in files.items():
        tomlio.write_atomic(root / rel, text)
    hist = History.open(root)
    message = (f"เริ่มรายงาน ITA ของ{agency.strip()} ปีงบประมาณ {to_thai_digits(fiscal_year)}\n\n"
               f"{TRAILER_TOOL}: init\n")
    return hist.commit(sorted(files), message, officer)
