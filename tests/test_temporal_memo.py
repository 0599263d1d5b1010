"""The date_text memo: what each reading used of the date, and answers equal to fresh readings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tui.core.temporal import extract, extract_all, resolve_date_text
from tui.core.temporal._anchor import Anchor, Use
from tui.core.temporal._memo import AnchoredMemo

GOLD = Path(__file__).parent / "data" / "temporal_gold"
D = date(2025, 11, 6)


@pytest.mark.parametrize(
    ("read", "use"),
    [
        (lambda a: None, Use.NOTHING),
        (lambda a: a is None, Use.NOTHING),
        (lambda a: isinstance(a, date), Use.NOTHING),
        (lambda a: a.year, Use.YEAR),
        (lambda a: a.year + 1, Use.YEAR),
        (lambda a: a.month, Use.MONTH),
        (lambda a: (a.month, a.year), Use.MONTH),
        (lambda a: a.day, Use.DATE),
        (lambda a: a.weekday(), Use.DATE),
        (lambda a: a.isoformat(), Use.DATE),
        (lambda a: a.toordinal(), Use.DATE),
        (lambda a: a.replace(day=1), Use.DATE),
        (lambda a: a + timedelta(days=1), Use.DATE),
        (lambda a: timedelta(days=1) + a, Use.DATE),
        (lambda a: a - timedelta(days=1), Use.DATE),
        (lambda a: date(2000, 1, 1) - a, Use.DATE),
        (lambda a: a - date(2000, 1, 1), Use.DATE),
        (lambda a: a < date(2030, 1, 1), Use.DATE),
        (lambda a: date(2000, 1, 1) < a, Use.DATE),
        (lambda a: date(2000, 1, 1) <= a <= date(2030, 1, 1), Use.DATE),
        (lambda a: a == D, Use.DATE),
        (lambda a: D == a, Use.DATE),
        (lambda a: D != a, Use.DATE),
        (lambda a: hash(a), Use.DATE),
        (lambda a: {a: 1}, Use.DATE),
        (lambda a: str(a), Use.DATE),
        (lambda a: f"{a}", Use.DATE),
        (lambda a: f"{a:%Y}", Use.DATE),
        (lambda a: repr(a), Use.DATE),
        (lambda a: max(a, date(2000, 1, 1)), Use.DATE),
    ],
)
def test_an_anchor_counts_what_is_read(read: Callable[[date], Any], use: Use) -> None:
    anchor = Anchor(D)
    read(anchor)
    assert anchor.use is use


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        (lambda a: a.year, 2025),
        (lambda a: (a.month, a.day), (11, 6)),
        (lambda a: a + timedelta(days=30), date(2025, 12, 6)),
        (lambda a: timedelta(days=-6) + a, date(2025, 10, 31)),
        (lambda a: a - date(2025, 11, 1), timedelta(days=5)),
        (lambda a: date(2025, 11, 8) - a, timedelta(days=2)),
        (lambda a: a.weekday(), 3),
        (lambda a: a == D and D == a and not a != D, True),
        (lambda a: date(2025, 11, 5) < a < date(2025, 11, 7), True),
        (lambda a: hash(a) == hash(D), True),
        (lambda a: f"{a}", "2025-11-06"),
    ],
)
def test_an_anchor_behaves_as_its_date(read: Callable[[date], Any], expected: object) -> None:
    assert read(Anchor(D)) == expected


@pytest.mark.parametrize(
    ("text", "use"),
    [
        ("2019年7月", Use.NOTHING),
        ("2019年7月3日", Use.NOTHING),
        ("on 3 November 2025", Use.NOTHING),
        ("November 3, 2025", Use.NOTHING),
        ("in the first half of 2024", Use.NOTHING),
        ("2020至2025年", Use.NOTHING),
        ("late 2019", Use.NOTHING),
        ("今年5月", Use.YEAR),
        ("明年年中", Use.YEAR),
        ("in October", Use.YEAR),
        ("next year", Use.YEAR),
        ("on 3 November", Use.YEAR),
        ("下月", Use.MONTH),
        ("昨日", Use.DATE),
        ("last Friday", Use.DATE),
        ("上週", Use.DATE),
    ],
)
def test_a_reading_uses_only_what_its_words_need(text: str, use: Use) -> None:
    anchor = Anchor(D)
    extract_all(text, anchor)
    assert anchor.use is use


def _texts() -> list[str]:
    """The gold table's sentences and their date expressions, as date_texts."""
    texts = []
    for name in ("zh_hant.tsv", "zh_hans.tsv", "en.tsv", "traps.tsv"):
        for line in (GOLD / name).read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split("\t")
            if len(fields) > 2:
                texts.append(fields[1])
                if fields[2]:
                    texts.append(fields[2])
    return texts


