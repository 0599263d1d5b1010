"""The user's remembered settings and saved views, read from and written to config.toml."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.errors import Problem, TimelineError
from tui.core.reading import read_regular
from tui.core.text_fitting import safe_text

if TYPE_CHECKING:
    from tui.core.query import Filters, TimelineIndex

__all__ = [
    "CONFIG_DIR_ENV",
    "LANGUAGES",
    "SCRIPTS",
    "STATUSES",
    "Preferences",
    "SavedView",
    "config_path",
    "forget_view",
    "load_preferences",
    "save_preference",
    "save_view",
    "view_filters",
    "view_from_filters",
    "view_name_problem",
]

CONFIG_DIR_ENV = "HK_TIMELINE_CONFIG_DIR"
"""Set, it names the folder config.toml lives in (tests, a second profile)."""
CONFIG_FILE = "config.toml"
"""The file's name inside the config folder."""
_APP_NAME = "hk-timeline"
MAX_CONFIG_BYTES = 1 << 20
"""A config file bigger than this (1 MiB) is not a config file: refused, not read."""

SCRIPTS = ("original", "hant", "hans")
"""The Chinese scripts `script` may name (see `tui.core.scripts.SCRIPTS`)."""
LANGUAGES = ("en", "zh")
"""The languages `language` may name."""
STATUSES = ("happened", "planned")
"""What a view's `status` may say."""
_VIEW_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
_SETTINGS = ("script", "language", "colour_scheme", "detail")
_VIEW_KEYS = ("actors", "themes", "with_children", "status", "from", "to", "query")


@dataclass(frozen=True, slots=True)
class SavedView:
    """A named set of filters, as stored under [views.NAME]."""

    actors: tuple[str, ...] = ()
    """Organisation ids (or any name or alias a person typed by hand)."""
    themes: tuple[str, ...] = ()
    """Theme ids (or names)."""
    with_children: bool = False
    """Whether the actors include their child organisations."""
    status: str | None = None
    """"happened", "planned" or None for both."""
    date_from: date | str | None = None
    """Earliest day, as a TOML date or as words the date dialog reads ("2019年7月")."""
    date_to: date | str | None = None
    """Latest day, the same forms."""
    query: str = ""
    """Search text."""


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the app remembers between runs; None where the file says nothing (or nonsense)."""

    script: str | None = None
    """One of SCRIPTS."""
    language: str | None = None
    """One of LANGUAGES."""
    colour_scheme: str | None = None
    """A Textual theme name ("textual-dark", "textual-light", …); the app checks it."""
    detail: bool | None = None
    """True: the detail pane shown; False: hidden."""
    views: Mapping[str, SavedView] = field(default_factory=dict)
    """Saved views by name, in the file's order."""


def config_path() -> Path:
    """Return config.toml in ``HK_TIMELINE_CONFIG_DIR`` if set, else the user config folder."""
    configured = os.environ.get(CONFIG_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser() / CONFIG_FILE
    import platformdirs

    return Path(platformdirs.user_config_dir(_APP_NAME)) / CONFIG_FILE


def view_name_problem(name: str) -> str | None:
    """Say what is wrong with `name` as a view's name, or None when it is fine."""
    if _VIEW_NAME.fullmatch(name):
        return None
    return "a view's name is 1 to 40 letters, digits, - or _ (e.g. hsbc-2024)"


def _line_of(text: str, key: str, table: str | None = None) -> int:
    """The line `key = …` is on (inside `[table]` when given), or the table's line, or 0."""
    lines = text.splitlines()
    start = 0
    if table is not None:
        header = re.compile(rf"\s*\[\s*{re.escape(table)}\s*\]")
        start = next((i for i, line in enumerate(lines) if header.match(line)), -1)
        if start < 0:  # a quoted name: [views."two words"]
            last = table.rsplit(".", 1)[-1]
            start = next(
                (
                    i
                    for i, line in enumerate(lines)
                    if line.lstrip().startswith("[") and last in line
                ),
                -1,
            )
        if start < 0:
            return 0
    pattern = re.compile(rf"\s*\"?{re.escape(key)}\"?\s*=")
    for number in range(start, len(lines)):
        if number > start and table is not None and lines[number].lstrip().startswith("["):
            break
        if pattern.match(lines[number]):
            return number + 1
    return start + 1 if table is not None else 0


def load_preferences(path: Path | None = None) -> tuple[Preferences, tuple[Problem, ...]]:
    """Read the config file; what is wrong in it is reported and left out, never raised.

    A missing file is no problem (the defaults). A file that cannot be read or parsed
    gives the defaults and one problem; a value of the wrong kind gives a problem and is
    ignored, the rest of the file still applies.

    Args:
        path: the file (default: `config_path()`).

    Returns:
        The preferences and the problems found, each as `file:line: what is wrong`.
    """
    path = config_path() if path is None else path
    shown = str(path)
    try:
        if not path.exists() and not path.is_symlink():
            return Preferences(), ()
        raw = read_regular(path, shown, what="config file", limit=MAX_CONFIG_BYTES)
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except TimelineError as error:
        return Preferences(), error.problems or (Problem(shown, 0, error.message),)
    except OSError as error:
        return Preferences(), (Problem(shown, 0, f"cannot read: {error.strerror or error}"),)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return Preferences(), (Problem(shown, line, "not UTF-8 text; the file is ignored"),)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line ([0-9]+), column [0-9]+\)", str(error))
        message = re.sub(r"\s*\(at .*\)$", "", str(error))
        line = int(found[1]) if found else max(1, len(text.splitlines()))
        return Preferences(), (
            Problem(shown, line, f"not valid TOML: {message}; the file is ignored"),
        )
    return _read(document, text, shown)


