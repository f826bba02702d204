"""A new fiscal year from the last one (``itatui new-year``), and the fiscal years of a history
(``itatui years``, ``render --year``).

The records keep one set of paths (``records/...``): fiscal year N+1 starts with ONE commit on
the same branch whose trailers are ``Itatui-Action: new-year`` and ``Fiscal-Year: N+1``. The
years are read from the history itself: year N's final state is the (first) parent of the
new-year commit that starts N+1; the first year is the fiscal year of the records of the first
commit. Nothing moves, so sync, the merge driver, renumbering, log, blame, ``render --at`` and
``verify`` of year N's releases keep working unchanged.

What the new year carries over (:func:`next_year_values`): issues and measures with their names,
units, activities and indicators; results and outcomes emptied; each period's years moved one
year on (an empty period gets ``ตุลาคม N - กันยายน N+1``); in the report and the memo, the
report's own years (the fiscal year and the ITA round, where the text says ปี/ปีงบประมาณ or a
month before them) moved one year on, never another year (a law's ``พ.ศ. ๒๕๖๑ - ๒๕๘๐``); the memo's
date one year on; ``fiscal_year`` and ``ita_year`` +1. ``scores.toml`` is left as it is: it keeps
every earlier year, and the new year's table is added when its scores are entered.

The plan's records (``records/plan/``) are carried like the report's: the years of its title,
objective and memo moved, its memo's date one year on, its analysis paragraph (about last year's
result) emptied; a measure's target indicator, target score and budget are kept. When the
records have no plan yet, the same commit creates it for the new year
(:mod:`itatui.core.plan_records`): its memo takes the report memo's department, number,
addressee and background, its approval chain is a copy of ``signers.toml``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from itatui.core import schema, tomlio
from itatui.core.drafts import DraftStore
from itatui.core.errors import ItatuiError
from itatui.core.history import History
from itatui.core.locking import repository_lock
from itatui.core.message import TRAILER_RECORD, TRAILER_TOOL, Change
from itatui.core.records import Record
from itatui.core.thai import MONTHS, MONTHS_SHORT, THAI_DIGITS, to_arabic_digits, to_thai_digits

ACTION_NEW_YEAR = "new-year"
TRAILER_FISCAL_YEAR = "Fiscal-Year"

_DIGIT = f"[0-9{THAI_DIGITS}]"
_MONTHS = "|".join(sorted([re.escape(m) for m in MONTHS + MONTHS_SHORT] +
                          [re.escape(m.replace(".", "")) for m in MONTHS_SHORT],
                          key=len, reverse=True))
#: a BE year the text gives as the report's: after ปี / ปีงบประมาณ / ประจำปี or a month name,
#: with or without พ.ศ. (group 1: what comes before the year, group 2: the year)
REPORT_YEAR = re.compile(rf"((?:ปี(?:งบประมาณ)?|{_MONTHS})\s*(?:พ\.\s?ศ\.)?\s*)"
                         rf"({_DIGIT}{{4}})(?!{_DIGIT})")
#: any BE year (four digits 24xx-28xx), and a two-digit year after a month (ต.ค. ๖๗)
ANY_YEAR = re.compile(rf"(?<!{_DIGIT})({_DIGIT}{{4}})(?!{_DIGIT})")
SHORT_YEAR = re.compile(rf"((?:{_MONTHS})\s*(?:พ\.\s?ศ\.)?\s*)({_DIGIT}{{2}})(?!{_DIGIT})")

#: the texts of the report, the plan and their memos whose report years move with the year
_MEMO_TEXTS = ("subject", "background", "facts", "considerations", "closing")
REPORT_TEXTS = (("report", ("title", "objective")), ("memo", _MEMO_TEXTS),
                ("plan", ("title", "objective")), ("plan_memo", _MEMO_TEXTS))


def _same_style(written: str, year: int) -> str:
    """``year`` in the digits ``written`` uses (Thai or Arabic)."""
    return to_thai_digits(str(year)) if any(c in THAI_DIGITS for c in written) else str(year)


def _value(text: str) -> int:
    return int(to_arabic_digits(text))


def _naming(years) -> re.Pattern | None:
    """Any of ``years`` written in four digits, Thai, Arabic or mixed (``๒๕๖8``): a text
    without one has nothing :func:`shift_report_years` would replace (None: a year that is
    not four digits, no such shortcut)."""
    key = tuple(years)
    if key not in _NAMING:
        four = all(isinstance(y, int) and 1000 <= y <= 9999 for y in key)
        _NAMING[key] = None if not four else re.compile("|".join(
            "".join(f"[{d}{THAI_DIGITS[int(d)]}]" for d in str(y)) for y in key))
    return _NAMING[key]


_NAMING: dict[tuple[int, ...], re.Pattern | None] = {}


def shift_report_years(text: str, years: dict[int, int]) -> str:
    """``text`` with each year of ``years`` (old -> new) that it names as the report's year
    (:data:`REPORT_YEAR`) replaced; every other year (a law's, a range's) as written."""
    naming = _naming(years)
    if naming is not None and not naming.search(text):   # most texts name no such year
        return text

    def repl(m: re.Match) -> str:
        old = _value(m.group(2))
        if old not in years:
            return m.group(0)
        return m.group(1) + _same_style(m.group(2), years[old])
    return REPORT_YEAR.sub(repl, text)


def shift_all_years(text: str, by: int = 1) -> str:
    """``text`` (a period, a date) with every BE year in it moved ``by`` years."""
    return _shift_all(text, by)


@functools.lru_cache(maxsize=256)
def _shift_all(text: str, by: int) -> str:
    """:func:`shift_all_years`, remembered: most measures of a report share their period."""
    def repl(m: re.Match) -> str:
        old = _value(m.group(1))
        if not 2400 <= old <= 2800:
            return m.group(0)
        return _same_style(m.group(1), old + by)

    def short(m: re.Match) -> str:
        new = (_value(m.group(2)) + by) % 100
        digits = f"{new:02d}"
        return m.group(1) + (to_thai_digits(digits) if m.group(2)[0] in THAI_DIGITS else digits)
    return SHORT_YEAR.sub(short, ANY_YEAR.sub(repl, text))


def default_period(fiscal_year: int) -> str:
    """The whole fiscal year as the sample report writes a period: ``ตุลาคม ๒๕๖๘ - กันยายน ๒๕๖๙``."""
    return f"ตุลาคม {to_thai_digits(fiscal_year - 1)} - กันยายน {to_thai_digits(fiscal_year)}"


def next_year_values(kind: str, data: dict, fiscal_year: int, ita_year: int) -> dict[str, Any]:
    """The values (top-level key -> value) that start fiscal year ``fiscal_year + 1`` in a
    record of ``kind`` holding ``data``, only those that change."""
    new_fy = fiscal_year + 1
    years = {fiscal_year: new_fy}
    if ita_year:
        years[ita_year] = ita_year + 1
    out: dict[str, Any] = {}

    def text(key: str, value: Any, shift) -> None:
        if isinstance(value, str):
            new = shift(value)
        elif isinstance(value, list):
            new = [shift(v) if isinstance(v, str) else v for v in value]
        else:
            return
        if new != value:
            out[key] = new

    if kind == "report":
        out["fiscal_year"] = new_fy
        if ita_year:
            out["ita_year"] = ita_year + 1
    for rkind, keys in REPORT_TEXTS:
        if kind == rkind:
            for key in keys:
                text(key, data.get(key), lambda t: shift_report_years(t, years))
    if kind in ("memo", "plan_memo"):
        text("date", data.get("date"), shift_all_years)
    if kind == "plan" and data.get("analysis") not in ("", None):
        out["analysis"] = ""          # the officer's paragraph on last year's result: new scores
    if kind == "issue":
        text("title", data.get("title"), lambda t: shift_report_years(t, {fiscal_year: new_fy}))
    if kind == "measure":
        for key in ("name", "activities"):
            text(key, data.get(key), lambda t: shift_report_years(t, {fiscal_year: new_fy}))
        period = data.get("period")
        if isinstance(period, str) and period.strip():
            text("period", period, shift_all_years)
        else:
            out["period"] = default_period(new_fy)
        if data.get("results") not in ([], None):
            out["results"] = []
        if data.get("outcome") not in ("", None):
            out["outcome"] = ""
    return out


@dataclass
class NewYear:
    """What ``new-year`` did (or, with ``dry_run``, would do)."""

    from_year: int
    to_year: int
    changes: list[Change] = field(default_factory=list)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)   # path -> key -> new value
    #: the plan's records created (``records/plan/``, when the records had none): their
    #: ``values`` are every top-level value written
    created: list[str] = field(default_factory=list)
    sha: str = ""
    message: str = ""


def new_year_commits(hist: History, rev: str = "HEAD") -> list[tuple[str, int, str]]:
    """(commit, fiscal year it starts, first parent) of every new-year commit, oldest first."""
    if not hist.head():
        return []
    out = []
    for sha, fy, parents in hist.commits_with_action(
            ACTION_NEW_YEAR, ["%H", f"trailer:{TRAILER_FISCAL_YEAR}", "%P"], rev):
        try:
            year = int(fy.split("\x1d")[0].strip())
        except ValueError:
            continue
        out.append((sha.strip(), year, (parents.split() or [""])[0]))
    return out[::-1]


def message(from_year: int, to_year: int, changes: list[Change],
            created: list[str] = ()) -> str:
    """The new-year commit's message: Thai summary, the records and fields changed (the plan's
    records ``created``: named as created), trailers."""
    th = to_thai_digits
    body = [f"ยกมาตรการและประเด็นจากปีงบประมาณ พ.ศ. {th(from_year)} ล้างผลการดำเนินการและผลลัพธ์ "
            f"เลื่อนช่วงเวลา วันที่ และปีในบันทึกข้อความไปปีงบประมาณ พ.ศ. {th(to_year)}"
            + (" และสร้างระเบียนของแผน (records/plan/)" if created else ""), ""]
    for ch in changes:
        if ch.path in created:
            body.append(f"{schema.title_of(ch.path)} ({ch.path}): สร้างใหม่")
            continue
        kind = schema.kind_of(ch.path)          # once a record, not once a field
        body.append(f"{schema.title_of(ch.path)} ({ch.path}): "
                    + ", ".join(schema.field_label(kind, f) for f in ch.fields))
    trailers = [f"{TRAILER_TOOL}: {ACTION_NEW_YEAR}", f"{TRAILER_FISCAL_YEAR}: {to_year}"]
    trailers += [f"{TRAILER_RECORD}: {ch.path}" for ch in changes]
    return (f"เริ่มปีงบประมาณ พ.ศ. {th(to_year)} จากปีงบประมาณ พ.ศ. {th(from_year)}\n\n"
            + "\n".join(body) + "\n\n" + "\n".join(trailers) + "\n")


def start_new_year(workspace, dry_run: bool = False) -> NewYear:
    """Start fiscal year N+1 from the records of year N in one commit in the officer's name.

    Refused (Thai :class:`ItatuiError`, nothing written): a record that cannot be read,
    record files that differ from the last commit, unsaved edits in the editor's draft
    journal, or a new-year commit for N+1 already in the history. Every file written is read
    back (tomli; of a measure or issue read in pieces, the piece edited: :func:`_edit_pieces`)
    and must hold exactly the values intended; if writing or committing fails, the files
    already written go back to the last commit's."""
    hist: History = workspace.history
    officer = None if dry_run else workspace.officer()
    with repository_lock(workspace.root):
        if not hist.head():
            raise ItatuiError("คลังนี้ยังไม่มีฉบับที่บันทึกไว้ (ยังไม่มี commit) จึงเริ่มปีใหม่ไม่ได้")
        # git compares the working tree with the last commit (and looks for anything staged
        # outside the records) while the records are read (a second core: it costs little)
        status = hist.background("status", "--porcelain", "-z", "--untracked-files=all", "--",
                                 "records")
        staged = None if dry_run else hist.background("diff-index", "--cached", "--quiet",
                                                      "HEAD", "--")
        try:
            try:
                loaded, unreadable = _read_all(workspace.store), None
            except ItatuiError as exc:         # said after the refusals that come first
                loaded, unreadable = [], exc
            _refuse_unsaved(workspace, hist, status)
            if unreadable is not None:
                raise unreadable
            fy, ita = _year_of(loaded)
            started = [y for _, y, _ in new_year_commits(hist)]
            if fy + 1 in started:
                raise ItatuiError(f"ปีงบประมาณ พ.ศ. {to_thai_digits(fy + 1)} เริ่มไปแล้ว "
                                  "(มีฉบับเริ่มปีใหม่ในประวัติ) จึงไม่เริ่มซ้ำ")
            if any(y > fy for y in started):
                raise ItatuiError(f"ประวัติมีการเริ่มปีงบประมาณ พ.ศ. {to_thai_digits(max(started))} "
                                  f"แล้ว แต่รายงานยังเป็นปี {to_thai_digits(fy)} จึงไม่เริ่มซ้ำ")
            result = NewYear(fy, fy + 1)
            texts: dict[str, str] = {}
            for rel, kind, text, data, layout in loaded:
                values = next_year_values(kind.name, data, fy, ita)
                if not values:
                    continue
                new = _edited(rel, kind, text, data, values, layout)
                if new is None:
                    continue
                texts[rel] = new
                result.changes.append(Change(rel, tuple(values)))
                result.values[rel] = values
            for rel, text, values in _plan_records(loaded, result.values, fy + 1):
                texts[rel] = text
                result.created.append(rel)
                result.changes.append(Change(rel, tuple(values)))
                result.values[rel] = values
            result.message = message(fy, fy + 1, result.changes, result.created)
            if dry_run:
                return result
            # only the records are committed: with nothing else staged, the index is updated
            # with exactly these files and committed as it is (History.commit_index: no
            # pathspec of a thousand paths); otherwise git commit --only (History.commit)
            alone = staged is not None and staged.status() == 0
        finally:
            status.close()
            if staged is not None:
                staged.close()
        written: list[str] = []
        try:
            _write_all(workspace.store.root, texts, written)
            if alone:
                result.sha = hist.commit_index(list(texts), result.message, officer)
            else:
                result.sha = hist.commit(list(texts), result.message, officer)
        except BaseException:
            # nothing half-done: the files written go back to the last commit's, the plan's
            # records created are removed
            _undo(workspace.store.root, hist, written, result.created)
            raise
    return result


