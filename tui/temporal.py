"""Find the dates in zh-Hant, zh-Hans and English text and resolve them to TIMEX3-style values.

Which tool reads what, and why:

* Our own grammar (the patterns in this module) finds every candidate span in all three
  scripts, and alone resolves everything written in Chinese, every expression relative to the
  document date (今年, 去年12月, 明年年中, 下月, 昨日, last year, yesterday), parts of a year
  (年初, 上半年, early, end of, H1), quarters and bare years. dateparser cannot be trusted with
  these: it reads 年 as "years ago" (2007年 becomes year 18, 2019年7月 year 6), loses 11月3日,
  今年5月 and 明年年中, knows nothing of Q3, H1, 年底 or "early 2025", and, turned loose on
  free text, finds dates in ordinary words ("we" becomes a Wednesday, "at the 10th" a day,
  "may" and "march" as verbs become months).
* dateparser parses only the spans our English and numeric patterns have already identified:
  month-name dates ("3 November", "Sept. 3rd, 2025", "October 2025", "October" after a cue
  such as "in") and numeric dates ("2026-01-04 06:37", "29/10/2024"). There it is good at
  spelling variants, abbreviations, ordinals and calendar validity, and its `period` tells the
  precision. Its settings are explicit: English only, the absolute-time parser only,
  day-month-year order for slashed dates as written in Hong Kong, RELATIVE_BASE = the document
  date, PREFER_DATES_FROM = "current_period" (a month without a year takes the document's year;
  only "last"/"next" in the text move it), REQUIRE_PARTS = the parts our pattern saw. It is
  imported on the first such span, never at import time, and each configuration's parser is
  built once and reused.

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
* **Lunar dates** and 清明 come from lunar-python (see tui.temporal_holidays), never a table.

Slow patterns (those that may start with an optional part) run only in short windows around
a character sequence every match of theirs contains (`_near`); English triggers run over a
lowered copy of the text, so no pattern needs the slow case-insensitive scan of a megabyte.
"""

from __future__ import annotations

import bisect
import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from tui.dates import thirds, value_range
from tui.errors import TimelineError
from tui.model import EventDate, Mod

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

__all__ = [
    "Kind",
    "Mention",
    "MentionMod",
    "Resolution",
    "extract",
    "extract_all",
    "parse_expression",
    "resolve_date_text",
]

