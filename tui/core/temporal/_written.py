"""Dates written out in full ("2020年5月23日", "On 8 March 2012", "In 2013"), read without the scan.

Most distinct date_texts of a corpus are days written out with their year, and the full
engine runs every rule of the package over each to find the one that matches. These few
shapes say their date whatever the published date, so they are read here directly; the
date_text cross-check of a cold load reads thousands of them.

Only the exact shapes below are read, and only where the full engine was checked to give the
same value and mod (tests/test_date_fast_path.py runs both): a year from 1900 to 2099 in
ASCII digits, a month and day without leading zeros (two digits in ISO), a day the month
has, single spaces, a month name in title case, and no cue but "on" before a day or "in"
before a month or year. Anything else (other digits, a day the month lacks, a part of a
year, a range, text around the date, a date without its year) is declined and goes to the
full engine.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, 1)}

_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_MONTH = r"(?P<month>[1-9]|1[0-2])"
_DAY = r"(?P<day>[1-9]|[12][0-9]|3[01])"
_NAME = rf"(?P<name>{'|'.join(_MONTHS)})"

PATTERNS = (
    # 2020年5月23日, 2020年5月, 2020年
    re.compile(rf"{_YEAR}年(?:{_MONTH}月(?:{_DAY}日)?)?"),
    # 23 May 2020, On 23 May 2020
    re.compile(rf"(?:[Oo]n )?{_DAY} {_NAME} {_YEAR}"),
    # May 23, 2020, On May 23, 2020
    re.compile(rf"(?:[Oo]n )?{_NAME} {_DAY}, {_YEAR}"),
    # May 2020, In May 2020
    re.compile(rf"(?:[Ii]n )?{_NAME} {_YEAR}"),
    # 2020, In 2020
    re.compile(rf"(?:[Ii]n )?{_YEAR}"),
    # 2020-05-23
    re.compile(rf"{_YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])"),
)
"""The shapes read here, each matched against the whole date_text."""


def read_written(text: str) -> tuple[str, None] | None:
    """The (value, mod) of a fully written absolute date, or None to leave it to the engine.

    Args:
        text: a date_text, exactly as the events file writes it.

    Returns:
        ("2020-05-23", None), ("2020-05", None) or ("2020", None) when `text` is one of the
        shapes read here and names a day that exists; None otherwise (not an answer: the
        full engine reads it).
    """
    for pattern in PATTERNS:
        found = pattern.fullmatch(text)
        if found is not None:
            break
    else:
        return None
    parts = found.groupdict()
    year = parts["year"]
    name = parts.get("name")
    month_number = parts.get("month")
    if name is not None:
        month = _MONTH_NUMBERS[name]
    elif month_number is not None:
        month = int(month_number)
    else:
        return year, None
    day = parts.get("day")
    if day is None:
        return f"{year}-{month:02d}", None
    try:
        written = date(int(year), month, int(day))
    except ValueError:
        return None
    return written.isoformat(), None
