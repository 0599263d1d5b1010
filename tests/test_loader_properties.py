"""Property tests: whatever the events file holds, the loader answers with located problems."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, ROOT
from tui.core import loader
from tui.core.errors import Problem
from tui.core.loader import load_text

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


# The events are parsed a slice at a time when the file's layout allows it (loader.load_text);
# whatever the text, that must give exactly what parsing the whole file gives.
PIECES = st.sampled_from(
    ["[[events]]\n", '"""', "'''", "\n[sources.x]\n", "[events]\n", "\r\n", "\n", "=", '"',
     "[", "]", " ", "#", "quote", "events", "\u2028", "id = \"x\"\n"]
)


def _same_sliced_and_whole(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_EVENTS_PER_SLICE", 0)
    whole = load_text(text, "events.toml", SEEDS)
    for per_slice in (1, 4):
        monkeypatch.setattr(loader, "_EVENTS_PER_SLICE", per_slice)
        assert load_text(text, "events.toml", SEEDS) == whole


@SETTINGS
@given(st.integers(0, len(BASE)), st.integers(0, 60), st.lists(PIECES, max_size=5).map("".join))
def test_sliced_parse_equals_whole_parse(position: int, cut: int, insert: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same_sliced_and_whole(BASE[:position] + insert + BASE[position + cut :], monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        BASE,
        # A header line inside a multi-line string: the slices cannot be parsed apart.
        BASE.replace('title = { en = "Joint pilot"', 'date_text_note = """\n[[events]]\n"""\n'
                     'title = { en = "Joint pilot"', 1),
        # Tables after the events: parsed whole.
        BASE + '\n[themes.late]\nname = { en = "Late", zh = "遲" }\n',
        # A syntax error in the last event: reported as the whole file's parse reports it.
        BASE + '\n[[events]]\nid = "broken"\ntitle = {\n',
        # Events defined before the array of tables.
        BASE.replace("schema = 1\n", "schema = 1\nevents = []\n", 1),
    ],
    ids=["clean", "header-in-string", "table-after-events", "syntax-error", "events-key-early"],
)
def test_sliced_parse_equals_whole_parse_on_layouts(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_sliced_and_whole(text, monkeypatch)


def test_a_large_file_is_never_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[int] = []
    real_parse = loader.parse_toml

    def spy(text: str) -> dict[str, Any]:
        parsed.append(len(text))
        return real_parse(text)

    monkeypatch.setattr(loader, "parse_toml", spy)
    monkeypatch.setattr(loader, "_EVENTS_PER_SLICE", 2)
    result = load_text(BASE, "events.toml", SEEDS)
    assert not result.problems and len(result.corpus.events) == 6
    assert len(parsed) == 4, "the part before the events, then three slices of two events"
    assert max(parsed) < len(BASE) / 2


def test_lines_are_counted_as_toml_counts_them() -> None:
    # U+2028 is a line break to str.splitlines but not to TOML or to an editor.
    text = BASE.replace('title = "金管局新措施"', 'title = "金管局\u2028新措施"', 1)
    text = text.replace('date = "2019-07"', 'date = "July 2019"', 1)
    problem = next(p for p in load_text(text, "events.toml", SEEDS).problems if "July" in p.message)
    expected = text.count("\n", 0, text.index('date = "July 2019"')) + 1
    assert problem.line == expected


# Line numbers: a multi-line string or array, whatever it holds, shifts nothing after it.
_TRICKY = st.sampled_from(
    ["[[events]]", "[sources.x]", 'id = "x"', 'date = "2019-07"', "quote = 'q'", '"', "'",
     "''", '""', "\\", "#", "[", "]", "{", "}", "\n", " ", "a", "=", ",", "\t", "\r\n",
     "[1, 2]", "# it's", "'''", '"""', "[[", "]]"]
)
_CONTENT = st.lists(_TRICKY, max_size=12).map("".join)


def _basic(content: str) -> str:
    return content.replace("\\", "\\\\").replace('"', '\\"')


@st.composite
def _multiline_values(draw: st.DrawFn) -> str:
    content = draw(_CONTENT)
    kind = draw(st.sampled_from(["literal", "basic", "array", "nested", "single"]))
    if kind == "literal":
        return "'''" + content + "'''"
    if kind == "basic":
        # Escapes, and a line-ending backslash, which joins lines inside the string.
        joined = draw(st.booleans())
        return '"""' + _basic(content) + ("\\\n  " if joined else "") + '"""'
    flat = content.replace("\r", "").replace("\n", " ")
    if kind == "single":
        return '"' + _basic(flat) + '"'
    items = [f'"{_basic(flat)}"', f"'{flat}'" if "'" not in flat else '"x"', "# " + flat]
    if kind == "nested":
        items = ["[", *items, f"['{flat}']" if "'" not in flat else "[1]", "]"]
    body = "\n".join(item if item.startswith(("#", "[", "]")) else item + "," for item in items)
    return "[\n" + body.replace("[,", "[").replace("\n],", "\n]") + "\n]"


@SETTINGS
@given(_multiline_values(), _multiline_values(), st.booleans())
def test_problems_cite_the_true_line_after_multiline_values(
    in_source: str, in_event: str, crlf: bool
) -> None:
    text = BASE.replace('date = "2019-07"', 'date = "July 2019"', 1)
    text = text.replace('file = "hk.txt"\n', f'file = "hk.txt"\nextra = {in_source}\n', 1)
    text = text.replace('id = "wallet-link"\n', f'id = "wallet-link"\nnote = {in_event}\n', 1)
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        hypothesis.event("not TOML")
        return  # not TOML: tomllib's own line is reported
    expected = {
        "unknown key 'extra'": text.count("\n", 0, text.index("\nextra = ")) + 2,
        "unknown key 'note'": text.count("\n", 0, text.index("\nnote = ")) + 2,
        "bad date 'July 2019'": text.count("\n", 0, text.index('date = "July 2019"')) + 1,
    }
    problems = load_text(text, "events.toml", SEEDS).problems
    for needle, line in expected.items():
        found = [problem.line for problem in problems if needle in problem.message]
        assert found == [line], (needle, problems)


# The bundled corpus, edited at random, with the date cross-check the CLI uses: problems only.
REAL = (ROOT / "events.toml").read_text(encoding="utf-8")
REAL_SEEDS = ROOT / "seeds"
_EDITS = st.sampled_from(
    ["", "[[events]]\n", '"""', "'''", "\n", "=", '"', "[", "]", "{", "}", "#", ",", "0",
     "9" * 40, "-", "2024-02-30", "0000-01-01", "9999-12-31", "10000", "٢٠٢٤", "\x00",
     "\\u0000", "\\", "inf", "nan", "true", "1e999", "\ufeff", "\u202e", "late", "Q5", "H3",
     'date = "2024-13"', 'mod = "END"', "occurrence = 99999999999999999999", "quote = ''",
     'source = "s000"', 'file = "../x"', 'file = "."', 'file = ""', "actors = [[]]",
     "[sources.s000]\n", "schema = 2\n", "events = 1\n", "published = 0001-01-01\n"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, len(REAL)), st.integers(0, 40), _EDITS), max_size=4))
