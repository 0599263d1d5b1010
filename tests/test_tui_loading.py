"""Pilot tests of the first screen while the corpus loads and of problems found after it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.css.query import NoMatches
from textual.widgets import Static
from tui_helpers import (
    MINI_EVENTS,
    MINI_SEEDS,
    notices,
    screen_text,
    type_text,
    visible_ids,
    wait_for_text,
    wait_until,
)

from tui import app as app_module
from tui.app import TimelineApp, load_for_app, start_app
from tui.core.cache import (
    CACHE_DIR_ENV,
    CachedLoad,
    NamedCheck,
    PendingEntry,
    cache_file,
    load_cached,
)
from tui.core.errors import Problem, TimelineError
from tui.core.late_check import LateCheck, LateFindings
from tui.core.loader import LoadProgress, LoadResult, load
from tui.core.query import SearchText
from tui.screens.loading import LoadingScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.timeline import TimelineScreen


class HeldLoad:
    """A load that reports 43 of 100 events, then waits until the test lets it finish."""

    def __init__(self, result: CachedLoad) -> None:
        self.result = result
        self.reported = threading.Event()
        self.release = threading.Event()
        self.stopped = False

    def __call__(self, progress: LoadProgress) -> CachedLoad:
        progress(43, 100)
        self.reported.set()
        self.release.wait(10)
        try:
            progress(100, 100)
        except Exception:
            self.stopped = True
            raise
        return self.result


def loading_app(load_corpus: HeldLoad, **kwargs: object) -> TimelineApp:
    app = TimelineApp(
        None,
        events_path=MINI_EVENTS,
        seeds_dir=MINI_SEEDS,
        load_corpus=load_corpus,
        **kwargs,  # type: ignore[arg-type]
    )
    app.progress_delay = 0
    return app


def await_condition(condition: Callable[[], bool], limit: float = 10.0) -> bool:
    deadline = time.monotonic() + limit
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def mini_load() -> CachedLoad:
    return load_for_app(MINI_EVENTS, MINI_SEEDS, use_cache=False)


async def test_a_slow_load_shows_its_progress_in_the_header_then_the_list() -> None:
    held = HeldLoad(mini_load())
    app = loading_app(held)
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_for_text(pilot, app, "loading 100 events… 43%")
        assert isinstance(app.screen, LoadingScreen)
        assert "HK FinTech Timeline" in screen_text(app)
        held.release.set()
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        assert await wait_for_text(pilot, app, f"of {len(held.result.result.corpus.events)} events")
        assert "loading" not in screen_text(app)
        assert visible_ids(app) == [event.id for event in held.result.result.corpus.events]


async def test_a_quick_load_never_says_loading() -> None:
    held = HeldLoad(mini_load())
    held.release.set()
    app = loading_app(held)
    app.progress_delay = 30
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        assert "loading" not in screen_text(app)


async def test_q_during_a_load_quits_without_waiting_for_it() -> None:
    held = HeldLoad(mini_load())
    app = loading_app(held)
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_for_text(pilot, app, "43%")
        assert app.return_code is None
        await pilot.press("ctrl+c")
        assert await wait_until(pilot, lambda: app.return_code is not None)
    held.release.set()
    # The load stops at its next report instead of running on to the end.
    assert await_condition(lambda: held.stopped)
    assert app.load_failure is None


async def test_a_file_that_does_not_parse_ends_the_app_with_its_problem(tmp_path: Path) -> None:
    events = tmp_path / "events.toml"
    events.write_text("[[events]\n", encoding="utf-8")

    def load_broken(progress: LoadProgress) -> CachedLoad:
        return CachedLoad(load(events, tmp_path, progress=progress), None)

    app = TimelineApp(None, events_path=events, seeds_dir=tmp_path, load_corpus=load_broken)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: app.load_failure is not None)
    assert isinstance(app.load_failure, TimelineError)
    assert "TOML syntax error" in app.load_failure.shown()


async def test_problems_found_after_the_first_paint_join_the_header_and_the_list() -> None:
    loaded = mini_load()
    before = len(loaded.result.problems)
    checked = threading.Event()
    late = Problem(str(MINI_EVENTS), 7, "event 'x': date_text 'May 2024' resolves to 2024-05")

    def late_check(result: LoadResult) -> LateFindings:
        checked.wait(10)
        return LateFindings((late,), frozenset())

    held = HeldLoad(loaded)
    held.release.set()
    app = loading_app(held, late_check=late_check)
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        shown = before + 1
        noun = "problem" if shown == 1 else "problems"
        assert f"{shown} {noun}" not in screen_text(app)
        checked.set()
        assert await wait_for_text(pilot, app, f"{shown} {noun} (!)")
        assert any("1 date problem found" in notice for notice in notices(app))
        assert app.result.problems[-1] == late
        await pilot.press("exclamation_mark")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        listed = app.screen.query_one("#problems-text", Static).content
        assert f"{MINI_EVENTS}:7: {late.message}" in str(listed)


def checked_at_load(events: Path, seeds: Path) -> LoadResult:
    from tui.core.temporal import resolve_date_text

    return load(events, seeds, check_date_text=resolve_date_text)


def reference_late_check(events: Path, seeds: Path) -> LateCheck:
    """A late check that is right by construction: what a load with the check adds."""

    def late_check(result: LoadResult) -> LateFindings:
        full = checked_at_load(events, seeds)
        kept = {event.id for event in full.corpus.events}
        return LateFindings(
            tuple(problem for problem in full.problems if problem not in result.problems),
            frozenset(event.id for event in result.corpus.events if event.id not in kept),
        )

    return late_check


async def test_after_the_late_check_the_app_shows_what_a_checked_load_gives(
    mini: tuple[Path, Path],
) -> None:
    events, seeds = mini
    text = events.read_text(encoding="utf-8")
    # 2019年7月 says July; the event now says August: a date_text problem, the event left out.
    assert text.count('date = "2019-07"') == 1
    events.write_text(text.replace('date = "2019-07"', 'date = "2019-08"'), encoding="utf-8")
    expected = checked_at_load(events, seeds)
    assert any("date_text" in problem.message for problem in expected.problems)
    app = start_app(events, seeds, use_cache=False, late_check=reference_late_check(events, seeds))
    app.progress_delay = 0
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(pilot, lambda: app.problems_revision == 1)
        assert set(app.result.problems) == set(expected.problems)
        assert app.corpus.events == expected.corpus.events
        assert await wait_for_text(pilot, app, f"of {len(expected.corpus.events)} events")
        assert visible_ids(app) == [event.id for event in expected.corpus.events]


async def test_start_app_loads_the_corpus_it_is_given() -> None:
    app = start_app(MINI_EVENTS, MINI_SEEDS, use_cache=False)
    expected = mini_load().result
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        assert await wait_for_text(pilot, app, f"of {len(expected.corpus.events)} events")
        assert visible_ids(app) == [event.id for event in expected.corpus.events]
        assert app.result.problems == expected.problems
        # q on the timeline quits, as when the app starts on a loaded corpus.
        await pilot.press("q")
        assert await wait_until(pilot, lambda: app.return_code is not None)


async def test_a_late_check_that_fails_says_so() -> None:
    def broken_check(result: LoadResult) -> LateFindings:
        raise ValueError("no engine")

    held = HeldLoad(mini_load())
    held.release.set()
    app = loading_app(held, late_check=broken_check)
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(
            pilot, lambda: any("could not run" in notice for notice in notices(app))
        )
        assert any("ValueError: no engine" in notice for notice in notices(app))


async def test_a_write_before_the_late_check_ends_is_checked_whole(
    mini: tuple[Path, Path],
) -> None:
    events, seeds = mini
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace('date = "2019-07"', 'date = "2019-08"'), encoding="utf-8")
    expected = checked_at_load(events, seeds)
    bad = {event.id for event in load(events, seeds).corpus.events} - {
        event.id for event in expected.corpus.events
    }
    assert bad, "the fixture no longer has an event with a wrong date"
    release = threading.Event()
    reference = reference_late_check(events, seeds)

    def slow_check(result: LoadResult) -> LateFindings:
        release.wait(10)
        return reference(result)

    app = start_app(events, seeds, use_cache=False, late_check=slow_check)
    app.progress_delay = 0
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        assert bad <= {event.id for event in app.corpus.events}  # not checked yet
        kept = next(e.id for e in app.corpus.events if e.id not in bad)
        # A change saved while the check still runs: the session validates the whole file.
        app.curate(lambda curator: curator.delete_event(kept))
        assert await wait_until(pilot, lambda: kept not in {e.id for e in app.corpus.events})
        release.set()
        assert not bad & {event.id for event in app.corpus.events}
        assert any("date_text" in problem.message for problem in app.result.problems)


def _shows_the_mini_corpus(app: TimelineApp) -> bool:
    try:
        return isinstance(app.screen, TimelineScreen) and len(visible_ids(app)) == 6
    except NoMatches:  # the timeline screen is not composed yet
        return False


async def test_a_cold_start_shows_the_timeline_before_its_cache_entry_is_written(
    mini: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events, seeds = mini
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(cache_dir))
    writing, release = threading.Event(), threading.Event()
    write = PendingEntry.write

    def held_write(pending: PendingEntry, texts: SearchText | None = None) -> object:
        writing.set()
        release.wait(10)
        return write(pending, texts)

    monkeypatch.setattr(PendingEntry, "write", held_write)
    checker = NamedCheck("tui.core.temporal", "resolve_date_text")
    entry = cache_file(events, seeds, check_date_text=checker, cache_dir=cache_dir)
    assert entry is not None
    app = start_app(events, seeds)
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(pilot, lambda: _shows_the_mini_corpus(app))
        assert await wait_until(pilot, writing.is_set)
        assert "Joint pilot" in screen_text(app)
        assert not entry.exists()
        # Searching before the entry is written uses the index the entry will be written from.
        await pilot.press("slash")
        await type_text(pilot, "joint")
        assert await wait_until(pilot, lambda: visible_ids(app) == ["october-pilot"])
        release.set()
        assert await wait_until(pilot, entry.exists)
    eager = load_cached(events, seeds, check_date_text=checker, cache_dir=tmp_path / "eager")
    eager_entry = cache_file(events, seeds, check_date_text=checker, cache_dir=tmp_path / "eager")
    assert eager_entry is not None and eager.result == app.result
    # The entry's marshal marks objects that something else held as it ran: decoded, it is
    # the eager load's.
    hit = load_cached(events, seeds, check_date_text=checker, cache_dir=cache_dir)
    assert hit.pending is None and hit.result == eager.result
    written, expected = hit.search_texts(), eager.search_texts()
    assert written is not None and expected is not None
    assert (written.joined, written.starts) == (expected.joined, expected.starts)


async def test_a_quit_before_the_cache_entry_is_written_writes_it_on_the_way_out(
    mini: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events, seeds = mini
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(cache_dir))
    in_background = app_module._in_background

    def all_but_the_write(job: Callable[..., None], *args: object) -> None:
        # The thread that writes the entry after the first paint has not started yet.
        if getattr(job, "__name__", "") != "_after_first_paint":
            in_background(job, *args)

    monkeypatch.setattr(app_module, "_in_background", all_but_the_write)
    checker = NamedCheck("tui.core.temporal", "resolve_date_text")
    entry = cache_file(events, seeds, check_date_text=checker, cache_dir=cache_dir)
    assert entry is not None
    app = start_app(events, seeds)
    async with app.run_test(size=(100, 24)) as pilot:
        assert await wait_until(pilot, lambda: _shows_the_mini_corpus(app))
        await pilot.press("q")
    assert not entry.exists()
    app.write_cache_entry()  # as hk-timeline does once the terminal is back
    assert entry.exists()
    assert load_cached(events, seeds, check_date_text=checker, cache_dir=cache_dir).pending is None


async def test_the_app_opens_warm_from_the_entry_a_command_wrote(
    mini: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `hk-timeline validate` (or `list`) loads with the date_text check and caches that; the
    # app, which checks after its first paint, takes the entry and checks nothing later.
    events, seeds = mini
    text = events.read_text(encoding="utf-8")
    # One date_text that does not say its date: a problem only the check finds.
    moved = text.replace(
        'id = "october-pilot"\ndate = "2025-10"', 'id = "october-pilot"\ndate = "2025-09"'
    )
    assert moved != text
    events.write_text(moved, encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    checker = NamedCheck("tui.core.temporal", "resolve_date_text")
    written = load_cached(events, seeds, check_date_text=checker)  # what the commands do
    assert written.pending is None and written.result.problems
    ran: list[object] = []

    def late_check(result: LoadResult) -> LateFindings:
        ran.append(result)
        return LateFindings((), frozenset())

    loads: list[int] = []
    real_load = app_module.load_for_app

    def counted(*args: object, **kwargs: object) -> object:
        loaded = real_load(*args, **kwargs)  # type: ignore[arg-type]
        loads.append(0 if loaded.pending is None else 1)
        return loaded

    monkeypatch.setattr(app_module, "load_for_app", counted)
    app = start_app(events, seeds, late_check=late_check)
    async with app.run_test(size=(100, 24)) as pilot:
        # The event whose date_text does not say its date is left out, as the check does.
        assert await wait_until(pilot, lambda: len(_shown_ids(app)) == 5)
        assert "october-pilot" not in _shown_ids(app)
        await pilot.pause()
    assert loads == [0]  # a hit, nothing to write
    assert ran == []  # and no late check
    assert app.result == written.result


def _shown_ids(app: TimelineApp) -> list[str]:
    try:
        return visible_ids(app) if isinstance(app.screen, TimelineScreen) else []
    except NoMatches:
        return []
