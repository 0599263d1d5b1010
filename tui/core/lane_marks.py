"""The marks of one lane on an axis: glyphs per event, stacked into rows, collisions counted."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from math import ceil, floor
from operator import sub
from typing import Literal

from tui.core.axis import Axis
from tui.core.lanes import LONG_DAYS, PICKED, Lane, MarkTable

__all__ = [
    "BAR",
    "BY_ARROW",
    "DENSE_FACTOR",
    "DENSITY",
    "FUZZY",
    "HAPPENED",
    "PLANNED",
    "SINCE_ARROW",
    "Kind",
    "LaneLayout",
    "Run",
    "count_glyph",
    "density_glyph",
    "layout_lane",
]

HAPPENED = "●"
"""An event that had happened when reported, at its first day."""
PLANNED = "◇"
"""An event still planned when reported, at its first day."""
BAR = "━"
"""An interval, from its first day to its last."""
FUZZY = "┄"
"""The days a fuzzy date covers (a year, "late 2024", c.): lighter than a bar."""
SINCE_ARROW = "━▶"
"""After the mark of a date open at its end ("since Jul 2019")."""
BY_ARROW = "◀━"
"""Before the mark of a date open at its start ("by Jan 2026")."""
DENSE_FACTOR = 2
"""Above this many candidate events per column, a lane shows counts per column only: with
at most `MAX_STACK` rows, most of them could not be drawn on their own anyway."""

Kind = Literal["happened", "planned", "bar", "fuzzy", "arrow", "count"]
"""What a run of cells shows; the widget gives each its own colour."""


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive cells of one kind, from one event (or a count)."""

    column: int
    """The first column, within 0..width-1."""
    text: str
    """One glyph per cell."""
    kind: Kind
    """What it shows."""
    position: int
    """The event's position, or -1 for a count."""


@dataclass(frozen=True, slots=True)
class LaneLayout:
    """A lane drawn on an axis."""

    rows: tuple[tuple[Run, ...], ...]
    """The runs of each of the lane's rows; later runs are drawn over earlier ones."""
    spots: dict[int, tuple[int, int, int]]
    """Where each event in view is: (row, first column, last column), clipped to the
    view; an event counted rather than drawn is at its count's cell."""
    dense: bool = False
    """True when the lane shows counts per column only (the spots then hold none)."""


DENSITY = "▂▄▆█"
"""A dense lane's columns: 2-3 events, 4-7, 8-15, 16 and more."""


def density_glyph(count: int) -> str:
    """The block a dense lane shows for `count` (>= 2) events in one column."""
    return DENSITY[min(len(DENSITY) - 1, count.bit_length() - 2)]


def count_glyph(count: int) -> str:
    """A count of events in one cell: 2 to 9, then "+"."""
    return str(count) if count < 10 else "+"


def _candidates(lane: Lane, axis: Axis) -> tuple[list[int], range]:
    """Indices (into the lane) of the events whose marks may reach the view, in order: the
    long ones that begin before the rest, then a range. Found among the lane's members,
    without listing the events a filter picked (see `Lane`)."""
    slack = 3 * axis.days_per_cell
    low = bisect_left(lane.member_anchors, axis.start - LONG_DAYS - slack)
    high = bisect_left(lane.member_anchors, axis.end + slack)
    # The events before `low` among the members are those before it in the lane.
    first = lane.shown_between(0, low)
    last = first + lane.shown_between(low, high)
    return [index for index in lane.long if index < first], range(first, last)


def _head(table: MarkTable, position: int) -> tuple[str, Kind]:
    """The glyph at an event's first day and its kind: planned or happened."""
    if table.planned[position]:
        return PLANNED, "planned"
    return HAPPENED, "happened"


def _runs(table: MarkTable, position: int, head: int, last: int, width: int) -> list[Run]:
    """The runs of an event's mark, its head at column `head` and its tail to `last`, clipped
    to the columns 0..width-1 (a 25-year bar at a day a cell is spelled out in view only)."""
    glyph, head_kind = _head(table, position)
    shape = table.shapes[position]
    pieces: list[tuple[int, str, Kind]]
    if shape == "by":
        pieces = [(head - 2, BY_ARROW, "arrow"), (head, glyph, head_kind)]
    elif shape == "since":
        pieces = [(head, glyph, head_kind), (head + 1, SINCE_ARROW, "arrow")]
    else:
        pieces = [(head, glyph, head_kind)]
        begin, end = max(head + 1, 0), min(last, width - 1)
        if end >= begin:
            tail_kind: Kind = "bar" if shape == "bar" else "fuzzy"
            tail = BAR if shape == "bar" else FUZZY
            pieces.append((begin, tail * (end - begin + 1), tail_kind))
    runs = []
    for column, text, kind in pieces:
        if column < 0:
            text, column = text[-column:], 0
        text = text[: max(0, width - column)]
        if text:
            runs.append(Run(column, text, kind, position))
    return runs


