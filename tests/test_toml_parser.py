"""The fast TOML parser gives tomllib's values, and tomllib's exact message for what fails."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REAL_EVENTS, ROOT, import_generator
from tui.core import loader
from tui.core.loader import parse_toml


def _typed(value: Any) -> Any:
    """`value` with each part's type and repr: 1, 1.0 and True compare equal, NaN never."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, repr(value))


def _same_as_tomllib(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        with pytest.raises(tomllib.TOMLDecodeError) as raised:
            parse_toml(text)
        assert str(raised.value) == str(error)
        return
    assert _typed(parse_toml(text)) == _typed(expected)


def test_tomli_is_the_parser_on_the_hot_path() -> None:
    import tomli

    assert tomli.loads.__module__ == "tomli._parser"
    assert parse_toml('a = "x"') == {"a": "x"}


@pytest.mark.parametrize(
    "path",
    [REAL_EVENTS, *sorted((ROOT / "tests" / "data").rglob("*.toml"))],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_every_toml_file_of_the_project_parses_as_tomllib_parses_it(path: Path) -> None:
    _same_as_tomllib(path.read_text(encoding="utf-8"))


def test_a_generated_corpus_parses_as_tomllib_parses_it(tmp_path: Path) -> None:
    import_generator().generate(10_000, tmp_path)
    _same_as_tomllib((tmp_path / "events.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        # TOML 1.1, which tomllib refuses: refused the same way.
        "a = {b = 1,}",
        "a = {b = 1,\nc = 2}",
        'a = "\\x41"',
        'a = "\\e"',
        "a = 1979-05-27T07:32",
        "a = 07:32",
        # TOML 1.0 errors.
        "a = 1\na = 2",
        'a = "x\x7fy"',
        'a = "\\uD800"',
        "[[events]\n",
        'a = """never closed',
        # Values whose type matters.
        "a = 1\nb = 1.0\nc = true\nd = 2024-01-02\ne = 99999999999999999999\nf = 1e400",
        "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T07:32:00\nc = 07:32:00\nd = nan",
        "a = [1, [2, 'x'], {b = -0.0}]\n[t.'q u']\n\"k\" = '''\nl'''",
    ],
)
def test_the_parser_agrees_with_tomllib(text: str) -> None:
    _same_as_tomllib(text)


def test_a_syntax_error_in_a_slice_is_reported_as_tomllib_reports_it_for_the_file(
    tmp_path: Path,
) -> None:
    events = "".join(f'[[events]]\nid = "e{number}"\ntitle = "{number}"\n' for number in range(200))
    text = "schema = 2\n" + events.replace('id = "e150"', 'id = "e150" x')
    path = tmp_path / "events.toml"
    path.write_text(text, encoding="utf-8")
    (problem,) = loader.load(path, tmp_path).problems
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = int(str(error).split("at line ")[1].split(",")[0])
    assert problem.fatal and problem.line == line
    assert problem.message.startswith("TOML syntax error, column ")


@pytest.mark.parametrize("depth", [3, 64, 65, 400, 1000])
@pytest.mark.parametrize("opener", ["[", "{ a = "])
def test_deep_nesting_gets_tomllibs_answer(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = f"x = {opener * depth}1{closer * depth}\n"
    try:
        expected: object = tomllib.loads(text)
    except RecursionError:
        expected = RecursionError
    try:
        got: object = parse_toml(text)
    except RecursionError:
        got = RecursionError
    assert got == expected
