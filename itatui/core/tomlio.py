"""TOML documents that keep their comments and layout: read, change one value, write atomically.

Text is written the way a reviewer of ``git diff`` wants it: long text as ``\"\"\"`` multi-line
strings, lists one item per line, Thai as written (never ``\\u`` escapes). A value that did not
change is left untouched, so saving an unchanged record keeps its bytes identical.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, String, StringType, Table, Trivia

from itatui.core.errors import RecordError

LONG_TEXT = 60  # characters; longer text is written as a multi-line string

_MISSING = object()


def parse(text: str, path: str) -> tomlkit.TOMLDocument:
    """Parse a record; a syntax error is explained in Thai with its line and column
    (:func:`syntax_error`)."""
    try:
        doc = tomlkit.parse(text)
    except Exception:         # ParseError, and a few other errors tomlkit raises on odd input
        raise syntax_error(text, path) from None
    return doc


def plain(value: Any) -> Any:
    """A tomlkit value as plain Python (str, int, float, list, dict)."""
    if hasattr(value, "unwrap"):
        return value.unwrap()
    return value


def split_key(key: str) -> list[str]:
    return [p for p in key.split(".") if p != ""]


def get(doc: Any, key: str, default: Any = _MISSING) -> Any:
    """The plain value at a dotted key; integer parts index arrays of tables."""
    node: Any = doc
    for part in split_key(key):
        try:
            if isinstance(node, (list, AoT, Array)):
                node = node[int(part)]
            else:
                node = node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            if default is _MISSING:
                raise KeyError(key) from None
            return default
    return plain(node)


def _needs_multiline(text: str) -> bool:
    return "\n" in text or len(text) > LONG_TEXT


def _escape_mlb(text: str) -> str:
    """The raw body of a multi-line basic string holding exactly ``text``."""
    out: list[str] = []
    quotes = 0                     # unescaped quotes just written
    for ch in text:
        code = ord(ch)
        if ch == '"':
            if quotes == 2:        # never three in a row: the third is escaped
                out.append('\\"')
                quotes = 0
            else:
                out.append('"')
                quotes += 1
            continue
        quotes = 0
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n" or ch == "\t":
            out.append(ch)
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    for i in range(len(out) - quotes, len(out)):   # no bare quote right before the delimiter
        out[i] = '\\"'
    return "".join(out)


def string_item(text: str, in_array: bool = False) -> Any:
    """A tomlkit string: multi-line (opening quotes on their own line) for long text.

    List items stay one per line: they become multi-line only when they hold a newline.
    """
    if ("\n" in text) if in_array else _needs_multiline(text):
        return String(StringType.MLB, text, "\n" + _escape_mlb(text), Trivia())
    return tomlkit.string(text)


def value_item(value: Any, in_array: bool = False) -> Any:
    if isinstance(value, str):
        return string_item(value, in_array)
    if isinstance(value, (list, tuple)):
        arr = tomlkit.array()
        for v in value:
            arr.append(value_item(v, in_array=True))
        arr.multiline(True)
        return arr
    return tomlkit.item(value)


def _index(node: Any, part: str, above: list[str]) -> int:
    """The list index ``part`` of ``node`` (counted from 0), or a Thai :class:`RecordError`
    that says how many items there are."""
    from itatui.core.thai import to_thai_digits

    name = ".".join(above)
    count = len(node)
    if not part.isascii() or not part.isdigit() or int(part) >= count:
        have = (f"มี {to_thai_digits(count)} รายการ คือ {name}.0 ถึง {name}.{count - 1}"
                if count else "ยังไม่มีรายการ")
        raise RecordError(f"ไม่มีรายการ \"{part}\" ใน {name} ({have})",
                          field=".".join([*above, part]))
    return int(part)


def _float_like(value: Any, old: Any, node: Any) -> Any:
    """A number written with the decimals the file uses — the old value's (``100.00``), else
    those of the other numbers of its table — so ``99.5`` is written ``99.50`` among scores
    kept with two decimals; None (tomlkit's own form) when there is no form to follow or it
    would lose a digit."""
    from tomlkit.items import Float

    from itatui.core.values import decimals_of, written_like

    if not isinstance(value, float) or isinstance(value, bool):
        return None
    if isinstance(old, Float):
        forms = [old.as_string()]
    else:
        items = node.value.body if hasattr(node, "value") and hasattr(node.value, "body") \
            else getattr(node, "body", [])
        forms = [v.as_string() for _k, v in items if isinstance(v, Float)]
    counts = [d for d in (decimals_of(f) for f in forms) if d is not None]
    if not counts:
        return None
    text = written_like(value, max(set(counts), key=counts.count))
    return Float(value, Trivia(), text) if text is not None else None


def set_value(doc: Any, key: str, value: Any) -> bool:
    """Set the value at a dotted key, keeping the document's layout. Returns True if it changed.
    ``value`` None removes a top-level key (an optional number the officer emptied)."""
    parts = split_key(key)
    if not parts:
        raise KeyError(key)
    if value is None:
        if len(parts) != 1 or not hasattr(doc, "get") or parts[0] not in doc:
            return False
        del doc[parts[0]]
        return True
    node: Any = doc
    for i, part in enumerate(parts[:-1]):
        if isinstance(node, (AoT, Array, list)):
            node = node[_index(node, part, parts[:i])]
            continue
        if not hasattr(node, "get"):
            raise RecordError("ช่องนี้ไม่ใช่ตาราง จึงไม่มีช่องย่อย",
                              field=".".join(parts[:i + 1]))
        if part not in node:
            node[part] = tomlkit.table()
        node = node[part]
    last = parts[-1]
    if isinstance(node, (AoT, Array, list)):
        idx = _index(node, last, parts[:-1])
        if plain(node[idx]) == value:
            return False
        node[idx] = value_item(value, in_array=isinstance(node, Array))
        return True
    old = node.get(last, _MISSING) if hasattr(node, "get") else _MISSING
    if old is not _MISSING and plain(old) == value and type(plain(old)) is type(value):
        return False
    item = _float_like(value, old, node) or value_item(value)
    if old is not _MISSING and hasattr(old, "trivia") and hasattr(item, "trivia"):
        # keep a comment written by hand at the end of the line
        item.trivia.comment = old.trivia.comment
        item.trivia.comment_ws = old.trivia.comment_ws
    node[last] = item
    return True


def dumps(doc: Any) -> str:
    text = tomlkit.dumps(doc)
    if not text.endswith("\n"):
        text += "\n"
    return text


def new_document(comment: str, values: dict) -> str:
    """A new record's text: a header comment, then ``values`` (top-level keys; a dict value
    becomes a ``[table]``) written the way every save writes them."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment(comment))
    for key, value in values.items():
        if isinstance(value, dict):
            table = tomlkit.table()
            for k, v in value.items():
                table[k] = value_item(v)
            doc[key] = table
        else:
            doc[key] = value_item(value)
    return dumps(doc)


