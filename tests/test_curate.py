"""Curation writes: unrelated bytes stay identical, writes are atomic, concurrent edits refused."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import MINI
from tui.core.cache import load_cached
from tui.core.curate import (
    ConcurrentEditError,
    Curator,
    EventDraft,
    QuoteDraft,
    describe_undo,
    render_event,
)
from tui.core.errors import TimelineError
from tui.core.freshness import changed_on_disk, content_digest, file_digest
from tui.core.loader import load
from tui.core.model import Corpus

DRAFT = EventDraft(
    id="hkma-announces",
    date="2025-11-06",
    status="happened",
    title_en='Announcement with "quotes" and [bold]',
    title_zh="金管局公布",
    actors=("hkma",),
    themes=("sandbox",),
    quotes=(QuoteDraft("hk", "今日公布新措施"),),
    summary_en="A summary.",
    summary_zh="摘要。",
)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith(("+ ", "- "))
    ]


def test_render_event_is_valid_toml_that_loads(mini: tuple[Path, Path]) -> None:
    import tomllib

    table = tomllib.loads(render_event(DRAFT))["events"][0]
    assert table["title"]["en"] == 'Announcement with "quotes" and [bold]'
    assert table["sources"] == [{"source": "hk", "quote": "今日公布新措施"}]


def test_add_event_appends_and_keeps_every_other_byte(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    before = events_path.read_text(encoding="utf-8")
    curator = Curator(events_path, seeds_dir)
    result = curator.add_event(DRAFT)
    after = events_path.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before):].startswith("\n[[events]]\nid = \"hkma-announces\"")
    assert result.problems == ()
    assert result.corpus.event("hkma-announces") is not None
    assert load(events_path, seeds_dir).corpus.event("hkma-announces") is not None


def test_update_changes_only_that_event(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    before = events_path.read_text(encoding="utf-8")
    curator = Curator(events_path, seeds_dir)
    draft = EventDraft(
        id="october-pilot", date="2025-10", status="happened", date_text="In October",
        title_en="Joint pilot, renamed", title_zh="聯合試點", actors=("ant-international",),
        themes=("tokenisation",),
        quotes=(QuoteDraft("en", "In October, Ant International joined HSBC in a pilot."),),
    )
    curator.update_event("october-pilot", draft)
    after = events_path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        '- title = { en = "Joint pilot", zh = "聯合試點" }',
        '+ title = { en = "Joint pilot, renamed", zh = "聯合試點" }',
        '- actors = ["ant-international", "hsbc"]',
        '+ actors = ["ant-international"]',
    ]
    assert after.count("\n\n[[events]]") == before.count("\n\n[[events]]")


def test_delete_then_undo_restores_the_exact_bytes(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    original = events_path.read_bytes()
    curator = Curator(events_path, seeds_dir)
    curator.delete_event("hkma-measures")
    deleted = events_path.read_text(encoding="utf-8")
    assert 'id = "hkma-measures"' not in deleted
    assert all(line.startswith("- ") for line in changed_lines(original.decode(), deleted))
    curator.undo()
    assert events_path.read_bytes() == original
    with pytest.raises(TimelineError, match="nothing to undo"):
        curator.undo()


def test_invalid_change_is_refused_and_nothing_written(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    original = events_path.read_bytes()
    curator = Curator(events_path, seeds_dir)
    bad = EventDraft(
        id="wallet-link", date="2025-13", status="soon", title_en="", title_zh="x",
        actors=("nobody",), themes=("sandbox",), quotes=(QuoteDraft("hk", "not in the text"),),
    )
    with pytest.raises(TimelineError) as caught:
        curator.add_event(bad)
    messages = "\n".join(problem.message for problem in caught.value.problems)
    for part in ["duplicate id", "month 13", "status is 'soon'", "missing en title",
                 "unknown actor 'nobody'", "quote not found"]:
        assert part in messages
    assert events_path.read_bytes() == original
    assert curator.history == []


def test_concurrent_edit_is_detected(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    curator = Curator(events_path, seeds_dir)
    someone_else = events_path.read_text(encoding="utf-8") + "\n# edited elsewhere\n"
    events_path.write_text(someone_else, encoding="utf-8")
    with pytest.raises(ConcurrentEditError, match="changed on disk"):
        curator.add_event(DRAFT)
    assert events_path.read_text(encoding="utf-8") == someone_else
    curator.reload()
    curator.add_event(DRAFT)
    assert "# edited elsewhere" in events_path.read_text(encoding="utf-8")


def test_failed_rename_leaves_the_original_intact(
    mini: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    events_path, seeds_dir = mini
    original = events_path.read_bytes()
    curator = Curator(events_path, seeds_dir)

    def broken_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(TimelineError, match="cannot write: No space left on device"):
        curator.add_event(DRAFT)
    monkeypatch.undo()
    assert events_path.read_bytes() == original
    assert sorted(path.name for path in events_path.parent.iterdir()) == ["events.toml", "seeds"]
    assert curator.history == []


def test_add_source_copies_and_registers(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events_path, seeds_dir = mini
    article = tmp_path / "new-article.txt"
    article.write_text("2024年12月，首期沙盒推出。", encoding="utf-8")
    before = events_path.read_text(encoding="utf-8")
    curator = Curator(events_path, seeds_dir)
    with pytest.raises(TimelineError, match="does not print its date 2025-01-02"):
        curator.add_source(article, title="新文章", publisher="Someone",
                           published=date(2025, 1, 2), language="zh-Hant")
    assert not (seeds_dir / "new-article.txt").exists()
    assert events_path.read_text(encoding="utf-8") == before
    source_id, result = curator.add_source(
        article, title="新文章", publisher="Someone", published=date(2025, 1, 2),
        language="zh-Hant", published_note="date from the publisher's site",
    )
    assert source_id == "s000"
    assert (seeds_dir / "new-article.txt").read_bytes() == article.read_bytes()
    assert result.corpus.sources["s000"].published == date(2025, 1, 2)
    after = events_path.read_text(encoding="utf-8")
    assert all(line.startswith("+ ") for line in changed_lines(before, after))
    assert after.index("[sources.s000]") < after.index("[actors.")


def test_add_source_refuses_non_utf8_and_name_clashes(
    mini: tuple[Path, Path], tmp_path: Path
) -> None:
    events_path, seeds_dir = mini
    original = events_path.read_bytes()
    curator = Curator(events_path, seeds_dir)
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("金管局".encode("big5"))
    with pytest.raises(TimelineError, match="not UTF-8"):
        curator.add_source(big5, title="t", publisher="p", published=date(2025, 1, 1))
    clash = tmp_path / "hk.txt"
    clash.write_text("different text", encoding="utf-8")
    with pytest.raises(TimelineError, match="different article with this name"):
        curator.add_source(clash, title="t", publisher="p", published=date(2025, 1, 1))
    assert events_path.read_bytes() == original
    assert not (seeds_dir / "big5.txt").exists()


def _without(corpus: Corpus, event_id: str) -> Corpus:
    return replace(corpus, events=tuple(e for e in corpus.events if e.id != event_id))


def _retitled(corpus: Corpus, event_id: str, new_id: str | None = None) -> Corpus:
    events = tuple(
        replace(e, id=new_id or e.id, title=replace(e.title, en="Changed"))
        if e.id == event_id
        else e
        for e in corpus.events
    )
    return replace(corpus, events=events)


def _moved(corpus: Corpus) -> Corpus:
    """Every event a line further down, as when an event above them comes back."""
    return replace(corpus, events=tuple(replace(e, line=e.line + 9) for e in corpus.events))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # (corpus before the undo, corpus after it) as the undo of each kind of change sees it
        ("add", "Undone: new event 'wallet-link' removed."),
        ("delete", "Undone: deleted event 'wallet-link' is back."),
        ("edit", "Undone: the edit of event 'wallet-link'."),
        ("rename", "Undone: the edit of event 'wallet-link' (it was 'wallets')."),
        ("none", "Undone."),
    ],
)
def test_describe_undo_says_what_was_taken_back(change: str, expected: str) -> None:
    corpus = load(MINI / "events.toml", MINI / "seeds").corpus
    pairs = {
        "add": (corpus, _moved(_without(corpus, "wallet-link"))),
        "delete": (_without(corpus, "wallet-link"), corpus),
        "edit": (_retitled(corpus, "wallet-link"), corpus),
        "rename": (_retitled(corpus, "wallet-link", "wallets"), corpus),
        "none": (corpus, corpus),
    }
    before, after = pairs[change]
    assert describe_undo(before, after) == expected


def _rewrite(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"HSBC", b"HSBX", 1))


def _same_bytes_new_times(path: Path) -> None:
    path.write_bytes(path.read_bytes())


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("change", "changed"),
    [
        (None, False),
        (_same_bytes_new_times, False),  # by content, not by stat
        (_rewrite, True),
        (Path.unlink, True),
        (_fifo, True),  # never read (it would block): a change
    ],
)
def test_one_freshness_check_for_the_app_and_the_curator(
    mini: tuple[Path, Path], change: Callable[[Path], None] | None, changed: bool
) -> None:
    events_path, seeds_dir = mini
    loaded = load_cached(events_path, seeds_dir, cache_dir=events_path.parent / "cache")
    curator = Curator(events_path, seeds_dir)
    # The app's digest of what it loaded and the curator's of what it read are one digest.
    assert loaded.digest == file_digest(events_path) == content_digest(curator.text.encode())
    assert loaded.digest is not None
    if change is not None:
        change(events_path)
    assert changed_on_disk(events_path, loaded.digest) is changed
    assert curator.changed_on_disk() is changed
