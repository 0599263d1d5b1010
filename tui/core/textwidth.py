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


# Closing punctuation never starts a line and opening punctuation never ends one (kinsoku).
_NO_LINE_START = frozenset("，。、；：？！）」』》〉】〕…—,.;:?!)]}%’”")
_NO_LINE_END = frozenset("（「『《〈【〔([{‘“")


def _pieces(text: str) -> list[str]:
    """Split `text` into unbreakable pieces: words, single wide characters, runs of spaces.

    A line may break before any piece. Wide (CJK) characters are pieces of their own, so a
    line may break between two of them; punctuation clings to its neighbour.
    """
    pieces: list[str] = []
    for char in text:
        previous = pieces[-1] if pieces else ""
        if char == " ":
            if previous.startswith(" "):
                pieces[-1] += char
            else:
                pieces.append(char)
        elif not previous or previous.startswith(" "):
            pieces.append(char)
        elif (
            char in _NO_LINE_START
            or previous[-1] in _NO_LINE_END
            or (_char_width(char) < 2 and _char_width(previous[-1]) < 2)
        ):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap(text: str, width: int, *, indent: int = 0) -> list[str]:
    """Break `text` into lines of at most `width` cells at spaces and between CJK characters.

    Words are never split unless one is wider than a line on its own (then after its last
    hyphen that fits, else at the edge); spaces at a break are dropped.
    Lines after the first start with `indent` spaces.

    Args:
        text: one line of text already passed through `safe_text`.
        width: the most cells a line may take (at least `indent` + 1).
        indent: spaces before every line but the first (a hanging indent).

    Returns:
        The lines, at least one (empty text gives [""]).
    """
    width = max(width, indent + 1)
    lines: list[str] = []
    line = ""
    used = 0
    for piece in _pieces(text):
        piece_width = cell_width(piece)
        if piece.startswith(" "):
            if used + piece_width <= width:
                line += piece
                used += piece_width
            else:  # the break falls here: the spaces go
                lines.append(line.rstrip())
                line, used = " " * indent, indent
            continue
        if used + piece_width > width and line.strip():
            lines.append(line.rstrip())
            line, used = " " * indent, indent
        while used + piece_width > width:  # a word wider than a whole line: cut it
            room = width - used
            head = ""
            head_width = 0
            for char in piece:
                if head_width + _char_width(char) > room and head:
                    break
                head += char
                head_width += _char_width(char)
            hyphen = head.rfind("-", 0, len(head) - 1)
            if hyphen > 0 and len(head) < len(piece):  # an id breaks after a hyphen
                head = head[: hyphen + 1]
            lines.append(line + head)
            line, used = " " * indent, indent
            piece = piece[len(head) :]
            piece_width = cell_width(piece)
        line += piece
        used += piece_width
    lines.append(line.rstrip())
    return lines
