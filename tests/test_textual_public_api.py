"""The app uses Textual's public API only: no `textual._*` module, no private name of Textual's.

`pyproject.toml` allows a range of Textual releases; private modules and attributes may change in
any of them. Every module under tui/ is read with `ast`:

* an import of a `textual._*` module (`import textual._x`, `from textual._x import y`,
  `from textual import _x`) fails;
* `obj._name` (not a dunder) fails when `_name` is private to Textual: a method, class attribute
  or instance attribute (`self._name = ...`) of any class in Textual's source. On `self`,
  `cls` or `super()` inside one of our classes, it fails when a Textual class that ours
  inherits from has that name: reading it reaches into Textual, defining it (`def _watch_value`)
  overrides or overwrites Textual's. Our own private names on our own classes are fine;
* `getattr`/`setattr`/`hasattr` with a literal private name of Textual's fails likewise.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import textual

import tui

TUI_DIR = Path(tui.__file__).resolve().parent
TEXTUAL_DIR = Path(textual.__file__).resolve().parent

PUBLIC_UNDERSCORED: dict[str, str] = {}
"""Names Textual spells with an underscore but documents for apps, with the reason (none yet)."""


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORED


def _class_names(node: ast.ClassDef) -> set[str]:
    """Private names a class of Textual's defines: methods, class attributes, `self._x = ...`."""
    names: set[str] = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.ctx, ast.Store)
            and isinstance(sub.value, ast.Name)
            and sub.value.id in ("self", "cls")
        ):
            names.add(sub.attr)
    return {name for name in names if _is_private(name)}


