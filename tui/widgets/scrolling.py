"""Scrolling a Line API widget cheaply: no layout pass, and a scrollbar drawn once per look.

A view built on these sets ``overflow-y: scroll``: its scrollbar's column is always there,
drawn as an empty gutter while the content fits (`CachedScrollBar`), so content that grows
past the view's height or shrinks back within it never asks for a layout of the screen.
"""

from __future__ import annotations

from typing import Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["CachedScrollBar", "CachedScrollBarView", "set_virtual_height"]


class CachedScrollBar(ScrollBar):
    """A vertical scrollbar that keeps what it drew, keyed by the segments it would draw.

    Textual draws a scrollbar again whenever the view scrolls: 36 rows through the whole
    styling pipeline, 1-5 ms a frame on a 2-core machine. At 100,000 rows the thumb moves
    by an eighth of a cell only every few hundred rows, so most redraws would repeat the
    last one. The bar's segments are worked out (cheap) and used as the key: any change
    of position, size, colour, hover or grab gives other segments, so a cached bar is
    always the one Textual would draw.

    While everything fits in the view (nothing to scroll), the bar is an empty gutter in the
    view's background, as ``scrollbar-gutter: stable`` leaves it under ``overflow-y: auto``.
    """

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1):
        super().__init__(vertical, name, thickness=thickness)
        self._drawn: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(32)

    @property
    def fits(self) -> bool:
        """Whether the view's content fits in it: nothing to scroll, so no bar to show."""
        return self.window_virtual_size <= self.window_size

    def _look(self) -> tuple[Any, ...] | None:
        """What decides the bar's rows: its segments and its size; None when not known."""
        if self.fits:
            parent = self.parent
            background = parent.background_colors[1] if isinstance(parent, Widget) else None
            return (self.size, "gutter", background)
        bar = self.render()
        if not isinstance(bar, ScrollBarRender) or not self.vertical:
            return None
        style = bar.style
        if isinstance(style, str):
            return None
        width, height = self.size
        segments = bar.render_bar(
            size=height,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=width,
            vertical=True,
            # As ScrollBarRender.__rich_console__ falls back.
            back_color=style.bgcolor or Color.parse("#555555"),
            bar_color=style.color or Color.parse("bright_magenta"),
        )
        return (self.size, self.background_colors, tuple(segments.segments))

    def render_lines(self, crop: Region) -> list[Strip]:
        look = self._look()
        if look is None:
            return super().render_lines(crop)
        key = (crop, *look)
        strips = self._drawn.get(key)
        if strips is None:
            if self.fits:
                background = look[-1]
                style = Style(bgcolor=None if background is None else background.rich_color)
                strips = [Strip([Segment(" " * crop.width, style)], crop.width)] * crop.height
            else:
                strips = self._draw(look[2], crop)
            self._drawn[key] = strips
        return strips

    def _draw(self, segments: tuple[Segment, ...], crop: Region) -> list[Strip]:
        """The rows of the bar from its segments (one per row), as Textual's pipeline draws them.

        That pipeline (a Rich render, the styles cache) took 2.4-5 ms for 36 rows, this 0.7 ms;
        a year jump moves the thumb every time. The bar has no border, padding, tint or
        opacity, so what the pipeline does comes down to the widget's style under each
        segment's, and the app's filters.
        """
        width = self.size.width
        base = self.rich_style
        background = self.background_colors[1]
        filters = self.get_line_filters()
        strips = []
        for segment in segments[crop.y : crop.bottom]:
            strip = Strip([Segment(segment.text, base + segment.style)], width)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        if crop.column_span != (0, width):
            strips = [strip.crop(*crop.column_span) for strip in strips]
        return strips


class CachedScrollBarView(ScrollView):
    """A ScrollView whose vertical scrollbar is a `CachedScrollBar`."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            bar = CachedScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar


def set_virtual_height(view: ScrollView, height: int) -> None:
    """Make `view` scroll over `height` lines of its current width.

    Assigning `virtual_size` asks for a layout pass of the whole screen, which costs a
    frame or two at every filter change or new event. The box itself keeps its size; only
    the scrollbar can come or go, so the layout pass is asked for only then, and otherwise
    the scrollbar is told the new length and the view repaints itself.

    Args:
        view: a mounted Line API widget whose size does not follow its content.
        height: lines of content.
    """
    size = Size(view.scrollable_content_region.width, height)
    if size == view.virtual_size:
        return
    # Textual shows the scrollbar always (overflow-y: scroll), or (auto) when the content
    # outgrows this height.
    needs_scrollbar = view.styles.overflow_y == "scroll" or height > view.container_size.height
    if needs_scrollbar != view.show_vertical_scrollbar or view.virtual_size.width != size.width:
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    if needs_scrollbar:
        view.vertical_scrollbar.window_virtual_size = height
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    view.refresh()
