"""TOML parsed as tomllib parses it, faster: the one parser the loader and its helper use.

Imports nothing of the app, so the helper process that shares a big file's parse
(`tui.core.slice_parse`) starts in a few milliseconds.
"""

from __future__ import annotations

from typing import Any

__all__ = ["parse_toml"]


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML `text` as tomllib does, with the compiled tomli when it is installed.

    tomli is the parser tomllib was copied from, compiled with mypyc (about twice as fast);
    versions from 2.4 on read TOML 1.1, which tomllib refuses, so the dependency is pinned
    below that. Whatever fails to parse is parsed again by tomllib, so a syntax error is
    always tomllib's, with its exact message.

    Raises:
        tomllib.TOMLDecodeError: `text` is not TOML.
    """
    import tomllib

    try:
        import tomli
    except ImportError:
        return tomllib.loads(text)
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError:
        return tomllib.loads(text)
    if _nests_deeper(document, _NESTING_CHECKED):
        # tomli reads hundreds of levels that make tomllib raise RecursionError (reported as
        # nested too deeply): what tomllib makes of such a file is the answer.
        return tomllib.loads(text)
    return document


_NESTING_CHECKED = 64
"""How deep parsed values may nest before tomllib parses the text again; no timeline nests
more than three levels, and tomllib reads far more than this."""


def _nests_deeper(value: object, limit: int) -> bool:
    """Whether arrays and tables in `value` nest more than `limit` levels deep."""
    # A level at a time, each container once, in list comprehensions: every parsed slice of a
    # big file passes through here.
    level: list[Any] = [value]
    for _ in range(limit + 1):
        inner: list[Any] = []
        for container in level:
            items = container.values() if type(container) is dict else container
            inner += [item for item in items if type(item) is dict or type(item) is list]
        if not inner:
            return False
        level = inner
    return True