def verify_roundtrip(text: str, doc: Any, path: str) -> None:
    """Refuse to write a document that a strict TOML reader would read differently."""
    try:
        back = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecordError(f"ไม่สามารถเขียน TOML ที่ถูกต้องได้ ({exc})", path=path) from None
    if back != plain(doc):
        raise RecordError("ค่าที่เขียนลงไฟล์ไม่ตรงกับค่าที่แก้ไข จึงไม่บันทึก", path=path)


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a crash leaves either the old or the new content, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a folder's entries (a file just renamed into it) durable; best effort."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def table_keys(doc: Any) -> list[str]:
    return [k for k, v in doc.items() if isinstance(v, (Table, dict))]


# -- a broken record explained in Thai --------------------------------------------------------
@dataclass(frozen=True)
class SyntaxProblem:
    """What is wrong with a record's text: ``kind`` (one of :data:`SYNTAX_KINDS`), a Thai
    ``message`` and where (``line`` and ``column``, 1-based, the column in characters)."""

    kind: str
    message: str
    line: int
    column: int


#: the kinds :func:`syntax_problem` tells apart; "other" is the fallback (the reader's own
#: English words after a Thai sentence, still with line and column)
SYNTAX_KINDS = ("unclosed-string", "duplicate-key", "invalid-value", "unexpected-character",
                "invalid-escape", "control-character", "unclosed-bracket", "missing-equals",
                "invalid-date", "undecodable", "other")

_AT = re.compile(r"^(?P<what>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)"
                 r"|end of document)\)$", re.S)
_DUP_KEY = re.compile(r'Key "(?P<key>.+?)" already exists')
_HINT_QUOTE = "ข้อความต้องอยู่ในเครื่องหมายคำพูด เช่น subject = \"ข้อความ\""


def _position(text: str, pos: int) -> tuple[int, int]:
    """(line, column), 1-based, of the character at ``pos`` in ``text``."""
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _char_name(ch: str) -> str:
    if ch == "":
        return "จบไฟล์"
    if ch == "\n":
        return "การขึ้นบรรทัดใหม่"
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return f"อักขระควบคุม U+{ord(ch):04X}"
    return f"\"{ch}\""


