"""Short labels the views show: tag-sized actor names, counts per actor family, the header."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from tui.core.model import Actor, Corpus, Event

__all__ = [
    "describe_filters",
    "family_counts",
    "short_name",
    "typed_range",
]


def family_counts(events: Iterable[Event], actors: dict[str, Actor]) -> dict[str, int]:
    """Count, for each actor, the events naming it or any organisation below it.

    Args:
        events: the events to count.
        actors: every actor by id (for the parent links).

    Returns:
        Actor id → number of events; each event counts once per ancestor.
    """
    lineage: dict[str, tuple[str, ...]] = {}
    for actor_id in actors:
        chain = [actor_id]
        parent = actors[actor_id].parent
        while parent is not None and parent in actors and parent not in chain:
            chain.append(parent)
            parent = actors[parent].parent
        lineage[actor_id] = tuple(chain)
    counts: dict[str, int] = {}
    for event in events:
        family = {ancestor for actor_id in event.actors for ancestor in lineage.get(actor_id, ())}
        for ancestor in family:
            counts[ancestor] = counts.get(ancestor, 0) + 1
    return counts


_ACRONYM = re.compile(r"[A-Za-z]{2,6}")


def _all_cjk(text: str) -> bool:
    # A comparison per character rather than a regex class: compiling a class this wide
    # costs sre 2 ms at import, before the first paint.
    return all("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def short_name(actor: Actor, lang: str) -> str:
    """A tag-sized name: the Chinese name, or the English name unless an acronym is shorter.

    Args:
        actor: the organisation.
        lang: "en" or "zh".

    Returns:
        "HKMA" for the Hong Kong Monetary Authority, "HSBC" for HSBC, 金管局 in zh.
    """
    if lang == "zh" and actor.name.zh:
        if len(actor.name.zh) <= 6:
            return actor.name.zh
        # An alias sharing characters with the name is a short form, not a person's name.
        chinese = [
            alias
            for alias in actor.aliases
            if len(alias) >= 2 and _all_cjk(alias) and len(set(alias) & set(actor.name.zh)) >= 2
        ]
        return min(chinese, key=len) if chinese else actor.name.zh
    name = actor.name.en or actor.name.zh
    if len(name) <= 10:
        return name
    acronyms = [
        alias
        for alias in actor.aliases
        if _ACRONYM.fullmatch(alias) and sum(char.isupper() for char in alias) >= len(alias) - 1
    ]
    if not acronyms:
        return name
    return min(acronyms, key=lambda alias: (alias != alias.upper(), len(alias), alias))


def describe_filters(
    corpus: Corpus,
    *,
    query: str,
    actors: Iterable[str],
    themes: Iterable[str],
    include_children: bool,
    date_from: date | None,
    date_to: date | None,
    lang: str,
    status: str | None = None,
    date_from_text: str = "",
    date_to_text: str = "",
) -> list[str]:
    """Say the active filters in a few words each, e.g. `actors: HSBC, HKMA (+children)`.

    Args:
        corpus: for actor and theme names.
        query: the search text.
        actors: chosen actor ids.
        themes: chosen theme ids.
        include_children: whether child organisations are included.
        date_from: the first day of the range, or None.
        date_to: the last day of the range, or None.
        lang: "en" or "zh" for names.
        status: "happened" or "planned", or None for both.
        date_from_text: what the user typed for the first day ("mid-2024"), or "".
        date_to_text: what the user typed for the last day, or "".

    Returns:
        One phrase per active filter, in a stable order; a date range as typed, with the
        days it resolved to beside it (`dates: mid-2024 – … (2024-05-02 – …)`).
    """
    phrases: list[str] = []
    # Shortest first: a header too narrow for all of them cuts the last, the dates.
    if status is not None:
        phrases.append(f"status: {status}")
    if query.strip():
        phrases.append(f"search: {query.strip()}")
    actor_list = sorted(
        corpus.actors[actor_id].name.pick(lang) if actor_id in corpus.actors else actor_id
        for actor_id in actors
    )
    if actor_list:
        children = " (+children)" if include_children else ""
        phrases.append(f"actors: {', '.join(actor_list)}{children}")
    theme_list = sorted(
        corpus.themes[theme_id].name.pick(lang) if theme_id in corpus.themes else theme_id
        for theme_id in themes
    )
    if theme_list:
        phrases.append(f"themes: {', '.join(theme_list)}")
    if date_from is not None or date_to is not None:
        low = date_from.isoformat() if date_from else "…"
        high = date_to.isoformat() if date_to else "…"
        days = f"{low} – {high}"
        typed = typed_range(date_from_text, date_to_text, date_to is not None)
        shown = days if not typed or typed == days else f"{typed} ({days})"
        phrases.append(f"dates: {shown}")
    return phrases


def typed_range(first_text: str, last_text: str, has_last: bool) -> str:
    """A date range as typed: `mid-2024 – …`, or the From alone when it filled both ends
    (`2020至2025年`); "" when nothing was typed.

    Args:
        first_text: the From text.
        last_text: the To text.
        has_last: whether the range has a last day (an interval in From gives one).
    """
    first, last = first_text.strip(), last_text.strip()
    if not first and not last:
        return ""
    if first and not last and has_last:
        return first
    return f"{first or '…'} – {last or '…'}"
