"""An article ready to draw: safe text, the passages events quote, highlight pieces per line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import get_character_cell_size

from tui.core.model import Event
from tui.core.names import NameFinder
from tui.core.text_fitting import clean_article

__all__ = [
    "ArticleText",
    "CURRENT",
    "NAME",
    "PASSAGE",
    "Passage",
    "SELECTED",
    "line_pieces",
    "mark_span",
    "offset_at_cell",
    "passage_index",
    "passages_in",
    "prepare_article",
]


NAME = 1
"""Flag of a piece of article text that names an actor."""
PASSAGE = 2
"""Flag of a piece of article text quoted by some event."""
CURRENT = 4
"""Flag of a piece of article text quoted by the event under the cursor."""
SELECTED = 8
"""Flag of a piece of article text under the sentence cursor or selection."""


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of an article that an event quotes."""

    start: int
    """Offset of the passage in the displayed text."""
    end: int
    """Offset just past the passage."""
    position: int
    """Position of the quoting event in the corpus."""


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article ready to draw: safe text, the passages events quote, a finder for names."""

    text: str
    """The text as written, control characters replaced (same length as loaded)."""
    passages: tuple[Passage, ...]
    """Passages quoted by events, by start offset."""
    names: NameFinder
    """Finds actor names in the lines being drawn."""


def passages_in(events: Sequence[Event], source_id: str) -> list[Passage]:
    """Every passage of source `source_id` quoted by an event, in text order.

    Args:
        events: the corpus's events.
        source_id: the article.

    Returns:
        Passages sorted by start offset (then by event).
    """
    found = [
        Passage(quote.start, quote.end, position)
        for position, event in enumerate(events)
        for quote in event.quotes
        if quote.source == source_id
    ]
    found.sort(key=lambda passage: (passage.start, passage.end, passage.position))
    return found


def passage_index(passages: Sequence[Passage], position: int, start: int) -> int:
    """Index of event `position`'s passage starting at `start`, or 0 when it is not there."""
    for index, passage in enumerate(passages):
        if passage.position == position and passage.start == start:
            return index
    return 0


def prepare_article(text: str, passages: Sequence[Passage], names: Sequence[str]) -> ArticleText:
    """Make an article safe to draw and ready to highlight.

    Nothing is converted or searched here: a 10 MB article would take seconds. The
    view converts the script and finds names line by line as it draws them.

    Args:
        text: the article as loaded.
        passages: passages quoted from it, offsets into `text`.
        names: actor names to highlight, longest first.

    Returns:
        The article ready to draw.
    """
    return ArticleText(clean_article(text), tuple(passages), NameFinder(names))


def line_pieces(
    start: int,
    end: int,
    passages: Sequence[Passage],
    current: Passage | None,
    names: Sequence[tuple[int, int]],
) -> list[tuple[int, int, int]]:
    """Cut one displayed line into pieces that each carry one set of highlight flags.

    Each piece is then converted to the chosen script on its own, so a highlight
    stays on the characters it covers even where a conversion changes lengths.

    Args:
        start: offset of the line's first character.
        end: offset just past its last character.
        passages: every passage of the article.
        current: the passage under the cursor, or None.
        names: actor-name spans inside the line.

    Returns:
        (start, end, flags) pieces covering the line, flags a mix of NAME, PASSAGE, CURRENT.
    """
    spans: list[tuple[int, int, int]] = []
    for passage in passages:
        if passage.start < end and passage.end > start:
            flag = CURRENT if passage == current else PASSAGE
            spans.append((max(passage.start, start), min(passage.end, end), flag))
    spans += [(name_start, name_end, NAME) for name_start, name_end in names]
    if not spans:
        return [(start, end, 0)]
    cuts = sorted({start, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for piece_start, piece_end in zip(cuts, cuts[1:], strict=False):
        flags = 0
        for span_start, span_end, flag in spans:
            if span_start <= piece_start and piece_end <= span_end:
                flags |= flag
        pieces.append((piece_start, piece_end, flags))
    return pieces


def mark_span(
    pieces: Sequence[tuple[int, int, int]], start: int, end: int, flag: int
) -> list[tuple[int, int, int]]:
    """Add `flag` to the parts of `pieces` inside [start, end), cutting pieces where needed.

    Args:
        pieces: (start, end, flags) pieces of one line, as `line_pieces` returns them.
        start: offset where the marked span begins.
        end: offset just past it.
        flag: the flag to add (e.g. SELECTED).

    Returns:
        The pieces, cut at the span's ends, the flag added inside it.
    """
    if start >= end:
        return list(pieces)
    marked = []
    for piece_start, piece_end, flags in pieces:
        cuts = sorted(
            {piece_start, piece_end, *(x for x in (start, end) if piece_start < x < piece_end)}
        )
        for a, b in zip(cuts, cuts[1:], strict=False):
            inside = start <= a and b <= end
            marked.append((a, b, flags | flag if inside else flags))
    return marked


def offset_at_cell(text: str, start: int, end: int, cell: int) -> int:
    """The text offset drawn at terminal cell `cell` of the line text[start:end].

    Args:
        text: the article.
        start: offset of the line's first character.
        end: offset just past its last.
        cell: the cell counted from the line's left edge.

    Returns:
        An offset in [start, end] (the end when the cell lies past the line).
    """
    used = 0
    for offset in range(start, end):
        used += get_character_cell_size(text[offset])
        if used > cell:
            return offset
    return end
