"""Cleaning the text of a table cell or a paragraph converted from PDF or Word.

* HTML fragments (``<p>``, ``<br>``, entities) become plain text and paragraph breaks;
* stray spaces inside Thai words are removed (PDF line wraps of narrow cells), while spaces that
  separate phrases, as Thai writing uses them, stay;
* numbered items "๑. ... ๒. ..." (Thai or Arabic digits) become list items without the numbers;
* a units cell becomes a list of units.

Nothing here knows the sample: the decisions come from the Thai dictionary
(:mod:`itatui.core.thaiwords`), the shape of the text, and names found in the same document.
"""

from __future__ import annotations

import html
import re

from itatui.core import thaiwords
from itatui.core.rules.textutil import distance, width

_BREAK_TAGS = re.compile(r"(?i)</?\s*(p|br|div|li|tr)\b[^>]*>")
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_THAI_END = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]$")     # letters, vowels, marks
_THAI_START = re.compile(r"^[\u0e01-\u0e2e\u0e40-\u0e44]")                # a consonant or a leading vowel
AGENCY_TERMS = ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง",
                "เทศบาลนคร", "อบต.", "อบจ.", "ตำบล", "อำเภอ", "จังหวัด")
UNIT_STARTERS = ("สำนัก", "กอง", "ฝ่าย", "งาน", "หน่วย", "ส่วน", "ศูนย์", "ผู้", "คณะ", "ทุก",
                 "เจ้าหน้าที่", "ปลัด", "รองปลัด", "หัวหน้า", "สถานี", "โรงเรียน", "ศพด", "นายก",
                 "รองนายก", "พนักงาน", "บุคลากร", "คณะกรรมการ")
_ITEM = re.compile(r"(?:(?<=[\s>(])|^)([0-9๐-๙]{1,2})\s?[.)](?![0-9๐-๙])\s*")
_BULLET = re.compile(r"(?:(?<=\s)|^)[-•●▪◦]\s+")


def html_parts(text: str) -> list[str]:
    """The paragraphs of a cell: split at <p>, <br> and newlines, tags removed, entities decoded."""
    if not text:
        return []
    text = _BREAK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    return [p for p in (normalise_space(x) for x in text.split("\n")) if p]


def plain_parts(text: str) -> list[str]:
    """The paragraphs of a cell typed in a word processor (a Word document): its lines with
    spaces normalised. Nothing is read as HTML: a Word cell's "<" and "&amp;" are text."""
    return [p for p in (normalise_space(x) for x in str(text or "").split("\n")) if p]


_LEAD_NUMBER = re.compile(r"^([0-9๐-๙]{1,2})\s?[.)](?![0-9๐-๙])\s*")


def numbered_parts(parts: list[str]) -> list[str] | None:
    """Items written one per paragraph and numbered 1, 2, 3 ... in order ("๑. a", "๒. b"):
    the items without their numbers (whatever numbers the items' own text holds); else None."""
    if len(parts) < 2:
        return None
    from itatui.core.thai import to_arabic_digits

    items = []
    for n, part in enumerate(parts, 1):
        m = _LEAD_NUMBER.match(part)
        if not m or int(to_arabic_digits(m.group(1))) != n or not part[m.end():].strip():
            return None
        items.append(part[m.end():].strip())
    return items


def normalise_space(text: str) -> str:
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    text = re.sub(r"[\s\u00a0\u2002-\u200a\u3000]+", " ", text)
    return text.strip()


def _in_dict(word: str) -> bool:
    return thaiwords.in_dictionary(word)


