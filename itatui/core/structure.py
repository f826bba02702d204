"""Changes to the report's structure, each as ONE commit: add, remove and reorder issues and
measures (file renames, so that git's rename detection lets a record's history follow it), and
add, remove and reorder the approvals of the signers record.

Issue and measure numbers come from the file names (``records/issues/NN.toml``,
``records/measures/NN-MM.toml``). Inserting, removing or moving one renumbers the others: the
files are renamed (through temporary names, so a swap never overwrites a file), a first-line
comment naming the old number (``# ประเด็นที่ ๒``, ``# มาตรการที่ ๑ ของประเด็นที่ ๒``) is
updated, and every touched path goes into one commit whose message lists the renames.

A file with changes not yet committed is never moved or removed: the operation is refused so
that nobody's uncommitted work is swept into a structural commit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from itatui.core import schema, tomlio
from itatui.core.errors import RecordError
from itatui.core.locking import repository_lock
from itatui.core.message import TRAILER_RENAMED, Change, edit_message
from itatui.core.thai import to_thai_digits
from itatui.core.workspace import Workspace

ISSUE_COMMENT = re.compile(r"^#\s*ประเด็นที่\s*[0-9๐-๙]+\s*$")
MEASURE_COMMENT = re.compile(r"^#\s*มาตรการที่\s*[0-9๐-๙]+\s*ของประเด็นที่\s*[0-9๐-๙]+\s*$")

#: The text of a new measure: every field of the schema, empty.
NEW_MEASURE_KEYS = ("name", "units", "activities", "period", "results", "outcome", "indicators")


@dataclass
class StructureResult:
    sha: str
    message: str
    renames: list[tuple[str, str]] = field(default_factory=list)   # (old path, new path)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    focus: str | None = None          # the record the officer acted on, at its new path

    def new_path(self, old: str) -> str | None:
        """Where ``old`` is after the change (None when it was removed)."""
        if old in self.removed:
            return None
        return dict(self.renames).get(old, old)


# -- numbering -----------------------------------------------------------------------------
def issue_numbers(ws: Workspace) -> list[int]:
    return sorted({schema.numbers_of(p)[0] for p in ws.store.paths()
                   if (k := schema.kind_of(p)) is not None and k.name == "issue"})


def measure_numbers(ws: Workspace, issue: int) -> list[int]:
    return sorted(schema.numbers_of(p)[1] for p in ws.store.paths()
                  if (k := schema.kind_of(p)) is not None and k.name == "measure"
                  and schema.numbers_of(p)[0] == issue)


def _issue_files(ws: Workspace, issue: int) -> list[str]:
    """The issue's own file (when present) and its measures' files."""
    out = []
    if ws.store.abspath(schema.issue_path(issue)).exists():
        out.append(schema.issue_path(issue))
    out += [schema.measure_path(issue, m) for m in measure_numbers(ws, issue)]
    return out


def renumber_comment(text: str, new_path: str) -> str:
    """Update a first-line comment that names the record's number."""
    first, nl, rest = text.partition("\n")
    nums = schema.numbers_of(new_path)
    if len(nums) == 1 and ISSUE_COMMENT.match(first):
        first = f"# ประเด็นที่ {to_thai_digits(nums[0])}"
    elif len(nums) == 2 and MEASURE_COMMENT.match(first):
        first = (f"# มาตรการที่ {to_thai_digits(nums[1])} "
                 f"ของประเด็นที่ {to_thai_digits(nums[0])}")
    return first + nl + rest


def _new_issue_text(number: int, title: str) -> str:
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"ประเด็นที่ {to_thai_digits(number)}"))
    doc["title"] = tomlio.value_item(title)
    return tomlio.dumps(doc)


def _new_measure_text(issue: int, number: int, values: dict[str, Any] | None = None) -> str:
    values = values or {}
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"มาตรการที่ {to_thai_digits(number)} "
                            f"ของประเด็นที่ {to_thai_digits(issue)}"))
    kind = schema.KIND_BY_NAME["measure"]
    for spec in kind.fields:
        default: Any = [] if spec.kind in (schema.LIST, schema.INT_LIST) else ""
        doc[spec.key] = tomlio.value_item(values.get(spec.key, default))
    return tomlio.dumps(doc)


