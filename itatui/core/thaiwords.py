"""Thai grapheme clusters and words.

Thai has no spaces between words, so line breaking, word-wise cursor moves and word-level diffs
need a segmenter. This module wraps PyThaiNLP's ``newmm`` with a domain dictionary (the agency's
units, ITA indicator names, agency types) so that compounds such as กองการศึกษา and สำนักปลัด stay
whole. The dictionary is made on first use (:class:`WordTrie`, about 0.04 s; PyThaiNLP's own
trie took 0.35 s); :func:`warm_up` does it off the start path.

Rendering segments the same report texts run after run: inside :func:`remember_segments` the
cuts are also kept on disk (:class:`SegmentMemo`, ``$XDG_CACHE_HOME/itatui``) under a key made
from the dictionary (PyThaiNLP's version and files, :data:`DOMAIN_WORDS`), so a re-render loads
neither PyThaiNLP nor its dictionary. A hit gives exactly what the segmenter would; a missing,
unreadable or corrupt memo is ignored and rebuilt.

Grapheme clusters (a consonant with its vowel and tone marks) come from the ``regex`` module's
``\\X``; a cursor or an edit must never split one.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import importlib.util
import json
import os
import tempfile
import threading
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

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


class WordTrie:
    """The dictionary as newmm uses it, without building a trie up front.

    PyThaiNLP's ``Trie`` makes a node object for every prefix of every one of its 62,000
    words (about 0.35 s, on every run). This holds the words sorted instead and makes a node
    only when a lookup first reaches it: the words under a prefix are a contiguous range of the
    sorted list, found by bisection. :meth:`prefixes`, ``in`` and ``len`` answer exactly as
    ``pythainlp.util.Trie`` built from the same words does (words are stripped as ``Trie.add``
    strips them), so ``word_tokenize(..., custom_dict=WordTrie(...))`` cuts text identically.
    Read-only; safe to share between threads (two threads may make the same node twice).
    """

    __slots__ = ("_words", "_root")

    def __init__(self, words: Iterable[str] = (), *, sorted_words: Sequence[str] | None = None):
        if sorted_words is None:
            sorted_words = sorted({w.strip() for w in words} - {""})
        self._words = sorted_words
        self._root = _Node(0, len(sorted_words), False)

    @property
    def sorted_words(self) -> Sequence[str]:
        return self._words

    def _child(self, node: "_Node", prefix: str) -> "_Node | None":
        words = self._words
        lo = bisect_left(words, prefix, node.lo, node.hi)
        if lo == node.hi or not words[lo].startswith(prefix):
            return None
        last = ord(prefix[-1])
        hi = (node.hi if last == 0x10FFFF else
              bisect_left(words, prefix[:-1] + chr(last + 1), lo, node.hi))
        return _Node(lo, hi, words[lo] == prefix)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text[start:]`` begins with, shortest first (as ``Trie.prefixes``)."""
        res = []
        node = self._root
        i, n = start, len(text)
        while i < n:
            kids = node.kids
            ch = text[i]
            if ch in kids:
                child = kids[ch]
            else:
                child = kids[ch] = self._child(node, text[start:i + 1])
            if child is None:
                break
            i += 1
            if child.end:
                res.append(text[start:i])
            node = child
        return res

    def __contains__(self, key: str) -> bool:
        i = bisect_left(self._words, key)
        return i < len(self._words) and self._words[i] == key

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


class _Node:
    __slots__ = ("lo", "hi", "end", "kids")

    def __init__(self, lo: int, hi: int, end: bool):
        self.lo, self.hi, self.end = lo, hi, end
        self.kids: dict[str, _Node | None] = {}


def _dictionary_words() -> set[str]:
    from pythainlp.corpus.common import thai_words

    return set(thai_words()) | set(DOMAIN_WORDS)


