"""The lanes view's lanes: which events go in which lane, in what order, with how many rows."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from heapq import heappush, heapreplace
from itertools import compress
from operator import itemgetter
from typing import Literal

from tui.core.model import Corpus, Event, EventDate

__all__ = [
    "GROUPINGS",
    "LONG_DAYS",
    "MAX_STACK",
    "OTHERS",
    "PICKED",
    "Grouping",
    "Lane",
    "LaneSet",
    "MarkTable",
    "Shape",
    "LaneIndex",
    "assign_lanes",
    "extent",
    "lane_index",
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
PICKED = b"\x01"
"""The byte that marks an event a filter picked (counted as bytes: quicker than as an int)."""
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
    long: tuple[int, ...]
    """Positions of the events whose marks span more than `LONG_DAYS`, ascending."""


def _shape(event_date: EventDate) -> Shape:
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
    """Work out the columns of `MarkTable` for `events` (once per corpus).

    Dates repeat (a big corpus has a few thousand distinct ones for 100,000 events): each is
    worked out once.
    """
    known: dict[EventDate, tuple[int, int, Shape]] = {}
    anchors = array("l")
    ends = array("l")
    shapes: list[Shape] = []
    for event in events:
        event_date = event.date
        drawn = known.get(event_date)
        if drawn is None:
            anchor = event_date.anchor.toordinal()
            last = event_date.last.toordinal() if event_date.last is not None else anchor
            drawn = known[event_date] = (anchor, last, _shape(event_date))
        anchors.append(drawn[0])
        ends.append(drawn[1])
        shapes.append(drawn[2])
    planned = bytes(event.status == "planned" for event in events)
    long = tuple(
        position
        for position, (anchor, last) in enumerate(zip(anchors, ends, strict=True))
        if last - anchor > LONG_DAYS
    )
    return MarkTable(anchors, ends, tuple(shapes), planned, long)


@dataclass(frozen=True, slots=True)
class LaneIndex:
    """Every event of a corpus under each lane key of one grouping (worked out once)."""

    grouping: Grouping
    """What the keys stand for."""
    members: dict[str, list[int]]
    """Each key's events, by position, ascending."""
    anchors: dict[str, list[int]]
    """The anchor ordinals of each key's events (parallel to `members`)."""
    loose: list[int]
    """The events with no key: they go to "others"."""
    keys: list[tuple[str, ...]]
    """Each event's keys, by position."""
    memberships: int
    """How many (key, event) pairs there are: the work of filtering key by key."""
    by_size: list[str]
    """The keys, most events first (ties by key): a filter's counts are worked out in this
    order, and stop once no key left could rank among the lanes (see `_counts_by_mask`)."""
    loose_anchors: list[int]
    """The anchor ordinals of the events with no key (parallel to `loose`)."""
    loose_bits: int
    """The events with no key as a byte per event of the corpus (see `_whole_pick`)."""
    others: dict[tuple[frozenset[str], frozenset[str]], tuple[list[int], list[int], int]] = field(
        default_factory=dict
    )
    """Every event of "others" (ascending), their anchors and the same events as a byte per
    event of the corpus, when the keys of the first set have lanes of their own and those of
    the second are hidden: a filter keeps the ones it shows (see `_others_of`); the last few
    kept."""


