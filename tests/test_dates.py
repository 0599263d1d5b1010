"""Date values: the days they cover, display at their precision, chronological order."""

from __future__ import annotations

from datetime import date

import pytest

from tui.dates import display, narrowed, parse_event_date, sort_key, value_range
from tui.errors import TimelineError


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
        ("2019-07", None, "2019-07", "2019年7月"),
        ("2024-H1", None, "2024 H1", "2024年上半年"),
        ("2026", "START", "early 2026", "2026年初"),
        ("2025", "MID", "mid 2025", "2025年中"),
        ("2024", "END", "late 2024", "2024年底"),
        ("2025-11-03", None, "3 Nov 2025", "2025年11月3日"),
        ("2021-Q3", None, "2021 Q3", "2021年第3季"),
        ("2007", None, "2007", "2007年"),
    ],
)
def test_display(value: str, mod: str | None, en: str, zh: str) -> None:
    event_date = parse_event_date(value, mod)
    assert display(event_date, "en") == en
    assert display(event_date, "zh") == zh


def test_mods_split_the_span_in_thirds() -> None:
    assert narrowed(parse_event_date("2025", "START"))[1] <= date(2025, 5, 1)
    assert date(2025, 5, 1) < narrowed(parse_event_date("2025", "MID"))[0] < date(2025, 7, 1)
    assert narrowed(parse_event_date("2025", "END"))[0] > date(2025, 8, 1)


def test_sort_order() -> None:
    values = [("2025", "END"), ("2025-10", None), ("2025", None), ("2025", "START"),
              ("2025-11-03", None), ("2025", "MID"), ("2024-H2", None)]
    ordered = sorted(values, key=lambda pair: sort_key(parse_event_date(*pair)))
    assert ordered == [("2024-H2", None), ("2025", None), ("2025", "START"), ("2025", "MID"),
                       ("2025", "END"), ("2025-10", None), ("2025-11-03", None)]
