"""Loading a corpus through the cache: a hit rebuilds it from the entry, a miss writes one."""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tui.core import loader
from tui.core.cache.blocks import PreviousEntry, load_reusing
from tui.core.cache.codec import collector_paused, decode, encode, unmarshal_segments
from tui.core.cache.key import CacheKey, cache_key, checker_name
from tui.core.cache.search_text import StoredSearchText, search_document, search_file
from tui.core.cache.seeds import SeedsState, racy_horizon, racy_unchanged, scan_seeds
from tui.core.cache.store import (
    cache_enabled,
    checked_body,
    default_cache_dir,
    prune,
    read_cache_file,
    size_limit,
    touch,
    write_entry,
)
from tui.core.freshness import content_digest, file_digest
from tui.core.loader import DateTextCheck, LoadProgress, LoadResult
from tui.core.query import SearchText, search_text
from tui.core.reading import read_regular

__all__ = [
    "CachedLoad",
    "cache_file",
    "load_cached",
]


@dataclass(frozen=True, slots=True)
class CachedLoad:
    """What `load_cached` gives: the loader's result, where it came from, its search text."""

    result: LoadResult
    """The same result `tui.core.loader.load` gives."""
    digest: str | None
    """The `content_digest` of the events file's bytes the result was made from (None when
    the file could not be read): a curation write checks it to notice a concurrent edit, so
    the file is read and hashed once at start. On a hit it is of exactly the bytes the entry
    was made from; on a miss of the bytes read before the loader read them, so a change in
    between can only make the app see a concurrent edit that was not one, never miss one."""
    search_text: StoredSearchText | None = None
    """The folded search text of `result`'s corpus (`tui.core.query.search_text`), when the
    cache has it."""

    def search_texts(self) -> SearchText | None:
        """The folded search text of every event of `result`'s corpus, or None.

        Returns:
            The texts when the cache kept (or just made) them, else None: fold them then.
        """
        if self.search_text is None:
            return None
        return self.search_text.read(len(self.result.corpus.events))


def cache_file(
    events_path: Path,
    seeds_dir: Path,
    *,
    check_date_text: DateTextCheck | None = None,
    cache_dir: Path | None = None,
) -> Path | None:
    """Return where the entry for this corpus and cross-check lives, or None if uncacheable.

    Args:
        events_path: the events file, as given to `load_cached`.
        seeds_dir: the seeds directory, as given to `load_cached`.
        check_date_text: the cross-check, as given to `load_cached`.
        cache_dir: the cache directory; None for `default_cache_dir()`.

    Returns:
        The entry's path (which may not exist yet), or None when the cross-check cannot be
        named and results with it are therefore never cached.
    """
    checker = checker_name(check_date_text)
    if checker is None:
        return None
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    return directory / f"{cache_key(events_path, seeds_dir, checker).slot}.idx"