Resolution = Literal["absolute", "relative"]
Kind = Literal["point", "interval", "duration"]
MentionMod = Literal["START", "MID", "END", "APPROX"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One date expression found in a text, resolved to a TIMEX3-style value."""

    start: int
    """Code-point offset of the expression in the text."""
    end: int
    """Code-point offset just past the expression."""
    text: str
    """The expression exactly as written: the text's slice [start:end]."""
    value: str
    """TIMEX3-style value: a point (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn) or, for an
    interval, "A/B" with either side empty when open ("2019-07/", "/2026")."""
    mod: MentionMod | None
    """START, MID, END (narrowing the days by thirds), APPROX (not narrowing), or None."""
    first: date | None
    """First day covered, after the mod's narrowing; None for an open start."""
    last: date | None
    """Last day covered, after the mod's narrowing; None for an open end."""
    resolution: Resolution
    """"absolute" when the text names the date, "relative" when resolved against `anchor`."""
    anchor: date | None
    """The document date a relative expression was resolved against; None when absolute."""
    rule: str
    """Which grammar rule matched, or "dateparser" for spans dateparser resolved."""
    kind: Kind = "point"
    """"point", "interval" (two ends, either may be open) or "duration" (an amount of time
    counted from the document date, such as 三年前: its value is a point)."""
    begin: str | None = None
    """An interval's first end as a point value, None when open; a point's own value."""
    finish: str | None = None
    """An interval's last end as a point value, None when open; a point's own value."""

    def event_date(self) -> EventDate:
        """Return the mention's date as the model's EventDate (points and durations only).

        Raises:
            TimelineError: the mention is an interval or approximate, which the model
                cannot hold yet.
        """
        if self.kind == "interval" or self.mod == "APPROX":
            raise TimelineError(f"{self.value!r} ({self.kind}, {self.mod}) is not a point")
        first, last = value_range(self.value)
        return EventDate(value=self.value, mod=self.mod, start=first, end=last)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A resolved span before overlapping candidates are weeded out."""

    start: int
    """Code-point offset of the span."""
    end: int
    """Offset just past the span."""
    value: str
    """Validated TIMEX3-style value, a point or an interval "A/B"."""
    mod: MentionMod | None
    """START, MID, END, APPROX or None."""
    relative: bool
    """True when the value was computed from the document date."""
    rule: str
    """Name of the rule that produced the candidate."""
    kind: Kind
    """point, interval or duration."""


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
_MONTH_TRIGGER = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
# What every match of a pattern contains, for `_near`.
_YEAR_CHAR = re.compile("年")
_MONTH_CHAR = re.compile("月")
_EN_RELATIVE_TRIGGER = re.compile(r"year|month|yesterday|today|tomorrow")
_EN_PERIOD_TRIGGER = re.compile(r"q[1-4]|h[12]|quarter|half")
_NUMERIC_TRIGGER = re.compile(r"[0-9][-/.][0-9]")
_DIGITS_TRIGGER = re.compile(r"[12][0-9]{7}")
_SLASH_TRIGGER = re.compile(r"/[0-9]")
_HOLIDAY_EN_TRIGGER = re.compile(
    r"christmas|new year|national|labou?r|lunar|chinese|mid-autumn|dragon|ching|chung"
)
_CHAINED_TRIGGER = re.compile(r"次年|翌年|year")
_EN_WEEK_TRIGGER = re.compile("week")


class _Scan:
    """The folded text being scanned, its document date and the candidates found so far."""

    __slots__ = ("anchor", "found", "lower", "text", "whole")

    def __init__(self, text: str, anchor: date | None, whole: bool) -> None:
        self.text = text
        lower = text.lower()
        # Offsets must stay those of `text`: a few letters lower to two code points (İ).
        self.lower = lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)
        self.anchor = anchor
        self.whole = whole
        self.found: list[_Candidate] = []

    def add(
        self,
        start: int,
        end: int,
        value: str,
        mod: MentionMod | None,
        rule: str,
        *,
        relative: bool = False,
        kind: Kind = "point",
    ) -> None:
        """Keep a candidate whose value names real days; relative ones need a document date."""
        if relative and self.anchor is None or start >= end:
            return
        if _days(value, mod) is None:
            return
        if "/" in value:
            kind = "interval"
        self.found.append(_Candidate(start, end, value, mod, relative, rule, kind))


def _days(value: str, mod: MentionMod | None) -> tuple[date | None, date | None] | None:
    """First and last day of a point or interval value after narrowing; None when invalid."""
    try:
        if "/" not in value:
            return thirds(value, mod)
        begin, _, finish = value.partition("/")
        if not begin and not finish or mod not in (None, "APPROX"):
            return None
        first = value_range(begin)[0] if begin else None
        last = value_range(finish)[1] if finish else None
    except TimelineError:
        return None
    if first is not None and last is not None and first > last:
        return None
    return first, last


# --- values -------------------------------------------------------------------------------


def _timex(year: int, month: int | None = None, day: int | None = None) -> str:
    # An out-of-range year gives a string value_range rejects, so the candidate is dropped.
    if not 1 <= year <= 9999:
        return "invalid"
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _shift_day(anchor: date, delta: int) -> str:
    try:
        return (anchor + timedelta(days=delta)).isoformat()
    except OverflowError:
        return "invalid"


# --- text folding -------------------------------------------------------------------------


class _FoldTable(dict[int, int]):
    """A str.translate table, filled on demand, mapping code points to their NFKC form.

    Only forms of a single code point are taken (full-width ２０２４ becomes 2024), so a
    folded text has the same offsets as the original; other code points map to themselves.
    """

    def __missing__(self, code: int) -> int:
        folded = unicodedata.normalize("NFKC", chr(code))
        target = ord(folded) if len(folded) == 1 else code
        if len(self) < 65536:
            self[code] = target
        return target


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> str:
    """NFKC-fold each code point that folds to exactly one, so offsets stay those of `text`."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def _is_ideograph(char: str) -> bool:
    return len(char) == 1 and (
        "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char in "〇○"
    )


def _before(text: str, start: int) -> str:
    """The character before `start`; a line break at the start of the text."""
    return text[start - 1] if start > 0 else "\n"


def _after(text: str, end: int) -> str:
    """The character at `end`; a line break past the end of the text."""
    return text[end] if end < len(text) else "\n"


def _lead_in_ok(text: str, start: int, allowed: str) -> bool:
    """True when the span at `start` follows a non-ideograph or one of `allowed`."""
    previous = _before(text, start)
    return not _is_ideograph(previous) or previous in allowed


# --- where to look ----------------------------------------------------------------------

_LOOKAHEAD = 8
"""Characters past a match that the patterns' lookaheads may read."""


def _near(
    pattern: re.Pattern[str],
    trigger: re.Pattern[str],
    text: str,
    back: int,
    ahead: int,
    lowered: str | None = None,
) -> list[re.Match[str]]:
    """`pattern`'s matches, looked for only around the places `trigger` finds.

    A pattern that may start with an optional part is tried by the regex engine at every
    position of the text; every match of these patterns contains its trigger (年代, 季, a
    weekday's "day"), which the engine finds fast. So the pattern runs over short windows
    around the triggers, from `back` characters before one to `ahead` after it, plus a margin:
    the text is cut there for the pattern too, and a match ending in the margin is dropped,
    since the cut would hide the characters its lookaheads read.
    """
    matches: list[re.Match[str]] = []
    length = len(text)
    window_start = window_end = -1
    spans: list[tuple[int, int]] = []
    # English triggers are written in lower case and run over the lowered text, since a
    # case-insensitive pattern loses the engine's fast skip to its first characters.
    for hit in trigger.finditer(text if lowered is None else lowered):
        low, high = max(0, hit.start() - back), min(length, hit.end() + ahead + _LOOKAHEAD)
        if low <= window_end:
            window_end = max(window_end, high)
            continue
        if window_end >= 0:
            spans.append((window_start, window_end))
        window_start, window_end = low, high
    if window_end >= 0:
        spans.append((window_start, window_end))
    for low, high in spans:
        limit = high if high == length else high - _LOOKAHEAD
        for match in pattern.finditer(text, low, high):
            if match.end() <= limit:
                matches.append(match)
    return matches


# --- Chinese ------------------------------------------------------------------------------

_CN_DIGITS = "〇○零一二三四五六七八九"
_CN_NUMERALS = _CN_DIGITS + "十廿卅百千萬万億亿兩两"
_CN_VALUES = {char: index for index, char in enumerate("零一二三四五六七八九")} | {
    "〇": 0,
    "○": 0,
    "兩": 2,
    "两": 2,
}

_MONTH_NUMBER = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY_NUMBER = (
    r"3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?"
    r"|卅一?|十[一二三四五六七八九]?|[一二三四五六七八九]"
)
# Part words with the characters after them that turn them into other words
# (年初步 "preliminary", 年中國 "China", 年底線 "bottom line", 大年初一 "new year's day").
_PART_OF_YEAR = (
    r"初(?![步期次級级創创始稿一二三四五六七八九十])|中(?![國国文華华央心間间資资])"
    r"|底(?![線线層层蘊蕴部下價价])|末(?![期端梢])|尾(?![聲声數数])"
)
_PART_OF_MONTH = (
    r"上旬|中旬|下旬|初(?![步期次級级創创始稿一二三四五六七八九十])"
    r"|中(?![國国文華华央心間间資资])|底(?![線线層层蘊蕴部下價价])|末(?![期端梢])"
)
_ZH_MODS: dict[str, Mod] = {
    "初": "START",
    "上旬": "START",
    "中": "MID",
    "中旬": "MID",
    "底": "END",
    "末": "END",
    "尾": "END",
    "下旬": "END",
}

_ZH_YEAR = re.compile(
    r"(?:(?:(?<![0-9.])(?P<digits>[0-9]{4})(?![0-9])|(?<![" + _CN_NUMERALS + r"])"
    r"(?P<cn>[" + _CN_DIGITS + r"]{4})) ?|(?P<rel>[今去前明後后本上下]))"
    r"年(?![輕轻紀纪齡龄級级代])"
)
_ZH_AFTER_YEAR = re.compile(
    r" ?(?:(?P<half>[上下])半年?"
    r"|(?:第 ?(?P<quarter>[一二三四1-4]) ?季|(?P<first_quarter>首)季|[Qq](?P<q_digit>[1-4]))度?"
    r"|(?P<month>" + _MONTH_NUMBER + r") ?月份?)"
    r"|年?(?P<part>" + _PART_OF_YEAR + r")"
)
_ZH_AFTER_MONTH = re.compile(
    r" ?(?P<day>" + _DAY_NUMBER + r") ?[日號号]|(?P<part>" + _PART_OF_MONTH + r")"
)
_ZH_MONTH = re.compile(
    r"(?:(?P<rel>本|上|下|這個|这个|今個|今个|上個|上个|下個|下个) ?"
    r"|(?<![0-9.])(?P<digits>[0-9]{1,2}) ?"
    r"|(?<![" + _CN_NUMERALS + r"])(?P<cn>十[一二]?|[一二三四五六七八九]))月份?"
)
_ZH_PART = re.compile(
    r"年(?P<year_part>" + _PART_OF_YEAR + r")"
    r"|(?P<half>[上下])半年"
    r"|月(?P<month_part>" + _PART_OF_MONTH + r")"
)
_ZH_DAY_WORD = re.compile(
    r"昨[日天晚夜早午]?(?![是非])|今[日天晚早]|明[日天晚](?!之)|前[日天]|[後后]天"
)

_YEAR_OFFSETS = {"今": 0, "本": 0, "去": -1, "上": -1, "前": -2, "明": 1, "下": 1, "後": 2, "后": 2}
_MONTH_OFFSETS = {"本": 0, "這個": 0, "这个": 0, "今個": 0, "今个": 0, "上": -1, "上個": -1}
_MONTH_OFFSETS |= {"上个": -1}
_MONTH_OFFSETS |= {"下": 1, "下個": 1, "下个": 1}
_DAY_OFFSETS = {"昨": -1, "今": 0, "明": 1, "前": -2, "後": 2, "后": 2}

# Characters that may come just before a weak relative word (本年, 上月, 前天, 七月): a
# preposition or pronoun, not the end of another word (成本年增 "costs grew yearly", 目前天然氣).
_LEAD_INS = "在於于至到及和與与或、截為为他她它我你們们其自由從从直早晚今年的是將将會会再已"
# Characters that, before 今年/去年/明年/前年/後年, make the pair the tail of one word and the
# head of the next (說明年報 "explain the annual report", 目前年增 "now grows yearly").
_YEAR_WORD_BLOCKERS = {
    "今": "如古當当",
    "前": "目之以提此日年早當当空事生從从先向眼面跟上門门戰战賽赛飯饭睡會会考",
    "後": "之以然最此其日往今背幕身落先隨随稍爾尔而過过午戰战賽赛飯饭會会退滯滞",
    "后": "之以然最此其日往今背幕身落先随稍尔而过午战赛饭会退滞",
    "去": "過过失除離离回進进出來来死",
    "明": "聰聪光文透說说證证表發发英精分鮮鲜簡简聲声標标開开清黎神",
}
# Before 本月/上月/下月: the head of a word ending in 本/上/下 (成本, 線上, 以下, 地下, 一下).
_MONTH_WORD_BLOCKERS = "以之如一第每月成基根資资日線线網网馬马手身加晚早地天私當当北南樓楼路海向往"
# Before a bare 年底/上半年/月初: a numeral or a word that makes it "a year's" or "that year's".
_PART_BLOCKERS = frozenset(
    _CN_NUMERALS + "0123456789多幾几半全每整該该這这那哪當当同翌次首往歷历近前後后今明去本上下"
    "新過过些個个歲岁數数週周隔年月"
)
# Quantity words before "NNNN年" that make it a duration ("超過1000年").
_DURATION_LEAD_INS = tuple("超過 超过 逾 約 约 近 達 达 共 長達 长达 多".split())


def _number(token: str) -> int:
    """Read an Arabic or Chinese numeral: 2019, 二〇一九, 七, 十一, 二十, 廿一, 三十一."""
    token = token.strip()
    if token.isascii():
        return int(token)
    if token[0] in "廿卅":
        return (20 if token[0] == "廿" else 30) + (_CN_VALUES[token[1]] if len(token) > 1 else 0)
    if "十" in token:
        tens, _, units = token.partition("十")
        return (_CN_VALUES[tens] if tens else 1) * 10 + (_CN_VALUES[units] if units else 0)
    value = 0
    for char in token:
        value = value * 10 + _CN_VALUES[char]
    return value


def _quarter_number(match: re.Match[str]) -> int | None:
    if match["first_quarter"]:
        return 1
    token = match["quarter"] or match["q_digit"]
    return _number(token) if token else None


def _scan_zh_years(scan: _Scan) -> None:
    """今年, 去年12月, 2019年7月, 二〇一九年七月, 2024年上半年, 2021年第三季, 明年年中."""
    text = scan.text
    for match in _near(_ZH_YEAR, _YEAR_CHAR, text, 6, 1):
        start = match.start()
        word = match["rel"]
        if word is None:
            year_token = match["digits"] or match["cn"]
            year = _number(year_token)
            if text[max(0, start - 2) : start].endswith(_DURATION_LEAD_INS):
                # 超過1000年 is a duration; 大約2002年 a year (issue 16: APPROX).
                if not (text[start - 1 : start] in "約约" and 1900 <= year <= 2100):
                    continue
            if not 1000 <= year <= 2999:
                continue
            relative = False
        else:
            if word in _YEAR_WORD_BLOCKERS:
                if _before(text, start) in _YEAR_WORD_BLOCKERS[word]:
                    continue
            elif not _lead_in_ok(text, start, _LEAD_INS):
                continue
            if scan.anchor is None:
                continue
            year = scan.anchor.year + _YEAR_OFFSETS[word]
            relative = True
        rule = "zh-relative-year" if relative else "zh-year"
        scan.add(start, match.end(), _timex(year), None, rule, relative=relative)
        after = _ZH_AFTER_YEAR.match(text, match.end())
        if after is None:
            continue
        if after["half"]:
            value = f"{_timex(year)}-H{1 if after['half'] == '上' else 2}"
            scan.add(start, after.end(), value, None, rule, relative=relative)
        elif (quarter := _quarter_number(after)) is not None:
            value = f"{_timex(year)}-Q{quarter}"
            scan.add(start, after.end(), value, None, rule, relative=relative)
        elif after["part"]:
            mod = _ZH_MODS[after["part"]]
            scan.add(start, after.end(), _timex(year), mod, rule, relative=relative)
        elif after["month"]:
            month = _number(after["month"])
            if 1 <= month <= 12:
                _add_month(scan, start, after.end(), year, month, rule, relative)


def _add_month(
    scan: _Scan, start: int, end: int, year: int, month: int, rule: str, relative: bool
) -> None:
    """Add a month and, when a day or a part of the month follows, the longer span too."""
    scan.add(start, end, _timex(year, month), None, rule, relative=relative)
    after = _ZH_AFTER_MONTH.match(scan.text, end)
    if after is None:
        return
    if after["day"]:
        day = _number(after["day"])
        scan.add(start, after.end(), _timex(year, month, day), None, rule, relative=relative)
    else:
        mod = _ZH_MODS[after["part"]]
        scan.add(start, after.end(), _timex(year, month), mod, rule, relative=relative)


def _scan_zh_months(scan: _Scan) -> None:
    """本月, 下月, 上個月, and months without a year (11月3日, 十月) in the document's year."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _near(_ZH_MONTH, _MONTH_CHAR, text, 4, 2):
        start = match.start()
        word = match["rel"]
        if word is not None:
            if _before(text, start) in _MONTH_WORD_BLOCKERS:
                continue
            year, month = _shift_month(anchor.year, anchor.month, _MONTH_OFFSETS[word])
            _add_month(scan, start, match.end(), year, month, "zh-relative-month", True)
            continue
        if match["cn"] and not _lead_in_ok(text, start, _LEAD_INS):
            continue
        # After 第, or after a 年 that no year rule took (每年5月, 3000年5月), it is no date.
        if _before(text, start) in "第年" or text[max(0, start - 2) : start] == "年 ":
            continue
        month = _number(match["digits"] or match["cn"])
        if 1 <= month <= 12:
            _add_month(scan, start, match.end(), anchor.year, month, "zh-month", True)


def _scan_zh_parts(scan: _Scan) -> None:
    """年初, 年中, 年底, 上半年, 月底 on their own: parts of the document's year or month."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _ZH_PART.finditer(text):
        start = match.start()
        if _before(text, start) in _PART_BLOCKERS:
            continue
        if match["year_part"]:
            mod = _ZH_MODS[match["year_part"]]
            scan.add(start, match.end(), _timex(anchor.year), mod, "zh-part", relative=True)
        elif match["half"]:
            value = f"{_timex(anchor.year)}-H{1 if match['half'] == '上' else 2}"
            scan.add(start, match.end(), value, None, "zh-part", relative=True)
        else:
            mod = _ZH_MODS[match["month_part"]]
            value = _timex(anchor.year, anchor.month)
            scan.add(start, match.end(), value, mod, "zh-part", relative=True)


def _scan_zh_days(scan: _Scan) -> None:
    """昨日, 昨天, 昨 (as in 昨出席), 今日, 今天, 明天, 前天, 後天."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _ZH_DAY_WORD.finditer(text):
        start, head = match.start(), match.group()[0]
        if head in "前後后" and not _lead_in_ok(text, start, _LEAD_INS):
            continue
        if head == "明" and _before(text, start) in _YEAR_WORD_BLOCKERS["明"]:
            continue
        value = _shift_day(anchor, _DAY_OFFSETS[head])
        scan.add(start, match.end(), value, None, "zh-relative-day", relative=True)


# --- English ------------------------------------------------------------------------------

_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_NAME = _FULL_MONTH + r"\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
_YEAR_AFTER = r"(?:,?\s+(?P<year>[0-9]{4})(?![0-9]))"
_AMOUNT_AFTER = r"(?!\s*(?:%|percent\b|per\s+cent\b|million\b|billion\b|[-\u2013]?[0-9]))"

_EN_DAY_MONTH = re.compile(
    r"(?<![\w.,$])(?P<day>[0-9]{1,2})" + _ORDINAL_SUFFIX + r"\s+(?:of\s+)?"
    r"(?P<month>" + _MONTH_NAME + r")" + _YEAR_AFTER + r"?",
    re.IGNORECASE,
)
_EN_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_NAME})\s+(?P<day>[0-9]{{1,2}}){_ORDINAL_SUFFIX}\b{_AMOUNT_AFTER}"
    rf"{_YEAR_AFTER}?",
    re.IGNORECASE,
)
_EN_MONTH_YEAR = re.compile(
    r"\b(?P<month>" + _MONTH_NAME + r"),?\s+(?P<year>[0-9]{4})(?![0-9])", re.IGNORECASE
)
_EN_BARE_MONTH = re.compile(r"\b(?P<month>" + _FULL_MONTH + r")\b(?!\s*[0-9])", re.IGNORECASE)
_NUMERIC_DATE = re.compile(
    r"(?<![0-9./:-])(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)"
    r"(?P<day>[0-9]{1,2})(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?(?![0-9]|[./:-][0-9])"
    r"|(?<![0-9./:-])(?P<dmy_day>[0-9]{1,2})/(?P<dmy_month>[0-9]{1,2})/(?P<dmy_year>[0-9]{4})"
    r"(?![0-9]|/[0-9])"
)
_EN_RELATIVE = re.compile(
    r"\b(?P<which>this|last|next)\s+(?P<unit>year|month)\b"
    r"|\b(?P<day>yesterday|today|tomorrow)\b"
    r"|\b(?P<edge>beginning|start|middle|end)\s+of\s+the\s+year\b"
    r"|\b(?P<year_end>year[- ]end)\b",
    re.IGNORECASE,
)
_EN_PERIOD = re.compile(
    r"\b(?P<letter>[QH])(?P<number>[1-4])\s*,?\s*(?P<year>[0-9]{4})(?![0-9])"
    r"|(?<![0-9])(?P<year2>[0-9]{4})\s*-?\s*(?P<letter2>[QH])(?P<number2>[1-4])\b"
    r"|\b(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<kind>quarter|half)\s+of\s+"
    r"(?:(?P<year3>[0-9]{4})(?![0-9])|(?P<which>this|last|next)\s+year|the\s+year)",
    re.IGNORECASE,
)
_EN_MOD_BEFORE = re.compile(
    r"\b(?P<word>early|mid|late|(?:beginning|start|middle|end)\s+of|end(?=\s*-))"
    r"(?:\s*-\s*|\s+)$",
    re.IGNORECASE,
)
_EN_MODS: dict[str, Mod] = {
    "early": "START",
    "beginning": "START",
    "start": "START",
    "mid": "MID",
    "middle": "MID",
    "late": "END",
    "end": "END",
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4}
_WHICH = {"this": 0, "last": -1, "next": 1}
_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_DAY_CUES = frozenset("on by since from until till before after of to and through".split())

# Words after which a bare month name is a date ("in October", "since March", "last May").
_MONTH_CUES = frozenset(
    "in since by until till from through during before after of early mid late this last next"
    " around and or to between for".split()
)
# Words after which a bare four-digit number is a year ("in 2019", "as of 2025", "by 2032").
_YEAR_CUES = _MONTH_CUES | frozenset(
    "on at than circa year the fiscal as end start beginning q1 q2 q3 q4 h1 h2"
    " spring summer autumn fall winter".split()
)
_ZH_YEAR_CUES = "由从從自至到於于在及和与與或、截"
_AMOUNT_WORDS = frozenset(
    "million billion trillion thousand hundred bn mn percent per dollars yuan usd hkd rmb"
    " people times".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9]*)[\s\-\u2013]*$")
_WORD_AFTER = re.compile(r"\s*([A-Za-z]+)")


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return match.group(1).lower() if match else ""


@lru_cache(maxsize=32)
def _parser(anchor: date | None, order: str, parts: tuple[str, ...]) -> DateDataParser:
    """Build, once per configuration, a dateparser parser for English and numeric spans."""
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "PARSERS": ["absolute-time"],
        "DATE_ORDER": order,
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": False,
        "REQUIRE_PARTS": list(parts),
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=2048)
def _dateparser(
    span: str, anchor: date | None, order: str, parts: tuple[str, ...]
) -> tuple[date, str] | None:
    """Return the day dateparser reads in `span` and its period, or None."""
    try:
        data = _parser(anchor, order, parts).get_date_data(span)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None or data.period is None:
        return None
    return data.date_obj.date(), data.period


def _month_number(token: str, *, with_day: bool = False) -> int | None:
    """Month number of a month name, or None when it is not written like one ("may").

    With a day beside it ("march 8") any letter case is a month, except "may", a verb.
    """
    name = token.rstrip(".").lower()
    if not token[0].isupper() and not (with_day and name != "may"):
        return None
    return _EN_MONTHS.get(name)


def _add_month_name_date(scan: _Scan, match: re.Match[str]) -> None:
    day = int(match["day"]) if match.groupdict().get("day") else None
    month = _month_number(match["month"], with_day=day is not None)
    if month is None:
        return
    if match["month"][0].islower() and _word_before(scan.text, match.start()) not in _DAY_CUES:
        return  # "march 8" after "on" is a day; "they march 8 miles" is not
    year = int(match["year"]) if match["year"] else None
    if day is not None and not 1 <= day <= 31 or year is not None and year < 1000:
        return
    anchor = None if year is not None else scan.anchor
    expected_year = year if year is not None else anchor.year if anchor is not None else None
    if expected_year is None:
        return
    parts = ("day", "month") if day is not None else ("month",)
    parsed = _dateparser(match.group(), anchor, "DMY", parts + (("year",) if year else ()))
    if parsed is None:
        return
    found, period = parsed
    # dateparser may move a day the year lacks (29 February) into another year: refuse that.
    if period != ("day" if day else "month") or (found.year, found.month) != (expected_year, month):
        return
    value = found.isoformat() if day else _timex(found.year, found.month)
    scan.add(match.start(), match.end(), value, None, "dateparser", relative=year is None)


def _scan_en_dates(scan: _Scan) -> None:
    """Month-name dates, handed to dateparser: 3 November, November 3, 2025, October 2025."""
    for pattern in (_EN_DAY_MONTH, _EN_MONTH_DAY, _EN_MONTH_YEAR):
        for match in _near(pattern, _MONTH_TRIGGER, scan.text, 12, 24, scan.lower):
            _add_month_name_date(scan, match)


def _scan_en_bare_months(scan: _Scan) -> None:
    """A month name after a cue ("In October", "last March"), in the document's year.

    After "last" or "next" it is the nearest such month before or after the document's month.
    """
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _near(_EN_BARE_MONTH, _MONTH_TRIGGER, text, 2, 10, scan.lower):
        month = _month_number(match["month"])
        start = match.start()
        cue = _word_before(text, start)
        if month is None or not (cue in _MONTH_CUES or scan.whole and not text[:start].strip()):
            continue
        parsed = _dateparser(match["month"], anchor, "DMY", ("month",))
        if parsed is None or parsed[1] != "month" or parsed[0].month != month:
            continue
        year = parsed[0].year
        if cue in _WHICH:
            start = _cue_start(text, start, cue)
            if cue == "last" and month >= anchor.month:
                year -= 1
            elif cue == "next" and month <= anchor.month:
                year += 1
        scan.add(start, match.end(), _timex(year, month), None, "dateparser", relative=True)


def _cue_start(text: str, start: int, cue: str) -> int:
    match = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return match.start(1) if match and match.group(1).lower() == cue else start


def _scan_numeric_dates(scan: _Scan) -> None:
    """2026-01-04 06:37, 2024/10/29, 2024.10.29 and day-first 29/10/2024, via dateparser."""
    for match in _near(_NUMERIC_DATE, _NUMERIC_TRIGGER, scan.text, 12, 20):
        if match["year"]:
            year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
            order = "YMD"
        else:
            year, month = int(match["dmy_year"]), int(match["dmy_month"])
            day, order = int(match["dmy_day"]), "DMY"
        if year < 1000 or not 1 <= month <= 12 or not 1 <= day <= 31:
            continue
        parsed = _dateparser(match.group(), None, order, ("day", "month", "year"))
        if parsed is None or parsed[0] != _safe_date(year, month, day):
            continue
        scan.add(match.start(), match.end(), parsed[0].isoformat(), None, "dateparser")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _scan_en_relative(scan: _Scan) -> None:
    """this/last/next year or month, yesterday, today, tomorrow, end of the year, year-end."""
    anchor = scan.anchor
    if anchor is None:
        return
    for match in _near(_EN_RELATIVE, _EN_RELATIVE_TRIGGER, scan.text, 14, 10, scan.lower):
        start, end = match.span()
        if match["which"]:
            offset = _WHICH[match["which"].lower()]
            if match["unit"].lower() == "year":
                value = _timex(anchor.year + offset)
            else:
                value = _timex(*_shift_month(anchor.year, anchor.month, offset))
            scan.add(start, end, value, None, "en-relative", relative=True)
        elif match["day"]:
            value = _shift_day(anchor, _DAY_WORDS[match["day"].lower()])
            scan.add(start, end, value, None, "en-relative", relative=True)
        else:
            edge = (match["edge"] or "end").lower()
            scan.add(start, end, _timex(anchor.year), _EN_MODS[edge], "en-relative", relative=True)


def _scan_en_periods(scan: _Scan) -> None:
    """Quarters and halves: Q3 2021, 2024-H1, H2 2025, first half of 2024, third quarter of …"""
    for match in _near(_EN_PERIOD, _EN_PERIOD_TRIGGER, scan.text, 32, 30, scan.lower):
        relative = False
        start = match.start()
        if match["ordinal"]:
            number = _ORDINALS[match["ordinal"].lower()]
            letter = "Q" if match["kind"].lower() == "quarter" else "H"
            if match["year3"]:
                year = int(match["year3"])
            elif scan.anchor is None:
                continue
            else:
                which = match["which"]
                year = scan.anchor.year + (_WHICH[which.lower()] if which else 0)
                relative = True
        elif match["letter"]:
            letter, number, year = match["letter"], int(match["number"]), int(match["year"])
        else:
            letter, number, year = match["letter2"], int(match["number2"]), int(match["year2"])
        letter = letter.upper()
        if letter == "H" and number > 2 or year < 1000:
            continue
        value = f"{_timex(year)}-{letter}{number}"
        scan.add(start, match.end(), value, None, "en-period", relative=relative)


# --- bare years ---------------------------------------------------------------------------

_BARE_YEAR = re.compile(r"(?<![0-9])(?:1[89]|20)[0-9]{2}(?![0-9])")


def _bare_year_ok(text: str, start: int, end: int) -> bool:
    """Decide whether a four-digit number standing alone is a year, from its neighbours."""
    following = text[end : end + 1]
    if following and (following.isalpha() and not _is_ideograph(following) or following in "%年"):
        return False
    if _is_ideograph(following) and following not in "至到及和與与、或起前後后":
        return False
    if following in "-\u2013" and text[end + 1 : end + 2].isalpha():
        return False
    after = _WORD_AFTER.match(text, end)
    if after and after.group(1).lower() in _AMOUNT_WORDS:
        return False
    previous = _before(text, start)
    if previous == "[" and following == "]":
        return False
    if previous in ",." and _before(text, start - 1).isdigit():
        return False
    if previous in "-\u2013~":
        before_dash = _before(text, start - 1)
        return before_dash.isdigit() or _word_before(text, start) in _YEAR_CUES
    index = start
    while index > 0 and text[index - 1] in " \t\u00a0":
        index -= 1
    previous = _before(text, index)
    if previous.isdigit() or previous in "$€£¥#@":
        return False
    if _is_ideograph(previous):
        return index == start and previous in _ZH_YEAR_CUES
    if previous.isalpha():
        cue = _word_before(text, index)
        if cue in ("about", "around", "circa"):
            # "about 2017." is a year; "about 2000 staff" a count.
            return not _WORD_AFTER.match(text, end)
        return previous.isascii() and cue in _YEAR_CUES
    if previous in "(（" and following in ")）":
        # A stock code after a name: 小米集團（1810）, Xiaomi (1810).
        name_end = index - 1
        while name_end > 0 and text[name_end - 1] in " \t":
            name_end -= 1
        before_paren = _before(text, name_end)
        return not (before_paren.isalpha() or _is_ideograph(before_paren))
    return True


def _scan_bare_years(scan: _Scan) -> None:
    """A year written without 年: "in 2019", "As of 2025", "(2024)", "由2019至2024年"."""
    for match in _BARE_YEAR.finditer(scan.text):
        start, end = match.span()
        if _bare_year_ok(scan.text, start, end):
            scan.add(start, end, match.group(), None, "year")


def _add_english_mods(scan: _Scan) -> None:
    """Add "early 2025", "mid-2024", "end of this year", "late October" around candidates."""
    text = scan.text
    for candidate in list(scan.found):
        if candidate.mod is not None or candidate.rule.startswith("zh"):
            continue
        if candidate.value.count("-") == 2:  # a day has no early, mid or late
            continue
        match = _EN_MOD_BEFORE.search(text, max(0, candidate.start - 24), candidate.start)
        if match is None:
            continue
        mod = _EN_MODS[match["word"].split()[0].lower()]
        scan.add(
            match.start(),
            candidate.end,
            candidate.value,
            mod,
            candidate.rule,
            relative=candidate.relative,
        )


# --- issue 16: the forms news writes ------------------------------------------------------


def _add_months(day: date, months: int) -> date | None:
    """`day` moved by whole months, clamped to the month's last day (2023-05-31 − 3 = 02-28)."""
    year, month = _shift_month(day.year, day.month, months)
    if not 1 <= year <= 9999:
        return None
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _quarter_of(day: date, delta: int = 0) -> str:
    index = day.year * 4 + (day.month - 1) // 3 + delta
    return f"{index // 4:04d}-Q{index % 4 + 1}"


_ZH_NUM = r"[0-9]{1,3}|[一二兩两三四五六七八九十]{1,3}"
_SEPARATOR = r"\s*(?:至|到|[-\u2013\u2014~～]|to|through|until|and)\s*"

_ZH_DAY_EXTRA = re.compile(r"大[後后]天|尋日|寻日|聽日|听日|本日")
_ZH_DAY_EXTRA_OFFSETS = {"尋日": -1, "寻日": -1, "聽日": 1, "听日": 1, "本日": 0}

_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_WEEK = re.compile(
    r"(?P<which>上個|上个|上一|上|下個|下个|下一|下|本|這個|这个|這|这|今個|今个)?"
    r"(?:週|周|星期|禮拜|礼拜)(?P<weekday>[一二三四五六日天])?"
)
_ZH_WEEK_TRIGGER = re.compile(r"[週周星禮礼]")
_WEEK_OFFSETS = {"上": -1, "下": 1, "本": 0, "這": 0, "这": 0, "今": 0}

_EN_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        (("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun"))
    )
    for name in names[:1]
}  # fmt: skip
_EN_WEEKDAY = re.compile(
    r"\b(?:(?P<which>last|next|this\s+coming|the\s+upcoming|upcoming|this|coming)\s+)?"
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"(?:\s+the\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)\b)?",
    re.IGNORECASE,
)
_EN_WEEKDAY_TRIGGER = re.compile(r"[dD][aA][yY]")
_EN_WEEK = re.compile(r"\b(?P<which>this|last|next)\s+week\b", re.IGNORECASE)


