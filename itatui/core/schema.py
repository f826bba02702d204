"""What each record holds: its kinds, fields, Thai labels and where it lives under ``records/``.

A record is one TOML file. Issues and measures take their numbers from their file names
(``records/issues/02.toml`` is ประเด็นที่ ๒, ``records/measures/02-01.toml`` its first measure),
so renumbering is a rename that git follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itatui.core.thai import to_thai_digits

RECORDS_DIR = "records"

#: Kinds of local agency, by the start of the agency's name.
AGENCY_TYPES = ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนตำบล", "เทศบาลนคร", "เทศบาลเมือง",
                "เทศบาลตำบล")
#: The six column titles of the report's table of measures (the official form's wording):
#: what ``itatui init`` and the importer write into ``report.toml``, what the renderer shows
#: when ``report.toml`` names fewer.
REPORT_COLUMNS = (
    "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ",
    "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
    "มาตรการ/กิจกรรม",
    "วัน/เดือน/ปี ที่ดำเนินการ",
    "ผลการดำเนินการ",
    "ผลลัพธ์หรือความสำเร็จของการดำเนินการ",
)


def agency_type(name: str) -> str:
    """The agency type its name starts with ("" when none)."""
    for t in AGENCY_TYPES:
        if name.startswith(t):
            return t
    if name.startswith("อบต"):
        return "องค์การบริหารส่วนตำบล"
    return ""


# Field kinds
STR = "str"          # one line of text
TEXT = "text"        # long text, stored as a multi-line string
LIST = "list"        # list of texts, one item per line
INT = "int"
FLOAT = "float"
INT_LIST = "int_list"
TABLES = "tables"    # array of tables, each with ``sub`` fields


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = STR
    required: bool = False
    sub: tuple["Field", ...] = ()
    hint: str = ""
    #: the documents this field is needed for when ``required`` (a record of one document's
    #: own kinds, :data:`DOCUMENT_KINDS`, is needed only for that document): a measure's results
    #: and outcome are the report's; the plan, written before them, neither needs nor shows them
    documents: tuple[str, ...] = ("report", "plan")


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    pattern: str                      # regex on the path relative to the repository
    fields: tuple[Field, ...] = ()
    singleton_path: str | None = None  # for records that exist once
    dynamic: bool = False             # fields come from the document (scores)


SIGNER_FIELDS = (
    Field("role", "ตำแหน่งที่ให้ความเห็น", required=True,
          hint="หัวข้อ \"ความเห็น...\" โดยไม่มีคำว่า ความเห็น"),
    Field("name", "ชื่อ", required=True),
    Field("position", "ตำแหน่ง", required=True),
    Field("acting_for", "ปฏิบัติหน้าที่แทน"),
    Field("comment", "ความเห็น", TEXT),
)

OFFICER_FIELDS = (
    Field("name", "ชื่อ", required=True),
    Field("email", "อีเมล", required=True, hint="ตรงกับ user.email หรือ [officer] email"),
    Field("role", "บทบาทในการอนุมัติ", hint="ตรงกับ role ของผู้ให้ความเห็นใน signers.toml"),
    Field("position", "ตำแหน่ง"),
)

MEMO_FIELDS = (
        Field("department", "ส่วนราชการ", required=True),
        Field("reference", "ที่", required=True),
        Field("date", "วันที่", required=True, hint="พ.ศ. เช่น ๒๘ เมษายน พ.ศ. ๒๕๖๙"),
        Field("subject", "เรื่อง", TEXT, required=True),
        Field("to", "เรียน", required=True),
        Field("background", "เรื่องเดิม", TEXT, required=True),
        Field("facts", "ข้อเท็จจริง", TEXT, required=True),
        Field("considerations", "ข้อพิจารณา", LIST, required=True),
        Field("closing", "คำลงท้าย", TEXT, required=True),
)

SIGNERS_FIELDS = (
        Field("drafter.signature", "ลายมือชื่อผู้เสนอ"),
        Field("drafter.name", "ชื่อผู้เสนอ", required=True),
        Field("drafter.position", "ตำแหน่งผู้เสนอ", required=True),
        Field("approvals", "ผู้ให้ความเห็น", TABLES, sub=SIGNER_FIELDS),
)


KINDS: tuple[Kind, ...] = (
    Kind("agency", "หน่วยงาน", r"^records/agency\.toml$", (
        Field("name", "ชื่อหน่วยงาน", required=True),
        Field("type", "ประเภทหน่วยงาน", required=True, hint="เช่น เทศบาลตำบล องค์การบริหารส่วนตำบล"),
        Field("province", "จังหวัด", required=True),
        Field("district", "อำเภอ"),
        Field("website", "เว็บไซต์"),
    ), singleton_path="records/agency.toml"),
    Kind("units", "หน่วยงานภายใน", r"^records/units\.toml$", (
        Field("units", "ส่วนราชการภายใน", LIST, required=True),
    ), singleton_path="records/units.toml"),
    Kind("report", "รายงาน", r"^records/report\.toml$", (
        Field("title", "ชื่อรายงาน", TEXT, required=True),
        Field("objective", "วัตถุประสงค์", TEXT, required=True),
        Field("fiscal_year", "ปีงบประมาณ (พ.ศ.)", INT, required=True),
        Field("ita_year", "ปีการประเมิน ITA (พ.ศ.)", INT, required=True),
        Field("ita_item", "ข้อการประเมิน", required=True, hint="เช่น O26"),
        Field("columns", "หัวตาราง", LIST, required=True),
    ), singleton_path="records/report.toml"),
    Kind("memo", "บันทึกข้อความ", r"^records/memo\.toml$", MEMO_FIELDS,
         singleton_path="records/memo.toml"),
    Kind("signers", "ผู้ลงนาม", r"^records/signers\.toml$", SIGNERS_FIELDS,
         singleton_path="records/signers.toml"),
    Kind("scores", "คะแนน ITA", r"^records/scores\.toml$", (),
         singleton_path="records/scores.toml", dynamic=True),
    Kind("catalogue", "ตัวชี้วัด ITA", r"^records/catalogue\.toml$", (),
         singleton_path="records/catalogue.toml", dynamic=True),
    Kind("officers", "เจ้าหน้าที่ผู้บันทึกและอนุมัติ", r"^records/officers\.toml$", (
        Field("officers", "เจ้าหน้าที่", TABLES, sub=OFFICER_FIELDS),
    ), singleton_path="records/officers.toml"),
    Kind("issue", "ประเด็น", r"^records/issues/(\d+)\.toml$", (
        Field("title", "ชื่อประเด็น", TEXT, required=True),
    )),
    Kind("measure", "มาตรการ", r"^records/measures/(\d+)-(\d+)\.toml$", (
        Field("name", "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ", TEXT, required=True),
        Field("units", "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง", LIST, required=True),
        Field("activities", "มาตรการ/กิจกรรม", LIST, required=True),
        Field("period", "วัน/เดือน/ปี ที่ดำเนินการ", required=True),
        Field("results", "ผลการดำเนินการ", LIST, required=True, documents=("report",)),
        Field("outcome", "ผลลัพธ์หรือความสำเร็จของการดำเนินการ", TEXT, required=True,
              documents=("report",)),
        Field("indicators", "ตัวชี้วัดที่อ้างถึง", INT_LIST),
        Field("target_indicator", "ตัวชี้วัดเป้าหมาย", INT,
              hint="เลขตัวชี้วัด ITA ที่มาตรการนี้มุ่งยกระดับ เช่น ๘"),
        Field("target_score", "ค่าเป้าหมาย (คะแนน)", FLOAT,
              hint="เช่น ๘๕ = ไม่น้อยกว่า ๘๕ คะแนน"),
        Field("budget", "งบประมาณ", hint="เช่น ๒๐,๐๐๐ บาท หรือ ไม่ใช้งบประมาณ"),
    )),
    Kind("plan", "แผน (มาตรการส่งเสริมคุณธรรม)", r"^records/plan/plan\.toml$", (
        Field("title", "ชื่อแผน", TEXT, required=True),
        Field("objective", "วัตถุประสงค์", TEXT, required=True),
        Field("ita_item", "ข้อการประเมิน", required=True, hint="เช่น O25"),
        Field("analysis", "ผลการวิเคราะห์ (คำบรรยาย)", TEXT,
              hint="ย่อหน้าก่อนตารางคะแนน ตารางและรายการตัวชี้วัด itatui ทำให้จากคะแนน"),
        Field("columns", "หัวตาราง", LIST, required=True),
    ), singleton_path="records/plan/plan.toml"),
    Kind("plan_memo", "บันทึกข้อความเสนอแผน", r"^records/plan/memo\.toml$", MEMO_FIELDS,
         singleton_path="records/plan/memo.toml"),
    Kind("plan_signers", "ผู้ลงนามแผน", r"^records/plan/signers\.toml$", SIGNERS_FIELDS,
         singleton_path="records/plan/signers.toml"),
)

#: the documents rendered from one record set. Each has its own records besides the shared
#: ones (agency, units, issues, measures, scores, catalogue, officers)
DOCUMENTS = ("report", "plan")
DOCUMENT_LABELS = {"report": "รายงานผล", "plan": "แผน (มาตรการส่งเสริมคุณธรรม)"}
DOCUMENT_KINDS = {"report": ("report", "memo", "signers"),
                  "plan": ("plan", "plan_memo", "plan_signers")}
#: where each document's approval chain is kept
SIGNERS_PATHS = {"report": "records/signers.toml", "plan": "records/plan/signers.toml"}
#: the plan's columns (the O25 form): what ``itatui init`` and ``new-year`` write into
#: ``records/plan/plan.toml``
PLAN_COLUMNS = (
    "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ",
    "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
    "มาตรการ/กิจกรรม",
    "ระยะเวลาดำเนินการ",
    "ตัวชี้วัดเป้าหมาย",
    "งบประมาณ",
)


def document_of_kind(kind_name: str) -> str | None:
    """The document a record kind belongs to alone (None: shared by both)."""
    return next((d for d, kinds in DOCUMENT_KINDS.items() if kind_name in kinds), None)

KIND_BY_NAME = {k.name: k for k in KINDS}
_PATTERNS = [(re.compile(k.pattern), k) for k in KINDS]


def kind_of(path: str) -> Kind | None:
    """The record kind of a path relative to the repository (``records/...``), or None;
    remembered (a report of a thousand measures asks about each path several times)."""
    try:
        return _KIND_OF[path]
    except (KeyError, TypeError):
        pass
    found = None
    slashed = path.replace("\\", "/")
    for rx, kind in _PATTERNS:
        if rx.match(slashed):
            found = kind
            break
    if len(_KIND_OF) >= 8192:
        _KIND_OF.clear()
    _KIND_OF[path] = found
    return found


_KIND_OF: dict[str, Kind | None] = {}


def numbers_of(path: str) -> tuple[int, ...]:
    """The issue (and measure) numbers encoded in an issue or measure path."""
    kind = kind_of(path)
    if kind is None or kind.name not in ("issue", "measure"):
        return ()
    m = re.match(kind.pattern, path.replace("\\", "/"))
    return tuple(int(g) for g in m.groups())


def issue_path(issue: int) -> str:
    return f"{RECORDS_DIR}/issues/{issue:02d}.toml"


def measure_path(issue: int, measure: int) -> str:
    return f"{RECORDS_DIR}/measures/{issue:02d}-{measure:02d}.toml"


def title_of(path: str) -> str:
    """The Thai name of a record as commit messages and the TUI show it."""
    kind = kind_of(path)
    if kind is None:
        return path
    nums = numbers_of(path)
    if kind.name == "issue":
        return f"ประเด็นที่ {to_thai_digits(nums[0])}"
    if kind.name == "measure":
        return f"ประเด็นที่ {to_thai_digits(nums[0])} มาตรการที่ {to_thai_digits(nums[1])}"
    return kind.label


def field_spec(kind: Kind, key: str) -> Field | None:
    """The schema field for a dotted key (``approvals.1.name`` finds ``name`` of ``approvals``)."""
    for f in kind.fields:
        if f.key == key:
            return f
        if f.kind == TABLES and key.startswith(f.key + "."):
            rest = key[len(f.key) + 1:].split(".", 1)
            if len(rest) == 2:
                return next((s for s in f.sub if s.key == rest[1]), None)
    if kind.name == "scores":
        return Field(key, score_label(key), FLOAT)
    return None


def score_label(key: str) -> str:
    parts = key.split(".")
    if len(parts) == 2 and parts[1] == "total":
        return f"ปี {to_thai_digits(parts[0])} คะแนนรวม"
    if len(parts) == 2:
        return f"ปี {to_thai_digits(parts[0])} ตัวชี้วัดที่ {to_thai_digits(parts[1])}"
    return key


def field_label(kind: Kind, key: str) -> str:
    spec = field_spec(kind, key)
    if spec is None:
        return key
    parts = key.split(".")
    if len(parts) == 3 and parts[1].isdigit() and kind.name != "scores":
        parent = next(f for f in kind.fields if f.key == parts[0])
        return f"{parent.label} คนที่ {to_thai_digits(int(parts[1]) + 1)}: {spec.label}"
    return spec.label
