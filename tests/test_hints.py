"""Hints (issue 17): unnamed actors, likely duplicates, shared quotes and over-precise dates,
acknowledged by `# hint-ok:` comments; `validate --hints` and the TUI's Hints list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList
from tui_helpers import (
    current_id,
    palette_searched,
    screen_text,
    timeline_screen,
    type_text,
    visible_ids,
)

from tests.conftest import MINI, REAL_EVENTS, REAL_SEEDS, ROOT
from tui.app import create_app
from tui.core.hints import (
    DUPLICATE_SIMILARITY,
    Hint,
    acknowledgements,
    find_hints,
    precision,
    similarity,
)
from tui.core.loader import load_text
from tui.core.query import Filters, TimelineIndex
from tui.screens.hints import HintsScreen

MINI_TEXT = (MINI / "events.toml").read_text(encoding="utf-8")

PERSON = """
[actors.eddie-yue]
kind = "person"
name = { en = "Eddie Yue", zh = "余偉文" }
aliases = ["余伟文"]
member_of = "hkma"
"""

AGAIN = """
[[events]]
id = "tokenised-deposits-again"
date = "2025-05"
status = "happened"
title = { en = "Tokenised deposits launched", zh = "代幣化存款服務推出" }
actors = ["hsbc", "ant-international"]
themes = ["tokenisation"]
sources = [{ source = "hk", quote = "匯豐與螞蟻國際推出代幣化存款服務" }]
"""
"""A re-curated copy of tokenised-deposits: the same news from a shorter span of its quote."""

SAME_QUOTE = """
[[events]]
id = "hsbc-product"
date = "2025"
status = "happened"
title = { en = "HSBC's year", zh = "滙豐年度" }
actors = ["hsbc", "ant-international"]
themes = ["tokenisation"]
sources = [{ source = "hk", quote = "今年5月，匯豐與螞蟻國際推出代幣化存款服務" }]
"""
"""Another event quoting tokenised-deposits' passage, at a coarser date."""


def edited(*changes: tuple[str, str], extra: str = "", schema: int = 2) -> str:
    """The mini corpus with each (old, new) replaced once and `extra` events appended."""
    text = MINI_TEXT.replace("schema = 1", f"schema = {schema}", 1)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    head, marker, rest = text.partition("[[events]]")
    return head + PERSON + "\n" + marker + rest + extra


def hints_of(text: str) -> list[Hint]:
    result = load_text(text, "events.toml", MINI / "seeds")
    assert result.problems == (), result.problems
    return find_hints(TimelineIndex(result.corpus), text)


def kinds(hints: list[Hint]) -> list[tuple[str, tuple[str, ...]]]:
    return [(hint.kind, hint.event_ids) for hint in hints]


# -- pure functions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019", 0),
        ("2024-H1", 1),
        ("2021-Q3", 2),
        ("2019-07", 3),
        ("2024-10-28", 4),
        ("2019/2021-07", 3),  # an interval: its finer end
        ("2019-07-01/2021", 4),
        ("/2026-01-04", 4),  # an open side does not count
        ("2019-07/", 3),
    ],
)
def test_precision(value: str, expected: int) -> None:
    assert precision(value) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("tokenised deposits", "tokenised deposits", 1.0),
        ("abc", "xyz", 0.0),
        ("匯豐銀行", "汇丰银行", 1.0),  # folded: script does not matter
        ("ＨＳＢＣ  Bank", "hsbc bank", 1.0),  # nor width, case or runs of spaces
        ("abcd", "abxy", 1 / 5),  # {ab} shared of {ab, bc, cd, bx, xy}
        ("", "", 0.0),
    ],
)
def test_similarity_is_bigram_jaccard_of_folded_text(
    first: str, second: str, expected: float
) -> None:
    assert similarity(first, second) == pytest.approx(expected)


TABLE = """\
[[events]]
# hint-ok: shared-quote: before the id, still in the table
id = "a"
# hint-ok: precise-date: the date is the opening day, said in another passage
date = "2025-11-03"
  #hint-ok:duplicate:   a second angle on the same speech
# hint-ok: unnamed-actor:
# hint-ok is not how it is written
quote = "# hint-ok: shared-quote: inside a string"  # hint-ok: shared-quote: trailing

[[events]]
id = "b"
[actors.x]
# hint-ok: duplicate: after the table ended
"""


def test_acknowledgements_are_whole_line_comments_inside_the_events_table() -> None:
    assert acknowledgements(TABLE, [0, 3, 12]) == {
        3: {
            "shared-quote": "before the id, still in the table",
            "precise-date": "the date is the opening day, said in another passage",
            "duplicate": "a second angle on the same speech",
        }
    }


# -- the four kinds on the fixture corpus ----------------------------------------------


def test_the_fixture_corpus_has_no_hints() -> None:
    assert hints_of(edited()) == []


