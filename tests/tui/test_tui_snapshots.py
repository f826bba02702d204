"""SVG snapshots of the editor's main screens (pytest-textual-snapshot).

Stored in tests/tui/snapshots/test_tui_snapshots/; textual and rich are pinned exactly in
pyproject.toml because the SVGs change with their versions. Update after an intended change of
the screens with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and look at the SVGs.
Cursors do not blink and the Thai dictionary is loaded first, so that the screens are stable.
``snap_compare`` is synchronous: these are plain test functions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_textual_snapshot
from textual.widgets import Input, TextArea

from itatui.tui import thai_text
from itatui.tui.app import ItaApp

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SIZE = (150, 42)


@pytest.fixture(autouse=True)
def _snapshot_dir(monkeypatch):
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / Path(test_location.filepath).stem)

    monkeypatch.setattr(pytest_textual_snapshot.SVGImageExtension, "dirname",
                        classmethod(dirname))


@pytest.fixture
def app(sample_repo) -> ItaApp:
    assert thai_text.load_segmenter()          # Thai word wrap from the first frame
    return ItaApp(str(sample_repo), thai_wrap=True)


def steady(*steps):
    """run_before: no blinking cursors, then ``steps`` (async callables taking the pilot)."""
    async def run(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        for step in steps:
            await step(pilot)
            await pilot.pause()
        for widget in app.query("*"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False
        await app.workers.wait_for_complete()
        await pilot.pause()
    return run


def goto(path: str):
    async def step(pilot) -> None:
        await pilot.app.goto(path)
        pilot.app.tree.focus()
    return step


def test_memo_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=steady())


def test_measure_form(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=steady(goto("records/measures/02-01.toml")))


def test_scores_table(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=steady(goto("records/scores.toml")))


def test_signers_with_approval_buttons(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=steady(goto("records/signers.toml")))


def test_issue_preview(app, snap_compare):
    async def preview(pilot) -> None:
        await pilot.app.action_panel("tab-preview")
        await pilot.pause(0.1)
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=steady(goto("records/measures/02-01.toml"), preview))


@pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
def test_preview_for_proofreading(app, snap_compare, size):
    """Issue 14: the preview at the two sizes an officer uses. At 80x24 the panel takes the
    form's place and each measure is a card of "column title: value" lines; at 140x45 the
    panel is beside the form, cards too (six columns need more room than 58 columns)."""
    async def preview(pilot) -> None:
        await pilot.app.action_panel("tab-preview")
        await pilot.pause(0.1)
    assert snap_compare(app, terminal_size=size,
                        run_before=steady(goto("records/measures/02-01.toml"), preview))


def test_preview_widened(app, snap_compare):
    """The widened preview at 140x45 (the form hidden, the tree kept): 88 columns are still
    too few for six readable columns, so cards, each line as wide as the panel."""
    async def preview(pilot) -> None:
        await pilot.app.action_panel("tab-preview")
        await pilot.pause(0.1)
        pilot.app.action_widen_panel()
    assert snap_compare(app, terminal_size=(140, 45),
                        run_before=steady(goto("records/measures/02-01.toml"), preview))


def test_help_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, press=["f1"], run_before=steady())


def settings():
    async def step(pilot) -> None:
        await pilot.press("f10")
        await pilot.pause(0.1)
    return step


def test_settings_screen_80x24(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady(settings()))


def test_settings_screen_140x45(app, snap_compare):
    assert snap_compare(app, terminal_size=(140, 45), run_before=steady(settings()))
