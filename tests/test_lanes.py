"""Unit tables for the lanes view's pure layout: axis, lanes, marks and stacking, the cursor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest
from rich.cells import cell_len

from tui.core.axis import (
    FIT_MARGIN,
    Axis,
    fit_axis,
    fits,
    follow,
    pan,
    resize,
    tick_label,
    ticks,
    zoom_axis,
)
from tui.core.dates import parse_event_date, sort_key
from tui.core.lane_cursor import LaneCursor, across, along, by_year, place
from tui.core.lane_marks import density_glyph, layout_lane
from tui.core.lanes import (
    OTHERS,
    Grouping,
    LaneSet,
    assign_lanes,
    extent,
    lane_index,
    mark_table,
)
from tui.core.model import Actor, Bilingual, Corpus, Event, Theme
from tui.core.rows import build_rows, year_counts, years_ordered

TODAY = date(2026, 12, 6)


def ordinal(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def event(
    value: str,
    actors: tuple[str, ...] = ("hkma",),
    *,
    mod: str | None = None,
    planned: bool = False,
    themes: tuple[str, ...] = (),
) -> Event:
    return Event(
        id=f"e-{value}-{actors}",
        date=parse_event_date(value, mod),
        status="planned" if planned else "happened",
        date_text=None,
        title=Bilingual(value, value),
        summary=None,
        actors=actors,
        themes=themes,
        quotes=(),
    )


ACTORS = {
    "hkma": Actor("hkma", Bilingual("Hong Kong Monetary Authority", "金管局"), ("HKMA",), None),
    "hsbc": Actor("hsbc", Bilingual("HSBC", "滙豐"), (), None),
    "ant": Actor("ant", Bilingual("Ant Group", "螞蟻集團"), (), None),
    "eddie": Actor("eddie", Bilingual("Eddie Yue", "余偉文"), (), "hkma", kind="person", role=None),
    "lone": Actor("lone", Bilingual("Lone Person", "某人"), (), None, kind="person"),
}
THEMES = {
    "pay": Theme("pay", Bilingual("Payments", "支付")),
    "bank": Theme("bank", Bilingual("Banks", "銀行")),
}


def corpus(*events: Event) -> Corpus:
    return Corpus(actors=ACTORS, themes=THEMES, events=tuple(events))


def lanes_for(
    built: Corpus,
    visible: Sequence[int],
    height: int,
    grouping: Grouping = "organisation",
    hidden: frozenset[str] = frozenset(),
) -> LaneSet:
    table = mark_table(built.events)
    index = lane_index(built, grouping, table)
    return assign_lanes(index, table, visible, height=height, hidden=hidden)


# -- time -> column --------------------------------------------------------------------

# A day in 1 column at the month zoom; a decade in 40 columns at the decade zoom.
COLUMN_CASES = [
    # (axis start, days per cell, day, column)
    (ordinal("2024-01-01"), 1.0, "2024-01-01", 0),
    (ordinal("2024-01-01"), 1.0, "2024-01-31", 30),
    (ordinal("2024-01-01"), 1.0, "2023-12-31", -1),
    (ordinal("2020-01-01"), 365.25 / 4, "2020-03-31", 0),
    (ordinal("2020-01-01"), 365.25 / 4, "2020-04-01", 0),  # 91 days: still the first quarter
    (ordinal("2020-01-01"), 365.25 / 4, "2020-04-02", 1),
    (ordinal("2020-01-01"), 365.25 / 4, "2030-01-01", 40),
    (ordinal("2020-01-01") + 0.5, 2.0, "2020-01-02", 0),
]


@pytest.mark.parametrize(("start", "per_cell", "day", "column"), COLUMN_CASES)
def test_a_day_falls_in_the_column_covering_it(
    start: float, per_cell: float, day: str, column: int
) -> None:
    axis = Axis(start, per_cell, 80, None, "year")
    assert axis.column(ordinal(day)) == column
    # The column's first day is in it, the day before is not.
    assert axis.column(axis.first_day(column)) == column
    assert axis.column(axis.first_day(column) - 1) == column - 1


FIT_CASES = [
    # (first day, last day, width, unit): every day in the columns between the margins
    ("2007-01-01", "2032-12-31", 60, "year"),  # the bundled corpus
    ("2007-01-01", "2032-12-31", 200, "year"),
    ("2024-10-28", "2024-10-28", 60, "month"),  # one event on one day
    ("2000-01-01", "2024-12-31", 80, "year"),  # an interval of 25 years
    ("2000-01-01", "2024-12-31", 20, "decade"),
    ("2000-01-01", "2024-12-31", 8, "decade"),
    ("2024-01-01", "2024-03-31", 100, "month"),
]


@pytest.mark.parametrize(("first", "last", "width", "unit"), FIT_CASES)
def test_the_first_screen_fits_every_day_shown(
    first: str, last: str, width: int, unit: str
) -> None:
    axis = fit_axis(ordinal(first), ordinal(last), width, today=TODAY)
    assert axis.zoom is None
    assert axis.unit == unit
    assert axis.days_per_cell >= 1.0
    if axis.days_per_cell > 1.0:
        # Room at each side for an open date's arrow and a column spare, and no more.
        assert axis.column(ordinal(first)) == FIT_MARGIN
        assert axis.column(ordinal(last)) == width - FIT_MARGIN - 1
    else:  # never finer than a day a cell: in the middle
        assert FIT_MARGIN <= axis.column(ordinal(first))
        assert axis.column(ordinal(first)) <= axis.column(ordinal(last)) < width - FIT_MARGIN


def test_one_day_is_shown_at_the_month_zoom_in_the_middle() -> None:
    axis = fit_axis(ordinal("2024-10-28"), ordinal("2024-10-28"), 61, today=TODAY)
    assert axis.days_per_cell == 1.0
    assert axis.column(ordinal("2024-10-28")) == 30


def test_nothing_to_show_centres_two_years_on_today() -> None:
    axis = fit_axis(None, None, 80, today=TODAY)
    assert 38 <= axis.column(TODAY.toordinal()) <= 41
    assert axis.column(ordinal("2025-12-07")) >= 0
    assert axis.column(ordinal("2027-12-05")) < 80


ZOOM_CASES = [
    # (zoom from, step, zoom to)
    ("decade", 1, "year"),
    ("year", 1, "quarter"),
    ("quarter", 1, "month"),
    ("month", 1, "month"),  # the finest: unchanged
    ("month", -1, "quarter"),
    ("year", -1, "decade"),
    ("decade", -1, "decade"),  # the coarsest: unchanged
]


@pytest.mark.parametrize(("start_zoom", "step", "end_zoom"), ZOOM_CASES)
def test_zoom_moves_one_level_and_keeps_the_day_in_its_column(
    start_zoom: str, step: int, end_zoom: str
) -> None:
    axis = fit_axis(ordinal("2015-01-01"), ordinal("2025-12-31"), 100, today=TODAY)
    for _ in range(6):
        axis = zoom_axis(axis, -1, ordinal("2019-07-01"))
    assert axis.zoom == "decade"
    while axis.zoom != start_zoom:
        axis = zoom_axis(axis, 1, ordinal("2019-07-01"))
    keep = ordinal("2019-07-01")
    before = axis.column(keep)
    zoomed = zoom_axis(axis, step, keep)
    assert zoomed.zoom == end_zoom
    assert zoomed.unit == ("year" if end_zoom == "decade" else end_zoom)
    assert abs(zoomed.column(keep) - before) <= 1


FIT_ZOOM_CASES = [
    # (days shown, width, step, level reached): from the fitted screen, the next level
    (26 * 365, 100, 1, "decade"),  # 2007-2032 in 100 columns: ~97 days a cell
    (26 * 365, 100, -1, None),  # nothing coarser: unchanged
    (10 * 365, 100, -1, "decade"),  # ~37 days a cell
    (30, 100, 1, None),  # already at a day a cell
    (30, 100, -1, "quarter"),
]


@pytest.mark.parametrize(("days", "width", "step", "level"), FIT_ZOOM_CASES)
def test_zoom_from_the_fitted_screen(days: int, width: int, step: int, level: str | None) -> None:
    first = ordinal("2007-01-01")
    fitted = fit_axis(first, first + days, width, today=TODAY)
    zoomed = zoom_axis(fitted, step, first)
    assert zoomed.zoom == level
    if level is None:
        assert zoomed == fitted


def test_pan_moves_by_whole_columns_and_resize_keeps_the_middle() -> None:
    axis = Axis(ordinal("2024-01-01"), 1.0, 80, "month", "month")
    assert pan(axis, 10).column(ordinal("2024-01-11")) == 0
    assert pan(axis, -5).column(ordinal("2024-01-01")) == 5
    wider = resize(axis, 160)
    assert wider.column(ordinal("2024-01-01") + 40) == 80


FOLLOW_CASES = [
    # (first day column now, last day column now, first column after): width 80, margin 2
    (10, 10, 10),  # in view: unchanged
    (-30, -30, 2),  # left of the view: comes in at the left margin
    (100, 100, 77),  # right of it: at the right margin
    (70, 90, 57),  # a bar running out on the right: its end comes in
    (-10, 200, 2),  # longer than the view: its start
]


@pytest.mark.parametrize(("head", "tail", "after"), FOLLOW_CASES)
def test_the_view_follows_the_cursor(head: int, tail: int, after: int) -> None:
    axis = Axis(ordinal("2024-01-01"), 1.0, 80, "month", "month")
    start = ordinal("2024-01-01")
    followed = follow(axis, start + head, start + tail)
    assert followed.column(start + head) == after


TICK_LABELS = [
    ("decade", 2010, 1, "en", "2010"),
    ("decade", 2010, 1, "zh", "2010年代"),
    ("year", 2019, 1, "en", "2019"),
    ("year", 2019, 1, "zh", "2019年"),
    ("quarter", 2019, 7, "en", "Q3 2019"),
    ("quarter", 2019, 7, "zh", "2019年第3季"),
    ("month", 2019, 7, "en", "Jul 2019"),
    ("month", 2019, 7, "zh", "2019年7月"),
]


@pytest.mark.parametrize(("unit", "year", "month", "lang", "label"), TICK_LABELS)
def test_tick_labels_in_english_and_chinese(
    unit: str, year: int, month: int, lang: str, label: str
) -> None:
    assert tick_label(unit, year, month, lang) == label  # type: ignore[arg-type]


def test_ticks_start_at_their_units_and_never_overlap() -> None:
    axis = Axis(ordinal("2019-01-01"), 365.25 / 24, 100, "year", "year")
    shown = ticks(axis, "en")
    assert [tick.label for tick in shown] == ["2019", "2020", "2021", "2022", "2023"]
    assert [tick.column for tick in shown] == [0, 23, 48, 72, 96]
    chinese = ticks(Axis(ordinal("2019-01-01"), 365.25 / 96, 100, "quarter", "quarter"), "zh")
    assert chinese[0] == chinese[0].__class__(0, "2019年第1季")
    for left, right in zip(chinese, chinese[1:], strict=False):
        assert right.column > left.column + 2 * len(left.label)


def test_labels_keep_clear_of_the_right_edge_and_of_today() -> None:
    axis = Axis(ordinal("2019-01-01"), 365.25 / 24, 98, "year", "year")
    assert [tick.label for tick in ticks(axis, "en")] == ["2019", "2020", "2021", "2022"]
    today = axis.column(ordinal("2020-01-01")) + 3
    cleared = ticks(axis, "en", keep_clear=range(today, today + 1))
    # "2020" would cover today's mark: it goes just after it, still within 2020.
    assert [(tick.label, tick.column) for tick in cleared] == [
        ("2019", 0),
        ("2020", today + 1),
        ("2021", 48),
        ("2022", 72),
    ]
    # "today ▶" at the right edge: the last label would run into it.
    edge = ticks(axis, "en", keep_clear=range(70, 98))
    assert [tick.label for tick in edge] == ["2019", "2020", "2021"]


BESIDE_TODAY = [
    # (language, cells a year, today's column, the first four labels and their columns)
    # Today in the label's first columns: the label goes after it, within its year.
    ("zh", 24.0, 25, [("2024年", 0), ("2025年", 26), ("2026年", 48), ("2027年", 72)]),
    ("zh", 12.0, 16, [("2024年", 0), ("2025年", 17), ("2026年", 24), ("2027年", 36)]),
    ("en", 12.0, 14, [("2024", 0), ("2025", 15), ("2026", 24), ("2027", 36)]),
    # Today in its last column: after it the label would run into the next one's place, so
    # it goes just before it, still over its year's first column.
    ("zh", 12.0, 17, [("2024年", 0), ("2025年", 11), ("2026年", 24), ("2027年", 36)]),
    # Every other year: the same, the next label two years on.
    ("zh", 6.0, 17, [("2024年", 0), ("2026年", 11), ("2028年", 24), ("2030年", 36)]),
]


@pytest.mark.parametrize(("lang", "year_cells", "today", "expected"), BESIDE_TODAY)
def test_a_label_over_today_moves_beside_it(
    lang: str, year_cells: float, today: int, expected: list[tuple[str, int]]
) -> None:
    axis = Axis(ordinal("2024-01-01"), 365.25 / year_cells, 80, "year", "year")
    shown = ticks(axis, lang, keep_clear=range(today, today + 1))
    assert [(tick.label, tick.column) for tick in shown[:4]] == expected
    for tick in shown:
        assert not tick.column <= today < tick.column + cell_len(tick.label)


def test_no_label_goes_missing_next_to_today() -> None:
    # Two years in seven columns: "2026年" has no room beside today's mark (December 2026)
    # between "2024年" and "2028年", so the labels go every five years rather than leave a
    # hole; the shorter "2026" moves one column left of its year and keeps every other year.
    axis = Axis(ordinal("2006-06-01"), 365.25 / 3.5, 100, None, "year")
    today = axis.column(ordinal("2026-12-06"))
    cleared = range(today, today + 1)
    assert [tick.label for tick in ticks(axis, "zh")][8:11] == ["2024年", "2026年", "2028年"]
    assert [(tick.label, tick.column) for tick in ticks(axis, "zh", keep_clear=cleared)] == [
        ("2010年", 12),
        ("2015年", 30),
        ("2020年", 47),
        ("2025年", 65),
        ("2030年", 82),
    ]
    english = ticks(axis, "en", keep_clear=cleared)
    assert [tick.label for tick in english] == [str(year) for year in range(2008, 2035, 2)]
    assert [tick.column for tick in english if tick.label == "2026"] == [today - 4]


LEVEL_TICKS = [
    # (zoom level, language, the ticks on 60 columns from 1 Jan 2019): each level shows more
    # than one, so the scale can be read
    ("decade", "en", ["2020", "2022", "2024", "2026", "2028", "2030", "2032"]),
    ("decade", "zh", ["2020年", "2022年", "2024年", "2026年", "2028年", "2030年", "2032年"]),
    ("year", "en", ["2019", "2020", "2021"]),
    ("quarter", "en", ["Q1 2019", "Q2 2019", "Q3 2019"]),
    ("quarter", "zh", ["2019年第1季", "2019年第2季", "2019年第3季"]),
    ("month", "en", ["Jan 2019", "Feb 2019"]),
]


@pytest.mark.parametrize(("level", "lang", "labels"), LEVEL_TICKS)
def test_every_zoom_level_shows_several_ticks(level: str, lang: str, labels: list[str]) -> None:
    fitted = fit_axis(ordinal("2019-01-01"), ordinal("2019-01-01"), 60, today=TODAY)
    axis = zoom_axis(fitted, -1, ordinal("2019-01-01"))
    while axis.zoom != "decade":
        axis = zoom_axis(axis, -1, ordinal("2019-01-01"))
    while axis.zoom != level:
        axis = zoom_axis(axis, 1, ordinal("2019-01-01"))
    axis = replace(axis, start=float(ordinal("2019-01-01")))
    assert [tick.label for tick in ticks(axis, lang)] == labels


def test_the_fitted_corpus_axis_has_year_ticks_that_fit_at_80_columns() -> None:
    axis = fit_axis(ordinal("2007-01-01"), ordinal("2032-12-31"), 60, today=TODAY)
    labels = [tick.label for tick in ticks(axis, "en")]
    # A year is about two columns: a label every fifth year, on round years.
    assert labels == ["2010", "2015", "2020", "2025", "2030"]


# -- lanes -----------------------------------------------------------------------------

MIXED = corpus(
    event("2019-07/", ("hkma",)),  # 0
    event("2020", ("hkma", "hsbc"), themes=("bank",)),  # 1
    event("2021-03-04", ("eddie",), themes=("pay",)),  # 2: a person of the HKMA
    event("2022-05", ("ant",), themes=("pay", "bank")),  # 3
    event("2023-01-01", (), themes=()),  # 4: no one
    event("2024-01-01", ("lone",)),  # 5: a person of no organisation
    event("/2025-11-04", ("hsbc",), planned=True),  # 6
)

LANE_CASES: list[tuple[Grouping, int, frozenset[str], list[tuple[str, list[int]]]]] = [
    # (grouping, height, hidden, [(lane key, positions)])
    (
        "organisation",
        20,
        frozenset(),
        [("hkma", [0, 1, 2]), ("hsbc", [1, 6]), ("ant", [3]), (OTHERS, [4, 5])],
    ),
    # Two lanes fit: the most active keeps its own, the rest go to others.
    ("organisation", 4, frozenset(), [("hkma", [0, 1, 2]), (OTHERS, [1, 3, 4, 5, 6])]),
    ("organisation", 20, frozenset({"hkma"}), [("hsbc", [1, 6]), ("ant", [3]), (OTHERS, [4, 5])]),
    (
        "organisation",
        20,
        frozenset({OTHERS}),
        [("hkma", [0, 1, 2]), ("hsbc", [1, 6]), ("ant", [3])],
    ),
    ("theme", 20, frozenset(), [("bank", [1, 3]), ("pay", [2, 3]), (OTHERS, [0, 4, 5, 6])]),
    ("person", 20, frozenset(), [("eddie", [2]), ("lone", [5]), (OTHERS, [0, 1, 3, 4, 6])]),
    ("person", 1, frozenset(), [(OTHERS, [0, 1, 2, 3, 4, 5, 6])]),
]


@pytest.mark.parametrize(("grouping", "height", "hidden", "expected"), LANE_CASES)
def test_lane_assignment(
    grouping: Grouping, height: int, hidden: frozenset[str], expected: list[tuple[str, list[int]]]
) -> None:
    lanes = lanes_for(MIXED, range(7), height, grouping, hidden)
    assert [(lane.key, list(lane.positions)) for lane in lanes.lanes] == expected
    assert lanes.rows <= max(height, len(lanes.lanes))
    # A filter that leaves these seven out of eight (key by key), or out of many more (event
    # by event): the same lanes.
    for extra in (1, 30):
        more = [event("2030-01-01", ("hkma", "eddie"), themes=("pay",))] * extra
        filtered = lanes_for(corpus(*MIXED.events, *more), range(7), height, grouping, hidden)
        assert [(lane.key, list(lane.positions)) for lane in filtered.lanes] == expected
        assert [list(lane.anchors) for lane in filtered.lanes] == [
            list(lane.anchors) for lane in lanes.lanes
        ]


REUSED_CASES: list[tuple[list[int], int, frozenset[str]]] = [
    # (visible, height, hidden), in turn on one index: "others" is kept between them
    ([0, 1, 2, 3, 4, 5, 6], 4, frozenset()),
    ([1, 3, 5, 6], 4, frozenset()),  # the same own lanes, fewer events: picked from the kept
    ([0, 2, 3, 4], 4, frozenset()),
    ([1, 3, 5, 6], 4, frozenset({"hkma"})),  # another hidden set
    ([1, 3, 5, 6], 6, frozenset()),  # another height, so other own lanes
    ([0, 1, 2, 3, 4, 5, 6], 4, frozenset({OTHERS})),
    ([6], 4, frozenset()),
    ([0, 1, 2, 3, 4, 5, 6], 4, frozenset()),
]


@pytest.mark.parametrize("grouping", ["organisation", "theme", "person"])
def test_lanes_from_a_reused_index_are_those_of_a_fresh_one(grouping: Grouping) -> None:
    # "others" is worked out once per set of own lanes and kept in the index: every later
    # filter must still get exactly the lanes a fresh index gives.
    table = mark_table(MIXED.events)
    reused = lane_index(MIXED, grouping, table)
    for visible, height, hidden in REUSED_CASES:
        fresh = lane_index(MIXED, grouping, table)
        got = assign_lanes(reused, table, visible, height=height, hidden=hidden)
        want = assign_lanes(fresh, table, visible, height=height, hidden=hidden)
        shown = [(lane.key, list(lane.positions), list(lane.anchors)) for lane in got.lanes]
        assert shown == [
            (lane.key, list(lane.positions), list(lane.anchors)) for lane in want.lanes
        ], (visible, height, hidden)
        # ... and "others" holds just the events shown that have no lane of their own.
        others = [lane for lane in got.lanes if lane.key == OTHERS]
        if others:
            own = {
                position for lane in got.lanes if lane.key != OTHERS for position in lane.positions
            }
            assert set(others[0].positions) <= set(visible)
            assert (
                set(others[0].positions) | own
                >= {position for position in visible if not set(reused.keys[position]) <= hidden}
                - own
            )


def test_lanes_follow_the_filters_and_none_are_made_for_no_events() -> None:
    keys = lane_index(MIXED, "organisation", mark_table(MIXED.events))
    table = mark_table(MIXED.events)
    filtered = assign_lanes(keys, table, [3, 6], height=20)
    assert [(lane.key, list(lane.positions)) for lane in filtered.lanes] == [
        ("ant", [3]),
        ("hsbc", [6]),
    ]
    empty = assign_lanes(keys, table, [], height=20)
    assert empty.lanes == ()
    assert place(empty, None) is None


def test_busy_lanes_get_the_spare_rows_to_stack() -> None:
    many = corpus(*[event("2024-01-01", ("hkma",)) for _ in range(5)], event("2024", ("hsbc",)))
    lanes = lanes_for(many, range(6), 10)
    assert [(lane.key, lane.depth) for lane in lanes.lanes] == [("hkma", 3), ("hsbc", 1)]
    assert lanes.row_of(1) == 3


# -- marks -----------------------------------------------------------------------------


def draw(events: list[Event], axis: Axis, depth: int = 3) -> list[str]:
    """The lane's rows as text, "." for an empty cell."""
    built = corpus(*events)
    lanes = lanes_for(built, range(len(events)), 2 * depth)
    lane = replace(lanes.lanes[0], depth=depth)
    layout = layout_lane(lane, mark_table(built.events), axis)
    lines = []
    for runs in layout.rows:
        cells = ["."] * axis.width
        for run in runs:
            for offset, glyph in enumerate(run.text):
                cells[run.column + offset] = glyph
        lines.append("".join(cells))
    return lines


