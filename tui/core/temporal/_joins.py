"""What joins, opens or blurs the dates found: ranges, open ranges, APPROX (issue 16)."""

from __future__ import annotations

import re

from tui.core.temporal._base import _MONTH_TRIGGER, _after, _Candidate, _is_ideograph, _near, _Scan
from tui.core.temporal._classic import (
    _DAY_NUMBER,
    _MONTH_NAME,
    _MONTH_NUMBER,
    _month_number,
    _number,
    _safe_date,
)

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


_YEAR_WORDS = re.compile(
    r"[0-9０-９]{2,4}|[今明去前後后本來来翌次]年|[一二三四五六七八九〇零○]{2,4}年|year|'[0-9]{2}",
    re.IGNORECASE,
)
"""What names a year in a date's own words (2020, 今年, 明年, 二〇二〇年, next year, '24)."""


_EN_MONTH_RANGE = re.compile(
    r"(?:\bfrom\s+)?\b(?P<m1>" + _MONTH_NAME + r")\s*(?:to|through|-|\u2013)\s*"
    r"(?P<m2>" + _MONTH_NAME + r")"
    r",?\s+(?P<year>[0-9]{4})(?![0-9])"
)
"""Two month names sharing the year written after the second: "Jan – Sep 2024" (the app's own
way of saying 2024-01/2024-09), "Aug to Nov 2017"."""


def _implied_year(candidate: _Candidate, text: str) -> bool:
    """True when the candidate's year came from the document date, not from its words: a month
    (11月, March), a quarter (Q3, 第三季) or a half (下半年) written without a year."""
    if not candidate.relative:
        return False
    if candidate.rule in ("zh-month", "dateparser"):
        return True
    words = text[candidate.start : candidate.end]
    return candidate.rule in ("quarter", "zh-quarter", "zh-part") and not _YEAR_WORDS.search(words)


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
            if _implied_year(second, text) and not _implied_year(first, text) and len(finish) >= 7:
                finish = _with_year(finish, int(begin[:4]))
                if finish < begin[: len(finish)]:
                    finish = _with_year(finish, int(begin[:4]) + 1)
                # The year came from the first date's words, not from the document date.
                relative = first.relative
            elif _implied_year(first, text) and not _implied_year(second, text) and len(begin) >= 7:
                begin = _with_year(begin, int(finish[:4]))
                if begin[: len(finish)] > finish:
                    begin = _with_year(begin, int(finish[:4]) - 1)
                relative = second.relative
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
    # Only around month names (the pattern may start with an optional "from").
    for match in _near(_EN_MONTH_RANGE, _MONTH_TRIGGER, text, 8, 40, scan.lower):
        first_month, last_month = _month_number(match["m1"]), _month_number(match["m2"])
        if first_month is not None and last_month is not None and first_month < last_month:
            year = int(match["year"])
            value = f"{year:04d}-{first_month:02d}/{year:04d}-{last_month:02d}"
            scan.add(match.start(), match.end(), value, None, "range")
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
