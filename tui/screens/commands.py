"""Command palette entries: filter by actor, theme or status, jump to a year, open an article,
hints, saved views, hide a lane, copy a quote, export, colour scheme."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.fold import fold
from tui.core.text_fitting import safe_text
from tui.screens import navigation
from tui.screens.host import host

__all__ = ["TimelineCommands", "command_entries"]


def command_entries(provider: Provider) -> Iterator[tuple[str, str, Callable[[], object]]]:
    """Every palette command as (text, help, callback).

    The help is shown as markup by the palette, so it never carries text from the data.
    """
    from tui.screens.timeline import TimelineScreen

    app = host(provider.screen)
    corpus = app.corpus

    def on_timeline(action: Callable[[TimelineScreen], None]) -> None:
        navigation.on_timeline(provider.app, action)

    for actor in corpus.actors.values():
        label = f"Filter by actor: {safe_text(actor.name.en)} {safe_text(actor.name.zh)}"
        yield (
            label,
            "events naming it; with its child organisations only when the actor picker "
            "includes them (a, ctrl+o)",
            partial(on_timeline, partial(TimelineScreen.filter_by_actor, actor_id=actor.id)),
        )
    for theme in corpus.themes.values():
        yield (
            f"Filter by theme: {safe_text(theme.name.en)} {safe_text(theme.name.zh)}",
            "events tagged with this theme",
            partial(on_timeline, partial(TimelineScreen.filter_by_theme, theme_id=theme.id)),
        )
    for status, status_help in (
        ("happened", "only events that had happened when reported"),
        ("planned", "only events still planned when reported"),
        ("any", "happened and planned events alike"),
    ):
        yield (
            f"Filter by status: {status}",
            status_help,
            partial(
                on_timeline,
                partial(
                    TimelineScreen.filter_by_status, status=None if status == "any" else status
                ),
            ),
        )
    years = sorted({event.date.year for event in corpus.events})
    for year in years:
        yield (
            f"Jump to year: {year}",
            "first event of the year",
            partial(on_timeline, partial(TimelineScreen.jump_to_year, year=year)),
        )
    for source in corpus.sources.values():
        yield (
            f"Open source: {safe_text(source.title)} ({safe_text(source.publisher)}, "
            f"{source.published.isoformat()})",
            "the article, at its first quoted passage",
            partial(on_timeline, partial(TimelineScreen.open_source, source_id=source.id)),
        )
    yield (
        "Show hints",
        "unnamed actors, likely duplicates, shared quotes, dates finer than their quotes",
        partial(provider.app.run_action, "app.hints"),
    )
    from tui.screens import views

    yield (
        "Save view: name the current filters",
        "recall them later from here or with hk-timeline list --view NAME",
        partial(on_timeline, views.save_current_view),
    )
    for name in app.preferences.views:
        yield (
            f"Open view: {name}",
            "show the timeline through this saved view's filters",
            partial(on_timeline, partial(views.open_saved_view, name=name)),
        )
        yield (
            f"Forget view: {name}",
            "remove this saved view from the settings file",
            partial(on_timeline, partial(views.forget_saved_view, name=name)),
        )
    timeline = next(
        (screen for screen in provider.app.screen_stack if isinstance(screen, TimelineScreen)),
        None,
    )
    if timeline is not None:
        for key, label in timeline.lane_names():
            yield (
                f"Hide lane: {label}",
                "the lanes view leaves it out; its events stay in their other lanes",
                partial(on_timeline, partial(TimelineScreen.hide_lane, key=key)),
            )
        if timeline.hidden_lanes():
            yield (
                "Show every hidden lane",
                "the lanes view shows the lanes hidden in this grouping again",
                partial(on_timeline, TimelineScreen.show_every_lane),
            )
    yield (
        "Copy quote with citation",
        "the quote of the current event or passage, with title, publisher and date (also y)",
        partial(_copy_quote, provider),
    )
    yield (
        "Export the filtered view",
        "the events shown now, as JSON, CSV, Markdown or TimelineJS, to a file you name",
        partial(on_timeline, TimelineScreen.action_export),
    )
    for name, theme_name in (("dark", "textual-dark"), ("light", "textual-light")):
        yield (
            f"Colour scheme: {name}",
            f"{name} colours",
            partial(setattr, provider.app, "theme", theme_name),
        )


def _copy_quote(provider: Provider) -> None:
    """Copy from the article shown, else from the timeline's current event."""
    from tui.screens.source import SourceScreen
    from tui.screens.timeline import TimelineScreen

    for screen in reversed(provider.app.screen_stack):
        if isinstance(screen, SourceScreen | TimelineScreen):
            screen.action_copy_quote()
            return


class TimelineCommands(Provider):
    """Palette commands; matching folds script, case and width like the search does."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for text, help_text, callback in command_entries(self):
            score = matcher.match(fold(text))
            if score > 0:
                yield Hit(score, Content(text), callback, text=text, help=help_text)

    async def discover(self) -> Hits:
        for text, help_text, callback in command_entries(self):
            yield DiscoveryHit(Content(text), callback, text=text, help=help_text)
