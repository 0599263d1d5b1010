"""Find the dates in zh-Hant, zh-Hans and English text and resolve them to TIMEX3-style values.

What reads what, and why:

* Our own grammar (the patterns in this package) finds every candidate span in all three
  scripts, and alone resolves everything written in Chinese, every expression relative to the
  document date (今年, 去年12月, 明年年中, 下月, 昨日, last year, yesterday), parts of a year
  (年初, 上半年, early, end of, H1), quarters and bare years. dateparser cannot be trusted with
  these: it reads 年 as "years ago" (2007年 becomes year 18, 2019年7月 year 6), loses 11月3日,
  今年5月 and 明年年中, knows nothing of Q3, H1, 年底 or "early 2025", and, turned loose on
  free text, finds dates in ordinary words ("we" becomes a Wednesday, "at the 10th" a day,
  "may" and "march" as verbs become months).
* Month-name dates ("3 November", "Sept. 3rd, 2025", "October 2025", "October" after a cue
  such as "in") and numeric dates ("2026-01-04 06:37", "29/10/2024") are our own rules too.
  The patterns leave only a day number, a known month name or abbreviation, a month number
  and a year, so all that is left to decide is whether that day exists in that month (no
  31 November, no 29 February 2025) and a time of day on the clock (no 24:00). A month or
  day without a year takes the document's year; only "last"/"next" in the text move it.
  dateparser once read these spans; tests/test_temporal_dateparser_parity.py keeps its code
  and shows that these rules read every form of them as it did.

A year written without 年 counts only on its own or after a cue ("in 2019", "by 2032",
"由2019"), never glued to a name ("FinTech 2030", "香港金融科技周2024"). Amounts, durations,
counts, ordinals, percentages, stock codes and citation markers match no rule.

What a mention is (issue 16). Each has a kind: a **point** (YYYY, YYYY-MM, YYYY-MM-DD,
YYYY-Qn, YYYY-Hn), an **interval** "A/B" whose ends keep their own precision and either of
which may be open ("2019-07/" since July 2019, "/2026" by 2026), or an anchored
**duration** (三年前, in 18 months: a point counted from the document date). Its `first` and
`last` are the days it covers once the mod narrows them; None on an open side. `extract`
gives only what the model holds today (points and durations without APPROX) and so the
shorter points inside an interval, as before; `extract_all` gives everything.

The conventions (the team's, for issue 16):

* **Thirds.** START / MID / END narrow a year to Jan–Apr, May–Aug, Sep–Dec; a month to days
  1–10, 11–20, 21–end; a quarter to its first, second, third month; a half to two months
  each (年初, early, 伊始; 年中, mid; 年底, 年末, late, end of; 上旬, 中旬, 下旬). APPROX (左右,
  前後, 約, about, around, c.) does not narrow.
* **Bare weekday.** News reports the past: 星期五, 週五, Friday, "on Monday" is the nearest
  such day on or before the document date. 下/next/upcoming/this coming mean the first one
  after it; last = the latest strictly before. 上週五 / 下週二 / 本週三 are that day of the
  previous / next / same Monday–Sunday week. "Tuesday the 19th" is the 19th of the nearest
  month, not after the document's, whose 19th is a Tuesday.
* **Two-digit years.** 00–49 are 20xx, 50–99 are 19xx (98年4月, 24年, 零七年, '24). An Arabic
  two-digit year stands alone (24年的溢利) only within five years before to one year after the
  document's year and when no length word is around it (30年期, 為期10年, 10年來 stay counts).
* **Slashed dates** are day-first as Hong Kong writes them (03/04/2024 = 3 April 2024),
  month-first only when day-first is impossible (10/31/1974). 2019.9.6 and 2015-3-3 are
  year-first; 20240307 is a day only standing alone (not in a code or a longer number).
* **Without a year**, a month, a month-day, a quarter, a half or a holiday takes the document's
  year; 次年 / 翌年 / "the following year" is the year after the year last mentioned before it.
* **Ranges** are one interval whose second part inherits what it omits (2017年8月至11月 =
  2017-08/2017-11), or whose first part does ("between March and May 2024").
* **Durations and spans** count calendar units from the document date at the unit's
  precision, clamping to a month's last day (近三個月 on 31 May = 28 Feb – 31 May).
* **Lunar dates** and 清明 come from lunar-python (see tui.core.temporal.holidays), never a table.

The package: `_base` holds what every rule uses (Mention, the scan, folding, `_near`);
`_classic` the grammar the engine was built with; `_news` the forms of issue 16; `_joins`
what joins the dates found into ranges, open ranges and approximations; `_written` the
fully written dates ("2020年5月23日", "On 8 March 2012") that `resolve_date_text` reads without
the scan, checked against it; this module the order the rules run in and the public functions.

Slow patterns (those that may start with an optional part) run only in short windows around
a character sequence every match of theirs contains (`_near`); English triggers run over a
lowered copy of the text, so no pattern needs the slow case-insensitive scan of a megabyte.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date

from tui.core.temporal._base import (
    Kind,
    Mention,
    MentionMod,
    Resolution,
    _Candidate,
    _days,
    _fold,
    _Scan,
)
from tui.core.temporal._classic import (
    _add_english_mods,
    _scan_bare_years,
    _scan_en_bare_months,
    _scan_en_dates,
    _scan_en_periods,
    _scan_en_relative,
    _scan_numeric_dates,
    _scan_zh_days,
    _scan_zh_months,
    _scan_zh_parts,
    _scan_zh_years,
)
from tui.core.temporal._joins import _add_approx, _add_open_ranges, _add_ranges
from tui.core.temporal._memo import AnchoredMemo
from tui.core.temporal._news import (
    _chain_years,
    _scan_decades,
    _scan_durations,
    _scan_en_ordinals,
    _scan_en_quarters,
    _scan_en_short_years,
    _scan_holidays,
    _scan_lunar,
    _scan_more_days,
    _scan_more_numeric,
    _scan_more_parts,
    _scan_more_years,
    _scan_quarters,
    _scan_spans,
    _scan_weeks,
    _scan_zh_short_years,
)
from tui.core.temporal._written import read_this_year, read_written

__all__ = [
    "Kind",
    "Mention",
    "MentionMod",
    "Resolution",
    "candidates",
    "extract",
    "extract_all",
    "parse_expression",
    "resolve_date_text",
]

_SCANNERS: tuple[Callable[[_Scan], None], ...] = (
    _scan_zh_years,
    _scan_zh_short_years,
    _scan_zh_months,
    _scan_zh_parts,
    _scan_zh_days,
    _scan_more_days,
    _scan_more_years,
    _scan_weeks,
    _scan_quarters,
    _scan_durations,
    _scan_spans,
    _scan_decades,
    _scan_holidays,
    _scan_lunar,
    _scan_numeric_dates,
    _scan_more_numeric,
    _scan_en_dates,
    _scan_en_short_years,
    _scan_en_ordinals,
    _scan_en_bare_months,
    _scan_en_relative,
    _scan_en_periods,
    _scan_en_quarters,
    _scan_more_parts,
    _scan_bare_years,
    _add_english_mods,
    # After every point is found: what joins, opens or blurs them.
    _chain_years,
    _add_ranges,
    _add_open_ranges,
    _add_approx,
)


# --- public API ---------------------------------------------------------------------------


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest candidates that do not overlap, earliest first on ties."""
    ordered = sorted(candidates, key=lambda found: (found.start - found.end, found.start))
    starts: list[int] = []
    chosen: list[_Candidate] = []
    for candidate in ordered:
        index = bisect.bisect_right(starts, candidate.start)
        if index > 0 and chosen[index - 1].end > candidate.start:
            continue
        if index < len(chosen) and chosen[index].start < candidate.end:
            continue
        starts.insert(index, candidate.start)
        chosen.insert(index, candidate)
    return chosen


