"""Adding a quote to an existing event from the article view: select sentences, `A`, confirm."""

from __future__ import annotations

import difflib
from pathlib import Path

from tui_helpers import notices, palette_searched, screen_text, type_text, visible_ids

from tui.app import TimelineApp, create_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.quotes import QuoteChooserScreen
from tui.screens.source import SourceScreen
from tui.widgets.article import ArticleView

SIZE = (160, 50)
WALLET_QUOTE = "2019年7月，AlipayHK與內地支付寶實現互聯互通"
DEPOSITS_SENTENCE = "今年5月，匯豐與螞蟻國際推出代幣化存款服務。"


def app_on(mini: tuple[Path, Path]) -> TimelineApp:
    """The app on a writable copy of the fixture corpus (never the real files)."""
    events_path, seeds_dir = mini
    return create_app(events_path, seeds_dir, use_cache=False)



async def open_wallet_article(app: TimelineApp, pilot: object) -> SourceScreen:
    """Open the hk article at the wallet-link passage and select the sentence after it."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("enter")  # the wallet-link passage in the hk article
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SourceScreen)
    assert screen.current is not None
    assert app.corpus.events[screen.passages[screen.current].position].id == "wallet-link"
    await pilot.press("full_stop", "full_stop")
    await pilot.pause()
    assert screen.query_one(ArticleView).selected_text() == DEPOSITS_SENTENCE
    return screen


async def test_a_adds_the_selection_to_the_passage_event_and_u_undoes_it(
    mini: tuple[Path, Path],
) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await open_wallet_article(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Add this passage to event wallet-link? (u undoes it)" in screen_text(app)
        assert "“" in screen_text(app)  # the passage itself, quoted in the question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert "Quote added to event wallet-link. u undoes." in notices(app)

        old = before.decode("utf-8").splitlines()
        new = events_path.read_text(encoding="utf-8").splitlines()
        changed = [
            line
            for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert changed == [
            f'-sources = [{{ source = "hk", quote = "{WALLET_QUOTE}" }}]',
            "+sources = [",
            f'+  {{ source = "hk", quote = "{WALLET_QUOTE}" }},',
            f'+  {{ source = "hk", quote = "{DEPOSITS_SENTENCE}" }},',
            "+]",
        ]
        event = app.corpus.event("wallet-link")
        assert event is not None
        assert [quote.text for quote in event.quotes] == [WALLET_QUOTE, DEPOSITS_SENTENCE]

        await pilot.press("u")
        await pilot.pause()
        assert events_path.read_bytes() == before
        event = app.corpus.event("wallet-link")
        assert event is not None and len(event.quotes) == 1


async def test_the_added_quote_is_shown_with_the_event(mini: tuple[Path, Path]) -> None:
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await open_wallet_article(app, pilot)
        await pilot.press("A", "y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "Wallets linked")
        await pilot.press("enter")
        await pilot.pause()
        assert visible_ids(app) == ["wallet-link"]
        await pilot.press("enter")  # an event with two quotes asks which
        await pilot.pause()
        assert isinstance(app.screen, QuoteChooserScreen)
        text = screen_text(app)
        assert WALLET_QUOTE in text and DEPOSITS_SENTENCE in text


async def test_declining_writes_nothing(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await open_wallet_article(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert events_path.read_bytes() == before


async def test_a_without_a_selection_is_refused(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert any(message.startswith("Select a passage first") for message in notices(app))
        assert events_path.read_bytes() == before


async def test_a_outside_any_event_passage_is_refused(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    (seeds_dir / "other.txt").write_text("An article no event quotes yet.\n", encoding="utf-8")
    text = events_path.read_text(encoding="utf-8")
    other = (
        '[sources.other]\nfile = "other.txt"\ntitle = "Unquoted article"\n'
        'publisher = "Test Daily"\npublished = 2025-11-01\nlanguage = "en"\n\n'
    )
    events_path.write_text(text.replace("[actors.hkma]", other + "[actors.hkma]"), "utf-8")
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "open source unquoted")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SourceScreen) and screen.source_id == "other"
        assert screen.current is None
        await pilot.press("full_stop")
        await pilot.pause()
        assert screen.selection is not None
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert "No quoted passage here: n / p move to one." in notices(app)
        assert events_path.read_bytes() == before


async def test_a_on_a_quote_the_event_already_has_is_refused(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "Joint pilot")
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        await pilot.press("full_stop")
        await pilot.pause()
        selected = screen.query_one(ArticleView).selected_text()
        assert selected == "In October, Ant International joined HSBC in a pilot."
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert "That passage is already a quote of event october-pilot." in notices(app)
        assert events_path.read_bytes() == before
