"""The fast path for fully written dates answers only what the full engine answers the same way.

`read_written` reads "2020年5月23日", "On 8 March 2012", "May 23, 2020", "In 2013" and the like
without the scan. It may decline anything; whatever it answers must be what the full engine
(`extract_all`, or `extract` for a schema 1 file) gives for the same words against any
published date: the same value and the same mod, so the date_text cross-check says the same.
Each table runs both and compares.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import import_generator, near_misses
from tui.core.dates import MONTH_NAMES
from tui.core.loader import load
from tui.core.paths import bundled_corpus
from tui.core.temporal import _engine_reading, resolve_date_text
from tui.core.temporal._anchor import Anchor
from tui.core.temporal._written import read_written

DECLINES = None
"""What the fast path answers when it leaves the words to the full engine."""

ANCHORS = (date(1990, 1, 1), date(2020, 6, 1), date(2024, 2, 29), date(2031, 12, 31))
"""Published dates the words are read against: fully written dates must not depend on them."""


def _engine(text: str, published: date, *, points: bool) -> tuple[str, str | None] | None:
    return _engine_reading(text, points, Anchor(published))


def _assert_agrees(text: str, published: tuple[date, ...] = ANCHORS) -> None:
    """The fast path declines `text`, or each reading of the full engine gives its answer."""
    answer = read_written(text)
    if answer is DECLINES:
        return
    for anchor, points in itertools.product(published, (False, True)):
        assert _engine(text, anchor, points=points) == answer, (text, anchor, points)


# Written before the rule, one sentence each: what the fast path must do with these words.
HOSTILE: list[tuple[str, tuple[str, str | None] | None]] = [
    # The forms the corpora use, answered.
    ("2020年5月23日", ("2020-05-23", None)),
    ("2020年10月", ("2020-10", None)),
    ("2020年", ("2020", None)),
    ("23 May 2020", ("2020-05-23", None)),
    ("May 23, 2020", ("2020-05-23", None)),
    ("May 2020", ("2020-05", None)),
    ("On 8 March 2012", ("2012-03-08", None)),
    ("on 8 March 2012", ("2012-03-08", None)),
    ("On January 30, 2014", ("2014-01-30", None)),
    ("on January 30, 2014", ("2014-01-30", None)),
    ("In June 2013", ("2013-06", None)),
    ("in June 2013", ("2013-06", None)),
    ("In 2013", ("2013", None)),
    ("in 2013", ("2013", None)),
    ("2013", ("2013", None)),
    ("2013-06-08", ("2013-06-08", None)),
    ("2012年2月29日", ("2012-02-29", None)),
    ("On 29 February 2012", ("2012-02-29", None)),
    ("2099年12月31日", ("2099-12-31", None)),
    ("1900年1月1日", ("1900-01-01", None)),
    # A day the month does not have: the engine keeps the month, which is its call.
    ("2020年2月30日", DECLINES),
    ("2019年2月29日", DECLINES),
    ("On 31 April 2012", DECLINES),
    ("April 31, 2012", DECLINES),
    ("2013-02-30", DECLINES),
    # No such month, no such day, no year 0, years outside the range the rule was checked on.
    ("2019年13月", DECLINES),
    ("2019年0月", DECLINES),
    ("2019年5月0日", DECLINES),
    ("2019年5月32日", DECLINES),
    ("0000年", DECLINES),
    ("0年", DECLINES),
    ("1850年5月", DECLINES),
    ("2150年5月3日", DECLINES),
    ("9999年", DECLINES),
    ("13 Smarch 2020", DECLINES),
    # Digits other than ASCII, and Chinese numerals: the engine folds them; not written here.
    ("２０２０年５月２３日", DECLINES),
    ("2020年５月２３日", DECLINES),
    ("二〇二四年", DECLINES),
    ("二〇二四年五月", DECLINES),
    ("٢٠٢٠", DECLINES),
    ("20２０年", DECLINES),
    ("In 20２０", DECLINES),
    ("2020年1０月", DECLINES),
    ("On 2３ May 2020", DECLINES),
    # Leading zeros, ISO year-month and slashes: other rules (the engine reads "2013-06" as 2013).
    ("2020年05月23日", DECLINES),
    ("2013-06", DECLINES),
    ("2013-6-8", DECLINES),
    ("2020/05/23", DECLINES),
    ("23/05/2020", DECLINES),
    # Without a year the published date decides: relative, never the fast path.
    ("5月23日", DECLINES),
    ("In May", DECLINES),
    ("23 May", DECLINES),
    ("今年5月", DECLINES),
    ("明年5月17日", DECLINES),
    ("24年", DECLINES),
    ("'24", DECLINES),
    # Parts of a year or month, quarters and halves, in the forms the corpora use: answered.
    ("2024年初", ("2024", "START")),
    ("2024年中", ("2024", "MID")),
    ("2024年底", ("2024", "END")),
    ("2024年5月初", ("2024-05", "START")),
    ("2024年5月中", ("2024-05", "MID")),
    ("2024年12月底", ("2024-12", "END")),
    ("2020年上半年", ("2020-H1", None)),
    ("2020年下半年", ("2020-H2", None)),
    ("2020年第一季", ("2020-Q1", None)),
    ("2020年第四季", ("2020-Q4", None)),
    ("Early May 2024", ("2024-05", "START")),
    ("early May 2024", ("2024-05", "START")),
    ("Mid-May 2024", ("2024-05", "MID")),
    ("mid-May 2024", ("2024-05", "MID")),
    ("Late May 2024", ("2024-05", "END")),
    ("late May 2024", ("2024-05", "END")),
    ("Early 2024", ("2024", "START")),
    ("early 2024", ("2024", "START")),
    ("Mid-2024", ("2024", "MID")),
    ("mid-2024", ("2024", "MID")),
    ("Late 2024", ("2024", "END")),
    ("late 2024", ("2024", "END")),
    ("At the end of 2024", ("2024", "END")),
    ("at the end of 2024", ("2024", "END")),
    ("In Q3 2024", ("2024-Q3", None)),
    ("in Q1 2024", ("2024-Q1", None)),
    ("In H1 2024", ("2024-H1", None)),
    ("in H2 2024", ("2024-H2", None)),
    ("In the first quarter of 2024", ("2024-Q1", None)),
    ("in the fourth quarter of 2024", ("2024-Q4", None)),
    ("In the first half of 2024", ("2024-H1", None)),
    ("in the second half of 2024", ("2024-H2", None)),
    # Their near misses: other words for the same part, parts that do not exist, other cases.
    ("2024年末", DECLINES),
    ("2024年年底", DECLINES),
    ("2024年中期", DECLINES),
    ("2024年5月中旬", DECLINES),
    ("2024年5月上旬", DECLINES),
    ("2024年首季", DECLINES),
    ("2024年第五季", DECLINES),
    ("2024年第0季", DECLINES),
    ("2024年第1季", DECLINES),
    ("2024年中半年", DECLINES),
    ("2024年初5月", DECLINES),
    ("2024年5月30日底", DECLINES),
    ("mid May 2024", DECLINES),
    ("Mid May 2024", DECLINES),
    ("mid 2024", DECLINES),
    ("early-2024", DECLINES),
    ("EARLY 2024", DECLINES),
    ("late in 2024", DECLINES),
    ("late 8 May 2024", DECLINES),
    ("end of 2024", DECLINES),
    ("At the end of May 2024", DECLINES),
    ("the end of 2024", DECLINES),
    ("in Q5 2024", DECLINES),
    ("In Q0 2024", DECLINES),
    ("in H3 2024", DECLINES),
    ("in q3 2024", DECLINES),
    ("Q3 2024", DECLINES),
    ("in Q3, 2024", DECLINES),
    ("in 2024 Q3", DECLINES),
    ("in the fifth quarter of 2024", DECLINES),
    ("in the third half of 2024", DECLINES),
    ("in the first quarter of next year", DECLINES),
    ("In the second half of this year", DECLINES),
    ("the first half of 2024", DECLINES),
    ("In the 1st half of 2024", DECLINES),
    ("明年年中", DECLINES),
    ("今年上半年", DECLINES),
    ("去年第四季", DECLINES),
    ("late next year", DECLINES),
    # Ranges, approximations, open ends, cues other than "on" and "in".
    ("May 2020–June 2020", DECLINES),
    ("2020年5月23日至25日", DECLINES),
    ("2020年上半年至2021年", DECLINES),
    ("c. 2020", DECLINES),
    ("circa 2020", DECLINES),
    ("2022年左右", DECLINES),
    ("around mid-2024", DECLINES),
    ("by May 2020", DECLINES),
    ("since 2020", DECLINES),
    ("since 2020年", DECLINES),
    ("2020年5月23日起", DECLINES),
    ("截至2020年", DECLINES),
    ("until 23 May 2020", DECLINES),
    ("at 8 March 2012", DECLINES),
    ("On 2013", DECLINES),
    ("In 8 March 2012", DECLINES),
    ("On May 2020", DECLINES),
    # Trailing or leading text, other spacing, other punctuation, other cases.
    ("2020年5月23日 ", DECLINES),
    (" 2020年5月23日", DECLINES),
    ("2020年5月23日。", DECLINES),
    ("2020年5月23號", DECLINES),
    ("2020 年", DECLINES),
    ("2020年 5月", DECLINES),
    ("On  8 March 2012", DECLINES),
    ("On\u00a08 March 2012", DECLINES),
    ("On 8\u3000March 2012", DECLINES),
    ("8 March 2012.", DECLINES),
    ("8 March, 2012", DECLINES),
    ("March 8 2012", DECLINES),
    ("March 8,2012", DECLINES),
    ("on 8th March 2012", DECLINES),
    ("On March 8th, 2012", DECLINES),
    ("8 march 2012", DECLINES),
    ("may 2020", DECLINES),
    ("MAY 2020", DECLINES),
    ("ON 8 March 2012", DECLINES),
    ("IN 2013", DECLINES),
    ("8 Mar 2012", DECLINES),
    ("Sept. 3, 2025", DECLINES),
    ("20130608", DECLINES),
    ("2013-06-08T10:00", DECLINES),
    ("2013-06-08 06:37", DECLINES),
    ("2013年6月8日 2014年", DECLINES),
    ("", DECLINES),
    # Traditional and Simplified write these dates alike; the other numerals are declined.
    ("2020年5月23號", DECLINES),
    ("二零二零年五月二十三日", DECLINES),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE, ids=[text for text, _ in HOSTILE])
def test_the_fast_path_answers_or_declines_as_written(
    text: str, expected: tuple[str, str | None] | None
) -> None:
    assert read_written(text) == expected
    _assert_agrees(text)


_DAY_FORMS = (
    "{year}年{month}月{day}日",
    "{day} {name} {year}",
    "On {day} {name} {year}",
    "on {day} {name} {year}",
    "{name} {day}, {year}",
    "On {name} {day}, {year}",
    "on {name} {day}, {year}",
    "{year}-{month:02d}-{day:02d}",
)
_MONTH_FORMS = (
    "{year}年{month}月",
    "{name} {year}",
    "In {name} {year}",
    "in {name} {year}",
    "{year}年{month}月初",
    "{year}年{month}月中",
    "{year}年{month}月底",
    "Early {name} {year}",
    "early {name} {year}",
    "Mid-{name} {year}",
    "mid-{name} {year}",
    "Late {name} {year}",
    "late {name} {year}",
)
_YEAR_FORMS = (
    "{year}年",
    "{year}",
    "In {year}",
    "in {year}",
    "{year}年初",
    "{year}年中",
    "{year}年底",
    "{year}年上半年",
    "{year}年下半年",
    "{year}年第一季",
    "{year}年第二季",
    "{year}年第三季",
    "{year}年第四季",
    "Early {year}",
    "early {year}",
    "Mid-{year}",
    "mid-{year}",
    "Late {year}",
    "late {year}",
    "At the end of {year}",
    "at the end of {year}",
    "In Q1 {year}",
    "in Q4 {year}",
    "In H1 {year}",
    "in H2 {year}",
    "In the second quarter of {year}",
    "in the third quarter of {year}",
    "In the first half of {year}",
    "in the second half of {year}",
)


@pytest.mark.parametrize("form", _DAY_FORMS)
def test_every_month_and_edge_day_agrees(form: str) -> None:
    for year, month, day in itertools.product(
        (1900, 1999, 2000, 2023, 2024, 2099), range(1, 13), (1, 9, 10, 28, 29, 30, 31)
    ):
        text = form.format(year=year, month=month, day=day, name=MONTH_NAMES[month - 1])
        _assert_agrees(text, (date(2020, 6, 1),))


@pytest.mark.parametrize("form", _MONTH_FORMS)
def test_every_month_agrees(form: str) -> None:
    for year, month in itertools.product((1900, 1999, 2000, 2024, 2099), range(1, 13)):
        text = form.format(year=year, month=month, name=MONTH_NAMES[month - 1])
        _assert_agrees(text, (date(2020, 6, 1), date(year, month, 1)))


@pytest.mark.parametrize("form", _YEAR_FORMS)
def test_every_year_agrees(form: str) -> None:
    for year in range(1895, 2105):
        _assert_agrees(form.format(year=year), (date(2020, 6, 1),))


def test_the_fast_path_answers_every_year_it_was_checked_on() -> None:
    # Why the sweeps above prove something: they cover the whole range the rule accepts.
    assert read_written("1899年") is DECLINES
    assert read_written("1900年") == ("1900", None)
    assert read_written("2099") == ("2099", None)
    assert read_written("2100") is DECLINES


def test_every_date_text_of_the_bundled_corpus_agrees() -> None:
    events, seeds = bundled_corpus()
    corpus = load(events, seeds).corpus
    sources = corpus.sources
    answered = 0
    for event in corpus.events:
        if event.date_text is None:
            continue
        quote = next(q for q in event.quotes if event.date_text in q.text)
        _assert_agrees(event.date_text, (sources[quote.source].published, date(2020, 6, 1)))
        answered += read_written(event.date_text) is not DECLINES
    assert answered > 0


def test_every_date_text_of_a_generated_corpus_agrees(tmp_path: Path) -> None:
    gen_corpus = import_generator()
    gen_corpus.generate(3000, tmp_path, seed=11)
    corpus = load(tmp_path / "events.toml", tmp_path / "seeds").corpus
    published = {}
    for event in corpus.events:
        assert event.date_text is not None
        quote = next(q for q in event.quotes if event.date_text in q.text)
        published.setdefault(event.date_text, corpus.sources[quote.source].published)
    answered = [text for text in published if read_written(text) is not DECLINES]
    # Most distinct date_texts of a corpus are fully written days: the fast path takes them.
    assert len(answered) > len(published) // 2
    for text in answered:
        _assert_agrees(text, (published[text], date(2020, 6, 1)))


def test_random_near_misses_agree() -> None:
    """Corpus forms with one character changed, added or dropped: declined or agreed."""
    alphabet = "0123456789 ,.-/年月日號中底初末旬上下半季第一二五首 OnIiMayJunQHthe\u3000１２"
    seeds = [text for text, expected in HOSTILE if expected is not DECLINES]
    for text in near_misses(seeds, alphabet, 3000, seed=20):
        _assert_agrees(text, (date(2020, 6, 1),))


def test_resolve_date_text_gives_the_fast_paths_answer() -> None:
    assert resolve_date_text("On 8 March 2012", date(2020, 6, 1)) == ("2012-03-08", None)
    assert resolve_date_text("2020年2月30日", date(2020, 6, 1)) == ("2020-02", None)