def _is_point(candidate: _Candidate) -> bool:
    """What the model can hold today: no interval, no APPROX (issue 16 §1 comes later)."""
    return candidate.kind != "interval" and candidate.mod != "APPROX"


def _points_within(scan: _Scan, chosen: _Candidate) -> list[_Candidate]:
    """The points inside an interval or approximate date, for a caller that takes points only.

    A range's two ends take the range's own values, so the end that inherits its year from
    the other ("2017年8月至11月") keeps that year rather than the document's.
    """
    inner = _select(
        [
            found
            for found in scan.found
            if _is_point(found) and chosen.start <= found.start and found.end <= chosen.end
        ]
    )
    begin, _, finish = chosen.value.partition("/")
    if chosen.rule == "range" and len(inner) == 2 and begin and finish:
        first, second = inner
        if len(first.value) == len(begin) and len(second.value) == len(finish):
            # An end whose value the range changed took its year from the other end.
            inner = [
                first
                if first.value == begin
                else replace(first, value=begin, relative=second.relative),
                second
                if second.value == finish
                else replace(second, value=finish, relative=first.relative),
            ]
    return inner


def _mentions(text: str, doc_date: date | None, whole: bool, points: bool) -> list[Mention]:
    scan = _Scan(_fold(text), doc_date, whole)
    for scanner in _SCANNERS:
        scanner(scan)
    found = _select(scan.found)
    if points:
        found = [
            inner
            for chosen in found
            for inner in ([chosen] if _is_point(chosen) else _points_within(scan, chosen))
        ]
    mentions = []
    for candidate in found:
        days = _days(candidate.value, candidate.mod)
        assert days is not None  # checked by _Scan.add
        begin, _, finish = candidate.value.partition("/")
        if candidate.kind != "interval":
            finish = begin
        mentions.append(
            Mention(
                start=candidate.start,
                end=candidate.end,
                text=text[candidate.start : candidate.end],
                value=candidate.value,
                mod=candidate.mod,
                first=days[0],
                last=days[1],
                resolution="relative" if candidate.relative else "absolute",
                anchor=doc_date if candidate.relative else None,
                rule=candidate.rule,
                kind=candidate.kind,
                begin=begin or None,
                finish=finish or None,
            )
        )
    return mentions


