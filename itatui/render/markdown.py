"""The whole report as GitHub-flavoured Markdown: the cover memo, then the report proper (a
heading and a six-column table per issue), then the ITA scores.

Record text is printed as written (``digits="arabic"`` turns its Thai digits into Arabic ones)
and escaped so that it can neither break a table nor pass HTML or Markdown markup: ASCII
punctuation that Markdown reads gets a backslash, ``< > &`` become entities, newlines inside a
table cell fold into spaces. Escapes only ever sit next to ASCII punctuation, never between Thai
letters, so every Thai run of the records comes back verbatim from the Markdown.

List fields (activities, results, responsible units) put each item on its own line: inside a
table cell the items are joined by ``<br>`` (:data:`ITEM_BREAK`), which GitHub and Gitea render as
a line break. That ``<br>`` is the only markup the renderer writes into a cell, and record text can
never produce it (``<`` is always written ``&lt;``); :func:`item_breaks` is the markdown-it rule
that turns exactly that ``<br>`` into a line break while raw HTML stays off. Items are numbered
"๑. ๒. ..." in the theme's digits when there are several, unless the officer wrote the item's
number into the item ("๑. จัดทำ...", "2) ..."): then the item shows as written.

The document is built as a list of :class:`Block` (a CSS class and a Markdown chunk that is
complete on its own); :func:`render_markdown` joins them and :mod:`itatui.render.html` renders
each one and wraps it in an element with that class, so the HTML and the PDF can lay out the
signature blocks without any raw HTML in the Markdown. ``document="plan"`` gives the plan's
blocks instead (:mod:`itatui.render.plan`); in the report, a measure's target (if it has one)
is the first line of its outcome cell (:func:`outcome_cell`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itatui.core.model import Catalogue, Issue, Measure, Report, Signer
from itatui.core.schema import DOCUMENTS, REPORT_COLUMNS
from itatui.core.thai import (digits as _digits, format_be_date, number as _number,
                              score as _score)
from itatui.render.targets import target_line

MEMO_HEADING = "บันทึกข้อความ"
MEMO_LABELS = (("department", "ส่วนราชการ"), ("reference", "ที่"), ("date", "วันที่"),
               ("subject", "เรื่อง"))
TO_LABEL = "เรียน"
SECTION_BACKGROUND = "เรื่องเดิม"
SECTION_FACTS = "ข้อเท็จจริง"
SECTION_CONSIDERATIONS = "ข้อพิจารณา"
COMMENT_PREFIX = "ความเห็น"
ACTING_PREFIX = "ปฏิบัติหน้าที่"
DATE_PREFIX = "วันที่"
ISSUE_PREFIX = "ประเด็นที่"
SCORES_HEADING = "คะแนนการประเมินคุณธรรมและความโปร่งใส (ITA) รายตัวชี้วัด"
SCORES_NUMBER = "ตัวชี้วัดที่"
SCORES_NAME = "ตัวชี้วัด"
SCORES_YEAR = "พ.ศ."
SCORES_TOTAL = "คะแนนรวม"
SCORES_GRADE = "ระดับผลการประเมิน"
DOTS = "." * 70
NO_SCORE = "–"


@dataclass(frozen=True)
class Block:
    """One self-contained Markdown chunk: ``part`` is "memo" or "report", ``cls`` a CSS class."""

    part: str
    cls: str
    markdown: str
    #: For the memo header: ``(key, label, value)`` with label and value as escaped inline
    #: Markdown, so that HTML can lay each field out on its own dotted line.
    fields: tuple[tuple[str, str, str], ...] = ()


# --- escaping ------------------------------------------------------------------------------

# Markdown punctuation escaped wherever it appears (CommonMark backslash escapes).
_ESCAPE_ANYWHERE = set("\\`*_[]|~$#")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")
# At the start of a line: list bullets, setext underlines, ordered list markers (ASCII digits).
_LINE_START = re.compile(r"^([-+=])|^([0-9]{1,9})([.)])")


def clean_text(text: str, style: str) -> str:
    """Record text with line breaks unified, control characters and tabs made harmless, and
    Thai digits turned Arabic when the style asks for it (Thai digits in "thai" stay as
    written, Arabic ones too)."""
    text = _LINE_BREAKS.sub("\n", str(text)).replace("\t", " ")
    text = _CONTROL.sub("", text)
    return _digits(text, "arabic") if style == "arabic" else text


def escape_inline(text: str) -> str:
    """Escape one line of text for Markdown (already cleaned, no newlines)."""
    out = []
    for ch in text:
        if ch in _ESCAPE_ANYWHERE:
            out.append("\\" + ch)
        elif ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        else:
            out.append(ch)
    line = "".join(out).strip()
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1)
                           else m.group(2) + "\\" + m.group(3), line)


def one_line(text: str, style: str) -> str:
    """Record text as one escaped line: newlines fold into spaces (table cells, headings)."""
    text = clean_text(text, style)
    return escape_inline(re.sub(r"\s*\n\s*", " ", text).strip())


def paragraphs(text: str, style: str) -> list[str]:
    """Record text as escaped paragraphs: every non-empty line is a paragraph."""
    return [escape_inline(line) for line in clean_text(text, style).split("\n") if line.strip()]


def _lines(*lines: str) -> str:
    """Lines of one paragraph, joined by hard line breaks (two trailing spaces)."""
    return "  \n".join(line for line in lines if line)


def _item_prefix(n: int, style: str) -> str:
    # "1." at the start of a line would start an ordered list: escape the dot for Arabic digits.
    return _number(n, style) + ("\\. " if style == "arabic" else ". ")


#: What separates two list items inside a table cell (GitHub and Gitea render it as a line
#: break; :func:`item_breaks` makes markdown-it do the same with raw HTML off).
ITEM_BREAK = "<br>"
#: An item that carries its own number, as the officer wrote it: "๑. ...", "2) ...", "(๓) ...".
OWN_NUMBER = re.compile(r"^\s*\(?[0-9๐-๙]{1,3}\s?[.)](?![0-9๐-๙])")


def clean_items(items: list[str], style: str) -> list[str]:
    """The non-empty items, cleaned (digits in ``style``) but not yet escaped."""
    return [re.sub(r"\s*\n\s*", " ", clean_text(i, style)).strip() for i in items if str(i).strip()]


def numbered_items(items: list[str], style: str) -> list[str]:
    """List items as escaped lines: numbered "๑. ...", "๒. ..." when there are several, except
    an item the officer numbered himself, which shows as written; a single item shows without a
    number."""
    items = clean_items(items, style)
    if len(items) == 1:
        return [escape_inline(items[0])]
    return [escape_inline(item) if OWN_NUMBER.match(item)
            else f"{_number(n, style)}. {escape_inline(item)}"
            for n, item in enumerate(items, 1)]


def numbered_cell(items: list[str], style: str) -> str:
    """List items in one table cell, each on its own line (:data:`ITEM_BREAK`), numbered as
    :func:`numbered_items` says."""
    return ITEM_BREAK.join(numbered_items(items, style))


def plain_cell(items: list[str], style: str) -> str:
    """List items in one table cell, each on its own line, without numbers (responsible
    units, as the report prints them)."""
    return ITEM_BREAK.join(escape_inline(item) for item in clean_items(items, style))


def item_breaks(md) -> None:
    """markdown-it plugin: the exact :data:`ITEM_BREAK` the renderer writes between the items
    of a cell becomes a ``hardbreak`` token (``info == "item"``), with raw HTML left off. Only
    the renderer can put a literal ``<br>`` in the Markdown: record text always has ``<``
    written as ``&lt;`` (an entity, which markdown-it reads as text), so a record's own
    "<br>" stays text."""

    def rule(state, silent: bool) -> bool:
        if not state.src.startswith(ITEM_BREAK, state.pos):
            return False
        if not silent:
            token = state.push("hardbreak", "br", 0)
            token.markup, token.info = ITEM_BREAK, "item"
        state.pos += len(ITEM_BREAK)
        return True

    md.inline.ruler.before("html_inline", "itatui_item_break", rule)


def preview_parser():
    """CommonMark with GFM tables, raw HTML off, and the cells' item breaks: what the editor's
    preview (Textual's Markdown widget) should parse the report with."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").use(item_breaks)


# --- the memo ------------------------------------------------------------------------------

def _signer_lines(signer: Signer, style: str) -> list[str]:
    lines = []
    if signer.name.strip():
        lines.append(f"({one_line(signer.name, style)})")
    if signer.position.strip():
        lines.append(one_line(signer.position, style))
    if signer.acting_for.strip():
        lines.append(ACTING_PREFIX + one_line(signer.acting_for, style))
    return lines


def memo_blocks(report: Report, style: str = "thai") -> list[Block]:
    memo = report.memo
    blocks = [Block("memo", "memo-title", f"# {MEMO_HEADING}")]
    fields = tuple((key, label, one_line(getattr(memo, key), style))
                   for key, label in MEMO_LABELS)
    header = [f"**{label}** {value}".rstrip() for _, label, value in fields]
    blocks.append(Block("memo", "memo-header", _lines(*header), fields))
    to = one_line(memo.to, style)
    blocks.append(Block("memo", "memo-to", f"**{TO_LABEL}** {to}".rstrip(),
                        (("to", TO_LABEL, to),)))
    for heading, text in ((SECTION_BACKGROUND, memo.background), (SECTION_FACTS, memo.facts)):
        paras = paragraphs(text, style)
        if paras:
            blocks.append(Block("memo", "memo-section", "\n\n".join([f"## {heading}", *paras])))
    considerations = [c for c in memo.considerations if str(c).strip()]
    if considerations:
        paras = [f"## {SECTION_CONSIDERATIONS}"]
        for n, text in enumerate(considerations, 1):
            first, *rest = paragraphs(text, style)
            prefix = _item_prefix(n, style) if len(considerations) > 1 else ""
            paras.append(prefix + first)
            paras.extend(rest)
        blocks.append(Block("memo", "memo-section", "\n\n".join(paras)))
    closing = paragraphs(memo.closing, style)
    if closing:
        blocks.append(Block("memo", "memo-closing", "\n\n".join(closing)))
    drafter = memo.drafter
    signature = one_line(drafter.signature, style) or DOTS[:40]
    blocks.append(Block("memo", "signature", _lines(signature, *_signer_lines(drafter, style))))
    for approval in memo.approvals:
        blocks.extend(approval_blocks(approval, style))
    return blocks


def approval_blocks(signer: Signer, style: str = "thai") -> list[Block]:
    """One step of the approval chain: the heading "ความเห็น<role>", the comment (recorded
    with the approval, else written in the records) or, while the step has neither comment nor
    approval, two dotted lines for a handwritten one; then name, position, acting-for and, once
    the step has approved, "วันที่ <day> <month> พ.ศ. <year>" in the theme's digits."""
    heading = f"**{COMMENT_PREFIX}{one_line(signer.role, style)}**"
    comment = paragraphs(signer.comment, style)
    blocks = [Block("memo", "approval-heading", heading)]
    if comment:
        blocks.append(Block("memo", "approval-comment", "\n\n".join(comment)))
    elif signer.approved_on is None:
        blocks.append(Block("memo", "approval-comment dots", "\n\n".join([DOTS, DOTS])))
    lines = _signer_lines(signer, style)
    if signer.approved_on is not None:
        lines.append(f"{DATE_PREFIX} {format_be_date(signer.approved_on, style)}")
    blocks.append(Block("memo", "approval-signature approved" if signer.approved_on else
                        "approval-signature", _lines(*lines) or DOTS[:40]))
    return blocks


# --- the report proper ---------------------------------------------------------------------

def columns_of(report: Report) -> list[str]:
    cols = [str(c) for c in report.columns[:6]]
    return cols + list(REPORT_COLUMNS[len(cols):])


def table_row(cells: list[str]) -> str:
    """One row of a GFM table (cells already escaped)."""
    return "| " + " | ".join(cells) + " |"


def measure_row(m: Measure, style: str = "thai", catalogue: Catalogue | None = None) -> str:
    cells = [
        one_line(m.name, style),
        plain_cell(m.units, style),
        numbered_cell(m.activities, style),
        one_line(m.period, style),
        numbered_cell(m.results, style),
        outcome_cell(m, style, catalogue),
    ]
    return table_row(cells)


def outcome_cell(m: Measure, style: str = "thai", catalogue: Catalogue | None = None) -> str:
    """The outcome; when the measure sets a target, a first line "เป้าหมาย: ตัวชี้วัดที่ ๘ ...
    ไม่น้อยกว่า ๘๕ คะแนน" (:func:`itatui.render.targets.target_line`) before it."""
    outcome = one_line(m.outcome, style)
    target = target_line(m, catalogue or Catalogue(), style)
    if not target:
        return outcome
    return ITEM_BREAK.join(x for x in (escape_inline(target), outcome) if x)


def issue_heading(issue: Issue, style: str = "thai") -> str:
    title = one_line(issue.title, style)
    return f"{ISSUE_PREFIX} {_number(issue.number, style)} {title}".rstrip()


def issue_block(report: Report, issue: Issue, style: str = "thai") -> Block:
    parts = [f"## {issue_heading(issue, style)}"]
    if issue.measures:
        header = [one_line(c, style) for c in columns_of(report)]
        table = [table_row(header), table_row(["---"] * len(header))]
        table += [measure_row(m, style, report.catalogue) for m in issue.measures]
        parts.append("\n".join(table))
    return Block("report", "issue", "\n\n".join(parts))


def scores_block(report: Report, style: str = "thai") -> Block | None:
    years = sorted(set(report.scores) | set(report.totals))
    if not years:
        return None
    numbers = sorted({n for table in report.scores.values() for n in table})
    cat = report.catalogue
    header = [SCORES_NUMBER, SCORES_NAME] + [f"{SCORES_YEAR} {_number(y, style)}" for y in years]
    rows = [table_row(header), table_row(["---:", "---"] + ["---:"] * len(years))]
    for n in numbers:
        ind = cat.indicator(n)
        cells = [_number(n, style), one_line(ind.name if ind else "", style)]
        for y in years:
            value = report.scores.get(y, {}).get(n)
            cells.append(_score(value, style) if value is not None else NO_SCORE)
        rows.append(table_row(cells))
    if report.totals:
        rows.append(table_row(["", f"**{SCORES_TOTAL}**"] + [
            f"**{_score(report.totals[y], style)}**" if y in report.totals else NO_SCORE
            for y in years]))
        if cat.grades:
            rows.append(table_row(["", f"**{SCORES_GRADE}**"] + [
                f"**{escape_inline(cat.grade(report.totals[y]))}**" if y in report.totals
                else NO_SCORE for y in years]))
    return Block("report", "scores", "\n\n".join([f"## {SCORES_HEADING}", "\n".join(rows)]))


def report_blocks(report: Report, style: str = "thai") -> list[Block]:
    blocks = []
    title = one_line(report.title, style)
    if title:
        blocks.append(Block("report", "report-title", f"# {title}"))
    objective = paragraphs(report.objective, style)
    if objective:
        blocks.append(Block("report", "objective", "\n\n".join(objective)))
    blocks += [issue_block(report, issue, style) for issue in report.issues]
    scores = scores_block(report, style)
    if scores is not None:
        blocks.append(scores)
    return blocks


def blocks(report: Report, digits: str = "thai", document: str = "report") -> list[Block]:
    """The document as Markdown blocks, memo first: the report, or with ``document="plan"``
    the plan (:func:`itatui.render.plan.plan_blocks`; :class:`ItatuiError` when the records
    have no plan)."""
    if digits not in ("thai", "arabic"):
        raise ValueError(f"digits must be 'thai' or 'arabic', not {digits!r}")
    check_document(document)
    if document == "plan":
        from itatui.render.plan import plan_blocks

        return plan_blocks(report, digits)
    return memo_blocks(report, digits) + report_blocks(report, digits)


def check_document(document: str) -> str:
    if document not in DOCUMENTS:
        raise ValueError(f"document must be one of {DOCUMENTS}, not {document!r}")
    return document


def render_markdown(report: Report, digits: str = "thai", document: str = "report") -> str:
    """The whole report (or the plan: ``document="plan"``) as GitHub-flavoured Markdown, memo
    first."""
    return "\n\n".join(b.markdown for b in blocks(report, digits, document)) + "\n"
