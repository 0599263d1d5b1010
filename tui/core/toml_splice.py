"""Where things are in a TOML text, so a write can change only the lines it means to change.

A small scanner splits the text into statements (a blank line, a comment line, a table
header, or one key/value that may span several lines through a multi-line array or string)
and knows each one's lines. It never parses values: tomllib does that. Curation uses it to
splice an event's or a source's lines in place, keeping every other byte (comments, blank
lines, order, line endings) as the user wrote it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Statement",
    "SpliceError",
    "event_region",
    "events_blocks",
    "line_ending",
    "scan",
    "split_lines",
]

Kind = Literal["blank", "comment", "header", "array-header", "keyval"]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")


class SpliceError(ValueError):
    """The text is laid out in a way the scanner does not follow (it never guesses)."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a TOML text and the physical lines it occupies."""

    kind: Kind
    """blank, comment, header ([t]), array-header ([[t]]) or keyval."""
    first: int
    """Index of its first physical line."""
    last: int
    """Index of its last physical line (the same as `first` unless a value spans lines)."""
    key: tuple[str, ...] = ()
    """The table name of a header, or the (dotted) key of a key/value."""
    comment: int | None = None
    """Column where a trailing `# comment` starts on the last line (whitespace before it
    included), or None."""
    inner: tuple[tuple[int, int], ...] = ()
    """(line index, column of `#`) of each comment inside a value that spans lines, such as
    `"hsbc",  # the bank` in a multi-line array: a write that replaces the value keeps them."""


def split_lines(text: str) -> list[str]:
    """The physical lines of `text`, each with its own ending (LF or CRLF; the last may have none).

    Unlike str.splitlines this splits on "\\n" only, as TOML does.
    """
    return _LINE.findall(text)


def line_ending(text: str) -> str:
    """The ending new lines should use: that of the file's first line ("\\n" when it has none)."""
    newline = text.find("\n")
    if newline > 0 and text[newline - 1] == "\r":
        return "\r\n"
    return "\n"


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _parse_key(line: str, position: int) -> tuple[tuple[str, ...], int]:
    """The dotted key starting at `position` of `line` and the column just past it."""
    parts: list[str] = []
    while True:
        while position < len(line) and line[position] in " \t":
            position += 1
        if position >= len(line):
            raise SpliceError("a key ends the line")
        char = line[position]
        if char == '"':
            end = position + 1
            while end < len(line) and line[end] != '"':
                end += 2 if line[end] == "\\" else 1
            if end >= len(line):
                raise SpliceError("unterminated quoted key")
            quoted = line[position : end + 1]
            parts.append(next(iter(tomllib.loads(f"{quoted} = 0"))))
            position = end + 1
        elif char == "'":
            end = line.find("'", position + 1)
            if end < 0:
                raise SpliceError("unterminated quoted key")
            parts.append(line[position + 1 : end])
            position = end + 1
        else:
            match = _BARE.match(line, position)
            if match is None:
                raise SpliceError(f"no key at column {position + 1}")
            parts.append(match.group())
            position = match.end()
        while position < len(line) and line[position] in " \t":
            position += 1
        if position < len(line) and line[position] == ".":
            position += 1
            continue
        return tuple(parts), position


def _trailing_comment(line: str, position: int) -> int | None:
    """Column of a `# comment` after `position` (whitespace before it included), or None."""
    body = _body(line)
    hash_at = body.find("#", position)
    if hash_at < 0:
        return None
    start = hash_at
    while start > position and body[start - 1] in " \t":
        start -= 1
    return start


def _value_end(
    lines: list[str], index: int, position: int, inner: list[tuple[int, int]]
) -> tuple[int, int | None]:
    """The last line of the value starting at `position` of line `index`, and its comment column.

    Follows strings (basic, literal and both multi-line forms, which may hold `[[events]]`
    or `#`), arrays and inline tables across lines. Comments inside the value are appended
    to `inner` as (line index, column of `#`).
    """
    depth = 0
    state = ""  # "", '"', "'", '"""', "'''"
    while index < len(lines):
        line = lines[index]
        length = len(line)
        while position < length:
            char = line[position]
            if state in ('"""', "'''"):
                quote = state[0]
                if char == "\\" and state == '"""':
                    position += 2
                    continue
                if line.startswith(state, position):
                    run = position
                    while run < length and line[run] == quote:
                        run += 1
                    # The closing delimiter is the last three of a run of three to five quotes.
                    position = position + min(run - position, 5)
                    state = ""
                    continue
                position += 1
            elif state == '"':
                if char == "\\":
                    position += 2
                    continue
                if char == '"':
                    state = ""
                position += 1
            elif state == "'":
                if char == "'":
                    state = ""
                position += 1
            elif char in "\"'":
                triple = char * 3
                if line.startswith(triple, position):
                    state = triple
                    position += 3
                else:
                    state = char
                    position += 1
            elif char in "[{":
                depth += 1
                position += 1
            elif char in "]}":
                depth -= 1
                position += 1
            elif char == "#":
                if depth <= 0:
                    start = position
                    while start > 0 and line[start - 1] in " \t":
                        start -= 1
                    return index, start
                inner.append((index, position))
                break  # a comment inside a multi-line array: skip the rest of the line
            elif char == "\n":
                break
            else:
                position += 1
        if state in ('"', "'"):
            raise SpliceError(f"line {index + 1}: a string does not end on its line")
        if depth <= 0 and not state:
            return index, None
        index += 1
        position = 0
    raise SpliceError("a value does not end before the end of the file")


