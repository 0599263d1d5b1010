"""The hints dialog: what `validate --hints` reports, one hint per row; Enter jumps to it."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.errors import TimelineError
from tui.core.hints import Hint, counts, find_hints
from tui.core.loader import read_events_text
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog
from tui.screens.host import host
from tui.screens.navigation import on_timeline

__all__ = ["HintsScreen", "hint_row", "open_hints"]


def open_hints(app: App[None]) -> None:
    """List the hints (see `tui.core.hints`); choosing one shows its event in the timeline."""
    from tui.screens.timeline import TimelineScreen

    if isinstance(app.screen, HintsScreen):
        return
    timeline = host(app)
    try:
        events_text: str | None = read_events_text(timeline.events_path)
    except TimelineError:
        events_text = None  # the file went away: the hints, none acknowledged
    hints = find_hints(timeline.index, events_text)

    def chosen(event_id: str | None) -> None:
        if event_id is not None:
            on_timeline(app, partial(TimelineScreen.select_event, event_id=event_id))

    app.push_screen(HintsScreen(hints), chosen)


def hint_row(hint: Hint) -> Content:
    """One row of the list: line, kind, message, and the reason when acknowledged."""
    parts: list[str | tuple[str, str]] = [
        (f"{hint.line:>5}  ", "$text-muted"),
        (hint.kind, "bold $text-warning" if hint.acknowledged is None else "bold $text-muted"),
        "  ",
        safe_text(hint.message),
    ]
    if hint.acknowledged is not None:
        parts.append((f"  (acknowledged: {safe_text(hint.acknowledged)})", "$text-muted"))
    return Content.assemble(*parts)


class HintsScreen(Dialog[str | None]):
    """Lists the corpus's hints; dismissed with the id of the chosen hint's event."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,H,q", "close", "Close")]

    def __init__(self, hints: list[Hint]) -> None:
        super().__init__()
        self.hints = hints
        """Every hint, acknowledged ones included, in line order."""

    def compose(self) -> ComposeResult:
        found, acknowledged = counts(self.hints)
        title = f"{found} hint{'' if found == 1 else 's'} ({acknowledged} acknowledged)"
        with Vertical(id="dialog"):
            yield Static(Content(title), id="dialog-title")
            if self.hints:
                yield OptionList(*[Option(hint_row(hint)) for hint in self.hints], id="hints-list")
            else:
                yield Static(Content("Nothing to look at: no hints."))
            yield Static(
                Content("enter jumps to the event · esc closes · `# hint-ok:` acknowledges"),
                id="dialog-help",
            )

    def on_mount(self) -> None:
        if self.hints:
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(self.hints[message.option_index].event_ids[0])

    def action_close(self) -> None:
        self.dismiss(None)