def extract(text: str, doc_date: date | None = None) -> list[Mention]:
    """Find every date mention the model can hold today: points and anchored durations.

    Intervals (2020至2025年, since July 2019) and approximate dates (2022年左右) are left
    out, so the shorter points inside them are reported as before; `extract_all` reports them.

    Args:
        text: Any text, in Traditional or Simplified Chinese, English or a mix.
        doc_date: The document's publication date. Relative expressions (今年, 下月, last
            year, a month and day without a year) resolve against it; without it they are
            left out, never guessed from today's date.

    Returns:
        The mentions in text order; where candidates overlap, the longest one wins.
    """
    return _mentions(text, doc_date, whole=False, points=True)


def extract_all(text: str, doc_date: date | None = None) -> list[Mention]:
    """Find every date mention of every kind: points, intervals, anchored durations.

    Args:
        text: Any text, in Traditional or Simplified Chinese, English or a mix.
        doc_date: The document's publication date, the anchor of relative expressions.

    Returns:
        The mentions in text order; where candidates overlap, the longest one wins, so
        "2017年8月至11月" is one interval, not two months.
    """
    return _mentions(text, doc_date, whole=False, points=False)


def candidates(text: str, doc_date: date | None = None) -> list[Mention]:
    """Every date a curator may pick for a passage: each interval or approximate date, and
    the points inside it, in text order (at one place, the longest first).

    So "從2008年到2018年" offers 2008/2018, then 2008 and 2018.
    """
    found: dict[tuple[int, int, str, str | None], Mention] = {}
    for mention in (*extract_all(text, doc_date), *extract(text, doc_date)):
        found.setdefault((mention.start, mention.end, mention.value, mention.mod), mention)
    return sorted(found.values(), key=lambda mention: (mention.start, -mention.end))


