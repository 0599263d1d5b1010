"""Curation from the screens: open the event form, confirm a delete, undo, offer a reload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.app import App

from tui.core.curate import (
    ConcurrentEditError,
    Curator,
    EventDraft,
    QuoteDraft,
    describe_undo,
    merge_edit,
)
from tui.core.drafting import actors_in, draft_of, guess_status, occurrence_of, themes_in
from tui.core.errors import TimelineError
from tui.core.loader import LoadResult
from tui.core.temporal import candidates as date_candidates
from tui.core.text_fitting import note_gist, safe_text
from tui.screens.confirm import ConfirmScreen
from tui.screens.event_form import EventFormScreen
from tui.screens.host import host
from tui.screens.notices import unexpected

__all__ = ["add_quote", "delete_event", "edit_event", "new_event", "undo"]


def new_event(app: App[None], source_id: str, start: int, end: int) -> None:
    """Open the form on article `source_id`'s text[start:end], every field it can be pre-filled.

    Args:
        app: the running app.
        source_id: the article.
        start: offset of the passage.
        end: offset just past it.
    """
    timeline = host(app)
    corpus = timeline.corpus
    source = corpus.sources[source_id]
    article = source.text
    quote = article[start:end].strip()
    if not quote:
        app.notify("Select a passage first (. and , move by sentence).", severity="warning")
        return
    start = article.index(quote, start)
    candidates = date_candidates(quote, source.published)
    first = candidates[0] if candidates else None
    draft = EventDraft(
        id="",
        date=first.value if first else "",
        status=guess_status(first, source.published) if first else "happened",
        title_en="",
        title_zh="",
        actors=tuple(actors_in(quote, corpus.actors.values())),
        themes=tuple(themes_in(quote, corpus.themes.values())),
        quotes=(QuoteDraft(source_id, quote, occurrence_of(article, quote, start)),),
        mod=first.mod if first else None,
        date_text=first.text if first else None,
    )

    def save(event: EventDraft) -> None:
        timeline.curate(lambda curator: curator.add_event(event), select=event.id)

    app.push_screen(
        EventFormScreen(
            "New event",
            draft,
            corpus=corpus,
            candidates=candidates,
            chosen=0 if candidates else None,
            published=source.published,
            save=save,
            reload=timeline.reload,
            editing=False,
        ),
        lambda saved: _saved(app, saved, "added"),
    )


def edit_event(app: App[None], event_id: str) -> None:
    """Open the form on event `event_id` as it is."""
    timeline = host(app)
    corpus = timeline.corpus
    event = corpus.event(event_id)
    if event is None:
        return
    draft = draft_of(event, corpus)
    candidates = []
    published = None
    if event.quotes:
        source = corpus.sources.get(event.quotes[0].source)
        if source is not None:
            published = source.published
            candidates = date_candidates(event.quotes[0].text, published)
    chosen = next(
        (
            index
            for index, mention in enumerate(candidates)
            if mention.text == event.date_text
            and (mention.value, mention.mod) == (event.date.value, event.date.mod)
        ),
        None,
    )

    changes = [True]

    def save(changed: EventDraft) -> None:
        # The form may outlive a reload (another editor saved meanwhile): fields the user
        # did not touch take what the file holds now, not what the form showed.
        current = timeline.corpus.event(event_id)
        if current is None:
            raise TimelineError(
                f"event {event_id!r} is no longer in the events file as it now loads "
                f"(removed, renamed or made invalid by another edit); nothing was written"
            )
        stored = draft_of(current, timeline.corpus)
        merged = merge_edit(draft, changed, stored)
        changes[0] = merged != stored  # an unchanged save writes nothing, so nothing to undo
        timeline.curate(lambda curator: curator.update_event(event_id, merged), select=merged.id)

    app.push_screen(
        EventFormScreen(
            f"Edit event {event_id}",
            draft,
            corpus=corpus,
            candidates=candidates,
            chosen=chosen,
            published=published,
            save=save,
            reload=timeline.reload,
            editing=True,
        ),
        lambda saved: _saved(app, saved, "saved" if changes[0] else None),
    )


def add_quote(app: App[None], event_id: str, source_id: str, start: int, end: int) -> None:
    """Ask, then add article `source_id`'s text[start:end] to event `event_id`'s quotes.

    Args:
        app: the running app.
        event_id: the event that gets the quote.
        source_id: the article.
        start: offset of the passage.
        end: offset just past it.
    """
    timeline = host(app)
    corpus = timeline.corpus
    event = corpus.event(event_id)
    if event is None:
        return
    article = corpus.sources[source_id].text
    quote = article[start:end].strip()
    if not quote:
        app.notify("Select a passage first (. and , move by sentence).", severity="warning")
        return
    added = QuoteDraft(source_id, quote, occurrence_of(article, quote, article.index(quote, start)))
    if added in draft_of(event, corpus).quotes:
        app.notify(f"That passage is already a quote of event {event_id}.", severity="warning")
        return

    def change(curator: Curator) -> LoadResult:
        # Start from the file as it now loads, so an edit made meanwhile is kept.
        current = timeline.corpus.event(event_id)
        if current is None:
            raise TimelineError(
                f"event {event_id!r} is no longer in the events file as it now loads; "
                f"nothing was written"
            )
        stored = draft_of(current, timeline.corpus)
        merged = replace(stored, quotes=(*stored.quotes, added))
        return curator.update_event(event_id, merged)

    def answered(yes: bool | None) -> None:
        if yes:
            _change(app, change, f"Quote added to event {event_id}. u undoes.", select=event_id)

    app.push_screen(
        ConfirmScreen(
            "Add quote",
            f"Add this passage to event {event_id}? (u undoes it)\n\n"
            f"“{note_gist(' '.join(safe_text(quote).split()), 120)}”",
        ),
        answered,
    )


def _saved(app: App[None], event_id: str | None, verb: str | None) -> None:
    if event_id is None:
        return
    if verb is None:
        app.notify(f"Event {event_id} unchanged: nothing to save.")
    else:
        app.notify(f"Event {event_id} {verb}. u undoes.")


def delete_event(app: App[None], event_id: str) -> None:
    """Ask, then delete event `event_id`."""

    def answered(yes: bool | None) -> None:
        if yes:
            _change(app, lambda curator: curator.delete_event(event_id), f"Deleted {event_id}.")

    app.push_screen(
        ConfirmScreen("Delete event", f"Delete event {event_id}? (u undoes it)"), answered
    )


def undo(app: App[None]) -> None:
    """Undo the session's last change, or say there is nothing to undo."""
    if not host(app).can_undo:
        app.notify("Nothing to undo.", severity="warning")
        return
    before = host(app).corpus
    _change(app, lambda curator: curator.undo(), lambda: describe_undo(before, host(app).corpus))


