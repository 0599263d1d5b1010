"""Loading a corpus through the cache: a hit rebuilds it from the entry, a miss writes one."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from tui.core.reading import MAX_INPUT_BYTES, read_regular

__all__ = [
    "CachedLoad",
    "PendingEntry",
    "cache_file",
    "keep_search_text",
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
    the file is read and hashed once at start. It is always of exactly the bytes the result
    was made from: on a hit those the entry was made from, on a miss those the loader read
    (the same read is hashed), so an edit made since, even one undone later, is never missed."""
    search_text: StoredSearchText | None = None
    """The folded search text of `result`'s corpus (`tui.core.query.search_text`), when the
    cache has it."""
    pending: PendingEntry | None = None
    """On a miss loaded with ``defer_write``: the entry still to write (`PendingEntry.write`),
    once the result is shown."""
    dates_checked: bool = False
    """Whether the result is one loaded with the date_text check although none was asked
    for: `load_cached`'s ``or_checked`` entry served it (its date problems are in it)."""

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


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """The entry a miss makes, written by `write` after the result is shown.

    Folding the search text and encoding the entry take seconds at 100,000 events, and
    nothing on the first screen needs them.
    """

    entry: Path
    """Where the entry goes."""
    key: CacheKey
    """The key it is written under."""
    events_path: Path
    """The events file the result was loaded from."""
    seeds_dir: Path
    """The seeds directory it was loaded with."""
    events_hash: str
    """The digest of the events file's bytes, read before the loader read them."""
    seeds: SeedsState
    """The seeds listing taken then."""
    result: LoadResult
    """The loader's result, to write."""

    def write(
        self, texts: SearchText | None = None, *, fold: bool = True
    ) -> StoredSearchText | None:
        """Write the entry and its search-text side file, folding the text unless given.

        Nothing is written when an input file changed since it was read (the entry would
        then lie about it), and the cache never raises.

        Args:
            texts: `SearchText.of(search_text(result.corpus))` when already folded (the
                TUI's index folds it); None folds it here.
            fold: False writes the entry without the side file when `texts` is None: a
                command that searches nothing does not fold 100,000 events for a later
                one, which folds them then (see `keep_search_text`).

        Returns:
            The search text written (or folded), or None when none was.
        """
        try:
            return self._write(texts, fold)
        except Exception:
            return None

    def _write(self, texts: SearchText | None, fold: bool) -> StoredSearchText | None:
        entry, result = self.entry, self.result
        limit = size_limit(self.events_path, self.seeds)
        if not self._inputs_unchanged():
            return None
        if texts is not None and len(texts) != len(result.corpus.events):
            texts = None
        folded_here = texts is None and fold
        if folded_here:
            # One file's bytes at a time: at 100,000 events each is tens of MB.
            with collector_paused():
                texts = SearchText.of(search_text(result.corpus))
        stored = None
        if texts is not None:
            stored = StoredSearchText(texts)
            meta = (self.key.identity, self.events_hash, self.seeds.digest)
            if not _write_search_text(search_file(entry), meta, texts, limit):
                return stored
        # Checked again after the seconds folding took (before encoding: the check reads the
        # whole events file, which beside the encoded entry would raise the peak by its size).
        if folded_here and not self._inputs_unchanged():
            return stored
        with collector_paused():
            parts = encode(self.key, self.events_hash, self.seeds, result)
        if sum(map(len, parts)) <= limit:
            write_entry(entry, parts)
        prune(entry.parent, keep=entry)
        return stored

    def _inputs_unchanged(self) -> bool:
        """Whether the events file and the seeds listing are still as they were read."""
        return _holds(self.events_path, self.events_hash) and (
            scan_seeds(self.seeds_dir, self.seeds.horizon) == self.seeds
        )


