"""The forms news writes (issue 16): weeks, quarters, durations, spans, decades, holidays."""

from __future__ import annotations

import bisect
import calendar
import re
from datetime import date, timedelta

from tui.core.temporal._base import (
    _CHAINED_TRIGGER,
    _DIGITS_TRIGGER,
    _EN_WEEK_TRIGGER,
    _HOLIDAY_EN_TRIGGER,
    _SLASH_TRIGGER,
    MentionMod,
    _after,
    _before,
    _lead_in_ok,
    _near,
    _Scan,
    _shift_day,
    _shift_month,
    _timex,
)
from tui.core.temporal._classic import (
    _CN_DIGITS,
    _CN_NUMERALS,
    _DAY_OFFSETS,
    _DURATION_LEAD_INS,
    _EN_MODS,
    _FULL_MONTH,
    _LEAD_INS,
    _MONTH_NAME,
    _ORDINALS,
    _WHICH,
    _YEAR_OFFSETS,
    _YEAR_WORD_BLOCKERS,
    _ZH_AFTER_YEAR,
    _ZH_DAY_WORD,
    _ZH_MODS,
    _add_month,
    _month_number,
    _number,
    _safe_date,
    _word_before,
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


def _weeks_fit(anchor: date) -> bool:
    """Weeks of the calendar's first and last months would step out of it: no date there.

    Asked only once a week word is found, so a text without one does not depend on the date.
    """
    return _FIRST_WEEKS < anchor < _LAST_WEEKS


def _scan_weeks(scan: _Scan) -> None:
    """上週, 本周, 下星期, 上週五, 星期五, 禮拜天; this/last/next week; last Friday, on Monday."""
    text, anchor = scan.text, scan.anchor
    if anchor is None:
        return
    for match in _near(_ZH_WEEK, _ZH_WEEK_TRIGGER, text, 6, 4):
        if not _weeks_fit(anchor):
            return
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
        if not _weeks_fit(anchor):
            return
        monday = _week_monday(anchor, _WHICH[match["which"].lower()])
        value = f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
        scan.add(match.start(), match.end(), value, None, "en-week", relative=True)
    for match in _near(_EN_WEEKDAY, _EN_WEEKDAY_TRIGGER, text, 30, 16):
        if not _weeks_fit(anchor):
            return
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
    from tui.core.temporal.holidays import lunar_to_solar, qingming

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
    from tui.core.temporal.holidays import lunar_month_days, lunar_to_solar

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