def _refuse_unsaved(workspace, hist: History, status) -> None:
    """Refuse (Thai) record files that differ from the last commit (``status``:
    :meth:`History.uncommitted`'s ``git status``, run in the background), then unsaved edits
    in the editor's draft journal."""
    code, out = status.answer()
    if code == 0:
        dirty = [entry[3:] for entry in out.decode("utf-8", "surrogateescape").split("\0")
                 if len(entry) > 3]
    else:                     # git's own complaint, in Thai, as every other command gives it
        dirty = hist.uncommitted("records")
    if dirty:
        shown = ", ".join(dirty[:3]) + (f" และอีก {len(dirty) - 3} ไฟล์" if len(dirty) > 3 else "")
        raise ItatuiError(f"มีระเบียนที่ยังไม่ได้บันทึกเป็นฉบับ ({shown}) บันทึกหรือกู้คืนก่อน "
                          "(itatui recover) แล้วจึงเริ่มปีงบประมาณใหม่")
    drafts = DraftStore(workspace.root).read()
    if drafts:
        raise ItatuiError("มีการแก้ไขที่ยังไม่ได้บันทึกในหน้าจอแก้ไข ("
                          + ", ".join(drafts.paths()[:3]) + ") บันทึกหรือทิ้งก่อน "
                          "แล้วจึงเริ่มปีงบประมาณใหม่")


