"""Turning what a user typed (CLI argument, form field) into a field's value, and back."""

from __future__ import annotations

import json
from typing import Any

from itatui.core import schema
from itatui.core.errors import RecordError
from itatui.core.thai import to_arabic_digits


def parse_value(spec: schema.Field, text: str, *, path: str = "") -> Any:
    """The value of ``spec`` written as ``text``. Lists: a JSON array or one item per line."""
    kind = spec.kind
    if kind in (schema.STR, schema.TEXT):
        return text
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
            items = [line.strip() for line in text.splitlines() if line.strip()]
        if kind == schema.INT_LIST:
            return [_int(str(i), spec, path) for i in items]
        return [str(i) for i in items]
    if kind == schema.INT:
        return _int(text, spec, path)
    if kind == schema.FLOAT:
        try:
            return float(to_arabic_digits(text.strip()).replace(",", ""))
        except ValueError:
            raise RecordError(f"ต้องเป็นตัวเลข แต่ได้ \"{text}\"", path=path, field=spec.key) from None
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
