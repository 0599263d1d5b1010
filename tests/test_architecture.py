"""The app wires its screens; screens and widgets never import it, and it never reaches into them.

Shared state (the corpus, the language, the script) flows from reactives on the app that the
screens watch, and the screens reach the app only through `tui.screens.host.host`.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from textual.app import App

TUI = Path(__file__).resolve().parent.parent / "tui"

APP_MAY_IMPORT = {
    "tui.screens.host": "the typed accessor and the corpus revision the screens watch",
    "tui.screens.timeline": "the default screen",
    "tui.screens.loading": "the first screen while the corpus loads",
    "tui.screens.help": "pushed by ?",
    "tui.screens.problems": "pushed by !",
    "tui.screens.hints": "H opens the hints flow",
    "tui.screens.commands": "the palette's command provider",
    "tui.screens.curation": "u runs the undo flow",
}
"""What tui/app.py may import from tui.screens, and why: screens it shows and flows it starts."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(TUI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (inside functions and TYPE_CHECKING too).

    ``from a import b`` counts as importing both ``a`` and ``a.b`` (b may be a module).
    """
    package = (
        _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else (_module_name(path))
    )
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _ui_modules() -> list[Path]:
    return sorted([*(TUI / "screens").glob("*.py"), *(TUI / "widgets").glob("*.py")])


@pytest.mark.parametrize("path", _ui_modules(), ids=lambda path: path.name)
def test_no_screen_or_widget_imports_the_app(path: Path) -> None:
    imports = imported_modules(path)
    assert not {name for name in imports if name == "tui.app" or name.startswith("tui.app.")}


def test_the_app_imports_only_the_screens_it_shows() -> None:
    imports = imported_modules(TUI / "app.py")
    screens = {
        name
        for name in imports
        if name.startswith("tui.screens.")
        and (TUI / "screens" / f"{name.split('.')[2]}.py").exists()
    }
    # `from tui.screens.timeline import TimelineScreen` also yields a "tui.screens.timeline.X".
    modules = {".".join(name.split(".")[:3]) for name in screens}
    assert modules <= set(APP_MAY_IMPORT), modules - set(APP_MAY_IMPORT)


def _screen_methods() -> set[str]:
    """Methods defined by the screens and dialogs, less names the app or builtins share."""
    names: set[str] = set()
    for path in sorted((TUI / "screens").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names.update(
                    item.name
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                )
    # Names the app has itself, or that builtins have (`list.index`), say nothing of screens.
    shared = {name for kind in (App, str, list, dict) for name, _ in inspect.getmembers(kind)}
    # So have the core's classes (`StoredSearchText.read`), which the app does call.
    for path in [TUI / "app.py", *sorted((TUI / "core").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                shared.update(
                    item.name
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                )
    return names - shared


def test_the_app_calls_no_screen_method() -> None:
    """State reaches the screens through the app's reactives, not by calls into them."""
    methods = _screen_methods()
    assert {"select_event", "filter_by_actor"} <= methods  # the walk sees the screens
    called = {
        node.func.attr
        for node in ast.walk(ast.parse((TUI / "app.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not called & methods, called & methods


def test_screens_reach_the_app_only_through_host() -> None:
    """No screen casts the app to a type of its own or reads its attributes by name: `host`
    is the one typed accessor."""
    offenders = []
    for path in _ui_modules():
        if path.name == "host.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "cast"
                and node.args
                and isinstance(node.args[0], ast.Constant | ast.Name)
                and "App" in ast.unparse(node.args[0])
            ):
                offenders.append(f"{path.name}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr")
                and node.args
                and ast.unparse(node.args[0]).endswith("app")
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders
