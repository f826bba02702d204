"""Small text tools the rules share: digits, edit distance, approximate search, normalising."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from itatui.core.thai import to_arabic_digits

THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
ARABIC_DIGIT = re.compile(r"[0-9]")
THAI_DIGIT = re.compile(r"[๐-๙]")


def width(text: str) -> int:
    """Display width: Thai vowel and tone marks above or below take no room."""
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


def squash(text: str) -> str:
    """Text for comparing: Arabic digits, no spaces, no punctuation differences in spacing."""
    return re.sub(r"\s+", "", to_arabic_digits(text or ""))


def distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance on code points (a tone mark counts as one edit), by RapidFuzz;
    with ``limit``, any distance above it comes back as ``limit + 1``."""
    return Levenshtein.distance(a, b, score_cutoff=limit)


def best_window(term: str, text: str, start: int, slack: int = 3,
                limit: int | None = None) -> tuple[int, int]:
    """The (distance, end) of the text starting at ``start`` closest to ``term``; with ``limit``,
    distances above it are not worked out exactly (they come back as ``limit + 1``)."""
    best = (len(term) + 1 if limit is None else limit + 1, start)
    for n in range(max(1, len(term) - slack), len(term) + slack + 1):
        if start + n > len(text):
            break
        d = distance(term, text[start:start + n], limit=best[0])
        if d < best[0]:
            best = (d, start + n)
    return best


def fuzzy_find(term: str, text: str, max_dist: int, anchors: int = 3):
    """Occurrences of ``term`` in ``text`` with at most ``max_dist`` edits, as (start, end, d).

    Candidates start where the text repeats the term's first ``anchors`` characters, which is
    fast and finds garbled copies whose beginning survived (a garbled start is not looked for).
    """
    out = []
    head = term[:anchors]
    if head not in text:
        return out
    taken_until = -1
    for s in (m.start() for m in re.finditer(re.escape(term[0]), text)):
        if s < taken_until:
            continue
        if text[s:s + anchors] != head:
            continue
        d, end = best_window(term, text, s, limit=max_dist)
        if d <= max_dist:
            out.append((s, end, d))
            taken_until = end
    return out


def has_thai(text: str) -> bool:
    return bool(THAI_LETTER.search(text or ""))
