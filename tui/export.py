"""Export the timeline as JSON, CSV, Markdown or a TimelineJS3 document."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from tui.dates import display
from tui.model import Corpus, Event

FORMATS = ("json", "csv", "md", "timelinejs")
"""The export formats, as named on the command line."""


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
                "parent": actor.parent,
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
            "start": event.date.start.isoformat(),
            "end": event.date.end.isoformat(),
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
                event.date.start.isoformat(),
                event.date.end.isoformat(),
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
                f"| {markdown_escape(display(event.date))} | {event.status} | {title} "
                f"| {markdown_escape(actors)} | {sources} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _timelinejs_date(event: Event, *, end: bool) -> dict[str, Any]:
    day = event.date.end if end else event.date.start
    value = event.date.value
    parts: dict[str, Any] = {"year": day.year}
    if len(value) > 4:
        parts["month"] = day.month
    if len(value) == 10:
        parts["day"] = day.day
    return parts


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
        slide: dict[str, Any] = {
            "unique_id": event.id,
            "start_date": _timelinejs_date(event, end=False),
            "display_date": display(event.date),
            "text": {
                "headline": html.escape(f"{event.title.en} / {event.title.zh}"),
                "text": "".join(body),
            },
        }
        if event.date.value[5:6] in ("Q", "H"):
            slide["end_date"] = _timelinejs_date(event, end=True)
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
