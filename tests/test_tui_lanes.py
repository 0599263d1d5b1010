"""The lanes view as a reader uses it: every key, checked on screen (issue 21)."""

from __future__ import annotations

from datetime import date

import pytest
from quick_keys import until_idle
from textual import events
from tui_helpers import (
    REAL_EVENTS,
    REAL_SEEDS,
    current_id,
    hold_still,
    mini_app,
    palette_searched,
    screen_lines,
    screen_text,
    timeline_screen,
    type_text,
    visible_ids,
    widget_text,
)

from tui.app import TimelineApp, create_app
from tui.core.lane_labels import label_width
from tui.screens.source import SourceScreen
from tui.widgets.detail import EventDetail
from tui.widgets.lanes import LanesView
from tui.widgets.timeline_list import TimelineList

SIZE = (160, 45)
TODAY = date(2025, 12, 6)


def lanes_of(app: TimelineApp) -> LanesView:
    return timeline_screen(app).query_one(LanesView)


def lanes_text(app: TimelineApp) -> str:
    return widget_text(lanes_of(app))


def detail_text(app: TimelineApp) -> str:
    return widget_text(timeline_screen(app).query_one(EventDetail))


def axis_row(app: TimelineApp) -> str:
    return lanes_text(app).splitlines()[0]


def lane_labels(app: TimelineApp) -> list[str]:
    """The labels down the left of the lanes, in order."""
    labels = []
    for line in lanes_text(app).splitlines()[1:]:
        label = line.partition("│")[0].strip()
        if label:
            labels.append(label)
    return labels


async def open_lanes(pilot) -> None:  # type: ignore[no-untyped-def]
    timeline_screen(pilot.app).today = lambda: TODAY
    await pilot.press("v")
    await hold_still(pilot)


async def test_v_switches_to_lanes_and_back_keeping_the_event_and_the_detail() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await hold_still(pilot)
        assert current_id(app) == "tokenised-deposits"
        assert "orgs · " not in screen_text(app)
        await open_lanes(pilot)
        assert lanes_of(app).display
        assert not timeline_screen(app).query_one(TimelineList).display
        # One lane per organisation, the most active first; the detail pane stays on the event.
        assert lane_labels(app) == ["Ant Internati…", "HKMA", "HSBC", "AlipayHK", "Standard Char…"]
        assert axis_row(app).startswith("orgs · all")
        assert "Tokenised deposits [bold]live[/bold]" in detail_text(app)
        await pilot.press("right")
        await hold_still(pilot)
        assert "Joint pilot" in detail_text(app)
        await pilot.press("v")
        await hold_still(pilot)
        assert not lanes_of(app).display
        assert current_id(app) == "october-pilot"
        assert "orgs · " not in screen_text(app)


async def test_the_lanes_keep_the_filters_and_follow_new_ones() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        timeline_screen(app).filter_by_status("planned")
        await pilot.pause()
        await open_lanes(pilot)
        assert lane_labels(app) == ["HKMA", "Standard Char…"]
        assert "2 of 6 events" in screen_text(app)
        timeline_screen(app).filter_by_actor("hsbc")
        await hold_still(pilot)
        # The list's own words for it, in the language shown.
        assert "Nothing matches — c clears the filters." in lanes_text(app)
        assert lane_labels(app) == []
        await pilot.press("l")
        await hold_still(pilot)
        assert "沒有相符的事件 — 按 c 清除篩選" in lanes_text(app)
        await pilot.press("l")
        await hold_still(pilot)
        assert "Nothing matches — c clears the filters." in lanes_text(app)
        await pilot.press("c")
        await hold_still(pilot)
        assert len(lane_labels(app)) == 5


async def test_left_and_right_move_along_the_lane_up_and_down_across() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        # The list's first event, wallet-link, is in the AlipayHK lane (the fourth).
        assert "Wallets linked" in detail_text(app)
        await pilot.press("up")
        await hold_still(pilot)
        # The HSBC lane's event nearest July 2019: May 2025.
        assert "Tokenised deposits" in detail_text(app)
        await pilot.press("up")
        await hold_still(pilot)
        # HKMA's nearest to May 2025 is 6 Nov 2025.
        assert "HKMA announces measures" in detail_text(app)
        await pilot.press("right")
        await hold_still(pilot)
        assert "Pilot expected" in detail_text(app)
        await pilot.press("right")  # the lane's last: stays
        await hold_still(pilot)
        assert "Pilot expected" in detail_text(app)
        await pilot.press("left", "left")
        await hold_still(pilot)
        assert "HKMA announces measures" in detail_text(app)
        await pilot.press("down")
        await hold_still(pilot)
        assert "Joint pilot" in detail_text(app)


