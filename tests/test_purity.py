"""The core never imports Textual: every module under tui/core is imported in a fresh interpreter.

The CLI and the web server are thin modules over the core, so they are held to it too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tui.core

_CORE_DIR = Path(tui.core.__file__).resolve().parent


def _core_modules() -> list[str]:
    modules = []
    for path in sorted(_CORE_DIR.rglob("*.py")):
        parts = path.relative_to(_CORE_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(("tui", "core", *parts)))
    return modules


CORE_MODULES = _core_modules()
THIN_MODULES = ["tui.cli", "tui.serve"]


def test_the_core_folder_is_walked() -> None:
    assert "tui.core.loader" in CORE_MODULES
    assert "tui.core.temporal" in CORE_MODULES
    assert "tui.core.temporal.holidays" in CORE_MODULES
    assert len(CORE_MODULES) >= 25


def test_the_whole_core_in_one_interpreter() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, f'{name} imported textual'\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize("module", [*CORE_MODULES, *THIN_MODULES])
def test_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "assert 'dateparser' not in sys.modules, 'dateparser was imported eagerly'\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
