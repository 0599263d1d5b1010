"""The app's garbage-collection policy: long-lived data frozen, full collections when idle.

The corpus and its search index live as long as the app and hold no reference cycles, but
over a big corpus they are so many objects that every full collection walking them again
would cost several frames. `long_lived` (around loading) and `freeze_long_lived` (once the
index is built) move them to the permanent generation with `gc.freeze`, collecting first: a
frozen object is never collected, so cyclic garbage alive at the moment of freezing would
never be freed.

CPython collects its oldest generation whenever enough young collections have piled up,
wherever the program happens to be. In a session over a big corpus a full collection also
walks the cached strips and segments of the screen, and takes longer than a frame: when it
lands between a key and its repaint, that key misses a frame.

`IdleCollector` moves those collections to moments without input. While it runs, the
automatic full collection is off (young generations are still collected as usual, in well
under a millisecond); `tick`, called a few times a second, runs the full collection once
the user has been idle a while and one is due, or at once if it is long overdue so that
memory stays bounded under nonstop input. `stop` gives the interpreter its thresholds back.

Overdue is judged by memory where the process can read its own resident size (Linux): the
process has grown since the last full collection by `OVERDUE_SHARE` of its size then, and by
at least `OVERDUE_GROWTH` (`growth_allowed`). Counting young collections instead would make
one overdue every few seconds of a held PgDn, which allocates much but leaves almost no
cyclic garbage, and each such collection would cost frames. Where the size cannot be read,
or as a backstop, `OVERDUE_FACTOR` times the usual spacing of full collections makes one
overdue.

Pure: no Textual. The app calls `touch` on input and `tick` from a timer.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = [
    "BACKSTOP_FACTOR",
    "IDLE_SECONDS",
    "OVERDUE_FACTOR",
    "OVERDUE_GROWTH",
    "OVERDUE_SHARE",
    "IdleCollector",
    "freeze_long_lived",
    "long_lived",
    "resident_bytes",
]

IDLE_SECONDS = 1.0
"""Time without input after which a due full collection runs."""
OVERDUE_FACTOR = 10
"""Where the resident size cannot be read, a full collection runs regardless of input once
this many times its usual spacing has passed without one."""
OVERDUE_GROWTH = 8 << 20
"""A full collection runs regardless of input once the process has grown by at least this
many bytes since the last one..."""
OVERDUE_SHARE = 0.1
"""...and by this share of its size after the last one: about 30 MB in a session over
100,000 events, whose full collection costs 40 ms, and 8 MB over a small corpus, whose
full collection costs a few milliseconds."""
BACKSTOP_FACTOR = 100
"""With the resident size known, young collections still make a full one overdue at this
many times its usual spacing (about a minute of a held key at 100,000 events)."""
_OFF = 1 << 30
"""A full-collection threshold never reached: automatic full collections are off."""
try:
    _PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
except (AttributeError, ValueError, OSError):
    _PAGE_SIZE = 4096


def freeze_long_lived() -> None:
    """Collect, then freeze what is alive: it is not walked by full collections again.

    Call it when data that lives as long as the process (the corpus, its index) has just
    been built and what it replaced has been dropped.
    """
    gc.collect()
    gc.freeze()


@contextmanager
def long_lived() -> Iterator[None]:
    """Build long-lived data (the corpus) with the collector off, then freeze it.

    With the collector on, the first collections after loading would walk the new objects
    just made (a noticeable delay before the first paint at 100,000 events). Garbage
    left before is collected first, so freezing keeps only what is alive.
    """
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def resident_bytes() -> int | None:
    """This process's resident memory in bytes, or None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * _PAGE_SIZE


@dataclass
class IdleCollector:
    """Runs due full collections of the cyclic garbage collector when input pauses."""

    idle_seconds: float = IDLE_SECONDS
    clock: Callable[[], float] = time.monotonic
    memory: Callable[[], int | None] = resident_bytes
    """Resident size now, or None when unknown."""
    collections: int = field(default=0, init=False)
    """Full collections run by `tick` so far."""
    _saved: tuple[int, int, int] | None = field(default=None, init=False)
    _last_input: float = field(default=0.0, init=False)
    _size_after: int | None = field(default=None, init=False)

    @property
    def running(self) -> bool:
        """Whether automatic full collections are handed to this collector."""
        return self._saved is not None

    def start(self) -> None:
        """Turn automatic full collections off; `tick` runs them from now on."""
        if self._saved is not None:
            return
        young, middle, old = gc.get_threshold()
        self._saved = (young, middle, old)
        gc.set_threshold(young, middle, _OFF)
        self._last_input = self.clock()
        self._size_after = self.memory()

    def stop(self) -> None:
        """Give the interpreter its own thresholds back."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    @property
    def last_input(self) -> float:
        """When input was last noted (`clock` time)."""
        return self._last_input

    def touch(self) -> None:
        """Note input: the user is not idle now."""
        self._last_input = self.clock()

    def due(self) -> bool:
        """Whether a full collection would have run by now under the saved thresholds."""
        return self._behind(1)

    def overdue(self) -> bool:
        """Whether one is so late that it must run even while input continues."""
        if self._size_after is None:
            return self._behind(OVERDUE_FACTOR)
        size = self.memory()
        grown = size is not None and size - self._size_after >= self.growth_allowed()
        return self.due() and grown or self._behind(BACKSTOP_FACTOR)

    def growth_allowed(self) -> int:
        """Bytes the process may grow by, after the last full collection, before the next is
        overdue (where its size can be read)."""
        return max(OVERDUE_GROWTH, int((self._size_after or 0) * OVERDUE_SHARE))

    def _behind(self, times: int) -> bool:
        """Whether `times` full collections' worth of young collections have piled up."""
        return self._saved is not None and gc.get_count()[2] >= max(1, self._saved[2]) * times

    def tick(self) -> bool:
        """Run a due full collection if the user is idle (or it is overdue); say whether one ran."""
        if not self.due():
            return False
        if self.clock() - self._last_input < self.idle_seconds and not self.overdue():
            return False
        gc.collect()
        self.collections += 1
        self._size_after = self.memory()
        return True
