"""A validated on-disk cache of loaded corpora, so a big events file opens without re-parsing it.

`load_cached` returns what `tui.core.loader.load` returns (with the events file's digest and the
folded search text, in one `CachedLoad`). On a miss it calls the loader and
writes the result to one file in the user's cache directory; on a hit it rebuilds the result from
that file instead of parsing TOML (tomllib is pure Python: about 15 s for 100,000 events).

An entry is used only when all of these still match what it recorded:

* the cache format, the package version, the Python runtime (marshal's format is per version)
  and a hash of the source of the modules that decide the result (the loader, the model, the
  dates, with a cross-check also its module and tui/core/temporal/), so an edited loader never
  serves stale results during development;
* the events path and seeds directory as given (problem messages quote them), and which
  `check_date_text` was used, by module and qualified name (a `NamedCheck` gives these
  without importing the function): a result computed with the cross-check differs from one
  without. A lambda or a nested function cannot be named, so with one the cache is bypassed;
* the digest of the events file's bytes (`CachedLoad.digest` hands it to the app, which checks
  it again before a curation write, so the file is read and hashed once at start);
* a listing of the seeds directory: every entry's path, mode, size, mtime, ctime and inode.
  Articles are validated by this stat signature, not by reading them: writing to a file sets
  its ctime to the current time, and no system call sets it back, so an article edited in
  place changes the listing even when its size and mtime are kept. A signature cannot tell
  two versions written within one tick of the file system's clock apart, so, as git does
  for its index, a file whose ctime or mtime lies less than `_RACY_SECONDS` before the
  listing was taken (or after it) is "racy": its bytes are hashed when the entry is written
  and again on every hit. The listing also notices an article that was missing, unreadable or
  not UTF-8 and is now fixed. Only a changed system clock or a file system that keeps no
  ctime could hide an edit that keeps size, mtime and inode.

The article texts are stored in the entry, so a hit opens no article (10,000 files at 100,000
events). The events are stored as columns (one tuple per field, with the distinct dates and
titles in tables the columns index) and rebuilt by setting each field's slot one column at a
time, in C, instead of calling each dataclass's ``__init__``: at 100,000 events this takes
about 0.3 s instead of 1.1 s. A quote's text is its article's text sliced at the quote's
offsets; an entry is only written when every quote's text is that slice.

The file format was chosen by measurement (``bench/bench_load.py --formats``) on a generated
corpus of 100,000 events (events.toml 54 MB, tomllib alone about 15 s): the median of three
fresh processes each turning the file into a LoadResult, given the article texts read
beforehand, with one tuple per event in the marshal and SQLite layouts; two runs on a busy
2-core machine, the same order both times:

=============================  =========  =============  =========
format                         file size  load           peak RSS
=============================  =========  =============  =========
marshal of plain tuples        27 MB      0.98 / 1.42 s  245 MB
SQLite, one row per event      30 MB      1.24 / 2.04 s  245 MB
pickle (protocol 5)            68 MB      2.30 / 2.87 s  393 MB
=============================  =========  =============  =========

marshal is the fastest and the smallest: it reads plain tuples and strings at C speed, and the
quotes are stored as offsets into the article texts. The entry is marshalled a column at a time,
into segments behind a table of their lengths (`_marshal_segments`): written as one marshal,
the table of objects marshal keeps while writing made the first open of 100,000 events peak
126 MB higher. marshal is also the safe choice: unlike pickle,
unmarshalling never runs code (the payload is only tuples, strings, ints, bytes and None, and
code objects in it would never be called), so a file planted in the cache directory can at
worst show made-up events, which whoever can write there could do anyway by editing the corpus.
Loading a pickle from that directory would hand such a writer arbitrary code execution; an HMAC
would not stop that, since its key would have to live where the same user can read it. The
header holds a SHA-256 digest of the payload, checked before unmarshalling, so a truncated,
half-written or corrupted file is a miss, never a crash or a wrong result. SHA-256 rather than
blake2b because CPUs with SHA extensions (most x86 since 2019) hash about three times faster
with it: 0.05 s instead of 0.14 s for the 54 MB events file.

Beside each entry a second file (``<entry>.search.idx``, written and checked the same way)
keeps the folded search text of every event (`tui.core.query.search_text`): folding takes seconds
at 100,000 events and reading it back a fraction of that. It is read only when asked for
(`CachedLoad.search_texts`, from the thread that builds the search index after the first paint),
and only if it records the same key and file hashes as the entry the corpus came from.

Entries are written atomically (temporary file, fsync, rename); a fatal result is never cached.
Any failure of the cache itself (unwritable directory, foreign or damaged file) falls back to
the loader silently. ``HK_TIMELINE_CACHE_DIR`` moves the cache and ``HK_TIMELINE_NO_CACHE=1``
turns it off; by default it lives in platformdirs' user cache directory for
"hk-fintech-timeline" (``~/.cache/hk-fintech-timeline`` on Linux, honouring
``XDG_CACHE_HOME``; ``~/Library/Caches/hk-fintech-timeline`` on macOS).

The cache is bounded: after each write it keeps the `MAX_ENTRIES` most recently used entries
(a hit marks its entry used) within `MAX_CACHE_BYTES`, removing older ones; it only ever
removes regular files named and headed as its own. An entry is opened without following a
link and without blocking, so a FIFO, a device or a link planted in its place is a miss, and
one larger than its inputs could make (`_size_limit`) is a miss without being read.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.util
import marshal
import os
import re
import stat
import struct
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from itertools import islice, repeat
from operator import getitem
from pathlib import Path
from types import MemberDescriptorType
from typing import Any, TypeVar, cast

from tui import __version__
from tui.core import loader
from tui.core.errors import Problem
from tui.core.freshness import content_digest, file_digest
from tui.core.loader import DateTextCheck, LoadResult
from tui.core.model import (
    Actor,
    Bilingual,
    Corpus,
    Event,
    EventDate,
    Quote,
    Source,
    Theme,
)
from tui.core.query import search_text
from tui.core.reading import MAX_INPUT_BYTES, read_regular, regular_size

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FORMAT",
    "NO_CACHE_ENV",
    "NamedCheck",
    "cache_enabled",
    "cache_file",
    "default_cache_dir",
    "CachedLoad",
    "StoredSearchText",
    "load_cached",
]

CACHE_FORMAT = 7
"""Version of the entry layout; bump it whenever the payload's shape changes."""
CACHE_DIR_ENV = "HK_TIMELINE_CACHE_DIR"
"""Environment variable naming the cache directory."""
NO_CACHE_ENV = "HK_TIMELINE_NO_CACHE"
"""Environment variable that turns the cache off when set to 1 (or true, yes, on)."""

