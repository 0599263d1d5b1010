"""Property tests: whatever the events file holds, the loader answers with located problems."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI
from tui.errors import Problem
from tui.loader import load_text

BASE = (MINI / "events.toml").read_text(encoding="utf-8")
SEEDS = MINI / "seeds"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def check(text: str) -> None:
    result = load_text(text, "events.toml", SEEDS)
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.message.strip()
        assert problem.line >= 0
        assert str(problem).startswith(f"{problem.path}:{problem.line}: ")
    for event in result.corpus.events:
        for quote in event.quotes:
            assert result.corpus.sources[quote.source].text[quote.start : quote.end] == quote.text


@SETTINGS
@given(st.text())
def test_any_text(text: str) -> None:
    check(text)


@SETTINGS
@given(st.integers(0, len(BASE)), st.integers(0, 60), st.text(max_size=12))
def test_any_edit_of_a_valid_file(position: int, cut: int, insert: str) -> None:
    check(BASE[:position] + insert + BASE[position + cut :])


SCALARS = (
    st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8) | st.dates()
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=10,
)
EVENT_KEYS = ["id", "date", "mod", "status", "date_text", "title", "summary", "actors", "themes",
              "sources", "extra"]


@SETTINGS
@given(
    st.lists(st.dictionaries(st.sampled_from(EVENT_KEYS), VALUES, max_size=8), max_size=4),
    st.dictionaries(st.text(max_size=5), st.dictionaries(st.text(max_size=8), VALUES, max_size=4),
                    max_size=3),
)
def test_any_structure(events: list[dict[str, object]], sources: dict[str, object]) -> None:
    document = tomlkit.parse(BASE)
    document["events"] = events
    document["sources"] = sources
    try:
        text = tomlkit.dumps(document)
    except Exception:  # noqa: BLE001 - tomlkit cannot write every generated value
        return
    check(text)


def test_path_is_reported_as_given(tmp_path: Path) -> None:
    result = load_text("schema = [", "my events.toml", tmp_path)
    assert str(result.problems[0]).startswith("my events.toml:1: TOML syntax error, column 11")
