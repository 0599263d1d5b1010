"""Line API panes resize their scrollable area without a layout pass, and stay right."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date

from textual.filter import DimFilter, Monochrome
from textual.geometry import Offset, Region
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

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
from tui.screens.timeline import FOLLOW_GAP
from tui.widgets.detail import EventDetail
from tui.widgets.histogram import YearHistogram
from tui.widgets.scrolling import CachedScrollBar, CachedScrollBarView, DirectLines
from tui.widgets.search import SearchInput
from tui.widgets.timeline_list import TimelineList


def _count_layouts(screen: Screen[object]) -> list[object]:
    """A list that gets an entry each time `screen` lays its widgets out."""
    layouts: list[object] = []
    real_layout = screen._refresh_layout

    def counted_layout(*args: object, **kwargs: object) -> None:
        layouts.append(args)
        real_layout(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = counted_layout  # type: ignore[method-assign]
    return layouts


def _bar_cells(bar: CachedScrollBar) -> set[str]:
    """The characters and background colours of the bar as drawn."""
    strips = bar.render_lines(Region(0, 0, *bar.size))
    return {
        f"{segment.text}/{segment.style and segment.style.bgcolor}"
        for strip in strips
        for segment in strip
    }


async def test_the_list_scrollbar_follows_the_number_of_rows() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 9)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        timeline = screen.query_one(TimelineList)
        bar = timeline.vertical_scrollbar
        assert isinstance(bar, CachedScrollBar)
        rows = len(timeline.rows)
        height = timeline.scrollable_content_region.height
        width = timeline.scrollable_content_region.width
        assert rows > height, "the fixture overflows a short terminal"
        assert timeline.show_vertical_scrollbar and not bar.fits
        assert timeline.max_scroll_y == rows - height
        overflowing = _bar_cells(bar)
        await pilot.press("G")
        await pilot.pause()
        assert timeline.scroll_y == timeline.max_scroll_y
        layouts = _count_layouts(screen)
        # As the palette's date command does: nothing else on screen changes size.
        screen.set_date_range(date(2019, 1, 1), date(2019, 12, 31))
        await pilot.pause()
        assert visible_ids(app) == ["wallet-link"]
        assert len(timeline.rows) == 2
        assert timeline.max_scroll_y == 0 and timeline.scroll_y == 0
        # Nothing to scroll: the bar's column stays, drawn as an empty gutter in the list's
        # background, and the rows keep their width.
        assert bar.fits
        background = timeline.background_colors[1].rich_color
        blank = " " * bar.size.width
        assert _bar_cells(bar) == {f"{blank}/{background}"} != overflowing
        assert timeline.scrollable_content_region.width == width
        screen.set_date_range(None, None)
        await pilot.pause()
        assert not bar.fits and _bar_cells(bar) == overflowing
        assert timeline.max_scroll_y == rows - height
        assert layouts == [], "the list's rows outgrew or fitted the list with a layout pass"


async def test_narrowing_within_a_long_list_keeps_the_scroll_range_right() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 8)) as pilot:
        await pilot.pause()
        timeline = timeline_screen(app).query_one(TimelineList)
        height = timeline.scrollable_content_region.height
        await pilot.press("G")
        # From the end of the list to fewer rows that still overflow it: the scroll range
        # shrinks with no layout pass, and the scroll offset stays inside it.
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
        assert detail.virtual_size.height > height, "a full event is longer than 10 lines"
        assert detail.show_vertical_scrollbar
        detail.scroll_to(y=3, animate=False, immediate=True)
        await pilot.press("j")
        await pilot.pause()
        await pilot.pause()
        assert detail.scroll_y == 0, "another event is shown from its top"
        screen.set_date_range(date(1990, 1, 1), date(1990, 12, 31))
        await pilot.pause()
        assert "No events match" in detail.text.plain
        assert detail.virtual_size.height == 1
        bar = detail.vertical_scrollbar
        assert isinstance(bar, CachedScrollBar) and bar.fits


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


async def test_a_filter_repaints_what_changed_not_the_whole_screen() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash")  # the search bar is mounted: a layout, once
        await pilot.pause()
        screen = timeline_screen(app)
        compositor = screen._compositor
        full_updates: list[bool] = []
        real_full_update = compositor.render_full_update

        def counted_full_update(simplify: bool = False) -> object:
            full_updates.append(simplify)
            return real_full_update(simplify)

        compositor.render_full_update = counted_full_update  # type: ignore[assignment,method-assign]
        screen.set_date_range(date(2019, 1, 1), date(2019, 12, 31))
        await pilot.pause()
        assert visible_ids(app) == ["wallet-link"]
        await pilot.press("w", "a")
        await pilot.pause()
        assert visible_ids(app) == ["wallet-link"]
        assert screen.filters.query == "wa"
        assert full_updates == [], "a filter change repainted the whole screen"


async def test_moving_the_cursor_one_row_repaints_two_rows() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        timeline = timeline_screen(app).query_one(TimelineList)
        await pilot.press("j")
        await pilot.pause()
        drawn: list[int] = []
        real_render_rows = timeline.render_rows

        def counted_render_rows(rows: Sequence[int]) -> list[Strip]:
            drawn.extend(rows)
            return real_render_rows(rows)

        timeline.render_rows = counted_render_rows  # type: ignore[method-assign]
        before = timeline.cursor_row
        await pilot.press("j")
        await pilot.pause()
        assert timeline.cursor_row > before
        assert timeline.scroll_y == 0, "no scrolling: only the cursor moved"
        assert sorted(drawn) == [before, timeline.cursor_row]


def _drawn(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


def _as_textual_draws(view: CachedScrollBarView, crop: Region) -> list[list[tuple[str, object]]]:
    """`view`'s rows in `crop` through Textual's own pipeline, nothing kept from before."""
    view._styles_cache.clear()
    drawn = _drawn(Widget.render_lines(view, crop))
    view._styles_cache.clear()
    return drawn


def _assert_drawn_as_textual_would(view: CachedScrollBarView, state: str) -> None:
    width, height = view.size
    for crop in (Region(0, 0, width, height), Region(2, 1, width // 2, height - 2)):
        theirs = _as_textual_draws(view, crop)
        assert _drawn(view.render_lines(crop)) == theirs, f"{state}: unlike Textual in {crop}"
        # Kept rows (nothing marked dirty since) are the same rows.
        assert _drawn(view.render_lines(crop)) == theirs, f"{state}: kept rows differ in {crop}"


async def test_the_list_and_detail_rows_are_what_textual_would_draw() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 12)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        timeline = screen.query_one(TimelineList)
        detail = screen.query_one(EventDetail)
        assert DirectLines.applies(timeline) and DirectLines.applies(detail)
        # The detail pane has a left border and padding: rows are drawn between edges.
        assert detail.styles.gutter.left and detail.styles.gutter.right
        for _ in range(2):
            _assert_drawn_as_textual_would(timeline, "first row")
            _assert_drawn_as_textual_would(detail, "first event")
            await pilot.press("j", "pagedown")
            await pilot.pause()
            _assert_drawn_as_textual_would(timeline, "paged")
            _assert_drawn_as_textual_would(detail, "paged")
            detail.scroll_to(y=2, animate=False, immediate=True)
            await pilot.pause()
            _assert_drawn_as_textual_would(detail, "scrolled")
            # Unfocused, the cursor row has other colours; Chinese titles are wider.
            await pilot.press("slash")
            await pilot.pause()
            _assert_drawn_as_textual_would(timeline, "unfocused")
            await pilot.press("escape", "l")
            await pilot.pause()
            _assert_drawn_as_textual_would(timeline, "Chinese")
            _assert_drawn_as_textual_would(detail, "Chinese")
            await pilot.resize_terminal(70, 20)
            await pilot.pause()
        screen.selections = {detail: Selection(Offset(0, 0), Offset(6, 1))}
        await pilot.pause()
        _assert_drawn_as_textual_would(detail, "selected")
        # Filters that change colours (NO_COLOR's monochrome, a dimmed screen) apply as well.
        for line_filter in (Monochrome(), DimFilter()):
            app._filters.append(line_filter)
            screen.refresh()
            await pilot.pause()
            for view in (timeline, detail):
                _assert_drawn_as_textual_would(view, type(line_filter).__name__)


async def test_the_detail_pane_edges_follow_what_lies_behind_it() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        detail = screen.query_one(EventDetail)
        await pilot.press("j")
        await pilot.pause()
        assert DirectLines.applies(detail) and detail.styles.border_left[0]
        _assert_drawn_as_textual_would(detail, "before")
        before = _drawn(detail.render_lines(Region(0, 0, *detail.size)))
        # The border is blended onto the background behind the pane, not only the pane's own.
        screen.styles.background = "darkred"
        await pilot.pause()
        _assert_drawn_as_textual_would(detail, "another background behind")
        assert _drawn(detail.render_lines(Region(0, 0, *detail.size))) != before


async def test_styles_the_direct_rows_do_not_cover_go_through_textual() -> None:
    app = mini_app()
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        timeline = timeline_screen(app).query_one(TimelineList)
        plain = _drawn(timeline.render_lines(Region(0, 0, *timeline.size)))
        styled: list[tuple[str, object]] = [
            ("tint", "red 40%"),
            ("opacity", 0.5),
            ("padding", (1, 0)),
        ]
        for rule, value in styled:
            setattr(timeline.styles, rule, value)
            await pilot.pause()
            assert not DirectLines.applies(timeline), rule
            crop = Region(0, 0, *timeline.size)
            drawn = _drawn(timeline.render_lines(crop))
            assert drawn == _as_textual_draws(timeline, crop) != plain, rule
            timeline.styles.clear_rule(rule)
            await pilot.pause()
            assert DirectLines.applies(timeline), rule
        assert _drawn(timeline.render_lines(Region(0, 0, *timeline.size))) == plain


async def test_the_cached_scrollbar_draws_what_textual_would() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 6)) as pilot:
        await pilot.pause()
        timeline = timeline_screen(app).query_one(TimelineList)
        bar = timeline.vertical_scrollbar
        assert isinstance(bar, CachedScrollBar) and bar.display
        crop = Region(0, 0, *bar.size)
        seen: list[list[list[tuple[str, object]]]] = []
        last = int(timeline.max_scroll_y)
        assert last >= 4, "room for the thumb to move"
        for y in [0, last // 2, last, last // 2, 0]:
            timeline.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            cached = _drawn(bar.render_lines(crop))
            bar._drawn.clear()
            bar.refresh()
            assert cached == _drawn(bar.render_lines(crop)), f"stale bar at y={y}"
            # Drawn from its segments, the bar is what Textual's own pipeline draws.
            assert cached == _drawn(ScrollBar.render_lines(bar, crop)), f"unlike Textual at y={y}"
            part = Region(1, 1, 1, crop.height - 2)  # as a partial screen update asks
            assert _drawn(bar.render_lines(part)) == _drawn(ScrollBar.render_lines(bar, part))
            seen.append(cached)
        assert seen[0] != seen[1] != seen[2], "the thumb moved"
        assert seen[0] == seen[4] and seen[1] == seen[3]
        # Hovering changes its colours: not the bar drawn before.
        bar.mouse_over = True
        await pilot.pause()
        assert _drawn(bar.render_lines(crop)) != seen[0]
        assert _drawn(bar.render_lines(crop)) == _drawn(ScrollBar.render_lines(bar, crop))
        bar.grabbed = Offset(0, 0)
        await pilot.pause()
        assert _drawn(bar.render_lines(crop)) == _drawn(ScrollBar.render_lines(bar, crop))


async def test_typing_in_the_search_field_lays_nothing_out_and_keeps_the_cursor_in_view() -> None:
    app = mini_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("slash")  # the search bar is mounted: a layout, once
        await pilot.pause()
        screen = timeline_screen(app)
        search = screen.query_one(SearchInput)
        layouts = _count_layouts(screen)
        query = "tokenised deposits in hong kong and the greater bay area x"
        assert len(query) > search.content_region.width, "longer than the field"
        await pilot.press(*query)
        await pilot.pause()
        assert search.value == query
        assert layouts == [], "a keystroke in the search field laid out the screen"
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
        assert layouts == []


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


async def test_rows_a_page_or_year_key_shows_are_drawn_before_it_is_pressed() -> None:
    keys = ["pagedown", "pagedown", "right_square_bracket", "pageup", "left_square_bracket"]
    keys += ["right_square_bracket", "right_square_bracket"]

    async def drawn_in_frames(ahead: bool) -> list[list[int]]:
        """Events drawn inside each key's frames, with drawing ahead on or off."""
        app = create_app(REAL_EVENTS, REAL_SEEDS)
        async with app.run_test(size=(120, 20)) as pilot:
            await pilot.pause()
            timeline = timeline_screen(app).query_one(TimelineList)
            timeline.focus()
            if not ahead:
                timeline._prefetch = lambda: None  # type: ignore[method-assign]
            drawn: list[int] = []
            in_frames: list[int] = []
            real_render_event = timeline._render_event
            real_render_rows = timeline.render_rows

            def counted_render_event(position: int, width: int, is_cursor: bool) -> Strip:
                drawn.append(position)
                return real_render_event(position, width, is_cursor)

            def frame_rows(rows: Sequence[int]) -> list[Strip]:
                before = len(drawn)
                strips = real_render_rows(rows)
                in_frames.extend(drawn[before:])
                return strips

            timeline._render_event = counted_render_event  # type: ignore[method-assign]
            timeline.render_rows = frame_rows  # type: ignore[method-assign]
            per_key = []
            for key in keys:
                await pilot.pause(0.1)  # idle: time to draw ahead
                top = timeline.scroll_y
                in_frames.clear()
                await pilot.press(key)
                await pilot.pause()
                assert timeline.scroll_y != top, f"{key} showed other rows"
                per_key.append(list(in_frames))
            return per_key

    assert await drawn_in_frames(ahead=True) == [[]] * len(keys)
    # Without drawing ahead, a key that shows rows not seen before draws them in its frame.
    drawn_late = await drawn_in_frames(ahead=False)
    assert sum(1 for events in drawn_late if events) >= 4, drawn_late


