"""The timeline screen: header, year histogram, the event list and the detail pane."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from tui.core.article_text import passage_index, passages_in
from tui.core.labels import describe_filters
from tui.core.query import Filters
from tui.core.rows import TimelineRows, build_rows, event_years, year_counts, years_ordered
from tui.core.scripts import SCRIPT_NAMES
from tui.core.text_fitting import safe_text
from tui.screens.clipboard import copy_quote
from tui.screens.host import CorpusRevision, host
from tui.screens.sizes import NARROW_WIDTH, SHORT_TIMELINE, TIGHT_WIDTH
from tui.widgets.detail import EventDetail, event_content
from tui.widgets.footer import KeyFooter
from tui.widgets.histogram import YearHistogram
from tui.widgets.search import SearchInput
from tui.widgets.timeline_list import TimelineList

if TYPE_CHECKING:
    # The dialogs and the article screen load when first opened, not for the first paint.
    from tui.screens.dates import PickedDates
    from tui.screens.picker import Picked
    from tui.widgets.lanes import LanesView

__all__ = ["FOLLOW_GAP", "LIVE_SEARCH_EVENTS", "PREVIEW_EVENTS", "SEARCH_PAUSE", "TimelineScreen"]

LIVE_SEARCH_EVENTS = 200_000
"""Up to this many events the search filters on every key; above, after a pause.

The index searches incrementally (a query typed on searches only the previous result), so
a keystroke stays within a few frames at 100,000 events (see ``make bench``)."""
SEARCH_PAUSE = 0.15
"""Seconds of no typing before a big corpus is searched."""
FOLLOW_GAP = 0.07
"""Cursor moves less than this many seconds apart come from a held key or fast typing.

