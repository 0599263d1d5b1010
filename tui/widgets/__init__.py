"""The app's own widgets: the event list and article (Line API), histogram, detail, search."""

from __future__ import annotations

from tui.widgets.article import ArticleView
from tui.widgets.detail import EventDetail
from tui.widgets.histogram import YearHistogram
from tui.widgets.search import SearchInput
from tui.widgets.timeline_list import TimelineList

__all__ = ["ArticleView", "EventDetail", "SearchInput", "TimelineList", "YearHistogram"]
