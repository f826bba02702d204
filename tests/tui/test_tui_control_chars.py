"""Control characters typed or pasted into a field are refused at once (issue 15): taken out
with a Thai notice naming the field, the rest of the edit kept and saved (Pilot, real git)."""

from __future__ import annotations

import tomllib

import pytest

from textual import events

from helpers import make_app, open_record, wait_until

MEMO = "records/memo.toml"
MEASURE = "records/measures/02-01.toml"
SIZE = (140, 45)


async def test_a_paste_with_control_characters_keeps_the_rest_and_names_the_field(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEMO)
        await wait_until(pilot, lambda: app.form.box("subject").editor is not None, "editors")
        area = app.form.box("subject").editor
        area.focus()
        await pilot.press("end")
        area.post_message(events.Paste("ทดสอบ\x1b[31mแดง\x07\x00\u202eจบ"))
        await wait_until(pilot, lambda: "ทดสอบ" in app.pending.get(MEMO, {}).get("subject", ""),
                         "the paste")
        await pilot.pause()
        text = app.pending[MEMO]["subject"]
        assert text.endswith("ทดสอบ[31mแดงจบ")                 # the rest, in order
        assert not any(c in text for c in "\x1b\x07\x00\u202e")
        assert area.text == text                                  # the screen shows it too
        refusals = [m for m, _ in notes if "อักขระควบคุม" in m]
        assert refusals and "เรื่อง" in refusals[0] and "\\x1b" in refusals[0]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: MEMO not in app.pending, "the save")
    saved = tomllib.loads((sample_repo / MEMO).read_text(encoding="utf-8"))["subject"]
    assert saved.endswith("ทดสอบ[31mแดงจบ")


async def test_a_control_character_in_a_list_field_is_refused_too(sample_repo):
    app, notes = make_app(sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(app, pilot, MEASURE)
        await wait_until(pilot, lambda: app.form.box("results").editor is not None, "editors")
        area = app.form.box("results").editor
        area.focus()
        await pilot.press("ctrl+end")
        area.post_message(events.Paste("\nผลใหม่\x9bหนึ่ง"))
        await wait_until(pilot, lambda: "ผลใหม่" in app.pending.get(MEASURE, {}).get(
            "results", ""), "the paste")
        await pilot.pause()
        assert app.pending[MEASURE]["results"].endswith("ผลใหม่หนึ่ง")
        assert any("ผลการดำเนินการ" in m and "\\x9b" in m for m, _ in notes)


def _pastes(chunks: list[str]) -> list:
    """What Textual's parser makes of ``chunks`` of terminal input, through the driver's
    :class:`PasteEscapes` (Paste events and keys, in order)."""
    from textual._xterm_parser import XTermParser

    from itatui.tui.driver import PasteEscapes

    parser, pastes, out = XTermParser(), PasteEscapes(), []
    for chunk in chunks:
        data = pastes.hide(chunk)
        if data:                                   # (feeding "" ends the parser)
            out += [pastes.restore(e) for e in parser.feed(data)]
    return out


@pytest.mark.parametrize("cut", [None, 3, 9, 14, -3, -6])
def test_an_esc_inside_a_bracketed_paste_stays_in_the_paste_in_order(cut):
    data = "\x1b[200~ทดสอบ\x1b[31mแดง\x07จบ\x1b[201~"
    chunks = [data] if cut is None else [data[:cut], data[cut:]]
    events_ = _pastes(chunks)
    pastes = [e for e in events_ if isinstance(e, events.Paste)]
    keys = [e for e in events_ if isinstance(e, events.Key)]
    assert [p.text for p in pastes] == ["ทดสอบ\x1b[31mแดง\x07จบ"] and not keys


def test_the_escape_key_outside_a_paste_is_still_a_key():
    from itatui.tui.driver import PasteEscapes

    assert PasteEscapes().hide("\x1b") == "\x1b"
    assert PasteEscapes().hide("\x1b[A") == "\x1b[A"


def test_in_a_real_terminal_a_paste_with_esc_is_refused_in_order(sample_repo):
    """The editor in a pseudo-terminal (Textual's own driver and parser; tmux would escape
    the control characters itself): a bracketed paste holding ESC, BEL and an RLO."""
    import os
    import pty
    import select
    import struct
    import termios
    import time
    from fcntl import ioctl

    from helpers import ITATUI

    pid, fd = pty.fork()
    if pid == 0:                                          # the child: the editor
        os.chdir(sample_repo)
        os.execvpe(ITATUI[0], [*ITATUI], {**os.environ, "TERM": "xterm-256color"})
    ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 140, 0, 0))
    seen = bytearray()

    def pump(seconds: float, until: str | None = None) -> None:
        end = time.time() + seconds
        while time.time() < end:
            if until and until in seen.decode("utf-8", "replace"):
                return
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    seen.extend(os.read(fd, 65536))
                except OSError:
                    return
    try:
        pump(30, until="เรียน")
        pump(1)
        for key in [b"\t"] * 5 + [b"\x1b[F"]:            # Tab to "เรียน", End
            os.write(fd, key)
            pump(0.5)
        os.write(fd, "\x1b[200~ทดสอบ\x1b[31mแดง\x07\u202eจบ\x1b[201~".encode())
        pump(10, until="ไม่รับอักขระควบคุม")
        assert "ไม่รับอักขระควบคุม" in seen.decode("utf-8", "replace")
        os.write(fd, b"\x13")                             # ctrl+s
        pump(10, until="คอมมิต")
        os.write(fd, b"\x11")                             # ctrl+q
        pump(5)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    saved = tomllib.loads((sample_repo / MEMO).read_text(encoding="utf-8"))["to"]
    assert saved.endswith("ทดสอบ[31mแดงจบ"), saved
