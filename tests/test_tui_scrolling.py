"""The list and detail panes scroll as stock Textual ScrollViews; what they show stays right."""

from __future__ import annotations

import time
from datetime import date

from textual.geometry import Offset
from textual.selection import Selection

from tests.tui_helpers import (
    REAL_EVENTS,
    REAL_SEEDS,
    ManualClock,
    current_id,
    mini_app,
    timeline_screen,
    visible_ids,
    widget_text,
)
from tui.app import TimelineApp, create_app
from tui.core.rows import HEADING
from tui.widgets.detail import EventDetail
from tui.widgets.histogram import YearHistogram
from tui.widgets.search import SearchInput
from tui.widgets.timeline_list import TimelineList

FOLLOW_GAP_IN_TESTS = 0.5
"""The screen's follow gap in these tests (seconds)."""


def _list_lines(timeline: TimelineList) -> list[str]:
    """The list's rows as shown on screen, without the scrollbar's column."""
    width = timeline.scrollable_content_region.width
    return [line[:width].rstrip() for line in widget_text(timeline).splitlines()]


def _title(app: TimelineApp, row: int) -> str:
    """The start of the English title of the event on list row `row`."""
    rows = timeline_screen(app).query_one(TimelineList).rows
    return app.corpus.events[rows.positions[row]].title.pick("en")[:20]


async def test_the_list_scrollbar_follows_the_number_of_rows() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 9)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        timeline = screen.query_one(TimelineList)
        rows = len(timeline.rows)
        height = timeline.scrollable_content_region.height
        width = timeline.scrollable_content_region.width
        assert rows > height, "the fixture overflows a short terminal"
        assert timeline.show_vertical_scrollbar
        assert timeline.vertical_scrollbar.region.height == height
        assert timeline.max_scroll_y == rows - height
        await pilot.press("G")
        await pilot.pause()
        assert timeline.scroll_y == timeline.max_scroll_y
        lines = _list_lines(timeline)
        assert _title(app, rows - 1) in lines[-1], "the last row is shown at the bottom"
        # As the palette's date command does: nothing else on screen changes size.
        screen.set_date_range(date(2019, 1, 1), date(2019, 12, 31))
        await pilot.pause()
        assert visible_ids(app) == ["wallet-link"]
        assert timeline.max_scroll_y == 0 and timeline.scroll_y == 0
        # Nothing to scroll: no bar, but its column is kept, so the rows keep their width.
        assert not timeline.show_vertical_scrollbar
        assert timeline.scrollable_content_region.width == width
        lines = _list_lines(timeline)
        assert "2019" in lines[0] and _title(app, 1) in lines[1]
        assert all(not line for line in lines[2:]), lines
        screen.set_date_range(None, None)
        await pilot.pause()
        assert timeline.show_vertical_scrollbar
        assert timeline.max_scroll_y == rows - height


async def test_narrowing_within_a_long_list_keeps_the_scroll_range_right() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 8)) as pilot:
        await pilot.pause()
        timeline = timeline_screen(app).query_one(TimelineList)
        height = timeline.scrollable_content_region.height
        await pilot.press("G")
        # From the end of the list to fewer rows that still overflow it: the scroll range
        # shrinks, and the scroll offset stays inside it.
        timeline_screen(app).set_date_range(date(2025, 1, 1), None)
        await pilot.pause()
        assert len(timeline.rows) > height
        assert timeline.max_scroll_y == max(0, len(timeline.rows) - height)
        assert timeline.show_vertical_scrollbar is (len(timeline.rows) > height)
        assert 0 <= timeline.scroll_y <= timeline.max_scroll_y


