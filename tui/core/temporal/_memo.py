"""Answers remembered by what they depend on: the text and the parts of the date it read."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Generic, TypeVar

from tui.core.temporal._anchor import Anchor, Use

Answer = TypeVar("Answer")

_MISSING = object()


class AnchoredMemo(Generic[Answer]):
    """Remembers `read(text, anchor)` under the text and only the parts of the date it read.

    "2019年7月" is read once for the whole corpus, "今年5月" once a year, "下月" once a month,
    "昨日" once a day. A lookup tries those keys from the widest down; an entry is only ever
    written under the parts its own reading used, so whatever it is found under, a fresh
    reading with the date asked about would give the same answer.
    """

    def __init__(self, read: Callable[[str, Hashable, date], Answer], limit: int) -> None:
        """Remember answers of `read`, at most `limit` under each kind of key.

        Args:
            read: reads a text with an option (part of the key) against a document date; it
                must learn of that date only through the `Anchor` it is given.
            limit: entries kept per kind of key; past it that kind is emptied and refilled.
        """
        self._read = read
        self._limit = limit
        self._memos: tuple[dict[Hashable, Answer], ...] = ({}, {}, {}, {})
        self.hits = 0
        """Lookups answered from memory."""
        self.misses = 0
        """Lookups that read the text."""

    def __call__(self, text: str, option: Hashable, published: date) -> Answer:
        """The answer for `text` read with `option` against `published`."""
        by_text, by_year, by_month, by_date = self._memos
        # Widest first, each key built only when the wider ones missed: most texts are
        # answered by the text alone, once for a whole corpus.
        found = by_text.get((text, option), _MISSING)
        if found is _MISSING and by_year:
            found = by_year.get((text, option, published.year), _MISSING)
        if found is _MISSING and by_month:
            found = by_month.get((text, option, published.year, published.month), _MISSING)
        if found is _MISSING and by_date:
            found = by_date.get((text, option, published), _MISSING)
        if found is not _MISSING:
            self.hits += 1
            return found  # type: ignore[return-value]
        self.misses += 1
        anchor = Anchor(published)
        answer = self._read(text, option, anchor)
        use = anchor.use
        memo = self._memos[use]
        if len(memo) >= self._limit:
            memo.clear()
        parts: tuple[Hashable, ...] = (
            ()
            if use is Use.NOTHING
            else (published.year,)
            if use is Use.YEAR
            else (published.year, published.month)
            if use is Use.MONTH
            else (published,)
        )
        memo[(text, option, *parts)] = answer
        return answer

    def clear(self) -> None:
        """Forget every answer and reset the counts."""
        for memo in self._memos:
            memo.clear()
        self.hits = self.misses = 0
