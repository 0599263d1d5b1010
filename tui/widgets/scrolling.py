"""Scrolling a Line API widget cheaply: no layout pass, and a scrollbar drawn once per look.

A view built on these sets ``overflow-y: scroll``: its scrollbar's column is always there,
drawn as an empty gutter while the content fits (`CachedScrollBar`), so content that grows
past the view's height or shrinks back within it never asks for a layout of the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual._styles_cache import StylesCache
from textual.cache import LRUCache
from textual.color import Color as TextualColor
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style as TextualStyle
from textual.widget import Widget

__all__ = ["CachedScrollBar", "CachedScrollBarView", "DirectLines", "set_virtual_height"]


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

        That pipeline (a Rich render, the styles cache) took 2.4-5 ms for 36 rows, this 0.3 ms;
        a year jump moves the thumb every time. The bar has no border, padding, tint or
        opacity, so what the pipeline does comes down to the widget's style under each
        segment's, and the app's filters.
        """
        width = self.size.width
        base = self.rich_style
        background = self.background_colors[1]
        filters = tuple(self.get_line_filters())
        # Most rows are the same track segment: each distinct row is made once.
        made: dict[Segment, Strip] = {}
        strips = []
        for segment in segments[crop.y : crop.bottom]:
            strip = made.get(segment)
            if strip is None:
                strip = Strip([Segment(segment.text, base + segment.style)], width)
                strip = made[segment] = _filtered(strip, filters, background)
            strips.append(strip)
        if crop.column_span != (0, width):
            strips = [strip.crop(*crop.column_span) for strip in strips]
        return strips


