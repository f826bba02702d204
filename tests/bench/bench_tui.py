"""The editor's speed (issue 3).

- Cold start to the first full screen of the sample, against a bare Textual app measured the
  same way in the same run (target: at most 1.5x). Each is a fresh process on a pseudo-terminal
  of 150x45; with ``ITATUI_EXIT_ON_READY=1`` it writes the wall-clock time to
  ``ITATUI_READY_FILE`` after the refresh that follows its ``Ready`` event (the first screen is
  on the terminal), then exits. The time is from spawning the process to that moment; the
  bare app does exactly the same. itatui's modules are byte-compiled first, as ``pip install``
  leaves them (and Textual's, for the bare app). itatui's first frame shows the tree and the first record's
  fields as text; their editors are mounted in the next frame: a second row reports the time
  until that frame (``ITATUI_LIVE_FILE``), with no target.
- Keystroke to screen update in a long multi-line Thai field with the whole sample open (target:
  median under 50 ms): a key event (typing ก, Backspace, Left, Right, ctrl+Left, ctrl+Right in
  turn) is sent through the app's driver, as a terminal's key is, and the clock stops when the
  app writes the frame that shows it (``App._display``). The field holds the sample's outcome,
  results and activities ten times over, one paragraph per line (about 9,000 characters),
  soft-wrapped between Thai words. The baseline is a plain Textual TextArea holding the same
  text, measured the same way. The ratio's limit is set so that "ok" means under 50 ms.
- Quit (issue 14): ctrl+q with nothing unsaved, from the key reaching the terminal to the end
  of the process, against the bare Textual app's ctrl+q in the same terminal (target: at most
  1.5x). Whole processes as users run them: a wheel of the checkout installed (byte-compiled by
  pip) in a fresh virtualenv (common.py: build_wheel, install_wheel), on a pseudo-terminal of
  150x45; the key is sent once the first screen is drawn and the work that follows it (the Thai
  dictionary, the repository opened, the check for uncommitted records) has had
  :data:`SETTLE` seconds.
- Save and quit (informative): an edit typed in the memo's first field, ctrl+q, then Enter on
  the dialog's "บันทึก": from Enter to the end of the process (the commit made included; the
  run fails if no commit was made), against the same bare quit.
- Resize with a 100 KB field open: the measure's outcome holds 100 KB of Thai text (the
  sample's sentences repeated, in one paragraph, and one paragraph per line as in the keystroke
  row), with the cursor in it; the terminal goes from 150x45 to 120x40 and back, and the clock
  stops at the last frame the resize causes (the app idle after it); against a plain Textual
  TextArea holding the same text, resized the same way. ``gc.freeze()`` first, as
  :func:`itatui.tui.app.run_tui` does.

Run alone: ``python tests/bench/bench_tui.py``.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from common import (ROOT, Row, build_wheel, install_wheel, installed_env, isolated_env,
                    sample_repo)

MEASURE = "records/measures/02-01.toml"
SIZE = (150, 45)
KEY_TARGET = 0.050
SETTLE = 2.0            # seconds after the first screen before ctrl+q
RESIZE_BYTES = 100_000

BARE_APP = """
import os
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("สวัสดี")
        yield Footer()

    def on_ready(self):
        if os.environ.get("ITATUI_EXIT_ON_READY"):
            self.call_after_refresh(self.ready_and_exit)

    def ready_and_exit(self):
        import time
        marker = os.environ.get("ITATUI_READY_FILE")
        if marker:
            with open(marker, "w", encoding="utf-8") as fh:
                fh.write(repr(time.time()))
        self.exit()

Bare().run()
"""


def _run_on_pty(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning ``argv`` on a new pseudo-terminal until its first screen is drawn
    (the time it writes to ``ITATUI_READY_FILE``; tearing the app down is not counted)."""
    import tempfile

    fd, marker = tempfile.mkstemp(prefix="itatui-ready-")
    os.close(fd)
    fd, live_marker = tempfile.mkstemp(prefix="itatui-live-")
    os.close(fd)
    env = dict(env, ITATUI_READY_FILE=marker, ITATUI_LIVE_FILE=live_marker)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    done = threading.Event()

    def drain():
        while not done.is_set():
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.time()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    code = proc.wait(timeout=60)
    done.set()
    os.close(slave)
    os.close(master)
    ready = Path(marker).read_text(encoding="utf-8")
    live = Path(live_marker).read_text(encoding="utf-8") or ready
    os.unlink(marker)
    os.unlink(live_marker)
    if code != 0 or not ready:
        raise RuntimeError(f"{argv} exited with {code} before its first screen")
    return float(ready) - start, float(live) - start


