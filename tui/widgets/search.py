"""The search field: an Input that reports Escape as its own message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from tui.textwidth import safe_text

__all__ = ["SearchInput"]


class SearchInput(Input):
    """Filters the timeline as you type; Enter keeps the filter, Escape clears it."""

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

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if all(segment.text == safe_text(segment.text) for segment in strip):
            return strip
        # Typed or pasted controls and bidi overrides are shown as the header shows them
        # (␛, ⟨U+202E⟩), never sent to the terminal: an override would reverse the field
        # on screen. Each piece is made safe inside its own segment, so the cursor's and
        # the selection's styles stay on the characters they mark; the value searched
        # for is the one typed.
        width = strip.cell_length
        safe = Strip(
            Segment(safe_text(segment.text), segment.style, segment.control) for segment in strip
        )
        return safe.crop_extend(0, width, self.rich_style)

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cancelled(self))
