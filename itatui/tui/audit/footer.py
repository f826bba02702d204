"""The audit app's footer: Textual's (compact), which on a narrow terminal (80 columns) gives the
focused table's own keys (the years' Enter, r, p) the room of the tab keys 1-6 rather than
cutting them off at the right edge: the tabs are named in the tab bar above, and F1 lists every
key."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def _need(widgets: list) -> int:
    """The cells the keys take: each its key, its label and about two cells of padding (the
    footer is compact), and the palette's key on the right."""
    return sum(cell_len(w.key_display) + cell_len(w.description) + 2
               for w in widgets if isinstance(w, FooterKey))


class AuditFooter(Footer):
    def compose(self):
        widgets = list(super().compose())
        if _need(widgets) > self.app.size.width:
            widgets = [w for w in widgets if not isinstance(w, FooterKey)
                       or not w.action.startswith("tab(")]
        yield from widgets

    def on_resize(self, event) -> None:
        self.bindings_changed(self.screen)
