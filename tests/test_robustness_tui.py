"""The terminal app's catalogue of issue 15: hostile names, failed loads, crashes, signals,
terminals it cannot run in, huge articles. Each case runs the real app (or the real CLI in a
real process) and asserts what the user sees, the exit status and the files."""

from __future__ import annotations

import difflib
import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import REAL_EVENTS, REAL_SEEDS, notices, screen_text, wait_for_text

from tui.app import TimelineApp, create_app
from tui.cli import main
from tui.core.article_text import passages_in
from tui.core.curate import Curator, EventDraft
from tui.core.wrapping import LazyWrap, wrap
from tui.screens.confirm import ConfirmScreen
from tui.screens.event_form import EventFormScreen
from tui.screens.source import SourceScreen
from tui.widgets.article import ArticleView
from tui.widgets.search import SearchInput

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
MINI = Path(__file__).resolve().parent / "data" / "mini"
SIZE = (140, 45)
NAME = "[bold]HSBC[/bold] [/oops]"
THEME = "[/oops] theme [link=x]"


def hostile_copy(folder: Path) -> tuple[Path, Path]:
    """The hostile corpus copied into `folder`, an actor and a theme named with broken markup."""
    shutil.copytree(HOSTILE, folder)
    events_path = folder / "events.toml"
    text = events_path.read_text(encoding="utf-8")
    text = text.replace('en = "HSBC 🇭🇰"', f'en = "{NAME}"')
    text = text.replace('en = "[red]Markup[/red]"', f'en = "{THEME}"')
    events_path.write_text(text, encoding="utf-8")
    return events_path, folder / "seeds"


def app_on(events_path: Path, seeds_dir: Path) -> TimelineApp:
    return create_app(events_path, seeds_dir, use_cache=False)



# -- 1. editing keeps the stored date, its words and the order of actors and themes -------


async def test_editing_only_the_title_keeps_date_text_and_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events_path = tmp_path / "events.toml"
    shutil.copyfile(REAL_EVENTS, events_path)
    shutil.copytree(REAL_SEEDS, tmp_path / "seeds")
    before = events_path.read_text(encoding="utf-8")
    handed: list[EventDraft] = []
    real_update = Curator.update_event

    def update_event(self: Curator, event_id: str, draft: EventDraft) -> object:
        handed.append(draft)
        return real_update(self, event_id, draft)

    monkeypatch.setattr(Curator, "update_event", update_event)
    app = app_on(events_path, tmp_path / "seeds")
    event_id = "hkma-scaled-testing-early-2026"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        from tui.screens.curation import edit_event

        edit_event(app, event_id)
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        title = app.screen.query_one("#title-en", Input)
        title.value = "HKMA expects more fintech in scaled testing"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen), screen_text(app)
    (draft,) = handed
    assert (draft.date, draft.mod, draft.date_text) == ("2026", "START", "到2026年初")
    assert draft.actors == ("hkma",)
    assert draft.themes == ("sandbox", "ai")  # as stored, not the corpus's order
    after = events_path.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 'date_text = "到2026年初"' in after
    # Only the title changed. The `sources` array is the writer's to keep as written
    # (Curator.update_event splicing only changed lines, another part of this issue).
    outside_sources = [line for line in changed if "source" not in line and line != "-]"]
    assert outside_sources == [
        '-title = { en = "HKMA expects more fintech to enter scaled testing", '
        'zh = "金管局預期更多金融科技進入規模化測試" }',
        '+title = { en = "HKMA expects more fintech in scaled testing", '
        'zh = "金管局預期更多金融科技進入規模化測試" }',
    ]


# -- 2. names and paths with markup show literally, in every dialog and notification ------


