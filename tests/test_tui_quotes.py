"""Every quote of an event within reach: chosen to open its article, copied with its citation,
and the filtered view exported from the palette."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Static
from tui_helpers import (
    MINI_EVENTS,
    screen_text,
    type_text,
    visible_ids,
    wait_for_text,
    widget_text,
)

from tui.app import TimelineApp, create_app
from tui.core.citation import citation
from tui.core.errors import TimelineError
from tui.core.export import export, output_path
from tui.core.model import Quote, Source
from tui.screens.event_form import EventFormScreen
from tui.screens.export_dialog import ExportScreen
from tui.screens.quotes import QuoteChooserScreen
from tui.screens.source import SourceScreen

SIZE = (120, 40)
EN_QUOTE = "In October, Ant International joined HSBC in a pilot."
HK_QUOTE = "今年5月，匯豐與螞蟻國際推出代幣化存款服務"


@pytest.fixture
def two_quotes(tmp_path: Path) -> TimelineApp:
    """The fixture corpus with `october-pilot` quoting both articles (English first)."""
    corpus = tmp_path / "mini"
    shutil.copytree(MINI_EVENTS.parent, corpus)
    events = corpus / "events.toml"
    text = events.read_text(encoding="utf-8")
    one = f'sources = [{{ source = "en", quote = "{EN_QUOTE}" }}]'
    both = (
        f'sources = [{{ source = "en", quote = "{EN_QUOTE}" }}, '
        f'{{ source = "hk", quote = "{HK_QUOTE}" }}]'
    )
    assert one in text
    events.write_text(text.replace(one, both), encoding="utf-8")
    return create_app(events, corpus / "seeds", use_cache=False)


async def _to_october_pilot(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await type_text(pilot, "Joint pilot")
    await pilot.press("enter")
    await pilot.pause()
    assert visible_ids(pilot.app) == ["october-pilot"]


# -- choosing the quote to open ------------------------------------------------------


async def test_enter_on_an_event_with_two_quotes_asks_which_and_opens_the_second(
    two_quotes: TimelineApp,
) -> None:
    async with two_quotes.run_test(size=SIZE) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(two_quotes.screen, QuoteChooserScreen)
        shown = screen_text(two_quotes)
        assert "Open which quote's article?" in shown
        assert "1  Pilot [bold]news[/bold] · Fintech News · 4 November 2025" in shown
        assert "2  金管局新措施 · Test Daily · 6 November 2025" in shown
        assert f"“{HK_QUOTE}”" in shown
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(two_quotes.screen, SourceScreen)
        assert two_quotes.screen.source_id == "hk"
        passage = two_quotes.screen.passages[two_quotes.screen.current or 0]
        source_text = two_quotes.corpus.sources["hk"].text
        assert source_text[passage.start : passage.end] == HK_QUOTE


async def test_a_digit_chooses_a_quote_and_esc_opens_nothing(two_quotes: TimelineApp) -> None:
    async with two_quotes.run_test(size=SIZE) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert not isinstance(two_quotes.screen, QuoteChooserScreen | SourceScreen)
        await pilot.press("enter", "1")
        await pilot.pause()
        assert isinstance(two_quotes.screen, SourceScreen)
        assert two_quotes.screen.source_id == "en"


# -- copying a quote with its citation -----------------------------------------------


def test_citation_has_the_words_title_publisher_and_date() -> None:
    from datetime import date

    source = Source("en", "en.txt", "Pilot news", "Fintech News", date(2025, 11, 4), None, "en", "")
    quote = Quote("en", "In  October,\nAnt joined.", 0, 10)
    expected = "“In October, Ant joined.” — Pilot news, Fintech News, 4 November 2025"
    assert citation(quote, source) == expected
    assert citation(quote, None) == "“In October, Ant joined.” — source en"


async def test_y_copies_the_chosen_quote_with_its_citation(two_quotes: TimelineApp) -> None:
    async with two_quotes.run_test(size=SIZE, notifications=True) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert "Copy which quote?" in screen_text(two_quotes)
        await pilot.press("2")
        await pilot.pause()
        assert two_quotes.clipboard == f"“{HK_QUOTE}” — 金管局新措施, Test Daily, 6 November 2025"
        shown = screen_text(two_quotes)
        assert "Quote copied" in shown
        assert "Copied to the clipboard:" in shown


async def test_y_in_the_article_copies_the_current_passage(two_quotes: TimelineApp) -> None:
    async with two_quotes.run_test(size=SIZE, notifications=True) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("enter", "1")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        expected = f"“{EN_QUOTE}” — Pilot [bold]news[/bold], Fintech News, 4 November 2025"
        assert two_quotes.clipboard == expected
        assert "Quote copied" in screen_text(two_quotes)


async def test_palette_copies_the_quote(two_quotes: TimelineApp) -> None:
    async with two_quotes.run_test(size=SIZE, notifications=True) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "copy quote")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert two_quotes.clipboard.startswith(f"“{EN_QUOTE}” — Pilot")


# -- export from the palette ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("out.json", "/work/out.json"),
        ("  sub/out.csv ", "/work/sub/out.csv"),
        ("/tmp/x.md", "/tmp/x.md"),
    ],
)
def test_output_path_is_relative_to_the_current_directory(typed: str, expected: str) -> None:
    assert output_path(typed, Path("/work")) == Path(expected)


def test_output_path_refuses_an_empty_name() -> None:
    with pytest.raises(TimelineError, match="the file name is empty"):
        output_path("  ", Path("/work"))


def squeezed(text: str) -> str:
    """`text` without whitespace: long paths wrap anywhere in a dialog."""
    return "".join(text.split())


def dialog_text(app: TimelineApp) -> str:
    """What the open dialog shows, whitespace and its border removed."""
    return squeezed(widget_text(app.screen.query_one("#dialog")).replace("│", ""))


async def _open_export(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await type_text(pilot, "export the filtered")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)


async def test_export_writes_the_filtered_view_in_the_chosen_format(
    two_quotes: TimelineApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with two_quotes.run_test(size=SIZE, notifications=True) as pilot:
        await _to_october_pilot(pilot)
        await _open_export(pilot)
        shown = screen_text(two_quotes)
        assert "1 of 6 events" in shown
        assert squeezed(f"File (relative to {tmp_path})") in dialog_text(two_quotes)
        await pilot.click("#export-csv")
        await pilot.pause()
        # The suggested name follows the format.
        assert "hk-timeline.csv" in screen_text(two_quotes)
        await pilot.click("#export")
        await pilot.pause()
        written = tmp_path / "hk-timeline.csv"
        event = next(e for e in two_quotes.corpus.events if e.id == "october-pilot")
        assert written.read_text(encoding="utf-8") == export(two_quotes.corpus, [event], "csv")
        shown = screen_text(two_quotes)
        assert "Exported" in shown
        assert "Wrote 1 event to" in shown


async def test_export_by_keys_alone_choose_a_format_then_enter_writes(
    two_quotes: TimelineApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new user's way: type a name (the cursor starts at the end), tab to the formats,
    move and choose with Enter, then Enter writes."""
    monkeypatch.chdir(tmp_path)
    async with two_quotes.run_test(size=SIZE, notifications=True) as pilot:
        await _open_export(pilot)
        path_input = two_quotes.screen.query_one("#export-path", Input)
        assert path_input.cursor_position == len(path_input.value)
        await pilot.press("tab", "right", "enter")
        await pilot.pause()
        assert path_input.has_focus and path_input.value == "hk-timeline.csv"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(two_quotes.screen, ExportScreen)
        assert (tmp_path / "hk-timeline.csv").is_file()


