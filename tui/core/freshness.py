"""Whether a file still holds the bytes it was read from: one digest of a file, one check."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tui.core.errors import TimelineError
from tui.core.reading import read_regular

__all__ = ["changed_on_disk", "content_digest", "file_digest"]


def content_digest(raw: bytes | memoryview) -> str:
    """The SHA-256 (hex) of `raw`: what `file_digest` gives for a file holding these bytes.

    Args:
        raw: a file's bytes, or the UTF-8 encoding of a text about to be written.

    Returns:
        64 hexadecimal digits.
    """
    return hashlib.sha256(raw).hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of the file's bytes, read as the loader reads it, or None when it cannot be.

    Never a FIFO (the read would block) nor a file over the loader's size limit (read whole
    only to learn it changed): those, like a missing file, give None.

    Args:
        path: the file to hash.

    Returns:
        The `content_digest` of its bytes, or None.
    """
    try:
        return content_digest(read_regular(path, str(path), what="file"))
    except TimelineError:
        return None


def changed_on_disk(path: Path, digest: str) -> bool:
    """True when `path` no longer holds the bytes whose digest is `digest`.

    A file that can no longer be read (removed, replaced by a FIFO, grown past the size
    limit) counts as changed.

    Args:
        path: the file.
        digest: the `content_digest` of the bytes it held when read or written.

    Returns:
        Whether it changed since.
    """
    current = file_digest(path)
    return current is None or current != digest
