"""The benchmark corpus generator: deterministic, varied, and clean for the loader."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import import_generator
from tui.core.loader import LoadResult, load
from tui.core.temporal import resolve_date_text

gen_corpus = import_generator()


def _generate(directory: Path, size: int, seed: int = 6) -> LoadResult:
    gen_corpus.generate(size, directory, seed=seed)
    return load(directory / "events.toml", directory / "seeds")


def _digest(directory: Path) -> str:
    digest = hashlib.blake2b()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus_300(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadResult]:
    directory = tmp_path_factory.mktemp("gen") / "corpus"
    return directory, _generate(directory, 300)


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_loads_without_problems(tmp_path: Path, size: int) -> None:
    result = _generate(tmp_path / "corpus", size)
    assert result.problems == ()
    assert len(result.corpus.events) == size
    assert len(result.corpus.sources) == -(-size // 10)


def test_300_events_over_30_articles(corpus_300: tuple[Path, LoadResult]) -> None:
    directory, result = corpus_300
    assert result.problems == ()
    assert len(result.corpus.events) == 300
    assert len(result.corpus.sources) == 30
    assert len(list((directory / "seeds").glob("*.txt"))) == 30
    assert 250 <= len(result.corpus.actors) <= 350
    assert 8 <= len(result.corpus.themes) <= 14


def test_the_cross_check_agrees_with_every_date(corpus_300: tuple[Path, LoadResult]) -> None:
    directory, _ = corpus_300
    checked = load(
        directory / "events.toml", directory / "seeds", check_date_text=resolve_date_text
    )
    assert checked.problems == ()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    gen_corpus.generate(120, tmp_path / "a", seed=1)
    gen_corpus.generate(120, tmp_path / "b", seed=1)
    gen_corpus.generate(120, tmp_path / "c", seed=2)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_each_quote_occurs_exactly_once(corpus_300: tuple[Path, LoadResult]) -> None:
    _, result = corpus_300
    sources = result.corpus.sources
    for event in result.corpus.events:
        assert event.quotes
        for quote in event.quotes:
            assert sources[quote.source].text.count(quote.text) == 1


def test_content_is_mixed(corpus_300: tuple[Path, LoadResult]) -> None:
    _, result = corpus_300
    corpus = result.corpus
    languages = {source.language for source in corpus.sources.values()}
    assert {"zh-Hant", "zh-Hans", "en"} <= languages
    forms = Counter(
        re.sub(r"\d", "9", event.date.value).replace("Q9", "Qn").replace("H9", "Hn")
        for event in corpus.events
    )
    assert set(forms) == {"9999", "9999-99", "9999-99-99", "9999-Qn", "9999-Hn"}
    assert {event.date.mod for event in corpus.events} == {None, "START", "MID", "END"}
    assert {event.status for event in corpus.events} == {"happened", "planned"}
    years = [event.date.year for event in corpus.events]
    assert 2007 <= min(years) and max(years) <= 2032
    assert {len(event.actors) for event in corpus.events} == {1, 2, 3}
    assert any(event.summary is not None for event in corpus.events)
    notes = [source.published_note for source in corpus.sources.values()]
    assert any(notes) and not all(notes)
    relative = ("今年", "去年", "明年", "this year", "last year", "next year")
    assert any(event.date_text and event.date_text.startswith(relative) for event in corpus.events)


def test_actors_have_aliases_in_three_scripts_and_a_hierarchy(
    corpus_300: tuple[Path, LoadResult],
) -> None:
    _, result = corpus_300
    actors = result.corpus.actors
    assert sum(actor.parent is not None for actor in actors.values()) >= 50
    hsbc = actors["hsbc"]
    assert {"HSBC", "滙豐銀行", "汇丰银行"} <= set(hsbc.aliases)
    assert any(child.parent == "hsbc" for child in actors.values())


def test_refuses_to_overwrite_a_real_events_file(tmp_path: Path) -> None:
    (tmp_path / "events.toml").write_text("schema = 1\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        gen_corpus.generate(10, tmp_path)
    assert (tmp_path / "events.toml").read_text(encoding="utf-8") == "schema = 1\n"


def test_regenerating_replaces_the_old_articles(tmp_path: Path) -> None:
    gen_corpus.generate(50, tmp_path)
    result = _generate(tmp_path, 20)
    assert len(list((tmp_path / "seeds").glob("*.txt"))) == 2
    assert result.problems == ()


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gen_corpus.main(["25", str(tmp_path / "out")]) == 0
    assert "25 events, 3 articles" in capsys.readouterr().out
    assert load(tmp_path / "out" / "events.toml", tmp_path / "out" / "seeds").problems == ()
