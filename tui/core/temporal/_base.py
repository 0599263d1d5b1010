"""The engine's parts every rule uses: mentions, candidates, the scan, values, folding."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from tui.core.dates import covered
from tui.core.errors import TimelineError
from tui.core.model import EventDate

Resolution = Literal["absolute", "relative"]
Kind = Literal["point", "interval", "duration"]
MentionMod = Literal["START", "MID", "END", "APPROX"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One date expression found in a text, resolved to a TIMEX3-style value."""

    start: int
    """Code-point offset of the expression in the text."""
    end: int
    """Code-point offset just past the expression."""
    text: str
    """The expression exactly as written: the text's slice [start:end]."""
    value: str
    """TIMEX3-style value: a point (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn) or, for an
    interval, "A/B" with either side empty when open ("2019-07/", "/2026")."""
    mod: MentionMod | None
    """START, MID, END (narrowing the days by thirds), APPROX (not narrowing), or None."""
    first: date | None
    """First day covered, after the mod's narrowing; None for an open start."""
    last: date | None
    """Last day covered, after the mod's narrowing; None for an open end."""
    resolution: Resolution
    """"absolute" when the text names the date, "relative" when resolved against `anchor`."""
    anchor: date | None
    """The document date a relative expression was resolved against; None when absolute."""
    rule: str
    """Which grammar rule matched; "dateparser" names the month-name and numeric dates, which
    that library once read (the name is kept, callers match on it)."""
    kind: Kind = "point"
    """"point", "interval" (two ends, either may be open) or "duration" (an amount of time
    counted from the document date, such as 三年前: its value is a point)."""
    begin: str | None = None
    """An interval's first end as a point value, None when open; a point's own value."""
    finish: str | None = None
    """An interval's last end as a point value, None when open; a point's own value."""

    def event_date(self) -> EventDate:
        """Return the mention's date as the model's EventDate (a duration's is its point)."""
        return EventDate(value=self.value, mod=self.mod, first=self.first, last=self.last)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A resolved span before overlapping candidates are weeded out."""

    start: int
    """Code-point offset of the span."""
    end: int
    """Offset just past the span."""
    value: str
    """Validated TIMEX3-style value, a point or an interval "A/B"."""
    mod: MentionMod | None
    """START, MID, END, APPROX or None."""
    relative: bool
    """True when the value was computed from the document date."""
    rule: str
    """Name of the rule that produced the candidate."""
    kind: Kind
    """point, interval or duration."""


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
_MONTH_TRIGGER = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
# What every match of a pattern contains, for `_near`.
_YEAR_CHAR = re.compile("年")
_MONTH_CHAR = re.compile("月")
_EN_RELATIVE_TRIGGER = re.compile(r"year|month|yesterday|today|tomorrow")
_EN_PERIOD_TRIGGER = re.compile(r"q[1-4]|h[12]|quarter|half")
_NUMERIC_TRIGGER = re.compile(r"[0-9][-/.][0-9]")
_DIGITS_TRIGGER = re.compile(r"[12][0-9]{7}")
_SLASH_TRIGGER = re.compile(r"/[0-9]")
_HOLIDAY_EN_TRIGGER = re.compile(
    r"christmas|new year|national|labou?r|lunar|chinese|mid-autumn|dragon|ching|chung"
)
_CHAINED_TRIGGER = re.compile(r"次年|翌年|year")
_EN_WEEK_TRIGGER = re.compile("week")


class _Scan:
    """The folded text being scanned, its document date and the candidates found so far."""

    __slots__ = ("anchor", "found", "lower", "text", "whole")

    def __init__(self, text: str, anchor: date | None, whole: bool) -> None:
        self.text = text
        lower = text.lower()
        # Offsets must stay those of `text`: a few letters lower to two code points (İ).
        self.lower = lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)
        self.anchor = anchor
        self.whole = whole
        self.found: list[_Candidate] = []

    def add(
        self,
        start: int,
        end: int,
        value: str,
        mod: MentionMod | None,
        rule: str,
        *,
        relative: bool = False,
        kind: Kind = "point",
    ) -> None:
        """Keep a candidate whose value names real days; relative ones need a document date."""
        if relative and self.anchor is None or start >= end:
            return
        if _days(value, mod) is None:
            return
        if "/" in value:
            kind = "interval"
        self.found.append(_Candidate(start, end, value, mod, relative, rule, kind))


def _days(value: str, mod: MentionMod | None) -> tuple[date | None, date | None] | None:
    """First and last day of a point or interval value after narrowing; None when invalid."""
    try:
        return covered(value, mod)
    except TimelineError:
        return None


# --- values -------------------------------------------------------------------------------


def _timex(year: int, month: int | None = None, day: int | None = None) -> str:
    # An out-of-range year gives a string value_range rejects, so the candidate is dropped.
    if not 1 <= year <= 9999:
        return "invalid"
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _shift_day(anchor: date, delta: int) -> str:
    try:
        return (anchor + timedelta(days=delta)).isoformat()
    except OverflowError:
        return "invalid"


# --- text folding -------------------------------------------------------------------------


class _FoldTable(dict[int, int]):
    """A str.translate table, filled on demand, mapping code points to their NFKC form.

    Only forms of a single code point are taken (full-width ２０２４ becomes 2024), so a
    folded text has the same offsets as the original; other code points map to themselves.
    """

    def __missing__(self, code: int) -> int:
        folded = unicodedata.normalize("NFKC", chr(code))
        target = ord(folded) if len(folded) == 1 else code
        if len(self) < 65536:
            self[code] = target
        return target


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> str:
    """NFKC-fold each code point that folds to exactly one, so offsets stay those of `text`."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def _is_ideograph(char: str) -> bool:
    return len(char) == 1 and (
        "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char in "〇○"
    )


