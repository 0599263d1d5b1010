"""Export the timeline as JSON, CSV, Markdown or a TimelineJS3 document."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from tui.core.dates import days_text, display
from tui.core.errors import TimelineError
from tui.core.model import NARROWING_MODS, Corpus, Event
from tui.core.text_fitting import safe_text

FORMATS = ("json", "csv", "md", "timelinejs")
"""The export formats, as named on the command line."""


SUFFIXES = {"json": ".json", "csv": ".csv", "md": ".md", "timelinejs": ".timelinejs.json"}
"""The file name ending each format is suggested with."""
FORMAT_NAMES = {"json": "JSON", "csv": "CSV", "md": "Markdown", "timelinejs": "TimelineJS"}
"""Each format as a person names it."""


def output_path(text: str, cwd: Path) -> Path:
    """The file a user typed: ~ expanded, a relative path taken from `cwd`.

    Raises:
        TimelineError: nothing was typed.
    """
    typed = text.strip()
    if not typed:
        raise TimelineError("the file name is empty; type where to write the export")
    try:
        path = Path(typed).expanduser()
    except RuntimeError:  # ~ with no home directory
        path = Path(typed)
    return path if path.is_absolute() else cwd / path


def check_output_path(output: Path, events_path: Path, seeds_dir: Path) -> None:
    """Refuse an export target that is the corpus's own file, a folder, or in no folder.

    Args:
        output: where the export would be written.
        events_path: the corpus's events file (never overwritten by an export).
        seeds_dir: its articles' directory (nothing in it is overwritten either).

    Raises:
        TimelineError: ``path:0: why``; nothing is written.
    """
    shown = safe_text(str(output))
    try:
        target = output.resolve()
        inputs = (events_path.resolve(), seeds_dir.resolve())
    except (OSError, RuntimeError) as error:  # a symlink loop
        raise TimelineError(f"{shown}:0: cannot follow the path: {error}") from None
    # A hard link to events.toml is events.toml too, under another name.
    same_file = output.exists() and events_path.exists() and output.samefile(events_path)
    if target == inputs[0] or same_file or target.is_relative_to(inputs[1]):
        raise TimelineError(
            f"{shown}:0: refusing to overwrite the corpus's own files; choose another output path"
        )
    if output.is_dir():
        raise TimelineError(f"{shown}:0: is a directory; give a file name")
    if not output.parent.is_dir():
        folder = safe_text(str(output.parent))
        problem = "is not a folder" if output.parent.exists() else "does not exist"
        raise TimelineError(f"{shown}:0: the folder {folder} {problem}; nothing was written")


def export(corpus: Corpus, events: Sequence[Event], fmt: str) -> str:
    """Render `events` of `corpus` in format `fmt`.

    Args:
        corpus: the loaded corpus (for sources, actors and themes).
        events: the events to include, in chronological order.
        fmt: one of FORMATS.

    Returns:
        The whole document as text.
    """
    renderers = {"json": to_json, "csv": to_csv, "md": to_markdown, "timelinejs": to_timelinejs}
    return renderers[fmt](corpus, events)


def json_document(corpus: Corpus, events: Sequence[Event]) -> dict[str, Any]:
    """The JSON export as a Python structure (sources, actors, themes, events)."""
    return {
        "sources": [
            {
                "id": source.id,
                "file": source.file,
                "title": source.title,
                "publisher": source.publisher,
                "published": source.published.isoformat(),
                "language": source.language,
            }
            for source in corpus.sources.values()
        ],
        "actors": [
            {
                "id": actor.id,
                "name": {"en": actor.name.en, "zh": actor.name.zh},
                "aliases": list(actor.aliases),
                "parent": None if actor.is_person else actor.parent,
                "kind": actor.kind,
                "member_of": actor.parent if actor.is_person else None,
                "role": {"en": actor.role.en, "zh": actor.role.zh} if actor.role else None,
            }
            for actor in corpus.actors.values()
        ],
        "themes": [
            {"id": theme.id, "name": {"en": theme.name.en, "zh": theme.name.zh}}
            for theme in corpus.themes.values()
        ],
        "events": [_json_event(corpus, event) for event in events],
    }


def _json_event(corpus: Corpus, event: Event) -> dict[str, Any]:
    summary = event.summary
    return {
        "id": event.id,
        "date": {
            "value": event.date.value,
            "mod": event.date.mod,
            "start": _iso(event.date.first),
            "end": _iso(event.date.last),
        },
        "status": event.status,
        "date_text": event.date_text,
        "title": {"en": event.title.en, "zh": event.title.zh},
        "summary": {"en": summary.en, "zh": summary.zh} if summary else None,
        "actors": list(event.actors),
        "themes": list(event.themes),
        "sources": [
            {
                "source": quote.source,
                "file": corpus.sources[quote.source].file,
                "quote": quote.text,
                "start": quote.start,
                "end": quote.end,
            }
            for quote in event.quotes
        ],
    }


def _iso(day: date | None) -> str | None:
    """A day as YYYY-MM-DD, or None for an open side."""
    return day.isoformat() if day is not None else None


def to_json(corpus: Corpus, events: Sequence[Event]) -> str:
    """The JSON export: UTF-8, not ASCII-escaped, two-space indent."""
    return json.dumps(json_document(corpus, events), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "id",
    "date",
    "mod",
    "start",
    "end",
    "status",
    "date_text",
    "title_en",
    "title_zh",
    "summary_en",
    "summary_zh",
    "actors",
    "themes",
    "sources",
    "quotes",
    "date_display",
)
"""The CSV export's header row."""