async def test_brackets_jump_by_year() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        assert "Wallets linked" in detail_text(app)
        # AlipayHK has nothing after 2019: the next year with events, 2025, in the top lane.
        await pilot.press("right_square_bracket")
        await hold_still(pilot)
        assert "Tokenised deposits" in detail_text(app)
        await pilot.press("left_square_bracket")
        await hold_still(pilot)
        assert "Wallets linked" in detail_text(app)


async def test_enter_opens_the_source_passage() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        await pilot.press("enter")
        await hold_still(pilot)
        assert isinstance(app.screen, SourceScreen)


async def test_zoom_and_pan_change_the_axis() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        fitted = axis_row(app)
        # 2019 to 2026 fitted: labels are years.
        assert "2020" in fitted and "2025" in fitted
        assert "Q1" not in fitted
        await pilot.press("plus")
        await hold_still(pilot)
        assert "2021" in axis_row(app)  # the year zoom: a label each year
        await pilot.press("plus")
        await hold_still(pilot)
        quarters = axis_row(app)
        assert "Q1 2019" in quarters or "Q3 2019" in quarters
        await pilot.press("shift+right")
        await hold_still(pilot)
        panned = axis_row(app)
        assert panned != quarters
        await pilot.press("shift+left")
        await hold_still(pilot)
        assert axis_row(app) == quarters
        await pilot.press("minus", "minus", "minus")
        await hold_still(pilot)
        assert "2010" in axis_row(app) or "2020" in axis_row(app)
        assert "Q1" not in axis_row(app)


async def test_the_mouse_wheel_pans() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        await pilot.press("plus", "plus")
        await hold_still(pilot)
        before = axis_row(app)
        lanes = lanes_of(app)
        lanes.post_message(events.MouseScrollDown(lanes, 30, 3, 0, 1, 0, False, False, False))
        await until_idle()
        await pilot.pause()
        assert axis_row(app) != before
        lanes.post_message(events.MouseScrollUp(lanes, 30, 3, 0, -1, 0, False, False, False))
        await until_idle()
        await pilot.pause()
        assert axis_row(app) == before


async def test_g_cycles_the_grouping() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        await pilot.press("g")
        await hold_still(pilot)
        assert axis_row(app).startswith("themes")
        assert lane_labels(app) == ["Sandboxes", "Payments", "Tokenisation"]
        # The cursor stays on its event.
        assert "Wallets linked" in detail_text(app)
        await pilot.press("g")
        await hold_still(pilot)
        assert axis_row(app).startswith("people")
        assert lane_labels(app) == ["others"]
        await pilot.press("g")
        await hold_still(pilot)
        assert axis_row(app).startswith("orgs · ")


async def test_a_lane_is_hidden_from_the_palette() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        assert "HSBC" in lane_labels(app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "hide lane hsbc")
        await palette_searched(pilot)
        await pilot.press("enter")
        await hold_still(pilot)
        assert "HSBC" not in lane_labels(app)
        # Its events stay in their other lanes.
        assert lane_labels(app)[0] == "Ant Internati…"
        await pilot.press("ctrl+p")
        await type_text(pilot, "show every hidden lane")
        await palette_searched(pilot)
        await pilot.press("enter")
        await hold_still(pilot)
        assert "HSBC" in lane_labels(app)


async def test_lane_labels_and_ticks_follow_the_language_and_script() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        await pilot.press("l")
        await hold_still(pilot)
        assert axis_row(app).startswith("機構")
        assert "2020年" in axis_row(app)
        assert "支付寶香港" in lane_labels(app)
        await pilot.press("s", "s")
        await hold_still(pilot)
        assert "支付宝香港" in lane_labels(app)
        # The corner says what the lanes are in the script chosen, as the labels do.
        assert axis_row(app).startswith("机构 · 全部")
        await pilot.press("s")
        await hold_still(pilot)
        assert axis_row(app).startswith("機構 · 全部")


