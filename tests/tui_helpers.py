"""Helpers shared by the TUI tests: the app factory on a corpus, the screen as plain text, and a
clock that tests move by hand."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from tui.app import TimelineApp, create_app
from tui.screens.timeline import TimelineScreen
from tui.widgets.timeline_list import TimelineList

ROOT = Path(__file__).resolve().parent.parent
MINI_EVENTS = ROOT / "tests" / "data" / "mini" / "events.toml"
MINI_SEEDS = ROOT / "tests" / "data" / "mini" / "seeds"
REAL_EVENTS = ROOT / "events.toml"
REAL_SEEDS = ROOT / "seeds"


class ManualClock:
    """A clock that moves only when a test moves it (set `now`)."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def mini_app() -> TimelineApp:
    """The app on the fixture corpus, as the CLI would build it."""
    return create_app(MINI_EVENTS, MINI_SEEDS)


def screen_text(app: App[object]) -> str:
    """Everything on screen (dialogs included) as plain text, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def widget_text(widget: Widget) -> str:
    """What `widget` shows, as plain text (the cells of its region on screen)."""
    region = widget.region
    strips = widget.app.screen._compositor.render_strips()
    rows = strips[region.y : region.y + region.height]
    return "\n".join(row.crop(region.x, region.right).text.rstrip() for row in rows)


def timeline_screen(app: TimelineApp) -> TimelineScreen:
    """The timeline screen, wherever it is in the stack."""
    return next(screen for screen in app.screen_stack if isinstance(screen, TimelineScreen))


def visible_ids(app: TimelineApp) -> list[str]:
    """Ids of the events the timeline list shows, in order."""
    rows = timeline_screen(app).query_one(TimelineList).rows
    return [app.corpus.events[position].id for position in rows.visible]


def current_id(app: TimelineApp) -> str | None:
    """Id of the event under the list's cursor."""
    position = timeline_screen(app).query_one(TimelineList).highlighted
    return None if position is None else app.corpus.events[position].id


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` one key at a time (any script)."""
    for char in text:
        await pilot.press(char)
    await pilot.pause()


async def wait_for_text(pilot: Pilot[None], app: App[object], text: str, frames: int = 250) -> bool:
    """Pause until `text` is on screen (a loaded machine may need more than one frame)."""
    for _ in range(frames):
        if text in screen_text(app):
            return True
        await pilot.pause(0.02)
    return text in screen_text(app)
