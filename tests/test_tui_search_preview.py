"""A big corpus's slow search: the rows around the cursor first, the rest from a worker."""

from __future__ import annotations

import pytest
from tui_helpers import current_id, mini_app, screen_text, type_text, visible_ids

from tui.core import query
from tui.core.query import Filters, TimelineIndex
from tui.screens import timeline as timeline_module
from tui.widgets.timeline_list import TimelineList


async def test_a_previewed_search_ends_with_the_full_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The fixture has six events; treat it as big so that the preview path runs.
    monkeypatch.setattr(timeline_module, "PREVIEW_EVENTS", 0)
    monkeypatch.setattr(query, "PREVIEW_POOL", 0)
    # Six events are scanned whole at once (see the next test): test them one by one here.
    monkeypatch.setattr(query, "_NAMED_SCAN", -1)
    previews: list[list[int] | None] = []
    real_preview = TimelineIndex.preview

    def spy(self: TimelineIndex, filters: Filters, anchor: int, count: int) -> list[int] | None:
        found = real_preview(self, filters, anchor, count)
        previews.append(found)
        return found

    monkeypatch.setattr(TimelineIndex, "preview", spy)
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("j", "j")
        kept = current_id(app)
        await pilot.press("slash")
        await type_text(pilot, "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert previews and previews[-1] is not None, "the search was previewed"
        expected = [app.corpus.events[p].id for p in app.index.compute(Filters(query="e")) or []]
        assert visible_ids(app) == expected
        assert kept in expected and current_id(app) == kept
        timeline = app.screen.query_one(TimelineList)
        assert timeline.rows.complete
        assert f"{len(expected)} of 6 events" in screen_text(app)
        assert "searching" not in screen_text(app)


async def test_a_scan_that_finds_every_match_needs_no_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(timeline_module, "PREVIEW_EVENTS", 0)
    monkeypatch.setattr(query, "PREVIEW_POOL", 0)
    workers: list[Filters] = []
    real_complete = timeline_module.TimelineScreen._complete_search

    def spy(self: timeline_module.TimelineScreen, filters: Filters) -> object:
        workers.append(filters)
        return real_complete(self, filters)

    monkeypatch.setattr(timeline_module.TimelineScreen, "_complete_search", spy)
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash")
        await type_text(pilot, "e")
        await pilot.pause()
        expected = [app.corpus.events[p].id for p in app.index.compute(Filters(query="e")) or []]
        assert expected and visible_ids(app) == expected
        assert app.screen.query_one(TimelineList).rows.complete
        assert f"{len(expected)} of 6 events" in screen_text(app)
        assert workers == [], "the scan reached both ends: the whole result was at hand"


async def test_a_stale_search_result_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline_module, "PREVIEW_EVENTS", 0)
    app = mini_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, timeline_module.TimelineScreen)
        # A result for a query the user has typed past arrives late: nothing changes.
        before = visible_ids(app)
        screen.post_message(screen.SearchDone(Filters(query="zzz-not-current"), []))
        await pilot.pause()
        assert visible_ids(app) == before
        assert "6 of 6 events" in screen_text(app)
