"""Thai grapheme clusters and words.

Thai has no spaces between words, so line breaking, word-wise cursor moves and word-level diffs
need a segmenter. This module wraps PyThaiNLP's ``newmm`` with a domain dictionary (the agency's
units, ITA indicator names, agency types) so that compounds such as กองการศึกษา and สำนักปลัด stay
whole. The dictionary loads on first use (about 0.4 s): call :func:`warm_up` off the start path.

Grapheme clusters (a consonant with its vowel and tone marks) come from the ``regex`` module's
``\\X``; a cursor or an edit must never split one.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Iterable

import regex

_CLUSTER = regex.compile(r"\X")
_lock = threading.RLock()
_trie = None
_extra: set[str] = set()

DOMAIN_WORDS = (
    # agency types, executives and units
    "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด",
    "นายกเทศมนตรี", "ปลัดเทศบาล", "รองปลัดเทศบาล", "นายกองค์การบริหารส่วนตำบล", "ปลัดองค์การบริหารส่วนตำบล",
    "สำนักปลัด", "สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุข",
    "กองสาธารณสุขและสิ่งแวดล้อม", "กองสวัสดิการสังคม", "กองยุทธศาสตร์และงบประมาณ", "หน่วยตรวจสอบภายใน",
    "นิติกร", "นิติกรชำนาญการ", "ผู้อำนวยการกอง",
    # ITA vocabulary
    "คุณธรรม", "ความโปร่งใส", "ตัวชี้วัด", "การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ",
    "การใช้ทรัพย์สินของราชการ", "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน",
    "ประสิทธิภาพการสื่อสาร", "การปรับปรุงการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต",
    "ปีงบประมาณ", "จัดซื้อจัดจ้าง", "ประพฤติมิชอบ", "ผลการดำเนินการ", "ผู้รับผิดชอบ",
)


def clusters(text: str) -> list[str]:
    """The grapheme clusters of ``text`` ("น้ำ" is one cluster, "สวัสดี" is four)."""
    return _CLUSTER.findall(text)


def cluster_bounds(text: str) -> list[int]:
    """Offsets where a cursor may stand: 0, the end of each cluster."""
    bounds = [0]
    for m in _CLUSTER.finditer(text):
        bounds.append(m.end())
    return bounds


def add_words(words: Iterable[str]) -> None:
    """Words this process prefers to keep whole in :func:`words` calls without ``keep`` (the
    editor's agency and unit names). The dictionary itself never changes: rendering passes its
    own ``keep`` and so gives the same breaks in any process."""
    new = {w.strip() for w in words if w and w.strip()}
    with _lock:
        _extra.update(new)


def _get_trie():
    """The dictionary: PyThaiNLP's words and :data:`DOMAIN_WORDS`, built once, never mutated."""
    global _trie
    with _lock:
        if _trie is None:
            from pythainlp.corpus.common import thai_words
            from pythainlp.util import Trie

            _trie = Trie(set(thai_words()) | set(DOMAIN_WORDS))
        return _trie


def warm_up() -> None:
    _get_trie()


@lru_cache(maxsize=4096)
def _segment_cached(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, custom_dict=_get_trie(), engine="newmm",
                               keep_whitespace=True))


# a kept word starts on a cluster (no preposed vowel before it) and ends on one (no mark after)
_MARKS = "\u0E31\u0E33-\u0E3A\u0E47-\u0E4E"


@lru_cache(maxsize=32)
def _keep_pattern(keep: frozenset[str]) -> regex.Pattern | None:
    usable = sorted((w for w in keep if len(w) > 1), key=lambda w: (-len(w), w))
    if not usable:
        return None
    alternation = "|".join(regex.escape(w) for w in usable)
    return regex.compile(f"(?<![\u0E40-\u0E44])(?:{alternation})(?![{_MARKS}])")


def words(text: str, keep: Iterable[str] | None = None) -> list[str]:
    """``text`` cut into words; joining the result gives ``text`` back exactly.

    ``keep``: words never to cut (the report's agency, units, indicator names); each occurrence
    stays one word and the text around it is segmented with the dictionary. None means the
    words given to :func:`add_words`. The result depends only on ``text`` and ``keep``.
    """
    if not text:
        return []
    with _lock:
        chosen = frozenset(_extra) if keep is None else frozenset(keep)
    pattern = _keep_pattern(chosen)
    out: list[str] = []
    pos = 0
    if pattern is not None:
        for m in pattern.finditer(text):
            if m.start() > pos:
                out += _segment_cached(text[pos:m.start()])
            out.append(m.group(0))
            pos = m.end()
    if pos < len(text):
        out += _segment_cached(text[pos:])
    if "".join(out) != text:       # never lose or change a character
        return [text]
    return out


def word_bounds(text: str, keep: Iterable[str] | None = None) -> list[int]:
    """Offsets between words (0 and len(text) included), always on cluster bounds."""
    ok = set(cluster_bounds(text))
    bounds, pos = [0], 0
    for w in words(text, keep):
        pos += len(w)
        if pos in ok and pos != bounds[-1]:
            bounds.append(pos)
    if bounds[-1] != len(text):
        bounds.append(len(text))
    return bounds
