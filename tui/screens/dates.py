"""The date-range dialog: from/to fields read by the temporal engine, the days they name shown
as you type, errors in place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from tui.core.date_filter import DateRange, read_range
from tui.core.labels import typed_range
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog
from tui.widgets.safe_input import SafeInput

__all__ = ["DateRange", "DateRangeScreen", "PickedDates", "read_range", "resolved_days"]


@dataclass(frozen=True, slots=True)
class PickedDates:
    """What the dialog returns when applied."""

    range: DateRange
    """The days the texts name."""
    first_text: str
    """The From field as typed."""
    last_text: str
    """The To field as typed."""


def resolved_days(picked: DateRange) -> str:
    """The days of a range as the dialog shows them beside the texts: `2024-05-02 – …`."""
    low = picked.first.isoformat() if picked.first else "…"
    high = picked.last.isoformat() if picked.last else "…"
    return f"{low} – {high}"


class DateRangeScreen(Dialog[PickedDates | None]):
    """Ask for a date range; invalid input is explained and not applied."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, first: date | None, last: date | None, first_text: str = "", last_text: str = ""
    ) -> None:
        super().__init__()
        self.first = first
        """The range's current first day, shown in the From field when nothing was typed."""
        self.last = last
        """The range's current last day, shown in the To field when nothing was typed."""
        self.first_text = first_text or (first.isoformat() if first else "")
        """What the From field starts with: the text typed last time, else the day."""
        # An interval typed in From alone filled both ends: To stays as it was typed (empty).
        self.last_text = (
            last_text if (last_text or first_text) else (last.isoformat() if last else "")
        )
        """What the To field starts with."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Filter by date"), id="dialog-title")
            yield Label(Content("From"))
            yield SafeInput(
                self.first_text,
                placeholder="2019年7月, mid-2024, 2020至2025年 (empty: no limit)",
                id="date-from",
                compact=True,
            )
            yield Label(Content("To"))
            yield SafeInput(
                self.last_text,
                placeholder="2025, 2025年底, Q3 2025 (empty: no limit)",
                id="date-to",
                compact=True,
            )
            yield Static(id="date-days", markup=False)
            yield Static(id="date-error", markup=False)
            yield Static(Content("enter applies · esc cancels"), id="dialog-help")
            with Horizontal(id="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_days()
        self.query_one("#date-from", Input).focus()

    @on(Input.Changed)
    def _show_days(self) -> None:
        """The days the fields name so far, beside what is typed."""
        first_text = self.query_one("#date-from", Input).value
        last_text = self.query_one("#date-to", Input).value
        result = read_range(first_text, last_text, date.today())
        days = self.query_one("#date-days", Static)
        named = not isinstance(result, str) and (result.first or result.last) is not None
        self.set_class(named, "-days")
        if isinstance(result, str) or not named:
            return
        typed = typed_range(first_text, last_text, result.last is not None)
        days.update(
            Content.assemble(
                ("Days: ", "$text-muted"),
                resolved_days(result),
                ("  ←  ", "$text-muted"),
                safe_text(typed),
            )
        )

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
        self.dismiss(PickedDates(result, first_text.strip(), last_text.strip()))

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        self.dismiss(PickedDates(DateRange(None, None), "", ""))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
