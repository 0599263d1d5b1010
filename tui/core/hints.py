"""Hints: things in a valid corpus a curator may want to look at, never a reason to fail."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Literal

from tui.core.dates import overlaps
from tui.core.drafting import actor_names, named_in
from tui.core.fold import fold_many
from tui.core.model import Corpus, Event
from tui.core.query import TimelineIndex

__all__ = [
    "DUPLICATE_SIMILARITY",
    "HINT_KINDS",
    "Hint",
    "HintKind",
    "acknowledgements",
    "counts",
    "find_hints",
    "precision",
    "similarity",
]

HintKind = Literal["unnamed-actor", "duplicate", "shared-quote", "precise-date"]
HINT_KINDS: tuple[HintKind, ...] = ("unnamed-actor", "duplicate", "shared-quote", "precise-date")

DUPLICATE_SIMILARITY = 0.5
"""Two events whose dates overlap and that share an actor are likely duplicates from this
`similarity` on. On the real corpus the most similar such pair scores 0.43 (two aspects of
the same HKMA "FinTech 2030" announcement, rightly two events) and no other pair reaches
0.37; an event re-curated from the same quotes under reworded titles scores about 0.5-1."""

PRECISIONS = ("year", "half", "quarter", "month", "day")
"""The precisions of a date value, coarsest first."""

_ACKNOWLEDGED = re.compile(r"^\s*#\s*hint-ok\s*:\s*([a-z-]+)\s*:\s*(\S.*?)\s*$")
"""A whole-line comment `# hint-ok: <kind>: <reason>`."""
_HEADER = re.compile(r"^\s*\[")
"""A line that starts a table: it ends the event table above it."""
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Hint:
    """One thing worth a look in one event (or a pair of events)."""

    kind: HintKind
    """unnamed-actor, duplicate, shared-quote or precise-date."""
    event_ids: tuple[str, ...]
    """The event the hint is about first, then the other event of a pair."""
    line: int
    """The first event's line in events.toml (`Event.line`: the line of its id key)."""
    message: str
    """What was found, in plain words (data quoted as is; never markup)."""
    acknowledged: str | None = None
    """The reason given in a `# hint-ok:` comment, or None when not acknowledged."""


def precision(value: str) -> int | None:
    """How precise a TIMEX3-style value is: an index into `PRECISIONS`, None for no date.

    An interval is as precise as its finer end ("2019/2021-07" is a month); a mod does not
    change it ("early 2026" is a year).
    """
    finest: int | None = None
    for end in value.split("/"):
        if not end:
            continue
        rest = end[5:]
        if not rest:
            rank = 0
        elif rest.startswith("H"):
            rank = 1
        elif rest.startswith("Q"):
            rank = 2
        else:
            rank = 3 if len(rest) == 2 else 4
        finest = rank if finest is None else max(finest, rank)
    return finest


def _bigrams(folded: str) -> frozenset[str]:
    text = _SPACES.sub(" ", folded).strip()
    return frozenset(text[index : index + 2] for index in range(len(text) - 1))


def similarity(first: str, second: str) -> float:
    """Character-bigram Jaccard of two texts once folded: shared bigrams over all, 0 to 1.

    Bigrams suit both scripts: a Chinese word is two or three characters, and English words
    share their bigrams whatever their endings. Folding makes 匯豐, 滙豐 and 汇丰 the same;
    runs of white space count as one space.
    """
    one, other = fold_many([first, second])
    return _jaccard(_bigrams(one), _bigrams(other))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _compared_text(event: Event) -> str:
    """The text duplicates are compared by: both titles and every quote."""
    return "\n".join([event.title.en, event.title.zh, *(quote.text for quote in event.quotes)])


def find_hints(index: TimelineIndex, events_text: str | None = None) -> list[Hint]:
    """Every hint of the corpus of `index`, acknowledged ones marked, in line order.

    Args:
        index: the corpus prepared for filtering (its actor hierarchy is used).
        events_text: the events file's text, read for `# hint-ok:` comments; None for none.

    Returns:
        The hints, by line, then kind and events.
    """
    corpus = index.corpus
    hints = [
        *_unnamed_actors(index),
        *_duplicates(corpus),
        *_shared_quotes(corpus),
        *_precise_dates(corpus),
    ]
    if events_text is not None:
        reasons = acknowledgements(events_text, [event.line for event in corpus.events])
        lines = {event.id: event.line for event in corpus.events}
        hints = [_acknowledged(hint, reasons, lines) for hint in hints]
    return sorted(hints, key=lambda hint: (hint.line, HINT_KINDS.index(hint.kind), hint.event_ids))


def _acknowledged(hint: Hint, reasons: dict[int, dict[str, str]], lines: dict[str, int]) -> Hint:
    """`hint` with the reason a comment in any of its events' tables gives for its kind."""
    for event_id in hint.event_ids:
        reason = reasons.get(lines.get(event_id, 0), {}).get(hint.kind)
        if reason is not None:
            return replace(hint, acknowledged=reason)
    return hint


