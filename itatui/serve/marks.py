"""Thai marks kept on their consonant in the browser's terminal (issue 17).

Textual redraws only the parts of a line that changed ("chops", cut at widget edges), each
after a cursor move (``ESC[row;colH``), and writes a style change (``ESC[...m``) between
segments. When a cut or a segment boundary falls between a consonant and its zero-width mark
(``ด|้``), the mark comes first after an escape sequence. xterm.js forgets the preceding
character at every escape sequence, so such a mark is not joined to the consonant before it:
it takes a cell of its own and pushes the rest of the chop one cell to the right, over the
next chop's first character ("หรืออนุมัติด้วยคำสั่ง" was left as "หรืออนุม ติ วยำสั่ง" in a
toast).

:class:`MarkJoiner` rewrites the app's output on its way to the browser: a mark that follows
escape sequences which left the cursor right after the text printed before them is moved in
front of those sequences (onto its consonant) when they came in the same chunk of output (Textual
writes an update at once); any other mark after an escape sequence is dropped (the cell before
it keeps what it had), so nothing is pushed out of its cell."""

from __future__ import annotations

import codecs
import re

from rich.cells import cell_len

#: Thai characters that have no advance of their own: mai han-akat, the upper and lower vowels,
#: the tone marks and the other signs drawn above a consonant
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_TOKEN = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[^\[]?|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f\x1b]+")
_CUP = re.compile(r"\x1b\[(\d*);?(\d*)H\Z")
_SGR = re.compile(r"\x1b\[[0-9;:]*m\Z")
_LEADING_MARKS = re.compile(f"[{THAI_MARKS}]+")
#: an unfinished escape sequence at the end of a chunk (kept for the next one)
_PARTIAL_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*)?\Z")


class MarkJoiner:
    """One app's output stream (bytes in, bytes out), its cursor followed across chunks."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._carry = ""
        self._at: tuple[int, int] | None = None         # (row, column) of the cursor, if known
        self._after_escape = False      # the last thing sent was an escape sequence

    def feed(self, data: bytes) -> bytes:
        text = self._carry + self._decoder.decode(data)
        partial = _PARTIAL_ESCAPE.search(text)
        self._carry = partial.group(0) if partial else ""
        if partial:
            text = text[:partial.start()]
        return self._join(text).encode("utf-8")

    def _join(self, text: str) -> str:
        out: list[str] = []
        after_text: int | None = None   # index in out after the last text, if escapes follow it
        text_end: tuple[int, int] | None = None         # the cursor right after that text
        for token in _TOKEN.findall(text):
            if token[0] == "\x1b":
                cup = _CUP.match(token)
                if cup:
                    self._at = (int(cup.group(1) or 1), int(cup.group(2) or 1))
                elif not _SGR.match(token):
                    self._at, text_end = None, None
                out.append(token)
                continue
            if token[0] < " " or token == "\x7f":
                self._at, text_end = None, None
                out.append(token)
                continue
            marks = _LEADING_MARKS.match(token)
            if marks and (out[-1][0] == "\x1b" if out else self._after_escape):
                if after_text is not None and text_end is not None and self._at == text_end:
                    out.insert(after_text, marks.group(0))      # onto its consonant
                token = token[marks.end():]
                if not token:
                    continue
            out.append(token)
            after_text = len(out)
            if self._at is not None:
                self._at = (self._at[0], self._at[1] + cell_len(token))
            text_end = self._at
        if out:
            self._after_escape = out[-1][0] == "\x1b"
        return "".join(out)
