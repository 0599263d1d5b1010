"""Pilot tests of curating in the terminal: draft from a sentence, edit, delete, undo, refuse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, RadioSet, SelectionList, Static
from tui_helpers import (
    current_id,
    notices,
    screen_text,
    type_text,
    visible_ids,
    wait_for_text,
)

from tui.app import TimelineApp, create_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.event_form import EventFormScreen, field_of
from tui.screens.source import SourceScreen
from tui.screens.uncovered import UncoveredScreen
from tui.widgets.article import ArticleView

SIZE = (160, 50)
WALLET_SENTENCE = "2019年7月，AlipayHK與內地支付寶實現互聯互通。"


def app_on(mini: tuple[Path, Path]) -> TimelineApp:
    """The app on a writable copy of the fixture corpus (never the real files)."""
    events_path, seeds_dir = mini
    return create_app(events_path, seeds_dir, use_cache=False)



def form(app: TimelineApp) -> EventFormScreen:
    assert isinstance(app.screen, EventFormScreen)
    return app.screen


def form_error(app: TimelineApp) -> str:
    return str(form(app).query_one("#form-error", Static).render())


async def open_form_on_wallet_sentence(app: TimelineApp, pilot: object) -> EventFormScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("enter")  # the wallet-link passage in the hk article
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    await pilot.press("full_stop")
    await pilot.pause()
    view = app.screen.query_one(ArticleView)
    assert view.selected_text() == WALLET_SENTENCE
    await pilot.press("N")
    await pilot.pause()
    return form(app)


async def test_draft_from_a_sentence_is_prefilled_and_saved(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form_on_wallet_sentence(app, pilot)
        assert screen.quote_text == WALLET_SENTENCE
        dates = screen.query_one("#date-choice", RadioSet)
        assert dates.pressed_index == 0
        assert "2019-07" in screen_text(app) and "'2019年7月'" in screen_text(app)
        assert screen.query_one("#actors", SelectionList).selected == ["alipayhk"]
        assert screen.query_one("#themes", SelectionList).selected == ["payments"]
        status = screen.query_one("#status", RadioSet)
        assert status.pressed_index == 0  # happened: 2019 is before the article
        await type_text(pilot, "Interconnect widened")
        assert screen.query_one("#event-id", Input).value == "interconnect-widened"
        screen.query_one("#title-zh", Input).focus()
        await type_text(pilot, "互聯擴大")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen)
        text = events_path.read_text(encoding="utf-8")
        assert 'id = "interconnect-widened"' in text
        assert 'date_text = "2019年7月"' in text
        event = app.corpus.event("interconnect-widened")
        assert event is not None and event.date.value == "2019-07"
        assert event.quotes[0].text == WALLET_SENTENCE
        await pilot.press("escape")
        await pilot.pause()
        assert "interconnect-widened" in visible_ids(app)
        assert current_id(app) == "interconnect-widened"


async def test_a_planned_date_guesses_planned(mini: tuple[Path, Path]) -> None:
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        source = app.screen
        assert isinstance(source, SourceScreen)
        last = len(source.sentence_spans) - 1
        source.select_sentences(last, last)  # 金管局預計明年年中推出試點。
        await pilot.press("N")
        await pilot.pause()
        screen = form(app)
        assert screen.candidates[0].value == "2026"
        assert screen.query_one("#status", RadioSet).pressed_index == 1
        assert screen.query_one("#actors", SelectionList).selected == ["hkma"]


async def test_invalid_input_is_shown_and_nothing_written(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form_on_wallet_sentence(app, pilot)
        screen.query_one("#title-zh", Input).value = "互聯"
        await pilot.press("ctrl+s")  # no English title
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "Title (English) is empty" in form_error(app)
        assert events_path.read_bytes() == before
        screen.query_one("#title-en", Input).value = "Again"
        await pilot.pause()
        assert screen.query_one("#event-id", Input).value == "again"
        screen.query_one("#event-id", Input).focus()
        await pilot.pause()
        screen.query_one("#event-id", Input).value = "wallet-link"  # taken, typed by hand
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "duplicate id" in form_error(app)
        assert events_path.read_bytes() == before
        screen.query_one("#date-choice", RadioSet).query("RadioButton").last().value = True
        screen.query_one("#date-other", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a date" in form_error(app)
        assert events_path.read_bytes() == before


async def test_edit_changes_only_that_event(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    before = events_path.read_text(encoding="utf-8")
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")  # wallet-link, under the cursor
        await pilot.pause()
        screen = form(app)
        title = screen.query_one("#title-en", Input)
        assert title.value == "Wallets linked"
        assert screen.query_one("#date-choice", RadioSet).pressed_index == 0
        title.value = "Wallets linked up"
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = events_path.read_text(encoding="utf-8")
        assert after == before.replace(
            'title = { en = "Wallets linked", zh = "錢包互聯" }',
            'title = { en = "Wallets linked up", zh = "錢包互聯" }',
        )
        event = app.corpus.event("wallet-link")
        assert event is not None and event.title.en == "Wallets linked up"
        assert current_id(app) == "wallet-link"
        assert "Wallets linked up" in screen_text(app)


async def test_delete_asks_first_and_undo_restores_the_file(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo." in notices(app)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert events_path.read_bytes() == before
        assert "wallet-link" in visible_ids(app)
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "wallet-link" not in events_path.read_text(encoding="utf-8")
        assert "wallet-link" not in visible_ids(app)
        assert current_id(app) == "tokenised-deposits"
        await pilot.press("u")
        await pilot.pause()
        assert events_path.read_bytes() == before
        assert "wallet-link" in visible_ids(app)
        assert "Undone: deleted event 'wallet-link' is back." in notices(app)


async def test_delete_from_the_source_screen(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")  # hk article, the second passage
        await pilot.pause()
        source = app.screen
        assert isinstance(source, SourceScreen)
        await pilot.press("D", "y")
        await pilot.pause()
        assert app.screen is source
        assert len(source.passages) == 3
        assert "2019年7月，AlipayHK" in events_path.read_text(encoding="utf-8")


async def test_a_change_on_disk_is_refused_then_reload_and_save(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        someone_else = events_path.read_text(encoding="utf-8") + "\n# edited elsewhere\n"
        events_path.write_text(someone_else, encoding="utf-8")
        screen = await open_form_on_wallet_sentence(app, pilot)
        screen.query_one("#title-en", Input).value = "After reload"
        screen.query_one("#title-zh", Input).value = "重新載入後"
        screen.query_one("#event-id", Input).value = "after-reload"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "changed on disk" in form_error(app)
        assert events_path.read_text(encoding="utf-8") == someone_else
        assert screen.has_class("-stale")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Reloaded" in form_error(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen)
        text = events_path.read_text(encoding="utf-8")
        assert text.startswith(someone_else)
        assert 'id = "after-reload"' in text


async def test_a_change_on_disk_before_a_delete_offers_a_reload(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        someone_else = events_path.read_text(encoding="utf-8") + "\n# edited elsewhere\n"
        events_path.write_text(someone_else, encoding="utf-8")
        await pilot.press("D", "y")
        await pilot.pause()
        assert events_path.read_text(encoding="utf-8") == someone_else
        assert isinstance(app.screen, ConfirmScreen)  # reload?
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("D", "y")
        await pilot.pause()
        text = events_path.read_text(encoding="utf-8")
        assert "wallet-link" not in text and "# edited elsewhere" in text


async def test_uncovered_view_lists_a_mention_and_jumps_to_it(mini: tuple[Path, Path]) -> None:
    _, seeds_dir = mini
    article = seeds_dir / "en.txt"
    article.write_text(
        article.read_text(encoding="utf-8") + "The HKMA will report on 3 December.\n",
        encoding="utf-8",
    )
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "k", "enter")  # sandbox-2026, in the en article
        await pilot.pause()
        source = app.screen
        assert isinstance(source, SourceScreen)
        assert source.source_id == "en"
        await pilot.press("U")
        await pilot.pause()
        assert isinstance(app.screen, UncoveredScreen)
        assert [mention.text for mention in app.screen.mentions] == ["3 December"]
        assert "2025-12-03" in screen_text(app)
        app.screen.query_one(OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is source
        view = source.query_one(ArticleView)
        assert view.selected_text() == "The HKMA will report on 3 December."


async def test_click_selects_a_sentence_and_shift_down_extends(mini: tuple[Path, Path]) -> None:
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        source = app.screen
        assert isinstance(source, SourceScreen)
        view = source.query_one(ArticleView)
        await pilot.click(view, offset=(3, 2))  # on the third line, 今年5月…
        await pilot.pause()
        assert view.selected_text() == "今年5月，匯豐與螞蟻國際推出代幣化存款服務。"
        await pilot.press("shift+down")
        await pilot.pause()
        assert view.selected_text() == (
            "今年5月，匯豐與螞蟻國際推出代幣化存款服務。金管局預計明年年中推出試點。"
        )
        await pilot.press("comma", "comma")
        await pilot.pause()
        assert view.selected_text() == WALLET_SENTENCE


async def test_the_form_offers_an_interval_and_the_points_inside_it(tmp_path: Path) -> None:
    import shutil

    spans = Path(__file__).parent / "data" / "spans"
    shutil.copytree(spans, tmp_path / "spans")
    events_path = tmp_path / "spans" / "events.toml"
    app = create_app(events_path, tmp_path / "spans" / "seeds", use_cache=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first event's article: the zh-Hans one
        await pilot.pause()
        source = app.screen
        assert isinstance(source, SourceScreen)
        article = app.corpus.sources[source.source_id].text
        wanted = article.index("从2025年到2028年")
        index = next(
            number
            for number, (start, end) in enumerate(source.sentence_spans)
            if start <= wanted < end
        )
        source.select_sentences(index, index)
        await pilot.press("N")
        await pilot.pause()
        screen = form(app)
        assert [(m.value, m.text) for m in screen.candidates] == [
            ("2025/2028", "从2025年到2028年"), ("2025", "2025年"), ("2028", "2028年")]  # fmt: skip
        assert "2025/2028  2025–2028  ←  '从2025年到2028年'" in screen_text(app)
        assert screen.query_one("#date-choice", RadioSet).pressed_index == 0
        await type_text(pilot, "Talent money over four years")
        screen.query_one("#title-zh", Input).focus()
        await type_text(pilot, "四年人才資金")
        screen.query_one("#actors", SelectionList).select("hksar-government")
        screen.query_one("#themes", SelectionList).select("statistics")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen)
        text = events_path.read_text(encoding="utf-8")
        added = text[text.index('id = "talent-money-over-four-years"') :]
        assert 'date = "2025/2028"' in added and 'date_text = "从2025年到2028年"' in added
        event = app.corpus.event("talent-money-over-four-years")
        assert event is not None and (event.date.first, event.date.last) == (
            date(2025, 1, 1), date(2028, 12, 31))  # fmt: skip


async def test_the_status_choice_shows_and_can_be_changed(mini: tuple[Path, Path]) -> None:
    events_path, _ = mini
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form_on_wallet_sentence(app, pilot)
        status = screen.query_one("#status", RadioSet)
        assert status.region.height >= 2  # both choices, not one squashed row
        status.scroll_visible(animate=False)
        await pilot.pause()
        shown = screen_text(app)
        assert "happened" in shown and "planned" in shown
        status.focus()
        await pilot.press("down", "enter")
        assert status.pressed_index == 1
        screen.query_one("#title-en", Input).value = "Link planned"
        screen.query_one("#title-zh", Input).value = "計劃互聯"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen)
        assert 'status = "planned"' in events_path.read_text(encoding="utf-8")


async def test_a_missing_theme_is_said_beside_save_and_its_list_comes_into_view(
    mini: tuple[Path, Path],
) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    app = app_on(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form_on_wallet_sentence(app, pilot)
        themes = screen.query_one("#themes", SelectionList)
        themes.deselect_all()
        screen.query_one("#title-en", Input).value = "Link"
        screen.query_one("#title-zh", Input).value = "互聯"
        await pilot.press("ctrl+s")
        # The list is scrolled into view after it takes the focus: wait for that frame.
        assert await wait_for_text(pilot, app, "Payments")
        shown = screen_text(app)
        assert "Themes: tick at least one (space ticks)" in shown
        assert "Save" in shown and "'themes' is empty" not in shown
        assert themes.has_focus and "Payments" in shown
        assert events_path.read_bytes() == before


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("Title (English) is empty; type one", "#title-en"),
        ("Themes: tick at least one (space ticks)", "#themes"),
        ("new event 'x': 'actors' is empty; name at least one", "#actors"),
        ("new event 'x': duplicate id (also at line 3)", "#event-id"),
        ("Date: 'soon' is not a date (try 2025-05)", "#date-other"),
        ("the file changed on disk", None),
        ("event 'x' is no longer in the events file as it now loads", None),
    ],
)
def test_an_error_names_the_field_it_is_about(message: str, field: str | None) -> None:
    assert field_of(message) == field


async def test_an_edited_title_is_found_by_search_and_the_old_one_is_not(
    mini: tuple[Path, Path],
) -> None:
    app = app_on(mini)
    async with app.run_test(size=SIZE) as pilot:
        app.index  # noqa: B018 - built, so the edit updates it rather than building it anew
        await pilot.press("e")  # wallet-link, under the cursor
        await pilot.pause()
        form(app).query_one("#title-en", Input).value = "Wallets joined by 滙豐"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "汇丰")
        assert "wallet-link" in visible_ids(app)
        assert "Wallets joined by 滙豐" in screen_text(app)
        await pilot.press("escape", "slash")
        await type_text(pilot, "wallets linked")
        assert visible_ids(app) == []
