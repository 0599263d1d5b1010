"""Month-name and numeric dates read by the engine's own rules give exactly what dateparser gave.

The engine once handed every month-name span ("3 November 2025", "Nov. 3, 2025", "3rd of
November", "In October") and every numeric date ("2026-01-04 06:37", "29/10/2024") to
dateparser. The reference functions below are that code, kept here verbatim, so every span
the patterns match can be read both ways and compared.
"""

from __future__ import annotations

import itertools
import random
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pytest
from dateparser.date import DateDataParser

from tui.core.temporal import _classic, extract, extract_all
from tui.core.temporal._base import _Candidate, _fold, _Scan
from tui.core.temporal._classic import (
    _DAY_CUES,
    _EN_BARE_MONTH,
    _EN_DAY_MONTH,
    _EN_MONTH_DAY,
    _EN_MONTH_YEAR,
    _MONTH_CUES,
    _MONTH_TRIGGER,
    _NUMERIC_DATE,
    _NUMERIC_TRIGGER,
    _WHICH,
    _cue_start,
    _month_number,
    _near,
    _safe_date,
    _timex,
    _word_before,
)

# --- the code that asked dateparser, as it was ---------------------------------------------


@lru_cache(maxsize=32)
def _parser(anchor: date | None, order: str, parts: tuple[str, ...]) -> DateDataParser:
    settings: dict[str, object] = {
        "PARSERS": ["absolute-time"],
        "DATE_ORDER": order,
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": False,
        "REQUIRE_PARTS": list(parts),
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=2048)
def _dateparser(
    span: str, anchor: date | None, order: str, parts: tuple[str, ...]
) -> tuple[date, str] | None:
    try:
        data = _parser(anchor, order, parts).get_date_data(span)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None or data.period is None:
        return None
    return data.date_obj.date(), data.period


def _dateparser_month_name_date(scan: _Scan, match: re.Match[str]) -> None:
    day = int(match["day"]) if match.groupdict().get("day") else None
    month = _month_number(match["month"], with_day=day is not None)
    if month is None:
        return
    if match["month"][0].islower() and _word_before(scan.text, match.start()) not in _DAY_CUES:
        return
    year = int(match["year"]) if match["year"] else None
    if day is not None and not 1 <= day <= 31 or year is not None and year < 1000:
        return
    anchor = None if year is not None else scan.anchor
    expected_year = year if year is not None else anchor.year if anchor is not None else None
    if expected_year is None:
        return
    parts = ("day", "month") if day is not None else ("month",)
    parsed = _dateparser(match.group(), anchor, "DMY", parts + (("year",) if year else ()))
    if parsed is None:
        return
    found, period = parsed
    if period != ("day" if day else "month") or (found.year, found.month) != (expected_year, month):
        return
    value = found.isoformat() if day else _timex(found.year, found.month)
    scan.add(match.start(), match.end(), value, None, "dateparser", relative=year is None)


def _dateparser_bare_months(scan: _Scan) -> None:
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _near(_EN_BARE_MONTH, _MONTH_TRIGGER, text, 2, 10, scan.lower):
        month = _month_number(match["month"])
        start = match.start()
        cue = _word_before(text, start)
        if month is None or not (cue in _MONTH_CUES or scan.whole and not text[:start].strip()):
            continue
        parsed = _dateparser(match["month"], anchor, "DMY", ("month",))
        if parsed is None or parsed[1] != "month" or parsed[0].month != month:
            continue
        year = parsed[0].year
        if cue in _WHICH:
            start = _cue_start(text, start, cue)
            if cue == "last" and month >= anchor.month:
                year -= 1
            elif cue == "next" and month <= anchor.month:
                year += 1
        scan.add(start, match.end(), _timex(year, month), None, "dateparser", relative=True)


# --- the spans ------------------------------------------------------------------------------

MONTH_TOKENS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb.", "Mar", "Apr.", "Jun", "Jul.", "Aug",
    "Sept.", "Sept", "Sep.", "Oct", "Nov.", "Dec", "NOVEMBER", "november", "nov.", "may",
    "sept", "mAY", "DEC.",
)  # fmt: skip
DAYS = ("1", "01", "3", "9", "10", "28", "29", "30", "31", "0", "00", "32", "99")
SUFFIXES = ("", "st", "nd", "rd", "th", "TH", "Rd")
YEARS = ("2025", "2024", "2000", "1900", "1000", "0999", "9999", "2100", "1582")
GAPS = (" ", "  ", "\u00a0", "\t", "\n", " \u2003")
LEADS = ("on", "by", "On", "In", "They", "since", "of", "until", "the", "")
ANCHORS = (
    date(2025, 11, 6),
    date(2024, 2, 29),
    date(2025, 1, 1),
    date(2023, 12, 31),
    date(2000, 6, 15),
    date(1999, 3, 1),
    date(1, 1, 1),
    date(9999, 12, 31),
)


