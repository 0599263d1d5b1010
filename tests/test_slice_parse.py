"""A big file's slices parsed by helper processes give what this process alone gives.

Each helper is waited for until it has parsed its whole run (`_WAIT_FOR_HELPER`), so a test
sees the helpers' answers, not a race it happens to win; a slice that came from no helper is
seen parsed here (`_spy`).
"""

from __future__ import annotations

import math
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import import_generator, no_children_left
from tui.core import loader, slice_parse
from tui.core.toml_parse import parse_toml

# Each table is one slice, written as a user might: the awkward values TOML allows.
TABLES = [
    'id = "plain"\ntitle = { en = "A", zh = "甲" }\n',
    'id = "floats"\nx = [nan, -nan, inf, -inf, -0.0, 0.0, 1e300, 5e-324]\n',
    'id = "ints"\nbig = 9223372036854775807\nsmall = -9223372036854775808\nhex = 0xff\n',
    'id = "bools"\nyes = true\nno = false\nmixed = [[1, 2], ["a"], [{ a = 1 }]]\n',
    'id = "unicode"\nquote = "恒生指數 🀄 \\u00e9 e\\u0301 \\U0001F600 tab\\there"\n',
    "id = \"literal\"\nquote = 'C:\\\\no\\\\escape' \nmulti = '''\nline one\r\nline two'''\n",
    'id = "crlf"\r\nquote = "windows"\r\n',
    'id = "empty"\nquote = ""\nlist = []\ntable = {}\n',
    'id = "keys"\n"quoted key" = 1\nbare-key_2 = 2\ndotted.key = 3\n',
    'id = "order"\nz = 1\na = 2\nm = { z = 1, a = 2 }\n',
]


