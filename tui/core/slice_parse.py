"""Parsing the slices of a big events file, two processors at once.

The loader parses a big file's ``[[events]]`` tables a slice at a time and validates each
slice before parsing the next. The TOML parse is over half of a cold load and the GIL keeps it
on one processor; on a machine with another processor, `ParsedSlices` starts a helper process
(a fresh interpreter running `main`, with this process's own module path) that parses the same
slices from the last one backwards, while this process parses from the first one forwards,
validating as it goes. A slice the helper has sent already is decoded instead of parsed; where
the two meet, this process takes over whatever is left, so neither waits for the other and
the split follows how fast each one really is.

What the helper sends is `marshal` data of the very lists `parse_toml` returned there, from
the same text (sent whole down its stdin) and the same parser code. A slice the helper could
not parse or encode (a syntax error, a TOML date, which marshal cannot carry) comes back
marked as failed and is parsed here, so every error is raised here exactly as without a
helper; a helper that cannot start, dies or is slow changes only how much this process parses
itself. The helper is stopped, and waited for, when the last slice is taken or the caller
stops early.
"""

from __future__ import annotations

import marshal
import os
import select
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

__all__ = ["HELPER_MIN_CHARS", "ParsedSlices"]

HELPER_MIN_CHARS = 2_000_000
"""Slices covering fewer characters than this are all parsed here: the helper's start (a
fresh interpreter, about 30 ms) and sending it the text would cost more than it saves."""

_WAIT_FOR_HELPER = False
"""Whether to wait for the helper's answer to each slice instead of parsing it here (tests:
makes the helper's share deterministic)."""

_FRAME = struct.Struct("<IIB")
"""A helper answer's head: the slice's index, the payload's length, and 0 (the payload is
the slice's tables, marshalled) or 1 (failed: parse it here)."""
_COUNT = struct.Struct("<QQ")
"""The helper's input head: the length of the marshalled slice bounds, then of the text."""

Bounds = Sequence[tuple[int, int]]
"""Each slice as (start, end) character offsets into the text."""


class ParsedSlices:
    """``parse(text[start:end])["events"]`` for each slice of `bounds`, in order, once.

    With enough text and a second processor, a helper process starts at once and parses
    from the end while this one parses from the start as the slices are asked for (see the
    module's docstring); the tables are the same. `close` (or the last slice) stops the
    helper: call it when a load ends early, iterated or not.

    Iterating raises whatever `parse` raises for the first slice it fails on, as it raises it.
    """

    def __init__(self, text: str, bounds: Bounds, parse: Callable[[str], dict[str, Any]]) -> None:
        self._text, self._bounds, self._parse = text, bounds, parse
        self._helper: _Helper | None = None
        if bounds and _worth_a_helper(sum(end - start for start, end in bounds)):
            self._helper = _Helper.start(text, bounds)

    def __iter__(self) -> Iterator[list[Any]]:
        text, parse, helper = self._text, self._parse, self._helper
        try:
            for index, (start, end) in enumerate(self._bounds):
                tables = None if helper is None else helper.take(index)
                if tables is None:
                    tables = parse(text[start:end])["events"]
                yield tables
        finally:
            self.close()

    def close(self) -> None:
        """Stop the helper, if there is one still running, and wait for it."""
        helper, self._helper = self._helper, None
        if helper is not None:
            helper.stop()


def _worth_a_helper(chars: int) -> bool:
    """Whether slices of `chars` characters in all are worth a helper on this machine."""
    if chars < HELPER_MIN_CHARS or not sys.executable:
        return False
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        processors = os.cpu_count() or 1
    return processors >= 2


class _Helper:
    """The helper process, the thread that feeds it, and its answers read so far.

    Its answers are read here, without a thread, whenever a slice is asked for: a reader
    thread would need the GIL back after every read, and the parse running here keeps it
    for the interpreter's switch interval each time, which throttled the helper to the
    pace of those hand-overs.
    """

    def __init__(self, process: subprocess.Popen[bytes], data: bytes) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._process = process
        self._answers: dict[int, bytes | None] = {}
        """Answers not taken yet: the marshalled tables, or None for a failed slice."""
        self._unread = bytearray()
        """What has come from the helper and is not a whole answer yet."""
        self._done = False
        """Whether the helper has sent its last answer (or died)."""
        self._met = False
        """Whether this process has taken an answer: from there on, the rest are sent."""
        self._from = process.stdout.fileno()
        os.set_blocking(self._from, False)
        _widen(self._from)
        self._writer = threading.Thread(
            target=_send, args=(process.stdin, data), name="slice-parse-send", daemon=True
        )
        self._writer.start()

    @classmethod
    def start(cls, text: str, bounds: Bounds) -> _Helper | None:
        """A helper parsing `bounds` of `text`, or None when it cannot be started."""
        try:
            encoded = text.encode()
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 to send
            return None
        places = marshal.dumps([(start, end) for start, end in bounds])
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

    def _read(self) -> None:
        """Take in every answer the helper has sent so far."""
        while not self._done:
            try:
                chunk = os.read(self._from, _READ_SIZE)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                self._done = True
                break
            self._unread += chunk
        unread, at = self._unread, 0
        while len(unread) - at >= _FRAME.size:
            index, length, failed = _FRAME.unpack_from(unread, at)
            if len(unread) - at - _FRAME.size < length:
                break
            at += _FRAME.size
            self._answers[index] = None if failed else bytes(unread[at : at + length])
            at += length
        del unread[:at]

    def take(self, index: int) -> list[Any] | None:
        """The helper's tables of slice `index`, or None: not sent (yet), or failed there."""
        self._read()
        while _WAIT_FOR_HELPER and index not in self._answers and not self._done:
            select.select([self._from], [], [], 1.0)
            self._read()
        payload = self._answers.pop(index, None)
        if payload is None:
            return None
        if not self._met:
            # The helper works backwards and has sent every later slice already: what it
            # would parse next, this process has parsed.
            self._met = True
            self._process.kill()
        tables: list[Any] = marshal.loads(payload)
        return tables

    def stop(self) -> None:
        """Stop the helper and wait for it and for the thread feeding it."""
        process = self._process
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._writer.join()
        self._answers.clear()


_READ_SIZE = 1 << 20
"""How much of the helper's answers one read takes."""


def _widen(descriptor: int) -> None:
    """Let the helper's pipe hold a megabyte (Linux), so that the helper seldom waits for
    this process to read; elsewhere, or refused, the pipe keeps its size."""
    try:
        import fcntl

        fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, _READ_SIZE)
    except (ImportError, AttributeError, OSError):
        pass


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
    """The helper: read the bounds and the text, answer each slice from the last one back."""
    import gc

    from tui.core.toml_parse import parse_toml

    gc.disable()  # parsed tables are dropped as soon as they are sent; they hold no cycles
    source, answers = sys.stdin.buffer, sys.stdout.buffer
    places_size, text_size = _COUNT.unpack(source.read(_COUNT.size))
    bounds = marshal.loads(source.read(places_size))
    text = source.read(text_size).decode()
    try:
        for index in range(len(bounds) - 1, -1, -1):
            start, end = bounds[index]
            try:
                payload, failed = marshal.dumps(parse_toml(text[start:end])["events"]), 0
            except Exception:  # noqa: BLE001 - parsed again in the parent, which reports it
                payload, failed = b"", 1
            answers.write(_FRAME.pack(index, len(payload), failed))
            answers.write(payload)
            answers.flush()
    except BrokenPipeError:
        pass  # the parent has all it needs