_APP_NAME = "hk-fintech-timeline"
_MAGIC = b"HKTLIDX\x01"
_DIGEST_SIZE = 32
_MARSHAL_VERSION = 4
_STALE_TEMPORARY_SECONDS = 3600.0
_PACKAGE_DIR = Path(__file__).resolve().parent
_RESULT_MODULES = (
    "__init__.py",
    "cache.py",
    "dates.py",
    "errors.py",
    "fold.py",
    "loader.py",
    "model.py",
    "query.py",
    "scripts.py",
)
"""The package's modules whose code decides what an entry holds (besides a cross-check)."""
_DATE_ENGINE = "temporal"
"""The package every cross-check of this project resolves dates with."""
_MAX_LISTING = 200_000
"""Seeds trees with more entries than this are not cached: listing them would cost too much."""
_RACY_SECONDS = 10.0
"""Files changed less than this before the seeds were listed are checked by content, not by
their stat signature: wide enough for coarse file system clocks (FAT keeps 2 s) and for a
network file server's clock running somewhat ahead of or behind this machine's."""

_T = TypeVar("_T")


def _hash(data: bytes | memoryview) -> bytes:
    return hashlib.sha256(data).digest()


@dataclass(frozen=True, slots=True)
class StoredSearchText:
    """The folded search text of a loaded corpus: at hand after a miss, in its side file after
    a hit (read only when asked for: the first paint does not wait for it)."""

    texts: tuple[str, ...] | None
    """The folded text of each event, when the load has just folded them."""
    file: Path | None = None
    """The side file to read them from, when they are not at hand."""
    meta: Any = None
    """What that file must record: the key identity and file digests of the entry."""
    limit: int = 0
    """The most bytes that file may hold (see `_size_limit`)."""

    def read(self, count: int) -> tuple[str, ...] | None:
        """The folded text of each of `count` events, or None when it cannot be had.

        Args:
            count: how many events the corpus has.

        Returns:
            The texts, or None for a missing, damaged or stale side file or another count.
        """
        texts = self.texts
        if texts is None and self.file is not None:
            try:
                texts = _read_search(self.file, self.meta, self.limit)
            except Exception:
                texts = None
        return texts if texts is not None and len(texts) == count else None


