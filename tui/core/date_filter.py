"""Read a date filter's two ends, as typed in the TUI's dialog or given to --from/--to."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from tui.core.dates import MONTH_NAMES

__all__ = ["DateRange", "calendar_problem", "read_range"]


@dataclass(frozen=True, slots=True)
class DateRange:
    """A range of days; either end may be open."""

    first: date | None
    """First day of interest, or None for no lower bound."""
    last: date | None
    """Last day of interest, or None for no upper bound."""


_ISO_LIKE = re.compile(r"([0-9]+)(?:-([0-9]+)(?:-([0-9]+))?)?")


def calendar_problem(text: str) -> str | None:
    """Why `text`, written like 2024-02-30, 0000 or 2024-13, names no day of the calendar.

    Returns:
        None when it is not written like that or names a real day, month or year.
    """
    match = _ISO_LIKE.fullmatch(text)
    if match is None:
        return None
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    if not 1 <= year <= 9999:
        return f"year {year_text} is out of range (0001–9999)"
    if month_text is None:
        return None
    month = int(month_text)
    if not 1 <= month <= 12:
        return f"month {month_text} is out of range (01–12)"
    if day_text is None:
        return None
    last = calendar.monthrange(year, month)[1]
    if not 1 <= int(day_text) <= last:
        return f"day {day_text} is out of range for {MONTH_NAMES[month - 1]} {year} (01–{last})"
    return None


def read_range(
    first_text: str,
    last_text: str,
    today: date,
    *,
    labels: tuple[str, str] = ("From", "To"),
    reversed_is_empty: bool = False,
) -> DateRange | str:
    """Read the two ends of a date filter; any date the engine reads will do.

    A From that is an interval ("2020至2025年", "from 2019 to 2021") with To empty fills
    both ends; otherwise From gives its first day and To its last, and an open side (since
    July 2019, by 2026) leaves that end without a limit.

    Args:
        first_text: what the From end says ("" for open).
        last_text: what the To end says ("" for open).
        today: the date relative expressions ("去年", "last year") resolve against.
        labels: how messages name the two ends ("From"/"To", "--from"/"--to").
        reversed_is_empty: a first day after the last is a range nothing falls in (the
            command line, where a script may compute the ends), not a mistake to explain.

    Returns:
        The range, or a message saying what is wrong.
    """
    from tui.core.temporal import Mention, parse_expression

    read: list[Mention | None] = []
    for label, text in zip(labels, (first_text, last_text), strict=True):
        if not text.strip():
            read.append(None)
            continue
        mention = parse_expression(text, today)
        if mention is None:
            reason = calendar_problem(text.strip()) or (
                "not a date; try 2019, 2019-07, 2019年7月, mid-2024, 2020至2025年 or 去年"
            )
            return f"{label} {text.strip()!r}: {reason}"
        read.append(mention)
    since, until = read
    for label, text, mention, side in (
        (labels[0], first_text, since, "first"),
        (labels[1], last_text, until, "last"),
    ):
        open_side = mention is not None and getattr(mention, side) is None
        if open_side and (since is None or until is not None or mention is until):
            return f"{label} {text.strip()!r}: has no {side} day (it is open on that side)"
    first = since.first if since is not None else None
    if until is not None:
        last = until.last
    elif since is not None and since.kind == "interval":
        last = since.last
    else:
        last = None
    if first is not None and last is not None and first > last and not reversed_is_empty:
        return f"{labels[0]} ({first.isoformat()}) is after {labels[1]} ({last.isoformat()})"
    return DateRange(first, last)