def _plan_records(loaded, values: dict[str, dict[str, Any]],
                  fiscal_year: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, text, values written) of each of the plan's records the records lack, for fiscal
    year ``fiscal_year`` (:mod:`itatui.core.plan_records`): the memo's department, number,
    addressee and background as the new year leaves them, the report's approval chain
    (``signers.toml`` copied as it is)."""
    import tomli

    from itatui.core import plan_records

    have = {rel: (text, data) for rel, _, text, data, _ in loaded}
    missing = [p for p in plan_records.PLAN_PATHS if p not in have]
    if not missing:
        return []
    memo_path = schema.KIND_BY_NAME["memo"].singleton_path or ""
    memo = {**have.get(memo_path, ("", {}))[1], **values.get(memo_path, {})}
    agency = have.get(schema.KIND_BY_NAME["agency"].singleton_path or "", ("", {}))[1]
    name = agency.get("name", "") if isinstance(agency.get("name"), str) else ""
    signers = have.get(schema.SIGNERS_PATHS["report"])
    texts = plan_records.plan_texts(name.strip(), fiscal_year, memo,
                                    signers[0] if signers else None)
    return [(rel, texts[rel], tomli.loads(texts[rel])) for rel in missing]


def _undo(root, hist: History, written: list[str], created: list[str]) -> None:
    """The files ``written`` back to the last commit's (in the index too: it may hold them
    staged); those ``created`` removed, from the index too (the commit may have added them
    before it failed), and the plan's folder with them when it is left empty."""
    back = [rel for rel in written if rel not in created]
    if back:
        hist.git_status("checkout", "HEAD", "--", *back)
    if created:
        hist.git_status("rm", "--cached", "--quiet", "--ignore-unmatch", "--", *created)
    for rel in created:
        try:
            (root / rel).unlink()
        except OSError:
            pass
    for folder in {(root / rel).parent for rel in created}:
        try:
            folder.rmdir()
        except OSError:
            pass