def cold_start(repeat: int = 9) -> tuple[float, float, float]:
    """(itatui to its first screen, itatui until the form's editors are drawn, bare app)."""
    repo = sample_repo()
    # itatui byte-compiled, as `pip install` leaves it and as a first run leaves an editable
    # install (Textual, under the bare app, was byte-compiled by pip); a machine that sets
    # PYTHONDONTWRITEBYTECODE would otherwise compile itatui's source on every start
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "itatui")], check=True)
    env = dict(os.environ, ITATUI_EXIT_ON_READY="1", TERM="xterm-256color", LANG="C.UTF-8",
               COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]))
    ours_cmd = [sys.executable, "-m", "itatui", "--repo", str(repo)]
    bare_cmd = [sys.executable, "-c", BARE_APP]
    ours, live, bare = [], [], []
    for i in range(repeat + 1):                   # the first round warms the disk cache
        t_bare, _ = _run_on_pty(bare_cmd, env)
        t_ours, t_live = _run_on_pty(ours_cmd, env)
        if i:
            bare.append(t_bare)
            ours.append(t_ours)
            live.append(t_live)
    return statistics.median(ours), statistics.median(live), statistics.median(bare)


def _long_thai(paragraphs: int = 10) -> str:
    """A long outcome: the sample's Thai sentences repeated, one paragraph per line."""
    import tomllib

    data = tomllib.loads((ROOT / MEASURE).read_text(encoding="utf-8"))
    base = " ".join([data["outcome"], *data["results"], *data["activities"]])
    return "\n".join(base for _ in range(paragraphs))


async def _outcome_holding(app, pilot, text: str):
    """The sample measure's outcome editor, opened and holding ``text`` (laid out)."""
    await app.goto(MEASURE)
    await pilot.pause()
    editor = app.form.box("outcome").editor
    editor.text = text
    await pilot.pause()
    return editor


