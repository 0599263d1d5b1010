"""A validated on-disk cache of loaded corpora, so a big events file opens without re-parsing it.

`load_cached` returns exactly what `tui.loader.load` returns. On a miss it calls the loader and
writes the result to one file in the user's cache directory; on a hit it rebuilds the result from
that file instead of parsing TOML (tomllib is pure Python: about 15 s for 100,000 events).

An entry is used only when all of these still match what it recorded:

* the cache format, the package version, the Python runtime (marshal's format is per version)
  and a hash of the source of the modules that decide the result (the loader, the model, the
  dates, with a cross-check also its module and tui/temporal.py), so an edited loader never
  serves stale results during development;
* the events path and seeds directory as given (problem messages quote them), and which
  `check_date_text` was used, by module and qualified name: a result computed with the
  cross-check differs from one without. A lambda or a nested function cannot be named, so with
  one the cache is bypassed;
* the blake2b hash of the events file's bytes;
* the hash of every article the corpus quotes: on a hit each article is read again, hashed and
  decoded, which also gives back its text, so article texts are not stored in the cache. The
  hash is taken of the loaded text re-encoded, so if the loader ever transformed article text,
  entries would simply never hit, never serve a wrong text;
* a listing of the seeds directory (every entry's path, mode, size and mtime), so an article
  that was missing, unreadable or not UTF-8 and is now fixed is noticed too.

The file format was chosen by measurement (``bench/bench_load.py --formats``) on a generated
corpus of 100,000 events (events.toml 54 MB, tomllib alone about 15 s): the median of three
fresh processes each turning the file into a LoadResult (the article re-reading and hashing,
about 0.2 s, is left out since every format needs it alike); two runs on a busy 2-core machine,
the same order both times:

=============================  =========  =============  =========
format                         file size  load           peak RSS
=============================  =========  =============  =========
marshal of plain tuples        27 MB      0.98 / 1.42 s  245 MB
SQLite, one row per event      30 MB      1.24 / 2.04 s  245 MB
pickle (protocol 5)            68 MB      2.30 / 2.87 s  393 MB
=============================  =========  =============  =========

marshal is the fastest and the smallest: it reads plain tuples and strings at C speed, and the
quotes are stored as offsets into the article texts. It is also the safe choice: unlike pickle,
unmarshalling never runs code (the payload is only tuples, strings, ints, bytes and None, and
code objects in it would never be called), so a file planted in the cache directory can at
worst show made-up events, which whoever can write there could do anyway by editing the corpus.
Loading a pickle from that directory would hand such a writer arbitrary code execution; an HMAC
would not stop that, since its key would have to live where the same user can read it. The
header holds a blake2b digest of the payload, checked before unmarshalling, so a truncated,
half-written or corrupted file is a miss, never a crash or a wrong result.

Beside each entry a second file (``<entry>.search.idx``, written and checked the same way)
keeps the folded search text of every event (`tui.query.search_text`): folding takes seconds
at 100,000 events and reading it back a fraction of that. It is read only when asked for
(`cached_search_text`, from the thread that builds the search index after the first paint),
and only if it records the same key and file hashes as the entry the corpus came from.

Entries are written atomically (temporary file, fsync, rename); a fatal result is never cached.
Any failure of the cache itself (unwritable directory, foreign or damaged file) falls back to
the loader silently. ``HK_TIMELINE_CACHE_DIR`` moves the cache and ``HK_TIMELINE_NO_CACHE=1``
turns it off.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from tui import __version__, loader
from tui.dates import parse_event_date
from tui.errors import Problem
from tui.loader import DateTextCheck, LoadResult
from tui.model import (
    Actor,
    Bilingual,
    Corpus,
    Event,
    EventDate,
    Quote,
    Source,
    Theme,
)
from tui.query import search_text

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FORMAT",
    "NO_CACHE_ENV",
    "cache_enabled",
    "cache_file",
    "default_cache_dir",
    "cached_search_text",
    "load_cached",
]

CACHE_FORMAT = 2
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
)
"""The package's modules whose code decides what an entry holds (besides a cross-check)."""
_DATE_ENGINE = "temporal.py"
"""The module every cross-check of this project resolves dates with."""
_MAX_LISTING = 200_000
"""Seeds trees with more entries than this are not cached: listing them would cost too much."""


