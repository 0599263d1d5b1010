"""Wrapping article text to a width in cells, by offsets, whole or a paragraph at a time."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator

from rich.cells import cell_len, get_character_cell_size

__all__ = [
    "LazyWrap",
    "wrap",
    "wrap_paragraph",
]


_SPECIAL: re.Pattern[str] | None = None
_ZERO: re.Pattern[str] | None = None
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _width_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns for runs of wide-or-zero-width characters and for zero-width ones.

    Built from rich's own cell table, so wrapping agrees with how Textual draws.
    Only the Basic Multilingual Plane goes into the classes: sre tests a BMP class
    with a bitmap, but falls back to a slow range scan once astral ranges are in;
    paragraphs with astral characters take a per-character path instead.
    """
    global _SPECIAL, _ZERO
    if _SPECIAL is None or _ZERO is None:
        try:
            from rich._unicode_data import load

            ranges = [(low, high, width) for low, high, width in load("auto").widths]
        except (ImportError, AttributeError):  # pragma: no cover - rich moved its table
            ranges = [
                (0x0300, 0x036F, 0),
                (0x1100, 0x115F, 2),
                (0x2E80, 0xA4CF, 2),
                (0xAC00, 0xD7A3, 2),
                (0xF900, 0xFAFF, 2),
                (0xFE30, 0xFE4F, 2),
                (0xFF00, 0xFF60, 2),
                (0xFFE0, 0xFFE6, 2),
            ]
        wide: list[str] = []
        zero: list[str] = []
        for low, high, width in ranges:
            low, high = max(low, 1), min(high, 0xFFFF)
            if low > high:
                continue
            item = re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
            (wide if width == 2 else zero).append(item)
        _SPECIAL = re.compile(f"[{''.join(wide)}{''.join(zero)}]+")
        _ZERO = re.compile(f"[{''.join(zero)}]")
    return _SPECIAL, _ZERO


def _runs(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, cells per character) runs covering text[start:end]."""
    if _ASTRAL.search(text, start, end):
        yield from _runs_per_character(text, start, end)
        return
    special, zero = _width_patterns()
    position = start
    for match in special.finditer(text, start, end):
        run_start, run_end = match.span()
        if position < run_start:
            yield position, run_start, 1
        if zero.search(text, run_start, run_end) is None:
            yield run_start, run_end, 2
        else:
            yield from _runs_per_character(text, run_start, run_end)
        position = run_end
    if position < end:
        yield position, end, 1


def _runs_per_character(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    run_start = start
    run_width = -1
    for offset in range(start, end):
        width = get_character_cell_size(text[offset])
        if width != run_width:
            if run_width != -1:
                yield run_start, offset, run_width
            run_start, run_width = offset, width
    if run_width != -1:
        yield run_start, end, run_width


# A wrapped line should not start with closing punctuation nor end with opening punctuation.
_NO_LINE_START = frozenset("，。、；：？！）」』】》〉”’…·,.;:?!)]}%")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Wrap `text` to `width` cells, CJK counting two cells and breaking between characters.

    Latin words break at spaces (a word longer than the line is cut); CJK text breaks
    between any two characters, except before closing punctuation. Only "\\n" starts
    a new paragraph. Runs of same-width characters are measured at once, so even a
    10 MB article wraps in well under a second.

    Args:
        text: text without control characters other than "\\n".
        width: the line width in cells (at least 2 is used).

    Returns:
        (start, end) offsets of each displayed line; spaces at a break are left out.
    """
    width = max(width, 2)
    lines: list[tuple[int, int]] = []
    all_narrow = text.isascii()
    position = 0
    length = len(text)
    while position < length or not lines:
        newline = text.find("\n", position)
        if newline == -1:
            newline = length
        _wrap_span(text, position, newline, width, lines, narrow=all_narrow)
        position = newline + 1
    return lines


