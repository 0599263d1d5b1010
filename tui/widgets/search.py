"""The search field: an Input that reports Escape as its own message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from tui.widgets.safe_input import SafeInput

__all__ = ["SearchInput"]


class SearchInput(SafeInput):
    """Filters the timeline as you type; Enter keeps the filter, Escape clears it.

    Controls and bidi overrides in the query are drawn as the header draws them (SafeInput).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Clear search", show=False),
    ]

    @dataclass
    class Cancelled(Message):
        """Escape was pressed: the search should be cleared."""

        search_input: SearchInput
        """The input that posted the message."""

        @property
        def control(self) -> SearchInput:
            return self.search_input

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cancelled(self))
