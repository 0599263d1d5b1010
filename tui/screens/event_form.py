"""The event form: a new event drafted from a passage, or an existing one edited."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)

from tui.core.curate import ConcurrentEditError, EventDraft, QuoteDraft
from tui.core.dates import display
from tui.core.drafting import guess_status, suggest_id
from tui.core.errors import TimelineError
from tui.core.model import Bilingual, Corpus
from tui.core.temporal import Mention, parse_expression
from tui.core.text_fitting import safe_text
from tui.screens.dialog import Dialog
from tui.screens.host import host
from tui.screens.notices import unexpected
from tui.widgets.detail import quote_paragraphs
from tui.widgets.safe_input import SafeInput

__all__ = ["DateChoice", "EventFormScreen", "candidate_label", "field_of", "read_date"]

STATUSES = ("happened", "planned")


@dataclass(frozen=True, slots=True)
class DateChoice:
    """The date the form settled on."""

    value: str
    """TIMEX3-style value."""
    mod: str | None
    """START, MID, END or None."""
    date_text: str | None
    """The words in the quote that carry it, if any."""


def candidate_label(mention: Mention) -> Content:
    """A date candidate as the form lists it: value, modifier, how it reads, and the words it
    came from ("2008/2018  2008–2018  ←  '從2008年到2018年'")."""
    value = mention.value + (f" {mention.mod}" if mention.mod else "")
    return Content.assemble(
        (value, "bold"),
        (f"  {display(mention.event_date())}", "$text-muted"),
        ("  ←  ", "$text-muted"),
        f"'{safe_text(mention.text)}'",
    )


def read_date(
    text: str, published: date | None, quote: str, keep: tuple[str, str | None] | None = None
) -> DateChoice | str:
    """Read the form's "other" date field.

    Args:
        text: a TIMEX value (2025-05, 2024-H1) or an expression (今年5月, mid-2026).
        published: the article's date, for relative expressions.
        quote: the quote; words found in it become the date_text.
        keep: the (value, mod) the event had, so re-typing its value keeps its modifier.

    Returns:
        The date, or a message saying what is wrong.
    """
    if not text.strip():
        return "Date: choose a candidate or type one under 'other'"
    mention = parse_expression(text, published)
    if mention is None:
        return (
            f"Date: {text.strip()!r} is not a date (try 2025-05, 2024-H1, 今年5月, mid-2026, "
            f"2020/2025, since July 2019)"
        )
    mod: str | None = mention.mod
    if keep is not None and mention.rule == "timex" and keep[0] == mention.value:
        mod = keep[1]
    words = mention.text if mention.rule != "timex" and mention.text in quote else None
    return DateChoice(mention.value, mod, words)


class EventFormScreen(Dialog[str | None]):
    """Fields of one event; Save validates and writes, nothing is written until it validates.

    Dismissed with the saved event's id, or None when cancelled.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "reload", "Reload file", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        heading: str,
        draft: EventDraft,
        *,
        corpus: Corpus,
        candidates: list[Mention],
        chosen: int | None,
        published: date | None,
        save: Callable[[EventDraft], None],
        reload: Callable[[], None],
        editing: bool,
    ) -> None:
        super().__init__()
        self.heading = heading
        """The dialog's title."""
        self.draft = draft
        """What the fields start with."""
        self.corpus = corpus
        """The corpus: every actor and theme to choose from, the ids taken."""
        self.candidates = candidates
        """Date candidates found in the quote, resolved against the article's date."""
        self.chosen = chosen
        """Index of the candidate chosen at first, or None for "other"."""
        self.published = published
        """The article's published date."""
        self.save = save
        """Writes a draft; raises TimelineError when it does not validate."""
        self.reload = reload
        """Reads the events file again after it changed on disk."""
        self.editing = editing
        """True when editing an existing event (its id is not re-suggested)."""
        self._id_typed = editing

    @property
    def quote_text(self) -> str:
        """The first quote's text."""
        return self.draft.quotes[0].quote if self.draft.quotes else ""

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(id="dialog"):
            yield Static(Content(self.heading), id="dialog-title")
            with VerticalScroll(id="form-body"):
                yield from self._quotes()
                yield Label(Content("Title (English)"))
                yield SafeInput(draft.title_en, id="title-en", compact=True)
                yield Label(Content("Title (中文)"))
                yield SafeInput(draft.title_zh, id="title-zh", compact=True)
                yield Label(Content("Id"))
                yield SafeInput(draft.id, id="event-id", compact=True)
                yield Label(Content("Date"))
                with RadioSet(id="date-choice"):
                    for index, mention in enumerate(self.candidates):
                        yield RadioButton(candidate_label(mention), value=index == self.chosen)
                    yield RadioButton(Content("other:"), value=self.chosen is None)
                yield SafeInput(
                    "" if self.chosen is not None else draft.date,
                    placeholder="2025-05, 2024-H1, 今年5月, mid-2026",
                    id="date-other",
                    compact=True,
                )
                yield Label(Content("Status"))
                with RadioSet(id="status"):
                    for status in STATUSES:
                        yield RadioButton(status, value=status == draft.status)
                yield Label(Content("Summary (English, optional)"))
                yield SafeInput(draft.summary_en, id="summary-en", compact=True)
                yield Label(Content("Summary (中文, optional)"))
                yield SafeInput(draft.summary_zh, id="summary-zh", compact=True)
                yield Label(Content("Actors"))
                yield SelectionList[str](
                    *[
                        (_name_label(actor.name), actor.id, actor.id in draft.actors)
                        for actor in self.corpus.actors.values()
                    ],
                    id="actors",
                )
                yield Label(Content("Themes"))
                yield SelectionList[str](
                    *[
                        (_name_label(theme.name), theme.id, theme.id in draft.themes)
                        for theme in self.corpus.themes.values()
                    ],
                    id="themes",
                )
            yield Static(id="form-error", markup=False)
            yield Static(Content("ctrl+s saves · esc cancels"), id="dialog-help")
            with Horizontal(id="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Reload file", variant="warning", id="reload")
                yield Button("Cancel", id="cancel")

    def _quotes(self) -> ComposeResult:
        """Every quote of the event, each under its article's title (the first dates it)."""
        quotes = self.draft.quotes
        yield Label(Content("Quotes" if len(quotes) > 1 else "Quote"))
        for number, quote in enumerate(quotes, start=1):
            source = self.corpus.sources.get(quote.source)
            cited = source.title if source is not None else f"source {quote.source}"
            lead = f"{number}. " if len(quotes) > 1 else ""
            yield Static(
                Content.assemble(
                    (safe_text(f"{lead}{cited}"), "bold $text-muted"),
                    "\n",
                    # Paragraphs the quote runs across on lines of their own, not as ␊␊.
                    safe_text("\n".join(quote_paragraphs(quote.quote)), keep_newlines=True),
                ),
                classes="form-quote",
            )
            if len(quotes) > 1:
                # Unticked, the quote leaves the event when it is saved; quotes are added
                # in events.toml (an event keeps at least one).
                yield Checkbox(
                    f"keep quote {number}", value=True, compact=True, classes="form-quote-keep"
                )

    def on_mount(self) -> None:
        self.query_one("#title-en", Input).focus()

    # -- suggestions as the fields change ------------------------------------------------

    @on(Input.Changed, "#event-id")
    def _id_changed(self) -> None:
        if self.query_one("#event-id", Input).has_focus:
            self._id_typed = True

    @on(Input.Changed, "#title-en")
    def _title_changed(self, message: Input.Changed) -> None:
        if self._id_typed:
            return
        taken = (event.id for event in self.corpus.events)
        choice = self._date()
        value = choice.value if isinstance(choice, DateChoice) else ""
        self.query_one("#event-id", Input).value = suggest_id(message.value, value, taken)

    @on(RadioSet.Changed, "#date-choice")
    def _date_changed(self, message: RadioSet.Changed) -> None:
        index = message.index
        if self.editing or self.published is None or not 0 <= index < len(self.candidates):
            return
        status = guess_status(self.candidates[index], self.published)
        buttons = list(self.query_one("#status", RadioSet).query(RadioButton))
        buttons[STATUSES.index(status)].value = True

    # -- reading the fields --------------------------------------------------------------

    def _date(self) -> DateChoice | str:
        index = self.query_one("#date-choice", RadioSet).pressed_index
        if 0 <= index < len(self.candidates):
            mention = self.candidates[index]
            return DateChoice(mention.value, mention.mod, mention.text)
        other = self.query_one("#date-other", Input).value
        if self.editing and self.chosen is None and other.strip() == self.draft.date:
            # The stored date, untouched: keep it as written, its modifier and the words
            # it came from included, even when those words are no candidate's surface.
            return DateChoice(self.draft.date, self.draft.mod, self.draft.date_text)
        keep = (self.draft.date, self.draft.mod) if self.editing else None
        return read_date(other, self.published, self.quote_text, keep)

    def read(self) -> EventDraft | str:
        """The draft the fields describe, or a message saying what is missing."""
        draft = self.draft
        choice = self._date()
        if isinstance(choice, str):
            return choice
        title_en = self._text("#title-en", draft.title_en)
        title_zh = self._text("#title-zh", draft.title_zh)
        missing = [
            f"{label} is empty; type one"
            for label, value in (("Title (English)", title_en), ("Title (中文)", title_zh))
            if not value
        ]
        if missing:
            return "\n".join(missing)
        for label, selector in (("Actors", "#actors"), ("Themes", "#themes")):
            if not self.query_one(selector, SelectionList).selected:
                # Said here, beside the list, rather than as the file's "'themes' is empty".
                return f"{label}: tick at least one (space ticks)"
        event_id = self._text("#event-id", draft.id)
        if not event_id:
            taken = (event.id for event in self.corpus.events)
            event_id = suggest_id(title_en, choice.value, taken)
        quotes = self._kept_quotes()
        if not quotes:
            return "Quotes: an event needs at least one quote; keep one"
        status_index = self.query_one("#status", RadioSet).pressed_index
        return EventDraft(
            id=event_id,
            date=choice.value,
            status=STATUSES[status_index] if status_index >= 0 else "happened",
            title_en=title_en,
            title_zh=title_zh,
            actors=_in_stored_order(
                self.query_one("#actors", SelectionList).selected, draft.actors
            ),
            themes=_in_stored_order(
                self.query_one("#themes", SelectionList).selected, draft.themes
            ),
            quotes=quotes,
            mod=choice.mod,
            date_text=choice.date_text,
            summary_en=self._text("#summary-en", draft.summary_en),
            summary_zh=self._text("#summary-zh", draft.summary_zh),
        )

    def _kept_quotes(self) -> tuple[QuoteDraft, ...]:
        """The quotes whose "keep" box is ticked (every quote when there is one)."""
        boxes = list(self.query(".form-quote-keep").results(Checkbox))
        if not boxes:
            return self.draft.quotes
        return tuple(
            quote for quote, box in zip(self.draft.quotes, boxes, strict=True) if box.value
        )

    def _text(self, selector: str, stored: str) -> str:
        """A text field's value: as stored when untouched, else without spaces around it.

        Stripping a stored title with spaces around it would change a form the user never
        touched, and an unchanged form must leave the file byte for byte as it was.
        """
        value = self.query_one(selector, Input).value
        return stored if value == stored else value.strip()

    def _show_error(self, message: str) -> None:
        text = safe_text(message, keep_newlines=True)
        self.query_one("#form-error", Static).update(Content.styled(text, "bold $error"))
        # The body shrinks (see dialog.tcss) so the message shows beside Save at any size,
        # and the field it is about comes into view with the cursor in it.
        self.add_class("-invalid")
        field = field_of(message)
        if field is not None:
            self.query_one(field).focus()

    # -- actions -------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        draft = self.read()
        if isinstance(draft, str):
            self._show_error(draft)
            return
        try:
            self.save(draft)
        except ConcurrentEditError as error:
            self.add_class("-stale")
            self._show_error(f"{error.shown()}\nPress 'Reload file' to read it again, then save.")
            return
        except TimelineError as error:
            self._show_error(error.shown())
            return
        except Exception as error:  # the form stays open and says why
            self._show_error(unexpected(error, "nothing was saved"))
            return
        self.dismiss(draft.id)

    @on(Button.Pressed, "#reload")
    def action_reload(self) -> None:
        try:
            self.reload()
        except TimelineError as error:
            self._show_error(error.shown())
            return
        except Exception as error:  # the form stays open and says why
            self._show_error(unexpected(error, "the events file was not reloaded"))
            return
        self.corpus = host(self).corpus
        self.remove_class("-stale")
        self.remove_class("-invalid")
        kept = " Fields you did not change take what the file now holds." if self.editing else ""
        self.query_one("#form-error", Static).update(
            Content(f"Reloaded the events file; nothing of yours was written. Save again.{kept}")
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


_FIELDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Title \(English\)|missing en title"), "#title-en"),
    (re.compile(r"^Title \(中文\)|missing zh title"), "#title-zh"),
    (re.compile(r"^Date|'date'|date_text|\bdate\b"), "#date-other"),
    (re.compile(r"^Actors|'actors'|unknown actor"), "#actors"),
    (re.compile(r"^Themes|'themes'|unknown theme"), "#themes"),
    (re.compile(r"duplicate id|'id'|\bid\b"), "#event-id"),
)
"""Which field a message is about, by the words it uses (the form's or the loader's)."""


def field_of(message: str) -> str | None:
    """The selector of the form field the first line of `message` is about, if it says."""
    first = message.split("\n", 1)[0]
    # The loader names the event first ("new event 'x': …"): only what follows counts.
    about = _EVENT_NAMED.sub("", first, count=1)
    return next((field for pattern, field in _FIELDS if pattern.search(about)), None)


_EVENT_NAMED = re.compile(r"^(?:new )?event '[^']*': ")


def _name_label(name: Bilingual) -> Content:
    """An actor's or theme's names as a list label: plain text, never markup."""
    return Content(safe_text(f"{name.en} · {name.zh}"))


def _in_stored_order(selected: Iterable[str], stored: Iterable[str]) -> tuple[str, ...]:
    """The selected ids in the order the event stores them, newly chosen ones after."""
    chosen = list(selected)
    kept = [item for item in stored if item in chosen]
    return (*kept, *(item for item in chosen if item not in kept))
