"""No input loses work (issue 14): input bytes that are not UTF-8, a 100 KB paste, control
characters, an emoji and a resize storm leave the editor running with every edit; the draft
journal (.git/itatui/drafts.json) keeps unsaved edits, offers them back on the next start,
and a save or an explicit discard clears it. Through Textual's Pilot on real git repositories
(the real terminal and kill -9: test_tmux_no_loss.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

from textual import events

from helpers import commit_count, journal_holder, kill_9, make_app, open_record, wait_until
from itatui.core.drafts import Drafts, DraftStore
from itatui.tui.driver import decode_input, input_decoder
from itatui.tui.screens.drafts import DRAFTS_DISCARD, DraftsScreen
from itatui.tui.widgets.record_tree import DIRTY_MARK

MEMO = "records/memo.toml"
SIZE = (140, 45)


def subject(root) -> str:
    return tomllib.loads((root / MEMO).read_text(encoding="utf-8"))["subject"]


# -- the terminal input decoder --------------------------------------------------------------
async def subject_editor(app, pilot):
    """The memo opened and its subject's editor focused, as the officer would."""
    await open_record(app, pilot, MEMO)
    await wait_until(pilot, lambda: app.form.box("subject").editor is not None, "editors")
    area = app.form.box("subject").editor
    area.focus()
    return area


def test_bytes_that_are_not_utf8_are_tis620_or_replaced():
    assert decode_input(b"\xa1") == "ก"                       # tmux send-keys -H a1
    assert decode_input("เกม".encode("tis-620")) == "เกม"
    # typed one key at a time (each read decoded once the input goes quiet) every TIS-620
    # character arrives; in one burst a pair that is also valid UTF-8 (หญ = CB AD) reads as
    # UTF-8: the app keeps running, the officer sees the odd character
    assert "".join(decode_input(c.encode("tis-620")) for c in "เกม ผู้ใหญ่") == "เกม ผู้ใหญ่"
    assert decode_input(b"\xdb\xff") == "\ufffd\ufffd"        # not TIS-620 either
    assert decode_input("ผู้นำ 😀 ok\x01".encode()) == "ผู้นำ 😀 ok\x01"
    # valid UTF-8 split across reads (one byte at a time) is still joined, not replaced
    decoder = input_decoder()
    data = "น้ำใจ😀".encode()
    assert "".join(decoder.decode(data[i:i + 1]) for i in range(len(data))) == "น้ำใจ😀"


def test_the_app_reads_the_terminal_through_the_thai_driver(sample_repo):
    from textual.drivers.linux_driver import LinuxDriver

    from itatui.tui.driver import ThaiInputDriver

    app, _ = make_app(sample_repo)
    assert app.driver_class is ThaiInputDriver and issubclass(ThaiInputDriver, LinuxDriver)


# -- hostile input through Pilot -------------------------------------------------------------
async def test_paste_control_characters_emoji_and_resizes_lose_nothing(sample_repo):
    app, notes = make_app(sample_repo)
    big = ("ผู้นำชุมชนร่วมกันทำงานด้วยความมีน้ำใจ " * 2000)[:100_000]   # 100 KB of text
    async with app.run_test(size=SIZE) as pilot:
        area = await subject_editor(app, pilot)
        await pilot.pause()
        await pilot.press("end", *"ทดสอบ")
        for i in range(40):                                  # a resize storm
            await pilot.resize_terminal(60 + (i * 37) % 120, 15 + (i * 13) % 40)
        await pilot.resize_terminal(*SIZE)
        area.post_message(events.Paste("ก\x00\x07\x1b[31mข\x7fค\tง"))
        await pilot.press("ctrl+a", "ctrl+e", "ctrl+g", "ctrl+o", "ctrl+backslash")
        await pilot.press("end")
        area.post_message(events.Paste("😀👍🏽"))
        await pilot.pause()
        area.post_message(events.Paste(big))
        await pilot.pause()
        await pilot.resize_terminal(80, 24)                 # (each takes ~1 s with 100 KB)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        text = app.pending[MEMO]["subject"]
        assert "ทดสอบ" in text and big.strip() in text and "😀👍🏽" in text
        assert "ก" in text and "ง" in text
        assert DIRTY_MARK in str(app.tree.node_for(MEMO).label)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: MEMO not in app.pending, "the save")
    assert app.return_code in (None, 0)
    saved = subject(sample_repo)
    assert big.strip() in saved and "😀👍🏽" in saved and "ทดสอบ" in saved


# -- the draft journal -----------------------------------------------------------------------
async def test_typing_writes_the_journal_and_saving_clears_it(sample_repo):
    store = DraftStore(sample_repo)
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await subject_editor(app, pilot)
        await pilot.press("end", *"ทดสอบ")
        assert not store.path.exists()               # not at each keystroke
        await wait_until(pilot, lambda: store.path.exists(), "the journal", tries=80)
        assert store.read().texts[MEMO]["subject"].endswith("ทดสอบ")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not store.path.exists(), "the journal cleared",
                         tries=80)