@cache
def textual_private_names() -> dict[tuple[str, str], frozenset[str]]:
    """Private names of every class in Textual's source, by (module, class name)."""
    found: dict[tuple[str, str], frozenset[str]] = {}
    for path in TEXTUAL_DIR.rglob("*.py"):
        parts = path.relative_to(TEXTUAL_DIR.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                found[(module, node.name)] = frozenset(_class_names(node))
    return found


@cache
def all_textual_private_names() -> frozenset[str]:
    return frozenset().union(*textual_private_names().values())


def textual_names_of(cls: type) -> set[str]:
    """Private names that the Textual classes among `cls`'s ancestors define."""
    names: set[str] = set()
    table = textual_private_names()
    for ancestor in inspect.getmro(cls):
        if ancestor.__module__.split(".")[0] != "textual":
            continue
        names |= table.get((ancestor.__module__, ancestor.__name__), frozenset())
        names |= {name for name in vars(ancestor) if _is_private(name)}
    return names


def tui_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(TUI_DIR.rglob("*.py")):
        parts = path.relative_to(TUI_DIR.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules.append((module, path))
    return modules


def _is_self(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in ("self", "cls")
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def violations(source: str, module: str | None = None, where: str = "<test>") -> Iterator[str]:
    """Each use of Textual's private API in `source`, as `where:line: what`.

    Args:
        source: a module's text.
        module: its importable name, to find the Textual ancestors of its classes; without
            it, classes are looked up in the namespace the source defines when executed.
        where: how to name the module in messages.
    """
    tree = ast.parse(source)
    if not any(isinstance(node, ast.ClassDef) for node in ast.walk(tree)):
        # No class to look up (and `__main__` would run the app when imported).
        namespace: dict[str, object] = {}
    elif module is not None:
        namespace = vars(importlib.import_module(module))
    else:
        namespace = {}
        exec(compile(source, where, "exec"), namespace)  # noqa: S102
    every = all_textual_private_names()

    def visit(node: ast.AST, owner: type | None) -> Iterator[str]:
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("textual.") and any(
                    part.startswith("_") for part in alias.name.split(".")[1:]
                ):
                    yield f"{where}:{line}: imports private module {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            root = node.module.split(".")
            if root[0] == "textual":
                if any(part.startswith("_") for part in root[1:]):
                    yield f"{where}:{line}: imports from private module {node.module}"
                elif node.module == "textual":
                    for alias in node.names:
                        if alias.name.startswith("_"):
                            yield f"{where}:{line}: imports private module textual.{alias.name}"
        elif isinstance(node, ast.ClassDef):
            found = namespace.get(node.name) if owner is None else vars(owner).get(node.name)
            inner = found if isinstance(found, type) else None
            theirs = textual_names_of(inner) if inner is not None else set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    if item.name in theirs:
                        yield (
                            f"{where}:{item.lineno}: {node.name}.{item.name} overrides "
                            "a private method of Textual's"
                        )
            for item in node.body:
                yield from visit(item, inner)
            return
        elif isinstance(node, ast.Attribute) and _is_private(node.attr):
            if _is_self(node.value):
                mine = textual_names_of(owner) if owner is not None else set()
                if node.attr in mine:
                    yield f"{where}:{line}: {ast.unparse(node)} is Textual's private attribute"
            elif node.attr in every:
                yield f"{where}:{line}: {ast.unparse(node)} is a private name of Textual's"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _is_private(node.args[1].value)
            and node.args[1].value in every
        ):
            yield f"{where}:{line}: {node.func.id}(…, {node.args[1].value!r}) is Textual's"
        for child in ast.iter_child_nodes(node):
            yield from visit(child, owner)

    yield from visit(tree, None)


def test_the_whole_app_is_walked() -> None:
    names = [module for module, _ in tui_modules()]
    assert "tui.app" in names
    assert "tui.widgets.timeline_list" in names
    assert "tui.screens.timeline" in names
    # The table of Textual's names holds the ones the rule exists for.
    assert {"_styles_cache", "_vertical_scrollbar", "_start_widget"} <= all_textual_private_names()


@pytest.mark.parametrize(("module", "path"), tui_modules(), ids=lambda value: str(value))
def test_no_private_textual_api(module: str, path: Path) -> None:
    where = str(path.relative_to(TUI_DIR.parent))
    assert list(violations(path.read_text(encoding="utf-8"), module, where)) == []


CAUGHT = [
    ("import textual._styles_cache", "private module"),
    ("from textual._styles_cache import StylesCache", "private module"),
    ("from textual import _context", "private module"),
    ("from textual.widget import Widget\ndef f(w: Widget):\n    return w._styles_cache", "private"),
    ("def f(app):\n    return app._notifications", "private"),
    ("def f(app):\n    return getattr(app, '_compositor')", "Textual's"),
    (
        "from textual.scroll_view import ScrollView\n"
        "class V(ScrollView):\n"
        "    def bar(self):\n"
        "        return self._vertical_scrollbar",
        "Textual's private attribute",
    ),
    (
        "from textual.widgets import Input\n"
        "class I(Input):\n"
        "    def _watch_value(self, value):\n"
        "        super()._watch_value(value)",
        "overrides",
    ),
    (
        "from textual.widget import Widget\n"
        "class W(Widget):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self._styles_cache = None",
        "Textual's private attribute",
    ),
]


@pytest.mark.parametrize(("source", "message"), CAUGHT)
def test_private_uses_are_caught(source: str, message: str) -> None:
    found = list(violations(source))
    assert found, source
    assert message in found[0]


ALLOWED = [
    # Our own private names on our own classes, even on a Textual subclass.
    "from textual.widget import Widget\n"
    "class W(Widget):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self._rows_drawn = {}\n"
    "    def _draw_row(self):\n"
    "        return self._rows_drawn",
    # A private name of another library that Textual does not use.
    "import argparse\ndef f(parser):\n    return parser._subparsers_of_ours",
    # Public API.
    "from textual.cache import LRUCache\nfrom textual.strip import Strip",
    "def f(widget):\n    return widget.virtual_size, widget.__class__",
]


@pytest.mark.parametrize("source", ALLOWED)
def test_public_and_own_names_pass(source: str) -> None:
    assert list(violations(source)) == []
