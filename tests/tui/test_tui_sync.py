"""Sync from the editor: ahead/behind in the header, a conflict settled on the conflict screen,
a real remote (a bare repository over file://); and the conflict screen on its own, driven through
Pilot on a tiny host app, settling a real sync."""

from __future__ import annotations

import tomllib

import pytest
from textual.app import App
from textual.widgets import TextArea

from helpers import git, make_app, wait_until
from itatui.core.sync import MINE, THEIRS, VALUE, SyncConflict, sync
from itatui.core.workspace import Workspace
from itatui.tui.app import ItaApp
from itatui.tui.screens.conflicts import ConflictScreen

MEASURE = "records/measures/02-01.toml"
RENUMBERED = "records/measures/02-02.toml"
SIZE = (160, 50)


def _edit(root, values):
    ws = Workspace(root)
    ws.save(ws.load(MEASURE), values)


async def test_sync_settles_a_conflict_on_the_conflict_screen(two_clones):
    a, b = two_clones
    _edit(a, {"outcome": "ผลลัพธ์ของสำนักปลัด", "period": "ตุลาคม ๒๕๖๗"})
    sync(a)
    _edit(b, {"outcome": "ผลลัพธ์ของกองคลัง"})
    app = ItaApp(str(b), thai_wrap=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "ยังไม่ส่ง ๑" in app.title)
        await app.run_action("sync")
        # the screen's widgets exist before its first layout: a click needs their region
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen)
                     and bool(app.screen.query("#theirs-0"))
                     and app.screen.query_one("#theirs-0").region.area > 0)
        await pilot.click("#theirs-0")
        await pilot.pause()
        await pilot.click("#conflicts-apply")
        await wait_until(pilot, lambda: "ซิงก์แล้ว" in app.title)
        await wait_until(pilot, lambda: not any(w.group == "reload" and w.is_running
                                            for w in app.workers))
    data = tomllib.loads((b / MEASURE).read_text(encoding="utf-8"))
    assert data["outcome"] == "ผลลัพธ์ของสำนักปลัด"     # theirs, chosen on the screen
    assert data["period"] == "ตุลาคม ๒๕๖๗"               # the other field merged by itself
    assert git(b, "rev-parse", "HEAD").strip() == git(b, "rev-parse", "origin/main").strip()
    assert "Resolution: records/measures/02-01.toml#outcome=theirs" in git(b, "log", "-1",
                                                                          "--format=%B")


async def test_sync_with_unsaved_edits_asks_to_save_first(two_clones):
    a, b = two_clones
    app = ItaApp(str(b), thai_wrap=False)
    notes = []
    app.notify = lambda message, **kw: notes.append(str(message))   # type: ignore
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.pending[MEASURE] = {"outcome": "ยังไม่บันทึก"}
        await app.run_action("sync")
        await pilot.pause()
    assert any("บันทึกการแก้ไขทุกระเบียนก่อน" in n for n in notes)


async def test_unreachable_remote_is_a_clear_message(two_clones):
    a, b = two_clones
    git(b, "remote", "set-url", "origin", "git://127.0.0.1:9/nothing.git")
    _edit(b, {"outcome": "ของฉัน"})
    head = git(b, "rev-parse", "HEAD")
    app = ItaApp(str(b), thai_wrap=False)
    notes = []
    app.notify = lambda message, **kw: notes.append((str(message), kw))   # type: ignore
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("sync")
        await wait_until(pilot, lambda: any(kw.get("title") == "ซิงก์ไม่สำเร็จ" for _, kw in notes))
    assert git(b, "rev-parse", "HEAD") == head
    assert "Traceback" not in " ".join(n for n, _ in notes)