def _get_trie() -> WordTrie:
    """The dictionary: PyThaiNLP's words and :data:`DOMAIN_WORDS`, made once, never mutated."""
    global _trie
    with _lock:
        if _trie is None:
            _trie = WordTrie(_dictionary_words())
        return _trie


def warm_up() -> None:
    _get_trie()


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is in the dictionary (PyThaiNLP's words and :data:`DOMAIN_WORDS`)."""
    return word in _get_trie()


@lru_cache(maxsize=4096)
def _segment_cached(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, custom_dict=_get_trie(), engine="newmm",
                               keep_whitespace=True))


# --- the segmentation memo on disk ---------------------------------------------------------

#: Bumped whenever what a memo entry means changes (the engine, its options, WordTrie).
MEMO_FORMAT = "itatui-segments 1: newmm, keep_whitespace, thai_words + DOMAIN_WORDS"
#: Entries kept at most; past it, the entries this process did not use are dropped.
MEMO_MAX_ENTRIES = 20000
#: PyThaiNLP's files that decide a cut (their size and time enter the memo's key).
_PYTHAINLP_FILES = ("corpus/words_th.txt", "tokenize/newmm.py", "tokenize/core.py",
                    "tokenize/tcc_p.py")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/itatui`` (``~/.cache/itatui`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "itatui"


def dictionary_key() -> str | None:
    """What the segmenter's output depends on, as a short digest: PyThaiNLP's version and the
    size and time of its dictionary and segmenter files, :data:`DOMAIN_WORDS` and
    :data:`MEMO_FORMAT`. Found without importing PyThaiNLP. None when PyThaiNLP is not found."""
    try:
        spec = importlib.util.find_spec("pythainlp")
        places = list(spec.submodule_search_locations or []) if spec else []
        if not places:
            return None
        base = Path(places[0])
        parts = [MEMO_FORMAT, "\n".join(DOMAIN_WORDS)]
        parts += sorted(p.name for p in base.parent.glob("pythainlp-*.dist-info"))
        for name in _PYTHAINLP_FILES:
            st = (base / name).stat()
            parts.append(f"{name} {st.st_size} {st.st_mtime_ns}")
    except (OSError, ImportError, ValueError):
        return None
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:24]


class SegmentMemo:
    """Cuts made before, kept in one JSON file per dictionary key.

    Read once, on first use; entries are checked when used (a list of strings that joins back
    into the text), so a damaged file costs only the time to segment again. Written, only when
    something new was segmented, to a temporary file then renamed into place (atomic; entries
    another process wrote meanwhile are merged in). Any error reading or writing is ignored.
    """

    def __init__(self, folder: Path, key: str):
        self.path = folder / f"segments-{key}.json"
        self._lock = threading.Lock()
        self._loaded: dict | None = None
        self._used: set[str] = set()
        self._new: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def _read(path: Path) -> dict:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return {}
        entries = data.get("segments") if isinstance(data, dict) else None
        return entries if isinstance(entries, dict) else {}

    def get(self, text: str) -> tuple[str, ...] | None:
        with self._lock:
            if self._loaded is None:
                self._loaded = self._read(self.path)
            if text in self._new:
                return self._new[text]
            value = self._loaded.get(text)
            if (not isinstance(value, list) or not all(isinstance(w, str) for w in value)
                    or "".join(value) != text):
                return None
            self._used.add(text)
            return tuple(value)

    def put(self, text: str, cut: tuple[str, ...]) -> None:
        with self._lock:
            self._new[text] = cut

    def save(self) -> None:
        """Write the memo if this process segmented anything new (atomically)."""
        with self._lock:
            if not self._new:
                return
            entries = self._read(self.path)          # what others wrote since we read
            entries.update({t: list(c) for t, c in self._new.items()})
            if len(entries) > MEMO_MAX_ENTRIES:
                keep = self._used | set(self._new)
                entries = {t: c for t, c in entries.items() if t in keep}
            payload = json.dumps({"format": MEMO_FORMAT, "segments": entries},
                                 ensure_ascii=False, separators=(",", ":"))
            tmp = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".segments-", suffix=".tmp",
                                           dir=self.path.parent)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(payload)
                os.replace(tmp, self.path)
                tmp = None
            except OSError:
                pass
            finally:
                if tmp is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
            self._loaded = entries
            self._new = {}


_memo: SegmentMemo | None = None
_memo_made = False
_REMEMBER: contextvars.ContextVar[SegmentMemo | None] = contextvars.ContextVar(
    "itatui_segment_memo", default=None)


def segment_memo() -> SegmentMemo | None:
    """This process's memo (None when there is no key: PyThaiNLP not found)."""
    global _memo, _memo_made
    with _lock:
        if not _memo_made:
            key = dictionary_key()
            _memo = SegmentMemo(cache_dir(), key) if key else None
            _memo_made = True
        return _memo


@contextlib.contextmanager
def remember_segments(memo: SegmentMemo | None = None):
    """Within this block (this thread or task), :func:`words` reuses and records cuts in the
    memo on disk (``memo``, else :func:`segment_memo`), written when the block ends. For text
    that comes back run after run (a report being rendered), not for text being typed."""
    memo = memo if memo is not None else segment_memo()
    token = _REMEMBER.set(memo)
    try:
        yield memo
    finally:
        _REMEMBER.reset(token)
        if memo is not None and _REMEMBER.get() is not memo:
            memo.save()


def _segment(text: str) -> tuple[str, ...]:
    memo = _REMEMBER.get()
    if memo is None:
        return _segment_cached(text)
    cut = memo.get(text)
    if cut is None:
        cut = _segment_cached(text)
        memo.put(text, cut)
    return cut


# a kept word starts on a cluster (no preposed vowel before it) and ends on one (no mark after)
_MARKS = "\u0E31\u0E33-\u0E3A\u0E47-\u0E4E"


#: words kept whole in every text, whatever ``keep`` says: newmm cuts "มาตรการตาม" as
#: มาตร|การตาม (two words either way; it picks the wrong pair), so a line could break inside
#: the word the plan is made of ("กำหนดมาตร / การตามตารางนี้"); newmm gives ไม่|น้อยกว่า, so a
#: plan's target cell could read "ไม่ / น้อยกว่า ๘๕ คะแนน" across two lines
ALWAYS_WHOLE = frozenset({"มาตรการ", "ไม่น้อยกว่า"})


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
    words given to :func:`add_words`. :data:`ALWAYS_WHOLE` is kept in any case (the text is
    cut again around it only when the dictionary's cut went through it). The result depends
    only on ``text`` and ``keep``.
    """
    if not text:
        return []
    with _lock:
        chosen = frozenset(_extra) if keep is None else frozenset(keep)
    out = _words(text, chosen)
    if not chosen >= ALWAYS_WHOLE and _cuts_whole_word(text, out):
        out = _words(text, chosen | ALWAYS_WHOLE)
    return out


def _cuts_whole_word(text: str, cut: list[str]) -> bool:
    """Does ``cut`` (the words of ``text``) break an occurrence of :data:`ALWAYS_WHOLE`?"""
    pattern = _keep_pattern(ALWAYS_WHOLE)
    if pattern is None or not any(w in text for w in ALWAYS_WHOLE):
        return False
    bounds, pos = set(), 0
    for w in cut:
        pos += len(w)
        bounds.add(pos)
    return any(b in bounds for m in pattern.finditer(text) for b in range(m.start() + 1, m.end()))


def _words(text: str, chosen: frozenset[str]) -> list[str]:
    pattern = _keep_pattern(chosen)
    out: list[str] = []
    pos = 0
    if pattern is not None:
        for m in pattern.finditer(text):
            if m.start() > pos:
                out += _segment(text[pos:m.start()])
            out.append(m.group(0))
            pos = m.end()
    if pos < len(text):
        out += _segment(text[pos:])
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
