"""Curation writes: add, edit and delete events and add sources, keeping every other byte.

Every write splices text at the offsets of the one table concerned (tui.core.toml_splice finds
them): only the lines of changed fields change; comments, blank lines, the user's order and
line endings stay. The result must parse to exactly the intended data (else nothing is
written), is validated with the loader, is refused if the file changed on disk since it was
read, and replaces the file atomically (tui.core.atomic). Each session keeps the texts it
replaced so `undo` can put them back byte for byte. When the file loads without a problem, a
change to one event parses and validates that event alone (the "in place" methods of
`Curator`); anything less certain takes the whole file.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tomllib
from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Any

import tomlkit

from tui.core.atomic import atomic_write, prepare_write
from tui.core.dates import parse_event_date, sort_key
from tui.core.errors import Problem, TimelineError
from tui.core.freshness import changed_on_disk, content_digest
from tui.core.loader import (
    EVENT_KEYS,
    ID_PATTERN,
    DateTextCheck,
    LoadResult,
    decode_utf8,
    load_text,
    read_events_text,
    schema_2_form,
    validate_event,
)
from tui.core.model import LANGUAGES, Corpus, Event
from tui.core.reading import read_regular
from tui.core.toml_splice import (
    EventBlock,
    SpliceError,
    Statement,
    event_region,
    events_blocks,
    line_ending,
    scan,
)


class ConcurrentEditError(TimelineError):
    """The events file changed on disk since this session read it."""


@dataclass(frozen=True, slots=True)
class QuoteDraft:
    """A quote as the user picked it."""

    source: str
    """Id of the article it comes from."""
    quote: str
    """The passage, verbatim."""
    occurrence: int | None = None
    """Which occurrence, when the passage occurs more than once."""


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event as the new-event or edit form produces it, before validation."""

    id: str
    """Unique event id."""
    date: str
    """TIMEX3-style value."""
    status: str
    """happened or planned."""
    title_en: str
    """English title."""
    title_zh: str
    """Chinese title."""
    actors: tuple[str, ...]
    """Actor ids."""
    themes: tuple[str, ...]
    """Theme ids."""
    quotes: tuple[QuoteDraft, ...]
    """Supporting passages."""
    mod: str | None = None
    """START, MID, END or None."""
    date_text: str | None = None
    """The words in a quote that carry the date."""
    summary_en: str = ""
    """Optional English summary."""
    summary_zh: str = ""
    """Optional Chinese summary."""


HOUSE_ORDER = EVENT_KEYS
"""The keys of an `[[events]]` table in the order the app writes them (the loader's list)."""


