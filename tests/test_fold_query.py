"""Folding makes any script, case and width match; filters combine as documented."""

from __future__ import annotations

from datetime import date

import pytest

import tui.core.fold
from tests.conftest import MINI
from tui.core.fold import fold, fold_many
from tui.core.loader import load
from tui.core.model import Corpus
from tui.core.query import Filters, NameLookup, TimelineIndex, lookup_name, search_text


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("匯豐", "汇丰"),
        ("滙豐", "汇丰"),
        ("匯豐", "滙豐"),
        ("ＨＳＢＣ", "hsbc"),
        ("HSBC", "hsbc"),
        ("螞蟻國際", "蚂蚁国际"),
        ("金管局", "金管局"),
        ("Straße", "STRASSE"),
        ("２０１９年", "2019年"),
    ],
)
def test_fold_equates(left: str, right: str) -> None:
    assert fold(left) == fold(right)


def test_fold_keeps_different_things_apart() -> None:
    assert fold("渣打") != fold("匯豐")


@pytest.mark.parametrize("batch", [1 << 20, 1, 7])
def test_fold_many_matches_fold_one_by_one(batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Folded in batches of about `batch` characters; a batch may end anywhere.
    monkeypatch.setattr(tui.core.fold, "_BATCH_CHARS", batch)
    texts = ["匯豐銀行", "ＨＳＢＣ", "", "a\x00b", "螞蟻國際 Ant", "ﬁ", "e\u0301", ""] * 3
    assert fold_many(texts) == [fold(text.replace("\x00", "")) for text in texts]


def test_search_text_of_many_events_is_each_event_folded(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = load(MINI / "events.toml", MINI / "seeds").corpus
    # 2,500 events, folded in batches of a few events' text each.
    monkeypatch.setattr(tui.core.fold, "_BATCH_CHARS", 1000)
    events = corpus.events * 417
    texts = search_text(Corpus(corpus.sources, corpus.actors, corpus.themes, events[:2500]))
    assert len(texts) == 2500
    assert texts == [search_text(Corpus(events=(event,)))[0] for event in events[:2500]]


@pytest.fixture(scope="module")
def index() -> TimelineIndex:
    result = load(MINI / "events.toml", MINI / "seeds")
    assert not result.problems
    return TimelineIndex(result.corpus)


def ids(index: TimelineIndex, filters: Filters) -> list[str]:
    return [index.events[position].id for position in index.visible(filters)]


@pytest.mark.parametrize("spelling", ["汇丰", "匯豐", "滙豐", "HSBC", "hsbc", "ＨＳＢＣ"])
def test_every_spelling_of_hsbc_finds_the_same_events(index: TimelineIndex, spelling: str) -> None:
    assert ids(index, Filters(query=spelling)) == ["tokenised-deposits", "october-pilot"]


@pytest.mark.parametrize("alias", ["匯豐", "汇丰", "HSBC", "滙豐銀行", "hsbc"])
def test_actor_aliases_in_any_script(index: TimelineIndex, alias: str) -> None:
    assert index.find_actors(alias) == {"hsbc"}


@pytest.mark.parametrize(
    ("name", "ids_found", "by_word"),
    [
        ("HKMA", {"hkma"}, False),  # a whole alias
        ("Monetary", {"hkma"}, True),  # one word of the name
        ("monetary authority", {"hkma"}, True),  # several words, in any case
        ("Mone", set(), True),  # part of a word is no word
        ("International", {"ant-international"}, True),
        ("Ant", {"ant-group", "ant-international"}, True),  # several: ambiguous
        ("Chartered", {"stanchart"}, True),
        ("Tokenisation", set(), True),  # a theme, not an actor
        ("", set(), False),
    ],
)
def test_actor_lookup_by_whole_name_or_any_word(
    index: TimelineIndex, name: str, ids_found: set[str], by_word: bool
) -> None:
    found = index.lookup_actors(name)
    assert (set(found.ids), found.by_word) == (ids_found, by_word)
    assert found.ambiguous is (len(ids_found) > 1)
    assert index.find_actors(name) == ids_found


def test_theme_lookup_by_any_word() -> None:
    names = {"ai & genai": {"ai"}, "ai-genai": {"ai"}, "green finance": {"green"}}
    assert lookup_name("GenAI", names) == NameLookup(frozenset({"ai"}), by_word=True)
    assert lookup_name("ＧｅｎＡＩ", names).ids == {"ai"}  # width folded
    assert lookup_name("finance", names).ids == {"green"}
    assert lookup_name("gen", names).ids == frozenset()


def test_actor_filter_with_and_without_children(index: TimelineIndex) -> None:
    assert ids(index, Filters(actors=frozenset({"ant-group"}))) == []
    assert ids(index, Filters(actors=frozenset({"ant-group"}), include_children=True)) == [
        "wallet-link",
        "tokenised-deposits",
        "october-pilot",
    ]
    assert index.descendants("ant-group") == {"ant-group", "ant-international", "alipayhk"}


def test_actors_or_themes_and_query_and(index: TimelineIndex) -> None:
    both = Filters(actors=frozenset({"hkma", "stanchart"}))
    assert ids(index, both) == ["hkma-measures", "sandbox-2026", "pilot-mid-2026"]
    assert ids(index, Filters(actors=both.actors, themes=frozenset({"payments"}))) == [
        "pilot-mid-2026"
    ]
    assert ids(index, Filters(actors=both.actors, query="試點")) == ["pilot-mid-2026"]
    assert ids(index, Filters(actors=both.actors, query="试点")) == ["pilot-mid-2026"]


def test_date_range_and_status(index: TimelineIndex) -> None:
    in_2025 = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert ids(index, in_2025) == ["tokenised-deposits", "october-pilot", "hkma-measures"]
    assert ids(index, Filters(status="planned")) == ["sandbox-2026", "pilot-mid-2026"]
    # "mid 2026" covers the middle third of the year only.
    assert ids(index, Filters(date_from=date(2026, 9, 1))) == []


def test_query_matches_quotes_summaries_and_theme_names(index: TimelineIndex) -> None:
    assert ids(index, Filters(query="互聯互通")) == ["wallet-link"]
    assert ids(index, Filters(query="ant international")) == ["tokenised-deposits", "october-pilot"]
    assert ids(index, Filters(query="代币化")) == ["tokenised-deposits", "october-pilot"]
    assert ids(index, Filters(query="no such words")) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("匯豐", ["tokenised-deposits", "october-pilot"]),
        ("滙豐", ["tokenised-deposits", "october-pilot"]),
        ("ＨＫＭＡ", ["hkma-measures", "pilot-mid-2026"]),
        ("hkma", ["hkma-measures", "pilot-mid-2026"]),
        ("sandboxes", ["hkma-measures", "sandbox-2026", "pilot-mid-2026"]),
        ("蚂蚁", ["tokenised-deposits", "october-pilot"]),
        ("pilot", ["october-pilot", "pilot-mid-2026"]),
        ("[bold]", ["tokenised-deposits"]),
        ("nothing matches this", []),
    ],
)
def test_search_folds_script_case_and_width(
    index: TimelineIndex, query: str, expected: list[str]
) -> None:
    assert ids(index, Filters(query=query)) == expected


@pytest.mark.parametrize("alias", ["金管局", "HKMA", "hkma", "香港金管局", "金融管理"])
def test_the_picker_narrows_by_any_alias(index: TimelineIndex, alias: str) -> None:
    # What the actor picker keeps as the name is typed (a part of a name counts).
    assert index.search_names(alias, index.actor_names) == {"hkma"}


@pytest.mark.parametrize(
    ("actor", "children", "expected"),
    [
        ("hksar-government", False, []),
        ("hksar-government", True, ["hkma-measures", "pilot-mid-2026"]),
        ("ant-group", True, ["wallet-link", "tokenised-deposits", "october-pilot"]),
        ("ant-group", False, []),
    ],
)
def test_include_children(
    index: TimelineIndex, actor: str, children: bool, expected: list[str]
) -> None:
    filters = Filters(actors=frozenset({actor}), include_children=children)
    assert ids(index, filters) == expected
