"""The app's screens: the timeline, an article, and the dialogs.

Each screen lives in its own module and is imported from there; this package imports
nothing itself, so opening the timeline does not load the article, form and dialog code.
"""

from __future__ import annotations
