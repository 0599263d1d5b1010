"""The fast path for year-relative Chinese dates answers only what the full engine answers.

`read_this_year` reads "今年5月23日", "去年10月", "明年3月底" and the like against the published
year, without the scan; every answer must be the full engine's (value and mod) for the same
words against the same published date, for both readings, and must depend on nothing but
the published year (the memo keeps it by year).
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from tests.conftest import near_misses
from tui.core.temporal import _engine_reading, resolve_date_text
from tui.core.temporal._anchor import Anchor, Use
from tui.core.temporal._written import read_this_year

DECLINES = None

PUBLISHED = (
    date(1901, 1, 1),
    date(1990, 7, 15),
    date(2020, 1, 1),
    date(2020, 12, 31),
    date(2024, 2, 29),
    date(2031, 6, 30),
    date(2098, 12, 31),
)


def _assert_agrees(text: str, published: tuple[date, ...] = PUBLISHED) -> None:
    for day, points in itertools.product(published, (False, True)):
        anchor = Anchor(day)
        answer = read_this_year(text, anchor)
        if answer is DECLINES:
            continue
        assert anchor.use <= Use.YEAR, text
        assert _engine_reading(text, points, Anchor(day)) == answer, (text, day, points)


# Written before the rule: what the fast path must do with these words.
CASES: list[tuple[str, date, tuple[str, str | None] | None]] = [
    ("今年5月23日", date(2020, 3, 1), ("2020-05-23", None)),
    ("去年5月23日", date(2020, 3, 1), ("2019-05-23", None)),
    ("明年5月23日", date(2020, 3, 1), ("2021-05-23", None)),
    ("今年10月", date(2020, 3, 1), ("2020-10", None)),
    ("去年1月", date(2020, 12, 31), ("2019-01", None)),
    ("明年12月", date(2020, 1, 1), ("2021-12", None)),
    ("今年5月初", date(2020, 3, 1), ("2020-05", "START")),
    ("去年5月中", date(2020, 3, 1), ("2019-05", "MID")),
    ("明年5月底", date(2020, 3, 1), ("2021-05", "END")),
    ("今年2月29日", date(2024, 6, 1), ("2024-02-29", None)),
    # A day the month lacks that year: the engine's call.
    ("今年2月29日", date(2023, 6, 1), DECLINES),
    ("明年2月29日", date(2024, 6, 1), DECLINES),
    ("今年4月31日", date(2020, 6, 1), DECLINES),
    # Not these shapes: other words, digits, padding, text around.
    ("今年05月23日", date(2020, 6, 1), DECLINES),
    ("今年５月", date(2020, 6, 1), DECLINES),
    ("今年五月", date(2020, 6, 1), DECLINES),
    ("今年13月", date(2020, 6, 1), DECLINES),
    ("今年0月", date(2020, 6, 1), DECLINES),
    ("今年5月32日", date(2020, 6, 1), DECLINES),
    ("前年5月", date(2020, 6, 1), DECLINES),
    ("後年5月", date(2020, 6, 1), DECLINES),
    ("本年5月", date(2020, 6, 1), DECLINES),
    ("今年5月23日起", date(2020, 6, 1), DECLINES),
    ("於今年5月", date(2020, 6, 1), DECLINES),
    ("今年 5月", date(2020, 6, 1), DECLINES),
    ("今年5月下旬", date(2020, 6, 1), DECLINES),
    ("今年5月中旬", date(2020, 6, 1), DECLINES),
    ("今年5月23日至25日", date(2020, 6, 1), DECLINES),
    ("今年", date(2020, 6, 1), DECLINES),
    ("今年年中", date(2020, 6, 1), DECLINES),
    ("今年上半年", date(2020, 6, 1), DECLINES),
    ("今年第一季", date(2020, 6, 1), DECLINES),
    ("this year", date(2020, 6, 1), DECLINES),
    ("In May", date(2020, 6, 1), DECLINES),
    # The published year outside the years the rule was checked on.
    ("明年5月", date(2099, 6, 1), DECLINES),
    ("去年5月", date(1900, 6, 1), DECLINES),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_the_fast_path_answers_or_declines_as_written(
    text: str, published: date, expected: tuple[str, str | None] | None
) -> None:
    assert read_this_year(text, Anchor(published)) == expected
    _assert_agrees(text, (published,))


@pytest.mark.parametrize("word", ["今年", "去年", "明年"])
@pytest.mark.parametrize(
    "ending", ["{month}月{day}日", "{month}月", "{month}月初", "{month}月中", "{month}月底"]
)
def test_every_month_and_edge_day_agrees(word: str, ending: str) -> None:
    for month, day in itertools.product(range(1, 13), (1, 9, 10, 28, 29, 30, 31)):
        _assert_agrees(word + ending.format(month=month, day=day))


def test_random_near_misses_agree() -> None:
    alphabet = "0123456789 年月日中底初末旬上下半季第一二今去明前後本１２"
    seeds = [text for text, _published, expected in CASES if expected is not DECLINES]
    for text in near_misses(seeds, alphabet, 1500, seed=21):
        _assert_agrees(text, (date(2020, 6, 1), date(2024, 2, 29)))


def test_resolve_date_text_gives_the_fast_paths_answer_by_the_published_year() -> None:
    assert resolve_date_text("去年5月23日", date(2020, 3, 1)) == ("2019-05-23", None)
    assert resolve_date_text("去年5月23日", date(2021, 11, 30)) == ("2020-05-23", None)
    assert resolve_date_text("明年2月29日", date(2023, 1, 1)) == ("2024-02-29", None)
