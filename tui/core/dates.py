"""TIMEX3-style date values: parsing, the days they cover, ordering and display."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import cast

from tui.core.errors import TimelineError
from tui.core.model import MODS, NARROWING_MODS, EventDate, Mod

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


def covered(value: str, mod: str | None = None) -> tuple[date | None, date | None]:
    """Return the first and last day a point or interval value covers, once `mod` narrows it.

    The one rule every view uses (sorting, filters, the histogram, `show`, exports): START /
    MID / END narrow a point by thirds (see `thirds`); APPROX does not narrow; an interval
    covers from its first end's first day to its last end's last day, an open side being
    None.

    Args:
        value: a point (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn) or an interval "A/B"
            with either side empty when open.
        mod: START, MID, END, APPROX or None.

    Returns:
        The first and the last day; None for an open side.

    Raises:
        TimelineError: the value or the mod is invalid, or an interval's ends are reversed.
    """
    if mod is not None and mod not in MODS:
        raise TimelineError(f"bad mod {mod!r}: expected one of {', '.join(MODS)}")
    if "/" not in value:
        return thirds(value, mod)
    begin, _, finish = value.partition("/")
    if "/" in finish:
        raise TimelineError(f"bad date {value!r}: an interval has one '/' between its two ends")
    if not begin and not finish:
        raise TimelineError(
            f"bad date {value!r}: an interval needs at least one end "
            f'("2019-07/" since July 2019, "/2026" by 2026)'
        )
    if mod in NARROWING_MODS:
        raise TimelineError(
            f"bad mod {mod!r} for the interval {value!r}: START, MID and END narrow a point; "
            f'write the narrowed ends instead ("2019-09/2021-04" for late 2019 to early 2021)'
        )
    if mod == "APPROX" and not (begin and finish):
        raise TimelineError(
            f"bad mod 'APPROX' for the open interval {value!r}: an open side has no day to be "
            f"approximate about; drop the mod or close the interval"
        )
    low = _end_range(value, begin, "first") if begin else None
    high = _end_range(value, finish, "last") if finish else None
    if low is not None and high is not None and not (low[0] < high[0] and low[1] < high[1]):
        if low[0] > high[1]:
            raise TimelineError(f"bad date {value!r}: the first end is after the last")
        raise TimelineError(
            f"bad date {value!r}: the first end must start and finish before the last end does "
            f"(the same time twice, or one end inside the other, is not an interval)"
        )
    return (low[0] if low else None), (high[1] if high else None)


def _end_range(value: str, end: str, which: str) -> tuple[date, date]:
    try:
        return value_range(end)
    except TimelineError as error:
        reason = str(error).partition(": ")[2]
        raise TimelineError(f"bad date {value!r}: its {which} end {end!r}: {reason}") from None


def parse_event_date(value: str, mod: str | None = None) -> EventDate:
    """Build an EventDate from a point or interval value and an optional modifier.

    Raises:
        TimelineError: the value or the modifier is invalid.
    """
    first, last = covered(value, mod)
    return EventDate(value=value, mod=cast("Mod | None", mod), first=first, last=last)


_OPEN_WIDTH = 10**7
"""Days an open side counts for when sorting: wider than any closed date."""


def sort_key(event_date: EventDate) -> tuple[int, int, int, bool]:
    """Chronological key: first day first (the last day for an open start); at the same day,
    the wider date first.

    So within a year: "2025", then "early 2025", "2025-01", "2025-01-01", … "late 2025"; "since
    Jul 2019" comes just before "Jul 2019", "by 4 Jan 2026" just before "4 Jan 2026", and
    "c. Mar 2020" just after "Mar 2020".
    """
    first, last = event_date.first, event_date.last
    width = (last - first).days if first is not None and last is not None else _OPEN_WIDTH
    whole = width
    if event_date.kind == "point" and event_date.mod is not None:
        low, high = value_range(event_date.value)
        whole = (high - low).days
    elif width == _OPEN_WIDTH:
        # Open dates on the same day: the wider known end first ("since 2026" before "since
        # Jan 2026", "by 2025" before "by 31 Dec 2025").
        low, high = value_range(event_date.value.strip("/"))
        whole = (high - low).days
    return event_date.anchor.toordinal(), -width, -whole, event_date.mod == "APPROX"


def filter_days(event_date: EventDate) -> tuple[date, date]:
    """The days a date filter matches the date on: the days it covers, where "since" runs on
    (what began in July 2019 is still so in 2024), while a "by" date is the period its end
    names ("by 2024" is known in 2024, "by 4 Jan 2026" on that day — not in every year before:
    nothing says when it began).
    """
    if event_date.first is None:
        assert event_date.last is not None
        return value_range(event_date.value[1:])[0], event_date.last
    return event_date.first, event_date.last if event_date.last is not None else date.max


def overlaps(event_date: EventDate, first: date | None, last: date | None) -> bool:
    """True when the date's `filter_days` meet the range first..last (None: no limit)."""
    low, high = filter_days(event_date)
    return (first is None or high >= first) and (last is None or low <= last)


def days_text(event_date: EventDate) -> str:
    """The ISO days covered: "2025-09-01 – 2025-12-31", "2019-07-01 – open", one day alone."""
    first, last = event_date.first, event_date.last
    if first is not None and first == last:
        return first.isoformat()
    low = first.isoformat() if first is not None else "open"
    high = last.isoformat() if last is not None else "open"
    return f"{low} – {high}"


