"""Inside a text field, a diff by Thai word.

A line diff of a Thai paragraph shows the whole paragraph changed (Thai has no spaces between
words), so both versions are cut into words with :func:`itatui.core.thaiwords.words` and
compared with :mod:`difflib`. The result is shown like ``git diff --word-diff=plain``::

    ผลการประเมิน[-ร้อยละ ๘๐-]{+ร้อยละ ๙๐+} ของ...

which a text file and a monochrome terminal both show. The faces colour the marked segments
(:func:`marked`): ``itatui diff`` with ANSI codes on a colour terminal, the audit TUI with Rich
styles (red deleted, green inserted).
"""

from __future__ import annotations

import difflib

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
        else:
            push(DELETE, "".join(a[i1:i2]))
            push(INSERT, "".join(b[j1:j2]))
    return segs


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
