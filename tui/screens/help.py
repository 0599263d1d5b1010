"""The help dialog: every key, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.screens.dialog import Dialog

__all__ = ["CLOSE_HINT", "KEYS", "HelpScreen"]

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Timeline",
        (
            ("↑ ↓  j k", "previous / next event"),
            ("PgUp PgDn", "a page up / down"),
            ("Home End  g G", "first / last event"),
            ("[  ]", "previous / next year"),
            ("Enter", "open the event's article at its passage (asks which quote)"),
            ("y", "copy a quote with title, publisher and date"),
            ("/", "search as you type (Enter keeps, Esc clears)"),
            ("a", "filter by organisations (any alias, any script)"),
            ("t", "filter by themes"),
            ("d", "filter by a date range (2019, 2019年7月, mid-2024 …)"),
            ("S", "filter by status: every event → happened → planned"),
            ("c", "clear every filter"),
            ("i", "show / hide the detail pane"),
            ("v", "lanes view: events on a time axis, a lane per organisation (v again: list)"),
            ("e", "edit the event under the cursor"),
            ("D", "delete it (asks first)"),
            ("◇", "marks an event still planned when reported"),
            ("q", "quit the app"),
        ),
    ),
    (
        "Article",
        (
            ("n  p", "next / previous quoted passage"),
            ("↑ ↓  PgUp PgDn", "scroll"),
            (".  ,", "sentence cursor: next / previous sentence (a click picks one)"),
            ("shift+↑ ↓", "select fewer / more sentences (or drag with the mouse)"),
            ("N", "new event quoting the selection, pre-filled"),
            ("e  D", "edit / delete the event of the current passage"),
            ("A", "add the selection as a quote of the current passage's event"),
            ("y", "copy the passage's quote with its citation"),
            ("U", "dates no event quotes yet (undated); Enter jumps to one"),
            ("I", "the full note on how the published date was inferred"),
            ("i", "show / hide the detail pane"),
            ("Esc  q", "back to the timeline"),
            ("ctrl+s", "event form: save (only if valid)"),
            ("ctrl+r", "event form: reload a file changed on disk"),
        ),
    ),
    (
        "Everywhere",
        (
            ("s", "script: as written → Traditional (HK) → Simplified"),
            ("l", "titles in English / Chinese"),
            ("u", "undo this session's last change to events.toml"),
            ("!", "list the problems found while loading"),
            ("H", "hints: unnamed actors, duplicates, shared quotes, too-precise dates"),
            ("ctrl+p", "palette: actor, theme, status, year, article, hints, views, copy, export"),
            ("?", "this help"),
            ("Esc", "back one step: closes a dialog, leaves the article"),
            (
                "q",
                "as Esc where no text field has the focus (in one it types q); "
                "quits from the timeline",
            ),
            ("ctrl+q", "quit the app from any screen, text field or not"),
        ),
    ),
    (
        "Lanes view (v)",
        (
            ("v", "back to the list"),
            ("← →", "previous / next event in the lane"),
            ("↑ ↓", "the nearest event in time in the lane above / below"),
            ("[  ]", "first event of the previous / next year"),
            ("+  -", "zoom in / out: decade → year → quarter → month"),
            ("shift+← →  wheel", "pan earlier / later (moving the cursor brings it back)"),
            ("g", "lanes per organisation → theme → person"),
            ("Enter", "open the event's article at its passage"),
            ("ctrl+p", "palette: hide a lane, show the hidden lanes again"),
            ("● ◇", "happened / planned, at the first day"),
            ("━  ┄", "an interval, first to last day / the days a fuzzy date covers"),
            ("◀━  ━▶", "open start (by …) / open end (since …)"),
            ("2-9 +", "events in one cell that do not fit the lane's rows (zoom in)"),
            ("▂▄▆█", "a lane too busy for single marks: 2-3, 4-7, 8-15, 16+ events a column"),
            ("▼ ┊", "today's date; when off screen, ◀ today or today ▶ at the edge"),
        ),
    ),
)
"""Every key the app answers to, by screen."""

CLOSE_HINT = "Esc, ? or q closes this help · ↑ ↓ PgUp PgDn scroll"
"""Shown above the keys, so it is seen without scrolling."""


class HelpScreen(Dialog[None]):
    """Lists every key: a key column and a meaning column that wraps beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Keys"), id="dialog-title")
            yield Static(Content(CLOSE_HINT), id="help-hint")
            with VerticalScroll(id="help-body"):
                for heading, keys in KEYS:
                    yield Static(
                        Content.styled(heading, "bold $text-accent"), classes="help-heading"
                    )
                    with Grid(classes="help-keys"):
                        for key, meaning in keys:
                            yield Static(Content.styled(key, "bold"), classes="help-key")
                            yield Static(Content(meaning), classes="help-meaning")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
