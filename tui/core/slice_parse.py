"""Parsing the slices of a big events file in helper processes while the loader validates.

The loader parses a big file's ``[[events]]`` tables a slice at a time and validates each
slice before asking for the next. The TOML parse is over half of a cold load, and the GIL
keeps it on one processor. On a machine with another processor, `ParsedSlices` splits the
slices into `HELPERS` runs, one per helper process (a fresh interpreter running `main`, with
this process's own module path), started at once: each parses its run in order and sends
each slice's tables as soon as they are parsed, keeping what this process has not read yet
in its own memory, not here. This process only validates, taking each slice from its
helper when it gets there; the parse of the later runs goes on meanwhile. A single helper
parsing beside a loader that parsed too left the second processor idle while the loader
validated what the helper had sent.

What a helper sends is `marshal` data of the very lists `parse_toml` returned there, from
the same text (its run sent down its stdin) and the same parser code. A slice a helper could
not parse or encode (a syntax error, a TOML date, which marshal cannot carry) comes back
marked as failed and is parsed here, so every error is raised here exactly as without a
helper; a helper that cannot start or dies only leaves its slices to be parsed here.
Helpers are stopped, and waited for, when their run has been taken or the caller stops.
"""

from __future__ import annotations

import marshal
import os
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

__all__ = ["HELPERS", "HELPERS_VARIABLE", "HELPER_MIN_CHARS", "ParsedSlices"]

HELPER_MIN_CHARS = 2_000_000
"""Slices covering fewer characters than this are all parsed here: a helper's start (a
fresh interpreter, about 30 ms) and sending it the text would cost more than it saves."""

HELPERS = 2
"""Helper processes sharing a big file's slices. Two, even on two processors: this process
spends much of a load validating, and a helper parses at about half its pace."""

_FRAME = struct.Struct("<IIB")
"""A helper answer's head: the slice's index in the helper's run, the payload's length, and
0 (the payload is the slice's tables, marshalled) or 1 (failed: parse it here)."""
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
        count = _helpers_worth(sum(end - start for start, end in bounds))
        for run in _runs(len(bounds), count):
            helper = _Helper.start(text, [bounds[index] for index in run])
            if helper is not None:
                self._helpers.append((run, helper))

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


def _helpers_worth(chars: int) -> int:
    """How many helpers slices of `chars` characters in all are worth on this machine."""
    if chars < HELPER_MIN_CHARS or not sys.executable:
        return 0
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        processors = os.cpu_count() or 1
    wanted = os.environ.get(HELPERS_VARIABLE, "").strip()
    helpers = int(wanted) if wanted.isascii() and wanted.isdigit() else HELPERS
    return min(helpers, 8) if processors >= 2 else 0


def _runs(count: int, parts: int) -> list[range]:
    """`range(count)` in `parts` consecutive runs of nearly equal length (none empty)."""
    if parts <= 0 or count <= 0:
        return []
    parts = min(parts, count)
    edges = [count * part // parts for part in range(parts + 1)]
    return [range(edges[part], edges[part + 1]) for part in range(parts)]


class _Helper:
    """A helper process, the thread that feeds it its run, and its answers read so far."""

    def __init__(self, process: subprocess.Popen[bytes], data: bytes) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._process = process
        self._from = process.stdout.fileno()
        self._unread = bytearray()
        """What has come from the helper and is not a whole answer yet."""
        self._done = False
        """Whether the helper has sent its last answer (or died)."""
        self._writer = threading.Thread(
            target=_send, args=(process.stdin, data), name="slice-parse-send", daemon=True
        )
        self._writer.start()

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
        return cls(process, data)

    def take(self, index: int) -> list[Any] | None:
        """The tables of slice `index` of the helper's run, or None: failed there, or the
        helper stopped before sending it. The helper sends its slices in order, and they
        are taken in order: this waits for the next answer."""
        while not self._done:
            unread = self._unread
            if len(unread) >= _FRAME.size:
                sent, length, failed = _FRAME.unpack_from(unread)
                if len(unread) >= _FRAME.size + length:
                    payload = bytes(unread[_FRAME.size : _FRAME.size + length])
                    del unread[: _FRAME.size + length]
                    if sent != index or failed:
                        return None
                    tables: list[Any] = marshal.loads(payload)
                    return tables
            try:
                chunk = os.read(self._from, _READ_SIZE)
            except OSError:
                chunk = b""
            if not chunk:
                self._done = True
                break
            unread += chunk
        return None

    def stop(self) -> None:
        """Stop the helper and wait for it and for the thread feeding it."""
        process = self._process
        if process.poll() is None:
            process.kill()
        process.wait()
        self._done = True
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._writer.join()
        self._unread.clear()


_NICER = 5
"""How much lower a helper's scheduling priority is than the loader's."""

_READ_SIZE = 1 << 20
"""How much of a helper's answers one read takes."""


def _send(stream: IO[bytes], data: bytes) -> None:
    """Write the helper's input and close it (the writer thread).

    One `os.write` of everything: the GIL is let go once for the whole transfer, not once a
    pipe's worth.
    """
    try:
        view, descriptor = memoryview(data), stream.fileno()
        while view:
            view = view[os.write(descriptor, view) :]
        stream.close()
    except (OSError, ValueError):
        pass  # the helper was stopped before it read everything


def main() -> None:
    """The helper: read the bounds and the text, then answer each slice in order.

    Answers go out through a thread of their own, so that the parse goes on while the
    loader is busy elsewhere and the pipe is full: what it has not read waits here.
    """
    import gc

    from tui.core.toml_parse import parse_toml

    gc.disable()  # parsed tables are dropped as soon as they are encoded; they hold no cycles
    try:
        # The loader waits on nothing but these answers and its own work: where the helpers
        # and the loader want more processors than there are, the loader goes first.
        os.nice(_NICER)
    except (AttributeError, OSError):
        pass
    source, answers = sys.stdin.buffer, sys.stdout.buffer
    places_size, text_size = _COUNT.unpack(source.read(_COUNT.size))
    bounds = marshal.loads(source.read(places_size))
    text = source.read(text_size).decode()
    waiting: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_answer, args=(answers, waiting))
    sender.start()
    for index, (start, end) in enumerate(bounds):
        try:
            payload, failed = marshal.dumps(parse_toml(text[start:end])["events"]), 0
        except Exception:  # noqa: BLE001 - parsed again in the parent, which reports it
            payload, failed = b"", 1
        waiting.put(_FRAME.pack(index, len(payload), failed) + payload)
        if not sender.is_alive():
            break  # the loader has all it wants
    waiting.put(None)
    sender.join()


def _answer(answers: IO[bytes], waiting: queue.SimpleQueue[bytes | None]) -> None:
    """Send each answer as it comes (the helper's sending thread)."""
    try:
        while (frame := waiting.get()) is not None:
            answers.write(frame)
            answers.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the loader has all it wants
