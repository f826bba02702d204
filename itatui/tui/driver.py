"""Terminal input that never ends the app: Textual's Linux driver, whose input thread decodes
UTF-8 strictly (one undecodable byte raised ``UnicodeDecodeError`` and closed the app with the
unsaved edits), with a decoder that reads a byte which is not UTF-8 as TIS-620 Thai (what a
terminal set to that legacy encoding sends: 0xA1 is "ก") or, outside TIS-620, as "�".

:meth:`ItaApp.get_driver_class` picks :class:`ThaiInputDriver` where Textual would pick its
``LinuxDriver``; ``run_input_thread`` is Textual 8.2's, the decoder, the idle flush and the
wake-up aside: Textual's thread notices that input is disabled only when its ``select`` times
out (0.1 s), then sleeps 0.1 s more, so quitting waited about 0.2 s for it; here disabling input
writes to a pipe the thread also watches, and it ends at once.
"""

from __future__ import annotations

import codecs
import os
import selectors
import threading

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

ERRORS = "itatui-tis620"
REPLACEMENT = "\ufffd"


def tis620_or_replace(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the first undecodable byte as its TIS-620 character (0xA1-0xDA,
    0xDF-0xFB: U+0E01-U+0E3A, U+0E3F-U+0E5B), else "�"; decoding goes on after that byte."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    byte = error.object[error.start]
    if 0xA1 <= byte <= 0xDA or 0xDF <= byte <= 0xFB:
        return chr(0x0E01 + byte - 0xA1), error.start + 1
    return REPLACEMENT, error.start + 1


codecs.register_error(ERRORS, tis620_or_replace)


def input_decoder() -> codecs.IncrementalDecoder:
    """An incremental UTF-8 decoder that never raises (see :func:`tis620_or_replace`)."""
    return codecs.getincrementaldecoder("utf-8")(errors=ERRORS)


def decode_input(data: bytes) -> str:
    """``data`` as the terminal input decoder reads it, all at once (for tests and tools)."""
    return input_decoder().decode(data, final=True)


class _WakingEvent(threading.Event):
    """The driver's ``exit_event``: setting it also wakes the input thread's ``select``."""

    def __init__(self) -> None:
        super().__init__()
        self._wake_fd: int | None = None        # the write end of the running thread's pipe
        self._wake_lock = threading.Lock()      # never a write to a closed (reused) descriptor

    def watch(self, fd: int | None) -> None:
        with self._wake_lock:
            self._wake_fd = fd

    def set(self) -> None:
        super().set()
        with self._wake_lock:
            if self._wake_fd is not None:
                try:
                    os.write(self._wake_fd, b"\0")
                except OSError:                 # full: the thread is waking already
                    pass


PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
#: stands for an ESC inside a bracketed paste while Textual's parser reads it (a lone surrogate:
#: the input decoder never produces one)
_PASTED_ESC = "\udc1b"


class PasteEscapes:
    """ESC inside a bracketed paste, kept in the paste. Textual's parser (8.2) reads an ESC in
    a paste as the start of a key sequence: the text after it arrives as key presses *before*
    the pasted text before it (``ทดสอบ\x1b[31mแดง`` became ``^[31mแดงทดสอบ``). Here each
    such ESC is hidden from the parser (:data:`_PASTED_ESC`) and given back in the Paste
    event, where the field refuses it like any control character, with a notice."""

    def __init__(self) -> None:
        self.pasting = False
        self.carry = ""

    def hide(self, data: str) -> str:
        data, self.carry = self.carry + data, ""
        out: list[str] = []
        i = 0
        while i < len(data):
            if not self.pasting:
                start = data.find(PASTE_START, i)
                if start < 0:
                    tail = data[data.rfind("\x1b", i):] if "\x1b" in data[i:] else ""
                    if 3 <= len(tail) < len(PASTE_START) and PASTE_START.startswith(tail):
                        out.append(data[i:len(data) - len(tail)])     # "\x1b[20" cut by the
                        self.carry = tail                             # read: wait for the rest
                    else:           # (a lone ESC or "\x1b[" is never held: Escape, alt+[)
                        out.append(data[i:])
                    break
                out.append(data[i:start + len(PASTE_START)])
                i = start + len(PASTE_START)
                self.pasting = True
                continue
            esc = data.find("\x1b", i)
            if esc < 0:
                out.append(data[i:])
                break
            out.append(data[i:esc])
            rest = data[esc:]
            if rest.startswith(PASTE_END):
                out.append(PASTE_END)
                i = esc + len(PASTE_END)
                self.pasting = False
            elif PASTE_END.startswith(rest):            # maybe the end, cut by the read
                self.carry = rest
                break
            else:
                out.append(_PASTED_ESC)
                i = esc + 1
        return "".join(out)

    @staticmethod
    def restore(event):
        from textual import events

        if isinstance(event, events.Paste) and _PASTED_ESC in event.text:
            event = events.Paste(event.text.replace(_PASTED_ESC, "\x1b"))
        return event


class ThaiInputDriver(LinuxDriver):
    """Textual's Linux driver whose input decoding never fails."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.exit_event = _WakingEvent()

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, with :func:`input_decoder`; a
        lead byte left waiting for the rest of its UTF-8 sequence when the input goes quiet,
        e.g. TIS-620 "เ" = 0xE0, is decoded on the next idle tick rather than held back)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)
        selector.register(wake_read, selectors.EVENT_READ)
        exit_event = self.exit_event
        if isinstance(exit_event, _WakingEvent):
            exit_event.watch(wake_write)

        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ

        parser = XTermParser(self._debug)
        feed = parser.feed
        tick = parser.tick

        decoder = input_decoder()
        decode = decoder.decode
        read = os.read

        pastes = PasteEscapes()

        def dispatch(unicode_data: str) -> None:
            data = pastes.hide(unicode_data)
            if not data:                 # all held back (feeding "" would end the parser)
                return
            for event in feed(data):
                self.process_message(pastes.restore(event))

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]],
            final: bool = False,
        ) -> None:
            selector_events = [(k, m) for k, m in selector_events if k.fd == fileno]
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & EVENT_READ:
                    unicode_data = decode(read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        # This can occur if the stdin is piped
                        break
                    dispatch(unicode_data)
            if not selector_events and decoder.getstate()[0]:
                dispatch(decode(b"", final=True))       # a lone lead byte: quiet since
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)

        finally:
            selector.close()
            if isinstance(exit_event, _WakingEvent):
                exit_event.watch(None)
            os.close(wake_read)
            os.close(wake_write)
            try:
                for event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass
