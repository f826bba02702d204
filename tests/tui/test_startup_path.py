"""What the editor's start-up leaves out or does differently for speed (issue 3) still behaves
the same: records read with tomllib get their tomlkit document on first use and save with their
layout kept; the footer shows the keys Textual's footer would; ``itatui [tui] [--repo DIR]``
skips building the whole command-line parser."""

from __future__ import annotations

import subprocess
import sys

from itatui.cli import _tui_args
from itatui.core.records import RecordStore
from itatui.tui.app import ItaApp

SIZE = (150, 45)

COMMENTED = '''# written by hand
department = "สำนักปลัด"   # keep this comment
reference = "ที่ ๑"

[drafter]
name = "นายสมชาย ใจดี"
position = "นิติกร"
'''


def _store(tmp_path, name: str, text: str) -> RecordStore:
    path = tmp_path / "records" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return RecordStore(tmp_path)


def test_a_loaded_record_answers_without_tomlkit_then_saves_with_its_layout(tmp_path):
    store = _store(tmp_path, "memo.toml", COMMENTED)
    rec = store.load("records/memo.toml")
    assert rec.error is None and rec.has_content
    assert rec._doc is None                          # not parsed with tomlkit yet
    assert rec.get("drafter.name") == "นายสมชาย ใจดี"
    assert rec.get("drafter.missing", "x") == "x"
    assert rec.data()["drafter"]["position"] == "นิติกร"
    rec.data()["drafter"]["position"] = "changed"    # a copy: the record is untouched
    assert rec.get("drafter") == {"name": "นายสมชาย ใจดี", "position": "นิติกร"}
    assert rec._doc is None
    assert rec.dumps() == COMMENTED                  # the tomlkit document, on first use
    assert rec._doc is not None and not rec.dirty

    from itatui.core import tomlio

    assert tomlio.set_value(rec.doc, "reference", "ที่ ๒")
    assert rec.get("reference") == "ที่ ๒"           # answers from the document from now on
    assert store.write(rec)
    text = (tmp_path / "records" / "memo.toml").read_text(encoding="utf-8")
    assert text == COMMENTED.replace("ที่ ๑", "ที่ ๒")   # comments and layout kept


def test_a_broken_record_has_the_same_error_as_before(tmp_path):
    store = _store(tmp_path, "memo.toml", 'department = "ไม่ปิด\nreference = 1\n')
    rec = store.load("records/memo.toml")
    assert rec.error is not None and "TOML" in str(rec.error)
    assert rec.doc is None and not rec.has_content
    assert rec.get("department", "-") == "-" and rec.data() == {}


def test_a_record_can_be_given_its_document(tmp_path):
    store = _store(tmp_path, "memo.toml", COMMENTED)
    rec = store.load("records/memo.toml")
    rec.doc = {"department": "อื่น"}                  # e.g. an overlay's plain data
    assert rec.get("department") == "อื่น" and rec.data() == {"department": "อื่น"}


async def test_the_footer_shows_the_keys_of_the_focused_widget(sample_repo):
    from textual.widgets._footer import FooterKey

    app = ItaApp(str(sample_repo))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()

        def shown() -> list[tuple[str, str]]:
            return [(k.key, k.description) for k in app.query(FooterKey)]

        expected = [(b.key, b.description) for (_n, b, _e, _t)
                    in app.screen.active_bindings.values() if b.show]
        assert app.focused is app.tree
        assert shown()[:-1] == expected                   # then the palette's key, on the right
        assert ("a", "เพิ่มมาตรการ") in shown()            # the tree's keys
        keys = list(app.query(FooterKey))
        assert not keys[0].has_class("-compact")          # the footer is not compact
        assert keys[-1].has_class("-command-palette") and keys[-1].has_class("-compact")
        await pilot.press("tab")                          # into the form: other keys
        await pilot.pause()
        await pilot.pause()
        assert app.focused is not app.tree
        assert ("a", "เพิ่มมาตรการ") not in shown()


