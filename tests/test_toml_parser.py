"""The fast TOML parser gives tomllib's values, and tomllib's exact message for what fails."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REAL_EVENTS, ROOT, import_generator
from tui.core import loader
from tui.core.toml_parse import parse_toml


def _typed(value: Any) -> Any:
    """`value` with each part's type and repr, tables as lists of items in order.

    1, 1.0 and True compare equal and NaN never does; the sign of a float (-0.0, -nan) and the
    order of a table's keys (which the loader reports problems in) are kept.
    """
    if isinstance(value, dict):
        return [(key, _typed(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, float):
        return ("float", repr(value), math.copysign(1.0, value))
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


# A faster parser must give what tomllib gives here, value, type, sign and key order, or refuse
# (so that tomllib parses the text again). Each case is named by what tomllib does with it. A
# toml++ binding measured for the hot path failed on these: it orders every table's keys, drops
# the sign of -nan, reads a leading BOM and raises ValueError for year 0.
_DIFFERENTIAL = [
    # Offsets: tomllib gives timezone(timedelta(...)); +00:00 and Z are timezone.utc.
    ("offset -07:00", "a = 1979-05-27T07:32:00-07:00"),
    ("offset +05:30", "a = 1979-05-27T07:32:00+05:30"),
    ("offset +00:00 is utc", "a = 1979-05-27T07:32:00+00:00"),
    ("offset -00:00", "a = 1979-05-27T07:32:00-00:00"),
    ("Z and lower z", "a = 1979-05-27T07:32:00Z\nb = 1979-05-27t07:32:00z"),
    ("offset +23:59", "a = 1979-05-27T07:32:00+23:59"),
    ("offset +24:00 refused by tomllib", "a = 1979-05-27T07:32:00+24:00"),
    ("offset minutes 60 refused", "a = 1979-05-27T07:32:00+01:60"),
    ("space between date and time", "a = 1979-05-27 07:32:00"),
    ("fraction of 6 digits", "a = 1979-05-27T07:32:00.999999"),
    ("fraction of 7 digits: tomllib truncates", "a = 1979-05-27T07:32:00.9999999"),
    ("fraction of 9 digits", "a = 07:32:00.123456789"),
    ("fraction of 1 digit", "a = 07:32:00.5"),
    ("fraction with offset", "a = 1979-05-27T00:32:00.5-07:00"),
    ("local date", "a = 1979-05-27"),
    ("year 0 refused", "a = 0000-01-01"),
    ("year 1 and 9999", "a = 0001-01-01\nb = 9999-12-31T23:59:59Z"),
    ("february 29 in a non-leap year refused", "a = 2023-02-29"),
    ("february 29 in a leap year", "a = 2024-02-29"),
    ("february 29 in 1900 refused", "a = 1900-02-29"),
    ("leap second refused by tomllib", "a = 1979-05-27T23:59:60Z"),
    ("hour 24 refused", "a = 24:00:00"),
    ("time without seconds refused (1.1)", "a = 07:32"),
    ("datetime without seconds refused (1.1)", "a = 1979-05-27T07:32"),
    ("one-digit month refused", "a = 1979-5-27"),
    # Integers: Python ints are unbounded; a 64-bit parser may refuse or wrap.
    ("int64 max and min", "a = 9223372036854775807\nb = -9223372036854775808"),
    ("past int64", "a = 9223372036854775808"),
    ("below int64", "a = -9223372036854775809"),
    ("huge int", "a = 99999999999999999999999999"),
    ("hex past int64", "a = 0xFFFFFFFFFFFFFFFF"),
    ("hex, octal, binary", "a = 0xDEAD_beef\nb = 0o755\nc = 0b1101"),
    ("signed zero ints", "a = +0\nb = -0\nc = +99"),
    ("leading zero refused", "a = 01"),
    ("double underscore refused", "a = 1__0"),
    ("leading underscore refused", "a = _1"),
    ("hex with sign refused", "a = +0x1"),
    ("hex underscore after prefix refused", "a = 0x_1"),
    ("uppercase hex prefix refused", "a = 0X1"),
    # Floats.
    ("inf and nan, signed", "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan"),
    ("negative zero", "a = -0.0\nb = +0.0\nc = -0e0"),
    ("overflow to inf in tomllib", "a = 1e400"),
    ("underflow to zero", "a = 1e-400"),
    ("subnormal", "a = 4.9e-324"),
    (
        "exact repr of 0.1 sums",
        "a = 0.30000000000000004\nb = 0.1\nc = 3.141592653589793238462643383279",
    ),
    ("many digits", "a = 1.00000000000000011102230246251565404236316680908203125"),
    ("exponent forms", "a = 5e+22\nb = 1E6\nc = -2E-2\nd = 6.626e-34\ne = 3.14_15"),
    ("dot without digits refused", "a = 1."),
    ("leading dot refused", "a = .1"),
    ("dot before exponent refused", "a = 1.e1"),
    ("underscore in exponent", "a = 1e1_0"),
    ("underscore after e refused", "a = 1e_1"),
    ("leading zero float", "a = 0.1\nb = 00.1"),
    ("float leading zero in exponent", "a = 1e01"),
    ("NaN upper refused", "a = NaN"),
    # Strings.
    ("all short escapes", 'a = "\\b\\t\\n\\f\\r\\"\\\\"'),
    ("unicode escapes", 'a = "\\u00E9\\U0001F600\\u0000\\U0010FFFF"'),
    ("U+110000 refused", 'a = "\\U00110000"'),
    ("surrogate escape refused", 'a = "\\uDFFF"'),
    ("slash escape refused", 'a = "\\/"'),
    ("escape e refused (1.1)", 'a = "\\e"'),
    ("escape x refused (1.1)", 'a = "\\x41"'),
    ("raw tab in strings", "a = \"x\ty\"\nb = 'x\ty'"),
    ("raw NUL refused", 'a = "x\x00y"'),
    ("raw 0x01 refused", 'a = "x\x01y"'),
    ("raw 0x1f refused in literal", "a = 'x\x1fy'"),
    ("raw DEL refused", 'a = "x\x7fy"'),
    ("raw DEL refused in literal", "a = 'x\x7fy'"),
    ("C1 control accepted", 'a = "x\x85y\x9f"'),
    ("noncharacters accepted", 'a = "\ufffe\uffff\U0010ffff"'),
    ("DEL in a comment refused", "a = 1 # x\x7f"),
    ("0x01 in a comment refused", "a = 1 # x\x01"),
    ("tab and C1 in a comment", "a = 1 # x\t\x85"),
    ("lone CR refused", "a = 1\rb = 2"),
    ("lone CR in a comment refused", "a = 1 # x\ry\nb = 2"),
    ("CRLF after a comment", "a = 1 # x\r\nb = 2"),
    ("lone CR inside multi-line string refused", 'a = """x\ry"""'),
    ("CRLF line endings", "a = 1\r\nb = 'x'\r\n[t]\r\nc = 2\r\n"),
    ("CRLF inside a multi-line basic string", 'a = """\r\nx\r\ny"""'),
    ("CRLF inside a multi-line literal string", "a = '''\r\nx\r\ny'''"),
    ("line-ending backslash", 'a = """x \\\n   \n  y"""'),
    ("line-ending backslash with CRLF", 'a = """x \\\r\n  y"""'),
    ("line-ending backslash with trailing spaces", 'a = """x \\   \n  y"""'),
    ("backslash then space then text refused", 'a = """x \\ y"""'),
    ("quotes next to the closing delimiter", "a = \"\"\"x\"\"\"\"\nb = '''y'''''"),
    ("too many quotes refused", 'a = """x"""""'),
    ("empty multi-line strings", "a = \"\"\"\"\"\"\nb = ''''''"),
    ("first newline trimmed only once", 'a = """\n\nx"""'),
    ("BOM at start", "\ufeffa = 1"),
    ("BOM elsewhere", "a = '\ufeff'"),
    ("very long string", "a = '" + "x" * 1_000_000 + "'"),
    ("long line of many keys", "".join(f"k{n} = {n}\n" for n in range(5000))),
    # Keys and tables.
    ("key order is document order", "z = 1\na = 2\nm = 3\n[t]\ny = 1\nb = 2\n[c]\nx=1"),
    ("table order is document order", "[z]\n[a]\n[z.b]\n[m]"),
    ("inline table order", "a = {z = 1, a = 2, m = {y = 1, b = 2}}"),
    ("quoted keys", '"a b" = 1\n\'c.d\' = 2\n"" = 3'),
    ("empty literal key", "'' = 1"),
    ("dotted keys with spaces", "a . b . c = 1\na.'x.y' = 2"),
    ("numeric keys", "1234 = 1\n3.14 = 2\n-1 = 3"),
    ("keyword keys", "true = 1\ninf = 2\nnan = 3"),
    ("unicode bare key refused (1.1)", "é = 1"),
    ("unicode quoted key", '"é中" = 1'),
    ("escaped key", '"\\u00e9" = 1\n"\\n" = 2'),
    ("duplicate key refused", "a = 1\na = 2"),
    ("duplicate through quoting refused", 'a = 1\n"a" = 2'),
    ("table defined twice refused", "[a]\n[a]"),
    ("super-table after sub-table", "[a.b]\nc = 1\n[a]\nd = 2"),
    ("super-table defined twice after sub-table refused", "[a.b]\n[a]\n[a]"),
    ("dotted key then table header refused", "a.b = 1\n[a.b]"),
    ("dotted key then super header", "[x]\na.b = 1\n[x.a.c]"),
    ("table then dotted key into it refused", "[a.b]\n[a]\nb.c = 1"),
    ("inline table extended refused", "a = {b = 1}\n[a.c]"),
    ("inline table extended by dotted key refused", "a = {b = 1}\na.c = 2"),
    ("static array then array of tables refused", "a = []\n[[a]]"),
    ("array of tables then table refused", "[[a]]\n[a]"),
    ("arrays of tables with subtables", "[[a]]\nx = 1\n[a.b]\ny = 2\n[[a.c]]\nz = 3\n[[a]]\nx = 2"),
    ("table header with spaces and quotes", "[ a . 'b c' . \"d\" ]\nx = 1"),
    ("array of tables header with spaces", "[[ a . b ]]\nx = 1"),
    ("header with trailing text refused", "[a] b"),
    ("keys after a value on one line refused", "a = 1 b = 2"),
    # Arrays and inline tables.
    ("mixed arrays", "a = [1, 'a', 1.0, [2], {b = 1}]"),
    ("trailing comma in an array", "a = [1, 2,]"),
    ("comments and newlines in an array", "a = [\n1, # one\n# alone\n2\n]"),
    ("empty containers", "a = []\nb = {}\nc = [[], {}]"),
    ("trailing comma in an inline table refused (1.1)", "a = {b = 1,}"),
    ("newline in an inline table refused (1.1)", "a = {b = 1,\nc = 2}"),
    ("dotted keys in an inline table", "a = {b.c = 1, b.d = 2}"),
    ("duplicate in an inline table refused", "a = {b = 1, b = 2}"),
    ("empty value refused", "a = "),
    ("missing equals refused", "a 1"),
    ("bare word value refused", "a = word"),
    # Empty and whitespace documents.
    ("empty", ""),
    ("newline", "\n"),
    ("CRLF only", "\r\n"),
    ("comment only", "# c"),
    ("spaces only", "   \t  "),
    ("comment without newline at end", "a = 1 # c"),
    # Nesting.
    ("nesting 10 deep", "a = " + "[" * 10 + "1" + "]" * 10),
]


@pytest.mark.parametrize(
    "text", [text for _name, text in _DIFFERENTIAL], ids=[name for name, _text in _DIFFERENTIAL]
)
def test_the_parser_agrees_with_tomllib_where_parsers_differ(text: str) -> None:
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
