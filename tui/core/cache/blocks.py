"""A cache miss that takes the unchanged tables' events from the file's previous entry."""

from __future__ import annotations

import marshal
from bisect import bisect_right
from pathlib import Path

from tui.core import loader
from tui.core.cache.codec import collector_paused, decode, unmarshal_segments
from tui.core.cache.seeds import SeedsState, racy_unchanged
from tui.core.cache.store import checked_body, read_cache_file
from tui.core.loader import (
    NO_PRIOR,
    TABLE_DIGEST_SIZE,
    DateTextCheck,
    LoadProgress,
    LoadResult,
    PriorTables,
)
from tui.core.model import Event

__all__ = ["load_reusing", "prior_tables"]


def load_reusing(
    events_path: Path,
    seeds_dir: Path,
    check_date_text: DateTextCheck | None,
    progress: LoadProgress | None,
    previous: Path,
    identity: object,
    seeds: SeedsState,
    limit: int,
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
        events_path: the events.toml to read.
        seeds_dir: the directory that article paths are relative to.
        check_date_text: passed to the loader.
        progress: passed to the loader.
        previous: the entry the same key has, or had (it may be missing, damaged or of
            another key; then nothing is taken over).
        identity: the key identity `previous` must record to be used.
        seeds: the seeds tree as listed before this load: when `previous` recorded the
            same, its article texts are used instead of reading the articles again (as a
            hit would use them).
        limit: the largest entry `previous` may be (`store.size_limit`).

    Returns:
        What `tui.core.loader.load` returns for the file (besides `LoadResult.tables`).
    """
    prior = prior_tables(previous, identity, limit, seeds_dir, seeds)
    with collector_paused():
        return loader.load(
            events_path, seeds_dir, check_date_text=check_date_text, progress=progress, prior=prior
        )


def prior_tables(
    entry: Path, identity: object, limit: int, seeds_dir: Path, seeds: SeedsState
) -> PriorTables:
    """The valid events of `entry` by their tables' digests; `NO_PRIOR` when there is none.

    Its article texts come with them when the seeds tree is as the entry recorded it.

    Never raises: an entry that is missing, damaged, of another key or of a file that was not
    read a slice at a time gives nothing to take over.
    """
    try:
        data = read_cache_file(entry, lambda: limit)
        body = None if data is None else checked_body(data)
        del data
        if body is None:
            return NO_PRIOR
        with collector_paused():
            segments = unmarshal_segments(body)
            stored_identity, _events, stored_seeds, racy = marshal.loads(next(segments))
            if stored_identity != identity:
                return NO_PRIOR
            same_tree = stored_seeds == seeds.digest and racy_unchanged(seeds_dir, racy, seeds)
            result = decode(tuple(map(marshal.loads, segments)))
            del segments, body
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
    )
