"""The base of the app's dialogs: a modal screen that drops its extras on short terminals."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.screen import ModalScreen

from tui.screens.sizes import SHORT_DIALOG

__all__ = ["Dialog"]

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal dialog laid out by app.tcss (#dialog), with a `-short` class on short terminals."""

    def on_resize(self, event: events.Resize) -> None:
        # The help line and buttons go; their keys still work.
        self.set_class(event.size.height < SHORT_DIALOG, "-short")
