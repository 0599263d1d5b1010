"""The fast filtering paths give exactly what a plain scan over every event gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from itertools import compress
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, import_generator
from tui.core import query as query_module
from tui.core.cache import load_cached
from tui.core.dates import overlaps
from tui.core.fold import fold, fold_many
from tui.core.loader import load
from tui.core.model import Corpus
from tui.core.query import Filters, SearchText, TimelineIndex, search_text


def reference_haystacks(corpus: Corpus) -> list[str]:
    """The search text as first defined: every part of an event joined, then folded."""
    actor_texts = {
        actor.id: " ".join((actor.id, actor.name.en, actor.name.zh, *actor.aliases))
        for actor in corpus.actors.values()
    }
    theme_texts = {
        theme.id: " ".join((theme.id, theme.name.en, theme.name.zh))
        for theme in corpus.themes.values()
    }
    haystacks = []
    for event in corpus.events:
        parts = [event.id, event.title.en, event.title.zh]
        if event.summary is not None:
            parts += [event.summary.en, event.summary.zh]
        parts += [quote.text for quote in event.quotes]
        parts += [actor_texts.get(actor_id, actor_id) for actor_id in event.actors]
        parts += [theme_texts.get(theme_id, theme_id) for theme_id in event.themes]
        haystacks.append("\n".join(parts))
    return fold_many(haystacks)


def reference_visible(
    index: TimelineIndex, haystacks: Sequence[str], filters: Filters
) -> list[int]:
    """Filter by testing every event against every filter, one by one."""
    wanted: set[str] = set()
    for actor_id in filters.actors:
        wanted |= index.descendants(actor_id) if filters.include_children else {actor_id}
    needles = fold(filters.query).split()
    result = []
    for position, event in enumerate(index.events):
        if filters.status is not None and event.status != filters.status:
            continue
        if not overlaps(event.date, filters.date_from, filters.date_to):
            continue
        if wanted and wanted.isdisjoint(event.actors):
            continue
        if filters.themes and filters.themes.isdisjoint(event.themes):
            continue
        if not all(needle in haystacks[position] for needle in needles):
            continue
        result.append(position)
    return result


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[TimelineIndex, list[str]]:
    directory = tmp_path_factory.mktemp("generated")
    import_generator().generate(600, directory, seed=3)
    corpus = load(directory / "events.toml", directory / "seeds").corpus
    return TimelineIndex(corpus), reference_haystacks(corpus)


@pytest.mark.parametrize("source", ["mini", "generated"])
def test_search_text_and_names_equal_the_joined_fold(
    source: str, generated: tuple[TimelineIndex, list[str]]
) -> None:
    if source == "mini":
        corpus = load(MINI / "events.toml", MINI / "seeds").corpus
        index, expected = TimelineIndex(corpus), reference_haystacks(corpus)
    else:
        index, expected = generated
    assert [index.haystack(position) for position in range(len(index.events))] == expected


def test_a_given_search_text_is_used_and_a_wrong_one_ignored() -> None:
    corpus = load(MINI / "events.toml", MINI / "seeds").corpus
    texts = search_text(corpus)
    held = SearchText.of(texts)
    assert TimelineIndex(corpus, held).haystacks is held, "a SearchText is kept, not copied"
    assert list(TimelineIndex(corpus, texts).haystacks) == texts
    assert list(TimelineIndex(corpus, texts[:-1]).haystacks) == texts


@pytest.mark.parametrize(
    ("texts", "position", "needle", "holds"),
    [
        (["abc", "def"], 0, "abc", True),
        (["abc", "def"], 1, "abc", False),
        (["abc", "def"], 0, "cd", False),  # never across two events' texts
        (["abc", "def"], 1, "ef", True),
        (["", "x"], 0, "x", False),
        (["汇丰", "hsbc"], 0, "丰", True),
    ],
)
def test_the_search_text_is_held_once_and_read_per_event(
    texts: list[str], position: int, needle: str, holds: bool
) -> None:
    held = SearchText.of(texts)
    assert list(held) == texts and len(held) == len(texts)
    assert held[position] == texts[position] and held[-1] == texts[-1]
    assert held.holds(position, needle) is holds
    assert held.joined == "\x00".join(texts)  # one copy: events' texts are slices of it


def test_the_search_text_of_no_events_is_empty() -> None:
    held = SearchText.of([])
    assert len(held) == 0 and list(held) == [] and held.joined == ""


# Letters common and rare in the generated corpus, CJK in both scripts, digits.
ALPHABET = "aehinstxzq匯汇丰金管局沙盒20"

queries = st.lists(st.text(alphabet=ALPHABET + " ", max_size=5), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    typed=queries,
    actors=st.sets(st.sampled_from(["hkma", "hsbc", "hksar-government", "nobody"]), max_size=2),
    themes=st.sets(st.sampled_from(["payments", "ai", "cross-border"]), max_size=2),
    include_children=st.booleans(),
    status=st.sampled_from([None, "happened", "planned"]),
    date_from=st.sampled_from([None, date(2015, 1, 1)]),
)
def test_every_filter_sequence_equals_a_full_scan(
    generated: tuple[TimelineIndex, list[str]],
    typed: list[str],
    actors: set[str],
    themes: set[str],
    include_children: bool,
    status: str | None,
    date_from: date | None,
) -> None:
    index, haystacks = generated
    base = Filters(
        actors=frozenset(actors),
        themes=frozenset(themes),
        include_children=include_children,
        status=status,
        date_from=date_from,
    )
    # Typing letter by letter, then backspacing: extensions, repeats and fresh queries.
    for query in typed:
        steps = [query[:end] for end in range(len(query) + 1)]
        for step in steps + steps[::-1]:
            filters = Filters(
                query=step,
                actors=base.actors,
                themes=base.themes,
                include_children=base.include_children,
                status=base.status,
                date_from=base.date_from,
            )
            assert index.visible(filters) == reference_visible(index, haystacks, filters)


@pytest.mark.parametrize("needle", ["e", "a", "h", "fin", "hsbc", "zq", "汇丰", "2019"])
def test_common_and_rare_needles_over_every_event(
    generated: tuple[TimelineIndex, list[str]], needle: str
) -> None:
    index, haystacks = generated
    index._results.clear()
    filters = Filters(query=needle)
    assert index.visible(filters) == reference_visible(index, haystacks, filters)


def test_the_cache_hands_over_the_search_text(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events_path, seeds_dir = mini
    written = load_cached(events_path, seeds_dir, cache_dir=tmp_path / "cache")
    written_texts = written.search_texts()
    assert written_texts is not None
    assert list(written_texts) == search_text(written.result.corpus)
    read = load_cached(events_path, seeds_dir, cache_dir=tmp_path / "cache")
    assert read.result.corpus is not written.result.corpus
    read_texts = read.search_texts()
    assert read_texts is not None
    assert list(read_texts) == search_text(read.result.corpus)


def test_a_damaged_search_file_is_ignored(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events_path, seeds_dir = mini
    cache_dir = tmp_path / "cache"
    load_cached(events_path, seeds_dir, cache_dir=cache_dir)
    (search_file,) = cache_dir.glob("*.search.idx")
    data = bytearray(search_file.read_bytes())
    data[-1] ^= 0xFF
    search_file.write_bytes(bytes(data))
    read = load_cached(events_path, seeds_dir, cache_dir=cache_dir)
    assert read.search_texts() is None
    index = TimelineIndex(read.result.corpus, read.search_texts())
    assert list(index.haystacks) == search_text(read.result.corpus)


def _name_part(index: TimelineIndex, common: bool) -> str:
    """A word from an actor's name, held by the most (or fewest) events' names."""
    counts = {actor: len(positions) for actor, positions in index.actor_positions.items()}
    actor = (max if common else min)(counts, key=counts.__getitem__)
    return index.name_texts[("actor", actor)].split()[-1]


@pytest.mark.parametrize(
    "needle",
    ["e", "a", "h", "i", "e a", "a e", "fin", "金", "2023", "zq", "name:common", "name:rare"],
)
@pytest.mark.parametrize("anchor", [0, 1, 250, 599, 600])
@pytest.mark.parametrize("other", [None, "date"])
def test_a_preview_is_the_full_result_around_the_anchor(
    generated: tuple[TimelineIndex, list[str]],
    needle: str,
    anchor: int,
    other: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(query_module, "PREVIEW_POOL", 0)  # 600 events count as many here
    index, haystacks = generated
    if needle.startswith("name:"):
        needle = _name_part(index, needle == "name:common")
    index._results.clear()
    filters = Filters(query=needle)
    if other == "date":  # the text is not scanned: a pool of candidates is tested instead
        filters = replace(filters, date_from=date(2012, 1, 1))
    preview = index.preview(filters, anchor, 7)
    expected = reference_visible(index, haystacks, filters)
    if needle in ("e", "a") and other is None:
        assert preview is not None, "common letters over every event are previewed"
    if preview is None:
        # Searched at once instead, or found whole by the scan and remembered.
        remembered = index.remembered(filters)
        assert remembered is None or remembered == expected
        return
    after = [position for position in expected if position >= anchor][:7]
    before = [position for position in expected if position < anchor][-7:]
    assert preview == before + after


def test_no_preview_when_the_search_is_cheap(
    generated: tuple[TimelineIndex, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index, _ = generated
    index._results.clear()
    assert index.preview(Filters(query="e"), 0, 7) is None, "600 events are searched at once"
    monkeypatch.setattr(query_module, "PREVIEW_POOL", 0)
    assert index.preview(Filters(query="zq"), 0, 7) is None, "a rare word is searched at once"
    assert index.preview(Filters(), 0, 7) is None, "no query, nothing to preview"
    filters = Filters(query="e")
    index.visible(filters)
    assert index.preview(filters, 0, 7) is None, "a remembered result is at hand"
    monkeypatch.setattr(query_module, "PREVIEW_POOL", 100)
    some_actor = min(index.actor_positions, key=lambda actor: len(index.actor_positions[actor]))
    narrow = Filters(query="a", actors=frozenset({some_actor}))
    assert len(index.actor_positions[some_actor]) < 100
    assert index.preview(narrow, 0, 7) is None, "few candidates are searched at once"


def test_compute_stops_when_asked_and_remembers_nothing(
    generated: tuple[TimelineIndex, list[str]],
) -> None:
    index, haystacks = generated
    index._results.clear()
    filters = Filters(query="e")
    assert index.compute(filters, stop=lambda: True) is None
    found = index.compute(filters, stop=lambda: False)
    assert found == reference_visible(index, haystacks, filters)
    assert index.remembered(filters) is None
    assert found is not None
    index.remember(filters, found)
    assert index.remembered(filters) == found


@pytest.mark.parametrize(
    ("first", "then"),
    [("fi", "fin"), ("金", "金融"), ("20", "2023"), ("e", "ex"), ("name", "name+")],
)
@pytest.mark.parametrize("other", [None, "date"])
def test_typing_on_over_a_joined_result_text_equals_a_full_scan(
    generated: tuple[TimelineIndex, list[str]],
    first: str,
    then: str,
    other: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(query_module, "_TEXT_MIN", 1)  # 600 events count as many here
    index, haystacks = generated
    if first == "name":  # a word of a name that events carry, and a longer part of it
        word = _name_part(index, common=False)
        first, then = word[:2], word
    index._results.clear()
    index._text = None
    rest = Filters(date_from=date(2012, 1, 1)) if other == "date" else Filters()
    earlier = replace(rest, query=first)
    found = index.compute(earlier)
    assert found == reference_visible(index, haystacks, earlier)
    if len(found) * 2 < len(index.events):
        assert index._text is not None and index._text.count == len(found)
    index.remember(earlier, found)
    # Two words: the joined text serves the first word searched only.
    both = replace(rest, query=f"{then} 1")
    assert index.visible(both) == reference_visible(index, haystacks, both)
    later = replace(rest, query=then)
    assert index.visible(later) == reference_visible(index, haystacks, later)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("ab", max_size=12), min_size=1, max_size=8),
    st.text("ab", min_size=1, max_size=4),
)
def test_followers_see_every_occurrence_even_overlapping(texts: list[str], word: str) -> None:
    # Two letters make words that overlap themselves ("aa", "aba") and runs of them.
    joined = query_module._SEPARATOR.join(texts)
    text = query_module._Text((Filters(), (word,)), joined, query_module._offsets(texts))
    followers = query_module._followers((Filters(), (word,)), list(range(len(texts))), text)
    assert followers is not None
    for typed in "ab":
        hits = compress(followers.positions, map(typed.__eq__, followers.following))
        assert set(hits) == {index for index, own in enumerate(texts) if word + typed in own}
    # Each occurrence once: none missed, none counted twice.
    starts = [at for own in texts for at in range(len(own)) if own.startswith(word, at)]
    assert len(followers.positions) == len(starts)


@pytest.mark.parametrize(
    ("first", "typed"),
    [("fi", "n"), ("金", "融"), ("20", "2"), ("202", "3"), ("ex", "p"), ("ee", "e"), ("name", "")],
)
@pytest.mark.parametrize("other", [None, "date"])
@pytest.mark.parametrize("words_before", ["", "1 "])
def test_a_letter_typed_on_is_read_off_what_follows_the_word(
    generated: tuple[TimelineIndex, list[str]],
    first: str,
    typed: str,
    other: str | None,
    words_before: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(query_module, "_TEXT_MIN", 1)  # 600 events count as many here
    monkeypatch.setattr(query_module, "_FEW", 1)
    index, haystacks = generated
    if first == "name":  # part of a name that events carry, then one more letter of it
        word = _name_part(index, common=False)
        first, typed = word[:2], word[2]
    index._results.clear()
    index._followers = None
    rest = Filters(date_from=date(2012, 1, 1)) if other == "date" else Filters()
    earlier = replace(rest, query=f"{words_before}{first}")
    found = index.compute(earlier)  # as the worker does: it records what follows the word
    assert found == reference_visible(index, haystacks, earlier)
    index.remember(earlier, found)
    followers = index._followers
    assert followers is not None and followers.key == index._key(earlier)

    if words_before:  # another first word: not a letter typed on
        elsewhere = replace(rest, query=f"9 {first}{typed}")
        assert index.visible(elsewhere) == reference_visible(index, haystacks, elsewhere)

    def no_search(*args: object) -> list[int]:
        raise AssertionError("searched the text instead of reading the followers")

    monkeypatch.setattr(index, "_search", no_search)
    later = replace(rest, query=f"{words_before}{first}{typed}")
    expected = reference_visible(index, haystacks, later)
    assert index.visible(later) == expected
    index._results.pop(index._key(later))
    # The preview reads it off too, when few events can match, and remembers it whole.
    if index.preview(later, len(index.events) // 2, 5) is None:
        assert index.remembered(later) == expected
