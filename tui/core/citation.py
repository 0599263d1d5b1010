"""A quote with its citation, as a journalist pastes it: the words, then title, publisher, date."""

from __future__ import annotations

from tui.core.model import Quote, Source

__all__ = ["citation", "published_text"]


def published_text(source: Source) -> str:
    """The article's date as a reader writes it: "6 November 2025"."""
    published = source.published
    return f"{published.day} {published:%B %Y}"


def citation(quote: Quote, source: Source | None) -> str:
    """`quote` in curly quotes followed by its source, on one line.

    The words are the article's own, in its script: a citation quotes what was published.

    Args:
        quote: the passage.
        source: its article, or None when the corpus lacks it (the id is cited instead).

    Returns:
        e.g. ``“In October, …” — Pilot news, Fintech News, 4 November 2025``.
    """
    words = " ".join(quote.text.split())
    if source is None:
        return f"“{words}” — source {quote.source}"
    return f"“{words}” — {source.title}, {source.publisher}, {published_text(source)}"
