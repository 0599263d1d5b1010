"""The lanes view's time axis: days to columns at a zoom, panning, and the tick labels."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from tui.core.dates import MONTH_NAMES

__all__ = [
    "FIT_MARGIN",
    "ZOOMS",
    "Axis",
    "Tick",
    "Zoom",
    "fit_axis",
    "fits",
    "follow",
    "pan",
    "resize",
    "tick_label",
    "ticks",
    "zoom_axis",
]

Zoom = Literal["decade", "year", "quarter", "month"]
ZOOMS: tuple[Zoom, ...] = ("decade", "year", "quarter", "month")
"""Coarsest first: `+` moves right along it, `-` left."""

_DAYS_PER_CELL: dict[Zoom, float] = {
    "decade": 365.25 / 4,  # a quarter a cell: a decade in 40 cells
    "year": 365.25 / 24,  # half a month a cell: a year in 24 cells
    "quarter": 365.25 / 96,  # a quarter in 24 cells, a month in 8
    "month": 1.0,  # a day a cell
}
_UNIT_DAYS: dict[Zoom, float] = {
    "decade": 3652.5,
    "year": 365.25,
    "quarter": 91.3125,
    "month": 30.4375,
}
_TICK_UNITS: dict[Zoom, Zoom] = {
    "decade": "year",  # decades 40 columns apart would leave one label on most screens
    "year": "year",
    "quarter": "quarter",
    "month": "month",
}
"""The unit each zoom level's ticks are placed at: a few labels across any screen."""
_MIN_TICK_CELLS = 2
"""Units narrower than this are too fine to tick: a fitted axis takes a coarser one."""
_STRIDES: dict[Zoom, tuple[int, ...]] = {
    "decade": (1, 2, 5, 10),
    "year": (1, 2, 5, 10, 20, 50),
    "quarter": (1, 2, 4),
    "month": (1, 2, 3, 6, 12),
}
"""Every how many units a label goes, when one per unit would not fit: round numbers."""
FIT_MARGIN = 3
"""Columns the first screen leaves free at each side: an open date's arrow takes two beyond its
mark ("◀━●", "●━▶"), and the cursor's event kept at least `follow`'s margin from the edge is
not panned away from the fit."""
_EMPTY_SPAN_DAYS = 730
"""What an axis with no events shows: two years around today."""


@dataclass(frozen=True, slots=True)
class Axis:
    """Which days the plot area's columns show."""

    start: float
    """The day ordinal (`date.toordinal`) at the left edge of column 0; fractional."""
    days_per_cell: float
    """Days each column covers."""
    width: int
    """Columns of the plot area."""
    zoom: Zoom | None
    """The zoom level, or None for the fitted first screen."""
    unit: Zoom
    """The unit ticks are placed at."""

    def column(self, ordinal: int) -> int:
        """The column showing day `ordinal` (may be off screen: negative or >= width)."""
        return math.floor((ordinal - self.start) / self.days_per_cell)

    def first_day(self, column: int) -> int:
        """The ordinal of the first day column `column` covers (its left edge rounded up)."""
        return math.ceil(self.start + column * self.days_per_cell)

    @property
    def end(self) -> float:
        """The day ordinal at the right edge of the last column."""
        return self.start + self.width * self.days_per_cell


@dataclass(frozen=True, slots=True)
class Tick:
    """One tick of the axis row."""

    column: int
    """The column the unit starts in."""
    label: str
    """Its label in the chosen language ("2019", "Q3 2019", "2019年7月")."""


def _unit_for(days_per_cell: float) -> Zoom:
    """The unit a fitted axis ticks at: months or quarters when every one has room for its
    label; else years, labelled every few when need be, unless they are too fine."""
    for unit in ("month", "quarter"):
        if _UNIT_DAYS[unit] / days_per_cell >= _cells(tick_label(unit, 2000, 12, "en")) + 1:
            return unit
    if _UNIT_DAYS["year"] / days_per_cell >= _MIN_TICK_CELLS:
        return "year"
    return "decade"