def _text(tables: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """An events file of `tables`, one ``[[events]]`` each, and each table's bounds."""
    text, bounds = "schema = 2\n\n", []
    for table in tables:
        start = len(text)
        text += "[[events]]\n" + table + "\n"
        bounds.append((start, len(text)))
    return text, bounds


def _typed(value: Any) -> Any:
    """`value` with every leaf's type beside it, and floats compared by their bits' meaning."""
    if isinstance(value, dict):
        return [(key, _typed(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else value, math.copysign(1, value))
    return (type(value).__name__, value)


@pytest.fixture
def helper_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every slice list gets a helper, and every slice is waited for from it."""
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse, "_WAIT_FOR_HELPER", True)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})


def _spy() -> tuple[Callable[[str], dict[str, Any]], list[str]]:
    """A `parse` for `parse_slices` that notes every slice parsed in this process."""
    parsed: list[str] = []

    def parse(text: str) -> dict[str, Any]:
        parsed.append(text)
        return parse_toml(text)

    return parse, parsed


@pytest.mark.usefixtures("helper_always")
def test_the_helpers_slices_equal_this_processs_own_parse() -> None:
    text, bounds = _text(TABLES)
    parse, parsed = _spy()
    got = list(slice_parse.ParsedSlices(text, bounds, parse))
    assert parsed == []  # every slice came from the helper
    expected = [tomllib.loads(text[start:end])["events"] for start, end in bounds]
    assert [_typed(tables) for tables in got] == [_typed(tables) for tables in expected]
    assert no_children_left()


@pytest.mark.usefixtures("helper_always")
def test_slices_of_several_tables_keep_their_order() -> None:
    tables = [f'id = "e{number}"\nn = {number}\n' for number in range(300)]
    text, single = _text(tables)
    bounds = [(single[first][0], single[min(first + 7, 300) - 1][1]) for first in range(0, 300, 7)]
    got = [
        table["n"]
        for tables in slice_parse.ParsedSlices(text, bounds, parse_toml)
        for table in tables
    ]
    assert got == list(range(300))


@pytest.mark.usefixtures("helper_always")
def test_what_the_helper_cannot_carry_or_parse_is_parsed_here() -> None:
    # A TOML date (marshal cannot carry it), a slice nested deeper than the helper's parser
    # is trusted with (parsed again by tomllib), and a plain one.
    deep = "x = " + "[" * 70 + "1" + "]" * 70 + "\n"
    tables = [
        'id = "a"\n',
        'id = "dated"\nwhen = 2024-10-28\n',
        'id = "deep"\n' + deep,
        'id = "b"\n',
    ]
    text, bounds = _text(tables)
    parse, parsed = _spy()
    got = list(slice_parse.ParsedSlices(text, bounds, parse))
    assert [text[start:end] for start, end in bounds[1:2]] == parsed[:1]
    assert got == [tomllib.loads(text[start:end])["events"] for start, end in bounds]


@pytest.mark.usefixtures("helper_always")
def test_a_slice_that_does_not_parse_raises_tomllibs_error_here() -> None:
    tables = ['id = "a"\n', 'id = "b"\n', 'id = "broken\n', 'id = "c"\n']
    text, bounds = _text(tables)
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        list(slice_parse.ParsedSlices(text, bounds, parse_toml))
    start, end = bounds[2]
    with pytest.raises(tomllib.TOMLDecodeError) as alone:
        tomllib.loads(text[start:end])
    assert str(raised.value) == str(alone.value)
    assert no_children_left()


@pytest.mark.usefixtures("helper_always")
def test_stopping_early_stops_the_helper() -> None:
    text, bounds = _text(TABLES)
    parsed = slice_parse.ParsedSlices(text, bounds, parse_toml)
    assert next(iter(parsed))[0]["id"] == "plain"
    parsed.close()
    assert no_children_left()


@pytest.mark.usefixtures("helper_always")
def test_closing_before_the_first_slice_stops_the_helper() -> None:
    # The helper starts with the object (before the head of the file is parsed): a load
    # that stops before asking for a slice must still stop it.
    text, bounds = _text(TABLES)
    slice_parse.ParsedSlices(text, bounds, parse_toml).close()
    assert no_children_left()


@pytest.mark.usefixtures("helper_always")
@pytest.mark.parametrize(
    "executable",
    [
        "/nonexistent/python",  # cannot start
        "/bin/true",  # starts, reads nothing, answers nothing
        "",  # no interpreter known
    ],
)
def test_without_a_working_helper_every_slice_is_parsed_here(
    monkeypatch: pytest.MonkeyPatch, executable: str
) -> None:
    if executable.startswith("/bin") and not Path(executable).exists():
        pytest.skip(f"{executable} is not on this machine")
    monkeypatch.setattr(sys, "executable", executable)
    text, bounds = _text(TABLES)
    parse, parsed = _spy()
    got = list(slice_parse.ParsedSlices(text, bounds, parse))
    assert len(parsed) == len(bounds)
    assert [_typed(t) for t in got] == [_typed(parse_toml(text[s:e])["events"]) for s, e in bounds]
    assert no_children_left()


def test_small_files_and_single_processors_get_no_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    text, bounds = _text(TABLES)
    started: list[object] = []
    monkeypatch.setattr(slice_parse._Helper, "start", lambda *args: started.append(args))
    list(slice_parse.ParsedSlices(text, bounds, parse_toml))  # far below HELPER_MIN_CHARS
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse, "_WAIT_FOR_HELPER", True)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0})
    list(slice_parse.ParsedSlices(text, bounds, parse_toml))
    assert started == []


def _loaded(events: Path, seeds: Path, **kwargs: Any) -> Iterator[object]:
    result = loader.load(events, seeds, **kwargs)
    yield result.corpus
    yield result.problems


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of 1,500 events (24 slices of 64)."""
    folder = tmp_path_factory.mktemp("generated")
    import_generator().generate(1500, folder, seed=11)
    return folder


@pytest.mark.parametrize("prior", [None, loader.NO_PRIOR])
@pytest.mark.parametrize(
    "change",
    [
        "",  # as generated
        "date = 2024-10-28\n",  # a TOML date in the last event (the helper cannot carry it)
        'status = "rumoured"\n',  # a problem in the last event
        'title = "unclosed\n',  # a syntax error in the last slice
        "[events.extra]\n",  # another kind of table after the events: parsed whole
    ],
)
def test_loading_with_a_helper_equals_loading_without(
    monkeypatch: pytest.MonkeyPatch, generated: Path, tmp_path: Path, change: str, prior: Any
) -> None:
    events = tmp_path / "events.toml"
    text = (generated / "events.toml").read_text(encoding="utf-8")
    last = text.rindex("[[events]]\n") + len("[[events]]\n")
    events.write_text(text[:last] + change + text[last:], encoding="utf-8")
    kwargs = {} if prior is None else {"prior": prior}
    alone = list(_loaded(events, generated / "seeds", **kwargs))
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse, "_WAIT_FOR_HELPER", True)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})
    parse, parsed = _spy()
    monkeypatch.setattr(loader, "parse_toml", parse)
    shared = list(_loaded(events, generated / "seeds", **kwargs))
    assert shared == alone
    assert no_children_left()
    if not change:
        assert len(alone[0].events) == 1500  # type: ignore[attr-defined]
        assert parsed == [text[: text.index("[[events]]")]]  # the head; the helper did the rest


