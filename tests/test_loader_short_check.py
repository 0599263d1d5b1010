"""The short check of well-formed events gives exactly what the full check gives.

`_well_formed` and `_well_formed_quotes` take most events the short way and hand anything
unusual to the full check; a hypothesis table of events varied key by key (types, blanks,
unknown ids, duplicates, extra keys, quotes missing, ambiguous or from a broken article),
loaded both ways, must give the same corpus and the same problems on the same lines.
"""

from __future__ import annotations

import datetime
import shutil
import tomllib
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import tomlkit
from hypothesis import strategies as st

from tests.conftest import MINI
from tui.core import loader

BASE = tomllib.loads((MINI / "events.toml").read_text(encoding="utf-8"))
HEAD = {key: value for key, value in BASE.items() if key != "events"}
HEAD["sources"]["spaced"] = {
    "file": "spaced.txt",
    "title": "Spaced",
    "publisher": "Somebody",
    "published": datetime.date(2025, 1, 2),
    "published_note": "made up for the test",
    "language": "en",
}
HEAD["sources"]["gone"] = {  # an article that cannot be read: its events are left out
    "file": "gone.txt",
    "title": "Gone",
    "publisher": "Nobody",
    "published": datetime.date(2025, 1, 1),
    "language": "en",
}

# What each key may be replaced by: a few right values and many wrong ones.
VARIANTS: dict[str, list[Any]] = {
    "id": ["e0", "e1", "fresh-id", "", "bad id", 7, ["x"]],
    "date": [
        "2019-07",
        "2025-11-06",
        "2026",
        "2019-13",
        "2020/2025",
        datetime.date(2024, 10, 28),
        2019,
    ],
    "mod": ["MID", "START", "", "SOON", 3],
    "status": ["happened", "planned", "rumoured", "", 1],
    "date_text": ["2019年7月", "今年5月", "not in the quote", "", 5],
    "title": [
        {"en": "A", "zh": "甲"},
        {"en": "A"},
        {"en": " ", "zh": "甲"},
        {"en": "A", "zh": "甲", "fr": "A"},
        {"en": 1, "zh": "甲"},
        "A",
    ],
    "summary": [{"en": "S", "zh": "乙"}, {"zh": "乙"}, {"en": "S", "zh": ""}, "S", []],
    "actors": [["hkma"], ["hkma", "hsbc"], ["hkma", "hkma"], [], ["nobody"], "hkma", [1]],
    "themes": [["payments"], ["sandbox", "payments"], ["payments", "payments"], [], ["x"], [2.5]],
    "sources": [
        [{"source": "hk", "quote": "2019年7月，AlipayHK與內地支付寶實現互聯互通"}],
        [
            {"source": "hk", "quote": "今年5月，匯豐與螞蟻國際推出代幣化存款服務"},
            {"source": "en", "quote": "In October, Ant International joined HSBC in a pilot."},
        ],
        [{"source": "hk", "quote": "金管局", "occurrence": 1}],
        [{"source": "hk", "quote": "金管局"}],  # ambiguous
        [{"source": "hk", "quote": "not in the article"}],
        [{"source": "hk", "quote": "  "}],
        [{"source": "spaced", "quote": "  "}],  # a blank quote found once
        [{"source": "spaced", "quote": "beta"}],
        [{"source": "spaced", "quote": "beta", "occurrence": 2}],
        [{"source": "nowhere", "quote": "x"}],
        [{"source": "gone", "quote": "x"}],
        [{"source": "hk", "quote": "金管局預計明年年中推出試點", "note": "extra"}],
        [{"source": 1, "quote": "x"}],
        [],
        "hk",
        ["hk"],
    ],
    "extra": ["an unknown key"],
}

KEYS = sorted(VARIANTS)


@st.composite
def _events(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Events of the mini corpus under new ids, each with up to two keys changed or dropped,
    so that most events here could take the short way and many nearly could."""
    events = []
    for number in range(draw(st.integers(1, 8))):
        event = {**draw(st.sampled_from(BASE["events"])), "id": f"e{number}"}
        for key in draw(st.lists(st.sampled_from(KEYS + [f"-{key}" for key in KEYS]), max_size=2)):
            if key.startswith("-"):
                event.pop(key[1:], None)
            else:
                event[key] = draw(st.sampled_from(VARIANTS[key]))
        events.append(event)
    return events


EVENTS = _events()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    shutil.copytree(MINI / "seeds", folder, dirs_exist_ok=True)
    (folder / "spaced.txt").write_text("Alpha  beta.\n", encoding="utf-8")
    return folder


# One test per schema, so that the suite's two workers share the 500 examples.
@pytest.mark.parametrize("schema", [1, 2])
@hypothesis.settings(max_examples=250, deadline=None)
@hypothesis.given(events=EVENTS, check=st.booleans())
def test_the_short_check_gives_what_the_full_check_gives(
    seeds: Path, events: list[dict[str, Any]], schema: int, check: bool
) -> None:
    text = tomlkit.dumps({**HEAD, "schema": schema, "events": events})
    checker = _reading if check else None
    shown = "events.toml"
    short = loader.load_text(text, shown, seeds, check_date_text=checker)
    loader._SHORT_CHECK = False
    try:
        full = loader.load_text(text, shown, seeds, check_date_text=checker)
    finally:
        loader._SHORT_CHECK = True
    assert short.corpus == full.corpus
    assert short.problems == full.problems


def _reading(
    date_text: str, published: datetime.date, /, *, points: bool = False
) -> tuple[str, str | None] | None:
    """A date_text check that reads one date from every text but an empty one."""
    return ("2019-07", None) if date_text else None


def test_the_short_check_is_taken(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The table above would pass with the short check never taken: the mini corpus's
    # events must go the short way.
    full: list[int] = []
    real = loader._Validator._event_checked

    def counted(self: Any, index: int, *args: Any) -> Any:
        full.append(index)
        return real(self, index, *args)

    monkeypatch.setattr(loader._Validator, "_event_checked", counted)
    events = [BASE["events"][0], {**BASE["events"][0], "id": "again"}]
    text = tomlkit.dumps({**HEAD, "events": events})
    result = loader.load_text(text, "events.toml", seeds)
    assert sorted(event.id for event in result.corpus.events) == ["again", "wallet-link"]
    assert full == []


def _both_ways(seeds: Path, text: str) -> None:
    """Load `text` the short way and the full way: the same corpus and problems."""
    checker = _reading
    short = loader.load_text(text, "events.toml", seeds, check_date_text=checker)
    loader._SHORT_CHECK = False
    try:
        full = loader.load_text(text, "events.toml", seeds, check_date_text=checker)
    finally:
        loader._SHORT_CHECK = True
    assert (short.corpus, short.problems) == (full.corpus, full.problems)


@pytest.mark.parametrize("schema", [1, 2])
def test_every_single_change_is_checked_alike(seeds: Path, schema: int) -> None:
    # Each variant alone, on an event that is otherwise right and follows one that is: the
    # cases the random table above may meet only rarely.
    base = BASE["events"][0]
    for key, values in VARIANTS.items():
        for value in values:
            events = [base, {**base, "id": "changed", key: value}]
            _both_ways(seeds, tomlkit.dumps({**HEAD, "schema": schema, "events": events}))
        events = [base, {k: v for k, v in base.items() if k != key} | {"id": "dropped"}]
        _both_ways(seeds, tomlkit.dumps({**HEAD, "schema": schema, "events": events}))
