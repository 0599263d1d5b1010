"""The state of the seeds tree an entry records: a stat listing, with racy files hashed."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.freshness import content_digest, file_digest

__all__ = [
    "MAX_LISTING",
    "RACY_SECONDS",
    "SeedsState",
    "TooManyFiles",
    "list_tree",
    "racy_horizon",
    "racy_unchanged",
    "scan_seeds",
]


MAX_LISTING = 200_000
"""Seeds trees with more entries than this are not cached: listing them would cost too much."""

RACY_SECONDS = 10.0
"""Files changed less than this before the seeds were listed are checked by content, not by
their stat signature: wide enough for coarse file system clocks (FAT keeps 2 s) and for a
network file server's clock running somewhat ahead of or behind this machine's."""


class TooManyFiles(Exception):
    """The seeds directory is too big to validate cheaply."""


@dataclass(frozen=True, slots=True)
class SeedsState:
    """The state of the seeds directory's tree, as an entry records it."""

    digest: str
    """Hash of every entry's relative path, mode, size, mtime, ctime and inode."""
    racy: tuple[tuple[str, str | None], ...]
    """Each regular file changed after `horizon`, with the hash of its bytes (None when it
    cannot be read), in path order."""
    horizon: int | None
    """Files changed at or after this time (ns since the epoch) are racy; None when racy
    files were not looked for."""
    total: int = 0
    """The bytes of all the regular files listed."""


def racy_horizon() -> int:
    """Now less `RACY_SECONDS`, in ns: files changed at or after it are checked by content."""
    return time.time_ns() - int(RACY_SECONDS * 1e9)


def scan_seeds(seeds_dir: Path, horizon: int | None) -> SeedsState:
    """List the seeds directory's tree and hash the racy files in it.

    Args:
        seeds_dir: the tree to list.
        horizon: files whose ctime or mtime is at or after this (ns since the epoch) are
            hashed; None to hash none.

    Raises:
        TooManyFiles: the tree has more than MAX_LISTING entries.
    """
    lines: list[str] = []
    racy: list[tuple[str, str | None]] = []
    total = 0
    for name, line, info in list_tree(seeds_dir, ""):
        if len(lines) >= MAX_LISTING:
            raise TooManyFiles(str(seeds_dir))
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
    return SeedsState(content_digest(listing), tuple(racy), horizon, total)


def list_tree(directory: Path, prefix: str) -> Iterator[tuple[str, str, os.stat_result | None]]:
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
            yield from list_tree(Path(entry.path), name + "/")


def racy_unchanged(seeds_dir: Path, racy: Any, seeds: SeedsState) -> bool:
    """True when every racy file an entry recorded still has the recorded bytes.

    A file that is racy now too was hashed by the listing just taken, `seeds`.
    """
    hashed = dict(seeds.racy)
    return all(
        (hashed[name] if name in hashed else file_digest(seeds_dir / name)) == digest
        for name, digest in racy
    )