def test_the_editor_command_line_fast_path():
    assert vars(_tui_args([])) | {"handler": None} == {"command": "tui", "repo": ".",
                                                      "handler": None}
    assert _tui_args(["--repo", "d"]).repo == "d"
    assert _tui_args(["tui", "--repo", "d"]).repo == "d"
    assert _tui_args(["tui"]).repo == "."
    for other in (["check"], ["--repo", "-h"], ["--repo"], ["--help"], ["tui", "--help"],
                  ["--repo=d"], ["--repo", "d", "tui"]):
        assert _tui_args(other) is None                   # the whole parser handles these


def test_help_still_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "itatui", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "tui" in out and "check" in out and "audit" in out


def test_the_collector_is_paused_for_the_start_up_only():
    import gc

    from itatui.tui import pause_gc, resume_gc

    assert gc.isenabled()
    pause_gc()
    try:
        assert not gc.isenabled()
    finally:
        resume_gc()
    assert gc.isenabled()
    gc.disable()                                     # turned off by someone else: stays off
    try:
        pause_gc()
        resume_gc()
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_the_tree_is_not_drawn_again_for_a_resize_to_the_size_it_has(sample_repo):
    from textual import events

    app = ItaApp(str(sample_repo))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.tree
        drawn = tree._updates
        tree.post_message(events.Resize(tree.outer_size, tree.virtual_size,
                                        tree.container_size))
        await pilot.pause()
        assert tree._updates == drawn                    # the drawn lines are kept
        wider = tree.outer_size.with_width(tree.outer_size.width + 4)
        tree.post_message(events.Resize(wider, tree.virtual_size, tree.container_size))
        await pilot.pause()
        assert tree._updates > drawn                     # another size: drawn again


async def test_the_form_keeps_its_width_when_its_scrollbar_appears(sample_repo):
    app = ItaApp(str(sample_repo))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.form
        widths = {form.scrollable_content_region.width}
        await app.goto("records/scores.toml")            # fits: no scrollbar
        await pilot.pause()
        widths.add(form.scrollable_content_region.width)
        assert len(widths) == 1


def test_the_repository_is_found_by_git_started_before_the_imports(sample_repo, tmp_path):
    import pytest

    from itatui.core.errors import GitError
    from itatui.tui import start_root_probe, take_root_probe
    from itatui.tui.app import repository_root

    start_root_probe(str(sample_repo / "records"))
    assert repository_root(sample_repo / "records") == sample_repo.resolve()
    assert take_root_probe(str(sample_repo / "records")) is None   # used once
    start_root_probe(str(tmp_path))                           # for another folder: not used
    assert repository_root(sample_repo) == sample_repo.resolve()
    assert take_root_probe(str(tmp_path)) is None
    start_root_probe(str(tmp_path))
    with pytest.raises(GitError, match="ไม่ใช่คลัง git"):
        repository_root(tmp_path)


FIRST_SCREEN = """
import json, sys
import itatui.cli                                   # as `itatui` starts
from itatui.core.drafts import DraftStore
from itatui.tui.app import ItaApp

class FirstScreen(ItaApp):
    def on_ready(self):                             # the first screen is drawn
        self.seen = sorted(sys.modules)
        self.exit()

app = FirstScreen(sys.argv[1])
assert DraftStore(app.root).hold() is None          # as run_tui does before the app runs
app.run(headless=True, size=(150, 45))
print(json.dumps(app.seen))
"""


def test_the_first_screen_is_drawn_without_tomlkit_git_or_the_thai_dictionary(sample_repo):
    """Issue 14 (cold start): what the first screen does not need is imported after it, and
    the draft journal's lock (taken before the app runs) does not bring tomlkit in."""
    import json

    done = subprocess.run([sys.executable, "-c", FIRST_SCREEN, str(sample_repo)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert "itatui.tui.app" in seen and "itatui.core.drafts" in seen
    heavy = ("tomlkit", "git", "gitdb", "pythainlp", "regex", "weasyprint", "pypdf",
             "rich._emoji_codes")         # Rich's emoji table: markup read for a tree label
    assert [m for m in seen if m in heavy or m.split(".")[0] in heavy
            or m.startswith(("itatui.render", "itatui.publishing"))] == []