#: the kinds whose records are edited in place, without tomlkit (:func:`_fast_edit`), and the
#: keys a new year replaces in nearly every one of them: read apart from the rest
#: (:func:`_read_pieces`), read back alone after the edit (:func:`_edit_pieces`)
_IN_PLACE = {"measure": frozenset(("period", "results", "outcome")),
             "issue": frozenset(("title",))}


def _read_all(store) -> list[tuple[str, Any, str, dict, tuple | None]]:
    """(path, kind, text, plain data, layout) of every record, read with tomli (compiled: a
    report of a thousand measures is read in a fraction of a second); a record that cannot be
    read refuses the new year with its own Thai error. A measure or issue in the plain layout
    is read in pieces (:func:`_read_pieces`), its layout (key lines, pieces) kept for the edit
    (:func:`_edit_pieces`); None otherwise."""
    import os

    import tomli

    from itatui.core.records import record_from_bytes

    out = []
    root = str(store.root)
    for rel in store.paths():
        kind = schema.kind_of(rel)
        with open(os.path.join(root, rel), "rb") as fh:
            raw = fh.read()
        try:
            text = raw.decode("utf-8")
            changing = _IN_PLACE.get(kind.name)
            keys = _key_lines(text) if changing else None
            pieces = _read_pieces(text, keys, changing) if keys else None
            if pieces is None:
                layout, data = None, tomli.loads(text)
            else:
                layout, data = (keys, pieces), {k: v for *_, d in pieces for k, v in d.items()}
            out.append((rel, kind, text, data, layout))
        except (UnicodeDecodeError, tomli.TOMLDecodeError):
            error = record_from_bytes(rel, kind, raw).error
            raise ItatuiError(f"ระเบียนอ่านไม่ได้: {error.describe() if error else rel} "
                              "แก้ให้ถูกก่อนเริ่มปีงบประมาณใหม่") from None
    return out


