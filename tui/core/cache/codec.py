"""The columnar codec: a LoadResult as marshalled columns and back."""

from __future__ import annotations

import contextlib
import gc
import marshal
import struct
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import date
from itertools import islice, repeat
from operator import getitem
from types import MemberDescriptorType
from typing import Any, TypeVar, cast

from tui.core.cache.key import CacheKey
from tui.core.cache.seeds import SeedsState
from tui.core.cache.store import MARSHAL_VERSION
from tui.core.errors import Problem
from tui.core.loader import TABLE_DIGEST_SIZE, EventTables, HeadScan, LoadResult
from tui.core.model import (
    Actor,
    Bilingual,
    Corpus,
    Event,
    EventDate,
    Quote,
    Source,
    Theme,
)

__all__ = [
    "build_from_columns",
    "collector_paused",
    "decode",
    "encode",
    "unmarshal_segments",
]


_T = TypeVar("_T")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector around building big acyclic structures.

    Parsing and validating 100,000 events, or rebuilding them from an entry, creates millions
    of objects and no reference cycles; the collections those allocations trigger walk the
    whole growing heap again and again (about a quarter of a cold load at 100,000 events) and
    free nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_SEGMENT_COUNT = struct.Struct("<I")

_MAX_SEGMENTS = 64


def _marshal_segments(values: Sequence[Any]) -> list[bytes]:
    """Marshal each of `values` on its own, behind a header of their lengths.

    One marshal call over the whole entry keeps a table of every object it has written (so
    that a repeat is written as a back-reference): at 100,000 events that table is about twice
    the size of the output, on top of the corpus. Apart, each call's table is only as big as
    its own column. What a repeat saves is kept within each column (statuses, actor lists,
    source ids), where nearly all the repeats are.
    """
    parts = [marshal.dumps(value, MARSHAL_VERSION) for value in values]
    lengths = struct.pack(f"<{len(parts)}Q", *map(len, parts))
    return [_SEGMENT_COUNT.pack(len(parts)), lengths, *parts]


def unmarshal_segments(body: memoryview) -> Iterator[memoryview]:
    """The segments `_marshal_segments` wrote into `body`, as views of it.

    Raises:
        ValueError: the header does not describe `body` exactly.
    """
    (count,) = _SEGMENT_COUNT.unpack_from(body)
    if count > _MAX_SEGMENTS:
        raise ValueError(f"{count} segments")
    start = _SEGMENT_COUNT.size + 8 * count
    lengths = struct.unpack_from(f"<{count}Q", body, _SEGMENT_COUNT.size)
    if start + sum(lengths) != len(body):
        raise ValueError("the segments do not fill the entry")
    for length in lengths:
        yield body[start : start + length]
        start += length


def build_from_columns(cls: type[_T], count: int, **columns: Iterable[Any]) -> list[_T]:
    """Make `count` instances of a frozen, slotted dataclass from one column per field.

    The same objects as calling `cls` on each row, for a class whose ``__init__`` only stores
    its arguments (no ``__post_init__``), as the model's do: the generated ``__init__`` costs
    a Python frame and an ``object.__setattr__`` per field, while storing each field through
    its slot's descriptor, a column at a time, runs in C, several times faster.

    Raises:
        ValueError: the columns do not name exactly the class's fields, or one of them does
            not hold `count` values.
    """
    names = [field.name for field in fields(cast(Any, cls))]
    if sorted(columns) != sorted(names) or hasattr(cls, "__post_init__"):
        raise ValueError(f"cannot build {cls.__name__} from {sorted(columns)}")
    instances: list[_T] = list(map(object.__new__, repeat(cls, count)))
    for name in names:
        slot = cls.__dict__[name]
        values = tuple(columns[name])
        if not isinstance(slot, MemberDescriptorType) or len(values) != count:
            raise ValueError(f"cannot build {cls.__name__}.{name}")
        # deque(maxlen=0) runs the iterator to its end in C, keeping nothing.
        deque(map(slot.__set__, instances, values), maxlen=0)
    return instances


