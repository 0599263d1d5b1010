"""A cache miss that takes the unchanged tables' events from the file's previous entry."""

from __future__ import annotations

import marshal
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.core import loader
from tui.core.cache.codec import collector_paused, decode
from tui.core.cache.seeds import SeedsState, racy_unchanged
from tui.core.loader import (
    NO_PRIOR,
    TABLE_DIGEST_SIZE,
    DateTextCheck,
    LoadProgress,
    LoadResult,
    PriorTables,
)
from tui.core.model import Event

__all__ = ["PreviousEntry", "load_reusing", "prior_tables"]


class PreviousEntry:
    """The slot's entry of an earlier version of the corpus (its key identity current, the
    hash of the events file or the seeds listing not), handed over once from the read that
    found it stale to the miss that takes over its tables, so the entry is read and its
    digest checked once."""

    __slots__ = ("_segments", "racy", "seeds_digest")

    def __init__(self, segments: Iterator[memoryview], seeds_digest: object, racy: Any) -> None:
        """Keep the entry's `segments` after the first (views of its checked body)."""
        self._segments: Iterator[memoryview] | None = segments
        self.seeds_digest = seeds_digest
        """The digest of the seeds listing the entry recorded."""
        self.racy = racy
        """The racy articles' hashes the entry recorded."""

    def take(self) -> Iterator[memoryview] | None:
        """The segments, the first time (then the entry's bytes are freed when used)."""
        segments, self._segments = self._segments, None
        return segments


def load_reusing(
    text: str,
    events_path: Path,
    seeds_dir: Path,
    check_date_text: DateTextCheck | None,
    progress: LoadProgress | None,
    previous: PreviousEntry | None,
    seeds: SeedsState,
) -> LoadResult:
    """Load like `tui.core.loader.load`, taking over what `previous` validated and still holds.

    An entry is written for one events path, seeds directory and cross-check, so when the
    file changes the entry it had (whose file digest no longer matches) is the natural source
    of its unchanged tables' events: only the tables that changed, or whose event is no longer
    valid as it was (see `loader.PriorTables`), are parsed and validated. The part before the
    events (schema, sources with their articles, actors, themes) is always read and validated
    again, and so are the checks across events. The result records this file's tables for the
    entry written from it.

    Args:
        text: the events file's text, as `loader.read_events` read it.
        events_path: the events.toml it was read from (problems name it).
        seeds_dir: the directory that article paths are relative to.
        check_date_text: passed to the loader.
        progress: passed to the loader.
        previous: the stale entry of the same key, checked against its digest; None when
            the slot held none (then nothing is taken over).
        seeds: the seeds tree as listed before this load: when `previous` recorded the
            same, its article texts are used instead of reading the articles again (as a
            hit would use them).

    Returns:
        What `tui.core.loader.load` returns for the text (besides `LoadResult.tables`).
    """
    prior = NO_PRIOR if previous is None else prior_tables(previous, seeds_dir, seeds)
    with collector_paused():
        return loader.load(
            events_path,
            seeds_dir,
            check_date_text=check_date_text,
            progress=progress,
            prior=prior,
            text=text,
        )


def prior_tables(previous: PreviousEntry, seeds_dir: Path, seeds: SeedsState) -> PriorTables:
    """The valid events of `previous` by their tables' digests; `NO_PRIOR` when there is none.

    Its article texts come with them when the seeds tree is as the entry recorded it.

    Never raises: an entry that is damaged, already taken or of a file that was not read a
    slice at a time gives nothing to take over.
    """
    try:
        segments = previous.take()
        if segments is None:
            return NO_PRIOR
        with collector_paused():
            same_tree = previous.seeds_digest == seeds.digest and racy_unchanged(
                seeds_dir, previous.racy, seeds
            )
            result = decode(tuple(map(marshal.loads, segments)))
            del segments
            return _by_table(result, same_tree)
    except Exception:
        return NO_PRIOR


def _by_table(result: LoadResult, same_tree: bool) -> PriorTables:
    """Key `result`'s events by the digest of the table each was read from; with its article
    texts when the seeds tree is the same."""
    tables = result.tables
    if tables is None or not isinstance(tables.schema, int):
        return NO_PRIOR
    digests, first_lines = tables.digests, tables.first_lines
    events: dict[bytes, tuple[int, Event]] = {}
    for event in result.corpus.events:
        index = bisect_right(first_lines, event.line) - 1
        if index < 0:
            return NO_PRIOR
        start = index * TABLE_DIGEST_SIZE
        events[digests[start : start + TABLE_DIGEST_SIZE]] = (first_lines[index], event)
    corpus = result.corpus
    articles = {source.file: source.text for source in corpus.sources.values()}
    return PriorTables(
        events,
        corpus.sources,
        tables.schema,
        frozenset(corpus.actors),
        frozenset(corpus.themes),
        articles if same_tree else {},
        tables,
        corpus if same_tree and not result.problems else None,
    )
