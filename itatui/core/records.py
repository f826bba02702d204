"""The records of one repository: find them, load them (a broken one does not stop the others),
change fields and write them back."""

from __future__ import annotations

import copy
import errno
import tomllib
from pathlib import Path
from typing import Any

from itatui.core import schema
from itatui.core.errors import RecordError

_UNSET = object()


class Record:
    """One TOML file under ``records/``.

    A record loaded by :meth:`RecordStore.load` is read with the standard ``tomllib`` (fast):
    :meth:`get` and :meth:`data` answer from that. Its tomlkit document (``doc``, which keeps
    comments and layout for writing back) is parsed on first use, so showing the report does
    not pay for tomlkit; the record reads and writes the same either way.
    """

    def __init__(self, path: str, kind: schema.Kind, text: str = "", doc: Any = None,
                 error: RecordError | None = None) -> None:
        self.path = path               # relative to the repository root, with forward slashes
        self.kind = kind
        self.text = text               # the bytes on disk when loaded (decoded)
        self._doc = doc                # tomlkit document; None when the file is broken
        self._data: Any = _UNSET       # the tomllib reading, until ``doc`` is parsed
        self.error = error

    def __repr__(self) -> str:
        return (f"Record(path={self.path!r}, kind={self.kind!r}, text={self.text!r}, "
                f"doc={self.doc!r}, error={self.error!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return ((self.path, self.kind, self.text, self.doc, self.error)
                == (other.path, other.kind, other.text, other.doc, other.error))

    __hash__ = None  # type: ignore[assignment]   # mutable, as the dataclass it replaces

    @property
    def doc(self) -> Any:
        """The tomlkit document (None when the file is broken), parsed on first use."""
        if self._doc is None and self._data is not _UNSET:
            from itatui.core import tomlio

            self._data = _UNSET
            try:
                self._doc = tomlio.parse(self.text, self.path)
            except RecordError as exc:     # tomllib read it, tomlkit cannot (not seen so far)
                self.error = exc
        return self._doc

    @doc.setter
    def doc(self, value: Any) -> None:
        self._doc = value
        self._data = _UNSET

    @property
    def has_content(self) -> bool:
        """True when the record holds values (``doc`` is not None), without parsing ``doc``."""
        return self._doc is not None or (self._data is not _UNSET and self.error is None)

    @property
    def title(self) -> str:
        return schema.title_of(self.path)

    @property
    def numbers(self) -> tuple[int, ...]:
        return schema.numbers_of(self.path)

    def get(self, key: str, default: Any = None) -> Any:
        if self._doc is None and self._data is not _UNSET:
            return _plain_get(self._data, key, default)
        if self.doc is None:
            return default
        from itatui.core import tomlio

        return tomlio.get(self.doc, key, default)

    def data(self) -> dict:
        if self._doc is None and self._data is not _UNSET:
            return copy.deepcopy(self._data)
        if self.doc is None:
            return {}
        from itatui.core import tomlio

        return tomlio.plain(self.doc)

    def dumps(self) -> str:
        from itatui.core import tomlio

        return tomlio.dumps(self.doc)

    @property
    def dirty(self) -> bool:
        return self.doc is not None and self.dumps() != self.text


def _plain_get(data: Any, key: str, default: Any) -> Any:
    """:func:`itatui.core.tomlio.get` on plain data: the value at a dotted key (integer parts
    index lists), a copy of it, or ``default``."""
    node = data
    for part in (p for p in key.split(".") if p != ""):
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            return default
    return copy.deepcopy(node) if isinstance(node, (dict, list)) else node


_REASONS = {
    errno.ENOSPC: "พื้นที่ดิสก์เต็ม",
    errno.EDQUOT: "เกินโควตาพื้นที่ดิสก์",
    errno.EROFS: "โฟลเดอร์นี้อ่านได้อย่างเดียว",
    errno.EACCES: "ไม่มีสิทธิ์เขียนโฟลเดอร์นี้",
    errno.EPERM: "ไม่มีสิทธิ์เขียนโฟลเดอร์นี้",
    errno.EFBIG: "ไฟล์ใหญ่เกินขีดจำกัดของระบบ",
}


def os_reason(exc: OSError) -> str:
    """A Thai reason for an operating-system error, with the system's own words after it."""
    reason = _REASONS.get(exc.errno or 0)
    detail = exc.strerror or str(exc)
    return f"{reason} ({detail})" if reason else detail


