"""Search folding: NFKC, casefold and Traditional→Simplified, so any script finds the same text.

匯豐, 滙豐 and 汇丰 all fold to 汇丰; ＨＳＢＣ and hsbc fold to hsbc. Every filter and search in
the CLI and the TUI compares folded strings.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def fold(text: str) -> str:
    """Fold `text` for comparison: width-, case- and script-insensitive.

    Args:
        text: any text, in any script.

    Returns:
        The folded text. Lengths may differ from the input; use it only for matching.
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    if normal.isascii():
        return normal
    return str(_t2s().convert(normal))


def fold_many(texts: list[str]) -> list[str]:
    """Fold many strings with one call into OpenCC (much faster for big corpora).

    Args:
        texts: strings to fold.

    Returns:
        The folded strings, in the same order.
    """
    normals = [unicodedata.normalize("NFKC", text).casefold() for text in texts]
    # One joined conversion amortises the per-call overhead of the binding.
    # NUL never appears in a folded result, so it can delimit the pieces safely;
    # NULs in the input are dropped because they carry nothing searchable.
    separator = "\x00"
    joined = separator.join(normal.replace(separator, "") for normal in normals)
    converted = str(_t2s().convert(joined)).split(separator)
    if len(converted) != len(normals):  # pragma: no cover - OpenCC keeps NUL as is
        return [fold(text) for text in texts]
    return converted