def _year_of(loaded) -> tuple[int, int]:
    rep = next((data for _, kind, _, data, _ in loaded if kind.name == "report"), None)
    if rep is None:
        raise ItatuiError("ไม่มีระเบียนรายงาน (records/report.toml) จึงไม่รู้ว่าเป็นปีงบประมาณใด")
    fy, ita = rep.get("fiscal_year"), rep.get("ita_year")
    if not isinstance(fy, int) or isinstance(fy, bool) or not 2400 <= fy <= 2800:
        raise ItatuiError("ปีงบประมาณในรายงานไม่ใช่ปี พ.ศ. ที่อ่านได้ จึงเริ่มปีใหม่ไม่ได้",
                          path="records/report.toml", field="fiscal_year")
    if not isinstance(ita, int) or isinstance(ita, bool):
        ita = 0
    return fy, ita


#: a top-level ``key =`` at the start of a line: the first line, or after a newline (a
#: pattern that starts with the newline is searched for as fast as a plain string)
_KEY_FIRST = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
_KEY_LINE = re.compile(r"\n([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
#: a line that opens a table (or an array of tables); a record with one is edited by tomlkit
_TABLE_FIRST = re.compile(r"[ \t]*\[")
_TABLE_LINE = re.compile(r"\n[ \t]*\[")


def _key_lines(text: str) -> list[tuple[str, int, int]] | None:
    """(key, start of its line, start of its value) of each ``key =`` line of a record in the
    plain layout (top-level keys only), or None (a table)."""
    if _TABLE_FIRST.match(text) or _TABLE_LINE.search(text):
        return None
    first = _KEY_FIRST.match(text)
    keys = [(first.group(1), 0, first.end())] if first else []
    keys += [(m.group(1), m.start() + 1, m.end()) for m in _KEY_LINE.finditer(text)]
    return keys


def _read_pieces(text: str, keys: list[tuple[str, int, int]],
                 changing) -> list[tuple[int, int, dict]] | None:
    """The record read in pieces, (start, end, values) each: cut at the key lines where the
    keys go from those of ``changing`` (replaced by a new year: period, results, outcome) to
    the others and back, each piece read alone as a TOML document; None when they do not read
    so (a key line inside a multi-line string, a key in two pieces: read it whole).

    When every piece reads, the text is those documents one after another: the first starts
    the text, each ends with a newline where the next begins (a key line), so each begins
    where a whole reading would begin a new line, outside any value; there is no table (no
    ``[`` line) to carry from one piece into the next; and no key is in two pieces. So the
    text reads as exactly these values: the same tomli, about the same cost as reading it
    whole. The gain is for the edit: the piece whose values are replaced (a few lines) is read
    back alone instead of the whole new text (:func:`_edit_pieces`)."""
    import tomli

    bounds = [0]
    before = None
    for key, line, _ in keys:
        now = key in changing
        if before is not None and now != before:
            bounds.append(line)
        before = now
    bounds.append(len(text))
    pieces = []
    seen: set[str] = set()
    try:
        for start, end in zip(bounds, bounds[1:]):
            values = tomli.loads(text[start:end])
            if not seen.isdisjoint(values):
                return None
            seen.update(values)
            pieces.append((start, end, values))
    except tomli.TOMLDecodeError:
        return None
    return pieces


_WRITTEN: dict[tuple[type, Any], str] = {}


def _written(value: Any) -> str:
    """``value`` as tomlkit writes it (:func:`itatui.core.tomlio.value_item`), remembered: a
    new year writes the same period, ``[]`` and ``""`` into every measure."""
    key = (type(value), value if not isinstance(value, list) else tuple(value))
    if key not in _WRITTEN:
        if len(_WRITTEN) > 256:
            _WRITTEN.clear()
        _WRITTEN[key] = tomlio.value_item(value).as_string()
    return _WRITTEN[key]


def _replacements(text: str, keys: list[tuple[str, int, int]],
                  values: dict[str, Any]) -> list[tuple[int, int, int, str]] | None:
    """(key line index, start, stop, new text) of each value of ``values`` replaced in place
    as tomlkit would write it, or None when the record's layout is not the plain one itatui
    writes (a comment inside a value being replaced, a key not found once, a list value)."""
    edits = []
    for key, value in values.items():
        if isinstance(value, list) and value:
            return None
        found = [i for i, k in enumerate(keys) if k[0] == key]
        if len(found) != 1:
            return None
        i = found[0]
        start = keys[i][2]
        end = keys[i + 1][1] if i + 1 < len(keys) else len(text)
        old = text[start:end].rstrip()
        if old[old.rfind("\n") + 1:].lstrip().startswith("#"):   # comment lines before the
            lines = old.split("\n")                                # next key stay
            while len(lines) > 1 and lines[-1].lstrip().startswith("#"):
                lines.pop()
            old = "\n".join(lines).rstrip()
        if "#" in old:
            return None
        edits.append((i, start, start + len(old), _written(value)))
    return edits


def _apply(text: str, edits) -> str:
    for _i, start, stop, new in sorted(edits, key=lambda e: e[1], reverse=True):
        text = text[:start] + new + text[stop:]
    return text


def _fast_edit(text: str, values: dict[str, Any]) -> str | None:
    """``text`` with the top-level ``values`` replaced in place, as tomlkit would write them,
    without parsing the document with tomlkit; None when the record's layout is not the plain
    one itatui writes (a table, a comment inside a value being replaced, a key not found once,
    a list value)."""
    keys = _key_lines(text)
    edits = None if keys is None else _replacements(text, keys, values)
    return None if edits is None else _apply(text, edits)


def _edit_pieces(text: str, layout: tuple, values: dict[str, Any]) -> str | None:
    """:func:`_fast_edit` of a record read in pieces (``layout``: its key lines and pieces,
    :func:`_read_pieces`), each piece that holds a value replaced read back alone: it must hold
    exactly its old values with ``values`` set, and the pieces left as they were still read as
    they did, so the new text reads as the old values with ``values`` set, as a reading of the
    whole new text would check. None when it cannot be done so."""
    import tomli

    keys, pieces = layout
    edits = _replacements(text, keys, values)
    if edits is None:
        return None
    checked = 0
    parts = []                  # the new text, piece by piece
    for start, end, old in pieces:
        mine = [e for e in edits if start <= e[1] < end]
        if not mine:
            parts.append(text[start:end])
            continue
        checked += len(mine)
        names = [keys[e[0]][0] for e in mine]
        if any(e[2] > end for e in mine) or not all(n in old for n in names):
            return None
        piece = _apply(text[start:end], [(i, a - start, b - start, new) for i, a, b, new in mine])
        try:
            if tomli.loads(piece) != {**old, **{n: values[n] for n in names}}:
                return None
        except tomli.TOMLDecodeError:
            return None
        parts.append(piece)
    return "".join(parts) if checked == len(edits) else None


def _edited(rel: str, kind, text: str, data: dict, values: dict[str, Any],
            layout: tuple | None = None) -> str | None:
    """The record's new text with ``values`` set (None when nothing changes): a plain measure
    or issue edited in place (:func:`_fast_edit`; only the pieces edited read back when it
    was read in pieces, ``layout``: :func:`_edit_pieces`), anything else through its tomlkit document (comments
    and layout kept either way). Refused (RecordError, nothing written) when the new text does
    not read back as exactly the old values with ``values`` set."""
    import tomli

    new = _edit_pieces(text, layout, values) if layout else None
    if new is None and kind.name in _IN_PLACE:
        new = _fast_edit(text, values)
        if new is not None:
            try:
                if tomli.loads(new) != {**data, **values}:
                    new = None
            except tomli.TOMLDecodeError:
                new = None
    if new is None:
        doc = tomlio.parse(text, rel)
        if not any([tomlio.set_value(doc, k, v) for k, v in values.items()]):
            return None
        new = tomlio.dumps(doc)
        tomlio.verify_roundtrip(new, doc, rel)
    return new if new != text else None


def _write_all(root, texts: dict[str, str], written: list[str]) -> None:
    """Write every new text: each to a temporary file beside its record (the record's
    permissions), all made durable at once (one ``syncfs`` of the records' file system, or
    ``sync``; not two syncs per file: a thousand measures), then each renamed over its record
    (atomic), then the folders synced. ``written`` collects the records replaced."""
    import os

    from itatui.core.records import os_reason

    token = os.urandom(4).hex()
    temps: list[tuple[str, str]] = []
    folders: dict[str, None] = {}
    try:
        for n, (rel, text) in enumerate(texts.items()):
            target = os.path.join(root, rel)
            folder, name = os.path.split(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)       # records/plan/, created
                folders[folder] = None
            try:
                mode = os.stat(target).st_mode & 0o777
            except FileNotFoundError:
                mode = 0o644
            tmp = os.path.join(folder, f".{name}.{token}{n}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            temps.append((rel, tmp))
            try:
                data = memoryview(text.encode("utf-8"))
                while data:
                    data = data[os.write(fd, data):]
                os.fchmod(fd, mode)
            finally:
                os.close(fd)
        _sync(list(folders))
        for rel, tmp in temps:
            os.replace(tmp, os.path.join(root, rel))
            written.append(rel)
    except OSError as exc:
        raise ItatuiError(f"เขียนไฟล์ไม่ได้: {os_reason(exc)} จึงไม่เริ่มปีใหม่") from None
    finally:
        for _rel, tmp in temps[len(written):]:    # (one renamed over its record is gone)
            try:
                os.unlink(tmp)
            except OSError:
                pass
    for folder in folders:
        tomlio.fsync_folder(folder)


def _sync(folders: list[str]) -> None:
    """Every file written in ``folders`` on disk: ``syncfs`` of each file system they are on
    (Linux: that file system only, not every disk of the machine as ``sync`` does, and a
    write error is reported), else ``sync``."""
    import os

    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):
        os.sync()
        return
    done: set[int] = set()
    for folder in folders:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            dev = os.fstat(fd).st_dev
            if dev not in done:
                if syncfs(fd) != 0:
                    err = ctypes.get_errno()
                    raise OSError(err, os.strerror(err), folder)
                done.add(dev)
        finally:
            os.close(fd)


# -- the years of a history ----------------------------------------------------------------

@dataclass
class FiscalYear:
    year: int
    first: str                 # the first commit of the year (the new-year commit, or the root)
    last: str                  # its last commit (the new-year commit's parent, or HEAD)
    releases: list[str] = field(default_factory=list)   # release tags, oldest first

    def as_dict(self) -> dict:
        return {"year": self.year, "first": self.first, "last": self.last,
                "releases": list(self.releases)}


def _fiscal_years_at(hist: History, revs: list[str]) -> dict[str, int | None]:
    """The fiscal year the report's record names at each of ``revs`` (None: no report there,
    or unreadable), read through ONE ``git cat-file --batch``: not a git process and a
    GitPython import per commit (``years`` reads the root commit and every release's)."""
    path = schema.KIND_BY_NAME["report"].singleton_path or ""
    wanted = list(dict.fromkeys(revs))
    found: dict[str, int | None] = dict.fromkeys(wanted)
    if not wanted:
        return found
    out = hist.git_bytes("cat-file", "--batch",
                         input="".join(f"{rev}:{path}\n" for rev in wanted).encode("utf-8"))
    pos = 0
    for rev in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3:                  # "<rev>:<path> missing": no report there
            continue
        size = int(header[2])
        data, pos = out[pos:pos + size], pos + size + 1      # the content, then a newline
        if header[1] != b"blob":
            continue
        try:
            fy = tomllib.loads(data.decode("utf-8", "replace")).get("fiscal_year")
        except tomllib.TOMLDecodeError:
            continue
        found[rev] = fy if isinstance(fy, int) and not isinstance(fy, bool) else None
    return found


def fiscal_years(hist: History) -> list[FiscalYear]:
    """The fiscal years of the history reachable from HEAD, oldest first."""
    from itatui.core.audit.releases import list_releases

    head = hist.head()
    if not head:
        return []
    roots = hist.git_text("rev-list", "--max-parents=0", "--first-parent", "HEAD").split()
    root = roots[-1] if roots else head
    starts = new_year_commits(hist)
    releases = sorted(list_releases(hist), key=lambda r: (r.date, r.name))
    at = _fiscal_years_at(hist, [root, head] + [rel.commit for rel in releases])
    first_year = at[root]
    if first_year is None:
        first_year = starts[0][1] - 1 if starts else (at[head] or 0)
    years: list[FiscalYear] = [FiscalYear(first_year, root, head)]
    for sha, year, parent in starts:
        if year <= years[-1].year:
            # two clones both started this year, and sync merged them: the first one counts
            continue
        years[-1].last = parent or years[-1].last
        years.append(FiscalYear(year, sha, head))
    for rel in releases:
        fy = at[rel.commit] or 0
        for y in years:
            if y.year == fy:
                y.releases.append(rel.name)
    return years


def year_commit(hist: History, year: int) -> str:
    """The last commit of fiscal year ``year`` (what ``render --year`` renders), or a Thai
    error listing the years there are."""
    years = fiscal_years(hist)
    for y in years:
        if y.year == year:
            return y.last
    have = ", ".join(to_thai_digits(y.year) for y in years) or "ไม่มี"
    raise ItatuiError(f"ไม่มีปีงบประมาณ พ.ศ. {to_thai_digits(year)} ในประวัติของคลังนี้ "
                      f"(ปีที่มี: {have})")


def previous_year_records(root, fiscal_year: int) -> list[Record]:
    """The records of fiscal year ``fiscal_year - 1`` as it ended (the parent of the new-year
    commit that started ``fiscal_year``), for the checker; [] when the history has no such
    commit or cannot be read (records outside git)."""
    from itatui.core.audit.versions import records_at

    try:
        hist = History.open(root)
        for _, year, parent in new_year_commits(hist):
            if year == fiscal_year and parent:
                return records_at(hist, parent)
    except ItatuiError:
        pass
    return []