_FIRST_WEEKS = date(1, 2, 1)
_LAST_WEEKS = date(9999, 11, 1)


def _week_monday(day: date, weeks: int) -> date:
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)


def _scan_weeks(scan: _Scan) -> None:
    """上週, 本周, 下星期, 上週五, 星期五, 禮拜天; this/last/next week; last Friday, on Monday."""
    text, anchor = scan.text, scan.anchor
    # Weeks of the calendar's first and last months would step out of it: no date there.
    if anchor is None or not _FIRST_WEEKS < anchor < _LAST_WEEKS:
        return
    for match in _near(_ZH_WEEK, _ZH_WEEK_TRIGGER, text, 6, 4):
        which, weekday = match["which"], match["weekday"]
        start, end = match.span()
        if which is None and weekday is None:
            continue  # 週 or 星期 alone is a word, not a date
        if (
            which is None
            and _before(text, start) in "每一二兩两三四五六七八九十幾几個个數数多本上下這这"
        ):
            continue  # 每週五 (every Friday), 兩週 (two weeks)
        # 週年 (anniversary), 週期 (cycle), 星期天氣: the weekday word is part of another word.
        if _after(text, end) in "年期刊報报末邊边" and weekday is None:
            continue
        if weekday == "天" and (
            match.group().startswith(("週", "周")) or _after(text, end) in "氣气然下空才使"
        ):
            continue
        offset = _WEEK_OFFSETS[which[0]] if which else 0
        monday = _week_monday(anchor, offset)
        if weekday is None:
            value = f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
            scan.add(start, end, value, None, "zh-week", relative=True)
            continue
        target = _WEEKDAY_ZH[weekday]
        if which is None:  # a bare weekday: the nearest on or before the document date
            day = anchor - timedelta(days=(anchor.weekday() - target) % 7)
        else:
            day = monday + timedelta(days=target)
        scan.add(start, end, day.isoformat(), None, "zh-weekday", relative=True)
    for match in _near(_EN_WEEK, _EN_WEEK_TRIGGER, text, 6, 2, scan.lower):
        monday = _week_monday(anchor, _WHICH[match["which"].lower()])
        value = f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
        scan.add(match.start(), match.end(), value, None, "en-week", relative=True)
    for match in _near(_EN_WEEKDAY, _EN_WEEKDAY_TRIGGER, text, 30, 16):
        word = match["weekday"]
        if not word[0].isupper() and not (
            match.start() == 0
            or text[: match.start()].strip() == ""
            or _word_before(text, match.start())
            in ("on", "last", "next", "this", "coming", "upcoming", "by", "since", "until")
        ):
            continue
        target = _EN_WEEKDAYS[word.lower()]
        which = " ".join((match["which"] or "").lower().split())
        if match["day"]:
            day_number = int(match["day"])
            year, month = anchor.year, anchor.month
            found = None
            for _ in range(12):
                candidate = _safe_date(year, month, day_number)
                if (
                    candidate
                    and candidate.weekday() == target
                    and candidate <= anchor + timedelta(days=31)
                ):
                    found = candidate
                    break
                year, month = _shift_month(year, month, -1)
            if found is None:
                continue
            day = found
        elif which == "last":
            day = anchor - timedelta(days=(anchor.weekday() - target - 1) % 7 + 1)
        elif which in ("next", "this coming", "the upcoming", "upcoming", "coming"):
            day = anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
        elif which == "this":
            day = _week_monday(anchor, 0) + timedelta(days=target)
        else:
            day = anchor - timedelta(days=(anchor.weekday() - target) % 7)
        scan.add(match.start(), match.end(), day.isoformat(), None, "en-weekday", relative=True)


