"""In-place writes: one event spliced and validated alone gives what the whole-file path gives.

Every change runs twice on copies of one file: once in place (the session seeded with a clean
validation, as the app seeds it) and once the whole way. Both must write the same bytes, and
the in-place result must be what loading the written file gives: the same events, in the same
order, on the same lines, no problem.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import MINI
from tui.core.curate import Curator, EventDraft, QuoteDraft
from tui.core.drafting import draft_of
from tui.core.errors import TimelineError
from tui.core.freshness import content_digest
from tui.core.loader import LoadResult, load, load_text
from tui.core.query import TimelineIndex, reused_search_text, search_text
from tui.core.temporal import resolve_date_text
from tui.core.toml_splice import event_region

Change = Callable[[Curator, LoadResult], LoadResult]


def _edit_title(curator: Curator, loaded: LoadResult) -> LoadResult:
    draft = draft_of(loaded.corpus.events[2], loaded.corpus)
    return curator.update_event(draft.id, replace(draft, title_en="Retitled"))


def _edit_more_lines(curator: Curator, loaded: LoadResult) -> LoadResult:
    # Two quotes make `sources` span lines: every event below moves down.
    event = next(event for event in loaded.corpus.events if event.id == "hkma-measures")
    draft = draft_of(event, loaded.corpus)
    quotes = (*draft.quotes, QuoteDraft("hk", "2019年7月，AlipayHK與內地支付寶實現互聯互通"))
    return curator.update_event(
        draft.id, replace(draft, quotes=quotes, summary_en="Now", summary_zh="現在")
    )


def _edit_rename(curator: Curator, loaded: LoadResult) -> LoadResult:
    draft = draft_of(loaded.corpus.events[0], loaded.corpus)
    return curator.update_event(draft.id, replace(draft, id="renamed", actors=("hkma",)))


def _edit_nothing(curator: Curator, loaded: LoadResult) -> LoadResult:
    draft = draft_of(loaded.corpus.events[1], loaded.corpus)
    return curator.update_event(draft.id, draft)


def _add(curator: Curator, loaded: LoadResult) -> LoadResult:
    draft = draft_of(loaded.corpus.events[1], loaded.corpus)
    return curator.add_event(replace(draft, id="added", date="2010-01", date_text=None))


def _delete(event_id: str) -> Change:
    def delete(curator: Curator, loaded: LoadResult) -> LoadResult:
        return curator.delete_event(event_id)

    return delete


CHANGES: dict[str, Change] = {
    "edit a title": _edit_title,
    "edit into more lines": _edit_more_lines,
    "edit the id and actors": _edit_rename,
    "edit nothing": _edit_nothing,
    "add": _add,
    "delete the first": _delete("wallet-link"),
    "delete one in the middle": _delete("hkma-measures"),
    "delete the last": _delete("sandbox-2026"),
}


def _mini(text: str) -> str:
    return text


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _no_final_newline(text: str) -> str:
    return text.rstrip("\n")


def _commented(text: str) -> str:
    # Comments above, inside and after the tables, and a trailing comment on a value.
    text = text.replace(
        '[[events]]\nid = "hkma-measures"',
        '# about the measures\n[[events]]\nid = "hkma-measures"  # kept\n# inside',
    )
    return text.replace('status = "happened"\n', 'status   =  "happened" # as said\n', 1)


def _sources_after_events(text: str) -> str:
    # Another table after the events: a region ends at its header.
    return text + '\n[themes.late]\nname = { en = "Late", zh = "遲" }\n'


def _dotted_titles(text: str) -> str:
    return text.replace(
        'title = { en = "HKMA announces measures", zh = "金管局公布新措施" }',
        'title.en = "HKMA announces measures"\ntitle.zh = "金管局公布新措施"',
    )


LAYOUTS: dict[str, Callable[[str], str]] = {
    "as written": _mini,
    "CRLF": _crlf,
    "no final newline": _no_final_newline,
    "comments": _commented,
    "a table after the events": _sources_after_events,
    "dotted keys": _dotted_titles,
}


def _session(tmp_path: Path, name: str, text: str) -> tuple[Curator, LoadResult]:
    folder = tmp_path / name
    shutil.copytree(MINI, folder)
    events = folder / "events.toml"
    events.write_bytes(text.encode("utf-8"))
    loaded = load(events, folder / "seeds", check_date_text=resolve_date_text)
    assert not loaded.problems
    curator = Curator(
        events,
        folder / "seeds",
        check_date_text=resolve_date_text,
        loaded=loaded,
        loaded_digest=content_digest(events.read_bytes()),
    )
    return curator, loaded


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("change", CHANGES)
def test_in_place_writes_what_the_whole_file_path_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, change: str
) -> None:
    text = LAYOUTS[layout]((MINI / "events.toml").read_text("utf-8"))
    whole, loaded = _session(tmp_path, "whole", text)
    whole._clean = None
    expected = CHANGES[change](whole, loaded)
    written = whole.events_path.read_bytes()

    fast, loaded = _session(tmp_path, "fast", text)
    validated: list[str] = []
    monkeypatch.setattr(fast, "validate", lambda text: validated.append(text))
    result = CHANGES[change](fast, loaded)
    assert validated == [], "the change went the whole way"
    assert fast.events_path.read_bytes() == written
    reloaded = load_text(
        written.decode("utf-8"),
        str(fast.events_path),
        fast.seeds_dir,
        check_date_text=resolve_date_text,
    )
    assert result == reloaded
    assert result.corpus == expected.corpus
    if change != "edit nothing":
        assert fast.history == [text]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_undo_after_in_place_writes_puts_back_every_byte(tmp_path: Path, layout: str) -> None:
    text = LAYOUTS[layout]((MINI / "events.toml").read_text("utf-8"))
    curator, loaded = _session(tmp_path, "fast", text)
    _edit_more_lines(curator, loaded)
    _delete("wallet-link")(curator, loaded)
    result = curator.undo()
    assert result == load_text(
        curator.text,
        str(curator.events_path),
        curator.seeds_dir,
        check_date_text=resolve_date_text,
    )
    curator.undo()
    assert curator.events_path.read_bytes() == text.encode("utf-8")


FALLBACKS: dict[str, Callable[[str], str]] = {
    "a multi-line string": lambda text: text.replace(
        'summary = { en = "HSBC and Ant International."',
        'summary = { en = """HSBC and\nAnt International."""',
    ),
    "a sub-table of an event": lambda text: text.replace(
        'sources = [{ source = "hk", quote = "香港金融管理局（金管局）今日公布新措施" }]\n',
        'sources = [{ source = "hk", quote = "香港金融管理局（金管局）今日公布新措施" }]\n'
        "[events.note]\n",
    ),
    "a header with spaces": lambda text: text.replace(
        '[[events]]\nid = "hkma-measures"', '[[ events ]]\nid = "hkma-measures"'
    ),
}


@pytest.mark.parametrize("layout", FALLBACKS)
def test_unusual_layouts_go_the_whole_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    text = FALLBACKS[layout]((MINI / "events.toml").read_text("utf-8"))
    assert event_region(text, "hkma-measures") is None
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    events = folder / "events.toml"
    events.write_text(text, "utf-8")
    curator = Curator(events, folder / "seeds", check_date_text=resolve_date_text)
    curator._clean = load_text(text, str(events), folder / "seeds")  # as if it were clean
    in_place: list[LoadResult | None] = []
    real = curator._update_in_place

    def update_in_place(event_id: str, draft: EventDraft) -> LoadResult | None:
        in_place.append(real(event_id, draft))
        return in_place[-1]

    monkeypatch.setattr(curator, "_update_in_place", update_in_place)
    corpus = load(MINI / "events.toml", MINI / "seeds").corpus
    event = next(event for event in corpus.events if event.id == "hkma-measures")
    draft = replace(draft_of(event, corpus), title_en="Retitled")
    try:
        curator.update_event(draft.id, draft)
    except TimelineError:
        pass  # the whole-file path refuses some layouts, as it always has
    assert in_place == [None], "an unusual layout was edited in place"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda draft: replace(draft, actors=("nobody",)), "unknown actor 'nobody'"),
        (lambda draft: replace(draft, id="wallet-link"), "duplicate id"),
        (lambda draft: replace(draft, quotes=(QuoteDraft("hk", "not in it"),)), "not found"),
        (lambda draft: replace(draft, date="2019-08"), "date_text"),
    ],
)
def test_a_change_with_a_problem_is_refused_as_before(
    tmp_path: Path, change: Callable[[EventDraft], EventDraft], message: str
) -> None:
    text = (MINI / "events.toml").read_text("utf-8")
    curator, loaded = _session(tmp_path, "fast", text)
    draft = draft_of(loaded.corpus.events[0], loaded.corpus)
    assert draft.id == "wallet-link"
    other = draft_of(loaded.corpus.events[1], loaded.corpus)
    with pytest.raises(TimelineError) as refused:
        curator.update_event(
            other.id if "duplicate" in message else draft.id,
            change(other if "duplicate" in message else draft),
        )
    assert message in refused.value.shown()
    assert curator.events_path.read_text("utf-8") == text


def test_a_session_on_other_bytes_than_were_loaded_validates_them(tmp_path: Path) -> None:
    text = (MINI / "events.toml").read_text("utf-8")
    curator, loaded = _session(tmp_path, "fast", text)
    again = Curator(
        curator.events_path,
        curator.seeds_dir,
        check_date_text=resolve_date_text,
        loaded=replace(loaded, corpus=replace(loaded.corpus, events=())),
        loaded_digest="0" * 64,
    )
    assert again._clean is not None and again._clean.corpus.events == loaded.corpus.events


def test_a_schema_upgrade_goes_the_whole_way(tmp_path: Path) -> None:
    text = (MINI / "events.toml").read_text("utf-8")
    curator, loaded = _session(tmp_path, "fast", text)
    draft = draft_of(loaded.corpus.events[0], loaded.corpus)
    curator.update_event(draft.id, replace(draft, mod="APPROX", date_text=None))
    assert "schema = 2" in curator.events_path.read_text("utf-8")
    assert curator.notice is not None and "schema = 2" in curator.notice


@pytest.mark.parametrize("change", CHANGES)
def test_reused_search_text_folds_what_changed(tmp_path: Path, change: str) -> None:
    text = (MINI / "events.toml").read_text("utf-8")
    curator, loaded = _session(tmp_path, "fast", text)
    index = TimelineIndex(loaded.corpus)
    result = CHANGES[change](curator, loaded)
    assert reused_search_text(index, result.corpus) == search_text(result.corpus)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_in_place_edit_changes_only_its_line(tmp_path: Path, layout: str) -> None:
    text = LAYOUTS[layout]((MINI / "events.toml").read_text("utf-8"))
    curator, loaded = _session(tmp_path, "fast", text)
    event = next(event for event in loaded.corpus.events if event.id == "hkma-measures")
    draft = draft_of(event, loaded.corpus)
    curator.update_event(draft.id, replace(draft, title_en="Retitled"))
    before = text.split("\n")
    after = curator.events_path.read_bytes().decode("utf-8").split("\n")
    assert len(after) == len(before)
    changed = [
        number for number, pair in enumerate(zip(before, after, strict=True)) if len(set(pair)) > 1
    ]
    assert len(changed) == 1
    assert 'en = "Retitled"' in after[changed[0]] or 'title.en = "Retitled"' in after[changed[0]]
    assert after[changed[0]].endswith("\r") == (layout == "CRLF")
