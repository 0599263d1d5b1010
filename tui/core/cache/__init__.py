"""A validated on-disk cache of loaded corpora, so a big events file opens without re-parsing it.

`load_cached` returns what `tui.core.loader.load` returns (with the events file's digest and the
folded search text, in one `CachedLoad`). On a miss it calls the loader and
writes the result to one file in the user's cache directory; on a hit it rebuilds the result from
that file instead of parsing TOML (seconds for 100,000 events, even with the compiled parser).

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
  for its index, a file whose ctime or mtime lies less than `seeds.RACY_SECONDS` before the
  listing was taken (or after it) is "racy": its bytes are hashed when the entry is written
  and again on every hit. The listing also notices an article that was missing, unreadable or
  not UTF-8 and is now fixed. Only a changed system clock or a file system that keeps no
  ctime could hide an edit that keeps size, mtime and inode.

A miss costs what changed (`blocks.load_reusing`): an entry also records the digest and
header line of each ``[[events]]`` table of its file, and since an entry's slot is per events
path, seeds directory and cross-check, the entry a changed file had is still in the slot when
it is next loaded. Its key identity must match (else nothing is taken from it). A table whose
digest it knows is neither parsed nor validated again: its event is taken over, moved by as
many lines as its header moved, when the schema is the same, the event's actors and themes
still exist, every source it quotes is equal (article text included) to the one it was
validated against, and no event before it took its id (`tui.core.loader.PriorTables`).
Tables that had a problem, and everything else (the part before the events, the checks across
events, the sorting) are done again, so the result is a cold load's, lines included. The
articles are read again unless the seeds tree is as the old entry recorded it, by the same
listing and racy-file hashes a hit trusts; then its article texts are used.

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
into segments behind a table of their lengths (`codec._marshal_segments`): written as one marshal,
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
one larger than its inputs could make (`store.size_limit`) is a miss without being read.
"""

from __future__ import annotations

from tui.core.cache.key import CACHE_FORMAT, NamedCheck
from tui.core.cache.load import (
    CachedLoad,
    PendingEntry,
    cache_file,
    keep_search_text,
    load_cached,
)
from tui.core.cache.search_text import StoredSearchText
from tui.core.cache.store import (
    CACHE_DIR_ENV,
    MAX_CACHE_BYTES,
    MAX_ENTRIES,
    NO_CACHE_ENV,
    cache_enabled,
    default_cache_dir,
)

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FORMAT",
    "MAX_CACHE_BYTES",
    "MAX_ENTRIES",
    "NO_CACHE_ENV",
    "CachedLoad",
    "NamedCheck",
    "PendingEntry",
    "StoredSearchText",
    "cache_enabled",
    "cache_file",
    "default_cache_dir",
    "keep_search_text",
    "load_cached",
]
