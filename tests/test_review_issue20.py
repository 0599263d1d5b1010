"""Review of issue 20's speed work: what the helpers, the short check and the date fast path
must still do where the machine or the input is unusual."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import no_children_left
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
    assert no_children_left()  # the helper that started was stopped and waited for


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
    assert no_children_left()


@pytest.mark.usefixtures("helpers_wanted")
def test_an_absurdly_long_helper_count_is_read_as_many(monkeypatch: pytest.MonkeyPatch) -> None:
    # int() refuses more than 4300 digits: the load must not raise for an environment setting.
    monkeypatch.setenv(slice_parse.HELPERS_VARIABLE, "9" * 5000)
    assert slice_parse.helpers_for(10) == 8
    monkeypatch.setenv(slice_parse.HELPERS_VARIABLE, "0" * 5000 + "1")
    assert slice_parse.helpers_for(10) == 1


_EXITS_WITH_A_BUSY_HELPER = """
import subprocess, sys
from tests.conftest import no_children_left
from tui.core import slice_parse

slice_parse.HELPER_MIN_CHARS = 0
slice_parse.os.sched_getaffinity = lambda _pid: {0, 1}
real_popen = subprocess.Popen

def busy(args, **kwargs):
    # A helper still parsing (a huge slice, say) when the process ends.
    return real_popen([sys.executable, "-c", "import time; time.sleep(60)"], **kwargs)

slice_parse.subprocess.Popen = busy
text = "".join(f'[[events]]\\nid = "e{number}"\\n' for number in range(4))
bounds = [(start, start + 20) for start in range(0, 80, 20)]
slices = slice_parse.ParsedSlices(text, bounds, None)
print(" ".join(str(helper._process.pid) for _run, helper in slices._helpers), flush=True)
# The process ends with the load unfinished: the app's load thread is a daemon, left running.
"""


def test_no_helper_outlives_the_process_that_started_it(tmp_path: Path) -> None:
    # The app does not wait for its loading thread as it quits: a helper still parsing then
    # would run on, orphaned, until it next tried to send.
    finished = subprocess.run(
        [sys.executable, "-c", _EXITS_WITH_A_BUSY_HELPER],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=30,
        check=True,
    )
    pids = [int(pid) for pid in finished.stdout.split()]
    assert len(pids) == 2
    alive = []
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        alive.append(pid)
        os.kill(pid, signal.SIGKILL)  # not left behind by a failing run
    assert alive == []


@pytest.mark.usefixtures("helpers_wanted")
def test_a_helpers_input_is_closed_only_after_the_thread_writing_it_has_ended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Closed while that thread may still write (after a partial write to a helper just
    # killed), the descriptor could be reused by a file another thread opens, and the rest of
    # the events text written into that file.
    real_popen = subprocess.Popen

    def reads_nothing(args: Any, **kwargs: Any) -> Any:
        return real_popen([sys.executable, "-c", "import time; time.sleep(60)"], **kwargs)

    closed_at_join: list[bool] = []

    class Watched(threading.Thread):
        def __init__(self, *, args: tuple[Any, ...], **kwargs: Any) -> None:
            super().__init__(args=args, **kwargs)
            self.stream = args[0]

        def join(self, timeout: float | None = None) -> None:
            closed_at_join.append(self.stream.closed)
            super().join(timeout)

    monkeypatch.setattr(slice_parse.subprocess, "Popen", reads_nothing)
    monkeypatch.setattr(slice_parse.threading, "Thread", Watched)
    monkeypatch.setenv(slice_parse.HELPERS_VARIABLE, "1")
    text, bounds = _text(20_000)  # more than a pipe holds: the writing thread is blocked
    slice_parse.ParsedSlices(text, bounds, parse_toml).close()
    assert closed_at_join == [False]
    assert no_children_left()
