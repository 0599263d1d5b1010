"""The project's own error type for problems a user can cause."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.text_fitting import safe_text


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the user's input, located by file and line."""

    path: str
    """The file the problem is in, as the user named it."""
    line: int
    """1-based line number, or 0 when the problem is about the whole file."""
    message: str
    """What is wrong, naming the id involved."""
    fatal: bool = False
    """True when nothing can be loaded past this problem."""
    unsaved: str | None = None
    """What the problem is about when that is not in any file yet (e.g. "new event 'x'"):
    shown instead of `path:line`, which would point at a line the user never wrote."""

    def __str__(self) -> str:
        if self.unsaved is not None:
            return f"{self.unsaved}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class TimelineError(Exception):
    """Bad input from the user: carries one or more located problems."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems

    @classmethod
    def at(cls, path: str, line: int, message: str, *, fatal: bool = False) -> TimelineError:
        """The error of one problem at `path:line` (line 0: the whole file)."""
        problem = Problem(path, line, message, fatal=fatal)
        return cls(str(problem), (problem,))

    def __str__(self) -> str:
        if self.problems:
            return "\n".join(str(problem) for problem in self.problems)
        return self.message

    def shown(self) -> str:
        """The problems one to a line, each safe to print: what a terminal or a screen shows.

        A path or a value may hold a newline or an escape (a file named `a\nb.toml`): made
        visible inside its own line (␊, ␛), it cannot split one problem into two lines or
        pass for a line of its own.
        """
        lines = [str(problem) for problem in self.problems] or [self.message]
        return "\n".join(safe_text(line) for line in lines)
