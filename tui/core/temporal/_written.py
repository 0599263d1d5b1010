"""Dates written out in full ("2020年5月23日", "On 8 March 2012", "late 2024"), read directly.

Most distinct date_texts of a corpus are dates written out with their year, and the full
engine runs every rule of the package over each to find the one that matches. The shapes
here say their date whatever the published date, so they are read directly; the date_text
cross-check of a cold load reads thousands of them.

Only the exact shapes below are read, and only where the full engine was checked to give the
same value and mod (tests/test_date_fast_path.py runs both): a year from 1900 to 2099 in
ASCII digits; a month and day without leading zeros (two digits in ISO) and a day the month
has; single spaces; a month name in title case; "on" before a day, "in" before a month, a
year, a quarter or a half; 初/中/底 and early/mid-/late/"at the end of" for a part of a year or
month; 上半年/下半年, 第一季 to 第四季, Q1-Q4, H1-H2 and "the first ... quarter/half of".
Anything else (other digits or words, a day the month lacks, a range, text around the date,
a date without its year) is declined and goes to the full engine.
"""

from __future__ import annotations

import re
from datetime import date

from tui.core.dates import MONTH_NAMES

_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_NAMES, 1)}

_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_MONTH = r"(?P<month>[1-9]|1[0-2])"
_DAY = r"(?P<day>[1-9]|[12][0-9]|3[01])"
_NAME = rf"(?P<name>{'|'.join(MONTH_NAMES)})"
_PART = "(?P<part>Early |early |Mid-|mid-|Late |late )"

_PARTS = {
    "初": "START",
    "中": "MID",
    "底": "END",
    "Early ": "START",
    "early ": "START",
    "Mid-": "MID",
    "mid-": "MID",
    "Late ": "END",
    "late ": "END",
    "At the end of ": "END",
    "at the end of ": "END",
}
"""The mod each word for a part of a year or month says."""
_ORDINALS = {
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "上": 1,
    "下": 2,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
}
"""Which quarter or half each word names."""

PATTERNS = (
    # 2020年5月23日, 2020年5月, 2020年
    re.compile(rf"{_YEAR}年(?:{_MONTH}月(?:{_DAY}日)?)?"),
    # 2024年初, 2024年5月底
    re.compile(rf"{_YEAR}年(?:{_MONTH}月)?(?P<part>初|中|底)"),
    # 2024年上半年, 2024年第三季
    re.compile(rf"{_YEAR}年(?:(?P<half>上|下)半年|第(?P<quarter>一|二|三|四)季)"),
    # 23 May 2020, On 23 May 2020
    re.compile(rf"(?:[Oo]n )?{_DAY} {_NAME} {_YEAR}"),
    # May 23, 2020, On May 23, 2020
    re.compile(rf"(?:[Oo]n )?{_NAME} {_DAY}, {_YEAR}"),
    # May 2020, In May 2020
    re.compile(rf"(?:[Ii]n )?{_NAME} {_YEAR}"),
    # early May 2024, Mid-May 2024
    re.compile(rf"{_PART}{_NAME} {_YEAR}"),
    # 2020, In 2020
    re.compile(rf"(?:[Ii]n )?{_YEAR}"),
    # early 2024, Mid-2024, at the end of 2024
    re.compile(
        rf"(?P<part>Early |early |Mid-|mid-|Late |late |At the end of |at the end of ){_YEAR}"
    ),
    # in Q3 2024, In H1 2024
    re.compile(rf"[Ii]n (?:Q(?P<quarter>[1-4])|H(?P<half>[12])) {_YEAR}"),
    # in the third quarter of 2024, In the first half of 2024
    re.compile(
        rf"[Ii]n the (?:(?P<quarter>first|second|third|fourth) quarter"
        rf"|(?P<half>first|second) half) of {_YEAR}"
    ),
    # 2020-05-23
    re.compile(rf"{_YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])"),
)
"""The shapes read here, each matched against the whole date_text."""


def read_written(text: str) -> tuple[str, str | None] | None:
    """The (value, mod) of a fully written absolute date, or None to leave it to the engine.

    Args:
        text: a date_text, exactly as the events file writes it.

    Returns:
        ("2020-05-23", None), ("2024-05", "END"), ("2024-Q3", None) and the like when `text`
        is one of the shapes read here and names a day that exists; None otherwise (not an
        answer: the full engine reads it).
    """
    for pattern in PATTERNS:
        found = pattern.fullmatch(text)
        if found is not None:
            break
    else:
        return None
    parts = found.groupdict()
    year = parts["year"]
    part = parts.get("part")
    mod = None if part is None else _PARTS[part]
    quarter = parts.get("quarter")
    if quarter is not None:
        return f"{year}-Q{_ORDINALS[quarter]}", None
    half = parts.get("half")
    if half is not None:
        return f"{year}-H{_ORDINALS[half]}", None
    name = parts.get("name")
    month_number = parts.get("month")
    if name is not None:
        month = _MONTH_NUMBERS[name]
    elif month_number is not None:
        month = int(month_number)
    else:
        return year, mod
    day = parts.get("day")
    if day is None:
        return f"{year}-{month:02d}", mod
    try:
        written = date(int(year), month, int(day))
    except ValueError:
        return None
    return written.isoformat(), None


_THIS_YEAR = re.compile(rf"(?P<which>今年|去年|明年){_MONTH}月(?:{_DAY}日|(?P<part>初|中|底))?")
"""今年5月23日, 去年10月, 明年3月底: a month (and a day or a part of it) of a year named
from the published year's."""
_YEARS_FROM = {"今年": 0, "去年": -1, "明年": 1}


def read_this_year(text: str, published: date) -> tuple[str, str | None] | None:
    """The (value, mod) of a month or day of this, last or next year, or None to leave it
    to the engine.

    Reads only the published date's year, and only when `text` is one of these shapes
    (tests/test_date_relative_fast_path.py checks the full engine gives the same answer):
    今年, 去年 or 明年, a month without a leading zero, then nothing, a day the month has
    that year, or 初/中/底; the year it names from 1900 to 2099.

    Args:
        text: a date_text, exactly as the events file writes it.
        published: the published date of its article (an `Anchor` counts what is read).
    """
    found = _THIS_YEAR.fullmatch(text)
    if found is None:
        return None
    year = published.year + _YEARS_FROM[found["which"]]
    if not 1900 <= year <= 2099:
        return None
    month, day, part = int(found["month"]), found["day"], found["part"]
    if day is None:
        return f"{year}-{month:02d}", None if part is None else _PARTS[part]
    try:
        return date(year, month, int(day)).isoformat(), None
    except ValueError:
        return None
