"""The export dialog: the filtered view written to a file the user names, in a chosen format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from tui.core.atomic import atomic_write
from tui.core.errors import TimelineError
from tui.core.export import FORMAT_NAMES, FORMATS, SUFFIXES, check_output_path, export, output_path
from tui.core.model import Corpus, Event
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog
from tui.widgets.safe_input import SafeInput

__all__ = ["DEFAULT_NAME", "ExportScreen"]

DEFAULT_NAME = "hk-timeline"
"""The suggested file name, before the format's ending."""


class ExportScreen(Dialog[Path | None]):
    """Write `events` in the chosen format; dismissed with the path written, or None.

    A refused or failed write is explained in the dialog, which stays open; an existing
    file is replaced only after a second Enter on the same path.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        corpus: Corpus,
        events: Sequence[Event],
        *,
        events_path: Path,
        seeds_dir: Path,
        cwd: Path,
        described: str,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        """The corpus the events come from."""
        self.events = events
        """The events to write: the timeline's filtered view, in order."""
        self.events_path = events_path
        """The corpus's events file, never written by an export."""
        self.seeds_dir = seeds_dir
        """The corpus's articles, never written by an export."""
        self.cwd = cwd
        """Relative paths start here (the directory the app was started in)."""
        self.described = described
        """What the filtered view is, e.g. "12 of 61 events · actor HSBC", plain text."""
        self.format = "json"
        """The chosen format, one of FORMATS."""
        self._replace_confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Export the filtered view"), id="dialog-title")
            yield Static(Content(safe_text(self.described)), id="export-view")
            # A Static, not a Label: a long folder wraps instead of being cut.
            yield Static(Content(f"File (relative to {safe_text(str(self.cwd))})"))
            yield SafeInput(DEFAULT_NAME + SUFFIXES[self.format], id="export-path", compact=True)
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(
                        FORMAT_NAMES[fmt], value=fmt == self.format, name=fmt, id=f"export-{fmt}"
                    )
            yield Static(id="export-error", markup=False)
            yield Static(
                Content("enter writes · tab, arrows and enter choose the format · esc cancels"),
                id="dialog-help",
            )
            with Horizontal(id="dialog-buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    @on(RadioSet.Changed)
    def _format_chosen(self, message: RadioSet.Changed) -> None:
        chosen = message.pressed.name or "json"
        path_input = self.query_one("#export-path", Input)
        old_suffix = SUFFIXES[self.format]
        # The ending follows the format while it is the one suggested for the old format.
        if path_input.value.endswith(old_suffix):
            path_input.value = path_input.value[: -len(old_suffix)] + SUFFIXES[chosen]
        self.format = chosen
        self._show_error("")
        # Back to the file name, so the next Enter writes (Enter on the list only chooses).
        path_input.focus()

    @on(Input.Changed, "#export-path")
    def _path_edited(self) -> None:
        self._replace_confirmed = None
        self._show_error("")

    def _show_error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(
            Content.styled(safe_text(message), "bold $error") if message else Content("")
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        path: Path | None = None
        try:
            path = output_path(self.query_one("#export-path", Input).value, self.cwd)
            check_output_path(path, self.events_path, self.seeds_dir)
            if path.exists() and self._replace_confirmed != path:
                self._replace_confirmed = path
                raise TimelineError(
                    f"{path} already exists; press enter again to replace it, or change the name"
                )
            document = export(self.corpus, self.events, self.format)
            atomic_write(path, document)
        except TimelineError as error:
            # The command line's `path:0:` prefix names no line of anything here.
            shown = error.shown()
            if path is not None:
                shown = shown.replace(f"{safe_text(str(path))}:0: ", f"{safe_text(str(path))}: ")
            self._show_error(shown)
            return
        except OSError as error:
            self._show_error(f"{path}: cannot write: {error.strerror or error}")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
