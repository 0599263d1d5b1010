"""Pure display logic for the TUI: rows, wrapping, script conversion, highlight spans."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal, Protocol

from rich.cells import cell_len, get_character_cell_size, set_cell_size

from tui.core.model import Actor, Corpus, Event

__all__ = [
    "CURRENT",
    "HEADING",
    "NAME",
    "PASSAGE",
    "SCRIPTS",
    "SCRIPT_NAMES",
    "ArticleText",
    "NameFinder",
    "Bar",
    "Passage",
    "Script",
    "ScriptConverter",
    "TimelineRows",
    "actor_names",
    "build_rows",
    "clean_article",
    "describe_filters",
    "typed_range",
    "event_years",
    "family_counts",
    "find_names",
    "fit_cells",
    "histogram_bars",
    "line_pieces",
    "passage_index",
    "passages_in",
    "short_name",
    "mark_span",
    "note_gist",
    "offset_at_cell",
    "prepare_article",
    "wrap",
]

HEADING = -1
"""The position stored for a year-heading row."""

NAME = 1
"""Flag of a piece of article text that names an actor."""
PASSAGE = 2
"""Flag of a piece of article text quoted by some event."""
CURRENT = 4
"""Flag of a piece of article text quoted by the event under the cursor."""
SELECTED = 8
"""Flag of a piece of article text under the sentence cursor or selection."""

Script = Literal["original", "hant", "hans"]
SCRIPTS: tuple[Script, ...] = ("original", "hant", "hans")
"""The script cycle of the `s` key."""
SCRIPT_NAMES: dict[Script, str] = {
    "original": "as written",
    "hant": "Traditional (HK)",
    "hans": "Simplified",
}


def note_gist(note: str, width: int) -> str:
    """The start of a long note in at most `width` cells, cut at a word and marked "…".

    Args:
        note: text without control characters.
        width: cells allowed (at least 2).

    Returns:
        The note itself when it fits, else its first words and "…".
    """
    if cell_len(note) <= width:
        return note
    cut = set_cell_size(note, width - 1)
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


# ---------------------------------------------------------------------------
# Control characters

# Length-preserving: quote offsets index the article, so every character maps to exactly one.
_ARTICLE_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_ARTICLE_TABLE.update({0x0A: "\n", 0x09: " ", 0x0D: " ", 0x7F: "\ufffd"})
_ARTICLE_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_ARTICLE_TABLE.update({0x2028: " ", 0x2029: " "})
_ARTICLE_TABLE.update(
    {ord(char): "\ufffd" for char in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"}
)
_ARTICLE_TABLE.update({ord(char): "\ufffd" for char in "\u2066\u2067\u2068\u2069"})


@lru_cache(maxsize=1)
def _unsafe_pattern() -> re.Pattern[str]:
    # Compiled on first use, not at import: a class reaching past Latin-1 takes sre a
    # millisecond to build, and the first paint needs no article.
    return re.compile(
        "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
    )


def clean_article(text: str) -> str:
    """Make an article safe to draw without changing its length.

    Control characters become their Unicode pictures (ESC → ␛), a carriage return
    or tab becomes a space, bidi controls and C1 controls become U+FFFD. Only
    "\\n" is kept as a line break, so offsets into the text stay valid.

    Args:
        text: the article's text as loaded.

    Returns:
        Text of the same length with nothing a terminal would obey.
    """
    # Replacing match by match is far quicker than translating every character when,
    # as in articles, unsafe characters are few.
    return _unsafe_pattern().sub(_replace_unsafe, text)


def _replace_unsafe(match: re.Match[str]) -> str:
    return _ARTICLE_TABLE[ord(match.group())]


def fit_cells(text: str, width: int) -> str:
    """Pad or cut `text` to exactly `width` terminal cells, marking a cut with "…".

    Args:
        text: text without control characters.
        width: cells wanted.

    Returns:
        The fitted text.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


# ---------------------------------------------------------------------------
# Timeline rows