A keyboard repeats a held key every 30-50 ms; keys pressed one at a time come further
apart. While moves come this fast, the detail pane and the histogram follow once they stop
for this long, so each repeat costs the list's frame and not the detail pane's as well."""
PREVIEW_EVENTS = 20_000
"""From this many events on, a search of common letters first shows the rows around the
cursor (`TimelineIndex.preview`) and works out the rest off the UI thread."""


class TimelineScreen(Screen[None]):
    """Filters live here, as one var; the list and panes are handed what to show."""

    # The footer lists these in this order (after the list's Open and Year) and cuts what
    # does not fit, so the most wanted keys come first; the help lists every key.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.leave", "Quit"),
        Binding("question_mark", "app.help", "Help"),
        # The way into the lanes (and, from the lanes' own binding, back) stays in view at 80
        # columns.
        Binding("v", "toggle_lanes", "Lanes"),
        Binding("slash", "search", "Search"),
        Binding("a", "pick_actors", "Actors"),
        Binding("d", "pick_dates", "Dates"),
        Binding("S", "cycle_status", "Status", show=False),
        Binding("c", "clear_filters", "Clear"),
        # After Clear: at 80 columns `v` takes its place, and Clear is the way out of filters.
        Binding("t", "pick_themes", "Themes"),
        Binding("i", "toggle_detail", "Detail"),
        Binding("ctrl+p", "app.command_palette", "Palette", priority=True),
        Binding("s", "app.cycle_script", "Script"),
        Binding("l", "app.toggle_language", "EN/中"),
        Binding("e", "edit_event", "Edit"),
        Binding("D", "delete_event", "Delete"),
        Binding("u", "app.undo", "Undo"),
        Binding("y", "copy_quote", "Copy quote", show=False),
    ]

    filters: var[Filters] = var(Filters(), init=False)
    """Every active filter; its watcher recomputes the visible events.

    A var, not a reactive: a reactive would repaint the whole screen on every keystroke,
    while the watcher already refreshes just the widgets whose content changes."""

    @dataclass
    class SearchDone(Message):
        """A search finished off the UI thread."""

        filters: Filters
        """The filters it answers."""
        found: list[int]
        """Their visible events."""

    def __init__(self) -> None:
        super().__init__()
        self._event_years: list[int] = []
        self._years_ordered = True
        self._years = (0, -1)
        self._visible: Sequence[int] = ()
        """The events the filters let through (all of them, or a search's first part)."""
        self._complete = True
        """False while `_visible` is only the part of a search's result around the cursor."""
        self._list_behind = False
        """True when the list's rows are not laid out for `_visible` yet: while the lanes are
        shown, filters go to them alone (see `_list_rows`)."""
        self._search_timer: Timer | None = None
        self._indicators_shown = ""
        self._follow_pending = False
        self._follow_timer: Timer | None = None
        self._last_move = -math.inf
        self.clock: Callable[[], float] = time.monotonic
        """When the cursor moves (seconds); tests replace it."""
        self.follow_gap = FOLLOW_GAP
        """`FOLLOW_GAP` for this screen; tests lengthen it so a slow machine cannot let go."""
        self.today: Callable[[], date] = date.today
        """Today's date, which the lanes view marks; tests fix it."""
        self._detail_chosen: bool | None = None
        """Whether the user chose to see the detail pane (`i` or the saved setting); None
        for the default (shown when wide, hidden when narrow)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Static(id="summary", markup=False)
            yield Static(id="indicators", markup=False)
        yield YearHistogram(id="histogram")
        with Horizontal(id="body"):
            yield TimelineList(host(self).corpus, id="timeline")
            yield EventDetail(id="detail")
        # The search bar is mounted on the first `/` (see `_search_input`).
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        app = host(self)
        events_ = app.corpus.events
        self._event_years = event_years(events_)
        self._years_ordered = years_ordered(self._event_years)
        self._years = (min(self._event_years), max(self._event_years)) if events_ else (0, -1)
        timeline = self.query_one(TimelineList)
        self.watch(self.app, "language", self._display_changed, init=False)
        self.watch(self.app, "script", self._display_changed, init=False)
        self.watch(self.app, "corpus_revision", self._corpus_changed, init=False)
        # Problems found after the first paint (the date_text cross-check) join the count.
        self.watch(self.app, "problems_revision", self._update_status, init=False)
        # Followed as the cursor moves (see `_current_changed`).
        self.watch(timeline, "current", self._current_changed, init=False)
        # Rows first, then the detail of the event under the cursor: the first frame painted
        # is the settled one (no "No events." while the list fills).
        app_display = app.converter.converter_for(app.script)
        timeline.set_display(app.language, app_display)
        self._apply_filters()
        self._show_detail(timeline.highlighted)
        timeline.focus()

    # -- state ---------------------------------------------------------------------

    def watch_filters(self) -> None:
        self._apply_filters()

    def _apply_filters(self) -> None:
        app = host(self)
        timeline = self.query_one(TimelineList)
        filters = self.filters
        # A search still working out an earlier query is not needed any more.
        self.workers.cancel_group(self, "search")
        if filters.active:
            if filters.query.strip() and len(app.corpus.events) >= PREVIEW_EVENTS:
                anchor = self._cursor_position()
                rows_wanted = max(timeline.size.height, 10) + 1
                preview = app.index.preview(filters, anchor or 0, rows_wanted)
                if preview is not None:
                    self._show_visible(preview, complete=False)
                    # Started once the first rows are painted: a thread holding the GIL
                    # would slow that frame down.
                    self.call_after_refresh(self._complete_search, filters)
                    return
            visible = app.index.visible(filters)
        else:
            # Everything is shown: no need to wait for the search index.
            visible = list(range(len(app.corpus.events)))
        self._show_visible(visible)

    def _show_visible(self, visible: Sequence[int], *, complete: bool = True) -> None:
        """Show the events at `visible` (ascending) in the view shown, the list or the lanes."""
        self._visible, self._complete = visible, complete
        lanes = self._lanes_view()
        if lanes is None:
            self._list_behind = False
            self._show_rows(build_rows(self._event_years, visible, complete=complete))
            return
        # The list's rows wait until the list is shown again: laying out 100,000 of them
        # would take a good part of the frame that draws the lanes.
        self._list_behind = True
        lanes.empty_text = self._empty_text()
        lanes.set_visible(visible, lanes.current)
        if lanes.current is None:
            self._show_detail(None)
        if complete:
            counts = (
                year_counts(self._event_years, visible)
                if self._years_ordered
                else build_rows(self._event_years, visible).year_counts
            )
            self.query_one(YearHistogram).show(
                counts, self._years[0], self._years[1], self._selected_year()
            )
        self._update_status()

    def _show_rows(self, rows: TimelineRows) -> None:
        timeline = self.query_one(TimelineList)
        timeline.empty_text = self._empty_text()
        timeline.set_rows(rows, timeline.highlighted)
        if timeline.current is None:
            self._show_detail(None)
        if rows.complete:
            self.query_one(YearHistogram).show(
                rows.year_counts, self._years[0], self._years[1], self._selected_year()
            )
        self._update_status()

    def _list_rows(self, keep: int | None = None) -> TimelineList:
        """The list, its rows laid out for the filters now (they wait while the lanes are
        shown), its cursor on `keep` when given."""
        timeline = self.query_one(TimelineList)
        if self._list_behind:
            self._list_behind = False
            rows = build_rows(self._event_years, self._visible, complete=self._complete)
            timeline.set_rows(rows, keep if keep is not None else timeline.highlighted)
        elif keep is not None:
            timeline.set_rows(timeline.rows, keep)
        return timeline

    @work(thread=True, exclusive=True, group="search")
    def _complete_search(self, filters: Filters) -> None:
        if filters != self.filters:
            return  # typed on before this began
        worker = get_current_worker()
        found = host(self).index.compute(filters, stop=lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.post_message(self.SearchDone(filters, found))

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.filters != self.filters:
            return  # typed on meanwhile: a newer search is under way
        host(self).index.remember(message.filters, message.found)
        timeline = self.query_one(TimelineList)
        # The rows around the cursor stay where they are on screen; only what was not
        # known yet (the rows further off, the counts) appears.
        line = timeline.cursor_row - round(timeline.scroll_y)
        self._show_visible(message.found)
        if self._list_behind:
            return
        if timeline.cursor_row >= 0 and 0 <= line < timeline.scrollable_content_region.height:
            timeline.scroll_to(y=max(0, timeline.cursor_row - line), animate=False, immediate=True)

    def _display_changed(self) -> None:
        app = host(self)
        convert = app.converter.converter_for(app.script)
        timeline = self.query_one(TimelineList)
        timeline.empty_text = self._empty_text()
        timeline.set_display(app.language, convert)
        lanes = self._lanes_mounted()
        if lanes is not None:
            lanes.empty_text = timeline.empty_text
            lanes.set_display(app.language, convert)
        self._show_detail(self._cursor_position())
        self._update_status()

    def _lanes_view(self) -> LanesView | None:
        """The lanes view when it is the one shown (it is mounted on the first `v`)."""
        if not self.has_class("-lanes"):
            return None
        return self._lanes_mounted()

    def _lanes_mounted(self) -> LanesView | None:
        """The lanes view, shown or not, once mounted."""
        for widget in self.query("#lanes"):
            return cast("LanesView", widget)
        return None

    def _cursor_position(self) -> int | None:
        """The event under the cursor of the view shown: the list's or the lanes'."""
        lanes = self._lanes_view()
        if lanes is not None:
            return lanes.current
        return self.query_one(TimelineList).highlighted

    def _selected_year(self) -> int | None:
        position = self._cursor_position()
        if position is None:
            return None
        return host(self).corpus.events[position].date.year

    def filter_phrases(self) -> list[str]:
        """The active filters, one phrase each, as the header says them."""
        app = host(self)
        filters = self.filters
        return describe_filters(
            app.corpus,
            query=filters.query,
            actors=filters.actors,
            themes=filters.themes,
            include_children=filters.include_children,
            date_from=filters.date_from,
            date_to=filters.date_to,
            lang=app.language,
            status=filters.status,
            date_from_text=filters.date_from_text,
            date_to_text=filters.date_to_text,
        )

    def _update_status(self) -> None:
        app = host(self)
        total = len(app.corpus.events)
        count = (
            f"{len(self._visible):,} of {total:,} events"
            if self._complete
            else f"searching {total:,} events…"
        )
        phrases = self.filter_phrases()
        convert = app.converter.converter_for(app.script)
        summary = Content.assemble(
            (count, "bold"),
            *[
                part
                for phrase in phrases
                for part in (
                    ("  ·  ", "$text-muted"),
                    # The search is the user's own words: shown as typed (OpenCC's
                    # Hong Kong table would turn 余伟文 into 餘偉文).
                    safe_text(phrase)
                    if phrase.startswith("search: ")
                    else convert(safe_text(phrase)),
                )
            ],
        )
        # The summary's box is fixed (1fr × 1 row): a new text needs no layout pass.
        self.query_one("#summary", Static).update(summary, layout=False)
        separator = " · " if self.has_class("-tight") else "  ·  "
        indicators: list[str | tuple[str, str]] = [
            ("EN" if app.language == "en" else "中文", "bold"),
            (separator, "$text-muted"),
            SCRIPT_NAMES[app.script],
        ]
        problems = len(app.result.problems)
        if problems:
            noun = "problem" if problems == 1 else "problems"
            indicators += [
                (separator, "$text-muted"),
                (f"{problems} {noun} (!)", "bold $text-warning"),
            ]
        shown_indicators = Content.assemble(*indicators)
        indicator_widget = self.query_one("#indicators", Static)
        if shown_indicators.plain != self._indicators_shown:
            # Its width follows its text, so only a changed text costs a layout pass.
            self._indicators_shown = shown_indicators.plain
            indicator_widget.update(shown_indicators)

    def _empty_text(self) -> str:
        """What the list and the detail say when no event is shown."""
        app = host(self)
        if app.language == "zh":
            text = "沒有相符的事件 — 按 c 清除篩選" if self.filters.active else "沒有事件。"
            return app.converter.converter_for(app.script)(text)
        return "Nothing matches — c clears the filters." if self.filters.active else "No events."

    def _show_detail(self, position: int | None) -> None:
        app = host(self)
        detail = self.query_one(EventDetail)
        if position is None:
            detail.show(Content(self._empty_text()))
            return
        event = app.corpus.events[position]
        detail.show(event_content(event, app.corpus, app.language, app.converter, app.script))

    # -- messages up from the list -------------------------------------------------

    def _current_changed(self) -> None:
        now = self.clock()
        rapid = now - self._last_move < self.follow_gap
        self._last_move = now
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
        if rapid:
            # A held key: the detail and the histogram follow once the moves stop.
            self._follow_timer = self.set_timer(self.follow_gap, self._follow_cursor)
            return
        # The list repaints in this frame; the detail and the histogram follow in the next,
        # once for however many moves were made meanwhile, so no frame carries both.
        if not self._follow_pending:
            self._follow_pending = True
            self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._follow_pending = False
        self._show_detail(self._cursor_position())
        self.query_one(YearHistogram).select(self._selected_year())

    def on_lanes_view_selected(self, message: LanesView.Selected) -> None:
        self._selected(message)

    @on(TimelineList.Selected)
    def _selected(self, message: TimelineList.Selected | LanesView.Selected) -> None:
        self.choose_quote(
            message.position,
            partial(self.open_event, message.position),
            title="Open which quote's article?",
            help_text="enter or 1-9 opens the article at that passage · esc closes",
        )

    def choose_quote(
        self, position: int, then: Callable[[int], object], *, title: str, help_text: str
    ) -> None:
        """Call `then` with the index of one of event `position`'s quotes.

        With one quote that is the one; with several, a dialog asks which.
        """
        event = host(self).corpus.events[position]
        if len(event.quotes) == 1:
            then(0)
        elif event.quotes:
            from tui.screens.quotes import QuoteChooserScreen

            def chosen(index: int | None) -> None:
                if index is not None:
                    then(index)

            self.app.push_screen(QuoteChooserScreen(event, title, help_text), chosen)

    def action_copy_quote(self) -> None:
        """Copy the current event's quote (chosen when it has several) with its citation."""
        position = self._cursor_position()
        if position is None:
            self.notify("No event selected: nothing to copy.", severity="warning")
            return
        self.choose_quote(
            position,
            partial(copy_quote, self.app, position),
            title="Copy which quote?",
            help_text="enter or 1-9 copies it with its citation · esc closes",
        )

    def open_event(self, position: int, quote_index: int = 0) -> None:
        """Open the article of the event's quote `quote_index` at that passage."""
        corpus = host(self).corpus
        event = corpus.events[position]
        if not event.quotes:
            return
        quote = event.quotes[min(quote_index, len(event.quotes) - 1)]
        from tui.screens.source import SourceScreen

        passages = passages_in(corpus.events, quote.source)
        index = passage_index(passages, position, quote.start)
        self.app.push_screen(SourceScreen(quote.source, passages, index))

    def open_source(self, source_id: str) -> None:
        """Open article `source_id` at its first quoted passage."""
        corpus = host(self).corpus
        if source_id not in corpus.sources:
            return
        from tui.screens.source import SourceScreen

        passages = passages_in(corpus.events, source_id)
        self.app.push_screen(SourceScreen(source_id, passages, 0 if passages else None))

    # -- search --------------------------------------------------------------------

    async def _search_input(self) -> SearchInput:
        """The search field; mounted the first time it is wanted, as it is hidden till then."""
        for search in self.query(SearchInput):
            return search
        search = SearchInput(
            placeholder="titles, summaries, quotes, names — Enter keeps, Esc clears",
            id="search",
            compact=True,
        )
        bar = Horizontal(Label(Content("Search "), id="search-label"), search, id="search-bar")
        await self.mount(bar, before=self.query_one(KeyFooter))
        self.watch(search, "value", self._search_typed, init=False)
        return search

    async def action_search(self) -> None:
        search = await self._search_input()
        self.add_class("-searching")
        search.value = self.filters.query
        search.cursor_position = len(search.value)
        search.focus()

    def _search_typed(self, query: str) -> None:
        # A watcher of the field's value rather than a handler of its Changed message, which
        # arrives after the frame that echoes the key: the results share that frame.
        if not self.has_class("-searching"):
            return
        self._stop_search_timer()
        if len(host(self).corpus.events) <= LIVE_SEARCH_EVENTS:
            self._set_query(query)
        else:
            # A big corpus takes a moment per search: wait for a pause in the typing.
            self._search_timer = self.set_timer(SEARCH_PAUSE, lambda: self._set_query(query))

    def _set_query(self, query: str) -> None:
        self.filters = replace(self.filters, query=query)

    def _stop_search_timer(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    @on(SearchInput.Submitted)
    def _search_kept(self, message: SearchInput.Submitted) -> None:
        self._stop_search_timer()
        self._set_query(message.value)
        self.remove_class("-searching")
        self._focus_view()

    @on(SearchInput.Cancelled)
    def _search_cleared(self) -> None:
        self._stop_search_timer()
        self.remove_class("-searching")
        self._set_query("")
        self._focus_view()

    # -- pickers -------------------------------------------------------------------

    def action_pick_actors(self) -> None:
        from tui.screens.picker import PickerScreen

        self.app.push_screen(
            PickerScreen("actors", self.filters.actors, self.filters.include_children),
            self._picked_actors,
        )

    def _picked_actors(self, picked: Picked | None) -> None:
        if picked is not None:
            self.filters = replace(
                self.filters, actors=picked.chosen, include_children=picked.include_children
            )

    def action_pick_themes(self) -> None:
        from tui.screens.picker import PickerScreen

        self.app.push_screen(
            PickerScreen("themes", self.filters.themes, False), self._picked_themes
        )

    def _picked_themes(self, picked: Picked | None) -> None:
        if picked is not None:
            self.filters = replace(self.filters, themes=picked.chosen)

    def action_pick_dates(self) -> None:
        from tui.screens.dates import DateRangeScreen

        filters = self.filters
        self.app.push_screen(
            DateRangeScreen(
                filters.date_from, filters.date_to, filters.date_from_text, filters.date_to_text
            ),
            self._picked_dates,
        )

    def _picked_dates(self, picked: PickedDates | None) -> None:
        if picked is not None:
            self.filters = replace(
                self.filters,
                date_from=picked.range.first,
                date_to=picked.range.last,
                date_from_text=picked.first_text if picked.range.first else "",
                date_to_text=picked.last_text if picked.range.last else "",
            )

    def action_cycle_status(self) -> None:
        """Show every event → only those that happened → only planned ones → every event."""
        order: list[str | None] = [None, "happened", "planned"]
        self.filter_by_status(order[(order.index(self.filters.status) + 1) % len(order)])

    def action_clear_filters(self) -> None:
        self._stop_search_timer()
        for search in self.query(SearchInput):
            search.value = ""
        self.remove_class("-searching")
        self.filters = Filters()
        self._focus_view()

    # -- commands (palette) --------------------------------------------------------

    def filter_by_actor(self, actor_id: str) -> None:
        """Show only the events of `actor_id`, other filters kept.

        Child organisations count as the actor picker's switch says (off unless turned on),
        so the palette and the picker give the same answer.
        """
        self.filters = replace(self.filters, actors=frozenset({actor_id}))

    def filter_by_theme(self, theme_id: str) -> None:
        """Show only the events of theme `theme_id`, other filters kept."""
        self.filters = replace(self.filters, themes=frozenset({theme_id}))

    def jump_to_year(self, year: int) -> None:
        """Move the cursor to the first event of `year`, clearing filters that hide it."""
        timeline = self._list_rows()
        if not timeline.move_to_year(year):
            self.filters = replace(
                self.filters, date_from=None, date_to=None, date_from_text="", date_to_text=""
            )
            self._list_rows().move_to_year(year)
        self._lanes_follow_list()

    def select_event(self, event_id: str) -> None:
        """Put the cursor on event `event_id`, clearing the filters when they hide it."""
        timeline = self._list_rows()
        ids = [event.id for event in host(self).corpus.events]
        if event_id not in ids:
            return
        position = ids.index(event_id)
        if timeline.rows.row_of(position) is None:
            self.action_clear_filters()
        self._list_rows(position)
        self._lanes_follow_list()

    def action_export(self) -> None:
        """Ask where to write the events shown now, and in which format."""
        from pathlib import Path

        from tui.screens.export_dialog import ExportScreen

        app = self.app
        corpus = host(self).corpus
        rows = self._list_rows().rows
        positions = rows.visible if rows.complete else host(self).index.visible(self.filters)
        shown = [corpus.events[position] for position in positions]
        described = self.query_one("#summary", Static).visual
        summary = described.plain if isinstance(described, Content) else ""
        if not rows.complete:
            summary = f"{len(shown):,} of {len(corpus.events):,} events"

        def written(path: Path | None) -> None:
            if path is not None:
                noun = "event" if len(shown) == 1 else "events"
                app.notify(f"Wrote {len(shown)} {noun} to {path}", title="Exported")

        app.push_screen(
            ExportScreen(
                corpus,
                shown,
                events_path=host(self).events_path,
                seeds_dir=host(self).seeds_dir,
                cwd=Path.cwd(),
                described=summary,
            ),
            written,
        )

    def set_date_range(self, first: date | None, last: date | None) -> None:
        """Show only events overlapping `first`..`last`."""
        self.filters = replace(
            self.filters, date_from=first, date_to=last, date_from_text="", date_to_text=""
        )

    def filter_by_status(self, status: str | None) -> None:
        """Show only events that happened, or only planned ones (None: both), others kept."""
        self.filters = replace(self.filters, status=status)

    # -- curation ------------------------------------------------------------------

    def _corpus_changed(self, revision: CorpusRevision) -> None:
        """Show the app's new corpus, filters kept, the cursor on the event the change was
        about or where it was."""
        app = host(self)
        timeline = self.query_one(TimelineList)
        old_position = self._cursor_position()
        keep_id = revision.select
        if keep_id is None and old_position is not None:
            keep_id = timeline.corpus.events[old_position].id
        timeline.set_corpus(app.corpus)
        lanes = self._lanes_mounted()
        if lanes is not None:
            lanes.set_corpus(app.corpus)
        events_ = app.corpus.events
        self._event_years = event_years(events_)
        self._years_ordered = years_ordered(self._event_years)
        self._years = (min(self._event_years), max(self._event_years)) if events_ else (0, -1)
        self._apply_filters()
        timeline = self._list_rows()
        ids = [event.id for event in events_]
        if keep_id in ids:
            keep: int | None = ids.index(keep_id)
        elif old_position is not None and events_:
            keep = min(old_position, len(events_) - 1)
        else:
            keep = None
        timeline.set_rows(timeline.rows, keep)
        self._lanes_follow_list()
        self._show_detail(self._cursor_position())

    def action_edit_event(self) -> None:
        from tui.screens.curation import edit_event

        position = self._cursor_position()
        if position is not None:
            edit_event(self.app, host(self).corpus.events[position].id)

    def action_delete_event(self) -> None:
        from tui.screens.curation import delete_event

        position = self._cursor_position()
        if position is not None:
            delete_event(self.app, host(self).corpus.events[position].id)

    # -- layout --------------------------------------------------------------------

    async def action_toggle_lanes(self) -> None:
        """Switch between the list and the lanes view; filters, cursor and detail are kept."""
        timeline = self.query_one(TimelineList)
        shown = self._lanes_view()
        if shown is not None:
            position = shown.current
            self.remove_class("-lanes")
            self._list_rows(position)
            timeline.focus()
            self._show_detail(timeline.highlighted)
            return
        lanes = self._lanes_mounted()
        if lanes is None:
            # Mounted when first wanted: the list's first paint does not wait for it.
            from tui.widgets.lanes import LanesView

            app = host(self)
            lanes = LanesView(app.corpus, id="lanes")
            lanes.today = self.today
            lanes.set_display(app.language, app.converter.converter_for(app.script))
            await self.query_one("#body", Horizontal).mount(lanes, after=timeline)
            self.watch(lanes, "current", self._current_changed, init=False)
        self.add_class("-lanes")
        lanes.empty_text = self._empty_text()
        lanes.set_visible(timeline.rows.visible, timeline.highlighted)
        lanes.focus()
        self._show_detail(lanes.current)

    def _lanes_follow_list(self) -> None:
        """After the palette moved the list's cursor, the lanes' goes to the same event."""
        lanes = self._lanes_view()
        if lanes is not None:
            timeline = self._list_rows()
            lanes.set_visible(timeline.rows.visible, timeline.highlighted)

    def _focus_view(self) -> None:
        """Focus the view shown: the list or the lanes."""
        lanes = self._lanes_view()
        if lanes is not None:
            lanes.focus()
        else:
            self.query_one(TimelineList).focus()

    def lane_names(self) -> list[tuple[str, str]]:
        """(key, label) of each lane the lanes view shows; none when the list is shown."""
        lanes = self._lanes_view()
        return lanes.lane_names() if lanes is not None else []

    def hidden_lanes(self) -> frozenset[str]:
        """The lanes hidden in the lanes view's current grouping (none when the list is shown)."""
        lanes = self._lanes_view()
        return lanes.hidden[lanes.grouping] if lanes is not None else frozenset()

    def hide_lane(self, key: str) -> None:
        """Hide lane `key` of the lanes view's current grouping."""
        lanes = self._lanes_view()
        if lanes is not None:
            lanes.hide_lane(key)

    def show_every_lane(self) -> None:
        """Show every lane hidden in the lanes view's current grouping."""
        lanes = self._lanes_view()
        if lanes is not None:
            lanes.show_every_lane()

    def action_toggle_detail(self) -> None:
        # Shown by default when wide, hidden when narrow; the class says "not the default".
        shown = self.has_class("-narrow") != self.has_class("-detail-toggled")
        self._detail_chosen = shown
        self._show_detail_as_chosen()
        host(self).remember("detail", "shown" if shown else "hidden")

    def _show_detail_as_chosen(self) -> None:
        """The detail pane as the user chose it (`i`, or the saved setting), at any width."""
        if self._detail_chosen is not None:
            self.set_class(self._detail_chosen == self.has_class("-narrow"), "-detail-toggled")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        if self._detail_chosen is None:
            self._detail_chosen = host(self).preferences.detail
        # A choice holds across widths: `i` at 80 columns, then a wider terminal, keeps it.
        self._show_detail_as_chosen()
        self.set_class(event.size.height < SHORT_TIMELINE, "-short")
        tight = event.size.width < TIGHT_WIDTH
        if tight != self.has_class("-tight"):
            self.set_class(tight, "-tight")
            self._update_status()