@dataclass(frozen=True, slots=True)
class CachedLoad:
    """What `load_cached` gives: the loader's result, where it came from, its search text."""

    result: LoadResult
    """The same result `tui.core.loader.load` gives."""
    digest: str | None
    """The `content_digest` of the events file's bytes the result was made from (None when
    the file could not be read): a curation write checks it to notice a concurrent edit, so
    the file is read and hashed once at start. On a hit it is of exactly the bytes the entry
    was made from; on a miss of the bytes read before the loader read them, so a change in
    between can only make the app see a concurrent edit that was not one, never miss one."""
    search_text: StoredSearchText | None = None
    """The folded search text of `result`'s corpus (`tui.core.query.search_text`), when the
    cache has it."""

    def search_texts(self) -> tuple[str, ...] | None:
        """The folded search text of every event of `result`'s corpus, or None.

        Returns:
            The texts when the cache kept (or just made) them, else None: fold them then.
        """
        if self.search_text is None:
            return None
        return self.search_text.read(len(self.result.corpus.events))


def _search_file(entry: Path) -> Path:
    return entry.with_name(f"{entry.stem}.search.idx")


def _checked_body(data: bytes | bytearray) -> memoryview | None:
    """The payload of a file `_write_entry` wrote, or None unless its header and digest hold."""
    header = len(_MAGIC) + _DIGEST_SIZE
    if len(data) < header or not data.startswith(_MAGIC):
        return None
    body = memoryview(data)[header:]
    if _hash(body) != data[len(_MAGIC) : header]:
        return None
    return body


def _read_search(path: Path, meta: Any, limit: int) -> tuple[str, ...] | None:
    """The folded search texts in `path`, or None unless it is whole and records `meta`."""
    data = _read_cache_file(path, lambda: limit)
    body = None if data is None else _checked_body(data)
    if body is None:
        return None
    with _collector_paused():
        stored_meta, texts = marshal.loads(body)
    if stored_meta != meta or not isinstance(texts, tuple):
        return None
    return texts


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


@dataclass(frozen=True, slots=True)
class NamedCheck:
    """A cross-check given by the module and name of its function, imported on first use.

    `load_cached` keys an entry by the cross-check's name, and on a hit never calls it; given
    this instead of the function, a hit does not import the function's module either (the
    date engine, tui/core/temporal/, takes about 0.05 s to import). Entries are shared with
    callers that pass the function itself.
    """

    module: str
    """The function's module, e.g. "tui.core.temporal"."""
    qualname: str
    """The function's qualified name in it, e.g. "resolve_date_text"."""

    def __call__(
        self, date_text: str, published: date, /, *, points: bool = False
    ) -> tuple[str, str | None] | None:
        check: Any = importlib.import_module(self.module)
        for name in self.qualname.split("."):
            check = getattr(check, name)
        if points:
            return cast(DateTextCheck, check)(date_text, published, points=True)
        return cast(DateTextCheck, check)(date_text, published)


def _checker_name(check_date_text: DateTextCheck | None) -> str | None:
    """Name the cross-check so a cached result records which one produced it.

    Returns:
        "" for no cross-check, "module:qualname" for a named function, None for one that
        cannot be told apart from others of the same name (a lambda, a nested function).
    """
    if check_date_text is None:
        return ""
    if isinstance(check_date_text, NamedCheck):
        module: object = check_date_text.module
        qualname: object = check_date_text.qualname
    else:
        module = getattr(check_date_text, "__module__", None)
        qualname = getattr(check_date_text, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str) or "<" in qualname:
        return None
    return f"{module}:{qualname}"


@lru_cache(maxsize=8)
def _code_fingerprint(checker_module: str | None) -> bytes:
    """Hash the source of the modules a result depends on.

    Those are the loader and what it builds on, and with a cross-check its module and the
    date engine. Editing any other module (the TUI, the exporters) keeps entries valid.
    """
    files = [_PACKAGE_DIR / name for name in _RESULT_MODULES]
    if checker_module:
        files.extend(sorted((_PACKAGE_DIR / _DATE_ENGINE).glob("*.py")))
        module_file = getattr(sys.modules.get(checker_module), "__file__", None)
        if not module_file:
            # Not imported (a NamedCheck on a hit): find its file without importing it.
            with contextlib.suppress(Exception):
                spec = importlib.util.find_spec(checker_module)
                module_file = spec.origin if spec is not None else None
        if module_file:
            files.append(Path(module_file))
    digest = hashlib.sha256()
    # The folded search text depends on OpenCC's dictionaries: note which install made it,
    # without importing it (a warm start never needs OpenCC).
    with contextlib.suppress(Exception):
        spec = importlib.util.find_spec("opencc")
        if spec is not None and spec.origin:
            info = os.stat(spec.origin)
            digest.update(f"{spec.origin}\x00{info.st_size}\x00{info.st_mtime_ns}".encode())
    for file in files:
        digest.update(file.name.encode() + b"\x00")
        with contextlib.suppress(OSError):
            digest.update(file.read_bytes())
        digest.update(b"\x00")
    return digest.digest()


