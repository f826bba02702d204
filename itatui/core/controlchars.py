"""Control characters: THE definition of what a record may not hold, the refusal, and how
every command shows one (escaped) when a record written by hand holds it.

Forbidden: the C0 controls except newline and tab (so CR, ESC, BEL, NUL, ...), DEL, the C1
controls (U+0080–U+009F; U+009B is a CSI on some terminals) and the bidi embeddings, overrides
and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a reader sees; also lone
surrogates, which is how Python hands over a byte that is not UTF-8 (in an argument or a file
name): no record can hold one. The marks
U+200E/U+200F (LRM, RLM) are allowed and printed as they are: they move no text (they only
set the direction of neutral characters next to them) and come with text copied from Word and
web pages; zero-width space U+200B, used in Thai as an invisible word break, is allowed too.

Shown escaped as ``\\x1b`` (``\\xNN`` below U+0100, ``\\uNNNN`` above): ``escape``."""

from __future__ import annotations

import re
from typing import Any

from itatui.core.errors import RecordError
from itatui.core.thai import to_thai_digits

#: the forbidden characters, as a regular-expression class
_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
FORBIDDEN = re.compile(f"[{_CLASS}]")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
          0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF",
          0x202D: "LRO", 0x202E: "RLO", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI",
          0x2069: "PDI"}


def is_forbidden(ch: str) -> bool:
    return FORBIDDEN.match(ch) is not None


def visible(ch: str) -> str:
    """One forbidden character as printable text: ``\\x1b``, ``\\u202e``."""
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:                 # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def describe(ch: str) -> str:
    """``\\x1b (ESC)``: the escaped form and the usual name."""
    code = ord(ch)
    name = "ไบต์ที่ไม่ใช่ UTF-8" if 0xD800 <= code <= 0xDFFF else _NAMES.get(code)
    return visible(ch) + (f" ({name})" if name else "")


def escape(text: str) -> str:
    """``text`` with every forbidden character replaced by its visible form (newline and tab
    kept): what every command prints of a record."""
    if not FORBIDDEN.search(text):
        return text
    return FORBIDDEN.sub(lambda m: visible(m.group()), text)


def find(text: str) -> tuple[int, str] | None:
    """(index, character) of the first forbidden character of ``text``, or None."""
    m = FORBIDDEN.search(text)
    return (m.start(), m.group()) if m else None


def found_in(value: Any, key: str = "") -> list[tuple[str, int, str]]:
    """Every text of ``value`` (a string, list or table, nested) that holds a forbidden
    character, as (dotted key, index, character)."""
    out: list[tuple[str, int, str]] = []
    if isinstance(value, str):
        hit = find(value)
        if hit:
            out.append((key, *hit))
    elif isinstance(value, dict):
        for k, v in value.items():
            sub = f"{key}.{k}" if key else str(k)
            hit = find(str(k))
            if hit:                                    # a key written by hand
                out.append((escape(sub), *hit))
            out += found_in(v, sub)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            out += found_in(v, f"{key}.{i}" if key else str(i))
    return out


def message(ch: str, index: int | None = None) -> str:
    """The Thai explanation of one forbidden character (``index``: where, counted from 1)."""
    where = f" ที่ตำแหน่ง {index + 1}" if index is not None else ""
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return f"มีไบต์ {visible(ch)} ที่ไม่ใช่ UTF-8{where} จึงไม่รับค่านี้"
    return (f"มีอักขระควบคุม {describe(ch)}{where} ซึ่งไม่แสดงผลและอาจทำให้ข้อความที่เห็น"
            "ต่างจากที่บันทึกไว้ จึงไม่รับค่านี้ (ลบอักขระนั้นออก)")


def refuse(value: Any, *, path: str | None = None, field: str | None = None) -> None:
    """Raise :class:`RecordError` (Thai, naming the record and the field) when ``value`` holds
    a forbidden character; lists and tables are searched item by item."""
    hits = found_in(value)
    if not hits:
        return
    key, index, ch = hits[0]
    name = field
    if key:
        item = f"ข้อ {to_thai_digits(int(key) + 1)}" if key.isdigit() else key
        name = f"{field} {item}" if field else key
    raise RecordError(message(ch, index), path=path, field=name)