@dataclass(frozen=True, slots=True)
class TimelineRows:
    """The timeline list as flat rows: a heading for each year, then that year's events."""

    positions: array[int]
    """For each row, the event's position in the corpus, or HEADING."""
    years: array[int]
    """For each row, the year it belongs to."""
    visible: array[int]
    """Positions of the visible events, ascending."""
    event_rows: array[int]
    """For each visible event (parallel to `visible`), its row."""
    year_counts: dict[int, int]
    """Number of visible events per year."""
    complete: bool = True
    """False for the first rows of a search still under way: counts are not known yet."""
    ordered: bool = True
    """Whether `years` never goes down (a chronological corpus): years are found by bisection."""

    def __len__(self) -> int:
        return len(self.positions)

    def row_of(self, position: int) -> int | None:
        """Return the row showing event `position`, or None when it is not visible."""
        index = bisect_left(self.visible, position)
        if index < len(self.visible) and self.visible[index] == position:
            return self.event_rows[index]
        return None

    def nearest_row(self, position: int) -> int | None:
        """Return the row of `position`, else of the next visible event, else of the last."""
        if not self.visible:
            return None
        index = min(bisect_left(self.visible, position), len(self.visible) - 1)
        return self.event_rows[index]

    def event_row(self, row: int, step: int) -> int | None:
        """Return the first event row from `row` going by `step` (+1 or -1), or None."""
        positions = self.positions
        while 0 <= row < len(positions):
            if positions[row] != HEADING:
                return row
            row += step
        return None

    def first_event_of(self, year: int) -> int | None:
        """Return the row of the first visible event of `year`, or None."""
        if self.ordered:
            row = bisect_left(self.years, year)
            found = self.event_row(row, 1)
            return found if found is not None and self.years[found] == year else None
        for row, (row_year, position) in enumerate(zip(self.years, self.positions, strict=True)):
            if row_year == year and position != HEADING:
                return row
        return None

    def year_start(self, row: int, step: int) -> int | None:
        """Return the first event row of the year before (-1) or after (+1) `row`'s year."""
        if not self.positions:
            return None
        row = max(0, min(row, len(self.positions) - 1))
        year = self.years[row]
        if self.ordered:
            # Thousands of rows a year at 100,000 events: bisect rather than walk.
            if step > 0:
                return self.event_row(bisect_right(self.years, year, lo=row), 1)
            start = bisect_left(self.years, year, hi=row)
            if start == 0:
                return None
            return self.event_row(bisect_left(self.years, self.years[start - 1], hi=start), 1)
        probe = row
        if step > 0:
            while probe < len(self.years) and self.years[probe] == year:
                probe += 1
            return self.event_row(probe, 1)
        while probe >= 0 and self.years[probe] == year:
            probe -= 1
        if probe < 0:
            return None
        previous_year = self.years[probe]
        while probe > 0 and self.years[probe - 1] == previous_year:
            probe -= 1
        return self.event_row(probe, 1)


def event_years(events: Sequence[Event]) -> list[int]:
    """The year of each event, by position (computed once; `build_rows` reads it)."""
    return [event.date.year for event in events]


