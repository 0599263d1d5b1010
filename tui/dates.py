"""TIMEX3-style date values: parsing, the days they cover, ordering and display."""

from __future__ import annotations

import calendar
import re
from datetime import date

from tui.errors import TimelineError
from tui.model import MODS, EventDate

# ASCII digits only: `\d` (and int()) also take ٢٠٢٤, ２０２４ and 𝟚𝟘𝟚𝟜, and exports must
# carry TIMEX values any reader can parse. `\Z`, not `$`, which also matches before a final
# newline.
_VALUE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?:(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?|Q(?P<quarter>[1-4])|H(?P<half>[12])))?\Z"
)


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
"""English month names, January first (not calendar.month_name, which follows the locale)."""
_MONTHS_EN = tuple(name[:3] for name in MONTH_NAMES)
_MOD_EN: dict[str, str] = {"START": "early", "MID": "mid", "END": "late"}
_MOD_ZH: dict[str, str] = {"START": "初", "MID": "中", "END": "底"}


def value_range(value: str) -> tuple[date, date]:
    """Return the first and last day a TIMEX3-style value covers.

    Args:
        value: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn or YYYY-Hn.

    Returns:
        The first and the last day covered.

    Raises:
        TimelineError: the value is not of one of those forms or names no real day.
    """
    match = _VALUE.match(value)
    if match is None and any(char.isdigit() and not char.isascii() for char in value):
        raise TimelineError(
            f"bad date {value!r}: use the ASCII digits 0-9 (expected YYYY, YYYY-MM, "
            f"YYYY-MM-DD, YYYY-Qn or YYYY-Hn)"
        )
    if match is None:
        raise TimelineError(
            f"bad date {value!r}: expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn or YYYY-Hn"
        )
    year = int(match["year"])
    if year < 1:
        raise TimelineError(f"bad date {value!r}: year 0000 does not exist")
    if match["quarter"]:
        first_month = 3 * (int(match["quarter"]) - 1) + 1
        return date(year, first_month, 1), _month_end(year, first_month + 2)
    if match["half"]:
        first_month = 6 * (int(match["half"]) - 1) + 1
        return date(year, first_month, 1), _month_end(year, first_month + 5)
    if match["month"] is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise TimelineError(f"bad date {value!r}: month {month} does not exist")
    if match["day"] is None:
        return date(year, month, 1), _month_end(year, month)
    day = int(match["day"])
    try:
        exact = date(year, month, day)
    except ValueError:
        raise TimelineError(f"bad date {value!r}: {year}-{month:02d} has no day {day}") from None
    return exact, exact


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_event_date(value: str, mod: str | None = None) -> EventDate:
    """Build an EventDate from a value and an optional START/MID/END modifier.

    Raises:
        TimelineError: the value or the modifier is invalid.
    """
    if mod is not None and mod not in MODS:
        raise TimelineError(f"bad mod {mod!r}: expected one of {', '.join(MODS)}")
    start, end = value_range(value)
    return EventDate(value=value, mod=mod, start=start, end=end)


def narrowed(event_date: EventDate) -> tuple[date, date]:
    """Return the part of the covered days that the modifier points at.

    Early, mid and late each take a third of the span, so "late 2025" sorts
    after "October 2025"'s start but not before the year's first days.
    """
    start, end = event_date.start, event_date.end
    if event_date.mod is None:
        return start, end
    span = (end - start).days + 1
    third = span // 3
    offset = {"START": 0, "MID": third, "END": span - third}[event_date.mod]
    first = date.fromordinal(start.toordinal() + offset)
    last = date.fromordinal(min(end.toordinal(), first.toordinal() + max(third, 1) - 1))
    return first, last


def sort_key(event_date: EventDate) -> tuple[int, int, int]:
    """Chronological key: narrowed start first; at the same start, the wider span first.

    So within a year: "2025", then "early 2025", "2025-01", "2025-01-01", … "late 2025".
    """
    first, last = narrowed(event_date)
    return first.toordinal(), -(last - first).days, -(event_date.end - event_date.start).days


def display(event_date: EventDate, lang: str = "en") -> str:
    """Say the date as a reader would, at its precision.

    Examples: "2019-07", "2024 H1", "early 2026", "3 Nov 2025" (en) or
    "2019年7月", "2024年上半年", "2026年初", "2025年11月3日" (zh).
    """
    value = event_date.value
    year = value[:4]
    rest = value[5:]
    if lang == "zh":
        if not rest:
            text = f"{year}年"
        elif rest.startswith("Q"):
            text = f"{year}年第{rest[1]}季"
        elif rest.startswith("H"):
            text = f"{year}年{'上' if rest[1] == '1' else '下'}半年"
        elif len(rest) == 2:
            text = f"{year}年{int(rest)}月"
        else:
            text = f"{year}年{int(rest[:2])}月{int(rest[3:])}日"
        if event_date.mod:
            text += _MOD_ZH[event_date.mod]
        return text
    if not rest:
        text = year
    elif rest.startswith(("Q", "H")):
        text = f"{year} {rest}"
    elif len(rest) == 2:
        text = f"{year}-{rest}"
    else:
        text = f"{int(rest[3:])} {_MONTHS_EN[int(rest[:2]) - 1]} {year}"
    if event_date.mod:
        text = f"{_MOD_EN[event_date.mod]} {text}"
    return text


def thirds(value: str, mod: str | None) -> tuple[date, date]:
    """Return the days a point value covers once START/MID/END narrow it by thirds.

    The team's convention (issue 16): a year's thirds are Jan–Apr, May–Aug, Sep–Dec; a
    month's are days 1–10, 11–20 and 21 to its end; a quarter's are its three months and a
    half's its three pairs of months. A day, no mod or APPROX keeps the value's own days.

    Raises:
        TimelineError: the value is not a valid point.
    """
    first, last = value_range(value)
    if mod not in MODS or first == last:
        return first, last
    index = MODS.index(mod)
    year, month = first.year, first.month
    rest = value[5:]
    if not rest:
        starts, ends = ((1, 1), (5, 1), (9, 1)), ((4, 30), (8, 31), (12, 31))
        return date(year, *starts[index]), date(year, *ends[index])
    if rest.startswith("Q"):
        return date(year, month + index, 1), _month_end(year, month + index)
    if rest.startswith("H"):
        return date(year, month + 2 * index, 1), _month_end(year, month + 2 * index + 1)
    return (
        (date(year, month, 1), date(year, month, 10)),
        (date(year, month, 11), date(year, month, 20)),
        (date(year, month, 21), last),
    )[index]
