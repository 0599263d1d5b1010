"""Parsing the slices of a big events file in helper processes while the loader validates.

The loader parses a big file's ``[[events]]`` tables a slice at a time and validates each
slice before asking for the next. The TOML parse is over half of a cold load, and the GIL
keeps it on one processor. On a machine with another processor, `ParsedSlices` splits the
slices into `HELPERS` runs, one per helper process (a fresh interpreter running `main`, with
this process's own module path, at a lower priority), started at once. Each helper parses its
run from the last slice back, keeping the answers and saying how far it has got; the loader
parses from the first slice forward. When the loader asks for a slice its helper has
already reached, they have met: the helper sends its answers from there on, in order, and
the loader only validates them. The split follows how much time the machine gives each:
the loader never waits for a helper, and on a busy machine simply parses more itself.

What a helper sends is `marshal` data of the very lists `parse_toml` returned there, from
the same text (its run sent down its stdin) and the same parser code. A slice a helper could
not parse or encode (a syntax error, a TOML date, which marshal cannot carry) comes back
marked as failed and is parsed here, so every error is raised here exactly as without a
helper; a helper that cannot start or dies only leaves its slices to be parsed here.
Helpers are stopped, and waited for, when their run has been taken, the caller stops or this
process exits.
"""

from __future__ import annotations

import atexit
import marshal
import os
import select
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

__all__ = ["HELPERS", "HELPERS_VARIABLE", "HELPER_MIN_CHARS", "ParsedSlices", "helpers_for"]

HELPER_MIN_CHARS = 2_000_000
"""Slices covering fewer characters than this are all parsed here: a helper's start (a
fresh interpreter, about 30 ms) and sending it the text would cost more than it saves."""

HELPERS = 2
"""Helper processes sharing a big file's slices. Two, even on two processors: this process
spends much of a load validating what they send, and a helper parses at half that pace."""

_FRAME = struct.Struct("<IIB")
"""A helper frame's head: the slice's index in the helper's run, the payload's length, and
its status: `_SENT`, `_FAILED` or `_PARSED`."""
_SENT, _FAILED, _PARSED = 0, 1, 2
"""The payload is the slice's tables, marshalled; the helper could not parse or encode it
(parse it here); the helper has parsed it (no payload: said before the meeting)."""
_MEET = struct.Struct("<I")
"""The loader's word to a helper: the slice of its run from which on to send answers."""

_WAIT_FOR_HELPER = False
"""Whether the loader waits for each helper to reach a slice instead of parsing it itself
(tests: makes the helpers' share deterministic)."""
_COUNT = struct.Struct("<QQ")
"""The helper's input head: the length of the marshalled slice bounds, then of the text."""

Bounds = Sequence[tuple[int, int]]
"""Each slice as (start, end) character offsets into the text."""


class ParsedSlices:
    """``parse(text[start:end])["events"]`` for each slice of `bounds`, in order, once.

    With enough text and a second processor, helper processes start at once and parse the
    slices (see the module's docstring); the tables are the same. `close` (or the last
    slice) stops the helpers: call it when a load ends early, iterated or not.

    Iterating raises whatever `parse` raises for the first slice it fails on, as it raises it.
    """

    def __init__(self, text: str, bounds: Bounds, parse: Callable[[str], dict[str, Any]]) -> None:
        self._text, self._bounds, self._parse = text, bounds, parse
        self._helpers: list[tuple[range, _Helper]] = []
        """Each helper and the run of slices (indices into `bounds`) it parses."""
        count = helpers_for(sum(end - start for start, end in bounds))
        try:
            for run in _runs(len(bounds), count):
                helper = _Helper.start(text, [bounds[index] for index in run])
                if helper is not None:
                    self._helpers.append((run, helper))
        except BaseException:
            self.close()  # no caller holds this object yet to close it (Ctrl+C, say)
            raise

    def __iter__(self) -> Iterator[list[Any]]:
        text, parse = self._text, self._parse
        owners = iter(list(self._helpers))
        run, helper = next(owners, (range(0), None))
        try:
            for index, (start, end) in enumerate(self._bounds):
                while helper is not None and index >= run.stop:
                    helper.stop()  # its run is taken: its memory and processor are free
                    run, helper = next(owners, (range(0), None))
                tables = None
                if helper is not None and index in run:
                    tables = helper.take(index - run.start)
                if tables is None:
                    tables = parse(text[start:end])["events"]
                yield tables
        finally:
            self.close()

    def close(self) -> None:
        """Stop every helper still running and wait for it."""
        helpers, self._helpers = self._helpers, []
        for _run, helper in helpers:
            helper.stop()


