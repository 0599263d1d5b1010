"""The app's screens: the timeline, an article, and the dialogs."""

from __future__ import annotations

from tui.screens.commands import TimelineCommands
from tui.screens.dates import DateRange, DateRangeScreen
from tui.screens.dialog import Dialog
from tui.screens.help import HelpScreen
from tui.screens.picker import Picked, PickerScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.source import SourceScreen
from tui.screens.timeline import TimelineScreen

__all__ = [
    "DateRange",
    "DateRangeScreen",
    "Dialog",
    "HelpScreen",
    "Picked",
    "PickerScreen",
    "ProblemsScreen",
    "SourceScreen",
    "TimelineCommands",
    "TimelineScreen",
]