@pytest.mark.parametrize(
    "head",
    [
        "events = 1\n",  # the head holds `events` itself: the file is parsed whole
        'title = "unclosed\n',  # the head does not parse
    ],
)
@pytest.mark.parametrize("prior", [None, loader.NO_PRIOR])
def test_a_load_that_leaves_the_slices_before_the_first_stops_the_helper(
    monkeypatch: pytest.MonkeyPatch, generated: Path, tmp_path: Path, head: str, prior: Any
) -> None:
    events = tmp_path / "events.toml"
    text = (generated / "events.toml").read_text(encoding="utf-8")
    events.write_text(head + text, encoding="utf-8")
    kwargs = {} if prior is None else {"prior": prior}
    alone = list(_loaded(events, generated / "seeds", **kwargs))
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse, "_WAIT_FOR_HELPER", True)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})
    started: list[int] = []
    real_start = slice_parse._Helper.start

    def start(text: str, bounds: Any) -> Any:
        started.append(len(bounds))
        return real_start(text, bounds)

    monkeypatch.setattr(slice_parse._Helper, "start", staticmethod(start))
    assert list(_loaded(events, generated / "seeds", **kwargs)) == alone
    assert started  # a helper was started, and is gone
    assert no_children_left()


@pytest.mark.parametrize(("setting", "helpers"), [("0", 0), ("1", 1), ("3", 3), ("", 2), ("x", 2)])
def test_the_environment_sets_how_many_helpers_start(
    monkeypatch: pytest.MonkeyPatch, setting: str, helpers: int
) -> None:
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse, "_WAIT_FOR_HELPER", True)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setenv(slice_parse.HELPERS_VARIABLE, setting)
    text, bounds = _text(TABLES)
    parse, parsed = _spy()
    parsed_slices = slice_parse.ParsedSlices(text, bounds, parse)
    assert len(parsed_slices._helpers) == helpers
    got = list(parsed_slices)
    assert len(parsed) == (len(bounds) if helpers == 0 else 0)
    assert [_typed(t) for t in got] == [_typed(parse_toml(text[s:e])["events"]) for s, e in bounds]
    assert no_children_left()


def test_the_loader_takes_over_from_where_a_helper_has_got(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without waiting: this process parses from the first slice on, slowly here, and meets
    # each helper where it has got to from the other end; the tables are the same, part
    # parsed here and part sent.
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})
    tables = [f'id = "e{number}"\nn = {number}\n' for number in range(40)]
    text, bounds = _text(tables)
    parsed: list[str] = []

    def slow(slice_text: str) -> dict[str, Any]:
        parsed.append(slice_text)
        time.sleep(0.05)
        return parse_toml(slice_text)

    got = [table["n"] for found in slice_parse.ParsedSlices(text, bounds, slow) for table in found]
    assert got == list(range(40))
    assert 0 < len(parsed) < 40
    assert parsed[0] == text[bounds[0][0] : bounds[0][1]]  # the first is never waited for
    assert no_children_left()


@pytest.mark.parametrize(
    "edit",
    [
        # A header the quick look misses: the scan's events differ, the early parse stops.
        lambda text: text.replace("\n[[events]]\n", "\n[[ events ]]\n", 1),
        # A header line inside a multi-line string: the quick look counts it, the scan not.
        lambda text: text.replace(
            "\n[[events]]\n", '\n[[events]]\nnote = """\n[[events]]\n"""\n', 1
        ),
        # The first table is an event: the quick look finds it at the start of the text.
        lambda text: text[text.index("[[events]]") :],
    ],
)
def test_the_parse_started_before_the_scan_is_used_only_on_the_scans_slices(
    monkeypatch: pytest.MonkeyPatch, generated: Path, tmp_path: Path, edit: Any
) -> None:
    events = tmp_path / "events.toml"
    events.write_text(edit((generated / "events.toml").read_text(encoding="utf-8")), "utf-8")
    alone = list(_loaded(events, generated / "seeds", prior=loader.NO_PRIOR))
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse, "_WAIT_FOR_HELPER", True)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})
    for prior in (None, loader.NO_PRIOR):
        kwargs = {} if prior is None else {"prior": prior}
        assert list(_loaded(events, generated / "seeds", **kwargs)) == alone
        assert no_children_left()


def test_no_helper_where_pipes_cannot_be_polled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(slice_parse.os, "name", "nt")
    text, bounds = _text(TABLES)
    parse, parsed = _spy()
    assert len(list(slice_parse.ParsedSlices(text, bounds, parse))) == len(bounds)
    assert len(parsed) == len(bounds)
