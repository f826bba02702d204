"""Terminal input that never ends the app: Textual's Linux driver, whose input thread decodes
UTF-8 strictly (one undecodable byte raised ``UnicodeDecodeError`` and closed the app with the
unsaved edits), with a decoder that reads a byte which is not UTF-8 as TIS-620 Thai (what a
terminal set to that legacy encoding sends: 0xA1 is "ก") or, outside TIS-620, as "�".

:meth:`ItaApp.get_driver_class` picks :class:`ThaiInputDriver` where Textual would pick its
``LinuxDriver``; ``run_input_thread`` is Textual 8.2's, the decoder and the idle flush aside.
"""

from __future__ import annotations

import codecs
import os
import selectors

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


class ThaiInputDriver(LinuxDriver):
    """Textual's Linux driver whose input decoding never fails."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, with :func:`input_decoder`; a
        lead byte left waiting for the rest of its UTF-8 sequence when the input goes quiet,
        e.g. TIS-620 "เ" = 0xE0, is decoded on the next idle tick rather than held back)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)

        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ

        parser = XTermParser(self._debug)
        feed = parser.feed
        tick = parser.tick

        decoder = input_decoder()
        decode = decoder.decode
        read = os.read

        def dispatch(unicode_data: str) -> None:
            for event in feed(unicode_data):
                self.process_message(event)

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]],
            final: bool = False,
        ) -> None:
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
            try:
                for event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass
