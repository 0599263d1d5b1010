"""Review of issue 20's speed work: what the helpers, the short check and the date fast path
must still do where the machine or the input is unusual."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest

from tui.core import slice_parse
from tui.core.toml_parse import parse_toml


def _text(count: int) -> tuple[str, list[tuple[int, int]]]:
    """An events file of `count` small tables, one slice each, and each slice's bounds."""
    text, bounds = "schema = 2\n\n", []
    for number in range(count):
        start = len(text)
        text += f'[[events]]\nid = "e{number}"\nn = {number}\n\n'
        bounds.append((start, len(text)))
    return text, bounds


def _no_children_left() -> bool:
    """Whether this process has no child process, running or unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def helpers_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every slice list is worth two helpers."""
    monkeypatch.setattr(slice_parse, "HELPER_MIN_CHARS", 0)
    monkeypatch.setattr(slice_parse.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.delenv(slice_parse.HELPERS_VARIABLE, raising=False)


class _NoThreads(threading.Thread):
    """A thread that cannot start, as under a low ``ulimit -u`` (the process limit counts
    threads): Popen may get the last process there is, the feeding thread none."""

    def start(self) -> None:
        raise RuntimeError("can't start new thread")


@pytest.mark.usefixtures("helpers_wanted")
def test_a_helper_whose_feeding_thread_cannot_start_leaves_its_slices_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(slice_parse.threading, "Thread", _NoThreads)
    text, bounds = _text(6)
    got = [tables[0]["n"] for tables in slice_parse.ParsedSlices(text, bounds, parse_toml)]
    assert got == list(range(6))
    assert _no_children_left()  # the helper that started was stopped and waited for


@pytest.mark.usefixtures("helpers_wanted")
def test_an_interrupted_start_stops_the_helpers_already_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_start = slice_parse._Helper.start
    started: list[int] = []

    def start(text: str, bounds: Any) -> Any:
        if started:
            raise KeyboardInterrupt  # Ctrl+C while the second helper starts
        started.append(len(bounds))
        return real_start(text, bounds)

    monkeypatch.setattr(slice_parse._Helper, "start", staticmethod(start))
    text, bounds = _text(6)
    with pytest.raises(KeyboardInterrupt):
        slice_parse.ParsedSlices(text, bounds, parse_toml)
    assert started
    assert _no_children_left()


@pytest.mark.usefixtures("helpers_wanted")
def test_an_absurdly_long_helper_count_is_read_as_many(monkeypatch: pytest.MonkeyPatch) -> None:
    # int() refuses more than 4300 digits: the load must not raise for an environment setting.
    monkeypatch.setenv(slice_parse.HELPERS_VARIABLE, "9" * 5000)
    assert slice_parse._helpers_worth(10) == 8
    monkeypatch.setenv(slice_parse.HELPERS_VARIABLE, "0" * 5000 + "1")
    assert slice_parse._helpers_worth(10) == 1
