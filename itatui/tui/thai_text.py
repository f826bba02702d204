"""Thai text in Textual's editors: grapheme clusters for the cursor, word breaks for soft wrap.

Textual moves the cursor one code point at a time, so it can stop between a consonant and its
vowel or tone mark, and a deletion there corrupts the word ("สวัสดี" -> "สวัสี"). Textual's soft
wrap breaks only at spaces, and Thai writes no spaces between words, so a Thai line is cut
mid-word. The clusters and the words come from :mod:`itatui.core.thaiwords` (``regex``'s ``\\X``
and PyThaiNLP ``newmm`` with the domain dictionary); this module adapts them to Textual. The
dictionary is loaded off the start-up path by :func:`load_segmenter`; until then soft wrap breaks
at spaces only.

Every other text Textual and Rich wrap (labels, panels, dialogs, notifications, tables, Markdown)
breaks between Thai words too, and a path after its "/": :func:`install_text_wrap`; what was laid
out before the dictionary loaded is laid out again by :func:`rewrap`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator


def _thaiwords():
    """The clusters and words module (``regex``, PyThaiNLP): imported on first use, not on the
    start-up path."""
    from itatui.core import thaiwords

    return thaiwords

_THAI = re.compile(r"[\u0E00-\u0E7F]")
# characters that must stay with the word before them (repetition and abbreviation marks)
_NO_BREAK_BEFORE = set("ๆฯ")


def _glues_to_previous(part: str) -> bool:
    """A word that a line must not start with: ๆ, ฯ, closing brackets and punctuation."""
    first = part[0]
    return first in _NO_BREAK_BEFORE or unicodedata.category(first) in ("Pe", "Pf", "Po")


def _glues_to_next(part: str, first: bool = False) -> bool:
    """A word that a line must not end with: an opening bracket or quote, or (``first``: at
    the start of a run of text) a straight quote, which opens there: '"บ้านเรือน"'."""
    return (unicodedata.category(part[-1]) in ("Ps", "Pi")
            or (first and part.strip("\"'") == ""))


# -- grapheme clusters ---------------------------------------------------------------------
@lru_cache(maxsize=2048)
def cluster_bounds(text: str) -> tuple[int, ...]:
    """Every index of ``text`` where a cursor may stand (0 and len(text) included)."""
    return tuple(_thaiwords().cluster_bounds(text))


def _bisect_floor(bounds: tuple[int, ...], index: int) -> int:
    lo, hi = 0, len(bounds) - 1
    if index <= bounds[0]:
        return bounds[0]
    if index >= bounds[hi]:
        return bounds[hi]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if bounds[mid] <= index:
            lo = mid
        else:
            hi = mid - 1
    return bounds[lo]


def floor_boundary(text: str, index: int) -> int:
    """The cluster boundary at or before ``index``."""
    if index <= 0:
        return 0
    if index >= len(text):
        return len(text)
    return _bisect_floor(cluster_bounds(text), index)


def prev_boundary(text: str, index: int) -> int:
    """The cluster boundary before ``index`` (one cluster to the left)."""
    if index <= 0:
        return 0
    return floor_boundary(text, min(index, len(text)) - 1)


def next_boundary(text: str, index: int) -> int:
    """The cluster boundary after ``index`` (one cluster to the right)."""
    if index >= len(text):
        return len(text)
    bounds = cluster_bounds(text)
    for b in bounds:
        if b > index:
            return b
    return len(text)


def backspace_start(text: str, index: int) -> int:
    """Where Backspace at ``index`` starts deleting.

    In a Thai cluster Backspace removes the last code point typed (a wrong tone mark can be
    retyped without retyping the consonant, as Thai keyboards behave); what remains is always a
    whole cluster. Any other cluster (emoji, accented Latin) goes as a whole.
    """
    index = floor_boundary(text, index)
    if index <= 0:
        return 0
    start = prev_boundary(text, index)
    cluster = text[start:index]
    if len(cluster) > 1 and _THAI.search(cluster):
        return index - 1
    return start


def _label_clusters(text: str) -> list[str]:
    """Clusters for shortening a label without loading ``regex``: a character joins the one
    before it when it is a combining mark (Thai vowels above/below, tone marks) or SARA AM."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u0e33\u200d"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def is_thai(text: str) -> bool:
    return _THAI.search(text) is not None


def shorten(text: str, cells: int) -> str:
    """``text`` on one line, cut to at most ``cells`` cells with "…" (see :func:`cut_index`)."""
    from rich.cells import cell_len

    text = " ".join(text.split())
    if cell_len(text) <= cells:
        return text
    return text[:cut_index(text, cells - 1)].rstrip() + "…"