def _read(
    document: dict[str, Any], text: str, shown: str
) -> tuple[Preferences, tuple[Problem, ...]]:
    problems: list[Problem] = []

    def bad(key: str, message: str, table: str | None = None) -> None:
        problems.append(Problem(shown, _line_of(text, key, table), f"{message}; ignored"))

    def choice(key: str, allowed: tuple[str, ...]) -> str | None:
        value = document.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in allowed:
            bad(key, f"{key} must be one of {', '.join(allowed)}, not {_shown(value)}")
            return None
        return value

    script = choice("script", SCRIPTS)
    language = choice("language", LANGUAGES)
    colour_scheme = document.get("colour_scheme")
    if colour_scheme is not None and (not isinstance(colour_scheme, str) or not colour_scheme):
        bad("colour_scheme", f"colour_scheme must be a theme's name, not {_shown(colour_scheme)}")
        colour_scheme = None
    detail = choice("detail", ("shown", "hidden"))
    for key in document:
        if key not in (*_SETTINGS, "views"):
            bad(key, f"unknown setting {safe_text(key)!r} (known: {', '.join(_SETTINGS)}, views)")
    views: dict[str, SavedView] = {}
    tables = document.get("views", {})
    if not isinstance(tables, dict):
        bad("views", "views must be tables: [views.NAME]")
        tables = {}
    for name, table in tables.items():
        where = f"views.{name}"
        if view_name_problem(name) is not None:
            bad(name, f"view {safe_text(name)!r}: {view_name_problem(name)}", where)
        elif not isinstance(table, dict):
            bad(name, f"view {name!r} must be a table: [views.{name}]", "views")
        else:
            view = _view(name, table, lambda key, message, w=where: bad(key, message, w))
            if view is not None:
                views[name] = view
    return (
        Preferences(
            script=script,
            language=language,
            colour_scheme=colour_scheme,
            detail=None if detail is None else detail == "shown",
            views=views,
        ),
        tuple(problems),
    )


