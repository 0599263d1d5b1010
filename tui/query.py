"""Filtering the timeline: precomputed folded text, actor hierarchy, themes, dates, status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tui.dates import narrowed
from tui.fold import fold, fold_many
from tui.model import Corpus, Event


@dataclass(frozen=True, slots=True)
class Filters:
    """Everything that narrows the timeline; the empty Filters shows every event."""

    query: str = ""
    """Free text, matched folded against titles, summaries, quotes, actor and theme names."""
    actors: frozenset[str] = frozenset()
    """Actor ids; an event matches if it names any of them (OR)."""
    themes: frozenset[str] = frozenset()
    """Theme ids; an event matches if it has any of them (OR)."""
    include_children: bool = False
    """Whether choosing an actor also chooses its child organisations."""
    date_from: date | None = None
    """Earliest day of interest; events that end before it are hidden."""
    date_to: date | None = None
    """Latest day of interest; events that start after it are hidden."""
    status: str | None = None
    """"happened" or "planned", or None for both."""

    @property
    def active(self) -> bool:
        """True when any filter narrows the timeline."""
        return bool(
            self.query.strip()
            or self.actors
            or self.themes
            or self.date_from
            or self.date_to
            or self.status
        )


class TimelineIndex:
    """A corpus prepared for fast filtering: folded search text and lookup tables."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.events: tuple[Event, ...] = corpus.events
        actor_texts = {
            actor.id: " ".join((actor.id, actor.name.en, actor.name.zh, *actor.aliases))
            for actor in corpus.actors.values()
        }
        theme_texts = {
            theme.id: " ".join((theme.id, theme.name.en, theme.name.zh))
            for theme in corpus.themes.values()
        }
        haystacks = []
        for event in self.events:
            parts = [event.id, event.title.en, event.title.zh]
            if event.summary is not None:
                parts += [event.summary.en, event.summary.zh]
            parts += [quote.text for quote in event.quotes]
            parts += [actor_texts.get(actor_id, actor_id) for actor_id in event.actors]
            parts += [theme_texts.get(theme_id, theme_id) for theme_id in event.themes]
            haystacks.append("\n".join(parts))
        self.haystacks: list[str] = fold_many(haystacks)
        """Folded search text of each event, in event order."""
        self.spans: list[tuple[int, int]] = [
            (first.toordinal(), last.toordinal())
            for first, last in (narrowed(event.date) for event in self.events)
        ]
        self.actor_names: dict[str, set[str]] = {}
        """Folded name or alias → actor ids that carry it."""
        for actor in corpus.actors.values():
            names = (actor.id, actor.name.en, actor.name.zh, *actor.aliases)
            for name in fold_many(list(names)):
                self.actor_names.setdefault(name.strip(), set()).add(actor.id)
        self.theme_names: dict[str, set[str]] = {}
        """Folded theme id or name → theme ids."""
        for theme in corpus.themes.values():
            for name in fold_many([theme.id, theme.name.en, theme.name.zh]):
                self.theme_names.setdefault(name.strip(), set()).add(theme.id)
        self.children: dict[str, list[str]] = {}
        """Actor id → ids of its direct child organisations."""
        for actor in corpus.actors.values():
            if actor.parent is not None:
                self.children.setdefault(actor.parent, []).append(actor.id)
        self.actor_counts: Counter[str] = Counter(
            actor_id for event in self.events for actor_id in event.actors
        )
        self.theme_counts: Counter[str] = Counter(
            theme_id for event in self.events for theme_id in event.themes
        )

    def descendants(self, actor_id: str) -> set[str]:
        """Return `actor_id` and every organisation below it in the hierarchy."""
        found = {actor_id}
        pending = [actor_id]
        while pending:
            for child in self.children.get(pending.pop(), []):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found

    def find_actors(self, name: str) -> set[str]:
        """Actor ids whose id, name or alias equals `name` after folding."""
        return set(self.actor_names.get(fold(name).strip(), set()))

    def find_themes(self, name: str) -> set[str]:
        """Theme ids whose id or name equals `name` after folding."""
        return set(self.theme_names.get(fold(name).strip(), set()))

    def search_names(self, text: str, names: dict[str, set[str]]) -> set[str]:
        """Ids whose folded names contain `text` folded (for pickers narrowing as you type)."""
        needle = fold(text).strip()
        if not needle:
            return {item for ids in names.values() for item in ids}
        return {item for name, ids in names.items() if needle in name for item in ids}

    def visible(self, filters: Filters) -> list[int]:
        """Indices of the events that pass every filter, in chronological order.

        Args:
            filters: the active filters; actors AND themes AND query AND dates AND status.

        Returns:
            Positions into `self.events`.
        """
        wanted_actors: set[str] = set()
        for actor_id in filters.actors:
            if filters.include_children:
                wanted_actors |= self.descendants(actor_id)
            else:
                wanted_actors.add(actor_id)
        needles = fold(filters.query).split() if filters.query.strip() else []
        low = filters.date_from.toordinal() if filters.date_from else None
        high = filters.date_to.toordinal() if filters.date_to else None
        result: list[int] = []
        events, haystacks, spans = self.events, self.haystacks, self.spans
        for position, event in enumerate(events):
            if filters.status is not None and event.status != filters.status:
                continue
            if low is not None and spans[position][1] < low:
                continue
            if high is not None and spans[position][0] > high:
                continue
            if wanted_actors and wanted_actors.isdisjoint(event.actors):
                continue
            if filters.themes and filters.themes.isdisjoint(event.themes):
                continue
            if needles:
                haystack = haystacks[position]
                if not all(needle in haystack for needle in needles):
                    continue
            result.append(position)
        return result


def years_histogram(events: Sequence[Event], positions: Iterable[int]) -> dict[int, int]:
    """Count the given events per year, every year from the first to the last present."""
    counts: Counter[int] = Counter(events[position].date.year for position in positions)
    if not counts:
        return {}
    return {year: counts.get(year, 0) for year in range(min(counts), max(counts) + 1)}