def _scan_more_days(scan: _Scan) -> None:
    """大後天, 尋日, 聽日, 本日; the day before yesterday, the day after tomorrow."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _ZH_DAY_EXTRA.finditer(text):
        word = match.group()
        offset = 3 if word.startswith("大") else _ZH_DAY_EXTRA_OFFSETS[word]
        scan.add(match.start(), match.end(), _shift_day(anchor, offset), None,
                 "zh-relative-day", relative=True)  # fmt: skip
    for match in _ZH_DAY_WORD.finditer(text):
        # 前天 / 後天 after a word the older rule does not accept as a lead-in ("該行前天").
        start, head = match.start(), match.group()[0]
        if head not in "前後后" or _after(text, match.end()) in "然下空才使":
            continue
        if _before(text, start) in _YEAR_WORD_BLOCKERS.get(head, "") + "大":
            continue
        scan.add(start, match.end(), _shift_day(anchor, _DAY_OFFSETS[head]), None,
                 "zh-relative-day", relative=True)  # fmt: skip
    for match in re.finditer(
        r"\bthe\s+day\s+(?P<which>before\s+yesterday|after\s+tomorrow)\b", text, re.IGNORECASE
    ):
        offset = -2 if match["which"].lower().startswith("before") else 2
        scan.add(match.start(), match.end(), _shift_day(anchor, offset), None, "en-relative",
                 relative=True)  # fmt: skip


_ZH_QUARTER = re.compile(
    r"(?P<which>本|上一?|下一?|這個|这个|今個|今个)季度?(?![0-9一二三四五六七八九十])"
    r"|(?P<year>(?:[0-9]{2}|[0-9]{4}|[" + _CN_DIGITS + r"]{2}|[今去明前])年)?"
    r"(?:第 ?(?P<n>[一二三四1-4]) ?季度?|(?P<n2>[一二三四1-4])季度|(?P<first>首)季度?)"
    r"(?P<part>初|末|中)?"
    r"|(?<![A-Za-z0-9])(?P<qn>[1-4])Q(?P<yy>[0-9]{2})(?![0-9A-Za-z])"
    r"|(?<![A-Za-z0-9])Q(?P<bare>[1-4])(?![0-9A-Za-z]|\s*,?\s*[0-9]{4})"
    r"|(?<![季度])季度(?P<qpart>初|末)"
)
_ZH_QUARTER_TRIGGER = re.compile(r"[季Q]")
_QUARTER_YEAR_PREFIX = re.compile(r"(?:[0-9]{2}|[0-9]{4}|[" + _CN_DIGITS + r"]{2,4})年$")


def _short_year(token: str) -> int:
    number = _number(token)
    if len(token) <= 2:
        return number + (2000 if number < 50 else 1900)
    return number


def _scan_quarters(scan: _Scan) -> None:
    """一季度, 第三季度, 首季, 2022年首季度, 07年第三季度, 本季度, 季度末, Q1, 1Q24."""
    text, anchor = scan.text, scan.anchor
    for match in _near(_ZH_QUARTER, _ZH_QUARTER_TRIGGER, text, 12, 10):
        start, end = match.span()
        relative = True
        if match["which"]:
            if anchor is None:
                continue
            word = match["which"]
            delta = -1 if word[0] == "上" else 1 if word[0] == "下" else 0
            scan.add(start, end, _quarter_of(anchor, delta), None, "zh-quarter", relative=True)
            continue
        if match["qpart"]:
            if anchor is None or _before(text, start) in "各每該该當当同上下本":
                continue
            mod: MentionMod = "START" if match["qpart"] == "初" else "END"
            scan.add(start, end, _quarter_of(anchor), mod, "zh-quarter", relative=True)
            continue
        if match["qn"]:
            year = 2000 + int(match["yy"])
            scan.add(start, end, f"{year:04d}-Q{match['qn']}", None, "quarter")
            continue
        if match["bare"]:
            if anchor is None:
                continue
            value = f"{anchor.year:04d}-Q{match['bare']}"
            scan.add(start, end, value, None, "quarter", relative=True)
            continue
        number = 1 if match["first"] else _number(match["n"] or match["n2"])
        year_token = match["year"]
        if year_token:
            token = year_token[:-1]
            if token in _YEAR_OFFSETS:
                if anchor is None:
                    continue
                year = anchor.year + _YEAR_OFFSETS[token]
            else:
                year = _short_year(token)
                relative = False
                if len(token) == 2 and token[0] in "0123456789" and _before(text, start).isdigit():
                    continue
        else:
            if anchor is None or _before(text, start) in "前每各近":
                continue
            year = anchor.year
        part = match["part"]
        mods: dict[str, MentionMod] = {"初": "START", "中": "MID", "末": "END"}
        if part == "中" and _after(text, end) in "國国":
            end -= 1
            part = None
        scan.add(start, end, f"{year:04d}-Q{number}", mods[part] if part else None,
                 "zh-quarter", relative=relative)  # fmt: skip


_EN_QUARTER_MORE = re.compile(
    r"\b(?P<which>this|last|next|the\s+previous|the\s+next|the\s+current)\s+quarter\b"
    r"|\b(?P<ordinal>first|second|third|fourth)[-\s](?P<kind>quarter|half)\b"
    r"(?!\s+of\b)",
    re.IGNORECASE,
)
_EN_QUARTER_MORE_TRIGGER = re.compile(r"[uU][aA][rR][tT][eE][rR]|[hH][aA][lL][fF]")


def _scan_en_quarters(scan: _Scan) -> None:
    """this/last/next quarter, the previous quarter; first-quarter, the second half."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _near(_EN_QUARTER_MORE, _EN_QUARTER_MORE_TRIGGER, text, 30, 8):
        start, end = match.span()
        if match["which"]:
            word = match["which"].lower().split()[-1]
            delta = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1}[word]
            scan.add(start, end, _quarter_of(anchor, delta), None, "en-period", relative=True)
            continue
        number = _ORDINALS[match["ordinal"].lower()]
        letter = "Q" if match["kind"].lower() == "quarter" else "H"
        if letter == "H" and number > 2:
            continue
        before = text[max(0, start - 4) : start].lower()
        if before.endswith("the "):
            start -= 4
        scan.add(start, end, f"{anchor.year:04d}-{letter}{number}", None, "en-period",
                 relative=True)  # fmt: skip


