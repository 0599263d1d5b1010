"""The idle collector: full collections move to pauses in input, and memory stays bounded."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from tui_helpers import ManualClock, mini_app

from tui.core.idle_gc import BACKSTOP_FACTOR, OVERDUE_FACTOR, OVERDUE_GROWTH, IdleCollector


class Cycle:
    """Cyclic garbage: freed only by the cyclic collector."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*saved)


def _make_due(times: int = 10) -> None:
    """Run young collections until a full one would be due (each counts one)."""
    for _ in range(times):
        gc.collect(1)


def _old_cycle() -> weakref.ref[Cycle]:
    """A cycle that reaches the oldest generation, then becomes garbage."""
    cycle = Cycle()
    gc.collect(1)  # moved to the oldest generation
    ref = weakref.ref(cycle)
    del cycle
    return ref


def test_start_turns_full_collections_off_and_stop_restores(
    thresholds: tuple[int, int, int],
) -> None:
    collector = IdleCollector()
    collector.start()
    young, middle, old = gc.get_threshold()
    assert (young, middle) == thresholds[:2]
    assert old > 10**6
    assert collector.running
    collector.start()  # twice: still restores the interpreter's own
    collector.stop()
    assert gc.get_threshold() == thresholds
    assert not collector.running


def test_not_due_nothing_runs(thresholds: tuple[int, int, int]) -> None:
    clock = ManualClock()
    collector = IdleCollector(clock=clock)
    collector.start()
    gc.collect()  # count of the oldest generation back to 0
    clock.now += 60
    assert not collector.due()
    assert not collector.tick()
    collector.stop()


def test_due_waits_for_idle_then_collects(thresholds: tuple[int, int, int]) -> None:
    clock = ManualClock()
    collector = IdleCollector(idle_seconds=1.0, clock=clock)
    collector.start()
    gc.collect()
    ref = _old_cycle()
    _make_due()
    assert collector.due()
    collector.touch()
    clock.now += 0.5
    assert not collector.tick(), "input half a second ago: not idle yet"
    assert ref() is not None
    clock.now += 0.6
    assert collector.tick()
    assert ref() is None, "the cycle was collected"
    assert collector.collections == 1
    assert not collector.due()
    collector.stop()


class Memory:
    """A resident size that the test sets."""

    def __init__(self) -> None:
        self.size = 500 << 20

    def __call__(self) -> int:
        return self.size


def test_overdue_collects_even_while_typing(thresholds: tuple[int, int, int]) -> None:
    clock = ManualClock()
    # Where the resident size cannot be read, overdue counts young collections.
    collector = IdleCollector(clock=clock, memory=lambda: None)
    collector.start()
    gc.collect()
    _make_due(10 * OVERDUE_FACTOR - 1)
    collector.touch()
    assert not collector.tick()
    _make_due(1)
    collector.touch()
    assert collector.overdue()
    assert collector.tick()
    collector.stop()


def test_stopped_collector_never_collects(thresholds: tuple[int, int, int]) -> None:
    clock = ManualClock()
    collector = IdleCollector(clock=clock)
    _make_due(200)
    clock.now += 60
    assert not collector.due()
    assert not collector.tick()


async def test_the_app_hands_full_collections_to_its_idle_collector(
    thresholds: tuple[int, int, int],
) -> None:
    app = mini_app()
    clock = ManualClock()
    app.idle_gc.clock = clock
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert app.idle_gc.running
        assert gc.get_threshold()[2] > 10**6
        clock.now = 500.0
        await pilot.press("j")
        assert app.idle_gc.last_input == 500.0, "a key counts as input"
        await pilot.click("#timeline")
        clock.now = 600.0
        await pilot.click("#timeline")
        assert app.idle_gc.last_input == 600.0, "so does the mouse"
    assert not app.idle_gc.running
    assert gc.get_threshold() == thresholds, "the interpreter's thresholds are back"


def test_overdue_by_growth_while_a_key_is_held(thresholds: tuple[int, int, int]) -> None:
    clock = ManualClock()
    memory = Memory()
    collector = IdleCollector(clock=clock, memory=memory)
    collector.start()
    gc.collect()
    # Many young collections, little growth (paging through cached rows): not overdue.
    _make_due(10 * OVERDUE_FACTOR + 5)
    allowed = collector.growth_allowed()
    assert allowed == 50 << 20, "a tenth of 500 MB"
    memory.size += allowed - 1
    collector.touch()
    assert collector.due() and not collector.overdue()
    assert not collector.tick()
    # Grown by the allowance since the last full collection: it runs though input goes on.
    memory.size += 1
    ref = _old_cycle()
    assert collector.overdue()
    assert collector.tick()
    assert ref() is None
    # The size after that collection is the new starting point.
    assert collector.growth_allowed() == (550 << 20) // 10
    _make_due()
    memory.size += collector.growth_allowed() - 1
    collector.touch()
    assert collector.due() and not collector.overdue()
    collector.stop()


def test_a_small_process_may_grow_by_the_minimum(thresholds: tuple[int, int, int]) -> None:
    memory = Memory()
    memory.size = 40 << 20
    collector = IdleCollector(clock=ManualClock(), memory=memory)
    collector.start()
    gc.collect()
    assert collector.growth_allowed() == OVERDUE_GROWTH
    _make_due()
    memory.size += OVERDUE_GROWTH - 1
    assert not collector.overdue()
    memory.size += 1
    assert collector.overdue()
    collector.stop()


def test_growth_needs_a_due_collection_and_has_a_backstop(
    thresholds: tuple[int, int, int],
) -> None:
    clock = ManualClock()
    memory = Memory()
    collector = IdleCollector(clock=clock, memory=memory)
    collector.start()
    gc.collect()
    grown = 2 * collector.growth_allowed()
    memory.size += grown
    assert not collector.due() and not collector.overdue(), "nothing collected since"
    memory.size -= grown
    _make_due(10 * BACKSTOP_FACTOR - 1)
    assert not collector.overdue()
    _make_due(1)
    assert collector.overdue(), "young collections alone, at a hundred times the spacing"
    collector.stop()