def cut_index(text: str, cells: int) -> int:
    """Where to cut ``text`` so that ``text[:index]`` fits in ``cells`` cells: at the end of the
    last word that fits whole (words as :func:`text_words` gives them: at spaces, between Thai
    words once the segmenter is loaded, after the "/" of a path); only when not even the first
    word fits, at the last grapheme cluster that does. Loads nothing (no ``regex``)."""
    from rich.cells import cell_len

    if cell_len(text) <= cells:
        return len(text)
    best = 0
    for start, _end, chunk in text_words(text):
        stop = start + len(chunk.rstrip())
        if stop > start and cell_len(text[:stop]) > cells:
            break
        if text[:stop].strip():
            best = stop
    if best:
        return best
    used = index = 0
    for cluster in _label_clusters(text):
        used += cell_len(cluster)
        if used > cells:
            break
        index += len(cluster)
    return index


# -- word segmentation ---------------------------------------------------------------------
_ready = False


def segmenter_ready() -> bool:
    return _ready


def load_segmenter(extra_words: Iterable[str] = ()) -> bool:
    """Load the Thai word dictionary (about 0.4 s) with the agency's own words; call it from a
    worker thread. Returns False when it cannot be loaded: soft wrap then breaks at spaces."""
    global _ready
    try:
        thaiwords = _thaiwords()
        thaiwords.add_words(w for w in extra_words if w and " " not in w.strip())
        thaiwords.warm_up()
        thaiwords.words("ทดสอบการตัดคำ")
    except Exception:  # pragma: no cover - PyThaiNLP missing or broken
        return False
    _words.cache_clear()
    _ready = True
    return True


@lru_cache(maxsize=8192)
def _words(word: str) -> tuple[str, ...]:
    """A run of non-space text split into the words a line may break between."""
    if not _ready or not is_thai(word):
        return (word,)
    try:
        parts = [p for p in _thaiwords().words(word) if p]
    except Exception:
        return (word,)
    if "".join(parts) != word:
        return (word,)
    merged: list[str] = []
    for p in parts:
        if merged and (_glues_to_previous(p) or _glues_to_next(merged[-1], len(merged) == 1)
                       or floor_boundary(merged[-1] + p, len(merged[-1])) != len(merged[-1])):
            merged[-1] += p        # never break inside a cluster or around ๆ ฯ , ( )
        else:
            merged.append(p)
    return tuple(merged)


_WORD_AND_SPACE = re.compile(r"(\S+)(\s*)|\s+")


def thai_chunks(text: str) -> Iterator[tuple[int, int, str]]:
    """Like ``textual._wrap.chunks`` (a word with its trailing spaces), with Thai words split."""
    end = 0
    while (m := _WORD_AND_SPACE.match(text, end)) is not None and m.end() > end:
        start, end = m.span()
        word = m.group(1)
        if not word or not _ready or not is_thai(word):
            yield start, end, m.group(0)
            continue
        parts = _words(word)
        pos = start
        for i, part in enumerate(parts):
            stop = pos + len(part)
            if i == len(parts) - 1:
                stop = end               # trailing spaces stay with the last word
            yield pos, stop, text[pos:stop]
            pos = stop


def word_starts(line: str) -> list[int]:
    """Where the words of ``line`` start (Thai words from the segmenter, others at spaces)."""
    return [start for start, _end, chunk in thai_chunks(line) if chunk.strip()]


def word_left(text: str, index: int) -> int | None:
    """The start of the word before ``index`` for a word jump in Thai text, or None to let
    the widget use its own rule (no Thai there, or the segmenter is not loaded yet)."""
    if index <= 0 or not _ready or not is_thai(text[:index]):
        return None
    starts = [s for s in word_starts(text) if s < index]
    return starts[-1] if starts else 0


def word_right(text: str, index: int) -> int | None:
    """The start of the next word after ``index`` (or the end), or None (see word_left)."""
    if index >= len(text) or not _ready or not is_thai(text[index:]):
        return None
    starts = [s for s in word_starts(text) if s > index]
    return starts[0] if starts else len(text)


# -- every other text: labels, panels, dialogs, notifications --------------------------------
_PATH_CUT = re.compile(r"(?<=/)(?=[^/])")


