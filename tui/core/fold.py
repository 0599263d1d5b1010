"""Search folding: NFKC, casefold and Traditional→Simplified, so any script finds the same text.

匯豐, 滙豐 and 汇丰 all fold to 汇丰; ＨＳＢＣ and hsbc fold to hsbc. Every filter and search in
the CLI and the TUI compares folded strings.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from tui.core.scripts import Converter, opencc_converter


def _t2s() -> Converter:
    return opencc_converter("t2s")


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


def fold_many(texts: Iterable[str]) -> list[str]:
    """Fold many strings with few calls into OpenCC (much faster for big corpora).

    Args:
        texts: strings to fold, read once and in batches: a generator is never held whole.

    Returns:
        The folded strings, in the same order.
    """
    folded: list[str] = []
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text)
        if size >= _BATCH_CHARS:
            folded += _fold_joined(batch)
            batch, size = [], 0
    if batch:
        folded += _fold_joined(batch)
    return folded


_BATCH_CHARS = 1 << 20
"""About how many characters `fold_many` folds in one call: enough to amortise a call, and
few enough that the copies a call makes stay a few MB even for a 100,000-event corpus."""


def _fold_joined(texts: list[str]) -> list[str]:
    # One joined normalisation and one joined conversion amortise the per-call
    # overhead. NUL is a starter that never composes, so normalising the joined
    # text equals joining the normalised pieces; NULs in the input are dropped
    # because they carry nothing searchable, which keeps the split exact.
    separator = "\x00"
    joined = separator.join(text.replace(separator, "") for text in texts)
    normal = unicodedata.normalize("NFKC", joined).casefold()
    if not normal.isascii():
        normal = str(_t2s().convert(normal))
    converted = normal.split(separator)
    if len(converted) != len(texts):  # pragma: no cover - OpenCC keeps NUL as is
        return [fold(text.replace(separator, "")) for text in texts]
    return converted
