"""The key footer shows the keys of what has focus, and keeps its keys while they stay the same."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static
from tui_helpers import screen_lines, wait_until

from tui.widgets.footer import KeyFooter


class Pane(Widget, can_focus=True):
    """A focusable pane whose key the footer shows while it has focus."""

    DEFAULT_CSS = "Pane { height: 3; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "app.bell", "Same")]


class OtherPane(Widget, can_focus=True):
    """A pane with a key of its own instead."""

    DEFAULT_CSS = "OtherPane { height: 3; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("z", "app.bell", "Other")]


class PaneApp(App[None]):
    """Three panes: two show the same keys, the third one more."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Pane()
        yield Pane()
        yield OtherPane()
        yield Static("body")
        yield KeyFooter(compact=True, show_command_palette=False)


def _footer(app: App[None]) -> str:
    return screen_lines(app)[-1]


async def test_the_footer_follows_the_keys_of_what_has_focus() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 10)) as pilot:
        assert await wait_until(pilot, lambda: "x Same" in _footer(app)), _footer(app)
        assert "q Quit" in _footer(app) and "Other" not in _footer(app)
        app.set_focus(app.query_one(OtherPane))
        assert await wait_until(pilot, lambda: "z Other" in _footer(app)), _footer(app)
        assert "Same" not in _footer(app)
        app.set_focus(app.query(Pane)[0])
        assert await wait_until(pilot, lambda: "x Same" in _footer(app)), _footer(app)
        assert "Other" not in _footer(app)


async def test_the_footer_keeps_its_keys_while_focus_moves_between_the_same_keys() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 10)) as pilot:
        assert await wait_until(pilot, lambda: "x Same" in _footer(app)), _footer(app)
        keys = list(app.query_one(KeyFooter).children)
        app.set_focus(app.query(Pane)[1])
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.query(Pane)[1]
        assert list(app.query_one(KeyFooter).children) == keys
        assert "x Same" in _footer(app)
