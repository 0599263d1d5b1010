"""Helpers shared by the TUI tests: the app factory on a corpus, the screen as plain text, and a
clock that tests move by hand."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from quick_keys import until_idle
from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from tui.app import TimelineApp, create_app
from tui.screens.timeline import FOLLOW_GAP, TimelineScreen
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


@contextmanager
def _screenshots_as_text(styles: bool = False) -> Iterator[None]:
    """While open, `App.export_screenshot` returns the characters it drew instead of an SVG.

    The screenshot is the public way to see the composed screen (dialogs over the screens
    under them); its console records what was printed, and Rich exports that as plain text.
    """

    def export_text(console: Console, **_: Any) -> str:
        return console.export_text(styles=styles)

    export_svg = Console.export_svg
    Console.export_svg = export_text  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Console.export_svg = export_svg  # type: ignore[method-assign]


def screen_lines(app: App[object]) -> list[str]:
    """Every row on screen (dialogs included) as plain text, trailing blanks cut."""
    with _screenshots_as_text():
        text = app.export_screenshot()
    return [line.rstrip() for line in text.split("\n")]


def screen_styled_lines(app: App[object]) -> list[Text]:
    """Every row on screen (dialogs included) with its colours and styles."""
    with _screenshots_as_text(styles=True):
        text = app.export_screenshot()
    return [Text.from_ansi(line) for line in text.split("\n")]


def screen_text(app: App[object]) -> str:
    """Everything on screen (dialogs included) as plain text, one line per row."""
    return "\n".join(screen_lines(app))


def widget_text(widget: Widget) -> str:
    """What `widget` shows, as plain text (the cells of its region on screen)."""
    region = widget.region
    rows = screen_lines(widget.app)[region.y : region.y + region.height]
    return "\n".join(
        Strip([Segment(row)]).crop(region.x, region.right).text.rstrip() for row in rows
    )


_NOTICES = "hk_test_notices"
"""Attribute of an app that holds the messages it showed since it last cleared them."""


def _record_notices() -> None:
    """Make every app keep the messages of its notifications, as Textual receives them."""
    if getattr(App.notify, _NOTICES, False):  # this module imported under a second name
        return
    notify = App.notify
    clear = App.clear_notifications

    @functools.wraps(notify)
    def recording_notify(self: App[object], message: str, *args: Any, **kwargs: Any) -> None:
        self.__dict__.setdefault(_NOTICES, []).append(str(message))
        notify(self, message, *args, **kwargs)

    @functools.wraps(clear)
    def recording_clear(self: App[object]) -> None:
        self.__dict__[_NOTICES] = []
        clear(self)

    setattr(recording_notify, _NOTICES, True)
    App.notify = recording_notify  # type: ignore[method-assign]
    App.clear_notifications = recording_clear  # type: ignore[method-assign]


_record_notices()


def notices(app: App[object]) -> list[str]:
    """The messages of the notifications the app was asked to show since it last cleared them."""
    return list(app.__dict__.get(_NOTICES, []))


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


async def hold_still(pilot: Pilot[None]) -> None:
    """Keep the cursor still as long as a person does between two keys, so the panes follow it.

    Keys pressed faster than `FOLLOW_GAP` apart count as a held key, and the detail pane and the
    histogram wait for the cursor to stop; the Pilot presses keys that fast.
    """
    await pilot.pause(FOLLOW_GAP)
    await until_idle()
    await pilot.pause(0)


async def palette_searched(pilot: Pilot[None], limit: float = 5.0) -> None:
    """Wait until the command palette has found the commands for what was typed in it."""
    palette = pilot.app.screen
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        await until_idle()
        if all(worker.is_finished for worker in palette.workers):
            break
        await pilot.pause(0.005)
    await pilot.pause(0)


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], limit: float = 5.0) -> bool:
    """Pause until `condition()` holds (timers, workers and a loaded machine take their time)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.01)
    return True


async def wait_for_text(pilot: Pilot[None], app: App[object], text: str, frames: int = 250) -> bool:
    """Pause until `text` is on screen (a loaded machine may need more than one frame)."""
    for _ in range(frames):
        if text in screen_text(app):
            return True
        await pilot.pause(0.02)
    return text in screen_text(app)