async def test_the_detail_pane_scrolls_a_long_event_and_resets_for_the_next() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 14)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        detail = screen.query_one(EventDetail)
        height = detail.scrollable_content_region.height
        width = detail.scrollable_content_region.width
        assert detail.virtual_size.height > height, "a full event is longer than 10 lines"
        assert detail.show_vertical_scrollbar
        first_lines = widget_text(detail).splitlines()
        detail.scroll_to(y=3, animate=False, immediate=True)
        await pilot.pause()
        assert widget_text(detail).splitlines()[0] == first_lines[3]
        await pilot.press("j")
        await pilot.pause()
        await pilot.pause()
        assert detail.scroll_y == 0, "another event is shown from its top"
        assert "Tokenised deposits" in widget_text(detail).splitlines()[0]
        screen.set_date_range(date(1990, 1, 1), date(1990, 12, 31))
        await pilot.pause()
        assert "Nothing matches — c clears the filters." in widget_text(detail)
        assert detail.virtual_size.height == 1
        assert not detail.show_vertical_scrollbar
        assert detail.scrollable_content_region.width == width


async def test_text_in_the_detail_pane_can_be_selected_and_copied() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        detail = screen.query_one(EventDetail)
        first_line = detail.text.plain.splitlines()[0]
        assert first_line.startswith("Wallets linked")
        screen.selections = {detail: Selection(Offset(0, 0), Offset(14, 0))}
        await pilot.pause()
        assert screen.get_selected_text() == "Wallets linked"
        # Drawn with the selection's style, and the pane still shows its text.
        assert "Wallets linked" in widget_text(detail)
        # A drag with the mouse across the title selects it too.
        screen.clear_selection()
        await pilot.pause()
        x, y = detail.content_region.x, detail.content_region.y
        await pilot.mouse_down(offset=(x, y))
        await pilot.hover(offset=(x + 7, y))
        await pilot.mouse_up(offset=(x + 7, y))
        await pilot.pause()
        assert (screen.get_selected_text() or "").startswith("Wallets")


async def test_a_drag_in_a_scrolled_detail_pane_selects_the_lines_under_it() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 14)) as pilot:
        await pilot.pause()
        detail = timeline_screen(app).query_one(EventDetail)
        detail.scroll_to(y=3, animate=False, immediate=True)
        await pilot.pause()
        shown = detail.text.plain
        lines = widget_text(detail).splitlines()
        x, y = detail.content_region.x, detail.content_region.y
        await pilot.mouse_down(offset=(x, y))
        await pilot.hover(offset=(x + 4, y))
        await pilot.mouse_up(offset=(x + 4, y))
        await pilot.pause()
        selected = app.screen.get_selected_text() or ""
        assert selected and lines[0].lstrip("▏ ").startswith(selected.strip())
        assert selected.strip() in shown


async def test_paging_and_language_show_the_rows_they_should() -> None:
    app = create_app(REAL_EVENTS, REAL_SEEDS)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        timeline = timeline_screen(app).query_one(TimelineList)
        timeline.focus()
        height = timeline.scrollable_content_region.height

        def expected_lines() -> list[str]:
            top = round(timeline.scroll_y)
            return [
                timeline.render_line(y).text.rstrip()
                for y in range(min(height, len(timeline.rows) - top))
            ]

        for key in ["pagedown", "pagedown", "right_square_bracket", "j", "pageup", "G", "g"]:
            await pilot.press(key)
            await pilot.pause()
            lines = _list_lines(timeline)
            assert lines[: len(expected_lines())] == expected_lines(), key
            top = round(timeline.scroll_y)
            for y, line in enumerate(lines):
                row = top + y
                if row < len(timeline.rows) and timeline.rows.positions[row] != HEADING:
                    assert _title(app, row)[:10] in line, (key, row)
        # Rows drawn before are drawn again in the other language, and at another width.
        english = _list_lines(timeline)
        await pilot.press("l")
        await pilot.pause()
        chinese = _list_lines(timeline)
        assert chinese != english
        assert any("件" in line for line in chinese), "headings count in Chinese"
        await pilot.resize_terminal(90, 20)
        await pilot.pause()
        narrow = timeline.scrollable_content_region.width
        assert all(len(line) <= narrow for line in _list_lines(timeline))
        assert timeline.show_vertical_scrollbar


