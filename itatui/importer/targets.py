"""A measure's target read back from its outcome cell.

itatui's report prints, before the outcome of a measure that sets a target, the line
"เป้าหมาย: ตัวชี้วัดที่ ๘ <the indicator's name> ไม่น้อยกว่า ๘๕ คะแนน"
(:func:`itatui.render.targets.target_line`). Read here in Thai or Arabic digits, with or without
the indicator's name, a whole or decimal score (๘๗.๕), on a line of its own or run into the
outcome by a PDF conversion; the outcome keeps what follows it, as written.

A cell starting with "เป้าหมาย" without the colon, or not followed by ตัวชี้วัดที่ N or
ไม่น้อยกว่า N คะแนน, is an outcome the officer wrote and stays one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itatui.core.rules.textutil import squash
from itatui.core.thai import to_arabic_digits

_DIGITS = "[0-9๐-๙]"
#: the label, with its colon as itatui prints it ("เป้าหมายของโครงการ..." is an outcome)
LABEL = re.compile(r"^เป้า\s?หมาย\s*[:：]\s*")
INDICATOR = re.compile(rf"^ตัว\s?ชี้\s?วัด\s?ที่\s*({_DIGITS}{{1,2}})(?!{_DIGITS})\s*")
SCORE = re.compile(rf"ไม่\s?น้อย\s?กว่า\s*({_DIGITS}{{1,3}}(?:\.{_DIGITS}+)?)\s*คะ\s?แนน\s*")


@dataclass
class Target:
    indicator: int | None = None
    score: float | None = None
    name: str = ""            # the indicator's name as the document wrote it ("" if none)


def _number(text: str) -> str:
    return to_arabic_digits(text)


def take_target(parts: list[str], names: dict[int, str]) -> tuple[Target | None, list[str]]:
    """``parts``: an outcome cell's paragraphs (spaces normalised). When the first opens with a
    target line: the target and the paragraphs of the outcome (what followed the target in the
    first paragraph, if anything, then the others); else (None, parts). ``names``: the
    catalogue's indicator names, which tell where a name ends when no score follows it."""
    if not parts:
        return None, parts
    first = parts[0]
    label = LABEL.match(first)
    if not label:
        return None, parts
    text = first[label.end():]
    target = Target()
    ind = INDICATOR.match(text)
    if ind:
        target.indicator = int(_number(ind.group(1)))
        text = text[ind.end():]
    score = SCORE.search(text)
    if score and target.indicator is not None and not _a_name(text[:score.start()],
                                                             names.get(target.indicator, "")):
        score = None                         # "ไม่น้อยกว่า ... คะแนน" of the outcome's own text
    if score and (score.start() == 0 or target.indicator is not None):
        target.name = text[:score.start()].strip()
        target.score = float(_number(score.group(1)))
        rest = text[score.end():].strip()
    elif target.indicator is not None:
        target.name, rest = _name_and_rest(text, names.get(target.indicator, ""),
                                           own_line=len(parts) > 1)
    else:
        return None, parts                   # "เป้าหมาย" in an outcome the officer wrote
    return target, ([rest] if rest else []) + list(parts[1:])


def _a_name(text: str, catalogue_name: str) -> bool:
    """``text`` (between ตัวชี้วัดที่ N and ไม่น้อยกว่า) can be an indicator's name: empty, or
    not much longer than the catalogue's name (a document may name it the old way)."""
    return len(squash(text)) <= max(60, 2 * len(squash(catalogue_name)))


def _name_and_rest(text: str, catalogue_name: str, *, own_line: bool) -> tuple[str, str]:
    """No score: the name runs to the end of the paragraph when other paragraphs follow (a
    line of its own); else, in one paragraph with the outcome, it is the catalogue's name if
    the text starts with it (its spaces may differ) and nothing otherwise."""
    if own_line:
        return text.strip(), ""
    want = squash(catalogue_name)
    if want:
        got = ""
        for k, ch in enumerate(text):
            if not ch.isspace():
                got += to_arabic_digits(ch)
            if got == want:
                return text[:k + 1].strip(), text[k + 1:].strip()
            if not want.startswith(got):
                break
    return "", text.strip()


def name_differs(target: Target, names: dict[int, str]) -> bool:
    """The document names the targeted indicator otherwise than the catalogue does."""
    if not target.name or target.indicator is None:
        return False
    return squash(target.name) != squash(names.get(target.indicator, ""))