async def test_markup_in_actor_and_theme_names_shows_literally_everywhere(
    tmp_path: Path,
) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "hostile")
    before = events_path.read_bytes()
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=(140, 90), notifications=True) as pilot:
        await pilot.press("end", "up")  # the "escapes" event: both actors
        await pilot.pause()
        assert NAME in screen_text(app)  # the detail pane
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        text = screen_text(app)
        assert f"{NAME} · 滙豐" in text  # the form's actor list
        assert f"{THEME} · 標記" in text  # and its theme list
        await pilot.press("escape")
        await pilot.pause()
        for key in ("a", "t"):  # the pickers
            await pilot.press(key)
            await pilot.pause()
            assert (NAME if key == "a" else THEME) in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("enter")  # the article and its detail pane
        await pilot.pause()
        assert NAME in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert f"{NAME} · 滙豐" in screen_text(app)
        assert app.is_running
    assert events_path.read_bytes() == before


async def test_a_path_with_brackets_in_a_notification_shows_literally(
    short_tmp: Path,
) -> None:
    # A short folder: the notification wraps the path at the same place with any basetemp.
    events_path, seeds_dir = hostile_copy(short_tmp / "notes [draft]")
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        changed = events_path.read_bytes() + b"\n# changed by someone else [/oops]\n"
        events_path.write_bytes(changed)
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # offers to reload
        await pilot.press("n")
        await pilot.pause()
        message = "notes [draft]/events.toml:0: the file changed on disk"
        assert any(message in notice for notice in notices(app))
        assert "[draft]/events.toml:0: the file" in screen_text(app)  # the toast
        # The form says the same in its own error line.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert await wait_for_text(pilot, app, "notes [draft]/events.toml:0: the file changed")
        assert app.is_running
    assert events_path.read_bytes() == changed


# -- 4. after a failed reload every curation action answers with a message ----------------


async def test_curation_after_a_failed_reload_says_why(tmp_path: Path) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "corpus")
    app = app_on(events_path, seeds_dir)
    broken = b"schema = 1\n[[events]\nid = \n"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("D", "y")  # one change of the session's own first
        await pilot.pause()
        assert app.corpus.event("deposits") is None
        events_path.write_bytes(broken)
        await pilot.press("D", "y")  # the file changed: offer to reload
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")  # reload fails: it no longer parses
        await pilot.pause()
        assert any("events.toml:2:" in message for message in notices(app)), notices(app)
        for keys in (("D", "y"), ("D", "y"), ("u",)):
            app.clear_notifications()
            await pilot.press(*keys)
            await pilot.pause()
            assert app.is_running
            if isinstance(app.screen, ConfirmScreen):  # offered to reload again: decline
                await pilot.press("n")
                await pilot.pause()
            assert notices(app), keys
            assert all("Traceback" not in message for message in notices(app))
        # Undo would have put back the text before the delete over the file as it now is.
        assert "Nothing to undo." in notices(app) or "nothing to undo" in str(notices(app))
        await pilot.press("e")  # the form says why it cannot save, and stays open
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "nothing was" in screen_text(app) or "events.toml:2" in screen_text(app)
        assert app.is_running
    assert events_path.read_bytes() == broken


# -- 3, 5, 7. the real process in a real terminal (a pty) --------------------------------

HK_TIMELINE = Path(sys.executable).parent / "hk-timeline"
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"
MOUSE_OFF = b"\x1b[?1000l"


@dataclass(frozen=True)
class Run:
    status: int
    output: bytes
    """Everything the process wrote to its terminal."""
    after_signal: bytes
    """What it wrote after the signal was sent."""