def _line_text(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _key_of(line_text: str) -> str:
    """The key a ``key = value`` line sets (unquoted), or ""."""
    head = line_text.split("=", 1)[0].strip() if "=" in line_text else line_text.strip()
    return head.strip("[]").strip().strip("\"'")


def _first_definition(text: str, key: str, before: int) -> int | None:
    """The line (1-based) before ``before`` that first sets ``key`` or opens ``[key]``."""
    if not key:
        return None
    for n, line in enumerate(text.split("\n")[: before - 1], 1):
        if _key_of(line) == key and ("=" in line or line.strip().startswith("[")):
            return n
    return None


def _explain(text: str, what: str, pos: int, line: int, col: int,
             tomlkit_error: Exception | None) -> SyntaxProblem:
    lt = _line_text(text, line)
    found = text[pos] if 0 <= pos < len(text) else ""

    def problem(kind: str, message: str, at: tuple[int, int] | None = None) -> SyntaxProblem:
        ln, cl = at or (line, col)
        return SyntaxProblem(kind, "TOML ไม่ถูกต้อง: " + message, ln, max(cl, 1))

    if what == "Unterminated string" or (what.startswith("Illegal character")
                                         and found in ("\n", "")):
        opening = text.rfind('"""', 0, pos) if what == "Unterminated string" else -1
        if opening < 0:                        # a one-line string: its opening quote
            start = text.rfind("\n", 0, pos) + 1
            eq = text.find("=", start, pos)
            quote = min((i for i in (text.find('"', eq + 1, pos), text.find("'", eq + 1, pos))
                         if i >= 0), default=-1) if eq >= 0 else -1
            opening = quote if quote >= 0 else pos
        ln, cl = _position(text, opening)
        return problem("unclosed-string",
                       "ข้อความที่เปิดด้วยเครื่องหมายคำพูดไม่ได้ปิด — ใส่เครื่องหมายคำพูดปิด "
                       "(\" หรือ \"\"\" สำหรับข้อความหลายบรรทัด) ท้ายข้อความ", (ln, cl))
    if what.startswith("Illegal character"):
        return problem("control-character",
                       f"มี{_char_name(found)} อยู่ในข้อความ ซึ่ง TOML ไม่ยอมให้มี — ลบออก")
    if what.startswith(("Cannot overwrite", "Cannot declare", "Cannot mutate",
                        "Cannot redefine", "Duplicate inline table key")):
        m = _DUP_KEY.search(str(tomlkit_error or ""))
        key = m.group("key") if m else _key_of(lt)
        first = _first_definition(text, key, line)
        again = f" (กำหนดไว้แล้วที่บรรทัด {first})" if first else ""
        indent = len(lt) - len(lt.lstrip())
        return problem("duplicate-key",
                       f"ชื่อ \"{key}\" ซ้ำ{again} — ชื่อหนึ่งกำหนดค่าได้ครั้งเดียว "
                       "ลบบรรทัดที่ซ้ำหรือเปลี่ยนชื่อ", (line, indent + 1))
    if what == "Invalid value":
        return problem("invalid-value",
                       f"ค่าหลังเครื่องหมาย = อ่านไม่ได้ (พบ {_char_name(found)}) — "
                       f"{_HINT_QUOTE} ตัวเลขเขียนได้เลย รายการอยู่ใน [ ]")
    if what == "Invalid date or datetime" or type(tomlkit_error).__name__ == "InvalidDateError":
        value = len(lt) - len(lt.split("=", 1)[-1].lstrip()) + 1 if "=" in lt else col
        return problem("invalid-date", "วันที่หรือเวลาไม่ถูกต้อง (รูปแบบ ปปปป-ดด-วว) — "
                       "ถ้าเป็นข้อความ ให้อยู่ในเครื่องหมายคำพูด", (line, value))
    if what.startswith(("Unescaped '\\'", "Invalid hex value", "Escaped character")):
        slash = text.rfind("\\", text.rfind("\n", 0, pos) + 1, pos + 1)
        return problem("invalid-escape",
                       "เครื่องหมาย \\ ในข้อความต้องตามด้วยรหัสที่ TOML รู้จัก (\\n \\t \\\" "
                       "\\\\ \\uXXXX) — ถ้าต้องการเครื่องหมาย \\ เอง ให้เขียน \\\\",
                       _position(text, slash) if slash >= 0 else None)
    if what in ("Unclosed array", "Expected ']' at the end of a table declaration",
                "Expected ']]' at the end of an array declaration", "Unclosed inline table"):
        close = "}" if "inline" in what else "]"
        return problem("unclosed-bracket", f"วงเล็บไม่ได้ปิด — ต้องมี {close} ปิด"
                       f"{'รายการ' if what == 'Unclosed array' else ''} (พบ {_char_name(found)})")
    if what == "Expected '=' after a key in a key/value pair":
        return problem("missing-equals",
                       f"หลังชื่อช่องต้องมีเครื่องหมาย = แล้วตามด้วยค่า (พบ {_char_name(found)})")
    if what in ("Expected newline or end of document after a statement", "Invalid statement",
                "Invalid initial character for a key part") \
            or what.startswith(("Found invalid character", "Expected ")):
        if what.startswith("Expected newline"):
            tail = "หลังค่าในบรรทัดเดียวกันต้องไม่มีอะไรต่อ (ยกเว้นหมายเหตุที่ขึ้นต้นด้วย #)"
        else:
            tail = ("บรรทัดต้องเป็นรูปแบบ ชื่อ = ค่า หรือหัวตาราง [ชื่อ]; "
                    "ชื่อที่เป็นภาษาไทยต้องอยู่ในเครื่องหมายคำพูด")
        return problem("unexpected-character", f"พบ {_char_name(found)} ที่ไม่ควรอยู่ตรงนี้ — {tail}")
    return problem("other", f"ตัวอ่าน TOML แจ้งว่า \"{what}\"")


def syntax_problem(text: str) -> SyntaxProblem | None:
    """What is wrong with ``text`` as TOML, in Thai with line and column; None when both
    ``tomllib`` and ``tomlkit`` read it."""
    try:
        tomllib.loads(text)
        strict = None
    except tomllib.TOMLDecodeError as exc:
        strict = exc
    except Exception as exc:     # pragma: no cover  (tomllib raises only TOMLDecodeError)
        strict = exc
    try:
        tomlkit.parse(text)
        lenient = None
    except Exception as exc:
        lenient = exc
    if strict is None and lenient is None:
        return None
    if strict is not None:
        m = _AT.match(str(strict))
        if m:
            what = m.group("what")
            if m.group("line"):
                line, col = int(m.group("line")), int(m.group("col"))
                start = sum(len(x) + 1 for x in text.split("\n")[: line - 1])
                pos = start + col - 1
            else:                              # at the end of the document
                pos = len(text)
                line, col = _position(text, pos)
            return _explain(text, what, pos, line, col, lenient)
    # tomllib read it (or said something unexpected): tomlkit's complaint, line and column
    exc = lenient or strict
    line = int(getattr(exc, "line", 0) or 1)
    col = int(getattr(exc, "col", 0) or 0) + 1
    what = exc.args[0] if getattr(exc, "args", None) else str(exc)
    what = re.sub(r" at line \d+ col \d+$", "", str(what))
    return SyntaxProblem("other", f"TOML ไม่ถูกต้อง: ตัวอ่าน TOML แจ้งว่า \"{what}\"", line, col)


def syntax_error(text: str, path: str) -> RecordError:
    """The :class:`RecordError` of a record whose text is not TOML: the Thai explanation of
    :func:`syntax_problem`, its line and column; ``kind`` is the problem's kind."""
    found = syntax_problem(text) or SyntaxProblem("other", "TOML ไม่ถูกต้อง", 1, 1)
    err = RecordError(found.message, path=path, line=found.line, column=found.column)
    err.kind = found.kind                                  # type: ignore[attr-defined]
    return err


def undecodable_error(raw: bytes, exc: UnicodeDecodeError, path: str) -> RecordError:
    """The :class:`RecordError` of a record whose bytes are not UTF-8: which byte, where."""
    start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    column = len(raw[start: exc.start].decode("utf-8", "replace")) + 1
    bad = raw[exc.start: exc.end].hex(" ").upper()
    hint = ""
    if all(0xA1 <= b <= 0xFB for b in raw[exc.start: exc.end]):
        hint = " (น่าจะบันทึกด้วยรหัสภาษาไทยแบบเก่า TIS-620/Windows-874)"
    err = RecordError(f"ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8: ไบต์ {bad} อ่านไม่ได้{hint} — "
                      "บันทึกไฟล์ใหม่เป็น UTF-8", path=path, line=line, column=column)
    err.kind = "undecodable"                               # type: ignore[attr-defined]
    return err