def _change(
    app: App[None],
    change: Callable[[Curator], LoadResult],
    done: str | Callable[[], str],
    select: str | None = None,
) -> None:
    """Make `change`, then say `done` (or what `done` works out once the change is made)."""
    timeline = host(app)
    try:
        timeline.curate(change, select=select)
    except ConcurrentEditError as error:
        _offer_reload(app, error)
        return
    except TimelineError as error:
        app.notify(error.shown(), title="Not changed", severity="error", timeout=10)
        return
    except Exception as error:  # say so and keep the session
        app.notify(unexpected(error, "nothing was changed"), title="Not changed", severity="error")
        return
    app.notify(done if isinstance(done, str) else done())


def _offer_reload(app: App[None], error: ConcurrentEditError) -> None:
    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            host(app).reload()
        except TimelineError as reload_error:
            app.notify(reload_error.shown(), severity="error", timeout=10)
            return
        except Exception as reload_error:  # say so and keep the session
            app.notify(unexpected(reload_error, "nothing was reloaded"), severity="error")
            return
        app.notify("Reloaded the events file.")

    app.notify(error.shown(), title="Nothing was written", severity="error", timeout=10)
    app.push_screen(
        ConfirmScreen(
            "The events file changed on disk",
            "Someone changed the events file since it was loaded; nothing was written. "
            "Reload it now? (y reloads, n keeps the screen as it is)",
        ),
        answered,
    )