HELPERS_VARIABLE = "HK_TIMELINE_PARSE_HELPERS"
"""The environment variable that sets how many helpers may start (0: none)."""


def helpers_for(chars: int) -> int:
    """How many helpers slices of `chars` characters in all are worth on this machine."""
    if chars < HELPER_MIN_CHARS or not sys.executable or os.name != "posix":
        # Helpers talk through non-blocking pipes and select(), which POSIX systems have.
        return 0
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        processors = os.cpu_count() or 1
    wanted = os.environ.get(HELPERS_VARIABLE, "").strip()
    helpers = HELPERS
    if wanted.isascii() and wanted.isdigit():
        # int() refuses thousands of digits; any number past the cap means the cap.
        digits = wanted.lstrip("0")
        helpers = int(digits or "0") if len(digits) <= 3 else _MOST_HELPERS
    return min(helpers, _MOST_HELPERS) if processors >= 2 else 0


_MOST_HELPERS = 8
"""The most helpers a load starts, whatever the environment asks for."""


def _runs(count: int, parts: int) -> list[range]:
    """`range(count)` in `parts` consecutive runs of nearly equal length (none empty)."""
    if parts <= 0 or count <= 0:
        return []
    parts = min(parts, count)
    edges = [count * part // parts for part in range(parts + 1)]
    return [range(edges[part], edges[part + 1]) for part in range(parts)]


class _Helper:
    """A helper process, the thread that feeds it its run, and what it has said so far.

    The helper parses its run from the last slice back and keeps the answers; it says
    which slice it has reached. When the loader, coming forward, asks for a slice the helper
    has reached, they have met: the helper is told so and sends every answer from there on,
    in order. Until then the loader parses its slices itself, so it never waits for a helper
    that the machine gives little time to.
    """

    def __init__(self, process: subprocess.Popen[bytes], data: bytes) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._process = process
        self._from = process.stdout.fileno()
        os.set_blocking(self._from, False)
        self._unread = bytearray()
        """What has come from the helper and is not a whole frame yet."""
        self._reached: int | None = None
        """The first slice of the run from which on the helper has parsed every one."""
        self._met = False
        """Whether the helper has been told to send its answers."""
        self._done = False
        """Whether the helper has stopped talking (ended or died)."""
        self._writer = threading.Thread(
            target=_send, args=(process.stdin, data), name="slice-parse-send", daemon=True
        )
        self._writer.start()
        _RUNNING.add(self)

    @classmethod
    def start(cls, text: str, bounds: Bounds) -> _Helper | None:
        """A helper parsing `bounds` of `text`, or None when it cannot be started."""
        first, last = bounds[0][0], bounds[-1][1]
        try:
            encoded = text[first:last].encode()
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 to send
            return None
        places = marshal.dumps([(start - first, end - first) for start, end in bounds])
        data = _COUNT.pack(len(places), len(encoded)) + places + encoded
        # The same interpreter with this process's module path, so the helper runs this very
        # code and parser (the environment's PYTHONPATH may name another checkout).
        code = (
            "import sys; sys.path[:] = " + repr(sys.path) + "; "
            "from tui.core.slice_parse import main; main()"
        )
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", code],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError):
            return None
        try:
            return cls(process, data)
        except RuntimeError:
            # No thread to feed it (a low process limit counts threads): it is stopped here,
            # and its slices are parsed in this process.
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
            return None

    def take(self, index: int) -> list[Any] | None:
        """The tables of slice `index` of the helper's run, or None: the helper has not
        reached it (parse it here), failed on it, or stopped. Slices are asked for in order."""
        if not self._met:
            self._read(block=False)
            while _WAIT_FOR_HELPER and not self._done and not self._has(index):
                self._read(block=True)
            if not self._has(index) or not self._meet(index):
                return None
        while not self._done:
            frame = self._frame()
            if frame is None:
                self._read(block=True)
                continue
            sent, status, payload = frame
            if status == _PARSED or sent < index:
                continue  # said before the meeting, or a slice this process parsed
            if sent != index or status == _FAILED:
                return None
            tables: list[Any] = marshal.loads(payload)
            return tables
        return None

    def _has(self, index: int) -> bool:
        """Whether the helper has parsed slice `index` and every later one of its run."""
        return self._reached is not None and self._reached <= index

    def _meet(self, index: int) -> bool:
        """Tell the helper to send its answers from slice `index` on; False if it is gone."""
        self._met = True
        self._writer.join()  # the run was sent whole before the helper parsed from it
        stream = self._process.stdin
        try:
            assert stream is not None
            stream.write(_MEET.pack(index))
            stream.close()
        except (OSError, ValueError):
            self._done = True
            return False
        os.set_blocking(self._from, True)
        return True

    def _read(self, *, block: bool) -> None:
        """Take in what the helper has sent; with `block`, wait for something first."""
        try:
            if block:
                select.select([self._from], [], [], 1.0)
            chunk = os.read(self._from, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._done = True
            return
        self._unread += chunk
        if not self._met:
            # Before the meeting the helper sends only how far it has got.
            while (frame := self._frame()) is not None:
                self._reached = frame[0]

    def _frame(self) -> tuple[int, int, bytes] | None:
        """The next whole frame read (slice, status, payload), or None for none yet."""
        unread = self._unread
        if len(unread) < _FRAME.size:
            return None
        sent, length, status = _FRAME.unpack_from(unread)
        if len(unread) < _FRAME.size + length:
            return None
        payload = bytes(unread[_FRAME.size : _FRAME.size + length])
        del unread[: _FRAME.size + length]
        return sent, status, payload

    def stop(self) -> None:
        """Stop the helper and wait for it and for the thread feeding it."""
        self.kill()
        process = self._process
        self._done = True
        # The helper is gone, so the thread's next write fails at once. Its descriptor is
        # closed only then: closed while the thread may still write (after a partial write),
        # it could be reused by a file opened meanwhile, and the write would land there.
        self._writer.join()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._unread.clear()

    def kill(self) -> None:
        """Stop the helper process and wait for it (not for the thread feeding it)."""
        _RUNNING.discard(self)
        process = self._process
        if process.poll() is None:
            process.kill()
        process.wait()


_RUNNING: set[_Helper] = set()
"""Helpers started and not stopped yet."""


@atexit.register
def _stop_running() -> None:
    """Stop the helpers still running as this process exits.

    The app does not wait for its loading thread as it quits (see `tui.app`): a helper still
    parsing a slice would run on, orphaned, until it next tried to send. The loading thread
    may still be using a helper here, so only the process is stopped; the thread then finds
    the helper's answers at an end and parses the rest itself, if it gets that far.
    """
    for helper in list(_RUNNING):
        helper.kill()


_NICER = 5
"""How much lower a helper's scheduling priority is than the loader's."""

_READ_SIZE = 1 << 20
"""How much of a helper's answers one read takes."""


def _send(stream: IO[bytes], data: bytes) -> None:
    """Write the helper's input (the writer thread); the stream stays open for the meeting.

    One `os.write` of everything: the GIL is let go once for the whole transfer, not once a
    pipe's worth.
    """
    try:
        view, descriptor = memoryview(data), stream.fileno()
        while view:
            view = view[os.write(descriptor, view) :]
    except (OSError, ValueError):
        pass  # the helper was stopped before it read everything


def main() -> None:
    """The helper: read its run, parse it from the last slice back, saying how far it has
    got, until told where the loader met it; then send the answers from there on, in order.
    """
    import gc

    from tui.core.toml_parse import parse_toml

    gc.disable()  # parsed tables are encoded at once and dropped; they hold no cycles
    try:
        # The loader parses too, and takes a slice from here only once this helper has got
        # to it: where there are fewer processors than processes, the loader goes first.
        os.nice(_NICER)
    except (AttributeError, OSError):
        pass
    source, answers = sys.stdin.buffer, sys.stdout.buffer
    places_size, text_size = _COUNT.unpack(source.read(_COUNT.size))
    bounds = marshal.loads(source.read(places_size))
    text = source.read(text_size).decode()
    met: list[int] = []
    listener = threading.Thread(target=_listen, args=(source, met), daemon=True)
    listener.start()
    kept: dict[int, bytes] = {}
    try:
        for index in range(len(bounds) - 1, -1, -1):
            if met or not listener.is_alive():
                break
            start, end = bounds[index]
            try:
                payload = marshal.dumps(parse_toml(text[start:end])["events"])
                kept[index] = _FRAME.pack(index, len(payload), _SENT) + payload
            except Exception:  # noqa: BLE001 - parsed again in the loader, which reports it
                kept[index] = _FRAME.pack(index, 0, _FAILED)
            answers.write(_FRAME.pack(index, 0, _PARSED))
            answers.flush()
        listener.join()
        if not met:
            return  # the loader went away
        for index in range(met[0], len(bounds)):
            answers.write(kept.pop(index) if index in kept else _FRAME.pack(index, 0, _FAILED))
        answers.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the loader has all it wants


def _listen(source: IO[bytes], met: list[int]) -> None:
    """Wait for the loader's meeting point (the helper's listening thread)."""
    try:
        said = source.read(_MEET.size)
    except (OSError, ValueError):
        return
    if len(said) == _MEET.size:
        met.append(_MEET.unpack(said)[0])