async def test_the_histogram_keeps_what_textual_draws_for_each_year() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        histogram = screen.query_one(YearHistogram)

        def ours_and_textuals() -> tuple[object, object]:
            ours = _drawn([histogram.render_line(y) for y in range(histogram.size.height)])
            histogram._render_content()  # Textual's own drawing of render()
            return ours, _drawn(histogram._render_cache.lines)

        seen = []
        for year in (2019, 2025, 2019, None, 2025):
            histogram.select(year)
            ours, textuals = ours_and_textuals()
            assert ours == textuals, year
            seen.append(ours)
        assert seen[0] == seen[2] != seen[1] == seen[4] != seen[3]
        # Other counts (a filter) are drawn anew, the selected year the same.
        screen.set_date_range(date(2025, 1, 1), date(2026, 12, 31))
        await pilot.pause()
        histogram.select(2025)
        ours, textuals = ours_and_textuals()
        assert ours == textuals != seen[1]


async def test_kept_rows_hold_nothing_from_the_frames_that_drew_them() -> None:
    app = create_app(REAL_EVENTS, REAL_SEEDS)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        screen = timeline_screen(app)
        timeline = screen.query_one(TimelineList)
        detail = screen.query_one(EventDetail)
        timeline.focus()
        for key in ["pagedown", "j", "k", "right_square_bracket", "pageup"] * 3:
            await pilot.press(key)
            await pilot.pause()
        for view in (timeline, detail):
            kept = list(view._styles_cache._cache.values())
            assert kept, "rows are kept between frames"
            # The compositor cuts each strip it is given at the screen's column edges, and
            # keeps the pieces on that strip: those must be throwaway strips, not kept rows.
            assert not any(line._divide_cache for line in kept), type(view).__name__


def _clocked(app: TimelineApp) -> tuple[ManualClock, EventDetail]:
    """Give the timeline screen a clock the test moves; its detail pane."""
    screen = timeline_screen(app)
    # Well after the real clock, which timed the moves made while the app started.
    clock = ManualClock(time.monotonic() + 1000.0)
    screen.clock = clock
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
        # Real time passes but the clock does not: to the screen, the key is still held.
        await pilot.pause(3 * FOLLOW_GAP)
        assert visible_ids(app).index(str(current_id(app))) == 4
        assert "Tokenised deposits" in detail.text.plain, "the detail waits"
        assert histogram.selected_year == 2025
        clock.now += 2 * FOLLOW_GAP  # the key was let go
        for _ in range(40):
            if "Sandbox" in detail.text.plain:
                break
            await pilot.pause(FOLLOW_GAP)
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