_UNIT_ZH = (
    r"(?P<unit>年|個月|个月|月|個季度|个季度|季度|季|週|周|星期|個星期|个星期|個禮拜|个礼拜|天|日)"
)
_ZH_DURATION = re.compile(
    r"(?<![0-9一二兩两三四五六七八九十第])(?P<n>" + _ZH_NUM + r"|半)"
    r"(?P<half>年半)?"
    + _UNIT_ZH.replace("(?P<unit>", "(?P<unit>(?<=年半)|")
    + r"(?P<dir>前|[後后]|之前|之[後后]|以前|以[後后])"
)
_ZH_DURATION_TRIGGER = re.compile(r"[前後后]")
_EN_NUMBERS = {
    word: index
    for index, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"a": 1, "an": 1, "eighteen": 18, "fifteen": 15, "twenty": 20, "thirty": 30}
_EN_NUM = r"(?P<n>[0-9]{1,3}|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")"
_EN_UNIT = r"(?P<unit>years?|months?|quarters?|weeks?|days?)"
_EN_UNIT_TRIGGER = re.compile(r"year|month|quart|week|day")
_EN_DURATION = re.compile(
    r"\b" + _EN_NUM + r"\s+" + _EN_UNIT + r"\s+(?P<dir>ago|later|from\s+now|earlier)\b"
    r"|\bin\s+"
    + _EN_NUM.replace("(?P<n>", "(?P<n2>")
    + r"\s+"
    + _EN_UNIT.replace("(?P<unit>", "(?P<unit2>")
    + r"(?!\s+(?:of|to|and|or)\b)\b",
    re.IGNORECASE,
)


