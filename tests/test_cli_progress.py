"""The CLI's progress line on stderr: on a terminal only, erased when the load ends."""

from __future__ import annotations

import io
import os
import pty
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from tui_helpers import MINI_EVENTS, MINI_SEEDS

from tui import cli

ERASE = "\r\x1b[K"


@contextmanager
def stderr_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Replace stderr with a pseudo-terminal; the list holds what was written once closed."""
    leader, follower = pty.openpty()
    terminal = io.TextIOWrapper(io.FileIO(follower, "w"), encoding="utf-8", line_buffering=True)
    assert terminal.isatty()
    monkeypatch.setattr(sys, "stderr", terminal)
    written: list[str] = []
    try:
        yield written
    finally:
        terminal.flush()
        chunks = []
        os.set_blocking(leader, False)
        while True:
            try:
                chunk = os.read(leader, 65536)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        terminal.close()
        os.close(leader)
        # The terminal turns "\n" into "\r\n" on the way out.
        written.append(b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))


def validate() -> int:
    return cli.main(
        ["validate", "--no-cache", "--events", str(MINI_EVENTS), "--seeds", str(MINI_SEEDS)]
    )


def test_a_load_on_a_terminal_says_how_far_it_has_got_then_erases_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
    with stderr_on_a_terminal(monkeypatch) as written:
        validate()
    text = written[0]
    assert "\rloading " in text and " events… 0%" in text
    # Erased before anything else is said, so problems start on a clean line.
    after = text[text.index("\rloading ") :]
    assert ERASE in after
    assert "loading" not in after[after.index(ERASE) + len(ERASE) :]


def test_only_a_load_longer_than_the_delay_says_how_far_it_has_got(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said = []
    for delay in (3600, 0):
        monkeypatch.setattr(cli, "PROGRESS_DELAY", delay)
        with stderr_on_a_terminal(monkeypatch) as written:
            validate()
        said.append("loading" in written[0])
    assert said == [False, True]


def test_stderr_that_is_not_a_terminal_gets_no_progress(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
    with stderr_on_a_terminal(monkeypatch) as written:
        validate()
    assert "loading" in written[0]  # the same load on a terminal says it
    monkeypatch.undo()
    monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
    validate()
    captured = capsys.readouterr()
    assert "loading" not in captured.err and "\x1b" not in captured.err


def test_ctrl_c_during_a_load_exits_130_on_a_clean_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
    shown = cli._LoadProgressLine.__call__

    def interrupted(self: cli._LoadProgressLine, done: int, total: int) -> None:
        shown(self, done, total)
        raise KeyboardInterrupt  # as SIGINT arriving mid-load does

    monkeypatch.setattr(cli._LoadProgressLine, "__call__", interrupted)
    # After Ctrl+C the CLI points stdout's descriptor at /dev/null: not the test runner's.
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with stderr_on_a_terminal(monkeypatch) as written:
        status = validate()
    assert status == 130
    text = written[0]
    assert "loading" in text and text.endswith(ERASE)
    assert "Traceback" not in text
