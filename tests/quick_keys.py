"""`Pilot.press` that waits for the app to go idle after each key, not for fixed 20 ms slices.

Textual's own `Pilot.press` sleeps at least two 20 ms slices per key to decide the app is idle
(and more while it draws), so a Pilot test spends most of its time asleep. This one sends the same
`Key` event a terminal would, then waits in 2 ms slices until a slice passes with the process
(almost) not working, which is the same test of "idle" at a finer grain, and for animations
(a scroll into view) to end, as Textual's does. Public API only: `App.post_message`,
`events.Key`, the key-name tables of `textual.keys`, `App.animator`, `Pilot.pause`.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata

from textual import events
from textual.keys import (
    ASCII_KEY_NAMES,
    KEY_NAME_REPLACEMENTS,
    KEY_TO_UNICODE_NAME,
    REPLACED_KEYS,
)
from textual.pilot import Pilot

IDLE_SLICE = 0.002
"""Seconds of sleep after which the app counts as idle if it (almost) did not work meanwhile."""

BUSY_CPU = 0.0002
"""CPU seconds spent within one idle slice that mean the app is still working."""

IDLE_LIMIT = 1.0
"""Seconds after which a key counts as handled even if the app never went idle."""


def key_event(key: str) -> events.Key:
    """The Key event a terminal sends for `key` (a key name such as "slash", or one character)."""
    if len(key) == 1 and not key.isalnum():
        try:
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            name = ASCII_KEY_NAMES.get(key, key)
        key = KEY_NAME_REPLACEMENTS.get(name, name)
    original = REPLACED_KEYS.get(key, key)
    character: str | None
    try:
        character = unicodedata.lookup(KEY_TO_UNICODE_NAME.get(original, original))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


async def until_idle(limit: float = IDLE_LIMIT) -> None:
    """Return once a short sleep passes without the process working (or after `limit` seconds)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        cpu = time.process_time()
        await asyncio.sleep(IDLE_SLICE)
        if time.process_time() - cpu < BUSY_CPU:
            return


async def press(self: Pilot[object], *keys: str) -> None:
    """Press `keys` one after the other, each once the app is idle after the one before."""
    for key in keys:
        if key.startswith("wait:"):
            await asyncio.sleep(float(key.partition(":")[2]) / 1000)
            continue
        self.app.post_message(key_event(key))
        await until_idle()
        await self.app.animator.wait_until_complete()
        await until_idle()
    await self.pause(0)


def install() -> None:
    """Make every Pilot press keys this way."""
    Pilot.press = press  # type: ignore[method-assign,assignment]
