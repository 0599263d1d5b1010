"""The date_text cross-check run after loading gives the loader's own problems, on its lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINI, REAL_EVENTS, REAL_SEEDS
from tui.core.cross_check import cross_check
from tui.core.errors import Problem
from tui.core.loader import EventLines, LoadResult, load
from tui.core.temporal import resolve_date_text


def _checked_after(events_path: Path, seeds_dir: Path) -> tuple[LoadResult, list[Problem]]:
    result = load(events_path, seeds_dir)
    lines = EventLines(events_path.read_text(encoding="utf-8"))
    schema = lines.schema()
    events = {event.id: event for event in result.corpus.events}
    found = cross_check(result.corpus, resolve_date_text, schema=schema)
    problems = [
        Problem(
            str(events_path), lines.line(events[problem.event_id], problem.key), problem.message
        )
        for problem in found.problems
    ]
    return result, problems


# Each edit makes one event's date_text disagree with its date (or not resolve at all).
_EDITS = [
    ('date = "2019-07"', 'date = "2019-08"'),
    ('date = "2025-05"', 'date = "2024-05"'),
    ('date_text = "In October"', 'date_text = "October"'),
    ('date = "2026"\n', 'date = "2027"\n'),
]


@pytest.mark.parametrize("schema", ["1", "2"])
@pytest.mark.parametrize("edit", _EDITS, ids=[new for _old, new in _EDITS])
def test_the_check_after_loading_finds_what_the_loader_finds(
    tmp_path: Path, edit: tuple[str, str], schema: str
) -> None:
    text = (MINI / "events.toml").read_text(encoding="utf-8")
    old, new = edit
    assert old in text
    # A comment line above the events shifts every line, so a line off by one would show.
    text = text.replace(old, new, 1).replace("schema = 1", f"schema = {schema}\n# moved")
    events_path = tmp_path / "events.toml"
    events_path.write_text(text, encoding="utf-8")
    full = load(events_path, MINI / "seeds", check_date_text=resolve_date_text)
    unchecked, found = _checked_after(events_path, MINI / "seeds")
    assert full.problems and found == list(full.problems)
    # The loader leaves an event with a problem out; the app leaves out the same ones.
    flagged = {problem.message.split("'")[1] for problem in found}
    kept = [event for event in unchecked.corpus.events if event.id not in flagged]
    assert kept == list(full.corpus.events)


@pytest.mark.parametrize(
    ("events_path", "seeds_dir"),
    [(REAL_EVENTS, REAL_SEEDS), (MINI / "events.toml", MINI / "seeds")],
)
def test_a_clean_corpus_checked_after_loading_has_no_problem(
    events_path: Path, seeds_dir: Path
) -> None:
    assert not load(events_path, seeds_dir, check_date_text=resolve_date_text).problems
    assert _checked_after(events_path, seeds_dir)[1] == []


@pytest.mark.parametrize(("header", "schema"), [("schema = 1", 1), ("schema = 2", 2), ("", 2)])
def test_the_schema_is_read_as_the_loader_reads_it(header: str, schema: int) -> None:
    text = f'{header}\n[[events]]\nid = "a"\n[[events]]\nid = "b"\n'
    assert EventLines(text).schema() == schema
