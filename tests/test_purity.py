"""The core never imports Textual: every module under tui/core is imported in a fresh interpreter.

The CLI and the web server are thin modules over the core, so they are held to it too.
"""

from __future__ import annotations

import json
import os
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


_CHECK_EACH_IN_A_FRESH_CHILD = """
import json, os, sys

results = {}
for name in sys.argv[1:]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        problem = ""
        try:
            __import__(name)
            if "textual" in sys.modules:
                problem = "textual was imported"
            elif "dateparser" in sys.modules:
                problem = "dateparser was imported eagerly"
        except BaseException as error:
            problem = f"import failed: {error!r}"
        os.write(write_end, problem.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        results[name] = reader.read().decode()
    os.waitpid(pid, 0)
print(json.dumps(results))
"""
"""Imports each named module in a child forked from an interpreter that has imported nothing of
the project: each child starts from the same bare state, as a fresh interpreter would, at the
cost of one fork instead of one interpreter start per module."""


@pytest.fixture(scope="session")
def import_problems() -> dict[str, str]:
    """For each core and thin module, what went wrong importing it alone ("" when nothing)."""
    modules = [*CORE_MODULES, *THIN_MODULES]
    if not hasattr(os, "fork"):
        return {module: _import_alone(module) for module in modules}
    completed = subprocess.run(
        [sys.executable, "-c", _CHECK_EACH_IN_A_FRESH_CHILD, *modules],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    problems: dict[str, str] = json.loads(completed.stdout)
    return problems


def _import_alone(module: str) -> str:
    """What went wrong importing `module` in a fresh interpreter ("" when nothing)."""
    code = (
        f"import sys, {module}\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "assert 'dateparser' not in sys.modules, 'dateparser was imported eagerly'\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return "" if completed.returncode == 0 else completed.stderr


@pytest.mark.parametrize("module", [*CORE_MODULES, *THIN_MODULES])
def test_module_does_not_import_textual(module: str, import_problems: dict[str, str]) -> None:
    assert import_problems[module] == ""


def test_the_check_sees_a_module_that_imports_textual() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _CHECK_EACH_IN_A_FRESH_CHILD, "json", "textual.app", "csv"],
        capture_output=True,
        text=True,
    )
    assert json.loads(completed.stdout) == {
        "json": "",
        "textual.app": "textual was imported",
        "csv": "",
    }