async def _keystrokes(app, editor_query, pilot, keys: int) -> list[float]:
    """Seconds from a key event reaching the app to the screen update that shows its effect:
    the key goes in through the driver, as a terminal's key does, and the clock stops when the
    app writes the next frame (``App._display``)."""
    from textual import events

    editor = app.query_one(editor_query) if isinstance(editor_query, str) else editor_query
    editor.cursor_blink = False                   # only the key may change the screen
    editor.focus()
    await pilot.pause()
    editor.move_cursor((editor.document.line_count // 2, 40))
    await pilot.pause()
    shown = asyncio.Event()
    display = app._display

    def timed_display(screen, renderable):
        display(screen, renderable)
        shown.set()

    app._display = timed_display
    sequence = [("ก", "ก"), ("backspace", None), ("left", None), ("right", None),
                ("ctrl+left", None), ("ctrl+right", None)]
    times = []
    for i in range(keys):
        key, char = sequence[i % len(sequence)]
        await pilot.pause()
        shown.clear()
        t = time.perf_counter()
        app._driver.send_message(events.Key(key, char))
        await asyncio.wait_for(shown.wait(), 5)
        times.append(time.perf_counter() - t)
    app._display = display
    return times


def keystroke(keys: int = 60) -> tuple[float, float]:
    from textual.app import App
    from textual.widgets import TextArea

    from itatui.tui import thai_text
    from itatui.tui.app import ItaApp

    thai_text.load_segmenter()
    text = _long_thai()
    repo = sample_repo()

    async def ours() -> list[float]:
        app = ItaApp(str(repo), thai_wrap=True)
        async with app.run_test(size=SIZE) as pilot:
            editor = await _outcome_holding(app, pilot, text)
            return await _keystrokes(app, editor, pilot, keys)

    class Plain(App):
        def compose(self):
            yield TextArea(text, id="area", soft_wrap=True)

    async def plain() -> list[float]:
        app = Plain()
        async with app.run_test(size=SIZE) as pilot:
            return await _keystrokes(app, "#area", pilot, keys)

    base = statistics.median(asyncio.run(plain())[5:])
    value = statistics.median(asyncio.run(ours())[5:])
    return value, base


class _Terminal:
    """A process on a new pseudo-terminal of :data:`SIZE`, its output read as it comes."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.output = bytearray()
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=cwd, start_new_session=True)
        os.close(slave)
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.output.extend(data)

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        """Until ``text`` has been written since the last call (or the process ended)."""
        wanted, deadline = text.encode("utf-8"), time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if wanted in self.output:
                    del self.output[:]
                    return
            if self.proc.poll() is not None:
                raise RuntimeError(f"the process ended ({self.proc.returncode}) before {text!r}")
            time.sleep(0.01)
        raise RuntimeError(f"timed out waiting for {text!r}")

    def send(self, data: str) -> None:
        os.write(self.master, data.encode("utf-8"))

    def timed_exit(self, data: str) -> float:
        """Seconds from sending ``data`` to the end of the process (exit status 0)."""
        start = time.perf_counter()
        self.send(data)
        code = self.proc.wait(timeout=60)
        elapsed = time.perf_counter() - start
        self.reader.join(5)
        os.close(self.master)
        if code != 0:
            raise RuntimeError(f"exit status {code}")
        return elapsed


def _commits(repo: Path) -> int:
    out = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, check=True,
                         capture_output=True, text=True).stdout
    return int(out)


def quitting(repeat: int = 7) -> tuple[float, float, float]:
    """(itatui's quit, itatui's save-and-quit, the bare app's quit): medians, installed code."""
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="itatui-bench-quit-"))
    bin_ = install_wheel(build_wheel(tmp / "wheel"), tmp / "venv")
    python = str(bin_ / "python")
    # the installed command, started outside the checkout (``python -m itatui`` from the
    # checkout would import the checkout's itatui, not the wheel's)
    itatui = [str(bin_ / "itatui"), "--repo"]
    env = dict(installed_env(), TERM="xterm-256color", LANG="C.UTF-8")
    bare_script = tmp / "bare.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    repo = sample_repo(tmp / "sample")

    def bare() -> float:
        term = _Terminal([python, str(bare_script)], env, tmp)
        term.wait_for("สวัสดี")
        time.sleep(SETTLE)
        return term.timed_exit("\x11")

    def ours() -> float:
        term = _Terminal([*itatui, str(repo)], env, tmp)
        term.wait_for("ส่วนราชการ")
        time.sleep(SETTLE)
        return term.timed_exit("\x11")

    def save_quit() -> float:
        before = _commits(repo)
        term = _Terminal([*itatui, str(repo)], env, tmp)
        term.wait_for("ส่วนราชการ")
        time.sleep(SETTLE)
        term.send("\t")                        # the tree -> the memo's first field
        time.sleep(0.3)
        term.send("\x1b[F ก")                   # End, then an edit
        time.sleep(0.3)
        term.send("\x11")
        term.wait_for("ไม่บันทึก")               # the dialog's second button
        time.sleep(0.3)
        elapsed = term.timed_exit("\r")         # "บันทึก" has the focus
        if _commits(repo) != before + 1:
            raise RuntimeError("save and quit made no commit")
        return elapsed

    times: dict[str, list[float]] = {"bare": [], "ours": [], "save": []}
    for i in range(repeat + 1):                   # the first round warms the disk cache
        for name, fn in (("bare", bare), ("ours", ours), ("save", save_quit)):
            t = fn()
            if i:
                times[name].append(t)
    return (statistics.median(times["ours"]), statistics.median(times["save"]),
            statistics.median(times["bare"]))


async def _resizes(app, pilot, rounds: int) -> list[float]:
    """Seconds from a resize of the terminal to the last frame it causes (the screen complete
    at the new size: the app is idle after it)."""
    shown: list[float] = []
    display = app._display

    def timed_display(screen, renderable):
        display(screen, renderable)
        shown.append(time.perf_counter())

    app._display = timed_display
    times = []
    for i in range(rounds):
        await pilot.pause()
        shown.clear()
        t = time.perf_counter()
        await pilot.resize_terminal(*((120, 40) if i % 2 == 0 else SIZE))
        await pilot.pause()
        await pilot.pause(0.05)                  # a frame on the next refresh tick too
        if not shown:
            raise RuntimeError("the resize drew no frame")
        times.append(shown[-1] - t)
    app._display = display
    return times


def _large_thai(one_paragraph: bool) -> str:
    """At least :data:`RESIZE_BYTES` of the sample's Thai sentences (UTF-8): a paragraph a
    line, or all in one paragraph (text pasted from a word processor)."""
    paragraph = _long_thai(1)
    count = -(-RESIZE_BYTES // len(paragraph.encode("utf-8")))
    return (" " if one_paragraph else "\n").join([paragraph] * count)


def resize(one_paragraph: bool, rounds: int = 8) -> tuple[float, float]:
    import gc

    from textual.app import App
    from textual.widgets import TextArea

    from itatui.tui import thai_text
    from itatui.tui.app import ItaApp

    thai_text.load_segmenter()
    text = _large_thai(one_paragraph)
    repo = sample_repo()
    gc.collect()
    gc.freeze()

    async def ours() -> list[float]:
        app = ItaApp(str(repo), thai_wrap=True)
        async with app.run_test(size=SIZE) as pilot:
            editor = await _outcome_holding(app, pilot, text)
            editor.cursor_blink = False
            editor.focus()
            await pilot.pause()
            return await _resizes(app, pilot, rounds)

    class Plain(App):
        def compose(self):
            yield TextArea(text, id="area", soft_wrap=True)

    async def plain() -> list[float]:
        app = Plain()
        async with app.run_test(size=SIZE) as pilot:
            area = app.query_one("#area", TextArea)
            area.cursor_blink = False
            area.focus()
            await pilot.pause()
            return await _resizes(app, pilot, rounds)

    base = statistics.median(asyncio.run(plain())[2:])
    value = statistics.median(asyncio.run(ours())[2:])
    gc.unfreeze()
    return value, base


def measure() -> list[Row]:
    isolated_env()
    start_ours, start_live, start_bare = cold_start()
    key_ours, key_plain = keystroke()
    quit_ours, save_quit, quit_bare = quitting()
    resize_lines, resize_lines_plain = resize(one_paragraph=False)
    resize_one, resize_one_plain = resize(one_paragraph=True)
    return [
        Row("cold start to first screen (sample)", start_ours,
            "bare Textual app, same terminal", start_bare, "≤ 1.5x", 1.5),
        Row("cold start until the form's editors are live", start_live,
            "bare Textual app, same terminal", start_bare, "(no target; informative)", None),
        Row("keystroke → screen, long Thai field", key_ours,
            "plain Textual TextArea, same text", key_plain, "median < 50 ms",
            KEY_TARGET / key_plain if key_plain else None),
        Row("quit (ctrl+q, nothing unsaved)", quit_ours,
            "bare Textual app's ctrl+q, same terminal", quit_bare, "≤ 1.5x", 1.5),
        Row("save and quit (ctrl+q, บันทึก)", save_quit,
            "bare Textual app's ctrl+q, same terminal", quit_bare, "(no target; informative)",
            None),
        Row("resize, 100 KB Thai field (one paragraph)", resize_one,
            "plain Textual TextArea, same text", resize_one_plain, "≤ 1.0x", 1.0),
        Row("resize, 100 KB Thai field (40 paragraphs)", resize_lines,
            "plain Textual TextArea, same text", resize_lines_plain,
            "(no target; informative)", None),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for row in measure():
        print(f"{row.name}: {row.value * 1000:.1f} ms vs {row.baseline_name} "
              f"{row.baseline * 1000:.1f} ms = {row.ratio:.2f}x (target {row.target}) "
              f"{'ok' if row.ok else 'MISSED' if row.ok is False else ''}")
