"""Suggestions for a new event drawn from a passage, and the dates no event quotes yet."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from tui.core.curate import EventDraft, QuoteDraft
from tui.core.fold import fold, fold_many
from tui.core.model import Actor, Corpus, Event, Theme
from tui.core.names import ActorNames
from tui.core.temporal import Mention

__all__ = [
    "actor_names",
    "actors_in",
    "draft_of",
    "guess_status",
    "named_in",
    "occurrence_of",
    "suggest_id",
    "themes_in",
    "uncovered",
]

_ID_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHE = re.compile(r"(?<=[a-z0-9])['’](?=[a-z])")
"""An apostrophe inside a word ("government's", "gov't"): the word stays whole in an id."""
_ID_WORDS = 6
"""At most this many words of the English title go into a suggested id."""
_STEM = 6
"""Letters of an English theme word that must start a word of the passage ("tokeni…")."""


def guess_status(mention: Mention, published: date) -> str:
    """ "planned" when the date's first day lies after the article's date, else "happened"."""
    first = mention.first if mention.first is not None else mention.last
    return "planned" if first is not None and first > published else "happened"


def actors_in(text: str, actors: Iterable[Actor]) -> list[str]:
    """Ids of the actors whose name or alias occurs in `text`, in any script or width.

    Args:
        text: the passage.
        actors: every actor of the corpus.

    Returns:
        Actor ids, longest matching name first.
    """
    return named_in(text, actor_names(actors))


def actor_names(actors: Iterable[Actor]) -> ActorNames:
    """The names of `actors`, gathered once for `named_in` to search many passages."""
    return ActorNames(actors)


def named_in(text: str, names: ActorNames) -> list[str]:
    """Ids of the actors of `names` named in `text`, found as the article view highlights them."""
    return names.named_in(text)


def themes_in(text: str, themes: Iterable[Theme]) -> list[str]:
    """Ids of the themes whose id or name occurs in `text` (English words by their stem).

    Args:
        text: the passage.
        themes: every theme of the corpus.

    Returns:
        Theme ids, in the order of `themes`.
    """
    folded = fold(text)
    found = []
    for theme in themes:
        names = [name.strip() for name in fold_many([theme.id, theme.name.en, theme.name.zh])]
        stems = [
            word[:_STEM]
            for name in names
            for word in _ID_WORD.findall(name)
            if len(word) >= _STEM - 1
        ]
        if any(name and name in folded for name in names) or any(
            re.search(r"(?<![a-z0-9])" + re.escape(stem), folded) for stem in stems
        ):
            found.append(theme.id)
    return found


def suggest_id(title_en: str, date_value: str, taken: Iterable[str]) -> str:
    """An event id from the English title (or the date), unique among `taken`.

    Args:
        title_en: the English title typed so far.
        date_value: the chosen date value, used when the title has no latin words.
        taken: ids already in use.

    Returns:
        A lower-case, hyphenated id.
    """
    words = _ID_WORD.findall(_APOSTROPHE.sub("", fold(title_en)))[:_ID_WORDS]
    base = "-".join(words) or (f"event-{date_value.lower()}" if date_value else "event")
    used = set(taken)
    candidate = base
    number = 2
    while candidate in used:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def occurrence_of(article: str, quote: str, start: int) -> int | None:
    """Which occurrence of `quote` in `article` begins at `start` (None when it occurs once)."""
    offsets = []
    found = article.find(quote)
    while found != -1:
        offsets.append(found)
        found = article.find(quote, found + 1)
    if len(offsets) <= 1:
        return None
    return offsets.index(start) + 1 if start in offsets else 1


def draft_of(event: Event, corpus: Corpus) -> EventDraft:
    """The draft an edit form starts from: `event` as it is in the corpus."""
    quotes = []
    for quote in event.quotes:
        source = corpus.sources.get(quote.source)
        article = source.text if source is not None else ""
        quotes.append(
            QuoteDraft(quote.source, quote.text, occurrence_of(article, quote.text, quote.start))
        )
    return EventDraft(
        id=event.id,
        date=event.date.value,
        status=event.status,
        title_en=event.title.en,
        title_zh=event.title.zh,
        actors=event.actors,
        themes=event.themes,
        quotes=tuple(quotes),
        mod=event.date.mod,
        date_text=event.date_text,
        summary_en=event.summary.en if event.summary is not None else "",
        summary_zh=event.summary.zh if event.summary is not None else "",
    )


def uncovered(mentions: Sequence[Mention], spans: Iterable[tuple[int, int]]) -> list[Mention]:
    """The mentions that lie inside none of `spans` (the passages events quote).

    Args:
        mentions: dated mentions of an article, in text order.
        spans: (start, end) of every quoted passage of that article.

    Returns:
        The mentions no event quotes yet, in text order.
    """
    covered = list(spans)
    return [
        mention
        for mention in mentions
        if not any(start <= mention.start and mention.end <= end for start, end in covered)
    ]
