"""Filtering the timeline: precomputed folded text, actor hierarchy, themes, dates, status."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import compress, islice, repeat
from operator import add, methodcaller, sub
from typing import overload

from tui.core.dates import filter_days
from tui.core.fold import fold, fold_many
from tui.core.model import Corpus, Event


@dataclass(frozen=True, slots=True)
class Filters:
    """Everything that narrows the timeline; the empty Filters shows every event."""

    query: str = ""
    """Free text, matched folded against titles, summaries, quotes, actor and theme names."""
    actors: frozenset[str] = frozenset()
    """Actor ids; an event matches if it names any of them (OR)."""
    themes: frozenset[str] = frozenset()
    """Theme ids; an event matches if it has any of them (OR)."""
    include_children: bool = False
    """Whether choosing an actor also chooses its child organisations."""
    date_from: date | None = None
    """Earliest day of interest; events that end before it are hidden."""
    date_to: date | None = None
    """Latest day of interest; events that start after it are hidden."""
    status: str | None = None
    """"happened" or "planned", or None for both."""
    date_from_text: str = ""
    """What the user typed for the earliest day ("mid-2024"), "" when it was set otherwise."""
    date_to_text: str = ""
    """What the user typed for the latest day ("2025年底"), "" when it was set otherwise."""

    @property
    def active(self) -> bool:
        """True when any filter narrows the timeline."""
        return bool(
            self.query.strip()
            or self.actors
            or self.themes
            or self.date_from
            or self.date_to
            or self.status
        )


@dataclass(frozen=True, slots=True)
class NameLookup:
    """What a name given for an actor or a theme (`--actor HSBC`, `--theme GenAI`) names."""

    ids: frozenset[str]
    """The ids it names; empty when none."""
    by_word: bool
    """True when no id, name or alias equals it and it matched words of names instead."""

    @property
    def ambiguous(self) -> bool:
        """True when it matched words of several names: the user should say which."""
        return self.by_word and len(self.ids) > 1


_WORD = re.compile(r"\w+")


def lookup_name(name: str, names: dict[str, set[str]]) -> NameLookup:
    """Look `name` up among `names` (folded name → ids): a whole name first, else by words.

    Args:
        name: what the user gave, in any script, case or width.
        names: every folded id, name and alias with the ids that carry it.

    Returns:
        The ids a whole name equal to `name` carries (several when an alias is shared);
        failing that, the ids of every name holding each word of `name` as a word of its
        own ("genai" in "ai & genai", but not "gen").
    """
    folded = fold(name).strip()
    exact = names.get(folded)
    if exact:
        return NameLookup(frozenset(exact), by_word=False)
    wanted = set(_WORD.findall(folded))
    if not wanted:
        return NameLookup(frozenset(), by_word=False)
    found = {
        item
        for spelled, ids in names.items()
        if wanted <= set(_WORD.findall(spelled))
        for item in ids
    }
    return NameLookup(frozenset(found), by_word=True)


_SEPARATOR = "\x00"
_DENSE = 4
"""A needle held by 1 in this many events or more is common: each event's text is tested."""
_PROBE = 1000
"""How many events' worth of matches `_common` looks for among the first events."""
_FEW = 2
"""Candidates fewer than 1 in this many events are tested one by one; more, and one pass of
str.find over the joined text of every event is quicker."""
PREVIEW_POOL = 8192
"""`preview` leaves a search of fewer events than this to `visible`: it is quick anyway."""
_SAMPLE = 512
"""About how many events `preview` tests, spread over the search, to judge the density."""
_SPARSE = 128
"""`preview` leaves matches rarer than 1 in this many events to `visible`."""
_NAMED_SCAN = 4096
"""`preview` scans the text outwards from the cursor unless more events than this hold the
word in an actor's or theme's name (then it tests events near the cursor one by one)."""
_TEXT_MIN = 2048
"""`compute` joins the text of a result of at least this many events (and fewer than half)."""
_FOLLOWERS_MAX = 1 << 18
"""`compute` records what follows a result's last word only up to this many occurrences."""
_TYPED_ON_PREVIEW = 4096
"""`preview` reads a word typed on off `_Followers` when at most this many events can match."""
_SLICE = 8192
"""Events tested between two checks of a `compute` caller's `stop`."""


