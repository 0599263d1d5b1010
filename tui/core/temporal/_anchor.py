"""A document date that notes which of its parts the rules read, so answers can be shared.

A reading of a text depends on the document date only through what the rules read of it:
"2019年7月" reads nothing of it, "今年5月" and "in October" only its year, "下月" its year and
month, "昨日" and "last Friday" the whole date. An `Anchor` is that date, counting what was
read: its year, its month, or anything else (the day, the weekday, arithmetic, comparison,
hashing, printing). The rules see an ordinary `date` and learn of it only through its
attributes, methods and operators, each counted here, so a reading that counted only the
year is the same for every date of that year. What would escape the count is date's own
code called on it unbound (`date.isoformat(anchor)`) or C code reading its fields
(`datetime.combine`); the rules do neither, and tests/test_temporal_memo.py compares the
remembered answers with fresh readings.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any


class Use(IntEnum):
    """How much of the document date a reading used, each level including the ones below."""

    NOTHING = 0
    """The reading is the same for every document date."""
    YEAR = 1
    """The same for every date of the year."""
    MONTH = 2
    """The same for every date of the month."""
    DATE = 3
    """The reading may differ from one day to the next."""


_PART_USE = {"year": Use.YEAR, "month": Use.MONTH}
# Names read by the class itself, which say nothing about the date.
_OWN = frozenset(("use", "_plain", "__class__"))


class Anchor(date):
    """A document date that counts, in `use`, how much of it has been read."""

    __slots__ = ("use",)

    use: Use
    """The most read so far."""

    def __new__(cls, day: date) -> Anchor:
        """Wrap `day`; nothing of it has been read yet."""
        anchor = date.__new__(cls, day.year, day.month, day.day)
        object.__setattr__(anchor, "use", Use.NOTHING)
        return anchor

    def __getattribute__(self, name: str) -> Any:
        if name not in _OWN:
            level = _PART_USE.get(name, Use.DATE)
            if level > object.__getattribute__(self, "use"):
                object.__setattr__(self, "use", level)
        return super().__getattribute__(name)

    def _plain(self) -> date:
        """The date itself, counted as wholly read."""
        object.__setattr__(self, "use", Use.DATE)
        return date(date.year.__get__(self), date.month.__get__(self), date.day.__get__(self))

    # Operators are looked up on the type, never through __getattribute__: each one reads
    # the whole date.
    def __add__(self, other: Any) -> Any:
        return self._plain().__add__(other)

    def __radd__(self, other: Any) -> Any:
        return other + self._plain()

    def __sub__(self, other: Any) -> Any:
        return self._plain().__sub__(other)

    def __rsub__(self, other: Any) -> Any:
        return other - self._plain()

    def __eq__(self, other: object) -> bool:
        return self._plain().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return self._plain().__ne__(other)

    def __lt__(self, other: date) -> bool:
        return self._plain().__lt__(other)

    def __le__(self, other: date) -> bool:
        return self._plain().__le__(other)

    def __gt__(self, other: date) -> bool:
        return self._plain().__gt__(other)

    def __ge__(self, other: date) -> bool:
        return self._plain().__ge__(other)

    def __hash__(self) -> int:
        return hash(self._plain())

    def __str__(self) -> str:
        return str(self._plain())

    def __repr__(self) -> str:
        return repr(self._plain())

    def __format__(self, spec: str) -> str:
        return format(self._plain(), spec)
