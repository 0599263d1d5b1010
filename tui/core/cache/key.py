"""What an entry must match besides file contents: format, versions, code, paths, cross-check."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from tui import __version__
from tui.core.loader import DateTextCheck

__all__ = [
    "CACHE_FORMAT",
    "CacheKey",
    "NamedCheck",
    "cache_key",
    "checker_name",
]


CACHE_FORMAT = 9
"""Version of the entry layout; bump it whenever the payload's shape changes."""

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""tui/core: the package the result's modules live in."""

_RESULT_MODULES = (
    "__init__.py",
    "dates.py",
    "errors.py",
    "fold.py",
    "freshness.py",
    "loader.py",
    "model.py",
    "query.py",
    "reading.py",
    "scripts.py",
    "slice_parse.py",
    "text_fitting.py",
    "toml_parse.py",
)
"""The modules whose code decides what an entry holds (besides a cross-check and this package)."""

_DATE_ENGINE = "temporal"
"""The package every cross-check of this project resolves dates with."""


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


def checker_name(check_date_text: DateTextCheck | None) -> str | None:
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
    files.extend(sorted((_PACKAGE_DIR / "cache").glob("*.py")))
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
class CacheKey:
    """Everything besides file contents that an entry must match."""

    slot: str
    """The entry's file name stem: one entry per corpus location and cross-check."""
    identity: tuple[object, ...]
    """Format, versions, code fingerprint, paths as given and cross-check name."""


def cache_key(events_path: Path, seeds_dir: Path, checker: str) -> CacheKey:
    """The key of the entry for this corpus location and cross-check (see `CacheKey`)."""
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
    return CacheKey(slot=slot, identity=identity)