def scan(text: str) -> tuple[list[str], list[Statement]]:
    """The physical lines of `text` and its statements, in order.

    Raises:
        SpliceError: something the scanner does not follow (it is not valid TOML).
    """
    lines = split_lines(text)
    statements: list[Statement] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        body = _body(line)
        stripped = body.lstrip(" \t")
        start = len(body) - len(stripped)
        if not stripped:
            statements.append(Statement("blank", index, index))
        elif stripped.startswith("#"):
            statements.append(Statement("comment", index, index))
        elif stripped.startswith("["):
            array = stripped.startswith("[[")
            key, position = _parse_key(body, start + (2 if array else 1))
            close = "]]" if array else "]"
            if not body.startswith(close, position):
                raise SpliceError(f"line {index + 1}: a table header does not close")
            comment = _trailing_comment(line, position + len(close))
            kind: Kind = "array-header" if array else "header"
            statements.append(Statement(kind, index, index, key, comment))
        else:
            key, position = _parse_key(body, start)
            if not body.startswith("=", position):
                raise SpliceError(f"line {index + 1}: expected '=' after a key")
            inner: list[tuple[int, int]] = []
            last, comment = _value_end(lines, index, position + 1, inner)
            statements.append(Statement("keyval", index, last, key, comment, tuple(inner)))
            index = last
        index += 1
    return lines, statements


@dataclass(frozen=True, slots=True)
class EventBlock:
    """One `[[events]]` table: its header and the statements up to its last key/value."""

    header: int
    """Index (into the statements) of its `[[events]]` header."""
    end: int
    """Index of its last statement that belongs to it: a key/value or a sub-table's."""
    subtables: bool
    """True when `[events.x]` / `[[events.x]]` headers follow it (an unusual layout)."""


def events_blocks(statements: list[Statement]) -> list[EventBlock]:
    """Every `[[events]]` table in file order.

    A block runs from its header through its last key/value, including `[events.*]`
    sub-tables; the comments and blank lines after its last key/value are not part of it
    (they usually introduce what follows).
    """
    blocks: list[EventBlock] = []
    index = 0
    while index < len(statements):
        statement = statements[index]
        if statement.kind != "array-header" or statement.key != ("events",):
            index += 1
            continue
        end = index
        subtables = False
        cursor = index + 1
        while cursor < len(statements):
            current = statements[cursor]
            if current.kind in ("header", "array-header"):
                if len(current.key) > 1 and current.key[0] == "events":
                    subtables = True
                    end = cursor
                else:
                    break
            elif current.kind == "keyval":
                end = cursor
            cursor += 1
        blocks.append(EventBlock(index, end, subtables))
        index = cursor
    return blocks


_HEADER_LINE = re.compile(r"^[ \t]*\[", re.M)
"""A line that may be a table header (or a line of a multi-line array)."""
_SURE_HEADER = re.compile(r"[ \t]*\[\[?[ \t]*(?!(?:true|false|inf|nan)\b)[A-Za-z_]")
"""A line that can only be a table header when no multi-line string is open."""
_SUB_TABLE = re.compile(r"[ \t]*\[\[?[ \t]*events[ \t]*\.")
_EVENTS_LINE = re.compile(r"[ \t]*\[\[events\]\][ \t]*(?:#[^\n]*)?\r?\n?")


def event_region(text: str, event_id: str) -> tuple[int, int] | None:
    """Where the `[[events]]` table with id `event_id` is, found without scanning the whole text.

    The region runs from the table's header line to the next table header (or the end of
    the text): a sequence of whole statements, so it can be parsed, scanned and replaced on
    its own. Found only where that is certain: no multi-line string in the text (a line inside
    one could look like a header), an `id = "event_id"` line (the first written with double
    quotes, else with single quotes: the caller knows the ids are unique), its header the bare
    `[[events]]` line above it, and every line between them and up to the next header no
    header (a line of a multi-line array starting with `[` is refused, not guessed at).

    Args:
        text: a valid TOML text.
        event_id: the id, as the loader accepts it (no character a TOML string escapes).

    Returns:
        (start, end) offsets, or None when the region cannot be found that way.
    """
    if '"""' in text or "'''" in text:
        return None
    id_line = re.compile(
        rf"[ \t]*id[ \t]*=[ \t]*([\"']){re.escape(event_id)}\1[ \t]*(?:#[^\n]*)?\r?\n?"
    )
    found: list[tuple[int, int]] = []
    for quoted in (f'"{event_id}"', f"'{event_id}'"):
        if found:
            # Found written one way: a second id line would be a second table of that id.
            break
        position = text.find(quoted)
        while position >= 0:
            line_start = text.rfind("\n", 0, position) + 1
            line_end = text.find("\n", position)
            line_end = len(text) if line_end < 0 else line_end + 1
            if id_line.fullmatch(text, line_start, line_end):
                found.append((line_start, line_end))
            position = text.find(quoted, position + 1)
    if len(found) != 1:
        return None
    id_start, id_end = found[0]
    header = text.rfind("[[events]]", 0, id_start)
    if header < 0:
        return None
    start = text.rfind("\n", 0, header) + 1
    header_end = text.find("\n", header)
    if header_end < 0 or not _EVENTS_LINE.fullmatch(text, start, header_end + 1):
        return None
    if _HEADER_LINE.search(text, header_end + 1, id_start):
        return None
    following = _HEADER_LINE.search(text, id_end)
    if following is None:
        return start, len(text)
    after = following.start()
    if not _SURE_HEADER.match(text, after) or _SUB_TABLE.match(text, after):
        return None
    return start, after