def build_rows(
    years: Sequence[int], visible: Sequence[int], *, complete: bool = True
) -> TimelineRows:
    """Lay the visible events out as rows grouped under year headings.

    Args:
        years: the year of each event of the corpus, by position (see `event_years`).
        visible: positions of the events to show, ascending.
        complete: False when `visible` is only the part of a result around the cursor.

    Returns:
        The rows, with lookups from events to rows.
    """
    shown = array("i", visible)
    visible_years = list(map(years.__getitem__, shown))
    # Flat arrays of machine ints, not lists or tuples of int objects: the rows of 100,000
    # events are built and dropped at every filter change, and an array is freed at once
    # (a tuple decrements 100,000 references and frees each int, a millisecond or more,
    # inside the keystroke's frame). The cyclic collector never looks into one either.
    positions = array("i")
    row_years = array("i")
    event_rows = array("i")
    year_counts: dict[int, int] = {}
    ordered = True
    start = 0
    # Years only grow along a chronological corpus, so each year's run is found by
    # bisection and copied as a slice; a year seen again out of order gets a new heading.
    while start < len(shown):
        year = visible_years[start]
        end = bisect_right(visible_years, year, lo=start)
        if end <= start or visible_years[start:end].count(year) != end - start:
            end = start + 1
            while end < len(shown) and visible_years[end] == year:
                end += 1
        count = end - start
        if year_counts and year <= row_years[-1]:
            ordered = False  # this year was seen before, or an earlier one follows a later
        first_row = len(positions) + 1
        positions.append(HEADING)
        positions.extend(shown[start:end])
        row_years.extend(array("i", [year]) * (count + 1))
        event_rows.extend(range(first_row, first_row + count))
        year_counts[year] = year_counts.get(year, 0) + count
        start = end
    return TimelineRows(positions, row_years, shown, event_rows, year_counts, complete, ordered)


# ---------------------------------------------------------------------------
# Histogram


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the year histogram, covering one or more consecutive years."""

    first_year: int
    """First year the bar counts."""
    last_year: int
    """Last year the bar counts."""
    count: int
    """Events counted."""


def histogram_bars(
    counts: dict[int, int], first_year: int, last_year: int, width: int
) -> list[Bar]:
    """Bucket per-year counts into at most `width` bars, every year from first to last.

    Args:
        counts: events per year (years without events may be missing).
        first_year: the first year to show.
        last_year: the last year to show.
        width: the most bars wanted.

    Returns:
        Bars in year order; several years share a bar only when they don't fit.
    """
    if last_year < first_year or width <= 0:
        return []
    years = last_year - first_year + 1
    per_bar = -(-years // width)
    bars = []
    for start in range(first_year, last_year + 1, per_bar):
        end = min(start + per_bar - 1, last_year)
        total = sum(counts.get(year, 0) for year in range(start, end + 1))
        bars.append(Bar(start, end, total))
    return bars


# ---------------------------------------------------------------------------
# Scripts


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


class ScriptConverter:
    """Converts Chinese text between scripts, building each OpenCC converter on first use."""

    def __init__(self) -> None:
        self._converters: dict[str, _Converter] = {}

    def _get(self, config: str) -> _Converter:
        converter = self._converters.get(config)
        if converter is None:
            import opencc

            converter = opencc.OpenCC(config)
            self._converters[config] = converter
        return converter

    def is_traditional(self, text: str) -> bool:
        """Guess whether `text` is written in Traditional characters."""
        return str(self._get("t2s").convert(text)) != text

    def converter_for(self, script: Script, language: str | None = None) -> Callable[[str], str]:
        """Return a function converting text to `script`.

        Args:
            script: the wanted script; "original" leaves text as written.
            language: the text's language ("zh-Hant", "zh-Hans", …) when known; otherwise
                each text is guessed, so Traditional input is not run through s2hk, which
                would mistake characters like 干 for Simplified.

        Returns:
            A function from text to converted text.
        """
        if script == "original":
            return _unchanged
        if script == "hans":
            to_simplified = self._get("t2s")
            return lambda text: text if text.isascii() else str(to_simplified.convert(text))
        if language == "zh-Hant":
            from_traditional = self._get("t2hk")
            return lambda text: text if text.isascii() else str(from_traditional.convert(text))
        if language == "zh-Hans":
            from_simplified = self._get("s2hk")
            return lambda text: text if text.isascii() else str(from_simplified.convert(text))
        return self._to_hk_guessing

    def _to_hk_guessing(self, text: str) -> str:
        if text.isascii():
            return text
        config = "t2hk" if self.is_traditional(text) else "s2hk"
        return str(self._get(config).convert(text))

    def convert(self, text: str, script: Script, language: str | None = None) -> str:
        """Convert `text` to `script` (see `converter_for`)."""
        return self.converter_for(script, language)(text)


def _unchanged(text: str) -> str:
    return text


# ---------------------------------------------------------------------------
# Articles


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of an article that an event quotes."""

    start: int
    """Offset of the passage in the displayed text."""
    end: int
    """Offset just past the passage."""
    position: int
    """Position of the quoting event in the corpus."""


