"""Saved views: name the timeline's filters, recall or forget them (the palette's commands)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from tui.core.errors import TimelineError
from tui.core.preferences import (
    config_path,
    forget_view,
    load_preferences,
    save_view,
    view_filters,
    view_from_filters,
    view_name_problem,
)
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog
from tui.screens.host import host
from tui.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from tui.screens.timeline import TimelineScreen

__all__ = ["ViewNameScreen", "forget_saved_view", "open_saved_view", "save_current_view"]


class ViewNameScreen(Dialog[str | None]):
    """Ask for the name to save the current filters under; a bad name is explained in place."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, summary: str, known: list[str]) -> None:
        super().__init__()
        self.summary = summary
        """What the filters are, in words (plain text)."""
        self.known = known
        """Names already saved (saving under one replaces it)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Save view"), id="dialog-title")
            yield Static(Content(self.summary))
            yield SafeInput(placeholder="a name, e.g. hsbc-2024", id="view-name", compact=True)
            yield Static(id="view-error", markup=False)
            known = ", ".join(self.known) if self.known else "none yet"
            yield Static(
                Content(f"saved views: {known} · enter saves · esc cancels"), id="dialog-help"
            )
            with Horizontal(id="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#view-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        name = self.query_one("#view-name", Input).value.strip()
        problem = view_name_problem(name)
        if problem is not None:
            self.query_one("#view-error", Static).update(Content.styled(problem, "bold $error"))
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _reload(timeline: TimelineScreen) -> None:
    app = host(timeline)
    app.preferences, _ = load_preferences()


def save_current_view(timeline: TimelineScreen) -> None:
    """Ask for a name and save the timeline's filters under it in the settings file."""
    app = host(timeline)
    filters = timeline.filters
    if not filters.active:
        timeline.notify("No filters to save: choose actors, themes, dates or a search first.")
        return
    text = safe_text("  ·  ".join(timeline.filter_phrases()))

    def saved(name: str | None) -> None:
        if name is None:
            return
        try:
            save_view(name, view_from_filters(filters))
        except TimelineError as error:
            timeline.notify(error.shown(), title="View not saved", severity="error", timeout=10)
            return
        _reload(timeline)
        timeline.notify(
            f"Saved view {name!r} in {config_path()}; recall it from the palette "
            f"(Open view: {name}) or with hk-timeline list --view {name}"
        )

    timeline.app.push_screen(ViewNameScreen(text, list(app.preferences.views)), saved)


def open_saved_view(timeline: TimelineScreen, name: str) -> None:
    """Show the timeline through view `name`'s filters."""
    app = host(timeline)
    view = app.preferences.views.get(name)
    if view is None:
        timeline.notify(f"No saved view {name!r}.", severity="error")
        return
    try:
        timeline.filters = view_filters(name, view, app.index, date.today())
    except TimelineError as error:
        timeline.notify(error.shown(), title="View not opened", severity="error", timeout=10)
        return
    timeline.notify(f"View {name!r}")


def forget_saved_view(timeline: TimelineScreen, name: str) -> None:
    """Remove view `name` from the settings file."""
    try:
        forget_view(name)
    except TimelineError as error:
        timeline.notify(error.shown(), title="View not removed", severity="error", timeout=10)
        return
    _reload(timeline)
    timeline.notify(f"Forgot view {name!r}.")
