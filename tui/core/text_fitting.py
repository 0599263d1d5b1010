"""Fitting text to a terminal: control characters made harmless, widths in cells, cuts and wraps."""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size, set_cell_size

__all__ = ["cell_width", "clean_article", "fit", "note_gist", "safe_text", "wrap"]

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
    if text.isprintable() and (text.isascii() or not _BIDI_CONTROLS.intersection(text)):
        # ASCII holds no bidi control; testing that at C speed spares building a set of
        # every character of the text.
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


def cell_width(text: str) -> int:
    """Return how many terminal cells `text` takes (CJK and most emoji take two).

    Measured with rich's cell table, the one Textual draws with, so the CLI's columns and
    the TUI's rows agree on every character.

    Args:
        text: text already passed through `safe_text`.

    Returns:
        The display width in cells.
    """
    if text.isascii():
        return len(text)
    return cell_len(text)


# Length-preserving: quote offsets index the article, so every character maps to exactly one.
_ARTICLE_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_ARTICLE_TABLE.update({0x0A: "\n", 0x09: " ", 0x0D: " ", 0x7F: "\ufffd"})
_ARTICLE_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_ARTICLE_TABLE.update({0x2028: " ", 0x2029: " "})
_ARTICLE_TABLE.update(
    {ord(char): "\ufffd" for char in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"}
)
_ARTICLE_TABLE.update({ord(char): "\ufffd" for char in "\u2066\u2067\u2068\u2069"})


@lru_cache(maxsize=1)
def _unsafe_pattern() -> re.Pattern[str]:
    # Compiled on first use, not at import: a class reaching past Latin-1 takes sre a
    # millisecond to build, and the first paint needs no article.
    return re.compile(
        "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
    )


def clean_article(text: str) -> str:
    """Make an article safe to draw without changing its length.

    Control characters become their Unicode pictures (ESC → ␛), a carriage return
    or tab becomes a space, bidi controls and C1 controls become U+FFFD. Only
    "\\n" is kept as a line break, so offsets into the text stay valid.

    Args:
        text: the article's text as loaded.

    Returns:
        Text of the same length with nothing a terminal would obey.
    """
    # Replacing match by match is far quicker than translating every character when,
    # as in articles, unsafe characters are few.
    return _unsafe_pattern().sub(_replace_unsafe, text)


def _replace_unsafe(match: re.Match[str]) -> str:
    return _ARTICLE_TABLE[ord(match.group())]


def fit(text: str, width: int) -> str:
    """Pad or cut `text` to exactly `width` terminal cells, marking a cut with "…".

    Args:
        text: text without control characters.
        width: cells wanted.

    Returns:
        The fitted text.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def note_gist(note: str, width: int) -> str:
    """The start of a long note in at most `width` cells, cut at a word and marked "…".

    Args:
        note: text without control characters.
        width: cells allowed (at least 2).

    Returns:
        The note itself when it fits, else its first words and "…".
    """
    if cell_len(note) <= width:
        return note
    cut = set_cell_size(note, width - 1)
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


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
            or (get_character_cell_size(char) < 2 and get_character_cell_size(previous[-1]) < 2)
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
                if head_width + get_character_cell_size(char) > room and head:
                    break
                head += char
                head_width += get_character_cell_size(char)
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
