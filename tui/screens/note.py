"""A dialog that shows one long note (an article's date evidence) in full, scrolling."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog

__all__ = ["NoteScreen"]


class NoteScreen(Dialog[None]):
    """A title and a note given as data (never markup); Esc, q or Enter closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter,I", "close", "Close"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_text = title
        """The dialog's title."""
        self.note = note
        """The note, shown whole."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.title_text), id="dialog-title")
            yield Static(Content("Esc closes · ↑ ↓ scroll"), id="dialog-help")
            with VerticalScroll(id="note-body"):
                yield Static(Content(safe_text(self.note, keep_newlines=True)), id="note-text")

    def on_mount(self) -> None:
        self.query_one("#note-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