def encode(key: CacheKey, events_hash: str, seeds: SeedsState, result: LoadResult) -> list[bytes]:
    """Flatten a result into marshalled columns, sharing repeated strings and tuples.

    Returns:
        The entry's body in parts (see `_marshal_segments`): the key and hashes it was made
        from first, then the payload `decode` reads.

    Raises:
        ValueError: a quote's text is not its article's text at the quote's offsets.
    """
    corpus = result.corpus
    listed = corpus.sources.values()
    sources = (
        tuple([source.id for source in listed]),
        tuple([source.file for source in listed]),
        tuple([source.title for source in listed]),
        tuple([source.publisher for source in listed]),
        tuple([source.published.toordinal() for source in listed]),
        tuple([source.published_note for source in listed]),
        tuple([source.language for source in listed]),
        tuple([source.text for source in listed]),
    )
    actors = tuple(
        (
            actor.id,
            actor.name.en,
            actor.name.zh,
            actor.aliases,
            actor.parent,
            actor.kind,
            (actor.role.en, actor.role.zh) if actor.role else None,
        )
        for actor in corpus.actors.values()
    )
    themes = tuple((theme.id, theme.name.en, theme.name.zh) for theme in corpus.themes.values())
    # marshal writes an object seen before as a back-reference, so one shared object per
    # distinct string or id list keeps both the file and the rebuilt corpus small.
    shared: dict[Any, Any] = {}
    share = shared.setdefault

    def shared_ids(ids: tuple[str, ...]) -> tuple[str, ...]:
        found: tuple[str, ...] | None = shared.get(ids)
        if found is None:
            found = shared[ids] = tuple([share(item, item) for item in ids])
        return found

    events = corpus.events
    quotes = [quote for event in events for quote in event.quotes]
    for quote in quotes:
        if corpus.sources[quote.source].text[quote.start : quote.end] != quote.text:
            raise ValueError(f"quote of {quote.source} is not its article's text")
    dates: dict[EventDate, int] = {}
    texts: dict[Bilingual, int] = {}
    date_index = tuple([dates.setdefault(event.date, len(dates)) for event in events])
    title_index = tuple([texts.setdefault(event.title, len(texts)) for event in events])
    # -1 for no summary: the decoder appends None to the table.
    summary_index = tuple(
        [
            -1 if event.summary is None else texts.setdefault(event.summary, len(texts))
            for event in events
        ]
    )
    columns = (
        tuple([event.id for event in events]),
        tuple([share(event.status, event.status) for event in events]),
        tuple([event.date_text for event in events]),
        tuple([shared_ids(event.actors) for event in events]),
        tuple([shared_ids(event.themes) for event in events]),
        tuple([event.line for event in events]),
        date_index,
        title_index,
        summary_index,
        tuple([len(event.quotes) for event in events]),
    )
    date_table = (
        tuple([share(value.value, value.value) for value in dates]),
        tuple([value.mod for value in dates]),
        tuple([_ordinal(value.first) for value in dates]),
        tuple([_ordinal(value.last) for value in dates]),
    )
    text_table = (tuple([text.en for text in texts]), tuple([text.zh for text in texts]))
    quote_columns = (
        tuple([share(quote.source, quote.source) for quote in quotes]),
        tuple([quote.start for quote in quotes]),
        tuple([quote.end for quote in quotes]),
    )
    problems = tuple(
        (share(problem.path, problem.path), problem.line, problem.message, problem.fatal)
        for problem in result.problems
    )
    meta = (key.identity, events_hash, seeds.digest, seeds.racy)
    tables = result.tables
    table_columns = None
    if tables is not None:
        head = tables.head
        head_columns = None
        if head is not None:
            head_columns = (
                head.prefix_digests,
                head.starts,
                head.tables,
                head.keys,
            )
        table_columns = (tables.digests, tables.first_lines, tables.schema, head_columns)
    # The events' columns apart, each in its own segment: they are the bulk of the entry.
    return _marshal_segments(
        (
            meta,
            sources,
            actors,
            themes,
            date_table,
            text_table,
            quote_columns,
            problems,
            table_columns,
            *columns,
        )
    )