def wrap_paragraph(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Wrap the one paragraph text[start:end] (no "\n" inside) as `wrap` would."""
    lines: list[tuple[int, int]] = []
    _wrap_span(text, start, end, max(width, 2), lines, narrow=False)
    return lines


def _wrap_span(
    text: str, start: int, end: int, width: int, lines: list[tuple[int, int]], *, narrow: bool
) -> None:
    """Append the lines of one paragraph; `narrow` says the text is known to be ASCII."""
    if narrow or text[start:end].isascii():
        _wrap_narrow(text, start, end, width, lines)
    else:
        _wrap_mixed(text, start, end, width, lines)


class LazyWrap:
    """An article's displayed lines at one width, each paragraph wrapped when first needed.

    Wrapping a 50 MB article whole takes seconds and hundreds of megabytes; a screen
    shows a few dozen lines. The paragraphs' starts are found at once (one scan for
    "\n"); a paragraph not yet wrapped counts as an estimate of its height, and the
    estimate is replaced by the true height when it is wrapped. Heights are summed per
    block of paragraphs, so finding the paragraph of a line costs a bisect over the
    blocks and a walk inside one. The lines match `wrap(text, width)` wherever the
    paragraphs involved have been wrapped; the total is exact once they all have.
    """

    BLOCK = 512
    """Paragraphs per block of summed heights."""
    KEEP = 4096
    """Wrapped paragraphs kept (their heights are kept for good)."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        """The article."""
        self.width = max(width, 2)
        """The width in cells."""
        starts = array("q", [0])
        length = len(text)
        starts.extend(match.end() for match in re.finditer("\n", text) if match.end() < length)
        self._starts = starts
        self.wraps = 0
        """Paragraphs wrapped so far (tests count them)."""
        self._wrapped: dict[int, list[tuple[int, int]]] = {}
        count = len(starts)
        blocks = (count + self.BLOCK - 1) // self.BLOCK
        # Until a block is visited its paragraphs count as one line each plus one for
        # every full width of characters: a cheap guess, never zero.
        self._block_lines = array("q", (self._guess_block(block) for block in range(blocks)))
        self._heights: dict[int, list[int]] = {}
        self._cumulative: list[int] | None = None

    @property
    def paragraphs(self) -> int:
        """Number of paragraphs."""
        return len(self._starts)

    def _end(self, paragraph: int) -> int:
        if paragraph + 1 < len(self._starts):
            return self._starts[paragraph + 1] - 1
        length = len(self.text)
        return length - 1 if self.text.endswith("\n") else length

    def _guess_block(self, block: int) -> int:
        first = block * self.BLOCK
        last = min(first + self.BLOCK, len(self._starts))
        chars = (self._end(last - 1) if last else 0) - self._starts[first]
        return (last - first) + max(0, chars) // self.width

    def _block(self, block: int) -> list[int]:
        """The heights of a block's paragraphs (guessed until wrapped), the block's sum kept."""
        heights = self._heights.get(block)
        if heights is None:
            first = block * self.BLOCK
            last = min(first + self.BLOCK, len(self._starts))
            width = self.width
            heights = [
                1 + max(0, self._end(paragraph) - self._starts[paragraph]) // width
                for paragraph in range(first, last)
            ]
            self._heights[block] = heights
            self._set_block_lines(block, sum(heights))
        return heights

    def _set_block_lines(self, block: int, lines: int) -> None:
        if self._block_lines[block] != lines:
            self._block_lines[block] = lines
            self._cumulative = None

    def _sums(self) -> list[int]:
        if self._cumulative is None:
            total = 0
            sums = []
            for lines in self._block_lines:
                total += lines
                sums.append(total)
            self._cumulative = sums
        return self._cumulative

    @property
    def total(self) -> int:
        """Number of displayed lines (exact where wrapped, estimated elsewhere)."""
        sums = self._sums()
        return sums[-1] if sums else 0

    def paragraph_lines(self, paragraph: int) -> list[tuple[int, int]]:
        """The displayed lines of one paragraph, wrapping it if needed."""
        lines = self._wrapped.pop(paragraph, None)
        if lines is not None:
            self._wrapped[paragraph] = lines  # the most recently used go last
            return lines
        lines = wrap_paragraph(self.text, self._starts[paragraph], self._end(paragraph), self.width)
        self.wraps += 1
        if len(self._wrapped) >= self.KEEP:
            del self._wrapped[next(iter(self._wrapped))]
        self._wrapped[paragraph] = lines
        block, index = divmod(paragraph, self.BLOCK)
        heights = self._block(block)
        if heights[index] != len(lines):
            self._set_block_lines(block, self._block_lines[block] - heights[index] + len(lines))
            heights[index] = len(lines)
        return lines

    def _first_line(self, paragraph: int) -> int:
        """The line a paragraph starts on."""
        block, index = divmod(paragraph, self.BLOCK)
        heights = self._block(block)
        before = self._sums()[block - 1] if block else 0
        return before + sum(heights[:index])

    def line(self, line: int) -> tuple[int, int] | None:
        """(start, end) of displayed line `line`, or None past the last one."""
        while True:
            sums = self._sums()
            if not 0 <= line < (sums[-1] if sums else 0):
                return None
            block = bisect_right(sums, line)
            heights = self._block(block)
            if self._sums() is not sums:
                continue  # the block's guess became its paragraphs' guesses: look again
            row = line - (sums[block - 1] if block else 0)
            index = 0
            while index < len(heights) - 1 and row >= heights[index]:
                row -= heights[index]
                index += 1
            lines = self.paragraph_lines(block * self.BLOCK + index)
            if self._sums() is not sums:
                continue  # its true height differs from the guess: look again
            return lines[min(row, len(lines) - 1)]

    def line_of(self, offset: int) -> int:
        """The displayed line holding text offset `offset`."""
        paragraph = max(0, bisect_right(self._starts, offset) - 1)
        lines = self.paragraph_lines(paragraph)
        row = max(0, bisect_right([start for start, _ in lines], offset) - 1)
        return self._first_line(paragraph) + row

    def settle_end(self, height: int) -> None:
        """Wrap the last paragraphs until they fill `height` lines, so the end is exact."""
        filled = 0
        paragraph = len(self._starts) - 1
        while paragraph >= 0 and filled < height:
            filled += len(self.paragraph_lines(paragraph))
            paragraph -= 1


def _break_line(
    text: str, line_start: int, cut: int, end: int, lines: list[tuple[int, int]]
) -> int:
    """End the line starting at `line_start` at `cut`, spaces at the break left out.

    Returns:
        Where the next line starts: `cut` past the spaces that follow it (before `end`).
    """
    line_end = cut
    while line_end > line_start and text[line_end - 1] == " ":
        line_end -= 1
    lines.append((line_start, line_end))
    while cut < end and text[cut] == " ":
        cut += 1
    return cut


def _wrap_narrow(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    """Greedy word wrap of a paragraph whose characters are all one cell wide."""
    line_start = start
    while end - line_start > width:
        limit = line_start + width
        space = text.rfind(" ", line_start, limit + 1)
        line_start = _break_line(
            text, line_start, space if space > line_start else limit, end, lines
        )
    lines.append((line_start, end))


def _wrap_mixed(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    """Greedy wrap of a paragraph mixing wide, zero-width and narrow characters.

    `last_break` is the latest offset after which the line may end; text between it
    and the current position has no break opportunity, so it moves down as a whole.
    """
    line_start = start
    cells = 0
    last_break = -1
    for run_start, run_end, char_width in _runs(text, start, end):
        if char_width == 0:
            continue
        position = max(run_start, line_start)
        while position < run_end:
            room = (width - cells) // char_width
            if run_end - position <= room:
                cells += (run_end - position) * char_width
                if char_width == 2:
                    last_break = run_end
                else:
                    space = text.rfind(" ", position, run_end)
                    if space >= position:
                        last_break = space + 1
                break
            limit = position + room
            if char_width == 2:
                cut = limit
                if text[cut] in _NO_LINE_START and cut - 1 > line_start:
                    if cut > position or last_break == position:
                        cut -= 1
                    elif last_break > line_start:
                        cut = last_break
            else:
                space = text.rfind(" ", position, limit + 1)
                if space >= position and space > line_start:
                    cut = space
                elif last_break > line_start:
                    cut = last_break
                else:
                    cut = limit
            if cut <= line_start:
                cut = line_start + 1
            cut = line_start = _break_line(text, line_start, cut, end, lines)
            last_break = -1
            if cut < position:
                cells = cell_len(text[cut:position])
            else:
                cells = 0
                position = cut
    lines.append((line_start, end))