ZOOM_CORNERS = [
    # (size, keys after `v`, the axis row's corner): the zoom level is shown at every width;
    # the fixture's events span a few years, so `+` from the first screen goes to the year
    ((160, 45), (), "orgs · all"),
    ((160, 45), ("plus",), "orgs · year"),
    ((160, 45), ("plus", "plus"), "orgs · quarter"),
    ((160, 45), ("l", "plus", "plus"), "機構 · 季"),
    ((80, 24), ("plus", "plus", "plus"), "month"),
    ((80, 24), ("l", "minus"), "機構·十年"),
    ((80, 24), ("g", "minus"), "decade"),
    # Out past the decade: back to the first screen, which fits every event.
    ((80, 24), ("minus", "minus"), "all"),
    ((160, 45), ("plus", "plus", "minus", "minus", "minus"), "orgs · all"),
]


@pytest.mark.parametrize(("size", "keys", "corner"), ZOOM_CORNERS)
async def test_the_axis_row_says_the_zoom_level(
    size: tuple[int, int], keys: tuple[str, ...], corner: str
) -> None:
    app = mini_app()
    async with app.run_test(size=size) as pilot:
        await open_lanes(pilot)
        await pilot.press(*keys)
        await hold_still(pilot)
        assert axis_row(app).partition("│")[0].strip() == corner


async def test_today_is_marked_and_marks_differ_without_colour() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        text = lanes_text(app)
        assert "▼" in axis_row(app)
        assert "┊" in text
        assert "●" in text  # happened
        assert "◇" in text  # planned (Standard Chartered's early 2026)
        assert "┄" in text  # the days a month or a year covers


async def test_a_small_terminal_shortens_the_labels() -> None:
    app = mini_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lanes(pilot)
        labels = lane_labels(app)
        assert "Ant Inte…" in labels
        assert all(len(label) <= 9 for label in labels)
        # Nine cells: the zoom level alone (the fitted first screen shows every event).
        assert axis_row(app).startswith("all      │")


async def test_the_help_lists_the_lanes_keys() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 90)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for key in (
            "Lanes view (v)",
            "shift+← →  wheel",
            "+  -",
            "◀━  ━▶",
            "▂▄▆█",
            "lanes view: events",
        ):
            assert key in text, key


async def test_a_resize_lays_the_lanes_out_again() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        assert "Ant Internati…" in lane_labels(app)
        await pilot.resize_terminal(80, 24)
        await hold_still(pilot)
        # Labels shortened for the new width, and the first screen fitted to it again.
        assert "Ant Inte…" in lane_labels(app)
        rows = lanes_text(app).splitlines()
        assert all(len(row) <= 80 for row in rows)
        assert any("◇" in row for row in rows)  # 2026's planned events still in view
        assert "2020" in axis_row(app)


async def test_a_filter_in_the_lanes_reaches_the_list_when_it_is_shown_again() -> None:
    # The list's rows are laid out late while the lanes are shown: back in the list they
    # must be the filter's, with the cursor on the lanes' event and the counts right.
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lanes(pilot)
        timeline_screen(app).filter_by_status("planned")
        await hold_still(pilot)
        assert "2 of 6 events" in screen_text(app)
        await pilot.press("right")
        await hold_still(pilot)
        chosen = detail_text(app)
        await pilot.press("v")
        await hold_still(pilot)
        assert sorted(visible_ids(app)) == ["pilot-mid-2026", "sandbox-2026"]
        assert current_id(app) is not None
        event = app.corpus.events[timeline_screen(app).query_one(TimelineList).highlighted or 0]
        assert event.title.pick("en") in chosen
        assert "2 of 6 events" in screen_text(app)
        await pilot.press("c")
        await hold_still(pilot)
        assert len(visible_ids(app)) == 6


async def test_today_off_screen_is_pointed_at_from_the_edge() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        timeline_screen(app).today = lambda: date(2040, 1, 1)
        await pilot.press("v")
        await hold_still(pilot)
        assert axis_row(app).rstrip().endswith("today ▶")
        assert "▼" not in axis_row(app)
        await pilot.press("l")
        await hold_still(pilot)
        assert axis_row(app).rstrip().endswith("今天 ▶")
        lanes_of(app).today = lambda: date(2001, 1, 1)
        await pilot.press("l", "g")
        await hold_still(pilot)
        assert axis_row(app).partition("│")[2].startswith("◀ today")


