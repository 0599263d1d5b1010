"""Copy a quote with its citation to the clipboard (OSC 52), and say what was copied."""

from __future__ import annotations

from textual.app import App

from tui.core.citation import citation
from tui.screens.host import host

__all__ = ["COPIED_PREVIEW", "copy_quote"]

COPIED_PREVIEW = 70
"""Characters of the copied text repeated in the notification."""


def copy_quote(app: App[object], position: int, index: int) -> str:
    """Copy quote `index` of event `position` with its citation; return the text copied.

    The terminal puts it on the system clipboard when it supports OSC 52 (most do; tmux
    needs `set -g set-clipboard on`); the notification says what was sent either way.
    """
    corpus = host(app).corpus
    quote = corpus.events[position].quotes[index]
    text = citation(quote, corpus.sources.get(quote.source))
    app.copy_to_clipboard(text)
    shown = text if len(text) <= COPIED_PREVIEW else text[: COPIED_PREVIEW - 1] + "…"
    app.notify(f"Copied to the clipboard: {shown}", title="Quote copied")
    return text