class NameFinder:
    """Finds actor names in any window of a text, so only the lines on screen are searched."""

    def __init__(self, names: Sequence[str]) -> None:
        """Prepare to find `names` (longest first wins; latin names only as whole words)."""
        self.pattern = _names_pattern(tuple(names)) if names else None
        """One alternation of every name, or None when there are none."""
        self.longest = max((len(name) for name in names), default=0)
        """The longest name, in characters: how far beyond a window a name may reach."""

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Return the names overlapping text[start:end], clipped to it, in text order.

        Args:
            text: the article text.
            start: first offset of the window.
            end: offset just past the window (the end of the text when None).

        Returns:
            (start, end) spans inside the window.
        """
        if end is None:
            end = len(text)
        if self.pattern is None or start >= end:
            return []
        low = max(0, start - self.longest + 1)
        high = min(len(text), end + self.longest + 1)
        found = []
        for match in self.pattern.finditer(text, low, high):
            name_start, name_end = match.span()
            if name_end > start and name_start < end:
                found.append((max(name_start, start), min(name_end, end)))
        return found


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


def family_counts(events: Iterable[Event], actors: dict[str, Actor]) -> dict[str, int]:
    """Count, for each actor, the events naming it or any organisation below it.

    Args:
        events: the events to count.
        actors: every actor by id (for the parent links).

    Returns:
        Actor id → number of events; each event counts once per ancestor.
    """
    lineage: dict[str, tuple[str, ...]] = {}
    for actor_id in actors:
        chain = [actor_id]
        parent = actors[actor_id].parent
        while parent is not None and parent in actors and parent not in chain:
            chain.append(parent)
            parent = actors[parent].parent
        lineage[actor_id] = tuple(chain)
    counts: dict[str, int] = {}
    for event in events:
        family = {ancestor for actor_id in event.actors for ancestor in lineage.get(actor_id, ())}
        for ancestor in family:
            counts[ancestor] = counts.get(ancestor, 0) + 1
    return counts


def actor_names(actors: Iterable[Actor], variants: Callable[[str], str] | None = None) -> list[str]:
    """Names and aliases of `actors` (and their `variants`, e.g. Simplified), longest first."""
    names: set[str] = set()
    for actor in actors:
        for name in (actor.name.en, actor.name.zh, *actor.aliases):
            name = name.strip()
            if len(name) < 2:
                continue
            names.add(name)
            if variants is not None:
                names.add(variants(name))
    return sorted(names, key=lambda name: (-len(name), name))


_ACRONYM = re.compile(r"[A-Za-z]{2,6}")


def _all_cjk(text: str) -> bool:
    # A comparison per character rather than a regex class: compiling a class this wide
    # costs sre 2 ms at import, before the first paint.
    return all("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def short_name(actor: Actor, lang: str) -> str:
    """A tag-sized name: the Chinese name, or the English name unless an acronym is shorter.

    Args:
        actor: the organisation.
        lang: "en" or "zh".

    Returns:
        "HKMA" for the Hong Kong Monetary Authority, "HSBC" for HSBC, 金管局 in zh.
    """
    if lang == "zh" and actor.name.zh:
        if len(actor.name.zh) <= 6:
            return actor.name.zh
        # An alias sharing characters with the name is a short form, not a person's name.
        chinese = [
            alias
            for alias in actor.aliases
            if len(alias) >= 2 and _all_cjk(alias) and len(set(alias) & set(actor.name.zh)) >= 2
        ]
        return min(chinese, key=len) if chinese else actor.name.zh
    name = actor.name.en or actor.name.zh
    if len(name) <= 10:
        return name
    acronyms = [
        alias
        for alias in actor.aliases
        if _ACRONYM.fullmatch(alias) and sum(char.isupper() for char in alias) >= len(alias) - 1
    ]
    if not acronyms:
        return name
    return min(acronyms, key=lambda alias: (alias != alias.upper(), len(alias), alias))


def find_names(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Find mentions of `names` in the whole of `text` (see NameFinder for windows).

    Args:
        text: the article text.
        names: names to look for, longest first so a longer name wins.

    Returns:
        (start, end) spans in text order.
    """
    return NameFinder(names).find(text)


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for name in names:
        escaped = re.escape(name)
        if name[0].isascii() and name[0].isalnum():
            escaped = r"(?<![A-Za-z0-9])" + escaped
        if name[-1].isascii() and name[-1].isalnum():
            escaped += r"(?![A-Za-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


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


