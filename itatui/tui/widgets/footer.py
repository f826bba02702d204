"""The footer: Textual's, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` rebuilds all its keys on every change of focus or of
the screen stack (three times before the first screen is drawn), and each key's style is then
computed twice (its ``compact`` state is copied from the footer after it is mounted). This one
rebuilds at most once per refresh, only when what it shows differs, and gives each key bound to the
footer's ``compact`` state that state before it is mounted. It looks and behaves the same,
except on a narrow terminal (80 columns): when the keys would not all fit, it shows the app's own
keys (save, quit, F1-F4, F6) and leaves out the focused widget's (the tree's i, a, delete, which
F1 and the palette list), so that F6 is not cut off at the right edge.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class ItaFooter(Footer):
    _shown: tuple | None = None
    _pending = False

    def compose(self):
        compact = self.compact
        widgets = list(super().compose())
        if not self._fits(widgets):
            # a narrow terminal: the app's own keys (F1-F4, F6, save, quit) rather than the
            # focused widget's (the tree's i, a, delete are in F1 and the palette), so that
            # none of them is cut off at the right
            app_keys = {binding.key for node, binding, _e, _t
                        in self.screen.active_bindings.values() if node is self.app}
            widgets = [w for w in widgets if not isinstance(w, FooterKey)
                       or w.key in app_keys or w.has_class("-command-palette")]
        for widget in widgets:
            # the keys bound to the footer's ``compact`` (not the palette's key, which Textual
            # leaves compact)
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, compact)
            yield widget

    def _fits(self, widgets: list) -> bool:
        """Whether every key fits the screen's width (each key takes its key, its label and
        about three cells of padding)."""
        from rich.cells import cell_len

        need = sum(cell_len(w.key_display) + cell_len(w.description) + 3
                   for w in widgets if isinstance(w, FooterKey))
        return need <= self.app.size.width

    def on_resize(self, event) -> None:
        self.bindings_changed(self.screen)

    def _signature(self) -> tuple:
        """What the footer shows: the bindings with their state, and its own options."""
        app = self.app
        return (self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE,
                app.COMMAND_PALETTE_BINDING, app.size.width,
                tuple((key, binding.key, app.get_key_display(binding), binding.action,
                       binding.description, binding.show, binding.group, enabled, tooltip,
                       binding.tooltip)
                      for key, (_node, binding, enabled, tooltip)
                      in self.screen.active_bindings.items()))

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._refresh_keys)

    async def _refresh_keys(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        signature = self._signature()
        if signature == self._shown:
            return
        self._shown = signature
        await self.recompose()
