"""The date_text cross-check of a loaded corpus: does each event's date_text say its date?

The loader can leave this check out of the load (it is the slowest part of a cold start) and
the app run it afterwards, in a worker, adding its problems when they come: `cross_check`
gives, per disagreeing event, the message the loader writes, and the caller looks up the
line of the event's `date_text` only for those. A pair already checked and found to agree
need not be checked again: `Claim.key` names everything the answer depends on, so a set of
the keys that passed (`CrossCheckResult.passed`) can be kept beside the corpus (in the load
cache, whose key already covers the date engine's code) and handed back next time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from tui.core.loader import DateTextCheck, date_claim_problem
from tui.core.model import Corpus, Event, Quote, Source

ClaimKey = tuple[str, str, str, str | None, int]
"""(date_text, published ISO date, value, mod, schema): what a claim's check depends on,
besides the check itself and the date engine's code."""


@dataclass(frozen=True, slots=True)
class Claim:
    """An event's claim that its date_text, read against an article's date, says its date."""

    event_id: str
    """The event's id."""
    date_text: str
    """The words that carry the date, found in the quote."""
    source: str
    """The id of the first quoted article whose quote holds the date_text."""
    published: date
    """That article's published date, the date the words are read against."""
    value: str
    """The event's date value as written."""
    mod: str | None
    """The event's mod, or None."""

    def key(self, schema: int) -> ClaimKey:
        """What the check of this claim depends on, for a set of claims already found true.

        Schema 1 and schema 2 read some words differently, so the schema is part of it.
        """
        return (self.date_text, self.published.isoformat(), self.value, self.mod, schema)


@dataclass(frozen=True, slots=True)
class DateProblem:
    """A date_text that does not say its event's date, before it is placed on a line."""

    event_id: str
    """The event's id."""
    key: str
    """The event key the problem is about: always "date_text"."""
    message: str
    """The message, exactly as the loader writes it ("event 'x': date_text ...")."""


@dataclass(frozen=True, slots=True)
class CrossCheckResult:
    """What a cross-check of a corpus found."""

    problems: tuple[DateProblem, ...]
    """One per event whose date_text disagrees, in the order of the claims."""
    passed: frozenset[ClaimKey]
    """The keys of every claim found true, those given as already passed included."""


def claim_of(
    event_id: str,
    date_text: str | None,
    quotes: Iterable[Quote],
    value: str,
    mod: str | None,
    sources: Mapping[str, Source],
) -> Claim | None:
    """The claim an event makes, or None when it makes none (no date_text or no quote has it).

    Args:
        event_id: the event's id.
        date_text: its date_text, or None.
        quotes: its quotes, in file order; the first holding the date_text is the one read.
        value: its date value.
        mod: its mod.
        sources: the articles by id, for the quote's published date.
    """
    if date_text is None:
        return None
    quote = next((quote for quote in quotes if date_text in quote.text), None)
    if quote is None:
        return None
    published = sources[quote.source].published
    return Claim(event_id, date_text, quote.source, published, value, mod)


def claims(corpus: Corpus) -> list[Claim]:
    """The claims of every event of `corpus` that makes one, in the corpus's order."""
    found = []
    for event in corpus.events:
        claim = _event_claim(event, corpus.sources)
        if claim is not None:
            found.append(claim)
    return found


def _event_claim(event: Event, sources: Mapping[str, Source]) -> Claim | None:
    return claim_of(
        event.id, event.date_text, event.quotes, event.date.value, event.date.mod, sources
    )


def check_claim(claim: Claim, check: DateTextCheck, *, schema: int) -> str | None:
    """The loader's message when the claim is false, or None when the date_text agrees.

    A schema 1 file cannot say "by" or "since": when the words read as such a date, they are
    read again as points only, as schema 1 read them ("截至2024年" is 2024).

    Args:
        claim: what the event says.
        check: resolves a date_text against a published date (tui.core.temporal's
            resolve_date_text).
        schema: the events file's schema version.
    """
    return date_claim_problem(
        f"event {claim.event_id!r}",
        claim.date_text,
        claim.source,
        claim.published,
        claim.value,
        claim.mod,
        schema=schema,
        check=check,
    )


def cross_check(
    corpus: Corpus,
    check: DateTextCheck,
    *,
    schema: int,
    passed: frozenset[ClaimKey] = frozenset(),
    more: Iterable[Claim] = (),
) -> CrossCheckResult:
    """Check every event's date_text against its date.

    Args:
        corpus: the loaded corpus (loaded without the cross-check).
        check: resolves a date_text against a published date.
        schema: the events file's schema version (1 reads schema 2 dates as points).
        passed: keys of claims a previous check found true, skipped here; they must come
            from a check with the same `check` and the same date engine code.
        more: claims of events the corpus left out for other problems, which the loader
            also cross-checks, so their date_text problem is reported beside the others.

    Returns:
        The problems, in the order of the corpus's events then `more`'s, and the keys of
        every claim that held.
    """
    problems: list[DateProblem] = []
    held = set(passed)
    # Claim.key without building each Claim: most claims were checked before and only
    # need their key looked up.
    published = {key: source.published.isoformat() for key, source in corpus.sources.items()}
    sources = corpus.sources
    for event in corpus.events:
        date_text = event.date_text
        if date_text is None:
            continue
        quote = next((quote for quote in event.quotes if date_text in quote.text), None)
        if quote is None:
            continue
        value, mod = event.date.value, event.date.mod
        key = (date_text, published[quote.source], value, mod, schema)
        if key in held:
            continue
        day = sources[quote.source].published
        # Words that read as the event's date pass under any schema (`date_claim_problem`
        # reads again only words that disagree): no claim, no message to build.
        if check(date_text, day) == (value, mod):
            held.add(key)
            continue
        claim = Claim(event.id, date_text, quote.source, day, value, mod)
        _check_into(claim, key, check, schema, held, problems)
    for claim in more:
        _check_into(claim, claim.key(schema), check, schema, held, problems)
    return CrossCheckResult(tuple(problems), frozenset(held))


def _check_into(
    claim: Claim,
    key: ClaimKey,
    check: DateTextCheck,
    schema: int,
    held: set[ClaimKey],
    problems: list[DateProblem],
) -> None:
    if key in held:
        return
    message = check_claim(claim, check, schema=schema)
    if message is None:
        held.add(key)
    else:
        problems.append(DateProblem(claim.event_id, "date_text", message))
