"""The records on screen and the unsaved edits: opening a record in the form (its edits kept
per record, so moving to another loses nothing), copying the form's texts into the app's
``pending``, showing a record read again from disk, the "●" marks in the tree and the
subtitle."""

from __future__ import annotations

import asyncio

from itatui.core import controlchars, form_values, schema
from itatui.core.records import Record
from itatui.core.thai import to_thai_digits
from itatui.tui.controllers.disk_watch import DiskWatch
from itatui.tui.controllers.side_panel import SidePanelController
from itatui.tui.protocol import EditorHost
from itatui.tui.widgets.record_tree import TOP_PATHS

UNSAVED = "มีการแก้ไขที่ยังไม่บันทึก"
#: seconds the tree's cursor rests on a record before its form opens (a burst of arrow keys
#: opens only the record it stops on)
HIGHLIGHT_DELAY = 0.15


class Editing:
    """The app's record state kept in step with the form and the tree; ``disk`` (the
    :class:`DiskWatch`) notes the records read, ``panel`` (the :class:`SidePanelController`)
    follows the selection and the typing."""

    def __init__(self, host: EditorHost, disk: DiskWatch, panel: SidePanelController) -> None:
        self.host = host
        self.disk = disk
        self.panel = panel
        self.form_lock = asyncio.Lock()       # one change of the form's widgets at a time
        self._highlight_timer = None

    def _load(self, path: str) -> Record:
        store = self.host.store
        return store.load(store.relpath(path))

    def load_all(self) -> None:
        """(Re)load every record from disk; a broken file becomes a record with an error."""
        host = self.host
        records = {rec.path: rec for rec in host.store.load_all()}
        for path in TOP_PATHS:
            if path not in records:                 # shows as "ไม่พบไฟล์" in the tree
                records[path] = self._load(path)
        host.records = records
        host.form.indicator_names = form_values.indicator_names(records)
        host.form.agency_units = form_values.agency_units(records)
        host.form.catalogue = None        # built when a scores form first needs it
        host.form.make_catalogue = lambda: form_values.catalogue_of(host.records)

    def update_marks(self, path: str | None = None) -> None:
        """Refresh the "●" of ``path`` in the tree and the subtitle."""
        from textual.css.query import NoMatches

        host = self.host
        if path is not None and path in host.records:
            try:
                tree = host.tree
            except NoMatches:           # the app is closing (a reload's last edit message)
                return
            tree.update_record(host.records[path], path in host.pending)
        if host.current is None:
            host.sub_title = ""
            return
        sub = schema.title_of(host.current)
        if host.current in host.pending:
            sub += f" — ● {UNSAVED}"
        others = len([p for p in host.pending if p != host.current])
        if others:
            sub += f" (ค้างอีก {to_thai_digits(others)} ระเบียน)"
        host.sub_title = sub

    async def open(self, path: str, *, force: bool = False, light: bool = False) -> None:
        """Show ``path``'s form, keeping the current form's edits in memory."""
        host = self.host
        async with self.form_lock:
            if path == host.current and not force:
                return
            self.capture()
            rec = host.records.get(path)
            if rec is None:
                rec = host.records[path] = self._load(path)
            previous, host.current = host.current, path
            await host.form.show(rec, host.pending.get(path), host.extra_keys.get(path, ()),
                                 light=light)
            self.update_marks(previous)
            self.update_marks(path)
        self.panel.follow()

    async def show_form(self, path: str) -> None:
        """Show ``path``'s form again (new score keys were added to it)."""
        host = self.host
        async with self.form_lock:
            await host.form.show(host.records[path], host.pending.get(path),
                                 host.extra_keys.get(path, ()))

    def highlighted(self, path: str | None) -> None:
        """The tree's cursor moved to ``path``: show it once the cursor rests there."""
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
            self._highlight_timer = None
        if not path or path == self.host.current:
            return

        async def show() -> None:
            self._highlight_timer = None
            node = self.host.tree.cursor_node
            if node is not None and node.data == path:
                await self.open(path)

        self._highlight_timer = self.host.set_timer(HIGHLIGHT_DELAY, show)

    def selected_path(self) -> str | None:
        """The record under the tree's cursor (else the one in the form)."""
        node = self.host.tree.cursor_node
        return node.data if node is not None and node.data else self.host.current

    def capture(self) -> None:
        """Copy the shown form's edited texts into ``pending``."""
        from textual.css.query import NoMatches

        host = self.host
        try:
            form = host.form
        except NoMatches:           # the app is closing: its form is gone, and with it no edit
            return
        if form.record is None:
            return
        path = form.record.path
        kept = {k: v for k, v in host.pending.get(path, {}).items() if k not in form.boxes}
        texts = kept | form.capture()
        if texts:
            host.pending[path] = texts
        else:
            host.pending.pop(path, None)
        self.update_marks(path)

    def edited(self, path: str, key: str, text: str | None) -> None:
        """A field of the form changed (``text`` None: back to the record's value). Control
        characters typed or pasted (:mod:`itatui.core.controlchars`) are taken out of the
        field at once with a Thai notice naming it; the rest of the edit stays."""
        if text is not None and controlchars.find(text):
            self._refuse_control_chars(path, key, text)
            return                      # the field is set again: its Changed comes back clean
        host = self.host
        texts = host.pending.setdefault(path, {})
        if text is None:
            texts.pop(key, None)
        else:
            texts[key] = text
        if not texts:
            host.pending.pop(path, None)
        self.update_marks(path)
        self.panel.schedule_preview()
        self.panel.records_changed()

    def _refuse_control_chars(self, path: str, key: str, text: str) -> None:
        host = self.host
        found = list(dict.fromkeys(controlchars.FORBIDDEN.findall(text)))
        clean = controlchars.FORBIDDEN.sub("", text)
        kind = schema.kind_of(path)
        label = schema.field_label(kind, key) if kind else key
        names = ", ".join(controlchars.describe(ch) for ch in found[:3])
        host.notify(f"ช่อง \"{label}\" ไม่รับอักขระควบคุม {names}"
                    f"{' และอื่น ๆ' if len(found) > 3 else ''} จึงตัดออกแล้ว "
                    "ข้อความที่เหลือยังอยู่ครบ", title="ไม่รับอักขระควบคุม", severity="warning")
        form = host.form
        box = form.box(key) if form.record is not None and form.record.path == path else None
        if box is None:                 # not on screen: keep the clean text as the edit
            self.edited(path, key, clean)
            return
        _set_keeping_cursor(box, text, clean)      # its Changed brings the clean text back

    async def reload(self, path: str) -> None:
        """Read ``path`` again from disk; the form keeps the pending edits over it."""
        await self.replace(self._load(path))

    async def replace(self, rec: Record) -> None:
        """Show ``rec`` (just read from disk) wherever its path shows."""
        host = self.host
        path = rec.path
        host.records[path] = rec
        self.disk.stamp(path)
        if path == form_values.CATALOGUE:
            host.form.indicator_names = form_values.indicator_names(host.records)
            host.form.catalogue = None
        if path == form_values.UNITS:
            host.form.agency_units = form_values.agency_units(host.records)
        async with self.form_lock:
            if host.form.record is not None and host.form.record.path == path:
                await host.form.resync(rec, host.pending.get(path),
                                       host.extra_keys.get(path, ()))
        self.update_marks(path)
        if path in (form_values.AGENCY, form_values.REPORT):
            host.refresh_title()
        self.panel.schedule_preview()

    async def reload_all(self, focus: str | None = None) -> None:
        """Read every record again and rebuild the tree; show ``focus`` (or the current
        record, or the first)."""
        host = self.host
        self.capture()
        self.load_all()
        self.disk.stamp_all()
        host.tree.populate(host.records, set(host.pending))
        current = host.current if host.current in host.records else None
        if focus is not None and focus in host.records:
            current = focus
        host.current = None
        host.form.record = None
        paths = host.tree.paths()
        target = current or (paths[0] if paths else None)
        if target is not None:
            await self.open(target, force=True)
            host.tree.select_path(target)
        host.refresh_title()
        self.panel.schedule_preview()


def _set_keeping_cursor(box, text: str, clean: str) -> None:
    """Put ``clean`` (``text`` without its control characters) into ``box``'s editor, the
    cursor where it was less the characters taken out before it."""
    editor = box.editor
    removed_before = 0
    try:
        if hasattr(editor, "cursor_position"):                 # Input
            pos = editor.cursor_position
            removed_before = len(controlchars.FORBIDDEN.findall(text[:pos]))
            box.set_text(clean)
            editor.cursor_position = max(0, pos - removed_before)
            return
        if hasattr(editor, "cursor_location") and hasattr(editor, "document"):   # TextArea
            index = editor.document.get_index_from_location(editor.cursor_location)
            removed_before = len(controlchars.FORBIDDEN.findall(text[:index]))
            box.set_text(clean)
            editor.cursor_location = editor.document.get_location_from_index(
                max(0, index - removed_before))
            return
    except (AttributeError, ValueError, IndexError):
        pass
    box.set_text(clean)
