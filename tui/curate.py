"""Curation writes: add, edit and delete events and add sources, safely, through tomlkit.

Every write parses the file with tomlkit (which round-trips bytes exactly), changes only
the one table concerned, validates the new text with the loader, refuses if the file
changed on disk since it was read, and replaces the file atomically. Each session keeps
the texts it replaced so `undo` can put them back.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit

from tui.atomic import atomic_write
from tui.errors import Problem, TimelineError
from tui.loader import DateTextCheck, LoadResult, decode_utf8, load_text, read_events_text
from tui.model import LANGUAGES


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


def _toml_value(value: Any) -> str:
    return str(tomlkit.item(value).as_string())


def render_event(draft: EventDraft) -> str:
    """The `[[events]]` table for `draft`, as TOML text in the house layout."""
    lines = ["[[events]]", f"id = {_toml_value(draft.id)}", f"date = {_toml_value(draft.date)}"]
    if draft.mod:
        lines.append(f"mod = {_toml_value(draft.mod)}")
    lines.append(f"status = {_toml_value(draft.status)}")
    if draft.date_text:
        lines.append(f"date_text = {_toml_value(draft.date_text)}")
    lines.append(
        f"title = {{ en = {_toml_value(draft.title_en)}, zh = {_toml_value(draft.title_zh)} }}"
    )
    if draft.summary_en or draft.summary_zh:
        lines.append(
            f"summary = {{ en = {_toml_value(draft.summary_en)}, "
            f"zh = {_toml_value(draft.summary_zh)} }}"
        )
    lines.append(f"actors = {_toml_value(list(draft.actors))}")
    lines.append(f"themes = {_toml_value(list(draft.themes))}")
    quotes = []
    for quote in draft.quotes:
        parts = f"source = {_toml_value(quote.source)}, quote = {_toml_value(quote.quote)}"
        if quote.occurrence is not None:
            parts += f", occurrence = {quote.occurrence}"
        quotes.append(f"{{ {parts} }}")
    if len(quotes) == 1:
        lines.append(f"sources = [{quotes[0]}]")
    else:
        lines.append("sources = [\n" + "".join(f"  {quote},\n" for quote in quotes) + "]")
    return "\n".join(lines) + "\n"


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


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
    _digest: str = ""

    def __post_init__(self) -> None:
        self.reload()

    def reload(self) -> LoadResult:
        """Read the file again (e.g. after someone else changed it); forget nothing else."""
        self.text = read_events_text(self.events_path)
        self._digest = _digest(self.text.encode("utf-8"))
        return self.validate(self.text)

    def validate(self, text: str) -> LoadResult:
        """Load `text` as if it were the events file."""
        return load_text(
            text, str(self.events_path), self.seeds_dir, check_date_text=self.check_date_text
        )

    def changed_on_disk(self) -> bool:
        """True when the file no longer holds what this session read or wrote."""
        try:
            raw = self.events_path.read_bytes()
        except OSError:
            return True
        return _digest(raw) != self._digest

    def add_event(self, draft: EventDraft) -> LoadResult:
        """Append a new event. Raises TimelineError (nothing written) if it doesn't validate."""
        document = tomlkit.parse(self.text)
        table = _parse_event(render_event(draft))
        table.trivia.indent = "\n"
        events = document.get("events")
        if events is None:
            document.append("events", tomlkit.aot())
            events = document["events"]
        events.append(table)
        return self._commit(tomlkit.dumps(document))

    def update_event(self, event_id: str, draft: EventDraft) -> LoadResult:
        """Replace event `event_id` with `draft`; every other byte of the file stays."""
        document = tomlkit.parse(self.text)
        events = _events_of(document)
        position = _position(events, event_id)
        old = events[position]
        trailing = old.as_string()[len(old.as_string().rstrip("\n")) :]
        table = _parse_event(render_event(draft).rstrip("\n") + (trailing or "\n"))
        table.trivia.indent = old.trivia.indent
        events[position] = table
        return self._commit(tomlkit.dumps(document))

    def delete_event(self, event_id: str) -> LoadResult:
        """Remove event `event_id`; every other byte of the file stays."""
        document = tomlkit.parse(self.text)
        events = _events_of(document)
        del events[_position(events, event_id)]
        return self._commit(tomlkit.dumps(document))

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
        """Copy `article` into the seeds dir and register it; return its id and the result.

        Raises:
            TimelineError: unreadable or non-UTF-8 article, a different file of the same name
                already in the seeds dir, bad language, or the result doesn't validate.
        """
        if language not in LANGUAGES:
            raise TimelineError(f"--language {language!r}: expected one of {', '.join(LANGUAGES)}")
        try:
            raw = article.read_bytes()
        except IsADirectoryError:
            raise TimelineError(f"{article}:0: is a directory, not an article") from None
        except OSError as error:
            raise TimelineError(f"{article}:0: cannot read: {error.strerror or error}") from None
        decode_utf8(raw, str(article), what="article")
        if not raw.strip():
            raise TimelineError(f"{article}:0: article is empty")
        document = tomlkit.parse(self.text)
        sources = document.get("sources")
        existing = set(sources) if sources is not None else set()
        new_id = source_id or _next_source_id(existing)
        if new_id in existing:
            raise TimelineError(f"source id {new_id!r} is already taken")
        target = self.seeds_dir / article.name
        if target.exists() and target.read_bytes() != raw:
            raise TimelineError(
                f"{target}:0: a different article with this name is already in the seeds "
                f"directory; rename the file"
            )
        block = [
            f"[sources.{new_id}]",
            f"file = {_toml_value(article.name)}",
            f"title = {_toml_value(title)}",
            f"publisher = {_toml_value(publisher)}",
            f"published = {published.isoformat()}",
        ]
        if published_note:
            block.append(f"published_note = {_toml_value(published_note)}")
        block.append(f"language = {_toml_value(language)}")
        table = tomlkit.parse("\n".join(block) + "\n\n")["sources"][new_id]
        if sources is None:
            document.add(tomlkit.nl())
            sources = tomlkit.table(is_super_table=True)
            document.add("sources", sources)
        sources.append(new_id, table)
        new_text = tomlkit.dumps(document)
        copied = False
        if not target.exists():
            self.seeds_dir.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(article, temporary)
            temporary.replace(target)
            copied = True
        try:
            result = self._commit(new_text)
        except TimelineError:
            if copied:
                target.unlink(missing_ok=True)
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
        result = self._commit(previous, record=False)
        self.history.pop()
        return result

    def _commit(self, new_text: str, *, record: bool = True) -> LoadResult:
        if self.changed_on_disk():
            raise ConcurrentEditError(
                f"{self.events_path}:0: the file changed on disk since it was loaded; "
                f"reload it before saving (nothing was written)"
            )
        before = {_unlocated(problem) for problem in self.validate(self.text).problems}
        result = self.validate(new_text)
        introduced = tuple(
            problem for problem in result.problems if _unlocated(problem) not in before
        )
        if introduced:
            raise TimelineError("the change does not validate; nothing was written", introduced)
        try:
            atomic_write(self.events_path, new_text)
        except OSError as error:
            raise TimelineError(
                f"{self.events_path}:0: cannot write: {error.strerror or error} "
                f"(the file was left as it was)"
            ) from None
        if record:
            self.history.append(self.text)
        self.text = new_text
        self._digest = _digest(new_text.encode("utf-8"))
        return result


def _unlocated(problem: Problem) -> tuple[str, str]:
    return problem.path, problem.message


def _parse_event(snippet: str) -> Any:
    return tomlkit.parse(snippet)["events"][0]


def _events_of(document: Any) -> Any:
    events = document.get("events")
    if events is None:
        raise TimelineError("the events file has no [[events]]")
    return events


def _position(events: Any, event_id: str) -> int:
    for position, table in enumerate(events):
        if table.get("id") == event_id:
            return position
    raise TimelineError(f"no event with id {event_id!r}")


def _next_source_id(existing: Sequence[str] | set[str]) -> str:
    numbers = [int(match[1]) for name in existing if (match := re.fullmatch(r"s(\d+)", name))]
    return f"s{(max(numbers) + 1) if numbers else 0:03d}"
