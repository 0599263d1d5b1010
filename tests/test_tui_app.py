"""Pilot tests of the timeline app on the fixture corpus: every key and flow of issue #4."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, Static
from tui_helpers import (
    MINI_EVENTS,
    MINI_SEEDS,
    current_id,
    hold_still,
    mini_app,
    palette_searched,
    screen_text,
    timeline_screen,
    type_text,
    visible_ids,
    wait_for_text,
    widget_text,
)

from tui.app import TimelineApp, create_app
from tui.core.dates import sort_key
from tui.core.errors import TimelineError
from tui.core.loader import LoadResult
from tui.core.model import Corpus
from tui.core.scripts import opencc_converter
from tui.screens import timeline as timeline_module
from tui.screens.dates import DateRangeScreen
from tui.screens.help import HelpScreen
from tui.screens.picker import PickerList, PickerScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.source import SourceScreen
from tui.widgets.article import ArticleView
from tui.widgets.detail import EventDetail
from tui.widgets.histogram import YearHistogram
from tui.widgets.timeline_list import TimelineList

ALL = [
    "wallet-link",
    "tokenised-deposits",
    "october-pilot",
    "hkma-measures",
    "sandbox-2026",
    "pilot-mid-2026",
]
SIZE = (160, 40)


# -- the factory ---------------------------------------------------------------------


def test_create_app_loads_the_corpus() -> None:
    app = mini_app()
    assert [event.id for event in app.corpus.events] == ALL
    assert app.result.problems == ()


def test_create_app_raises_on_a_fatal_problem(tmp_path: Path) -> None:
    broken = tmp_path / "events.toml"
    broken.write_text("schema = [", encoding="utf-8")
    with pytest.raises(TimelineError) as raised:
        create_app(broken, MINI_SEEDS)
    assert str(raised.value).startswith(f"{broken}:1:")


# -- the timeline screen -------------------------------------------------------------


async def test_first_paint_shows_every_event_under_year_headings() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert visible_ids(app) == ALL
        assert current_id(app) == "wallet-link"
        text = screen_text(app)
        assert "6 of 6 events" in text
        list_text = widget_text(timeline_screen(app).query_one(TimelineList))
        lines = list_text.splitlines()
        assert lines[0].startswith("─ 2019 ")
        assert lines[1].split()[:4] == ["Jul", "2019", "Wallets", "linked"]
        assert lines[2].startswith("─ 2025 ")
        assert "3 events" in lines[2]
        assert " 6 Nov 2025 " in list_text
        assert "early 2026" in list_text
        assert "mid 2026" in list_text


async def test_planned_events_are_marked() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = widget_text(timeline_screen(app).query_one(TimelineList)).splitlines()
        marked = [line for line in lines if "◇" in line]
        assert len(marked) == 2
        assert all("2026" in line for line in marked)


async def test_markup_in_data_is_shown_literally() -> None:
    app = mini_app()
    async with app.run_test(size=(250, 40)) as pilot:
        await pilot.press("G", "k")
        await hold_still(pilot)
        text = screen_text(app)
        assert "Tokenised deposits [bold]live[/bold]" in text
        assert "Sandbox [link=http://x]opens[/link]" in text
        detail = widget_text(timeline_screen(app).query_one(EventDetail))
        assert "[link=http://x]sandbox[/link]" in detail
        assert "Pilot [bold]news[/bold]" in detail


async def test_detail_shows_titles_date_why_status_names_and_quotes() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await hold_still(pilot)
        detail = widget_text(timeline_screen(app).query_one(EventDetail))
        assert "Tokenised deposits [bold]live[/bold]" in detail
        assert "代幣化存款推出" in detail
        assert "2025-05" in detail
        assert "“今年5月”" in detail
        assert "2025-11-06" in detail  # the article's date the words resolve against
        assert "happened" in detail
        assert "HSBC" in detail and "Ant International" in detail
        assert "Tokenisation" in detail
        assert "HSBC and Ant International." in detail
        assert "今年5月，匯豐與螞蟻國際推出代幣化存款服務" in detail
        assert "金管局新措施 · Test Daily · 6 Nov 2025" in detail


CURSOR_WALK = [
    # (keys, where the cursor is after them), each step from where the one before left it.
    (["down"], "tokenised-deposits"),
    (["j"], "october-pilot"),
    (["k"], "tokenised-deposits"),
    (["up"], "wallet-link"),
    (["up"], "wallet-link"),  # the first event: up stays
    (["end"], "pilot-mid-2026"),
    (["home"], "wallet-link"),
    (["G"], "pilot-mid-2026"),
    (["j"], "pilot-mid-2026"),  # the last event: down stays
    (["g"], "wallet-link"),
    (["right_square_bracket"], "tokenised-deposits"),
    (["right_square_bracket"], "sandbox-2026"),
    (["G", "left_square_bracket"], "tokenised-deposits"),
    (["left_square_bracket"], "wallet-link"),
    (["left_square_bracket"], "wallet-link"),  # no year before the first
    (["j", "j", "j", "j", "j", "j", "j"], "pilot-mid-2026"),
]


async def test_cursor_keys() -> None:
    # One app walks every key; where a row lands is tested as a table in test_tui_display.
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        walked: list[str] = []
        for keys, expected in CURSOR_WALK:
            await pilot.press(*keys)
            walked += keys
            assert current_id(app) == expected, f"after {' '.join(walked)}"


async def test_page_keys_move_a_screenful() -> None:
    app = mini_app()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("pagedown")
        after_down = current_id(app)
        assert after_down not in ("wallet-link", None)
        await pilot.press("pagedown", "pagedown")
        assert current_id(app) == "pilot-mid-2026"
        await pilot.press("pageup", "pageup", "pageup")
        assert current_id(app) == "wallet-link"


async def test_histogram_marks_the_selected_year() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        histogram = timeline_screen(app).query_one(YearHistogram)
        assert (histogram.first_year, histogram.last_year) == (2019, 2026)
        assert histogram.counts == {2019: 1, 2025: 3, 2026: 2}
        assert histogram.selected_year == 2019
        await pilot.press("right_square_bracket")
        await hold_still(pilot)
        assert histogram.selected_year == 2025
        assert "2025" in widget_text(histogram)


async def test_click_selects_a_row_and_double_click_opens_it() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        timeline = timeline_screen(app).query_one(TimelineList)
        await pilot.click(timeline, offset=(20, 4))  # row 4: 2025-10, the joint pilot
        assert current_id(app) == "october-pilot"
        await pilot.click(timeline, offset=(20, 4), times=2)
        assert isinstance(app.screen, SourceScreen)


async def test_mouse_wheel_scrolls_the_list() -> None:
    app = mini_app()
    async with app.run_test(size=(80, 9)) as pilot:
        timeline = timeline_screen(app).query_one(TimelineList)
        assert timeline.scroll_y == 0
        await pilot.mouse_down(timeline)
        timeline.post_message(_wheel_down(timeline))
        await pilot.pause()
        assert timeline.scroll_y > 0


def _wheel_down(widget: TimelineList) -> object:
    from textual.events import MouseScrollDown

    return MouseScrollDown(widget, 1, 1, 0, 1, 0, False, False, False)


# -- search --------------------------------------------------------------------------


async def test_search_filters_as_you_type_and_enter_keeps_it() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline_screen(app)
        await pilot.press("slash")
        assert screen.has_class("-searching")
        await type_text(pilot, "汇")
        assert screen.filters.query == "汇"
        await type_text(pilot, "丰")
        assert visible_ids(app) == ["tokenised-deposits", "october-pilot"]
        assert "2 of 6 events" in screen_text(app)
        assert "search: 汇丰" in screen_text(app)
        await pilot.press("enter")
        assert not screen.has_class("-searching")
        assert screen.filters.query == "汇丰"
        assert isinstance(app.focused, TimelineList)
        assert visible_ids(app) == ["tokenised-deposits", "october-pilot"]


async def test_escape_clears_the_search() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "hkma")
        assert len(visible_ids(app)) == 2
        await pilot.press("escape")
        assert screen.filters.query == ""
        assert visible_ids(app) == ALL
        assert not screen.has_class("-searching")


async def test_cursor_stays_on_its_event_when_still_visible() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        assert current_id(app) == "october-pilot"
        await pilot.press("slash")
        await type_text(pilot, "hsbc")
        assert current_id(app) == "october-pilot"
        await pilot.press("escape")
        assert current_id(app) == "october-pilot"


async def test_empty_result_says_so() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "zzzz")
        assert current_id(app) is None
        assert "0 of 6 events" in screen_text(app)
        assert "Nothing matches — c clears the filters." in screen_text(app)
        await pilot.press("enter", "j", "k", "G", "g", "right_square_bracket", "enter")
        assert not isinstance(app.screen, SourceScreen)


# -- pickers -------------------------------------------------------------------------


async def test_actor_picker_lists_every_organisation_with_counts() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(PickerList)
        assert options.option_count == len(app.corpus.actors)
        text = screen_text(app)
        assert "Hong Kong Monetary Authority" in text and "(2)" in text
        assert "└ AlipayHK" in text  # children indented under their parent


async def test_actor_picker_narrows_in_the_other_script() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "蚂蚁")  # Simplified; the data says 螞蟻
        options = app.screen.query_one(PickerList)
        values = {options.get_option_at_index(i).value for i in range(options.option_count)}
        assert values == {"ant-group", "ant-international"}


async def test_choosing_an_actor_filters_the_timeline() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "HKMA")
        await pilot.press("down", "space", "enter")
        assert not isinstance(app.screen, PickerScreen)
        assert timeline_screen(app).filters.actors == frozenset({"hkma"})
        assert visible_ids(app) == ["hkma-measures", "pilot-mid-2026"]
        assert "actors: Hong Kong Monetary Authority" in screen_text(app)


async def test_several_actors_combine_with_or() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "HKMA")
        await pilot.press("down", "space")
        await type_text(pilot, "")
        field = app.screen.query_one("#picker-filter")
        field.value = ""  # type: ignore[attr-defined]
        await pilot.pause()
        field.focus()
        await type_text(pilot, "渣打")
        await pilot.press("down", "space", "enter")
        assert timeline_screen(app).filters.actors == frozenset({"hkma", "stanchart"})
        assert visible_ids(app) == ["hkma-measures", "sandbox-2026", "pilot-mid-2026"]


async def test_typing_a_name_and_enter_takes_the_highlighted_match() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "HKMA")  # one match, highlighted; nothing ticked
        await pilot.press("enter")
        assert not isinstance(app.screen, PickerScreen)
        assert timeline_screen(app).filters.actors == frozenset({"hkma"})
        assert "2 of 6 events" in screen_text(app)
        await pilot.press("a", "enter")  # nothing typed: what is ticked, unchanged
        assert timeline_screen(app).filters.actors == frozenset({"hkma"})


async def test_space_while_typing_ticks_the_highlighted_match() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert "space ticks the highlighted match" in screen_text(app)
        await type_text(pilot, "蚂蚁")
        await pilot.press("space")
        field = app.screen.query_one("#picker-filter", Input)
        assert field.value == "蚂蚁" and field.has_focus
        await type_text(pilot, "zz")
        await pilot.press("space")  # no match to tick: the space is typed
        assert field.value == "蚂蚁zz "
        field.value = "蚂蚁"
        await pilot.pause()
        await pilot.press("down", "down", "space", "enter")
        assert timeline_screen(app).filters.actors == frozenset({"ant-group", "ant-international"})


async def test_include_children_switch() -> None:
    # Which events each choice shows is a table in test_fold_query; this walks the switch.
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "港府")
        await pilot.press("down", "space", "enter")
        assert timeline_screen(app).filters.include_children is False
        assert visible_ids(app) == []
        await pilot.press("a", "down", "ctrl+o", "enter")
        assert timeline_screen(app).filters.include_children is True
        assert visible_ids(app) == ["hkma-measures", "pilot-mid-2026"]
        await pilot.press("a", "down", "ctrl+o", "enter")
        assert timeline_screen(app).filters.include_children is False
        assert visible_ids(app) == []


async def test_escape_cancels_the_picker() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "HKMA")
        await pilot.press("down", "space", "escape")
        assert not isinstance(app.screen, PickerScreen)
        assert visible_ids(app) == ALL


async def test_theme_picker_and_combination_with_actors_and_search() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one(PickerList).option_count == 3
        await type_text(pilot, "沙盒")
        await pilot.press("down", "space", "enter")
        assert visible_ids(app) == ["hkma-measures", "sandbox-2026", "pilot-mid-2026"]
        await pilot.press("a")
        await type_text(pilot, "金管局")
        await pilot.press("down", "space", "enter")
        assert visible_ids(app) == ["hkma-measures", "pilot-mid-2026"]
        await pilot.press("slash")
        await type_text(pilot, "試點")
        await pilot.press("enter")
        assert visible_ids(app) == ["pilot-mid-2026"]
        await pilot.press("c")
        assert visible_ids(app) == ALL
        assert not timeline_screen(app).filters.active


# -- dates ---------------------------------------------------------------------------


async def test_the_date_filter_shows_what_was_typed_and_the_days_beside_it() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await type_text(pilot, "2025年")
        assert "Days: 2025-01-01 – …  ←  2025年 – …" in screen_text(app)
        await pilot.press("enter")
        assert "dates: 2025年 – … (2025-01-01 – …)" in screen_text(app)
        await pilot.press("d")
        assert isinstance(app.screen, DateRangeScreen)
        assert app.screen.query_one("#date-from", Input).value == "2025年"
        assert app.screen.query_one("#date-to", Input).value == ""
        app.screen.query_one("#date-from", Input).value = "2020至2025年"
        await pilot.press("enter")
        assert "dates: 2020至2025年 (2020-01-01 – 2025-12-31)" in screen_text(app)
        await pilot.press("d")
        assert app.screen.query_one("#date-to", Input).value == ""


async def test_date_range_accepts_what_the_temporal_engine_accepts() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, DateRangeScreen)
        await type_text(pilot, "2025年")
        await pilot.press("tab")
        await type_text(pilot, "2025年底")
        await pilot.press("enter")
        assert not isinstance(app.screen, DateRangeScreen)
        assert visible_ids(app) == ["tokenised-deposits", "october-pilot", "hkma-measures"]
        assert "dates: 2025年 – 2025年底 (2025-01-01 – 2025-12-31)" in screen_text(app)


async def test_date_range_with_a_mod() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await type_text(pilot, "mid-2026")
        await pilot.press("enter")
        assert visible_ids(app) == ["pilot-mid-2026"]


async def test_invalid_date_is_explained_not_applied() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await type_text(pilot, "someday")
        await pilot.press("enter")
        assert isinstance(app.screen, DateRangeScreen)
        assert "'someday': not a date" in screen_text(app)
        await pilot.press("escape")
        assert visible_ids(app) == ALL
        assert timeline_screen(app).filters.date_from is None


# -- the source screen ---------------------------------------------------------------


def _current_passage_text(app: TimelineApp) -> str:
    """The current passage as drawn: the text of its highlighted pieces."""
    return app.screen.query_one(ArticleView).current_text()


async def test_enter_opens_the_article_at_the_passage() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        assert screen.source_id == "hk"
        text = screen_text(app)
        assert "金管局新措施" in text
        assert "Test Daily" in text
        assert "published 6 Nov 2025" in text
        assert "passage 3 of 4" in text
        assert _current_passage_text(app) == "今年5月，匯豐與螞蟻國際推出代幣化存款服務"
        article = widget_text(screen.query_one(ArticleView))
        assert "今年5月，匯豐與螞蟻國際推出代幣化存款服務" in article


async def test_passage_is_highlighted_on_screen() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        view = app.screen.query_one(ArticleView)
        assert view.current is not None
        line = view.line_of(view.current.start)
        current_style = view.get_component_rich_style("article-view--current")
        strip = view.render_line(line - round(view.scroll_y))
        highlighted = "".join(
            segment.text
            for segment in strip
            if segment.style and segment.style.bgcolor == current_style.bgcolor
        )
        assert highlighted == "今年5月，匯豐與螞蟻國際推出代幣化存款服務"
        other_style = view.get_component_rich_style("article-view--passage")
        other = view.render_line(view.line_of(0) - round(view.scroll_y))
        assert "香港金融管理局" in "".join(
            segment.text
            for segment in other
            if segment.style and segment.style.bgcolor == other_style.bgcolor
        )


async def test_n_and_p_move_between_passages_and_show_their_event() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter", "n")
        assert _current_passage_text(app) == "金管局預計明年年中推出試點"
        assert "Pilot expected" in widget_text(app.screen.query_one(EventDetail))
        assert "passage 4 of 4" in screen_text(app)
        await pilot.press("n")
        assert _current_passage_text(app) == "香港金融管理局（金管局）今日公布新措施"
        await pilot.press("p", "p")
        assert _current_passage_text(app) == "今年5月，匯豐與螞蟻國際推出代幣化存款服務"
        assert "Tokenised deposits" in widget_text(app.screen.query_one(EventDetail))


async def test_actor_names_are_highlighted_in_the_article() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        article = app.screen.query_one(ArticleView).article
        names = {article.text[start:end] for start, end in article.names.find(article.text)}
        assert {"香港金融管理局", "金管局", "AlipayHK", "匯豐", "螞蟻國際"} <= names


async def test_escape_returns_with_the_same_selection_and_filters() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "hsbc")
        await pilot.press("enter", "j")
        assert current_id(app) == "october-pilot"
        await pilot.press("enter")
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.source_id == "en"
        assert _current_passage_text(app) == (
            "In October, Ant International joined HSBC in a pilot."
        )
        await pilot.press("n", "escape")
        assert not isinstance(app.screen, SourceScreen)
        assert current_id(app) == "october-pilot"
        assert timeline_screen(app).filters.query == "hsbc"
        assert visible_ids(app) == ["tokenised-deposits", "october-pilot"]


async def test_article_markup_is_literal() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "k", "enter")
        text = screen_text(app)
        assert "Fintech News [bold]Hong Kong[/bold] reports." in text
        assert "[link=http://x]sandbox[/link]" in text
        assert "Pilot [bold]news[/bold]" in text


# -- scripts and languages -----------------------------------------------------------


async def test_s_cycles_the_script_of_titles() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert app.language == "zh"
        list_widget = timeline_screen(app).query_one(TimelineList)
        assert "錢包互聯" in widget_text(list_widget)
        await pilot.press("s")
        assert app.script == "hant"
        assert "Traditional (HK)" in screen_text(app)
        await pilot.press("s")
        assert app.script == "hans"
        assert "钱包互联" in widget_text(list_widget)
        assert "代币化存款推出" in widget_text(list_widget)
        assert "Simplified" in screen_text(app)
        await pilot.press("s")
        assert app.script == "original"
        assert "錢包互聯" in widget_text(list_widget)


async def test_l_switches_titles_between_english_and_chinese() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        list_widget = timeline_screen(app).query_one(TimelineList)
        assert "Wallets linked" in widget_text(list_widget)
        await pilot.press("l")
        assert "錢包互聯" in widget_text(list_widget)
        assert "2019年7月" in widget_text(list_widget)
        assert "Wallets linked" not in widget_text(list_widget)
        await pilot.press("l")
        assert "Wallets linked" in widget_text(list_widget)


async def test_script_conversion_keeps_highlights_on_the_passage() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter", "s", "s")
        assert app.script == "hans"
        assert _current_passage_text(app) == "今年5月，汇丰与蚂蚁国际推出代币化存款服务"
        assert "今年5月，汇丰与蚂蚁国际推出代币化存款服务" in screen_text(app)
        await pilot.press("n")
        assert _current_passage_text(app) == "金管局预计明年年中推出试点"
        await pilot.press("s")
        assert _current_passage_text(app) == "金管局預計明年年中推出試點"


async def test_hk_converter_is_built_only_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    import opencc

    built: list[str] = []
    real_opencc = opencc.OpenCC

    def counting_opencc(config: str) -> object:
        built.append(config.removesuffix(".json"))
        return real_opencc(config)

    monkeypatch.setattr(opencc, "OpenCC", counting_opencc)
    # Built once per process: an earlier test in this worker may have built them already.
    opencc_converter.cache_clear()
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not {"s2hk", "t2hk"} & set(built)
        await pilot.press("l", "s")
        assert {"s2hk", "t2hk"} & set(built)


# -- help, problems, palette, quit ---------------------------------------------------


async def test_a_long_filter_phrase_is_cut_before_the_gap_to_the_language() -> None:
    app = mini_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await type_text(pilot, "2020至2025年")
        await pilot.press("enter")
        await hold_still(pilot)
        header = screen_text(app).splitlines()[0]
        assert "dates: 2020至2025年" in header and "…" in header, header
        before, found, _ = header.partition("EN  ·  ")
        assert found and before.endswith("…  "), header


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        ((), "Nothing matches — c clears the filters."),
        (("l",), "沒有相符的事件 — 按 c 清除篩選"),
        (("l", "s", "s"), "没有相符的事件 — 按 c 清除筛选"),
    ],
)
async def test_an_empty_result_says_so_in_the_list_even_without_the_detail_pane(
    keys: tuple[str, ...], said: str
) -> None:
    app = mini_app()
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: no detail pane
        await pilot.press(*keys, "slash")
        await type_text(pilot, "zzzqqq")
        await pilot.press("enter")
        await hold_still(pilot)
        lines = screen_text(app).splitlines()
        assert "0 of 6 events" in lines[0]
        assert any(line.strip() == said for line in lines), "\n".join(lines)
        await pilot.press("c")
        await hold_still(pilot)
        assert said not in screen_text(app)


@pytest.mark.parametrize(
    ("keys", "words"),
    [
        (("l",), ["日期", "依據", "狀態", "已發生", "參與者", "主題", "引文", "按文章日期推算"]),
        (
            ("l", "s", "s"),
            ["日期", "依据", "状态", "已发生", "参与者", "主题", "引文", "按文章日期推算"],
        ),
        (
            (),
            ["When", "Why", "Status", "happened", "Actors", "Themes", "Quote", "resolved against"],
        ),
    ],
)
async def test_the_detail_pane_speaks_the_language_chosen_with_l(
    keys: tuple[str, ...], words: list[str]
) -> None:
    app = mini_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await hold_still(pilot)
        detail = widget_text(app.screen.query_one(EventDetail))
        for word in words:
            assert word in detail, (word, detail)
        if keys:
            for english in ("When", "Why", "Status", "resolved against", "published"):
                assert english not in detail, (english, detail)


async def test_a_quote_across_a_paragraph_break_shows_as_two_lines(tmp_path: Path) -> None:
    target = tmp_path / "mini"
    shutil.copytree(MINI_EVENTS.parent, target)
    article = target / "seeds" / "en.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace(" reports.\n", " reports.\n\n"),
        encoding="utf-8",
    )
    events = target / "events.toml"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            'quote = "In October, Ant International',
            'quote = "[/bold] reports.\\n\\nIn October, Ant International',
        ),
        encoding="utf-8",
    )
    app = create_app(events, target / "seeds")
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.result.problems, app.result.problems
        await pilot.press("j", "j")
        await hold_still(pilot)
        assert current_id(app) == "october-pilot"
        lines = widget_text(app.screen.query_one(EventDetail)).splitlines()
        assert any(line.endswith("▌ [/bold] reports.") for line in lines), "\n".join(lines)
        assert any(
            line.endswith("▌ In October, Ant International joined HSBC") for line in lines
        ), "\n".join(lines)
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert "␊" not in text
        assert "[/bold] reports." in text and "In October, Ant International joined" in text


async def test_help_lists_every_key() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in (
            "j k",
            "PgUp",
            "g G",
            "[  ]",
            "Enter",
            "/",
            "a ",
            "t ",
            "d ",
            "c ",
            "n  p",
            "s ",
            "l ",
            "!",
            "ctrl+p",
            "q ",
        ):
            assert key in text, key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_says_where_q_acts_as_esc_and_that_ctrl_q_quits() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 90)) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        assert "as Esc where no text field has the focus (in one it types q)" in text
        assert "ctrl+q" in text and "quit the app from any screen" in text


async def test_q_in_a_text_field_is_typed_and_the_dialog_stays() -> None:
    # The help says so: in the actor picker's search box q is a letter.
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "q")
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#picker-filter").value == "q"  # type: ignore[attr-defined]


async def test_footer_shows_the_main_keys() -> None:
    app = mini_app()
    async with app.run_test(size=(160, 30)) as pilot:
        # The footer fills in after a refresh: a loaded machine may need more than one frame.
        await wait_for_text(pilot, app, "Quit")
        footer = screen_text(app).splitlines()[-1]
        for label in ("Help", "Search", "Actors", "Themes", "Dates", "Clear", "Quit", "Script"):
            assert label in footer


def _broken_copy(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "mini"
    shutil.copytree(MINI_EVENTS.parent, target)
    events = target / "events.toml"
    text = events.read_text(encoding="utf-8")
    text = text.replace('actors = ["stanchart"]', 'actors = ["nobody"]')
    text = text.replace(
        'title = { en = "Joint pilot"', 'title = { en = "Joint \\u001b[31mpilot\\u0007\\r"'
    )
    events.write_text(text, encoding="utf-8")
    return events, target / "seeds"


async def test_problems_are_counted_in_the_header_and_listed_with_bang(tmp_path: Path) -> None:
    events, seeds = _broken_copy(tmp_path)
    app = create_app(events, seeds)
    assert len(app.result.problems) >= 1
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        count = len(app.result.problems)
        assert f"{count} problem" in screen_text(app)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
        assert "unknown actor 'nobody'" in text
        listed = app.screen.query_one("#problems-text", Static).content
        assert isinstance(listed, Content)
        for problem in app.result.problems:
            assert str(problem) in listed.plain
        await pilot.press("escape")
        assert not isinstance(app.screen, ProblemsScreen)


async def test_no_problems_no_counter() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "problem" not in screen_text(app).splitlines()[0]


async def test_control_characters_are_shown_harmlessly(tmp_path: Path) -> None:
    events, seeds = _broken_copy(tmp_path)
    app = create_app(events, seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text and "\r" not in text
        assert "Joint ␛[31mpilot␇␍" in text


async def test_command_palette_jumps_to_a_year() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "jump to year 2026")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert current_id(app) == "sandbox-2026"


async def test_command_palette_filters_by_actor_in_any_script() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "filter by actor 汇丰")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert timeline_screen(app).filters.actors == frozenset({"hsbc"})
        assert visible_ids(app) == ["tokenised-deposits", "october-pilot"]


async def test_command_palette_filters_by_status_and_names_colours_a_colour_scheme() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "colour")
        await palette_searched(pilot)
        shown = screen_text(app)
        assert "Colour scheme" in shown and "Change the colours" in shown
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await type_text(pilot, "filter by status planned")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert visible_ids(app) == ["sandbox-2026", "pilot-mid-2026"]
        assert "status: planned" in screen_text(app)


async def test_the_palette_and_the_picker_give_one_answer_for_an_actor() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Ant Group")
        await pilot.press("enter")
        by_picker = visible_ids(app)
        await pilot.press("c", "ctrl+p")
        await type_text(pilot, "filter by actor ant group")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert timeline_screen(app).filters.actors == frozenset({"ant-group"})
        assert visible_ids(app) == by_picker == []  # its children's events are not its own


async def test_s_cycles_the_status_filter_shown_in_the_header() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        assert visible_ids(app) == [
            "wallet-link",
            "tokenised-deposits",
            "october-pilot",
            "hkma-measures",
        ]
        assert "4 of 6 events  ·  status: happened" in screen_text(app)
        await pilot.press("S")
        assert visible_ids(app) == ["sandbox-2026", "pilot-mid-2026"]
        assert "status: planned" in screen_text(app)
        await pilot.press("S")
        assert visible_ids(app) == ALL and "status:" not in screen_text(app)
        await pilot.press("S", "c")
        assert not timeline_screen(app).filters.active


async def test_command_palette_opens_a_source_and_switches_theme() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "open source pilot")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.source_id == "en"
        await pilot.press("ctrl+p")
        await type_text(pilot, "colour scheme light")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "textual-light"


async def test_q_quits() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_in_the_search_field_is_typed_not_quit() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "qsl")
        assert app.is_running
        assert timeline_screen(app).filters.query == "qsl"
        assert app.script == "original" and app.language == "en"


# -- large inputs --------------------------------------------------------------------


async def test_a_large_article_is_wrapped_as_it_is_drawn(tmp_path: Path) -> None:
    target = tmp_path / "mini"
    shutil.copytree(MINI_EVENTS.parent, target)
    article = target / "seeds" / "hk.txt"
    filler = "填充文字，不含任何引文。\x1b\r\n" * 30_000
    article.write_text(article.read_text(encoding="utf-8") + filler, encoding="utf-8")
    app = create_app(target / "events.toml", target / "seeds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "enter")
        view = app.screen.query_one(ArticleView)
        await pilot.pause()
        assert view.line_count > 30_000
        assert _current_passage_text(app) == "金管局預計明年年中推出試點"
        assert "金管局預計明年年中推出試點" in widget_text(view)
        await pilot.press("end")
        await pilot.pause()
        assert "填充文字" in widget_text(view)
        assert "\x1b" not in screen_text(app)


async def test_a_large_timeline_searches_after_a_pause_in_typing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stand in for a corpus above the live-search limit without building one that big.
    live_limit = 60
    monkeypatch.setattr(timeline_module, "LIVE_SEARCH_EVENTS", live_limit)
    # A pause long enough that a loaded machine's gaps between key presses never reach it.
    pause = 1.0
    monkeypatch.setattr(timeline_module, "SEARCH_PAUSE", pause)
    base = mini_app()
    events = tuple(
        replace(event, id=f"{event.id}-{copy}")
        for copy in range(live_limit // len(base.corpus.events) + 1)
        for event in base.corpus.events
    )
    events = tuple(sorted(events, key=lambda event: sort_key(event.date)))
    corpus = replace(base.corpus, events=events)
    app = TimelineApp(LoadResult(corpus, ()), events_path=MINI_EVENTS, seeds_dir=MINI_SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline_screen(app)
        await pilot.press("slash", "h", "k", "m", "a")
        assert screen.filters.query == ""  # still typing
        await pilot.pause(pause * 1.5)
        assert screen.filters.query == "hkma"
        shown = visible_ids(app)
        assert len(shown) == 2 * len(events) // len(base.corpus.events)
        await pilot.press("space", "2", "0", "2", "6", "enter")
        assert screen.filters.query == "hkma 2026"
        assert not screen.has_class("-searching")


async def test_letters_typed_in_the_picker_list_narrow_it_instead_of_acting() -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "down", "q", "s", "l")
        assert app.is_running
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#picker-filter", Input).value == "qsl"
        assert app.script == "original" and app.language == "en"


async def test_an_empty_corpus_opens_and_every_key_is_harmless() -> None:
    app = TimelineApp(LoadResult(Corpus(), ()), events_path=MINI_EVENTS, seeds_dir=MINI_SEEDS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "k", "G", "g", "pagedown", "right_square_bracket", "enter")
        await pilot.press("s", "l", "i", "slash", "x", "enter", "c")
        await pilot.press("a", "escape", "t", "escape", "d", "escape", "exclamation_mark", "escape")
        assert app.is_running
        assert "0 of 0 events" in screen_text(app)
        assert "沒有事件。" in screen_text(app)  # `l` above: Chinese


async def test_the_header_counts_thousands_as_the_loading_line_does() -> None:
    base = mini_app()
    copies = 1200 // len(base.corpus.events) + 1
    events = tuple(
        replace(event, id=f"{event.id}-{copy}")
        for copy in range(copies)
        for event in base.corpus.events
    )
    events = tuple(sorted(events, key=lambda event: sort_key(event.date)))
    corpus = replace(base.corpus, events=events)
    app = TimelineApp(LoadResult(corpus, ()), events_path=MINI_EVENTS, seeds_dir=MINI_SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        total = f"{len(events):,}"
        assert "," in total
        assert await wait_for_text(pilot, app, f"{total} of {total} events")
