"""The timeline's data model: typed, frozen, free of any UI code."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Language = Literal["zh-Hant", "zh-Hans", "en", "mixed"]
Mod = Literal["START", "MID", "END", "APPROX"]
DateKind = Literal["point", "interval"]
Status = Literal["happened", "planned"]
ActorKind = Literal["organisation", "person"]

LANGUAGES: tuple[Language, ...] = ("zh-Hant", "zh-Hans", "en", "mixed")
MODS: tuple[Mod, ...] = ("START", "MID", "END", "APPROX")
NARROWING_MODS: tuple[Mod, ...] = ("START", "MID", "END")
"""The mods that narrow a point to a third of its days; APPROX does not narrow."""
STATUSES: tuple[Status, ...] = ("happened", "planned")
ACTOR_KINDS: tuple[ActorKind, ...] = ("organisation", "person")


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A short text in English and Chinese."""

    en: str
    """The English text."""
    zh: str
    """The Chinese text, in whichever script the curator wrote it."""

    def pick(self, lang: str) -> str:
        """Return the text in `lang` ("en" or "zh"), falling back to the other."""
        if lang == "zh":
            return self.zh or self.en
        return self.en or self.zh


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date: a point at its own precision or an interval, with the days it covers."""

    value: str
    """TIMEX3-style value: a point (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn) or an
    interval "A/B" of two points, either of which may be empty for an open side ("2019-07/"
    since July 2019, "/2026-01-04" on or before 4 Jan 2026)."""
    mod: Mod | None
    """START / MID / END (a point's first, middle or last third), APPROX, or None."""
    first: date | None
    """First day covered, once the mod has narrowed it; None for an open start."""
    last: date | None
    """Last day covered, once the mod has narrowed it; None for an open end."""

    @property
    def kind(self) -> DateKind:
        """ "interval" for a value with "/", otherwise "point"."""
        return "interval" if "/" in self.value else "point"

    @property
    def anchor(self) -> date:
        """The day the date sorts and groups by: its first day, or its last when open-start."""
        anchor = self.first if self.first is not None else self.last
        assert anchor is not None  # an interval has at least one end
        return anchor

    @property
    def year(self) -> int:
        """The calendar year of `anchor`."""
        return self.anchor.year


@dataclass(frozen=True, slots=True)
class Source:
    """One article of the corpus."""

    id: str
    """The source's id in events.toml (the key under [sources])."""
    file: str
    """Path of the article, relative to the seeds directory."""
    title: str
    """The article's headline or a faithful description of it."""
    publisher: str
    """Who published the article."""
    published: date
    """Publication date; relative dates in the article resolve against it."""
    published_note: str | None
    """Evidence for an inferred publication date, or None when printed."""
    language: Language
    """The article's script or language."""
    text: str
    """The article's full text, decoded from UTF-8."""


@dataclass(frozen=True, slots=True)
class Actor:
    """An organisation or a person named in the articles."""

    id: str
    """The actor's id (the key under [actors])."""
    name: Bilingual
    """English and Chinese names."""
    aliases: tuple[str, ...]
    """Other spellings a reader may type, in any script."""
    parent: str | None
    """Id of the organisation above it: an organisation's parent, or a person's `member_of`
    (their organisation at the time); None for none."""
    kind: ActorKind = "organisation"
    """organisation or person."""
    role: Bilingual | None = None
    """A person's role at the time ("Chief Executive", "總裁"), or None."""

    @property
    def is_person(self) -> bool:
        """True for a person."""
        return self.kind == "person"


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme events are tagged with."""

    id: str
    """The theme's id (the key under [themes])."""
    name: Bilingual
    """English and Chinese names."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim passage of an article that supports an event."""

    source: str
    """Id of the source the passage is quoted from."""
    text: str
    """The passage, exactly as in the article."""
    start: int
    """Code-point offset of the passage in the article text."""
    end: int
    """Code-point offset just past the passage."""


@dataclass(frozen=True, slots=True)
class Event:
    """One dated fact of the timeline."""

    id: str
    """Unique event id."""
    date: EventDate
    """When it happened or is planned to happen."""
    status: Status
    """happened, or planned (in the future at the source's date)."""
    date_text: str | None
    """The words in the quote that carry the date, if any."""
    title: Bilingual
    """Short title in the curator's words."""
    summary: Bilingual | None
    """Optional longer summary."""
    actors: tuple[str, ...]
    """Ids of the organisations involved."""
    themes: tuple[str, ...]
    """Ids of the themes."""
    quotes: tuple[Quote, ...]
    """The passages that support the event."""
    line: int = 0
    """Line of the event's table in events.toml (0 when unknown)."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """A loaded, validated timeline: sources, actors, themes and events."""

    sources: dict[str, Source] = field(default_factory=dict)
    """Sources by id, in file order."""
    actors: dict[str, Actor] = field(default_factory=dict)
    """Actors by id, in file order."""
    themes: dict[str, Theme] = field(default_factory=dict)
    """Themes by id, in file order."""
    events: tuple[Event, ...] = ()
    """Events in chronological order."""

    def event(self, event_id: str) -> Event | None:
        """Return the event with `event_id`, or None."""
        for event in self.events:
            if event.id == event_id:
                return event
        return None
