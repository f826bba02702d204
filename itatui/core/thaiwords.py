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
_lock = threading.Lock()
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
    """Teach the segmenter more words (the agency's name, its units...)."""
    global _trie
    new = {w.strip() for w in words if w and w.strip()} - _extra
    if not new:
        return
    with _lock:
        _extra.update(new)
        if _trie is not None:
            for w in new:
                _trie.add(w)
        _segment_cached.cache_clear()


def _get_trie():
    global _trie
    with _lock:
        if _trie is None:
            from pythainlp.corpus.common import thai_words
            from pythainlp.util import Trie

            _trie = Trie(set(thai_words()) | set(DOMAIN_WORDS) | _extra)
        return _trie


def warm_up() -> None:
    _get_trie()


@lru_cache(maxsize=4096)
def _segment_cached(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, custom_dict=_get_trie(), engine="newmm",
                               keep_whitespace=True))


def words(text: str) -> list[str]:
    """``text`` cut into words; joining the result gives ``text`` back exactly."""
    if not text:
        return []
    out = list(_segment_cached(text))
    if "".join(out) != text:       # never lose or change a character
        return [text]
    return out


def word_bounds(text: str) -> list[int]:
    """Offsets between words (0 and len(text) included), always on cluster bounds."""
    ok = set(cluster_bounds(text))
    bounds, pos = [0], 0
    for w in words(text):
        pos += len(w)
        if pos in ok and pos != bounds[-1]:
            bounds.append(pos)
    if bounds[-1] != len(text):
        bounds.append(len(text))
    return bounds