async def test_renumbered_record_after_sync_follows_in_the_tree_and_history(two_clones):
    """a inserts a first measure in issue 2 (02-01 becomes 02-02) while b edits 02-01; b syncs
    from the editor: b's edit is in 02-02, and its history panel shows both officers' versions
    and the merge, each version's changes against the version it was made from."""
    from itatui.core import structure

    a, b = two_clones
    structure.add_measure(Workspace(a), 2, position=1)
    ws = Workspace(a)
    ws.save(ws.load(RENUMBERED), {"period": "ครึ่งปีแรก"})
    sync(a)
    _edit(b, {"outcome": "ผลลัพธ์ที่กองคลังแก้ใต้เลขเดิม"})
    app, notes = make_app(b)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "ยังไม่ส่ง ๑" in app.title)
        app.tree.focus()
        assert app.tree.select_path(MEASURE)
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.current == MEASURE, "the record")
        await app.run_action("sync")
        await wait_until(pilot, lambda: "ซิงก์แล้ว" in app.title, "the sync")
        # the record the officer had open is followed to its new number
        await wait_until(pilot, lambda: app.current == RENUMBERED and not any(
            w.group == "reload" and w.is_running for w in app.workers), "the reload")
        assert any("เปลี่ยนเลขเป็น ประเด็นที่ ๒ มาตรการที่ ๒" in m for m, _ in notes), notes
        assert app.form.box("outcome").editor.text == "ผลลัพธ์ที่กองคลังแก้ใต้เลขเดิม"
        await pilot.press("f4")
        await wait_until(pilot, lambda: len(getattr(app.side, "versions", [])) >= 4, "history")
        versions = app.side.versions
        assert versions[0].summary.startswith("รวมการแก้ไขจากคลังกลาง")
        mine = next(i for i, v in enumerate(versions) if v.author == "นายธนพล ใจดี"
                    and v.path == MEASURE)

        async def changes(index: int) -> str:
            options = app.side.query_one("#history-list")
            options.focus()
            options.highlighted = index
            await pilot.press("enter")
            await app.workers.wait_for_complete([w for w in app.workers
                                                 if w.group == "changes"])
            await pilot.pause()
            return str(app.side.query_one("#history-detail").render())

        detail = await changes(mine)              # against the sample, not a's renumbering
        assert "แก้ใต้เลขเดิม" in detail and "ครึ่งปีแรก" not in detail   # (a word diff)
        detail = await changes(0)                 # the merge: what came in from a
        assert "ครึ่งปีแรก" in detail and "แก้ใต้เลขเดิม" not in detail
    assert not [m for m, kw in notes if kw.get("severity") == "error"], notes


async def test_the_header_learns_what_waits_on_the_remote_without_a_sync(two_clones):
    """After the first screen the editor fetches in the background: the header counts a's
    commit as waiting and a notification says so; b's branch and files do not move."""
    a, b = two_clones
    _edit(a, {"period": "ส่งมาจากสำนักปลัด"})
    sync(a)
    head = git(b, "rev-parse", "HEAD")
    before = (b / MEASURE).read_bytes()
    app, notes = make_app(b)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "ยังไม่รับ ๑" in app.title, "the background fetch")
        await wait_until(pilot, lambda: any(kw.get("title") == "มีการแก้ไขใหม่"
                                            for _, kw in notes), "the notice")
    assert git(b, "rev-parse", "HEAD") == head and (b / MEASURE).read_bytes() == before
    assert git(b, "rev-parse", "origin/main") == git(a, "rev-parse", "HEAD")


async def test_an_unreachable_remote_is_shown_in_the_header_not_as_an_error(two_clones):
    a, b = two_clones
    git(b, "remote", "set-url", "origin", "git://127.0.0.1:9/nothing.git")
    app, notes = make_app(b)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "ติดต่อคลังกลางไม่ได้" in app.title, "the header")
    assert not [m for m, kw in notes if kw.get("severity") == "error"], notes


# --- the conflict screen on its own ----------------------------------------------------------

