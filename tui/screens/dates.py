"""The date-range dialog: from/to fields read by the temporal engine, errors shown in place."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from tui.date_filter import DateRange, read_range
from tui.screens.dialog import Dialog
from tui.widgets.safe_input import SafeInput

__all__ = ["DateRange", "DateRangeScreen", "read_range"]


class DateRangeScreen(Dialog[DateRange | None]):
    """Ask for a date range; invalid input is explained and not applied."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, first: date | None, last: date | None) -> None:
        super().__init__()
        self.first = first
        """The range's current first day, shown in the From field."""
        self.last = last
        """The range's current last day, shown in the To field."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Filter by date"), id="dialog-title")
            yield Label(Content("From"))
            yield SafeInput(
                self.first.isoformat() if self.first else "",
                placeholder="e.g. 2019, 2019年7月, mid-2024, 2020至2025年 (empty: no limit)",
                id="date-from",
                compact=True,
            )
            yield Label(Content("To"))
            yield SafeInput(
                self.last.isoformat() if self.last else "",
                placeholder="e.g. 2025, 2025年底, Q3 2025 (empty: no limit)",
                id="date-to",
                compact=True,
            )
            yield Static(id="date-error", markup=False)
            yield Static(Content("enter applies · esc cancels"), id="dialog-help")
            with Horizontal(id="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#date-from", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        first_text = self.query_one("#date-from", Input).value
        last_text = self.query_one("#date-to", Input).value
        result = read_range(first_text, last_text, date.today())
        if isinstance(result, str):
            self.query_one("#date-error", Static).update(Content.styled(result, "bold $error"))
            self.add_class("-invalid")
            return
        self.dismiss(result)

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        self.dismiss(DateRange(None, None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