def layout_lane(lane: Lane, table: MarkTable, axis: Axis) -> LaneLayout:
    """Draw `lane` on `axis`: marks placed in the first of its rows they fit in, left to
    right; a mark that fits in none is counted in its head's cell on the last row.

    Args:
        lane: the lane (its `depth` is the rows available).
        table: the corpus's mark table.
        axis: the view.

    Returns:
        The rows of runs and where each event in view is.
    """
    width = axis.width
    early, near = _candidates(lane, axis)
    if len(early) + len(near) > DENSE_FACTOR * width:
        return _dense(lane, table, axis)
    positions = lane.positions
    anchors, ends, shapes = table.anchors, table.ends, table.shapes
    start, per_cell = axis.start, axis.days_per_cell
    row_ends = [-2] * lane.depth
    rows: list[list[Run]] = [[] for _ in range(lane.depth)]
    spots: dict[int, tuple[int, int, int]] = {}
    heads: dict[int, int] = {}
    hidden: dict[int, list[int]] = {}
    last_row = lane.depth - 1
    # Events drawn in the last row, by their head's column: a count may take their cell.
    drawn_last: dict[int, list[int]] = {}
    for index in chain(early, near):
        position = positions[index]
        # Axis.column, inlined: this loop runs for every event near the view.
        head = floor((anchors[position] - start) / per_cell)
        shape = shapes[position]
        if shape == "day":
            first = last = head
        elif shape == "by" or shape == "since":
            if not 0 <= head < width:
                # An open end's arrow is drawn with its mark only: alone at the edge, "◀━"
                # or "━▶" would point at nothing in view.
                continue
            first, last = (head - 2, head) if shape == "by" else (head, head + 2)
        else:
            first, last = head, floor((ends[position] - start) / per_cell)
        if last < 0 or first >= width:
            continue
        if 0 <= head < width:
            heads[head] = heads.get(head, 0) + 1
        first, last = max(first, -1), min(last, width)
        for row, row_end in enumerate(row_ends):
            if first > row_end:
                row_ends[row] = last
                rows[row].extend(_runs(table, position, head, last, width))
                spots[position] = (row, max(first, 0), min(last, width - 1))
                if row == last_row:
                    drawn_last.setdefault(head, []).append(position)
                break
        else:
            if 0 <= head < width:
                hidden.setdefault(head, []).append(position)
    # Counts in neighbouring cells would read as one number ("2" and "6" as 26): they are
    # added up in the first cell of the run, and the run's other cells are left blank on the
    # last row (a mark drawn there is in the count already).
    totals: dict[int, int] = {}
    count_cell: dict[int, int] = {}
    reach: dict[int, int] = {}
    for head in sorted(hidden):
        if heads[head] == 1:
            # The one event whose head is here, its tail crowded out: its head alone.
            position = hidden[head][0]
            glyph, kind = _head(table, position)
            rows[last_row].append(Run(head, glyph, kind, position))
            spots[position] = (last_row, head, head)
            continue
        cell = count_cell.get(head - 1, head)
        count_cell[head] = cell
        totals[cell] = totals.get(cell, 0) + heads[head]
        reach[cell] = head
        for position in chain(hidden[head], drawn_last.get(head, ())):
            spots[position] = (last_row, cell, cell)
    for cell, total in totals.items():
        blank = " " * (reach[cell] - cell)
        rows[last_row].append(Run(cell, count_glyph(total) + blank, "count", -1))
    return LaneLayout(tuple(tuple(row) for row in rows), spots)


@lru_cache(maxsize=4)
def _column_edges(axis: Axis) -> tuple[int, ...]:
    """The first day of each column of `axis` and of the one after the last: the same for
    every dense lane on one view."""
    start, per_cell = axis.start, axis.days_per_cell
    return tuple(ceil(start + column * per_cell) for column in range(axis.width + 1))


def _dense(lane: Lane, table: MarkTable, axis: Axis) -> LaneLayout:
    """How many events' heads fall in each column, as a block that grows with the count (a
    digit per column would run into the next), found by bisection at the columns' edges (a
    lane of many thousands costs a few hundred bisections); an event alone shows its mark.
    Neighbouring blocks are one run."""
    # Counted among the lane's members, without listing the events a filter picked.
    anchors, members, chosen = lane.member_anchors, lane.members, lane.chosen
    edges = _column_edges(axis)
    # Where each column's members begin, and where the last one's end.
    bounds = list(map(bisect_left, repeat(anchors, len(edges)), edges))
    if chosen is None:
        counts = list(map(sub, bounds[1:], bounds))
    else:
        counts = list(map(chosen.count, repeat(PICKED, axis.width), bounds, bounds[1:]))
    runs: list[Run] = []
    blocks: list[str] = []
    blocks_at = 0
    top = len(DENSITY) - 1
    for column, count in enumerate(counts):
        if count > 1:
            if not blocks:
                blocks_at = column
            # density_glyph, inlined: this runs for every column of every dense lane.
            blocks.append(DENSITY[min(top, count.bit_length() - 2)])
            continue
        if blocks:
            runs.append(Run(blocks_at, "".join(blocks), "count", -1))
            blocks = []
        if count == 1:
            low = bounds[column]
            position = members[
                low if chosen is None else chosen.index(PICKED, low, bounds[column + 1])
            ]
            glyph, kind = _head(table, position)
            runs.append(Run(column, glyph, kind, position))
    if blocks:
        runs.append(Run(blocks_at, "".join(blocks), "count", -1))
    rows = (tuple(runs),) + ((),) * (lane.depth - 1)
    return LaneLayout(rows, {}, dense=True)
