"""Shared fixtures: paths of the fixture and real corpora, and writable copies of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