async def test_typing_in_the_search_field_keeps_the_cursor_in_view() -> None:
    app = mini_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("slash")  # the search bar is mounted: a layout, once
        await pilot.pause()
        screen = timeline_screen(app)
        search = screen.query_one(SearchInput)
        query = "tokenised deposits in hong kong and the greater bay area x"
        assert len(query) > search.content_region.width, "longer than the field"
        await pilot.press(*query)
        await pilot.pause()
        assert search.value == query
        # The field scrolled to keep the end of the text, where the cursor is, in view.
        assert search.scroll_x > 0
        assert widget_text(search).endswith("bay area x")
        # Deleting near the end shortens the text under a field scrolled to its end: the
        # field scrolls back with it, leaving no blanks after the text.
        await pilot.press("left", "left", "left", "delete", "delete", "delete")
        await pilot.pause()
        assert search.value == query[:-3]
        assert search.scroll_x <= search.max_scroll_x
        assert widget_text(search).endswith("bay are")
        await pilot.press("home")
        await pilot.pause()
        assert search.scroll_x == 0
        assert widget_text(search).startswith("tokenised")


async def test_a_year_jump_shows_the_year_from_its_heading() -> None:
    app = create_app(REAL_EVENTS, REAL_SEEDS)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        timeline = timeline_screen(app).query_one(TimelineList)
        timeline.focus()
        height = timeline.scrollable_content_region.height
        scrolled = 0
        for key in ["right_square_bracket"] * 30 + ["left_square_bracket"] * 30:
            top = round(timeline.scroll_y)
            await pilot.press(key)
            await pilot.pause()
            heading = timeline.cursor_row - 1
            assert timeline.rows.positions[heading] == HEADING, "on a year's first event"
            if top <= heading and timeline.cursor_row < top + height:
                assert round(timeline.scroll_y) == top, "a year already in view: nothing moves"
            else:
                scrolled += 1
                assert round(timeline.scroll_y) == min(heading, timeline.max_scroll_y), key
        assert scrolled >= 6


def _clocked(app: TimelineApp) -> tuple[ManualClock, EventDetail]:
    """Give the timeline screen a clock the test moves; its detail pane."""
    screen = timeline_screen(app)
    # Well after the real clock, which timed the moves made while the app started.
    clock = ManualClock(time.monotonic() + 1000.0)
    screen.clock = clock
    # Long enough that a loaded machine never takes a held key for let go.
    screen.follow_gap = FOLLOW_GAP_IN_TESTS
    return clock, screen.query_one(EventDetail)


async def test_while_a_key_is_held_the_detail_pane_waits_till_it_is_let_go() -> None:
    app = mini_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        clock, detail = _clocked(app)
        histogram = timeline_screen(app).query_one(YearHistogram)
        await pilot.press("j")
        await pilot.pause()
        await pilot.pause()
        assert "Tokenised deposits [bold]live[/bold]" in detail.text.plain
        assert histogram.selected_year == 2025
        for _ in range(3):
            clock.now += 0.03
            await pilot.press("j")
        # The moves came fast: the detail waits (the gap has not passed since the last).
        await pilot.pause()
        assert visible_ids(app).index(str(current_id(app))) == 4
        assert "Tokenised deposits" in detail.text.plain, "the detail waits"
        assert histogram.selected_year == 2025
        # The key was let go: once the gap has passed, the detail follows the cursor.
        for _ in range(40):
            if "Sandbox" in detail.text.plain:
                break
            await pilot.pause(FOLLOW_GAP_IN_TESTS / 4)
        assert "Sandbox [link=http://x]opens[/link]" in detail.text.plain
        assert histogram.selected_year == 2026


async def test_a_key_pressed_after_a_held_one_shows_its_event_in_the_next_frame() -> None:
    app = mini_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        clock, detail = _clocked(app)
        await pilot.press("j")
        for _ in range(3):
            clock.now += 0.03
            await pilot.press("j")
        assert "Tokenised deposits" in detail.text.plain
        clock.now += 1.0
        await pilot.press("k")
        await pilot.pause()
        await pilot.pause()
        assert current_id(app) == "hkma-measures"
        assert "HKMA announces measures" in detail.text.plain