def _en_number(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else _EN_NUMBERS[token]


def _moved(anchor: date, unit: str, amount: float) -> str | None:
    """The value `amount` units from `anchor`, at the unit's precision (time16)."""
    if unit.startswith(("年", "year")):
        if amount != int(amount):
            moved = _add_months(anchor, int(amount * 12))
            return _timex(moved.year, moved.month) if moved else None
        return _timex(anchor.year + int(amount))
    if unit.startswith(("月", "個月", "个月", "month")):
        moved = _add_months(anchor, int(amount))
        return _timex(moved.year, moved.month) if moved else None
    if "季" in unit or unit.startswith("quarter"):
        return _quarter_of(anchor, int(amount))
    if unit[0] in "週周星個个禮礼" or unit.startswith("week"):
        return _shift_day(anchor, int(amount * 7))
    return _shift_day(anchor, int(amount))


def _scan_durations(scan: _Scan) -> None:
    """三年前, 兩個月前, 3年後, 半年後, 一年半後, 20天後; three years ago, in 18 months."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _near(_ZH_DURATION, _ZH_DURATION_TRIGGER, text, 10, 8):
        token = match["n"]
        amount: float = 0.5 if token == "半" else _number(token)
        unit = match["unit"] or "年"
        if match["half"]:
            amount += 0.5
            unit = "年"
        if token == "半" and unit not in ("年",):
            continue
        if unit == "年" and token.isdigit() and len(token) > 2:
            continue  # 2019年前: before a year, not a duration
        if unit == "日" and not match["dir"].startswith(("前", "後", "后")):
            continue
        sign = -1 if "前" in match["dir"] else 1
        value = _moved(anchor, unit, sign * amount)
        if value is not None:
            scan.add(match.start(), match.end(), value, None, "zh-duration", relative=True,
                     kind="duration")  # fmt: skip
    for match in _near(_EN_DURATION, _EN_UNIT_TRIGGER, text, 24, 24, scan.lower):
        if match["n"]:
            amount, unit = _en_number(match["n"]), match["unit"].lower()
            sign = -1 if match["dir"].lower() in ("ago", "earlier") else 1
        else:
            amount, unit, sign = _en_number(match["n2"]), match["unit2"].lower(), 1
        value = _moved(anchor, unit, sign * amount)
        if value is not None:
            scan.add(match.start(), match.end(), value, None, "en-duration", relative=True,
                     kind="duration")  # fmt: skip


_ZH_SPAN = re.compile(
    r"(?P<dir>過去|过去|最近|近|未來|未来)(?P<n>"
    + _ZH_NUM
    + r")(?:\s*(?:至|到|-|~)\s*(?P<n2>"
    + _ZH_NUM
    + r"))?"
    + r"(?P<unit>年|個月|个月|個季度|个季度|季度|週|周|個星期|个星期|天|日)"
    r"|(?P<this_next>今明兩年|今明两年)"
    r"|(?P<year>(?:[0-9]{4}|["
    + _CN_DIGITS
    + r"]{4}|[今去明前])年)?前(?P<k>[一二兩两三四五六七八九十]{1,2}|[0-9]{1,2})"
    r"(?P<kunit>個月|个月|個季度|个季度|季度)"
)
_ZH_SPAN_TRIGGER = re.compile(r"[過过近未今前]")
_EN_SPAN = re.compile(
    r"\b(?:over\s+)?the\s+(?P<dir>past|last|next|coming)\s+(?:(?P<n>[0-9]{1,3}|"
    + "|".join(w for w in _EN_NUMBERS if w not in ("a", "an", "zero"))
    + r")(?:\s*(?:to|-|\u2013)\s*(?P<n2>[0-9]{1,3}|"
    + "|".join(w for w in _EN_NUMBERS if w not in ("a", "an", "zero"))
    + r"))?\s+)?(?P<unit>years?|months?|quarters?|weeks?|days?)\b"
    r"|\bthe\s+first\s+(?P<k>[0-9]{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)"
    r"\s+(?P<kunit>months|quarters)(?:\s+of\s+(?:(?P<year>[0-9]{4})|(?P<which>this|last|next)"
    r"\s+year|the\s+year))?\b",
    re.IGNORECASE,
)


def _span_value(anchor: date, unit: str, amount: int, sign: int) -> str | None:
    unit = unit.lower()
    if unit.startswith(("年", "year")):
        other = _add_months(anchor, sign * 12 * amount)
    elif unit.startswith(("月", "個月", "个月", "month")):
        other = _add_months(anchor, sign * amount)
    elif "季" in unit or unit.startswith("quarter"):
        other = _add_months(anchor, sign * 3 * amount)
    else:
        days = amount * (7 if unit[0] in "週周個个w" else 1)
        try:
            other = anchor + timedelta(days=sign * days)
        except OverflowError:
            return None
    if other is None:
        return None
    ends = (other, anchor) if sign < 0 else (anchor, other)
    return f"{ends[0].isoformat()}/{ends[1].isoformat()}"


def _first_parts(year: int, count: int, unit: str) -> str | None:
    if "季" in unit or unit.lower().startswith("quarter"):
        return f"{year:04d}-Q1/{year:04d}-Q{count}" if 1 <= count <= 4 else None
    return f"{year:04d}-01/{year:04d}-{count:02d}" if 1 <= count <= 12 else None


def _scan_spans(scan: _Scan) -> None:
    """過去三年, 近三個月, 未來3至5年, 今明兩年, 今年前五個月, 前三季度; the past two years."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _near(_ZH_SPAN, _ZH_SPAN_TRIGGER, text, 10, 16):
        start, end = match.span()
        if match["this_next"]:
            scan.add(start, end, f"{anchor.year:04d}/{anchor.year + 1:04d}", None, "zh-span",
                     relative=True)  # fmt: skip
            continue
        if match["k"]:
            count = _number(match["k"])
            year_token = match["year"]
            relative = True
            if year_token:
                token = year_token[:-1]
                if token in _YEAR_OFFSETS:
                    year = anchor.year + _YEAR_OFFSETS[token]
                else:
                    year, relative = _number(token), False
            else:
                if _before(text, start) in "的之":
                    continue
                year = anchor.year
            value = _first_parts(year, count, match["kunit"])
            if value:
                scan.add(start, end, value, None, "zh-span", relative=relative)
            continue
        amount = _number(match["n"])
        if match["n2"]:
            amount = _number(match["n2"])
        sign = 1 if match["dir"] in ("未來", "未来") else -1
        if match["dir"] == "近" and not _lead_in_ok(text, start, _LEAD_INS + "最"):
            continue
        value = _span_value(anchor, match["unit"], amount, sign)
        if value:
            scan.add(start, end, value, "APPROX" if match["n2"] else None, "zh-span",
                     relative=True)  # fmt: skip
    for match in _near(_EN_SPAN, _EN_UNIT_TRIGGER, text, 40, 40, scan.lower):
        start, end = match.span()
        if match["k"]:
            count = _en_number(match["k"])
            if match["year"]:
                year, relative = int(match["year"]), False
            else:
                year = anchor.year + (_WHICH[match["which"].lower()] if match["which"] else 0)
                relative = True
            value = _first_parts(year, count, match["kunit"])
            if value:
                scan.add(start, end, value, None, "en-span", relative=relative)
            continue
        unit = match["unit"].lower()
        if not match["n"]:
            if not unit.endswith("s") and match["dir"].lower() in ("past", "last"):
                amount = 1  # the past year
            else:
                continue
        else:
            amount = _en_number(match["n2"] or match["n"])
        if not unit.endswith("s") and match["n"] and amount != 1:
            continue  # "the next 3 year" is no English
        sign = 1 if match["dir"].lower() in ("next", "coming") else -1
        if not match["n"] and match["dir"].lower() == "last":
            continue  # "last year" is the calendar year, read elsewhere
        value = _span_value(anchor, unit, amount, sign)
        if value:
            scan.add(start, end, value, "APPROX" if match["n2"] else None, "en-span",
                     relative=True)  # fmt: skip


_ZH_YEAR_MORE = re.compile(r"大前年|大[後后]年|上一年|這一年|这一年|出年")
_ZH_YEAR_MORE_OFFSETS = {"大前年": -3, "大後年": 3, "大后年": 3, "上一年": -1, "這一年": 0,
                         "这一年": 0, "出年": 1}  # fmt: skip
_CHAINED = re.compile(r"次年|翌年|\bthe\s+(?:following|next|subsequent)\s+year\b", re.IGNORECASE)


def _scan_more_years(scan: _Scan) -> None:
    """大前年, 上一年, 這一年, 出年; the year before last; 次年 / the following year."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _ZH_YEAR_MORE.finditer(text):
        year = anchor.year + _ZH_YEAR_MORE_OFFSETS[match.group()]
        scan.add(match.start(), match.end(), _timex(year), None, "zh-relative-year",
                 relative=True)  # fmt: skip
    for match in re.finditer(
        r"\bthe\s+year\s+(?P<which>before\s+last|after\s+next)\b", text, re.IGNORECASE
    ):
        offset = -2 if match["which"].lower().startswith("before") else 2
        scan.add(match.start(), match.end(), _timex(anchor.year + offset), None, "en-relative",
                 relative=True)  # fmt: skip


def _chain_years(scan: _Scan) -> None:
    """次年 / 翌年 / the following year: the year after the year most recently mentioned."""
    anchor = scan.anchor
    if anchor is None:
        return
    # The points found so far, by where they end (the longest last among equal ends).
    points = sorted(
        (found.end, found.end - found.start, int(found.value[:4]))
        for found in scan.found
        if found.kind == "point" and "/" not in found.value
    )
    ends = [point[0] for point in points]
    for match in _near(_CHAINED, _CHAINED_TRIGGER, scan.text, 24, 4, scan.lower):
        index = bisect.bisect_right(ends, match.start())
        year = points[index - 1][2] if index else anchor.year
        scan.add(match.start(), match.end(), _timex(year + 1), None, "chained-year",
                 relative=True)  # fmt: skip


_DECADE = re.compile(
    r"(?P<century_zh>上世紀|上世纪|(?P<cnum>二十|十九|二十一|20|19|21)世[紀纪])?"
    r"(?P<decade>[1-9]0|[一二三四五六七八九]十|(?P<full>1[0-9]|20)[0-9]0)年代"
    r"(?P<part>初期|初|中期|中|末期|末|後期|后期)?"
    r"|\bthe\s+(?:(?P<en_part>early|mid|late)[-\s]?)?(?P<en_decade>1[0-9]|20)(?P<en_tens>[0-9])0s\b"
    r"|(?P<century>[0-9]{1,2}|二十一|二十|十[一二三四五六七八九]|[一二三四五六七八九十])世[紀纪](?!\s*[0-9一二三四五六七八九]0?年代)"
    r"|\bthe\s+(?P<en_century>[0-9]{1,2}(?:st|nd|rd|th)|twenty-first|twentieth|nineteenth)\s+century\b",
    re.IGNORECASE,
)
_DECADE_TRIGGER = re.compile(r"年代|世[紀纪]|0[sS]|[cC][eE][nN][tT][uU][rR][yY]")
_PART_YEARS = {"START": (0, 3), "MID": (4, 6), "END": (7, 9)}
_DECADE_PARTS: dict[str, str] = {"初期": "START", "初": "START", "中期": "MID", "中": "MID",
                                  "末期": "END", "末": "END", "後期": "END", "后期": "END",
                                  "early": "START", "mid": "MID", "late": "END"}  # fmt: skip


def _scan_decades(scan: _Scan) -> None:
    """上世紀90年代, 二十世紀九十年代末期, 八十年代初, 2010年代, 18世紀; the late 1990s."""
    for match in _near(_DECADE, _DECADE_TRIGGER, scan.text, 24, 10):
        start, end = match.span()
        if match["century"] or match["en_century"]:
            token = match["century"] or match["en_century"].lower()
            words = {"twenty-first": 21, "twentieth": 20, "nineteenth": 19}
            number = words.get(token) or _number(re.sub(r"(st|nd|rd|th)$", "", token))
            if not 1 <= number <= 30:
                continue
            begin = (number - 1) * 100 + 1
            scan.add(start, end, f"{begin:04d}/{begin + 99:04d}", None, "century")
            continue
        if match["en_decade"]:
            base = int(match["en_decade"]) * 100 + int(match["en_tens"]) * 10
            part = match["en_part"]
        else:
            decade = match["decade"]
            if match["full"]:
                base = int(decade)
            else:
                tens = _number(decade) if not decade.isdigit() else int(decade)
                if match["century_zh"] and match["cnum"]:
                    century = _number(match["cnum"])
                    base = (century - 1) * 100 + tens
                else:
                    base = 1900 + tens
            part = match["part"]
        if part and part[0] == "中" and _after(scan.text, end) in "國国":
            end -= 1
            part = None
        low, high = _PART_YEARS[_DECADE_PARTS[part.lower()]] if part else (0, 9)
        scan.add(start, end, f"{base + low:04d}/{base + high:04d}", None, "decade")


_HOLIDAYS_ZH = {
    "元旦": (1, 1, False), "聖誕節": (12, 25, False), "圣诞节": (12, 25, False),
    "聖誕": (12, 25, False), "圣诞": (12, 25, False), "國慶日": (10, 1, False),
    "国庆日": (10, 1, False), "國慶": (10, 1, False), "国庆": (10, 1, False),
    "七一": (7, 1, False), "勞動節": (5, 1, False), "劳动节": (5, 1, False),
    "五一": (5, 1, False), "春節": (1, 1, True), "春节": (1, 1, True),
    "農曆新年": (1, 1, True), "农历新年": (1, 1, True), "大年初一": (1, 1, True),
    "元宵節": (1, 15, True), "元宵节": (1, 15, True), "元宵": (1, 15, True),
    "端午節": (5, 5, True), "端午节": (5, 5, True), "端午": (5, 5, True),
    "中秋節": (8, 15, True), "中秋节": (8, 15, True), "中秋": (8, 15, True),
    "重陽節": (9, 9, True), "重阳节": (9, 9, True), "重陽": (9, 9, True),
    "重阳": (9, 9, True), "清明節": (0, 0, True), "清明节": (0, 0, True), "清明": (0, 0, True),
}  # fmt: skip
_HOLIDAYS_EN = {
    "christmas day": (12, 25, False), "christmas": (12, 25, False),
    "new year's day": (1, 1, False), "national day": (10, 1, False),
    "labour day": (5, 1, False), "labor day": (5, 1, False),
    "lunar new year": (1, 1, True), "chinese new year": (1, 1, True),
    "mid-autumn festival": (8, 15, True), "dragon boat festival": (5, 5, True),
    "ching ming festival": (0, 0, True), "chung yeung festival": (9, 9, True),
}  # fmt: skip
# Names alone, so the regex engine can skip ahead on their first characters; what may come
# before them (a year, "around", "the") is looked for only where a name was found.
_HOLIDAY_ZH = re.compile("|".join(sorted(_HOLIDAYS_ZH, key=len, reverse=True)))
_HOLIDAY_EN = re.compile(
    r"\b(?:" + "|".join(re.escape(name) for name in sorted(_HOLIDAYS_EN, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)  # fmt: skip
_HOLIDAY_LEAD = re.compile(
    r"(?P<approx_en>(?:around|about)\s+)?(?:the\s+)?(?P<year>(?:[0-9]{4}|[今去明前])年)?$",
    re.IGNORECASE,
)
_HOLIDAY_TAIL = re.compile(r"(?P<en_year>\s+[0-9]{4}\b)?(?P<approx>前後|前后|左右)?")
# Words that a holiday name starts or ends (五一路, 七一回歸紀念, 清明上河圖, 國慶節假期 is fine).
_HOLIDAY_BLOCKERS_AFTER = "路街道號号樓楼村區区上"


def _holiday_day(year: int, month: int, day: int, lunar: bool) -> date | None:
    from tui.temporal_holidays import lunar_to_solar, qingming

    if not lunar:
        return _safe_date(year, month, day)
    if month == 0:
        return qingming(year)
    return lunar_to_solar(year, month, day)


def _scan_holidays(scan: _Scan) -> None:
    """元旦, 春節, 中秋, 清明 …; Christmas, Lunar New Year: the day in the year given or D's."""
    text, anchor = scan.text, scan.anchor
    english = _near(_HOLIDAY_EN, _HOLIDAY_EN_TRIGGER, text, 2, 24, scan.lower)
    for name_match in (*_HOLIDAY_ZH.finditer(text), *english):
        name = name_match.group()
        spec = _HOLIDAYS_ZH.get(name) or _HOLIDAYS_EN.get(name.lower())
        if spec is None or name.isascii() and not name[0].isupper():
            continue
        lead = _HOLIDAY_LEAD.search(text, max(0, name_match.start() - 20), name_match.start())
        tail = _HOLIDAY_TAIL.match(text, name_match.end())
        assert lead is not None and tail is not None  # both can match empty
        start, end = lead.start(), tail.end()
        if not name.isascii() and (
            _after(text, name_match.end()) in _HOLIDAY_BLOCKERS_AFTER
            or name in ("五一", "七一", "中秋", "清明", "元宵", "國慶", "国庆")
            and _before(text, name_match.start()) in _CN_NUMERALS + "0123456789第每"
        ):
            continue
        relative = True
        year_token = lead["year"] or (tail["en_year"] or "").strip()
        if year_token:
            token = year_token.rstrip("年")
            if token in _YEAR_OFFSETS:
                if anchor is None:
                    continue
                year = anchor.year + _YEAR_OFFSETS[token]
            else:
                year, relative = int(token), False
        elif anchor is None:
            continue
        else:
            year = anchor.year
        day = _holiday_day(year, *spec)
        if day is None:
            continue
        mod: MentionMod | None = "APPROX" if tail["approx"] or lead["approx_en"] else None
        scan.add(start, end, day.isoformat(), mod, "holiday", relative=relative)


_LUNAR_MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                 "八": 8, "九": 9, "十": 10, "十一": 11, "冬": 11, "十二": 12, "臘": 12,
                 "腊": 12}  # fmt: skip
