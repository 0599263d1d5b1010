"""The search field: an Input that reports Escape as its own message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

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

    def _watch_value(self, value: str) -> None:
        # Input stores the text's width as its virtual size on every change, and assigning
        # that reactive lays out the whole screen again: about a third of a keystroke's
        # frame time at 100,000 events. The field's box is fixed by CSS and has no scrollbars; its
        # horizontal scrolling reads the size as stored here, so no layout is needed.
        # Input's own watcher then finds the size unchanged and asks for none.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        # What the layout pass would have done next: keep the scroll inside the shorter text
        # (Delete at the end of a long query), or the field shows blanks after it.
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        super()._watch_value(value)

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cancelled(self))
