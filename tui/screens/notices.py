"""Messages about failures the screens did not foresee, worded for the user."""

from __future__ import annotations

__all__ = ["unexpected"]


def unexpected(error: BaseException, consequence: str) -> str:
    """A one-line message for an error no rule of the app expected.

    The app keeps running: a curation step that fails in a way it did not foresee (a file
    that no longer parses, a disk error) says so on screen instead of ending the session.

    Args:
        error: what was raised.
        consequence: what it means for the user's files, e.g. "nothing was saved".

    Returns:
        "Unexpected error (ParseError: ...); nothing was saved."
    """
    detail = str(error).strip().splitlines()
    summary = f"{type(error).__name__}: {detail[0]}" if detail else type(error).__name__
    return f"Unexpected error ({summary}); {consequence}."
