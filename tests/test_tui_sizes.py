"""Pilot tests at several terminal sizes, with resizing: each screen shows what matters."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from tui_helpers import (
    current_id,
    mini_app,
    screen_text,
    timeline_screen,
    type_text,
    wait_for_text,
)

from tui.app import TimelineApp
from tui.screens.source import SourceScreen
from tui.widgets.article import ArticleView
from tui.widgets.detail import EventDetail
from tui.widgets.histogram import YearHistogram
from tui.widgets.timeline_list import TimelineList

SIZES = [(40, 12), (60, 20), (120, 40), (250, 70)]


def assert_laid_out(app: TimelineApp, width: int, height: int) -> None:
    """Side by side when wide, the list alone when narrow, the histogram when tall enough."""
    screen = timeline_screen(app)
    narrow = width < 100
    assert screen.has_class("-narrow") is narrow
    timeline = screen.query_one(TimelineList)
    detail = screen.query_one(EventDetail)
    assert timeline.region.width > 0 and timeline.region.height > 0
    assert detail.display is not narrow
    if not narrow:
        # Side by side: the detail pane is to the right of the list.
        assert detail.region.x >= timeline.region.right
    assert screen.query_one(YearHistogram).display is (height >= 16)


def assert_shows(app: TimelineApp, size: tuple[int, int], step: str, *texts: str) -> None:
    """The screen fills the terminal, no row is wider than it, and every text is on it."""
    width, height = size
    lines = screen_text(app).split("\n")
    assert len(lines) == height, step
    assert max(cell_len(line) for line in lines) <= width, step
    shown = "\n".join(lines)
    missing = [text for text in texts if text not in shown]
    assert not missing, f"{step} at {width}x{height}: {missing} not on screen:\n{shown}"


@pytest.mark.parametrize(("width", "height"), SIZES)
async def test_every_flow_shows_its_screens_at_size(width: int, height: int) -> None:
    size = (width, height)
    narrow = width < 100
    app = mini_app()
    async with app.run_test(size=size) as pilot:
        # The footer fills in after a refresh: a loaded machine may need more than one frame.
        await wait_for_text(pilot, app, "Quit")
        assert_laid_out(app, width, height)
        assert_shows(app, size, "start", "6 of 6 events", "EN", "Wallets linked", "Quit")
        await pilot.press("j", "i", "i", "enter")
        assert isinstance(app.screen, SourceScreen)
        assert_shows(
            app, size, "article", "金管局新措施", "passage 3 of 4", "金管局預計明年年中推出試點"
        )
        await pilot.press("n", "p", "i", "s", "l")
        # s: the article in Hong Kong characters (滙); i: the detail pane toggled.
        assert_shows(app, size, "article, HK script", "滙豐")
        assert ("Tokenised deposits" in screen_text(app)) is narrow
        await pilot.press("escape")
        assert current_id(app) == "tokenised-deposits"
        await pilot.press("a")
        await type_text(pilot, "HKMA")
        assert_shows(app, size, "actor picker", "Filter by organisations", "HKMA", "香港金融管理局")
        await pilot.press("down", "space", "enter")
        await pilot.pause()
        assert_shows(
            app, size, "actor filter", "2 of 6", "中文", "金管局公佈新措施", "預計推出試點"
        )
        await pilot.press("t")
        await pilot.pause()
        assert_shows(app, size, "theme picker", "Filter by themes", "代幣化", "Tokenisation")
        await pilot.press("escape", "d")
        await type_text(pilot, "bad")
        await pilot.press("enter")
        await pilot.pause()
        assert_shows(app, size, "date dialog", "Filter by date", "From 'bad': not a date")
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert_shows(app, size, "help", "Keys", "Esc, ? or q closes this help")
        await pilot.press("escape", "slash")
        await type_text(pilot, "pilot")
        await pilot.press("enter")
        await pilot.pause()
        assert_shows(app, size, "search", "1 of 6", "預計推出試點")
        assert "金管局公佈新措施" not in screen_text(app)
        await pilot.press("G", "enter")
        await pilot.pause()
        assert_shows(
            app, size, "last event's article", "passage 4 of 4", "金管局預計明年年中推出試點"
        )
        await pilot.press("escape", "c")
        await pilot.pause()
        assert_shows(app, size, "cleared", "6 of 6 events", "錢包互聯", "預計推出試點")


async def test_narrow_terminal_toggles_the_detail_pane_under_the_list() -> None:
    app = mini_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = timeline_screen(app)
        detail = screen.query_one(EventDetail)
        timeline = screen.query_one(TimelineList)
        assert not detail.display
        await pilot.press("i")
        assert detail.display
        assert detail.region.y >= timeline.region.bottom
        assert detail.region.width == timeline.region.width
        assert "Wallets linked" in screen_text(app)
        await pilot.press("i")
        assert not detail.display


async def test_wide_terminal_hides_the_detail_pane_on_request() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = timeline_screen(app)
        detail = screen.query_one(EventDetail)
        assert detail.display
        await pilot.press("i")
        assert not detail.display
        assert screen.query_one(TimelineList).region.width == 120


async def test_resizing_moves_between_layouts_and_keeps_state() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = timeline_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "pilot")
        await pilot.press("enter", "j")
        assert current_id(app) == "pilot-mid-2026"
        for width, height in [(60, 20), (40, 12), (250, 70), (99, 30), (100, 30), (120, 40)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert screen.has_class("-narrow") is (width < 100)
            assert current_id(app) == "pilot-mid-2026"
            assert screen.filters.query == "pilot"
            timeline = screen.query_one(TimelineList)
            row = timeline.cursor_row
            top = round(timeline.scroll_y)
            assert top <= row < top + timeline.scrollable_content_region.height


async def test_list_rows_fill_the_width_after_a_resize() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("l")
        for width in (250, 41, 73, 120):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            timeline = timeline_screen(app).query_one(TimelineList)
            expected = timeline.scrollable_content_region.width
            for y in range(8):
                assert timeline.render_line(y).cell_length == expected


async def test_article_rewraps_on_resize_and_keeps_the_passage_in_view() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("G", "enter")
        assert isinstance(app.screen, SourceScreen)
        view = app.screen.query_one(ArticleView)
        for width, height in [(40, 12), (60, 20), (250, 70), (41, 12)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert view.current is not None
            width_cells = view.scrollable_content_region.width
            for y in range(view.scrollable_content_region.height):
                assert view.render_line(y).cell_length == width_cells
            first = view.line_of(view.current.start)
            top = round(view.scroll_y)
            assert top <= first < top + max(1, view.scrollable_content_region.height)
        assert "金管局預計" in screen_text(app)


async def test_the_detail_pane_chosen_with_i_stays_as_chosen_at_other_widths() -> None:
    # `i` says "show it" or "hide it", not "the other way from this width's default": shown
    # at 80 columns, it stays shown at 120; hidden at 120, it stays hidden at 80 (a first-time
    # user saw the choice undone by widening the terminal).
    app = mini_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = timeline_screen(app)
        detail = screen.query_one(EventDetail)
        assert not detail.display
        await pilot.press("i")
        assert detail.display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert detail.display
        await pilot.press("i")
        assert not detail.display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not detail.display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not detail.display