@pytest.mark.parametrize(
    ("changes", "extra", "expected"),
    [
        pytest.param(
            [('actors = ["hsbc", "ant-international"]', 'actors = ["hsbc"]')],
            "",
            [("unnamed-actor", ("tokenised-deposits",))],
            id="a quote names an organisation the event does not list (螞蟻國際 hides 螞蟻)",
        ),
        pytest.param(
            [('actors = ["ant-international", "hsbc"]', 'actors = ["alipayhk", "hsbc"]')],
            "",
            [],
            id="an organisation whose child is listed is not reported",
        ),
        pytest.param(
            [
                (
                    'actors = ["hkma"]\nthemes = ["sandbox"]',
                    'actors = ["eddie-yue"]\nthemes = ["sandbox"]',
                )
            ],
            "",
            [],
            id="nor one whose person is listed",
        ),
        pytest.param(
            [
                (
                    'actors = ["hkma"]\nthemes = ["sandbox"]',
                    'actors = ["hksar-government"]\nthemes = ["sandbox"]',
                )
            ],
            "",
            [("unnamed-actor", ("hkma-measures",))],
            id="a parent listed does not stand for the child the quote names",
        ),
        pytest.param(
            [],
            AGAIN,
            [
                ("duplicate", ("tokenised-deposits-again", "tokenised-deposits")),
                ("precise-date", ("tokenised-deposits-again",)),
            ],
            id="a re-curated copy is a likely duplicate (and its span has no date)",
        ),
        pytest.param(
            [],
            AGAIN.replace('date = "2025-05"', 'date = "2025-06"'),
            [("precise-date", ("tokenised-deposits-again",))],
            id="no duplicate when the dates do not overlap",
        ),
        pytest.param(
            [],
            AGAIN.replace('actors = ["hsbc", "ant-international"]', 'actors = ["stanchart"]'),
            [
                ("unnamed-actor", ("tokenised-deposits-again",)),
                ("unnamed-actor", ("tokenised-deposits-again",)),
                ("precise-date", ("tokenised-deposits-again",)),
            ],
            id="no duplicate without a shared actor",
        ),
        pytest.param(
            [],
            SAME_QUOTE,
            [("shared-quote", ("hsbc-product", "tokenised-deposits"))],
            id="two events quote the same passage",
        ),
        pytest.param(
            [('date = "2019-07"', 'date = "2019-07-01"'), ('date_text = "2019年7月"\n', "")],
            "",
            [("precise-date", ("wallet-link",))],
            id="a day where the quote gives a month",
        ),
        pytest.param(
            [('date = "2019-07"', 'date = "2019"'), ('date_text = "2019年7月"\n', "")],
            "",
            [],
            id="a coarser date than the quote is fine",
        ),
        pytest.param(
            [
                ('date = "2025-10"', 'date = "/2025-11-04"'),
                ('date_text = "In October"\n', ""),
                ('quote = "In October, Ant International', 'quote = "Ant International'),
            ],
            "",
            [],
            id="no date in the quote, dated by its article's day: fine",
        ),
        pytest.param(
            [
                ('date = "2025-10"', 'date = "/2025-11-03"'),
                ('date_text = "In October"\n', ""),
                ('quote = "In October, Ant International', 'quote = "Ant International'),
            ],
            "",
            [("precise-date", ("october-pilot",))],
            id="no date in the quote and any other date: a hint",
        ),
    ],
)
def test_hints_of_each_kind(
    changes: list[tuple[str, str]], extra: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    hints = hints_of(edited(*changes, extra=extra))
    assert sorted(kinds(hints)) == sorted(expected)
    assert [hint.line for hint in hints] == sorted(hint.line for hint in hints)


def test_a_hint_names_its_events_line_and_what_was_found() -> None:
    text = edited(('actors = ["hsbc", "ant-international"]', 'actors = ["hsbc"]'))
    (hint,) = hints_of(text)
    assert hint.line == text.splitlines().index('id = "tokenised-deposits"') + 1
    assert "ant-international" in hint.message and "Ant International" in hint.message
    assert hint.acknowledged is None


def test_the_duplicate_score_of_the_copy_clears_the_threshold() -> None:
    (duplicate, _) = hints_of(edited(extra=AGAIN))
    score = float(duplicate.message.rsplit(" ", 1)[1])
    assert score >= DUPLICATE_SIMILARITY
    assert "line " in duplicate.message and "hsbc, ant-international" in duplicate.message


@pytest.mark.parametrize(
    ("comment", "where", "acknowledged"),
    [
        ("# hint-ok: shared-quote: both quote one sentence on purpose", "later", True),
        ("# hint-ok: shared-quote: both quote one sentence on purpose", "earlier", True),
        ("# hint-ok: duplicate: wrong kind", "later", False),
        ("# hint-ok: shared-quote:", "later", False),  # no reason given
    ],
)
def test_a_comment_in_either_events_table_acknowledges_a_pair(
    comment: str, where: str, acknowledged: bool
) -> None:
    if where == "later":
        text = edited(
            extra=SAME_QUOTE.replace('id = "hsbc-product"', f'id = "hsbc-product"\n{comment}')
        )
    else:
        text = edited(
            ('id = "tokenised-deposits"', f'id = "tokenised-deposits"\n{comment}'), extra=SAME_QUOTE
        )
    (hint,) = hints_of(text)
    assert (hint.acknowledged is not None) is acknowledged


def test_the_real_corpus_has_no_pair_at_the_duplicate_threshold() -> None:
    # The threshold was chosen on it (see DUPLICATE_SIMILARITY): a new pair crossing it is
    # worth a look before the threshold is.
    result = load_text(REAL_EVENTS.read_text(encoding="utf-8"), str(REAL_EVENTS), REAL_SEEDS)
    hints = find_hints(TimelineIndex(result.corpus))
    assert hints and not [hint for hint in hints if hint.kind == "duplicate"]


# -- the command line ------------------------------------------------------------------


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def write_corpus(tmp_path: Path, text: str) -> Path:
    events = tmp_path / "events.toml"
    events.write_text(text, encoding="utf-8")
    return events


def test_validate_hints_lists_each_hint_and_does_not_fail(tmp_path: Path) -> None:
    text = edited(('actors = ["hsbc", "ant-international"]', 'actors = ["hsbc"]'), extra=SAME_QUOTE)
    events = write_corpus(tmp_path, text)
    plain = run("validate", "--events", events, "--seeds", MINI / "seeds")
    completed = run("validate", "--hints", "--events", events, "--seeds", MINI / "seeds")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert completed.stdout.startswith(plain.stdout)  # what validate says, then the hints
    hints = lines[len(plain.stdout.splitlines()) :]
    first = text.splitlines().index('id = "tokenised-deposits"') + 1
    second = text.splitlines().index('id = "hsbc-product"') + 1
    assert hints[0].startswith(f"{events}:{first}: hint: unnamed-actor: tokenised-deposits: ")
    assert hints[1].startswith(f"{events}:{second}: hint: shared-quote: hsbc-product quotes ")
    assert hints[2:] == ["2 hints (0 acknowledged)"]
    assert ": hint: " not in plain.stdout and "acknowledged" not in plain.stdout


def test_acknowledged_hints_are_counted_and_shown_with_all(tmp_path: Path) -> None:
    comment = "# hint-ok: shared-quote: two angles on one sentence"
    text = edited(
        extra=SAME_QUOTE.replace('id = "hsbc-product"', f'id = "hsbc-product"\n{comment}')
    )
    events = write_corpus(tmp_path, text)
    quiet = run("validate", "--hints", "--events", events, "--seeds", MINI / "seeds")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.splitlines()[1:] == ["1 hint (1 acknowledged)"]
    everything = run("validate", "--hints", "--all", "--events", events, "--seeds", MINI / "seeds")
    shown = everything.stdout.splitlines()[1]
    assert ": hint: shared-quote: " in shown
    assert shown.endswith("[acknowledged: two angles on one sentence]")


def test_validate_hints_still_fails_on_problems(tmp_path: Path) -> None:
    events = write_corpus(tmp_path, edited(('date = "2019-07"', 'date = "2019-13"')))
    completed = run("validate", "--hints", "--events", events, "--seeds", MINI / "seeds")
    assert completed.returncode == 2
    assert completed.stdout == ""


# -- the terminal app ------------------------------------------------------------------


async def test_h_lists_the_hints_and_enter_jumps_to_the_event(tmp_path: Path) -> None:
    text = edited(('actors = ["hsbc", "ant-international"]', 'actors = ["hsbc"]'), extra=SAME_QUOTE)
    app = create_app(write_corpus(tmp_path, text), MINI / "seeds")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # A filter that hides the event the hint is about: the jump clears it.
        timeline_screen(app).filters = Filters(query="pilot")
        await pilot.pause()
        assert "hsbc-product" not in visible_ids(app)
        await pilot.press("H")
        await pilot.pause()
        shown = screen_text(app)
        assert "2 hints (0 acknowledged)" in shown
        assert "unnamed-actor" in shown and "shared-quote" in shown
        assert "hsbc-product quotes the same passage of hk" in shown
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not app.screen.query(OptionList)
        assert current_id(app) == "hsbc-product"
        await pilot.press("H")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert current_id(app) == "hsbc-product"


async def test_the_hints_list_marks_acknowledged_hints(tmp_path: Path) -> None:
    comment = "# hint-ok: shared-quote: two angles on one [b]sentence[/b]"
    text = edited(
        extra=SAME_QUOTE.replace('id = "hsbc-product"', f'id = "hsbc-product"\n{comment}')
    )
    app = create_app(write_corpus(tmp_path, text), MINI / "seeds")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("H")
        await pilot.pause()
        shown = screen_text(app)
        assert "1 hint (1 acknowledged)" in shown
        assert "acknowledged: two angles on one [b]sentence[/b]" in shown


async def test_the_palette_and_the_help_offer_the_hints(tmp_path: Path) -> None:
    app = create_app(write_corpus(tmp_path, edited(extra=SAME_QUOTE)), MINI / "seeds")
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "show hints")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HintsScreen)
        assert "1 hint (0 acknowledged)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_lines = [line.strip(" │╭╮╰╯") for line in screen_text(app).splitlines()]
        assert any(line.startswith("H ") and "hints: unnamed actors" in line for line in help_lines)
