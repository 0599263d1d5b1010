"""Remembered settings and saved views: the config file read, written and used (issue 18)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from tui_helpers import (
    MINI_EVENTS,
    MINI_SEEDS,
    mini_app,
    palette_searched,
    screen_text,
    timeline_screen,
    type_text,
    visible_ids,
    wait_for_text,
)

from tui import cli
from tui.core.errors import TimelineError
from tui.core.loader import load
from tui.core.preferences import (
    Preferences,
    SavedView,
    config_path,
    forget_view,
    load_preferences,
    save_preference,
    save_view,
    view_filters,
    view_from_filters,
)
from tui.core.query import Filters, TimelineIndex

SIZE = (160, 40)


@pytest.fixture
def config() -> Path:
    """The settings file the app and the CLI use in this test (not written yet)."""
    return config_path()


# -- reading ------------------------------------------------------------------------------


def test_the_config_lives_where_the_environment_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HK_TIMELINE_CONFIG_DIR", str(tmp_path / "elsewhere"))
    assert config_path() == tmp_path / "elsewhere" / "config.toml"
    monkeypatch.delenv("HK_TIMELINE_CONFIG_DIR")
    assert config_path().name == "config.toml" and "hk-timeline" in str(config_path())


def test_no_file_is_no_problem(config: Path) -> None:
    assert load_preferences(config) == (Preferences(), ())


def test_a_good_file_is_read(config: Path) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        'script = "hans"\nlanguage = "zh"\ncolour_scheme = "textual-light"\ndetail = "hidden"\n'
        '[views.hsbc-2024]\nactors = ["HSBC"]\nfrom = 2024-01-01\nstatus = "planned"\n',
        encoding="utf-8",
    )
    preferences, problems = load_preferences(config)
    assert problems == ()
    assert preferences.script == "hans" and preferences.language == "zh"
    assert preferences.colour_scheme == "textual-light" and preferences.detail is False
    assert preferences.views == {
        "hsbc-2024": SavedView(actors=("HSBC",), status="planned", date_from=date(2024, 1, 1))
    }


@pytest.mark.parametrize(
    ("text", "line", "words", "kept"),
    [
        ('language = "zh"\nscript = "hans\n', 2, "not valid TOML", {}),
        ('language = "fr"\nscript = "hans"\n', 1, "language must be one of en, zh",
         {"script": "hans"}),
        ('script = "hans"\n\nfont = "big"\n', 3, "unknown setting 'font'", {"script": "hans"}),
        ('detail = true\n', 1, "detail must be one of shown, hidden", {}),
        ('language = "zh"\n[views.a]\nactors = "HSBC"\n', 3, "actors must be a list",
         {"language": "zh"}),
        ('[views.a]\nstatus = "maybe"\n', 2, "status must be happened or planned", {}),
        ('[views."two words"]\nactors = []\n', 1, "1 to 40 letters, digits", {}),
        ('[views.a]\ncolour = 1\n', 2, "unknown key 'colour'", {}),
    ],
)
def test_a_broken_file_is_reported_at_its_line_and_the_rest_applies(
    config: Path, text: str, line: int, words: str, kept: dict[str, str]
) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    preferences, problems = load_preferences(config)
    assert len(problems) == 1
    assert (problems[0].path, problems[0].line) == (str(config), line)
    assert words in problems[0].message and "ignored" in problems[0].message
    assert {key: getattr(preferences, key) for key in kept} == kept
    assert preferences.views == {}


@pytest.mark.parametrize("content", [b"\xff\xfe\x00bad", b"language = 'zh'\n\xc3(\n"])
def test_binary_or_non_utf8_files_are_problems_not_crashes(config: Path, content: bytes) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes(content)
    preferences, problems = load_preferences(config)
    assert preferences == Preferences() and len(problems) == 1
    assert str(problems[0]).startswith(f"{config}:")


def test_a_folder_in_place_of_the_file_is_a_problem(config: Path) -> None:
    config.mkdir(parents=True)
    preferences, problems = load_preferences(config)
    assert preferences == Preferences() and len(problems) == 1


# -- writing ------------------------------------------------------------------------------

USERS_FILE = """\
# My settings — hand-written.
language   =   "en"    # keep English

