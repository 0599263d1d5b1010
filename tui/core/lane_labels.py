"""The lanes view's words: lane labels fitted to their column, and the axis row's corner."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size

from tui.core.axis import Zoom
from tui.core.lanes import Grouping
from tui.core.text_fitting import fit as fit_cells

__all__ = [
    "GROUPING_NAMES",
    "ZOOM_NAMES",
    "corner_text",
    "fit_labels",
    "label_width",
]

GROUPING_NAMES: dict[Grouping, tuple[str, str]] = {
    "organisation": ("organisations", "機構"),
    "theme": ("themes", "主題"),
    "person": ("people", "人物"),
}
"""What the axis row's corner says the lanes are, in English and Chinese."""
_SHORT_GROUPING_NAMES: dict[Grouping, str] = {
    "organisation": "orgs",
    "theme": "themes",
    "person": "people",
}
"""The English names where the long ones leave no room for the zoom."""
ZOOM_NAMES: dict[Zoom | None, tuple[str, str]] = {
    None: ("all", "全部"),
    "decade": ("decade", "十年"),
    "year": ("year", "年"),
    "quarter": ("quarter", "季"),
    "month": ("month", "月"),
}
"""The zoom level the axis row's corner shows after the lanes' name, in English and Chinese;
the fitted first screen shows every event ("all")."""


def label_width(width: int) -> int:
    """Cells for the lane labels at a widget `width`: shortened on small terminals."""
    if width >= 120:
        return 18
    if width >= 90:
        return 14
    return 9


def corner_text(grouping: Grouping, zoom: Zoom | None, language: str, width: int) -> str:
    """The axis row's corner in `width` cells: what the lanes are and the zoom level
    ("organisations · year", "orgs·quarter", "機構·十年"), the zoom alone when both do not fit.

    The lanes' name takes the same form at every zoom (the form the longest zoom name leaves
    room for), so it does not change under the reader's eyes as they zoom.
    """
    chinese = language == "zh"
    name = GROUPING_NAMES[grouping][chinese]
    short = name if chinese else _SHORT_GROUPING_NAMES[grouping]
    zoom_name = ZOOM_NAMES[zoom][chinese]
    longest = max(cell_len(names[chinese]) for names in ZOOM_NAMES.values())
    for lanes_name, between in ((name, " · "), (name, "·"), (short, " · "), (short, "·")):
        if cell_len(lanes_name) + cell_len(between) + longest <= width:
            return lanes_name + between + zoom_name
    return fit_cells(zoom_name, width).rstrip()


def fit_labels(labels: Sequence[str], width: int) -> list[str]:
    """Each label fitted to `width` cells; labels whose shortened forms would read the same
    ("Organisation number 1" and "… 2" both "Organisa…") keep their ends instead
    ("Orga…er 1"), so the lanes stay told apart.
    """
    fitted = [_fit_label(label, width) for label in labels]
    seen: dict[str, int] = {}
    for text in fitted:
        seen[text] = seen.get(text, 0) + 1
    tail = (width - 1) // 2
    head = width - 1 - tail
    for index, (label, text) in enumerate(zip(labels, fitted, strict=True)):
        if seen[text] > 1 and cell_len(label) > width and head > 0:
            end = _cell_tail(label, tail)
            fitted[index] = fit_cells(set_cell_size(label, head).rstrip() + "…" + end, width)
    return fitted


def _fit_label(label: str, width: int) -> str:
    """`label` in `width` cells, a cut marked with "…" right after the last word kept
    ("Digital…", not "Digital …")."""
    fitted = fit_cells(label, width)
    if cell_len(label) <= width or width < 2:
        return fitted
    kept = set_cell_size(label, width - 1).rstrip()
    return set_cell_size(kept + "…", width) if kept else fitted


def _cell_tail(text: str, cells: int) -> str:
    """The end of `text` in at most `cells` cells."""
    taken, width = "", 0
    for char in reversed(text):
        size = cell_len(char)
        if width + size > cells:
            break
        taken, width = char + taken, width + size
    return taken