def _before(text: str, start: int) -> str:
    """The character before `start`; a line break at the start of the text."""
    return text[start - 1] if start > 0 else "\n"


def _after(text: str, end: int) -> str:
    """The character at `end`; a line break past the end of the text."""
    return text[end] if end < len(text) else "\n"


def _lead_in_ok(text: str, start: int, allowed: str) -> bool:
    """True when the span at `start` follows a non-ideograph or one of `allowed`."""
    previous = _before(text, start)
    return not _is_ideograph(previous) or previous in allowed


# --- where to look ----------------------------------------------------------------------

_LOOKAHEAD = 8
"""Characters past a match that the patterns' lookaheads may read."""


def _near(
    pattern: re.Pattern[str],
    trigger: re.Pattern[str],
    text: str,
    back: int,
    ahead: int,
    lowered: str | None = None,
) -> list[re.Match[str]]:
    """`pattern`'s matches, looked for only around the places `trigger` finds.

    A pattern that may start with an optional part is tried by the regex engine at every
    position of the text; every match of these patterns contains its trigger (年代, 季, a
    weekday's "day"), which the engine finds fast. So the pattern runs over short windows
    around the triggers, from `back` characters before one to `ahead` after it, plus a margin:
    the text is cut there for the pattern too, and a match ending in the margin is dropped,
    since the cut would hide the characters its lookaheads read.
    """
    matches: list[re.Match[str]] = []
    length = len(text)
    window_start = window_end = -1
    spans: list[tuple[int, int]] = []
    # English triggers are written in lower case and run over the lowered text, since a
    # case-insensitive pattern loses the engine's fast skip to its first characters.
    for hit in trigger.finditer(text if lowered is None else lowered):
        low, high = max(0, hit.start() - back), min(length, hit.end() + ahead + _LOOKAHEAD)
        if low <= window_end:
            window_end = max(window_end, high)
            continue
        if window_end >= 0:
            spans.append((window_start, window_end))
        window_start, window_end = low, high
    if window_end >= 0:
        spans.append((window_start, window_end))
    for low, high in spans:
        limit = high if high == length else high - _LOOKAHEAD
        for match in pattern.finditer(text, low, high):
            if match.end() <= limit:
                matches.append(match)
    return matches