async def test_the_key_that_switches_views_is_in_the_footer_at_80x24() -> None:
    app = mini_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await hold_still(pilot)
        assert "v Lanes" in screen_lines(app)[-1]
        await open_lanes(pilot)
        assert "v List" in screen_lines(app)[-1]
        assert "v Lanes" not in screen_lines(app)[-1]
        await pilot.press("v")
        await hold_still(pilot)
        assert not lanes_of(app).display
        assert "v Lanes" in screen_lines(app)[-1]


async def _bundled_lanes(size: tuple[int, int], *keys: str) -> tuple[list[str], str]:
    """(the lanes' labels, one a row, blank where none; the axis row) of a fresh app on the
    bundled corpus at `size` after `v` and `keys`."""
    app = create_app(REAL_EVENTS, REAL_SEEDS)
    async with app.run_test(size=size) as pilot:
        await open_lanes(pilot)
        await pilot.press(*keys)
        await hold_still(pilot)
        return label_rows(app), axis_row(app)


def label_rows(app: TimelineApp) -> list[str]:
    """The lanes' label column, a row each, and checks every row is drawn for the width."""
    lanes = lanes_of(app)
    rows = lanes_text(app).splitlines()
    rule = label_width(lanes.size.width)
    assert all(row.find("│") == rule for row in rows), rows
    return [row[:rule].strip() for row in rows[1:]]


async def test_the_lanes_are_drawn_again_for_each_size_the_terminal_takes() -> None:
    # As a reader found it: zoomed in at 80x24, then the terminal made larger and smaller.
    app = create_app(REAL_EVENTS, REAL_SEEDS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lanes(pilot)
        await pilot.press("plus", "plus")
        await hold_still(pilot)
        for size in ((120, 40), (200, 50), (80, 24), (250, 70)):
            await pilot.resize_terminal(*size)
            await hold_still(pilot)
            # The same lanes, labels and rows as a fresh start at this size, every row for
            # this width, the zoom kept.
            assert label_rows(app) == (await _bundled_lanes(size))[0], size
            assert len(label_rows(app)) == lanes_of(app).size.height - 1
            ticks = axis_row(app).partition("│")[2]
            years = [int(tick) for tick in ticks.split()[:2]]
            assert years[1] == years[0] + 1, size
            # Today is later than this view: the word saying so stands apart from the ticks.
            assert ticks.endswith(" today ▶"), size
        await pilot.press("right")
        await hold_still(pilot)
        assert label_rows(app) == (await _bundled_lanes((250, 70)))[0]


async def test_the_first_screen_shows_the_last_event_whole_beside_the_detail_pane() -> None:
    # The bundled corpus ends with "by 2032", drawn "◀━◇" (or "◀━●"): its mark, arrow and all,
    # is in view with a column spare, at each size (the detail pane beside the lanes from 120
    # columns, and under them at 80 after `i`).
    for size, keys in (((80, 24), ("i",)), ((120, 40), ()), ((200, 50), ()), ((250, 70), ())):
        app = create_app(REAL_EVENTS, REAL_SEEDS)
        async with app.run_test(size=size) as pilot:
            await open_lanes(pilot)
            await pilot.press(*keys)
            await hold_still(pilot)
            # The pane is on screen, showing the cursor's event.
            current = lanes_of(app).current
            assert current is not None
            title = app.corpus.events[current].title.pick("en")
            assert title[:20] in " ".join(detail_text(app).split()), size
            lanes = lanes_of(app)
            rule = label_width(lanes.size.width)
            plot = [row[rule + 1 :] for row in lanes_text(app).splitlines()]
            width = lanes.size.width - rule - 1
            assert all(len(row) < width for row in plot[1:]), size
            assert any(row.rstrip().endswith(("◀━●", "◀━◇")) for row in plot[1:]), size


async def test_zooming_out_brings_every_event_back_once_they_fit() -> None:
    # Panned far past the last event at the year zoom, then out to the decade: the events
    # (2019-2026) fit a screen at the decade, so they are shown, not the empty years the
    # middle of the view would keep.
    app = mini_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lanes(pilot)
        await pilot.press("plus", *["shift+right"] * 20)
        await hold_still(pilot)
        assert "●" not in lanes_text(app)  # out past every event
        await pilot.press("minus")
        await hold_still(pilot)
        assert axis_row(app).startswith("decade")
        assert "●" in lanes_text(app) and "◇" in lanes_text(app)
