"""Running the full-screen app in a real terminal: whether it can, signals, the exit status."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Mapping
from typing import TextIO

from textual.app import App

__all__ = ["EXIT_CRASH", "EXIT_SIGNAL_BASE", "STOP_SIGNALS", "run_in_terminal", "unusable_terminal"]

EXIT_CRASH = 1
"""The app stopped on an error it did not foresee (Textual has printed what it was)."""
EXIT_SIGNAL_BASE = 128
"""A stop signal ends the app with 128 + its number, as a shell reports it."""
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)
"""Signals that end the app as `q` does: the terminal is given back as it was."""

_CLI_HINT = (
    "use the command line instead: `hk-timeline list`, `hk-timeline show ID`, "
    "`hk-timeline export` (see `hk-timeline --help`)"
)


def unusable_terminal(environ: Mapping[str, str], stdin: TextIO, stdout: TextIO) -> str | None:
    """Say why the full-screen app cannot run here, or None when it can.

    The app needs a terminal that understands cursor movement (not TERM=dumb or no TERM
    at all) on both ends: it reads keys from standard input and draws on standard output.

    Args:
        environ: the environment (TERM).
        stdin: where keys would come from.
        stdout: where the screen would be drawn.

    Returns:
        A message for the user, or None.
    """
    term = environ.get("TERM", "")
    if term in ("", "dumb", "unknown"):
        shown = f"TERM={term}" if term else "TERM is not set"
        return f"this terminal cannot run the full-screen timeline ({shown}); {_CLI_HINT}"
    for name, stream in (("standard input", stdin), ("standard output", stdout)):
        if not _is_terminal(stream):
            return f"{name} is not a terminal, and the timeline needs one to draw on; {_CLI_HINT}"
    return None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def run_in_terminal(app: App[None]) -> int:
    """Run `app` full screen and return the process's exit status.

    SIGTERM, SIGHUP and SIGINT (Ctrl+C before the app has put the terminal in raw mode)
    end it as `q` does, so the terminal leaves the alternate screen with the cursor shown
    and mouse reporting off, and the status is 128 + the signal. An error the app did
    not foresee gives status 1 and a short line after Textual's report of it, never 0.

    Args:
        app: the app, corpus loaded.

    Returns:
        0, 128 + a signal's number, or EXIT_CRASH.
    """
    stopped_by: list[int] = []

    def stop(signum: int) -> None:
        stopped_by.append(signum)
        app.exit(return_code=EXIT_SIGNAL_BASE + signum)

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, stop, signum)
        try:
            await app.run_async()
        finally:
            for signum in STOP_SIGNALS:
                loop.remove_signal_handler(signum)

    asyncio.run(run())
    if stopped_by:
        return EXIT_SIGNAL_BASE + stopped_by[0]
    code = app.return_code
    if code:
        sys.stderr.write("hk-timeline: the timeline stopped on an unexpected error (above)\n")
        return code
    return 0
