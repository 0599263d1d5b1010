"""Pilot tests of the timeline app on the real corpus (events.toml + seeds/)."""

from __future__ import annotations

import pytest
from tui_helpers import (
    REAL_EVENTS,
    REAL_SEEDS,
    current_id,
    screen_text,
    timeline_screen,
    type_text,
    visible_ids,
    widget_text,
)

from tui.app import TimelineApp, create_app
from tui.core.article_text import passage_index, passages_in
from tui.core.text_fitting import clean_article
from tui.screens.picker import PickerList
from tui.screens.quotes import QuoteChooserScreen
from tui.screens.source import SourceScreen
from tui.widgets.article import ArticleView
from tui.widgets.timeline_list import TimelineList

pytestmark = pytest.mark.skipif(not REAL_EVENTS.is_file(), reason="real corpus not curated yet")

SIZE = (140, 40)
HSBC_SPELLINGS = ("匯豐", "滙豐", "汇丰")


def real_app() -> TimelineApp:
    return create_app(REAL_EVENTS, REAL_SEEDS)


def _current_passage(app: TimelineApp) -> str:
    """The highlighted passage as drawn, without white space (wrapping drops a break's space)."""
    return _squeeze(app.screen.query_one(ArticleView).current_text())


def _squeeze(text: str) -> str:
    return "".join(text.split())


async def test_real_corpus_opens_with_every_event() -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        total = len(app.corpus.events)
        assert total > 0
        assert f"{total} of {total} events" in screen_text(app)
        assert len(visible_ids(app)) == total


async def test_search_hsbc_in_simplified_finds_the_traditional_quotes() -> None:
    app = real_app()
    quoting = [
        event.id
        for event in app.corpus.events
        if any(spelling in quote.text for quote in event.quotes for spelling in HSBC_SPELLINGS)
    ]
    assert quoting, "the corpus quotes 匯豐 somewhere"
    # An event also matches through its title, its summary or its actor's name (滙豐).
    naming = [
        event.id
        for event in app.corpus.events
        if event.id in quoting
        or "hsbc" in event.actors
        or any(
            spelling in text
            for spelling in HSBC_SPELLINGS
            for text in (event.title.zh, event.summary.zh if event.summary else "")
        )
    ]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "汇丰")
        await pilot.press("enter")
        assert visible_ids(app) == naming
        assert set(quoting) <= set(naming)
        await pilot.pause()
        while current_id(app) not in quoting:
            await pilot.press("down")
        selected = current_id(app)
        assert selected == quoting[0]
        event = app.corpus.event(quoting[0])
        assert event is not None
        quote = next(
            q for q in event.quotes if any(spelling in q.text for spelling in HSBC_SPELLINGS)
        )

        await pilot.press("enter")
        if len(event.quotes) > 1:
            # Several quotes: the chooser asks which; its digit opens that one's article.
            await pilot.pause()
            assert isinstance(app.screen, QuoteChooserScreen)
            await pilot.press(str(event.quotes.index(quote) + 1))
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.source_id == quote.source
        assert _current_passage(app) == _squeeze(clean_article(quote.text))
        shown = widget_text(app.screen.query_one(ArticleView)).replace("\n", "")
        assert clean_article(quote.text)[:12] in shown

        await pilot.press("escape")
        assert not isinstance(app.screen, SourceScreen)
        assert current_id(app) == selected
        assert visible_ids(app) == naming
        assert timeline_screen(app).filters.query == "汇丰"


def test_every_quote_is_a_passage_of_its_article() -> None:
    corpus = real_app().corpus
    for position, event in enumerate(corpus.events):
        for quote in event.quotes:
            passages = passages_in(corpus.events, quote.source)
            passage = passages[passage_index(passages, position, quote.start)]
            assert passage.position == position, event.id
            text = clean_article(corpus.sources[quote.source].text)
            assert text[passage.start : passage.end] == clean_article(quote.text), event.id


async def test_events_open_their_article_at_their_own_passage() -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline_screen(app)
        # One event per article is enough here; every quote is checked without screens above.
        first_of_source: dict[str, int] = {}
        for position, event in enumerate(app.corpus.events):
            first_of_source.setdefault(event.quotes[0].source, position)
        for source_id, position in first_of_source.items():
            event = app.corpus.events[position]
            screen.open_event(position)
            await pilot.pause()
            assert isinstance(app.screen, SourceScreen)
            assert app.screen.source_id == source_id
            assert _current_passage(app) == _squeeze(clean_article(event.quotes[0].text)), event.id
            await pilot.press("escape")


async def test_n_walks_every_passage_of_an_article_in_text_order() -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        if isinstance(app.screen, QuoteChooserScreen):  # the first event quotes two articles
            await pilot.press("1")
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        starts = []
        for _ in range(len(screen.passages)):
            view = screen.query_one(ArticleView)
            assert view.current is not None
            starts.append(view.current.start)
            await pilot.press("n")
        first = starts.index(min(starts))
        assert starts[first:] + starts[:first] == sorted(starts)
        assert len(set(starts)) > 1


async def test_script_cycle_keeps_passages_highlighted_in_every_article() -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline_screen(app)
        for source_id in app.corpus.sources:
            screen.open_source(source_id)
            await pilot.pause()
            source_screen = app.screen
            assert isinstance(source_screen, SourceScreen)
            if not source_screen.passages:
                await pilot.press("escape")
                continue
            original = _current_passage(app)
            await pilot.press("s", "s")
            assert app.script == "hans"
            simplified = app.converter.convert(original, "hans")
            assert _current_passage(app) == simplified
            await pilot.press("s")
            assert _current_passage(app) == original
            await pilot.press("escape")


async def test_actor_picker_with_children_on_the_real_hierarchy() -> None:
    app = real_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "螞蟻集團")
        options = app.screen.query_one(PickerList)
        values = [options.get_option_at_index(i).value for i in range(options.option_count)]
        assert "ant-group" in values
        options.highlighted = values.index("ant-group")
        options.focus()
        await pilot.press("space", "ctrl+o", "enter")
        family = app.index.descendants("ant-group")
        assert len(family) > 1
        expected = [event.id for event in app.corpus.events if family & set(event.actors)]
        assert visible_ids(app) == expected


async def test_chinese_titles_fit_their_rows() -> None:
    app = real_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        timeline = timeline_screen(app).query_one(TimelineList)
        width = timeline.scrollable_content_region.width
        for y in range(timeline.scrollable_content_region.height):
            assert timeline.render_line(y).cell_length == width
