"""A curation write and a reload show on every screen that shows the corpus.

The app announces a new corpus through its `corpus_revision` reactive; the timeline's list and
detail pane and an open article's highlights and detail pane each follow it.
"""

from __future__ import annotations

from pathlib import Path

from tui_helpers import screen_text, timeline_screen, visible_ids, widget_text

from tui.app import create_app
from tui.screens.source import SourceScreen
from tui.widgets.detail import EventDetail

SIZE = (160, 50)


async def test_a_write_and_a_reload_update_the_article_the_list_and_the_details(
    mini: tuple[Path, Path],
) -> None:
    events_path, seeds_dir = mini
    app = create_app(events_path, seeds_dir, use_cache=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the wallet-link passage of the hk article
        await pilot.pause()
        source = app.screen
        assert isinstance(source, SourceScreen)
        assert "passage 2 of 4" in screen_text(app)
        assert "Wallets linked" in widget_text(source.query_one(EventDetail))

        # A write: delete the event of the passage shown.
        await pilot.press("D", "y")
        await pilot.pause()
        assert app.screen is source
        assert "of 3" in screen_text(app)
        assert "Wallets linked" not in widget_text(source.query_one(EventDetail))

        # A reload: another editor renamed two events.
        text = events_path.read_text(encoding="utf-8")
        text = text.replace("HKMA announces measures", "HKMA measures renamed")
        events_path.write_text(text.replace("Tokenised deposits", "Deposits on chain"), "utf-8")
        app.reload()
        await pilot.pause()
        assert app.screen is source
        shown = widget_text(source.query_one(EventDetail))
        assert "HKMA measures renamed" in shown

        await pilot.press("escape")
        await pilot.pause()
        timeline = timeline_screen(app)
        assert app.screen is timeline
        assert "wallet-link" not in visible_ids(app)
        listed = screen_text(app)
        assert "HKMA measures renamed" in listed and "Deposits on chain" in listed
        assert "Wallets linked" not in listed
        assert "Deposits on chain" in widget_text(timeline.query_one(EventDetail))
