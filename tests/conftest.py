"""Shared fixtures: corpora paths and writable copies, a loader call counter, the generator."""

from __future__ import annotations

import compileall
import gc
import importlib.util
import os
import random
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import quick_keys
import textual.constants

from tui.core import loader
from tui.core.loader import LoadResult

quick_keys.install()

# Scrolls end where they are going at once: a test waits for the state an animation ends in,
# and the time the animation would take is time the suite sits idle.
textual.constants.TEXTUAL_ANIMATIONS = "none"

# Bytecode is kept even where PYTHONDONTWRITEBYTECODE is set (as `make run` compiles the package
# and pip compiles an installed one): each test worker imports every test module, and the tests
# start the CLI in a few hundred interpreters, which would otherwise all compile the same
# modules from source again.
sys.dont_write_bytecode = False

# Tests (and the subprocesses they start) keep their index cache to themselves.
os.environ.setdefault("HK_TIMELINE_CACHE_DIR", tempfile.mkdtemp(prefix="hk-timeline-test-cache-"))
# … and never read or write the user's settings.
os.environ["HK_TIMELINE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="hk-timeline-test-config-")

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
REAL_EVENTS = ROOT / "events.toml"
REAL_SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no settings file, so no test sees what another remembered.

    A short folder of its own (not under pytest's basetemp, whose length differs with the
    number of workers), so a notification naming the file wraps the same way everywhere.
    """
    folder = tempfile.mkdtemp(prefix="hkc-")
    monkeypatch.setenv("HK_TIMELINE_CONFIG_DIR", folder)
    yield
    shutil.rmtree(folder, ignore_errors=True)


RELEASE_EVERY = 20
"""How many tests end between two releases of what earlier tests' apps froze."""

_tests_ended = 0


@pytest.fixture(autouse=True)
def _frozen_apps_released() -> Iterator[None]:
    """Every `RELEASE_EVERY` tests, a test ends by unfreezing what earlier tests' apps froze.

    `create_app` collects, then freezes the heap it loaded, as the one app of a real process
    should. A test process starts hundreds of apps: unfreezing after each test put the whole
    heap of the test process (Textual, Hypothesis, every test module) back in the collector's
    sight, and the next app's collection walked all of it. Left frozen, earlier apps stay in
    memory, so they are let go now and then. By a count of tests, not of frozen objects:
    `gc.get_freeze_count` walks the frozen objects (about 0.1 s a call with a few hundred
    thousand of them), while `gc.unfreeze` only links two lists.
    """
    global _tests_ended
    yield
    _tests_ended += 1
    if _tests_ended % RELEASE_EVERY == 0:
        gc.unfreeze()


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path of its own, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="hk-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def mini(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the fixture corpus: (events.toml, seeds dir)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target / "events.toml", target / "seeds"


_real_load = loader.load


class Calls:
    """Counts calls to tui.core.loader.load while delegating to the real loader."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any, **kwargs: Any) -> LoadResult:
        self.count += 1
        return _real_load(*args, **kwargs)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """tui.core.loader.load replaced by a counting `Calls` for the test."""
    counter = Calls()
    monkeypatch.setattr(loader, "load", counter)
    return counter


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """An index cache directory of the test's own (not yet created)."""
    return tmp_path / "cache"


def import_generator() -> ModuleType:
    """bench/gen_corpus.py as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "bench" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module executes.
    sys.modules.setdefault("gen_corpus", module)
    spec.loader.exec_module(module)
    return module


LONG_FIRST = (
    "test_robustness_tui.py",
    "test_tui_discover.py",
    "test_tui_real.py",
    "test_tui_sizes.py",
    "test_loader_properties.py",
    "test_robustness_round2.py",
    "test_robustness_writes.py",
)
"""Modules whose tests run longest (several seconds each): started first, so the two workers
do not end with one of them alone on a long test while the other has nothing left."""


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, before any test worker starts
        compileall.compile_dir(ROOT / "tui", quiet=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONG_FIRST.index(name) if name in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)


def no_children_left() -> bool:
    """Whether this process has no child process, running or unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def near_misses(seeds: Sequence[str], alphabet: str, count: int, seed: int) -> Iterator[str]:
    """`count` texts, each one of `seeds` with one character dropped, added or changed (to one
    of `alphabet`), chosen by a `random.Random(seed)`."""
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice(seeds)
        at = rng.randrange(len(text) + 1)
        change = rng.randrange(3)
        if change == 0 and at < len(text):
            text = text[:at] + text[at + 1 :]
        elif change == 1:
            text = text[:at] + rng.choice(alphabet) + text[at:]
        elif at < len(text):
            text = text[:at] + rng.choice(alphabet) + text[at + 1 :]
        yield text