def _spans(rng: random.Random, count: int) -> list[str]:
    """Sentences holding month-name dates in every form the patterns read, written first."""
    fixed = [
        "on 3 November 2025",
        "on November 3, 2025",
        "on Nov. 3, 2025",
        "on the 3rd of November 2025",
        "Monday, 3 November 2025",
        "on 3rd of November, 2025",
        "in November 2025",
        "In October 2023, the bank said",
        "late November 2025",
        "mid-November 2025",
        "early Sept. 2024",
        "in November",
        "In October",
        "last March",
        "next December",
        "since May",
        "by June 30",
        "on 29 February",
        "on 29 February 2024",
        "on 29 February 2025",
        "on 31 November",
        "on 31 April 2024",
        "on march 8",
        "they march 8 miles",
        "on Sept. 3rd, 2025",
        "on 3 Sept 2025",
        "November 3 2025",
        "3 November 2025 and 4 December",
        "from 2 to 6 September",
        "between August and November 2017",
        "HONG KONG, 4 January 2026",
        "Deadline: December 31, 9999.",
        "on May 1200",
        "the 2025 November plan",
        "November 3, 20251",
        "November 3 percent",
        "on 3 of November 2025",
    ]
    sentences = list(fixed)
    for _ in range(count):
        day = rng.choice(DAYS) + rng.choice(SUFFIXES)
        month = rng.choice(MONTH_TOKENS)
        year = rng.choice(YEARS)
        gap = rng.choice(GAPS)
        lead = rng.choice(LEADS)
        form = rng.randrange(6)
        if form == 0:
            span = f"{day}{gap}{month}{gap}{year}"
        elif form == 1:
            span = f"{day}{gap}of{gap}{month},{gap}{year}"
        elif form == 2:
            span = f"{month}{gap}{day},{gap}{year}"
        elif form == 3:
            span = f"{month}{gap}{day}"
        elif form == 4:
            span = f"{month}{rng.choice(('', ','))}{gap}{year}"
        else:
            span = f"{day}{gap}{month}"
        sentences.append(f"{lead} {span}".strip() + rng.choice(("", ".", " to", ", said")))
    return sentences


def _found(text: str, anchor: date | None, whole: bool, dateparser: bool) -> list[_Candidate]:
    scan = _Scan(_fold(text), anchor, whole)
    add = _dateparser_month_name_date if dateparser else _classic._add_month_name_date
    for pattern in (_EN_DAY_MONTH, _EN_MONTH_DAY, _EN_MONTH_YEAR):
        for match in _near(pattern, _MONTH_TRIGGER, scan.text, 12, 24, scan.lower):
            add(scan, match)
    (_dateparser_bare_months if dateparser else _classic._scan_en_bare_months)(scan)
    return scan.found


SENTENCES = _spans(random.Random(20), 1500)


@pytest.mark.parametrize("anchor", [*ANCHORS, None], ids=str)
def test_month_name_spans_read_as_dateparser_read_them(anchor: date | None) -> None:
    differences = []
    for text, whole in itertools.product(SENTENCES, (False, True)):
        own = _found(text, anchor, whole, dateparser=False)
        asked = _found(text, anchor, whole, dateparser=True)
        if own != asked:
            differences.append((text, whole, own, asked))
    assert differences == []


def test_the_spans_cover_every_outcome() -> None:
    """The table reaches days, months, relative spans and refusals, so the comparison bites."""
    anchor = date(2025, 11, 6)
    found = [c for text in SENTENCES for c in _found(text, anchor, False, dateparser=False)]
    assert any(c.value.count("-") == 2 and not c.relative for c in found)
    assert any(c.value.count("-") == 2 and c.relative for c in found)
    assert any(c.value.count("-") == 1 and not c.relative for c in found)
    assert any(c.value.count("-") == 1 and c.relative for c in found)
    refused = [t for t in SENTENCES if not _found(t, anchor, False, dateparser=False)]
    assert "on 31 November" in refused and "on 29 February" in refused


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("on 3 November 2025", date(2025, 11, 6), [("2025-11-03", None)]),
        ("on November 3, 2025", date(2020, 1, 1), [("2025-11-03", None)]),
        ("on Nov. 3, 2025", None, [("2025-11-03", None)]),
        ("on the 3rd of November 2025", None, [("2025-11-03", None)]),
        ("Monday, 3 November 2025", None, [("2025-11-03", None)]),
        ("on 3 November", date(2025, 11, 6), [("2025-11-03", None)]),
        ("on 3 November", None, []),
        ("in November 2025", None, [("2025-11", None)]),
        ("in November", date(2025, 11, 6), [("2025-11", None)]),
        ("last November", date(2025, 11, 6), [("2024-11", None)]),
        ("next November", date(2025, 11, 6), [("2026-11", None)]),
        ("late November 2025", None, [("2025-11", "END")]),
        ("on 29 February", date(2024, 3, 1), [("2024-02-29", None)]),
        ("on 29 February", date(2025, 3, 1), []),
        ("on 31 November 2025", None, [("2025-11", None)]),
        ("on 31 November", date(2025, 11, 6), []),
    ],
)
def test_month_name_dates(
    text: str, anchor: date | None, expected: list[tuple[str, str | None]]
) -> None:
    assert [(m.value, m.mod) for m in extract_all(text, anchor)] == expected