def lane_index(corpus: Corpus, grouping: Grouping, table: MarkTable) -> LaneIndex:
    """The lanes each event belongs in, as a list of events per lane key.

    By organisation: each organisation the event names, and a named person's organisation
    (`member_of`); by theme: its themes; by person: the people it names. An event with none
    goes to "others". `table` is the corpus's mark table.
    """
    actors = corpus.actors

    def keys_of(ids: tuple[str, ...]) -> tuple[str, ...]:
        found: list[str] = []
        for actor_id in ids:
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
        return tuple(found)

    # Events repeat the same few actor lists: each list's keys are worked out once.
    known: dict[tuple[str, ...], tuple[str, ...]] = {}
    members: dict[str, list[int]] = {}
    loose: list[int] = []
    every_keys: list[tuple[str, ...]] = []
    for position, event in enumerate(corpus.events):
        if grouping == "theme":
            keys = event.themes
        else:
            keys = known.get(event.actors) or known.setdefault(event.actors, keys_of(event.actors))
        every_keys.append(keys)
        if not keys:
            loose.append(position)
        for key in keys:
            bucket = members.get(key)
            if bucket is None:
                bucket = members[key] = []
            bucket.append(position)
    anchors = {
        key: list(map(table.anchors.__getitem__, positions)) for key, positions in members.items()
    }
    memberships = sum(map(len, members.values()))
    by_size = sorted(members, key=lambda key: (-len(members[key]), key))
    loose_anchors = list(map(table.anchors.__getitem__, loose))
    loose_bits = int.from_bytes(_mask(len(table.anchors), loose), "little")
    return LaneIndex(
        grouping,
        members,
        anchors,
        loose,
        every_keys,
        memberships,
        by_size,
        loose_anchors,
        loose_bits,
    )


