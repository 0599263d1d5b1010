"""The lanes view: events as marks on a time axis, one lane per organisation, theme or person."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip
from textual.widget import Widget

from tui.core.axis import FIT_MARGIN, Axis, fit_axis, fits, follow, pan, resize, ticks, zoom_axis
from tui.core.labels import short_name
from tui.core.lane_cursor import LaneCursor, across, along, by_year, place
from tui.core.lane_labels import corner_text, fit_labels, label_width
from tui.core.lane_marks import LaneLayout, layout_lane
from tui.core.lanes import (
    GROUPINGS,
    OTHERS,
    Grouping,
    LaneIndex,
    LaneSet,
    MarkTable,
    assign_lanes,
    extent,
    lane_index,
    mark_table,
)
from tui.core.model import Corpus
from tui.core.scripts import as_written
from tui.core.text_fitting import fit as fit_cells
from tui.core.text_fitting import safe_text

__all__ = [
    "TODAY_AWAY",
    "TODAY_LINE",
    "TODAY_MARK",
    "LanesView",
]

_OTHERS_NAMES = ("others", "其他")
TODAY_MARK = "▼"
"""Today's column on the axis row."""
TODAY_LINE = "┊"
"""Today's column in the lanes, where no mark is."""
TODAY_AWAY = (("◀ today", "today ▶"), ("◀ 今天", "今天 ▶"))
"""At the axis row's edge when today is off screen: which way it lies, in English and
Chinese (earlier, later)."""


_LOOKS = ("base", "today", "happened", "planned", "bar", "fuzzy", "arrow", "count", "cursor")
"""The looks of a lane's cells, by the byte that stands for each."""
_LOOK_BYTES = {look: bytes((index,)) for index, look in enumerate(_LOOKS)}
_SAME_LOOK = re.compile(rb"(.)\1*", re.DOTALL)
"""A run of cells of one look."""


@dataclass(frozen=True, slots=True)
class _Row:
    """What one screen row below the axis shows."""

    lane: int
    """The lane's index."""
    row: int
    """The row within the lane."""


