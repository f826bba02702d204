"""Understanding a report read into paragraphs and rows: the memo, the signers, the report's title
and objective, then issues and measures, and the scores the outcomes quote.

Built for documents it has not seen: it looks for the shapes every such report has (the memo's
labelled fields and headed sections, a signature block with a name in brackets, comment blocks
starting with ความเห็น, table rows of six columns, "ประเด็นที่ N" rows), accepts Thai or Arabic
digits, and copes with irregular rows by anchoring on the period column. Whatever it cannot place
is kept in the nearest field and reported as a doubt with its line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from itatui.core.model import load_catalogue
from itatui.core.rules.outcomes import parse_outcome
from itatui.core.rules.textutil import distance, squash
from itatui.core.schema import AGENCY_TYPES, REPORT_COLUMNS, agency_type
from itatui.core.thai import MONTHS, MONTHS_SHORT, parse_be_date, fiscal_year_of, to_arabic_digits
from itatui.importer import cells as C, targets as T
from itatui.importer.blocks import Block, Doubt, Para, Row
from itatui.importer.documents import refuse_plan
from itatui.importer.provinces import province_named, province_of

MEMO_LABELS = (("ส่วนราชการ", "department"), ("วันที่", "date"), ("ที่", "reference"),
               ("เรื่อง", "subject"), ("เรียน", "to"))
SECTIONS = (("เรื่องเดิม", "background"), ("ความเป็นมา", "background"),
            ("ข้อเท็จจริง", "facts"), ("ข้อกฎหมาย", "facts"), ("ข้อระเบียบ", "facts"),
            ("ข้อพิจารณา", "considerations"), ("ข้อเสนอพิจารณา", "considerations"),
            ("ข้อเสนอ", "considerations"))
ISSUE = re.compile(r"^\s*ประเด็น(?:ที่)?\s*([0-9๐-๙]{1,2})\s*[.:)\-–]?\s*(.*)$", re.S)
ACTING = re.compile(r"(ปฏิบัติหน้าที่|รักษาราชการแทน|ปฏิบัติราชการแทน|รักษาการแทน)")
DOTS = re.compile(r"^[\s.…_\-·]+$")
NAME_LINE = re.compile(r"^\(\s*(.+?)\s*\)$")
#: The day an approver approved, printed under the signature (itatui's renderers write it).
APPROVED_ON = re.compile(r"^วันที่\s+\S")
#: The heading of the ITA scores table itatui prints after the issues.
SCORES_HEADING = "คะแนนการประเมินคุณธรรมและความโปร่งใส"
#: "ที่ <reference> วันที่ <date>" on one line, either part possibly empty.
_DATE_AFTER_REFERENCE = re.compile(r"(?:^|\s+)วันที่(?:\s+(.*))?$", re.S)
_MONTH_WORDS = MONTHS + MONTHS_SHORT
_PERIOD_HINT = re.compile(r"ปีงบประมาณ|ตลอดปี|ไตรมาส|\b25\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_TYPES_RX = "|".join(sorted(AGENCY_TYPES, key=len, reverse=True))
_AGENCY_MENTION = re.compile(rf"({_TYPES_RX})\s?([\u0e01-\u0e4e]+?)(?=[\s,.()\"“”]|$)")


@dataclass
class Imported:
    agency: dict = field(default_factory=dict)
    units: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict)
    signers: dict = field(default_factory=dict)
    issues: dict[int, str] = field(default_factory=dict)
    measures: dict[tuple[int, int], dict] = field(default_factory=dict)
    scores: dict[int, dict[int, float]] = field(default_factory=dict)
    totals: dict[int, float] = field(default_factory=dict)     # year -> the stored total
    doubts: list[Doubt] = field(default_factory=list)


def _all_text(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        parts.append(b.text if isinstance(b, Para) else " ".join(b.cells))
    return C.normalise_space(" ".join(C.html_parts("\n".join(parts))) if parts else "")


def find_agency(blocks: list[Block]) -> tuple[str, str, str]:
    """(name, type, place) of the agency: the most frequent "<type><place>" written in full."""
    text = _all_text(blocks)
    counts: Counter = Counter()
    for m in _AGENCY_MENTION.finditer(text):
        counts[(m.group(1), m.group(2))] += 1
    if not counts:
        return "", "", ""
    (typ, place), _ = counts.most_common(1)[0]
    return typ + place, typ, place


def _label(text: str, label: str) -> str | None:
    m = re.match(rf"^{label}(?:\s*[:：]\s*|\s+)(.*)$", text, re.S)
    if m:
        return m.group(1).strip()
    if text.strip() == label:
        return ""
    return None


#: the memo's header fields in the order a memo prints them
_HEADER_ORDER = ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน")


def _header_label(line: str) -> int | None:
    """Which header field (its place in :data:`_HEADER_ORDER`) ``line`` opens, if any."""
    line = line.strip()
    if line.startswith("เรื่องเดิม"):
        return None
    return next((k for k, label in enumerate(_HEADER_ORDER) if _label(line, label) is not None),
                None)


def _split_memo_header(paras: list[Para]) -> list[Para]:
    """The memo's header written as one paragraph of lines (Markdown's hard line breaks, as
    itatui's Markdown prints it: "**ส่วนราชการ** ...  " / "**ที่** ...  " / ...) becomes one
    paragraph per field. A line is split off only when it opens a field that comes later in a
    memo's header than the one before it, so a wrapped line starting with "ที่" stays."""
    out: list[Para] = []
    for p in paras:
        first = _header_label(p.lines[0]) if p.level == 0 and len(p.lines) > 1 else None
        if first is None:
            out.append(p)
            continue
        groups, last = [[0]], first
        for n in range(1, len(p.lines)):
            k = _header_label(p.lines[n])
            if k is not None and k > last:
                groups.append([n])
                last = k
            else:
                groups[-1].append(n)
        for g in groups:
            lines = [p.lines[n] for n in g]
            out.append(Para(" ".join(lines), p.line + g[0], lines, 0))
    return out