async def test_export_refuses_the_corpus_files_and_says_so(
    two_quotes: TimelineApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "mini")
    before = (tmp_path / "mini" / "events.toml").read_bytes()
    async with two_quotes.run_test(size=SIZE) as pilot:
        await _open_export(pilot)
        path_input = two_quotes.screen.query_one("#export-path")
        path_input.value = "events.toml"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(two_quotes.screen, ExportScreen)
        refused = "refusing to overwrite the corpus's own files"
        assert await wait_for_text(pilot, two_quotes, refused)
        path_input.value = "seeds/en.txt"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        error = str(two_quotes.screen.query_one("#export-error", Static).render())
        assert "seeds/en.txt" in error and "refusing to overwrite the corpus's own files" in error
    assert (tmp_path / "mini" / "events.toml").read_bytes() == before


async def test_export_explains_a_missing_folder_and_asks_before_replacing(
    two_quotes: TimelineApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.json").write_text("keep me", encoding="utf-8")
    async with two_quotes.run_test(size=SIZE) as pilot:
        await _open_export(pilot)
        path_input = two_quotes.screen.query_one("#export-path")
        path_input.value = "no/such/dir/x.json"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        expected = f"the folder {tmp_path}/no/such/dir does not exist; nothing was written"
        assert squeezed(expected) in dialog_text(two_quotes)
        path_input.value = "old.json"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert "already exists; press enter again to replace it" in screen_text(two_quotes)
        assert (tmp_path / "old.json").read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(two_quotes.screen, ExportScreen)
    document = json.loads((tmp_path / "old.json").read_text(encoding="utf-8"))
    assert len(document["events"]) == 6


# -- the event form shows every quote ------------------------------------------------


async def test_the_event_form_shows_every_quote_under_its_article(two_quotes: TimelineApp) -> None:
    async with two_quotes.run_test(size=(120, 50)) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("e")
        await pilot.pause()
        shown = screen_text(two_quotes)
        assert "Quotes" in shown
        assert "1. Pilot [bold]news[/bold]" in shown
        assert EN_QUOTE in shown
        assert "2. 金管局新措施" in shown
        assert HK_QUOTE in shown


async def test_unticking_a_quote_in_the_form_removes_only_that_quote(
    two_quotes: TimelineApp, tmp_path: Path
) -> None:
    events_path = tmp_path / "mini" / "events.toml"
    before = events_path.read_text(encoding="utf-8")
    async with two_quotes.run_test(size=(120, 50)) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert "keep quote 2" in screen_text(two_quotes)
        boxes = list(two_quotes.screen.query(".form-quote-keep").results(Checkbox))
        for box in boxes:
            box.value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "an event needs at least one quote; keep one" in screen_text(two_quotes)
        assert events_path.read_text(encoding="utf-8") == before
        boxes[0].value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = events_path.read_text(encoding="utf-8")
    both = (
        f'sources = [{{ source = "en", quote = "{EN_QUOTE}" }}, '
        f'{{ source = "hk", quote = "{HK_QUOTE}" }}]'
    )
    one = f'sources = [{{ source = "en", quote = "{EN_QUOTE}" }}]'
    assert after == before.replace(both, one)
    event = two_quotes.corpus.event("october-pilot")
    assert event is not None and [quote.source for quote in event.quotes] == ["en"]


async def test_saving_the_form_with_every_quote_kept_changes_no_byte(
    two_quotes: TimelineApp, tmp_path: Path
) -> None:
    events_path = tmp_path / "mini" / "events.toml"
    before = events_path.read_bytes()
    async with two_quotes.run_test(size=(120, 50)) as pilot:
        await _to_october_pilot(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(two_quotes.screen, EventFormScreen)  # saved and closed
    assert events_path.read_bytes() == before
