"""What an officer sees of the served editor (issue 17): Thai text in a toast stays whole when
Textual redraws the toast in pieces (a cut between a consonant and its mark made xterm.js give
the mark a cell of its own: "หรืออนุมัติด้วยคำสั่ง" read as "หรืออนุมัติ้วยำสั่ง" in the
terminal and was drawn "หรืออนุม ติ วยำสั่ง"). Read from the terminal's own buffer in
Chromium."""

from __future__ import annotations

import time

from selenium.webdriver.common.keys import Keys

from itatui.serve.marks import MarkJoiner
from serve_helpers import SOMCHAI

#: gets textual-serve's xterm.js Terminal as window.__term (the page keeps it to itself)
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {configurable: true,
  set(v) { window.__term = v; Object.defineProperty(this, "terminal", {value: v,
           writable: true, configurable: true, enumerable: true}); }});
"""


def screen(browser) -> list[str]:
    return browser.driver.execute_script("""
        const t = window.__term, lines = [];
        for (let y = 0; y < t.rows; y++)
            lines.push(t.buffer.active.getLine(y).translateToString(true));
        return lines;""")


def settled(browser, timeout: float = 15.0) -> list[str]:
    """The terminal's lines once two reads half a second apart agree."""
    last, deadline = None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = screen(browser)
        if now == last:
            return now
        last = now
        time.sleep(0.5)
    return last


def test_a_toast_redrawn_in_pieces_keeps_its_thai_whole(served, browsers, tmp_path):
    browser = browsers(served.url)
    browser.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                   {"source": CATCH_TERMINAL})
    browser.login(SOMCHAI[0], SOMCHAI[3])
    browser.wait_for_app()
    browser.ctrl("p", pause=1)
    browser.keys("อนุมัติรายงาน", pause=1.5)
    browser.keys(Keys.ENTER, pause=1.5)                 # refused: the officer is no head
    browser.keys(Keys.ESCAPE, pause=0.5)
    browser.keys(*[Keys.DOWN] * 7, pause=0.15)          # measure 1-1, a few Thai words, save
    browser.keys(Keys.ENTER, pause=1.0)
    browser.keys(Keys.TAB, pause=0.5)
    browser.keys(Keys.END)
    browser.keys(" ที่ น้ำ เขียน", pause=1)
    browser.ctrl("s", pause=0.5)
    settled(browser)
    browser.keys(Keys.F1, pause=1)                      # the help under both toasts
    lines = settled(browser)
    browser.driver.save_screenshot(str(tmp_path / "f1.png"))      # looked at by hand
    shown = "\n".join(lines)
    assert "หรืออนุมัติด้วยคำสั่ง itatui approve" in shown, shown
    assert "ยังไม่อนุมัติ" in shown and "บันทึกแล้ว" in shown, shown


#: what Textual wrote for that toast line over the help (captured from the browser)
CHOPS = ("\x1b[20;81H\x1b[38;2;185;60;91;48;2;52;63;73m▌\x1b[0m\x1b[48;2;52;63;73m \x1b[0m"
         "\x1b[38;2;224;224;224;48;2;52;63;73mสำนักงานเข้าสู่ระบบเพื่ออนุมัติ หรืออนุม\x1b[0m"
         "\x1b[20;112H\x1b[38;2;224;224;224;48;2;52;63;73mัติด\x1b[0m\x1b[20;114H"
         "\x1b[38;2;224;224;224;48;2;52;63;73m้วยค\x1b[0m\x1b[20;117H"
         "\x1b[38;2;224;224;224;48;2;52;63;73mำสั่ง itatui approve ที่\x1b[0m")


def test_marks_after_a_cut_go_back_onto_their_consonant():
    joined = MarkJoiner().feed(CHOPS.encode()).decode()
    assert "หรืออนุมั\x1b[0m\x1b[20;112H" in joined
    assert "ติด้\x1b[0m\x1b[20;114H" in joined
    no_escapes = joined.replace("\x1b[0m", "")
    import re

    assert re.sub(r"\x1b\[[0-9;]*[mH]", "", joined) == re.sub(r"\x1b\[[0-9;]*[mH]", "", CHOPS)
    assert not re.search(r"(\x1b\[[0-9;]*[mH])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", no_escapes)
    # fed a byte at a time (UTF-8 and escape sequences cut between chunks): a mark whose
    # consonant went out in an earlier chunk is dropped, never given a cell of its own
    joiner = MarkJoiner()
    bytewise = b"".join(joiner.feed(bytes([b])) for b in CHOPS.encode()).decode()
    assert not re.search(r"(\x1b\[[0-9;]*[mH])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", bytewise)
    assert "วยค" in bytewise and "ำสั่ง itatui" in bytewise


def test_a_mark_after_a_jump_elsewhere_is_dropped_not_given_a_cell():
    # the chop before it was not redrawn: the mark cannot reach its consonant, and must not
    # push "วย" one cell to the right
    joined = MarkJoiner().feed("\x1b[5;10Hab\x1b[0m\x1b[5;20H\u0e49วย".encode()).decode()
    assert joined == "\x1b[5;10Hab\x1b[0m\x1b[5;20Hวย"


async def test_served_the_palette_and_help_name_no_ctrl_t_and_the_login_as_the_name(
        sample_repo, isolated_env, monkeypatch):
    """Served (ITATUI_SERVE_ROLE set), ctrl+t never reaches the editor and F10 cannot change
    who commits: the palette and F1 say neither; locally they still do."""
    from itatui.tui import palette
    from itatui.tui.app import ItaApp
    from itatui.tui.screens.help import HelpScreen

    async def shown(role):
        if role:
            monkeypatch.setenv("ITATUI_SERVE_ROLE", role)
        else:
            monkeypatch.delenv("ITATUI_SERVE_ROLE", raising=False)
        app = ItaApp(str(sample_repo))
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            listed = {c.title: (c.help, palette.keywords(c.title))
                      for c in palette.commands(app)}
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = str(app.screen.query_one("#help-body").render())
        return listed, text

    listed, text = await shown("officer")
    assert "ctrl+t" not in listed["กลับไปที่รายการ"][0] + listed["กลับไปที่รายการ"][1]
    assert "ชื่อผู้บันทึกมาจากการเข้าสู่ระบบ" in listed["ตั้งค่า"][0]
    assert "ชื่อผู้บันทึกคือชื่อและอีเมลที่ใช้เข้าสู่ระบบ" in text
    assert "F10 ตั้งค่า หรือ git config" not in text and "(ชื่อผู้บันทึก ธีม" not in text
    assert "ctrl+t      กลับไปที่รายการ" not in text

    listed, text = await shown(None)
    assert "(ctrl+t)" in listed["กลับไปที่รายการ"][0] and "ctrl+t" in listed["กลับไปที่รายการ"][1]
    assert "F10 ตั้งค่า หรือ git config" in text