def _breaks(token: str) -> list[int]:
    """Where a run of non-space text may be broken: between Thai words (the segmenter, as in
    :func:`thai_chunks`) and after each "/" of a path (never inside a file or folder name)."""
    cuts: list[int] = []
    if _ready and is_thai(token):
        pos = 0
        for part in _words(token)[:-1]:
            pos += len(part)
            cuts.append(pos)
    if "/" in token:
        cuts.extend(m.start() for m in _PATH_CUT.finditer(token) if m.start() < len(token))
    return sorted(set(c for c in cuts if 0 < c < len(token)))


_RICH_WORD = re.compile(r"\s*\S+\s*")


def text_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Like ``rich._wrap.words`` (a word with the spaces around it), with Thai words and the
    parts of a path ("records/", "measures/", "01-01.toml") as words of their own."""
    position = 0
    while (m := _RICH_WORD.match(text, position)) is not None:
        start, end = m.span()
        chunk = m.group(0)
        core = chunk.strip()
        cuts = _breaks(core) if core and (not core.isascii() or "/" in core) else []
        if not cuts:
            yield start, end, chunk
        else:
            lead = start + (len(chunk) - len(chunk.lstrip()))
            edges = [start] + [lead + c for c in cuts] + [end]
            for a, b in zip(edges, edges[1:]):
                yield a, b, text[a:b]
        position = end


def rewrap(app) -> None:
    """Lay out again every text shown on every screen of ``app`` (the segmenter has loaded:
    texts laid out before it broke at spaces only)."""
    from textual.content import Content
    from textual.widgets import OptionList, Static, Tree

    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=False):
            if isinstance(widget, Static) and isinstance(widget.visual, Content):
                widget.visual._height_cache = (None, 0)    # its height as broken at spaces
            elif isinstance(widget, OptionList):
                widget._clear_caches()
            elif isinstance(widget, Tree):
                widget._invalidate()            # labels cut to its width at spaces only
            widget.refresh(layout=True)


def agency_words(root) -> list[str]:
    """The agency's unit names and its name in the records under ``root`` (the words the
    editor keeps whole too), or none when they cannot be read."""
    from itatui.core.form_values import AGENCY, UNITS, domain_words
    from itatui.core.records import RecordStore

    store = RecordStore(root)
    try:
        return domain_words({path: store.load(path) for path in (UNITS, AGENCY)})
    except Exception:
        return []


def wrap_by_word(app, root=None) -> None:
    """For an app other than the editor (the audit app): break its texts between Thai words,
    keeping the agency's names under ``root`` whole. The segmenter is loaded in a thread (texts
    shown meanwhile are laid out again when it is); when it is loaded already, at once."""
    if not install_thai_wrap():  # pragma: no cover
        return
    if _ready:
        load_segmenter(agency_words(root) if root is not None else ())
        return

    def load() -> None:
        if load_segmenter(agency_words(root) if root is not None else ()):
            app.call_from_thread(rewrap, app)

    app.run_worker(load, thread=True, group="thai-words", exit_on_error=False)


_installed = False
_text_installed = False


def install_text_wrap() -> bool:
    """Make every wrapped text of Textual and Rich (Static, labels, option lists, toasts,
    Markdown: ``textual.content.Content`` wraps with ``rich._wrap.divide_line``) break between
    Thai words and after the "/" of a path, as TextArea does with :func:`install_thai_wrap`.

    ``divide_line`` splits a line with the module-level ``words`` function; it is replaced by
    :func:`text_words`, which gives the same words for text without Thai or "/". U+200B
    between words would not do: Rich's ``\\S`` counts it as part of a word (it is not a space),
    so it gives no break, and it would be copied with a selection. Idempotent."""
    global _text_installed
    if _text_installed:
        return True
    try:
        from rich import _wrap as rich_wrap
    except ImportError:  # pragma: no cover
        return False
    if not callable(getattr(rich_wrap, "words", None)):  # pragma: no cover
        return False
    rich_wrap.words = text_words
    _text_installed = True
    return True


def install_thai_wrap() -> bool:
    """Make TextArea's soft wrap break between Thai words too, and every other wrapped text
    (:func:`install_text_wrap`); idempotent.

    Textual's wrapper (``textual._wrap.compute_wrap_offsets``) splits a line into chunks with the
    module-level ``chunks`` function; it is replaced by :func:`thai_chunks`, which gives the same
    chunks for text without Thai. Returns False if this Textual has no such function.
    """
    global _installed
    if _installed:
        return True
    try:
        from textual import _wrap
    except ImportError:  # pragma: no cover
        return False
    if not callable(getattr(_wrap, "chunks", None)):  # pragma: no cover
        return False
    _wrap.chunks = thai_chunks
    _installed = True
    return install_text_wrap()