def _hash(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE).digest()


@dataclass(slots=True)
class _Search:
    """The folded search text of the corpus `load_cached` returned last, or where it lies."""

    corpus: Corpus
    """That corpus."""
    texts: tuple[str, ...] | None
    """Its folded search text, once at hand."""
    file: Path | None
    """The file to read it from, until it is at hand."""
    meta: Any
    """What that file must record: key identity and file hashes of the entry."""


_search_memo: list[_Search] = []
"""At most one: the corpus `load_cached` returned last."""


def cached_search_text(corpus: Corpus) -> tuple[str, ...] | None:
    """Return `tui.query.search_text(corpus)` when the cache has it, else None.

    A cache entry keeps the folded search text beside the corpus, so the search index needs
    no folding on a hit (OpenCC over every event takes seconds at 100,000 events). It is read
    here, on first use, not while loading: the first paint does not wait for it.

    Args:
        corpus: the corpus `load_cached` returned most recently.

    Returns:
        The folded text of each event, or None for any other corpus or a damaged file.
    """
    for search in _search_memo:
        if search.corpus is corpus:
            if search.texts is None and search.file is not None:
                with contextlib.suppress(Exception):
                    search.texts = _read_search(search.file, search.meta)
                search.file = None
            if search.texts is not None and len(search.texts) == len(corpus.events):
                return search.texts
    return None


def _remember_search(
    corpus: Corpus, texts: tuple[str, ...] | None, file: Path | None = None, meta: Any = None
) -> None:
    _search_memo[:] = [_Search(corpus, texts, file, meta)]


def _search_file(entry: Path) -> Path:
    return entry.with_name(f"{entry.stem}.search.idx")


def _read_search(path: Path, meta: Any) -> tuple[str, ...] | None:
    """The folded search texts in `path`, or None unless it is whole and records `meta`."""
    data = path.read_bytes()
    header = len(_MAGIC) + _DIGEST_SIZE
    if len(data) < header or not data.startswith(_MAGIC):
        return None
    body = memoryview(data)[header:]
    if _hash(body) != data[len(_MAGIC) : header]:
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


def _checker_name(check_date_text: DateTextCheck | None) -> str | None:
    """Name the cross-check so a cached result records which one produced it.

    Returns:
        "" for no cross-check, "module:qualname" for a named function, None for one that
        cannot be told apart from others of the same name (a lambda, a nested function).
    """
    if check_date_text is None:
        return ""
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
        files.append(_PACKAGE_DIR / _DATE_ENGINE)
        module_file = getattr(sys.modules.get(checker_module), "__file__", None)
        if module_file:
            files.append(Path(module_file))
    digest = hashlib.blake2b(digest_size=_DIGEST_SIZE)
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
) -> LoadResult:
    """Load a corpus like `tui.loader.load`, through the validated cache.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory that article paths are relative to.
        check_date_text: passed to the loader; part of the cache key.
        cache_dir: where entries live; None for ``HK_TIMELINE_CACHE_DIR`` or the platform's
            user cache directory.

    Returns:
        The same result `tui.loader.load(events_path, seeds_dir, check_date_text=...)` gives.
        The cache never raises: when it cannot be read or written the loader's result is
        returned as it is.
    """
    checker = _checker_name(check_date_text)
    if not cache_enabled() or checker is None:
        return _load(events_path, seeds_dir, check_date_text)
    try:
        directory = cache_dir if cache_dir is not None else default_cache_dir()
        key = _key(events_path, seeds_dir, checker)
        entry = directory / f"{key.slot}.idx"
    except Exception:
        return _load(events_path, seeds_dir, check_date_text)
    # Hashing the events file and listing the seeds mostly run without the GIL, so they
    # overlap with reading and unpacking the entry.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digests = pool.submit(_digests, events_path, seeds_dir)
        try:
            cached = _read_entry(entry, key, digests, seeds_dir)
        except Exception:
            cached = None
        try:
            events_digest, seeds_digest = digests.result()
        except Exception:
            return _load(events_path, seeds_dir, check_date_text)
    meta = (key.identity, events_digest, seeds_digest)
    if cached is not None:
        _remember_search(cached.corpus, None, _search_file(entry), meta)
        return cached
    result = _load(events_path, seeds_dir, check_date_text)
    if result.fatal:
        return result
    with contextlib.suppress(Exception):
        # Files that changed while the loader ran would make the entry lie about them.
        if (
            _hash(events_path.read_bytes()) == events_digest
            and _listing_digest(seeds_dir) == seeds_digest
        ):
            with _collector_paused():
                body = _encode(key, events_digest, seeds_digest, result)
                texts = tuple(search_text(result.corpus))
                search_document: Any = (meta, texts)
                search_body = marshal.dumps(search_document, _MARSHAL_VERSION)
            _remember_search(result.corpus, texts)
            _write_entry(_search_file(entry), search_body)
            _write_entry(entry, body)
    return result


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


