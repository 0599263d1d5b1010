"""The chronological event list, drawn with the Line API so 100,000 events stay instant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.dates import display, display_compact, parse_event_date
from tui.core.labels import short_name
from tui.core.model import Corpus, EventDate, Mod
from tui.core.rows import HEADING, TimelineRows, build_rows
from tui.core.scripts import as_written
from tui.core.text_fitting import fit as fit_cells
from tui.core.text_fitting import safe_text

__all__ = ["MAX_DATE_WIDTH", "PLANNED_MARK", "TimelineList"]

MAX_DATE_WIDTH = 20
"""The most cells the date column takes; longer dates are cut with "…"."""
PLANNED_MARK = "◇"
"""Marks an event that was still planned when its article was written."""


Placement = Literal["nearest", "center", "year"]
"""Where a row brought into view goes: just in view (the heading of its year too when going
up), in the middle, or with its year's heading at the top (a year jump)."""


YEAR_KEYS = Binding.Group("Year")
"""`[` and `]` share one entry of the footer."""


class TimelineList(ScrollView, can_focus=True):
    """Year headings and event rows; the cursor moves over events only."""

    ALLOW_SELECT = False
    """Rows are for navigating, not for copying; the article and detail views hold the text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-list--year",
        "timeline-list--rule",
        "timeline-list--count",
        "timeline-list--date",
        "timeline-list--planned",
        "timeline-list--actors",
        "timeline-list--cursor",
    }

    DEFAULT_CSS = """
    TimelineList {
        overflow-x: hidden;
        overflow-y: auto;
        /* The text width stays the same whether the content fits or not. */
        scrollbar-gutter: stable;
        background: $surface;
        & > .timeline-list--year { color: $text-accent; text-style: bold; }
        & > .timeline-list--rule { color: $foreground 30%; }
        /* Text, unlike the rule beside it: as legible as the dates (4.5:1 in both schemes). */
        & > .timeline-list--count { color: $text-muted; }
        /* The light scheme's accent is 3:1 on its surface; its primary text reads at 9:1. */
        &:light > .timeline-list--year { color: $text-primary; }
        & > .timeline-list--date { color: $text-muted; }
        & > .timeline-list--planned { color: $text-warning; text-style: bold; }
        & > .timeline-list--actors { color: $text-secondary; }
        & > .timeline-list--cursor { background: $foreground 15%; }
        &:focus > .timeline-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Open"),
        Binding("left_square_bracket", "previous_year", "Prev year", group=YEAR_KEYS),
        Binding("right_square_bracket", "next_year", "Next year", group=YEAR_KEYS),
    ]

    cursor_row: var[int] = var(-1, init=False)
    """Row under the cursor, or -1 when the list is empty.

    A var: its watcher repaints the two rows that change (scrolling repaints the rest)."""
    current: var[int | None] = var[int | None](None, init=False)
    """Position of the event under the cursor, or None; watch it to follow the cursor.

    Watchers run as the cursor moves, before the list is repainted (a message would reach its
    handler only after that frame)."""

    @dataclass
    class Selected(Message):
        """Enter (or a click on the current row) chose an event."""

        timeline_list: TimelineList
        """The list that posted the message."""
        position: int
        """Position of the chosen event."""

        @property
        def control(self) -> TimelineList:
            return self.timeline_list

    def __init__(
        self,
        corpus: Corpus,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.corpus = corpus
        self.rows: TimelineRows = build_rows([], [])
        self.empty_text = ""
        """What the list says on its first row when it has no rows at all (set by its screen)."""
        self.language = "en"
        self.convert: Callable[[str], str] = as_written
        # Rows drawn, by (event position or -year for a heading, width, cursor on it, events
        # under the heading); a row's look does not depend on where it is in the list, so
        # filtering keeps what was drawn. A few dozen screens: each kept row is some 50
        # objects that every full garbage collection walks.
        self._strips: LRUCache[tuple[int, int, bool, int], Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._date_widths: dict[str, int] = {}
        self._examples: list[EventDate] | None = None

    # -- attributes set by the parent ------------------------------------------------

    def set_corpus(self, corpus: Corpus) -> None:
        """Show events of `corpus` from now on (after a curation write); call set_rows next."""
        self.corpus = corpus
        self._date_widths.clear()
        self._examples = None
        self._strips.clear()

    def set_rows(self, rows: TimelineRows, keep: int | None) -> None:
        """Show `rows`, keeping the cursor on event `keep` (or the next visible one)."""
        self.rows = rows
        if self.is_mounted:
            self._set_height()
        row = rows.nearest_row(keep) if keep is not None else rows.event_row(0, 1)
        if row is None:
            row = -1
        self.cursor_row = row
        # The same row may show another event now.
        self.current = self.highlighted
        self._scroll_to_cursor("center")
        self.refresh()
        # Not drawn ahead here: typing a search sets new rows at every keystroke; the first
        # move in a new result draws ahead.

    def set_display(self, language: str, convert: Callable[[str], str]) -> None:
        """Draw titles in `language` ("en" or "zh"), Chinese text through `convert`."""
        self.language = language
        self.convert = convert
        self._strips.clear()
        self.refresh()

    @property
    def highlighted(self) -> int | None:
        """Position of the event under the cursor, or None."""
        row = self.cursor_row
        if 0 <= row < len(self.rows):
            position = self.rows.positions[row]
            return None if position == HEADING else position
        return None

    def move_to_year(self, year: int) -> bool:
        """Put the cursor on the first visible event of `year`; say whether there is one."""
        row = self.rows.first_event_of(year)
        if row is None:
            return False
        self._move(row, "year")
        return True

    # -- cursor ----------------------------------------------------------------------

    def watch_cursor_row(self, old_row: int, new_row: int) -> None:
        self.refresh_line(old_row)
        self.refresh_line(new_row)
        self.current = self.highlighted

    def _top_showing(self, row: int, top: int, height: int, placement: Placement) -> int:
        """The first row in view once row `row` is brought into a view of `height` rows
        whose first row is `top`, as `placement` says."""
        # A year's heading comes into view with its first event.
        wanted_top = row - 1 if row > 0 and self.rows.positions[row - 1] == HEADING else row
        in_view = top <= row < top + height
        if placement == "center":
            new_top = top if in_view else row - height // 2
        elif placement == "year":
            new_top = top if in_view and wanted_top >= top else wanted_top
        elif wanted_top < top:
            new_top = wanted_top
        elif row >= top + height:
            new_top = row - height + 1
        else:
            new_top = top
        return max(0, min(new_top, len(self.rows) - height))

    def _scroll_to_cursor(self, placement: Placement = "nearest") -> None:
        row = self.cursor_row
        if row < 0 or not self.scrollable_content_region.height:
            # Not laid out yet: `on_resize` brings the cursor into view once it is, and a
            # one-row guess now would scroll the first frame past the first heading.
            return
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        new_top = self._top_showing(row, top, height, placement)
        if new_top != top:
            self.scroll_to(y=new_top, animate=False, immediate=True)

    def _move(self, row: int | None, placement: Placement = "nearest") -> None:
        if row is not None:
            self.cursor_row = row
            self._scroll_to_cursor(placement)

    def action_cursor_up(self) -> None:
        self._move(self.rows.event_row(self.cursor_row - 1, -1))

    def action_cursor_down(self) -> None:
        self._move(self.rows.event_row(self.cursor_row + 1, 1))

    def _nearest_event_row(self, row: int, step: int) -> int | None:
        """The event row at `row`, else the next one going by `step`, else the other way."""
        found = self.rows.event_row(row, step)
        return found if found is not None else self.rows.event_row(row, -step)

    def _page_row(self, step: int) -> int | None:
        """The event row a page up (-1) or down (+1) from the cursor lands on."""
        rows = max(1, self.scrollable_content_region.height - 1)
        row = max(0, min(len(self.rows) - 1, self.cursor_row + step * rows))
        return self._nearest_event_row(row, step)

    def action_page_up(self) -> None:
        self._move(self._page_row(-1))

    def action_page_down(self) -> None:
        self._move(self._page_row(1))

    def action_first(self) -> None:
        self._move(self.rows.event_row(0, 1))
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self._move(self.rows.event_row(len(self.rows) - 1, -1))

    def action_previous_year(self) -> None:
        self._move(self.rows.year_start(self.cursor_row, -1), "year")

    def action_next_year(self) -> None:
        self._move(self.rows.year_start(self.cursor_row, 1), "year")

    def action_select(self) -> None:
        position = self.highlighted
        if position is not None:
            self.post_message(self.Selected(self, position))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self.rows.event_row(round(self.scroll_y) + offset.y, 1)
        if row is None:
            return
        if row == self.cursor_row and event.chain >= 2:
            self.action_select()
        self.cursor_row = row

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._set_height()
        self._scroll_to_cursor()

    def _set_height(self) -> None:
        """Scroll over one line per row, at the width the rows are drawn."""
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        return self._row_strip(round(self.scroll_y) + y, width, self.cursor_row)

    def _row_strip(self, row: int, width: int, cursor_row: int) -> Strip:
        """Row `row` of the list, `width` cells wide, with the cursor on row `cursor_row`."""
        if not 0 <= row < len(self.rows):
            # A search still under way has no rows yet but may find some.
            if row == 0 and not self.rows.positions and self.rows.complete and self.empty_text:
                base = self._style("base")
                return Strip([Segment(f" {self.empty_text}", base)]).adjust_cell_length(width, base)
            return Strip.blank(width, self.rich_style)
        position = self.rows.positions[row]
        if position == HEADING:
            year = self.rows.years[row]
            # A search still under way does not know its counts yet (-1).
            count = self.rows.year_counts.get(year, 0) if self.rows.complete else -1
            key = (-year, width, False, count)
        else:
            key = (position, width, row == cursor_row, 0)
        strip = self._strips.get(key)
        if strip is None:
            if position == HEADING:
                strip = self._render_heading(year, key[3], width)
            else:
                strip = self._render_event(position, width, key[2])
            self._strips[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        """The rich style of a part of a row, worked out once per change of CSS."""
        style = self._styles.get(name)
        if style is None:
            base = self.rich_style
            if name == "base":
                style = base
            elif name == "cursor":
                style = base + self.get_component_rich_style("timeline-list--cursor")
            elif name == "cursor-mark":
                style = self._style("cursor") + Style(bold=True)
            else:
                style = base + _foreground(self.get_component_rich_style(f"timeline-list--{name}"))
            self._styles[name] = style
        return style

    def _render_heading(self, year: int, count: int, width: int) -> Strip:
        base = self._style("base")
        year_style = self._style("year")
        rule_style = self._style("rule")
        count_style = self._style("count")
        noun = "件" if self.language == "zh" else ("event" if count == 1 else "events")
        label = f" {year} "
        tail = f" {count} {noun} " if count >= 0 else " … "
        # cell_len: "件" takes two cells.
        rule = max(0, width - len(label) - cell_len(tail) - 1)
        parts = [
            ("─", rule_style),
            (label, year_style),
            ("─" * rule, rule_style),
            (tail, count_style),
        ]
        return _strip(parts, 1 + len(label) + rule + cell_len(tail), width, base)

    def _render_event(self, position: int, width: int, is_cursor: bool) -> Strip:
        event = self.corpus.events[position]
        language = self.language
        convert = self.convert
        if is_cursor:
            # The cursor's own colours win, so the whole row reads as one.
            base = date_style = actor_style = self._style("cursor")
            mark_style = self._style("cursor-mark")
        else:
            base = self._style("base")
            mark_style = self._style("planned")
            date_style = self._style("date")
            actor_style = self._style("actors")
        date_width = min(self._date_width(language), max(8, width // 4))
        date_text = convert(display(event.date, language))
        if cell_len(date_text) > date_width:
            date_text = convert(display_compact(event.date, language))
        mark = PLANNED_MARK if event.status == "planned" else " "
        title = convert(safe_text(event.title.pick(language)))
        tags_width = 0 if width < 72 else min(28, width // 5)
        title_width = max(1, width - date_width - tags_width - 5 - (1 if tags_width else 0))
        parts = [
            (" ", base),
            (fit_cells(date_text, date_width), date_style),
            (" ", base),
            (mark, mark_style),
            (" " + fit_cells(title, title_width), base),
        ]
        if tags_width:
            parts += [("  ", base), (self._tags(event.actors, tags_width), actor_style)]
        cells = 4 + date_width + title_width + (2 + tags_width if tags_width else 0)
        return _strip(parts, cells, width, base)

    def _date_width(self, language: str) -> int:
        """Cells for the date column: the widest date form of the corpus in `language`."""
        if language not in self._date_widths:
            widest = max(
                (cell_len(display(example, language)) for example in self._date_examples()),
                default=4,
            )
            self._date_widths[language] = min(widest, MAX_DATE_WIDTH)
        return self._date_widths[language]

    def _date_examples(self) -> list[EventDate]:
        """One widest example per date form (precision and modifier) found in the corpus."""
        if self._examples is None:
            # The loader shares one date object among the events on that date: each
            # distinct object is shaped once (identity, not equality: no hashing of dates).
            dates = {id(event.date): event.date for event in self.corpus.events}.values()
            forms = {(_shape(date.value), date.mod) for date in dates}
            self._examples = [_widest_example(*form) for form in forms]
        return self._examples

    def _tags(self, actor_ids: tuple[str, ...], width: int) -> str:
        names = []
        for actor_id in actor_ids:
            actor = self.corpus.actors.get(actor_id)
            name = short_name(actor, self.language) if actor is not None else actor_id
            names.append(self.convert(safe_text(name)))
        for count in range(len(names), 0, -1):
            rest = len(names) - count
            tags = " · ".join(names[:count]) + (f" +{rest}" if rest else "")
            if cell_len(tags) <= width:
                return fit_cells(tags, width)
        more = f" +{len(names) - 1}" if len(names) > 1 else ""
        return fit_cells(names[0], width - len(more)) + more if names else " " * width


def _strip(parts: list[tuple[str, Style]], cells: int, width: int, base: Style) -> Strip:
    """A row of `width` cells from `parts` that take `cells` cells, padded with `base`.

    Neighbours of one style become one segment: less to draw, and exporters that place
    each segment on its own (SVG screenshots) keep the columns aligned. The cell count is
    known, so the strip need not measure itself: a screenful of new rows is drawn at every
    page and filter change.
    """
    segments: list[Segment] = []
    last_text, last_style = "", base
    for text, style in parts:
        if not text:
            continue
        if last_text and style == last_style:
            last_text += text
            continue
        if last_text:
            segments.append(Segment(last_text, last_style))
        last_text, last_style = text, style
    if last_text:
        segments.append(Segment(last_text, last_style))
    if cells < width:
        segments.append(Segment(" " * (width - cells), base))
    elif cells > width:
        # Narrower than the columns' minimum: cut, as any other overflowing row.
        return Strip(segments).adjust_cell_length(width, base)
    return Strip(segments, width)


def _foreground(style: Style) -> Style:
    """The colour and weight of a component style, to layer over the row's background."""
    return Style(color=style.color, bold=style.bold)


def _shape(value: str) -> str:
    """A date value's form: its precision and kind per end ("0000-00/", "0000-Q0/0000")."""
    return "".join("0" if char.isdigit() else char for char in value)


def _widest_example(shape: str, mod: Mod | None) -> EventDate:
    """The date of a form (see `_shape`) and modifier that reads the longest."""
    widest = {"0000": "2000", "0000-00": "2000-11", "0000-00-00": "2000-11-30"}
    begin, slash, finish = shape.partition("/")

    def example(end: str, year: str) -> str:
        if end[5:6] in ("Q", "H"):
            return f"{year}-{end[5]}1"
        return year + widest.get(end, "2000")[4:] if end else ""

    if not slash:
        return parse_event_date(example(begin, "2000"), mod)
    # Different years, so no part is said once for both ends.
    return parse_event_date(f"{example(begin, '2000')}/{example(finish, '2001')}", mod)