def _dateparser_numeric_dates(scan: _Scan) -> None:
    for match in _near(_NUMERIC_DATE, _NUMERIC_TRIGGER, scan.text, 12, 20):
        if match["year"]:
            year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
            order = "YMD"
        else:
            year, month = int(match["dmy_year"]), int(match["dmy_month"])
            day, order = int(match["dmy_day"]), "DMY"
        if year < 1000 or not 1 <= month <= 12 or not 1 <= day <= 31:
            continue
        parsed = _dateparser(match.group(), None, order, ("day", "month", "year"))
        if parsed is None or parsed[0] != _safe_date(year, month, day):
            continue
        scan.add(match.start(), match.end(), parsed[0].isoformat(), None, "dateparser")


def _numeric_spans(rng: random.Random, count: int) -> list[str]:
    fixed = [
        "2026-01-04 06:37",
        "2026-01-04 24:00",
        "2026-01-04 23:60",
        "2026-01-04 23:59:59",
        "2026-01-04 23:59:60",
        "2026-01-04T06:37",
        "2024/10/29",
        "2024.10.29",
        "29/10/2024",
        "31/04/2024",
        "29/02/2023",
        "29/02/2024",
        "10/31/1974",
        "0999-01-01",
        "2024-13-01",
        "2024-00-10",
        "2024-1-32",
        "v2.2024.10.29",
        "2024-10-29-1",
    ]
    spans = list(fixed)
    for _ in range(count):
        year = rng.choice(("2024", "2023", "2000", "1900", "1000", "0999", "9999", "1582"))
        month = rng.choice(("0", "00", "1", "01", "2", "02", "9", "12", "13", "99"))
        day = rng.choice(("0", "1", "01", "9", "28", "29", "30", "31", "32", "99"))
        if rng.random() < 0.5:
            sep = rng.choice("-/.")
            span = f"{year}{sep}{month}{sep}{day}"
            if rng.random() < 0.5:
                hour = rng.choice(("0", "00", "9", "09", "12", "23", "24", "25", "99"))
                minute = rng.choice(("00", "07", "59", "60", "99"))
                second = rng.choice(("", ":00", ":59", ":60", ":99"))
                span += f"{rng.choice('T ')}{hour}:{minute}{second}"
        else:
            span = f"{day}/{month}/{year}"
        spans.append(
            rng.choice(("", "on ", "截至", "(")) + span + rng.choice(("", ".", "。", " 10:00"))
        )
    return spans


NUMERIC = _numeric_spans(random.Random(20), 3000)


def _numeric_found(text: str, dateparser: bool) -> list[_Candidate]:
    scan = _Scan(_fold(text), None, False)
    (_dateparser_numeric_dates if dateparser else _classic._scan_numeric_dates)(scan)
    return scan.found


def test_numeric_dates_read_as_dateparser_read_them() -> None:
    differences = [
        (text, _numeric_found(text, False), _numeric_found(text, True))
        for text in NUMERIC
        if _numeric_found(text, False) != _numeric_found(text, True)
    ]
    assert differences == []
    found = [c for text in NUMERIC for c in _numeric_found(text, False)]
    refused = [text for text in NUMERIC if not _numeric_found(text, False)]
    assert len(found) > 300 and len(refused) > 300
    assert "2026-01-04 24:00" in refused and "31/04/2024" in refused


def test_the_engine_never_asks_dateparser() -> None:
    code = "".join(
        path.read_text(encoding="utf-8") for path in Path(_classic.__file__).parent.glob("*.py")
    )
    assert "import dateparser" not in code and "from dateparser" not in code
    text = "On 3 November 2025, in October, by Nov. 3, 2025, 2026-01-04 06:37 and 29/10/2024"
    assert len(extract(text, date(2025, 11, 6))) == 5
