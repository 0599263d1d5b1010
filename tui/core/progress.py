"""How far loading a corpus has got, and how the app and the CLI say it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Loading", "loading_text"]


@dataclass(frozen=True, slots=True)
class Loading:
    """How far loading the corpus has got."""

    done: int = 0
    """Events read so far."""
    total: int = 0
    """Events in the file; 0 until known (a cache hit never knows it)."""


def loading_text(loading: Loading) -> str:
    """What the TUI's header and the CLI's stderr say while a corpus loads.

    >>> loading_text(Loading(43_000, 100_000))
    'loading 100,000 events… 43%'
    """
    if loading.total <= 0:
        return "loading…"
    noun = "event" if loading.total == 1 else "events"
    percent = min(100, loading.done * 100 // loading.total)
    return f"loading {loading.total:,} {noun}… {percent}%"