# -- applying one structural change --------------------------------------------------------
class _Plan:
    """Files to rename, create and delete, committed together."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.renames: list[tuple[str, str]] = []
        self.creates: dict[str, str] = {}
        self.deletes: list[str] = []

    def rename(self, old: str, new: str) -> None:
        if old != new:
            self.renames.append((old, new))

    def touched(self) -> list[str]:
        paths: list[str] = []
        for old, new in self.renames:
            paths += [old, new]
        paths += list(self.creates) + self.deletes
        return list(dict.fromkeys(paths))

    def _refuse_uncommitted(self) -> None:
        existing = [old for old, _ in self.renames] + self.deletes
        if not existing:
            return
        dirty = set(self.ws.history.uncommitted())
        bad = [p for p in existing if p in dirty]
        if bad:
            names = ", ".join(f"{schema.title_of(p)} ({p})" for p in bad[:3])
            raise RecordError(f"มีการแก้ไขที่ยังไม่ได้บันทึกเป็นคอมมิตใน {names} "
                              "บันทึกหรือยกเลิกการแก้ไขก่อน แล้วจึงเพิ่ม ลบ หรือย้าย")

    def apply(self, summary: str, verb: str, action: str, focus: str | None) -> StructureResult:
        ws = self.ws
        officer = ws.officer()          # refuse before touching any file
        root = ws.root
        with repository_lock(root):
            ws.history.ensure_on_branch()
            self._refuse_uncommitted()
            targets = {new for _, new in self.renames} | set(self.creates)
            moving = {old for old, _ in self.renames} | set(self.deletes)
            for new in targets:
                if new not in moving and (root / new).exists():
                    raise RecordError("มีไฟล์นี้อยู่แล้ว จึงไม่เขียนทับ", path=new)
            for path in self.deletes:        # first: a later rename may take its name
                try:
                    (root / path).unlink()
                except FileNotFoundError:
                    pass
            # phase 1: every renamed file to a temporary name beside it (a swap is safe)
            temps: list[tuple[Path, str, str]] = []
            try:
                for old, new in self.renames:
                    src = root / old
                    tmp = src.with_name(f".{src.name}.renumber.tmp")
                    os.replace(src, tmp)
                    temps.append((tmp, old, new))
                # phase 2: temporary names to the new names, with the number comment updated
                for tmp, old, new in temps:
                    text = tmp.read_text(encoding="utf-8")
                    fixed = renumber_comment(text, new)
                    dest = root / new
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    if fixed != text:
                        tomlio.write_atomic(dest, fixed)
                        tmp.unlink()
                    else:
                        os.replace(tmp, dest)
                temps = []
            except OSError as exc:
                for tmp, old, _new in temps:       # put back what was moved aside
                    if tmp.exists():
                        os.replace(tmp, root / old)
                raise RecordError(f"เปลี่ยนชื่อไฟล์ไม่ได้ ({exc.strerror or exc})") from None
            for path, text in self.creates.items():
                tomlio.write_atomic(root / path, text)
            changes = [Change(p) for p in self.touched()]
            message = edit_message(changes, verb=verb, action=action)
            head, _, rest = message.partition("\n\n")
            body = []
            if self.renames:
                body.append("เปลี่ยนเลข (เปลี่ยนชื่อไฟล์):")
                body += [f"- {schema.title_of(o)} → {schema.title_of(n)} ({o} → {n})"
                         for o, n in self.renames]
            if self.creates:
                body.append("เพิ่มไฟล์:")
                body += [f"- {schema.title_of(p)} ({p})" for p in self.creates]
            if self.deletes:
                body.append("ลบไฟล์:")
                body += [f"- {schema.title_of(p)} ({p})" for p in self.deletes]
            rest = rest.rstrip("\n") + "".join(f"\n{TRAILER_RENAMED}: {o} -> {n}"
                                               for o, n in self.renames) + "\n"
            message = summary + "\n\n" + "\n".join(body) + "\n\n" + rest
            sha = ws.history.commit(self.touched(), message, officer)
        return StructureResult(sha, message, list(self.renames), list(self.creates),
                               list(self.deletes), focus)


def _shift_issues(plan: _Plan, ws: Workspace, mapping: dict[int, int]) -> None:
    """Rename issues (and their measures) by ``mapping`` old number -> new number."""
    for old, new in mapping.items():
        if old == new:
            continue
        if ws.store.abspath(schema.issue_path(old)).exists():
            plan.rename(schema.issue_path(old), schema.issue_path(new))
        for m in measure_numbers(ws, old):
            plan.rename(schema.measure_path(old, m), schema.measure_path(new, m))


def _check_position(position: int, count: int, what: str) -> None:
    if not 1 <= position <= count:
        raise RecordError(f"ลำดับ{what}ต้องอยู่ระหว่าง ๑ ถึง {to_thai_digits(count)}")


# -- issues ----------------------------------------------------------------------------------
def add_issue(ws: Workspace, title: str = "", position: int | None = None) -> StructureResult:
    """A new issue at ``position`` (1-based; default: after the last one). The issues from that
    number on move down by one, with their measures."""
    numbers = issue_numbers(ws)
    count = len(numbers)
    position = count + 1 if position is None else position
    _check_position(position, count + 1, "ประเด็น")
    plan = _Plan(ws)
    order = numbers[:]                      # numbers as they are, in order
    mapping = {n: (i + 1 if i + 1 < position else i + 2) for i, n in enumerate(order)}
    _shift_issues(plan, ws, mapping)
    new = schema.issue_path(position)
    plan.creates[new] = _new_issue_text(position, title)
    summary = f"เพิ่ม ประเด็นที่ {to_thai_digits(position)}"
    if title.strip():
        summary += f": {' '.join(title.split())[:60]}"
    return plan.apply(summary, "เพิ่ม", "add", new)


def remove_issue(ws: Workspace, issue: int) -> StructureResult:
    """Remove an issue and its measures; the later issues move up by one."""
    numbers = issue_numbers(ws)
    if issue not in numbers and not measure_numbers(ws, issue):
        raise RecordError(f"ไม่มีประเด็นที่ {to_thai_digits(issue)}", path=schema.issue_path(issue))
    plan = _Plan(ws)
    plan.deletes += _issue_files(ws, issue)
    rest = [n for n in numbers if n != issue]
    _shift_issues(plan, ws, {n: i + 1 for i, n in enumerate(rest)})
    summary = f"ลบ ประเด็นที่ {to_thai_digits(issue)}"
    measures = len(plan.deletes) - (1 if issue in numbers else 0)
    if measures:
        summary += f" และมาตรการ {to_thai_digits(measures)} มาตรการ"
    return plan.apply(summary, "ลบ", "remove", None)


def move_issue(ws: Workspace, issue: int, to: int) -> StructureResult:
    """Move issue ``issue`` to position ``to`` (1-based); the others keep their order."""
    numbers = issue_numbers(ws)
    if issue not in numbers:
        raise RecordError(f"ไม่มีประเด็นที่ {to_thai_digits(issue)}", path=schema.issue_path(issue))
    _check_position(to, len(numbers), "ประเด็น")
    order = [n for n in numbers if n != issue]
    order.insert(to - 1, issue)
    mapping = {n: i + 1 for i, n in enumerate(order)}
    if all(k == v for k, v in mapping.items()):
        raise RecordError("ประเด็นอยู่ที่ลำดับนี้อยู่แล้ว")
    plan = _Plan(ws)
    _shift_issues(plan, ws, mapping)
    summary = (f"ย้าย ประเด็นที่ {to_thai_digits(issue)} "
               f"ไปเป็นประเด็นที่ {to_thai_digits(mapping[issue])}")
    return plan.apply(summary, "ย้าย", "move", schema.issue_path(mapping[issue]))


# -- measures --------------------------------------------------------------------------------
def add_measure(ws: Workspace, issue: int, position: int | None = None,
                values: dict[str, Any] | None = None) -> StructureResult:
    """A new, empty measure of ``issue`` at ``position`` (default: the last)."""
    if issue not in issue_numbers(ws):
        raise RecordError(f"ไม่มีประเด็นที่ {to_thai_digits(issue)}", path=schema.issue_path(issue))
    numbers = measure_numbers(ws, issue)
    position = len(numbers) + 1 if position is None else position
    _check_position(position, len(numbers) + 1, "มาตรการ")
    plan = _Plan(ws)
    for i, m in enumerate(numbers):
        new = i + 1 if i + 1 < position else i + 2
        plan.rename(schema.measure_path(issue, m), schema.measure_path(issue, new))
    path = schema.measure_path(issue, position)
    plan.creates[path] = _new_measure_text(issue, position, values)
    summary = f"เพิ่ม {schema.title_of(path)}"
    return plan.apply(summary, "เพิ่ม", "add", path)


def remove_measure(ws: Workspace, issue: int, measure: int) -> StructureResult:
    numbers = measure_numbers(ws, issue)
    path = schema.measure_path(issue, measure)
    if measure not in numbers:
        raise RecordError("ไม่มีมาตรการนี้", path=path)
    plan = _Plan(ws)
    plan.deletes.append(path)
    rest = [m for m in numbers if m != measure]
    for i, m in enumerate(rest):
        plan.rename(schema.measure_path(issue, m), schema.measure_path(issue, i + 1))
    return plan.apply(f"ลบ {schema.title_of(path)}", "ลบ", "remove", None)


def move_measure(ws: Workspace, issue: int, measure: int, to: int) -> StructureResult:
    """Move a measure to position ``to`` within its issue."""
    numbers = measure_numbers(ws, issue)
    if measure not in numbers:
        raise RecordError("ไม่มีมาตรการนี้", path=schema.measure_path(issue, measure))
    _check_position(to, len(numbers), "มาตรการ")
    order = [m for m in numbers if m != measure]
    order.insert(to - 1, measure)
    mapping = {m: i + 1 for i, m in enumerate(order)}
    if all(k == v for k, v in mapping.items()):
        raise RecordError("มาตรการอยู่ที่ลำดับนี้อยู่แล้ว")
    plan = _Plan(ws)
    for old, new in mapping.items():
        plan.rename(schema.measure_path(issue, old), schema.measure_path(issue, new))
    path = schema.measure_path(issue, measure)
    summary = (f"ย้าย {schema.title_of(path)} "
               f"ไปเป็นมาตรการที่ {to_thai_digits(mapping[measure])}")
    return plan.apply(summary, "ย้าย", "move", schema.measure_path(issue, mapping[measure]))


# -- approvals (signers.toml) ----------------------------------------------------------------
SIGNERS = "records/signers.toml"


def _signers(ws: Workspace):
    rec = ws.load(SIGNERS)
    if rec.error is not None:
        raise rec.error
    approvals = rec.doc.get("approvals")
    if approvals is None:
        approvals = tomlkit.aot()
        rec.doc["approvals"] = approvals
    return rec, approvals


def _save_signers(ws: Workspace, rec, summary: str, verb: str, action: str) -> StructureResult:
    officer = ws.officer()
    with repository_lock(ws.root):
        ws.history.ensure_on_branch()
        ws.check_unchanged_on_disk(rec)
        ws.store.write(rec)
        message = edit_message([Change(SIGNERS, ("approvals",))], verb=verb, action=action)
        message = summary + message[message.index("\n\n"):]
        sha = ws.history.commit([SIGNERS], message, officer)
    return StructureResult(sha, message, focus=SIGNERS)


def add_approval(ws: Workspace, values: dict[str, str] | None = None,
                 position: int | None = None) -> StructureResult:
    """A new approval (comment block) at ``position`` (1-based; default: the last)."""
    rec, approvals = _signers(ws)
    count = len(approvals)
    position = count + 1 if position is None else position
    _check_position(position, count + 1, "ผู้ให้ความเห็น")
    table = tomlkit.table()
    for spec in schema.SIGNER_FIELDS:
        table[spec.key] = tomlio.value_item((values or {}).get(spec.key, ""))
    approvals.insert(position - 1, table)
    return _save_signers(ws, rec, f"เพิ่ม ผู้ให้ความเห็น คนที่ {to_thai_digits(position)}",
                         "เพิ่ม", "add")


def remove_approval(ws: Workspace, index: int) -> StructureResult:
    """Remove approval ``index`` (0-based, as in ``approvals.0.name``)."""
    rec, approvals = _signers(ws)
    if not 0 <= index < len(approvals):
        raise RecordError("ไม่มีผู้ให้ความเห็นคนนี้", path=SIGNERS, field=f"approvals.{index}")
    name = str(approvals[index].get("name", "") or "")
    approvals.pop(index)
    summary = f"ลบ ผู้ให้ความเห็น คนที่ {to_thai_digits(index + 1)}"
    if name.strip():
        summary += f" ({name.strip()})"
    return _save_signers(ws, rec, summary, "ลบ", "remove")


def move_approval(ws: Workspace, index: int, to: int) -> StructureResult:
    """Move approval ``index`` (0-based) to index ``to`` (0-based)."""
    rec, approvals = _signers(ws)
    count = len(approvals)
    if not 0 <= index < count or not 0 <= to < count:
        raise RecordError("ลำดับผู้ให้ความเห็นไม่ถูกต้อง", path=SIGNERS, field="approvals")
    if index == to:
        raise RecordError("ผู้ให้ความเห็นอยู่ที่ลำดับนี้อยู่แล้ว", path=SIGNERS)
    tables = [approvals[i] for i in range(count)]
    moved = tables.pop(index)
    tables.insert(to, moved)
    plain = [tomlio.plain(t) for t in tables]
    while len(approvals):
        approvals.pop(0)
    for data in plain:
        table = tomlkit.table()
        for key, value in data.items():
            table[key] = tomlio.value_item(value)
        approvals.append(table)
    summary = (f"ย้าย ผู้ให้ความเห็น คนที่ {to_thai_digits(index + 1)} "
               f"ไปเป็นคนที่ {to_thai_digits(to + 1)}")
    return _save_signers(ws, rec, summary, "ย้าย", "move")


def affected_paths(ws: Workspace, op: str, **kw: Any) -> list[str]:
    """The records an operation would rename or delete (for the app to check unsaved edits)."""
    paths = ws.store.paths()
    if op in ("add_issue", "remove_issue", "move_issue"):
        return [p for p in paths if (k := schema.kind_of(p)) and k.name in ("issue", "measure")]
    if op in ("add_measure", "remove_measure", "move_measure"):
        issue = kw["issue"]
        return [p for p in paths if (k := schema.kind_of(p)) and k.name == "measure"
                and schema.numbers_of(p)[0] == issue]
    if op in ("add_approval", "remove_approval", "move_approval"):
        return [SIGNERS]
    return []

