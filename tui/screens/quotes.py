"""Choose one of an event's quotes: to open its article there, or to copy it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.citation import published_text
from tui.core.model import Event
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog
from tui.screens.host import host

__all__ = ["QUOTE_PREVIEW", "QuoteChooserScreen"]

QUOTE_PREVIEW = 160
"""Characters of a quote shown in its option; the article shows the rest."""


class QuoteChooserScreen(Dialog[int | None]):
    """Lists `event`'s quotes with their articles; dismissed with the chosen quote's index.

    1-9 choose directly; Enter takes the highlighted one; Esc closes with None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        *[Binding(str(number), f"choose({number - 1})", show=False) for number in range(1, 10)],
    ]

    def __init__(self, event: Event, title: str, help_text: str) -> None:
        super().__init__()
        self.event = event
        """The event whose quotes are listed."""
        self.title_text = title
        """The dialog's heading, plain text."""
        self.help_text = help_text
        """What Enter does, plain text."""

    def compose(self) -> ComposeResult:
        app = host(self)
        options = []
        for number, quote in enumerate(self.event.quotes, start=1):
            source = app.corpus.sources.get(quote.source)
            convert = app.converter.converter_for(app.script, source.language if source else None)
            words = " ".join(quote.text.split())
            if len(words) > QUOTE_PREVIEW:
                words = words[: QUOTE_PREVIEW - 1] + "…"
            if source is not None:
                cited = Content.assemble(
                    (convert(safe_text(source.title)), "bold"),
                    (f" · {safe_text(source.publisher)} · {published_text(source)}", "$text-muted"),
                )
            else:
                cited = Content(f"source {safe_text(quote.source)}")
            prompt = Content.assemble(
                (f"{number}  " if number < 10 else "   ", "bold $accent"),
                cited,
                "\n   “",
                (convert(safe_text(words)), "italic"),
                "”",
            )
            options.append(Option(prompt))
        with Vertical(id="dialog"):
            yield Static(Content(self.title_text), id="dialog-title")
            yield OptionList(*options, id="quote-list")
            yield Static(Content(self.help_text), id="dialog-help")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = 0
        option_list.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option_index)

    def action_choose(self, index: int) -> None:
        if index < len(self.event.quotes):
            self.dismiss(index)

    def action_close(self) -> None:
        self.dismiss(None)