def _ordinal(day: date | None) -> int:
    """A day's ordinal, 0 for an open side (no real day has it)."""
    return day.toordinal() if day is not None else 0


def _day(ordinal: int) -> date | None:
    """The day of `_ordinal`'s number; None for 0."""
    return date.fromordinal(ordinal) if ordinal else None


def decode(payload: Any) -> LoadResult:
    """Rebuild the LoadResult from `encode`'s columns."""
    (
        raw_sources,
        raw_actors,
        raw_themes,
        date_table,
        text_table,
        quote_columns,
        raw_problems,
        table_columns,
        *columns,
    ) = payload
    (
        source_ids,
        file_names,
        titles,
        publishers,
        published,
        notes,
        languages,
        articles,
    ) = raw_sources
    sources = dict(
        zip(
            source_ids,
            build_from_columns(
                Source,
                len(source_ids),
                id=source_ids,
                file=file_names,
                title=titles,
                publisher=publishers,
                published=map(date.fromordinal, published),
                published_note=notes,
                language=languages,
                text=articles,
            ),
            strict=True,
        )
    )
    actors = {
        actor_id: Actor(
            actor_id, Bilingual(en, zh), aliases, parent, kind, Bilingual(*role) if role else None
        )
        for actor_id, en, zh, aliases, parent, kind, role in raw_actors
    }
    themes = {theme_id: Theme(theme_id, Bilingual(en, zh)) for theme_id, en, zh in raw_themes}
    values, mods, firsts, lasts = date_table
    dates = build_from_columns(
        EventDate,
        len(values),
        value=values,
        mod=mods,
        first=map(_day, firsts),
        last=map(_day, lasts),
    )
    english, chinese = text_table
    texts: list[Bilingual | None] = []
    texts += build_from_columns(Bilingual, len(english), en=english, zh=chinese)
    texts.append(None)  # what a summary index of -1 picks
    quote_sources, quote_starts, quote_ends = quote_columns
    text_of = dict(zip(source_ids, articles, strict=True))
    quotes = build_from_columns(
        Quote,
        len(quote_sources),
        source=quote_sources,
        text=map(
            getitem,
            map(text_of.__getitem__, quote_sources),
            map(slice, quote_starts, quote_ends),
        ),
        start=quote_starts,
        end=quote_ends,
    )
    (
        ids,
        statuses,
        date_texts,
        event_actors,
        event_themes,
        lines,
        date_index,
        title_index,
        summary_index,
        quote_counts,
    ) = columns
    if sum(quote_counts) != len(quotes) or min(quote_counts, default=0) < 0:
        raise ValueError("quote counts do not add up")
    if all(count == 1 for count in quote_counts):
        event_quotes: Iterable[tuple[Quote, ...]] = zip(quotes)  # one each, the usual case
    else:
        # Each event takes its quotes from the front of one iterator over all of them.
        event_quotes = map(tuple, map(islice, repeat(iter(quotes)), quote_counts))
    events = build_from_columns(
        Event,
        len(ids),
        id=ids,
        date=map(dates.__getitem__, date_index),
        status=statuses,
        date_text=date_texts,
        title=map(texts.__getitem__, title_index),
        summary=map(texts.__getitem__, summary_index),
        actors=event_actors,
        themes=event_themes,
        quotes=event_quotes,
        line=lines,
    )
    problems = tuple(
        Problem(path, line, message, fatal) for path, line, message, fatal in raw_problems
    )
    corpus = Corpus(sources=sources, actors=actors, themes=themes, events=tuple(events))
    tables = None
    if table_columns is not None:
        digests, first_lines, schema, head_columns = table_columns
        if len(digests) != TABLE_DIGEST_SIZE * len(first_lines):
            raise ValueError("table digests do not match the tables")
        head = None if head_columns is None else HeadScan(*head_columns)
        if head is not None and len(head.starts) != 8 * len(first_lines):
            raise ValueError("table offsets do not match the tables")
        tables = EventTables(digests, first_lines, schema, head)
    return LoadResult(corpus, problems, tables)