def _same_dotted_keys(present: list[Statement], old: Any, new: Any) -> bool:
    """True when a table is written as one bare dotted key a line, for the same keys as `new`."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return False
    subs = [statement.key[1] for statement in present if len(statement.key) == 2]
    return (
        len(subs) == len(present) == len(new)
        and set(subs) == set(new) == set(old)
        and all(_BARE_KEY.fullmatch(sub) for sub in subs)
    )


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_value(value: Any) -> str:
    return str(tomlkit.item(value).as_string())


def event_fields(draft: EventDraft) -> list[tuple[str, str]]:
    """Each key of `draft`'s table with its `key = value` text, in the house order.

    A text may span lines (a `sources` array of several quotes); lines are joined by "\\n".
    """
    fields = [
        ("id", f"id = {_toml_value(draft.id)}"),
        ("date", f"date = {_toml_value(draft.date)}"),
    ]
    if draft.mod:
        fields.append(("mod", f"mod = {_toml_value(draft.mod)}"))
    fields.append(("status", f"status = {_toml_value(draft.status)}"))
    if draft.date_text:
        fields.append(("date_text", f"date_text = {_toml_value(draft.date_text)}"))
    fields.append(
        (
            "title",
            f"title = {{ en = {_toml_value(draft.title_en)}, zh = {_toml_value(draft.title_zh)} }}",
        )
    )
    if draft.summary_en or draft.summary_zh:
        fields.append(
            (
                "summary",
                f"summary = {{ en = {_toml_value(draft.summary_en)}, "
                f"zh = {_toml_value(draft.summary_zh)} }}",
            )
        )
    fields.append(("actors", f"actors = {_toml_value(list(draft.actors))}"))
    fields.append(("themes", f"themes = {_toml_value(list(draft.themes))}"))
    quotes = []
    for quote in draft.quotes:
        parts = f"source = {_toml_value(quote.source)}, quote = {_toml_value(quote.quote)}"
        if quote.occurrence is not None:
            parts += f", occurrence = {quote.occurrence}"
        quotes.append(f"{{ {parts} }}")
    if len(quotes) == 1:
        fields.append(("sources", f"sources = [{quotes[0]}]"))
    else:
        fields.append(
            ("sources", "sources = [\n" + "".join(f"  {quote},\n" for quote in quotes) + "]")
        )
    return fields


_DATE_FIELDS = ("date", "mod", "date_text")
"""A date is one choice in the form: its value, modifier and words change together."""


def describe_undo(before: Corpus, after: Corpus) -> str:
    """Say what an undo took back, from the corpus before and after it.

    Args:
        before: the corpus the undo started from.
        after: the corpus it put back.

    Returns:
        E.g. "Undone: new event 'x' removed.", "Undone: deleted event 'x' is back." or
        "Undone: the edit of event 'x'."; "Undone." when no event changed.
    """
    old = {event.id: event for event in before.events}
    new = {event.id: event for event in after.events}
    gone = [event_id for event_id in old if event_id not in new]
    back = [event_id for event_id in new if event_id not in old]
    # An event's line moves when one above it comes or goes: that is no edit of it.
    edited = [
        event_id
        for event_id in new
        if event_id in old and replace(new[event_id], line=0) != replace(old[event_id], line=0)
    ]
    parts: list[str] = []
    if len(gone) == 1 and len(back) == 1:
        # An edit that renamed the event: its old id is back, the new one gone.
        parts.append(f"the edit of event {back[0]!r} (it was {gone[0]!r})")
        gone, back = [], []
    parts += [f"the edit of event {event_id!r}" for event_id in edited]
    parts += [f"new event {event_id!r} removed" for event_id in gone]
    parts += [f"deleted event {event_id!r} is back" for event_id in back]
    if not parts:
        return "Undone."
    return f"Undone: {'; '.join(parts)}."


def merge_edit(base: EventDraft, mine: EventDraft, theirs: EventDraft) -> EventDraft:
    """The event a form edit means once the file changed under it: the user's changes on theirs.

    A form starts from `base`; the user turns it into `mine`; meanwhile the file came to hold
    `theirs` (another editor's save, read back by a reload). Saving `mine` as it is would put
    back every field the user never touched as the form showed it, silently undoing the other
    editor's work. So a field the user left as it was takes the file's value; one the user
    changed takes the user's. Actors and themes merge by item: those the user added are added
    and those the user removed are removed, in the file's order. With no change on disk
    (`theirs == base`) the result is `mine`.
    """
    if theirs == base:
        return mine

    def pick(name: str) -> Any:
        ours = getattr(mine, name)
        return getattr(theirs, name) if ours == getattr(base, name) else ours

    def items(name: str) -> tuple[str, ...]:
        was, ours, now = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if ours == was:
            return tuple(now)
        kept = [item for item in now if item in ours or item not in was]
        return (*kept, *(item for item in ours if item not in was and item not in kept))

    date_changed = any(getattr(mine, name) != getattr(base, name) for name in _DATE_FIELDS)
    dated = mine if date_changed else theirs
    return replace(
        mine,
        id=pick("id"),
        date=dated.date,
        mod=dated.mod,
        date_text=dated.date_text,
        status=pick("status"),
        title_en=pick("title_en"),
        title_zh=pick("title_zh"),
        summary_en=pick("summary_en"),
        summary_zh=pick("summary_zh"),
        actors=items("actors"),
        themes=items("themes"),
        quotes=pick("quotes"),
    )


def render_event(draft: EventDraft) -> str:
    """The `[[events]]` table for `draft`, as TOML text in the house layout."""
    return "\n".join(["[[events]]", *(text for _, text in event_fields(draft))]) + "\n"


@dataclass
class Curator:
    """One curation session on an events file: every change validated, atomic, undoable."""

    events_path: Path
    """The events file being edited."""
    seeds_dir: Path
    """Where its articles live."""
    check_date_text: DateTextCheck | None = None
    """The date_text cross-check the loader applies (None: skip it)."""
    text: str = ""
    """The file's text as this session last read or wrote it."""
    history: list[str] = field(default_factory=list)
    """Texts replaced by this session's writes, newest last, for undo."""
    notice: str | None = None
    """What the last change did beyond what was asked (a schema upgrade), to tell the user."""
    loaded: LoadResult | None = None
    """What loading the file produced, when the caller has it (the app does): taken as this
    session's validation if `loaded_digest` is the digest of the text read, instead of
    validating the whole file again."""
    loaded_digest: str | None = None
    """The `content_digest` of the bytes `loaded` came from."""
    _digest: str = ""
    """The `content_digest` of `text`: what the file holds unless someone else changed it."""
    _clean: LoadResult | None = None
    """The validation of `text` when it has no problem at all: then a change to one event is
    validated alone against it (see `_update_in_place`); None sends every change the whole
    way."""
    _history_clean: list[LoadResult | None] = field(default_factory=list)
    """`_clean` as it was before each write of `history`, for a quick undo."""

    def __post_init__(self) -> None:
        if self.loaded is not None and self.loaded_digest is not None:
            text = read_events_text(self.events_path)
            raw = text.encode("utf-8")
            if content_digest(raw) == self.loaded_digest:
                self.text = text
                self._digest = content_digest(raw)
                self._clean = None if self.loaded.problems else self.loaded
                self.loaded = None
                return
        self.loaded = None
        self.reload()

    def reload(self) -> LoadResult:
        """Read the file again (e.g. after someone else changed it).

        The undo history ends here: undo puts back the text before the session's last
        write, which would overwrite whatever changed on disk meanwhile.
        """
        self.text = read_events_text(self.events_path)
        self.history.clear()
        self._history_clean.clear()
        self._digest = content_digest(self.text.encode("utf-8"))
        result = self.validate(self.text)
        self._clean = None if result.problems else result
        return result

    def validate(self, text: str) -> LoadResult:
        """Load `text` as if it were the events file."""
        return load_text(
            text, str(self.events_path), self.seeds_dir, check_date_text=self.check_date_text
        )

    def changed_on_disk(self) -> bool:
        """True when the file no longer holds what this session read or wrote."""
        return changed_on_disk(self.events_path, self._digest)

    def add_event(self, draft: EventDraft) -> LoadResult:
        """Append a new event. Raises TimelineError (nothing written) if it doesn't validate."""
        _refuse_draft_surrogates(draft, f"new event {draft.id!r}")
        fast = self._add_in_place(draft)
        if fast is not None:
            return fast
        document = self._document()
        events = document.get("events", [])
        if not isinstance(events, list):
            raise self._layout("the events are not written as [[events]] tables")
        newline = line_ending(self.text)
        text = self.text
        if text and not text.endswith("\n"):
            text += newline
        separator = newline if text else ""
        rendered = render_event(draft).replace("\n", newline)
        new_text = text + separator + rendered
        first = new_text.count("\n", 0, len(text) + len(separator)) + 1
        span = (first, first + rendered.count("\n") - 1)
        expected = dict(document)
        expected["events"] = [*events, tomllib.loads(render_event(draft))["events"][0]]
        new_text, notice = self._schema_for(draft, new_text, expected)
        self._verify(new_text, expected)
        result = self._commit(new_text, unsaved=(span, f"new event {draft.id!r}"))
        self.notice = notice
        return result

    def update_event(self, event_id: str, draft: EventDraft) -> LoadResult:
        """Replace event `event_id` with `draft`, changing only the lines of changed fields.

        A field whose value is unchanged keeps its lines as they are (comments, spacing,
        quoting); a changed one has its lines replaced in place (keeping a trailing
        `# comment` of its last line); a new one is inserted where the house order puts
        it; a removed one loses its lines. Actors and themes keep the user's order: the same
        set keeps its line, otherwise the old items stay in their order, removed ones go and
        new ones are appended in the draft's order. Every other byte of the file stays.
        """
        _refuse_draft_surrogates(draft, f"event {event_id!r} (not saved)")
        fast = self._update_in_place(event_id, draft)
        if fast is not None:
            return fast
        document = self._document()
        lines, statements = self._scan()
        position, block = self._block(document, statements, event_id)
        if block.subtables:
            raise self._layout(
                f"event {event_id!r} is written with [events.*] sub-tables, which the app does "
                f"not edit; edit it in the file"
            )
        old: dict[str, Any] = document["events"][position]
        new_text, span, expected_event = _spliced_update(
            lines, statements, block, old, draft, line_ending(self.text)
        )
        expected = dict(document)
        expected["events"] = [*document["events"]]
        expected["events"][position] = expected_event
        new_text, notice = self._schema_for(draft, new_text, expected)
        self._verify(new_text, expected)
        result = self._commit(new_text, unsaved=(span, f"event {draft.id!r} (not saved)"))
        self.notice = notice
        return result

    def delete_event(self, event_id: str) -> LoadResult:
        """Remove event `event_id`: its own lines only, every other byte of the file stays.

        Removed: its `[[events]]` header through its last key/value line, and one blank line
        that separated it (the one just above the header, else the one just after it). Kept:
        every comment, including one directly above the header and the block that introduces
        the next event (a comment may head a whole section; the app never guesses).
        """
        fast = self._delete_in_place(event_id)
        if fast is not None:
            return fast
        document = self._document()
        lines, statements = self._scan()
        position, block = self._block(document, statements, event_id)
        first = statements[block.header].first
        last = statements[block.end].last
        before = statements[block.header - 1] if block.header > 0 else None
        after = statements[block.end + 1] if block.end + 1 < len(statements) else None
        if before is not None and before.kind == "blank":
            first = before.first
        elif after is not None and after.kind == "blank":
            last = after.last
        kept = lines[:first] + lines[last + 1 :]
        if kept and lines[last].rstrip("\r\n") == lines[last] and kept[-1].endswith("\n"):
            # The block ended the file without a line ending: so does the file now.
            kept[-1] = kept[-1].rstrip("\r\n")
        new_text = "".join(kept)
        expected = dict(document)
        remaining = [*document["events"][:position], *document["events"][position + 1 :]]
        if remaining:
            expected["events"] = remaining
        else:
            del expected["events"]
        self._verify(new_text, expected)
        return self._commit(new_text)

    def add_source(
        self,
        article: Path,
        *,
        title: str,
        publisher: str,
        published: date,
        language: str = "mixed",
        published_note: str | None = None,
        source_id: str | None = None,
    ) -> tuple[str, LoadResult]:
        """Copy `article` into the seeds dir and register it, both or neither; return its id.

        The article is written under a temporary name in the seeds dir, events.toml is
        written, then the article is renamed into place. Any failure (including a failed
        validation or Ctrl+C) removes the temporary article and leaves events.toml as it was.

        Raises:
            TimelineError: unreadable, non-regular, too large or non-UTF-8 article, a bad id or
                text, a different file of the same name already in the seeds dir, bad language,
                or the result doesn't validate.
        """
        for label, value in (
            ("--title", title),
            ("--publisher", publisher),
            ("--note", published_note or ""),
            ("--id", source_id or ""),
            ("the article's file name", article.name),
        ):
            _refuse_surrogates(label, value)
        if language not in LANGUAGES:
            raise TimelineError(f"--language {language!r}: expected one of {', '.join(LANGUAGES)}")
        # The loader's id rule, less the dot: `[sources.a.b]` would be a nested table.
        if source_id is not None and (not ID_PATTERN.fullmatch(source_id) or "." in source_id):
            raise TimelineError(
                f"--id {source_id!r}: a source id is letters, digits, - or _, starting with a "
                f"letter or digit (nothing was written)"
            )
        raw = read_article(article)
        document = self._document()
        sources = document.get("sources", {})
        existing = set(sources) if isinstance(sources, dict) else set()
        new_id = source_id or _next_source_id(existing)
        if new_id in existing:
            raise TimelineError(f"source id {new_id!r} is already taken")
        if self.seeds_dir.exists() and not self.seeds_dir.is_dir():
            raise TimelineError(f"{self.seeds_dir}:0: the seeds folder is not a directory")
        target = self.seeds_dir / article.name
        already = _same_article(target, raw)
        if already:
            # Registering it again would make two sources of one article, every event's
            # quote then found in either: say which source it already is instead.
            for other, table in sources.items() if isinstance(sources, dict) else ():
                named = table.get("file") if isinstance(table, dict) else None
                if isinstance(named, str) and os.path.normpath(named) == article.name:
                    raise TimelineError(
                        f"{target}:0: this article is already registered as source {other!r}; "
                        f"nothing was written"
                    )
        newline = line_ending(self.text)

        def block(file_name: str) -> list[str]:
            lines = [
                f"[sources.{new_id}]",
                f"file = {_toml_value(file_name)}",
                f"title = {_toml_value(title)}",
                f"publisher = {_toml_value(publisher)}",
                f"published = {published.isoformat()}",
            ]
            if published_note:
                lines.append(f"published_note = {_toml_value(published_note)}")
            lines.append(f"language = {_toml_value(language)}")
            return lines

        created = _make_folders(self.seeds_dir)
        try:
            pending = None if already else prepare_write(target, raw)
        except BaseException:
            _remove_folders(created)
            raise
        try:
            staged_name = article.name if pending is None else pending.temporary.name
            staged_text, span = self._with_source(block(staged_name), newline)
            final_text, _ = self._with_source(block(article.name), newline)
            expected = dict(document)
            table = tomllib.loads("\n".join(block(article.name)))["sources"][new_id]
            expected["sources"] = {**(sources if isinstance(sources, dict) else {}), new_id: table}
            self._verify(final_text, expected)
            label = f"new source {new_id!r}"
            try:
                result = self._commit(final_text, validate_as=staged_text, unsaved=(span, label))
            except TimelineError as error:
                if pending is None or not error.problems:
                    raise
                # Validated under its temporary name: say the name the user knows.
                staged, final = pending.temporary.name, article.name
                raise TimelineError(
                    error.message.replace(staged, final),
                    tuple(
                        replace(problem, message=problem.message.replace(staged, final))
                        for problem in error.problems
                    ),
                ) from None
            if pending is not None:
                try:
                    pending.commit()
                except BaseException:
                    self._rollback()
                    raise
        except BaseException:
            if pending is not None:
                pending.discard()
            # All or nothing: the folders made for the article go too.
            _remove_folders(created)
            raise
        return new_id, result

    def undo(self) -> LoadResult:
        """Put back the text before this session's last write.

        Raises:
            TimelineError: nothing to undo, or the file changed on disk meanwhile.
        """
        if not self.history:
            raise TimelineError("nothing to undo")
        previous = self.history[-1]
        clean = self._history_clean[-1]
        if clean is not None:
            # The text it puts back was validated, clean, when this session wrote over it.
            self._write(previous, clean, record=False)
            result = clean
        else:
            result = self._commit(previous, record=False)
        self.history.pop()
        self._history_clean.pop()
        return result

    # -- in place: one event validated alone -------------------------------------------------
    #
    # When the session's text validated without any problem, a change to one event needs no
    # parse of the whole file: its table is found, spliced, parsed and validated alone against
    # the corpus (every id, actor, theme and article is known there), and the corpus is that
    # of before with the one event changed. Whatever is not certain that way (an unusual
    # layout, a problem, a schema upgrade) returns None, and the change goes the whole way,
    # which says what is wrong as it always has.

    def _add_in_place(self, draft: EventDraft) -> LoadResult | None:
        clean = self._clean
        if clean is None or not clean.corpus.events or not self._schema_allows(draft):
            return None
        if any(event.id == draft.id for event in clean.corpus.events):
            return None
        # One `[[events]]` table found where it must be shows the events are an array of
        # tables, so one more at the end of the file is another of them.
        if self._region(clean.corpus.events[0].id) is None:
            return None
        newline = line_ending(self.text)
        text = self.text
        if text and not text.endswith("\n"):
            text += newline
        rendered = render_event(draft).replace("\n", newline)
        first_line = text.count("\n") + 2
        event = self._validated(rendered, render_event(draft), first_line, clean)
        if event is None:
            return None
        corpus = _with_events(clean.corpus, add=event)
        return self._write_in_place(text + newline + rendered, LoadResult(corpus, ()))

    def _update_in_place(self, event_id: str, draft: EventDraft) -> LoadResult | None:
        clean = self._clean
        if clean is None or not self._schema_allows(draft):
            return None
        found = self._region(event_id)
        if found is None:
            return None
        start, end, old, lines, statements, block = found
        if draft.id != event_id and any(event.id == draft.id for event in clean.corpus.events):
            return None
        new_block, _span, expected_event = _spliced_update(
            lines, statements, block, old, draft, line_ending(self.text)
        )
        if not new_block.endswith("\n") and end != len(self.text):
            return None
        first_line = self.text.count("\n", 0, start) + 1
        event = self._validated(new_block, None, first_line, clean, expected_event)
        previous = clean.corpus.event(event_id)
        if event is None or previous is None:
            return None
        shift = new_block.count("\n") - self.text.count("\n", start, end)
        corpus = _with_events(clean.corpus, add=event, remove=previous, shift=shift)
        new_text = self.text[:start] + new_block + self.text[end:]
        return self._write_in_place(new_text, LoadResult(corpus, ()))

    def _delete_in_place(self, event_id: str) -> LoadResult | None:
        clean = self._clean
        if clean is None:
            return None
        found = self._region(event_id)
        previous = clean.corpus.event(event_id)
        if found is None or previous is None:
            return None
        start, _end, _old, lines, statements, block = found
        text = self.text
        # As the whole-file delete does: the table's own lines and one blank line that
        # separated it, the one above its header, else the one after it.
        last = statements[block.end].last
        above = text.rfind("\n", 0, start - 1) + 1 if start else start
        if start and not text[above:start].strip(" \t\r\n"):
            removed_from = above
        else:
            removed_from = start
            after = statements[block.end + 1] if block.end + 1 < len(statements) else None
            if after is not None and after.kind == "blank":
                last = after.last
        removed_to = start + sum(len(line) for line in lines[: last + 1])
        head = text[:removed_from]
        if not lines[last].endswith("\n") and head.endswith("\n"):
            # The table ended the file without a line ending: so does the file now.
            head = head[:-2] if head.endswith("\r\n") else head[:-1]
        shift = -text.count("\n", removed_from, removed_to)
        corpus = _with_events(clean.corpus, remove=previous, shift=shift)
        return self._write_in_place(head + text[removed_to:], LoadResult(corpus, ()))

    def _schema_allows(self, draft: EventDraft) -> bool:
        """True when the file's schema is known and takes `draft`'s date without an upgrade."""
        header = _TABLE_HEADER.search(self.text)
        line = _SCHEMA_LINE.search(self.text, 0, header.start() if header else len(self.text))
        if line is None or line["value"] not in ("1", "2"):
            return False
        return line["value"] == "2" or not needs_schema_2(draft.date, draft.mod)

    def _region(
        self, event_id: str
    ) -> tuple[int, int, dict[str, Any], list[str], list[Statement], EventBlock] | None:
        """Event `event_id`'s region of the text (see `event_region`), its table and statements."""
        found = event_region(self.text, event_id)
        if found is None:
            return None
        start, end = found
        region = self.text[start:end]
        try:
            parsed = tomllib.loads(region)
            lines, statements = scan(region)
        except (tomllib.TOMLDecodeError, SpliceError, RecursionError, ValueError):
            return None
        blocks = events_blocks(statements)
        tables = parsed.get("events")
        if (
            list(parsed) != ["events"]
            or not isinstance(tables, list)
            or len(tables) != 1
            or len(blocks) != 1
            or blocks[0].header != 0
            or blocks[0].subtables
            or not isinstance(tables[0], dict)
            or tables[0].get("id") != event_id
        ):
            return None
        return start, end, tables[0], lines, statements, blocks[0]

    def _validated(
        self,
        block: str,
        house: str | None,
        first_line: int,
        clean: LoadResult,
        expected: dict[str, Any] | None = None,
    ) -> Event | None:
        """The event `block` (an `[[events]]` table's text) holds, when it is what was meant
        (`house`'s table or `expected`) and valid against `clean`'s corpus; else None."""
        try:
            parsed = tomllib.loads(block)
            if house is not None:
                expected = tomllib.loads(house)["events"][0]
        except (tomllib.TOMLDecodeError, RecursionError, ValueError):
            return None
        if parsed != {"events": [expected]}:
            return None
        event, problems = validate_event(
            expected,
            clean.corpus,
            block,
            first_line,
            schema=2 if self._schema_is_2() else 1,
            shown_path=str(self.events_path),
            seeds_dir=self.seeds_dir,
            check_date_text=self.check_date_text,
        )
        return None if problems else event

    def _schema_is_2(self) -> bool:
        header = _TABLE_HEADER.search(self.text)
        line = _SCHEMA_LINE.search(self.text, 0, header.start() if header else len(self.text))
        return line is not None and line["value"] == "2"

    def _write_in_place(self, new_text: str, result: LoadResult) -> LoadResult:
        self.notice = None
        if new_text == self.text:
            # Nothing changed: no write (the file keeps its times) and no step to undo.
            self._refuse_if_changed()
            return self._clean if self._clean is not None else result
        self._write(new_text, result)
        return result

    # -- helpers ---------------------------------------------------------------------------

    def _document(self) -> dict[str, Any]:
        """The session's text parsed, or a TimelineError saying it must load first."""
        try:
            return tomllib.loads(self.text)
        except (tomllib.TOMLDecodeError, RecursionError, ValueError):
            pass
        fatal = tuple(problem for problem in self.validate(self.text).problems if problem.fatal)
        note = Problem(
            str(self.events_path),
            0,
            "the file does not load, so the app cannot change it; fix it in an editor "
            "and reload (nothing was written)",
        )
        raise TimelineError(str(note), (*fatal, note))

    def _scan(self) -> tuple[list[str], list[Statement]]:
        try:
            return scan(self.text)
        except (SpliceError, tomllib.TOMLDecodeError) as error:
            raise self._layout(f"the app cannot follow the file's layout ({error})") from None

    def _layout(self, message: str) -> TimelineError:
        return TimelineError.at(str(self.events_path), 0, f"{message} (nothing was written)")

    def _block(
        self, document: dict[str, Any], statements: list[Statement], event_id: str
    ) -> tuple[int, EventBlock]:
        events = document.get("events")
        blocks = events_blocks(statements)
        if not isinstance(events, list) or len(events) != len(blocks):
            if isinstance(events, list) and any(
                isinstance(table, dict) and table.get("id") == event_id for table in events
            ):
                raise self._layout(
                    "the events are not all written as [[events]] tables, so the app "
                    "cannot change one safely; edit the file in an editor"
                )
            raise TimelineError(f"no event with id {event_id!r}")
        for position, table in enumerate(events):
            if isinstance(table, dict) and table.get("id") == event_id:
                return position, blocks[position]
        raise TimelineError(f"no event with id {event_id!r}")

    def _with_source(self, block: list[str], newline: str) -> tuple[str, tuple[int, int]]:
        """The text with a `[sources.x]` table after the last source (or at the end)."""
        lines, statements = self._scan()
        table: tuple[str, ...] = ()
        anchor: int | None = None
        for statement in statements:
            if statement.kind in ("header", "array-header"):
                table = statement.key
            elif statement.kind == "keyval" and (table + statement.key)[0] == "sources":
                anchor = statement.last
        rendered = [line + newline for line in block]
        if anchor is None:
            head = lines[:]
            if head and not head[-1].endswith("\n"):
                head[-1] += newline
            prefix = [newline] if head else []
            out = head + prefix + rendered
            first = len(head) + len(prefix) + 1
        else:
            head = lines[: anchor + 1]
            if not head[-1].endswith("\n"):
                head[-1] += newline
                rendered[-1] = rendered[-1].rstrip("\r\n")
            out = [*head, newline, *rendered, *lines[anchor + 1 :]]
            first = anchor + 3
        return "".join(out), (first, first + len(block) - 1)

    def _schema_for(
        self, draft: EventDraft, new_text: str, expected: dict[str, Any]
    ) -> tuple[str, str | None]:
        """`new_text` with `schema = 1` made 2 when the draft's date needs schema 2, and what
        to tell the user once it is written (None when nothing changed).

        Only the digit changes (the line keeps its spacing and comment) and `expected` learns
        the new value; anything else is left for validation to explain.
        """
        self.notice = None
        if expected.get("schema") != 1 or not needs_schema_2(draft.date, draft.mod):
            return new_text, None
        line = _SCHEMA_1.search(new_text)
        table = _TABLE_HEADER.search(new_text)
        if line is None or table is not None and table.start() < line.start():
            return new_text, None
        expected["schema"] = 2
        notice = (
            f"{self.events_path.name} now says schema = 2: dates such as {draft.date!r}"
            f"{' ' + draft.mod if draft.mod else ''} are new in schema 2, and hk-timeline 0.1 "
            f"will refuse the file"
        )
        return new_text[: line.start("digit")] + "2" + new_text[line.end("digit") :], notice

    def _verify(self, new_text: str, expected: dict[str, Any]) -> None:
        """Refuse a splice whose result does not parse to exactly the intended data."""
        try:
            parsed = tomllib.loads(new_text)
        except (tomllib.TOMLDecodeError, RecursionError, ValueError):
            parsed = None
        if parsed != expected:
            raise self._layout(
                "the change could not be made in place without touching other data "
                "(an unusual layout); edit the file in an editor"
            )

    def _rollback(self) -> None:
        """Put back the text before the last write (a later step of the same change failed)."""
        previous = self.history.pop()
        atomic_write(self.events_path, previous)
        self.text = previous
        self._digest = content_digest(previous.encode("utf-8"))
        self._clean = self._history_clean.pop()

    def _commit(
        self,
        new_text: str,
        *,
        record: bool = True,
        validate_as: str | None = None,
        unsaved: tuple[tuple[int, int], str] | None = None,
    ) -> LoadResult:
        self._refuse_if_changed()
        if new_text == self.text and validate_as is None:
            # Nothing changed: no write (the file keeps its times) and no step to undo.
            return self.validate(new_text)
        known = self._clean if self._clean is not None else self.validate(self.text)
        before = {_unlocated(problem) for problem in known.problems}
        result = self.validate(new_text if validate_as is None else validate_as)
        introduced = tuple(
            _relabel(problem, str(self.events_path), unsaved)
            for problem in result.problems
            if _unlocated(problem) not in before
        )
        if introduced:
            raise TimelineError("the change does not validate; nothing was written", introduced)
        # Validation takes a while: look again just before replacing the file.
        clean = None if result.problems or validate_as is not None else result
        self._write(new_text, clean, record=record)
        return result

    def _write(self, new_text: str, clean: LoadResult | None, *, record: bool = True) -> None:
        """Replace the file with `new_text` (validated: `clean`), unless it changed on disk."""
        self._refuse_if_changed()
        raw = new_text.encode("utf-8")
        atomic_write(self.events_path, raw)
        if record:
            self.history.append(self.text)
            self._history_clean.append(self._clean)
        self.text = new_text
        self._digest = content_digest(raw)
        self._clean = clean

    def _refuse_if_changed(self) -> None:
        if self.changed_on_disk():
            raise ConcurrentEditError(
                f"{self.events_path}:0: the file changed on disk since it was loaded; "
                f"reload it before saving (nothing was written)"
            )


_SCHEMA_1 = re.compile(r"^[ \t]*schema[ \t]*=[ \t]*(?P<digit>1)[ \t]*(?:#[^\r\n]*)?\r?$", re.M)
"""The top-level `schema = 1` line (a trailing comment allowed)."""
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)
_SCHEMA_LINE = re.compile(
    r"^[ \t]*schema[ \t]*=[ \t]*(?P<value>[0-9]+)[ \t]*(?:#[^\r\n]*)?\r?$", re.M
)
"""The top-level `schema = N` line, read before the first table."""


