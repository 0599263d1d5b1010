"""Cache files on disk: where they live, written atomically, read without trusting them, pruned."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.reading import MAX_INPUT_BYTES, regular_size

if TYPE_CHECKING:
    from tui.core.cache.seeds import SeedsState

__all__ = [
    "CACHE_DIR_ENV",
    "DIGEST_SIZE",
    "MAGIC",
    "MARSHAL_VERSION",
    "MAX_CACHE_BYTES",
    "MAX_ENTRIES",
    "NO_CACHE_ENV",
    "cache_enabled",
    "checked_body",
    "default_cache_dir",
    "payload_hash",
    "prune",
    "read_cache_file",
    "size_limit",
    "touch",
    "write_entry",
]


CACHE_DIR_ENV = "HK_TIMELINE_CACHE_DIR"
"""Environment variable naming the cache directory."""

NO_CACHE_ENV = "HK_TIMELINE_NO_CACHE"
"""Environment variable that turns the cache off when set to 1 (or true, yes, on)."""

_APP_NAME = "hk-fintech-timeline"

MAGIC = b"HKTLIDX\x01"

DIGEST_SIZE = 32

MARSHAL_VERSION = 4

_STALE_TEMPORARY_SECONDS = 3600.0


def payload_hash(data: bytes | memoryview) -> bytes:
    """The SHA-256 a cache file's header holds of its payload (checked before unmarshalling)."""
    return hashlib.sha256(data).digest()


def checked_body(data: bytes | bytearray) -> memoryview | None:
    """The payload of a file `write_entry` wrote, or None unless its header and digest hold."""
    header = len(MAGIC) + DIGEST_SIZE
    if len(data) < header or not data.startswith(MAGIC):
        return None
    body = memoryview(data)[header:]
    if payload_hash(body) != data[len(MAGIC) : header]:
        return None
    return body


def cache_enabled() -> bool:
    """Return False when ``HK_TIMELINE_NO_CACHE`` asks for no cache."""
    flag = os.environ.get(NO_CACHE_ENV, "").strip().lower()
    return flag not in {"1", "true", "yes", "on"}


def default_cache_dir() -> Path:
    """Return ``HK_TIMELINE_CACHE_DIR`` if set, else the platform's user cache directory."""
    configured = os.environ.get(CACHE_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(_APP_NAME))


def write_entry(entry: Path, parts: Sequence[bytes]) -> None:
    """Write magic + digest + body to `entry` atomically: temporary file, fsync, rename.

    The body is `parts` one after the other; they are not joined in memory first.
    """
    directory = entry.parent
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale_temporaries(directory)
    handle, temporary = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            digest = hashlib.sha256()
            for part in parts:
                digest.update(part)
            stream.write(MAGIC)
            stream.write(digest.digest())
            for part in parts:
                stream.write(part)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, entry)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _remove_stale_temporaries(directory: Path) -> None:
    """Remove temporary files a killed process left behind long ago."""
    now = time.time()
    for leftover in directory.glob(".*.idx.*.tmp"):
        with contextlib.suppress(OSError):
            info = leftover.lstat()
            if (
                _TEMPORARY_NAME.fullmatch(leftover.name)
                and stat.S_ISREG(info.st_mode)
                and now - info.st_mtime > _STALE_TEMPORARY_SECONDS
            ):
                leftover.unlink()


MAX_ENTRIES = 16
"""The most entries the cache keeps; the least recently used beyond it are removed.

One entry is made per corpus location (events path and seeds directory as given, and the
working directory when either is relative) and cross-check: a user with two or three corpora,
opened from a few directories, with and without ``--seeds``, needs a handful; 16 leaves room
and keeps a directory listing of the cache short."""

MAX_CACHE_BYTES = 512 * 2**20
"""The most bytes the cache's entries (with their search files) take together; least
recently used entries beyond it are removed, the one just written never.

An entry of 100,000 events takes about 45 MB with its search file, so this keeps several
large corpora and any number of small ones (the bundled corpus takes under 1 MB)."""

_CACHE_NAME = re.compile(r"[0-9a-f]{24}(?:\.search)?\.idx")
"""What `cache_key` names an entry (12 bytes of blake2b in hex), and its search file."""