MONTH_AXIS = Axis(ordinal("2024-01-01"), 1.0, 20, "month", "month")
MARK_CASES = [
    # (dates (value, mod, planned), the lane's rows at a day a cell from 1 Jan 2024)
    ([("2024-01-03", None, False)], ["..●................."]),
    ([("2024-01-03", None, True)], ["..◇................."]),
    # A fuzzy point covers its days in a lighter style: early January is the 1st to the 10th.
    ([("2024-01", "START", False)], ["●┄┄┄┄┄┄┄┄┄.........."]),
    # A closed interval is a bar from the first day to the last.
    ([("2024-01-05/2024-01-09", None, False)], ["....●━━━━..........."]),
    ([("2024-01-05/2024-01-09", "APPROX", False)], ["....●┄┄┄┄..........."]),
    # Open ends are arrows: since after the mark, by before it.
    ([("2024-01-05/", None, False)], ["....●━▶............."]),
    ([("/2024-01-10", None, True)], [".......◀━◇.........."]),
    # An arrow whose mark is out of view is not drawn: alone it would point at nothing.
    ([("/2024-01-21", None, False)], ["...................."]),
    ([("/2024-01-22", None, False)], ["...................."]),
    ([("2023-12-31/", None, False)], ["...................."]),
    ([("2023-12-30/", None, False)], ["...................."]),
    # Its mark at the edge, the arrow is cut at the edge.
    ([("/2024-01-01", None, False)], ["●..................."]),
    ([("2024-01-20/", None, False)], ["...................●"]),
    # A month runs off the right edge; a day before the view is not drawn.
    ([("2023-12-31", None, False), ("2024-01", None, False)], ["●┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄"]),
]


