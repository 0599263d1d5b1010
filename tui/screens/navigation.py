"""Going back to the timeline to act on it: what the palette's commands and the hints do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from tui.screens.timeline import TimelineScreen

__all__ = ["on_timeline"]


def on_timeline(app: App[Any], action: Callable[[TimelineScreen], None]) -> None:
    """Close the screens above the timeline, then do `action` on it.

    Args:
        app: the running app.
        action: what to do with the timeline screen, e.g. put its cursor on an event.
    """
    from tui.screens.timeline import TimelineScreen

    while len(app.screen_stack) > 1 and not isinstance(app.screen, TimelineScreen):
        app.pop_screen()
    timeline = next(
        (screen for screen in app.screen_stack if isinstance(screen, TimelineScreen)), None
    )
    if timeline is not None:
        action(timeline)
