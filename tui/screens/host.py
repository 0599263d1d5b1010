"""What the screens need from the app, typed without importing it (the app imports the screens)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, cast

from textual.dom import DOMNode

from tui.core.loader import LoadResult
from tui.core.model import Corpus
from tui.core.preferences import Preferences
from tui.core.query import TimelineIndex
from tui.core.scripts import Script, ScriptConverter

__all__ = ["TimelineHost", "host"]


class TimelineHost(Protocol):
    """The app as the screens see it: the loaded corpus and the display settings."""

    result: LoadResult
    """What loading produced, problems included."""
    corpus: Corpus
    """The valid part of the corpus."""
    events_path: Path
    """The events file the corpus came from."""
    seeds_dir: Path
    """The directory its articles live in."""

    @property
    def index(self) -> TimelineIndex:
        """The corpus prepared for filtering."""
        ...

    converter: ScriptConverter
    """Chinese script conversion, shared so each OpenCC converter is built once."""
    language: str
    """"en" or "zh": the language of titles and names."""
    script: Script
    """The script Chinese text is shown in."""
    preferences: Preferences
    """Settings and saved views remembered from earlier runs."""

    def remember(self, key: str, value: str) -> None:
        """Save one setting for the next run."""
        ...


def host(node: DOMNode) -> TimelineHost:
    """Return the running app of `node` as a TimelineHost."""
    return cast(TimelineHost, node.app)
