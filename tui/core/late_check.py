"""A check run after the corpus is shown (the date_text cross-check), and what it changes.

The loader can leave the date_text cross-check out (it is the slowest part of a cold load);
the app then shows the corpus at once and runs the check in a worker. The check's answer is
what the loader would have added: problems, and the events those problems leave out of the
corpus (an event with a problem is never shown). `with_findings` applies it, so the result
is the one a load with the check gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from tui.core.errors import Problem
from tui.core.loader import LoadResult

__all__ = ["LateCheck", "LateFindings", "date_text_check", "with_findings"]


@dataclass(frozen=True, slots=True)
class LateFindings:
    """What a check run after loading found."""

    problems: tuple[Problem, ...]
    """The problems, as the loader words and places them."""
    left_out: frozenset[str]
    """Ids of the events these problems leave out of the corpus."""


LateCheck = Callable[[LoadResult], LateFindings]
"""Checks a result loaded without it, returning what the loader would have added."""


def with_findings(result: LoadResult, findings: LateFindings) -> LoadResult:
    """`result` with the findings added: their problems after its own, their events left out.

    Args:
        result: what the load without the check gave.
        findings: what the check found on it.

    Returns:
        The result a load with the check gives (the problems in the order above).
    """
    corpus = result.corpus
    if findings.left_out:
        kept = tuple(event for event in corpus.events if event.id not in findings.left_out)
        corpus = replace(corpus, events=kept)
    return LoadResult(corpus, result.problems + findings.problems)


def date_text_check(events_path: Path) -> LateCheck:
    """The date_text cross-check of `events_path`'s events, for a result loaded without it.

    Its problems carry the loader's words (`tui.core.cross_check`) and the lines the loader
    would give, read from the file as it is when the check runs.

    Args:
        events_path: the events file the result was loaded from, as the user named it.

    Returns:
        A check that finds the date_text problems of a result and the events they leave out.
    """

    def check(result: LoadResult) -> LateFindings:
        from tui.core.cross_check import cross_check
        from tui.core.loader import EventLines, read_events_text
        from tui.core.temporal import resolve_date_text

        corpus = result.corpus
        found = cross_check(corpus, resolve_date_text, schema=_file_schema(events_path))
        if not found.problems:
            return LateFindings((), frozenset())
        # The whole text (twice the file's size in memory) only when there is a line to find.
        lines = EventLines(read_events_text(events_path))
        by_id = {event.id: event for event in corpus.events}
        shown = str(events_path)
        problems = tuple(
            Problem(shown, lines.line(by_id[problem.event_id], problem.key), problem.message)
            for problem in found.problems
        )
        return LateFindings(problems, frozenset(problem.event_id for problem in found.problems))

    return check


def _file_schema(events_path: Path) -> int:
    """The schema the loader read `events_path` as, from the lines before its first table.

    TOML puts top-level keys (``schema``) before any table, so the head of the file holds it;
    a head that does not parse on its own (a multi-line string with a line starting "[")
    is read with the whole file instead.
    """
    from tui.core.loader import EventLines, read_events_text
    from tui.core.toml_parse import parse_toml

    head = []
    with events_path.open(encoding="utf-8", newline="") as file:
        for line in file:
            if line.lstrip().startswith("["):
                break
            head.append(line)
    text = "".join(head)
    try:
        parse_toml(text)
    except Exception:
        text = read_events_text(events_path)
    return EventLines(text).schema()
