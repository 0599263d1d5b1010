"""Reading the user's input files safely: regular files only, and never more than a limit."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from tui.core.errors import TimelineError

MAX_INPUT_BYTES = 256 * 2**20
"""The largest events file or article the app reads (256 MiB).

The bundled corpus is under 1 MB and a generated one of 100,000 events about 54 MB; a file
bigger than this is not a timeline's input but a mistake (a disk image, a log, /dev/zero),
and reading it whole would take the memory of several copies of it (bytes, text, parse).
Every reader of an events file or an article (the loader, the cache, add-source) uses this
one limit."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str | None:
    """Name what a non-regular file is ("a FIFO (named pipe)", ...), or None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_regular(
    path: str | Path, shown: str, *, what: str, limit: int = MAX_INPUT_BYTES, line: int = 0
) -> bytes:
    """Read a regular file (or a symlink to one) whole, refusing anything else or anything big.

    The file is checked with stat before it is opened, because opening a FIFO blocks until a
    writer comes and reading a device never ends; it is opened non-blocking and checked again
    on the open descriptor, so a file swapped for a FIFO in between cannot hang the read
    either. At most `limit` + 1 bytes are read, so a file that grows (or whose size lies, as
    in /proc) is refused instead of read to its end.

    Args:
        path: the file to read.
        shown: how messages name it.
        what: what it is, for messages ("events file", "article").
        limit: the most bytes accepted.
        line: the line messages cite (0: the whole file).

    Raises:
        TimelineError: with one fatal problem saying what is wrong.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        raise _refusal(shown, stat_failure(error, what), line) from None
    except ValueError:  # a NUL in the path: no file system has such a name
        raise _refusal(shown, f"{what}'s path contains a NUL character", line) from None
    _check(info, shown, what, limit, line)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise _refusal(shown, stat_failure(error, what), line) from None
    try:
        opened = os.fstat(handle)
        _check(opened, shown, what, limit, line)
        chunks: list[bytes] = []
        left = limit + 1
        # One read of the whole file (and one that finds its end) when the size is true.
        want = min(left, opened.st_size + 1)
        while left > 0:
            chunk = os.read(handle, want)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            want = min(left, 1 << 20)
    except OSError as error:
        raise _refusal(shown, f"cannot read {what}: {error.strerror or error}", line) from None
    finally:
        os.close(handle)
    if left <= 0:
        raise _refusal(shown, _too_big(what, limit), line)
    return b"".join(chunks)


def regular_size(path: Path, limit: int = MAX_INPUT_BYTES) -> int | None:
    """The size of `path` when it is a regular file of at most `limit` bytes, else None."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        return None
    return info.st_size


def _check(info: os.stat_result, shown: str, what: str, limit: int, line: int) -> None:
    kind = file_kind(info.st_mode)
    if kind is not None:
        if kind == "a directory":
            article = "an" if what[:1] in "aeiou" else "a"
            raise _refusal(shown, f"is a directory, not {article} {what}", line)
        raise _refusal(shown, f"{what} is {kind}, not a regular file", line)
    if info.st_size > limit:
        raise _refusal(shown, _too_big(what, limit, info.st_size), line)


def _too_big(what: str, limit: int, size: int | None = None) -> str:
    said = "" if size is None else f" ({size:,} bytes)"
    return f"{what} is larger than the limit of {limit // 2**20} MiB{said}"


def stat_failure(error: OSError, what: str) -> str:
    """Say why `what` could not be looked at or opened, from the error os.stat/os.open gave."""
    if error.errno == errno.ENOENT:
        return f"{what} not found"
    if error.errno == errno.ELOOP:
        return f"{what} is a symbolic link that leads round in a loop"
    if error.errno == errno.ENOTDIR:
        return f"{what} not found (a part of its path is not a directory)"
    if error.errno == errno.ENAMETOOLONG:
        return f"{what}'s path is too long"
    return f"cannot read {what}: {error.strerror or error}"


def _refusal(shown: str, message: str, line: int) -> TimelineError:
    return TimelineError.at(shown, line, message, fatal=True)