@pytest.mark.parametrize(("dates", "rows"), MARK_CASES)
def test_marks(dates: list[tuple[str, str | None, bool]], rows: list[str]) -> None:
    events = [event(value, mod=mod, planned=planned) for value, mod, planned in dates]
    assert draw(events, MONTH_AXIS, depth=1) == rows


STACK_CASES = [
    # (days, depth, rows): marks that collide take the next row; past the last, a count.
    (["2024-01-03", "2024-01-03"], 3, ["..●.................", "..●................."]),
    (["2024-01-03", "2024-01-04"], 1, ["..●●................"]),
    (["2024-01-03"] * 3, 2, ["..●.................", "..3................."]),
    (["2024-01-03"] * 12, 1, ["..+................."]),
    # Counts in neighbouring cells are added up in the first, or 2 and 6 would read as 26;
    # the second cell's mark is in the 8, so the cell is left blank.
    (["2024-01-03"] * 2 + ["2024-01-04"] * 6 + ["2024-01-06"] * 3, 1, ["..8 .3.............."]),
    (["2024-01-03"] * 2 + ["2024-01-04"] * 2 + ["2024-01-05"] * 2, 1, ["..6  ..............."]),
    # Stacked: only the last row is counted and blanked; the rows above keep their marks.
    (
        ["2024-01-03"] * 3 + ["2024-01-04"] * 3,
        2,
        ["..●●................", "..6 ................"],
    ),
    (["2024-01-03/2024-01-08", "2024-01-05"], 2, ["..●━━━━━............", "....●..............."]),
    # A bar crowded out of every row leaves its head, alone in its cell, drawn over the row.
    (["2024-01-03/2024-01-08", "2024-01-05/2024-01-09"], 1, ["..●━●━━━............"]),
]