def needs_schema_2(value: str, mod: str | None) -> bool:
    """True when the date `value` with `mod` is a form new in schema 2 (an interval, APPROX)."""
    try:
        return schema_2_form(parse_event_date(value, mod)) is not None
    except TimelineError:
        return False


def _spliced_update(
    lines: list[str],
    statements: list[Statement],
    block: EventBlock,
    old: dict[str, Any],
    draft: EventDraft,
    newline: str,
) -> tuple[str, tuple[int, int], dict[str, Any]]:
    """`lines` with event `block` (parsed: `old`) changed into `draft` (see Curator.update_event).

    Returns:
        The new text, the (first, last) line numbers of the event's table in it, and the
        table it must parse to.
    """
    fields = dict(event_fields(_keep_order(draft, old)))
    expected_event = {key: value for key, value in old.items() if key not in HOUSE_ORDER}
    groups: dict[str, list[Statement]] = {}
    for statement in statements[block.header + 1 : block.end + 1]:
        if statement.kind == "keyval":
            groups.setdefault(statement.key[0], []).append(statement)
    replace: dict[int, list[str]] = {}
    drop: set[int] = set()
    insert: dict[int, list[str]] = {}
    header_line = statements[block.header].first
    indent = ""
    for group in groups.values():
        first_line = lines[group[0].first]
        indent = first_line[: len(first_line) - len(first_line.lstrip(" \t"))]
        break
    anchor = header_line
    for key in HOUSE_ORDER:
        present = groups.get(key)
        if key not in fields:
            for statement in present or ():
                drop.update(range(statement.first, statement.last + 1))
            kept = _comments_of(lines, present or [], indent, first_trailing=True)
            if present and kept:
                # The field goes; what the user wrote about it stays where it was.
                last = lines[present[0].last]
                ending = last[len(last.rstrip("\r\n")) :]
                replace[present[0].first] = [
                    *(line + newline for line in kept[:-1]),
                    kept[-1] + ending,
                ]
            continue
        new_value = tomllib.loads(fields[key])[key]
        expected_event[key] = new_value
        if present is not None and old.get(key) == new_value:
            anchor = max(anchor, present[-1].last)
            continue
        if present is not None and _same_dotted_keys(present, old.get(key), new_value):
            # `title.en = …` / `title.zh = …`: only the line whose value changed.
            for statement in present:
                sub = statement.key[1]
                if old[key][sub] == new_value[sub]:
                    continue
                last = lines[statement.last]
                body = last.rstrip("\r\n")
                line = f"{indent}{key}.{sub} = {_toml_value(new_value[sub])}"
                if statement.comment is not None:
                    line += body[statement.comment :]
                replace[statement.first] = [line + last[len(body) :]]
                drop.update(range(statement.first + 1, statement.last + 1))
            anchor = max(anchor, present[-1].last)
            continue
        new_lines = [indent + part for part in fields[key].split("\n")]
        if present is None:
            insert.setdefault(anchor, []).extend(new_lines)
            continue
        head = present[0]
        last = lines[head.last]
        body = last.rstrip("\r\n")
        if head.comment is not None:
            new_lines[-1] += body[head.comment :]
        ending = last[len(body) :]
        # Comments inside the old value (`"hsbc",  # the bank` in a multi-line array)
        # or after its other dotted keys have no line of theirs in the new one: they go
        # just above it, in their order.
        inner = _comments_of(lines, present, indent, first_trailing=False)
        replace[head.first] = [
            *(line + newline for line in (*inner, *new_lines[:-1])),
            new_lines[-1] + ending,
        ]
        drop.update(range(head.first + 1, head.last + 1))
        for statement in present[1:]:
            drop.update(range(statement.first, statement.last + 1))
        anchor = max(anchor, present[-1].last)
    out: list[str] = []
    block_last = statements[block.end].last
    span_first = span_last = 0
    for index, line in enumerate(lines):
        if index == header_line:
            span_first = len(out) + 1
        if index in replace:
            out.extend(replace[index])
        elif index not in drop:
            out.append(line)
        if index in insert:
            if not out[-1].endswith("\n"):
                out[-1] += newline
                out.extend(line + newline for line in insert[index][:-1])
                out.append(insert[index][-1])
            else:
                out.extend(line + newline for line in insert[index])
        if index == block_last:
            span_last = len(out)
    return "".join(out), (span_first, span_last), expected_event


