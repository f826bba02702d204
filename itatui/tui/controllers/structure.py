"""Structure operations: add, remove and move an issue or a measure, add, remove and move an
approval, add score years and indicators. Each change is one commit
(:mod:`itatui.core.structure`), refused while it would move a record with unsaved edits."""

from __future__ import annotations

from functools import partial
from typing import Callable

from itatui.core import schema
from itatui.core.errors import IdentityError, ItatuiError, RecordError
from itatui.core.form_values import SCORES, catalogue_of, new_score_keys, parse_position, \
    parse_score_keys
from itatui.core.thai import to_thai_digits
from itatui.tui.protocol import EditorHost


def _structure():
    from itatui.core import structure        # GitPython: imported when first used

    return structure


def _ask(title: str, fields: list, ok: str):
    from itatui.tui.screens.ask import AskScreen

    return AskScreen(title, fields, ok=ok)


def _confirm(question: str):
    from itatui.tui.screens.confirm import ConfirmScreen

    return ConfirmScreen(question, "ลบ", "ไม่ลบ", danger=True)


def _neighbour(numbers: list[int], removed: int, path_of: Callable[[int], str],
               parent: str | None) -> str | None:
    """Where the selection goes once ``removed`` (one of ``numbers``, renumbered 1, 2, ...
    after it) is gone: the next sibling, else the previous one, else ``parent``."""
    rest = [n for n in numbers if n != removed]
    if not rest:
        return parent
    rank = sum(1 for n in rest if n < removed)      # the next one takes this rank
    return path_of(min(rank, len(rest) - 1) + 1)


