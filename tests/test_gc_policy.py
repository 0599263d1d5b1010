"""Freezing long-lived data never freezes garbage: what is unreachable then is collected first."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import MINI
from tests.tui_helpers import mini_app, wait_until
from tui import cli
from tui.core.idle_gc import freeze_long_lived, long_lived


class Cycle:
    """Cyclic garbage: freed only by the cyclic collector."""

    def __init__(self) -> None:
        self.me = self


def _old_garbage_cycle() -> weakref.ref[Cycle]:
    """A cycle that reaches the oldest generation (young collections skip it), then is dropped."""
    cycle = Cycle()
    gc.collect(1)
    ref = weakref.ref(cycle)
    del cycle
    return ref


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Leave the interpreter as found: nothing frozen, the collector on."""
    yield
    gc.unfreeze()
    gc.enable()


def test_freeze_long_lived_collects_first(unfrozen: None) -> None:
    garbage = _old_garbage_cycle()
    kept = Cycle()
    freeze_long_lived()
    assert garbage() is None
    assert gc.get_freeze_count() > 0
    assert kept.me is kept


def test_long_lived_collects_before_loading_and_freezes_after(unfrozen: None) -> None:
    garbage = _old_garbage_cycle()
    with long_lived():
        assert not gc.isenabled()  # loading is not interrupted by collections
        built = [Cycle() for _ in range(3)]
    assert garbage() is None
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert all(item.me is item for item in built)


def test_long_lived_leaves_a_disabled_collector_disabled(unfrozen: None) -> None:
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled()


async def test_rebuilding_the_index_after_a_write_frees_the_garbage_alive_then(
    unfrozen: None,
) -> None:
    """A curation write rebuilds the index in a worker, which then freezes what is alive."""
    app = mini_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        garbage = _old_garbage_cycle()
        app.apply_result(app.result)  # what a write or a reload does

        def indexing() -> bool:
            return any(worker.group == "index" and worker.is_running for worker in app.workers)

        # The worker may start a while later on a loaded machine (or be done already); what it
        # froze without collecting first is out of every later collection's reach for good.
        await wait_until(pilot, lambda: indexing() or garbage() is None)
        while indexing():
            await pilot.pause(0.02)
        assert garbage() is None


def test_a_command_loads_its_corpus_with_the_collector_off_then_freezes_it(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI's corpus lives until the command ends: later collections do not walk it."""
    gc.unfreeze()
    collector_on_while_loading = []
    real_load = cli.load

    def load(*args: Any, **kwargs: Any) -> Any:
        collector_on_while_loading.append(gc.isenabled())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(cli, "load", load)
    arguments = ["--events", str(MINI / "events.toml"), "--seeds", str(MINI / "seeds")]
    assert cli.main(["validate", *arguments, "--no-cache"]) == 0
    assert "ok: 6 events" in capsys.readouterr().out
    assert collector_on_while_loading == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