_LUNAR = re.compile(
    r"(?P<cal>農曆|农历|陰曆|阴历)?(?P<month>正|十一|十二|臘|腊|冬|[一二三四五六七八九十])月"
    r"(?P<day>初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十|十五)?"
    r"|\bthe\s+(?P<en_day>[0-9]{1,2})(?:st|nd|rd|th)\s+day\s+of\s+the\s+"
    r"(?P<en_month>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
    r"|twelfth)\s+lunar\s+month\b"
    r"|\bthe\s+(?P<en_only>twelfth|first)\s+lunar\s+month\b"
)
_LUNAR_TRIGGER = re.compile(r"[正臘腊]月|[農农陰阴][曆历]|[lL][uU][nN][aA][rR]")
_EN_ORDINAL_WORDS = {word: index for index, word in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    .split())}  # fmt: skip


def _lunar_day_number(token: str) -> int:
    return _number(token[1:]) if token.startswith("初") else _number(token)


def _scan_lunar(scan: _Scan) -> None:
    """農曆八月十五, 正月十五, 臘月; the 15th day of the eighth lunar month."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    from tui.temporal_holidays import lunar_month_days, lunar_to_solar

    for match in _near(_LUNAR, _LUNAR_TRIGGER, text, 44, 12):
        start, end = match.span()
        if match["en_month"] or match["en_only"]:
            month = _EN_ORDINAL_WORDS[(match["en_month"] or match["en_only"]).lower()]
            day_number = int(match["en_day"]) if match["en_day"] else None
        else:
            month = _LUNAR_MONTHS[match["month"]]
            day_number = _lunar_day_number(match["day"]) if match["day"] else None
            # Without 農曆, only 正月 and 臘月 name lunar months (七月 is July).
            if not match["cal"] and match["month"] not in "正臘腊":
                continue
            if _before(text, start) in _CN_NUMERALS + "0123456789年":
                continue
        if day_number is None:
            days = lunar_month_days(anchor.year, month)
            if days is None:
                continue
            value = f"{days[0].isoformat()}/{days[1].isoformat()}"
        else:
            day = lunar_to_solar(anchor.year, month, day_number)
            if day is None:
                continue
            value = day.isoformat()
        scan.add(start, end, value, None, "lunar", relative=True)


_ZH_SHORT_YEAR = re.compile(
    r"(?<![0-9.])(?P<digits>[0-9]{2})年(?![輕轻紀纪齡龄級级代])"
    r"|(?<![" + _CN_NUMERALS + r"])(?P<cn>[" + _CN_DIGITS + r"]{2})年(?![輕轻紀纪齡龄級级代])"
)
_ZH_SHORT_YEAR_TRIGGER = re.compile(r"年")


def _scan_zh_short_years(scan: _Scan) -> None:
    """Two-digit years: 98年4月, 19年底, 零七年, 九六年八月 (00–49 → 20xx, 50–99 → 19xx)."""
    text = scan.text
    for match in _near(_ZH_SHORT_YEAR, _ZH_SHORT_YEAR_TRIGGER, text, 4, 2):
        start, end = match.span()
        token = match["digits"] or match["cn"]
        year = _short_year(token)
        after = _ZH_AFTER_YEAR.match(text, end)
        has_month = after is not None and (after["month"] or after["part"] or after["half"])
        if not has_month:
            # A year alone: in Chinese digits that cannot be a count (零七年, 九八年), or in
            # Arabic digits close to the document's year and not a length (24年的溢利, but
            # not 30年期, 為期10年, 10年來).
            if match["cn"]:
                if token[0] not in "〇○零九八":
                    continue
            elif (
                scan.anchor is None
                or not scan.anchor.year - 5 <= year <= scan.anchor.year + 1
                or _after(text, end) in "期來来內内間间後后前多半以度左"
                or text[max(0, start - 2) : start].endswith(_DURATION_LEAD_INS + ("為期", "为期"))
                or _before(text, start) in _CN_NUMERALS + "第每近逾約约達达"
            ):
                continue
            scan.add(start, end, _timex(year), None, "zh-year")
            continue
        assert after is not None
        if after["half"]:
            value = f"{_timex(year)}-H{1 if after['half'] == '上' else 2}"
            scan.add(start, after.end(), value, None, "zh-year")
        elif after["part"]:
            scan.add(start, after.end(), _timex(year), _ZH_MODS[after["part"]], "zh-year")
        elif after["month"]:
            month = _number(after["month"])
            if 1 <= month <= 12:
                _add_month(scan, start, after.end(), year, month, "zh-year", False)


_EN_SHORT_YEAR = re.compile(
    r"\b(?P<month>" + _MONTH_NAME + r")\s+(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+)?"
    r"['\u2019](?P<year>[0-9]{2})(?![0-9A-Za-z])"
    r"|(?<![\w'\u2019])['\u2019](?P<bare>[0-9]{2})(?![0-9A-Za-z'\u2019])"
)
_EN_SHORT_YEAR_TRIGGER = re.compile(r"[\'\u2019][0-9]")


def _scan_en_short_years(scan: _Scan) -> None:
    """April '98, Dec. 3 '21, '07."""
    for match in _near(_EN_SHORT_YEAR, _EN_SHORT_YEAR_TRIGGER, scan.text, 24, 8):
        if match["bare"]:
            scan.add(match.start(), match.end(), _timex(_short_year(match["bare"])), None,
                     "year")  # fmt: skip
            continue
        month = _month_number(match["month"])
        if month is None:
            continue
        year = _short_year(match["year"])
        day = int(match["day"]) if match["day"] else None
        scan.add(match.start(), match.end(), _timex(year, month, day), None, "dateparser")


_COMPACT_DATE = re.compile(
    r"(?<![0-9A-Za-z_./-])(?P<y>(?:19|20)[0-9]{2})(?P<m>[01][0-9])(?P<d>[0-3][0-9])(?![0-9A-Za-z_])"
)
_MDY_DATE = re.compile(
    r"(?<![0-9./:-])(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})/(?P<y>[0-9]{4})(?![0-9]|/[0-9])"
)


def _scan_more_numeric(scan: _Scan) -> None:
    """20240307 standing alone; month-first 10/31/1974 when day-first is impossible."""
    for match in _near(_COMPACT_DATE, _DIGITS_TRIGGER, scan.text, 1, 8):
        day = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if day is not None:
            scan.add(match.start(), match.end(), day.isoformat(), None, "numeric")
    for match in _near(_MDY_DATE, _SLASH_TRIGGER, scan.text, 6, 8):
        month, day_number = int(match["m"]), int(match["d"])
        if month <= 12 and day_number <= 12 or month > 12:
            continue  # day-first is possible: the older rule reads it so
        day = _safe_date(int(match["y"]), month, day_number)
        if day is not None:
            scan.add(match.start(), match.end(), day.isoformat(), None, "numeric")


_EN_ORDINAL_DAYS = {
    word: index
    for index, word in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh"
        " twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
        " twentieth".split()
    )
}
for _index, _word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth".split(), start=21
):
    _EN_ORDINAL_DAYS[f"twenty-{_word}"] = _index
_EN_ORDINAL_DAYS |= {"thirtieth": 30, "thirty-first": 31}
_EN_ORDINAL = re.compile(
    r"\b(?P<on>on\s+)?the\s+(?P<day>[0-9]{1,2}(?:st|nd|rd|th)|"
    + "|".join(sorted(_EN_ORDINAL_DAYS, key=len, reverse=True))
    + r")(?:\s+of\s+(?:(?P<month>"
    + _FULL_MONTH
    + r"|"
    + _MONTH_NAME.replace(r"\b", "")
    + r")|(?P<which>this|last|next)\s+month)(?:,?\s+(?P<year>[0-9]{4}))?)?\b"
    # "the 15th day of …", "the 5th anniversary", "the 3rd quarter" are not days of a month.
    r"(?!\s+(?:day|lunar|century|anniversary|time|floor|round|quarter|half)\b)",
    re.IGNORECASE,
)


def _scan_en_ordinals(scan: _Scan) -> None:
    """on the 15th, the twenty-first of April, the 15th of last month."""
    text, anchor = scan.text, scan.anchor
    for match in _EN_ORDINAL.finditer(text):
        token = match["day"].lower()
        day_number = _EN_ORDINAL_DAYS.get(token) or int(re.sub(r"\D", "", token) or 0)
        if match["month"]:
            month = _month_number(match["month"][0].upper() + match["month"][1:])
            if month is None:
                continue
            if match["year"]:
                year, relative = int(match["year"]), False
            elif anchor is None:
                continue
            else:
                year, relative = anchor.year, True
        elif match["which"]:
            if anchor is None:
                continue
            year, month = _shift_month(anchor.year, anchor.month, _WHICH[match["which"].lower()])
            relative = True
        elif match["on"] and anchor is not None:
            year, month, relative = anchor.year, anchor.month, True
        else:
            continue
        day = _safe_date(year, month, day_number)
        if day is not None:
            scan.add(match.start(), match.end(), day.isoformat(), None, "en-ordinal",
                     relative=relative)  # fmt: skip


_PART_MORE = re.compile(
    r"(?P<year>[0-9]{4}|[今去明]) ?年伊始"
    r"|\b(?:the\s+)?(?P<edge>beginning|start|middle|end)\s+of\s+the\s+month\b",
    re.IGNORECASE,
)
_PART_MORE_TRIGGER = re.compile(r"伊始|[mM][oO][nN][tT][hH]")


def _scan_more_parts(scan: _Scan) -> None:
    """2023年伊始; the end of the month."""
    text, anchor = scan.text, scan.anchor
    for match in _near(_PART_MORE, _PART_MORE_TRIGGER, text, 40, 8):
        if match["year"]:
            token = match["year"]
            if token.isdigit():
                scan.add(match.start(), match.end(), token, "START", "zh-year")
            elif anchor is not None:
                year = anchor.year + _YEAR_OFFSETS[token]
                scan.add(match.start(), match.end(), _timex(year), "START", "zh-relative-year",
                         relative=True)  # fmt: skip
        elif anchor is not None:
            value = _timex(anchor.year, anchor.month)
            mod = _EN_MODS[match["edge"].lower()]
            scan.add(match.start(), match.end(), value, mod, "en-relative", relative=True)