def fit_axis(first: int | None, last: int | None, width: int, *, today: date) -> Axis:
    """The first screen: every day from `first` to `last` in `width` columns, `FIT_MARGIN`
    columns free at each side; never finer than the month zoom (one event alone is shown at
    that zoom).

    Args:
        first: the ordinal of the earliest day to show, or None when nothing is shown.
        last: the ordinal of the latest day to show (>= first), or None.
        width: columns of the plot area (at least 1).
        today: centres the axis when there is nothing to show.

    Returns:
        The fitted axis (zoom None).
    """
    width = max(1, width)
    if first is None or last is None:
        middle = today.toordinal()
        first, last = middle - _EMPTY_SPAN_DAYS // 2, middle + _EMPTY_SPAN_DAYS // 2
    span = last - first + 1
    usable = max(1, width - 2 * FIT_MARGIN)
    days_per_cell = span / usable
    if days_per_cell >= _DAYS_PER_CELL["month"]:
        # Half a day earlier than the margin: the first and last days land inside their
        # columns, not on an edge where rounding could put them one column out.
        start = first - FIT_MARGIN * days_per_cell - 0.5
    else:
        days_per_cell = _DAYS_PER_CELL["month"]
        start = (first + last + 1) / 2 - width * days_per_cell / 2
    return Axis(start, days_per_cell, width, None, _unit_for(days_per_cell))


def zoom_axis(axis: Axis, step: int, keep: int) -> Axis:
    """Zoom one level in (+1) or out (-1), day `keep` staying in its column.

    From the fitted axis, in goes to the first level finer than it and out to the first
    coarser; at either end of the levels the axis is returned unchanged.

    Args:
        axis: the current axis.
        step: +1 to zoom in, -1 to zoom out.
        keep: the ordinal of the day that keeps its place (the cursor's, or the middle).

    Returns:
        The new axis.
    """
    if axis.zoom is not None:
        index = ZOOMS.index(axis.zoom) + step
        if not 0 <= index < len(ZOOMS):
            return axis
        zoom = ZOOMS[index]
    else:
        levels = [
            level
            for level in ZOOMS
            if _DAYS_PER_CELL[level] != axis.days_per_cell
            and (_DAYS_PER_CELL[level] < axis.days_per_cell) == (step > 0)
        ]
        if not levels:
            return axis
        zoom = levels[0] if step > 0 else levels[-1]
    days_per_cell = _DAYS_PER_CELL[zoom]
    # The same fraction of the screen before `keep` as now.
    offset_cells = (keep - axis.start) / axis.days_per_cell
    start = keep - offset_cells * days_per_cell
    return Axis(start, days_per_cell, axis.width, zoom, _TICK_UNITS[zoom])


def pan(axis: Axis, cells: int) -> Axis:
    """Move the view `cells` columns later (negative: earlier)."""
    return replace(axis, start=axis.start + cells * axis.days_per_cell)


def resize(axis: Axis, width: int) -> Axis:
    """The same view at a new width, its middle day kept."""
    width = max(1, width)
    middle = axis.start + axis.width * axis.days_per_cell / 2
    return replace(axis, start=middle - width * axis.days_per_cell / 2, width=width)


