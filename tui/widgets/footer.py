"""The key footer: Textual's Footer, composed again only when the keys it shows changed."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Footer

__all__ = ["KeyFooter"]

ShownKeys = tuple[tuple[str, Binding, bool, str], ...]
"""Per key the footer shows: the key, its `Binding`, whether it is enabled, its tooltip."""


class KeyFooter(Footer):
    """A Footer that keeps its keys when the bindings it would show are the same.

    Textual's Footer composes its keys anew (a widget per key, each styled from the CSS) on every
    "bindings updated" signal, and a screen sends several for one change: when focus moves, when
    the screen is resumed, and again after the next refresh. Most of them leave the shown keys as
    they were, and composing them again was most of the cost of showing a screen.
    """

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)
        self._composed_keys: ShownKeys | None = None

    def shown_keys(self) -> ShownKeys:
        """What `Footer.compose` reads from the screen's active bindings, to compare."""
        palette_key = self.app.COMMAND_PALETTE_BINDING
        with_palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        return tuple(
            (key, active.binding, active.enabled, active.tooltip)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show or (with_palette and key == palette_key)
        )

    async def recompose(self) -> None:
        # Recorded before composing: a signal that arrives while the keys are replaced
        # compares with what this compose read, so a change then is composed again.
        keys = self.shown_keys() if self.is_attached else None
        if keys is not None and keys == self._composed_keys:
            return
        self._composed_keys = keys
        await super().recompose()
