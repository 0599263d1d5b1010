"""Unit tables for the lanes view's words: lane labels fitted to their column, the corner."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.core.lane_labels import corner_text, fit_labels, label_width
from tui.core.lanes import Grouping

FIT_LABEL_CASES = [
    # (labels, width, fitted): shortened alike, they keep their ends and read apart
    (["Organisation number 1", "Organisation number 2"], 9, ["Orga…er 1", "Orga…er 2"]),
    (["HKMA", "Organisation number 12"], 9, ["HKMA     ", "Organisa…"]),
    (["Ant International", "Ant Group"], 9, ["Ant Inte…", "Ant Group"]),
    (["香港金融管理局甲", "香港金融管理局乙"], 9, ["香港…局甲", "香港…局乙"]),
    # A cut right after a word: the mark follows the word, not the space after it.
    (["Digital banking", "Kar Yan Tam"], 9, ["Digital…", "Kar Yan…"]),
    (["Ant Group unit 1", "Ant Group unit 2"], 9, ["Ant…it 1", "Ant…it 2"]),
]


@pytest.mark.parametrize(("labels", "width", "fitted"), FIT_LABEL_CASES)
def test_lane_labels_shortened_alike_keep_their_ends(
    labels: list[str], width: int, fitted: list[str]
) -> None:
    got = fit_labels(labels, width)
    assert [text.rstrip() for text in got] == [text.rstrip() for text in fitted]
    assert all(cell_len(text) == width for text in got)


CORNERS = [
    # (grouping, zoom, language, cells, the axis row's corner): the lanes' name keeps one form
    # at every zoom of a width; the zoom alone where both do not fit
    ("organisation", None, "en", 18, "orgs · all"),
    ("organisation", "quarter", "en", 18, "orgs · quarter"),
    ("theme", "quarter", "en", 18, "themes · quarter"),
    ("theme", "year", "en", 14, "themes·year"),
    ("person", "month", "en", 9, "month"),
    ("person", None, "en", 9, "all"),
    ("organisation", "decade", "zh", 9, "機構·十年"),
    ("organisation", "year", "zh", 18, "機構 · 年"),
    ("theme", "decade", "zh", 14, "主題 · 十年"),
]


@pytest.mark.parametrize(("grouping", "zoom", "language", "cells", "corner"), CORNERS)
def test_the_corner_names_the_lanes_and_the_zoom(
    grouping: Grouping, zoom: str | None, language: str, cells: int, corner: str
) -> None:
    text = corner_text(grouping, zoom, language, cells)  # type: ignore[arg-type]
    assert text == corner
    assert cell_len(text) <= cells


@pytest.mark.parametrize(("width", "cells"), [(80, 9), (89, 9), (90, 14), (119, 14), (120, 18)])
def test_labels_are_shortened_on_small_terminals(width: int, cells: int) -> None:
    assert label_width(width) == cells