[views.mine]   # my view
actors = [ "hsbc" ]     # spaced as I like
"""


def test_a_write_keeps_the_users_comments_and_bytes(config: Path) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(USERS_FILE, encoding="utf-8")
    save_preference("language", "zh", config)
    save_preference("script", "hant", config)
    assert config.read_text(encoding="utf-8") == USERS_FILE.replace(
        '"en"    # keep English\n', '"zh"    # keep English\nscript = "hant"\n'
    )
    save_view("later", SavedView(themes=("payments",), query="wallet"), config)
    text = config.read_text(encoding="utf-8")
    assert text.startswith('# My settings — hand-written.\nlanguage   =   "zh"    # keep English\n')
    assert '[views.mine]   # my view\nactors = [ "hsbc" ]     # spaced as I like\n' in text
    assert load_preferences(config)[0].views["later"] == SavedView(
        themes=("payments",), query="wallet"
    )
    forget_view("later", config)
    assert "later" not in config.read_text(encoding="utf-8")


def test_a_write_goes_through_a_symlink(config: Path, tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "hk.toml"
    real.parent.mkdir()
    real.write_text("# linked\n", encoding="utf-8")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.symlink_to(real)
    save_preference("detail", "hidden", config)
    assert config.is_symlink()
    assert real.read_text(encoding="utf-8") == '# linked\ndetail = "hidden"\n'


def test_a_broken_file_is_never_rewritten(config: Path) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('language = "zh\n', encoding="utf-8")
    with pytest.raises(TimelineError) as raised:
        save_preference("language", "en", config)
    assert str(raised.value).startswith(f"{config}:")
    assert config.read_text(encoding="utf-8") == 'language = "zh\n'


@pytest.mark.parametrize("kind", ["folder is a file", "views is not a table"])
def test_a_write_that_cannot_happen_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    if kind == "folder is a file":
        (tmp_path / "plain").write_text("", encoding="utf-8")
        monkeypatch.setenv("HK_TIMELINE_CONFIG_DIR", str(tmp_path / "plain" / "sub"))
    else:
        monkeypatch.setenv("HK_TIMELINE_CONFIG_DIR", str(tmp_path))
        (tmp_path / "config.toml").write_text("views = 1\n", encoding="utf-8")
    with pytest.raises(TimelineError) as raised:
        save_view("v", SavedView(query="x"))
    assert str(raised.value).startswith(f"{config_path()}:0:")


def test_a_new_file_is_created_with_its_folder(config: Path) -> None:
    save_preference("language", "zh", config)
    assert load_preferences(config) == (Preferences(language="zh"), ())
    assert config.read_text(encoding="utf-8").startswith("# HK FinTech Timeline")


# -- views as filters ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def index() -> TimelineIndex:
    return TimelineIndex(load(MINI_EVENTS, MINI_SEEDS).corpus)


@pytest.mark.parametrize(
    ("view", "filters"),
    [
        (SavedView(actors=("匯豐",)), Filters(actors=frozenset({"hsbc"}))),
        (SavedView(themes=("tokenisation",), status="planned"),
         Filters(themes=frozenset({"tokenisation"}), status="planned")),
        (SavedView(date_from="2024", date_to="2025年"),
         Filters(date_from=date(2024, 1, 1), date_to=date(2025, 12, 31))),
        (SavedView(date_from=date(2025, 5, 1), query="pilot"),
         Filters(date_from=date(2025, 5, 1), query="pilot")),
    ],
)
def test_a_view_stands_for_filters(
    index: TimelineIndex, view: SavedView, filters: Filters
) -> None:
    assert view_filters("v", view, index, date(2025, 11, 6)) == filters


def test_filters_saved_as_a_view_come_back_the_same(index: TimelineIndex) -> None:
    filters = Filters(
        query="代幣化", actors=frozenset({"hsbc"}), include_children=True,
        date_from=date(2024, 1, 1), date_to=date(2025, 6, 30), status="happened",
    )
    assert view_filters("v", view_from_filters(filters), index, date.today()) == filters


@pytest.mark.parametrize(
    ("view", "words"),
    [
        (SavedView(actors=("Lehman",)), "no organisation 'Lehman'"),
        (SavedView(themes=("cooking",)), "no theme 'cooking'"),
        (SavedView(date_from="someday"), "view 'v'"),
    ],
)
def test_a_view_the_corpus_cannot_answer_says_why(
    index: TimelineIndex, view: SavedView, words: str
) -> None:
    with pytest.raises(TimelineError) as raised:
        view_filters("v", view, index, date.today())
    assert words in str(raised.value)


# -- the command line ---------------------------------------------------------------------

MINI = ["--events", str(MINI_EVENTS), "--seeds", str(MINI_SEEDS)]


def test_list_and_export_take_a_saved_view(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_view("hsbc", SavedView(actors=("HSBC",)), config)
    assert cli.main(["list", "--view", "hsbc", *MINI]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "2 of 6 events"
    assert cli.main(["export", "--view", "hsbc", "--format", "csv", *MINI]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 2
    # An option replaces that part of the view.
    assert cli.main(["list", "--view", "hsbc", "--actor", "螞蟻集團", *MINI]) == 0
    assert "hsbc" not in capsys.readouterr().out.lower().split("events")[0].split("\n")[0]


def test_an_unknown_view_lists_the_known_ones_and_exits_2(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_view("hsbc", SavedView(actors=("HSBC",)), config)
    save_view("planned", SavedView(status="planned"), config)
    assert cli.main(["list", "--view", "nope", *MINI]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--view 'nope': no saved view" in captured.err
    assert "(saved views: hsbc, planned)" in captured.err and "Traceback" not in captured.err


def test_a_broken_config_is_a_note_on_stderr_not_a_failure(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('language = "fr"\n[views.hsbc]\nactors = ["HSBC"]\n', encoding="utf-8")
    assert cli.main(["list", "--view", "hsbc", *MINI]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"hk-timeline: note: {config}:1: language must be one of en, zh, not 'fr'; ignored\n"
    )
    assert captured.out.splitlines()[-1] == "2 of 6 events"


# -- the terminal app ---------------------------------------------------------------------


async def test_settings_are_remembered_across_runs(config: Path) -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "s", "i")
        app.theme = "textual-light"
        await pilot.pause()
    preferences, problems = load_preferences(config)
    assert problems == ()
    assert preferences == Preferences(
        script="hant", language="zh", colour_scheme="textual-light", detail=False
    )
    again = mini_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert (again.language, again.script, again.theme) == ("zh", "hant", "textual-light")
        text = screen_text(again)
        assert "中文" in text and "Traditional" in text
        assert not timeline_screen(again).query_one("#detail").display


async def test_a_run_that_changes_nothing_writes_nothing(config: Path) -> None:
    app = mini_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "k")
        await pilot.pause()
    assert not config.exists()


async def test_the_detail_pane_shown_on_a_narrow_terminal_is_remembered(config: Path) -> None:
    app = mini_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
    assert load_preferences(config)[0].detail is True
    again = mini_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert timeline_screen(again).query_one("#detail").display


async def test_a_broken_settings_file_is_a_notification_not_a_crash(config: Path) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('language = "zh"\nscript = [\n', encoding="utf-8")
    app = mini_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert await wait_for_text(pilot, app, "Settings file")
        assert f"{config.name}:" in screen_text(app).replace("\n", "")
        assert app.language == "en"
        await pilot.press("l")
        assert await wait_for_text(pilot, app, "Cannot save settings")
    assert config.read_text(encoding="utf-8") == 'language = "zh"\nscript = [\n'


async def test_a_view_is_saved_and_recalled_from_the_palette(config: Path) -> None:
    app = mini_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        timeline_screen(app).filters = Filters(actors=frozenset({"hsbc"}))
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_text(pilot, "save view")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "Save view" in screen_text(app)
        await type_text(pilot, "bad name")
        await pilot.press("enter")
        await pilot.pause()
        assert "letters, digits" in screen_text(app)
        for _ in "bad name":
            await pilot.press("backspace")
        await type_text(pilot, "hsbc")
        await pilot.press("enter")
        assert await wait_for_text(pilot, app, "Saved view 'hsbc'")
        await pilot.press("c")
        await pilot.pause()
        assert len(visible_ids(app)) == 6
        await pilot.press("ctrl+p")
        await type_text(pilot, "open view hsbc")
        await palette_searched(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert visible_ids(app) == ["tokenised-deposits", "october-pilot"]
    assert load_preferences(config)[0].views == {"hsbc": SavedView(actors=("hsbc",))}
    assert "[views.hsbc]" in config.read_text(encoding="utf-8")
    assert os.environ["HK_TIMELINE_CONFIG_DIR"] in str(config)