def _with_events(
    corpus: Corpus, *, add: Event | None = None, remove: Event | None = None, shift: int = 0
) -> Corpus:
    """`corpus` with event `remove` taken out and `add` put in, in the loader's order.

    The events below `remove`'s lines in the file move by `shift` lines (its table grew or
    shrank); an added event goes at the end of the file, so none moves for it.
    """
    events = list(corpus.events)
    if remove is not None:
        # By identity: comparing events field by field costs more than finding it.
        del events[next(index for index, event in enumerate(events) if event is remove)]
        if shift:
            events = [
                _moved(event, shift) if event.line > remove.line else event for event in events
            ]
    if add is not None:
        insort(events, add, key=_loader_order)
    return replace(corpus, events=tuple(events))


_EVENT_FIELDS = tuple(item.name for item in fields(Event))
_EVENT_VALUES = attrgetter(*_EVENT_FIELDS)
_LINE_FIELD = _EVENT_FIELDS.index("line")


def _moved(event: Event, shift: int) -> Event:
    """`event` `shift` lines further down: `replace` without its per-call cost, which tells
    when tens of thousands of events move."""
    values = list(_EVENT_VALUES(event))
    values[_LINE_FIELD] += shift
    return Event(*values)


def _loader_order(event: Event) -> tuple[Any, ...]:
    """The key the loader sorts the corpus's events by."""
    return (*sort_key(event.date), event.id)