def _runtime_tag() -> str:
    return f"{sys.implementation.cache_tag}/marshal{marshal.version}"


@dataclass(frozen=True, slots=True)
class _Key:
    """Everything besides file contents that an entry must match."""

    slot: str
    """The entry's file name stem: one entry per corpus location and cross-check."""
    identity: tuple[object, ...]
    """Format, versions, code fingerprint, paths as given and cross-check name."""


def _key(events_path: Path, seeds_dir: Path, checker: str) -> _Key:
    checker_module = checker.split(":", 1)[0] or None
    shown = (str(events_path), str(seeds_dir))
    # Relative paths mean different files from different working directories.
    cwd = "" if events_path.is_absolute() and seeds_dir.is_absolute() else os.getcwd()
    identity: tuple[object, ...] = (
        CACHE_FORMAT,
        __version__,
        _runtime_tag(),
        _code_fingerprint(checker_module),
        *shown,
        cwd,
        checker,
    )
    slot_source = repr((*shown, cwd, checker, _runtime_tag())).encode("utf-8", "surrogatepass")
    slot = hashlib.blake2b(slot_source, digest_size=12).hexdigest()
    return _Key(slot=slot, identity=identity)


def cache_file(
    events_path: Path,
    seeds_dir: Path,
    *,
    check_date_text: DateTextCheck | None = None,
    cache_dir: Path | None = None,
) -> Path | None:
    """Return where the entry for this corpus and cross-check lives, or None if uncacheable.

    Args:
        events_path: the events file, as given to `load_cached`.
        seeds_dir: the seeds directory, as given to `load_cached`.
        check_date_text: the cross-check, as given to `load_cached`.
        cache_dir: the cache directory; None for `default_cache_dir()`.

    Returns:
        The entry's path (which may not exist yet), or None when the cross-check cannot be
        named and results with it are therefore never cached.
    """
    checker = _checker_name(check_date_text)
    if checker is None:
        return None
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    return directory / f"{_key(events_path, seeds_dir, checker).slot}.idx"


def load_cached(
    events_path: Path,
    seeds_dir: Path,
    *,
    check_date_text: DateTextCheck | None = None,
    cache_dir: Path | None = None,
) -> CachedLoad:
    """Load a corpus like `tui.core.loader.load`, through the validated cache.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory that article paths are relative to.
        check_date_text: passed to the loader; part of the cache key.
        cache_dir: where entries live; None for ``HK_TIMELINE_CACHE_DIR`` or the platform's
            user cache directory.

    Returns:
        The result `tui.core.loader.load(events_path, seeds_dir, check_date_text=...)` gives,
        with the digest of the events file's bytes and the folded search text when the cache
        has it. The cache never raises: when it cannot be read or written the loader's result
        is returned as it is.
    """
    checker = _checker_name(check_date_text)
    try:
        if not cache_enabled() or checker is None:
            raise _Bypass
        directory = cache_dir if cache_dir is not None else default_cache_dir()
        key = _key(events_path, seeds_dir, checker)
        entry = directory / f"{key.slot}.idx"
    except Exception:
        digest = file_digest(events_path)
        return CachedLoad(_load(events_path, seeds_dir, check_date_text), digest)
    # Reading and hashing the events file runs without the GIL, and listing the seeds partly,
    # so both overlap with reading and unpacking the entry.
    with ThreadPoolExecutor(max_workers=2) as pool:
        events_future = pool.submit(_hash_file, events_path)
        seeds_future = pool.submit(_scan_seeds, seeds_dir, _racy_horizon())
        try:
            cached = _read_entry(
                entry,
                key,
                events_future,
                seeds_future,
                seeds_dir,
                lambda: _size_limit(events_path, seeds_future.result()),
            )
        except Exception:
            cached = None
        try:
            events_hash = events_future.result()
            seeds = seeds_future.result()
        except Exception:
            digest = None if events_future.exception() else events_future.result()
            return CachedLoad(_load(events_path, seeds_dir, check_date_text), digest)
    meta = (key.identity, events_hash, seeds.digest)
    limit = _size_limit(events_path, seeds)
    if cached is not None:
        _touch(entry)
        stored = StoredSearchText(None, _search_file(entry), meta, limit)
        return CachedLoad(cached, events_hash, stored)
    result = _load(events_path, seeds_dir, check_date_text)
    if result.fatal:
        return CachedLoad(result, events_hash)
    texts: tuple[str, ...] | None = None
    with contextlib.suppress(Exception):
        # Files that changed while the loader ran would make the entry lie about them.
        if (
            _hash_file(events_path) == events_hash
            and _scan_seeds(seeds_dir, seeds.horizon) == seeds
        ):
            # One file's bytes at a time: at 100,000 events each is tens of MB.
            with _collector_paused():
                texts = tuple(search_text(result.corpus))
                search_document: Any = (meta, texts)
                search_body = marshal.dumps(search_document, _MARSHAL_VERSION)
            # Never written bigger than a reader accepts (see `_size_limit`): a result that
            # would be (thousands of problems, each longer than the line it is about) is
            # loaded from scratch every time instead.
            if len(search_body) <= limit:
                _write_entry(_search_file(entry), [search_body])
                del search_document, search_body
                with _collector_paused():
                    parts = _encode(key, events_hash, seeds, result)
                if sum(map(len, parts)) <= limit:
                    _write_entry(entry, parts)
                _prune(entry.parent, keep=entry)
    return CachedLoad(result, events_hash, None if texts is None else StoredSearchText(texts))