# ---------------------------------------------------------------------------
# Wrapping by cell width

_SPECIAL: re.Pattern[str] | None = None
_ZERO: re.Pattern[str] | None = None
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _width_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns for runs of wide-or-zero-width characters and for zero-width ones.

    Built from rich's own cell table, so wrapping agrees with how Textual draws.
    Only the Basic Multilingual Plane goes into the classes: sre tests a BMP class
    with a bitmap, but falls back to a slow range scan once astral ranges are in;
    paragraphs with astral characters take a per-character path instead.
    """
    global _SPECIAL, _ZERO
    if _SPECIAL is None or _ZERO is None:
        try:
            from rich._unicode_data import load

            ranges = [(low, high, width) for low, high, width in load("auto").widths]
        except (ImportError, AttributeError):  # pragma: no cover - rich moved its table
            ranges = [
                (0x0300, 0x036F, 0),
                (0x1100, 0x115F, 2),
                (0x2E80, 0xA4CF, 2),
                (0xAC00, 0xD7A3, 2),
                (0xF900, 0xFAFF, 2),
                (0xFE30, 0xFE4F, 2),
                (0xFF00, 0xFF60, 2),
                (0xFFE0, 0xFFE6, 2),
            ]
        wide: list[str] = []
        zero: list[str] = []
        for low, high, width in ranges:
            low, high = max(low, 1), min(high, 0xFFFF)
            if low > high:
                continue
            item = re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
            (wide if width == 2 else zero).append(item)
        _SPECIAL = re.compile(f"[{''.join(wide)}{''.join(zero)}]+")
        _ZERO = re.compile(f"[{''.join(zero)}]")
    return _SPECIAL, _ZERO


def _runs(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, cells per character) runs covering text[start:end]."""
    if _ASTRAL.search(text, start, end):
        yield from _runs_per_character(text, start, end)
        return
    special, zero = _width_patterns()
    position = start
    for match in special.finditer(text, start, end):
        run_start, run_end = match.span()
        if position < run_start:
            yield position, run_start, 1
        if zero.search(text, run_start, run_end) is None:
            yield run_start, run_end, 2
        else:
            yield from _runs_per_character(text, run_start, run_end)
        position = run_end
    if position < end:
        yield position, end, 1


