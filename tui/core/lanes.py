"""The lanes view's lanes: which events go in which lane, in what order, with how many rows."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.model import Corpus, Event

__all__ = [
    "GROUPINGS",
    "LONG_DAYS",
    "MAX_STACK",
    "OTHERS",
    "Grouping",
    "Lane",
    "LaneSet",
    "MarkTable",
    "Shape",
    "assign_lanes",
    "lane_keys",
    "mark_table",
]

Grouping = Literal["organisation", "theme", "person"]
GROUPINGS: tuple[Grouping, ...] = ("organisation", "theme", "person")
"""The cycle of the `g` key."""
OTHERS = ""
"""The key of the lane that gathers what has no lane of its own."""
MAX_STACK = 3
"""The most rows a lane takes; marks that collide beyond them show as a count."""
LONG_DAYS = 366
"""Marks spanning more days than this are looked up apart from the rest (see `Lane.long`)."""

Shape = Literal["day", "fuzzy", "bar", "approx-bar", "since", "by"]
"""How a date is drawn: a day; a point covering more days (a year, "late 2024", c.); a closed
interval, exact or c.; open at the end ("since"); open at the start ("by")."""


@dataclass(frozen=True, slots=True)
class MarkTable:
    """What drawing needs of every event of a corpus, by position, as flat columns."""

    anchors: array[int]
    """The ordinal of each event's anchor day (its first day, or its last when open-start)."""
    ends: array[int]
    """The ordinal of each event's last known day (its anchor when open-ended)."""
    shapes: tuple[Shape, ...]
    """How each event is drawn."""
    planned: bytes
    """1 for an event still planned when reported, 0 for one that happened."""


def _shape(event: Event) -> Shape:
    event_date = event.date
    if event_date.first is None:
        return "by"
    if event_date.last is None:
        return "since"
    if event_date.kind == "interval":
        return "approx-bar" if event_date.mod == "APPROX" else "bar"
    if event_date.first != event_date.last or event_date.mod == "APPROX":
        return "fuzzy"
    return "day"


def mark_table(events: Sequence[Event]) -> MarkTable:
    """Work out the columns of `MarkTable` for `events` (once per corpus)."""
    anchors = array("l", (event.date.anchor.toordinal() for event in events))
    ends = array(
        "l",
        ((event.date.last or event.date.anchor).toordinal() for event in events),
    )
    return MarkTable(
        anchors,
        ends,
        tuple(_shape(event) for event in events),
        bytes(event.status == "planned" for event in events),
    )


def lane_keys(corpus: Corpus, grouping: Grouping) -> list[tuple[str, ...]]:
    """The lanes each event belongs in, by position (none: it goes to "others").

    By organisation: each organisation the event names, and a named person's organisation
    (`member_of`); by theme: its themes; by person: the people it names.
    """
    actors = corpus.actors
    keys: list[tuple[str, ...]] = []
    for event in corpus.events:
        if grouping == "theme":
            keys.append(event.themes)
            continue
        found: list[str] = []
        for actor_id in event.actors:
            actor = actors.get(actor_id)
            if grouping == "person":
                if actor is not None and actor.is_person:
                    found.append(actor_id)
                continue
            if actor is None or not actor.is_person:
                key: str | None = actor_id
            else:
                parent = actors.get(actor.parent) if actor.parent else None
                key = actor.parent if parent is not None and not parent.is_person else None
            if key is not None and key not in found:
                found.append(key)
        keys.append(tuple(found))
    return keys