def _listing_digest(seeds_dir: Path) -> bytes:
    """Hash the seeds directory's tree: every entry's relative path, mode, size and mtime.

    Raises:
        _TooManyFiles: the tree has more than _MAX_LISTING entries.
    """
    digest = hashlib.blake2b(digest_size=_DIGEST_SIZE)
    for count, line in enumerate(_listing(seeds_dir, "")):
        if count >= _MAX_LISTING:
            raise _TooManyFiles(str(seeds_dir))
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.digest()


def _listing(directory: Path, prefix: str) -> Iterator[str]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield f"{prefix}\x00unlistable {error.errno}"
        return
    for entry in entries:
        name = prefix + entry.name
        try:
            info = entry.stat()
        except OSError as error:
            yield f"{name}\x00unreadable {error.errno}"
            continue
        yield f"{name}\x00{info.st_mode:o} {info.st_size} {info.st_mtime_ns}"
        # Real subdirectories only: a symlinked directory could lead round in a loop.
        if stat.S_ISDIR(info.st_mode) and not entry.is_symlink():
            yield from _listing(Path(entry.path), name + "/")


def _write_entry(entry: Path, body: bytes) -> None:
    """Write magic + digest + body to `entry` atomically: temporary file, fsync, rename."""
    directory = entry.parent
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale_temporaries(directory)
    handle, temporary = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC)
            stream.write(_hash(body))
            stream.write(body)
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
            if now - leftover.stat().st_mtime > _STALE_TEMPORARY_SECONDS:
                leftover.unlink()


def _digests(events_path: Path, seeds_dir: Path) -> tuple[bytes, bytes]:
    """Hash the events file's bytes and the seeds directory's listing."""
    return _hash(events_path.read_bytes()), _listing_digest(seeds_dir)


def _read_entry(
    entry: Path, key: _Key, digests: Future[tuple[bytes, bytes]], seeds_dir: Path
) -> LoadResult | None:
    """Rebuild the cached result, or return None when the entry is absent, damaged or stale."""
    try:
        data = entry.read_bytes()
    except FileNotFoundError:
        return None
    header = len(_MAGIC) + _DIGEST_SIZE
    if len(data) < header or not data.startswith(_MAGIC):
        return None
    body = memoryview(data)[header:]
    if _hash(body) != data[len(_MAGIC) : header]:
        return None
    with _collector_paused():
        meta, payload = marshal.loads(body)
        identity, stored_events, stored_seeds, articles = meta
        if (identity, (stored_events, stored_seeds)) != (key.identity, digests.result()):
            return None
        texts = _read_articles(seeds_dir, articles)
        if texts is None:
            return None
        return _decode(payload, texts)


def _read_articles(seeds_dir: Path, articles: Any) -> dict[str, str] | None:
    """Read each quoted article again; None unless every one still hashes as recorded."""
    texts: dict[str, str] = {}
    for source_id, file_name, digest in articles:
        raw = (seeds_dir / file_name).read_bytes()
        if _hash(raw) != digest:
            return None
        texts[source_id] = raw.decode("utf-8")
    return texts


