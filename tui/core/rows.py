"""The timeline list as flat rows: a heading for each year, then that year's events."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.model import Event

__all__ = [
    "HEADING",
    "TimelineRows",
    "build_rows",
    "event_years",
    "years_ordered",
    "year_counts",
]


HEADING = -1
"""The position stored for a year-heading row."""


@dataclass(frozen=True, slots=True)
class TimelineRows:
    """The timeline list as flat rows: a heading for each year, then that year's events."""

    positions: array[int]
    """For each row, the event's position in the corpus, or HEADING."""
    years: array[int]
    """For each row, the year it belongs to."""
    visible: array[int]
    """Positions of the visible events, ascending."""
    event_rows: array[int]
    """For each visible event (parallel to `visible`), its row."""
    year_counts: dict[int, int]
    """Number of visible events per year."""
    complete: bool = True
    """False for the first rows of a search still under way: counts are not known yet."""
    ordered: bool = True
    """Whether `years` never goes down (a chronological corpus): years are found by bisection."""

    def __len__(self) -> int:
        return len(self.positions)

    def row_of(self, position: int) -> int | None:
        """Return the row showing event `position`, or None when it is not visible."""
        index = bisect_left(self.visible, position)
        if index < len(self.visible) and self.visible[index] == position:
            return self.event_rows[index]
        return None

    def nearest_row(self, position: int) -> int | None:
        """Return the row of `position`, else of the next visible event, else of the last."""
        if not self.visible:
            return None
        index = min(bisect_left(self.visible, position), len(self.visible) - 1)
        return self.event_rows[index]

    def event_row(self, row: int, step: int) -> int | None:
        """Return the first event row from `row` going by `step` (+1 or -1), or None."""
        positions = self.positions
        while 0 <= row < len(positions):
            if positions[row] != HEADING:
                return row
            row += step
        return None

    def first_event_of(self, year: int) -> int | None:
        """Return the row of the first visible event of `year`, or None."""
        if self.ordered:
            row = bisect_left(self.years, year)
            found = self.event_row(row, 1)
            return found if found is not None and self.years[found] == year else None
        for row, (row_year, position) in enumerate(zip(self.years, self.positions, strict=True)):
            if row_year == year and position != HEADING:
                return row
        return None

    def year_start(self, row: int, step: int) -> int | None:
        """Return the first event row of the year before (-1) or after (+1) `row`'s year."""
        if not self.positions:
            return None
        row = max(0, min(row, len(self.positions) - 1))
        year = self.years[row]
        if self.ordered:
            # Thousands of rows a year at 100,000 events: bisect rather than walk.
            if step > 0:
                return self.event_row(bisect_right(self.years, year, lo=row), 1)
            start = bisect_left(self.years, year, hi=row)
            if start == 0:
                return None
            return self.event_row(bisect_left(self.years, self.years[start - 1], hi=start), 1)
        probe = row
        if step > 0:
            while probe < len(self.years) and self.years[probe] == year:
                probe += 1
            return self.event_row(probe, 1)
        while probe >= 0 and self.years[probe] == year:
            probe -= 1
        if probe < 0:
            return None
        previous_year = self.years[probe]
        while probe > 0 and self.years[probe - 1] == previous_year:
            probe -= 1
        return self.event_row(probe, 1)


def event_years(events: Sequence[Event]) -> list[int]:
    """The year of each event, by position (computed once; `build_rows` reads it)."""
    return [event.date.year for event in events]


def build_rows(
    years: Sequence[int], visible: Sequence[int], *, complete: bool = True
) -> TimelineRows:
    """Lay the visible events out as rows grouped under year headings.

    Args:
        years: the year of each event of the corpus, by position (see `event_years`).
        visible: positions of the events to show, ascending.
        complete: False when `visible` is only the part of a result around the cursor.

    Returns:
        The rows, with lookups from events to rows.
    """
    shown = array("i", visible)
    visible_years = list(map(years.__getitem__, shown))
    # Flat arrays of machine ints, not lists or tuples of int objects: the rows of 100,000
    # events are built and dropped at every filter change, and an array is freed at once
    # (a tuple decrements 100,000 references and frees each int, a millisecond or more,
    # inside the keystroke's frame). The cyclic collector never looks into one either.
    positions = array("i")
    row_years = array("i")
    event_rows = array("i")
    year_counts: dict[int, int] = {}
    ordered = True
    start = 0
    # Years only grow along a chronological corpus, so each year's run is found by
    # bisection and copied as a slice; a year seen again out of order gets a new heading.
    while start < len(shown):
        year = visible_years[start]
        end = bisect_right(visible_years, year, lo=start)
        if end <= start or visible_years[start:end].count(year) != end - start:
            end = start + 1
            while end < len(shown) and visible_years[end] == year:
                end += 1
        count = end - start
        if year_counts and year <= row_years[-1]:
            ordered = False  # this year was seen before, or an earlier one follows a later
        first_row = len(positions) + 1
        positions.append(HEADING)
        positions.extend(shown[start:end])
        row_years.extend(array("i", [year]) * (count + 1))
        event_rows.extend(range(first_row, first_row + count))
        year_counts[year] = year_counts.get(year, 0) + count
        start = end
    return TimelineRows(positions, row_years, shown, event_rows, year_counts, complete, ordered)


def years_ordered(years: Sequence[int]) -> bool:
    """Whether `years` (see `event_years`) never goes down: a chronological corpus."""
    return all(map(int.__le__, years, years[1:]))


def year_counts(years: Sequence[int], visible: Sequence[int]) -> dict[int, int]:
    """Visible events per year, as `build_rows` counts them, without laying out the rows.

    Args:
        years: the year of each event, by position; never going down (see `years_ordered`).
        visible: positions of the events counted, ascending.

    Returns:
        The number of visible events per year, found by bisection: a few dozen look-ups
        rather than one per event.
    """
    counts: dict[int, int] = {}
    start = 0
    while start < len(visible):
        year = years[visible[start]]
        end = bisect_right(visible, year, lo=start, key=years.__getitem__)
        counts[year] = end - start
        start = end
    return counts
