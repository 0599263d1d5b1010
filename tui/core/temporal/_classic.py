"""The grammar the engine was built with: Chinese and English dates, bare years."""

from __future__ import annotations

import re
from datetime import date

from tui.core.model import Mod
from tui.core.temporal._base import (
    _EN_PERIOD_TRIGGER,
    _EN_RELATIVE_TRIGGER,
    _MONTH_CHAR,
    _MONTH_TRIGGER,
    _NUMERIC_TRIGGER,
    _YEAR_CHAR,
    _before,
    _is_ideograph,
    _lead_in_ok,
    _near,
    _Scan,
    _shift_day,
    _shift_month,
    _timex,
)

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
    r"(?P<day>[0-9]{1,2})"
    r"(?:[T ](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)?"
    r"(?![0-9]|[./:-][0-9])"
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


def _month_number(token: str, *, with_day: bool = False) -> int | None:
    """Month number of a month name, or None when it is not written like one ("may").

    With a day beside it ("march 8") any letter case is a month, except "may", a verb.
    """
    name = token.rstrip(".").lower()
    if not token[0].isupper() and not (with_day and name != "may"):
        return None
    return _EN_MONTHS.get(name)


def _month_name_value(year: int, month: int, day: int | None) -> str | None:
    """The value of a month-name date once its parts are read: a day the month has, or a month.

    The patterns leave only digits, a known month name and a four-digit year, so what is left
    to decide is whether the day exists in that month of that year (no 31 November, no
    29 February 2025).
    """
    found = _safe_date(year, month, day or 1)
    if found is None:
        return None
    return found.isoformat() if day else _timex(year, month)


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
    if year is None:
        # Without a year the document's year is meant; a day that year lacks is no date.
        if scan.anchor is None:
            return
        year = scan.anchor.year
        relative = True
    else:
        relative = False
    value = _month_name_value(year, month, day)
    if value is not None:
        scan.add(match.start(), match.end(), value, None, "dateparser", relative=relative)


def _scan_en_dates(scan: _Scan) -> None:
    """Month-name dates: 3 November, November 3, 2025, the 3rd of November 2025, October 2025."""
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
        year = anchor.year
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
    """2026-01-04 06:37, 2024/10/29, 2024.10.29 and day-first 29/10/2024.

    A date the calendar lacks (31/04/2024) or a time of day the clock lacks (24:00, 23:60)
    makes the whole span no date.
    """
    for match in _near(_NUMERIC_DATE, _NUMERIC_TRIGGER, scan.text, 12, 20):
        if match["year"]:
            year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        else:
            year, month = int(match["dmy_year"]), int(match["dmy_month"])
            day = int(match["dmy_day"])
        if year < 1000:
            continue
        found = _safe_date(year, month, day)
        if found is None or match["hour"] and not _clock_time(match):
            continue
        scan.add(match.start(), match.end(), found.isoformat(), None, "dateparser")


def _clock_time(match: re.Match[str]) -> bool:
    """Whether the hour, minute and second a numeric date carries are a time of day."""
    second = int(match["second"]) if match["second"] else 0
    return int(match["hour"]) <= 23 and int(match["minute"]) <= 59 and second <= 59


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
