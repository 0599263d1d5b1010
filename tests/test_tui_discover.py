"""Pilot tests of what a first-time user sees: headers, footers, help, q, dialogs at small sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.style import Style
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Checkbox
from tui_helpers import (
    REAL_EVENTS,
    REAL_SEEDS,
    mini_app,
    screen_styled_lines,
    screen_text,
    wait_until,
    widget_text,
)

from tui.app import TimelineApp, create_app
from tui.core.article_text import passages_in
from tui.core.text_fitting import note_gist
from tui.screens.help import CLOSE_HINT, KEYS, HelpScreen
from tui.screens.note import NoteScreen
from tui.screens.picker import PickerList
from tui.screens.source import SourceScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.article import ArticleView
from tui.widgets.detail import EventDetail
from tui.widgets.timeline_list import TimelineList

SIZES = [(200, 50), (120, 40), (80, 24), (60, 20)]
THEMES = ["textual-dark", "textual-light"]


def real_app() -> TimelineApp:
    return create_app(REAL_EVENTS, REAL_SEEDS)


def _noted_event(app: TimelineApp) -> tuple[str, int]:
    """An event quoting the article with the longest published-date note, and its passage count."""
    sources = app.corpus.sources
    noted = max(sources, key=lambda source_id: len(sources[source_id].published_note or ""))
    assert len(sources[noted].published_note or "") > 200
    event = next(e for e in app.corpus.events if any(q.source == noted for q in e.quotes))
    return event.id, len(passages_in(app.corpus.events, noted))


@pytest.mark.parametrize(
    ("note", "width", "expected"),
    [
        ("short note", 60, "short note"),
        ("Not printed. The lead says it opened yesterday", 20, "Not printed. The…"),
        ("一二三四五六七八九十", 9, "一二三四…"),
        ("one two three", 13, "one two three"),
    ],
)
def test_note_gist_cuts_at_a_word_and_marks_the_cut(note: str, width: int, expected: str) -> None:
    assert note_gist(note, width) == expected


@pytest.mark.skipif(not REAL_EVENTS.is_file(), reason="real corpus not curated yet")
async def test_article_header_keeps_the_passage_counter_and_not_the_whole_note() -> None:
    # One app resized to each size in turn; the header is laid out anew at each.
    app = real_app()
    async with app.run_test(size=SIZES[0]) as pilot:
        event_id, count = _noted_event(app)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        position = next(i for i, e in enumerate(app.corpus.events) if e.id == event_id)
        screen.open_event(position)
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            header = widget_text(app.screen.query_one("#source-header"))
            assert f" of {count}" in header and "passage " in header, (size, header)
            note = app.corpus.sources[app.screen.source_id].published_note or ""
            assert note[-40:] not in screen_text(app), size
            await pilot.press("I")
            assert isinstance(app.screen, NoteScreen), size
            assert note[:30] in screen_text(app), size
            await pilot.press("escape")
            assert isinstance(app.screen, SourceScreen), size


@pytest.mark.skipif(not REAL_EVENTS.is_file(), reason="real corpus not curated yet")
async def test_detail_why_shows_the_note_cut_with_a_marker() -> None:
    app = real_app()
    async with app.run_test(size=(120, 40)) as pilot:
        event_id, _ = _noted_event(app)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        position = next(i for i, e in enumerate(app.corpus.events) if e.id == event_id)
        screen.open_event(position)
        await pilot.pause()
        detail = app.screen.query_one(EventDetail)
        text = " ".join(detail.text.plain.split())
        note = app.corpus.sources[app.screen.source_id].published_note or ""
        assert "inferred: " in text and "…" in text
        assert note[-40:] not in text


# -- the footer -----------------------------------------------------------------------


def _footer(app: TimelineApp) -> str:
    return screen_text(app).splitlines()[-1]


async def _drawn_footer(pilot: Pilot[None], app: TimelineApp) -> str:
    """The footer's row once the footer has drawn its keys (it fills in after a refresh)."""
    await wait_until(pilot, lambda: bool(_footer(app).strip()))
    return _footer(app)


TIMELINE_FOOTERS = [
    ((60, 20), ["Open", "q Quit", "? Help", "/ Search"]),
    ((80, 24), ["Open", "q Quit", "? Help", "v Lanes", "/ Search", "a Actors", "d Dates",
                "c Clear"]),
    ((200, 50), ["Open", "[ ] Year", "q Quit", "? Help", "Search", "e Edit", "D Delete",
                 "u Undo", "s Script", "l EN/中", "^p Palette"]),
]  # fmt: skip
"""Narrowest first: a footer not redrawn yet after a resize shows fewer keys, never more."""


