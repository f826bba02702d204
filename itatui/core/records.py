"""The records of one repository: find them, load them (a broken one does not stop the others),
change fields and write them back."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itatui.core import schema, tomlio
from itatui.core.errors import RecordError


@dataclass
class Record:
    """One TOML file under ``records/``."""

    path: str                      # relative to the repository root, with forward slashes
    kind: schema.Kind
    text: str = ""                 # the bytes on disk when loaded (decoded)
    doc: Any = None                # tomlkit document; None when the file is broken
    error: RecordError | None = None

    @property
    def title(self) -> str:
        return schema.title_of(self.path)

    @property
    def numbers(self) -> tuple[int, ...]:
        return schema.numbers_of(self.path)

    def get(self, key: str, default: Any = None) -> Any:
        if self.doc is None:
            return default
        return tomlio.get(self.doc, key, default)

    def data(self) -> dict:
        return tomlio.plain(self.doc) if self.doc is not None else {}

    def dumps(self) -> str:
        return tomlio.dumps(self.doc)

    @property
    def dirty(self) -> bool:
        return self.doc is not None and self.dumps() != self.text


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


def _sort_key(path: str) -> tuple:
    order = [k.name for k in schema.KINDS]
    kind = schema.kind_of(path)
    return (order.index(kind.name) if kind else 99, schema.numbers_of(path), path)


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
        for p in base.rglob("*.toml"):
            rel = p.relative_to(self.root).as_posix()
            if schema.kind_of(rel) is not None:
                found.append(rel)
        return sorted(found, key=_sort_key)

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
        try:
            rec.text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            rec.error = RecordError("ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8", path=rel, line=line)
            return rec
        try:
            rec.doc = tomlio.parse(rec.text, rel)
        except RecordError as exc:
            rec.error = exc
        return rec

    def load_all(self) -> list[Record]:
        return [self.load(p) for p in self.paths()]

    def write(self, rec: Record) -> bool:
        """Write a record if its content changed. Returns True when the file was written."""
        if rec.doc is None:
            raise RecordError("ระเบียนนี้อ่านไม่ได้ จึงไม่เขียนทับ", path=rec.path)
        text = rec.dumps()
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
