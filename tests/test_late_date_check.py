"""The date_text check run after the first paint ends where a load with the check ends.

`tui.core.late_check.date_text_check` is what `hk-timeline` hands the app: a corpus loaded
without the cross-check, then the check's findings applied, must equal a load with it — the
same events shown, the same problems at the same lines (a late problem only comes last).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cross_check import FIXTURES, VARIANTS

from tui.core.late_check import date_text_check, with_findings
from tui.core.loader import load
from tui.core.temporal import resolve_date_text


@pytest.mark.parametrize("variant", ["as written", "dates rotated", "schema 1, dates rotated"])
@pytest.mark.parametrize(("events", "seeds"), FIXTURES, ids=lambda path: path.parent.name)
def test_a_late_check_ends_as_a_checked_load(
    events: Path, seeds: Path, variant: str, tmp_path: Path
) -> None:
    copy = tmp_path / "events.toml"
    copy.write_text(VARIANTS[variant](events.read_text(encoding="utf-8")), encoding="utf-8")
    checked = load(copy, seeds, check_date_text=resolve_date_text)
    unchecked = load(copy, seeds, check_date_text=None)
    late = with_findings(unchecked, date_text_check(copy)(unchecked))
    assert [event.id for event in late.corpus.events] == [
        event.id for event in checked.corpus.events
    ]
    assert late.corpus == checked.corpus
    assert sorted(map(str, late.problems)) == sorted(map(str, checked.problems))


def test_the_rotated_variant_finds_problems_to_apply(tmp_path: Path) -> None:
    events, seeds = FIXTURES[-1]
    copy = tmp_path / "events.toml"
    copy.write_text(VARIANTS["dates rotated"](events.read_text(encoding="utf-8")), "utf-8")
    unchecked = load(copy, seeds, check_date_text=None)
    findings = date_text_check(copy)(unchecked)
    assert len(findings.problems) > 10
    assert findings.left_out <= {event.id for event in unchecked.corpus.events}
    assert all(str(problem).startswith(f"{copy}:") for problem in findings.problems)