class DirectLines:
    """Draws a Line API widget's rows without Textual's per-row styling pass, when it can.

    Textual passes every row a view draws through its styles cache, which looks up the
    widget's borders, outline, padding, tint and opacity again for each row and makes a new
    strip, so the app's line filters run again on every row of every frame: about 100 µs a
    row on a 2-core machine, 4-5 ms for the list at each page or year jump. Where the widget
    has no tint, opacity, hatch, outline or vertical padding or border, each row is its content
    line between the same left and right edges (border and padding), so that is drawn as such:
    the edges once per look of the widget, taken from the styles cache itself, and a row's
    filtered strip kept while the widget returns the same content strip for it. Anything else
    goes through Textual's pipeline as before.
    """

    def __init__(self) -> None:
        self._probe = StylesCache()
        self._look: tuple[object, ...] | None = None
        self._edges: tuple[Strip, Strip] | None = None
        # Joined rows, by the id of the content strip they hold (which keeps that id taken).
        self._joined: LRUCache[int, tuple[Strip, Strip]] = LRUCache(256)

    @staticmethod
    def applies(widget: Widget) -> bool:
        """Whether `widget`'s styles leave its rows as content between fixed edges."""
        styles = widget.styles
        top, _, bottom, _ = styles.border
        return not (
            widget.opacity != 1.0
            or styles.tint.a
            or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or any(edge for edge, _ in styles.outline)
            or top[0]
            or bottom[0]
            or styles.padding.top
            or styles.padding.bottom
            or (widget.auto_links and widget.hover_style.link_id)
        )

    def _frame(self, widget: Widget) -> _Frame | None:
        """What every row of `widget` is drawn with now, or None if Textual must draw it."""
        if not self.applies(widget):
            return None
        app = widget.app
        styles = widget.styles
        base_background, background = widget.background_colors
        size = widget.region.size
        content_width = widget.content_region.width
        filters = tuple(widget.get_line_filters())
        inner = TextualStyle(background=base_background + background).rich_style
        # The edges' colours blend onto the background behind the widget as well as its own.
        look: tuple[object, ...] = (size, content_width, styles.padding, styles.border)
        look += (base_background, background, *filters)
        if look != self._look or self._edges is None:
            self._look = look
            self._joined.clear()
            widget._styles_cache.clear()
            probe = self._probe.render_line(
                styles,
                0,
                size,
                Size(content_width, size.height),
                styles.padding,
                base_background,
                background,
                lambda _y: Strip.blank(content_width, inner),
                None,
                None,
                1.0,
                app.ansi_theme,
                app.native_ansi_color,
            )
            left = styles.gutter.left
            self._edges = (probe.crop(0, left), probe.crop(left + content_width, size.width))
        left_edge, right_edge = self._edges
        return _Frame(size.width, content_width, inner, background, filters, left_edge, right_edge)

    def _row(self, frame: _Frame, content: Strip) -> Strip:
        """Content line `content` between the edges, before filters."""
        line = content.adjust_cell_length(frame.content_width, frame.inner)
        if not (frame.left.cell_length or frame.right.cell_length):
            return line
        seen = self._joined.get(id(line))
        if seen is not None and seen[0] is line:
            return seen[1]
        joined = Strip.join([frame.left, line, frame.right])
        self._joined[id(line)] = (line, joined)
        return joined

    def prepare(self, widget: Widget, contents: Iterable[Strip]) -> None:
        """Do now what drawing `contents` as rows of `widget` will need, so a frame that shows
        them later finds it done (adjusted, joined and filtered strips are kept on the strips)."""
        frame = self._frame(widget)
        if frame is None:
            return
        for content in contents:
            _filtered(self._row(frame, content), frame.filters, frame.background)

    def render_lines(
        self, widget: Widget, crop: Region, rows: Callable[[Sequence[int]], list[Strip]]
    ) -> list[Strip] | None:
        """The rows of `widget` in `crop` as Textual would draw them, or None to let it.

        Args:
            widget: the Line API widget being drawn.
            crop: the part of it wanted, in its own coordinates.
            rows: the widget's content lines for some of its rows, as `render_line` gives
                them one at a time.

        Returns:
            One strip per row of `crop`, or None when the widget's styles need Textual's pass.
        """
        frame = self._frame(widget)
        if frame is None:
            return None
        # Rows Textual has not been told to repaint are kept where it keeps them: its styles
        # cache, whose dirty lines every refresh of the widget marks.
        cache = widget._styles_cache
        if cache._width != frame.width:
            cache.clear()
            cache._width = frame.width
        kept = cache._cache
        dirty = cache._dirty_lines
        wanted = [y for y in crop.line_range if y in dirty or y not in kept]
        for y, content in zip(wanted, rows(wanted), strict=True):
            kept[y] = self._row(frame, content)
        dirty.difference_update(crop.line_range)
        strips: list[Strip] = []
        for y in crop.line_range:
            line = _filtered(kept[y], frame.filters, frame.background)
            # The compositor keeps what it cuts a strip into on the strip itself; a kept row
            # would hold on to every frame's pieces (at 100k events, 20-45 MB more in a
            # session), so it is handed a new strip of the same segments, as Textual's own
            # filters hand it a new strip each frame.
            strips.append(Strip(line, line.cell_length))
        if crop.column_span != (0, frame.width):
            strips = [strip.crop(*crop.column_span) for strip in strips]
        return strips


def _filtered(line: Strip, filters: tuple[LineFilter, ...], background: TextualColor) -> Strip:
    """`line` through the app's line `filters` (each result is kept on the strip it came from),
    as Textual's styles cache applies them over the widget's `background`."""
    for line_filter in filters:
        line = line.apply_filter(line_filter, background)
    return line


class _Frame(NamedTuple):
    """What `DirectLines` draws every row of a widget with, for its current look."""

    width: int
    content_width: int
    inner: Style
    background: TextualColor
    filters: tuple[LineFilter, ...]
    left: Strip
    right: Strip


class CachedScrollBarView(ScrollView):
    """A ScrollView whose vertical scrollbar is a `CachedScrollBar`, drawn by `DirectLines`."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._direct = DirectLines()

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = self._direct.render_lines(self, crop, self.render_rows)
        return super().render_lines(crop) if strips is None else strips

    def render_rows(self, rows: Sequence[int]) -> list[Strip]:
        """The content lines of `rows` (counted from the top of the view), as `render_line`
        draws them; a view overrides this to work out what its lines share once."""
        return [self.render_line(y) for y in rows]

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
