"""The lanes a filter gets, whichever way they are worked out, against the rule written plainly."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pytest

from tui.core.axis import Axis
from tui.core.dates import parse_event_date
from tui.core.lane_marks import layout_lane
from tui.core.lanes import (
    MAX_STACK,
    OTHERS,
    Grouping,
    Lane,
    LaneIndex,
    LaneSet,
    MarkTable,
    assign_lanes,
    lane_index,
    mark_table,
)
from tui.core.model import Actor, Bilingual, Corpus, Event, Theme

Lanes = list[tuple[str, list[int], list[int], int]]
"""Each lane's key, positions, anchors and depth."""


def plain_lanes(
    index: LaneIndex,
    table: MarkTable,
    visible: Sequence[int],
    height: int,
    hidden: frozenset[str],
) -> Lanes:
    """The lanes by `assign_lanes`'s rule, event by event, with nothing kept or skipped."""
    keys_of = index.keys
    counts = Counter(key for p in visible for key in keys_of[p] if key not in hidden)
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    keep_others = OTHERS not in hidden
    loose = [p for p in visible if not keys_of[p]]
    most = max(1, (height + 1) // 2)
    if len(ranked) + (keep_others and bool(loose)) <= most:
        own = ranked
    else:
        mine = most - 1 if keep_others else most
        # More lanes while those there are would leave rows empty.
        while mine < len(ranked):
            rows = sum(min(MAX_STACK, counts[key]) for key in ranked[:mine])
            rest = sum(counts[key] for key in ranked[mine:]) + (len(loose) if keep_others else 0)
            if rows + (min(MAX_STACK, rest) if keep_others else 0) >= height:
                break
            mine += 1
        own = ranked[:mine]
    groups = [(key, [p for p in visible if key in keys_of[p]]) for key in own]
    if keep_others:
        others = [
            p
            for p in visible
            if not keys_of[p] or any(key not in own and key not in hidden for key in keys_of[p])
        ]
        if others:
            groups.append((OTHERS, others))
    spare = max(0, height - len(groups))
    lanes: Lanes = []
    for key, positions in groups:
        extra = min(MAX_STACK - 1, spare, len(positions) - 1)
        spare -= extra
        lanes.append((key, positions, [table.anchors[p] for p in positions], 1 + extra))
    return lanes


def got_lanes(
    index: LaneIndex,
    table: MarkTable,
    visible: Sequence[int],
    height: int,
    hidden: frozenset[str],
) -> Lanes:
    lanes = assign_lanes(index, table, visible, height=height, hidden=hidden)
    return [
        (lane.key, list(lane.positions), list(lane.anchors), lane.depth) for lane in lanes.lanes
    ]


def drawn_alike(lanes: LaneSet, table: MarkTable) -> None:
    """Each lane, drawn and searched before its events are listed (counted from the bytes a
    filter picked them by), is drawn and searched as the same lane built from the list."""
    first, last = min(table.anchors), max(table.ends)
    views = [
        Axis(first - 3, (last - first + 7) / 20, 20, None, "year"),  # most lanes dense
        Axis(first + 40, 1.0, 30, "month", "month"),  # mark by mark
    ]
    long = set(table.long)
    for lane in lanes.lanes:
        # The long marks, found afresh: they are drawn apart from the rest.
        found = tuple(index for index, position in enumerate(lane.positions) if position in long)
        assert lane.long == found
        listed = Lane(lane.key, list(lane.positions), list(lane.anchors), found, lane.depth)
        for axis in views:
            fresh = replace(lane, picked=[])
            assert layout_lane(fresh, table, axis) == layout_lane(listed, table, axis)
        fresh = replace(lane, picked=[])
        for position in range(len(table.anchors)):
            assert fresh.index_of(position) == listed.index_of(position)
        assert len(fresh) == len(listed.positions)


def random_corpus(rng: random.Random, size: int, organisations: int) -> Corpus:
    """`size` events over `organisations` and four people of very different activity, some
    naming two, some none; themes alike."""
    actors = {
        f"o{number:02}": Actor(f"o{number:02}", Bilingual(f"Org {number}", f"機{number}"), (), None)
        for number in range(organisations)
    }
    for number in range(4):
        actors[f"p{number}"] = Actor(
            f"p{number}", Bilingual(f"Person {number}", f"某人{number}"), (), "o00", kind="person"
        )
    themes = {name: Theme(name, Bilingual(name, name)) for name in ("pay", "bank", "web")}
    ids = list(actors)
    # Activity falls off steeply, so that some lanes are busy and many are small.
    weights = [1.0 / (rank + 1) ** 1.3 for rank in range(len(ids))]
    day = date(2015, 1, 1)
    events = []
    for number in range(size):
        day += timedelta(days=rng.choice((0, 0, 1, 3)))
        picked = rng.choices(ids, weights, k=rng.choice((0, 1, 1, 1, 2)))
        # One in eight runs for years: drawn apart from the rest (see `Lane.long`).
        value = day.isoformat()
        if rng.random() < 0.125:
            value += "/" + (day + timedelta(days=rng.choice((400, 2000)))).isoformat()
        events.append(
            Event(
                id=f"e{number}",
                date=parse_event_date(value, None),
                status="happened",
                date_text=None,
                title=Bilingual(str(number), str(number)),
                summary=None,
                actors=tuple(dict.fromkeys(picked)),
                themes=tuple(dict.fromkeys(rng.choices(list(themes), k=rng.choice((0, 1, 2))))),
                quotes=(),
            )
        )
    return Corpus(actors=actors, themes=themes, events=tuple(events))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("grouping", ["organisation", "theme", "person"])
def test_filtered_lanes_are_those_the_rule_gives(seed: int, grouping: Grouping) -> None:
    # Filters of every density (so each way of picking: every event, event by event, by
    # mask over each key), one index reused throughout as the view does, at heights from
    # one row to more than the lanes need, with lanes and "others" hidden.
    rng = random.Random(seed)
    built = random_corpus(rng, rng.choice((60, 300)), rng.choice((4, 30)))
    table = mark_table(built.events)
    index = lane_index(built, grouping, table)
    keys = sorted(index.members)
    everything = range(len(built.events))
    for _ in range(25):
        share = rng.choice((1.0, 0.9, 0.6, 0.3, 0.05))
        visible = sorted(rng.sample(everything, round(share * len(everything))))
        height = rng.choice((1, 2, 3, 5, 8, 13, 39, 80))
        hidden = frozenset(rng.sample([*keys, OTHERS], min(len(keys), rng.choice((0, 0, 1, 3)))))
        want = plain_lanes(index, table, visible, height, hidden)
        assert got_lanes(index, table, visible, height, hidden) == want, (share, height, hidden)
        drawn_alike(assign_lanes(index, table, visible, height=height, hidden=hidden), table)
        # A fresh index (nothing kept from earlier filters) agrees.
        fresh = lane_index(built, grouping, table)
        assert got_lanes(fresh, table, visible, height, hidden) == want


def test_lanes_of_one_event_each_leave_no_row_empty() -> None:
    # Thirty organisations with one event each, forty rows: the half of the rows kept for
    # stacking could hold nothing (a lane of one event never stacks), so each gets a lane.
    rng = random.Random(7)
    built = random_corpus(rng, 200, 30)
    one_each = [
        (event, key) for event, key in zip(built.events, sorted(built.actors)[:30], strict=False)
    ]
    built = Corpus(
        actors=built.actors,
        themes=built.themes,
        events=tuple(replace(event, actors=(key,)) for event, key in one_each),
    )
    table = mark_table(built.events)
    index = lane_index(built, "organisation", table)
    everything = range(len(built.events))
    lanes = assign_lanes(index, table, everything, height=39)
    assert [lane.key for lane in lanes.lanes] == sorted(built.actors)[:30]
    assert all(lane.depth == 1 for lane in lanes.lanes)
    # Fewer rows than organisations: the rows fill up and the rest share "others".
    lanes = assign_lanes(index, table, everything, height=12)
    assert [lane.key for lane in lanes.lanes] == [*sorted(built.actors)[:9], OTHERS]
    assert [lane.depth for lane in lanes.lanes] == [1] * 9 + [MAX_STACK]
    assert lanes.rows == 12


def test_busy_lanes_still_keep_rows_to_stack() -> None:
    # Lanes of many events take half the rows and stack in the rest, as before.
    rng = random.Random(3)
    built = random_corpus(rng, 2000, 60)
    table = mark_table(built.events)
    index = lane_index(built, "organisation", table)
    lanes = assign_lanes(index, table, range(len(built.events)), height=39)
    assert len(lanes.lanes) == 20
    assert lanes.rows == 39
    assert lanes.lanes[0].depth == MAX_STACK
