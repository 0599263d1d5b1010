"""Unit tests of the pure logic the views draw from: rows, wrapping, scripts, highlight spans."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from tui_helpers import MINI_EVENTS, MINI_SEEDS

from tui.core.article_text import (
    CURRENT,
    NAME,
    PASSAGE,
    Passage,
    line_pieces,
    passages_in,
    prepare_article,
)
from tui.core.dates import parse_event_date
from tui.core.drafting import actors_in
from tui.core.fold import fold
from tui.core.labels import describe_filters, family_counts, short_name
from tui.core.loader import load
from tui.core.model import Actor, Bilingual, Event
from tui.core.names import actor_names, find_names
from tui.core.rows import HEADING, build_rows, event_years
from tui.core.scripts import ScriptConverter
from tui.core.text_fitting import clean_article, fit
from tui.core.wrapping import wrap
from tui.screens.dates import DateRange, read_range
from tui.widgets.histogram import Bar, histogram_bars


def _event(event_id: str, value: str) -> Event:
    return Event(
        id=event_id,
        date=parse_event_date(value),
        status="happened",
        date_text=None,
        title=Bilingual(event_id, event_id),
        summary=None,
        actors=(),
        themes=(),
        quotes=(),
    )


EVENTS = [
    _event("a", "2019-07"),
    _event("b", "2019-09"),
    _event("c", "2021"),
    _event("d", "2024-H1"),
    _event("e", "2024-10-28"),
]


def test_rows_group_events_under_year_headings() -> None:
    rows = build_rows(event_years(EVENTS), [0, 1, 2, 3, 4])
    assert list(rows.positions) == [HEADING, 0, 1, HEADING, 2, HEADING, 3, 4]
    assert list(rows.years) == [2019, 2019, 2019, 2021, 2021, 2024, 2024, 2024]
    assert rows.year_counts == {2019: 2, 2021: 1, 2024: 2}
    assert list(rows.event_rows) == [1, 2, 4, 6, 7]


@pytest.mark.parametrize(
    ("visible", "position", "row", "nearest"),
    [
        ([0, 1, 2, 3, 4], 2, 4, 4),
        ([0, 3], 2, None, 3),
        ([0, 3], 4, None, 3),
        ([3, 4], 0, None, 1),
    ],
)
def test_row_lookups(visible: list[int], position: int, row: int | None, nearest: int) -> None:
    rows = build_rows(event_years(EVENTS), visible)
    assert rows.row_of(position) == row
    assert rows.nearest_row(position) == nearest


def test_rows_when_nothing_is_visible() -> None:
    rows = build_rows(event_years(EVENTS), [])
    assert len(rows) == 0
    assert rows.nearest_row(3) is None
    assert rows.event_row(0, 1) is None
    assert rows.year_start(0, 1) is None


@pytest.mark.parametrize(
    ("row", "step", "expected"),
    [
        (1, 1, 4),  # 2019 → first event of 2021
        (2, 1, 4),
        (4, 1, 6),  # 2021 → 2024
        (7, 1, None),  # no year after 2024
        (7, -1, 4),  # 2024 → 2021
        (4, -1, 1),  # 2021 → first event of 2019
        (1, -1, None),
    ],
)
def test_year_jumps(row: int, step: int, expected: int | None) -> None:
    assert build_rows(event_years(EVENTS), [0, 1, 2, 3, 4]).year_start(row, step) == expected


@settings(max_examples=200, deadline=None)
@given(
    years=st.lists(st.integers(2000, 2006), min_size=0, max_size=40),
    shuffle=st.booleans(),
)
def test_year_jumps_by_bisection_equal_the_walk(years: list[int], shuffle: bool) -> None:
    if not shuffle:
        years = sorted(years)
    rows = build_rows(years, range(len(years)))
    assert rows.ordered == all(a <= b for a, b in zip(years, years[1:], strict=False))
    walked = dataclasses.replace(rows, ordered=False)
    for row in range(-1, len(rows) + 1):
        for step in (1, -1):
            assert rows.year_start(row, step) == walked.year_start(row, step), (row, step)


@settings(max_examples=200, deadline=None)
@given(
    years=st.lists(st.integers(2000, 2006), min_size=0, max_size=40),
    shown=st.sets(st.integers(0, 39)),
    shuffle=st.booleans(),
)
def test_first_event_of_a_year(years: list[int], shown: set[int], shuffle: bool) -> None:
    if not shuffle:
        years = sorted(years)
    rows = build_rows(years, sorted(position for position in shown if position < len(years)))
    for year in range(1999, 2008):
        expected = next(
            (
                row
                for row, (row_year, position) in enumerate(
                    zip(rows.years, rows.positions, strict=True)
                )
                if row_year == year and position != HEADING
            ),
            None,
        )
        assert rows.first_event_of(year) == expected, year
        assert dataclasses.replace(rows, ordered=False).first_event_of(year) == expected


def test_rows_out_of_year_order_are_not_bisected() -> None:
    rows = build_rows([2020, 2019, 2020], [0, 1, 2])
    assert not rows.ordered
    assert list(rows.years) == [2020, 2020, 2019, 2019, 2020, 2020]
    assert rows.year_start(1, 1) == 3
    assert rows.year_start(3, 1) == 5
    assert build_rows([2019, 2019, 2020], [0, 1, 2]).ordered


@pytest.mark.parametrize(
    ("counts", "first", "last", "width", "expected"),
    [
        (
            {2019: 2, 2021: 1},
            2019,
            2021,
            10,
            [Bar(2019, 2019, 2), Bar(2020, 2020, 0), Bar(2021, 2021, 1)],
        ),
        ({2019: 2, 2020: 1, 2021: 4}, 2019, 2021, 2, [Bar(2019, 2020, 3), Bar(2021, 2021, 4)]),
        ({}, 2019, 2018, 10, []),
        ({2019: 1}, 2019, 2019, 0, []),
    ],
)
def test_histogram_bars(
    counts: dict[int, int], first: int, last: int, width: int, expected: list[Bar]
) -> None:
    assert histogram_bars(counts, first, last, width) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("a\x1b[31mred", "a␛[31mred"),
        ("bell\x07", "bell␇"),
        ("crlf\r\nnext", "crlf \nnext"),
        ("tab\there", "tab here"),
        ("\u202eevil", "\ufffdevil"),
        ("c1\x9b", "c1\ufffd"),
        ("line\u2028sep", "line sep"),
    ],
)
def test_clean_article_keeps_length_and_drops_controls(text: str, expected: str) -> None:
    cleaned = clean_article(text)
    assert cleaned == expected
    assert len(cleaned) == len(text)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("abc", 5, "abc  "),
        ("abcdef", 4, "abc…"),
        ("漢字漢字", 5, "漢字…"),
        ("漢字", 4, "漢字"),
        ("x", 0, ""),
    ],
)
def test_fit(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected
    assert cell_len(fit(text, width)) == width


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("hello world", 5, ["hello", "world"]),
        ("hello world", 11, ["hello world"]),
        ("a\n\nb", 10, ["a", "", "b"]),
        ("", 10, [""]),
        ("漢字漢字漢字", 4, ["漢字", "漢字", "漢字"]),
        ("漢字漢字漢", 5, ["漢字", "漢字", "漢"]),
        (
            "香港金融管理局（金管局）今日公布新措施。",
            12,
            ["香港金融管理", "局（金管局）", "今日公布新措", "施。"],
        ),
        ("今日公布新措施。", 14, ["今日公布新措", "施。"]),
        ("金管局Project Ensemble，完成測試", 16, ["金管局Project", "Ensemble，完成測", "試"]),
        ("supercalifragilistic", 8, ["supercal", "ifragili", "stic"]),
    ],
)
def test_wrap_by_cells(text: str, width: int, lines: list[str]) -> None:
    assert [text[start:end] for start, end in wrap(text, width)] == lines


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab cd漢字，。「」\n😀é\u0301AlipayHK", max_size=80),
    st.integers(min_value=2, max_value=30),
)
def test_wrap_properties(text: str, width: int) -> None:
    lines = wrap(text, width)
    covered: set[int] = set()
    previous_end = 0
    for start, end in lines:
        assert start >= previous_end
        previous_end = end
        assert "\n" not in text[start:end]
        assert cell_len(text[start:end]) <= width
        covered.update(range(start, end))
    for offset, char in enumerate(text):
        if char not in " \n":
            assert offset in covered


def test_wrap_a_large_cjk_article_in_one_pass() -> None:
    text = ("香港金融管理局今日公布新措施，AlipayHK與內地支付寶實現互聯互通。\n" * 2000).rstrip()
    lines = wrap(text, 40)
    assert len(lines) == 4000
    assert all(cell_len(text[start:end]) <= 40 for start, end in lines)


def test_script_converter_converts_by_script() -> None:
    converter = ScriptConverter()
    assert converter.convert("汇丰银行", "hant") == "滙豐銀行"
    assert converter.convert("匯豐銀行", "hans") == "汇丰银行"
    assert converter.convert("匯豐銀行", "original") == "匯豐銀行"
    # Traditional text is not run through s2hk, which would read 干 as Simplified.
    assert converter.convert("干預", "hant", "zh-Hant") == "干預"
    assert converter.convert("干預", "hant") == "干預"
    assert converter.convert("HSBC [bold]", "hans") == "HSBC [bold]"


def test_prepare_article_keeps_offsets_and_finds_names_by_window() -> None:
    corpus = load(MINI_EVENTS, MINI_SEEDS).corpus
    source = corpus.sources["hk"]
    passages = passages_in(corpus.events, "hk")
    article = prepare_article(source.text + "\x1b", passages, ["匯豐", "金管局"])
    assert len(article.text) == len(source.text) + 1
    quoted = {
        corpus.events[passage.position].id: article.text[passage.start : passage.end]
        for passage in article.passages
    }
    assert quoted["tokenised-deposits"] == "今年5月，匯豐與螞蟻國際推出代幣化存款服務"
    everywhere = article.names.find(article.text)
    assert [article.text[start:end] for start, end in everywhere] == ["金管局", "匯豐", "金管局"]
    # A window sees the names inside it, clipped at its edges.
    start = article.text.index("匯豐") + 1
    assert article.names.find(article.text, start, start + 5) == [(start, start + 1)]


def test_passages_in_text_order() -> None:
    corpus = load(MINI_EVENTS, MINI_SEEDS).corpus
    order = [corpus.events[p.position].id for p in passages_in(corpus.events, "hk")]
    assert order == ["hkma-measures", "wallet-link", "tokenised-deposits", "pilot-mid-2026"]


@pytest.mark.parametrize(
    ("text", "names", "found"),
    [
        ("HSBC and hsbc, not HSBCX", ["HSBC"], ["HSBC", "hsbc"]),
        ("香港金管局與金管局", ["香港金管局", "金管局"], ["香港金管局", "金管局"]),
        ("Ant International", ["Ant International", "Ant"], ["Ant International"]),
        ("nothing", [], []),
    ],
)
def test_find_names(text: str, names: list[str], found: list[str]) -> None:
    assert [text[start:end] for start, end in find_names(text, names)] == found


def test_line_pieces_layer_flags() -> None:
    passages = [Passage(2, 8, 0), Passage(6, 12, 1)]
    pieces = line_pieces(0, 10, passages, passages[1], [(3, 5)])
    assert pieces == [
        (0, 2, 0),
        (2, 3, PASSAGE),
        (3, 5, PASSAGE | NAME),
        (5, 6, PASSAGE),
        (6, 8, PASSAGE | CURRENT),
        (8, 10, CURRENT),
    ]


ACTOR = Actor(
    id="hkma",
    name=Bilingual("Hong Kong Monetary Authority", "香港金融管理局"),
    aliases=("HKMA", "金管局", "Eddie Yue", "余偉文"),
    parent=None,
)


@pytest.mark.parametrize(
    ("actor", "lang", "expected"),
    [
        (ACTOR, "en", "HKMA"),
        (ACTOR, "zh", "金管局"),
        (Actor("hsbc", Bilingual("HSBC", "滙豐"), ("匯豐",), None), "en", "HSBC"),
        (Actor("hsbc", Bilingual("HSBC", "滙豐"), ("匯豐",), None), "zh", "滙豐"),
    ],
)
def test_short_name(actor: Actor, lang: str, expected: str) -> None:
    assert short_name(actor, lang) == expected


def test_family_counts_include_descendants_once_per_event() -> None:
    corpus = load(MINI_EVENTS, MINI_SEEDS).corpus
    counts = family_counts(corpus.events, corpus.actors)
    assert counts["hksar-government"] == 2  # both via the HKMA
    assert counts["hkma"] == 2
    assert counts["ant-group"] == 3  # AlipayHK once, Ant International twice
    assert counts["alipayhk"] == 1
    assert "hsbc" in counts and counts["hsbc"] == 2


def test_describe_filters() -> None:
    corpus = load(MINI_EVENTS, MINI_SEEDS).corpus
    phrases = describe_filters(
        corpus,
        query=" 汇丰 ",
        actors={"hkma"},
        themes={"sandbox"},
        include_children=True,
        date_from=date(2019, 1, 1),
        date_to=None,
        lang="en",
    )
    assert phrases == [
        "search: 汇丰",
        "actors: Hong Kong Monetary Authority (+children)",
        "themes: Sandboxes",
        "dates: 2019-01-01 – …",
    ]


@pytest.mark.parametrize(
    ("first_text", "last_text", "first", "last", "expected"),
    [
        ("", "", date(2019, 1, 1), None, "dates: 2019-01-01 – …"),  # set by the palette
        ("mid-2024", "", date(2024, 5, 1), None, "dates: mid-2024 – … (2024-05-01 – …)"),
        ("", "2025年底", None, date(2025, 12, 31), "dates: … – 2025年底 (… – 2025-12-31)"),
        (
            "2020至2025年",
            "",
            date(2020, 1, 1),
            date(2025, 12, 31),
            "dates: 2020至2025年 (2020-01-01 – 2025-12-31)",
        ),
        ("2019-01-01", "", date(2019, 1, 1), None, "dates: 2019-01-01 – …"),  # typed as days
    ],
)
def test_describe_filters_shows_the_dates_as_typed(
    first_text: str, last_text: str, first: date | None, last: date | None, expected: str
) -> None:
    corpus = load(MINI_EVENTS, MINI_SEEDS).corpus
    phrases = describe_filters(
        corpus,
        query="",
        actors=(),
        themes=(),
        include_children=False,
        date_from=first,
        date_to=last,
        lang="en",
        date_from_text=first_text,
        date_to_text=last_text,
    )
    assert phrases == [expected]


def test_describe_filters_says_the_status() -> None:
    corpus = load(MINI_EVENTS, MINI_SEEDS).corpus
    phrases = describe_filters(
        corpus,
        query="",
        actors=(),
        themes=(),
        include_children=False,
        date_from=None,
        date_to=None,
        lang="en",
        status="planned",
    )
    assert phrases == ["status: planned"]
    # Shortest first: a narrow header cuts the last phrase, the dates, not the status.
    phrases = describe_filters(
        corpus,
        query="pilot",
        actors=("hkma",),
        themes=(),
        include_children=False,
        date_from=date(2020, 1, 1),
        date_to=date(2025, 12, 31),
        lang="en",
        status="planned",
        date_from_text="2020至2025年",
    )
    assert phrases[0] == "status: planned" and phrases[-1].startswith("dates: 2020至2025年")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2019", "", DateRange(date(2019, 1, 1), None)),
        ("2019年7月", "2019年7月", DateRange(date(2019, 7, 1), date(2019, 7, 31))),
        ("", "2024", DateRange(None, date(2024, 12, 31))),
        ("", "", DateRange(None, None)),
        # Issue 16: an interval in From fills both ends; an open side leaves no limit.
        ("2020至2025年", "", DateRange(date(2020, 1, 1), date(2025, 12, 31))),
        ("from 2019 to 2021", "", DateRange(date(2019, 1, 1), date(2021, 12, 31))),
        ("2017年8月至11月", "", DateRange(date(2017, 8, 1), date(2017, 11, 30))),
        ("2020/2025", "", DateRange(date(2020, 1, 1), date(2025, 12, 31))),
        ("2020至2025年", "2022", DateRange(date(2020, 1, 1), date(2022, 12, 31))),
        ("", "2020至2025年", DateRange(None, date(2025, 12, 31))),
        ("since July 2019", "", DateRange(date(2019, 7, 1), None)),
        ("自2019年7月起", "", DateRange(date(2019, 7, 1), None)),
        ("", "by 2032", DateRange(None, date(2032, 12, 31))),
        ("late 2024", "", DateRange(date(2024, 9, 1), None)),
        ("", "2025年底", DateRange(None, date(2025, 12, 31))),
        ("", "early 2025", DateRange(None, date(2025, 4, 30))),
        ("Q3 2024", "", DateRange(date(2024, 7, 1), None)),
        ("去年", "今年", DateRange(date(2024, 1, 1), date(2025, 12, 31))),
    ],
)
def test_read_range(first: str, last: str, expected: DateRange) -> None:
    assert read_range(first, last, date(2025, 11, 6)) == expected


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("garbage", "", "From 'garbage': not a date"),
        ("", "soon", "To 'soon': not a date"),
        ("2024-02-30", "", "From '2024-02-30': day 30 is out of range for February 2024"),
        ("since 2025", "2019", "From (2025-01-01) is after To (2019-12-31)"),
        ("2025", "2019", "From (2025-01-01) is after To (2019-12-31)"),
    ],
)
def test_read_range_explains_bad_input(first: str, last: str, message: str) -> None:
    result = read_range(first, last, date(2025, 11, 6))
    assert isinstance(result, str)
    assert result.startswith(message)


HSBC = Actor("hsbc", Bilingual("HSBC", "匯豐"), ("HSBC Holdings",), None)
ANT = Actor("ant", Bilingual("Ant Group", "螞蟻集團"), ("螞蟻",), None)
ANT_INTERNATIONAL = Actor("ant-intl", Bilingual("Ant International", "螞蟻國際"), (), None)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("HSBC said", ["hsbc"]),
        ("hsbc said", ["hsbc"]),  # case
        ("ＨＳＢＣ said", ["hsbc"]),  # full width: suggested, never highlighted before
        ("滙豐宣布", ["hsbc"]),  # the other Traditional form of 匯豐
        ("汇丰宣布", ["hsbc"]),  # Simplified: suggested, never highlighted before
        ("HSBCX said", []),  # a Latin name only as a whole word
        ("螞蟻國際推出", ["ant-intl"]),  # the longer name hides the shorter inside it
        ("蚂蚁集团与匯豐", ["ant", "hsbc"]),
    ],
)
def test_highlights_and_suggestions_find_the_same_actors(text: str, named: list[str]) -> None:
    actors = [HSBC, ANT, ANT_INTERNATIONAL]
    highlighted = prepare_article(text, [], actor_names(actors)).names.find(text)
    ids_by_name = {
        fold(name): actor.id
        for actor in actors
        for name in (actor.name.en, actor.name.zh, *actor.aliases)
    }
    highlighted_ids = sorted({ids_by_name[fold(text[start:end])] for start, end in highlighted})
    assert highlighted_ids == named
    assert sorted(actors_in(text, actors)) == named
