"""Turning what a user typed (CLI argument, form field) into a field's value, and back."""

from __future__ import annotations

import json
from typing import Any

from itatui.core import controlchars, schema
from itatui.core.errors import RecordError
from itatui.core.thai import to_arabic_digits, to_thai_digits


def parse_value(spec: schema.Field, text: str, *, path: str = "", key: str = "") -> Any:
    """The value of ``spec`` written as ``text``. Lists: a JSON array or one item per line.
    A control character (:mod:`itatui.core.controlchars`) is refused with a Thai
    :class:`RecordError` naming the field (``key``: its whole dotted key, when ``spec`` is the
    field of a table such as ``approvals.0.comment``)."""
    kind = spec.kind
    name = f"{spec.label} ({key or spec.key})"
    if kind in (schema.STR, schema.TEXT):
        controlchars.refuse(text, path=path or None, field=name)
        # one line: a space left at its end (ctrl+w, a paste) is not kept
        return text.rstrip() if kind == schema.STR else text
    if kind in (schema.LIST, schema.INT_LIST):
        stripped = text.strip()
        items: list
        if stripped.startswith("["):
            try:
                items = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise RecordError(f"รายการ JSON ไม่ถูกต้อง ({exc.msg})", path=path,
                                  field=spec.key) from None
            if not isinstance(items, list):
                raise RecordError("ต้องเป็นรายการ", path=path, field=spec.key)
        else:
            # before splitting: splitlines() would also cut at FF, VT, FS, GS, RS and NEL
            controlchars.refuse([ln for ln in text.split("\n") if ln.strip()],
                                path=path or None, field=name)
            items = [line.strip() for line in text.splitlines() if line.strip()]
        if kind == schema.INT_LIST:
            return [_int(str(i), spec, path) for i in items]
        controlchars.refuse([str(i) for i in items], path=path or None, field=name)
        return [str(i) for i in items]
    if kind == schema.INT:
        return _int(text, spec, path)
    if kind == schema.FLOAT:
        try:
            number = float(to_arabic_digits(text.strip()).replace(",", ""))
        except ValueError:
            raise RecordError(f"ต้องเป็นตัวเลข แต่ได้ \"{text}\"", path=path, field=spec.key) from None
        if number != number or number in (float("inf"), float("-inf")):   # nan, inf, 1e400
            raise RecordError(f"ต้องเป็นตัวเลข แต่ได้ \"{text}\" (ไม่ใช่จำนวนที่เขียนเป็นทศนิยมได้)",
                              path=path, field=spec.key)
        return number
    controlchars.refuse(text, path=path or None, field=name)
    return text


def _int(text: str, spec: schema.Field, path: str) -> int:
    try:
        return int(to_arabic_digits(text.strip()))
    except ValueError:
        raise RecordError(f"ต้องเป็นจำนวนเต็ม แต่ได้ \"{text}\"", path=path, field=spec.key) from None


def format_value(spec: schema.Field, value: Any) -> str:
    """How a form shows a value for editing (lists: one item per line)."""
    if value is None:
        return ""
    if spec.kind in (schema.LIST, schema.INT_LIST):
        return "\n".join(str(v) for v in value)
    if spec.kind == schema.FLOAT and isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def form_text(spec: schema.Field, value: Any, digits: str = "thai") -> str:
    """How the editor's form shows a value: :func:`format_value`, with the numbers (INT, FLOAT,
    INT_LIST) in the officer's ``digits`` ("thai": ๘, ๘๕). A score keeps the two decimals its
    file keeps (๘๕.๐๐); another number (a measure's target score, written 85.0) shows as the
    officer typed it: ๘๕ when whole, ๘๗.๕ else. :func:`parse_value` reads either digits back."""
    if value is None:
        return ""
    if (spec.kind == schema.FLOAT and isinstance(value, (int, float))
            and not isinstance(value, bool) and not _is_score(spec)):
        number = float(value)
        text = str(int(number)) if number.is_integer() else repr(number)
    else:
        text = format_value(spec, value)
    if spec.kind in (schema.INT, schema.FLOAT, schema.INT_LIST) and digits == "thai":
        return to_thai_digits(text)
    return text


def _is_score(spec: schema.Field) -> bool:
    """A field of the scores record (its keys are ``<year>.<indicator>``)."""
    return spec.key.partition(".")[0].isdigit()


class WrittenFloat(float):
    """A number as a record's file writes it: equal to the float, shown as written
    (``100.00`` stays ``100.00``, not ``100.0``). The history views read versions with it
    (``tomli.loads(text, parse_float=WrittenFloat)``), so a diff or a blame shows scores with
    the two decimals the file keeps."""

    __slots__ = ("written",)

    def __new__(cls, text: str) -> "WrittenFloat":
        obj = super().__new__(cls, text.replace("_", ""))
        obj.written = text
        return obj

    def __str__(self) -> str:
        return self.written

    def __reduce__(self):
        return (WrittenFloat, (self.written,))


def decimals_of(written: str) -> int | None:
    """How many decimals a number written as ``written`` has (``100.00``: 2), None when it is
    not written with a decimal point (``1e3``, ``inf``, ``100``)."""
    body = written.strip().replace("_", "").lstrip("+-")
    if "e" in body.lower() or "." not in body or not body.replace(".", "", 1).isdigit():
        return None
    return len(body.split(".", 1)[1])


def written_like(value: float, decimals: int | None) -> str | None:
    """``value`` written with ``decimals`` decimals (``99.5`` with 2: ``99.50``), or None when
    that would lose a digit of it (``99.125`` with 2) or there is no form to follow."""
    if decimals is None or value != value or value in (float("inf"), float("-inf")):
        return None
    text = f"{value:.{decimals}f}"
    return text if float(text) == value else None
