"""The footer: Textual's, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` rebuilds all its keys on every change of focus or of
the screen stack (three times before the first screen is drawn), and each key's style is then
computed twice (its ``compact`` state is copied from the footer after it is mounted). This one
rebuilds at most once per refresh, only when what it shows differs, and gives each key bound to the
footer's ``compact`` state that state before it is mounted. It looks and behaves the same.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class ItaFooter(Footer):
    _shown: tuple | None = None
    _pending = False

    def compose(self):
        compact = self.compact
        for widget in super().compose():
            # the keys bound to the footer's ``compact`` (not the palette's key, which Textual
            # leaves compact)
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, compact)
            yield widget

    def _signature(self) -> tuple:
        """What the footer shows: the bindings with their state, and its own options."""
        app = self.app
        return (self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE,
                app.COMMAND_PALETTE_BINDING,
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