def run_in_pty(
    args: list[str],
    *,
    send: int | None = None,
    when: bytes | None = b"events",
    env: dict[str, str] | None = None,
    stdin_tty: bool = True,
) -> Run:
    """Run `args` on a 120x40 pseudo-terminal; send signal `send` once `when` was drawn
    (or at once when `when` is None) and read until the process ends."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    environ = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    process = subprocess.Popen(
        args,
        stdin=slave if stdin_tty else subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=environ,
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    sent_at: int | None = None
    if send is not None and when is None:
        _wait_for_python(process.pid, send)
        process.send_signal(send)
        sent_at = 0
    deadline = time.monotonic() + 60  # a safety net against a hang, not a timing assertion
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the process closed its end
                    break
                if not chunk:
                    break
                output += chunk
            if send is not None and sent_at is None and when is not None and when in output:
                time.sleep(0.5)  # let the first frame finish
                sent_at = len(output)
                process.send_signal(send)
            if not ready and process.poll() is not None:
                break
        else:
            process.kill()
            pytest.fail(f"{args} did not end: {output[-500:]!r}")
    finally:
        os.close(master)
    status = process.wait()
    return Run(status, output, output[sent_at:] if sent_at is not None else b"")


def _wait_for_python(pid: int, signum: int) -> None:
    """Wait until process `pid` catches `signum` (Python has started and handles it)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        pytest.skip("needs /proc to know when the process has started")
    for _ in range(600):
        caught = next(
            (line for line in status.read_text().splitlines() if line.startswith("SigCgt:")), ""
        )
        if caught and int(caught.split()[1], 16) & (1 << (signum - 1)):
            return
        time.sleep(0.01)
    pytest.fail("the process never started handling the signal")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_gives_the_terminal_back(signum: int) -> None:
    run = run_in_pty([str(HK_TIMELINE)], send=signum)
    assert run.status == 128 + signum
    for sequence in (LEAVE_ALTERNATE_SCREEN, SHOW_CURSOR, MOUSE_OFF):
        assert sequence in run.after_signal, sequence
    assert b"Traceback" not in run.output


