"""The search-text side file: the folded search text of every event, kept beside an entry.

It holds the text as `tui.core.query.SearchText` does, one string and the offsets into it, so
reading it back makes one string, not one per event.
"""

from __future__ import annotations

import marshal
import struct
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


_HEAD_LENGTH = struct.Struct("<Q")


def search_document(meta: Any, texts: SearchText) -> list[bytes]:
    """The side file's payload in parts: the head's length, the head (`meta` and the offsets),
    then the joined text as UTF-8.

    The text is encoded once and written as it is: marshalled, one string of tens of
    megabytes would be encoded and then copied into marshal's buffer, twice its size at once.

    Args:
        meta: the key identity and file digests of the entry it goes beside.
        texts: the folded search text of every event.

    Returns:
        The parts to write (see `tui.core.cache.store.write_entry`).
    """
    head = marshal.dumps((meta, texts.starts), MARSHAL_VERSION)
    return [_HEAD_LENGTH.pack(len(head)), head, texts.joined.encode("utf-8", "surrogatepass")]


def read_search(path: Path, meta: Any, limit: int) -> SearchText | None:
    """The folded search text in `path`, or None unless it is whole and records `meta`."""
    data = read_cache_file(path, lambda: limit)
    body = None if data is None else checked_body(data)
    if body is None:
        return None
    (head_length,) = _HEAD_LENGTH.unpack_from(body)
    text_start = _HEAD_LENGTH.size + head_length
    with collector_paused():
        head = marshal.loads(body[_HEAD_LENGTH.size : text_start])
    if not isinstance(head, tuple) or len(head) != 2:
        return None
    stored_meta, starts = head
    if stored_meta != meta or not isinstance(starts, list):
        return None
    joined = str(body[text_start:], "utf-8", "surrogatepass")
    del body, data
    try:
        return SearchText(joined, starts)
    except ValueError:
        return None