async def _footer_at_each_size(
    pilot: Pilot[None], app: TimelineApp, footers: list[tuple[tuple[int, int], list[str]]]
) -> None:
    for size, wanted in footers:
        await pilot.resize_terminal(*size)
        await wait_until(pilot, lambda wanted=wanted: all(key in _footer(app) for key in wanted))
        footer = _footer(app)
        for key in wanted:
            assert key in footer, (size, key, footer)


async def test_timeline_footer_lists_the_keys_that_matter_first() -> None:
    app = mini_app()
    async with app.run_test(size=TIMELINE_FOOTERS[0][0]) as pilot:
        await _drawn_footer(pilot, app)
        await _footer_at_each_size(pilot, app, TIMELINE_FOOTERS)


ARTICLE_FOOTERS = [
    ((80, 24), ["esc Back", "? Help", "n p Passage", ". , Sentence", "N New event"]),
    ((200, 50), ["esc Back", "? Help", "n p Passage", ". , Sentence", "N New event",
                 "e Edit", "D Delete", "U Undated", "u Undo"]),
]  # fmt: skip


async def test_article_footer_lists_the_keys_that_matter_first() -> None:
    app = mini_app()
    async with app.run_test(size=ARTICLE_FOOTERS[0][0]) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, SourceScreen)
        await _drawn_footer(pilot, app)
        await _footer_at_each_size(pilot, app, ARTICLE_FOOTERS)
        assert not _footer(app).rstrip().endswith("passag")


# -- the help -------------------------------------------------------------------------


async def test_help_fits_shows_how_to_close_first_and_scrolls() -> None:
    app = mini_app()
    async with app.run_test(size=SIZES[0]) as pilot:
        await pilot.press("enter")
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen), size
            text = screen_text(app)
            lines = text.splitlines()
            assert 0 <= text.find(CLOSE_HINT[:30]) < text.find("Timeline"), size
            # The footer of the article under it does not show through.
            assert "esc Back" not in lines[-1], size
            body = app.screen.query_one("#help-body")
            assert body.region.bottom <= size[1], size
            await pilot.press("end")
            # The last key's meaning (its first words: it may wrap).
            assert KEYS[-1][1][-1][1][:15] in screen_text(app), size
            await pilot.press("q")
            assert isinstance(app.screen, SourceScreen), size


# -- q --------------------------------------------------------------------------------


async def test_q_goes_back_from_the_article_and_quits_from_the_timeline() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_closes_a_dialog_like_esc_and_leaves_the_app_running() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("exclamation_mark")
        assert not isinstance(app.screen, TimelineScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, TimelineScreen)


# -- dialogs at small sizes -----------------------------------------------------------

DIALOG_KEYS = [
    ("a",),
    ("t",),
    ("d",),
    ("exclamation_mark",),
    ("question_mark",),
    ("e",),
    ("D",),
    ("enter", "U"),
    ("enter", "e"),
]


@pytest.mark.skipif(not REAL_EVENTS.is_file(), reason="real corpus not curated yet")
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_dialog_fits_or_scrolls(size: tuple[int, int]) -> None:
    # One app opens every dialog in turn, closing each before the next.
    app = real_app()
    async with app.run_test(size=size) as pilot:
        for keys in DIALOG_KEYS:
            opened = "+".join(keys)
            await pilot.press(*keys)
            await pilot.pause()
            dialog = app.screen.query_one("#dialog")
            # It opens at its top: its title (what it is) shows first, whatever scrolls.
            assert dialog.scroll_y == 0, (opened, dialog.scroll_y)
            screen_region = app.screen.region
            assert screen_region.contains_region(dialog.region), (opened, dialog.region)
            inside = dialog.content_region
            for child in dialog.children:
                if not child.display:
                    continue
                if dialog.max_scroll_y == 0:
                    # Everything shows at once: no part of the dialog is cut off.
                    assert inside.contains_region(child.region), (opened, child, inside)
            # What does not fit scrolls: the last part of the dialog can be brought into view.
            last = [child for child in dialog.children if child.display][-1]
            dialog.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert inside.contains_region(last.region), (opened, last, last.region, inside)
            for _ in keys:
                if isinstance(app.screen, TimelineScreen):
                    break
                await pilot.press("escape")
            assert isinstance(app.screen, TimelineScreen), f"{opened}: escape did not close it"


