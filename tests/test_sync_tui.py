"""The conflict screen, driven through Textual's Pilot on a tiny app, settling a real sync."""

from __future__ import annotations

import tomllib

import pytest
from textual.app import App
from textual.widgets import TextArea

from itatui.core.sync import MINE, THEIRS, VALUE, SyncConflict, sync
from itatui.core.workspace import Workspace
from itatui.tui.screens.conflicts import ConflictScreen

MEASURE = "records/measures/02-01.toml"


class Host(App):
    def __init__(self, conflicts):
        super().__init__()
        self.conflicts = conflicts
        self.result = "not dismissed"

    def on_mount(self) -> None:
        self.push_screen(ConflictScreen(self.conflicts, remote="origin"), self._done)

    def _done(self, choices) -> None:
        self.result = choices


def _edit(root, values):
    ws = Workspace(root)
    ws.save(ws.load(MEASURE), values)


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
