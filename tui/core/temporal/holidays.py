"""Holidays and lunar dates for the date engine, through the lunar-python library.

The Chinese calendar is never tabulated here: lunar-python (6tail, MIT) converts lunar
dates and finds the solar term 清明. It was chosen by measurement against lunardate,
LunarCalendar and cnlunar: right on the known days (Mid-Autumn 2024 = 2024-09-17, Lunar New
Year 2025 = 2025-01-29, 清明 on Apr 4 or 5), the only one that also gives solar terms, valid
beyond 1900–2099, MIT-licensed, released in 2025. It is imported on the first lunar date a
text names, never when the app starts, and its answers are remembered.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

__all__ = ["lunar_month_days", "lunar_to_solar", "qingming"]


@lru_cache(maxsize=1024)
def lunar_to_solar(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a lunar date (month 1 = 正月) in lunar year `year`, or None."""
    if not 1000 <= year <= 2999:
        return None
    from lunar_python import Lunar, LunarMonth

    try:
        # The library rolls a day past the month's end into the next month: refuse it.
        if not 1 <= day <= int(LunarMonth.fromYm(year, month).getDayCount()):
            return None
        solar = Lunar.fromYmd(year, month, day).getSolar()
    except Exception:  # it raises bare Exceptions for months and years it lacks
        return None
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=256)
def lunar_month_days(year: int, month: int) -> tuple[date, date] | None:
    """First and last Gregorian day of lunar month `month` of lunar year `year`, or None."""
    first = lunar_to_solar(year, month, 1)
    if first is None:
        return None
    from lunar_python import LunarMonth

    try:
        length = int(LunarMonth.fromYm(year, month).getDayCount())
    except Exception:
        return None
    last = lunar_to_solar(year, month, length)
    return (first, last) if last is not None else None


@lru_cache(maxsize=256)
def qingming(year: int) -> date | None:
    """The day of the solar term 清明 (Apr 4 or 5) in `year`, or None out of range."""
    if not 1000 <= year <= 2999:
        return None
    from lunar_python import Lunar

    try:
        solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    except Exception:
        return None
    return date(solar.getYear(), solar.getMonth(), solar.getDay())
