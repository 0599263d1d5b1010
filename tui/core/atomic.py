"""Safe file writes: through symlinks, onto regular files only, atomic, mode and owner kept.

A write goes to a temporary file beside the target (the symlink's final target when the path
is a link, so the link stays a link), is flushed to disk, gets the old file's mode, owner and
group, and is renamed over the target. Readers see the old or the new file, never half.
Whatever is not a regular file (a device, a FIFO, a socket, a directory) is refused, and so
is a file whose mode lets no one write it, even when root could, and a file of another user
that only root could give back to its owner after the rename.

A hard link is not kept: the rename gives the path a new file, and the file's other names
keep the old text (as with most editors' safe saves).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pwd
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import TimelineError
from tui.core.reading import file_kind

__all__ = ["PendingWrite", "STALE_AFTER_SECONDS", "atomic_write", "prepare_write"]

STALE_AFTER_SECONDS = 60.0
"""A temporary file of ours older than this is left over from a killed write, not in use."""


def _temporary_prefix(name: str) -> str:
    """`.NAME.`, or `.HASH.` when NAME is so long that the temporary name would not fit."""
    if len(os.fsencode(name)) <= 200:
        return f".{name}."
    return f".{hashlib.blake2b(os.fsencode(name), digest_size=12).hexdigest()}."


def _temporary_pattern(name: str) -> re.Pattern[str]:
    # mkstemp's names: prefix, 8 characters of [a-z0-9_], suffix.
    return re.compile(rf"{re.escape(_temporary_prefix(name))}[a-z0-9_]{{8}}\.tmp")


def _remove_stale(directory: Path, name: str) -> None:
    """Remove temporary files a killed write of `name` left behind (ours only, regular files)."""
    pattern = _temporary_pattern(name)
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER_SECONDS:
                    os.unlink(entry.path)


def _check(path: Path, advice: str) -> tuple[Path, os.stat_result | None]:
    """The real file to replace and its status (None when it does not exist yet)."""
    shown = str(path)
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    except NotADirectoryError:
        raise TimelineError.at(
            shown, 0, "a folder on the path is not a directory; nothing was written"
        ) from None
    except OSError as error:
        raise TimelineError.at(
            shown, 0, f"cannot write: {error.strerror or error}; nothing was written"
        ) from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise TimelineError.at(
            shown,
            0,
            f"is {file_kind(status.st_mode)}, not a regular file; nothing was written"
            + (f" ({advice})" if advice else ""),
        )
    if status is not None and not status.st_mode & 0o222:
        raise TimelineError.at(
            shown,
            0,
            f"is read-only (mode {stat.S_IMODE(status.st_mode):04o}); nothing was written "
            f"(make it writable, e.g. chmod u+w, to save to it)",
        )
    real = Path(os.path.realpath(path))
    if status is None and real.parts[:2] == ("/", "proc"):
        # /dev/stdout and /dev/fd/N lead to /proc/<pid>/fd/N: nothing to create there.
        raise TimelineError.at(
            shown,
            0,
            "names a file descriptor that is not open, not a file; nothing was written"
            + (f" ({advice})" if advice else ""),
        )
    if not real.parent.is_dir():
        raise TimelineError.at(
            shown, 0, f"the folder {real.parent} does not exist; nothing was written"
        )
    return real, status


@dataclass
class PendingWrite:
    """New content written beside its target, not yet renamed into place."""

    shown: str
    """The path as the user named it, for messages."""
    target: Path
    """The real file it will replace (a symlink's final target)."""
    temporary: Path
    """The temporary file holding the new content."""

    def commit(self) -> None:
        """Rename the new content into place.

        Raises:
            TimelineError: the target stopped being a regular file, or the rename failed;
                the temporary file is removed and the target left as it was.
        """
        try:
            try:
                current = os.lstat(self.target)
            except FileNotFoundError:
                pass
            else:
                if not stat.S_ISREG(current.st_mode):
                    # Changed since the check (e.g. became a symlink): replace nothing.
                    raise TimelineError.at(
                        self.shown,
                        0,
                        f"{self.target} became {_lkind(current.st_mode)} while saving; "
                        f"nothing was written",
                    )
            os.replace(self.temporary, self.target)
        except OSError as error:
            self.discard()
            raise TimelineError.at(
                self.shown,
                0,
                f"cannot write: {error.strerror or error} (the file was left as it was)",
            ) from None
        except BaseException:
            self.discard()
            raise
        with contextlib.suppress(OSError):
            directory_handle = os.open(self.target.parent, os.O_RDONLY)
            try:
                os.fsync(directory_handle)
            finally:
                os.close(directory_handle)

    def discard(self) -> None:
        """Remove the temporary file (the target is untouched)."""
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def _lkind(mode: int) -> str:
    return "a symbolic link" if stat.S_ISLNK(mode) else file_kind(mode) or "a regular file"


def prepare_write(path: Path, data: str | bytes, *, advice: str = "") -> PendingWrite:
    """Write `data` (str as UTF-8) to a temporary file beside `path`'s real target.

    Args:
        path: the file to write, as the user named it (a symlink is written through).
        data: the complete new content.
        advice: what to do instead when `path` is not a regular file (e.g. "use -o - for
            standard output"), added to that message.

    Returns:
        The pending write: `commit()` renames it into place, `discard()` drops it.

    Raises:
        TimelineError: `path` is not a regular file, is read-only, its folder is missing or
            not writable, or the write failed; nothing was changed.
    """
    shown = str(path)
    if isinstance(data, str):
        text = data
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as error:
            bad = text[error.start]
            raise TimelineError.at(
                shown,
                0,
                f"the text holds U+{ord(bad):04X}, a lone surrogate (bytes that were not "
                f"UTF-8), which cannot be written; nothing was written",
            ) from None
    real, status = _check(path, advice)
    directory = real.parent
    _remove_stale(directory, real.name)
    try:
        handle, name = tempfile.mkstemp(
            prefix=_temporary_prefix(real.name), suffix=".tmp", dir=directory
        )
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise TimelineError.at(
                shown,
                0,
                f"cannot write: the folder {directory} is not writable ({error.strerror}); "
                f"the file is replaced atomically through a temporary file beside it, so its "
                f"folder must be writable; nothing was written",
            ) from None
        raise TimelineError.at(
            shown, 0, f"cannot write: {error.strerror or error}; nothing was written"
        ) from None
    temporary = Path(name)
    pending = PendingWrite(shown, real, temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = stat.S_IMODE(status.st_mode) if status is not None else _new_mode()
        if status is not None:
            _keep_owner(temporary, status, shown)
        os.chmod(temporary, mode)
    except OSError as error:
        pending.discard()
        raise TimelineError.at(
            shown, 0, f"cannot write: {error.strerror or error} (the file was left as it was)"
        ) from None
    except BaseException:
        pending.discard()
        raise
    return pending


def _keep_owner(temporary: Path, status: os.stat_result, shown: str) -> None:
    """Give the new file the old one's owner and group; refuse when the owner cannot be kept.

    Only root can give a file to another user: someone else saving a file they may write
    but do not own (a shared, group-writable events.toml) would otherwise swap it for a
    file of their own, silently taking it from its owner.

    Raises:
        TimelineError: the owner cannot be kept; the caller removes the new file.
    """
    own = os.stat(temporary)
    if (own.st_uid, own.st_gid) == (status.st_uid, status.st_gid):
        return
    with contextlib.suppress(OSError):
        os.chown(temporary, status.st_uid, status.st_gid)
    own = os.stat(temporary)
    if own.st_uid != status.st_uid:
        raise TimelineError.at(
            shown,
            0,
            f"belongs to user {_user(status.st_uid)}, and saving it would hand it to "
            f"{_user(own.st_uid)} (it is replaced by a new file, and only root can give a "
            f"file away); nothing was written (ask its owner, or save a copy of your own)",
        )
    # A group that could not be kept is one the owner has left: refusing would lock the
    # owner out of their own file, so the file goes to their group.


def _user(uid: int) -> str:
    try:
        return f"{pwd.getpwuid(uid).pw_name} ({uid})"
    except (KeyError, OSError):
        return str(uid)


def _new_mode() -> int:
    """The usual 0666 less the umask, for a file that does not exist yet."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: str | bytes, *, advice: str = "") -> None:
    """Replace `path` with `data` (str as UTF-8) so readers see the old or the new file, never half.

    See `prepare_write` for the rules (symlinks written through, only regular files replaced,
    read-only files refused, mode and owner kept).

    Raises:
        TimelineError: refused or failed; `path` is then left as it was.
    """
    prepare_write(path, data, advice=advice).commit()