@dataclass(frozen=True, slots=True)
class Lane:
    """One lane: its events in chronological order."""

    key: str
    """The actor or theme id, or `OTHERS`."""
    positions: array[int]
    """Positions of its events, ascending (the corpus is chronological)."""
    anchors: array[int]
    """The anchor ordinal of each (parallel to `positions`, so ascending too)."""
    long: tuple[int, ...]
    """Indices (into `positions`) of the events whose marks span more than `LONG_DAYS`:
    found by scanning, the rest by bisecting `anchors`."""
    depth: int
    """Rows the lane takes on screen (1 to `MAX_STACK`)."""
    total: int = 0
    """Events counted for its rank (those it holds)."""

    def index_of(self, position: int) -> int | None:
        """The index of event `position` in the lane, or None."""
        index = bisect_left(self.positions, position)
        if index < len(self.positions) and self.positions[index] == position:
            return index
        return None


@dataclass(frozen=True, slots=True)
class LaneSet:
    """The lanes shown, top to bottom."""

    grouping: Grouping
    """What the lanes stand for."""
    lanes: tuple[Lane, ...]
    """The most active first, "others" last."""

    @property
    def rows(self) -> int:
        """Screen rows the lanes take."""
        return sum(lane.depth for lane in self.lanes)

    def lane_of(self, position: int) -> int | None:
        """The first lane holding event `position`, or None."""
        for index, lane in enumerate(self.lanes):
            if lane.index_of(position) is not None:
                return index
        return None

    def row_of(self, lane_index: int) -> int:
        """The first screen row of lane `lane_index`."""
        return sum(lane.depth for lane in self.lanes[:lane_index])


def assign_lanes(
    keys: Sequence[tuple[str, ...]],
    table: MarkTable,
    visible: Sequence[int],
    *,
    grouping: Grouping,
    height: int,
    hidden: frozenset[str] = frozenset(),
) -> LaneSet:
    """Put the visible events into lanes that fit `height` rows.

    Each lane key gets a lane, most events first (ties by key); when there are more than
    fit, the least active join "others", as do events with no key. Keys in `hidden` (and
    `OTHERS` itself) have no lane, and an event only in hidden lanes is not shown. Rows left
    after one per lane let the most active lanes stack colliding marks, up to `MAX_STACK`.

    Args:
        keys: each event's lane keys, by position (see `lane_keys`).
        table: the corpus's mark table.
        visible: the positions the filters let through, ascending.
        grouping: what the keys stand for.
        height: screen rows for the lanes (at least 1 lane is made).
        hidden: lane keys the user hid.

    Returns:
        The lanes, top to bottom.
    """
    buckets: dict[str, list[int]] = {}
    loose: list[int] = []
    for position in visible:
        placed = False
        for key in keys[position]:
            if key in hidden:
                placed = True
                continue
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [position]
            else:
                bucket.append(position)
            placed = True
        if not placed:
            loose.append(position)
    ranked = sorted(buckets, key=lambda key: (-len(buckets[key]), key))
    # Half the rows as lanes leaves the other half to stack marks in busy lanes.
    most = max(1, (height + 1) // 2)
    others_wanted = OTHERS not in hidden and bool(loose)
    if len(ranked) + others_wanted > most:
        own = ranked[: most - 1] if OTHERS not in hidden else ranked[:most]
        merged = set(loose) if OTHERS not in hidden else set()
        if OTHERS not in hidden:
            for key in ranked[most - 1 :]:
                merged.update(buckets[key])
        groups = [(key, buckets[key]) for key in own]
        if merged:
            groups.append((OTHERS, sorted(merged)))
    else:
        groups = [(key, buckets[key]) for key in ranked]
        if others_wanted:
            groups.append((OTHERS, loose))
    spare = max(0, height - len(groups))
    lanes: list[Lane] = []
    anchors_of, ends = table.anchors, table.ends
    for key, positions in groups:
        extra = min(MAX_STACK - 1, spare, len(positions) - 1)
        spare -= extra
        lane_anchors = array("l", (anchors_of[position] for position in positions))
        long = tuple(
            index
            for index, position in enumerate(positions)
            if ends[position] - anchors_of[position] > LONG_DAYS
        )
        lanes.append(
            Lane(key, array("l", positions), lane_anchors, long, 1 + extra, len(positions))
        )
    return LaneSet(grouping, tuple(lanes))