_TEMPORARY_NAME = re.compile(r"\.[0-9a-f]{24}(?:\.search)?\.idx\.[A-Za-z0-9_]+\.tmp")
"""What `write_entry` names a temporary file (tempfile.mkstemp's random part)."""


def touch(entry: Path) -> None:
    """Mark an entry as used now, so pruning keeps the recently used ones."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def prune(directory: Path, *, keep: Path) -> None:
    """Remove the least recently used entries beyond `MAX_ENTRIES` or `MAX_CACHE_BYTES`.

    Only files named as `cache_key` names them, that are regular files (not links) and start with
    the entry magic are ever removed, so a cache directory pointed at a folder of other files
    loses none of them. Another process may write, use or remove entries at the same time:
    whatever vanishes or fails is skipped, and removing an entry another process is reading
    cannot hurt it (its open file stays readable; a later open is a miss).
    """
    slots: dict[str, list[Path]] = {}
    with contextlib.suppress(OSError), os.scandir(directory) as scan:
        for item in scan:
            if _CACHE_NAME.fullmatch(item.name):
                slots.setdefault(item.name[:24], []).append(directory / item.name)
    found: list[tuple[bool, float, int, list[Path]]] = []
    for slot, names in slots.items():
        files = [(size, file) for file in names if (size := _entry_size(file)) is not None]
        with contextlib.suppress(OSError):
            # An entry's time is its last use (`touch`); a search file alone, its writing.
            used = max([file.lstat().st_mtime for _size, file in files], default=0.0)
            ours = [file for _size, file in files]
            found.append((slot != keep.name[:24], -used, sum(size for size, _ in files), ours))
    # Newest first: what is kept; the one just written is kept whatever its time says.
    found.sort(key=lambda item: item[:2])
    count, total = 0, 0
    for not_kept, _used, size, victims in found:
        count, total = count + 1, total + size
        if not not_kept or (count <= MAX_ENTRIES and total <= MAX_CACHE_BYTES):
            continue
        # The search file first: an entry without its search file is still whole.
        for victim in sorted(victims, key=lambda file: not file.name.endswith(".search.idx")):
            with contextlib.suppress(OSError):
                victim.unlink()


def _entry_size(path: Path) -> int | None:
    """The size of `path` if it is a regular file that starts as the cache's files do."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            return None
        with open(path, "rb", buffering=0) as stream:
            return info.st_size if stream.read(len(MAGIC)) == MAGIC else None
    except OSError:
        return None


_SMALL_FILE = 64 * 2**20
"""Cache files up to this size are read without first asking how big they may be."""


def size_limit(events_path: Path, seeds: SeedsState) -> int:
    """The most bytes an entry, or its search file, for these inputs can take.

    An entry holds the article texts (at most the seeds' bytes), and columns and search text
    made from the events file's text; marshal stores text as UTF-8, as the files do, and
    folding seldom lengthens it. Four times the inputs, and some room for small corpora, is
    far more than any entry written so far (100,000 events: 54 MB of events file, 27 MB of
    entry), while a file much bigger (a 3 GB file planted in the cache) is not read at all.
    """
    events = regular_size(events_path, 4 * MAX_INPUT_BYTES) or MAX_INPUT_BYTES
    return 4 * (events + seeds.total) + _SMALL_FILE


def read_cache_file(path: Path, limit: Callable[[], int]) -> bytearray | None:
    """The bytes of a cache file, or None when it is missing, not a regular file or too big.

    A link is not followed (the cache never writes one) and the file is opened non-blocking,
    so a FIFO or a device put in its place cannot hang the reader. Only a file over
    `_SMALL_FILE` asks `limit` (which may wait for the seeds listing) how big it may be.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        stream = os.fdopen(handle, "rb", buffering=0)
    except OSError:  # a directory in its place: FileIO refuses it, the descriptor stays ours
        os.close(handle)
        return None
    with stream:
        info = os.fstat(handle)
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) or (size > _SMALL_FILE and size > limit()):
            return None
        data = bytearray(size)
        view = memoryview(data)
        got = 0
        while got < size:
            count = stream.readinto(view[got:])
            if not count:
                break
            got += count
        view.release()
        # A file that shrank or grew while it was read is being rewritten: a miss.
        if got != size or stream.read(1):
            return None
        return data
