"""Aligned text tables fitted to a terminal's width by wrapping cells at word boundaries."""

from __future__ import annotations

from collections.abc import Sequence

from tui.core.text_fitting import cell_width, safe_text, wrap

__all__ = ["NARROWEST_WIDTH", "layout_table"]

NARROWEST_WIDTH = 20
"""Narrower terminals (or a nonsense width) are laid out as if they had this many columns."""

_GAP = "  "


def layout_table(
    rows: Sequence[Sequence[str]],
    *,
    max_width: int | None = None,
    wrap_first: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """Lay rows out as columns aligned by display width, within `max_width` cells.

    Without `max_width` (output to a pipe or a file) every row is one line, never cut.
    Otherwise the columns named in `wrap_first` give up width (the widest first, ties in
    that order), down to their longest word and then to their narrowest, and their cells
    wrap onto more lines at word boundaries (and between CJK characters). When even that
    is too wide, each row becomes a short record: the columns before the first wrapping
    one, then that column's text, then every later cell on a line of its own, indented;
    the header row is left out.

    Args:
        rows: header first; every row has the same number of cells.
        max_width: the terminal's width, or None for no limit.
        wrap_first: (column, narrowest width) pairs in the order columns give up space;
            columns not named never wrap.

    Returns:
        The lines, without newlines or trailing spaces.
    """
    if not rows:
        return []
    safe_rows = [[safe_text(cell) for cell in row] for row in rows]
    widths = [max(cell_width(row[column]) for row in safe_rows) for column in range(len(rows[0]))]
    if max_width is None:
        return [_line(row, widths) for row in safe_rows]
    max_width = max(max_width, NARROWEST_WIDTH)
    excess = sum(widths) + len(_GAP) * (len(widths) - 1) - max_width
    # First keep every word whole, then give way down to the narrowest widths; the
    # widest column gives a cell at a time, so the columns shrink evenly.
    longest_words = {
        column: max(cell_width(word) for row in safe_rows for word in [*row[column].split(), ""])
        for column, _ in wrap_first
    }
    for floors in (
        {column: max(narrowest, longest_words[column]) for column, narrowest in wrap_first},
        dict(wrap_first),
    ):
        while excess > 0:
            giving = [column for column, _ in wrap_first if widths[column] > floors[column]]
            if not giving:
                break
            widest = max(giving, key=lambda column: widths[column])
            widths[widest] -= 1
            excess -= 1
    if excess > 0 and wrap_first:
        return _records(safe_rows[1:], max_width, min(column for column, _ in wrap_first))
    lines: list[str] = []
    for row in safe_rows:
        cells = [wrap(cell, width) for cell, width in zip(row, widths, strict=True)]
        for depth in range(max(len(cell) for cell in cells)):
            lines.append(
                _line([cell[depth] if depth < len(cell) else "" for cell in cells], widths)
            )
    return lines


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [
        cell + " " * (width - cell_width(cell)) for cell, width in zip(cells, widths, strict=True)
    ]
    return _GAP.join(padded).rstrip()


def _records(rows: Sequence[Sequence[str]], max_width: int, first_wrapping: int) -> list[str]:
    lines: list[str] = []
    for row in rows:
        lead = " ".join(cell for cell in row[:first_wrapping] if cell)
        head = _GAP.join(part for part in (lead, row[first_wrapping]) if part)
        lines += wrap(head, max_width, indent=len(_GAP))
        for cell in row[first_wrapping + 1 :]:
            if cell:
                lines += wrap(_GAP + cell, max_width, indent=len(_GAP))
    return lines