def load_cached(
    events_path: Path,
    seeds_dir: Path,
    *,
    check_date_text: DateTextCheck | None = None,
    cache_dir: Path | None = None,
    progress: LoadProgress | None = None,
) -> CachedLoad:
    """Load a corpus like `tui.core.loader.load`, through the validated cache.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory that article paths are relative to.
        check_date_text: passed to the loader; part of the cache key.
        cache_dir: where entries live; None for ``HK_TIMELINE_CACHE_DIR`` or the platform's
            user cache directory.
        progress: passed to the loader on a miss (a hit reports none).

    Returns:
        The result `tui.core.loader.load(events_path, seeds_dir, check_date_text=...)` gives,
        with the digest of the events file's bytes and the folded search text when the cache
        has it. The cache never raises: when it cannot be read or written the loader's result
        is returned as it is.
    """
    checker = checker_name(check_date_text)
    try:
        if not cache_enabled() or checker is None:
            raise _Bypass
        directory = cache_dir if cache_dir is not None else default_cache_dir()
        key = cache_key(events_path, seeds_dir, checker)
        entry = directory / f"{key.slot}.idx"
    except Exception:
        digest = file_digest(events_path)
        return CachedLoad(_load(events_path, seeds_dir, check_date_text, progress), digest)
    # Reading and hashing the events file runs without the GIL, and listing the seeds partly,
    # so both overlap with reading and unpacking the entry.
    with ThreadPoolExecutor(max_workers=2) as pool:
        events_future = pool.submit(_hash_input, events_path)
        seeds_future = pool.submit(scan_seeds, seeds_dir, racy_horizon())
        try:
            cached = _read_entry(
                entry,
                key,
                events_future,
                seeds_future,
                seeds_dir,
                lambda: size_limit(events_path, seeds_future.result()),
            )
        except Exception:
            cached = None
        try:
            events_hash = events_future.result()
            seeds = seeds_future.result()
        except Exception:
            digest = None if events_future.exception() else events_future.result()
            return CachedLoad(_load(events_path, seeds_dir, check_date_text, progress), digest)
    meta = (key.identity, events_hash, seeds.digest)
    limit = size_limit(events_path, seeds)
    if isinstance(cached, LoadResult):
        touch(entry)
        stored = StoredSearchText(None, search_file(entry), meta, limit)
        return CachedLoad(cached, events_hash, stored)
    result = load_reusing(events_path, seeds_dir, check_date_text, progress, cached, seeds)
    if result.fatal:
        return CachedLoad(result, events_hash)
    texts: SearchText | None = None
    with contextlib.suppress(Exception):
        # Files that changed while the loader ran would make the entry lie about them.
        unchanged = _hash_input(events_path) == events_hash
        if unchanged and scan_seeds(seeds_dir, seeds.horizon) == seeds:
            # One file's bytes at a time: at 100,000 events each is tens of MB.
            with collector_paused():
                texts = SearchText.of(search_text(result.corpus))
                search_body = search_document(meta, texts)
            # Never written bigger than a reader accepts (see `size_limit`): a result that
            # would be (thousands of problems, each longer than the line it is about) is
            # loaded from scratch every time instead.
            if sum(map(len, search_body)) <= limit:
                write_entry(search_file(entry), search_body)
                del search_body
                with collector_paused():
                    parts = encode(key, events_hash, seeds, result)
                if sum(map(len, parts)) <= limit:
                    write_entry(entry, parts)
                prune(entry.parent, keep=entry)
    return CachedLoad(result, events_hash, None if texts is None else StoredSearchText(texts))


class _Bypass(Exception):
    """The cache is off for this load."""


def _load(
    events_path: Path,
    seeds_dir: Path,
    check_date_text: DateTextCheck | None,
    progress: LoadProgress | None,
) -> LoadResult:
    with collector_paused():
        return loader.load(
            events_path, seeds_dir, check_date_text=check_date_text, progress=progress
        )


def _read_entry(
    entry: Path,
    key: CacheKey,
    events_future: Future[str],
    seeds_future: Future[SeedsState],
    seeds_dir: Path,
    limit: Callable[[], int],
) -> LoadResult | PreviousEntry | None:
    """Rebuild the cached result; a stale entry of this key for a miss to take tables from;
    None when the entry is absent, damaged or of another key."""
    data = read_cache_file(entry, limit)
    body = None if data is None else checked_body(data)
    del data
    if body is None:
        return None
    with collector_paused():
        segments = unmarshal_segments(body)
        # The segments are views of the entry's bytes: only the first is unmarshalled until
        # the entry is known to be current.
        identity, stored_events, stored_seeds, racy = marshal.loads(next(segments))
        if identity != key.identity:
            return None
        if stored_events != events_future.result():
            return PreviousEntry(segments, stored_seeds, racy)
        seeds = seeds_future.result()
        if stored_seeds != seeds.digest or not racy_unchanged(seeds_dir, racy, seeds):
            return PreviousEntry(segments, stored_seeds, racy)
        payload = tuple(map(marshal.loads, segments))
        # The entry's bytes (held only by `body`) are not needed any more; free them before
        # building the corpus.
        del segments, body
        return decode(payload)


def _hash_input(path: Path) -> str:
    """Hash an input file; raises for a file the loader would refuse (then the loader says why).

    Raises:
        TimelineError: not a regular file, or over the size limit.
    """
    return content_digest(read_regular(path, str(path), what="file"))
