"""The first screen while a big corpus loads: the app's header, saying how far loading has got."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from tui.core.progress import loading_text
from tui.screens.host import host

__all__ = ["LoadingScreen"]


class LoadingScreen(Screen[None]):
    """Shown until the corpus has loaded; the app then switches to the timeline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        # Nothing to lose yet: Ctrl+C quits here, as it does on the command line.
        Binding("ctrl+c", "app.quit", "Quit", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._progress_shown = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Static(self.app.title, id="summary", markup=False)
            yield Static("", id="indicators", markup=False)

    def on_mount(self) -> None:
        # A load that is quick just shows its corpus; a slow one says how far it has got.
        self.watch(self.app, "loading", self._loading_changed, init=False)
        delay = host(self).progress_delay
        if delay > 0:
            self.set_timer(delay, self._show_progress)
        else:
            self._show_progress()

    def _show_progress(self) -> None:
        self._progress_shown = True
        self._loading_changed()

    def _loading_changed(self) -> None:
        loading = host(self).loading
        if loading is not None and self._progress_shown:
            self.query_one("#indicators", Static).update(loading_text(loading))