def follow(axis: Axis, first: int, last: int, margin: int = 2) -> Axis:
    """Pan so that the days `first`..`last` are in view, or as much of them as fits, beginning
    with `first`; unchanged when they already are.

    Args:
        axis: the current axis.
        first: the ordinal of the first day that should be seen (a mark's head).
        last: the ordinal of the last (its end), >= first.
        margin: columns kept free at the edges when panning.

    Returns:
        The axis, panned by whole columns (ticks keep their look).
    """
    margin = min(margin, max(0, (axis.width - 1) // 2))
    head, tail = axis.column(first), axis.column(last)
    if head >= margin and tail < axis.width - margin:
        return axis
    if head < margin or tail - head >= axis.width - 2 * margin:
        return pan(axis, head - margin)
    return pan(axis, tail - (axis.width - margin - 1))


def fits(axis: Axis, first: int, last: int) -> bool:
    """Whether the days `first`..`last` fit in `axis`'s width with `FIT_MARGIN` free at each
    side (wherever the view is)."""
    return axis.column(last) - axis.column(first) < axis.width - 2 * FIT_MARGIN


def tick_label(unit: Zoom, year: int, month: int, lang: str) -> str:
    """The label of the unit starting in `year`-`month`.

    Examples: "2010" / "2010年代", "2019" / "2019年", "Q3 2019" / "2019年第3季",
    "Jul 2019" / "2019年7月".
    """
    chinese = lang == "zh"
    if unit == "decade":
        return f"{year}年代" if chinese else str(year)
    if unit == "year":
        return f"{year}年" if chinese else str(year)
    if unit == "quarter":
        quarter = (month - 1) // 3 + 1
        return f"{year}年第{quarter}季" if chinese else f"Q{quarter} {year}"
    return f"{year}年{month}月" if chinese else f"{MONTH_NAMES[month - 1][:3]} {year}"


def _unit_starts(unit: Zoom, low: int, high: int) -> list[date]:
    """The first days of the units that begin within ordinals low..high."""
    begin = date.fromordinal(max(1, low))
    starts: list[date] = []
    if unit in ("decade", "year"):
        step = 10 if unit == "decade" else 1
        year = begin.year - begin.year % step
        while year <= 9999:
            day = date(year, 1, 1)
            if day.toordinal() > high:
                break
            if day.toordinal() >= low:
                starts.append(day)
            year += step
        return starts
    step = 3 if unit == "quarter" else 1
    year, month = begin.year, begin.month - (begin.month - 1) % step
    while year <= 9999:
        day = date(year, month, 1)
        if day.toordinal() > high:
            break
        if day.toordinal() >= low:
            starts.append(day)
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return starts


def ticks(axis: Axis, lang: str, *, keep_clear: range = range(0)) -> list[Tick]:
    """The ticks in view at the axis's unit, in `lang` ("en" or "zh").

    Labels go every unit, or every few (round numbers) when one per unit would not fit; a
    label that would run into the one before or past the right edge is left out, so each
    label starts at its unit's column and is read whole. One that would cover the columns
    `keep_clear` (today's mark, or the word saying which way today lies) goes just beside
    them instead, while it still starts within its unit or covers its first column; when
    there is no room for that, labels go every few more units, so that none is missing
    from the middle of the row.
    """
    unit = axis.unit
    sample = _cells(tick_label(unit, 2000, 12, lang)) + 1
    unit_cells = _UNIT_DAYS[unit] / axis.days_per_cell
    strides = [stride for stride in _STRIDES[unit] if stride * unit_cells >= sample]
    first: list[Tick] | None = None
    for stride in strides or [_STRIDES[unit][-1]]:
        shown, whole = _ticks_every(axis, lang, stride, unit_cells, keep_clear)
        if whole:
            return shown
        if first is None:
            first = shown
    return first or []


def _ticks_every(
    axis: Axis, lang: str, stride: int, unit_cells: float, keep_clear: range
) -> tuple[list[Tick], bool]:
    """The ticks every `stride` units (see `ticks`), and False when one is missing between
    two shown because `keep_clear` left it no room."""
    low = math.floor(axis.start)
    high = math.ceil(axis.end)
    unit = axis.unit
    shown: list[Tick] = []
    free_from = 0
    missing = hole = False
    for day in _unit_starts(unit, low, high):
        count = (
            day.year // (10 if unit == "decade" else 1)
            if unit in ("decade", "year")
            else (day.year * 12 + day.month - 1) // (3 if unit == "quarter" else 1)
        )
        if count % stride:
            continue
        column = axis.column(day.toordinal())
        if not 0 <= column < axis.width or column < free_from:
            continue
        label = tick_label(axis.unit, day.year, day.month, lang)
        cells = _cells(label)
        if column + cells > axis.width:
            break  # cut at the right edge, it would read as another unit
        if column < keep_clear.stop and keep_clear.start < column + cells:
            placed = _beside(column, cells, keep_clear, unit_cells, stride, axis.width, free_from)
            if placed is None:
                missing = True
                continue
            column = placed
        hole = hole or missing
        shown.append(Tick(column, label))
        free_from = column + cells + 1
    return shown, not hole


def _beside(
    column: int,
    cells: int,
    keep_clear: range,
    unit_cells: float,
    stride: int,
    width: int,
    free_from: int,
) -> int | None:
    """Where a label of `cells` cells whose unit starts at `column` goes instead, when it
    would cover `keep_clear`: just after those columns if it still starts within its unit
    (and ends before the next label's place, `stride` units on), else just before them if
    it still covers its unit's first column; None when neither fits.
    """
    after = keep_clear.stop
    if (
        after < column + unit_cells
        and after + cells < column + stride * unit_cells
        and after + cells <= width
    ):
        return after
    before = keep_clear.start - cells
    if before >= max(0, free_from) and before + cells > column:
        return before
    return None


def _cells(text: str) -> int:
    """Terminal cells of a tick label: CJK characters take two."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)
