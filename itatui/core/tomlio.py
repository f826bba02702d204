"""TOML documents that keep their comments and layout: read, change one value, write atomically.

Text is written the way a reviewer of ``git diff`` wants it: long text as ``\"\"\"`` multi-line
strings, lists one item per line, Thai as written (never ``\\u`` escapes). A value that did not
change is left untouched, so saving an unchanged record keeps its bytes identical.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.items import AoT, Array, String, StringType, Table, Trivia

from itatui.core.errors import RecordError

LONG_TEXT = 60  # characters; longer text is written as a multi-line string

_MISSING = object()


def parse(text: str, path: str) -> tomlkit.TOMLDocument:
    """Parse a record; a syntax error names the file and the line."""
    try:
        doc = tomlkit.parse(text)
    except ParseError as exc:
        raise RecordError(f"TOML ไม่ถูกต้อง ({exc.args[0] if exc.args else exc})",
                          path=path, line=getattr(exc, "line", None)) from None
    except Exception as exc:  # tomlkit raises a few other errors on odd input
        raise RecordError(f"TOML ไม่ถูกต้อง ({exc})", path=path) from None
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


def set_value(doc: Any, key: str, value: Any) -> bool:
    """Set the value at a dotted key, keeping the document's layout. Returns True if it changed."""
    parts = split_key(key)
    if not parts:
        raise KeyError(key)
    node: Any = doc
    for i, part in enumerate(parts[:-1]):
        if isinstance(node, (AoT, Array, list)):
            node = node[int(part)]
            continue
        if part not in node:
            node[part] = tomlkit.table()
        node = node[part]
    last = parts[-1]
    if isinstance(node, (AoT, Array, list)):
        idx = int(last)
        if plain(node[idx]) == value:
            return False
        node[idx] = value_item(value, in_array=isinstance(node, Array))
        return True
    old = node.get(last, _MISSING) if hasattr(node, "get") else _MISSING
    if old is not _MISSING and plain(old) == value and type(plain(old)) is type(value):
        return False
    item = value_item(value)
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
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def table_keys(doc: Any) -> list[str]:
    return [k for k, v in doc.items() if isinstance(v, (Table, dict))]