class _Bypass(Exception):
    """The cache is off for this load."""


def _hash_file(path: Path) -> str:
    """Hash an input file; raises for a file the loader would refuse (then the loader says why).

    Raises:
        TimelineError: not a regular file, or over the size limit.
    """
    return content_digest(read_regular(path, str(path), what="file"))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector around building big acyclic structures.

    Parsing and validating 100,000 events, or rebuilding them from an entry, creates millions
    of objects and no reference cycles; the collections those allocations trigger walk the
    whole growing heap again and again (about a quarter of a cold load at 100,000 events) and
    free nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(events_path: Path, seeds_dir: Path, check_date_text: DateTextCheck | None) -> LoadResult:
    with _collector_paused():
        return loader.load(events_path, seeds_dir, check_date_text=check_date_text)


class _TooManyFiles(Exception):
    """The seeds directory is too big to validate cheaply."""


@dataclass(frozen=True, slots=True)
class _Seeds:
    """The state of the seeds directory's tree, as an entry records it."""

    digest: bytes
    """Hash of every entry's relative path, mode, size, mtime, ctime and inode."""
    racy: tuple[tuple[str, str | None], ...]
    """Each regular file changed after `horizon`, with the hash of its bytes (None when it
    cannot be read), in path order."""
    horizon: int | None
    """Files changed at or after this time (ns since the epoch) are racy; None when racy
    files were not looked for."""
    total: int = 0
    """The bytes of all the regular files listed."""


def _racy_horizon() -> int:
    return time.time_ns() - int(_RACY_SECONDS * 1e9)


def _scan_seeds(seeds_dir: Path, horizon: int | None) -> _Seeds:
    """List the seeds directory's tree and hash the racy files in it.

    Args:
        seeds_dir: the tree to list.
        horizon: files whose ctime or mtime is at or after this (ns since the epoch) are
            hashed; None to hash none.

    Raises:
        _TooManyFiles: the tree has more than _MAX_LISTING entries.
    """
    lines: list[str] = []
    racy: list[tuple[str, str | None]] = []
    total = 0
    for name, line, info in _listing(seeds_dir, ""):
        if len(lines) >= _MAX_LISTING:
            raise _TooManyFiles(str(seeds_dir))
        lines.append(line)
        if info is not None and stat.S_ISREG(info.st_mode):
            total += info.st_size
        if (
            horizon is not None
            and info is not None
            and stat.S_ISREG(info.st_mode)
            and max(info.st_ctime_ns, info.st_mtime_ns) >= horizon
        ):
            racy.append((name, file_digest(seeds_dir / name)))
    listing = "\n".join(lines).encode("utf-8", "surrogateescape")
    return _Seeds(_hash(listing), tuple(racy), horizon, total)