def _runs_per_character(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    run_start = start
    run_width = -1
    for offset in range(start, end):
        width = get_character_cell_size(text[offset])
        if width != run_width:
            if run_width != -1:
                yield run_start, offset, run_width
            run_start, run_width = offset, width
    if run_width != -1:
        yield run_start, end, run_width


# A wrapped line should not start with closing punctuation nor end with opening punctuation.
_NO_LINE_START = frozenset("，。、；：？！）」』】》〉”’…·,.;:?!)]}%")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Wrap `text` to `width` cells, CJK counting two cells and breaking between characters.

    Latin words break at spaces (a word longer than the line is cut); CJK text breaks
    between any two characters, except before closing punctuation. Only "\\n" starts
    a new paragraph. Runs of same-width characters are measured at once, so even a
    10 MB article wraps in well under a second.

    Args:
        text: text without control characters other than "\\n".
        width: the line width in cells (at least 2 is used).

    Returns:
        (start, end) offsets of each displayed line; spaces at a break are left out.
    """
    width = max(width, 2)
    lines: list[tuple[int, int]] = []
    all_narrow = text.isascii()
    position = 0
    length = len(text)
    while position < length or not lines:
        newline = text.find("\n", position)
        if newline == -1:
            newline = length
        _wrap_span(text, position, newline, width, lines, narrow=all_narrow)
        position = newline + 1
    return lines


def wrap_paragraph(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Wrap the one paragraph text[start:end] (no "\n" inside) as `wrap` would."""
    lines: list[tuple[int, int]] = []
    _wrap_span(text, start, end, max(width, 2), lines, narrow=False)
    return lines


def _wrap_span(
    text: str, start: int, end: int, width: int, lines: list[tuple[int, int]], *, narrow: bool
) -> None:
    """Append the lines of one paragraph; `narrow` says the text is known to be ASCII."""
    if narrow or text[start:end].isascii():
        _wrap_narrow(text, start, end, width, lines)
    else:
        _wrap_mixed(text, start, end, width, lines)


class LazyWrap:
    """An article's displayed lines at one width, each paragraph wrapped when first needed.

    Wrapping a 50 MB article whole takes seconds and hundreds of megabytes; a screen
    shows a few dozen lines. The paragraphs' starts are found at once (one scan for
    "\n"); a paragraph not yet wrapped counts as an estimate of its height, and the
    estimate is replaced by the true height when it is wrapped. Heights are summed per
    block of paragraphs, so finding the paragraph of a line costs a bisect over the
    blocks and a walk inside one. The lines match `wrap(text, width)` wherever the
    paragraphs involved have been wrapped; the total is exact once they all have.
    """

    BLOCK = 512
    """Paragraphs per block of summed heights."""
    KEEP = 4096
    """Wrapped paragraphs kept (their heights are kept for good)."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        """The article."""
        self.width = max(width, 2)
        """The width in cells."""
        starts = array("q", [0])
        length = len(text)
        starts.extend(match.end() for match in re.finditer("\n", text) if match.end() < length)
        self._starts = starts
        self.wraps = 0
        """Paragraphs wrapped so far (tests count them)."""
        self._wrapped: dict[int, list[tuple[int, int]]] = {}
        count = len(starts)
        blocks = (count + self.BLOCK - 1) // self.BLOCK
        # Until a block is visited its paragraphs count as one line each plus one for
        # every full width of characters: a cheap guess, never zero.
        self._block_lines = array("q", (self._guess_block(block) for block in range(blocks)))
        self._heights: dict[int, list[int]] = {}
        self._cumulative: list[int] | None = None

    @property
    def paragraphs(self) -> int:
        """Number of paragraphs."""
        return len(self._starts)

    def _end(self, paragraph: int) -> int:
        if paragraph + 1 < len(self._starts):
            return self._starts[paragraph + 1] - 1
        length = len(self.text)
        return length - 1 if self.text.endswith("\n") else length

    def _guess_block(self, block: int) -> int:
        first = block * self.BLOCK
        last = min(first + self.BLOCK, len(self._starts))
        chars = (self._end(last - 1) if last else 0) - self._starts[first]
        return (last - first) + max(0, chars) // self.width

    def _block(self, block: int) -> list[int]:
        """The heights of a block's paragraphs (guessed until wrapped), the block's sum kept."""
        heights = self._heights.get(block)
        if heights is None:
            first = block * self.BLOCK
            last = min(first + self.BLOCK, len(self._starts))
            width = self.width
            heights = [
                1 + max(0, self._end(paragraph) - self._starts[paragraph]) // width
                for paragraph in range(first, last)
            ]
            self._heights[block] = heights
            self._set_block_lines(block, sum(heights))
        return heights

    def _set_block_lines(self, block: int, lines: int) -> None:
        if self._block_lines[block] != lines:
            self._block_lines[block] = lines
            self._cumulative = None

    def _sums(self) -> list[int]:
        if self._cumulative is None:
            total = 0
            sums = []
            for lines in self._block_lines:
                total += lines
                sums.append(total)
            self._cumulative = sums
        return self._cumulative

    @property
    def total(self) -> int:
        """Number of displayed lines (exact where wrapped, estimated elsewhere)."""
        sums = self._sums()
        return sums[-1] if sums else 0

    def paragraph_lines(self, paragraph: int) -> list[tuple[int, int]]:
        """The displayed lines of one paragraph, wrapping it if needed."""
        lines = self._wrapped.pop(paragraph, None)
        if lines is not None:
            self._wrapped[paragraph] = lines  # the most recently used go last
            return lines
        lines = wrap_paragraph(self.text, self._starts[paragraph], self._end(paragraph), self.width)
        self.wraps += 1
        if len(self._wrapped) >= self.KEEP:
            del self._wrapped[next(iter(self._wrapped))]
        self._wrapped[paragraph] = lines
        block, index = divmod(paragraph, self.BLOCK)
        heights = self._block(block)
        if heights[index] != len(lines):
            self._set_block_lines(block, self._block_lines[block] - heights[index] + len(lines))
            heights[index] = len(lines)
        return lines

    def _first_line(self, paragraph: int) -> int:
        """The line a paragraph starts on."""
        block, index = divmod(paragraph, self.BLOCK)
        heights = self._block(block)
        before = self._sums()[block - 1] if block else 0
        return before + sum(heights[:index])

    def line(self, line: int) -> tuple[int, int] | None:
        """(start, end) of displayed line `line`, or None past the last one."""
        while True:
            sums = self._sums()
            if not 0 <= line < (sums[-1] if sums else 0):
                return None
            block = bisect_right(sums, line)
            heights = self._block(block)
            if self._sums() is not sums:
                continue  # the block's guess became its paragraphs' guesses: look again
            row = line - (sums[block - 1] if block else 0)
            index = 0
            while index < len(heights) - 1 and row >= heights[index]:
                row -= heights[index]
                index += 1
            lines = self.paragraph_lines(block * self.BLOCK + index)
            if self._sums() is not sums:
                continue  # its true height differs from the guess: look again
            return lines[min(row, len(lines) - 1)]

    def line_of(self, offset: int) -> int:
        """The displayed line holding text offset `offset`."""
        paragraph = max(0, bisect_right(self._starts, offset) - 1)
        lines = self.paragraph_lines(paragraph)
        row = max(0, bisect_right([start for start, _ in lines], offset) - 1)
        return self._first_line(paragraph) + row

    def settle_end(self, height: int) -> None:
        """Wrap the last paragraphs until they fill `height` lines, so the end is exact."""
        filled = 0
        paragraph = len(self._starts) - 1
        while paragraph >= 0 and filled < height:
            filled += len(self.paragraph_lines(paragraph))
            paragraph -= 1


def _break_line(
    text: str, line_start: int, cut: int, end: int, lines: list[tuple[int, int]]
) -> int:
    """End the line starting at `line_start` at `cut`, spaces at the break left out.

    Returns:
        Where the next line starts: `cut` past the spaces that follow it (before `end`).
    """
    line_end = cut
    while line_end > line_start and text[line_end - 1] == " ":
        line_end -= 1
    lines.append((line_start, line_end))
    while cut < end and text[cut] == " ":
        cut += 1
    return cut


def _wrap_narrow(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    """Greedy word wrap of a paragraph whose characters are all one cell wide."""
    line_start = start
    while end - line_start > width:
        limit = line_start + width
        space = text.rfind(" ", line_start, limit + 1)
        line_start = _break_line(
            text, line_start, space if space > line_start else limit, end, lines
        )
    lines.append((line_start, end))


def _wrap_mixed(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    """Greedy wrap of a paragraph mixing wide, zero-width and narrow characters.

    `last_break` is the latest offset after which the line may end; text between it
    and the current position has no break opportunity, so it moves down as a whole.
    """
    line_start = start
    cells = 0
    last_break = -1
    for run_start, run_end, char_width in _runs(text, start, end):
        if char_width == 0:
            continue
        position = max(run_start, line_start)
        while position < run_end:
            room = (width - cells) // char_width
            if run_end - position <= room:
                cells += (run_end - position) * char_width
                if char_width == 2:
                    last_break = run_end
                else:
                    space = text.rfind(" ", position, run_end)
                    if space >= position:
                        last_break = space + 1
                break
            limit = position + room
            if char_width == 2:
                cut = limit
                if text[cut] in _NO_LINE_START and cut - 1 > line_start:
                    if cut > position or last_break == position:
                        cut -= 1
                    elif last_break > line_start:
                        cut = last_break
            else:
                space = text.rfind(" ", position, limit + 1)
                if space >= position and space > line_start:
                    cut = space
                elif last_break > line_start:
                    cut = last_break
                else:
                    cut = limit
            if cut <= line_start:
                cut = line_start + 1
            cut = line_start = _break_line(text, line_start, cut, end, lines)
            last_break = -1
            if cut < position:
                cells = cell_len(text[cut:position])
            else:
                cells = 0
                position = cut
    lines.append((line_start, end))


# ---------------------------------------------------------------------------
# Header text


def describe_filters(
    corpus: Corpus,
    *,
    query: str,
    actors: Iterable[str],
    themes: Iterable[str],
    include_children: bool,
    date_from: date | None,
    date_to: date | None,
    lang: str,
    status: str | None = None,
    date_from_text: str = "",
    date_to_text: str = "",
) -> list[str]:
    """Say the active filters in a few words each, e.g. `actors: HSBC, HKMA (+children)`.

    Args:
        corpus: for actor and theme names.
        query: the search text.
        actors: chosen actor ids.
        themes: chosen theme ids.
        include_children: whether child organisations are included.
        date_from: the first day of the range, or None.
        date_to: the last day of the range, or None.
        lang: "en" or "zh" for names.
        status: "happened" or "planned", or None for both.
        date_from_text: what the user typed for the first day ("mid-2024"), or "".
        date_to_text: what the user typed for the last day, or "".

    Returns:
        One phrase per active filter, in a stable order; a date range as typed, with the
        days it resolved to beside it (`dates: mid-2024 – … (2024-05-02 – …)`).
    """
    phrases: list[str] = []
    # Shortest first: a header too narrow for all of them cuts the last, the dates.
    if status is not None:
        phrases.append(f"status: {status}")
    if query.strip():
        phrases.append(f"search: {query.strip()}")
    actor_list = sorted(
        corpus.actors[actor_id].name.pick(lang) if actor_id in corpus.actors else actor_id
        for actor_id in actors
    )
    if actor_list:
        children = " (+children)" if include_children else ""
        phrases.append(f"actors: {', '.join(actor_list)}{children}")
    theme_list = sorted(
        corpus.themes[theme_id].name.pick(lang) if theme_id in corpus.themes else theme_id
        for theme_id in themes
    )
    if theme_list:
        phrases.append(f"themes: {', '.join(theme_list)}")
    if date_from is not None or date_to is not None:
        low = date_from.isoformat() if date_from else "…"
        high = date_to.isoformat() if date_to else "…"
        days = f"{low} – {high}"
        typed = typed_range(date_from_text, date_to_text, date_to is not None)
        shown = days if not typed or typed == days else f"{typed} ({days})"
        phrases.append(f"dates: {shown}")
    return phrases


def typed_range(first_text: str, last_text: str, has_last: bool) -> str:
    """A date range as typed: `mid-2024 – …`, or the From alone when it filled both ends
    (`2020至2025年`); "" when nothing was typed.

    Args:
        first_text: the From text.
        last_text: the To text.
        has_last: whether the range has a last day (an interval in From gives one).
    """
    first, last = first_text.strip(), last_text.strip()
    if not first and not last:
        return ""
    if first and not last and has_last:
        return first
    return f"{first or '…'} – {last or '…'}"
