"""A records repository as the CLI and the TUI use it: load records, save a change as one commit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itatui.core import schema, tomlio
from itatui.core.config import Config, load_config
from itatui.core.errors import NothingToSave, RecordError
from itatui.core.history import History
from itatui.core.identity import Officer, resolve_officer
from itatui.core.locking import repository_lock
from itatui.core.message import Change, edit_message
from itatui.core.records import Record, RecordStore
from itatui.core.values import parse_value


@dataclass
class SaveResult:
    sha: str
    path: str
    fields: tuple[str, ...]
    message: str


class Workspace:
    def __init__(self, root: str | Path, config: Config | None = None) -> None:
        self.history = History.open(root)
        self.root = self.history.root
        self.store = RecordStore(self.root)
        self._config = config
        self._officer: Officer | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config()
        return self._config

    @config.setter
    def config(self, cfg: Config) -> None:
        """Use ``cfg`` from now on (the settings screen saved a new one)."""
        self._config = cfg

    def officer(self) -> Officer:
        """The officer who saves; resolved once (a refusal is not remembered, so setting an
        identity after one works without restarting)."""
        if self._officer is None:
            self._officer = resolve_officer(self.root, self.config)
        return self._officer

    def forget_officer(self) -> None:
        """Resolve the officer again on the next save (after the config changed)."""
        self._officer = None
        self._config = None

    def records(self) -> list[Record]:
        return self.store.load_all()

    def load(self, path: str) -> Record:
        return self.store.load(self.store.relpath(path))

    # -- saving ------------------------------------------------------------------------------
    def save(self, rec: Record, values: dict[str, Any]) -> SaveResult:
        """Apply ``values`` (dotted key -> value) to ``rec``, write it and commit it.

        The officer's identity is checked before anything is written. A record changed on disk
        since it was loaded is not overwritten.
        """
        officer = self.officer()
        if rec.doc is None:
            raise rec.error or RecordError("ระเบียนนี้อ่านไม่ได้", path=rec.path)
        with repository_lock(self.root):
            self.history.ensure_on_branch()
            self.check_unchanged_on_disk(rec)
            changed = tuple(k for k, v in values.items() if tomlio.set_value(rec.doc, k, v))
            if not changed:
                raise NothingToSave("ไม่มีการเปลี่ยนแปลงให้บันทึก", path=rec.path)
            self.store.write(rec)
            message = edit_message([Change(rec.path, changed)])
            sha = self.history.commit([rec.path], message, officer)
        return SaveResult(sha, rec.path, changed, message)

    def set_field(self, path: str, key: str, text: str) -> SaveResult:
        """``itatui set``: parse ``text`` by the field's kind, then save as the TUI does."""
        rec = self.load(path)
        if rec.error:
            raise rec.error
        spec = schema.field_spec(rec.kind, key)
        if spec is None:
            raise RecordError("ไม่มีช่องนี้ในระเบียนชนิดนี้", path=rec.path, field=key)
        if spec.kind == schema.TABLES:
            raise RecordError("ระบุช่องย่อย เช่น approvals.0.name", path=rec.path, field=key)
        if rec.kind.name == "scores" and len(key.split(".")) != 2:
            raise RecordError("ระบุเป็น ปี.ตัวชี้วัด เช่น 2568.1", path=rec.path, field=key)
        value = parse_value(spec, text, path=rec.path, key=key)
        try:
            return self.save(rec, {key: value})
        except RecordError as exc:          # a list index out of range (tomlio.set_value)
            if exc.path is None:
                raise RecordError(exc.message, path=rec.path, field=exc.field) from None
            raise

    def check_unchanged_on_disk(self, rec: Record) -> None:
        """Refuse (Thai RecordError) when ``rec``'s file was deleted or changed on disk since
        it was loaded: a save never overwrites someone else's edit."""
        try:
            on_disk = self.store.abspath(rec.path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RecordError("ไฟล์ถูกลบไปจากดิสก์ระหว่างแก้ไข", path=rec.path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordError(f"อ่านไฟล์ไม่ได้ ({exc})", path=rec.path) from None
        if on_disk != rec.text:
            raise RecordError("ไฟล์ถูกแก้ไขจากที่อื่นหลังจากเปิดมา จึงไม่เขียนทับ "
                              "(โหลดใหม่แล้วแก้อีกครั้ง)", path=rec.path)
