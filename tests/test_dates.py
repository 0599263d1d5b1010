"""Date values: the days they cover, display at their precision, chronological order."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.dates import (
    covered,
    days_text,
    display,
    display_compact,
    overlaps,
    parse_event_date,
    sort_key,
    value_range,
)
from tui.core.errors import TimelineError


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2007", date(2007, 1, 1), date(2007, 12, 31)),
        ("2019-07", date(2019, 7, 1), date(2019, 7, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-11-03", date(2025, 11, 3), date(2025, 11, 3)),
        ("2021-Q3", date(2021, 7, 1), date(2021, 9, 30)),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
    ],
)
def test_value_range(value: str, first: date, last: date) -> None:
    assert value_range(value) == (first, last)


@pytest.mark.parametrize(
    "value", ["", "19", "2019-7", "2019-13", "2019-02-30", "2019-Q5", "2019-H3", "0000", "July"]
)
def test_bad_values_are_rejected(value: str) -> None:
    with pytest.raises(TimelineError, match="bad date"):
        value_range(value)


def test_bad_mod_is_rejected() -> None:
    with pytest.raises(TimelineError, match="bad mod 'LATE'"):
        parse_event_date("2025", "LATE")


@pytest.mark.parametrize(
    ("value", "mod", "en", "zh"),
    [
        ("2019-07", None, "Jul 2019", "2019年7月"),
        ("2024-H1", None, "2024 H1", "2024年上半年"),
        ("2026", "START", "early 2026", "2026年初"),
        ("2025", "MID", "mid 2025", "2025年中"),
        ("2024", "END", "late 2024", "2024年底"),
        ("2025-11-03", None, "3 Nov 2025", "2025年11月3日"),
        ("2021-Q3", None, "2021 Q3", "2021年第3季"),
        ("2007", None, "2007", "2007年"),
        ("2020-03", "APPROX", "c. Mar 2020", "約2020年3月"),
        ("2017", "APPROX", "c. 2017", "約2017年"),
        # Intervals (issue 16): each end at its own precision, shared parts said once.
        ("2020/2025", None, "2020–2025", "2020至2025年"),
        ("2025-04/2028-04", None, "Apr 2025 – Apr 2028", "2025年4月至2028年4月"),
        ("2017-08/2017-11", None, "Aug – Nov 2017", "2017年8月至11月"),
        ("2019-04-12/2019-04-19", None, "12–19 Apr 2019", "2019年4月12日至19日"),
        ("2021-Q1/2021-Q2", None, "2021 Q1–Q2", "2021年第1季至2021年第2季"),
        ("2024-10-28/2025", None, "28 Oct 2024 – 2025", "2024年10月28日至2025年"),
        ("2024-01-01/2024-10-28", None, "1 Jan – 28 Oct 2024", "2024年1月1日至2024年10月28日"),
        ("2019-07/", None, "since Jul 2019", "2019年7月起"),
        ("/2026-01-04", None, "by 4 Jan 2026", "2026年1月4日或之前"),
        ("/2032", None, "by 2032", "2032年或之前"),
        ("2020/2025", "APPROX", "c. 2020–2025", "約2020年至2025年"),
    ],
)
def test_display(value: str, mod: str | None, en: str, zh: str) -> None:
    event_date = parse_event_date(value, mod)
    assert display(event_date, "en") == en
    assert display(event_date, "zh") == zh


@pytest.mark.parametrize(
    ("value", "mod", "first", "last"),
    [
        # The one narrowing rule (thirds), used by sorting, filters, show and exports.
        ("2025", "START", date(2025, 1, 1), date(2025, 4, 30)),
        ("2025", "MID", date(2025, 5, 1), date(2025, 8, 31)),
        ("2025", "END", date(2025, 9, 1), date(2025, 12, 31)),
        ("2024-02", "END", date(2024, 2, 21), date(2024, 2, 29)),
        ("2024-02", "START", date(2024, 2, 1), date(2024, 2, 10)),
        ("2024-Q4", "MID", date(2024, 11, 1), date(2024, 11, 30)),
        ("2024-H2", "END", date(2024, 11, 1), date(2024, 12, 31)),
        ("2025-11-03", "END", date(2025, 11, 3), date(2025, 11, 3)),
        ("2020-03", "APPROX", date(2020, 3, 1), date(2020, 3, 31)),
        ("2020/2025", None, date(2020, 1, 1), date(2025, 12, 31)),
        ("2017-08/2017-11", "APPROX", date(2017, 8, 1), date(2017, 11, 30)),
        ("2019-07/", None, date(2019, 7, 1), None),
        ("/2026-01-04", None, None, date(2026, 1, 4)),
        ("2024-H2/2025-Q1", None, date(2024, 7, 1), date(2025, 3, 31)),
    ],
)
def test_covered_days(value: str, mod: str | None, first: date | None, last: date | None) -> None:
    assert covered(value, mod) == (first, last)
    event_date = parse_event_date(value, mod)
    assert (event_date.first, event_date.last) == (first, last)


@pytest.mark.parametrize(
    ("value", "mod", "message"),
    [
        ("/", None, "needs at least one end"),
        ("2020/2025/2030", None, "one '/'"),
        ("2025/2020", None, "first end is after the last"),
        ("2020/2020", None, "must start and finish before the last end"),
        ("2020-03/2020-03", None, "must start and finish before the last end"),
        ("2026/2026-01-01", None, "must start and finish before the last end"),
        ("2020-07/2020", None, "must start and finish before the last end"),
        ("2020-H2/2020-Q3", None, "must start and finish before the last end"),
        ("2020/", "APPROX", "APPROX' for the open interval"),
        ("2025-03/2025-02", None, "first end is after the last"),
        ("2020/2025-13", None, "its last end '2025-13'"),
        ("2020-02-30/", None, "its first end '2020-02-30'"),
        ("2020/2025", "END", "START, MID and END narrow a point"),
        ("2020 /2025", None, "bad date"),
        ("2025", "ABOUT", "bad mod 'ABOUT'"),
    ],
)
def test_bad_intervals_are_rejected(value: str, mod: str | None, message: str) -> None:
    with pytest.raises(TimelineError, match=message):
        parse_event_date(value, mod)


@pytest.mark.parametrize(
    ("value", "mod", "text"),
    [
        ("2025", "END", "2025-09-01 – 2025-12-31"),
        ("2025-11-03", None, "2025-11-03"),
        ("2019-07/", None, "2019-07-01 – open"),
        ("/2026-01-04", None, "open – 2026-01-04"),
    ],
)
def test_days_text(value: str, mod: str | None, text: str) -> None:
    assert days_text(parse_event_date(value, mod)) == text


@pytest.mark.parametrize(
    ("value", "low", "high", "meets"),
    [
        ("2019-07/", date(2024, 1, 1), date(2024, 12, 31), True),
        ("2019-07/", date(2010, 1, 1), date(2019, 6, 30), False),
        ("/2026-01-04", date(2026, 1, 5), None, False),
        # A "by" date is matched by the period its end names, not every year before it.
        ("/2026-01-04", None, date(2001, 1, 1), False),
        ("/2026-01-04", date(2026, 1, 4), date(2026, 1, 4), True),
        ("/2026-01-04", date(2025, 1, 1), date(2026, 1, 3), False),
        ("/2025", date(2025, 6, 1), date(2025, 6, 30), True),
        ("/2025", date(2024, 1, 1), date(2024, 12, 31), False),
        ("2020/2025", date(2025, 12, 31), None, True),
        ("2020/2025", date(2026, 1, 1), None, False),
    ],
)
def test_overlaps_with_open_sides(
    value: str, low: date | None, high: date | None, meets: bool
) -> None:
    assert overlaps(parse_event_date(value), low, high) is meets


def test_a_late_date_is_filtered_by_the_days_it_sorts_by() -> None:
    late = parse_event_date("2025", "END")
    assert not overlaps(late, date(2025, 1, 1), date(2025, 8, 31))
    assert overlaps(late, date(2025, 9, 1), date(2025, 9, 1))


def test_sort_order() -> None:
    values = [("2025", "END"), ("2025-10", None), ("2025", None), ("2025", "START"),
              ("2025-11-03", None), ("2025", "MID"), ("2024-H2", None), ("2025-09", None),
              ("2025-09/", None), ("/2025-09-01", None), ("2025-09/2025-12", None),
              ("2025-09", "APPROX"), ("2019-07/", None), ("2024/2026", None)]  # fmt: skip
    ordered = sorted(values, key=lambda pair: sort_key(parse_event_date(*pair)))
    assert ordered == [("2019-07/", None), ("2024/2026", None), ("2024-H2", None),
                       ("2025", None), ("2025", "START"), ("2025", "MID"),
                       ("2025-09/", None), ("/2025-09-01", None), ("2025", "END"),
                       ("2025-09/2025-12", None), ("2025-09", None), ("2025-09", "APPROX"),
                       ("2025-10", None), ("2025-11-03", None)]  # fmt: skip


_POINTS = st.one_of(
    st.integers(1, 9999).map(lambda year: f"{year:04d}"),
    st.tuples(st.integers(1, 9999), st.integers(0, 13)).map(lambda ym: f"{ym[0]:04d}-{ym[1]:02d}"),
    st.tuples(st.integers(1990, 2040), st.integers(1, 12), st.integers(0, 32)).map(
        lambda ymd: f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
    ),
    st.tuples(st.integers(1990, 2040), st.sampled_from("QH"), st.integers(0, 5)).map(
        lambda yqn: f"{yqn[0]:04d}-{yqn[1]}{yqn[2]}"
    ),
    st.just(""),
)


@given(
    st.one_of(_POINTS, st.tuples(_POINTS, _POINTS).map("/".join), st.text(max_size=12)),
    st.sampled_from([None, "START", "MID", "END", "APPROX", "LATE"]),
)
def test_any_value_is_a_date_or_a_clear_error(value: str, mod: str | None) -> None:
    try:
        event_date = parse_event_date(value, mod)
    except TimelineError as error:
        assert str(error).startswith(("bad date", "bad mod"))
        return
    assert event_date.first is not None or event_date.last is not None
    if event_date.first is not None and event_date.last is not None:
        assert event_date.first <= event_date.last
    assert display(event_date, "en") and display(event_date, "zh") and days_text(event_date)
    assert overlaps(event_date, None, None)
    sort_key(event_date)


@pytest.mark.parametrize(
    ("value", "compact"),
    [
        ("2024-01-01/2024-10-28", "2024-01-01–10-28"),
        ("2026-04/2027-03", "2026-04–2027-03"),
        ("2020/2025", "2020–2025"),
        ("2019-07/", "2019-07–"),
        ("/2026-01-04", "–2026-01-04"),
        ("2025-11-03", "3 Nov 2025"),
    ],
)
def test_the_compact_form_says_a_shared_year_once(value: str, compact: str) -> None:
    assert display_compact(parse_event_date(value)) == compact