@dataclass(frozen=True, slots=True)
class Lane:
    """One lane: its events in chronological order.

    A filter picks a lane's events from a longer list (a key's every event, say) by a byte
    each: the list and the bytes are kept, and the events picked are listed only when first
    asked for (`positions`, `anchors`). Drawing a lane too dense to draw mark by mark needs
    only counts, read off the bytes (`shown_between`); so a filter over big lanes does not
    list their events until the cursor or a closer zoom needs them.
    """

    key: str
    """The actor or theme id, or `OTHERS`."""
    members: Sequence[int]
    """Positions of the events the lane is picked from, ascending (the corpus is
    chronological): its events when `chosen` is None."""
    member_anchors: Sequence[int]
    """The anchor ordinal of each of `members` (parallel, so ascending too)."""
    long: tuple[int, ...]
    """Indices (into `positions`) of the events whose marks span more than `LONG_DAYS`:
    found by scanning, the rest by bisecting `anchors`."""
    depth: int
    """Rows the lane takes on screen (1 to `MAX_STACK`)."""
    chosen: bytes | None = None
    """1 for each of `members` the lane holds and 0 for the others; None: it holds them all."""
    picked: list[list[int]] = field(default_factory=list, compare=False, repr=False)
    """The events picked and their anchors, once listed."""
    held: int = field(default=-1, compare=False, repr=False)
    """How many events it holds when picked, if known (-1: counted when asked)."""

    @property
    def positions(self) -> Sequence[int]:
        """Positions of its events, ascending."""
        if self.chosen is None:
            return self.members
        return self._picked()[0]

    @property
    def anchors(self) -> Sequence[int]:
        """The anchor ordinal of each of its events (parallel to `positions`)."""
        if self.chosen is None:
            return self.member_anchors
        return self._picked()[1]

    def _picked(self) -> list[list[int]]:
        if not self.picked and self.chosen is not None:
            self.picked.append(list(compress(self.members, self.chosen)))
            self.picked.append(list(compress(self.member_anchors, self.chosen)))
        return self.picked

    def __len__(self) -> int:
        """How many events the lane holds."""
        if self.chosen is None:
            return len(self.members)
        return self.held if self.held >= 0 else self.chosen.count(PICKED)

    def shown_between(self, low: int, high: int) -> int:
        """How many of `members[low:high]` the lane holds."""
        if self.chosen is None:
            return max(0, high - low)
        if low <= 0 and high >= len(self.members):
            return len(self)
        return self.chosen.count(PICKED, low, high)

    def member_shown(self, low: int, high: int) -> int:
        """The index into `members` of the first of `members[low:high]` the lane holds (one
        must be)."""
        if self.chosen is None:
            return low
        return self.chosen.index(PICKED, low, high)

    def index_of(self, position: int) -> int | None:
        """The index of event `position` in the lane (into `positions`), or None."""
        index = bisect_left(self.members, position)
        if index == len(self.members) or self.members[index] != position:
            return None
        if self.chosen is None:
            return index
        return self.chosen.count(PICKED, 0, index) if self.chosen[index] else None


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
    index: LaneIndex,
    table: MarkTable,
    visible: Sequence[int],
    *,
    height: int,
    hidden: frozenset[str] = frozenset(),
) -> LaneSet:
    """Put the visible events into lanes that fit `height` rows.

    Each lane key gets a lane, most events first (ties by key); when there are more than
    fit, the least active join "others", as do events with no key. Keys in `hidden` (and
    `OTHERS` itself) have no lane, and an event only in hidden lanes is not shown. Lanes take
    at most half the rows, so that the most active can stack colliding marks in the rest (up
    to `MAX_STACK` rows each), unless those lanes have too few events to use them: then the
    rows go to more lanes (see `_own_lanes`).

    Args:
        index: each key's events (see `lane_index`).
        table: the corpus's mark table.
        visible: the positions the filters let through, ascending, without repeats.
        height: screen rows for the lanes (at least 1 lane is made).
        hidden: lane keys the user hid.

    Returns:
        The lanes, top to bottom.
    """
    most = max(1, (height + 1) // 2)
    keep_others = OTHERS not in hidden
    buckets: dict[str, list[int]]
    bucket_anchors: dict[str, list[int]]
    # Which of each key's events the filters let through, a byte each, when picked by mask
    # (kept by its lane, see `Lane`).
    picks: dict[str, bytes] = {}
    counts: dict[str, int]
    # The events with no key shown (listed unless picked by mask), and their lane.
    loose: list[int]
    loose_group: _Group
    size = len(table.anchors)
    shown: bytearray | None = None
    shown_bits = 0
    if len(visible) == size:  # no filter: every event
        buckets = {key: members for key, members in index.members.items() if key not in hidden}
        counts = {key: len(members) for key, members in buckets.items()}
        bucket_anchors = index.anchors
        loose = index.loose
        loose_group = (OTHERS, loose, index.loose_anchors, None, len(loose))
    elif len(visible) * 4 < index.memberships:
        # Few events shown: going through them costs less than through every key's list.
        buckets, loose = {}, []
        keys_of, anchors_of = index.keys, table.anchors
        for position in visible:
            keys = keys_of[position]
            if not keys:
                loose.append(position)
            for key in keys:
                if key not in hidden:
                    found = buckets.get(key)
                    if found is None:
                        buckets[key] = [position]
                    else:
                        found.append(position)
        bucket_anchors = {
            key: list(map(anchors_of.__getitem__, positions)) for key, positions in buckets.items()
        }
        counts = {key: len(positions) for key, positions in buckets.items()}
        loose_anchors = list(map(anchors_of.__getitem__, loose))
        loose_group = (OTHERS, loose, loose_anchors, None, len(loose))
    else:
        shown = _mask(size, visible)
        buckets, bucket_anchors, loose = {}, {}, []
        counts = _counts_by_mask(index, shown, hidden, most, picks)
        shown_bits = int.from_bytes(shown, "little")
        loose_group = _pick_group(
            index.loose, index.loose_anchors, index.loose_bits, shown, shown_bits, table
        )

    def group(key: str) -> _Group:
        """The lane of `key`: its events, or when picked by mask every event of the key and
        the bytes that pick (listed only when needed, see `Lane`)."""
        chosen = picks.get(key)
        if chosen is not None:
            return key, index.members[key], index.anchors[key], chosen, counts[key]
        events = buckets[key]
        anchors = bucket_anchors[key]
        return key, events, anchors, None, len(events)

    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    loose_count = loose_group[4] if keep_others else 0
    own = _own_lanes(ranked, counts, loose_count, most, height, keep_others)
    groups = [group(key) for key in own]
    anchors_of = table.anchors
    if len(own) < len(ranked) and keep_others:
        if shown is None and len(visible) < size:
            # Few events shown: a set of theirs holds each once.
            merged = set(loose)
            merged.update(*(buckets[key] for key in ranked[len(own) :]))
            if merged:
                others = sorted(merged)
                others_anchors = list(map(anchors_of.__getitem__, others))
                groups.append((OTHERS, others, others_anchors, None, len(others)))
        else:
            others, others_anchors, others_bits = _others_of(index, table, frozenset(own), hidden)
            if shown is None:
                groups.append((OTHERS, others, others_anchors, None, len(others)))
            else:
                picked = _pick_group(others, others_anchors, others_bits, shown, shown_bits, table)
                if picked[4]:
                    groups.append(picked)
    elif keep_others and loose_group[4]:
        groups.append(loose_group)
    spare = max(0, height - len(groups))
    lanes: list[Lane] = []
    for key, members, member_anchors, chosen, count in groups:
        extra = min(MAX_STACK - 1, spare, count - 1)
        spare -= extra
        long = _long_indices(members, chosen, table.long) if table.long else ()
        lanes.append(Lane(key, members, member_anchors, long, 1 + extra, chosen, held=count))
    return LaneSet(index.grouping, tuple(lanes))


def _long_indices(
    members: Sequence[int], chosen: bytes | None, long: Sequence[int]
) -> tuple[int, ...]:
    """The indices, among the events `chosen` picks from `members` (all when None), of the
    events at positions `long` (ascending) that are there: one pass over the bytes, however
    many long events a corpus has."""
    found: list[int] = []
    held = at = 0  # events picked before members[at]
    for position in long:
        index = bisect_left(members, position, at)
        if index == len(members):
            break
        if members[index] != position:
            continue
        if chosen is None:
            found.append(index)
            continue
        held += chosen.count(PICKED, at, index)
        at = index
        if chosen[index]:
            found.append(held)
    return tuple(found)


_Group = tuple[str, Sequence[int], Sequence[int], bytes | None, int]
"""A lane before its rows are known: its key, its members and their anchors, the bytes that
pick its events from them (or None: all of them), and how many it holds."""


def _own_lanes(
    ranked: Sequence[str],
    counts: dict[str, int],
    loose: int,
    most: int,
    height: int,
    keep_others: bool,
) -> Sequence[str]:
    """The keys that get lanes of their own, from `ranked` (most events first).

    All of them when they fit in `most` lanes (with one for the `loose` events that have no
    key); else the first `most` (one fewer when the rest go to "others"), and then more for
    as long as the lanes would leave rows empty: a lane stacks at most `MAX_STACK` rows, and
    no more than it has events (for "others", the events of the keys merged into it, counted
    once per key, so an upper bound).
    """
    if len(ranked) + (loose > 0) <= most:
        return ranked
    mine = most - 1 if keep_others else most
    rows = sum(min(MAX_STACK, counts[key]) for key in ranked[:mine])
    rest = sum(counts[key] for key in ranked[mine:]) + loose
    while mine < len(ranked):
        wanted = rows + (min(MAX_STACK, rest) if keep_others else 0)
        if wanted >= height:
            break
        count = counts[ranked[mine]]
        rows, rest, mine = rows + min(MAX_STACK, count), rest - count, mine + 1
    return ranked[:mine]


def _counts_by_mask(
    index: LaneIndex, shown: bytearray, hidden: frozenset[str], most: int, picks: dict[str, bytes]
) -> dict[str, int]:
    """How many of each key's events `shown` (a byte per event) lets through, for the keys
    that have any and could rank among the first `most`: their picks go in `picks`.

    Keys are visited from the most events down (`LaneIndex.by_size`). Once more than `most`
    keys have events, a key with fewer events than the `most`-th largest count can rank
    among the first `most` no more than every smaller key can: they are left to "others"
    without being counted. Nor would `_own_lanes` give them lanes for rows left empty: that
    count is then at least 2, so the first lanes want two rows each and "others" two, which
    is every row.
    """
    counts: dict[str, int] = {}
    # A heap of the `most` largest counts so far: its first is the smallest of them.
    largest: list[int] = []
    members_of = index.members
    for key in index.by_size:
        if key in hidden:
            continue
        members = members_of[key]
        if len(counts) > most and len(members) < largest[0]:
            break
        chosen = _picked(shown, members)
        count = chosen.count(PICKED)
        if count:
            counts[key] = count
            picks[key] = chosen
            if len(largest) < most:
                heappush(largest, count)
            elif count > largest[0]:
                heapreplace(largest, count)
    return counts


_OTHERS_KEPT = 8
"""How many "others" `LaneIndex.others` keeps: a few groupings, heights and hidden sets."""


def _others_of(
    index: LaneIndex, table: MarkTable, own: frozenset[str], hidden: frozenset[str]
) -> tuple[list[int], list[int], int]:
    """Every event of the corpus in "others" when the keys `own` have lanes of their own and
    `hidden` are hidden: those with no key and those of the other keys, ascending; their
    anchors; and the same events as a byte per event of the corpus.

    The events a filter shows of a key are among the key's events, so "others" under a
    filter is this list's events that the filter shows: worked out once, then picked by
    mask (in C) at each filter that keeps the same lanes.
    """
    cache_key = (own, hidden)
    found = index.others.get(cache_key)
    if found is None:
        # An event may be in several of the lanes merged: a set holds it once.
        merged = set(index.loose)
        merged.update(
            *(
                members
                for key, members in index.members.items()
                if key not in own and key not in hidden
            )
        )
        if len(index.others) >= _OTHERS_KEPT:
            index.others.clear()
        positions = sorted(merged)
        anchors = list(map(table.anchors.__getitem__, positions))
        bits = int.from_bytes(_mask(len(table.anchors), positions), "little")
        found = index.others[cache_key] = (positions, anchors, bits)
    return found


def _pick_group(
    positions: list[int],
    anchors: list[int],
    bits: int,
    shown: bytearray,
    shown_bits: int,
    table: MarkTable,
) -> _Group:
    """The lane "others" of the events at `positions` (their anchors `anchors`, and as a
    byte per event of the corpus `bits`) that `shown` (and the same as `shown_bits`) lets
    through.

    When those events are a good part of the corpus, the lane's members are every event of
    it and they are picked by one AND of the two big integers (in C, a few bytes a cycle),
    rather than byte by byte.
    """
    size = len(table.anchors)
    if len(positions) * _WHOLE_SHARE > size:
        chosen = (shown_bits & bits).to_bytes(size, "little")
        return OTHERS, range(size), table.anchors, chosen, chosen.count(PICKED)
    chosen = _picked(shown, positions)
    return OTHERS, positions, anchors, chosen, chosen.count(PICKED)


_WHOLE_SHARE = 4
"""`_pick_group` picks from the whole corpus a lane of more than a quarter of its events."""


def _mask(size: int, positions: Iterable[int]) -> bytearray:
    """A byte per position of the corpus, 1 at `positions`."""
    mask = bytearray(size)
    for position in positions:
        mask[position] = 1
    return mask


def _picked(mask: bytearray, positions: Sequence[int]) -> bytes:
    """The bytes of `mask` at `positions`, in order (itemgetter reads them all in C)."""
    if len(positions) == 1:
        return bytes((mask[positions[0]],))
    return bytes(itemgetter(*positions)(mask)) if positions else b""


def _index_in(positions: Sequence[int], position: int) -> int | None:
    """The index of `position` in the ascending `positions`, or None."""
    index = bisect_left(positions, position)
    if index < len(positions) and positions[index] == position:
        return index
    return None


def extent(table: MarkTable, visible: Sequence[int]) -> tuple[int, int] | None:
    """The first and last day ordinals the marks of `visible` (ascending) cover, or None.

    The last is found among the latest events and the long ones: any other ends within
    `LONG_DAYS` of its anchor, so no later than the latest anchor's reach.
    """
    if not len(visible):
        return None
    anchors, ends = table.anchors, table.ends
    latest = anchors[visible[-1]]
    tail = bisect_left(visible, latest - LONG_DAYS, key=anchors.__getitem__)
    last = max(map(ends.__getitem__, visible[tail:]))
    for position in table.long:
        if _index_in(visible, position) is not None and ends[position] > last:
            last = ends[position]
    return anchors[visible[0]], last
