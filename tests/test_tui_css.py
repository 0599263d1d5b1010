"""The app's stylesheets: every rule naming an id is scoped to the screen that owns the id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.screens.confirm import ConfirmScreen
from tui.screens.dates import DateRangeScreen
from tui.screens.dialog import Dialog
from tui.screens.event_form import EventFormScreen
from tui.screens.export_dialog import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.hints import HintsScreen
from tui.screens.loading import LoadingScreen
from tui.screens.note import NoteScreen
from tui.screens.picker import PickerScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.quotes import QuoteChooserScreen
from tui.screens.source import SourceScreen
from tui.screens.timeline import TimelineScreen
from tui.screens.uncovered import UncoveredScreen

ROOT = Path(__file__).resolve().parent.parent / "tui"
SHEETS = [ROOT / "app.tcss", ROOT / "screens" / "dialog.tcss"]
SCREENS = {
    screen.__name__
    for screen in (
        ConfirmScreen,
        DateRangeScreen,
        Dialog,
        EventFormScreen,
        ExportScreen,
        HelpScreen,
        HintsScreen,
        LoadingScreen,
        NoteScreen,
        PickerScreen,
        ProblemsScreen,
        QuoteChooserScreen,
        SourceScreen,
        TimelineScreen,
        UncoveredScreen,
    )
}


def selectors(sheet: Path) -> list[str]:
    """Every selector of the sheet's rules (comments dropped, groups split at commas)."""
    text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
    found: list[str] = []
    for head in re.findall(r"([^{}]+)\{", text):
        found += [selector.strip() for selector in head.split(",") if selector.strip()]
    return found


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_every_id_selector_starts_with_its_screen(sheet: Path) -> None:
    # An id is unique within one screen only: `#status` styling the timeline's status bar
    # also squashed the event form's status choice to one row.
    unscoped = [
        selector
        for selector in selectors(sheet)
        if "#" in selector and re.sub(r"[^A-Za-z].*", "", selector) not in SCREENS
    ]
    assert selectors(sheet) and unscoped == []