class StructureController:
    def __init__(self, host: EditorHost) -> None:
        self.host = host

    def _selected_numbers(self) -> tuple[int, ...]:
        path = self.host.selected_path()
        return schema.numbers_of(path) if path else ()

    async def run(self, op: str, call: Callable, *, focus: str | None = None, **kw) -> bool:
        """Run a structural change (one commit) unless it would move unsaved edits; then
        show ``focus`` (default: the record acted on, else the current one at its new path)."""
        host = self.host
        host.capture_form()
        touched = _structure().affected_paths(host.workspace, op, **kw)
        unsaved = [p for p in touched if p in host.pending]
        if unsaved:
            names = ", ".join(schema.title_of(p) for p in unsaved[:3])
            host.notify(f"บันทึก (ctrl+s) หรือยกเลิกการแก้ไขของ {names} ก่อน "
                        "แล้วจึงเพิ่ม ลบ หรือย้าย", title="ยังมีการแก้ไขที่ไม่ได้บันทึก",
                        severity="error", timeout=10)
            return False
        try:
            result = call()
        except IdentityError as exc:
            host.notify(exc.message, title="ไม่ได้บันทึก", severity="error", timeout=15)
            return False
        except ItatuiError as exc:
            host.notify(str(exc), title="ทำไม่ได้", severity="error", timeout=10)
            return False
        focus = result.focus or focus
        if focus is None and host.current is not None:
            focus = result.new_path(host.current)
        await host.reload_all(focus)
        host.notify(f"{result.message.splitlines()[0]}\nคอมมิต {result.sha[:7]}",
                    title="บันทึกแล้ว")
        host.after_commit()
        return True

    # -- issues and measures -------------------------------------------------------------------
    def add_issue(self) -> None:
        host, structure = self.host, _structure()
        nums = self._selected_numbers()
        count = len(structure.issue_numbers(host.workspace))
        position = nums[0] + 1 if nums else count + 1

        async def add(answer: dict, pos: int) -> None:
            await self.run("add_issue", partial(
                structure.add_issue, host.workspace, answer.get("title", "").strip(), pos))

        self._ask_then("เพิ่มประเด็น", ("title", "ชื่อประเด็น"), "ประเด็น", count, position,
                       "เพิ่มประเด็น", add)

    async def add_measure(self) -> None:
        host, structure = self.host, _structure()
        nums = self._selected_numbers()
        if not nums:
            host.notify("เลือกประเด็นหรือมาตรการในรายการก่อน แล้วกด a", severity="warning")
            return
        issue = nums[0]
        count = len(structure.measure_numbers(host.workspace, issue))
        position = nums[1] + 1 if len(nums) == 2 else count + 1

        async def add(answer: dict, pos: int) -> None:
            name = answer.get("name", "").strip()
            await self.run("add_measure", partial(
                structure.add_measure, host.workspace, issue, pos,
                {"name": name} if name else None), issue=issue)

        self._ask_then(f"เพิ่มมาตรการใน{schema.title_of(schema.issue_path(issue))}",
                       ("name", "ชื่อมาตรการ (วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ)"), "มาตรการ",
                       count, position, "เพิ่มมาตรการ", add)

    def _ask_then(self, title: str, name_field: tuple[str, str], noun: str, count: int,
                  position: int, ok: str, add) -> None:
        """Ask a new item's name and position (``count + 1`` places); on an answer, run
        ``add(answer, position)``. Escape or an unreadable position commits nothing."""
        host = self.host

        async def answered(answer) -> None:
            if answer is None:                      # Escape: nothing is committed
                return
            try:
                pos = parse_position(answer.get("position", ""), position)
            except RecordError as exc:
                host.notify(exc.message, severity="error")
                return
            await add(answer, pos)

        host.push_screen(_ask(title, [
            (*name_field, ""),
            ("position", f"เป็น{noun}ที่ (๑–{to_thai_digits(count + 1)})",
             to_thai_digits(position))], ok=ok), answered)

    def remove_selected(self) -> None:
        host, structure = self.host, _structure()
        path = host.selected_path()
        nums = schema.numbers_of(path) if path else ()
        if not nums:
            host.notify("ลบได้เฉพาะประเด็นหรือมาตรการ (เลือกในรายการทางซ้าย)",
                        severity="warning")
            return
        if len(nums) == 1:
            count = len(structure.measure_numbers(host.workspace, nums[0]))
            question = (f"ลบ {schema.title_of(path)} และมาตรการทั้ง {to_thai_digits(count)} "
                        "มาตรการของประเด็นนี้ใช่หรือไม่\nประเด็นถัดไปจะเลื่อนเลขขึ้นมาแทน "
                        "(ดูย้อนหลังได้ในประวัติ git)")
            call = partial(structure.remove_issue, host.workspace, nums[0])
            op, kw = "remove_issue", {}
            after = _neighbour(structure.issue_numbers(host.workspace), nums[0],
                               schema.issue_path, None)
        else:
            question = (f"ลบ {schema.title_of(path)} ใช่หรือไม่\nมาตรการถัดไปจะเลื่อนเลขขึ้นมาแทน "
                        "(ดูย้อนหลังได้ในประวัติ git)")
            call = partial(structure.remove_measure, host.workspace, *nums)
            op, kw = "remove_measure", {"issue": nums[0]}
            after = _neighbour(structure.measure_numbers(host.workspace, nums[0]), nums[1],
                               partial(schema.measure_path, nums[0]),
                               schema.issue_path(nums[0]))

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.run(op, call, focus=after, **kw)

        host.push_screen(_confirm(question), confirmed)

    async def move_selected(self, step: int) -> None:
        host, structure = self.host, _structure()
        path = host.selected_path()
        nums = schema.numbers_of(path) if path else ()
        if not nums:
            host.notify("ย้ายได้เฉพาะประเด็นหรือมาตรการ", severity="warning")
            return
        if len(nums) == 1:
            count = len(structure.issue_numbers(host.workspace))
            to = nums[0] + step
            if not 1 <= to <= count:
                return
            await self.run("move_issue", partial(
                structure.move_issue, host.workspace, nums[0], to))
        else:
            count = len(structure.measure_numbers(host.workspace, nums[0]))
            to = nums[1] + step
            if not 1 <= to <= count:
                return
            await self.run("move_measure", partial(
                structure.move_measure, host.workspace, nums[0], nums[1], to), issue=nums[0])

    # -- approvals and scores (asked from the form or the palette) --------------------------------
    async def request(self, op: str, index: int = -1, step: int = 0) -> None:
        """The form's (or the palette's) request ``op``: see RecordForm.StructureRequested."""
        ask = {"add_approval": self.add_approval, "remove_approval": self.remove_approval,
               "move_approval": self.move_approval, "add_year": self.add_year,
               "add_indicator": self.add_indicator}.get(op)
        if ask is not None:
            await ask(index=index, step=step)

    async def add_approval(self, **_) -> None:
        host, structure = self.host, _structure()
        await self._goto_quiet("records/signers.toml")

        async def answered(answer) -> None:
            if answer is not None:
                await self.run("add_approval", partial(
                    structure.add_approval, host.workspace,
                    {k: v.strip() for k, v in answer.items()}))

        host.push_screen(_ask("เพิ่มผู้ให้ความเห็น", [
            ("role", "ตำแหน่งที่ให้ความเห็น (หัวข้อ ความเห็น...)", ""),
            ("name", "ชื่อ", ""), ("position", "ตำแหน่ง", ""),
            ("acting_for", "ปฏิบัติหน้าที่แทน (ถ้ามี)", "")], ok="เพิ่ม"), answered)

    async def remove_approval(self, index: int, **_) -> None:
        host, structure = self.host, _structure()

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.run("remove_approval",
                               partial(structure.remove_approval, host.workspace, index))

        host.push_screen(_confirm(
            f"ลบผู้ให้ความเห็นคนที่ {to_thai_digits(index + 1)} ใช่หรือไม่"), confirmed)

    async def move_approval(self, index: int, step: int) -> None:
        structure = _structure()
        await self.run("move_approval", partial(
            structure.move_approval, self.host.workspace, index, index + step))

    async def add_year(self, **_) -> None:
        await self._goto_quiet(SCORES)
        self._ask_scores("add_year")

    async def add_indicator(self, **_) -> None:
        await self._goto_quiet(SCORES)
        self._ask_scores("add_indicator")

    async def _goto_quiet(self, path: str) -> None:
        if self.host.current != path and path in self.host.records:
            await self.host.goto(path)

    def _ask_scores(self, op: str) -> None:
        host = self.host
        rec = host.records.get(SCORES)
        if rec is None or rec.error is not None:
            host.notify("ระเบียนคะแนนอ่านไม่ได้", severity="error")
            return
        from itatui.core.form_layout import score_keys

        keys = score_keys(rec, host.extra_keys.get(rec.path, ()))
        years = sorted((int(y) for y in keys if y.isdigit()), reverse=True)
        latest = years[0] if years else 0
        if op == "add_year":
            year = latest + 1 if latest else 0
            numbers = keys.get(str(latest), []) or [str(i.number) for i in
                                                     catalogue_of(host.records).indicators]
            title = "เพิ่มปีของคะแนน"
        else:
            year = latest
            numbers = []
            title = "เพิ่มตัวชี้วัดในคะแนน"

        async def answered(answer) -> None:
            if answer is None:
                return
            await self.add_score_keys(answer.get("year", ""), answer.get("numbers", ""))

        host.push_screen(_ask(title, [
            ("year", "ปีงบประมาณ (พ.ศ.)", to_thai_digits(year) if year else ""),
            ("numbers", "เลขตัวชี้วัด (คั่นด้วยจุลภาค)", ", ".join(
                to_thai_digits(n) for n in numbers))], ok="เพิ่ม"), answered)

    async def add_score_keys(self, year_text: str, numbers_text: str) -> bool:
        """Add empty score fields for the year and indicator numbers (saved with ctrl+s)."""
        host = self.host
        known = {i.number for i in catalogue_of(host.records).indicators}
        try:
            year, numbers = parse_score_keys(year_text, numbers_text, known)
        except RecordError as exc:
            host.notify(exc.message, severity="error")
            return False
        rec = host.records[SCORES]
        extra = host.extra_keys.setdefault(SCORES, [])
        added = new_score_keys(rec, extra, year, numbers)
        if not added:
            host.notify("มีช่องคะแนนเหล่านี้อยู่แล้ว", severity="warning")
            return False
        extra += added
        host.capture_form()
        await host.show_form(SCORES)
        box = host.form.box(added[0])
        if box is not None:
            from itatui.tui.controllers.side_panel import reveal

            box.focus_editor()
            reveal(host.form, box, box.editor)      # in view once the new form is laid out
        host.notify(f"เพิ่มช่องคะแนนปี {to_thai_digits(year)} แล้ว "
                    f"{to_thai_digits(len(added))} ช่อง กรอกคะแนนแล้วกด ctrl+s",
                    title="คะแนน")
        return True
