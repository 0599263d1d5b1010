"""Events per year as a row of bars, the selected year marked, first and last year labelled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import RenderResult
from textual.cache import LRUCache
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

__all__ = ["Bar", "YearHistogram", "histogram_bars"]

_BARS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the year histogram, covering one or more consecutive years."""

    first_year: int
    """First year the bar counts."""
    last_year: int
    """Last year the bar counts."""
    count: int
    """Events counted."""


def histogram_bars(
    counts: dict[int, int], first_year: int, last_year: int, width: int
) -> list[Bar]:
    """Bucket per-year counts into at most `width` bars, every year from first to last.

    Args:
        counts: events per year (years without events may be missing).
        first_year: the first year to show.
        last_year: the last year to show.
        width: the most bars wanted.

    Returns:
        Bars in year order; several years share a bar only when they don't fit.
    """
    if last_year < first_year or width <= 0:
        return []
    years = last_year - first_year + 1
    per_bar = -(-years // width)
    bars = []
    for start in range(first_year, last_year + 1, per_bar):
        end = min(start + per_bar - 1, last_year)
        total = sum(counts.get(year, 0) for year in range(start, end + 1))
        bars.append(Bar(start, end, total))
    return bars


class YearHistogram(Widget):
    """A one-line bar per year (or per few years) with a line of year labels under it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "year-histogram--bar",
        "year-histogram--selected",
        "year-histogram--label",
    }

    DEFAULT_CSS = """
    YearHistogram {
        height: 2;
        padding: 0 1;
        & > .year-histogram--bar { color: $primary; }
        & > .year-histogram--selected { color: $accent; text-style: bold reverse; }
        & > .year-histogram--label { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.counts: dict[int, int] = {}
        self.first_year = 0
        self.last_year = -1
        self.selected_year: int | None = None
        # Lines drawn, by (counts shown, selected year, size): a year jump marks another year,
        # and drawing the bars through Textual's visual pipeline takes 1-2 ms a time.
        self._drawn: LRUCache[tuple[int, int | None, tuple[int, int]], list[Strip]] = LRUCache(64)
        self._shown = 0

    def show(
        self, counts: dict[int, int], first_year: int, last_year: int, selected_year: int | None
    ) -> None:
        """Draw `counts` for every year from `first_year` to `last_year`, marking one."""
        self.counts = counts
        self.first_year = first_year
        self.last_year = last_year
        self.selected_year = selected_year
        self._shown += 1
        self.refresh()

    def select(self, year: int | None) -> None:
        """Mark `year` (or nothing)."""
        if year != self.selected_year:
            self.selected_year = year
            self.refresh()

    def bars(self) -> list[Bar]:
        """The bars at the current width."""
        width = self.content_region.width
        years = self.last_year - self.first_year + 1
        if years <= 0 or width <= 0:
            return []
        cells_per_year = max(1, min(4, width // years))
        return histogram_bars(self.counts, self.first_year, self.last_year, width // cells_per_year)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        key = (self._shown, self.selected_year, (width, height))
        lines = self._drawn.get(key)
        if lines is None:
            # As Widget.render_line draws a widget's render(), kept for each selected year.
            lines = Visual.to_strips(self, self._content(), width, height, self.visual_style)
            self._drawn[key] = lines
        return lines[y] if y < len(lines) else Strip.blank(width, self.visual_style.rich_style)

    def render(self) -> RenderResult:
        return self._content()

    def _content(self) -> Content:
        """The bars and the labels under them."""
        bars = self.bars()
        width = self.content_region.width
        if not bars or width <= 0:
            return Content("")
        cells = max(1, width // len(bars))
        top = max(bar.count for bar in bars) or 1
        bar_style = self.get_visual_style("year-histogram--bar")
        selected_style = self.get_visual_style("year-histogram--selected")
        label_style = self.get_visual_style("year-histogram--label")
        parts: list[tuple[str, Style]] = []
        selected_at: int | None = None
        for index, bar in enumerate(bars):
            level = 0 if bar.count == 0 else max(1, round(bar.count / top * (len(_BARS) - 1)))
            glyph = _BARS[level] if bar.count else "·"
            chosen = self.selected_year is not None and (
                bar.first_year <= self.selected_year <= bar.last_year
            )
            if chosen:
                selected_at = index * cells + cells // 2
            parts.append((glyph * cells, selected_style if chosen else bar_style))
        labels: list[tuple[int, str]] = []
        if selected_at is not None and self.selected_year is not None:
            _place(labels, selected_at - 2, str(self.selected_year), width)
        for at, year in ((0, self.first_year), (len(bars) * cells - 4, self.last_year)):
            if year != self.selected_year:
                _place(labels, at, str(year), width)
        label_text = [" "] * width
        for at, text in labels:
            label_text[at : at + len(text)] = text
        return Content("\n").join(
            [Content.assemble(*parts), Content.styled("".join(label_text).rstrip(), label_style)]
        )


def _place(labels: list[tuple[int, str]], at: int, text: str, width: int) -> None:
    """Add label `text` at `at` (kept inside `width`) unless it would touch another label."""
    at = max(0, min(at, width - len(text)))
    if at < 0:
        return
    for other_at, other in labels:
        if at < other_at + len(other) + 1 and other_at < at + len(text) + 1:
            return
    labels.append((at, text))
