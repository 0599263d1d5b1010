"""Saving settings as they change in a session: only a real change, and nothing after a failure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tui.core.errors import TimelineError
from tui.core.preferences import save_preference

__all__ = ["SettingsMemory"]


@dataclass
class SettingsMemory:
    """Writes each changed setting to the settings file, for the next run."""

    save: Callable[[str, str], None] = save_preference
    """Writes one setting (to the user's settings file unless replaced)."""
    settled: dict[str, str] = field(default_factory=dict)
    """Each setting's value as found at start or last written: setting it again writes nothing,
    so a session that changes nothing leaves the file alone."""
    enabled: bool = True
    """False once a write failed: the session goes on without remembering."""

    def remember(self, key: str, value: str) -> TimelineError | None:
        """Save `key` = `value` unless it is so already.

        Args:
            key: the setting, e.g. ``"language"``.
            value: its new value.

        Returns:
            The error of a write that failed (only the first: later changes are not written),
            else None.
        """
        if not self.enabled or self.settled.get(key) == value:
            return None
        self.settled[key] = value
        try:
            self.save(key, value)
        except TimelineError as error:
            self.enabled = False
            return error
        return None