def _view(name: str, table: dict[str, Any], bad: Any) -> SavedView | None:
    """One [views.NAME] table as a SavedView, or None (reported) when it is unusable."""
    for key in table:
        if key not in _VIEW_KEYS:
            bad(
                key,
                f"view {name!r}: unknown key {safe_text(key)!r} (known: {', '.join(_VIEW_KEYS)})",
            )
            return None
    names: dict[str, tuple[str, ...]] = {}
    for key in ("actors", "themes"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            bad(key, f"view {name!r}: {key} must be a list of names, not {_shown(value)}")
            return None
        names[key] = tuple(value)
    status = table.get("status", "")
    if status not in ("", *STATUSES):
        bad("status", f"view {name!r}: status must be happened or planned, not {_shown(status)}")
        return None
    ends: dict[str, date | str | None] = {}
    for key in ("from", "to"):
        value = table.get(key)
        if value is not None and not isinstance(value, (date, str)):
            bad(key, f"view {name!r}: {key} must be a date or words, not {_shown(value)}")
            return None
        ends[key] = value or None
    query = table.get("query", "")
    with_children = table.get("with_children", False)
    if not isinstance(query, str) or not isinstance(with_children, bool):
        bad("query", f"view {name!r}: query must be text and with_children true or false")
        return None
    return SavedView(
        actors=names["actors"],
        themes=names["themes"],
        with_children=with_children,
        status=status or None,
        date_from=ends["from"],
        date_to=ends["to"],
        query=query,
    )


def _shown(value: object) -> str:
    return safe_text(repr(value))[:60]


# -- writing ----------------------------------------------------------------------------


def _edit(path: Path, change: Any) -> None:
    """Apply `change` to the file's tomlkit document and write it back atomically.

    Comments, order and the bytes of what is not changed stay as they were. A file that
    does not parse is not rewritten (it is the user's, and may hold what they meant).
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    shown = str(path)
    text = ""
    try:
        exists = path.exists() or path.is_symlink()
        if not exists:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TimelineError.at(
            shown, 0, f"cannot create the settings folder: {error.strerror or error}"
        ) from None
    if exists:
        raw = read_regular(path, shown, what="config file", limit=MAX_CONFIG_BYTES)
        try:
            text = raw.decode("utf-8")
            document = tomlkit.parse(text)
        except (UnicodeDecodeError, TOMLKitError) as error:
            raise TimelineError.at(
                shown,
                getattr(error, "line", 0),
                "cannot be read, so it was not changed; fix or remove it to have settings saved",
            ) from None
    else:
        document = tomlkit.document()
        document.add(tomlkit.comment("HK FinTech Timeline: settings and saved views."))
        document.add(tomlkit.comment("The app rewrites values it changes and keeps the rest."))
    try:
        change(document)
    except (TOMLKitError, TypeError, KeyError, ValueError) as error:
        # e.g. `views = 1` where tables of views belong
        raise TimelineError.at(
            shown, 0, f"cannot be changed as it is ({error}); nothing was written"
        ) from None
    new_text = tomlkit.dumps(document)
    if new_text != text:
        from tui.core.atomic import atomic_write

        atomic_write(path, new_text)


def save_preference(key: str, value: str, path: Path | None = None) -> None:
    """Set one top-level setting (script, language, colour_scheme, detail).

    Args:
        key: the setting's name.
        value: its new value.
        path: the file (default: `config_path()`).

    Raises:
        TimelineError: the file could not be written or does not parse (left as it was).
    """
    if key not in _SETTINGS:
        raise ValueError(f"unknown setting {key!r}")

    def change(document: Any) -> None:
        # tomlkit puts a new key above the first table and keeps a changed one's comment.
        if document.get(key) != value:
            document[key] = value

    _edit(config_path() if path is None else path, change)


def save_view(name: str, view: SavedView, path: Path | None = None) -> None:
    """Store `view` as [views.NAME], replacing a view of that name.

    Raises:
        TimelineError: a bad name, or the file could not be written.
    """
    target = config_path() if path is None else path
    problem = view_name_problem(name)
    if problem is not None:
        raise TimelineError(f"{safe_text(name)!r}: {problem}")
    import tomlkit

    table = tomlkit.table()
    table["actors"] = list(view.actors)
    table["themes"] = list(view.themes)
    if view.with_children:
        table["with_children"] = True
    if view.status:
        table["status"] = view.status
    if view.date_from is not None:
        table["from"] = view.date_from
    if view.date_to is not None:
        table["to"] = view.date_to
    if view.query:
        table["query"] = view.query

    def change(document: Any) -> None:
        if "views" not in document:
            views = tomlkit.table(is_super_table=True)
            document["views"] = views
        document["views"][name] = table

    _edit(target, change)


def forget_view(name: str, path: Path | None = None) -> None:
    """Remove [views.NAME] (nothing happens when there is no such view)."""

    def change(document: Any) -> None:
        views = document.get("views")
        if views is not None and name in views:
            del views[name]

    _edit(config_path() if path is None else path, change)


# -- views and filters --------------------------------------------------------------------


def view_from_filters(filters: Filters) -> SavedView:
    """The view that stores `filters` (dates as TOML dates, actors and themes by id)."""
    return SavedView(
        actors=tuple(sorted(filters.actors)),
        themes=tuple(sorted(filters.themes)),
        with_children=filters.include_children,
        status=filters.status,
        date_from=filters.date_from,
        date_to=filters.date_to,
        query=filters.query,
    )


def view_filters(name: str, view: SavedView, index: TimelineIndex, today: date) -> Filters:
    """The filters view `name` stands for on this corpus.

    Args:
        name: the view's name, for messages.
        view: the view.
        index: the corpus's index, to look actor and theme names up.
        today: what relative dates in the view ("去年") resolve against.

    Returns:
        The filters.

    Raises:
        TimelineError: an actor or theme the corpus does not know, or a date that does not
            read; the message names the view.
    """
    from tui.core.query import Filters

    actors: set[str] = set()
    for actor in view.actors:
        found = index.find_actors(actor)
        if not found:
            raise TimelineError(
                f"view {name!r}: no organisation {safe_text(actor)!r} in this corpus"
            )
        actors |= found
    themes: set[str] = set()
    for theme in view.themes:
        found = index.find_themes(theme)
        if not found:
            raise TimelineError(f"view {name!r}: no theme {safe_text(theme)!r} in this corpus")
        themes |= found
    date_from = view.date_from if isinstance(view.date_from, date) else None
    date_to = view.date_to if isinstance(view.date_to, date) else None
    if isinstance(view.date_from, str) or isinstance(view.date_to, str):
        from tui.core.date_filter import read_range

        found_range = read_range(
            view.date_from if isinstance(view.date_from, str) else "",
            view.date_to if isinstance(view.date_to, str) else "",
            today,
            labels=("from", "to"),
            reversed_is_empty=True,
        )
        if isinstance(found_range, str):
            raise TimelineError(f"view {name!r}: {found_range}")
        if isinstance(view.date_from, str):
            date_from = found_range.first
        if isinstance(view.date_to, str):
            date_to = found_range.last
    return Filters(
        query=view.query,
        actors=frozenset(actors),
        themes=frozenset(themes),
        include_children=view.with_children,
        date_from=date_from,
        date_to=date_to,
        status=view.status,
    )