def test_any_edit_of_the_bundled_corpus(edits: list[tuple[int, int, str]]) -> None:
    from tui.core.temporal import resolve_date_text

    text = REAL
    for position, cut, insert in edits:
        text = text[:position] + insert + text[position + cut :]
    result = load_text(text, "events.toml", REAL_SEEDS, check_date_text=resolve_date_text)
    for problem in result.problems:
        assert problem.message.strip() and problem.line >= 0


def _old_cycle_reports(parents: dict[str, str | None]) -> list[str]:
    """The parent-cycle check as it was written first (a walk from every actor)."""
    current_parents = dict(parents)
    reports = []
    for actor_id in current_parents:
        seen = [actor_id]
        current = current_parents[actor_id]
        while current is not None and current in current_parents:
            if current in seen:
                reports.append(f"actor {actor_id!r}: parent cycle {' → '.join([*seen, current])}")
                current_parents[actor_id] = None
                break
            seen.append(current)
            current = current_parents[current]
    return reports


@SETTINGS
@given(st.lists(st.integers(-1, 7), min_size=1, max_size=8))
def test_parent_cycles_are_reported_as_the_walk_from_every_actor_reports_them(
    parents: list[int],
) -> None:
    graph = {
        f"a{n}": (None if p < 0 or p >= len(parents) else f"a{p}") for n, p in enumerate(parents)
    }
    text = "schema = 1\n" + "".join(
        f'[actors.{actor}]\nname = {{ en = "A", zh = "甲" }}\n'
        + (f'parent = "{parent}"\n' if parent else "")
        for actor, parent in graph.items()
    )
    problems = load_text(text, "events.toml", SEEDS).problems
    assert sorted(p.message for p in problems) == sorted(_old_cycle_reports(graph))


@SETTINGS
@given(_multiline_values(), _multiline_values(), st.sampled_from(["id", '"id"', "'id'", "idx"]))
def test_an_events_id_line_is_found_without_reading_its_other_lines(
    before: str, after: str, id_key: str
) -> None:
    text = (
        f'schema = 2\n[[events]]\nnote = {before}\n{id_key} = "a"\nlater = {after}\n'
        f'[[events]]\nnote = {after}\n\n  id   = "b"\n[[events]]\ntitle = "no id"\n'
    )
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        hypothesis.event("not TOML")
        return
    where = loader._Locator(text)
    assert len(where.event_first) == 3
    for index in range(4):
        assert where.id_line(index) == where.event(index)


def test_a_clean_load_reads_no_events_lines_and_a_problem_finds_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[int] = []
    real_read = loader._Locator._event_read

    def spy(self: loader._Locator, index: int) -> tuple[list[str], dict[str, int]]:
        reads.append(index)
        return real_read(self, index)

    monkeypatch.setattr(loader._Locator, "_event_read", spy)
    clean = load_text(BASE, "events.toml", SEEDS)
    assert not clean.problems and len(clean.corpus.events) == 6 and reads == []
    broken = BASE.replace('actors = ["alipayhk"]', 'actors = ["nobody"]', 1)
    (problem,) = load_text(broken, "events.toml", SEEDS).problems
    assert problem.line == broken.count("\n", 0, broken.index('actors = ["nobody"]')) + 1
    assert reads
