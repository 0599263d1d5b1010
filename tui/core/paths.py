"""Where the bundled corpus lives: beside the package in a checkout, inside it in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_corpus() -> tuple[Path, Path]:
    """Return the bundled events file and seeds directory.

    A built wheel carries them under ``tui/_corpus``; a source checkout (or an
    editable install) keeps them at the top of the repository.
    """
    packaged = _PACKAGE / "_corpus"
    if (packaged / "events.toml").is_file():
        return packaged / "events.toml", packaged / "seeds"
    return _PACKAGE.parent / "events.toml", _PACKAGE.parent / "seeds"