class Host(App):
    def __init__(self, conflicts):
        super().__init__()
        self.conflicts = conflicts
        self.result = "not dismissed"

    def on_mount(self) -> None:
        self.push_screen(ConflictScreen(self.conflicts, remote="origin"), self._done)

    def _done(self, choices) -> None:
        self.result = choices


@pytest.fixture
def conflict(two_clones):
    a, b = two_clones
    _edit(a, {"outcome": "ผลลัพธ์ของสำนักปลัด", "activities": ["กิจกรรม ก", "กิจกรรม ข"]})
    sync(a)
    _edit(b, {"outcome": "ผลลัพธ์ของกองคลัง", "activities": ["กิจกรรม ค"]})
    with pytest.raises(SyncConflict) as info:
        sync(b)
    return a, b, info.value.conflicts


async def test_conflict_screen_settles_a_real_sync(conflict):
    a, b, conflicts = conflict
    assert [c.key for c in conflicts] == ["activities", "outcome"]
    app = Host(conflicts)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        # both values are on screen, with the field's Thai label
        assert "ผลลัพธ์หรือความสำเร็จของการดำเนินการ" in str(
            screen.query_one("#conflict-1 .conflict-head").render())
        assert screen.choice(0) == MINE and screen.choice(1) == MINE
        for _ in range(100):                 # a click needs the screen's first layout
            if screen.query_one("#theirs-1").region.area:
                break
            await pilot.pause(0.05)
        await pilot.click("#theirs-1")
        await pilot.pause()
        assert screen.choice(1) == THEIRS
        # typing in the editor chooses "edited"; a list is one item per line
        editor = screen.query_one("#edit-0", TextArea)
        editor.text = "กิจกรรม ก\nกิจกรรม ค"
        await pilot.pause()
        assert screen.choice(0) == "edited"
        await pilot.click("#conflicts-apply")
        await pilot.pause()
    choices = app.result
    assert choices[f"{MEASURE}#outcome"].take == THEIRS
    assert choices[f"{MEASURE}#activities"].take == VALUE
    assert choices[f"{MEASURE}#activities"].value == ["กิจกรรม ก", "กิจกรรม ค"]
    sync(b, resolutions=choices)
    sync(a)
    for root in (a, b):
        data = tomllib.loads((root / MEASURE).read_text(encoding="utf-8"))
        assert data["outcome"] == "ผลลัพธ์ของสำนักปลัด"
        assert data["activities"] == ["กิจกรรม ก", "กิจกรรม ค"]


async def test_cancel_returns_none(conflict):
    _, _, conflicts = conflict
    app = Host(conflicts)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_conflict_screen_marks_the_words_each_side_changed(two_clones):
    a, b = two_clones
    base = tomllib.loads((a / MEASURE).read_text(encoding="utf-8"))["outcome"]
    _edit(a, {"outcome": base.replace("๙๘.๐๖", "๙๘.๐๗")})
    sync(a)
    _edit(b, {"outcome": base.replace("การปรับปรุงการดำเนินงาน",
                                      "การปรับปรุงและพัฒนาการดำเนินงาน")})
    with pytest.raises(SyncConflict) as info:
        sync(b)
    app = Host(info.value.conflicts)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = app.screen

        def marks(static_id):
            label = screen.query_one(static_id).render()
            return label.plain, [(label.plain[s.start:s.end],
                                  "green" if "green" in str(s.style) else
                                  "red" if "red" in str(s.style) else str(s.style))
                                 for s in label.spans if s.style]

        mine, mine_marks = marks("#mine-text-0")
        theirs, theirs_marks = marks("#theirs-text-0")
        assert mine.startswith("ของเรา: ") and "{+และพัฒนา+}" in mine
        assert mine_marks == [("{+และพัฒนา+}", "green")]
        assert theirs_marks == [("[-๙๘.๐๖-]", "red"), ("{+๙๘.๐๗+}", "green")]
        assert "…" in mine + theirs                     # not the whole paragraph
        assert not screen.query(".side").exclude(".value")     # the base: in the marks