# Dates sharing a year, a month, or neither, and days where weeks and months turn.
PUBLISHED = (
    date(2024, 2, 29),
    date(2024, 2, 1),
    date(2024, 12, 31),
    date(2024, 1, 1),
    date(2025, 1, 1),
    date(2025, 6, 15),
    date(2025, 6, 16),
    date(2025, 11, 6),
    date(2023, 3, 5),
    date(2019, 7, 1),
)


def _fresh(text: str, published: date, points: bool) -> tuple[str, str | None] | None:
    mentions = (extract if points else extract_all)(text, published)
    return (mentions[0].value, mentions[0].mod) if len(mentions) == 1 else None


@pytest.mark.parametrize("points", [False, True])
def test_remembered_answers_equal_fresh_readings(points: bool) -> None:
    def read(text: str, option: object, anchor: date) -> tuple[str, str | None] | None:
        return _fresh(text, anchor, bool(option))

    memo = AnchoredMemo(read, limit=1 << 16)
    texts = _texts()
    wrong = [
        (text, published)
        for published in PUBLISHED
        for text in texts
        if memo(text, points, published) != _fresh(text, published, points)
    ]
    assert wrong == []
    assert memo.hits > memo.misses / 2  # the comparison ran against remembered answers


def test_answers_are_shared_as_far_as_they_may_be() -> None:
    memo = AnchoredMemo(lambda text, option, anchor: _fresh(text, anchor, False), limit=100)
    assert memo("2019年7月", False, date(2024, 1, 1)) == ("2019-07", None)
    assert memo("2019年7月", False, date(1999, 5, 5)) == ("2019-07", None)
    assert memo("今年5月", False, date(2024, 1, 1)) == ("2024-05", None)
    assert memo("今年5月", False, date(2024, 12, 31)) == ("2024-05", None)
    assert (memo.hits, memo.misses) == (2, 2)
    assert memo("今年5月", False, date(2025, 1, 1)) == ("2025-05", None)
    assert memo("下月", False, date(2024, 1, 1)) == ("2024-02", None)
    assert memo("下月", False, date(2024, 1, 31)) == ("2024-02", None)
    assert memo("下月", False, date(2024, 2, 1)) == ("2024-03", None)
    assert memo("昨日", False, date(2024, 2, 1)) == ("2024-01-31", None)
    assert memo("昨日", False, date(2024, 2, 2)) == ("2024-02-01", None)
    assert (memo.hits, memo.misses) == (3, 7)


def test_the_option_is_part_of_the_key() -> None:
    published = date(2025, 11, 6)
    assert resolve_date_text("截至2024年", published) == ("/2024", None)
    assert resolve_date_text("截至2024年", published, points=True) == ("2024", None)


def test_past_its_limit_the_memo_forgets_and_stays_right() -> None:
    memo = AnchoredMemo(lambda text, option, anchor: _fresh(text, anchor, False), limit=2)
    for year in range(2000, 2010):
        assert memo(f"{year}年", False, date(2024, 1, 1)) == (str(year), None)
    assert memo("2000年", False, date(2024, 1, 1)) == ("2000", None)
