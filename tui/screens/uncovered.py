"""The uncovered dates of an article: mentions no event quotes yet, Enter jumps to one."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.temporal import Mention
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog

__all__ = ["MAX_LISTED", "UncoveredScreen", "mention_row"]

MAX_LISTED = 1000
"""The most mentions the dialog lists, in text order. An article up to the size limit can
hold hundreds of thousands of dates, and laying out an option for each froze the screen
for seconds; a curator works through them from the top."""


def mention_row(mention: Mention) -> Content:
    """One row of the list: offset, the words, the value they resolve to."""
    value = mention.value + (f" {mention.mod}" if mention.mod else "")
    return Content.assemble(
        (f"{mention.start:>7}  ", "$text-muted"),
        (safe_text(mention.text), "bold"),
        ("  →  ", "$text-muted"),
        value,
    )


class UncoveredScreen(Dialog[int | None]):
    """Lists the dated mentions no event quotes; dismissed with the chosen one's index."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,U", "close", "Close")]

    def __init__(self, mentions: list[Mention]) -> None:
        super().__init__()
        self.mentions = mentions
        """The uncovered mentions, in text order."""

    def compose(self) -> ComposeResult:
        count = len(self.mentions)
        listed = "" if count <= MAX_LISTED else f" (the first {MAX_LISTED:,} listed)"
        with Vertical(id="dialog"):
            yield Static(
                Content(f"Uncovered dates: {count:,} not quoted by any event{listed}"),
                id="dialog-title",
            )
            if self.mentions:
                yield OptionList(
                    *[Option(mention_row(mention)) for mention in self.mentions[:MAX_LISTED]],
                    id="uncovered-list",
                )
            else:
                yield Static(Content("Every dated mention of this article is quoted."))
            yield Static(Content("enter jumps to the mention · esc closes"), id="dialog-help")

    def on_mount(self) -> None:
        if self.mentions:
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option_index)

    def action_close(self) -> None:
        self.dismiss(None)
