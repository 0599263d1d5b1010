"""Pick actors or themes: a list with event counts, narrowed by any name or alias as you type.

Keys, as fzf and Harlequin have them: space ticks the highlighted match, even while typing
(a name is found by any part of it, so the search needs no spaces); Enter applies, and after
a search it takes the highlighted match too, so typing a name and Enter is enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui.core.labels import family_counts
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog
from tui.screens.host import host
from tui.widgets.safe_input import SafeInput

__all__ = ["Picked", "PickerFilter", "PickerList", "PickerScreen"]

Kind = Literal["actors", "themes"]


@dataclass(frozen=True, slots=True)
class Picked:
    """What the picker returns when applied."""

    chosen: frozenset[str]
    """Ids of the chosen actors or themes (OR-ed together)."""
    include_children: bool
    """Whether child organisations of chosen actors count too."""


class PickerList(SelectionList[str]):
    """The choices; Enter applies the picker instead of toggling (space ticks)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.apply", "Apply", show=False),
    ]


class PickerFilter(SafeInput):
    """The search field; a space ticks the highlighted match instead of being typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: checked before the field types the character.
        Binding("space", "screen.tick", "Tick", show=False, priority=True),
    ]


class PickerScreen(Dialog[Picked | None]):
    """A dialog to choose several actors (with their children) or themes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "focus_list", "List", show=False),
        Binding("ctrl+o", "toggle_children", "Children", show=False),
        Binding("ctrl+r", "clear", "Clear", show=False),
    ]

    def __init__(self, kind: Kind, chosen: frozenset[str], include_children: bool) -> None:
        super().__init__(classes=f"-{kind}")
        self.kind: Kind = kind
        """What is picked."""
        self.chosen: set[str] = set(chosen)
        """Ids chosen so far, including ones the narrowing hides."""
        self.include_children = include_children
        """The state of the include-children switch."""
        self._family_counts: dict[str, int] | None = None

    def compose(self) -> ComposeResult:
        people = any(actor.is_person for actor in host(self).corpus.actors.values())
        noun = (
            "themes"
            if self.kind == "themes"
            else "organisations and people"
            if people
            else ("organisations")
        )
        with Vertical(id="dialog"):
            yield Static(Content(f"Filter by {noun}"), id="dialog-title")
            yield PickerFilter(
                placeholder="Type any name or alias, in any script",
                id="picker-filter",
                select_on_focus=False,
                compact=True,
            )
            yield PickerList(id="picker-list", compact=True)
            if self.kind == "actors":
                yield Checkbox(
                    Content(
                        f"Include child organisations{' and people' if people else ''} (ctrl+o)"
                    ),
                    self.include_children,
                    id="children",
                    compact=True,
                )
            yield Static(
                Content(
                    # Two lines that fit a 60-column dialog: a third would not fit 60x20.
                    "space ticks the highlighted match · ctrl+r clears\n"
                    "enter applies, with a typed match ticked · esc cancels"
                ),
                id="dialog-help",
            )
            with Horizontal(id="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-filter", Input).focus()

    def _ordered(self) -> list[tuple[str, int]]:
        """Every id with its depth: organisations as a tree (parents first), then people by
        name; themes in file order."""
        corpus = host(self).corpus
        if self.kind == "themes":
            return [(theme_id, 0) for theme_id in corpus.themes]
        actors = corpus.actors
        children = host(self).index.children
        ordered: list[tuple[str, int]] = []

        def visit(actor_id: str, depth: int) -> None:
            ordered.append((actor_id, depth))
            for child in children.get(actor_id, []):
                if not actors[child].is_person:
                    visit(child, depth + 1)

        for actor in actors.values():
            if not actor.is_person and (actor.parent is None or actor.parent not in actors):
                visit(actor.id, 0)
        people = sorted((a for a in actors.values() if a.is_person), key=lambda a: a.name.en)
        ordered += [(person.id, 0) for person in people]
        return ordered

    def _fill(self, text: str) -> None:
        app = host(self)
        index = app.index
        names = index.actor_names if self.kind == "actors" else index.theme_names
        counts = index.actor_counts if self.kind == "actors" else index.theme_counts
        matching = index.search_names(text, names)
        convert = app.converter.converter_for(app.script)
        if self.kind == "actors" and self._family_counts is None:
            self._family_counts = family_counts(app.corpus.events, app.corpus.actors)
        with_children = self._family_counts or {}
        selections: list[Selection[str]] = []
        for item_id, depth in self._ordered():
            if item_id not in matching:
                continue
            role = ""
            if self.kind == "actors":
                actor = app.corpus.actors[item_id]
                name = actor.name
                if actor.role is not None:
                    role = actor.role.pick("zh" if app.language == "zh" else "en")
                if actor.is_person and actor.parent in app.corpus.actors:
                    organisation = app.corpus.actors[actor.parent].name.pick(app.language)
                    role = f"{role}, {organisation}" if role else organisation
            else:
                name = app.corpus.themes[item_id].name
            first = name.pick(app.language)
            second = name.zh if app.language == "en" else name.en
            person = self.kind == "actors" and app.corpus.actors[item_id].is_person
            prompt = Content.assemble(
                ("  " * depth + ("└ " if depth else ""), "$text-muted"),
                ("person · " if person else "", "$text-secondary"),
                convert(safe_text(first)),
                "  ",
                (convert(safe_text(second)) if second != first else "", "$text-muted"),
                (f"  ({counts.get(item_id, 0)})", "$text-accent"),
                (
                    f"  {with_children.get(item_id, 0)} with children"
                    if index.children.get(item_id)
                    else "",
                    "$text-muted",
                ),
                (f"  — {convert(safe_text(role))}" if role else "", "$text-muted"),
            )
            selections.append(Selection(prompt, item_id, item_id in self.chosen))
        picker = self.query_one(PickerList)
        picker.clear_options()
        picker.add_options(selections)
        if selections:
            picker.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def _narrow(self, message: Input.Changed) -> None:
        self._fill(message.value)

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self) -> None:
        self.action_apply()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, message: SelectionList.SelectionToggled[str]) -> None:
        value = message.selection.value
        if value in message.selection_list.selected:
            self.chosen.add(value)
        else:
            self.chosen.discard(value)

    @on(Checkbox.Changed, "#children")
    def _children(self, message: Checkbox.Changed) -> None:
        self.include_children = message.value

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        if self.query_one("#picker-filter", Input).value.strip():
            # Typed a name: the match it highlights is the one meant.
            highlighted = self._highlighted()
            if highlighted is not None:
                self.chosen.add(highlighted)
        self.dismiss(Picked(frozenset(self.chosen), self.include_children))

    def _highlighted(self) -> str | None:
        """The id of the highlighted match, if any."""
        picker = self.query_one(PickerList)
        if picker.highlighted is None or not 0 <= picker.highlighted < picker.option_count:
            return None
        return picker.get_option_at_index(picker.highlighted).value

    def action_tick(self) -> None:
        """Tick or untick the highlighted match from the search field."""
        highlighted = self._highlighted()
        if highlighted is None:
            raise SkipAction()  # no match: the space is typed
        self.query_one(PickerList).toggle(highlighted)

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        self.chosen.clear()
        self.query_one(PickerList).deselect_all()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_focus_list(self) -> None:
        self.query_one(PickerList).focus()

    def action_toggle_children(self) -> None:
        if self.kind == "actors":
            self.query_one("#children", Checkbox).toggle()

    def on_key(self, event: events.Key) -> None:
        # Typing while the list has focus goes on narrowing it.
        picker = self.query_one(PickerList)
        if self.focused is picker and event.is_printable and event.character not in (None, " "):
            field = self.query_one("#picker-filter", Input)
            field.focus()
            field.insert_text_at_cursor(event.character or "")
            event.stop()