@pytest.mark.parametrize(("days", "depth", "rows"), STACK_CASES)
def test_collisions_stack_then_count(days: list[str], depth: int, rows: list[str]) -> None:
    events = [event(day) for day in days]
    assert draw(events, MONTH_AXIS, depth=depth)[: len(rows)] == rows


def test_all_events_on_one_day_at_a_coarse_zoom_are_one_count() -> None:
    events = [event("2024-06-01") for _ in range(5)]
    axis = fit_axis(ordinal("2024-06-01"), ordinal("2024-06-01"), 20, today=TODAY)
    assert draw(events, axis, depth=1) == [".........5.........."]


def test_a_dense_lane_counts_per_column_and_agrees_with_stacking() -> None:
    # 400 events over 31 days and two alone in February: above the dense limit, counts per
    # column. Views in turn, one seen again (the columns' edges are kept per view).
    days = [f"2024-01-{1 + index % 31:02d}" for index in range(400)] + ["2024-02-07", "2024-02-19"]
    events = sorted((event(day) for day in days), key=lambda item: item.date.anchor)
    built = corpus(*events)
    table = mark_table(built.events)
    lane = lanes_for(built, range(len(events)), 2).lanes[0]
    first = Axis(ordinal("2024-01-01"), 2.0, 20, None, "month")
    views = [
        first,
        Axis(ordinal("2024-01-10"), 1.0, 20, None, "month"),
        first,
        Axis(ordinal("2023-12-20"), 3.0, 25, None, "month"),
    ]
    for axis in views:
        layout = layout_lane(lane, table, axis)
        assert layout.dense
        shown = {
            run.column + offset: glyph
            for run in layout.rows[0]
            for offset, glyph in enumerate(run.text)
        }
        expected: dict[int, int] = {}
        for item in events:
            column = axis.column(item.date.anchor.toordinal())
            if 0 <= column < axis.width:
                expected[column] = expected.get(column, 0) + 1
        assert shown == {
            column: density_glyph(count) if count > 1 else "●" for column, count in expected.items()
        }, axis
    assert "●" in shown.values()


