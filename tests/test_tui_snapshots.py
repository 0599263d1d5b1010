"""Snapshot tests of the main views on the fixture corpus (review the SVGs before accepting)."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from tui_helpers import mini_app

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
