"""The cross-check after loading says what the loader says when it checks while loading."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tui.core.cross_check import Claim, check_claim, claim_of, claims, cross_check
from tui.core.loader import load_text
from tui.core.model import Quote, Source
from tui.core.temporal import resolve_date_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FIXTURES = (
    (DATA / "mini" / "events.toml", DATA / "mini" / "seeds"),
    (DATA / "spans" / "events.toml", DATA / "spans" / "seeds"),
    (DATA / "hostile" / "events.toml", DATA / "hostile" / "seeds"),
    (DATA / "schema1_events.toml", ROOT / "seeds"),
    (ROOT / "events.toml", ROOT / "seeds"),
)
_DATE_LINE = re.compile(r'^date = "([^"]*)"$', re.MULTILINE)
_DATE_TEXT_LINE = re.compile(r'^date_text = "([^"\\])[^"]*"$', re.MULTILINE)
_SCHEMA_LINE = re.compile(r"^schema = [12]$", re.MULTILINE)


def _rotated_dates(text: str) -> str:
    """Every event given the date of the event before it, so most date_texts disagree."""
    values = _DATE_LINE.findall(text)
    shifted = iter(values[-1:] + values[:-1])
    return _DATE_LINE.sub(lambda _: f'date = "{next(shifted)}"', text)


def _first_characters(text: str) -> str:
    """Every date_text cut to its first character, which reads as no date at all."""
    return _DATE_TEXT_LINE.sub(lambda match: f'date_text = "{match[1]}"', text)


def _as_schema(schema: int) -> Callable[[str], str]:
    def change(text: str) -> str:
        return _SCHEMA_LINE.sub(f"schema = {schema}", text)

    return change


VARIANTS: dict[str, Callable[[str], str]] = {
    "as written": lambda text: text,
    "dates rotated": _rotated_dates,
    "date_texts cut": _first_characters,
    "schema 2": _as_schema(2),
    "schema 1, dates rotated": lambda text: _rotated_dates(_as_schema(1)(text)),
}


def _schema(text: str) -> int:
    match = re.search(r"^schema = ([12])$", text, re.MULTILINE)
    return int(match[1]) if match else 1


def _cross_check_messages(messages: list[str]) -> list[str]:
    return [
        message
        for message in messages
        if re.match(r"event '[^']*': date_text '.*' (does not resolve|resolves to)", message)
    ]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("events", "seeds"), FIXTURES, ids=lambda path: path.parent.name)
def test_the_same_messages_as_the_loader(events: Path, seeds: Path, variant: str) -> None:
    text = VARIANTS[variant](events.read_text(encoding="utf-8"))
    checked = load_text(text, str(events), seeds, check_date_text=resolve_date_text)
    unchecked = load_text(text, str(events), seeds)
    found = cross_check(unchecked.corpus, resolve_date_text, schema=_schema(text))

    expected = _cross_check_messages([problem.message for problem in checked.problems])
    # What the loader says of events it also leaves out for another reason is only found
    # with their claims passed as `more`; every other message must be the same.
    kept = {event.id for event in unchecked.corpus.events}
    expected = [m for m in expected if m.split("'")[1] in kept]
    assert sorted(problem.message for problem in found.problems) == sorted(expected)
    assert all(problem.key == "date_text" for problem in found.problems)
    # The events it names are exactly those the checking loader left out.
    left_out = kept - {event.id for event in checked.corpus.events}
    assert {problem.event_id for problem in found.problems} == left_out


def test_the_variants_reach_every_message() -> None:
    events, seeds = FIXTURES[3]
    seen = ""
    for change in VARIANTS.values():
        text = change(events.read_text(encoding="utf-8"))
        corpus = load_text(text, str(events), seeds).corpus
        seen += "\n".join(
            p.message for p in cross_check(corpus, resolve_date_text, schema=_schema(text)).problems
        )
    assert "does not resolve to a date" in seen
    assert "but the event says" in seen


SOURCES = {
    "s1": Source("s1", "a.txt", "A", "P", date(2025, 11, 6), None, "zh-Hant", ""),
    "s2": Source("s2", "b.txt", "B", "P", date(2024, 3, 1), None, "en", ""),
}


def _claim(date_text: str, value: str, mod: str | None = None, source: str = "s1") -> Claim:
    claim = claim_of(
        "e1", date_text, [Quote(source, f"x {date_text} y", 0, 1)], value, mod, SOURCES
    )
    assert claim is not None
    return claim


@pytest.mark.parametrize(
    ("date_text", "value", "mod", "schema", "message"),
    [
        ("2019年7月", "2019-07", None, 2, None),
        ("今年5月", "2025-05", None, 2, None),
        ("明年年中", "2026", "MID", 2, None),
        (
            "明年年中",
            "2026",
            None,
            2,
            "event 'e1': date_text '明年年中' resolves to 2026 MID (against s1 published "
            "2025-11-06) but the event says 2026",
        ),
        (
            "2019年7月",
            "2019-08",
            "END",
            1,
            "event 'e1': date_text '2019年7月' resolves to 2019-07 (against s1 published "
            "2025-11-06) but the event says 2019-08 END",
        ),
        (
            "香港",
            "2019",
            None,
            2,
            "event 'e1': date_text '香港' does not resolve to a date (against s1 published "
            "2025-11-06)",
        ),
        # Schema 1 reads "by 2024" as the point 2024; schema 2 as the open interval.
        ("截至2024年", "2024", None, 1, None),
        (
            "截至2024年",
            "2024",
            None,
            2,
            "event 'e1': date_text '截至2024年' resolves to /2024 (against s1 published "
            "2025-11-06) but the event says 2024",
        ),
        ("截至2024年", "/2024", None, 2, None),
    ],
)
def test_check_claim(
    date_text: str, value: str, mod: str | None, schema: int, message: str | None
) -> None:
    assert check_claim(_claim(date_text, value, mod), resolve_date_text, schema=schema) == message


def test_no_claim_without_a_date_text_in_a_quote() -> None:
    quotes = [Quote("s1", "nothing here", 0, 1), Quote("s2", "in March 2024", 0, 1)]
    assert claim_of("e1", None, quotes, "2024", None, SOURCES) is None
    assert claim_of("e1", "2019", quotes, "2024", None, SOURCES) is None
    # The first quote holding the words gives the date they are read against.
    claim = claim_of("e1", "March", quotes, "2024-03", None, SOURCES)
    assert claim is not None and (claim.source, claim.published) == ("s2", date(2024, 3, 1))


def test_claims_already_passed_are_not_checked_again() -> None:
    events, seeds = FIXTURES[4]
    text = _rotated_dates(events.read_text(encoding="utf-8"))
    corpus = load_text(text, str(events), seeds).corpus
    asked: list[str] = []

    def counting(
        date_text: str, published: date, /, *, points: bool = False
    ) -> tuple[str, str | None] | None:
        asked.append(date_text)
        return resolve_date_text(date_text, published, points=points)

    first = cross_check(corpus, counting, schema=2)
    distinct = len({claim.key(2) for claim in claims(corpus)})
    assert first.problems and first.passed and len(asked) >= distinct
    assert first.passed <= {claim.key(2) for claim in claims(corpus)}
    asked.clear()
    again = cross_check(corpus, counting, schema=2, passed=first.passed)
    assert again == first
    # Only the claims that failed are read again (each a second time for its message).
    failed = {problem.event_id for problem in first.problems}
    assert sorted(set(asked)) == sorted(
        {event.date_text for event in corpus.events if event.id in failed}
    )
    # A key found under another schema does not count.
    asked.clear()
    cross_check(corpus, counting, schema=1, passed=first.passed)
    assert len(asked) >= distinct


def test_more_claims_are_checked_after_the_corpus() -> None:
    corpus = load_text("", "events.toml", DATA / "mini" / "seeds").corpus
    found = cross_check(
        corpus,
        resolve_date_text,
        schema=2,
        more=[_claim("2019年7月", "2020"), _claim("香港", "2019")],
    )
    assert [problem.message.split(" date_text ")[1][:6] for problem in found.problems] == [
        "'2019年",
        "'香港' d",
    ]
