"""The lanes view's cursor: an event in a lane, moved along it, across lanes, or by year."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from tui.core.lanes import LaneSet

__all__ = ["LaneCursor", "across", "along", "by_year", "place"]


@dataclass(frozen=True, slots=True)
class LaneCursor:
    """Where the cursor is: an event may be in several lanes, so the lane counts too."""

    lane: int
    """The index of the lane, top to bottom."""
    position: int
    """The event's position in the corpus."""


def place(lanes: LaneSet, position: int | None, lane: int | None = None) -> LaneCursor | None:
    """The cursor on event `position`: in lane `lane` when it holds it, else in the first lane
    that does; else on the first lane's event nearest in corpus order (the next, or the last).

    Returns:
        The cursor, or None when no lane holds any event.
    """
    if not lanes.lanes:
        return None
    if position is not None:
        if lane is not None and 0 <= lane < len(lanes.lanes):
            if lanes.lanes[lane].index_of(position) is not None:
                return LaneCursor(lane, position)
        found = lanes.lane_of(position)
        if found is not None:
            return LaneCursor(found, position)
    first = lanes.lanes[0].positions
    index = min(bisect_left(first, position or 0), len(first) - 1)
    return LaneCursor(0, first[index])


def along(lanes: LaneSet, cursor: LaneCursor, step: int) -> LaneCursor | None:
    """The previous (-1) or next (+1) event in the cursor's lane, or None at its end."""
    lane = lanes.lanes[cursor.lane]
    index = lane.index_of(cursor.position)
    if index is None:
        return None
    index += step
    if not 0 <= index < len(lane.positions):
        return None
    return LaneCursor(cursor.lane, lane.positions[index])


def across(lanes: LaneSet, cursor: LaneCursor, step: int, anchor: int) -> LaneCursor | None:
    """The event nearest in time to day `anchor` in the lane above (-1) or below (+1);
    the earlier of two as near. None when there is no such lane.

    Args:
        lanes: the lanes shown.
        cursor: where the cursor is.
        step: -1 for the lane above, +1 for the one below.
        anchor: the ordinal of the current event's anchor day.
    """
    target = cursor.lane + step
    if not 0 <= target < len(lanes.lanes):
        return None
    lane = lanes.lanes[target]
    index = bisect_left(lane.anchors, anchor)
    if index >= len(lane.anchors):
        index = len(lane.anchors) - 1
    elif index > 0 and anchor - lane.anchors[index - 1] <= lane.anchors[index] - anchor:
        index -= 1
    return LaneCursor(target, lane.positions[index])


def by_year(lanes: LaneSet, cursor: LaneCursor, step: int, year: int) -> LaneCursor | None:
    """The first event of the next (+1) or previous (-1) year that has events in the cursor's
    lane; when it has none, of the nearest such year in any lane (the topmost lane of it).

    Args:
        lanes: the lanes shown.
        cursor: where the cursor is.
        step: +1 or -1.
        year: the year of the current event's anchor.

    Returns:
        The new cursor, or None when no lane has an event that far.
    """

    def target_in(lane_index: int) -> tuple[int, int] | None:
        """(the target year's first day, index) in lane `lane_index`, or None."""
        anchors = lanes.lanes[lane_index].anchors
        if step > 0:
            index = bisect_left(anchors, date(year + 1, 1, 1).toordinal())
            if index >= len(anchors):
                return None
            return anchors[index], index
        index = bisect_left(anchors, date(year, 1, 1).toordinal())
        if index == 0:
            return None
        earlier_year = date.fromordinal(anchors[index - 1]).year
        index = bisect_left(anchors, date(earlier_year, 1, 1).toordinal())
        return anchors[index], index

    own = target_in(cursor.lane)
    if own is not None:
        return LaneCursor(cursor.lane, lanes.lanes[cursor.lane].positions[own[1]])
    best: tuple[int, int, int] | None = None
    for lane_index in range(len(lanes.lanes)):
        found = target_in(lane_index)
        if found is None:
            continue
        found_year = date.fromordinal(found[0]).year
        # The nearest year: the smallest after, the largest before.
        rank = found_year if step > 0 else -found_year
        if best is None or rank < best[0]:
            best = (rank, lane_index, found[1])
    if best is None:
        return None
    return LaneCursor(best[1], lanes.lanes[best[1]].positions[best[2]])