def _listing(directory: Path, prefix: str) -> Iterator[tuple[str, str, os.stat_result | None]]:
    """Yield (relative path, signature line, stat) for every entry of the tree, in order."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield prefix, f"{prefix}\x00unlistable {error.errno}", None
        return
    for entry in entries:
        name = prefix + entry.name
        try:
            info = entry.stat()
        except OSError as error:
            yield name, f"{name}\x00unreadable {error.errno}", None
            continue
        yield (
            name,
            f"{name}\x00{info.st_mode:o} {info.st_size} {info.st_mtime_ns} "
            f"{info.st_ctime_ns} {info.st_ino}",
            info,
        )
        # Real subdirectories only: a symlinked directory could lead round in a loop.
        if stat.S_ISDIR(info.st_mode) and not entry.is_symlink():
            yield from _listing(Path(entry.path), name + "/")


def _racy_unchanged(seeds_dir: Path, racy: Any, seeds: _Seeds) -> bool:
    """True when every racy file an entry recorded still has the recorded bytes.

    A file that is racy now too was hashed by the listing just taken, `seeds`.
    """
    hashed = dict(seeds.racy)
    return all(
        (hashed[name] if name in hashed else file_digest(seeds_dir / name)) == digest
        for name, digest in racy
    )


def _write_entry(entry: Path, parts: Sequence[bytes]) -> None:
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
            stream.write(_MAGIC)
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
"""What `_key` names an entry (12 bytes of blake2b in hex), and its search file."""
_TEMPORARY_NAME = re.compile(r"\.[0-9a-f]{24}(?:\.search)?\.idx\.[A-Za-z0-9_]+\.tmp")
"""What `_write_entry` names a temporary file (tempfile.mkstemp's random part)."""


def _touch(entry: Path) -> None:
    """Mark an entry as used now, so pruning keeps the recently used ones."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def _prune(directory: Path, *, keep: Path) -> None:
    """Remove the least recently used entries beyond `MAX_ENTRIES` or `MAX_CACHE_BYTES`.

    Only files named as `_key` names them, that are regular files (not links) and start with
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
            # An entry's time is its last use (`_touch`); a search file alone, its writing.
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
            return info.st_size if stream.read(len(_MAGIC)) == _MAGIC else None
    except OSError:
        return None


_SMALL_FILE = 64 * 2**20
"""Cache files up to this size are read without first asking how big they may be."""


def _size_limit(events_path: Path, seeds: _Seeds) -> int:
    """The most bytes an entry, or its search file, for these inputs can take.

    An entry holds the article texts (at most the seeds' bytes), and columns and search text
    made from the events file's text; marshal stores text as UTF-8, as the files do, and
    folding seldom lengthens it. Four times the inputs, and some room for small corpora, is
    far more than any entry written so far (100,000 events: 54 MB of events file, 27 MB of
    entry), while a file much bigger (a 3 GB file planted in the cache) is not read at all.
    """
    events = regular_size(events_path, 4 * MAX_INPUT_BYTES) or MAX_INPUT_BYTES
    return 4 * (events + seeds.total) + _SMALL_FILE


def _read_cache_file(path: Path, limit: Callable[[], int]) -> bytearray | None:
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
    with os.fdopen(handle, "rb", buffering=0) as stream:
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


def _read_entry(
    entry: Path,
    key: _Key,
    events_future: Future[str],
    seeds_future: Future[_Seeds],
    seeds_dir: Path,
    limit: Callable[[], int],
) -> LoadResult | None:
    """Rebuild the cached result, or return None when the entry is absent, damaged or stale."""
    data = _read_cache_file(entry, limit)
    body = None if data is None else _checked_body(data)
    del data
    if body is None:
        return None
    with _collector_paused():
        segments = _unmarshal_segments(body)
        # The segments are views of the entry's bytes: only the first is unmarshalled until
        # the entry is known to be current.
        identity, stored_events, stored_seeds, racy = marshal.loads(next(segments))
        if identity != key.identity or stored_events != events_future.result():
            return None
        seeds = seeds_future.result()
        if stored_seeds != seeds.digest or not _racy_unchanged(seeds_dir, racy, seeds):
            return None
        payload = tuple(map(marshal.loads, segments))
        # The entry's bytes (held only by `body`) are not needed any more; free them before
        # building the corpus.
        del segments, body
        return _decode(payload)


_SEGMENT_COUNT = struct.Struct("<I")
_MAX_SEGMENTS = 64


def _marshal_segments(values: Sequence[Any]) -> list[bytes]:
    """Marshal each of `values` on its own, behind a header of their lengths.

    One marshal call over the whole entry keeps a table of every object it has written (so
    that a repeat is written as a back-reference): at 100,000 events that table is about twice
    the size of the output, on top of the corpus. Apart, each call's table is only as big as
    its own column. What a repeat saves is kept within each column (statuses, actor lists,
    source ids), where nearly all the repeats are.
    """
    parts = [marshal.dumps(value, _MARSHAL_VERSION) for value in values]
    lengths = struct.pack(f"<{len(parts)}Q", *map(len, parts))
    return [_SEGMENT_COUNT.pack(len(parts)), lengths, *parts]


def _unmarshal_segments(body: memoryview) -> Iterator[memoryview]:
    """The segments `_marshal_segments` wrote into `body`, as views of it.

    Raises:
        ValueError: the header does not describe `body` exactly.
    """
    (count,) = _SEGMENT_COUNT.unpack_from(body)
    if count > _MAX_SEGMENTS:
        raise ValueError(f"{count} segments")
    start = _SEGMENT_COUNT.size + 8 * count
    lengths = struct.unpack_from(f"<{count}Q", body, _SEGMENT_COUNT.size)
    if start + sum(lengths) != len(body):
        raise ValueError("the segments do not fill the entry")
    for length in lengths:
        yield body[start : start + length]
        start += length


def _build(cls: type[_T], count: int, **columns: Iterable[Any]) -> list[_T]:
    """Make `count` instances of a frozen, slotted dataclass from one column per field.

    The same objects as calling `cls` on each row, for a class whose ``__init__`` only stores
    its arguments (no ``__post_init__``), as the model's do: the generated ``__init__`` costs
    a Python frame and an ``object.__setattr__`` per field, while storing each field through
    its slot's descriptor, a column at a time, runs in C, several times faster.

    Raises:
        ValueError: the columns do not name exactly the class's fields, or one of them does
            not hold `count` values.
    """
    names = [field.name for field in fields(cast(Any, cls))]
    if sorted(columns) != sorted(names) or hasattr(cls, "__post_init__"):
        raise ValueError(f"cannot build {cls.__name__} from {sorted(columns)}")
    instances: list[_T] = list(map(object.__new__, repeat(cls, count)))
    for name in names:
        slot = cls.__dict__[name]
        values = tuple(columns[name])
        if not isinstance(slot, MemberDescriptorType) or len(values) != count:
            raise ValueError(f"cannot build {cls.__name__}.{name}")
        # deque(maxlen=0) runs the iterator to its end in C, keeping nothing.
        deque(map(slot.__set__, instances, values), maxlen=0)
    return instances


def _encode(key: _Key, events_hash: str, seeds: _Seeds, result: LoadResult) -> list[bytes]:
    """Flatten a result into marshalled columns, sharing repeated strings and tuples.

    Returns:
        The entry's body in parts (see `_marshal_segments`): the key and hashes it was made
        from first, then the payload `_decode` reads.

    Raises:
        ValueError: a quote's text is not its article's text at the quote's offsets.
    """
    corpus = result.corpus
    listed = corpus.sources.values()
    sources = (
        tuple([source.id for source in listed]),
        tuple([source.file for source in listed]),
        tuple([source.title for source in listed]),
        tuple([source.publisher for source in listed]),
        tuple([source.published.toordinal() for source in listed]),
        tuple([source.published_note for source in listed]),
        tuple([source.language for source in listed]),
        tuple([source.text for source in listed]),
    )
    actors = tuple(
        (
            actor.id,
            actor.name.en,
            actor.name.zh,
            actor.aliases,
            actor.parent,
            actor.kind,
            (actor.role.en, actor.role.zh) if actor.role else None,
        )
        for actor in corpus.actors.values()
    )
    themes = tuple((theme.id, theme.name.en, theme.name.zh) for theme in corpus.themes.values())
    # marshal writes an object seen before as a back-reference, so one shared object per
    # distinct string or id list keeps both the file and the rebuilt corpus small.
    shared: dict[Any, Any] = {}
    share = shared.setdefault

    def shared_ids(ids: tuple[str, ...]) -> tuple[str, ...]:
        found: tuple[str, ...] | None = shared.get(ids)
        if found is None:
            found = shared[ids] = tuple([share(item, item) for item in ids])
        return found

    events = corpus.events
    quotes = [quote for event in events for quote in event.quotes]
    for quote in quotes:
        if corpus.sources[quote.source].text[quote.start : quote.end] != quote.text:
            raise ValueError(f"quote of {quote.source} is not its article's text")
    dates: dict[EventDate, int] = {}
    texts: dict[Bilingual, int] = {}
    date_index = tuple([dates.setdefault(event.date, len(dates)) for event in events])
    title_index = tuple([texts.setdefault(event.title, len(texts)) for event in events])
    # -1 for no summary: the decoder appends None to the table.
    summary_index = tuple(
        [
            -1 if event.summary is None else texts.setdefault(event.summary, len(texts))
            for event in events
        ]
    )
    columns = (
        tuple([event.id for event in events]),
        tuple([share(event.status, event.status) for event in events]),
        tuple([event.date_text for event in events]),
        tuple([shared_ids(event.actors) for event in events]),
        tuple([shared_ids(event.themes) for event in events]),
        tuple([event.line for event in events]),
        date_index,
        title_index,
        summary_index,
        tuple([len(event.quotes) for event in events]),
    )
    date_table = (
        tuple([share(value.value, value.value) for value in dates]),
        tuple([value.mod for value in dates]),
        tuple([_ordinal(value.first) for value in dates]),
        tuple([_ordinal(value.last) for value in dates]),
    )
    text_table = (tuple([text.en for text in texts]), tuple([text.zh for text in texts]))
    quote_columns = (
        tuple([share(quote.source, quote.source) for quote in quotes]),
        tuple([quote.start for quote in quotes]),
        tuple([quote.end for quote in quotes]),
    )
    problems = tuple(
        (share(problem.path, problem.path), problem.line, problem.message, problem.fatal)
        for problem in result.problems
    )
    meta = (key.identity, events_hash, seeds.digest, seeds.racy)
    # The events' columns apart, each in its own segment: they are the bulk of the entry.
    return _marshal_segments(
        (meta, sources, actors, themes, date_table, text_table, quote_columns, problems, *columns)
    )


def _ordinal(day: date | None) -> int:
    """A day's ordinal, 0 for an open side (no real day has it)."""
    return day.toordinal() if day is not None else 0


def _day(ordinal: int) -> date | None:
    """The day of `_ordinal`'s number; None for 0."""
    return date.fromordinal(ordinal) if ordinal else None


def _decode(payload: Any) -> LoadResult:
    """Rebuild the LoadResult from `_encode`'s columns."""
    (
        raw_sources,
        raw_actors,
        raw_themes,
        date_table,
        text_table,
        quote_columns,
        raw_problems,
        *columns,
    ) = payload
    (
        source_ids,
        file_names,
        titles,
        publishers,
        published,
        notes,
        languages,
        articles,
    ) = raw_sources
    sources = dict(
        zip(
            source_ids,
            _build(
                Source,
                len(source_ids),
                id=source_ids,
                file=file_names,
                title=titles,
                publisher=publishers,
                published=map(date.fromordinal, published),
                published_note=notes,
                language=languages,
                text=articles,
            ),
            strict=True,
        )
    )
    actors = {
        actor_id: Actor(
            actor_id, Bilingual(en, zh), aliases, parent, kind, Bilingual(*role) if role else None
        )
        for actor_id, en, zh, aliases, parent, kind, role in raw_actors
    }
    themes = {theme_id: Theme(theme_id, Bilingual(en, zh)) for theme_id, en, zh in raw_themes}
    values, mods, firsts, lasts = date_table
    dates = _build(
        EventDate,
        len(values),
        value=values,
        mod=mods,
        first=map(_day, firsts),
        last=map(_day, lasts),
    )
    english, chinese = text_table
    texts: list[Bilingual | None] = []
    texts += _build(Bilingual, len(english), en=english, zh=chinese)
    texts.append(None)  # what a summary index of -1 picks
    quote_sources, quote_starts, quote_ends = quote_columns
    text_of = dict(zip(source_ids, articles, strict=True))
    quotes = _build(
        Quote,
        len(quote_sources),
        source=quote_sources,
        text=map(
            getitem,
            map(text_of.__getitem__, quote_sources),
            map(slice, quote_starts, quote_ends),
        ),
        start=quote_starts,
        end=quote_ends,
    )
    (
        ids,
        statuses,
        date_texts,
        event_actors,
        event_themes,
        lines,
        date_index,
        title_index,
        summary_index,
        quote_counts,
    ) = columns
    if sum(quote_counts) != len(quotes) or min(quote_counts, default=0) < 0:
        raise ValueError("quote counts do not add up")
    if all(count == 1 for count in quote_counts):
        event_quotes: Iterable[tuple[Quote, ...]] = zip(quotes)  # one each, the usual case
    else:
        # Each event takes its quotes from the front of one iterator over all of them.
        event_quotes = map(tuple, map(islice, repeat(iter(quotes)), quote_counts))
    events = _build(
        Event,
        len(ids),
        id=ids,
        date=map(dates.__getitem__, date_index),
        status=statuses,
        date_text=date_texts,
        title=map(texts.__getitem__, title_index),
        summary=map(texts.__getitem__, summary_index),
        actors=event_actors,
        themes=event_themes,
        quotes=event_quotes,
        line=lines,
    )
    problems = tuple(
        Problem(path, line, message, fatal) for path, line, message, fatal in raw_problems
    )
    corpus = Corpus(sources=sources, actors=actors, themes=themes, events=tuple(events))
    return LoadResult(corpus, problems)
