"""Inside a text field, a diff by Thai word.

A line diff of a Thai paragraph shows the whole paragraph changed (Thai has no spaces between
words), so both versions are cut into words with :func:`itatui.core.thaiwords.words` and
compared with :mod:`difflib`. The result is shown like ``git diff --word-diff=plain``::

    ผลการประเมิน[-ร้อยละ ๘๐-]{+ร้อยละ ๙๐+} ของ...

which a text file and a monochrome terminal both show.

The diff is minimal at word level: the segmenter keeps the report's compounds whole
(การป้องกันการทุจริต is one word of its dictionary), so a word inserted inside a compound would
show the whole compound replaced. A replaced run is therefore compared again, cut into the
plain dictionary's words, and only the words that differ there are marked
(การป้องกัน{+และปราบปราม+}การทุจริต). One word replaced by another (กองการศึกษา → กองคลัง)
stays whole: a unit renamed, not a part of it. The faces colour the marked segments
(:func:`marked`): ``itatui diff`` with ANSI codes on a colour terminal, the audit TUI with Rich
styles (red deleted, green inserted).
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from itatui.core.thaiwords import words

EQUAL, DELETE, INSERT = "=", "-", "+"
DEL_OPEN, DEL_CLOSE, INS_OPEN, INS_CLOSE = "[-", "-]", "{+", "+}"

Segment = tuple[str, str]     # (EQUAL|DELETE|INSERT, text)


def tokens(text: str) -> list[str]:
    """Words, with every line break a token of its own (so a new line shows as such)."""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("\n")
        out.extend(words(line))
    return out


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments whose EQUAL+DELETE texts join to ``old`` and EQUAL+INSERT texts to ``new``."""
    a, b = tokens(old or ""), tokens(new or "")
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segs: list[Segment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if segs and segs[-1][0] == op:
            segs[-1] = (op, segs[-1][1] + text)
        else:
            segs.append((op, text))

    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            push(EQUAL, "".join(a[i1:i2]))
        elif tag == "replace":
            for op, text in _refine(a[i1:i2], b[j1:j2]):
                push(op, text)
        else:
            push(DELETE, "".join(a[i1:i2]))
            push(INSERT, "".join(b[j1:j2]))
    return segs


def _bounds(words: list[str]) -> set[int]:
    out, pos = {0}, 0
    for w in words:
        pos += len(w)
        out.add(pos)
    return out


def _affixes(a: list[str], b: list[str]) -> list[Segment]:
    """Words inserted into (or deleted from) a word that the segmenter cut differently on the
    other side (การ → และพัฒนาการ: พัฒนาการ is one word): the shorter text, cut at one of its
    word bounds, is the start and the end of the longer one, which only inserts its middle (on
    grapheme-cluster bounds). Else the whole run replaced."""
    from itatui.core.thaiwords import cluster_bounds

    old, new = "".join(a), "".join(b)
    inserted = len(old) <= len(new)
    short, long_, words = (old, new, a) if inserted else (new, old, b)
    mid = len(long_) - len(short)
    clusters = set(cluster_bounds(long_))
    for cut in sorted(_bounds(words)):
        head, tail = short[:cut], short[cut:]
        if long_.startswith(head) and long_.endswith(tail) and cut in clusters \
                and cut + mid in clusters:
            op = INSERT if inserted else DELETE
            return [seg for seg in ((EQUAL, head), (op, long_[cut:cut + mid]), (EQUAL, tail))
                    if seg[1]]
    return [(DELETE, old), (INSERT, new)]


@lru_cache(maxsize=4096)
def _finer(word: str) -> tuple[str, ...]:
    """``word`` cut with the plain dictionary (no compounds kept whole)."""
    if not word.strip() or len(word) < 4:
        return (word,)
    from pythainlp.tokenize import word_tokenize

    cut = tuple(word_tokenize(word, engine="newmm", keep_whitespace=True))
    return cut if "".join(cut) == word else (word,)


def _refine(old: list[str], new: list[str]) -> list[Segment]:
    """A replaced run of words compared again by finer words: only what differs is marked,
    unless nothing is left unchanged or one word was replaced by another (kept whole)."""
    whole = [(DELETE, "".join(old)), (INSERT, "".join(new))]
    a = [w for word in old for w in _finer(word)]
    b = [w for word in new for w in _finer(word)]
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    if not any(tag == "equal" for tag, *_ in ops):
        return _affixes(a, b) if len(old) + len(new) > 2 else whole
    if len(old) == len(new) == 1 and any(tag == "replace" for tag, *_ in ops):
        return whole                          # one word replaced by another: whole

    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            out.append((EQUAL, "".join(a[i1:i2])))
        else:
            out.append((DELETE, "".join(a[i1:i2])))
            out.append((INSERT, "".join(b[j1:j2])))
    return [seg for seg in out if seg[1]]


def marked(segs: list[Segment]) -> list[Segment]:
    """The segments with their marks: a deleted text as ``[-text-]``, an inserted one as
    ``{+text+}`` (the op kept, so a face can colour them: red deleted, green inserted)."""
    return [(op, text if op == EQUAL else
             f"{DEL_OPEN}{text}{DEL_CLOSE}" if op == DELETE else f"{INS_OPEN}{text}{INS_CLOSE}")
            for op, text in segs]


def to_plain(segs: list[Segment]) -> str:
    """``[-deleted-]{+inserted+}``: the diff as plain text (:func:`marked`, joined)."""
    return "".join(text for _, text in marked(segs))


def changed_words(segs: list[Segment]) -> tuple[list[str], list[str]]:
    """The deleted and the inserted texts (for tests and summaries)."""
    return ([t for op, t in segs if op == DELETE], [t for op, t in segs if op == INSERT])
