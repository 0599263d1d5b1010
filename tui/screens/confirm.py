"""A yes/no question: y confirms, n or Esc declines."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from tui.screens.dialog import Dialog

__all__ = ["ConfirmScreen"]


class ConfirmScreen(Dialog[bool]):
    """Ask `question`; dismissed with True (y) or False (n, Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        """The dialog's heading."""
        self.question = question
        """What is asked, as plain text (never markup)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.title_text), id="dialog-title")
            yield Static(Content(self.question), id="confirm-question")
            yield Static(Content("y confirms · n or esc cancels"), id="dialog-help")
            with Horizontal(id="dialog-buttons"):
                yield Button("Yes", variant="error", id="yes")
                yield Button("No", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, message: Button.Pressed) -> None:
        self.dismiss(message.button.id == "yes")