def _is_thai_word_text(word: str) -> bool:
    return bool(re.fullmatch(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]+", word))


def _edge_words(left: str, right: str) -> tuple[str, str]:
    lw = [w for w in thaiwords.words(left) if w.strip()]
    rw = [w for w in thaiwords.words(right) if w.strip()]
    return (lw[-1] if lw else ""), (rw[0] if rw else "")


def _place_join(left: str, right: str, places: tuple[str, ...]) -> bool:
    if not places or not left.endswith(AGENCY_TERMS):
        return False
    for place in places:
        head = right[:len(place) + 1]
        if distance(place, right[:len(place)]) <= max(1, len(place) // 5) or \
                distance(place, head) <= max(1, len(place) // 5):
            return True
    return False


def _wrap_breaks(segs: list[str]) -> set[int]:
    """Where a narrow PDF cell wrapped its lines: spaces that are line ends, not phrase gaps.

    A cell is taken as wrapped when most of its space-separated pieces are nearly as wide as the
    widest; a space is then a line end when the next word would not have fitted on the line.
    """
    if len(segs) < 4:
        return set()
    widths = [width(s) for s in segs]
    full = max(widths)
    if full < 12:
        return set()
    long = sum(1 for w in widths if w >= 0.6 * full)
    if long < 3 or long < 0.45 * len(segs):
        return set()
    breaks: set[int] = set()
    cur = widths[0]
    for i in range(1, len(segs)):
        words = [w for w in thaiwords.words(segs[i]) if w.strip()]
        first = width(words[0]) if words else widths[i]
        if cur + 1 + first > full:
            breaks.add(i)
            cur = widths[i]
        else:
            cur += 1 + widths[i]
    return breaks


def _unknown(text: str) -> int:
    """How many pieces of ``text`` the dictionary does not know (fragments of cut words)."""
    return sum(1 for w in thaiwords.words(text) if w.strip() and _is_thai_word_text(w)
               and not _in_dict(w))


def _cuts_word(left: str, right: str) -> bool:
    """The space cuts a word: joining the pieces leaves fewer unknown fragments."""
    lw = [w for w in thaiwords.words(left) if w.strip()][-2:]
    rw = [w for w in thaiwords.words(right) if w.strip()][:2]
    a, b = "".join(lw), "".join(rw)
    if not (a and b):
        return False
    return _unknown(a) + _unknown(b) > _unknown(a + b)


def join_split_words(text: str, places: tuple[str, ...] = (), wrapped: bool = True) -> str:
    """Remove spaces that cut a Thai word in two; keep the spaces that separate phrases."""
    text = normalise_space(text)
    if " " not in text:
        return text
    segs = text.split(" ")
    breaks = _wrap_breaks(segs) if wrapped else set()
    out = segs[0]
    for i in range(1, len(segs)):
        right = segs[i]
        left = out
        join = False
        if left.endswith("/") and len(left) > 1 and left[-2] != " " and right[:1] not in ("/", ""):
            join = True            # "คู่มือ/ แนวทาง", "๕๖๐๐๑/ ๒๓๗": a slash glued on one side only
        elif _THAI_END.search(left) and _THAI_START.search(right):
            if i in breaks or _place_join(left, right, places):
                join = True
            else:
                a, b = _edge_words(left, right)
                if a and b and _is_thai_word_text(a) and _is_thai_word_text(b):
                    join = _in_dict(a + b) or _cuts_word(left, right)
        out = out + ("" if join else " ") + right
    return out


def clean(text: str, places: tuple[str, ...] = ()) -> str:
    """One cell or paragraph as one line of clean text."""
    return join_split_words(" ".join(html_parts(text)), places)


def split_items(text: str) -> list[str]:
    """Numbered items "๑. a ๒. b" (or "1) a 2) b", or bullets) as ["a", "b"]; else [text].

    Numbers must run 1, 2, 3... so that "พ.ศ. ๒๕๖๘" or "ข้อ ๒." inside an item never splits it.
    """
    text = text.strip()
    if not text:
        return []
    marks = []
    expect = 1
    for m in _ITEM.finditer(text):
        from itatui.core.thai import to_arabic_digits

        n = int(to_arabic_digits(m.group(1)))
        if n == expect:
            marks.append(m)
            expect += 1
    if len(marks) >= 1 and (len(marks) >= 2 or marks[0].start() == 0):
        items = []
        head = text[:marks[0].start()].strip()
        if head:
            items.append(head)
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
            item = text[m.end():end].strip()
            if item:
                items.append(item)
        return items
    bullets = list(_BULLET.finditer(text))
    if bullets and bullets[0].start() == 0:
        items = []
        for k, m in enumerate(bullets):
            end = bullets[k + 1].start() if k + 1 < len(bullets) else len(text)
            item = text[m.end():end].strip()
            if item:
                items.append(item)
        return items
    return [text]


def list_items(raw: str, places: tuple[str, ...] = (), typed: bool = False) -> list[str]:
    """A list cell (activities, results): its items, cleaned, without numbering. ``typed``: the
    cell comes from a word processor, its spaces are the author's (no PDF line wraps to undo)
    and it holds no HTML."""
    parts = plain_parts(raw) if typed else html_parts(raw)
    if not parts:
        return []
    cleaned = parts if typed else [join_split_words(p, places) for p in parts]
    numbered = numbered_parts(cleaned)
    if numbered is not None:
        return numbered
    joined = split_items(" ".join(cleaned))
    if len(joined) > 1 or len(cleaned) == 1:
        return joined
    items = []
    for p in cleaned:
        items += split_items(p)
    return items


def is_unit_piece(piece: str, known: set[str] = frozenset()) -> bool:
    piece = piece.strip(" ,")
    return bool(piece) and (piece in known or piece.startswith(UNIT_STARTERS))


def split_units(text: str, known: set[str] = frozenset(), typed: bool = False) -> list[str]:
    """"สำนักปลัด กองคลัง, กองช่าง" -> ["สำนักปลัด", "กองคลัง", "กองช่าง"]. ``typed``: as for
    :func:`list_items`."""
    units: list[str] = []
    for part in (plain_parts(text) if typed else html_parts(text)):
        for chunk in re.split(r"\s*[,、;]\s*|\s+และ(?=\S)|\s+/\s+", part):
            chunk = chunk if typed else join_split_words(chunk, wrapped=False)
            for piece in chunk.split(" "):
                piece = piece.strip()
                if piece.startswith("และ") and is_unit_piece(piece[3:], known):
                    piece = piece[3:]
                if not piece:
                    continue
                if units and not is_unit_piece(piece, known):
                    units[-1] += " " + piece
                else:
                    units.append(piece)
    return units


def split_name_units(text: str, known: set[str] = frozenset(),
                     places: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """A cell holding the measure's name and its units: (name, units)."""
    parts = html_parts(text)
    name_parts: list[str] = []
    units: list[str] = []
    for part in parts:
        pieces = part.split(" ")
        k = len(pieces)
        while k > 0 and is_unit_piece(pieces[k - 1], known):
            k -= 1
        if k < len(pieces):
            units += split_units(" ".join(pieces[k:]), known)
        if k > 0:
            name_parts.append(" ".join(pieces[:k]))
    return join_split_words(" ".join(name_parts), places), units
