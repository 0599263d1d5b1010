"""Hostile text (markup, escapes, controls, bidi, emoji) is shown literally in every view."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import screen_text, type_text, visible_ids, wait_until

from tui.app import TimelineApp, create_app
from tui.screens.source import SourceScreen

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
SIZE = (140, 45)
CONTROLS = ("\x1b", "\x07", "\r", "\u202e")


def hostile_app() -> TimelineApp:
    return create_app(HOSTILE / "events.toml", HOSTILE / "seeds", use_cache=False)


def assert_harmless(text: str) -> None:
    for control in CONTROLS:
        assert control not in text, repr(control)


async def test_timeline_and_detail_show_markup_literally() -> None:
    app = hostile_app()
    assert app.result.problems == ()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]Bold?[/bold] [link=http://x]link[/link] [/]" in text
        assert "[@click=app.quit]Evil" in text
        assert "Escapes ␛[2J clear ␍ and" in text
        assert "Summary with ␛[31mred␛[0m and ␇ bell" in text
        assert_harmless(text)
        await pilot.click(offset=(60, 5))
        await pilot.pause()
        assert app.is_running


async def test_chinese_titles_and_names_show_markup_literally() -> None:
    app = hostile_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert "代幣化存款[bold]推出[/bold]" in text
        assert "[@click=app.quit]退出[/]" in text
        assert_harmless(text)


async def test_source_view_shows_the_article_literally() -> None:
    app = hostile_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SourceScreen))
        assert isinstance(app.screen, SourceScreen)
        text = screen_text(app)
        assert "[bold]not bold[/bold] and [link=http://x]a link[/link] and [/]" in text
        assert "[@click=app.quit]quit[/]" in text
        assert "匯豐[bold]與[/bold]螞蟻國際" in text
        assert "Title [bold]with markup[/bold] ␛[2J" in text
        assert_harmless(text)
        await pilot.click(offset=(20, 6))
        await pilot.pause()
        assert app.is_running


async def test_pickers_and_search_show_and_match_hostile_names() -> None:
    app = hostile_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]Evil Corp[/]" in text
        assert_harmless(text)
        await pilot.press("escape")
        await pilot.press("t")
        await pilot.pause()
        assert "[red]Markup[/red]" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("slash")
        await type_text(pilot, "[link=http://x]")
        assert await wait_until(pilot, lambda: visible_ids(app) == ["markup"]), visible_ids(app)
        assert app.is_running
