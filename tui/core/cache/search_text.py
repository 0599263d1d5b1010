"""The search-text side file: the folded search text of every event, kept beside an entry.

It holds the text as `tui.core.query.SearchText` does, one string and the offsets into it, so
reading it back makes one string, not one per event.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.cache.codec import collector_paused
from tui.core.cache.store import MARSHAL_VERSION, checked_body, read_cache_file
from tui.core.query import SearchText

__all__ = [
    "StoredSearchText",
    "read_search",
    "search_document",
    "search_file",
]


@dataclass(frozen=True, slots=True)
class StoredSearchText:
    """The folded search text of a loaded corpus: at hand after a miss, in its side file after
    a hit (read only when asked for: the first paint does not wait for it)."""

    texts: SearchText | None
    """The folded text of every event, when the load has just folded it."""
    file: Path | None = None
    """The side file to read them from, when they are not at hand."""
    meta: Any = None
    """What that file must record: the key identity and file digests of the entry."""
    limit: int = 0
    """The most bytes that file may hold (see `size_limit`)."""

    def read(self, count: int) -> SearchText | None:
        """The folded text of each of `count` events, or None when it cannot be had.

        Args:
            count: how many events the corpus has.

        Returns:
            The texts, or None for a missing, damaged or stale side file or another count.
        """
        texts = self.texts
        if texts is None and self.file is not None:
            try:
                texts = read_search(self.file, self.meta, self.limit)
            except Exception:
                texts = None
        return texts if texts is not None and len(texts) == count else None


def search_file(entry: Path) -> Path:
    """The side file beside `entry` that keeps its search text."""
    return entry.with_name(f"{entry.stem}.search.idx")


def search_document(meta: Any, texts: SearchText) -> bytes:
    """The side file's payload: `meta` (what the entry records), the joined text, the offsets.

    Args:
        meta: the key identity and file digests of the entry it goes beside.
        texts: the folded search text of every event.

    Returns:
        The bytes to write (see `tui.core.cache.store.write_entry`).
    """
    return marshal.dumps((meta, texts.joined, texts.starts), MARSHAL_VERSION)


def read_search(path: Path, meta: Any, limit: int) -> SearchText | None:
    """The folded search text in `path`, or None unless it is whole and records `meta`."""
    data = read_cache_file(path, lambda: limit)
    body = None if data is None else checked_body(data)
    if body is None:
        return None
    with collector_paused():
        document = marshal.loads(body)
    del body, data
    if not isinstance(document, tuple) or len(document) != 3:
        return None
    stored_meta, joined, starts = document
    if stored_meta != meta or not isinstance(joined, str) or not isinstance(starts, list):
        return None
    try:
        return SearchText(joined, starts)
    except ValueError:
        return None