def _holds(path: Path, digest: str) -> bool:
    """Whether `path` is a regular file whose bytes have the `content_digest` `digest`.

    It is read a megabyte at a time: read whole beside the loaded corpus, the file (tens of
    MB at 100,000 events) would raise the peak by its size. Anything else than a regular
    file, or one past the loader's size limit, counts as changed.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        return False
    with os.fdopen(handle, "rb", buffering=0) as stream:
        hasher, read = hashlib.sha256(), 0
        while chunk := stream.read(1 << 20):
            read += len(chunk)
            if read > MAX_INPUT_BYTES:
                return False
            hasher.update(chunk)
    return hasher.hexdigest() == digest


def keep_search_text(stored: StoredSearchText, texts: SearchText) -> None:
    """Write the side file a hit found missing, with the text the command folded instead.

    The side file records the entry's key and digests, so it is read back only beside the
    entry it was folded for; the cache never raises.

    Args:
        stored: the hit's `CachedLoad.search_text`, which names the side file.
        texts: the folded search text of the hit's corpus.
    """
    if stored.file is None:
        return
    with contextlib.suppress(Exception):
        _write_search_text(stored.file, stored.meta, texts, stored.limit)


def _write_search_text(path: Path, meta: Any, texts: SearchText, limit: int) -> bool:
    """Write the side file unless it would be bigger than a reader accepts; say whether."""
    with collector_paused():
        search_body = search_document(meta, texts)
    # Never written bigger than a reader accepts (see `size_limit`): a result that would be
    # (thousands of problems, each longer than the line it is about) is loaded from scratch
    # every time instead.
    if sum(map(len, search_body)) > limit:
        return False
    write_entry(path, search_body)
    return True


def load_cached(
    events_path: Path,
    seeds_dir: Path,
    *,
    check_date_text: DateTextCheck | None = None,
    cache_dir: Path | None = None,
    progress: LoadProgress | None = None,
    defer_write: bool = False,
    or_checked: DateTextCheck | None = None,
) -> CachedLoad:
    """Load a corpus like `tui.core.loader.load`, through the validated cache.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory that article paths are relative to.
        check_date_text: passed to the loader; part of the cache key.
        cache_dir: where entries live; None for ``HK_TIMELINE_CACHE_DIR`` or the platform's
            user cache directory.
        progress: passed to the loader on a miss (a hit reports none).
        defer_write: on a miss, return as soon as the result is validated, leaving the
            entry to `CachedLoad.pending` (the TUI writes it after the first paint, the CLI
            after its output); else it is written before this returns.
        or_checked: with `check_date_text` None, a cross-check whose entry may serve instead
            when this one's misses (the app runs that check after its first paint: a result
            that had it while loading needs none, `CachedLoad.dates_checked` says so). An
            entry the commands wrote then opens the app warm.

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
        return _load(events_path, seeds_dir, check_date_text, progress)
    # Reading and hashing the events file runs without the GIL, and listing the seeds partly,
    # so both overlap with reading and unpacking the entry.
    with ThreadPoolExecutor(max_workers=2) as pool:
        events_future = pool.submit(_hash_input, events_path)
        seeds_future = pool.submit(scan_seeds, seeds_dir, racy_horizon())
        try:
            cached = _read_entry(entry, key, events_path, events_future, seeds_future, seeds_dir)
        except Exception:
            cached = None
        checked: tuple[CacheKey, Path, LoadResult] | None = None
        if (
            not isinstance(cached, LoadResult)
            and or_checked is not None
            and check_date_text is None
        ):
            checked = _checked_entry(
                directory, or_checked, events_path, events_future, seeds_future, seeds_dir
            )
        try:
            events_hash = events_future.result()
            seeds = seeds_future.result()
        except Exception:
            return _load(events_path, seeds_dir, check_date_text, progress)
    limit = size_limit(events_path, seeds)
    if checked is not None:
        key, entry, cached = checked
    if isinstance(cached, LoadResult):
        touch(entry)
        meta = (key.identity, events_hash, seeds.digest)
        stored = StoredSearchText(None, search_file(entry), meta, limit)
        return CachedLoad(cached, events_hash, stored, dates_checked=checked is not None)
    read = loader.read_events(events_path)
    if read is None:
        return _load(events_path, seeds_dir, check_date_text, progress)
    # The entry is named by the bytes the corpus was made from: the file may have changed
    # since it was hashed above (and may change back before the entry is written).
    text, events_hash = read
    del read
    result = load_reusing(text, events_path, seeds_dir, check_date_text, progress, cached, seeds)
    del text
    if result.fatal:
        return CachedLoad(result, events_hash)
    pending = PendingEntry(entry, key, events_path, seeds_dir, events_hash, seeds, result)
    if defer_write:
        return CachedLoad(result, events_hash, pending=pending)
    return CachedLoad(result, events_hash, pending.write())


def _checked_entry(
    directory: Path,
    check: DateTextCheck,
    events_path: Path,
    events_future: Future[str],
    seeds_future: Future[SeedsState],
    seeds_dir: Path,
) -> tuple[CacheKey, Path, LoadResult] | None:
    """The key, entry and result of `check`'s entry for these inputs when it is a hit."""
    try:
        checker = checker_name(check)
        if checker is None:
            return None
        key = cache_key(events_path, seeds_dir, checker)
        entry = directory / f"{key.slot}.idx"
        cached = _read_entry(entry, key, events_path, events_future, seeds_future, seeds_dir)
    except Exception:
        return None
    return (key, entry, cached) if isinstance(cached, LoadResult) else None


class _Bypass(Exception):
    """The cache is off for this load."""


def _load(
    events_path: Path,
    seeds_dir: Path,
    check_date_text: DateTextCheck | None,
    progress: LoadProgress | None,
) -> CachedLoad:
    """Load without the cache, with the digest of the bytes the result was made from."""
    read = loader.read_events(events_path)
    text, digest = (None, file_digest(events_path)) if read is None else read
    del read
    with collector_paused():
        result = loader.load(
            events_path, seeds_dir, check_date_text=check_date_text, progress=progress, text=text
        )
    return CachedLoad(result, digest)


def _read_entry(
    entry: Path,
    key: CacheKey,
    events_path: Path,
    events_future: Future[str],
    seeds_future: Future[SeedsState],
    seeds_dir: Path,
) -> LoadResult | PreviousEntry | None:
    """Rebuild the cached result; a stale entry of this key for a miss to take tables from;
    None when the entry is absent, damaged or of another key."""
    data = read_cache_file(entry, lambda: size_limit(events_path, seeds_future.result()))
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
