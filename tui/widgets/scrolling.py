"""Resizing a Line API widget's scrollable area without a layout pass of the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget

__all__ = ["set_virtual_height"]


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
    # Textual shows the scrollbar (overflow-y: auto) when the content outgrows this height.
    needs_scrollbar = height > view.container_size.height
    if needs_scrollbar != view.show_vertical_scrollbar or view.virtual_size.width != size.width:
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    if needs_scrollbar:
        view.vertical_scrollbar.window_virtual_size = height
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    view.refresh()
