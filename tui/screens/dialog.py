"""The base of the app's dialogs: a modal screen that drops its extras on short terminals."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar

from textual import events
from textual.screen import ModalScreen

from tui.screens.sizes import LOW_DIALOG, LOWER_DIALOG, SHORT_DIALOG

__all__ = ["Dialog"]

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal dialog laid out by dialog.tcss (#dialog), with `-short` on short terminals."""

    # The dialogs' layout is this screen's default CSS rather than part of app.tcss: Textual
    # parses it when the first dialog is mounted, not before the first paint. Unscoped like
    # app.tcss, so its rules can name the subclasses; being default CSS, it loses to any rule
    # of app.tcss that matches, so app.tcss leaves the dialogs alone.
    DEFAULT_CSS: ClassVar[str] = (Path(__file__).parent / "dialog.tcss").read_text(encoding="utf-8")
    SCOPED_CSS: ClassVar[bool] = False

    def on_resize(self, event: events.Resize) -> None:
        # The help line and buttons go; their keys still work.
        self.set_class(event.size.height < SHORT_DIALOG, "-short")
        # Long lists give up rows first (a vh height would not fit: see dialog.tcss).
        self.set_class(event.size.height < LOW_DIALOG, "-low")
        self.set_class(event.size.height < LOWER_DIALOG, "-lower")