def _relabel(problem: Problem, path: str, unsaved: tuple[tuple[int, int], str] | None) -> Problem:
    """A problem on a line of the not-yet-saved text, named by what it is about instead."""
    if unsaved is None or problem.path != path:
        return problem
    (first, last), label = unsaved
    if first <= problem.line <= last:
        message = problem.message
        named = _NAMED_EVENT.match(message)
        if named is not None and named[1] in label:
            # The label names the event already ("new event 'x': event 'x': …" said it twice).
            message = message[named.end() :]
        return Problem(problem.path, problem.line, message, problem.fatal, label)
    return problem


_NAMED_EVENT = re.compile(r"event ('[^']*'): ")


def _comments_of(
    lines: list[str], statements: list[Statement], indent: str, *, first_trailing: bool
) -> list[str]:
    """The comments in `statements`' lines, each as a line of its own, in file order.

    Those inside a multi-line value and the trailing `# comment` of each statement; the first
    statement's trailing comment only when `first_trailing` (a replaced value keeps it on
    its own last line).
    """
    found: list[str] = []
    for position, statement in enumerate(statements):
        found.extend(
            indent + lines[line][column:].rstrip("\r\n") for line, column in statement.inner
        )
        if statement.comment is not None and (first_trailing or position > 0):
            body = lines[statement.last].rstrip("\r\n")
            found.append(indent + body[statement.comment :].lstrip(" \t"))
    return found