# --- issue 16: ranges, open ranges, approximations around what was found ------------------

_JOIN = re.compile(r"\s*(?:至|到|[-\u2013\u2014~～]|to\b|through\b|thru\b|and\b)\s*", re.IGNORECASE)
_RANGE_LEAD = re.compile(r"(?:從|从|由|自|\bfrom|\bbetween)\s*$", re.IGNORECASE)
_OPEN_END_LEAD = re.compile(r"(?:自|從|从|由|\bsince|\bfrom)\s*$", re.IGNORECASE)
_OPEN_END_TAIL = re.compile(r"\s*(?:起|開始|开始|以來|以来|至今|onwards?\b)", re.IGNORECASE)
_OPEN_START_LEAD = re.compile(
    r"(?:截至|截止至?|截止到|直至|直到|到|\bby|\buntil|\btill|\bas\s+of|\bup\s+to)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_OPEN_START_TAIL = re.compile(r"\s*(?:或之前|或以前|之前|以前|前)")
_APPROX_LEAD = re.compile(
    r"(?:大約在|大约在|大約|大约|約在|约在|約|约|大概|\babout|\baround|\bcirca|\bc\.)\s*$",
    re.IGNORECASE,
)
_APPROX_TAIL = re.compile(r"\s*(?:左右|前後|前后)")
_DAY_TAIL = re.compile(r"\s*(?:至|到|[-\u2013~～])\s*(?P<day>" + _DAY_NUMBER + r")\s*[日號号]")
_DAYS_AFTER_MONTH = re.compile(
    r"\s*(?P<d1>"
    + _DAY_NUMBER
    + r")\s*(?:至|到|[-\u2013~～])\s*(?P<d2>"
    + _DAY_NUMBER
    + r")\s*[日號号]"
)
_MONTHS_AFTER_YEAR = re.compile(
    r"\s*(?P<m1>"
    + _MONTH_NUMBER
    + r")\s*(?:月\s*)?(?:至|到|[-\u2013~～])\s*(?P<m2>"
    + _MONTH_NUMBER
    + r")\s*月份?"
)
_EN_DAY_RANGE = re.compile(
    r"\b(?P<month>" + _MONTH_NAME + r")\s+(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?\s*"
    r"(?:to|through|-|\u2013)\s*(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>[0-9]{4}))?"
)


_EN_DAY_RANGE_DAY_FIRST = re.compile(
    r"\b(?:from\s+|between\s+)?(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?\s*(?:to|through|and|-|\u2013)\s*"
    r"(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>" + _MONTH_NAME + r")"
    r"(?:,?\s+(?P<year>[0-9]{4})(?![0-9]))?",
    re.IGNORECASE,
)


def _implied_year(candidate: _Candidate) -> bool:
    """True when the candidate's year came from the document date, not from its words."""
    return candidate.relative and candidate.rule in ("zh-month", "dateparser")


def _with_year(value: str, year: int) -> str:
    return f"{year:04d}{value[4:]}"


def _add_ranges(scan: _Scan) -> None:
    """Join two dates into one interval, the second inheriting what it omits."""
    text = scan.text
    points = [found for found in scan.found if found.kind == "point" and "/" not in found.value]
    by_start: dict[int, list[_Candidate]] = {}
    for found in points:
        by_start.setdefault(found.start, []).append(found)
    for first in points:
        join = _JOIN.match(text, first.end)
        if join is None or first.mod is not None:
            continue
        word = join.group().strip().lower()
        lead = _RANGE_LEAD.search(text, max(0, first.start - 10), first.start)
        if word == "and" and (lead is None or lead.group().strip().lower() != "between"):
            continue
        for second in by_start.get(join.end(), []):
            if second.mod is not None or second.kind != "point":
                continue
            begin, finish = first.value, second.value
            relative = first.relative or second.relative
            if _implied_year(second) and not _implied_year(first) and len(finish) >= 7:
                finish = _with_year(finish, int(begin[:4]))
                if finish < begin[: len(finish)]:
                    finish = _with_year(finish, int(begin[:4]) + 1)
            elif _implied_year(first) and not _implied_year(second) and len(begin) >= 7:
                begin = _with_year(begin, int(finish[:4]))
                if begin[: len(finish)] > finish:
                    begin = _with_year(begin, int(finish[:4]) - 1)
            start = lead.start() if lead else first.start
            scan.add(start, second.end, f"{begin}/{finish}", None, "range", relative=relative)
    for found in points:
        value = found.value
        if len(value) == 10 and found.rule.startswith("zh"):
            tail = _DAY_TAIL.match(text, found.end)
            if tail:
                day = _safe_date(int(value[:4]), int(value[5:7]), _number(tail["day"]))
                if day is not None:
                    scan.add(found.start, tail.end(), f"{value}/{day.isoformat()}", None, "range",
                             relative=found.relative)  # fmt: skip
        elif len(value) == 7 and found.rule.startswith("zh") and found.mod is None:
            days = _DAYS_AFTER_MONTH.match(text, found.end)
            if days:
                year, month = int(value[:4]), int(value[5:7])
                one = _safe_date(year, month, _number(days["d1"]))
                two = _safe_date(year, month, _number(days["d2"]))
                if one and two:
                    scan.add(found.start, days.end(), f"{one.isoformat()}/{two.isoformat()}", None,
                             "range", relative=found.relative)  # fmt: skip
        elif len(value) == 4 and found.rule.startswith("zh") and found.mod is None:
            months = _MONTHS_AFTER_YEAR.match(text, found.end)
            if months:
                low, high = _number(months["m1"]), _number(months["m2"])
                if 1 <= low <= high <= 12:
                    scan.add(found.start, months.end(), f"{value}-{low:02d}/{value}-{high:02d}",
                             None, "range", relative=found.relative)  # fmt: skip
    anchor = scan.anchor
    for match in (*_EN_DAY_RANGE.finditer(text), *_EN_DAY_RANGE_DAY_FIRST.finditer(text)):
        named = _month_number(match["month"], with_day=True)
        if named is None or match["year"] is None and anchor is None:
            continue
        year = int(match["year"]) if match["year"] else anchor.year if anchor else 0
        one = _safe_date(year, named, int(match["d1"]))
        two = _safe_date(year, named, int(match["d2"]))
        if one and two:
            scan.add(match.start(), match.end(), f"{one.isoformat()}/{two.isoformat()}", None,
                     "range", relative=match["year"] is None)  # fmt: skip


def _longest_per_start(found: list[_Candidate]) -> list[_Candidate]:
    """Of candidates that start together, the longest: 到2026年初 wraps 2026年初, not 2026年."""
    longest: dict[int, _Candidate] = {}
    for candidate in found:
        kept = longest.get(candidate.start)
        if kept is None or candidate.end > kept.end:
            longest[candidate.start] = candidate
    return list(longest.values())


def _add_open_ranges(scan: _Scan) -> None:
    """自2019年7月起, since July 2019 (open end); 截至2024年, by 2032, 或之前 (open start)."""
    text = scan.text
    for found in _longest_per_start(scan.found):
        if found.kind != "point" or "/" in found.value:
            continue
        if found.mod is not None and found.mod != "END":
            continue
        window = max(0, found.start - 24)
        lead = _OPEN_END_LEAD.search(text, window, found.start)
        tail = _OPEN_END_TAIL.match(text, found.end)
        if tail and tail.group().strip() in ("開始", "开始", "onwards", "onward") and not lead:
            tail = None  # 98年4月開始擴張: the day something began, not "since"
        if found.mod is None and (tail or lead and lead.group().strip().lower() == "since"):
            start = lead.start() if lead else found.start
            end = tail.end() if tail else found.end
            scan.add(start, end, f"{found.value}/", None, "open-range", relative=found.relative)
            continue
        lead = _OPEN_START_LEAD.search(text, window, found.start)
        if lead is not None:
            scan.add(lead.start(), found.end, f"/{found.value}", None, "open-range",
                     relative=found.relative)  # fmt: skip
            continue
        tail = _OPEN_START_TAIL.match(text, found.end)
        if tail is not None and (
            found.mod == "END" or len(found.value) == 10 or tail.group().strip() == "或之前"
        ):
            if (
                _after(text, tail.end()) in "後后"
                or _is_ideograph(text[tail.end() : tail.end() + 1])
                and tail.group().strip() == "前"
                and text[tail.end()] in "年月"
            ):
                continue
            scan.add(found.start, tail.end(), f"/{found.value}", None, "open-range",
                     relative=found.relative)  # fmt: skip


def _add_approx(scan: _Scan) -> None:
    """2022年10月左右, 2017年前後, 約在2021年6月, 大約2002年; around October 2022, c. 2002."""
    text = scan.text
    for found in _longest_per_start(scan.found):
        if found.mod is not None or found.kind == "duration":
            continue
        tail = _APPROX_TAIL.match(text, found.end)
        lead = _APPROX_LEAD.search(text, max(0, found.start - 12), found.start)
        if tail is None and lead is None:
            continue
        start = lead.start() if lead else found.start
        end = tail.end() if tail else found.end
        scan.add(start, end, found.value, "APPROX", found.rule, relative=found.relative,
                 kind=found.kind)  # fmt: skip


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


def _mentions(text: str, doc_date: date | None, whole: bool, points: bool) -> list[Mention]:
    scan = _Scan(_fold(text), doc_date, whole)
    for scanner in _SCANNERS:
        scanner(scan)
    found = [found for found in scan.found if _is_point(found)] if points else scan.found
    mentions = []
    for candidate in _select(found):
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


_TIMEX_VALUE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?|-[QqHh][1-4])?")


def parse_expression(expression: str, doc_date: date | None = None) -> Mention | None:
    """Read a whole string as one date expression, such as a range typed on the command line.

    Accepts everything `extract` finds ("2019", "2019年7月", "mid-2024", "去年", "Q3 2021",
    "2024-10-28") and the TIMEX3 values themselves ("2024-H1", "2021-Q3", "2024-10").

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
        try:
            first, last = value_range(value)
        except TimelineError:
            return None
        end = offset + len(stripped)
        return Mention(
            start=offset,
            end=end,
            text=stripped,
            value=value,
            mod=None,
            first=first,
            last=last,
            resolution="absolute",
            anchor=None,
            rule="timex",
            begin=value,
            finish=value,
        )
    mentions = _mentions(stripped, doc_date, whole=True, points=True)
    if len(mentions) != 1 or (mentions[0].start, mentions[0].end) != (0, len(stripped)):
        return None
    return replace(mentions[0], start=offset, end=offset + len(stripped), text=stripped)


@lru_cache(maxsize=65536)
def resolve_date_text(date_text: str, published: date) -> tuple[str, str | None] | None:
    """Resolve an event's `date_text` against its article's published date.

    The loader's cross-check calls this for every event; the same words against the
    same date recur often, so answers are remembered.

    Args:
        date_text: the words in a quote that carry an event's date.
        published: the published date of the quote's article.

    Returns:
        (value, mod) of the single date the words carry, or None when they carry none
        or several.
    """
    mentions = extract(date_text, published)
    if len(mentions) != 1:
        return None
    return mentions[0].value, mentions[0].mod
