"""A field's text without its editor, for the first frame only: the form's editors are mounted
right after it (see :meth:`RecordForm.show`'s ``light``)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class FieldPreview(Static, can_focus=True):
    """A field's text shown without its editor, for the first frame only (see
    :meth:`RecordForm.show`'s ``light``): the editors are mounted right after it. It takes the
    focus (a Tab pressed before the editors are there is not lost): the editor then gets it."""

    DEFAULT_CSS = """
    FieldPreview { background: $surface; border: tall $border-blurred; padding: 0 1;
                   height: auto; max-height: 16; margin: 0 0 1 0; }
    FieldPreview.-single { height: 3; padding: 0 2; }
    """

    def __init__(self, text: str, single: bool) -> None:
        super().__init__(Text(text), classes="editor -single" if single else "editor")
        self.text = text

    def set_text(self, text: str) -> None:
        self.text = text
        self.update(Text(text))
