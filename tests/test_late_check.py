"""with_findings: a late check's problems and left-out events applied to a loaded result."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.errors import Problem
from tui.core.late_check import LateFindings, with_findings
from tui.core.loader import LoadResult, load

MINI = Path(__file__).resolve().parent / "data" / "mini"
LOADED = load(MINI / "events.toml", MINI / "seeds")
FIRST, SECOND = LOADED.corpus.events[0].id, LOADED.corpus.events[1].id
LATE = Problem("events.toml", 9, "event 'x': date_text 'May' resolves to 2024-05")


@pytest.mark.parametrize(
    ("findings", "left_out", "added"),
    [
        (LateFindings((), frozenset()), set(), ()),
        (LateFindings((LATE,), frozenset()), set(), (LATE,)),
        (LateFindings((LATE,), frozenset({FIRST})), {FIRST}, (LATE,)),
        (LateFindings((LATE, LATE), frozenset({FIRST, SECOND})), {FIRST, SECOND}, (LATE, LATE)),
        (LateFindings((LATE,), frozenset({"not-an-event"})), set(), (LATE,)),
    ],
)
def test_with_findings(
    findings: LateFindings, left_out: set[str], added: tuple[Problem, ...]
) -> None:
    result = with_findings(LOADED, findings)
    assert result.problems == LOADED.problems + added
    assert [event.id for event in result.corpus.events] == [
        event.id for event in LOADED.corpus.events if event.id not in left_out
    ]
    assert result.corpus.sources is LOADED.corpus.sources
    assert isinstance(result, LoadResult)
