"""Terminal sizes at which the screens change their layout (through CSS classes)."""

from __future__ import annotations

__all__ = [
    "LOW_DIALOG",
    "LOWER_DIALOG",
    "NARROW_WIDTH",
    "SHORT_DIALOG",
    "SHORT_SOURCE",
    "SHORT_TIMELINE",
    "TIGHT_WIDTH",
]

NARROW_WIDTH = 100
"""Below this many columns the detail pane leaves the side of the list (`-narrow`)."""
TIGHT_WIDTH = 60
"""Below this many columns the header's language and script take less room (`-tight`), so
the count of events still fits beside them."""
SHORT_TIMELINE = 16
"""Below this many rows the timeline hides its year histogram (`-short`)."""
SHORT_SOURCE = 20
"""Below this many rows the article's header keeps to two lines (`-short`)."""
SHORT_DIALOG = 20
"""Below this many rows a dialog hides its help line and buttons (`-short`)."""
LOW_DIALOG = 34
"""Below this many rows a dialog's long lists show fewer rows (`-low`), so its fields,
hint and buttons still fit."""
LOWER_DIALOG = 24
"""Below this many rows (60x20 and the like) those lists are shorter still (`-lower`)."""