def path_order(path: str) -> tuple:
    """The sort key of a record path: by kind (schema order), then issue/measure numbers."""
    kind = schema.kind_of(path)
    return (_KIND_ORDER[kind.name] if kind else 99, schema.numbers_of(path), path)


_KIND_ORDER = {k.name: i for i, k in reversed(list(enumerate(schema.KINDS)))}


def record_from_bytes(rel: str, kind: schema.Kind, raw: bytes) -> Record:
    """The record ``rel`` read from ``raw`` (a file's bytes, or a git blob's): one that is not
    UTF-8 or not TOML comes back with its ``error`` (Thai, with the line) instead of values."""
    rec = Record(rel, kind)
    try:
        rec.text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        rec.error = _tomlio().undecodable_error(raw, exc, rel)
        return rec
    try:
        rec._data = tomllib.loads(rec.text)      # the tomlkit document comes on first use
    except Exception:
        try:                      # the same error as ever (or tomlkit's more lenient read)
            rec.doc = _tomlio().parse(rec.text, rel)
        except RecordError as exc:
            rec.error = exc
    return rec


class RecordStore:
    """Loads and writes the records of the repository rooted at ``root``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def abspath(self, rel: str) -> Path:
        return self.root / rel

    def relpath(self, path: str | Path) -> str:
        """A user's record argument (absolute, relative to cwd or to the repo) as ``records/...``."""
        p = Path(path)
        if p.is_absolute():
            try:
                return p.resolve().relative_to(self.root).as_posix()
            except ValueError:
                raise RecordError("ไฟล์นี้ไม่ได้อยู่ในคลังข้อมูลรายงาน", path=str(path)) from None
        text = p.as_posix()
        if not text.startswith(schema.RECORDS_DIR + "/"):
            cand = (Path.cwd() / p).resolve()
            try:
                return cand.relative_to(self.root).as_posix()
            except ValueError:
                text = f"{schema.RECORDS_DIR}/{text}"
        return text

    def paths(self) -> list[str]:
        base = self.root / schema.RECORDS_DIR
        if not base.is_dir():
            return []
        found = []
        cut = len(base.as_posix())        # (a thousand measures: no relative_to for each)
        for p in base.rglob("*.toml"):
            rel = schema.RECORDS_DIR + p.as_posix()[cut:]
            if schema.kind_of(rel) is not None:
                found.append(rel)
        return sorted(found, key=path_order)

    def unknown_files(self) -> list[str]:
        """TOML files under records/ whose name no record kind claims."""
        base = self.root / schema.RECORDS_DIR
        if not base.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*.toml")
                      if schema.kind_of(p.relative_to(self.root).as_posix()) is None)

    def load(self, rel: str) -> Record:
        kind = schema.kind_of(rel)
        if kind is None:
            raise RecordError("ชื่อไฟล์นี้ไม่ใช่ระเบียนที่ itatui รู้จัก", path=rel)
        rec = Record(rel, kind)
        try:
            raw = self.abspath(rel).read_bytes()
        except FileNotFoundError:
            rec.error = RecordError("ไม่พบไฟล์", path=rel)
            return rec
        except OSError as exc:
            rec.error = RecordError(f"อ่านไฟล์ไม่ได้ ({exc.strerror})", path=rel)
            return rec
        return record_from_bytes(rel, kind, raw)

    def load_all(self) -> list[Record]:
        return [self.load(p) for p in self.paths()]

    def write(self, rec: Record) -> bool:
        """Write a record if its content changed. Returns True when the file was written."""
        if rec.doc is None:
            raise RecordError("ระเบียนนี้อ่านไม่ได้ จึงไม่เขียนทับ", path=rec.path)
        text = rec.dumps()
        tomlio = _tomlio()
        tomlio.verify_roundtrip(text, rec.doc, rec.path)
        target = self.abspath(rec.path)
        try:
            on_disk = target.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            on_disk = None
        if on_disk == text:
            rec.text = text
            return False
        try:
            tomlio.write_atomic(target, text)
        except OSError as exc:
            raise RecordError(f"เขียนไฟล์ไม่ได้: {os_reason(exc)} ไฟล์เดิมยังอยู่ครบ",
                              path=rec.path) from None
        rec.text = text
        return True


def _tomlio():
    from itatui.core import tomlio

    return tomlio