def _section(text: str) -> tuple[str, str] | None:
    t = text.strip()
    for head, key in SECTIONS:
        if t.rstrip(" :：") == head:
            return key, ""
        m = re.match(rf"^{head}\s*[:：]?\s+(.+)$", t, re.S)
        if m:
            return key, m.group(1)
    return None


def _is_title(p: Para) -> bool:
    if p.level > 0 and "บันทึกข้อความ" not in p.text and not _section(p.text):
        return True
    t = p.text
    return ("ปีงบประมาณ" in t and len(t) > 30 and not t.startswith(("เรื่อง", "(", "ความเห็น"))
            and ("คุณธรรม" in t or t.startswith(("รายงาน", "การดำเนินการ", "ผลการดำเนินการ"))))


def _is_header(cells: list[str]) -> bool:
    hits = 0
    for cell in cells:
        s = squash(" ".join(C.html_parts(cell)))
        if not s:
            continue
        for col in REPORT_COLUMNS:
            cs = squash(col)
            if s == cs or distance(s, cs, limit=len(cs) // 3) <= len(cs) // 3:
                hits += 1
                break
    return hits >= 3


def _looks_like_period(cell: str) -> bool:
    text = to_arabic_digits(" ".join(C.html_parts(cell)))
    if not text or len(text) > 70:
        return False
    return any(m in text for m in _MONTH_WORDS) or bool(_PERIOD_HINT.search(text))


class Parser:
    def __init__(self, blocks: list[Block], typed: bool = False) -> None:
        #: ``typed``: a word processor's document (Word): its spaces are the author's, its
        #: cells hold no HTML and a table row's cells are its columns; a PDF conversion's
        #: repairs (joining words cut by line wraps, reading HTML) would change the text.
        self.typed = typed
        self.blocks = blocks
        self.out = Imported()
        self.doubts = self.out.doubts
        name, typ, place = find_agency(blocks)
        self.agency_name, self.agency_type, self.place = name, typ, place
        self.places = (place,) if place else ()
        self.known_units: set[str] = set()
        #: the packaged catalogue's indicator names (the catalogue the import writes)
        self.indicator_names = {i.number: i.name for i in load_catalogue().indicators}

    def doubt(self, line: int, message: str, record: str = "", fld: str = "") -> None:
        self.doubts.append(Doubt(line, message, record, fld))

    def clean(self, text: str) -> str:
        if self.typed:                 # a cell's paragraphs stay lines of the field
            return "\n".join(C.plain_parts(text))
        return C.clean(text, self.places)

    def clean_para(self, text: str) -> str:
        """A paragraph of the memo: no narrow-cell line wraps to undo, only cut words."""
        if self.typed:
            return C.normalise_space(text)
        return C.join_split_words(" ".join(C.html_parts(text)), self.places, wrapped=False)

    # -- the whole document ------------------------------------------------------------------
    def parse(self) -> Imported:
        start = next((i for i, b in enumerate(self.blocks)
                      if isinstance(b, Row) or (isinstance(b, Para) and ISSUE.match(b.text)
                                                and i > 0)), len(self.blocks))
        self.parse_front([b for b in self.blocks[:start] if isinstance(b, Para)])
        self.parse_table(self.blocks[start:])
        self.finish()
        return self.out

    # -- memo, signers, title ----------------------------------------------------------------
    def parse_front(self, paras: list[Para]) -> None:
        memo = {"department": "", "reference": "", "date": "", "subject": "", "to": "",
                "background": "", "facts": "", "considerations": [], "closing": ""}
        report = {"title": "", "objective": ""}
        section = None
        i = 0
        seen_memo = False
        paras = _split_memo_header(paras)
        while i < len(paras):
            p = paras[i]
            t = p.text.strip()
            if "บันทึกข้อความ" == t.strip("# "):
                seen_memo = True
                i += 1
                continue
            sec = _section(t)
            if not sec and _is_title(p) and (p.level > 0 or (not seen_memo and section is None)):
                break
            if not sec and any(NAME_LINE.match(re.sub(r"^[-*•]\s+", "", l.strip())) or
                               re.sub(r"^[-*•]\s+", "", l.strip()).startswith("ความเห็น")
                               for l in (p.lines or [t])):
                self.doubt(p.line, "ไม่พบคำลงท้าย \"จึงเรียน...\" ก่อนส่วนลงนาม", "records/memo.toml",
                           "closing")
                break
            if sec:
                section = sec[0]
                if sec[1]:
                    self._add_section(memo, section, sec[1], p.line)
                i += 1
                continue
            if section is None:
                placed = False
                for label, key in MEMO_LABELS:
                    val = _label(t, label)
                    if val is not None and not (label == "เรื่อง" and t.startswith("เรื่องเดิม")):
                        if key == "reference":
                            m = _DATE_AFTER_REFERENCE.search(val)
                            if m:
                                memo["date"] = C.normalise_space(m.group(1) or "")
                                val = val[:m.start()]
                        memo[key] = self.clean_para(val) if key == "reference" else C.normalise_space(val)
                        placed = seen_memo = True
                        break
                if placed:
                    i += 1
                    continue
            if t.startswith("จึงเรียน"):
                memo["closing"] = C.normalise_space(t)
                i += 1
                break
            if section is None:
                if seen_memo or memo["to"]:
                    section = "background"
                else:
                    self.doubt(p.line, "ข้อความก่อนบันทึกข้อความ ใส่ไว้ในเรื่องเดิม",
                               "records/memo.toml", "background")
                    section = "background"
            self._add_section(memo, section, t, p.line)
            i += 1
        rest = paras[i:]
        signers, j = self.parse_signers(rest)
        for p in rest[j:]:
            t = C.normalise_space(p.text)
            if t.startswith("วัตถุประสงค์") and not report["objective"]:
                report["objective"] = self.clean_para(t)
            elif not report["title"] and not report["objective"]:
                report["title"] = self.clean_para(t)
            else:
                self.doubt(p.line, "ย่อหน้านี้ไม่รู้ว่าเป็นส่วนใดของรายงาน จึงต่อท้ายวัตถุประสงค์",
                           "records/report.toml", "objective")
                report["objective"] = (report["objective"] + "\n" + self.clean_para(t)).strip()
        if not any(memo[k] for k in ("department", "subject", "to")):
            self.doubt(0, "ไม่พบบันทึกข้อความ (ส่วนราชการ ที่ วันที่ เรื่อง เรียน)", "records/memo.toml")
        if not report["title"]:
            self.doubt(0, "ไม่พบชื่อรายงานก่อนตาราง", "records/report.toml", "title")
        self.out.memo, self.out.signers = memo, signers
        self.out.report.update(report)

    def _add_section(self, memo: dict, section: str, text: str, line: int) -> None:
        if section == "considerations":
            text = C.normalise_space(text)
            lead = re.match(r"^\s*([0-9๐-๙]{1,2})\s?[.)](?![0-9๐-๙])\s*", text)
            items = C.split_items(text)
            if lead and len(items) == 1:
                want = len(memo["considerations"]) + 1
                if int(to_arabic_digits(lead.group(1))) != want:
                    self.doubt(line, f"ข้อพิจารณาข้อนี้มีเลข {lead.group(1)} แต่เป็นข้อที่ {want}",
                               "records/memo.toml", "considerations")
                items = [text[lead.end():]]
            elif memo["considerations"] and not lead:
                self.doubt(line, "ย่อหน้าในข้อพิจารณาไม่มีเลขข้อ จึงนับเป็นข้อใหม่",
                           "records/memo.toml", "considerations")
            memo["considerations"] += [self.clean_para(x) for x in items]
        else:
            text = self.clean_para(text)
            memo[section] = (memo[section] + "\n" + text).strip() if memo[section] else text

    def parse_signers(self, paras: list[Para]) -> tuple[dict, int]:
        """The drafter and the comment blocks; returns them and how many paragraphs they used."""
        lines: list[tuple[int, int, str]] = []        # (paragraph index, line, text)
        end = len(paras)
        for k, p in enumerate(paras):
            if _is_title(p) or p.text.startswith("วัตถุประสงค์"):
                end = k
                break
            for n, line in enumerate(p.lines or [p.text]):
                lines.append((k, p.line + n, C.normalise_space(line)))
        drafter = {"signature": "", "name": "", "position": ""}
        approvals: list[dict] = []
        current = drafter
        pending: list[tuple[int, str]] = []       # lines before a "(name)" line
        after_name: list[tuple[int, str]] = []

        def close_positions() -> None:
            if not after_name:
                return
            texts = [t for _, t in after_name]
            pos = " ".join(texts)
            m = ACTING.search(pos)
            if m and current is not drafter:
                current["position"] = pos[:m.start()].strip()
                current["acting_for"] = pos[m.end():].strip()
                if m.group(1) != "ปฏิบัติหน้าที่":
                    self.doubt(after_name[0][0], f"\"{m.group(1)}\" บันทึกเป็นการปฏิบัติหน้าที่แทน",
                               "records/signers.toml", "approvals")
            else:
                current["position"] = pos
            after_name.clear()

        for _, line, text in lines:
            if DOTS.match(text):
                continue
            t = re.sub(r"^[-*•]\s+", "", text)
            if t.startswith("ความเห็น"):
                close_positions()
                current = {"role": t[len("ความเห็น"):].strip(" :："), "name": "", "position": "",
                           "acting_for": "", "comment": ""}
                approvals.append(current)
                pending = []
                continue
            m = NAME_LINE.match(t)
            if m:
                close_positions()
                if current["name"]:
                    self.doubt(line, "พบชื่อผู้ลงนามซ้ำในกลุ่มเดียวกัน จึงเริ่มกลุ่มใหม่",
                               "records/signers.toml")
                    current = {"role": "", "name": "", "position": "", "acting_for": "",
                               "comment": ""}
                    approvals.append(current)
                current["name"] = m.group(1).strip()
                if pending:
                    before = " ".join(x for _, x in pending)
                    if current is drafter:
                        drafter["signature"] = re.sub(r"^ลงชื่อ\s*", "", before).strip(" .")
                    else:
                        sig = re.sub(r"^ลงชื่อ\s*", "", before).strip(" .")
                        current["comment"] = sig
                pending = []
                current["_naming"] = True
                continue
            if current.get("_naming") and current is not drafter and APPROVED_ON.match(t):
                self.doubt(line, f"ไม่นำเข้า \"{t}\" ใต้ลายมือชื่อ: การอนุมัติบันทึกเป็น commit "
                                 "ด้วยคำสั่ง itatui approve", "records/signers.toml", "approvals")
                continue
            if current.get("_naming"):
                after_name.append((line, t))
            else:
                pending.append((line, t))
        close_positions()
        for a in [drafter, *approvals]:
            a.pop("_naming", None)
        for line, t in pending:
            self.doubt(line, "ข้อความท้ายบันทึกที่ไม่รู้ว่าเป็นของผู้ลงนามคนใด ใส่ไว้ในความเห็น",
                       "records/signers.toml")
            if approvals:
                approvals[-1]["comment"] = (approvals[-1]["comment"] + " " + t).strip()
            else:
                drafter["position"] = (drafter["position"] + " " + t).strip()
        # positions that ran over several lines stay on one line; stray "ลงชื่อ" go away
        result = {"drafter": drafter}
        if approvals:
            result["approvals"] = approvals
        return result, end

    # -- the table ---------------------------------------------------------------------------
    def parse_table(self, blocks: list[Block]) -> None:
        issue_no = 0
        measures: list[tuple[int, dict]] = []       # (issue, measure raw)
        columns = None
        used_numbers: set[int] = set()
        scores: list[int] | None = None          # in the scores table: its years
        for b in blocks:
            if isinstance(b, Para) and _is_scores_heading(b.text):
                scores = []
                continue
            if isinstance(b, Row) and scores is not None:
                scores = self._scores_row(b, scores)
                continue
            if isinstance(b, Para):
                m = ISSUE.match(b.text)
                if m:
                    scores = None
                    issue_no = self._new_issue(m, b.line, used_numbers)
                    continue
                if b.text.startswith("วัตถุประสงค์") and not self.out.report.get("objective"):
                    self.out.report["objective"] = self.clean(b.text)
                    continue
                self.doubt(b.line, "ย่อหน้าในส่วนตารางที่ไม่รู้ว่าเป็นของมาตรการใด จึงต่อท้ายวัตถุประสงค์",
                           "records/report.toml", "objective")
                obj = self.out.report.get("objective", "")
                self.out.report["objective"] = (obj + "\n" + self.clean(b.text)).strip()
                continue
            cells = list(b.cells)
            if not any(c.strip() for c in cells):
                continue
            if _is_header(cells):
                if columns is None:
                    columns = [self.clean(c) for c in cells if c.strip()]
                continue
            first = next((k for k, c in enumerate(cells) if c.strip()), 0)
            m = ISSUE.match(" ".join(C.html_parts(cells[first])))
            if m:
                issue_no = self._new_issue(m, b.line, used_numbers)
                cells = cells[first + 1:]
                if not any(c.strip() for c in cells):
                    continue
            if issue_no == 0:
                issue_no = self._new_issue(None, b.line, used_numbers)
            raw = self._measure_cells(cells, b.line)
            if raw is None:
                continue
            if (not raw["name"].strip() and not raw["units"].strip() and not raw["period"].strip()
                    and measures and measures[-1][0] == issue_no and not m):
                self._continue_measure(measures[-1][1], raw, b.line)
                continue
            measures.append((issue_no, raw))
        self.out.report["columns"] = columns or list(REPORT_COLUMNS)
        if columns is None:
            self.doubt(0, "ไม่พบแถวหัวตาราง ใช้หัวตารางมาตรฐาน", "records/report.toml", "columns")
        for _, raw in measures:
            for u in C.split_units(raw["units"], typed=self.typed):
                self.known_units.add(u)
        counters: Counter = Counter()
        for issue, raw in measures:
            counters[issue] += 1
            self.out.measures[(issue, counters[issue])] = self._measure(raw, issue, counters[issue])

    def _new_issue(self, m, line: int, used: set[int]) -> int:
        if m is None:
            n = max(used, default=0) + 1
            self.doubt(line, "มาตรการก่อนประเด็นแรก จึงสร้างประเด็นที่ไม่มีชื่อ",
                       f"records/issues/{n:02d}.toml", "title")
            title = ""
        else:
            n = int(to_arabic_digits(m.group(1)))
            title = self.clean(m.group(2))
            if n in used or n == 0:
                new = max(used, default=0) + 1
                self.doubt(line, f"เลขประเด็นที่ {m.group(1)} ซ้ำหรือไม่ถูกต้อง ใช้เลข {new} แทน",
                           f"records/issues/{new:02d}.toml")
                n = new
        used.add(n)
        self.out.issues[n] = title
        self._issue_lines = getattr(self, "_issue_lines", {})
        self._issue_lines[n] = line
        return n

    def _measure_cells(self, cells: list[str], line: int) -> dict | None:
        cells = [c for c in cells]
        while len(cells) > 6 and not cells[-1].strip():
            cells.pop()
        raw = {"name": "", "units": "", "name_units": "", "activities": "", "period": "",
               "results": "", "outcome": "", "line": line}
        candidates = [k for k, c in enumerate(cells) if _looks_like_period(c)]
        p = None
        if self.typed and len(cells) == 6:
            candidates = [3]                # a Word table's cells are its columns
            p = min(candidates, key=lambda k: abs(k - (3 if len(cells) >= 6 else 2)))
        if p is None and len(cells) == 6:
            p = 3
        if p is None and len(cells) == 5:
            p = 2
        if p is None:
            self.doubt(line, "แถวนี้ไม่มีช่องวันที่ดำเนินการ และจำนวนช่องไม่ครบ จึงเรียงช่องจากซ้าย",
                       "", "")
            keys = ["name", "units", "activities", "period", "results", "outcome"]
            for k, c in zip(keys, cells):
                raw[k] = c
            if len(cells) > 6:
                raw["outcome"] += " " + " ".join(cells[6:])
            return raw
        before, after = cells[:p], cells[p + 1:]
        raw["period"] = cells[p]
        if len(before) >= 3:
            raw["name"], raw["units"], raw["activities"] = before[0], before[1], before[-1]
            if len(before) > 3:
                raw["name"] += " " + " ".join(before[2:-1])
                self.doubt(line, "แถวนี้มีช่องเกิน จึงรวมไว้ในชื่อมาตรการ")
        elif len(before) == 2:
            raw["name_units"], raw["activities"] = before
        elif len(before) == 1:
            raw["activities"] = before[0]
            self.doubt(line, "แถวนี้ไม่มีช่องชื่อมาตรการและผู้รับผิดชอบ")
        if len(after) >= 2:
            raw["results"], raw["outcome"] = after[0], after[1]
            if len(after) > 2 and any(c.strip() for c in after[2:]):
                raw["outcome"] += " " + " ".join(after[2:])
                self.doubt(line, "แถวนี้มีช่องเกินทางขวา จึงต่อท้ายผลลัพธ์")
        elif len(after) == 1:
            if parse_outcome(" ".join(C.html_parts(after[0]))):
                raw["outcome"] = after[0]
            else:
                raw["results"] = after[0]
            self.doubt(line, "แถวนี้มีช่องหลังวันที่ดำเนินการเพียงช่องเดียว")
        return raw

    def _continue_measure(self, prev: dict, raw: dict, line: int) -> None:
        self.doubt(line, "แถวนี้ไม่มีชื่อมาตรการ ผู้รับผิดชอบ และวันที่ จึงถือว่าต่อจากแถวก่อนหน้า "
                         "(ตารางถูกตัดข้ามหน้า)")
        for key in ("activities", "results", "outcome"):
            if raw[key].strip():
                prev[key] = (prev[key] + " " + raw[key]).strip()

    def _measure(self, raw: dict, issue: int, n: int) -> dict:
        path = f"records/measures/{issue:02d}-{n:02d}.toml"
        line = raw["line"]
        if raw["name_units"]:
            name, units = C.split_name_units(raw["name_units"], self.known_units, self.places)
        else:
            name = self.clean(raw["name"])
            units = C.split_units(raw["units"], self.known_units, self.typed)
        activities = C.list_items(raw["activities"], self.places, self.typed)
        results = C.list_items(raw["results"], self.places, self.typed)
        target, outcome = self._target_and_outcome(raw["outcome"], line, path)
        if not name:
            self.doubt(line, "มาตรการนี้ไม่มีชื่อ (ช่องแรกว่าง)", path, "name")
        if not units:
            self.doubt(line, "มาตรการนี้ไม่มีผู้รับผิดชอบ", path, "units")
        quotes = parse_outcome(outcome)
        indicators: list[int] = []
        for q in quotes:
            if q.indicator not in indicators:
                indicators.append(q.indicator)
        if outcome and not quotes:
            self.doubt(line, "ผลลัพธ์ไม่ได้อ้างคะแนนตัวชี้วัดใด", path, "outcome")
        self._quotes = getattr(self, "_quotes", [])
        self._quotes += [(q, line, path) for q in quotes]
        measure = {"name": name, "units": units, "activities": activities,
                   "period": self.clean(raw["period"]), "results": results, "outcome": outcome,
                   "indicators": indicators}
        if target is not None:
            measure.update({k: v for k, v in (("target_indicator", target.indicator),
                                              ("target_score", target.score)) if v is not None})
        return measure

    def _target_and_outcome(self, raw: str, line: int, path: str) -> tuple[T.Target | None, str]:
        """The target line itatui prints first in the outcome cell ("เป้าหมาย: ตัวชี้วัดที่ ๘
        ... ไม่น้อยกว่า ๘๕ คะแนน", :mod:`.targets`) and the outcome after it, as written."""
        parts = C.plain_parts(raw) if self.typed else C.html_parts(raw)
        target, rest = T.take_target(parts, self.indicator_names)
        if target is None:
            return None, self.clean(raw)
        if T.name_differs(target, self.indicator_names):
            self.doubt(line, f"เป้าหมายเรียกตัวชี้วัดที่ {target.indicator} ว่า \"{target.name}\" "
                             "ซึ่งไม่ตรงกับชื่อในบัญชีตัวชี้วัด (บันทึกเฉพาะเลขตัวชี้วัด)",
                       path, "target_indicator")
        if self.typed:
            return target, "\n".join(rest)
        return target, C.join_split_words(" ".join(rest), self.places)

    def _scores_row(self, row: Row, years: list[int]) -> list[int]:
        """One row of the scores table after its heading: the header (its years), an
        indicator's scores, the total (คะแนนรวม) or the grade; returns the table's years."""
        cells = [re.sub(r"\*\*|__", "", " ".join(C.html_parts(c))).strip() for c in row.cells]
        if not any(cells):
            return years
        if getattr(self, "_table_scores", None) is None:
            self._table_scores, self._table_totals = {}, {}
        found = [int(y) for c in cells[2:] for y in re.findall(r"\d{4}", to_arabic_digits(c))]
        if not years or (found and len(found) == len(cells[2:]) and not _score_value(cells[0])):
            if len(found) != len(cells[2:]) or not found:
                self.doubt(row.line, "อ่านหัวตารางคะแนนไม่ได้ (ต้องเป็นปี พ.ศ. ในแต่ละช่อง)",
                           "records/scores.toml")
                return years
            for y in found:
                self._table_scores.setdefault(y, {})
            return found
        values = [_score_value(c) for c in cells[2:2 + len(years)]]
        label = " ".join(cells[:2])
        if "คะแนนรวม" in label:
            for y, v in zip(years, values):
                if v is not None:
                    self._table_totals[y] = v
            return years
        if "ระดับ" in label and not _score_value(cells[0]):
            return years                       # the grade follows from the total
        number = to_arabic_digits(cells[0])
        if not number.isdigit():
            self.doubt(row.line, "แถวนี้ในตารางคะแนนไม่มีเลขตัวชี้วัด จึงไม่นำเข้า",
                       "records/scores.toml")
            return years
        for y, v in zip(years, values):
            if v is not None:
                self._table_scores[y][int(number)] = v
        return years

    # -- what follows from the whole ---------------------------------------------------------
    def finish(self) -> None:
        out = self.out
        fy = self._fiscal_year()
        out.report["fiscal_year"] = fy
        out.report["ita_year"] = fy + 1 if fy else 0
        out.report["ita_item"] = self._ita_item()
        name = self.agency_name
        if not name:
            self.doubt(0, "ไม่พบชื่อหน่วยงาน (เทศบาล... / องค์การบริหารส่วนตำบล...)",
                       "records/agency.toml", "name")
        out.agency = {"name": name, "type": agency_type(name) or self.agency_type,
                      "province": self._province(), "district": self._district(), "website": ""}
        if not out.agency["province"]:
            self.doubt(0, "ไม่พบชื่อจังหวัด", "records/agency.toml", "province")
        units: list[str] = []
        for m in out.measures.values():
            for u in m["units"]:
                if u not in units:
                    units.append(u)
        out.units = units
        table = getattr(self, "_table_scores", None)
        if table is not None:                # the scores table is the data; quotes are checked
            out.scores = {y: dict(v) for y, v in table.items() if v}
            out.totals = dict(getattr(self, "_table_totals", {}))
        for q, line, path in getattr(self, "_quotes", []):
            if q.score is None:
                self.doubt(line, f"อ่านคะแนนของตัวชี้วัดที่ {q.indicator} ไม่ได้", path, "outcome")
                continue
            if fy and q.year is not None and q.year != fy:
                self.doubt(line, f"ผลลัพธ์ระบุปี {q.year} แต่รายงานเป็นปีงบประมาณ {fy}: "
                                 f"บันทึกคะแนน {q.score:.2f} ไว้เป็นของปี {fy}", path, "outcome")
            self._put_score(fy, q.indicator, q.score, line, path)
            if q.prev_score is not None:
                prev_year = q.prev_year or (fy - 1 if fy else None)
                if prev_year:
                    self._put_score(prev_year, q.indicator, q.prev_score, line, path)

    def _put_score(self, year: int | None, ind: int, value: float, line: int, path: str) -> None:
        if not year:
            return
        if getattr(self, "_table_scores", None) is not None and ind not in \
                self.out.scores.get(year, {}):
            self.doubt(line, f"ผลลัพธ์อ้างคะแนนตัวชี้วัดที่ {ind} ปี {year} ({value:.2f}) "
                             "ซึ่งไม่มีในตารางคะแนน จึงไม่บันทึก", "records/scores.toml")
            return
        table = self.out.scores.setdefault(year, {})
        if ind in table and abs(table[ind] - value) > 1e-9:
            self.doubt(line, f"คะแนนตัวชี้วัดที่ {ind} ปี {year} ถูกอ้างต่างกัน "
                             f"({table[ind]:.2f} และ {value:.2f}) เก็บค่าแรกไว้", path, "outcome")
            return
        table[ind] = value

    def _texts(self) -> list[str]:
        r, m = self.out.report, self.out.memo
        return [r.get("title", ""), m.get("subject", ""), m.get("facts", ""),
                " ".join(m.get("considerations", [])), m.get("background", ""),
                self.out.report.get("objective", "")]

    def _fiscal_year(self) -> int:
        for text in self._texts()[:4]:
            m = re.search(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.)?\s*(\d{4})", to_arabic_digits(text))
            if m:
                return int(m.group(1))
        years = Counter(int(y) for y in re.findall(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.)?\s*(\d{4})",
                                                    to_arabic_digits(_all_text(self.blocks))))
        if years:
            return years.most_common(1)[0][0]
        date = parse_be_date(self.out.memo.get("date", ""))
        if date:
            fy = fiscal_year_of(date) - 1
            self.doubt(0, f"ไม่พบปีงบประมาณในเอกสาร จึงถือปีก่อนวันที่ของบันทึก ({fy})",
                       "records/report.toml", "fiscal_year")
            return fy
        self.doubt(0, "ไม่พบปีงบประมาณ", "records/report.toml", "fiscal_year")
        return 0

    def _ita_item(self) -> str:
        text = to_arabic_digits(" ".join(self._texts()))
        m = re.search(r"ข้อ\s*[OoโอØ0]\s?(\d{1,2})(?!\d)", text)
        if m:
            return f"O{int(m.group(1)):02d}"
        m = re.search(r"\b[Oo](\d{1,2})\b", text)
        if m:
            return f"O{int(m.group(1)):02d}"
        self.doubt(0, "ไม่พบข้อการประเมิน (เช่น O26) จึงใช้ O26", "records/report.toml", "ita_item")
        return "O26"

    def _province(self) -> str:
        text = _all_text(self.blocks)
        for m in re.finditer(r"จังหวัด\s?([\u0e01-\u0e4e]+)", text):
            found = province_named(m.group(1))
            if found:
                return found
        return province_of(self.out.memo.get("reference", ""))

    def _district(self) -> str:
        m = re.search(r"อำเภอ\s?([\u0e01-\u0e4e]+)", _all_text(self.blocks))
        return m.group(1) if m else ""


def _is_scores_heading(text: str) -> bool:
    return squash(text).startswith(squash(SCORES_HEADING))


def _score_value(cell: str) -> float | None:
    """A score as printed ("๙๗.๓๓", "100.00"); None for "–" or anything else."""
    text = to_arabic_digits(cell).strip()
    return float(text) if re.fullmatch(r"\d{1,3}(?:\.\d+)?", text) else None


def parse_blocks(blocks: list[Block], typed: bool = False) -> Imported:
    """``typed``: the blocks come from a word processor's document (see :class:`Parser`).
    A plan (``itatui render --document plan``) is refused with a Thai :class:`ItatuiError`
    (:mod:`.documents`): the importer reads reports only."""
    refuse_plan(blocks)
    return Parser(blocks, typed).parse()
