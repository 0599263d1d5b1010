"""Terminal-safe text: visible control characters and display widths that count CJK as two cells."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Bidirectional embeddings, overrides and isolates reorder what follows them on
# the terminal, so a title could disguise itself; they are shown, not obeyed.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """Return `text` with control and bidi characters made visible and harmless.

    C0 controls become their Unicode control pictures (ESC → ␛, CR → ␍, BEL → ␇),
    DEL and C1 controls become U+FFFD, bidi controls become ⟨U+202E⟩-style tags;
    tabs become a space; newlines stay only when `keep_newlines` is set.

    Args:
        text: any text from an article, a TOML file or the user.
        keep_newlines: keep "\\n" (for multi-line views) instead of showing ␤.

    Returns:
        Text that can be written to a terminal as is.
    """
    if text.isprintable() and not _BIDI_CONTROLS.intersection(text):
        return text
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F or 0x80 <= code < 0xA0:
            out.append("\ufffd")
        elif char in _BIDI_CONTROLS:
            out.append(f"⟨U+{code:04X}⟩")
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cell_width(text: str) -> int:
    """Return how many terminal cells `text` takes (CJK and most emoji take two).

    Args:
        text: text already passed through `safe_text`.

    Returns:
        The display width in cells.
    """
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def fit(text: str, width: int) -> str:
    """Pad or cut `text` to exactly `width` cells, marking a cut with "…".

    Args:
        text: text already passed through `safe_text`.
        width: the number of cells wanted.

    Returns:
        The fitted text.
    """
    current = cell_width(text)
    if current <= width:
        return text + " " * (width - current)
    out: list[str] = []
    used = 0
    for char in text:
        char_width = _char_width(char)
        if used + char_width > width - 1:
            break
        out.append(char)
        used += char_width
    return "".join(out) + "…" + " " * (width - used - 1)