def test_ctrl_c_while_loading_prints_no_traceback(
    mini: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl+C while the corpus loads (before the first frame): status 130, nothing printed."""

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr("tui.app.load", interrupted)
    monkeypatch.setattr("tui.terminal.unusable_terminal", lambda *args: None)
    events_path, seeds_dir = mini
    status = main(["--no-cache", "--events", str(events_path), "--seeds", str(seeds_dir)])
    assert status == 130
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_ctrl_c_signal_after_the_first_frame_ends_like_q() -> None:
    run = run_in_pty([str(HK_TIMELINE)], send=signal.SIGINT)
    assert run.status == 130
    assert LEAVE_ALTERNATE_SCREEN in run.after_signal and SHOW_CURSOR in run.after_signal


CRASH = """
import sys
import tui.app as module
real = module.start_app
def start_app(*args, **kwargs):
    app = real(*args, **kwargs)
    def boom() -> None:
        raise RuntimeError("forced [/oops] failure")
    app.call_after_refresh(boom)
    return app
module.start_app = start_app
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_exits_non_zero_with_a_short_message(tmp_path: Path) -> None:
    script = tmp_path / "crash.py"
    script.write_text(CRASH, encoding="utf-8")
    run = run_in_pty([sys.executable, str(script)], when=None)
    assert run.status == 1
    assert run.output.rstrip().endswith(
        b"hk-timeline: the timeline stopped on an unexpected error (above)"
    )
    assert LEAVE_ALTERNATE_SCREEN in run.output


@pytest.mark.parametrize("term", ["dumb", "", "unknown"])
def test_a_terminal_that_cannot_draw_gets_a_message_and_the_cli(term: str) -> None:
    run = run_in_pty([str(HK_TIMELINE)], env={"TERM": term}, when=None)
    assert run.status == 2
    text = run.output.decode()
    assert "this terminal cannot run the full-screen timeline" in text
    assert "hk-timeline list" in text
    assert b"\x1b[?1049h" not in run.output  # no alternate screen


def test_stdin_not_a_terminal_gets_a_message() -> None:
    run = run_in_pty([str(HK_TIMELINE)], stdin_tty=False, when=None)
    assert run.status == 2
    assert "standard input is not a terminal" in run.output.decode()
    assert b"\x1b[?1049h" not in run.output


def test_stdout_not_a_terminal_gets_a_message(tmp_path: Path) -> None:
    completed = subprocess.run(
        [str(HK_TIMELINE)],
        capture_output=True,
        env={**os.environ, "TERM": "xterm-256color"},
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert b"is not a terminal" in completed.stderr and b"hk-timeline list" in completed.stderr


# -- 8. the search box shows bidi overrides and controls as the header does ---------------


async def test_the_search_box_shows_bidi_overrides_as_tags(tmp_path: Path) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "corpus")
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen.query_one(SearchInput)
        search.insert_text_at_cursor("\u202eabc\x1b[2J")
        await pilot.pause()
        assert search.value == "\u202eabc\x1b[2J"  # what is searched for is what was typed
        line = next(line for line in screen_text(app).splitlines() if "abc" in line)
        assert "⟨U+202E⟩abc␛[2J" in line
        assert "\u202e" not in screen_text(app) and "\x1b" not in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert "⟨U+202E⟩abc␛[2J" in screen_text(app)


# -- 9. a huge article opens at once: only the paragraphs drawn are wrapped ---------------

PARAGRAPH = (
    "Lorem ipsum dolor sit amet, fintech sandbox consectetur adipiscing elit, sed do "
    "eiusmod tempor 金管局 incididunt ut labore et dolore magna aliqua. "
) * 3


def large_article_corpus(folder: Path, body: str) -> tuple[Path, Path]:
    """The mini corpus with `body` appended to its English article (its quotes stay first)."""
    shutil.copytree(MINI, folder)
    article = folder / "seeds" / "en.txt"
    article.write_text(article.read_text(encoding="utf-8") + body, encoding="utf-8")
    return folder / "events.toml", folder / "seeds"


async def open_article(app: TimelineApp, pilot: Pilot[None], source_id: str) -> ArticleView:
    passages = passages_in(app.corpus.events, source_id)
    app.push_screen(SourceScreen(source_id, passages, 0 if passages else None))
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    return app.screen.query_one(ArticleView)


async def test_a_large_article_wraps_only_what_is_on_screen_and_g_reaches_the_end(
    tmp_path: Path,
) -> None:
    paragraphs = 5_000  # ten blocks of LazyWrap's height sums
    body = "\n" + (PARAGRAPH + "\n") * paragraphs + "THE LAST LINE\n"
    events_path, seeds_dir = large_article_corpus(tmp_path / "corpus", body)
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot, "en")
        assert "In October, Ant International joined HSBC" in screen_text(app)
        # A screen of 40 rows shows a dozen paragraphs; the rest wait until scrolled to.
        assert view.wrapped_paragraphs < 100
        assert view.line_count > paragraphs
        await pilot.press("G")
        await pilot.pause()
        assert "THE LAST LINE" in screen_text(app)
        assert view.wrapped_paragraphs < 200
        await pilot.press("g")
        await pilot.pause()
        assert "In October, Ant International joined HSBC" in screen_text(app)
        assert app.screen.sentence_spans  # the sentence cursor still has every sentence
        await pilot.press("full_stop")
        await pilot.pause()
        assert view.selected_text() == "In October, Ant International joined HSBC in a pilot."


async def test_an_article_of_one_long_line_opens_and_scrolls(tmp_path: Path) -> None:
    body = "\n" + "word " * 400_000 + "THE END"
    events_path, seeds_dir = large_article_corpus(tmp_path / "corpus", body)
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=(80, 20)) as pilot:
        view = await open_article(app, pilot, "en")
        assert "In October" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert "THE END" in screen_text(app)
        await pilot.press("up", "pagedown", "home")
        await pilot.pause()
        assert view.scroll_y == 0
        assert app.is_running


@pytest.mark.parametrize("width", [2, 3, 7, 40])
def test_lazy_wrap_draws_the_lines_wrap_does(width: int) -> None:
    text = "".join(
        [
            "\n",
            "短句。" * 30,
            "\nHello world, a longer English line that needs wrapping here.\n\n",
            "混合 mixed 文字 and 👩‍💻 emoji 「引號」，標點。" * 5,
            "\n" + "x" * 200 + "\n",
        ]
        * 40
    )
    for sample in (text, "", "\n", "a\n", "a\n\nb", text.rstrip("\n")):
        expected = wrap(sample, width)
        lazy = LazyWrap(sample, width)
        lines = []
        while (span := lazy.line(len(lines))) is not None:
            lines.append(span)
        assert lines == expected
        assert lazy.total == len(expected)
        for number, (start, _) in enumerate(expected):
            assert expected[lazy.line_of(start)][0] == start, number