async def test_the_date_dialog_shows_its_examples_whole_at_60x20() -> None:
    app = mini_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "mid-2024, 2020至2025年 (empty: no limit)" in text, text
        assert "2025年底, Q3 2025 (empty: no limit)" in text, text


# -- selection and state at a glance ----------------------------------------------------


async def test_the_selected_sentence_is_the_accent_unlike_any_passage() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "full_stop")
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            _assert_the_selection_is_the_accent(app, theme)


def _assert_the_selection_is_the_accent(app: TimelineApp, theme: str) -> None:
    view = app.screen.query_one(ArticleView)
    selection = view.get_component_rich_style("article-view--selection").bgcolor
    passage = view.get_component_rich_style("article-view--passage").bgcolor
    current = view.get_component_rich_style("article-view--current").bgcolor
    assert selection is not None, theme
    accent = Color.parse(app.current_theme.accent or "").rgb
    assert all(abs(a - b) <= 2 for a, b in zip(selection.triplet, accent, strict=True))
    assert selection not in (passage, current), theme
    # What is drawn: a selected cell has the accent behind it.
    backgrounds = {
        span.style.bgcolor.triplet
        for line in screen_styled_lines(app)
        for span in line.spans
        if isinstance(span.style, Style) and span.style.bgcolor is not None
        and span.style.bgcolor.triplet is not None
    }
    assert selection.triplet in backgrounds, theme


def _contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        linear = [
            value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
            for value in (channel / 255 for channel in rgb)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_year_headings_read_at_4_5_to_1_in_both_schemes(language: str) -> None:
    app = mini_app()
    async with app.run_test(size=(110, 30)) as pilot:
        app.language = language
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            headings = [line for line in screen_styled_lines(app) if "─ 2019 ─" in line.plain]
            assert headings, theme
            checked = set()
            for span in headings[0].spans:
                words = headings[0].plain[span.start : span.end].strip("─ ▏│")
                style = span.style
                if not words or not isinstance(style, Style):
                    continue
                assert style.color is not None and style.bgcolor is not None
                ratio = _contrast(style.color.get_truecolor(), style.bgcolor.get_truecolor())
                assert ratio >= 4.5, (theme, words, round(ratio, 2))
                checked.add(words)
            assert "2019" in checked and ("1 event" in checked or "1 件" in checked), checked


async def test_unchecked_boxes_are_empty_and_checked_ones_marked() -> None:
    app = mini_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        children = app.screen.query_one("#children", Checkbox)
        picker = app.screen.query_one(PickerList)
        for theme in THEMES:
            app.theme = theme
            for on in (False, True):
                children.value = on
                await pilot.pause()
                box = children.get_component_rich_style("toggle--button")
                assert (box.color == box.bgcolor) is not on, (theme, on, box)
            unchecked = picker.get_component_rich_style("selection-list--button")
            checked = picker.get_component_rich_style("selection-list--button-selected")
            assert unchecked.color == unchecked.bgcolor, theme
            assert checked.color != checked.bgcolor, theme


# -- the first frame ------------------------------------------------------------------


@pytest.mark.parametrize("corpus", ["mini", "real"])
async def test_the_first_painted_frame_is_the_final_one(
    monkeypatch: pytest.MonkeyPatch, corpus: str
) -> None:
    """What the list and the detail draw the first time they draw is what they show once
    the app has settled: no "No events." and no list scrolled past its first heading."""
    first: dict[str, object] = {}

    def recording(cls: type, name: str, what: Callable[[object], object]) -> None:
        original = cls.render_lines  # type: ignore[attr-defined]

        def render_lines(self: object, crop: object) -> object:
            first.setdefault(name, what(self))
            return original(self, crop)

        monkeypatch.setattr(cls, "render_lines", render_lines)

    recording(EventDetail, "detail", lambda detail: detail.text.plain)  # type: ignore[attr-defined]
    recording(TimelineList, "list top", lambda timeline: round(timeline.scroll_y))  # type: ignore[attr-defined]
    if corpus == "real" and not REAL_EVENTS.is_file():
        pytest.skip("real corpus not curated yet")
    app = mini_app() if corpus == "mini" else real_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        detail = app.screen.query_one(EventDetail)
        timeline = app.screen.query_one(TimelineList)
        assert "No events" not in str(first["detail"])
        assert first["detail"] == detail.text.plain
        assert first["list top"] == round(timeline.scroll_y) == 0