def to_csv(corpus: Corpus, events: Sequence[Event]) -> str:
    """The CSV export: one row per event, every field quoted (a bare CR in a title stays inside
    its field); lists joined with "; ", quotes with " | "."""
    del corpus
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        summary = event.summary
        writer.writerow(
            [
                event.id,
                event.date.value,
                event.date.mod or "",
                _iso(event.date.first) or "",
                _iso(event.date.last) or "",
                event.status,
                event.date_text or "",
                event.title.en,
                event.title.zh,
                summary.en if summary else "",
                summary.zh if summary else "",
                "; ".join(event.actors),
                "; ".join(event.themes),
                "; ".join(dict.fromkeys(quote.source for quote in event.quotes)),
                " | ".join(quote.text for quote in event.quotes),
                display(event.date),
            ]
        )
    return buffer.getvalue()


_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_{}[]()<>#+!|~"})


def markdown_escape(text: str) -> str:
    """Escape `text` for a Markdown table cell: specials backslashed, lines joined."""
    flat = " ".join(text.split())
    return flat.translate(_MARKDOWN_SPECIAL)


def to_markdown(corpus: Corpus, events: Sequence[Event]) -> str:
    """The Markdown export: a table per year, each row citing its sources."""
    lines = ["# HK FinTech Timeline", ""]
    for year, year_events in groupby(events, key=lambda event: event.date.year):
        lines += [
            f"## {year}",
            "",
            "| Date | Status | Event | Actors | Sources |",
            "| --- | --- | --- | --- | --- |",
        ]
        for event in year_events:
            actors = ", ".join(
                corpus.actors[actor_id].name.en if actor_id in corpus.actors else actor_id
                for actor_id in event.actors
            )
            sources = "<br>".join(
                f"{markdown_escape(corpus.sources[q.source].title)}: “{markdown_escape(q.text)}”"
                for q in event.quotes
            )
            title = f"**{markdown_escape(event.title.en)}** / {markdown_escape(event.title.zh)}"
            lines.append(
                f"| {markdown_escape(display(event.date))} ({days_text(event.date)}) "
                f"| {event.status} | {title} "
                f"| {markdown_escape(actors)} | {sources} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _timelinejs_date(day: date, value: str, mod: str | None) -> dict[str, Any]:
    """A TimelineJS date at the precision of the point `value` (one step finer when a mod
    narrows it: "late 2025" starts in a month, "late Nov 2025" on a day)."""
    precision = len(value) if value[5:6] not in ("Q", "H") else 7
    if mod in NARROWING_MODS and precision < 10:
        precision += 3
    parts: dict[str, Any] = {"year": day.year}
    if precision > 4:
        parts["month"] = day.month
    if precision >= 10:
        parts["day"] = day.day
    return parts


def _timelinejs_dates(event: Event) -> dict[str, Any]:
    """start_date, end_date for a span of days, display_date where TimelineJS cannot say it.

    TimelineJS needs a start: an open-start date ("by 4 Jan 2026") starts on its last day.
    It cannot draw an open end, so "since Jul 2019" is a start with a display_date.
    """
    when = event.date
    begin, _, finish = when.value.partition("/")
    finish = finish if when.kind == "interval" else begin
    dates: dict[str, Any] = {}
    if when.first is not None:
        dates["start_date"] = _timelinejs_date(when.first, begin, when.mod)
    if when.last is not None:
        last = _timelinejs_date(when.last, finish, when.mod)
        if "start_date" not in dates:
            # On its last day, as the app sorts it: "by 2025" after "Mar – Dec 2025".
            dates["start_date"] = _timelinejs_date(when.last, "0000-00-00", None)
        elif when.first != when.last and (
            when.kind == "interval" or when.mod in NARROWING_MODS or begin[5:6] in ("Q", "H")
        ):
            dates["end_date"] = last
    fuzzy = when.mod is not None or when.first is None or when.last is None
    if fuzzy or event.status == "planned" or begin[5:6] in ("Q", "H"):
        shown = display(when)
        dates["display_date"] = f"{shown} (planned)" if event.status == "planned" else shown
    return dates


def to_timelinejs(corpus: Corpus, events: Sequence[Event]) -> str:
    """A TimelineJS3 JSON document; all text HTML-escaped because TimelineJS renders HTML."""
    slides: list[dict[str, Any]] = []
    for event in events:
        body: list[str] = []
        if event.summary is not None:
            body.append(f"<p>{html.escape(event.summary.en)}</p>")
        for quote in event.quotes:
            source = corpus.sources[quote.source]
            body.append(
                f"<blockquote>{html.escape(quote.text)}</blockquote>"
                f"<p>— {html.escape(source.title)}, {html.escape(source.publisher)}, "
                f"{source.published.isoformat()}</p>"
            )
        planned = "Planned: " if event.status == "planned" else ""
        slide: dict[str, Any] = {
            "unique_id": event.id,
            **_timelinejs_dates(event),
            "text": {
                "headline": html.escape(f"{planned}{event.title.en} / {event.title.zh}"),
                "text": "".join(body),
            },
        }
        if event.themes and event.themes[0] in corpus.themes:
            slide["group"] = corpus.themes[event.themes[0]].name.en
        slides.append(slide)
    document = {
        "title": {
            "text": {
                "headline": "HK FinTech Timeline",
                "text": html.escape(f"{len(events)} events from {len(corpus.sources)} articles"),
            }
        },
        "events": slides,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
