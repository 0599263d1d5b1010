"""Exports: the exact JSON shape, CSV and Markdown escaping, a valid TimelineJS3 document."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import MINI
from tui.core.export import CSV_COLUMNS, export, markdown_escape
from tui.core.loader import load
from tui.core.model import Corpus


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    result = load(MINI / "events.toml", MINI / "seeds")
    assert not result.problems
    return result.corpus


def test_json_has_exactly_the_documented_shape(corpus: Corpus) -> None:
    document = json.loads(export(corpus, corpus.events, "json"))
    assert list(document) == ["sources", "actors", "themes", "events"]
    assert set(document["sources"][0]) == {"id", "file", "title", "publisher", "published",
                                           "language"}
    assert set(document["actors"][0]) == {"id", "name", "aliases", "parent", "kind", "member_of",
                                          "role"}
    assert set(document["actors"][0]["name"]) == {"en", "zh"}
    assert set(document["themes"][0]) == {"id", "name"}
    event = document["events"][0]
    assert set(event) == {"id", "date", "status", "date_text", "title", "summary", "actors",
                          "themes", "sources"}
    assert set(event["date"]) == {"value", "mod", "start", "end"}
    assert set(event["sources"][0]) == {"source", "file", "quote", "start", "end"}
    assert event["date"] == {"value": "2019-07", "mod": None, "start": "2019-07-01",
                             "end": "2019-07-31"}
    assert event["summary"] is None
    mid = next(e for e in document["events"] if e["id"] == "pilot-mid-2026")
    assert mid["date"]["mod"] == "MID" and mid["status"] == "planned"


def test_json_events_are_chronological_and_quotes_sit_at_their_offsets(corpus: Corpus) -> None:
    document = json.loads(export(corpus, corpus.events, "json"))
    starts = [event["date"]["start"] for event in document["events"]]
    assert starts[0] == "2019-07-01" and starts[-1].startswith("2026")
    texts = {source.id: source.text for source in corpus.sources.values()}
    for event in document["events"]:
        for quote in event["sources"]:
            assert texts[quote["source"]][quote["start"] : quote["end"]] == quote["quote"]


def test_json_keeps_hostile_text_as_data(corpus: Corpus) -> None:
    document = json.loads(export(corpus, corpus.events, "json"))
    titles = [event["title"]["en"] for event in document["events"]]
    assert "Tokenised deposits [bold]live[/bold]" in titles


def test_csv_round_trips_through_a_csv_reader(corpus: Corpus) -> None:
    rows = list(csv.reader(io.StringIO(export(corpus, corpus.events, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(corpus.events) + 1
    by_id = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert by_id["tokenised-deposits"]["actors"] == "hsbc; ant-international"
    assert by_id["sandbox-2026"]["quotes"].startswith("Standard Chartered said the [link=")


def test_csv_quotes_commas_quotes_and_newlines(corpus: Corpus) -> None:
    from dataclasses import replace

    from tui.core.model import Bilingual

    event = replace(corpus.events[0], title=Bilingual(en='a, "b"\nc', zh="丁"))
    rows = list(csv.reader(io.StringIO(export(corpus, [event], "csv"))))
    assert rows[1][CSV_COLUMNS.index("title_en")] == 'a, "b"\nc'


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("[bold]x[/bold]", "\\[bold\\]x\\[/bold\\]"),
        ("*star* _u_", "\\*star\\* \\_u\\_"),
        ("line\nbreak", "line break"),
        ("<script>", "\\<script\\>"),
    ],
)
def test_markdown_escape(text: str, escaped: str) -> None:
    assert markdown_escape(text) == escaped


def test_markdown_has_a_table_per_year(corpus: Corpus) -> None:
    markdown = export(corpus, corpus.events, "md")
    assert markdown.count("| Date | Status | Event | Actors | Sources |") == 3
    assert "## 2019" in markdown and "## 2026" in markdown
    assert "\\[link=http://x\\]" in markdown
    for line in markdown.splitlines():
        if line.startswith("| ") and "---" not in line:
            assert line.replace("\\|", "").count("|") == 6, line


def test_timelinejs_document_is_valid(corpus: Corpus) -> None:
    document = json.loads(export(corpus, corpus.events, "timelinejs"))
    assert "headline" in document["title"]["text"]
    slides = document["events"]
    assert len(slides) == len(corpus.events)
    for slide in slides:
        assert isinstance(slide["start_date"]["year"], int)
        assert set(slide["start_date"]) <= {"year", "month", "day"}
        assert "headline" in slide["text"]
        assert "<" not in slide["text"]["headline"]
    first = slides[0]
    assert first["start_date"] == {"year": 2019, "month": 7}
    assert first["unique_id"] == "wallet-link"
    hostile = next(slide for slide in slides if slide["unique_id"] == "sandbox-2026")
    assert "[link=http://x]opens[/link]" in hostile["text"]["headline"]
    assert "<blockquote>" in hostile["text"]["text"]


def test_exports_of_hostile_text_stay_well_formed() -> None:
    hostile = Path(__file__).resolve().parent / "data" / "hostile"
    result = load(hostile / "events.toml", hostile / "seeds")
    assert not result.problems
    corpus = result.corpus
    document = json.loads(export(corpus, corpus.events, "json"))
    titles = {event["id"]: event["title"]["en"] for event in document["events"]}
    assert titles["escapes"] == "Escapes \x1b[2J clear \r and 👩\u200d💻 emoji"
    rows = list(csv.reader(io.StringIO(export(corpus, corpus.events, "csv"))))
    assert {row[0] for row in rows[1:]} == {"markup", "escapes", "deposits"}
    markdown = export(corpus, corpus.events, "md")
    for line in markdown.splitlines():
        if line.startswith("| ") and "---" not in line:
            assert line.replace("\\|", "").count("|") == 6, line
    assert "\\[@click=app.quit\\]" in markdown
    slides = json.loads(export(corpus, corpus.events, "timelinejs"))["events"]
    assert all("<b" not in slide["text"]["headline"] for slide in slides)