_TIMEX_POINT = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?|-[QqHh][1-4])?"
_TIMEX_VALUE = re.compile(rf"{_TIMEX_POINT}|(?:{_TIMEX_POINT})?/(?:{_TIMEX_POINT})?")


def parse_expression(expression: str, doc_date: date | None = None) -> Mention | None:
    """Read a whole string as one date expression, such as a range typed on the command line.

    Accepts everything `extract_all` finds ("2019", "2019年7月", "mid-2024", "去年", "Q3 2021",
    "2024-10-28", "2020至2025年", "since July 2019") and the TIMEX3 values themselves
    ("2024-H1", "2021-Q3", "2024-10", "2020/2025", "2019-07/").

    Args:
        expression: The text; surrounding white space is ignored.
        doc_date: The date relative expressions resolve against, or None.

    Returns:
        The mention covering the whole expression, or None when the expression is not exactly
        one date (or is relative and `doc_date` is None).
    """
    stripped = expression.strip()
    if not stripped:
        return None
    offset = expression.index(stripped)
    folded = _fold(stripped)
    if _TIMEX_VALUE.fullmatch(folded):
        value = folded.upper()
        days = _days(value, None)
        if days is None:
            return None
        begin, _, finish = value.partition("/")
        interval = "/" in value
        return Mention(
            start=offset,
            end=offset + len(stripped),
            text=stripped,
            value=value,
            mod=None,
            first=days[0],
            last=days[1],
            resolution="absolute",
            anchor=None,
            rule="timex",
            kind="interval" if interval else "point",
            begin=begin or None,
            finish=(finish if interval else begin) or None,
        )
    mentions = _mentions(stripped, doc_date, whole=True, points=False)
    if len(mentions) != 1 or (mentions[0].start, mentions[0].end) != (0, len(stripped)):
        return None
    return replace(mentions[0], start=offset, end=offset + len(stripped), text=stripped)


_Resolved = tuple[str, str | None] | None


def _read_date_text(date_text: str, points: Hashable, anchor: date) -> _Resolved:
    # Fully written dates ("2020年5月23日") are most of a corpus's distinct date_texts.
    written = read_written(date_text)
    if written is not None:
        return written
    # "今年5月23日" and the like: most of the rest, read by the published year alone.
    this_year = read_this_year(date_text, anchor)
    if this_year is not None:
        return this_year
    return _engine_reading(date_text, points, anchor)


def _engine_reading(date_text: str, points: Hashable, anchor: date) -> _Resolved:
    """What the full engine reads in `date_text`: the one date it finds, else None."""
    mentions = (extract if points else extract_all)(date_text, anchor)
    if len(mentions) != 1:
        return None
    return mentions[0].value, mentions[0].mod


_DATE_TEXTS: AnchoredMemo[_Resolved] = AnchoredMemo(_read_date_text, limit=1 << 16)
"""The answers of `resolve_date_text`, kept by the parts of the published date each used."""


def resolve_date_text(
    date_text: str, published: date, /, *, points: bool = False
) -> tuple[str, str | None] | None:
    """Resolve an event's `date_text` against its article's published date.

    The loader's cross-check calls this for every event. Most date_texts name their date
    ("2019年7月", "3 November 2025") and are read once whatever the published date; the
    others are remembered for the year, month or day of it they read ("今年5月": the year).

    Args:
        date_text: the words in a quote that carry an event's date.
        published: the published date of the quote's article.
        points: read points only, as schema 1 files were checked ("截至2024年" is 2024).

    Returns:
        (value, mod) of the single date the words carry, a point or an interval ("截至2024年"
        is "/2024", "2020至2025年" is "2020/2025"), or None when they carry none or several.
    """
    return _DATE_TEXTS(date_text, points, published)
