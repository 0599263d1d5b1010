"""Shared fixtures: paths of the fixture and real corpora, and writable copies of them."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Tests (and the subprocesses they start) keep their index cache to themselves.
os.environ.setdefault("HK_TIMELINE_CACHE_DIR", tempfile.mkdtemp(prefix="hk-timeline-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
REAL_EVENTS = ROOT / "events.toml"
REAL_SEEDS = ROOT / "seeds"


@pytest.fixture
def mini(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the fixture corpus: (events.toml, seeds dir)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target / "events.toml", target / "seeds"
