"""The app's own widgets: the event list and article (Line API), histogram, detail, search, footer.

Each is imported from its module when first named here (PEP 562), so showing the timeline
does not load the article view's code.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.widgets.article import ArticleView
    from tui.widgets.detail import EventDetail
    from tui.widgets.footer import KeyFooter
    from tui.widgets.histogram import YearHistogram
    from tui.widgets.search import SearchInput
    from tui.widgets.timeline_list import TimelineList

__all__ = [
    "ArticleView",
    "EventDetail",
    "KeyFooter",
    "SearchInput",
    "TimelineList",
    "YearHistogram",
]

_MODULES = {
    "ArticleView": "article",
    "EventDetail": "detail",
    "KeyFooter": "footer",
    "SearchInput": "search",
    "TimelineList": "timeline_list",
    "YearHistogram": "histogram",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"tui.widgets.{_MODULES[name]}"), name)
