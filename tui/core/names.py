"""Finding actor names in text: one matcher for article highlights and draft suggestions.

A name is found in any script, width or case (匯豐 finds 滙豐 and 汇丰, HSBC finds ＨＳＢＣ and
hsbc), and a Latin name only as a whole word. Text and names are folded one character for
one, so a match's offsets in the folded text are its offsets in the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from tui.core.model import Actor
from tui.core.scripts import opencc_converter

__all__ = [
    "ActorNames",
    "NameFinder",
    "actor_names",
    "find_names",
    "fold_in_place",
]


def fold_in_place(text: str) -> str:
    """Fold `text` as `fold.fold` does (width, case, Traditional→Simplified), keeping its length.

    A character whose folding would take more or fewer than one character (ß → ss, ㍿ → 株式会社)
    is only lower-cased, so every offset into the result is the same offset into `text`.

    Args:
        text: any text.

    Returns:
        The folded text, exactly as long as `text`.
    """
    if text.isascii():
        return text.lower()
    folded = "".join(map(_fold_character, text))
    simplified = str(opencc_converter("t2s").convert(folded))
    if len(simplified) == len(folded):
        return simplified
    # A phrase rule changed the length: convert character by character instead.
    return "".join(_simplified_character(char) for char in folded)


@lru_cache(maxsize=8192)
def _fold_character(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold()
    if len(folded) == 1:
        return folded
    lower = char.lower()
    return lower if len(lower) == 1 else char


@lru_cache(maxsize=8192)
def _simplified_character(char: str) -> str:
    simplified = str(opencc_converter("t2s").convert(char))
    return simplified if len(simplified) == 1 else char


class NameFinder:
    """Finds actor names in any window of a text, so only the lines on screen are searched."""

    def __init__(self, names: Sequence[str]) -> None:
        """Prepare to find `names` in any script, width or case (a longer name wins)."""
        folded = sorted(
            {fold_in_place(name) for name in names if name},
            key=lambda name: (-len(name), name),
        )
        self.pattern = _names_pattern(tuple(folded)) if folded else None
        """One alternation of every folded name, longest first, or None when there are none."""
        self.longest = max((len(name) for name in folded), default=0)
        """The longest name, in characters: how far beyond a window a name may reach."""

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Return the names overlapping text[start:end], clipped to it, in text order.

        Args:
            text: the text to search (an article, a passage).
            start: first offset of the window.
            end: offset just past the window (the end of the text when None).

        Returns:
            (start, end) spans inside the window.
        """
        if end is None:
            end = len(text)
        if self.pattern is None or start >= end:
            return []
        low = max(0, start - self.longest + 1)
        high = min(len(text), end + self.longest + 1)
        # One character of context each side, so a whole-word test sees the neighbours.
        context_low, context_high = max(0, low - 1), min(len(text), high + 1)
        window = fold_in_place(text[context_low:context_high])
        found = []
        for match in self.pattern.finditer(window, low - context_low, high - context_low):
            name_start, name_end = match.start() + context_low, match.end() + context_low
            if name_end > start and name_start < end:
                found.append((max(name_start, start), min(name_end, end)))
        return found


class ActorNames:
    """Every actor's names and aliases, folded, with the ids of the actors spelled so.

    Built once, it lets `named_in` search many passages without folding the names again.
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        """Gather the names (two characters or more) of `actors`."""
        ids: dict[str, set[str]] = {}
        for actor in actors:
            for name in (actor.name.en, actor.name.zh, *actor.aliases):
                name = name.strip()
                if len(name) >= 2:
                    ids.setdefault(fold_in_place(name), set()).add(actor.id)
        self.ids = ids
        """Folded name → ids of the actors that have it as a name or alias."""
        self.finder = NameFinder(list(ids))
        """The matcher, the same the article view highlights with."""

    def named_in(self, text: str) -> list[str]:
        """Ids of the actors named in `text`, those of the longest names first.

        A longer name hides a shorter one inside it: 螞蟻國際 names Ant International,
        not also Ant Group (螞蟻).
        """
        matched = {fold_in_place(text[start:end]) for start, end in self.finder.find(text)}
        found: list[str] = []
        for name in sorted(matched, key=lambda name: (-len(name), name)):
            for actor_id in sorted(self.ids.get(name, ())):
                if actor_id not in found:
                    found.append(actor_id)
        return found


def actor_names(actors: Iterable[Actor], variants: Callable[[str], str] | None = None) -> list[str]:
    """Names and aliases of `actors` (and their `variants`, e.g. Simplified), longest first."""
    names: set[str] = set()
    for actor in actors:
        for name in (actor.name.en, actor.name.zh, *actor.aliases):
            name = name.strip()
            if len(name) < 2:
                continue
            names.add(name)
            if variants is not None:
                names.add(variants(name))
    return sorted(names, key=lambda name: (-len(name), name))


def find_names(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Find mentions of `names` in the whole of `text` (see NameFinder for windows).

    Args:
        text: the text to search.
        names: names to look for.

    Returns:
        (start, end) spans in text order.
    """
    return NameFinder(names).find(text)


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    # The names are folded, so letters are lower case and the whole-word test needs no flag.
    parts = []
    for name in names:
        escaped = re.escape(name)
        if name[0].isascii() and name[0].isalnum():
            escaped = r"(?<![a-z0-9])" + escaped
        if name[-1].isascii() and name[-1].isalnum():
            escaped += r"(?![a-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts))
