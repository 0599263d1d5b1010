"""Tables and wrapped lines fitted to a terminal: no line too wide, no word split."""

from __future__ import annotations

import re

import pytest

from tests.conftest import MINI, REAL_EVENTS, REAL_SEEDS
from tui import cli
from tui.core.table import layout_table
from tui.core.text_fitting import cell_width, wrap

WIDTHS = (40, 60, 80, 120)


@pytest.mark.parametrize(
    ("text", "width", "indent", "lines"),
    [
        ("HSBC and Ant International launch", 16, 0, ["HSBC and Ant", "International", "launch"]),
        ("HSBC and Ant International launch", 16, 2,
         ["HSBC and Ant", "  International", "  launch"]),
        ("launched today", 8, 0, ["launched", "today"]),
        ("自2019年7月起，AlipayHK與澳門錢包互聯互通", 11, 0,
         ["自2019年7月", "起，", "AlipayHK與", "澳門錢包互", "聯互通"]),
        ("「一小時生活圈」。", 6, 0, ["「一小", "時生活", "圈」。"]),
        ("fintech-2030-data-ai-infrastructure", 14, 0,
         ["fintech-2030-", "data-ai-", "infrastructure"]),
        ("abcdefghij", 4, 0, ["abcd", "efgh", "ij"]),
        ("", 10, 0, [""]),
        ("two  spaces", 20, 0, ["two  spaces"]),
    ],
)
def test_wrap_breaks_at_spaces_and_between_cjk_characters(
    text: str, width: int, indent: int, lines: list[str]
) -> None:
    assert wrap(text, width, indent=indent) == lines


def _words(lines: list[str]) -> set[str]:
    return {word for line in lines for word in line.split()}


ROWS = [
    ["DATE", "", "TITLE", "ACTORS", "ID"],
    ["3 Nov 2025", "◇", "HKMA plans data-sharing infrastructure with the industry",
     "Hong Kong Monetary Authority, HKSAR Government", "fintech-2030-data-ai"],
    ["2019-07", "", "AlipayHK, mainland Alipay and Macau's MPay interconnect",
     "AlipayHK, Ant International", "gba-wallet-interconnect"],
]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_table_fits_the_width_without_splitting_words(width: int) -> None:
    lines = layout_table(ROWS, max_width=width, wrap_first=((3, 12), (2, 24)))
    assert all(cell_width(line) <= width for line in lines), lines
    assert _words(lines) <= _words([" ".join(row) for row in ROWS])
    for row in ROWS[1:]:
        assert row[-1] in _words(lines)  # every id whole, on one line


def test_piped_tables_are_never_cut_or_wrapped() -> None:
    lines = layout_table(ROWS, max_width=None, wrap_first=((3, 12), (2, 24)))
    assert len(lines) == len(ROWS)
    assert all(row[2] in line for row, line in zip(ROWS, lines, strict=True))


def _ascii_words(lines: list[str]) -> set[str]:
    """Runs of printable ASCII: a wrap may break between CJK characters, never inside these."""
    return {word for line in lines for word in re.findall(r"[!-~]+", line)}


def _assert_fitted(lines: list[str], piped: list[str], width: int) -> None:
    assert all(cell_width(line) <= width for line in lines), max(lines, key=cell_width)
    if piped[0].startswith(("DATE", "ID")) and not lines[0].startswith(piped[0][:4]):
        piped = piped[1:]  # a table laid out as records has no header
    # Nothing lost, nothing cut: the same characters apart from spaces …
    assert sorted("".join("".join(lines).split())) == sorted("".join("".join(piped).split()))
    # … and every word whole, but for ids longer than a line (one of 42 characters at 40
    # columns), which break after a hyphen.
    split = _ascii_words(lines) - _ascii_words(piped)
    assert all(len(word) < width - 2 for word in split), split
    broken = _ascii_words(piped) - _ascii_words(lines)
    assert all(len(word) > width - 2 for word in broken), broken


REAL = ["--events", str(REAL_EVENTS), "--seeds", str(REAL_SEEDS)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "arguments",
    [["list"], ["list", "--lang", "zh"], ["actors"], ["show", "gba-wallet-interconnect"],
     ["show", "hsbc-tokenised-deposit-service"]],
)
def test_a_terminal_gets_lines_that_fit_and_whole_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], width: int,
    arguments: list[str],
) -> None:
    monkeypatch.setattr(cli, "_terminal_width", lambda: width)
    assert cli.main([*arguments, *REAL]) == 0
    lines = capsys.readouterr().out.splitlines()
    monkeypatch.setattr(cli, "_terminal_width", lambda: None)
    assert cli.main([*arguments, *REAL]) == 0
    piped = capsys.readouterr().out.splitlines()
    _assert_fitted(lines, piped, width)


def test_mini_list_still_prints_one_line_per_event_when_piped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["list", "--events", str(MINI / "events.toml")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + 6 + 1
