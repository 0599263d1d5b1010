"""The bundled corpus: byte-identical articles, a clean events.toml, and a complete timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REAL_EVENTS, REAL_SEEDS, ROOT
from tui.core.dates import parse_event_date, sort_key
from tui.core.export import export
from tui.core.loader import load
from tui.core.model import Corpus

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    from tui.core.temporal import resolve_date_text

    result = load(REAL_EVENTS, REAL_SEEDS, check_date_text=resolve_date_text)
    assert [str(problem) for problem in result.problems] == []
    return result.corpus


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout")
@pytest.mark.parametrize(
    "name",
    sorted(path.name for path in SHARED_SEEDS.glob("*.txt")) if SHARED_SEEDS.is_dir() else [],
)
def test_articles_are_byte_identical_to_shared_seeds(name: str) -> None:
    assert (REAL_SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_every_article_is_a_source(corpus: Corpus) -> None:
    files = sorted(source.file for source in corpus.sources.values())
    assert files == sorted(path.name for path in REAL_SEEDS.glob("*.txt"))
    for source in corpus.sources.values():
        printed = source.published.isoformat() in source.text
        assert printed or source.published_note, f"{source.id}: inferred date needs a note"


def test_timeline_is_complete(corpus: Corpus) -> None:
    events = corpus.events
    assert len(events) >= 45
    assert 8 <= len(corpus.themes) <= 14
    assert events[0].date.year == 2007
    assert {event.date.year for event in events} >= {2007, 2019, 2024, 2025, 2026}
    assert any(event.status == "planned" for event in events)
    for event in events:
        assert event.title.en.strip() and event.title.zh.strip()
        assert event.actors and event.themes and event.quotes


def test_key_events_are_dated_from_the_articles(corpus: Corpus) -> None:
    def dates_of(word: str) -> set[tuple[str, str | None]]:
        return {
            (event.date.value, event.date.mod)
            for event in corpus.events
            if any(word in quote.text for quote in event.quotes)
        }

    assert ("2007", None) in dates_of("莎莎")
    assert ("2019-07/", None) in dates_of("自2019年7月起")  # since July 2019
    assert ("/2024", None) in dates_of("截至2024年")  # by 2024
    assert ("2025", "MID") in dates_of("明年年中")
    assert ("2024-11-15", None) in dates_of("11月15日")


def test_every_organisation_has_aliases_in_several_scripts(corpus: Corpus) -> None:
    for alias in [
        "HSBC",
        "匯豐",
        "滙豐",
        "汇丰",
        "HKMA",
        "金管局",
        "螞蟻國際",
        "蚂蚁国际",
        "AlipayHK",
        "港交所",
        "SFC",
        "證監會",
        "证监会",
    ]:
        assert any(
            alias in (actor.name.en, actor.name.zh, *actor.aliases)
            for actor in corpus.actors.values()
        ), alias


def test_json_export_quotes_sit_at_their_offsets(corpus: Corpus) -> None:
    document = json.loads(export(corpus, corpus.events, "json"))
    texts = {
        source["file"]: (REAL_SEEDS / source["file"]).read_text(encoding="utf-8")
        for source in document["sources"]
    }
    checked = 0
    for event in document["events"]:
        for quote in event["sources"]:
            assert texts[quote["file"]][quote["start"] : quote["end"]] == quote["quote"]
            checked += 1
    assert checked >= len(document["events"])
    keys = [
        sort_key(parse_event_date(event["date"]["value"], event["date"]["mod"]))
        for event in document["events"]
    ]
    assert keys == sorted(keys)


def test_real_corpus_validates_from_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-m", "tui", "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert " events (2007–" in completed.stdout


def test_every_hint_is_weighed(corpus: Corpus) -> None:
    """The bundled file carries no hint that has not been acknowledged with a reason."""
    from tests.conftest import REAL_EVENTS
    from tui.core.hints import find_hints
    from tui.core.query import TimelineIndex

    text = REAL_EVENTS.read_text(encoding="utf-8")
    hints = find_hints(TimelineIndex(corpus), text)
    assert hints, "the bundled file has hints, each acknowledged"
    assert [hint for hint in hints if hint.acknowledged is None] == []


def test_people_are_actors_of_what_they_said(corpus: Corpus) -> None:
    people = {actor.id for actor in corpus.actors.values() if actor.is_person}
    assert {"john-lee", "paul-chan", "eddie-yue", "eric-jing", "christopher-hui"} <= people
    eddie = corpus.actors["eddie-yue"]
    assert eddie.parent == "hkma" and eddie.role is not None
    for actor in corpus.actors.values():
        assert all(
            alias not in ("余偉文", "Eric Jing", "井賢棟")
            for alias in actor.aliases
            if not actor.is_person
        ), actor.id
    assert any("eddie-yue" in event.actors for event in corpus.events)
