"""What the screens need from the app: one typed accessor, so no screen imports the app.

State several screens show lives on the app, in reactives each screen watches (the corpus
through `corpus_revision`, the language, the script); the app never reaches into a screen to
update it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

from tui.core.loader import LoadResult
from tui.core.model import Corpus
from tui.core.preferences import Preferences
from tui.core.progress import Loading
from tui.core.query import TimelineIndex
from tui.core.scripts import Script, ScriptConverter

if TYPE_CHECKING:
    from tui.core.curate import Curator

__all__ = ["CorpusRevision", "TimelineHost", "host"]


@dataclass(frozen=True)
class CorpusRevision:
    """Which corpus the app shows: screens watch it to show a reloaded or edited corpus."""

    number: int
    """Counts the corpora shown this session, 0 for the one loaded at start."""
    select: str | None = None
    """Id of the event the change was about (the timeline's cursor goes there), or None."""


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
    corpus_revision: CorpusRevision
    """Changes whenever `corpus` is replaced (a write or a reload)."""
    loading: Loading | None
    """How far loading the corpus has got; None once it is shown."""
    problems_revision: int
    """Changes whenever problems are added to `result` after the corpus was shown."""
    progress_delay: float
    """Seconds a load runs before the first screen says how far it has got."""

    @property
    def can_undo(self) -> bool:
        """True when this session has written something it can take back."""
        ...

    def curate(self, change: Callable[[Curator], LoadResult], *, select: str | None = None) -> None:
        """Make one change to the events file and show the corpus it leaves."""
        ...

    def reload(self) -> None:
        """Read the events file again and show what it now holds."""
        ...

    def remember(self, key: str, value: str) -> None:
        """Save one setting for the next run."""
        ...


def host(node: DOMNode) -> TimelineHost:
    """Return the running app of `node` as a TimelineHost."""
    return cast(TimelineHost, node.app)
