"""Load and validate events.toml and its articles, collecting every problem in one pass."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from array import array
from bisect import bisect_right, insort
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, Protocol, cast

from tui.core.dates import MONTH_NAMES, parse_event_date, sort_key
from tui.core.errors import Problem, TimelineError
from tui.core.freshness import content_digest
from tui.core.model import (
    ACTOR_KINDS,
    LANGUAGES,
    MODS,
    STATUSES,
    Actor,
    Bilingual,
    Corpus,
    Event,
    EventDate,
    Language,
    Quote,
    Source,
    Status,
    Theme,
)
from tui.core.reading import file_kind, read_regular, stat_failure
from tui.core.slice_parse import ParsedSlices, helpers_for
from tui.core.toml_parse import parse_toml

SCHEMA = 2
"""The newest events.toml schema this loader reads (and what new files are written with)."""
SCHEMAS = (1, 2)
"""Every schema this loader reads. Schema 2 adds interval dates ("2020/2025", "2019-07/",
"/2026-01-04") and the mod APPROX; schema 1 files load unchanged."""


def schema_2_form(event_date: EventDate) -> str | None:
    """What in a date is new in schema 2 (an interval, an open end, APPROX), or None."""
    if event_date.first is None:
        form = 'an open-start interval ("by")'
    elif event_date.last is None:
        form = 'an open-end interval ("since")'
    elif event_date.kind == "interval":
        form = "an interval"
    else:
        form = None
    if event_date.mod == "APPROX":
        return f"{form} with mod APPROX" if form else "the mod APPROX"
    return form


_TOP_KEYS = {"schema", "sources", "actors", "themes", "events"}
_SOURCE_KEYS = {"file", "title", "publisher", "published", "published_note", "language"}
_ACTOR_KEYS = {"name", "aliases", "parent", "kind", "member_of", "role"}
_SCHEMA_2_ACTOR_KEYS = ("kind", "member_of", "role")
"""Actor keys new in schema 2 (people are actors)."""
_THEME_KEYS = {"name"}
EVENT_KEYS = (
    "id",
    "date",
    "mod",
    "status",
    "date_text",
    "title",
    "summary",
    "actors",
    "themes",
    "sources",
)
"""The keys of an `[[events]]` table, in the order the app writes them."""
_EVENT_KEY_SET = set(EVENT_KEYS)
_QUOTE_KEYS = {"source", "quote", "occurrence"}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
"""What an id (of an event, source, actor or theme) is; use ``fullmatch``: ``$`` would also
match before a final newline, and a class of "word" characters or "digits" would take
non-ASCII letters and digits."""
_TOML_POSITION = re.compile(r"\(at line ([0-9]+), column ([0-9]+)\)")
# TOML's whitespace is space and tab only (`\s` would also take U+00A0, U+2028, ...).
_TABLE = re.compile(r"[ \t]*\[[ \t]*(sources|actors|themes)[ \t]*\.[ \t]*(\"?)([^\"\]]+)\2[ \t]*\]")
_EVENTS_HEADER = re.compile(r"[ \t]*\[\[[ \t]*events[ \t]*\]\]")
_KEY = re.compile(r"[ \t]*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)[ \t]*[=.]")
"""A line that starts with a key (the first part of a dotted key), unless it continues a
multi-line string or array (see `_multiline_spans`)."""
_ID_KEY = re.compile(r"""^[ \t]*(?:id|"id"|'id')[ \t]*[=.]""", re.MULTILINE)
"""A line that `_KEY` reads as the key ``id``."""
_HEADER_LINE = re.compile(r"\n([ \t]*\[[^\n]*)")
"""A line after the first that starts with `[` (a table header, or an array's next line), as
group 1: searching for a literal newline is several times faster than for ``^`` in
re.MULTILINE mode."""
_FIRST_HEADER_LINE = re.compile(r"[ \t]*\[[^\n]*")
"""The first line, when it starts with `[`."""
_SURE_HEADER = re.compile(r"[ \t]*\[\[?[ \t]*(?!(?:true|false|inf|nan)\b)[A-Za-z_]")
"""A line that can only be a table header: a TOML value never starts with such a word."""

# What `_multiline_spans` skips at C speed: single-line strings (so that brackets, quotes and
# `#` in them mean nothing), comments, other text, and arrays closed on the line they open
# on (with one level of nesting, which covers `[[events]]`). What stops it is one of the
# things that can span lines: an array left open, `"""` or `'''`; or a stray quote.
_STRING = r""""(?!"")(?:[^"\\\n]|\\.)*+"|'(?!'')[^'\n]*+'"""
_FLAT_ARRAY = rf"""\[(?:[^"'#\[\]\n]++|{_STRING})*+\]"""
_ONE_LINE_ARRAY = rf"""\[(?:[^"'#\[\]\n]++|{_STRING}|{_FLAT_ARRAY})*+\]"""
_NEXT_AT_TOP = re.compile(
    rf"""(?:[^"'#\[\]]++|{_STRING}|#[^\n]*+|{_ONE_LINE_ARRAY})*+(\[|\]|"{{3}}|'{{3}}|"|'|\Z)"""
)
_NEXT_IN_ARRAY = re.compile(
    rf"""(?:[^"'#\[\]]++|{_STRING}|#[^\n]*+)*+(\[|\]|"{{3}}|'{{3}}|"|'|\Z)"""
)
_BASIC_BODY = re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+', re.DOTALL)
"""The inside of a multi-line basic string: escapes (a backslash and any character, also
a newline) and up to two quotes in a row."""
_TRIPLE = ('"' * 3, "'" * 3)


def _multiline_spans(text: str) -> tuple[array[int], array[int]]:
    """The (start, end) offsets of every multi-line string and array of `text`, in order.

    A line that starts inside one of them continues a value: it is not a table header or a
    key, whatever it looks like (a `[[events]]` line in a multi-line string, a nested array
    on a line of its own). Strings and comments are skipped as TOML reads them, so a quote,
    bracket or `#` in them opens nothing. Invalid TOML gets some answer; tomllib reports its
    error with its own line.
    """
    starts, ends = array("q"), array("q")
    position, size = 0, len(text)
    while position < size:
        # Always matches: every character is skipped or stops the skipping.
        match = _NEXT_AT_TOP.match(text, position)
        assert match is not None
        start, token = match.start(1), match[1]
        if not token:
            break
        if token == "[":
            end = _array_end(text, match.end(1))
        elif token in _TRIPLE:
            end = _string_end(text, match.end(1), token)
        else:
            # A stray `]` or an unterminated quote: invalid TOML, skipped.
            position = _past_stray(text, token, match.end(1))
            continue
        if text.find("\n", start, end) != -1:
            starts.append(start)
            ends.append(end)
        position = end
    return starts, ends


def _array_end(text: str, position: int) -> int:
    """The offset just past the `]` that closes the array opened before `position`."""
    depth = 1
    while True:
        match = _NEXT_IN_ARRAY.match(text, position)
        assert match is not None
        token = match[1]
        if not token:
            return len(text)
        position = match.end(1)
        if token == "[":
            depth += 1
        elif token == "]":
            depth -= 1
            if depth == 0:
                return position
        elif token in _TRIPLE:
            position = _string_end(text, position, token)
        else:
            position = _past_stray(text, token, position)


def _past_stray(text: str, token: str, position: int) -> int:
    """Where to go on after a stray token that ends at `position`.

    After an unterminated quote, the end of its line: trying each of many quotes on a line
    as the start of a string (each attempt reads to the end of the line) would take time
    quadratic in the line's length.
    """
    if token in ('"', "'"):
        end = text.find("\n", position)
        return len(text) if end == -1 else end
    return position


def _string_end(text: str, position: int, quotes: str) -> int:
    """The offset just past the delimiter that closes the multi-line string opened before
    `position`; up to two more quotes right before it belong to the string."""
    if quotes == _TRIPLE[0]:
        body = _BASIC_BODY.match(text, position)
        assert body is not None  # it matches the empty string
        close = body.end() if text.startswith(quotes, body.end()) else -1
    else:
        close = text.find(quotes, position)
    if close == -1:
        return len(text)
    end = close + 3
    while end < len(text) and end < close + 5 and text[end] == quotes[0]:
        end += 1
    return end


LoadProgress = Callable[[int, int], None]
"""Called as loading goes on with (events read, events in the file); it may raise to stop
the load (the exception passes through to the caller)."""


class DateTextCheck(Protocol):
    """Resolves a date_text against a published date to (value, mod), or None when it can't.

    With `points=True` it reads only points (as schema 1 did): "截至2024年" is 2024, not the
    "by" date /2024, so a schema 1 file keeps meaning what it meant.
    """

    def __call__(
        self, date_text: str, published: date, /, *, points: bool = False
    ) -> tuple[str, str | None] | None: ...


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading produced: the valid part of the corpus and every problem found."""

    corpus: Corpus
    """Sources, actors, themes and the events that passed validation."""
    problems: tuple[Problem, ...]
    """Every problem, in file order; empty when the input is clean."""
    tables: EventTables | None = field(default=None, compare=False, repr=False)
    """What a later load of the same file may reuse (see `PriorTables`), when it was asked
    for and the file was read a slice at a time; not part of the result's value."""

    @property
    def fatal(self) -> bool:
        """True when the events file itself could not be read or parsed."""
        return any(problem.fatal for problem in self.problems)


TABLE_DIGEST_SIZE = 16
"""Bytes of each ``[[events]]`` table's digest in `EventTables.digests`."""


@dataclass(frozen=True, slots=True)
class EventTables:
    """The ``[[events]]`` tables of a loaded file, as a later load of its next version
    recognises the ones it can take over without parsing or validating them again."""

    digests: bytes
    """Each table's BLAKE2b digest of `TABLE_DIGEST_SIZE` bytes, in file order: of its text
    from its header line to the next header (or the end of the file), as UTF-8."""
    first_lines: tuple[int, ...]
    """Each table's header line, in file order."""
    schema: int
    """The schema the events were validated for."""
    head: HeadScan | None = None
    """What indexing the file found before its last table, when a later version that keeps
    those bytes (an append) may resume the scan there."""


@dataclass(frozen=True, slots=True)
class HeadScan:
    """What `_Locator` found in a file before its last ``[[events]]`` table.

    Indexing a file is a function of its text read from the start: a later version whose bytes
    up to that table are the same has the same tables, keys and ``[[events]]`` headers there,
    so its scan starts at that table instead. Recorded only for a file without multi-line
    strings or arrays that hide a header line (their scan reads the whole text), without a
    table other than ``[[events]]`` after the first event, and with at least two events.
    """

    prefix_digests: bytes
    """The SHA-256 of each `HASHED_CHARS` characters of the text before it, as UTF-8 (the
    bytes it was decoded from), the last one shorter: an edit is found, and the next
    version's digests made, hashing the text once."""
    starts: bytes
    """Each table's offset in the text (characters), as the bytes of an ``array("q")``."""
    tables: tuple[tuple[str, str, int], ...]
    """`_Locator.tables` as (kind, id, line)."""
    keys: tuple[tuple[str, str, str, int], ...]
    """`_Locator.keys` as (kind, id, key, line)."""


@dataclass(frozen=True, slots=True)
class PriorTables:
    """A previous load's valid events by the digest of the table each came from.

    Validating an event reads nothing but its table's text, the schema, which actor, theme
    and source ids exist, the quoted sources (their article text and date), the cross-check
    (the same one: the cache keys entries by it) and the ids of the events before it (a
    duplicate id). A table whose text is unchanged
    therefore gives the same event when the schema is the same, its actors and themes still
    exist, each source it quotes is equal to the one it was validated against and its id is
    not taken by an event before it; it then only moves by as many lines as its header did.
    Events that had a problem are not kept: their tables are validated again.
    """

    events: Mapping[bytes, tuple[int, Event]]
    """For each table that gave a valid event: its header line then, and the event."""
    sources: Mapping[str, Source]
    """The sources those events were validated against."""
    schema: int
    """The schema they were validated for."""
    actors: frozenset[str] = frozenset()
    """The actor ids that existed then."""
    themes: frozenset[str] = frozenset()
    """The theme ids that existed then."""
    articles: Mapping[str, str] = field(default_factory=dict)
    """The text of each article read then, by the ``file`` it was named by, when the seeds
    tree is known to be as it was (by the stat signature the cache checks on a hit); empty
    when it is not, and every article is read again."""
    tables: EventTables | None = None
    """The previous file's tables, whose `EventTables.head` lets an append resume the scan."""
    corpus: Corpus | None = None
    """The previous corpus, when its load found no problem and the seeds tree is as it was
    (see `articles`): a file that resumes its scan (`EventTables.head`) has the same bytes
    before its events, so its sources, actors and themes are these, without a problem."""


NO_PRIOR = PriorTables({}, {}, SCHEMA)
"""Nothing to reuse: a load given it only records its tables for the next one."""


class _Reusable(NamedTuple):
    """A table of `_tables_reusing`'s whose event a prior load made: taken over if still valid.

    A tuple: one is made for every unchanged table of a big file."""

    event: Event
    """The prior event, at its prior line."""
    shift: int
    """How many lines its table moved down since."""
    start: int
    """Where the table starts in the text, to parse it when the event cannot be taken over."""
    end: int
    """Where it ends."""


def _table_digests(text: str, where: _Locator, known: bytes = b"") -> list[bytes]:
    """The digest of each ``[[events]]`` table's text (see `EventTables.digests`), the first
    ones given by `known` (those of the tables a resumed scan took over)."""
    blake2b = hashlib.blake2b
    size = TABLE_DIGEST_SIZE
    taken = [known[start : start + size] for start in range(0, len(known), size)]
    first = len(taken)
    return taken + [
        blake2b(text[start:end].encode(), digest_size=size).digest()
        for start, end in zip(where.event_start[first:], where.event_end[first:], strict=True)
    ]


class _Locator:
    """Finds the line of a table or key in the events file's text.

    Lines are counted at "\\n", as TOML and editors count them. The tables outside the events
    are indexed in one scan that only stops at table headers; an event's keys are looked up
    when that event is asked about (the validator asks about one event at a time), so a file of
    100,000 events costs three integers per event here, not a string per line.
    """

    def __init__(self, text: str, resume: tuple[HeadScan, Sequence[int]] | None = None) -> None:
        """Index `text`; given `resume` (a `HeadScan` of a file whose bytes up to its last
        table `text` starts with, and that file's tables' first lines), the scan starts at
        that table unless `text` needs the multi-line scan, which reads it all."""
        self.text = text
        self.tables: dict[tuple[str, str], int] = {}
        self.keys: dict[tuple[str, str, str], int] = {}
        self.event_first = array("q")
        """Each event's header line."""
        self.event_start = array("q")
        """The offset of each event's header line."""
        self.event_end = array("q")
        """The offset of the header after each event, or the end of the text."""
        self.others_after_events = False
        """Whether a table header other than ``[[events]]`` comes after the first event."""
        self._read_of = -1
        self._read: tuple[list[str], dict[str, int]] = ([], {})
        self.resumed = 0
        """How many ``[[events]]`` tables were taken over from `resume`."""
        self.span_start, self.span_end = array("q"), array("q")
        """Where each multi-line string or array starts and ends (see `_multiline_spans`)."""
        if resume is not None and self._resume(*resume):
            return
        first = _FIRST_HEADER_LINE.match(text)
        candidates = [(0, first[0])] if first is not None else []
        candidates += [(match.start(1), match[1]) for match in _HEADER_LINE.finditer(text)]
        if (
            _TRIPLE[0] in text
            or _TRIPLE[1] in text
            or not all(_SURE_HEADER.match(text, start) for start, _line in candidates)
        ):
            # Without these, no line can start inside a multi-line string, and a line inside
            # a multi-line array that starts with `[` would have to be a nested array whose
            # first item is a word, which no TOML value is; so most files skip the scan.
            self.span_start, self.span_end = _multiline_spans(text)
        self._index(candidates, None, False, 1, 0, 0, 1)

    def _resume(self, head: HeadScan, first_lines: Sequence[int]) -> bool:
        """Take over `head`'s index up to its last table and scan on from there; False (and
        nothing taken) when the rest of the text has a multi-line string or a line that
        may continue an array: then the whole text is scanned for them."""
        text = self.text
        starts = array("q")
        starts.frombytes(head.starts)
        resumed = len(starts) - 1
        if resumed < 1 or len(first_lines) != len(starts):
            return False
        start = starts[resumed]
        if text.find(_TRIPLE[0], start) != -1 or text.find(_TRIPLE[1], start) != -1:
            return False
        candidates = [
            (match.start(1), match[1]) for match in _HEADER_LINE.finditer(text, start - 1)
        ]
        if not candidates or candidates[0][0] != start:
            return False
        if not all(_SURE_HEADER.match(text, at) for at, _line in candidates):
            return False
        self.tables = {(kind, table_id): line for kind, table_id, line in head.tables}
        self.keys = {(kind, table_id, key): line for kind, table_id, key, line in head.keys}
        self.event_first = array("q", first_lines[:resumed])
        self.event_start = starts[:resumed]
        self.event_end = starts[1:resumed]
        self.resumed = resumed
        self._index(candidates, None, True, first_lines[resumed], start, 0, 1)
        return True

    def _index(
        self,
        candidates: list[tuple[int, str]],
        section: tuple[str, str] | None,
        in_event: bool,
        number: int,
        counted: int,
        body: int,
        body_number: int,
    ) -> None:
        """Index the lines that start with `[` at `candidates` (offset, line), the scan
        being in `section`, in an event or not, at line `number` of offset `counted`, with
        the keys from offset `body` (line `body_number`) not yet read."""
        text = self.text
        spans = bool(self.span_start)
        for start, line in candidates:
            if spans and self.continues(start):
                continue
            if not in_event:
                self._scan(body, start, body_number, section)
            number += text.count("\n", counted, start)
            counted = start
            body, body_number = min(start + len(line) + 1, len(text)), number + 1
            if in_event:
                self.event_end.append(start)
            if _EVENTS_HEADER.match(line):
                self.event_first.append(number)
                self.event_start.append(start)
                section, in_event = None, True
                continue
            self.others_after_events = self.others_after_events or bool(self.event_first)
            in_event = False
            table = _TABLE.match(line)
            if table:
                section = (table[1], table[3].strip())
                self.tables.setdefault(section, number)
                continue
            top = line.strip().strip("[] ")
            section = (top, "") if top in {"sources", "actors", "themes"} else None
        if in_event:
            self.event_end.append(len(text))
        else:
            self._scan(body, len(text), body_number, section)

    def continues(self, offset: int) -> bool:
        """Whether the line starting at `offset` continues a multi-line string or array."""
        index = bisect_right(self.span_start, offset) - 1
        return index >= 0 and offset < self.span_end[index]

    def _keys(self, lines: list[str], offset: int, first: int) -> list[tuple[str, int]]:
        """Each key that starts one of `lines` (the first at `offset`, line `first`), with
        its line: the first part of a dotted key; none in a multi-line value."""
        found: list[tuple[str, int]] = []
        match = _KEY.match
        if not self.span_start:
            for number, line in enumerate(lines, start=first):
                key = match(line)
                if key is not None:
                    found.append((key[1], number))
        else:
            for number, line in enumerate(lines, start=first):
                key = match(line)
                if key is not None and not self.continues(offset):
                    found.append((key[1], number))
                offset += len(line) + 1
        return [(name[1:-1] if name[0] in "\"'" else name, line) for name, line in found]

    def _scan(self, start: int, end: int, number: int, section: tuple[str, str] | None) -> None:
        """Index the keys on the lines from offset `start` (line `number`) to `end`."""
        for name, line in self._keys(self.text[start:end].split("\n"), start, number):
            if section is not None and section[1] == "":
                self.tables.setdefault((section[0], name), line)
            elif section is not None:
                self.keys.setdefault((section[0], section[1], name), line)
            elif name == "schema":
                self.keys.setdefault(("", "", "schema"), line)

    def _event_read(self, index: int) -> tuple[list[str], dict[str, int]]:
        """Event `index`'s lines (from its header line on) and the line of each of its keys.

        Kept for the event last asked about: the validator asks about one event many times
        (each key, each quote) before it goes on to the next.
        """
        if index != self._read_of:
            start, end = self.event_start[index], self.event_end[index]
            lines = self.text[start:end].split("\n")
            keys: dict[str, int] = {}
            for name, number in self._keys(lines, start, self.event_first[index]):
                keys.setdefault(name, number)
            self._read_of, self._read = index, (lines, keys)
        return self._read

    def table(self, kind: str, table_id: str, key: str | None = None) -> int:
        if key is not None and (kind, table_id, key) in self.keys:
            return self.keys[(kind, table_id, key)]
        return self.tables.get((kind, table_id), 0)

    def event(self, index: int, key: str | None = None) -> int:
        if index >= len(self.event_first):
            return 0
        _lines, keys = self._event_read(index)
        if key is not None and key in keys:
            return keys[key]
        # A missing key is reported where the event names itself.
        return keys.get("id", self.event_first[index])

    def id_line(self, index: int) -> int:
        """`event(index)`, the line of event `index`'s id, without reading its other lines:
        every event's line is wanted, other keys' only for a problem."""
        if index >= len(self.event_first):
            return 0
        text, start, end = self.text, self.event_start[index], self.event_end[index]
        position = start
        while (key := _ID_KEY.search(text, position, end)) is not None:
            if not self.span_start or not self.continues(key.start()):
                return self.event_first[index] + text.count("\n", start, key.start())
            position = key.end()
        return self.event_first[index]

    def event_text(self, index: int, needle: str, fallback: str) -> int:
        """The line in event `index` that holds `needle`, else the `fallback` key's line."""
        if index < len(self.event_first) and needle:
            probe = needle.splitlines()[0][:24] if needle.strip() else ""
            if probe:
                first = self.event_first[index]
                lines, _keys = self._event_read(index)
                for number, line in enumerate(lines, start=first):
                    if probe in line and "quote" in line:
                        return number
                for number, line in enumerate(lines, start=first):
                    if probe in line:
                        return number
        return self.event(index, fallback)

    def first_line(self, word: str) -> int:
        """The first line that starts with `word`, `[word` or `[[word`, or 0."""
        pattern = re.compile(rf"^[ \t]*(?:\[\[|\[)?{re.escape(word)}", re.MULTILINE)
        for match in pattern.finditer(self.text):
            if not self.continues(match.start()):
                return self.text.count("\n", 0, match.start()) + 1
        return 0


class EventLines:
    """Where things are in an events file's text, for problems found after it was loaded.

    The app loads without the date_text cross-check so the corpus shows first, and runs the
    check after (`tui.core.cross_check`); this turns its findings into located problems, with the
    lines the loader would have given. Build one per text: indexing it is one scan of its
    table headers; each event's lines are read when asked for.
    """

    def __init__(self, text: str) -> None:
        """Index `text`, the events file's text that the corpus was loaded from."""
        self._where = _Locator(text)

    def line(self, event: Event, key: str) -> int:
        """The line of `key` in `event`'s ``[[events]]`` table, as the loader locates it.

        Args:
            event: an event loaded from this text (its `line` is its id's line).
            key: a key of the table, e.g. "date_text"; a missing one gives the id's line.

        Returns:
            The line number (1-based), or `event.line` when no table holds it.
        """
        index = bisect_right(self._where.event_first, event.line) - 1
        if index < 0:
            return event.line
        return self._where.event(index, key)

    def schema(self) -> int:
        """The schema the loader read the file as (`SCHEMA` when it names none it reads)."""
        where = self._where
        text = where.text
        if where.event_start and not where.others_after_events:
            text = text[: where.event_start[0]]
        try:
            schema = parse_toml(text).get("schema")
        except Exception:
            return SCHEMA
        if isinstance(schema, int) and not isinstance(schema, bool) and schema in SCHEMAS:
            return schema
        return SCHEMA


_Line = int | Callable[[], int]
"""A problem's line, or how to find it: finding a key's line reads its event's lines, which
only a problem needs."""


class _Collector:
    """Accumulates problems located in one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: _Line, message: str, *, path: str | None = None) -> None:
        located = line if isinstance(line, int) else line()
        self.problems.append(Problem(path or self.path, located, message))


def _type_name(value: object) -> str:
    names = {
        str: "a string",
        int: "an integer",
        float: "a float",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
        date: "a date",
    }
    return names.get(type(value), type(value).__name__)


def read_events_text(events_path: Path) -> str:
    """Read the events file as UTF-8 text.

    Raises:
        TimelineError: the file is missing, not a regular file, over `MAX_INPUT_BYTES`,
            binary, not UTF-8 or starts with a byte-order mark.
    """
    shown = str(events_path)
    return events_text(read_regular(events_path, shown, what="events file"), shown)


def read_events(events_path: Path) -> tuple[str, str] | None:
    """Read the events file once: its text and the `content_digest` of exactly those bytes.

    The digest is what a result loaded from the text is of: hashing the file in one read and
    loading it from another would name the loaded corpus by bytes it was not made from when
    the file changes in between (and back again).

    Returns:
        (text, digest), or None for a file `load` refuses (it says why).
    """
    shown = str(events_path)
    try:
        raw = read_regular(events_path, shown, what="events file")
        return events_text(raw, shown), content_digest(raw)
    except TimelineError:
        return None


def events_text(raw: bytes, shown: str) -> str:
    """The events file's `raw` bytes as text (named `shown` in messages).

    Raises:
        TimelineError: binary, not UTF-8 or starts with a byte-order mark.
    """
    if raw.startswith(_BOM):
        # tomllib calls the BOM an "Invalid statement"; the writers would have to keep it.
        raise _fatal(shown, "starts with a byte-order mark (save it as UTF-8 without BOM)", 1)
    return decode_utf8(raw, shown, what="events file")


_BOM = b"\xef\xbb\xbf"


def decode_utf8(raw: bytes, shown: str, *, what: str) -> str:
    """Decode `raw` as UTF-8 or raise a located TimelineError naming the bad byte."""
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        raise _fatal(
            shown, f"{what} is binary (NUL byte at byte offset {offset}), not UTF-8 text", line
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        line = raw.count(b"\n", 0, offset) + 1
        bad = raw[offset]
        hint = _encoding_hint(raw)
        raise _fatal(
            shown,
            f"{what} is not UTF-8: byte 0x{bad:02X} at byte offset {offset} cannot be decoded"
            f"{hint}; save it as UTF-8",
            line,
        ) from None


def _encoding_hint(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return " (it looks like UTF-16)"
    for encoding, name in (("big5", "Big5"), ("gbk", "GBK")):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return f" (it may be {name})"
    return ""


def _fatal(path: str, message: str, line: int = 0) -> TimelineError:
    return TimelineError.at(path, line, message, fatal=True)


def load(
    events_path: Path,
    seeds_dir: Path,
    *,
    check_date_text: DateTextCheck | None = None,
    progress: LoadProgress | None = None,
    prior: PriorTables | None = None,
    text: str | None = None,
) -> LoadResult:
    """Load an events file and its articles, validating everything.

    Never raises for bad input: fatal problems (an unreadable or unparsable events
    file) come back as a result with an empty corpus and `fatal` set.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory that article paths are relative to.
        check_date_text: resolves an event's date_text against its article's
            published date; when given, a disagreement with the event's date is a problem.
        progress: told how far loading has got (see `LoadProgress`).
        prior: see `load_text`.
        text: the file's text when the caller has read it (`read_events`, which also
            hashes those bytes); None to read it here.

    Returns:
        The valid part of the corpus and every problem found.
    """
    if text is None:
        try:
            text = read_events_text(events_path)
        except TimelineError as error:
            return LoadResult(Corpus(), error.problems)
    return load_text(
        text,
        str(events_path),
        seeds_dir,
        check_date_text=check_date_text,
        progress=progress,
        prior=prior,
    )


def load_text(
    text: str,
    shown_path: str,
    seeds_dir: Path,
    *,
    check_date_text: DateTextCheck | None = None,
    progress: LoadProgress | None = None,
    prior: PriorTables | None = None,
) -> LoadResult:
    """Validate events-file `text` (named `shown_path` in messages) against `seeds_dir`.

    Never raises for bad input: see `load`.

    Args:
        text: the events file's text.
        shown_path: the events file as messages name it.
        seeds_dir: the directory that article paths are relative to.
        check_date_text: see `load`.
        progress: see `load`.
        prior: a previous load of this file whose unchanged tables' events are taken over
            where still valid (`NO_PRIOR` for none); given, the result's `tables` records
            this file's tables for the next load, when the file is read a slice at a time.
    """
    try:
        return _load_text(text, shown_path, seeds_dir, check_date_text, progress, prior)
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: a few hundred levels
        # exhaust Python's stack. No timeline nests more than three.
        problem = Problem(
            shown_path,
            0,
            "arrays or inline tables are nested too deeply to parse (no timeline nests more "
            "than three levels)",
            fatal=True,
        )
        return LoadResult(Corpus(), (problem,))


def _load_text(
    text: str,
    shown_path: str,
    seeds_dir: Path,
    check_date_text: DateTextCheck | None,
    progress: LoadProgress | None = None,
    prior: PriorTables | None = None,
) -> LoadResult:
    """Validate events-file `text`; see `load_text`.

    When every table after the first ``[[events]]`` is another ``[[events]]`` (as the app and
    the generator write the file), the part before the events and then the events, a slice
    of them at a time, are parsed as they are validated: the parsed document of a large file
    (at 100,000 events about 300 MB, more than the corpus it becomes) is never whole in
    memory. Any other layout, or a slice that does not parse, is parsed in one piece, so a
    syntax error is always reported as TOML reports it for the whole file.
    """
    import tomllib  # only on a cache miss: a warm start never parses TOML

    resume: tuple[HeadScan, Sequence[int]] | None = None
    same_chunks = 0
    if prior is not None:
        resume, same_chunks = _resumable(text, prior)
    # Where no table can be taken over, the slices' parse starts (and helpers with it, see
    # `ParsedSlices`) before the file is scanned, on the slices a quick look finds; it goes
    # on only if the scan finds the same events, and is stopped otherwise.
    early = _early_slices(text) if prior is None or not prior.events else None
    parsed: ParsedSlices | None = None
    try:
        where = _Locator(text, resume)
        if early is not None and not where.others_after_events and early.same(where):
            parsed, early = early.parsed, None
    finally:
        if early is not None:
            early.parsed.close()
    if progress is not None and where.event_start:
        # How many events there are is known now: said before the head and its articles are
        # read (a second and more at 100,000 events), not with the first slice after them.
        progress(0, len(where.event_start))
    if _EVENTS_PER_SLICE and where.event_start and not where.others_after_events:
        events: _Tables | None = None
        try:
            if prior is None:
                events = _sliced_events(text, where, _EVENTS_PER_SLICE, progress, parsed)
            elif not prior.events:
                events = _tables_reusing(
                    text, where, None, prior, _EVENTS_PER_SLICE, progress, parsed
                )
            if where.resumed and prior is not None and prior.corpus is not None:
                # The same bytes as the part before the events that gave no problem.
                head: dict[str, Any] = {"schema": prior.schema}
            else:
                head = parse_toml(text[: where.event_start[0]])
            if "events" not in head and prior is not None:
                known = b""
                if where.resumed and prior.tables is not None:
                    known = prior.tables.digests[: where.resumed * TABLE_DIGEST_SIZE]
                digests = _table_digests(text, where, known)
                if events is None:
                    events = _tables_reusing(
                        text, where, digests, prior, _EVENTS_PER_SLICE, progress
                    )
                validator = _Validator(head, events, where, shown_path, seeds_dir, check_date_text)
                validator.prior = prior
                if where.resumed and prior.corpus is not None:
                    validator.known_head = prior.corpus
                result = validator.run()
                tables = EventTables(
                    b"".join(digests),
                    tuple(where.event_first),
                    validator.schema,
                    _head_scan(text, where, prior, same_chunks),
                )
                return replace(result, tables=tables)
            if "events" not in head and events is not None:
                validator = _Validator(head, events, where, shown_path, seeds_dir, check_date_text)
                return validator.run()
        except tomllib.TOMLDecodeError:
            pass  # parsed whole below, so that the error is reported for the whole file
        finally:
            if events is not None:
                events.close()  # stops the helper of a load that ends early
    try:
        document = parse_toml(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        lines = text.splitlines() or [""]
        if position:
            line, column = int(position[1]), f", column {position[2]}"
        else:
            # "(at end of document)": point at the end of the last line.
            line, column = len(lines), f", column {len(lines[-1]) + 1}"
        detail = _TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
        detail += " at end of file" if not position else ""
        problem = Problem(shown_path, line, f"TOML syntax error{column}: {detail}", fatal=True)
        return LoadResult(Corpus(), (problem,))
    return _Validator(document, None, where, shown_path, seeds_dir, check_date_text).run()


HASHED_CHARS = 1 << 20
"""How many characters of the events file's text each of `HeadScan.prefix_digests` is of."""


def _chunk_digest(text: str, start: int, end: int) -> bytes:
    """The SHA-256 of `text[start:end]` as UTF-8."""
    return hashlib.sha256(text[start:end].encode()).digest()


def _resumable(text: str, prior: PriorTables) -> tuple[tuple[HeadScan, Sequence[int]] | None, int]:
    """`prior`'s `HeadScan` and first lines, for `_Locator` to resume, when `text` starts
    with the text before its last table (the same bytes); with how many of its
    `HeadScan.prefix_digests` `text` has the same (all of them when it resumes)."""
    tables = prior.tables
    head = None if tables is None else tables.head
    if tables is None or head is None or len(head.starts) < 8:
        return None, 0
    last = int.from_bytes(head.starts[-8:], sys.byteorder, signed=True)
    digests = head.prefix_digests
    if len(digests) != 32 * -(-last // HASHED_CHARS):
        return None, 0
    for same, start in enumerate(range(0, min(last, len(text)), HASHED_CHARS)):
        if (
            _chunk_digest(text, start, min(start + HASHED_CHARS, last))
            != digests[same * 32 : same * 32 + 32]
        ):
            return None, same
    if not 0 < last < len(text):
        return None, 0
    return (head, tables.first_lines), len(digests) // 32


def _head_scan(text: str, where: _Locator, prior: PriorTables | None, same: int) -> HeadScan | None:
    """`where`'s `HeadScan` of `text`, when a later version may resume it; the first `same`
    full chunks' digests are `prior`'s (`_resumable` found them the same)."""
    if where.span_start or where.others_after_events or len(where.event_start) < 2:
        return None
    last = where.event_start[-1]
    known = b""
    if prior is not None and prior.tables is not None and prior.tables.head is not None:
        known = prior.tables.head.prefix_digests
    # A chunk is taken over only when it is whole in both texts: the last one may grow.
    taken = min(same, last // HASHED_CHARS, (len(known) // 32) - 1)
    taken = max(taken, 0)
    digests = [known[: taken * 32]]
    for start in range(taken * HASHED_CHARS, last, HASHED_CHARS):
        digests.append(_chunk_digest(text, start, min(start + HASHED_CHARS, last)))
    return HeadScan(
        b"".join(digests),
        where.event_start.tobytes(),
        tuple((kind, table_id, line) for (kind, table_id), line in where.tables.items()),
        tuple((kind, table_id, key, line) for (kind, table_id, key), line in where.keys.items()),
    )


_EVENTS_PER_SLICE = 64
"""How many ``[[events]]`` tables one sliced parse reads; 0 parses every file in one piece."""


def _sliced_events(
    text: str,
    where: _Locator,
    per_slice: int,
    progress: LoadProgress | None = None,
    parsed: ParsedSlices | None = None,
) -> _Tables:
    """The ``[[events]]`` tables of `text`, parsed `per_slice` at a time, one by one.

    Every slice starts at an ``[[events]]`` header and ends before the next slice's, and no
    other table comes after the first event (the caller checks), so each slice is what the
    whole file's parse makes of those lines: the same events, in order. A header-like line
    inside a multi-line string leaves that string open at the end of a slice, which does
    not parse. A big file's slices are parsed by helpers too (`ParsedSlices`), starting now;
    `parsed`, when given, is that parse already started on these very slices.

    Raises (when iterated):
        tomllib.TOMLDecodeError: a slice does not parse on its own.
    """
    count = len(where.event_start)
    plan = [(first, min(first + per_slice, count)) for first in range(0, count, per_slice)]
    if parsed is None:
        bounds = _slice_bounds(where.event_start, where.event_end, per_slice)
        parsed = ParsedSlices(text, bounds, parse_toml)
    return _Tables(plan, parsed, count, progress)


def _slice_bounds(
    starts: Sequence[int], ends: Sequence[int], per_slice: int
) -> list[tuple[int, int]]:
    """Each run of `per_slice` events (of those starting at `starts` and ending at `ends`)
    as the offsets of its first event's header and of its last event's end."""
    return [
        (starts[first], ends[min(first + per_slice, len(starts)) - 1])
        for first in range(0, len(starts), per_slice)
    ]


def _tables_reusing(
    text: str,
    where: _Locator,
    digests: Sequence[bytes] | None,
    prior: PriorTables,
    per_slice: int,
    progress: LoadProgress | None = None,
    parsed: ParsedSlices | None = None,
) -> _Tables:
    """Like `_sliced_events`, but a table whose digest (of `digests`: None when `prior`
    knows no table) `prior` knows is not parsed: it comes as a `_Reusable` for the validator
    to take over or parse then. `parsed` (only without `digests`) is the slices' parse
    already started.

    Raises (when iterated):
        tomllib.TOMLDecodeError: a slice does not parse on its own.
    """
    starts, ends, first_lines = where.event_start, where.event_end, where.event_first
    known = prior.events
    count, index = len(starts), 0
    # Each table taken over (its index) or slice to parse (its first and last + 1 index).
    plan: list[int | tuple[int, int]] = []
    while index < count:
        if digests is not None and digests[index] in known:
            plan.append(index)
            index += 1
            continue
        last = index + 1
        while last < count and last - index < per_slice:
            if digests is not None and digests[last] in known:
                break
            last += 1
        plan.append((index, last))
        index = last
    bounds = [(starts[step[0]], ends[step[1] - 1]) for step in plan if isinstance(step, tuple)]

    def reused(step: int) -> _Reusable:
        assert digests is not None
        line, event = known[digests[step]]
        return _Reusable(event, first_lines[step] - line, starts[step], ends[step])

    if parsed is None or digests is not None:
        if parsed is not None:
            parsed.close()
        parsed = ParsedSlices(text, bounds, parse_toml)
    return _Tables(plan, parsed, count, progress, reused)


_QUICK_EVENTS = re.compile(r"\n\[\[events\]\]")
"""An ``[[events]]`` header line as the generator and the app write it, for a quick look."""


@dataclass(frozen=True, slots=True)
class _EarlySlices:
    """The slices' parse started on the events a quick look found, before the full scan."""

    starts: array[int]
    """Each event's header offset, as the quick look found them."""
    ends: array[int]
    """Where each event ends: the next one's header, or the end of the text."""
    parsed: ParsedSlices
    """The parse started on `_sliced_events`'s slices of these events."""

    def same(self, where: _Locator) -> bool:
        """Whether the scan found exactly these events (so the slices are its own)."""
        return where.event_start == self.starts and where.event_end == self.ends


def _early_slices(text: str) -> _EarlySlices | None:
    """The slices' parse started on a quick look's events, when there are enough of them
    for helpers (see `ParsedSlices`); None otherwise."""
    if not _EVENTS_PER_SLICE or not helpers_for(len(text)):
        return None  # no helper would start: the scan's slices are parsed here as they come
    starts = array("q", [found.start() + 1 for found in _QUICK_EVENTS.finditer(text)])
    if text.startswith("[[events]]"):
        starts.insert(0, 0)
    if not starts:
        return None
    ends = starts[1:]
    ends.append(len(text))
    bounds = _slice_bounds(starts, ends, _EVENTS_PER_SLICE)
    return _EarlySlices(starts, ends, ParsedSlices(text, bounds, parse_toml))


class _Tables:
    """The tables of a plan, one by one: each slice's (first, end) parsed tables, in turn
    from `parsed`, or ``reused(index)`` for a table taken over. `close` stops the parse
    (and its helper process) of a load that ends early, iterated or not."""

    def __init__(
        self,
        plan: Sequence[int | tuple[int, int]],
        parsed: ParsedSlices,
        count: int,
        progress: LoadProgress | None,
        reused: Callable[[int], _Reusable] | None = None,
    ) -> None:
        self._plan, self._parsed, self._count = plan, parsed, count
        self._progress, self._reused = progress, reused

    def __iter__(self) -> Iterator[Any]:
        parsed, progress = iter(self._parsed), self._progress
        for step in self._plan:
            if isinstance(step, int):
                assert self._reused is not None
                yield self._reused(step)
                continue
            if progress is not None:
                progress(step[0], self._count)
            yield from next(parsed)

    def close(self) -> None:
        """Stop parsing: the helper process, if any, is stopped and waited for."""
        self._parsed.close()


def _parse_table(text: str, start: int, end: int) -> Any:
    """The ``[[events]]`` table `text[start:end]` holds, parsed on its own."""
    return parse_toml(text[start:end])["events"][0]


def validate_event(
    table: Any,
    corpus: Corpus,
    block: str,
    first_line: int,
    *,
    schema: int,
    shown_path: str,
    seeds_dir: Path,
    check_date_text: DateTextCheck | None = None,
) -> tuple[Event | None, tuple[Problem, ...]]:
    """Validate one ``[[events]]`` table as the loader would, against a loaded `corpus`.

    Its references (actors, themes, quoted sources and their articles) are checked against
    `corpus`; what no single event can know (a duplicate id among the file's events) is the
    caller's to check.

    Args:
        table: the parsed table.
        corpus: the corpus it is checked against.
        block: its text, from its header line on, for the lines of problems.
        first_line: the line of the events file `block` starts on.
        schema: the file's schema.
        shown_path: the events file as messages name it.
        seeds_dir: where the articles live.
        check_date_text: the date_text cross-check (None: skip it).

    Returns:
        The event (None when it has a problem) and its problems, located in the file.
    """
    validator = _Validator(
        {"schema": schema}, iter([table]), _Locator(block), shown_path, seeds_dir, check_date_text
    )
    validator.schema = schema
    validator.sources, validator.actors, validator.themes = (
        corpus.sources,
        corpus.actors,
        corpus.themes,
    )
    events = validator._events()
    shift = first_line - 1
    problems = tuple(
        replace(problem, line=problem.line + shift) if problem.line else problem
        for problem in validator.out.problems
    )
    if not events:
        return None, problems
    return replace(events[0], line=events[0].line + shift), problems


def load_strict(events_path: Path, seeds_dir: Path) -> Corpus:
    """Load a corpus that must be clean.

    Raises:
        TimelineError: carrying every problem found.
    """
    result = load(events_path, seeds_dir)
    if result.problems:
        raise TimelineError("invalid corpus", result.problems)
    return result.corpus


_SHORT_CHECK = True
"""Whether events whose keys are all as expected are checked the short way (`_well_formed`);
tests turn it off to compare the two ways."""

_EN_ZH = {"en", "zh"}
_SOURCE_AND_QUOTE = {"source", "quote"}


def _well_formed_bilingual(value: object) -> Bilingual | None:
    """The `Bilingual` of a table of exactly a non-blank en and zh string, else None."""
    if type(value) is not dict or value.keys() != _EN_ZH:
        return None
    en, zh = value["en"], value["zh"]
    if type(en) is not str or type(zh) is not str or not en.strip() or not zh.strip():
        return None
    return Bilingual(en=en, zh=zh)


class _Checked(NamedTuple):
    """An event's keys other than its quotes, as checked: None where a check failed."""

    event_id: str
    event_date: EventDate | None
    status: object
    date_text: str | None
    title: Bilingual | None
    summary: Bilingual | None
    actors: tuple[str, ...] | None
    themes: tuple[str, ...] | None


class _Validator:
    """One pass over a parsed events document."""

    def __init__(
        self,
        document: dict[str, Any],
        events: Iterable[Any] | None,
        where: _Locator,
        shown_path: str,
        seeds_dir: Path,
        check_date_text: DateTextCheck | None,
    ) -> None:
        self.document = document
        self.sliced = events
        """The events, parsed as they are read, when `document` is only the part before them."""
        self.where = where
        self.out = _Collector(shown_path)
        self.seeds_dir = seeds_dir
        self._seeds_text = str(seeds_dir)
        self.check_date_text = check_date_text
        self.sources: dict[str, Source] = {}
        self.broken_sources: set[str] = set()
        self.left_out: dict[str, set[int]] = {}
        """For each source that could not be used, the events (by index) quoting it."""
        self.left_out_events: set[int] = set()
        """The events (by index) left out for a source that could not be used."""
        self.seeds_problem = _seeds_problem(seeds_dir)
        """What is wrong with the seeds directory itself, if anything."""
        self.seeds_needed = False
        """Whether a source names an article (a corpus without any needs no seeds directory)."""
        self.actors: dict[str, Actor] = {}
        self.themes: dict[str, Theme] = {}
        self.schema = SCHEMA
        """The file's schema (the newest when it names none or one this version lacks)."""
        self.prior = NO_PRIOR
        """The previous load whose events `_events` may be handed as `_Reusable`."""
        self._unchanged_sources: set[str] | None = None
        """The ids of the sources equal to `prior`'s, once a reusable event asked."""
        self._all_kept = False
        """Whether every actor, theme and source id of `prior` still exists as it was, so a
        prior event's references need no look-up; set with `_unchanged_sources`."""
        self.known_head: Corpus | None = None
        """The sources, actors and themes of the part before the events, when that part is
        known to be as a previous load found it, without a problem (`PriorTables.corpus`):
        then `document` holds only its schema."""
        self._dates: dict[tuple[str, str | None], EventDate] = {}
        """Each valid date read so far, by value and mod: events on the same date share one
        `EventDate` (read once, and held once in memory). Only valid ones: a bad date is read
        again where it recurs, so each event reports it. The schema is fixed by then."""
        self._shared: dict[str, str] = {}
        """One copy of each string that many events repeat (ids they refer to, status,
        date_text): the parser gives each event its own, which at 100,000 events adds up."""
        self._shared_refs: dict[tuple[str, ...], tuple[str, ...]] = {}
        """One copy of each list of actors or themes that events repeat."""

    def run(self) -> LoadResult:
        document = self.document
        schema_line = self.where.keys.get(("", "", "schema"), 1)
        schema = document.get("schema")
        if schema is None:
            self.out.add(1, f"missing 'schema = {SCHEMA}' at the top of the file")
        elif not isinstance(schema, int) or isinstance(schema, bool):
            self.out.add(
                schema_line,
                f"'schema' must be a whole number ({' or '.join(map(str, SCHEMAS))}), "
                f"not {_type_name(schema)}",
            )
        elif schema not in SCHEMAS:
            newer = schema > SCHEMA
            self.out.add(
                schema_line,
                f"unsupported schema {schema}: this version reads schema "
                f"{' and '.join(map(str, SCHEMAS))}"
                + ("; the file was written for a newer hk-timeline" if newer else ""),
            )
        else:
            self.schema = schema
        for key in document:
            if key not in _TOP_KEYS:
                self.out.add(
                    self.where.tables.get((key, ""), 0) or self.where.first_line(key),
                    f"unknown top-level key {key!r}",
                )
        known = self.known_head
        if known is not None:
            self.sources, self.actors, self.themes = (
                dict(known.sources),
                dict(known.actors),
                dict(known.themes),
            )
        else:
            self._sources(self._table_of_tables("sources"))
            self._actors(self._table_of_tables("actors"))
            self._themes(self._table_of_tables("themes"))
        events = self._events()
        if self.seeds_problem is not None and self.seeds_needed:
            # One problem for the directory, not one per article in it.
            count = len(self.left_out_events)
            left_out = (
                f"; the {_events(count)} quoting its articles {'was' if count == 1 else 'were'}"
                " left out"
                if count
                else ""
            )
            self.out.add(
                0, f"{self.seeds_problem}{left_out}{_SEEDS_HINT}", path=str(self.seeds_dir)
            )
        else:
            for source_id, quoting in self.left_out.items():
                count = len(quoting)
                self.out.add(
                    self.where.table("sources", source_id),
                    f"source {source_id!r} is unusable, so the {_events(count)} quoting it "
                    f"{'was' if count == 1 else 'were'} left out",
                )
        corpus = Corpus(
            sources=self.sources,
            actors=self.actors,
            themes=self.themes,
            events=_chronological(events, self._events_before()),
        )
        problems = sorted(self.out.problems, key=lambda problem: (problem.path, problem.line))
        return LoadResult(corpus, tuple(problems))

    def _events_before(self) -> Sequence[Event]:
        """The previous load's events in order, when events may have been taken from it."""
        corpus = self.prior.corpus
        return corpus.events if corpus is not None and self.prior.events else ()

    def _table_of_tables(self, kind: str) -> Iterator[tuple[str, dict[str, Any], int]]:
        value = self.document.get(kind, {})
        if not isinstance(value, dict):
            self.out.add(
                self.where.first_line(kind),
                f"'{kind}' must be a table of tables, not {_type_name(value)}",
            )
            return
        for table_id, body in value.items():
            line = self.where.table(kind, table_id)
            singular = kind[:-1]
            if not ID_PATTERN.fullmatch(table_id):
                self.out.add(line, f"{singular} id {table_id!r} must be letters, digits, - _ or .")
                continue
            if not isinstance(body, dict):
                self.out.add(
                    line, f"{singular} {table_id!r} must be a table, not {_type_name(body)}"
                )
                continue
            yield table_id, body, line

    def _unknown_keys(
        self, body: dict[str, Any], allowed: set[str], label: str, line_of: Callable[[str], int]
    ) -> None:
        for key in body:
            if key not in allowed:
                self.out.add(
                    line_of(key),
                    f"{label}: unknown key {key!r} (expected one of: {', '.join(sorted(allowed))})",
                )

    def _string(
        self, body: dict[str, Any], key: str, label: str, line: _Line, *, required: bool = True
    ) -> str | None:
        value = body.get(key)
        if value is None:
            if required:
                self.out.add(line, f"{label}: missing '{key}'")
            return None
        if not isinstance(value, str):
            self.out.add(line, f"{label}: '{key}' must be a string, not {_type_name(value)}")
            return None
        if required and not value.strip():
            self.out.add(line, f"{label}: '{key}' is empty")
            return None
        return value

    def _bilingual(
        self, body: dict[str, Any], key: str, label: str, line: _Line, *, required: bool = True
    ) -> Bilingual | None:
        value = body.get(key)
        if value is None:
            if required:
                self.out.add(line, f"{label}: missing '{key}' (a table with en and zh)")
            return None
        if not isinstance(value, dict):
            self.out.add(
                line,
                f"{label}: '{key}' must be a table {{ en = ..., zh = ... }}, "
                f"not {_type_name(value)}",
            )
            return None
        ok = True
        for lang in ("en", "zh"):
            text = value.get(lang)
            if text is None or (isinstance(text, str) and not text.strip()):
                self.out.add(line, f"{label}: missing {lang} {key}")
                ok = False
            elif not isinstance(text, str):
                self.out.add(
                    line, f"{label}: {key}.{lang} must be a string, not {_type_name(text)}"
                )
                ok = False
        for lang in value:
            if lang not in ("en", "zh"):
                self.out.add(line, f"{label}: unknown language {lang!r} in '{key}' (use en and zh)")
        if not ok:
            return None
        return Bilingual(en=value["en"], zh=value["zh"])

    def _string_list(
        self, body: dict[str, Any], key: str, label: str, line: _Line
    ) -> tuple[str, ...] | None:
        value = body.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.out.add(line, f"{label}: '{key}' must be an array of strings")
            return None
        return tuple(value)

    def _sources(self, tables: Iterator[tuple[str, dict[str, Any], int]]) -> None:
        # Resolved only when usable: a symlink loop makes resolve() raise.
        seeds_root = self.seeds_dir if self.seeds_problem else self.seeds_dir.resolve()
        for source_id, body, line in tables:
            label = f"source {source_id!r}"

            def line_of(key: str, source_id: str = source_id) -> int:
                return self.where.table("sources", source_id, key)

            self._unknown_keys(body, _SOURCE_KEYS, label, line_of)
            ok = True
            file_name = self._string(body, "file", label, line_of("file"))
            title = self._string(body, "title", label, line_of("title"))
            publisher = self._string(body, "publisher", label, line_of("publisher"))
            note = self._string(
                body, "published_note", label, line_of("published_note"), required=False
            )
            published = body.get("published")
            if published is None:
                self.out.add(line, f"{label}: missing 'published' (a TOML date like 2025-11-06)")
                ok = False
            elif not isinstance(published, date) or hasattr(published, "hour"):
                self.out.add(
                    line_of("published"),
                    f"{label}: 'published' must be a TOML date "
                    f"like 2025-11-06 (unquoted), not {_type_name(published)}",
                )
                ok = False
            language = body.get("language")
            if language not in LANGUAGES:
                shown = "missing" if language is None else repr(language)
                self.out.add(
                    line_of("language"),
                    f"{label}: language is {shown}; expected one of {', '.join(LANGUAGES)}",
                )
                ok = False
            text = self._article(source_id, file_name, line_of("file"), seeds_root)
            if text is None or file_name is None or title is None or publisher is None:
                ok = False
            if not ok:
                self.broken_sources.add(source_id)
                continue
            assert text is not None and file_name is not None
            assert title is not None and publisher is not None
            checked_language = cast(Language, language)
            if not note and not prints_date(text, cast(date, published)):
                self.out.add(
                    line_of("published"),
                    f"{label}: the article does not print its date {published}; add "
                    f"published_note with the evidence the date was inferred from",
                )
            self.sources[source_id] = Source(
                id=source_id,
                file=file_name,
                title=title,
                publisher=publisher,
                published=cast(date, published),
                published_note=note,
                language=checked_language,
                text=text,
            )

    def _article(
        self, source_id: str, file_name: str | None, line: int, seeds_root: Path
    ) -> str | None:
        if file_name is None:
            return None
        if self.seeds_problem is not None:
            self.seeds_needed = True
            return None
        known = self.prior.articles.get(file_name)
        if known is not None:
            return known
        label = f"source {source_id!r}"
        if not file_name.strip():
            self.out.add(line, f"{label}: 'file' is empty")
            return None
        if "\x00" in file_name:
            # No file system allows it, and os.stat raises ValueError for it.
            self.out.add(line, f"{label}: file {file_name!r} contains a NUL character")
            return None
        if _plain_name_inside(self._seeds_text, file_name):
            # A file right in the seeds directory, not a link: it resolves inside it.
            # As str(seeds_dir / file_name) gives it, without building paths.
            seeds = self._seeds_text
            shown = file_name if seeds == "." else os.path.join(seeds, file_name)
        else:
            relative = Path(file_name)
            if relative.is_absolute() or file_name.startswith(("/", "\\")):
                self.out.add(
                    line,
                    f"{label}: file {file_name!r} must be relative to the seeds "
                    f"directory, not absolute",
                )
                return None
            candidate = self.seeds_dir / relative
            try:
                resolved = candidate.resolve()
            except (OSError, RuntimeError) as error:
                self.out.add(line, f"{label}: cannot resolve {file_name!r}: {error}")
                return None
            if not resolved.is_relative_to(seeds_root):
                self.out.add(
                    line,
                    f"{label}: file {file_name!r} leads outside the seeds directory "
                    f"{str(self.seeds_dir)!r}",
                )
                return None
            shown = str(candidate)
        try:
            raw = read_regular(shown, shown, what="article")
        except TimelineError as error:
            # Located at the `file` line that names the article, as every problem with it is.
            for problem in error.problems:
                self.out.add(line, f"{label}: {shown!r}: {problem.message}")
            return None
        if not raw.strip():
            self.out.add(line, f"{label}: article {shown!r} is empty")
            return None
        try:
            return decode_utf8(raw, shown, what=f"article of {label}")
        except TimelineError as error:
            for problem in error.problems:
                self.out.problems.append(Problem(problem.path, problem.line, problem.message))
            return None

    def _actors(self, tables: Iterator[tuple[str, dict[str, Any], int]]) -> None:
        parents: dict[str, tuple[str, int]] = {}
        for actor_id, body, _line in tables:
            label = f"actor {actor_id!r}"

            def line_of(key: str, actor_id: str = actor_id) -> int:
                return self.where.table("actors", actor_id, key)

            self._unknown_keys(body, _ACTOR_KEYS, label, line_of)
            if self.schema < 2:
                for key in _SCHEMA_2_ACTOR_KEYS:
                    if key in body:
                        self.out.add(
                            line_of(key),
                            f"{label}: '{key}' is new in schema 2 (people are actors): write "
                            f"'schema = 2' at the top of the file (hk-timeline 0.1 reads "
                            f"schema 1 only and will refuse it)",
                        )
            name = self._bilingual(body, "name", label, line_of("name"))
            aliases = self._string_list(body, "aliases", label, line_of("aliases"))
            kind = body.get("kind", "organisation")
            if kind not in ACTOR_KINDS:
                self.out.add(
                    line_of("kind"),
                    f"{label}: kind is {kind!r}; expected {' or '.join(ACTOR_KINDS)}",
                )
                continue
            person = kind == "person"
            key = "member_of" if person else "parent"
            wrong = "parent" if person else "member_of"
            if wrong in body:
                self.out.add(
                    line_of(wrong),
                    f"{label}: a{' person' if person else 'n organisation'} has "
                    f"'{key}', not '{wrong}'"
                    + (" (the organisation they belonged to)" if person else ""),
                )
            parent = self._string(body, key, label, line_of(key), required=False)
            role = (
                self._bilingual(body, "role", label, line_of("role"), required=False)
                if person or "role" not in body
                else None
            )
            if not person and "role" in body:
                self.out.add(line_of("role"), f"{label}: only a person has a 'role'")
            if name is None or aliases is None:
                continue
            if parent is not None:
                parents[actor_id] = (parent, line_of(key))
            self.actors[actor_id] = Actor(
                id=actor_id,
                name=name,
                aliases=aliases,
                parent=parent,
                kind="person" if person else "organisation",
                role=role,
            )
        for actor_id, (parent, line) in parents.items():
            actor = self.actors[actor_id]
            if parent not in self.actors:
                key = "member_of" if actor.is_person else "parent"
                self.out.add(line, f"actor {actor_id!r}: unknown {key} {parent!r}")
                self.actors[actor_id] = _without_parent(actor)
            elif self.actors[parent].is_person:
                relation = "member_of" if actor.is_person else "parent"
                self.out.add(
                    line,
                    f"actor {actor_id!r}: {relation} {parent!r} is a person; name an organisation",
                )
                self.actors[actor_id] = _without_parent(actor)
        # Actors whose chain of parents ends at a root. Removing a parent (below) only ever
        # shortens chains, so this stays true; walks stop at such an actor, and the path is
        # kept in a set: a chain of 10,000 parents took minutes walked from every actor.
        rooted: set[str] = set()
        for actor_id in list(self.actors):
            seen, on_path = [actor_id], {actor_id}
            current = self.actors[actor_id].parent
            while current is not None and current in self.actors and current not in rooted:
                if current in on_path:
                    chain = " → ".join([*seen, current])
                    self.out.add(
                        self.where.table("actors", actor_id, "parent"),
                        f"actor {actor_id!r}: parent cycle {chain}",
                    )
                    self.actors[actor_id] = _without_parent(self.actors[actor_id])
                    rooted.add(actor_id)
                    break
                seen.append(current)
                on_path.add(current)
                current = self.actors[current].parent
            else:
                rooted.update(on_path)

    def _themes(self, tables: Iterator[tuple[str, dict[str, Any], int]]) -> None:
        for theme_id, body, _line in tables:
            label = f"theme {theme_id!r}"

            def line_of(key: str, theme_id: str = theme_id) -> int:
                return self.where.table("themes", theme_id, key)

            self._unknown_keys(body, _THEME_KEYS, label, line_of)
            name = self._bilingual(body, "name", label, line_of("name"))
            if name is not None:
                self.themes[theme_id] = Theme(id=theme_id, name=name)

    def _events(self) -> list[Event]:
        raw_events = self.sliced
        if raw_events is None:
            parsed = self.document.get("events", [])
            if not isinstance(parsed, list):
                self.out.add(
                    self.where.first_line("events"),
                    f"'events' must be an array of tables ([[events]]), not {_type_name(parsed)}",
                )
                return []
            raw_events = iter(parsed)
        events: list[Event] = []
        seen: dict[str, int] = {}
        for index, body in enumerate(raw_events):
            if type(body) is _Reusable:
                reused = self._reuse(body, seen)
                if reused is not None:
                    events.append(reused)
                    continue
                body = _parse_table(self.where.text, body.start, body.end)
            if not isinstance(body, dict):
                self.out.add(self.where.event(index), f"event #{index + 1} must be a table")
                continue
            event = self._event(index, body, seen)
            if event is not None:
                events.append(event)
        return events

    def _reuse(self, reusable: _Reusable, seen: dict[str, int]) -> Event | None:
        """The prior event of an unchanged table when validating it would give it again (see
        `PriorTables`), moved to the table's line; None when it must be validated."""
        event, prior = reusable.event, self.prior
        if event.id in seen or self.schema != prior.schema:
            return None
        unchanged = self._unchanged_sources
        if unchanged is None:
            before = prior.sources
            unchanged = self._unchanged_sources = {
                source_id
                for source_id, source in self.sources.items()
                if before.get(source_id) == source
            }
            self._all_kept = (
                self.actors.keys() >= prior.actors
                and self.themes.keys() >= prior.themes
                and unchanged >= before.keys()
            )
        if not self._all_kept:
            actors, themes = self.actors, self.themes
            if not all(actor in actors for actor in event.actors) or not all(
                theme in themes for theme in event.themes
            ):
                return None
            if not all(quote.source in unchanged for quote in event.quotes):
                return None
        if reusable.shift:
            event = replace(event, line=event.line + reusable.shift)
        seen[event.id] = event.line
        return event

    def _event(self, index: int, body: dict[str, Any], seen: dict[str, int]) -> Event | None:
        checked = self._well_formed(body, seen) if _SHORT_CHECK else None
        if checked is not None:
            id_line = self.where.id_line(index)
            seen[checked.event_id] = id_line
            return self._quoted(index, body, len(self.out.problems), checked, id_line)
        return self._event_checked(index, body, seen)

    def _well_formed(self, body: dict[str, Any], seen: dict[str, int]) -> _Checked | None:
        """`body`'s keys other than its quotes, when each of them passes the checks of
        `_event_checked` (as most events' do), found with fewer steps; None when any of
        them would give a problem, or is not what the short way knows: `_event_checked`
        then checks the event, reporting every problem."""
        if not body.keys() <= _EVENT_KEY_SET:
            return None
        event_id, value, mod = body.get("id"), body.get("date"), body.get("mod")
        if type(event_id) is not str or event_id in seen or not ID_PATTERN.fullmatch(event_id):
            return None
        # A date and mod that `_date` reads without a problem, kept as it keeps them.
        if type(value) is not str or (mod is not None and type(mod) is not str):
            return None
        event_date = self._dates.get((value, mod))
        if event_date is None:
            try:
                event_date = parse_event_date(value, mod)
            except TimelineError:
                return None
            if self.schema < 2 and schema_2_form(event_date) is not None:
                return None
            self._dates[(value, mod)] = event_date
        if body.get("status") not in STATUSES:
            return None
        status = body["status"]
        title, summary = _well_formed_bilingual(body.get("title")), None
        if title is None:
            return None
        if "summary" in body:
            summary = _well_formed_bilingual(body["summary"])
            if summary is None:
                return None
        date_text = body.get("date_text")
        if date_text is not None and type(date_text) is not str:
            return None
        actors = self._well_formed_refs(body.get("actors"), self.actors)
        themes = self._well_formed_refs(body.get("themes"), self.themes)
        if actors is None or themes is None:
            return None
        return _Checked(event_id, event_date, status, date_text, title, summary, actors, themes)

    def _well_formed_quotes(self, raw: object) -> list[Quote] | None:
        """`_quotes`'s quotes of `raw` (an event's ``sources``) when each is a source and a
        quote found exactly once in its readable article, with no occurrence given; None
        for anything else, which `_quotes` then checks, reporting every problem."""
        if type(raw) is not list or not raw:
            return None
        quotes: list[Quote] = []
        sources, broken = self.sources, self.broken_sources
        for item in raw:
            if type(item) is not dict or not item.keys() <= _SOURCE_AND_QUOTE:
                return None
            source_id, text = item.get("source"), item.get("quote")
            if type(source_id) is not str or type(text) is not str or source_id in broken:
                return None
            source = sources.get(source_id)
            if source is None or not text.strip():
                return None
            article = source.text
            start = article.find(text)
            if start == -1 or article.find(text, start + 1) != -1:
                return None
            quotes.append(Quote(source=source.id, text=text, start=start, end=start + len(text)))
        return quotes

    def _well_formed_refs(self, refs: object, known: dict[str, Any]) -> tuple[str, ...] | None:
        """`_refs`'s shared tuple of `refs` when it gives no problem, else None."""
        if type(refs) is not list or not refs:
            return None
        for ref in refs:
            if type(ref) is not str or ref not in known:
                return None
        if len(refs) > 1 and len(set(refs)) != len(refs):
            return None
        return self._shared_ids(refs)

    def _shared_ids(self, refs: Sequence[str]) -> tuple[str, ...]:
        """`refs` as the one tuple of them the corpus shares, made of shared ids."""
        listed = tuple(refs)
        known_refs = self._shared_refs.get(listed)
        if known_refs is not None:
            return known_refs  # its ids are the shared ones already
        shared = self._shared
        listed = tuple([shared.setdefault(ref, ref) for ref in refs])
        return self._shared_refs.setdefault(listed, listed)

    def _event_checked(
        self, index: int, body: dict[str, Any], seen: dict[str, int]
    ) -> Event | None:
        where = self.where

        def line_of(key: str) -> int:
            return where.event(index, key)

        def lazy(key: str) -> Callable[[], int]:
            return lambda: where.event(index, key)

        raw_id = body.get("id")
        if not isinstance(raw_id, str) or not ID_PATTERN.fullmatch(raw_id):
            shown = "missing" if raw_id is None else repr(raw_id)
            self.out.add(
                line_of("id"),
                f"event #{index + 1}: id is {shown}; expected letters, digits, - _ or .",
            )
            return None
        label = f"event {raw_id!r}"
        problems_before = len(self.out.problems)
        id_line = where.id_line(index)
        if raw_id in seen:
            # Still check the rest of the duplicate, so one run reports everything.
            self.out.add(
                line_of("id"), f"{label}: duplicate id (first defined on line {seen[raw_id]})"
            )
        else:
            seen[raw_id] = id_line
        self._unknown_keys(body, _EVENT_KEY_SET, label, line_of)

        event_date = None
        raw_date = body.get("date")
        raw_mod = body.get("mod")
        if raw_mod is not None and not isinstance(raw_mod, str):
            self.out.add(line_of("mod"), f"{label}: 'mod' must be one of {', '.join(MODS)}")
        elif raw_date is None:
            self.out.add(line_of("id"), f"{label}: missing 'date'")
        elif isinstance(raw_date, date) and not hasattr(raw_date, "hour"):
            event_date = self._date(raw_date.isoformat(), raw_mod, label, line_of)
        elif not isinstance(raw_date, str):
            self.out.add(
                line_of("date"),
                f"{label}: 'date' must be a string like \"2019-07\", not {_type_name(raw_date)}",
            )
        else:
            event_date = self._date(raw_date, raw_mod, label, line_of)

        status = body.get("status")
        if status not in STATUSES:
            shown = "missing" if status is None else repr(status)
            self.out.add(
                line_of("status"), f"{label}: status is {shown}; expected {' or '.join(STATUSES)}"
            )
        title = self._bilingual(body, "title", label, lazy("title"))
        summary = self._bilingual(body, "summary", label, lazy("summary"), required=False)
        date_text = self._string(body, "date_text", label, lazy("date_text"), required=False)
        actors = self._refs(body, "actors", self.actors, label, line_of)
        themes = self._refs(body, "themes", self.themes, label, line_of)
        return self._quoted(
            index,
            body,
            problems_before,
            _Checked(raw_id, event_date, status, date_text, title, summary, actors, themes),
            id_line,
        )

    def _quoted(
        self, index: int, body: dict[str, Any], before: int, checked: _Checked, id_line: int
    ) -> Event | None:
        """The event of `body`, whose other keys gave `checked` (None where a check failed),
        with its quotes checked; None when it or its quotes gave a problem (more problems
        than the `before` there were when the event's check began)."""
        event_id, event_date, status, date_text, title, summary, actors, themes = checked
        label = f"event {event_id!r}"
        short = self._well_formed_quotes(body.get("sources")) if _SHORT_CHECK else None
        quotes, skipped = (short, False) if short is not None else self._quotes(index, body, label)
        if skipped:
            # A quote's article could not be read: the article's problem says why, and the
            # event is left out; checks against the quotes that remain would only mislead
            # (its date_text may be in the unreadable one).
            return None

        def line_of(key: str) -> int:
            return self.where.event(index, key)

        # The first quote that holds the date_text: its article's date is what it is read by.
        holder = None
        if date_text is not None:
            for quote in quotes:
                if date_text in quote.text:
                    holder = quote
                    break
        if date_text is not None and quotes and holder is None:
            self.out.add(
                line_of("date_text"),
                f"{label}: date_text {date_text!r} is not in any of the event's quotes",
            )
        elif (
            date_text is not None
            and holder is not None
            and event_date is not None
            and self.check_date_text is not None
        ):
            # Words that read as the event's date pass under any schema (`date_claim_problem`
            # reads again only words that disagree): the message is worked out for the rest.
            published = self.sources[holder.source].published
            said = (event_date.value, event_date.mod)
            if self.check_date_text(date_text, published) != said:
                self._cross_check(label, line_of, date_text, quotes, *said)
        if len(self.out.problems) > before:
            return None
        assert event_date is not None and title is not None
        assert actors is not None and themes is not None
        shared = self._shared
        checked_status = cast(Status, shared.setdefault(cast(str, status), cast(str, status)))
        if date_text is not None:
            date_text = shared.setdefault(date_text, date_text)
        return Event(
            id=event_id,
            date=event_date,
            status=checked_status,
            date_text=date_text,
            title=title,
            summary=summary,
            actors=actors,
            themes=themes,
            quotes=tuple(quotes),
            line=id_line,
        )

    def _date(self, value: str, mod: str | None, label: str, line_of: Callable[[str], int]) -> Any:
        known = self._dates.get((value, mod))
        if known is not None:
            return known
        try:
            event_date = parse_event_date(value, mod)
        except TimelineError as error:
            key = "mod" if str(error).startswith("bad mod") else "date"
            self.out.add(line_of(key), f"{label}: {error}")
            return None
        form = schema_2_form(event_date) if self.schema < 2 else None
        if form is not None:
            key = "mod" if form == "the mod APPROX" else "date"
            self.out.add(
                line_of(key),
                f"{label}: {value!r}{' ' + mod if mod else ''} is {form}, new in schema 2: "
                f"write 'schema = 2' at the top of the file (hk-timeline 0.1 reads schema 1 "
                f"only and will refuse it)",
            )
            return None
        self._dates[(value, mod)] = event_date
        return event_date

    def _cross_check(
        self,
        label: str,
        line_of: Callable[[str], int],
        date_text: str,
        quotes: list[Quote],
        value: str,
        mod: str | None,
    ) -> None:
        assert self.check_date_text is not None
        message = _date_text_mismatch(
            label, date_text, quotes, value, mod, self.sources, self.schema, self.check_date_text
        )
        if message is not None:
            self.out.add(line_of("date_text"), message)

    def _refs(
        self,
        body: dict[str, Any],
        key: str,
        known: dict[str, Any],
        label: str,
        line_of: Callable[[str], int],
    ) -> tuple[str, ...] | None:
        refs = self._string_list(body, key, label, lambda: line_of(key))
        if refs is None:
            return None
        if not refs:
            self.out.add(
                line_of(key) or line_of("id"), f"{label}: '{key}' is empty; name at least one"
            )
            return None
        ok = True
        for ref in refs:
            if ref not in known:
                self.out.add(line_of(key), f"{label}: unknown {key[:-1]} {ref!r}")
                ok = False
        if len(set(refs)) != len(refs):
            self.out.add(line_of(key), f"{label}: '{key}' lists the same id twice")
            ok = False
        if not ok:
            return None
        return self._shared_ids(refs)

    def _quotes(self, index: int, body: dict[str, Any], label: str) -> tuple[list[Quote], bool]:
        """Check an event's quotes; also say whether one was skipped for a broken source."""
        where = self.where
        raw = body.get("sources")
        line = partial(where.event, index, "sources")
        if raw is None:
            self.out.add(
                where.event(index, "id"),
                f"{label}: missing 'sources' (at least one {{ source = ..., quote = ... }})",
            )
            return [], False
        if not isinstance(raw, list) or not raw:
            self.out.add(
                line,
                f"{label}: 'sources' must be a non-empty array of "
                f"{{ source = ..., quote = ... }} tables",
            )
            return [], False
        quotes: list[Quote] = []
        skipped = False
        for number, item in enumerate(raw, start=1):
            if not isinstance(item, dict):
                self.out.add(
                    line,
                    f"{label}: source #{number} must be a table {{ source = ..., quote = ... }}",
                )
                continue
            for key in item:
                if key not in _QUOTE_KEYS:
                    self.out.add(line, f"{label}: source #{number}: unknown key {key!r}")
            source_id = item.get("source")
            text = item.get("quote")
            occurrence = item.get("occurrence")

            def quote_line(text: object = text) -> int:
                # Looked up only for a problem: finding a quote's line scans the event's
                # lines, which for every one of an event's thousands of quotes is quadratic.
                return where.event_text(index, text if isinstance(text, str) else "", "sources")

            if not isinstance(source_id, str):
                self.out.add(
                    quote_line(), f"{label}: source #{number}: 'source' must be a source id string"
                )
                continue
            if not isinstance(text, str):
                shown = "missing" if text is None else _type_name(text)
                self.out.add(
                    quote_line(),
                    f"{label}: quote from {source_id!r} is {shown}; it must be a string",
                )
                continue
            if not text.strip():
                self.out.add(quote_line(), f"{label}: quote from {source_id!r} is empty")
                continue
            if source_id in self.broken_sources:
                skipped = True
                self.left_out.setdefault(source_id, set()).add(index)
                self.left_out_events.add(index)
                continue
            source = self.sources.get(source_id)
            if source is None:
                self.out.add(quote_line(), f"{label}: unknown source {source_id!r}")
                continue
            if occurrence is not None and (
                not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1
            ):
                self.out.add(quote_line(), f"{label}: occurrence must be a positive integer")
                continue
            # Enough occurrences to place the quote and to tell that it is ambiguous; not all
            # the millions of a one-character quote in a 256 MiB article.
            counted = max(occurrence or 1, _COUNTED_OCCURRENCES)
            offsets = list(islice(_occurrences(source.text, text), counted))
            if not offsets:
                self.out.add(
                    quote_line(),
                    f"{label}: quote not found in {source_id} ({source.file}): {_clip(text)!r}",
                )
                continue
            if occurrence is None and len(offsets) > 1:
                self.out.add(
                    quote_line(),
                    f"{label}: quote is ambiguous: it occurs "
                    f"{'at least ' if len(offsets) == counted else ''}{len(offsets)} times in "
                    f"{source_id} ({source.file}); lengthen it "
                    f"or add occurrence = 1..{len(offsets)}",
                )
                continue
            if occurrence is not None and occurrence > len(offsets):
                self.out.add(
                    quote_line(),
                    f"{label}: occurrence {occurrence} but the quote occurs "
                    f"{len(offsets)} time(s) in {source_id}",
                )
                continue
            start = offsets[(occurrence or 1) - 1]
            quotes.append(Quote(source=source.id, text=text, start=start, end=start + len(text)))
        return quotes, skipped


def _date_text_mismatch(
    label: str,
    date_text: str,
    quotes: Sequence[Quote],
    value: str,
    mod: str | None,
    sources: Mapping[str, Source],
    schema: int,
    check: DateTextCheck,
) -> str | None:
    quote = next(q for q in quotes if date_text in q.text)
    published = sources[quote.source].published
    return date_claim_problem(
        label, date_text, quote.source, published, value, mod, schema=schema, check=check
    )


def date_claim_problem(
    label: str,
    date_text: str,
    source: str,
    published: date,
    value: str,
    mod: str | None,
    *,
    schema: int,
    check: DateTextCheck,
) -> str | None:
    """The loader's message when `date_text`, read against `published`, is not `value`/`mod`.

    The one wording of the date_text cross-check, for the loader and for a check run after
    loading (`tui.core.cross_check`).

    Args:
        label: how the message names the event ("event 'x'").
        date_text: the words that carry the date.
        source: the id of the article whose quote holds them.
        published: that article's date, which the words are read against.
        value: the event's date value.
        mod: the event's mod, or None.
        schema: the file's schema: a schema 1 file reads points only.
        check: resolves a date_text (tui.core.temporal's resolve_date_text).

    Returns:
        The message, or None when the words say the event's date.
    """
    resolved = check(date_text, published)
    if schema < 2 and resolved is not None and resolved != (value, mod):
        try:
            newer = schema_2_form(parse_event_date(*resolved)) is not None
        except TimelineError:
            newer = False
        if newer:
            # A schema 1 file cannot say "by" or "since": read its words as it was read.
            resolved = check(date_text, published, points=True)
    if resolved is None:
        return (
            f"{label}: date_text {date_text!r} does not "
            f"resolve to a date (against {source} published {published})"
        )
    got_value, got_mod = resolved
    if (got_value, got_mod) != (value, mod):
        said = value + (f" {mod}" if mod else "")
        got = got_value + (f" {got_mod}" if got_mod else "")
        return (
            f"{label}: date_text {date_text!r} resolves to "
            f"{got} (against {source} published {published}) but the event "
            f"says {said}"
        )
    return None


def prints_date(text: str, day: date) -> bool:
    """Whether `text` prints `day` in a common full form (ISO, 2025年11月6日, 6 November 2025)."""
    month = MONTH_NAMES[day.month - 1]
    forms = (
        day.isoformat(),
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}年{day.month:02d}月{day.day:02d}日",
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.year}/{day.month:02d}/{day.day:02d}",
        f"{day.year}.{day.month:02d}.{day.day:02d}",
    )
    return any(form in text for form in forms)


_COUNTED_OCCURRENCES = 1000
"""How many occurrences of an ambiguous quote are counted before saying "at least"."""


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    start = haystack.find(needle)
    while start != -1:
        yield start
        start = haystack.find(needle, start + 1)


def _plain_name_inside(folder: str, name: str) -> bool:
    """Whether `name` is one plain file name in `folder` (no separator, not `.` or `..`) and
    no symbolic link there: it then resolves inside the folder's own resolved path, which
    the resolve of every other name checks with a walk of each part (one lstat here)."""
    if name in ("", ".", "..") or name.startswith("\\") or os.sep in name:
        return False
    if os.altsep and os.altsep in name:
        return False
    try:
        return not stat.S_ISLNK(os.lstat(os.path.join(folder, name)).st_mode)
    except (OSError, ValueError):
        return False  # missing, unreadable or odd: the full path below says why


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _events(count: int) -> str:
    return "1 event" if count == 1 else f"{count} events"


_SEEDS_HINT = (
    "; point --seeds DIR at the articles' directory (without it, seeds/ beside the events file"
    " is used)"
)


def _seeds_problem(seeds_dir: Path) -> str | None:
    """Say what is wrong with the seeds directory itself (missing, a file, ...), or None."""
    try:
        info = os.stat(seeds_dir)
        if stat.S_ISDIR(info.st_mode):
            seeds_dir.resolve(strict=True)
            return None
    except OSError as error:
        return stat_failure(error, "seeds directory")
    except (ValueError, RuntimeError) as error:  # a NUL in the path; a loop (Python < 3.13)
        return f"cannot use the seeds directory: {error}"
    kind = file_kind(info.st_mode)
    return f"not a directory (it is {kind or 'a regular file'})"


def _chronological(events: list[Event], before: Sequence[Event] = ()) -> tuple[Event, ...]:
    """`events` by date (`sort_key`), then id: ids are unique among valid events, so the
    order is total and does not depend on the order they come in.

    `before` is a previous load's events in this order: when most of `events` are among them
    (the same objects, taken over from the previous load), those keep its order and only the
    others are put in their places, one by one (an append sorts one event, not all).
    """
    # Events taken over from a cache entry share one EventDate per distinct date; computing
    # each date's key once is the same key.
    keys: dict[int, tuple[int, int, int, bool]] = {}

    def key(event: Event) -> tuple[int, int, int, bool, str]:
        event_date = event.date
        known = keys.get(id(event_date))
        if known is None:
            known = keys[id(event_date)] = sort_key(event_date)
        return (*known, event.id)

    if before:
        earlier = set(map(id, before))
        others = [event for event in events if id(event) not in earlier]
        if len(others) * 2 < len(events):
            if len(events) - len(others) == len(before):
                kept = list(before)  # every earlier event is still here
            else:
                mine = set(map(id, events))
                kept = [event for event in before if id(event) in mine]
            for event in sorted(others, key=key):
                insort(kept, event, key=key)
            return tuple(kept)
    return tuple(sorted(events, key=key))


def _without_parent(actor: Actor) -> Actor:
    return replace(actor, parent=None)
