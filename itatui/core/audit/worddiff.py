"""Inside a text field, a diff by Thai word.

A line diff of a Thai paragraph shows the whole paragraph changed (Thai has no spaces between
words), so both versions are cut into words with :func:`itatui.core.thaiwords.words` and
compared with :mod:`difflib`. The result is shown like ``git diff --word-diff=plain``::

    ผลการประเมิน[-ร้อยละ ๘๐-]{+ร้อยละ ๙๐+} ของ...

which a text file and a monochrome terminal both show; on a colour terminal the marks are also
coloured (red deleted, green inserted), and :func:`to_rich` gives a Rich ``Text`` for the TUI.
"""

from __future__ import annotations

import difflib

from itatui.core.thaiwords import words

EQUAL, DELETE, INSERT = "=", "-", "+"
DEL_OPEN, DEL_CLOSE, INS_OPEN, INS_CLOSE = "[-", "-]", "{+", "+}"
_RED, _GREEN, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"

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


def to_plain(segs: list[Segment], color: bool = False) -> str:
    """``[-deleted-]{+inserted+}``, coloured with ANSI codes when ``color``."""
    out = []
    for op, text in segs:
        if op == EQUAL:
            out.append(text)
        elif op == DELETE:
            mark = f"{DEL_OPEN}{text}{DEL_CLOSE}"
            out.append(f"{_RED}{mark}{_RESET}" if color else mark)
        else:
            mark = f"{INS_OPEN}{text}{INS_CLOSE}"
            out.append(f"{_GREEN}{mark}{_RESET}" if color else mark)
    return "".join(out)


def to_rich(segs: list[Segment]):
    """A ``rich.text.Text`` with the same marks, deleted in red struck through, inserted green."""
    from rich.text import Text

    text = Text()
    for op, chunk in segs:
        if op == EQUAL:
            text.append(chunk)
        elif op == DELETE:
            text.append(f"{DEL_OPEN}{chunk}{DEL_CLOSE}", style="bold red strike")
        else:
            text.append(f"{INS_OPEN}{chunk}{INS_CLOSE}", style="bold green")
    return text


def changed_words(segs: list[Segment]) -> tuple[list[str], list[str]]:
    """The deleted and the inserted texts (for tests and summaries)."""
    return ([t for op, t in segs if op == DELETE], [t for op, t in segs if op == INSERT])