DENSITY_CASES = [(2, "▂"), (3, "▂"), (4, "▄"), (7, "▄"), (8, "▆"), (15, "▆"), (16, "█"), (999, "█")]


@pytest.mark.parametrize(("count", "glyph"), DENSITY_CASES)
def test_density_blocks_grow_with_the_count(count: int, glyph: str) -> None:
    assert density_glyph(count) == glyph


def test_a_25_year_interval_begun_long_before_the_view_still_crosses_it() -> None:
    events = [event("2000/2024"), event("2023-06-01")]
    axis = Axis(ordinal("2024-01-01"), 1.0, 10, "month", "month")
    assert draw(events, axis, depth=2) == ["━━━━━━━━━━", ".........."]


# -- cursor ----------------------------------------------------------------------------

NAV = corpus(
    event("2019-07-01", ("hkma",)),  # 0
    event("2020-03-01", ("hsbc",)),  # 1
    event("2020-06-01", ("hkma",)),  # 2
    event("2021-01-05", ("hsbc",)),  # 3
    event("2023-02-01", ("hkma",)),  # 4
    event("2024-09-01", ("ant",)),  # 5
)


def nav_lanes() -> LaneSet:
    return lanes_for(NAV, range(6), 20)


def test_cursor_moves() -> None:
    lanes = nav_lanes()
    assert [lane.key for lane in lanes.lanes] == ["hkma", "hsbc", "ant"]
    anchors = mark_table(NAV.events).anchors
    start = place(lanes, 2)
    assert start == LaneCursor(0, 2)
    assert along(lanes, start, 1) == LaneCursor(0, 4)
    assert along(lanes, start, -1) == LaneCursor(0, 0)
    assert along(lanes, LaneCursor(0, 4), 1) is None
    # 1 Jun 2020 is nearer 1 Mar 2020 (92 days) than 5 Jan 2021.
    assert across(lanes, start, 1, anchors[2]) == LaneCursor(1, 1)
    assert across(lanes, LaneCursor(1, 3), 1, anchors[3]) == LaneCursor(2, 5)
    assert across(lanes, start, -1, anchors[2]) is None
    assert by_year(lanes, start, 1, 2020) == LaneCursor(0, 4)  # 2023: the lane's next year
    assert by_year(lanes, LaneCursor(0, 4), -1, 2023) == LaneCursor(0, 2)
    assert by_year(lanes, LaneCursor(0, 0), -1, 2019) is None
    # The lane has nothing after 2023: the nearest later year in any lane.
    assert by_year(lanes, LaneCursor(0, 4), 1, 2023) == LaneCursor(2, 5)
    # An event hidden by a filter: the cursor goes to the first lane's next event.
    assert place(lanes, 1, lane=0) == LaneCursor(1, 1)
    assert place(lanes, 99) == LaneCursor(0, 4)


