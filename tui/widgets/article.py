"""An article, wrapped by cell width once per width and drawn with the Line API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.article_text import (
    CURRENT,
    NAME,
    PASSAGE,
    SELECTED,
    ArticleText,
    Passage,
    line_pieces,
    mark_span,
    offset_at_cell,
)
from tui.core.names import NameFinder
from tui.core.scripts import as_written
from tui.core.wrapping import LazyWrap

__all__ = ["ArticleView"]


class ArticleView(ScrollView, can_focus=True):
    """The full text of one article with quoted passages and actor names highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--name",
        "article-view--passage",
        "article-view--current",
        "article-view--selection",
    }

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        padding: 0 1;
        background: $surface;
        & > .article-view--name { color: $text-secondary; text-style: underline; }
        & > .article-view--passage { background: $primary 30%; }
        & > .article-view--current { background: $accent 55%; text-style: bold; }
        & > .article-view--selection {
            background: $accent;
            color: auto 90%;
            text-style: underline;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Up", show=False),
        Binding("down,j", "scroll_down", "Down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]

    @dataclass
    class PassageClicked(Message):
        """A click landed on a quoted passage."""

        article_view: ArticleView
        """The view that posted the message."""
        index: int
        """Index of the passage in the article's passages."""

        @property
        def control(self) -> ArticleView:
            return self.article_view

    @dataclass
    class TextClicked(Message):
        """A click landed on the text (not a drag)."""

        article_view: ArticleView
        """The view that posted the message."""
        offset: int
        """Offset of the character under the mouse."""

        @property
        def control(self) -> ArticleView:
            return self.article_view

    @dataclass
    class Dragged(Message):
        """The mouse was dragged across the text with a button held."""

        article_view: ArticleView
        """The view that posted the message."""
        start: int
        """Offset where the drag began."""
        end: int
        """Offset under the mouse now."""

        @property
        def control(self) -> ArticleView:
            return self.article_view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article = ArticleText("", (), NameFinder(()))
        self.current: Passage | None = None
        self.selection: tuple[int, int] | None = None
        self.convert: Callable[[str], str] = as_written
        self._wrap = LazyWrap("", 2)
        self._wrapped_width = -1
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(512)
        self._drag_from: int | None = None
        self._dragged = False

    def set_article(self, article: ArticleText) -> None:
        """Show `article`; it is wrapped when first drawn, at the width it then has."""
        self.article = article
        self.selection = None
        self._wrapped_width = -1
        self._strips.clear()
        self.refresh()

    def set_convert(self, convert: Callable[[str], str]) -> None:
        """Draw the text through `convert` (the chosen script), piece by highlighted piece."""
        self.convert = convert
        self._strips.clear()
        self.refresh()

    def line_pieces(self, line: int) -> list[tuple[str, int]]:
        """The displayed line `line` as (converted text, highlight flags) pieces."""
        self._rewrap()
        span = self._wrap.line(line)
        if span is None:
            return []
        start, end = span
        text = self.article.text
        names = self.article.names.find(text, start, end)
        pieces = line_pieces(start, end, self.article.passages, self.current, names)
        if self.selection is not None:
            pieces = mark_span(pieces, *self.selection, SELECTED)
        convert = self.convert
        return [(convert(text[a:b]), flags) for a, b, flags in pieces]

    def set_current(self, index: int | None, *, scroll: bool = True) -> None:
        """Highlight passage `index` as the current one and bring it into view."""
        passages = self.article.passages
        self.current = passages[index] if index is not None and 0 <= index < len(passages) else None
        self._strips.clear()
        self.refresh()
        if scroll:
            self.scroll_to_current()

    def set_selection(self, selection: tuple[int, int] | None, *, scroll: bool = True) -> None:
        """Mark text[start:end] as selected (the sentence cursor) and bring it into view."""
        self.selection = selection
        self._strips.clear()
        self.refresh()
        if scroll and selection is not None:
            self.scroll_to_offset(*selection)

    def selected_text(self) -> str:
        """The selected text as shown, line after line."""
        if self.selection is None:
            return ""
        first = self.line_of(self.selection[0])
        last = self.line_of(max(self.selection[0], self.selection[1] - 1))
        return "".join(
            text
            for line in range(first, last + 1)
            for text, flags in self.line_pieces(line)
            if flags & SELECTED
        )

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset drawn at content cell (x, y), or None below the text."""
        self._rewrap()
        span = self._wrap.line(round(self.scroll_y) + y)
        if span is None:
            return None
        return offset_at_cell(self.article.text, *span, x)

    def line_of(self, offset: int) -> int:
        """Return the displayed line holding text offset `offset`."""
        self._rewrap()
        line = self._wrap.line_of(offset)
        self._sync_height()
        return line

    def scroll_to_offset(self, start: int, end: int) -> None:
        """Scroll so the text between `start` and `end` is in view, centred when it fits."""
        first = self.line_of(start)
        last = self.line_of(max(start, end - 1))
        height = max(1, self.scrollable_content_region.height)
        span = last - first + 1
        top = first - (height - span) // 2 if span < height else first
        self.scroll_to(y=max(0, top), animate=False, immediate=True)

    @property
    def line_count(self) -> int:
        """Number of displayed lines at the current width (estimated where not yet wrapped)."""
        self._rewrap()
        return self._wrap.total

    @property
    def wrapped_paragraphs(self) -> int:
        """How many paragraphs have been wrapped at the current width."""
        return self._wrap.wraps

    def current_text(self) -> str:
        """The current passage as shown: its highlighted pieces, line after line."""
        if self.current is None:
            return ""
        first = self.line_of(self.current.start)
        last = self.line_of(max(self.current.start, self.current.end - 1))
        return "".join(
            text
            for line in range(first, last + 1)
            for text, flags in self.line_pieces(line)
            if flags & CURRENT
        )

    def _rewrap(self) -> None:
        """Start over at a new width: paragraphs are wrapped as they are drawn (`LazyWrap`)."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._wrap = LazyWrap(self.article.text, width)
        self._strips.clear()
        self._sync_height()

    def _sync_height(self) -> None:
        """Give the scroll range the line count as it stands (firmer as text is wrapped)."""
        total = self._wrap.total
        if self.virtual_size.height != total or self.virtual_size.width != self._wrapped_width:
            self.virtual_size = Size(self._wrapped_width, total)

    def action_scroll_end(self) -> None:
        # The end is exact once the last screenful of paragraphs is wrapped; without this
        # the estimate of the lines above could leave the last line out of view.
        self._rewrap()
        self._wrap.settle_end(max(1, self.scrollable_content_region.height))
        self._sync_height()
        self.scroll_to(y=self._wrap.total, animate=False, immediate=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = super().render_lines(crop)
        # Wrapping the lines drawn may have changed the line count (estimates made exact).
        self._sync_height()
        return strips

    def scroll_to_current(self) -> None:
        """Bring the current passage into view (centred when it fits)."""
        if self.current is not None:
            self.scroll_to_offset(self.current.start, self.current.end)

    def on_resize(self, event: events.Resize) -> None:
        # Keep the current passage in view across a width change.
        self._rewrap()
        self.scroll_to_current()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        where = event.get_content_offset(self)
        self._dragged = False
        self._drag_from = None if where is None else self.offset_at(where.x, where.y)
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None or not event.button:
            return
        where = event.get_content_offset(self)
        offset = None if where is None else self.offset_at(where.x, where.y)
        if offset is not None and offset != self._drag_from:
            self._dragged = True
            low, high = sorted((self._drag_from, offset))
            self.post_message(self.Dragged(self, low, high + 1))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._drag_from = None
        self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self._dragged:
            self._dragged = False
            return
        text_offset = self.offset_at(offset.x, offset.y)
        if text_offset is not None:
            self.post_message(self.TextClicked(self, text_offset))
        span = self._wrap.line(round(self.scroll_y) + offset.y)
        if span is None:
            return
        start, end = span
        # Any passage on the clicked line counts; passages are short and rarely share a line.
        for index, passage in enumerate(self.article.passages):
            if passage.start < end and passage.end > start:
                self.post_message(self.PassageClicked(self, index))
                return

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        line = round(self.scroll_y) + y
        width = self._wrapped_width
        span = self._wrap.line(line)
        if span is None:
            return Strip.blank(width, self.rich_style)
        # Keyed by the text the line holds: line numbers shift as estimates become exact.
        strip = self._strips.get(span)
        if strip is None:
            strip = self._render_text_line(line, width)
            self._strips[span] = strip
        return strip.apply_offsets(0, line)

    def _render_text_line(self, line: int, width: int) -> Strip:
        base = self.rich_style
        styles: dict[int, Style] = {0: base}
        segments = []
        for text, flags in self.line_pieces(line):
            style = styles.get(flags)
            if style is None:
                style = base
                if flags & PASSAGE:
                    style += _background(self.get_component_rich_style("article-view--passage"))
                if flags & CURRENT:
                    style += _background(self.get_component_rich_style("article-view--current"))
                if flags & NAME:
                    style += _foreground(self.get_component_rich_style("article-view--name"))
                if flags & SELECTED:
                    # Last, and with its own text colour: the selection is the theme's
                    # accent, unlike any passage, whatever it lies over.
                    selection = self.get_component_rich_style("article-view--selection")
                    style += Style(color=selection.color, bgcolor=selection.bgcolor, underline=True)
                styles[flags] = style
            segments.append(Segment(text, style))
        return Strip(segments).adjust_cell_length(width, base)


def _background(style: Style) -> Style:
    """The background and weight of a component style, to layer over other highlights."""
    return Style(bgcolor=style.bgcolor, bold=style.bold)


def _foreground(style: Style) -> Style:
    """The colour and decoration of a component style, to layer over other highlights."""
    return Style(color=style.color, underline=style.underline)