class SearchText(Sequence[str]):
    """The folded search text of every event, held once: one string and where each text begins.

    At 100,000 events the text is tens of megabytes; a tuple of one string per event beside
    the joined string that `str.find` scans would hold it twice. Reading an event's text
    slices it out; testing it for a needle (`holds`) does not even do that.
    """

    __slots__ = ("joined", "starts")

    def __init__(self, joined: str, starts: list[int]) -> None:
        """Hold `joined`, the texts joined by one separator, and `starts` (see `of`)."""
        # n texts joined by n - 1 separators end one before the last offset; no text, at 0.
        end = len(joined) + 1 if len(starts) > 1 else 0
        if not starts or starts[0] != 0 or starts[-1] != end:
            raise ValueError("the offsets do not describe the joined text")
        self.joined = joined
        """Every event's text, joined by a NUL (which folded text never holds)."""
        self.starts = starts
        """Where each text begins in `joined`, and one past the end (one more than texts)."""

    @classmethod
    def of(cls, texts: Sequence[str]) -> SearchText:
        """Join `texts` (each event's `search_text`, in event order) into one held text."""
        return cls(_SEPARATOR.join(texts), _offsets(texts))

    def __len__(self) -> int:
        return len(self.starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.joined[self.starts[index] : self.starts[index + 1] - 1]

    def holds(self, position: int, needle: str) -> bool:
        """Whether event `position`'s text holds `needle` (no copy of the text is made)."""
        starts = self.starts
        return self.joined.find(needle, starts[position], starts[position + 1] - 1) >= 0


@dataclass(frozen=True, slots=True)
class _Text:
    """The search text of one remembered result's events, joined (see `TimelineIndex.compute`)."""

    key: tuple[Filters, tuple[str, ...]]
    """The key the result is remembered under."""
    joined: str
    """Their haystacks joined by _SEPARATOR, in the result's order."""
    starts: list[int]
    """Where each one begins in `joined`, and one past the end."""

    @property
    def count(self) -> int:
        """How many events it holds."""
        return len(self.starts) - 1


def _offsets(texts: Sequence[str]) -> list[int]:
    """Where each of `texts` begins when joined by one separator, and one past the end."""
    starts = [0]
    offset = 0
    for text in texts:
        offset += len(text) + 1
        starts.append(offset)
    return starts


def _holding(joined: str, starts: Sequence[int], needle: str) -> list[int]:
    """Which of the texts joined in `joined` (text i begins at `starts[i]`) hold `needle`.

    A few str.find calls at C speed and a bisection per match; each text is counted once.
    """
    find = joined.find
    found: list[int] = []
    append = found.append
    at = find(needle)
    while at >= 0:
        index = bisect_right(starts, at) - 1
        append(index)
        at = find(needle, starts[index + 1])
    return found


@dataclass(frozen=True, slots=True)
class _Followers:
    """Each occurrence of a result's last word in its events' own text, and what follows it.

    Type one more character after that word, and an event's own text holds the longer word
    exactly when one of these occurrences is followed by that character: the new result is
    read off these columns in C, whatever the word (see `TimelineIndex._typed_on`). Built by
    `compute`, off the UI thread, from the result's `_Text`.
    """

    key: tuple[Filters, tuple[str, ...]]
    """The key the result is remembered under."""
    count: int
    """How many events the result holds."""
    positions: array[int]
    """The event of each occurrence, in text order (so ascending, with repeats)."""
    following: str
    """The character after each occurrence; _SEPARATOR at the end of an event's text."""


def _followers(
    key: tuple[Filters, tuple[str, ...]], found: Sequence[int], text: _Text
) -> _Followers | None:
    """`_Followers` of the last word of `key` in `text`, the joined text of `found`.

    None when the word occurs more than _FOLLOWERS_MAX times.
    """
    word = key[1][-1]
    joined, starts = text.joined, text.starts
    matches = re.compile(re.escape(word)).finditer(joined)
    offsets = array("q", islice(map(methodcaller("start"), matches), _FOLLOWERS_MAX + 1))
    # A search finds the occurrences that do not overlap. One it skipped starts inside the
    # last one found before it (the search went on from that one's end), so it lies a period
    # of the word after it ("202" in "20202", 2 after the first): look there.
    shifts = [shift for shift in range(1, len(word)) if word[shift:] == word[: len(word) - shift]]
    skipped = {
        at + shift
        for shift in shifts
        for at in compress(
            offsets, map(joined.startswith, repeat(word), map(add, offsets, repeat(shift)))
        )
    }
    if skipped:
        offsets = array("q", sorted(skipped.union(offsets)))
    if len(offsets) > _FOLLOWERS_MAX:
        return None
    # All of it in C: the text each occurrence lies in, its event, the character after it.
    indexes = map(sub, map(bisect_right, repeat(starts), offsets), repeat(1))
    positions = array("i", map(found.__getitem__, indexes))
    after = map(add, offsets, repeat(len(word)))
    if offsets and offsets[-1] + len(word) >= len(joined):
        # The last text ends with the word: nothing follows it but the end.
        last = len(offsets) - 1
        following = "".join(map(joined.__getitem__, islice(after, last))) + _SEPARATOR
    else:
        following = "".join(map(joined.__getitem__, after))
    return _Followers(key, len(found), positions, following)


class _Stopped(Exception):
    """A search was abandoned: its caller's `stop` said so."""


def search_text(corpus: Corpus) -> list[str]:
    """Fold each event's own searchable text: its id, titles, summaries and quotes.

    Actor and theme names are searched apart (see `TimelineIndex`), once per name instead of
    once per event that carries it.

    Args:
        corpus: the corpus to prepare.

    Returns:
        The folded text of each event, in event order; the same for the same corpus, so the
        cache keeps it beside the corpus.
    """
    # A generator: fold_many folds it a batch at a time, so the unfolded text of every event
    # is never held at once.
    return fold_many(_own_text(event) for event in corpus.events)


def _own_text(event: Event) -> str:
    """An event's id, titles, summaries and quotes, one to a line, before folding."""
    parts = [event.id, event.title.en, event.title.zh]
    if event.summary is not None:
        parts += [event.summary.en, event.summary.zh]
    parts += [quote.text for quote in event.quotes]
    return "\n".join(parts)


def reused_search_text(previous: TimelineIndex, corpus: Corpus) -> list[str]:
    """`search_text(corpus)`, folding only the events whose own text `previous` lacks.

    After a write changed one event, every other event's folded text is already in the
    index of the corpus before it: this folds the one.

    Args:
        previous: the index of an earlier corpus.
        corpus: the corpus to prepare.

    Returns:
        The folded text of each event of `corpus`, in event order.
    """
    held = previous.haystacks
    # One split at C speed, not an item look-up per event.
    texts = held.joined.split(_SEPARATOR) if len(held) else []
    earlier = previous.events
    position_of = dict(zip([event.id for event in earlier], range(len(earlier)), strict=True))
    haystacks: list[str] = []
    changed: list[int] = []
    for position, event in enumerate(corpus.events):
        was = position_of.get(event.id)
        if was is not None and _same_own_text(earlier[was], event):
            haystacks.append(texts[was])
        else:
            haystacks.append("")  # folded below, with the others that changed
            changed.append(position)
    folded = fold_many(_own_text(corpus.events[position]) for position in changed)
    for position, haystack in zip(changed, folded, strict=True):
        haystacks[position] = haystack
    return haystacks


def _same_own_text(old: Event, new: Event) -> bool:
    """Whether two events of one id have the same `_own_text`, without building it.

    A write moves the events below it by rebuilding them around the same parts: those are
    the same objects, so `is` answers before `==` has to look inside.
    """
    return old is new or (
        (old.title is new.title or old.title == new.title)
        and (old.summary is new.summary or old.summary == new.summary)
        and (old.quotes is new.quotes or old.quotes == new.quotes)
    )


class TimelineIndex:
    """A corpus prepared for fast filtering: folded search text and lookup tables.

    Filtering is fast enough to run on every keystroke at 100,000 events: actor and theme
    filters are unions and intersections of precomputed position lists, and a query that
    extends the previous one (typing on) searches only the previous result.
    """

    _REMEMBERED = 32
    """How many recent results `visible` keeps (so backspacing is instant too)."""

    def __init__(self, corpus: Corpus, haystacks: Sequence[str] | None = None) -> None:
        """Prepare `corpus`.

        Args:
            corpus: the corpus to filter.
            haystacks: its `search_text` (best as a `SearchText`, which is kept as it is),
                when already at hand (the cache keeps it).
        """
        self.corpus = corpus
        self.events: tuple[Event, ...] = corpus.events
        if haystacks is None or len(haystacks) != len(self.events):
            haystacks = search_text(corpus)
        if not isinstance(haystacks, SearchText):
            haystacks = SearchText.of(haystacks)
        self.haystacks: SearchText = haystacks
        """Folded own text of each event (`search_text`), in event order, held once: a rare
        needle is found by a few str.find calls over the joined text."""
        self._joined = haystacks.joined
        self._starts = haystacks.starts
        self.spans: list[tuple[int, int]] = [
            (first.toordinal(), last.toordinal())
            for first, last in map(filter_days, (event.date for event in self.events))
        ]
        self.actor_names: dict[str, set[str]] = {}
        """Folded name or alias → actor ids that carry it."""
        for actor in corpus.actors.values():
            names = (actor.id, actor.name.en, actor.name.zh, *actor.aliases)
            for name in fold_many(list(names)):
                self.actor_names.setdefault(name.strip(), set()).add(actor.id)
        self.theme_names: dict[str, set[str]] = {}
        """Folded theme id or name → theme ids."""
        for theme in corpus.themes.values():
            for name in fold_many([theme.id, theme.name.en, theme.name.zh]):
                self.theme_names.setdefault(name.strip(), set()).add(theme.id)
        self.children: dict[str, list[str]] = {}
        """Actor id → ids of its direct child organisations."""
        for actor in corpus.actors.values():
            if actor.parent is not None:
                self.children.setdefault(actor.parent, []).append(actor.id)
        self.actor_positions: dict[str, list[int]] = {}
        """Actor id → positions of the events that name it, ascending."""
        self.theme_positions: dict[str, list[int]] = {}
        """Theme id → positions of the events that have it, ascending."""
        for position, event in enumerate(self.events):
            for actor_id in event.actors:
                self.actor_positions.setdefault(actor_id, []).append(position)
            for theme_id in event.themes:
                self.theme_positions.setdefault(theme_id, []).append(position)
        self.name_texts: dict[tuple[str, str], str] = {}
        """("actor" or "theme", id) → its folded id and names, for every id events carry."""
        for actor_id in self.actor_positions:
            known = corpus.actors.get(actor_id)
            names = (known.id, known.name.en, known.name.zh, *known.aliases) if known else ()
            self.name_texts[("actor", actor_id)] = " ".join(names) if known else actor_id
        for theme_id in self.theme_positions:
            defined = corpus.themes.get(theme_id)
            names = (defined.id, defined.name.en, defined.name.zh) if defined else ()
            self.name_texts[("theme", theme_id)] = " ".join(names) if defined else theme_id
        self.name_texts = dict(
            zip(self.name_texts, fold_many(list(self.name_texts.values())), strict=True)
        )
        self.actor_counts: Counter[str] = Counter(
            actor_id for event in self.events for actor_id in event.actors
        )
        self.theme_counts: Counter[str] = Counter(
            theme_id for event in self.events for theme_id in event.themes
        )
        self._results: dict[tuple[Filters, tuple[str, ...]], tuple[int, ...]] = {}
        self._narrowed: tuple[Filters, list[int] | None] | None = None
        self._text: _Text | None = None
        self._followers: _Followers | None = None

    def descendants(self, actor_id: str) -> set[str]:
        """Return `actor_id` and every organisation and person below it in the hierarchy."""
        found = {actor_id}
        pending = [actor_id]
        while pending:
            for child in self.children.get(pending.pop(), []):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found

    def find_actors(self, name: str) -> set[str]:
        """Actor ids that `name` names (see `lookup_actors`)."""
        return set(self.lookup_actors(name).ids)

    def find_themes(self, name: str) -> set[str]:
        """Theme ids that `name` names (see `lookup_themes`)."""
        return set(self.lookup_themes(name).ids)

    def lookup_actors(self, name: str) -> NameLookup:
        """The actors `name` names: those whose id, name or alias equals it after folding,
        else those with every word of it among the words of their id, names or aliases
        ("GenAI" in "AI & GenAI", "Monetary" in "Hong Kong Monetary Authority")."""
        return lookup_name(name, self.actor_names)

    def lookup_themes(self, name: str) -> NameLookup:
        """The themes `name` names, as `lookup_actors` finds actors."""
        return lookup_name(name, self.theme_names)

    def search_names(self, text: str, names: dict[str, set[str]]) -> set[str]:
        """Ids whose folded names contain `text` folded (for pickers narrowing as you type)."""
        needle = fold(text).strip()
        if not needle:
            return {item for ids in names.values() for item in ids}
        return {item for name, ids in names.items() if needle in name for item in ids}

    def visible(self, filters: Filters) -> list[int]:
        """Indices of the events that pass every filter, in chronological order.

        Args:
            filters: the active filters; actors AND themes AND query AND dates AND status.

        Returns:
            Positions into `self.events`.
        """
        found = self.remembered(filters)
        if found is None:
            found = self._compute(*self._key(filters))
            self.remember(filters, found)
        return found

    def remembered(self, filters: Filters) -> list[int] | None:
        """The result of `filters` if it is among the recent ones, else None."""
        key = self._key(filters)
        found = self._results.pop(key, None)
        if found is None:
            return None
        self._results[key] = found  # moved to the end: most recently used
        return list(found)

    def remember(self, filters: Filters, found: Sequence[int]) -> None:
        """Keep `found`, the result of `filters` (from `compute`), for `visible` and typing on."""
        key = self._key(filters)
        self._results.pop(key, None)
        if len(self._results) >= self._REMEMBERED:
            del self._results[next(iter(self._results))]
        self._results[key] = tuple(found)

    def compute(self, filters: Filters, stop: Callable[[], bool] | None = None) -> list[int] | None:
        """The result of `filters`, without remembering it.

        Safe to call from a worker thread while the UI thread uses the index: it reads the
        remembered results from a snapshot and changes nothing but the cache of the last
        non-query filters and, for a result of a few events, the joined text of those events
        (`_Text`) and what follows its last word there (`_Followers`): the next letter typed
        is found at C speed.

        Args:
            filters: the filters.
            stop: asked between slices of a long search; when it says True the search ends.

        Returns:
            The positions, as `visible` gives them; None when `stop` ended the search.
        """
        rest, needles = self._key(filters)
        try:
            found = self._compute(rest, needles, stop)
        except _Stopped:
            return None
        if needles and _TEXT_MIN <= len(found) and len(found) * _FEW < len(self.events):
            # Typing on will test these events one by one (see `_search`); joined, their
            # text is searched by str.find instead, three times quicker. Built here, off
            # the UI thread.
            haystacks = self.haystacks
            texts = [haystacks[position] for position in found]
            text = _Text((rest, needles), _SEPARATOR.join(texts), _offsets(texts))
            self._text = text
            # And one more letter typed on is read off what follows each occurrence.
            self._followers = _followers((rest, needles), found, text)
        return found

    def preview(self, filters: Filters, anchor: int, count: int) -> list[int] | None:
        """The matches of a slow search nearest to `anchor`, for a first screenful.

        Any full search over most of a big corpus reads all of its text (20 to 70 ms at
        100,000 events); the rows around the cursor need only the events near it. The
        complete result is for `compute` to work out.

        Args:
            filters: the filters, with a query.
            anchor: the position the cursor is on (or was on).
            count: how many matches to find on each side of `anchor`.

        Returns:
            Up to `count` matching positions before `anchor` and up to `count` from it on,
            ascending; exactly the rows `visible` would have around `anchor`. None when
            `visible` is the better way: a remembered result, few events left to search, or
            matches so rare (a sample of the events says) that finding them near the cursor
            would mean reading most of the text anyway.
        """
        key = self._key(filters)
        rest, needles = key
        if not needles or key in self._results:
            return None
        typed_on = self._typed_on(rest, needles, limit=_TYPED_ON_PREVIEW)
        if typed_on is not None:
            self.remember(filters, typed_on)  # the whole result, for `visible` to hand out
            return None
        candidates = self._narrow(rest)
        base = self._best_earlier(rest, needles)
        if (
            candidates is None
            and len(self.events) >= PREVIEW_POOL
            and (base is None or len(base) * _FEW >= len(self.events))
        ):
            # A query alone, over most events: scan the text outwards from the cursor.
            longest = max(needles, key=len)
            holding = self._names_holding(longest)
            if self._named_count(holding) <= _NAMED_SCAN:
                return self._scan_preview(filters, needles, anchor, count, self._named(holding))
        pool: Sequence[int] = (
            base
            if base is not None
            else candidates
            if candidates is not None
            else range(len(self.events))
        )
        if len(pool) < PREVIEW_POOL:
            return None
        matches = self._matcher(needles)
        sample = pool[:: max(1, len(pool) // _SAMPLE)]
        hits = sum(map(matches, sample))
        if hits * _SPARSE < len(sample):
            return None
        # Four times the events the sampled density says are needed, then give up.
        limit = 4 * count * len(sample) // hits + count
        start = bisect_left(pool, anchor)
        after = []
        for position in islice(pool, start, start + limit):
            if matches(position):
                after.append(position)
                if len(after) >= count:
                    break
        else:
            if start + limit < len(pool):
                return None  # sparser here than the sample said: search it all
        before = []
        for index in range(start - 1, max(-1, start - 1 - limit), -1):
            position = pool[index]
            if matches(position):
                before.append(position)
                if len(before) >= count:
                    break
        else:
            if start - limit > 0:
                return None
        before.reverse()
        return before + after

    def _scan_preview(
        self, filters: Filters, needles: tuple[str, ...], anchor: int, count: int, named: set[int]
    ) -> list[int] | None:
        """`preview` of a query alone: str.find over the joined text, outwards from `anchor`.

        The scan runs in C from the anchor's text to the nearest matches, so matches that
        are dense elsewhere but sparse near the cursor (a year's digits, say) cost no more
        than the text between. When the scan reaches both ends of the corpus it has found
        every match: that result is remembered and None returned, for `visible` to give it.

        `named`: the events that hold the longest needle in an actor's or theme's name.
        """
        longest = max(needles, key=len)
        matches = self._matcher(needles)
        joined, starts = self._joined, self._starts
        anchor = max(0, min(anchor, len(self.events)))
        after: list[int] = []
        offset = starts[anchor]
        while len(after) < count:
            hit = joined.find(longest, offset)
            if hit < 0:
                break
            position = bisect_right(starts, hit) - 1
            if matches(position):
                after.append(position)
            offset = starts[position + 1]
        ended_after = len(after) < count
        before: list[int] = []
        end = starts[anchor]
        while len(before) < count:
            hit = joined.rfind(longest, 0, end)
            if hit < 0:
                break
            position = bisect_right(starts, hit) - 1
            if matches(position):
                before.append(position)
            end = starts[position]
        ended_before = len(before) < count
        # Events that hold the word only in an actor's or theme's name.
        if named:
            by_name = sorted(named)
            split = bisect_left(by_name, anchor)
            name_after = list(islice(filter(matches, by_name[split:]), count))
            name_before = list(islice(filter(matches, reversed(by_name[:split])), count))
            all_after = sorted(set(after).union(name_after))
            all_before = sorted(set(before).union(name_before))
            # Complete on a side only if both lists were read to its end and none was cut.
            ended_after = ended_after and len(name_after) < count and len(all_after) <= count
            ended_before = ended_before and len(name_before) < count and len(all_before) <= count
            after, before = all_after[:count], all_before[-count:]
        else:
            before.reverse()
        if ended_after and ended_before:
            # Every match was found: the whole result, for `visible` to hand out.
            self.remember(filters, before + after)
            return None
        return before + after

    def _matcher(self, needles: tuple[str, ...]) -> Callable[[int], bool]:
        """Tell whether event `position` holds every needle, in its text or its names."""
        checks = []
        for needle in needles:
            named = self._names_holding(needle)
            actors = frozenset(item for kind, item in named if kind == "actor")
            themes = frozenset(item for kind, item in named if kind == "theme")
            checks.append((needle, actors, themes))
        holds, events = self.haystacks.holds, self.events

        def matches(position: int) -> bool:
            for needle, actors, themes in checks:
                if holds(position, needle):
                    continue
                event = events[position]
                if not (actors.isdisjoint(event.actors) and themes.isdisjoint(event.themes)):
                    continue
                return False
            return True

        return matches

    def _key(self, filters: Filters) -> tuple[Filters, tuple[str, ...]]:
        needles = tuple(fold(filters.query).split()) if filters.query.strip() else ()
        return replace(filters, query=""), needles

    def _best_earlier(self, rest: Filters, needles: tuple[str, ...]) -> tuple[int, ...] | None:
        """The smallest remembered result that holds every match of `needles` (typing on)."""
        found = self._best_earlier_keyed(rest, needles)
        return None if found is None else found[1]

    def _best_earlier_keyed(
        self, rest: Filters, needles: tuple[str, ...]
    ) -> tuple[tuple[Filters, tuple[str, ...]], tuple[int, ...]] | None:
        """`_best_earlier`, with the key it is remembered under."""
        best: tuple[tuple[Filters, tuple[str, ...]], tuple[int, ...]] | None = None
        # A snapshot: a worker thread may read while the UI thread remembers a result.
        for key, earlier in list(self._results.items()):
            earlier_rest, earlier_needles = key
            if (
                earlier_rest == rest
                and earlier_needles
                and all(any(old in new for new in needles) for old in earlier_needles)
                and (best is None or len(earlier) < len(best[1]))
            ):
                best = (key, earlier)
        return best

    def _compute(
        self, rest: Filters, needles: tuple[str, ...], stop: Callable[[], bool] | None = None
    ) -> list[int]:
        candidates = self._narrow(rest)
        if not needles:
            return list(range(len(self.events))) if candidates is None else list(candidates)
        typed_on = self._typed_on(rest, needles)
        if typed_on is not None:
            return typed_on
        # Typing on: a result remembered for needles that each new needle contains (same
        # other filters) already holds every match, so only it needs searching.
        best = self._best_earlier_keyed(rest, needles)
        positions: list[int] | None = list(best[1]) if best is not None else candidates
        text = self._text  # read once: a worker thread may replace it meanwhile
        if text is None or best is None or text.key != best[0] or text.count != len(best[1]):
            text = None
        for needle in sorted(set(needles), key=len, reverse=True):
            positions = self._search(needle, positions, stop, text)
            text = None  # it holds the earlier result's events, not this needle's
            if not positions:
                break
        assert positions is not None
        return positions

    def _typed_on(
        self, rest: Filters, needles: tuple[str, ...], limit: int | None = None
    ) -> list[int] | None:
        """The result of `needles`, when they are `_followers`' words with one letter typed on.

        None when they are not, when its result is no longer remembered, or when more than
        `limit` events might match (a common word: the preview's scan near the cursor is
        quicker than building the whole result).
        """
        followers = self._followers  # read once: a worker thread may replace it meanwhile
        if followers is None:
            return None
        earlier_rest, earlier = followers.key
        word = needles[-1]
        if (
            earlier_rest != rest
            or len(earlier) != len(needles)
            or earlier[:-1] != needles[:-1]
            or len(word) != len(earlier[-1]) + 1
            or not word.startswith(earlier[-1])
            or word[-1] == _SEPARATOR
        ):
            return None
        base = self._results.get(followers.key)
        if base is None or len(base) != followers.count:
            return None
        typed = word[-1]
        holding = self._names_holding(word)
        if limit is not None:
            if followers.following.count(typed) + self._named_count(holding) > limit:
                return None
        # Every other word, and the filters, hold for each event of the earlier result.
        hits = compress(followers.positions, map(typed.__eq__, followers.following))
        by_text = dict.fromkeys(hits)  # in order, each event once
        named = self._named(holding)
        if not named:
            return list(by_text)
        return sorted(named.intersection(base).union(by_text))

    def haystack(self, position: int) -> str:
        """Everything a search looks at for event `position`, folded: own text, then names."""
        event = self.events[position]
        names = [self.name_texts[("actor", actor_id)] for actor_id in event.actors]
        names += [self.name_texts[("theme", theme_id)] for theme_id in event.themes]
        return "\n".join([self.haystacks[position], *names])

    def _names_holding(self, needle: str) -> list[tuple[str, str]]:
        """("actor" or "theme", id) of every name text that holds `needle`."""
        return [named for named, text in self.name_texts.items() if needle in text]

    def _carrying(self, kind: str, item: str) -> list[int]:
        """Positions of the events that carry actor or theme (`kind`) `item`."""
        return (self.actor_positions if kind == "actor" else self.theme_positions)[item]

    def _named_count(self, holding: list[tuple[str, str]]) -> int:
        """How many events `_named(holding)` can hold at most (an event may count twice)."""
        return sum(len(self._carrying(kind, item)) for kind, item in holding)

    def _named(self, holding: list[tuple[str, str]]) -> set[int]:
        """Positions of the events that carry any of `holding` (from `_names_holding`)."""
        named: set[int] = set()
        for kind, item in holding:
            named.update(self._carrying(kind, item))
        return named

    def _search(
        self,
        needle: str,
        candidates: list[int] | None,
        stop: Callable[[], bool] | None = None,
        text: _Text | None = None,
    ) -> list[int]:
        """Positions among `candidates` (None: every event) whose haystack holds `needle`.

        A needle holds no whitespace, so it never spans two parts of a haystack: an event
        matches when its own text or one of its names holds the needle.

        `text`: the joined text of exactly `candidates`, in their order, when at hand.
        """
        named = self._named(self._names_holding(needle))
        if text is not None and candidates is not None:
            # str.find over the candidates' joined text, a bisection per match.
            by_text = [candidates[index] for index in _holding(text.joined, text.starts, needle)]
            if not named:
                return by_text
            return sorted(set(by_text).union(named.intersection(candidates)))
        haystacks = self.haystacks
        pool: Sequence[int] | None
        if candidates is None:
            pool = range(len(haystacks)) if self._common(needle) else None
        else:
            pool = candidates if len(candidates) * _FEW < len(haystacks) else None
        if pool is not None:
            # Testing each event's own text stops at the first match: cheap for a common
            # needle, and for few candidates. Done in slices so that a search nobody waits
            # for any more (`stop`) ends early.
            found_here: list[int] = []
            find, starts = self._joined.find, self._starts
            for begin in range(0, len(pool), _SLICE):
                if stop is not None and stop():
                    raise _Stopped
                # The bounded find of `SearchText.holds`, inline: a call per event would
                # cost more than the test.
                found_here += [
                    position
                    for position in pool[begin : begin + _SLICE]
                    if position in named
                    or find(needle, starts[position], starts[position + 1] - 1) >= 0
                ]
            return found_here
        # A rarer needle over many events: a few str.find calls over the joined text, at C
        # speed, and a bisection per match.
        found = _holding(self._joined, self._starts, needle)
        if named:
            found = sorted(named.union(found))
        if candidates is None:
            return found
        wanted = set(candidates)
        return [position for position in found if position in wanted]

    def _common(self, needle: str) -> bool:
        """Whether at least 1 in _DENSE of the first events' own texts hold `needle`."""
        window = min(len(self.haystacks), _PROBE * _DENSE)
        joined, starts = self._joined, self._starts
        end = starts[window]
        matched = 0
        at = joined.find(needle, 0, end)
        while at >= 0:
            matched += 1
            if matched * _DENSE >= window:
                return True
            at = joined.find(needle, starts[bisect_right(starts, at)], end)
        return False

    def _narrow(self, rest: Filters) -> list[int] | None:
        """Positions passing every filter but the query (None: every event), remembered once."""
        narrowed = self._narrowed  # read once: a worker thread may replace it meanwhile
        if narrowed is not None and narrowed[0] == rest:
            return narrowed[1]
        candidates = self._narrow_afresh(rest)
        self._narrowed = (rest, candidates)
        return candidates

    def _narrow_afresh(self, rest: Filters) -> list[int] | None:
        lists: list[list[list[int]]] = []
        if rest.actors:
            wanted: set[str] = set()
            for actor_id in rest.actors:
                wanted |= self.descendants(actor_id) if rest.include_children else {actor_id}
            lists.append([self.actor_positions.get(actor_id, []) for actor_id in wanted])
        if rest.themes:
            lists.append([self.theme_positions.get(theme_id, []) for theme_id in rest.themes])
        ordered: list[int] | None = None
        if len(lists) == 1 and len(lists[0]) == 1:
            # One actor or one theme (the palette's filters): its list is already in order.
            ordered = list(lists[0][0])
        elif lists:
            # OR within actors and within themes, AND between the two.
            sets = [set().union(*group) for group in lists]
            ordered = sorted(set.intersection(*sets))
        low = rest.date_from.toordinal() if rest.date_from else None
        high = rest.date_to.toordinal() if rest.date_to else None
        if low is not None and high is not None and low > high:
            return []  # a range that ends before it starts holds no day
        if rest.status is None and low is None and high is None:
            return ordered
        events, spans = self.events, self.spans
        return [
            position
            for position in (range(len(events)) if ordered is None else ordered)
            if (rest.status is None or events[position].status == rest.status)
            and (low is None or spans[position][1] >= low)
            and (high is None or spans[position][0] <= high)
        ]