EXTENT_CASES = [
    # (dates, visible, first day, last day)
    (["2019-07-01", "2020", "2021-03-04"], [0, 1, 2], "2019-07-01", "2021-03-04"),
    (["2019-07-01", "2020", "2021-03-04"], [0, 1], "2019-07-01", "2020-12-31"),
    # A 25-year interval ends after every later event.
    (["2000/2024", "2010-01-01", "2011-05"], [0, 1, 2], "2000-01-01", "2024-12-31"),
    (["2000/2024", "2010-01-01", "2011-05"], [1, 2], "2010-01-01", "2011-05-31"),
    # Open ends: a "by" date starts at its day, a "since" date ends at its start.
    (["/2024-01-10", "2019-07/"], [0, 1], "2019-07-01", "2024-01-10"),
    (["2023-12-01", "2023-12-02/"], [0, 1], "2023-12-01", "2023-12-02"),
    (["2024-06-01"], [], None, None),
]


@pytest.mark.parametrize(("dates", "visible", "first", "last"), EXTENT_CASES)
def test_extent_of_the_events_shown(
    dates: list[str], visible: list[int], first: str | None, last: str | None
) -> None:
    events = sorted((event(value) for value in dates), key=lambda item: sort_key(item.date))
    found = extent(mark_table(events), visible)
    if first is None:
        assert found is None
    else:
        assert found == (ordinal(first), ordinal(last or first))


