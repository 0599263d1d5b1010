"""The core never imports Textual: each core module is imported in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "tui.model", "tui.dates", "tui.errors", "tui.loader", "tui.fold", "tui.query",
    "tui.export", "tui.textwidth", "tui.atomic", "tui.paths", "tui.cli", "tui.temporal",
    "tui.display", "tui.curate", "tui.cache", "tui.sentences", "tui.drafting",
    "tui.date_filter", "tui.hints", "tui.table", "tui.preferences", "tui.citation",
    "tui.serve",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "assert 'dateparser' not in sys.modules, 'dateparser was imported eagerly'\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