# -- the adversarial pass ------------------------------------------------------------------

KEYS = [
    *"atdciesluUNDnpgGjkx1[/", "question_mark", "exclamation_mark", "slash", "full_stop",
    "comma", "space", "enter", "tab", "up", "down", "right", "end", "pagedown", "backspace",
    "shift+down", "ctrl+s", "ctrl+r", "plus", "minus", "shift+left", "shift+right", "left",
    "right_square_bracket", "escape",
]  # fmt: skip
"""Every key bound on some screen, and some typed ones; not q (quits)."""


OPENERS = (
    [(), ("enter",), ("question_mark",), ("exclamation_mark",), ("a",), ("t",)],
    [("d",), ("slash",), ("e",), ("enter", "U"), ("enter", "full_stop", "N"), ("v",)],
)
"""The keys that open each screen, in two halves, one app each (so the two test workers share
the walk)."""


@pytest.mark.parametrize("openers", OPENERS, ids=["list, dialogs", "forms, lanes"])
async def test_every_key_on_every_screen_of_a_hostile_corpus_at_20x5(
    tmp_path: Path, openers: list[tuple[str, ...]]
) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "notes [draft]")
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=(20, 5), notifications=True) as pilot:
        for opener in openers:
            await pilot.press(*opener)
            await pilot.pause()
            opened = type(app.screen).__name__
            for key in KEYS:
                await pilot.press(key)
                assert app.is_running, (opener, opened, key)
            await pilot.pause()
            text = screen_text(app)
            assert "\x1b" not in text and "\u202e" not in text, (opener, opened)
            while len(app.screen_stack) > 1:
                await pilot.press("escape")
                await pilot.pause()
                if len(app.screen_stack) > 1 and isinstance(app.screen, ConfirmScreen):
                    await pilot.press("n")
                    await pilot.pause()
        assert app.is_running


async def test_an_empty_corpus_opens_and_every_key_answers(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    (folder / "seeds").mkdir(parents=True)
    events_path = folder / "events.toml"
    events_path.write_text("schema = 1\n", encoding="utf-8")
    app = app_on(events_path, folder / "seeds")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert "0 of 0 events" in screen_text(app)
        for key in (
            "e",
            "D",
            "enter",
            "u",
            "a",
            "escape",
            "t",
            "escape",
            "d",
            "escape",
            "G",
            "slash",
        ):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running, key
    assert events_path.read_text(encoding="utf-8") == "schema = 1\n"


async def test_the_events_file_deleted_while_the_app_runs(tmp_path: Path) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "corpus")
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        events_path.unlink()
        await pilot.press("D", "y")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")  # reload: there is no file
            await pilot.pause()
        assert notices(app) and app.is_running
        app.clear_notifications()
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "events.toml" in screen_text(app)
        await pilot.press("ctrl+r")  # the form's reload
        await pilot.pause()
        assert app.is_running
    assert not events_path.exists()  # nothing wrote a new one


async def test_nul_control_and_bidi_characters_in_titles_are_drawn_harmlessly(
    tmp_path: Path,
) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "corpus")
    text = events_path.read_text(encoding="utf-8").replace(
        'en = "Tokenised deposits"',
        'en = "Tok\\u0000en\\u0085ised \\u2067dep\\u202dosits\\u009b2J"',
    )
    events_path.write_text(text, encoding="utf-8")
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for keys in ((), ("enter",), ("escape", "e")):
            await pilot.press(*keys)
            await pilot.pause()
            shown = screen_text(app)
            for char in ("\x00", "\x85", "\u2067", "\u202d", "\x9b", "\x1b"):
                assert char not in shown, (keys, repr(char))
        assert "Tok␀en" in screen_text(app) or "Tok␀en" in str(
            app.screen.query_one("#title-en", Input).value
        )