YEAR_COUNT_CASES = [
    # (the year of each event, the positions shown, per year)
    ([2019, 2019, 2025, 2025, 2025, 2026], [0, 1, 2, 3, 4, 5], {2019: 2, 2025: 3, 2026: 1}),
    ([2019, 2019, 2025, 2025, 2025, 2026], [1, 4], {2019: 1, 2025: 1}),
    ([2019, 2019, 2025, 2025, 2025, 2026], [], {}),
    ([2019, 2020, 2021], [2], {2021: 1}),
    ([2000] * 5, [0, 2, 4], {2000: 3}),
]


@pytest.mark.parametrize(("years", "visible", "counts"), YEAR_COUNT_CASES)
def test_year_counts_without_rows_agree_with_the_rows(
    years: list[int], visible: list[int], counts: dict[int, int]
) -> None:
    # While the lanes are shown, the histogram's counts are found without laying out the
    # list's rows: they must be the rows' own.
    assert years_ordered(years)
    assert year_counts(years, visible) == counts
    assert build_rows(years, visible).year_counts == counts


def test_years_out_of_order_are_told() -> None:
    assert not years_ordered([2019, 2025, 2019])
    assert years_ordered([])


def test_an_event_in_a_count_is_found_at_the_count() -> None:
    # The cursor on an event whose mark a neighbouring count took shows at the count.
    days = ["2024-01-03"] * 2 + ["2024-01-04"] * 2
    built = corpus(*[event(day) for day in days])
    lane = replace(lanes_for(built, range(4), 2).lanes[0], depth=1)
    layout = layout_lane(lane, mark_table(built.events), MONTH_AXIS)
    assert {layout.spots[position] for position in range(4)} == {(0, 2, 2)}


@pytest.mark.parametrize(
    ("first", "last", "width", "fit"),
    [
        ("2019-07-01", "2026-06-30", 80, True),  # the decade: a quarter a column
        ("2007-01-01", "2032-12-31", 80, False),
        ("2007-01-01", "2032-12-31", 120, True),
        ("2024-10-28", "2024-10-28", 7, True),  # one day: a column, margins of 3
        ("2024-01-01", "2024-12-31", 7, False),
    ],
)
def test_a_span_fits_an_axis_with_its_margins(first: str, last: str, width: int, fit: bool) -> None:
    axis = Axis(float(ordinal("2000-01-01")), 365.25 / 4, width, "decade", "year")
    assert fits(axis, ordinal(first), ordinal(last)) is fit
