"""The engine against the independent gold table (tests/data/temporal_gold), as a ratchet.

Each dated row passes when a mention overlapping its surface has the row's value, mod and
first/last days; a trap passes when nothing at all is found. Rows the engine does not read
yet are listed in known_misses.tsv: an unlisted row that fails, or a listed row that passes,
fails the test, so the list only shrinks and always says where the engine stands.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.temporal import Mention, extract, extract_all

GOLD = Path(__file__).parent / "data" / "temporal_gold"
FILES = ("zh_hant.tsv", "zh_hans.tsv", "en.tsv", "traps.tsv")


@dataclass(frozen=True)
class Row:
    """One gold row."""

    file: str
    """Its file's name."""
    line: int
    """Its line number in the file (the header is line 1)."""
    doc_date: date
    """The document date the sentence is read against."""
    sentence: str
    """The sentence."""
    surface: str
    """The date expression in it; empty for a trap."""
    value: str
    """Expected TIMEX value."""
    mod: str
    """Expected mod, or empty."""
    first: str
    """Expected first day (ISO), empty when open."""
    last: str
    """Expected last day (ISO), empty when open."""
    category: str
    """The row's category."""


def rows() -> Iterator[Row]:
    for name in FILES:
        lines = (GOLD / name).read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines[1:], start=2):
            if line:
                doc, sentence, surface, value, mod, first, last, category = line.split("\t")
                yield Row(name, number, date.fromisoformat(doc), sentence, surface, value, mod,
                          first, last, category)  # fmt: skip


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def passes(row: Row, mentions: list[Mention]) -> bool:
    """Whether the engine's mentions read the row as the gold table does."""
    if row.category == "trap":
        return not mentions
    start = row.sentence.index(row.surface)
    end = start + len(row.surface)
    expected = (row.value, row.mod, row.first, row.last)
    return any(
        mention.start < end
        and start < mention.end
        and (mention.value, mention.mod or "", _iso(mention.first), _iso(mention.last)) == expected
        for mention in mentions
    )


def known_misses() -> dict[tuple[str, int], str]:
    misses = {}
    for line in (GOLD / "known_misses.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line:
            name, number, reason = line.split("\t", 2)
            misses[name, int(number)] = reason
    return misses


ALL_ROWS = list(rows())


def test_the_gold_table_is_consistent() -> None:
    spec = importlib.util.spec_from_file_location("check_gold", GOLD / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    errors, _ = module.check()
    assert errors == []


def test_the_ratchet_holds() -> None:
    misses = known_misses()
    newly_failing, newly_passing = [], []
    for row in ALL_ROWS:
        ok = passes(row, extract_all(row.sentence, row.doc_date))
        listed = (row.file, row.line) in misses
        if not ok and not listed:
            newly_failing.append(f"{row.file}:{row.line} {row.surface or row.sentence}")
        if ok and listed:
            newly_passing.append(f"{row.file}:{row.line} (remove from known_misses.tsv)")
    assert newly_failing == [] and newly_passing == []


def test_known_misses_name_real_rows() -> None:
    keys = {(row.file, row.line) for row in ALL_ROWS}
    assert set(known_misses()) <= keys


@pytest.mark.parametrize("row", [row for row in ALL_ROWS if row.category == "trap"],
                         ids=lambda row: f"{row.file}:{row.line}")  # fmt: skip
def test_points_only_view_finds_nothing_in_traps(row: Row) -> None:
    if (row.file, row.line) not in known_misses():
        assert extract(row.sentence, row.doc_date) == []


_TEXT = st.lists(
    st.sampled_from(
        list("0123456789０１２/.-–~至到年月日號号週周星期禮拜天上下本今去明前後后半季度初中底末旬")
        + list("零一二三四五六七八九十兩元宵中秋農曆正臘自起截近過去未來代世紀QHq ")
        + [
            "Monday",
            "last ",
            "next ",
            "March ",
            "the ",
            "of ",
            "1st",
            "quarter",
            "since ",
            "by ",
            "from ",
            "to ",
            "ago",
            "years",
            "months",
            "1990s",
            "early ",
            "Christmas",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    text=_TEXT,
    doc_date=st.one_of(
        st.dates(),
        # Relative words at the calendar's ends must not step out of it.
        st.sampled_from([date.min, date(1, 1, 7), date(1, 2, 1), date(9999, 12, 25), date.max]),
    ),
)
def test_any_text_yields_well_formed_mentions(text: str, doc_date: date) -> None:
    for anchor in (doc_date, None):
        for mention in extract_all(text, anchor):
            assert 0 <= mention.start < mention.end <= len(text)
            assert mention.text == text[mention.start : mention.end]
            if mention.first is not None and mention.last is not None:
                assert mention.first <= mention.last
            assert mention.first is not None or mention.last is not None