async def test_a_journal_left_by_a_crash_is_restored(sample_repo):
    store = DraftStore(sample_repo)
    store.write(Drafts({MEMO: {"subject": "เรื่องที่พิมพ์ค้างไว้ก่อนไฟดับ"}}))
    before = commit_count(sample_repo)
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DraftsScreen), "the offer")
        assert store.path.exists()                   # kept while the officer decides
        await pilot.press("enter")                   # กู้คืนการแก้ไข (focused)
        await wait_until(pilot, lambda: MEMO in app.pending, "the restore")
        assert app.pending[MEMO]["subject"] == "เรื่องที่พิมพ์ค้างไว้ก่อนไฟดับ"
        assert DIRTY_MARK in str(app.tree.node_for(MEMO).label)
        await wait_until(pilot, lambda: app.form.box("subject").text
                         == "เรื่องที่พิมพ์ค้างไว้ก่อนไฟดับ", "the form")
        assert any("กู้คืน" in m for m, _ in notes)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not store.path.exists(), "the journal cleared",
                         tries=80)
    assert subject(sample_repo) == "เรื่องที่พิมพ์ค้างไว้ก่อนไฟดับ"
    assert commit_count(sample_repo) == before + 1


async def test_a_journal_discarded_is_gone(sample_repo):
    store = DraftStore(sample_repo)
    store.write(Drafts({MEMO: {"subject": "ไม่ต้องการแล้ว"}}))
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DraftsScreen), "the offer")
        await pilot.click(f"#{DRAFTS_DISCARD}")
        await wait_until(pilot, lambda: not store.path.exists(), "the discard")
        assert MEMO not in app.pending
    assert not store.path.exists()
    assert subject(sample_repo) != "ไม่ต้องการแล้ว"


async def test_quitting_without_saving_clears_the_journal(sample_repo):
    store = DraftStore(sample_repo)
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await subject_editor(app, pilot)
        await pilot.press("end", *"ทิ้ง")
        await wait_until(pilot, lambda: store.path.exists(), "the journal", tries=80)
        await pilot.press("ctrl+q")
        await pilot.pause()
        from itatui.tui.screens.quit import DISCARD

        await pilot.click(f"#{DISCARD}")
        await pilot.pause()
    assert not store.path.exists()


async def test_a_journal_of_records_gone_is_not_offered(sample_repo):
    store = DraftStore(sample_repo)
    store.write(Drafts({"records/measures/99-99.toml": {"title": "ไม่มีแล้ว"}}))
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert not isinstance(app.screen, DraftsScreen)
    assert not store.path.exists()


# -- undo in a one-line field -------------------------------------------------------------------
async def test_ctrl_z_gives_back_a_one_line_field_emptied_by_ctrl_a_ctrl_k(sample_repo):
    """The reviewer's case: ctrl+a then ctrl+k emptied ส่วนราชการ and ctrl+z did nothing."""
    app, _ = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEMO)
        await wait_until(pilot, lambda: app.form.box("department").editor is not None,
                         "editors")
        box = app.form.box("department")
        before = box.text
        box.editor.focus()
        await pilot.press("end", *" กองการ")
        assert box.editor.value == before + " กองการ"
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.pause()
        assert box.editor.value == "" and DIRTY_MARK in str(app.tree.node_for(MEMO).label)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box.editor.value == before + " กองการ"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box.editor.value == before
        await wait_until(pilot, lambda: MEMO not in app.pending
                         or "department" not in app.pending[MEMO], "nothing left unsaved")
        await pilot.press("ctrl+y", "ctrl+y")
        await pilot.pause()
        assert box.editor.value == ""
        assert app.pending[MEMO]["department"] == ""


# -- two editors on one repository -------------------------------------------------------------
async def test_a_running_editors_journal_is_not_offered_nor_touched_by_a_second(sample_repo):
    """The first editor (another process) holds the journal: its live draft is not "a crash"."""
    store = DraftStore(sample_repo)
    store.write(Drafts({MEMO: {"subject": "กำลังพิมพ์อยู่ในอีกหน้าจอหนึ่ง"}}))
    live = store.path.read_bytes()
    holder = journal_holder(sample_repo)
    try:
        app, notes = make_app(sample_repo)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: any("อีกโปรแกรมหนึ่ง" in m for m, _ in notes),
                             "the notice")
            assert any(f"pid {holder.pid}" in m for m, _ in notes)
            assert not isinstance(app.screen, DraftsScreen)
            await subject_editor(app, pilot)
            await pilot.press("end", *"ของฉัน")
            await pilot.pause(2.5)                       # past the journal's delay
            assert store.path.read_bytes() == live
            await pilot.press("ctrl+q")
            await pilot.pause()
            from itatui.tui.screens.quit import DISCARD

            await pilot.click(f"#{DISCARD}")
            await pilot.pause()
        assert store.path.read_bytes() == live           # not cleared by the second editor
    finally:
        kill_9(holder)
    app, _ = make_app(sample_repo)                       # the first one was killed: offered
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DraftsScreen), "the offer")


def test_the_command_refuses_a_second_editor_on_one_repository(sample_repo):
    store = DraftStore(sample_repo)
    store.write(Drafts({MEMO: {"subject": "กำลังพิมพ์อยู่"}}))
    live = store.path.read_bytes()
    holder = journal_holder(sample_repo)
    try:
        out = subprocess.run([sys.executable, "-m", "itatui", "--repo", str(sample_repo)],
                             capture_output=True, text=True, stdin=subprocess.DEVNULL,
                             timeout=60, env={**os.environ, "TERM": "xterm-256color"})
    finally:
        kill_9(holder)
    assert out.returncode == 2, out.stderr
    assert "itatui อีกโปรแกรมหนึ่ง" in out.stderr and f"pid {holder.pid}" in out.stderr
    assert "Traceback" not in out.stderr
    assert store.path.read_bytes() == live