def display(event_date: EventDate, lang: str = "en") -> str:
    """Say the date as a reader would, at its precision.

    Examples (en): "2025", "Jul 2019", "3 Nov 2025", "2024 H1", "early 2026", "c. Mar 2020",
    "2020–2025", "Apr 2025 – Apr 2028", "since Jul 2019", "by 4 Jan 2026"; (zh): "2025年",
    "2019年7月", "2025年11月3日", "2024年上半年", "2026年初", "約2020年3月", "2020至2025年",
    "2025年4月至2028年4月", "2019年7月起", "2026年1月4日或之前".
    """
    chinese = lang == "zh"
    value = event_date.value
    if "/" not in value:
        text = _point_zh(value, event_date.mod) if chinese else _point_en(value, event_date.mod)
    else:
        begin, _, finish = value.partition("/")
        if not finish:
            text = f"{_point_zh(begin)}起" if chinese else f"since {_point_en(begin)}"
        elif not begin:
            text = f"{_point_zh(finish)}或之前" if chinese else f"by {_point_en(finish)}"
        elif chinese and event_date.mod == "APPROX" and len(begin) == len(finish) == 4:
            text = f"{begin}年至{finish}年"  # 約2020至2025年 would read as 約2020 (people?)
        else:
            text = _interval_zh(begin, finish) if chinese else _interval_en(begin, finish)
    if event_date.mod == "APPROX":
        return f"約{text}" if chinese else f"c. {text}"
    return text


def display_compact(event_date: EventDate, lang: str = "en") -> str:
    """The date in few cells, for a column too narrow for `display`: an interval's ISO ends
    joined by a dash ("2025-04–2028-04", "2024-01-01–10-28", "2019-07–", "–2026-01-04"), a
    point as `display`."""
    if event_date.kind == "point":
        return display(event_date, lang)
    begin, _, finish = event_date.value.partition("/")
    if begin[:4] == finish[:4] and len(begin) >= 7 and len(finish) >= 7:
        finish = finish[5:]  # the year once: "2024-01-01–10-28"
    text = f"{begin}–{finish}"
    if event_date.mod == "APPROX":
        return f"約{text}" if lang == "zh" else f"c.{text}"
    return text


def _point_en(value: str, mod: str | None = None) -> str:
    year, rest = value[:4], value[5:]
    if not rest:
        text = year
    elif rest.startswith(("Q", "H")):
        text = f"{year} {rest}"
    elif len(rest) == 2:
        text = f"{_MONTHS_EN[int(rest) - 1]} {year}"
    else:
        text = f"{int(rest[3:])} {_MONTHS_EN[int(rest[:2]) - 1]} {year}"
    if mod in _MOD_EN:
        text = f"{_MOD_EN[mod]} {text}"
    return text


def _point_zh(value: str, mod: str | None = None) -> str:
    year, rest = value[:4], value[5:]
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
    if mod in _MOD_ZH:
        text += _MOD_ZH[mod]
    return text


def _interval_en(begin: str, finish: str) -> str:
    if len(begin) == len(finish) == 4:
        return f"{begin}–{finish}"
    same_year = begin[:4] == finish[:4]
    if same_year and len(begin) == len(finish) == 7 and begin[5].isdigit() == finish[5].isdigit():
        if begin[5].isdigit():
            return f"{_MONTHS_EN[int(begin[5:7]) - 1]} – {_point_en(finish)}"
        return f"{begin[:4]} {begin[5:]}–{finish[5:]}"
    if same_year and len(begin) == len(finish) == 10 and begin[:7] == finish[:7]:
        return f"{int(begin[8:])}–{_point_en(finish)}"
    if same_year and len(begin) == len(finish) == 10:
        return f"{_point_en(begin)[:-5]} – {_point_en(finish)}"
    return f"{_point_en(begin)} – {_point_en(finish)}"


def _interval_zh(begin: str, finish: str) -> str:
    if len(begin) == len(finish) == 4:
        return f"{begin}至{finish}年"
    same_year = begin[:4] == finish[:4]
    if same_year and len(begin) == len(finish) == 7 and begin[5].isdigit() and finish[5].isdigit():
        return f"{_point_zh(begin)}至{int(finish[5:7])}月"
    if same_year and len(begin) == len(finish) == 10 and begin[:7] == finish[:7]:
        return f"{_point_zh(begin)}至{int(finish[8:])}日"
    return f"{_point_zh(begin)}至{_point_zh(finish)}"


def thirds(value: str, mod: str | None) -> tuple[date, date]:
    """Return the days a point value covers once START/MID/END narrow it by thirds.

    The team's convention (issue 16): a year's thirds are Jan–Apr, May–Aug, Sep–Dec; a
    month's are days 1–10, 11–20 and 21 to its end; a quarter's are its three months and a
    half's its three pairs of months. A day, no mod or APPROX keeps the value's own days.

    Raises:
        TimelineError: the value is not a valid point.
    """
    first, last = value_range(value)
    if mod not in NARROWING_MODS or first == last:
        return first, last
    index = NARROWING_MODS.index(mod)
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
