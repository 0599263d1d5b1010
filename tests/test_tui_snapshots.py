"""Snapshot tests of the main views on the fixture corpus (review the SVGs before accepting)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from textual.pilot import Pilot
from tui_helpers import REAL_EVENTS, REAL_SEEDS, mini_app, timeline_screen

from tui.app import create_app

SnapCompare = Callable[..., bool]


def test_timeline_view(snap_compare: SnapCompare) -> None:
    assert snap_compare(mini_app(), terminal_size=(120, 30))


def test_wide_timeline_with_the_actors_column(snap_compare: SnapCompare) -> None:
    # From a list of 72 cells on, each row names its actors.
    assert snap_compare(mini_app(), terminal_size=(140, 30))


def test_detail_of_a_planned_event(snap_compare: SnapCompare) -> None:
    assert snap_compare(mini_app(), terminal_size=(120, 30), press=["G", "k"])


def test_timeline_in_chinese_simplified(snap_compare: SnapCompare) -> None:
    assert snap_compare(mini_app(), terminal_size=(120, 30), press=["l", "s", "s"])


def test_narrow_timeline_with_detail_below(snap_compare: SnapCompare) -> None:
    assert snap_compare(mini_app(), terminal_size=(60, 20), press=["j", "i"])


def test_source_view(snap_compare: SnapCompare) -> None:
    assert snap_compare(mini_app(), terminal_size=(120, 30), press=["j", "enter"])


def test_actor_picker(snap_compare: SnapCompare) -> None:
    async def narrow_and_choose(pilot: Pilot[None]) -> None:
        await pilot.press("a", "a", "n", "t", "down", "space")
        await pilot.pause()

    assert snap_compare(mini_app(), terminal_size=(120, 30), run_before=narrow_and_choose)


def test_date_dialog_with_an_error(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        mini_app(), terminal_size=(100, 24), press=["d", "s", "o", "o", "n", "enter"]
    )


def _lanes_of_the_bundled_corpus(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Open the lanes view (today fixed, for its mark) and press `keys`."""

    async def run_before(pilot: Pilot[None]) -> None:
        timeline_screen(pilot.app).today = lambda: date(2026, 12, 6)  # type: ignore[arg-type]
        await pilot.press("v", *keys)
        await pilot.pause()

    return run_before


def test_lanes_view_at_80x24(snap_compare: SnapCompare) -> None:
    # Labels shortened, the detail pane hidden (i shows it under the lanes).
    app = create_app(REAL_EVENTS, REAL_SEEDS)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_lanes_of_the_bundled_corpus())


def test_lanes_view_at_160x45_zoomed_to_the_year(snap_compare: SnapCompare) -> None:
    # The cursor on 28 Oct 2024, zoomed in twice: bars, open ends and stacked marks.
    app = create_app(REAL_EVENTS, REAL_SEEDS)
    assert snap_compare(
        app,
        terminal_size=(160, 45),
        run_before=_lanes_of_the_bundled_corpus("right_square_bracket", "plus", "plus"),
    )
