"""The problems dialog: what loading found wrong, one located problem per line."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.core.errors import Problem
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog

__all__ = ["MAX_LISTED", "ProblemsScreen"]

MAX_LISTED = 500
"""The most problems the dialog lists. Wrapping and laying out all of a file's problems at
once (tens of thousands of lines for a file of thousands of broken events) froze the screen;
past a few hundred the list is read for its pattern, and `hk-timeline validate` prints every
one."""


class ProblemsScreen(Dialog[None]):
    """Lists the non-fatal problems of the load (the events they concern were left out)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,exclamation_mark,q", "close", "Close"),
    ]

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__()
        self.problems = problems
        """The problems to list."""

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        title = f"{count} problem{'s' if count != 1 else ''} found while loading"
        with Vertical(id="dialog"):
            yield Static(Content(title), id="dialog-title")
            with VerticalScroll(id="problems-body"):
                yield Static(self._content(), id="problems-text")
            yield Static(Content("esc closes"), id="dialog-help")

    def _content(self) -> Content:
        if not self.problems:
            return Content("No problems: every event loaded.")
        parts: list[str | tuple[str, str]] = []
        for problem in self.problems[:MAX_LISTED]:
            where = problem.unsaved or f"{problem.path}:{problem.line}"
            parts += [
                (safe_text(where), "bold $text-warning"),
                ": ",
                safe_text(problem.message),
                "\n",
            ]
        hidden = len(self.problems) - MAX_LISTED
        if hidden > 0:
            parts.append(
                (
                    f"… and {hidden:,} more, not listed here; `hk-timeline validate` prints "
                    f"them all.\n",
                    "bold",
                )
            )
        parts.append(("Events with problems are left out of the timeline.", "$text-muted"))
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