def _keep_order(draft: EventDraft, old: dict[str, Any]) -> EventDraft:
    """`draft` with actors and themes in the user's order (see Curator.update_event)."""

    def merged(new: tuple[str, ...], stored: Any) -> tuple[str, ...]:
        if not isinstance(stored, list):
            return new
        if set(stored) == set(new):
            return tuple(stored)
        kept = [item for item in stored if item in new]
        return (*kept, *(item for item in new if item not in kept))

    return replace(
        draft,
        actors=merged(draft.actors, old.get("actors")),
        themes=merged(draft.themes, old.get("themes")),
    )


def _refuse_surrogates(label: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise TimelineError(
            f"{label}: holds bytes that are not UTF-8 (U+{ord(value[error.start]):04X}); "
            f"give it as UTF-8 text (nothing was written)"
        ) from None


def _refuse_draft_surrogates(draft: EventDraft, label: str) -> None:
    for name in ("id", "date", "status", "title_en", "title_zh", "summary_en", "summary_zh"):
        _refuse_surrogates(f"{label}: {name}", getattr(draft, name))
    for name in ("mod", "date_text"):
        _refuse_surrogates(f"{label}: {name}", getattr(draft, name) or "")
    for item in (*draft.actors, *draft.themes):
        _refuse_surrogates(f"{label}: actors/themes", item)
    for quote in draft.quotes:
        _refuse_surrogates(f"{label}: quote", quote.source + quote.quote)


def read_article(article: Path) -> bytes:
    """The bytes of an article to add, refusing anything but a regular file up to the limit.

    Raises:
        TimelineError: missing, not a regular file, too large, unreadable, not UTF-8, empty.
    """
    shown = str(article)
    raw = read_regular(article, shown, what="article")
    decode_utf8(raw, shown, what="article")
    if not raw.strip():
        raise TimelineError(f"{shown}:0: article is empty")
    return raw


def _make_folders(folder: Path) -> list[Path]:
    """Create `folder` and any missing parents; return those created, deepest first.

    Raises:
        TimelineError: one could not be created (those made before it are removed).
    """
    missing: list[Path] = []
    cursor = folder
    while not cursor.is_dir() and not cursor.exists() and cursor != cursor.parent:
        missing.append(cursor)
        cursor = cursor.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, not ours to remove
        except OSError as error:
            _remove_folders(created[::-1])
            raise TimelineError(
                f"{folder}:0: cannot create the seeds folder: {error.strerror or error} "
                f"(nothing was written)"
            ) from None
        created.append(path)
    return created[::-1]


def _remove_folders(created: list[Path]) -> None:
    """Remove folders `_make_folders` created, deepest first, each only while empty."""
    for path in created:
        with contextlib.suppress(OSError):
            path.rmdir()


def _same_article(target: Path, raw: bytes) -> bool:
    """True when `target` already holds `raw`; refuses a different file of that name."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise TimelineError(f"{target}:0: cannot read: {error.strerror or error}") from None
    if stat.S_ISLNK(status.st_mode):
        # Written through, the article would land wherever the link points, perhaps
        # outside the seeds directory, where the loader refuses to read it.
        raise TimelineError(
            f"{target}:0: is a symbolic link in the seeds directory; remove it or rename "
            f"the article (nothing was written)"
        )
    if stat.S_ISREG(status.st_mode) and status.st_size == len(raw) and target.read_bytes() == raw:
        return True
    raise TimelineError(
        f"{target}:0: a different article with this name is already in the seeds "
        f"directory; rename the file"
    )


def _unlocated(problem: Problem) -> tuple[str, str]:
    return problem.path, problem.message


def _next_source_id(existing: Sequence[str] | set[str]) -> str:
    numbers = [int(match[1]) for name in existing if (match := re.fullmatch(r"s(\d+)", name))]
    return f"s{(max(numbers) + 1) if numbers else 0:03d}"