class LanesView(Widget, can_focus=True):
    """Lanes of marks under a time axis; the cursor is on one event of one lane."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lanes--axis",
        "lanes--today",
        "lanes--label",
        "lanes--label-current",
        "lanes--rule",
        "lanes--happened",
        "lanes--planned",
        "lanes--bar",
        "lanes--fuzzy",
        "lanes--arrow",
        "lanes--count",
        "lanes--alternate",
        "lanes--cursor",
    }

    DEFAULT_CSS = """
    LanesView {
        background: $surface;
        & > .lanes--axis { color: $text-muted; text-style: bold; }
        & > .lanes--today { color: $text-error; text-style: bold; }
        & > .lanes--label { color: $text-secondary; }
        & > .lanes--label-current { color: $text-accent; text-style: bold; }
        & > .lanes--rule { color: $foreground 30%; }
        & > .lanes--happened { color: $text-success; text-style: bold; }
        & > .lanes--planned { color: $text-warning; text-style: bold; }
        & > .lanes--bar { color: $text-primary; }
        & > .lanes--fuzzy { color: $text-muted; }
        & > .lanes--arrow { color: $text-primary; text-style: bold; }
        & > .lanes--count { color: $text-accent; text-style: bold; }
        & > .lanes--alternate { background: $foreground 5%; }
        & > .lanes--cursor { background: $foreground 20%; }
        &:focus > .lanes--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "along(-1)", "Prev", show=False),
        Binding("right", "along(1)", "Next", show=False),
        Binding("up", "across(-1)", "Lane up", show=False),
        Binding("down", "across(1)", "Lane down", show=False),
        Binding("shift+left", "pan(-1)", "Pan left", show=False),
        Binding("shift+right", "pan(1)", "Pan right", show=False),
        Binding("plus,equals_sign", "zoom(1)", "Zoom in"),
        Binding("minus", "zoom(-1)", "Zoom out"),
        Binding("enter", "select", "Open"),
        # The screen's `v` switches views; named here for the way it goes from the lanes.
        Binding("v", "screen.toggle_lanes", "List"),
        Binding("left_square_bracket", "year(-1)", "Prev year", show=False),
        Binding("right_square_bracket", "year(1)", "Next year", show=False),
        Binding("g", "cycle_grouping", "Group"),
    ]

    current: var[int | None] = var[int | None](None, init=False)
    """Position of the event under the cursor, or None; the screen watches it."""

    @dataclass
    class Selected(Message):
        """Enter chose an event."""

        lanes_view: LanesView
        """The view that posted the message."""
        position: int
        """Position of the chosen event."""

        @property
        def control(self) -> LanesView:
            return self.lanes_view

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
        self.language = "en"
        self.convert: Callable[[str], str] = as_written
        self.today: Callable[[], date] = date.today
        """Today's date, for its mark; tests fix it."""
        self.grouping: Grouping = "organisation"
        self.hidden: dict[Grouping, frozenset[str]] = {
            grouping: frozenset() for grouping in GROUPINGS
        }
        """Lane keys hidden from the palette, per grouping."""
        self.positions_shown: Sequence[int] = ()
        self.empty_text = ""
        """What the view says when no event is shown (the screen's, as the list's)."""
        self._table: MarkTable | None = None
        self._indexes: dict[Grouping, LaneIndex] = {}
        self._lanes: LaneSet | None = None
        self._lanes_height = -1
        self._axis: Axis | None = None
        self._cursor: LaneCursor | None = None
        self._panned = False
        self._known_area: tuple[int, int] | None = None
        self._known_outer = Size(0, 0)
        self._wanted: int | None = None
        self._layouts: dict[int, LaneLayout] = {}
        self._rows: list[_Row] = []
        self._labels: dict[tuple[str, str], str] = {}
        self._label_fit: tuple[LaneSet, int, list[str]] | None = None
        """The lanes, the width, and their labels fitted (see `_fitted_labels`); forgotten
        when the labels' language or script changes."""
        self._styles: dict[str, Style] = {}
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(512)

    # -- attributes set by the parent ------------------------------------------------

    def set_corpus(self, corpus: Corpus) -> None:
        """Show events of `corpus` from now on; call set_visible next."""
        self.corpus = corpus
        self._table = None
        self._indexes.clear()
        self._labels.clear()
        self._label_fit = None

    def set_visible(self, visible: Sequence[int], keep: int | None) -> None:
        """Show the events at `visible` (ascending), fitted, the cursor on `keep` if shown."""
        self.positions_shown = visible
        self._wanted = keep
        self._reset(fit=True)

    def set_display(self, language: str, convert: Callable[[str], str]) -> None:
        """Labels in `language` ("en" or "zh"), Chinese text through `convert`."""
        self.language = language
        self.convert = convert
        self._labels.clear()
        self._label_fit = None
        self._strips.clear()
        self.refresh()

    def hide_lane(self, key: str) -> None:
        """Hide lane `key` of the current grouping (its events stay in other lanes)."""
        self.hidden[self.grouping] = self.hidden[self.grouping] | {key}
        self._wanted = self.current
        self._reset(fit=False)

    def show_every_lane(self) -> None:
        """Show the lanes hidden in the current grouping again."""
        self.hidden[self.grouping] = frozenset()
        self._wanted = self.current
        self._reset(fit=False)

    def lane_names(self) -> list[tuple[str, str]]:
        """(key, label) of each lane shown, top to bottom."""
        lanes = self._lane_set()
        return [(lane.key, self.lane_label(lane.key)) for lane in lanes.lanes]

    def lane_label(self, key: str) -> str:
        """The label of lane `key` in the current language and script, safe to show."""
        cache_key = (self.grouping, key)
        label = self._labels.get(cache_key)
        if label is None:
            chinese = self.language == "zh"
            if key == OTHERS:
                label = _OTHERS_NAMES[chinese]
            elif self.grouping == "theme":
                theme = self.corpus.themes.get(key)
                label = theme.name.pick(self.language) if theme is not None else key
            else:
                actor = self.corpus.actors.get(key)
                if actor is None:
                    label = key
                elif actor.is_person:
                    label = actor.name.pick(self.language)
                else:
                    label = short_name(actor, self.language)
            label = self.convert(safe_text(label))
            self._labels[cache_key] = label
        return label

    # -- state -----------------------------------------------------------------------

    def _reset(self, *, fit: bool) -> None:
        """Lanes to be worked out again (and the axis fitted again when `fit`)."""
        self._lanes = None
        if fit:
            self._axis = None
            self._panned = False
        self._layouts.clear()
        self._strips.clear()
        self._lane_set()
        self.refresh()

    def _mark_table(self) -> MarkTable:
        if self._table is None:
            self._table = mark_table(self.corpus.events)
        return self._table

    def _area(self) -> tuple[int, int]:
        """The cells the view draws in (width, height). Every row drawn asks, so it is kept
        for the widget's outer size (cheap to read); when that has changed, whatever was laid
        out for the old size is worked out again here, not when the Resize event comes: the
        rows of the new size are drawn before it is handled."""
        outer = self.outer_size
        if self._known_area is None or outer != self._known_outer:
            gutter = self.styles.gutter
            area = (outer.width - gutter.width, outer.height - gutter.height)
            if area[0] <= 0:
                return area  # not laid out yet: ask again later
            if self._known_area is not None and area != self._known_area:
                self._laid_out_afresh()
            self._known_area, self._known_outer = area, outer
        return self._known_area

    def _laid_out_afresh(self) -> None:
        """Lanes, marks and rows to be worked out again for a new size, the cursor kept (the
        axis is fitted again when it was, else keeps its middle day)."""
        if self._wanted is None:
            self._wanted = self.current
        self._lanes = None
        self._layouts.clear()
        self._strips.clear()

    def _plot_width(self) -> int:
        width = self._area()[0]
        return max(1, width - label_width(width) - 1)

    def _lane_set(self) -> LaneSet:
        """The lanes for the current height, worked out when first needed."""
        height = max(1, self._area()[1] - 1)
        if self._lanes is not None and height == self._lanes_height:
            return self._lanes
        index = self._indexes.get(self.grouping)
        table = self._mark_table()
        if index is None:
            index = self._indexes[self.grouping] = lane_index(self.corpus, self.grouping, table)
        lanes = assign_lanes(
            index,
            table,
            self.positions_shown,
            height=height,
            hidden=self.hidden[self.grouping],
        )
        self._lanes, self._lanes_height = lanes, height
        self._rows = [
            _Row(index, row) for index, lane in enumerate(lanes.lanes) for row in range(lane.depth)
        ]
        self._layouts.clear()
        self._strips.clear()
        wanted = (
            self._wanted
            if self._cursor is None or self._wanted is not None
            else self._cursor.position
        )
        lane_wanted = self._cursor.lane if self._cursor is not None else None
        self._cursor = place(lanes, wanted, lane_wanted)
        self._wanted = None
        if self._axis is None or (self._axis.zoom is None and not self._panned):
            # The first screen fits every event shown, at whatever width it has now.
            self._axis = self._fitted()
            self._follow()
            self._panned = False
        else:
            self._axis = resize(self._axis, self._plot_width())
            self._follow()
        self.current = self._cursor.position if self._cursor is not None else None
        return lanes

    def _fitted(self) -> Axis:
        days = extent(self._mark_table(), self.positions_shown)
        first, last = days if days is not None else (None, None)
        return fit_axis(first, last, self._plot_width(), today=self.today())

    def _follow(self) -> None:
        """Pan so the cursor's event is in view."""
        if self._cursor is None or self._axis is None:
            return
        table = self._mark_table()
        position = self._cursor.position
        followed = follow(self._axis, table.anchors[position], table.ends[position])
        self._set_axis(followed)

    def _set_axis(self, axis: Axis) -> None:
        if axis != self._axis:
            self._panned = True
            self._axis = axis
            self._layouts.clear()
            self._strips.clear()
            self.refresh()

    def _move(self, cursor: LaneCursor | None) -> None:
        if cursor is None or self._cursor is None:
            return
        old_lane = self._cursor.lane
        self._cursor = cursor
        axis = self._axis
        self._follow()
        if axis == self._axis:
            # Same view: only the rows of the two lanes change.
            self._refresh_lane(old_lane)
            self._refresh_lane(cursor.lane)
        self.current = cursor.position

    def _refresh_lane(self, lane_index: int) -> None:
        lanes = self._lane_set()
        if not 0 <= lane_index < len(lanes.lanes):
            return
        top = 1 + lanes.row_of(lane_index)
        depth = lanes.lanes[lane_index].depth
        self.refresh(Region(0, top, self.size.width, depth))

    # -- actions ---------------------------------------------------------------------

    def action_along(self, step: int) -> None:
        lanes = self._lane_set()
        if self._cursor is not None:
            self._move(along(lanes, self._cursor, step))

    def action_across(self, step: int) -> None:
        lanes = self._lane_set()
        if self._cursor is not None:
            anchor = self._mark_table().anchors[self._cursor.position]
            self._move(across(lanes, self._cursor, step, anchor))

    def action_year(self, step: int) -> None:
        lanes = self._lane_set()
        if self._cursor is not None:
            year = self.corpus.events[self._cursor.position].date.year
            self._move(by_year(lanes, self._cursor, step, year))

    def action_pan(self, step: int, cells: int | None = None) -> None:
        self._lane_set()
        if self._axis is not None:
            shift = cells if cells is not None else max(1, self._axis.width // 4)
            self._set_axis(pan(self._axis, step * shift))

    def action_zoom(self, step: int) -> None:
        self._lane_set()
        axis = self._axis
        if axis is None:
            return
        keep = round(axis.start + axis.width * axis.days_per_cell / 2)
        if self._cursor is not None:
            anchor = self._mark_table().anchors[self._cursor.position]
            if 0 <= axis.column(anchor) < axis.width:
                keep = anchor
        zoomed = zoom_axis(axis, step, keep)
        if step < 0 and zoomed == axis:
            # Out past the coarsest level: back to the first screen, which fits every event
            # shown (and fits them again as filters and sizes change).
            self._set_axis(self._fitted())
            self._panned = False
            self._follow()
            return
        days = extent(self._mark_table(), self.positions_shown) if step < 0 else None
        if days is not None and fits(zoomed, *days):
            # Zooming out shows all the events shown once they fit, not the empty years
            # beyond them that keeping the cursor's column would bring in.
            zoomed = follow(zoomed, *days, margin=FIT_MARGIN)
        self._set_axis(zoomed)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))

    def action_cycle_grouping(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self._wanted = self.current
        self._cursor = None
        self._reset(fit=False)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.action_pan(1, 4)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.action_pan(-1, 4)

    def on_resize(self, event: events.Resize) -> None:
        # The rows were laid out for the new size as they were drawn (see `_area`); a size
        # that changed without drawing is caught here.
        self._area()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    # -- drawing ---------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            base = self.rich_style
            if name == "base":
                style = base
            elif name == "cursor":
                style = base + self.get_component_rich_style("lanes--cursor")
            elif name == "alternate":
                style = base + self.get_component_rich_style("lanes--alternate")
            elif name.startswith("alternate:"):
                style = self._style("alternate") + _foreground(
                    self.get_component_rich_style(f"lanes--{name[10:]}")
                )
            else:
                style = base + _foreground(self.get_component_rich_style(f"lanes--{name}"))
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self._area()[0]
        lanes = self._lane_set()
        axis = self._axis
        if axis is None:
            return Strip.blank(width, self.rich_style)
        if y == 0:
            key: tuple[object, ...] = ("axis", axis, width, self.language, self.grouping)
        elif y - 1 < len(self._rows):
            screen_row = self._rows[y - 1]
            cursor = self._cursor
            on_it = (
                cursor.position if cursor is not None and cursor.lane == screen_row.lane else None
            )
            key = ("lane", y, axis, width, on_it, self.language, self.grouping)
        else:
            key = ("blank", y, width, bool(lanes.lanes), axis, self.empty_text)
        strip = self._strips.get(key)
        if strip is None:
            if y == 0:
                strip = self._axis_strip(axis, width)
            elif y - 1 < len(self._rows):
                strip = self._lane_strip(self._rows[y - 1], axis, width)
            else:
                strip = self._blank_strip(y, axis, width, bool(lanes.lanes))
            self._strips[key] = strip
        return strip

    def _corner(self, axis: Axis, width: int) -> tuple[str, int]:
        labels = label_width(width)
        text = corner_text(self.grouping, axis.zoom, self.language, labels)
        return fit_cells(self.convert(text), labels), labels

    def _today_column(self, axis: Axis) -> int | None:
        column = axis.column(self.today().toordinal())
        return column if 0 <= column < axis.width else None

    def _today_away(self, axis: Axis) -> tuple[int, str] | None:
        """Where the word saying which way today lies goes, and the word, when today is off
        screen and the axis has room for it beside a tick."""
        column = axis.column(self.today().toordinal())
        if 0 <= column < axis.width:
            return None
        word = TODAY_AWAY[self.language == "zh"][column >= axis.width]
        cells = cell_len(word)
        if axis.width < 2 * cells:
            return None
        return (0 if column < 0 else axis.width - cells), word

    def _axis_strip(self, axis: Axis, width: int) -> Strip:
        corner, labels = self._corner(axis, width)
        cells = [" "] * axis.width
        today = self._today_column(axis)
        away = self._today_away(axis)
        if today is not None:
            clear = range(today, today + 1)
        elif away is not None:
            # A column free at either side, so no label runs into the word.
            clear = range(away[0] - 1, away[0] + cell_len(away[1]) + 1)
        else:
            clear = range(0)
        for tick in ticks(axis, self.language, keep_clear=clear):
            column = tick.column
            for char in tick.label:
                wide = cell_len(char) == 2
                if column + (2 if wide else 1) > axis.width:
                    break
                cells[column] = char
                if wide:
                    cells[column + 1] = ""
                    column += 2
                else:
                    column += 1
        parts: list[tuple[str, Style]] = [
            (corner, self._style("axis")),
            ("│", self._style("rule")),
        ]
        today_cells = range(0)
        if today is not None:
            cells[today] = TODAY_MARK
            today_cells = range(today, today + 1)
        elif away is not None:
            column, word = away
            for char in word:
                cells[column] = char
                if cell_len(char) == 2:
                    cells[column + 1] = ""
                    column += 1
                column += 1
            today_cells = range(away[0], column)
        axis_style, today_style = self._style("axis"), self._style("today")
        for column, char in enumerate(cells):
            if char:
                parts.append((char, today_style if column in today_cells else axis_style))
        return _strip(parts, width, self._style("base"))

    def _fitted_labels(self, width: int) -> list[str]:
        """The lanes' labels fitted to the label column, told apart when shortened alike."""
        lanes = self._lane_set()
        fitted = self._label_fit
        if fitted is None or fitted[0] is not lanes or fitted[1] != width:
            names = [self.lane_label(lane.key) for lane in lanes.lanes]
            fitted = self._label_fit = (lanes, width, fit_labels(names, label_width(width)))
        return fitted[2]

    def _layout(self, lane_index: int, axis: Axis) -> LaneLayout:
        layout = self._layouts.get(lane_index)
        if layout is None:
            lane = self._lane_set().lanes[lane_index]
            layout = self._layouts[lane_index] = layout_lane(lane, self._mark_table(), axis)
        return layout

    def _lane_strip(self, screen_row: _Row, axis: Axis, width: int) -> Strip:
        alternate = screen_row.lane % 2 == 1
        prefix = "alternate:" if alternate else ""
        base = self._style("alternate" if alternate else "base")
        labels = label_width(width)
        cursor = self._cursor
        is_current_lane = cursor is not None and cursor.lane == screen_row.lane
        label = self._fitted_labels(width)[screen_row.lane] if screen_row.row == 0 else ""
        label_style = self._style(prefix + ("label-current" if is_current_lane else "label"))
        parts: list[tuple[str, Style]] = [
            (fit_cells(label, labels), label_style),
            ("│", self._style(prefix + "rule")),
        ]
        layout = self._layout(screen_row.lane, axis)
        plot = axis.width
        cells = [" "] * plot
        # One byte per cell naming its look (an index into `looks`): runs of equal bytes are
        # found by a regular expression, in C, rather than cell by cell.
        kinds = bytearray(plot)
        today = self._today_column(axis)
        if today is not None:
            cells[today], kinds[today] = TODAY_LINE, _LOOKS.index("today")
        for run in layout.rows[screen_row.row]:
            end = run.column + len(run.text)
            cells[run.column : end] = run.text
            kinds[run.column : end] = _LOOK_BYTES[run.kind] * len(run.text)
        if is_current_lane and cursor is not None:
            spot = layout.spots.get(cursor.position)
            if spot is None and layout.dense:
                column = axis.column(self._mark_table().anchors[cursor.position])
                spot = (0, column, column)
            if spot is not None and spot[0] == screen_row.row and spot[1] < plot:
                first, last = max(0, spot[1]), min(plot - 1, spot[2])
                kinds[first : last + 1] = _LOOK_BYTES["cursor"] * (last - first + 1)
        looks = [
            base if look == "base" else self._style("cursor" if look == "cursor" else prefix + look)
            for look in _LOOKS
        ]
        for match in _SAME_LOOK.finditer(kinds):
            parts.append(("".join(cells[match.start() : match.end()]), looks[kinds[match.start()]]))
        return _strip(parts, width, base)

    def _blank_strip(self, y: int, axis: Axis, width: int, any_lanes: bool) -> Strip:
        if y == 1 and not any_lanes:
            labels = label_width(width)
            message = safe_text(self.empty_text)
            return _strip(
                [(" " * labels, self._style("base")), ("│", self._style("rule")),
                 (" " + message, self._style("axis"))],
                width,
                self._style("base"),
            )  # fmt: skip
        parts: list[tuple[str, Style]] = [
            (" " * label_width(width), self._style("base")),
            ("│", self._style("rule")),
        ]
        today = self._today_column(axis)
        if today is not None:
            parts += [(" " * today, self._style("base")), (TODAY_LINE, self._style("today"))]
        return _strip(parts, width, self._style("base"))


def _strip(parts: list[tuple[str, Style]], width: int, base: Style) -> Strip:
    """A row of `width` cells from `parts`, neighbours of one style joined into one segment."""
    segments: list[Segment] = []
    last_text, last_style = "", base
    for text, style in parts:
        if not text:
            continue
        # Styles come from one cache: the same object, and `==` on styles is slow.
        if last_text and style is last_style:
            last_text += text
            continue
        if last_text:
            segments.append(Segment(last_text, last_style))
        last_text, last_style = text, style
    if last_text:
        segments.append(Segment(last_text, last_style))
    return Strip(segments).adjust_cell_length(width, base)


def _foreground(style: Style) -> Style:
    """The colour and weight of a component style, to layer over the row's background."""
    return Style(color=style.color, bold=style.bold)