def _encode(key: _Key, events_digest: bytes, seeds_digest: bytes, result: LoadResult) -> bytes:
    """Flatten a result into marshal-able tuples, sharing repeated strings and tuples."""
    corpus = result.corpus
    articles = tuple(
        (source.id, source.file, _hash(source.text.encode("utf-8")))
        for source in corpus.sources.values()
    )
    sources = tuple(
        (
            source.id,
            source.file,
            source.title,
            source.publisher,
            source.published.toordinal(),
            source.published_note,
            source.language,
        )
        for source in corpus.sources.values()
    )
    actors = tuple(
        (actor.id, actor.name.en, actor.name.zh, actor.aliases, actor.parent)
        for actor in corpus.actors.values()
    )
    themes = tuple((theme.id, theme.name.en, theme.name.zh) for theme in corpus.themes.values())
    # marshal writes an object seen before as a back-reference, so one shared object per
    # distinct id list keeps both the file and the rebuilt corpus small.
    shared: dict[Any, Any] = {}
    share = shared.setdefault

    def shared_ids(ids: tuple[str, ...]) -> tuple[str, ...]:
        found: tuple[str, ...] | None = shared.get(ids)
        if found is None:
            found = shared[ids] = tuple([share(item, item) for item in ids])
        return found

    events = tuple(
        [
            (
                event.id,
                share(event.date.value, event.date.value),
                event.date.mod and share(event.date.mod, event.date.mod),
                share(event.status, event.status),
                event.date_text,
                event.title.en,
                event.title.zh,
                None if event.summary is None else (event.summary.en, event.summary.zh),
                shared_ids(event.actors),
                shared_ids(event.themes),
                tuple(
                    [
                        (share(quote.source, quote.source), quote.start, quote.end)
                        for quote in event.quotes
                    ]
                ),
                event.line,
            )
            for event in corpus.events
        ]
    )
    problems = tuple(
        (share(problem.path, problem.path), problem.line, problem.message, problem.fatal)
        for problem in result.problems
    )
    meta = (key.identity, events_digest, seeds_digest, articles)
    payload = (sources, actors, themes, events, problems)
    # typeshed's marshallable type cannot follow these nested tuples; they hold only
    # str, int, bool, bytes and None.
    document: Any = (meta, payload)
    return marshal.dumps(document, _MARSHAL_VERSION)


def _decode(payload: Any, texts: dict[str, str]) -> LoadResult:
    """Rebuild the LoadResult from `_encode`'s tuples and the articles' texts."""
    raw_sources, raw_actors, raw_themes, raw_events, raw_problems = payload
    sources = {
        source_id: Source(
            source_id,
            file_name,
            title,
            publisher,
            date.fromordinal(published),
            note,
            language,
            texts[source_id],
        )
        for source_id, file_name, title, publisher, published, note, language in raw_sources
    }
    actors = {
        actor_id: Actor(actor_id, Bilingual(en, zh), aliases, parent)
        for actor_id, en, zh, aliases, parent in raw_actors
    }
    themes = {theme_id: Theme(theme_id, Bilingual(en, zh)) for theme_id, en, zh in raw_themes}
    dates: dict[tuple[str, str | None], EventDate] = {}
    events: list[Event] = []
    append = events.append
    for (
        event_id,
        value,
        mod,
        status,
        date_text,
        title_en,
        title_zh,
        summary,
        event_actors,
        event_themes,
        quotes,
        line,
    ) in raw_events:
        event_date = dates.get((value, mod))
        if event_date is None:
            event_date = dates[(value, mod)] = parse_event_date(value, mod)
        append(
            Event(
                event_id,
                event_date,
                status,
                date_text,
                Bilingual(title_en, title_zh),
                None if summary is None else Bilingual(*summary),
                event_actors,
                event_themes,
                tuple(
                    [
                        Quote(source_id, texts[source_id][start:end], start, end)
                        for source_id, start, end in quotes
                    ]
                ),
                line,
            )
        )
    problems = tuple(
        Problem(path, line, message, fatal) for path, line, message, fatal in raw_problems
    )
    corpus = Corpus(sources=sources, actors=actors, themes=themes, events=tuple(events))
    return LoadResult(corpus, problems)