def acknowledgements(text: str, event_lines: Iterable[int]) -> dict[int, dict[str, str]]:
    """The `# hint-ok: <kind>: <reason>` comments of each event table.

    An event's table runs from its [[events]] header (the nearest line at or above
    `Event.line` that starts with "[") to the line before the next line that starts with "["
    (the next table's header). Only whole-line comments count, with a kind and a non-empty
    reason; any kind word is kept, so a misspelt kind acknowledges nothing.

    Args:
        text: the events file's text.
        event_lines: each event's `Event.line` (the line of its id key, counted from 1).

    Returns:
        Event line → kind → reason, for the events that have such comments.
    """
    lines = text.split("\n")
    found: dict[int, dict[str, str]] = {}
    for event_line in event_lines:
        if event_line < 1:
            continue  # a line not known: no table to read
        header = event_line
        while header > 1 and not _HEADER.match(lines[header - 1]):
            header -= 1
        number = header + 1
        while number <= len(lines) and not _HEADER.match(lines[number - 1]):
            match = _ACKNOWLEDGED.match(lines[number - 1])
            if match is not None:
                found.setdefault(event_line, {}).setdefault(match[1], match[2])
            number += 1
    return found


def _unnamed_actors(index: TimelineIndex) -> list[Hint]:
    """Actors a quote names that the event does not list (an organisation counts as listed
    when one of its children or people is)."""
    corpus = index.corpus
    names = actor_names(corpus.actors.values())
    hints = []
    for event in corpus.events:
        named = named_in("\n".join(quote.text for quote in event.quotes), names)
        listed = set(event.actors)
        missing = [
            actor_id
            for actor_id in named
            if actor_id not in listed and not index.descendants(actor_id) & listed
        ]
        for actor_id in missing:
            actor = corpus.actors[actor_id]
            noun = "person" if actor.is_person else "organisation"
            hints.append(
                Hint(
                    "unnamed-actor",
                    (event.id,),
                    event.line,
                    f"{event.id}: its quotes name the {noun} {actor_id} "
                    f"({actor.name.en} / {actor.name.zh}), which is not among its actors",
                )
            )
    return hints


def _duplicates(corpus: Corpus) -> list[Hint]:
    """Pairs of events with overlapping dates, a shared actor and similar text."""
    events = corpus.events
    texts = fold_many(_compared_text(event) for event in events)
    grams = [_bigrams(text) for text in texts]
    by_actor: dict[str, list[int]] = {}
    for position, event in enumerate(events):
        for actor_id in event.actors:
            by_actor.setdefault(actor_id, []).append(position)
    pairs = {pair for positions in by_actor.values() for pair in combinations(positions, 2)}
    hints = []
    for first, second in sorted(pairs):
        one, other = events[first], events[second]
        if not overlaps(one.date, other.date.first, other.date.last):
            continue
        score = _jaccard(grams[first], grams[second])
        if score < DUPLICATE_SIMILARITY:
            continue
        later, earlier = (one, other) if one.line > other.line else (other, one)
        shared = ", ".join(actor for actor in later.actors if actor in earlier.actors)
        hints.append(
            Hint(
                "duplicate",
                (later.id, earlier.id),
                later.line,
                f"{later.id} may repeat {earlier.id} (line {earlier.line}): dates overlap "
                f"({later.date.value}, {earlier.date.value}), both name {shared}, "
                f"similarity {score:.2f}",
            )
        )
    return hints


def _shared_quotes(corpus: Corpus) -> list[Hint]:
    """A passage (same source, same span) quoted by more than one event: each later event
    in the file is reported against the first."""
    users: dict[tuple[str, int, int], list[Event]] = {}
    passages: dict[tuple[str, int, int], str] = {}
    for event in corpus.events:
        for quote in event.quotes:
            span = (quote.source, quote.start, quote.end)
            holders = users.setdefault(span, [])
            passages[span] = quote.text
            if event not in holders:
                holders.append(event)
    hints = []
    for span, holders in users.items():
        if len(holders) < 2:
            continue
        source, passage = span[0], passages[span]
        first, *others = sorted(holders, key=lambda event: event.line)
        shown = passage if len(passage) <= 40 else passage[:39] + "…"
        for event in others:
            hints.append(
                Hint(
                    "shared-quote",
                    (event.id, first.id),
                    event.line,
                    f"{event.id} quotes the same passage of {source} as {first.id} "
                    f"(line {first.line}): {shown}",
                )
            )
    return hints


def _precise_dates(corpus: Corpus) -> list[Hint]:
    """Events dated more precisely than any date their quotes mention."""
    from tui.core.temporal import extract_all

    hints = []
    for event in corpus.events:
        own = precision(event.date.value)
        if own is None:
            continue
        mentioned: list[int] = []
        for quote in event.quotes:
            source = corpus.sources.get(quote.source)
            published = source.published if source is not None else None
            for mention in extract_all(quote.text, published):
                rank = precision(mention.value)
                if rank is not None:
                    mentioned.append(rank)
        if not mentioned:
            if _dated_by_publication(event, corpus):
                continue
            message = (
                f"{event.id}: dated {event.date.value} ({PRECISIONS[own]}), but its quotes "
                f"mention no date"
            )
        elif own > max(mentioned):
            message = (
                f"{event.id}: dated {event.date.value} ({PRECISIONS[own]}), but its quotes "
                f"give at most a {PRECISIONS[max(mentioned)]}"
            )
        else:
            continue
        hints.append(Hint("precise-date", (event.id,), event.line, message))
    return hints


def _dated_by_publication(event: Event, corpus: Corpus) -> bool:
    """True for "by <the article's date>": an open start ending on a quoted source's date."""
    if not event.date.value.startswith("/"):
        return False
    published = {
        corpus.sources[quote.source].published
        for quote in event.quotes
        if quote.source in corpus.sources
    }
    return event.date.last in published


def counts(hints: Sequence[Hint]) -> tuple[int, int]:
    """(hints, acknowledged ones) of `hints`."""
    return len(hints), sum(hint.acknowledged is not None for hint in hints)
