"""The loader reads each distinct date once and keeps one copy of strings events repeat,
without changing what it reports: every event's date is its own value and mod, and a bad
date is reported for each event that has it."""

from __future__ import annotations

from pathlib import Path

from tui.core.dates import parse_event_date
from tui.core.loader import load

_EVENT = """
[[events]]
id = "{event_id}"
date = "{value}"
{mod}status = "happened"
title = {{ en = "Event {event_id}", zh = "事件" }}
actors = ["hkma"]
themes = ["payments"]
sources = [{{ source = "hk", quote = "香港金融管理局（金管局）今日公布新措施" }}]
"""


def _with_events(mini: tuple[Path, Path], dates: list[tuple[str, str | None]]) -> Path:
    """The fixture's events file with one more event per (value, mod) of `dates`, in order."""
    events_path, _seeds = mini
    text = events_path.read_text(encoding="utf-8")
    for number, (value, mod) in enumerate(dates):
        mod_line = f'mod = "{mod}"\n' if mod else ""
        text += _EVENT.format(event_id=f"extra-{number}", value=value, mod=mod_line)
    events_path.write_text(text, encoding="utf-8")
    return events_path


def test_events_on_one_date_share_it_and_each_has_its_own_value_and_mod(
    mini: tuple[Path, Path],
) -> None:
    dates: list[tuple[str, str | None]] = [
        ("2020-03", None), ("2020-03", "START"), ("2020-03", None), ("2020-03", "END"),
        ("2020-03", "START"), ("2020", None), ("2020-03-01", None),
    ]  # fmt: skip
    events_path = _with_events(mini, dates)
    result = load(events_path, mini[1])
    assert result.problems == ()
    loaded = {event.id: event for event in result.corpus.events}
    extras = [loaded[f"extra-{number}"] for number in range(len(dates))]
    for event, (value, mod) in zip(extras, dates, strict=True):
        assert event.date == parse_event_date(value, mod)
    first, start, again, end, start_again, *_ = extras
    assert again.date is first.date
    assert start_again.date is start.date
    assert start.date != first.date and end.date != start.date
    # One copy of each repeated string: the ids the events refer to and their status.
    assert again.actors is first.actors and again.actors[0] is first.actors[0]
    assert again.themes is first.themes and again.themes[0] is first.themes[0]
    assert again.quotes[0].source is first.quotes[0].source
    assert again.status is first.status


def test_a_bad_date_is_reported_for_every_event_that_has_it(mini: tuple[Path, Path]) -> None:
    # The file is schema 1: an interval is new in schema 2, reported for each event too.
    dates: list[tuple[str, str | None]] = [
        ("2019-13", None), ("2020-03", None), ("2019-13", None),
        ("2020/2021", None), ("2020/2021", None), ("2020-03", "SOON"), ("2020-03", "SOON"),
    ]  # fmt: skip
    events_path = _with_events(mini, dates)
    result = load(events_path, mini[1])
    messages = [problem.message for problem in result.problems]
    assert messages == [
        "event 'extra-0': bad date '2019-13': month 13 does not exist",
        "event 'extra-2': bad date '2019-13': month 13 does not exist",
        "event 'extra-3': '2020/2021' is an interval, new in schema 2: write 'schema = 2' at "
        "the top of the file (hk-timeline 0.1 reads schema 1 only and will refuse it)",
        "event 'extra-4': '2020/2021' is an interval, new in schema 2: write 'schema = 2' at "
        "the top of the file (hk-timeline 0.1 reads schema 1 only and will refuse it)",
        f"event 'extra-5': {_bad_mod_message()}",
        f"event 'extra-6': {_bad_mod_message()}",
    ]
    kept = {event.id for event in result.corpus.events}
    assert "extra-1" in kept
    assert not kept & {"extra-0", "extra-2", "extra-3", "extra-4", "extra-5", "extra-6"}


def _bad_mod_message() -> str:
    try:
        parse_event_date("2020-03", "SOON")
    except Exception as error:
        return str(error)
    raise AssertionError("SOON is not a mod")
