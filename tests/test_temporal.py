"""Tests for the temporal engine: a gold table, traps, the real articles and properties."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.dates import thirds
from tui.core.temporal import Mention, extract, parse_expression

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

D000 = date(2025, 11, 6)
D001 = date(2025, 11, 3)
D002 = date(2024, 10, 29)
D003 = date(2025, 11, 4)
D004 = date(2026, 1, 4)

# (sentence, document date, surface text, value, mod): each sentence holds exactly one date.
GOLD: list[tuple[str, date | None, str, str, str | None]] = [
    # zh-Hant, from the articles
    ("從2007年支付寶首筆跨境交易落地香港莎莎", D000, "2007年", "2007", None),
    ("自2019年7月起，AlipayHK、內地支付寶和澳門錢包Mpay", D000, "2019年7月", "2019-07", None),
    ("截至2024年，逾200萬港人用AlipayHK北上消費", D000, "2024年", "2024", None),
    ("2025年成為AlipayHK的創新爆發年。", D000, "2025年", "2025", None),
    ("今年5月與匯豐共同推出全港首間銀行的「代幣化存款服務」", D000, "今年5月", "2025-05", None),
    ("今年9月，其聯同AlipayHK等東南亞頭部電子錢包", D000, "今年9月", "2025-09", None),
    ("去年，萬里匯在香港率先發行多幣種支付卡", D000, "去年", "2024", None),
    ("預期FPS與IBPS互聯明年年中就會推出試點", D002, "明年年中", "2025", "MID"),
    ("轉數快明年中 鏈接內地跨境支付", D002, "明年中", "2025", "MID"),
    ("港交所下月推虛擬資產指數", D002, "下月", "2024-11", None),
    ("將於11月15日推出香港交易所虛擬資產指數系列", D002, "11月15日", "2024-11-15", None),
    ("香港金管局總裁余偉文昨日表示", D002, "昨日", "2024-10-28", None),
    ("葉志衡昨出席香港金融科技周活動後表示", D002, "昨", "2024-10-28", None),
    ("期望年底前能再批出數個牌照", D002, "年底", "2024", "END"),
    ("今年以來，特區政府投資推廣署協助60家企業來港", D002, "今年", "2024", None),
    ("「2024年上半年亞太區十大金融科技交易中」", D002, "2024年上半年", "2024-H1", None),
    # zh-Hant, written for the table
    ("二〇一九年七月，兩地系統互聯互通", None, "二〇一九年七月", "2019-07", None),
    ("計劃於2022年3月18日正式推出", None, "2022年3月18日", "2022-03-18", None),
    ("業績將於2021年第三季度公布", None, "2021年第三季度", "2021-Q3", None),
    ("該行於2021年第三季完成測試", None, "2021年第三季", "2021-Q3", None),
    ("本月20日舉行簡介會", D000, "本月20日", "2025-11-20", None),
    ("上月底，金管局公布測試結果", D000, "上月底", "2025-10", "END"),
    ("去年12月推出首期沙盒", D000, "去年12月", "2024-12", None),
    ("明年初推出新一期計劃", D002, "明年初", "2025", "START"),
    ("前年，該公司在港上市", D000, "前年", "2023", None),
    ("十一月二十日舉行論壇", D000, "十一月二十日", "2025-11-20", None),
    ("２０２４年１０月，香港金融科技周揭幕", None, "２０２４年１０月", "2024-10", None),
    ("工程將於2025年年底前完成", None, "2025年年底", "2025", "END"),
    ("香港將於下半年推出新指引", D000, "下半年", "2025-H2", None),
    ("該計劃今年上半年已完成", D000, "今年上半年", "2025-H1", None),
    ("金管局今日公布", D000, "今日", "2025-11-06", None),
    ("他在2023年10月底宣布退休", None, "2023年10月底", "2023-10", "END"),
    ("上個月，監管機構批出兩個牌照", D000, "上個月", "2025-10", None),
    ("該指引於10月初生效", D000, "10月初", "2025-10", "START"),
    ("在2024 年 10 月 29 日舉行", None, "2024 年 10 月 29 日", "2024-10-29", None),
    ("2021年Q3的交易額", None, "2021年Q3", "2021-Q3", None),
    # zh-Hans, from the articles
    ("预计到2032年,该行业总收入将超过6000亿美元", D001, "2032年", "2032", None),
    ("截至2025年10月,第二期已吸引20家银行", D001, "2025年10月", "2025-10", None),
    ("按照香港金管局预计,到2026年初,更多金融科技相关技术", D001, "2026年初", "2026", "START"),
    ("“香港金融科技周x StartmeupHK创业节”11月3日起在香港", D001, "11月3日", "2025-11-03", None),
    ("2025年4月,蚂蚁数科成为香港特区重点企业伙伴", D001, "2025年4月", "2025-04", None),
    ("较2024年12月首期的15个用例显著增长", D001, "2024年12月", "2024-12", None),
    # zh-Hans, written for the table
    ("公司昨天宣布新计划", D001, "昨天", "2025-11-02", None),
    ("该公司今年第三季度营收增长", D001, "今年第三季度", "2025-Q3", None),
    ("新产品将于明年下半年推出", D001, "明年下半年", "2026-H2", None),
    ("新规下个月起实施", D001, "下个月", "2025-12", None),
    ("去年底,监管机构发布了指引", D001, "去年底", "2024", "END"),
    ("于二〇二三年十二月三十一日生效", None, "二〇二三年十二月三十一日", "2023-12-31", None),
    ("年中将推出新产品", D001, "年中", "2025", "MID"),
    ("本月底前完成审批", D001, "本月底", "2025-11", "END"),
    ("明天举行发布会", D001, "明天", "2025-11-04", None),
    ("该项目后年投入运营", D001, "后年", "2027", None),
    ("在三月份推出试点", D001, "三月份", "2025-03", None),
    ("今年初,公司完成融资", D001, "今年初", "2025", "START"),
    ("2020年下半年的数据", None, "2020年下半年", "2020-H2", None),
    ("上月15日召开会议", D001, "上月15日", "2025-10-15", None),
    # English, from the articles
    (
        "the 10th annual Hong Kong Fintech Week on 3 November",
        D003,
        "3 November",
        "2025-11-03",
        None,
    ),
    ("In early 2025, AntDT launched several initiatives", D003, "early 2025", "2025", "START"),
    ("In October, Hong Kong launched the GoGlobal Task Force", D003, "October", "2025-10", None),
    ("As of 2025, Hong Kong has over 1,200 FinTech companies", D004, "2025", "2025", None),
    ("expected to exceed $600 billion by 2032 [4]", D004, "2032", "2032", None),
    ("a 10% increase from 2024, with projected revenue", D004, "2024", "2024", None),
    ("Xin Lang Cai Jing·2026-01-04 06:37", None, "2026-01-04 06:37", "2026-01-04", None),
    # English, written for the table
    ("The index launched on 18 March 2022.", None, "18 March 2022", "2022-03-18", None),
    ("Revenue rose in October 2025.", None, "October 2025", "2025-10", None),
    ("Results for Q3 2021 were strong.", None, "Q3 2021", "2021-Q3", None),
    ("Deals in H1 2024 fell sharply.", None, "H1 2024", "2024-H1", None),
    ("The pilot starts in mid-2024.", None, "mid-2024", "2024", "MID"),
    ("The rules take effect by the end of 2025.", None, "end of 2025", "2025", "END"),
    ("Last year, the HKMA issued guidance.", D003, "Last year", "2024", None),
    ("We will expand the programme next year.", D003, "next year", "2026", None),
    ("This year marks a milestone.", D003, "This year", "2025", None),
    ("The regulator spoke yesterday.", D003, "yesterday", "2025-11-03", None),
    ("Launch is planned for late 2026.", None, "late 2026", "2026", "END"),
    ("Deal volume in the first half of 2024 fell.", None, "first half of 2024", "2024-H1", None),
    ("during the second half of next year", D003, "second half of next year", "2026-H2", None),
    ("in the third quarter of 2021", None, "third quarter of 2021", "2021-Q3", None),
    ("The forum opened on November 3, 2025.", None, "November 3, 2025", "2025-11-03", None),
    ("Volumes have grown since Sept. 2024.", None, "Sept. 2024", "2024-09", None),
    ("Trading opens on 29/10/2024.", None, "29/10/2024", "2024-10-29", None),
    ("The lab was founded in 2019.", None, "2019", "2019", None),
    ("Rollout is expected early next year.", D003, "early next year", "2026", "START"),
    ("We met them last March.", D003, "last March", "2025-03", None),
    ("The office opens next March.", D003, "next March", "2026-03", None),
    ("The bank reported 2024-H1 results.", None, "2024-H1", "2024-H1", None),
    ("By year-end, more banks will join.", D003, "year-end", "2025", "END"),
    ("Licences are due at the end of the year.", D003, "end of the year", "2025", "END"),
    ("It was announced in late October.", D003, "late October", "2025-10", "END"),
    ("The 2024 Policy Address set the goals.", None, "2024", "2024", None),
    ("Applications close on 1st December.", D003, "1st December", "2025-12-01", None),
]

# Text that holds no date, each checked with a document date so relative rules could fire.
TRAPS: list[str] = [
    "港交所（388）宣布",
    "系統運作時間為7x24，小額支付可即時到帳",
    "提供7x24小時全天候風險監測",
    "a HK$2.5 million grant",
    "每筆發行額最高250萬元",
    "在未来三年投入1亿港元",
    "该行业总收入将超过6000亿美元",
    "the previous requirement for a 12-month trading record",
    "to over 87% in the next 3 to 5 years [5][7]",
    "以比特幣的24小時交易量加權",
    'The HKMA announced the "FinTech 2030" development strategy [3]',
    "从“金融科技2025”策略,到生成式AI沙盒的推出",
    "「香港金融科技周2024」揭幕",
    "出席香港金融科技周2024，與其他嘉賓合照",
    "In the mid-term, we will be able to see the rise of AI managers",
    "at the 10th annual Hong Kong Fintech Week",
    "適逢香港金融科技週﹙FinTech Week ﹚10週年",
    "香港的金融科技公司已超过1200家",
    "超过100个经济体的37000多名高管",
    "Hong Kong has over 1,200 FinTech companies",
    "年增长率高达28%",
    "approximately 75% of financial institutions",
    "the Hong Kong Monetary Authority (HKMA) [2] Group 1",
    "deepen cooperation [10][11]",
    "we may march on regardless",
    "Payment arrives at the 10th",
    "the second phase of the sandbox",
    "現行的第13號牌正是託管牌照",
    "於香港時間每日下午4時計算",
    'entering the "FinTech 3.0 era"',
    "Web3.0公司按年增長約15%",
    "成本年增5%",
    "統一月費為50元",
    "目前天然氣價格回落",
    "說明年報的編製方法",
    "一年中最重要的日子",
    "如今年輕人更常用電子錢包",
    "需時3個月",
    "The Mayor spoke",
    "a HK$2025 budget line",
    "每年年底公布年報",
    "每年5月舉行",
    "線上月費為50元",
    "encompassing over 40 specific projects [3][4]",
]


def triples(mentions: list[Mention]) -> list[tuple[str, str, str | None]]:
    return [(mention.text, mention.value, mention.mod) for mention in mentions]


@pytest.mark.parametrize(("sentence", "doc_date", "surface", "value", "mod"), GOLD)
def test_gold(
    sentence: str, doc_date: date | None, surface: str, value: str, mod: str | None
) -> None:
    assert triples(extract(sentence, doc_date)) == [(surface, value, mod)]


def test_gold_table_is_large_and_covers_every_script() -> None:
    assert len(GOLD) >= 60
    assert len({sentence for sentence, *_ in GOLD}) == len(GOLD)


@pytest.mark.parametrize("sentence", TRAPS)
def test_trap_is_not_a_date(sentence: str) -> None:
    assert extract(sentence, D002) == []
    assert extract(sentence, D004) == []


@pytest.mark.parametrize(
    ("sentence", "doc_date", "resolution", "anchor"),
    [
        ("自2019年7月起", D000, "absolute", None),
        ("今年5月", D000, "relative", D000),
        ("on 3 November", D003, "relative", D003),
        ("on 3 November 2025", D003, "absolute", None),
        ("In early 2025", D003, "absolute", None),
        ("明年年中", D002, "relative", D002),
    ],
)
def test_resolution_and_anchor(
    sentence: str, doc_date: date, resolution: str, anchor: date | None
) -> None:
    (mention,) = extract(sentence, doc_date)
    assert (mention.resolution, mention.anchor) == (resolution, anchor)


def test_mention_covers_the_days_of_its_value() -> None:
    (mention,) = extract("2024年上半年", None)
    assert (mention.first, mention.last) == (date(2024, 1, 1), date(2024, 6, 30))
    event_date = mention.event_date()
    assert (event_date.value, event_date.first, event_date.last) == (
        "2024-H1",
        date(2024, 1, 1),
        date(2024, 6, 30),
    )


def test_relative_mentions_need_a_document_date() -> None:
    sentence = "2019年7月起，今年5月、去年12月、明年年中、下月、昨日、last year、on 3 November"
    assert triples(extract(sentence)) == [("2019年7月", "2019-07", None)]


def test_longest_match_wins_and_mentions_come_in_order() -> None:
    sentence = "由2019至2024年第三季，到2026年初及In early 2025"
    assert triples(extract(sentence, D000)) == [
        ("2019", "2019", None),
        ("2024年第三季", "2024-Q3", None),
        ("2026年初", "2026", "START"),
        ("early 2025", "2025", "START"),
    ]


def test_month_day_without_year_keeps_the_document_year() -> None:
    assert triples(extract("12月20日", D002)) == [("12月20日", "2024-12-20", None)]
    assert triples(extract("1月5日", D002)) == [("1月5日", "2024-01-05", None)]
    assert triples(extract("on 29 February", date(2025, 3, 1))) == []


@pytest.mark.parametrize(
    ("expression", "doc_date", "value", "mod"),
    [
        ("2019", None, "2019", None),
        ("2019年7月", None, "2019-07", None),
        ("mid-2024", None, "2024", "MID"),
        ("去年", D002, "2023", None),
        ("Q3 2021", None, "2021-Q3", None),
        ("2024-H1", None, "2024-H1", None),
        ("2021-Q3", None, "2021-Q3", None),
        ("2024-10", None, "2024-10", None),
        ("2024-10-28", None, "2024-10-28", None),
        ("  2024年底  ", None, "2024", "END"),
        ("２０２４年", None, "2024", None),
        ("October", D003, "2025-10", None),
        ("early next year", D003, "2026", "START"),
        ("明年年中", D002, "2025", "MID"),
        ("18 March 2022", None, "2022-03-18", None),
    ],
)
def test_parse_expression(expression: str, doc_date: date | None, value: str, mod: str) -> None:
    mention = parse_expression(expression, doc_date)
    assert mention is not None
    assert (mention.value, mention.mod) == (value, mod)
    assert mention.text == expression[mention.start : mention.end] == expression.strip()


@pytest.mark.parametrize(
    ("expression", "doc_date"),
    [
        ("", None),
        ("   ", None),
        ("hello", None),
        ("去年", None),
        ("2019 and 2020", None),
        ("FinTech 2030", None),
        ("2024-13", None),
        ("2024-H3", None),
        ("mid-term", D003),
        ("In October", D003),
    ],
)
def test_parse_expression_rejects(expression: str, doc_date: date | None) -> None:
    assert parse_expression(expression, doc_date) is None


# --- the real articles --------------------------------------------------------------------

ARTICLES = {
    "000": (D000, ["2007年", "2019年7月", "2024年", "今年5月", "今年9月", "去年"]),
    "001": (D001, ["11月3日", "2032年", "2025年10月", "2024年12月", "2026年初", "2025年4月"]),
    "002": (D002, ["昨日", "2024年上半年", "今年", "明年年中", "下月", "11月15日", "年底"]),
    "003": (D003, ["3 November", "early 2025", "October"]),
    "004": (D004, ["2025", "2024", "2032", "2026-01-04 06:37"]),
}
EXPECTED_IN_ARTICLES = {
    "000": [
        ("2007年", "2007", None),
        ("2019年7月", "2019-07", None),
        ("2024年", "2024", None),
        ("今年5月", "2025-05", None),
        ("今年9月", "2025-09", None),
        ("去年", "2024", None),
    ],
    "001": [
        ("11月3日", "2025-11-03", None),
        ("2032年", "2032", None),
        ("2025年10月", "2025-10", None),
        ("2024年12月", "2024-12", None),
        ("2026年初", "2026", "START"),
        ("2025年4月", "2025-04", None),
    ],
    "002": [
        ("昨日", "2024-10-28", None),
        ("2024年上半年", "2024-H1", None),
        ("今年", "2024", None),
        ("明年中", "2025", "MID"),
        ("明年年中", "2025", "MID"),
        ("下月", "2024-11", None),
        ("11月15日", "2024-11-15", None),
        ("年底", "2024", "END"),
    ],
    "003": [
        ("3 November", "2025-11-03", None),
        ("early 2025", "2025", "START"),
        ("October", "2025-10", None),
    ],
    "004": [
        ("2025", "2025", None),
        ("2024", "2024", None),
        ("2032", "2032", None),
        ("2026-01-04 06:37", "2026-01-04", None),
    ],
}
NOT_DATES_IN_ARTICLES = {
    "000": ["10週年", "7x24"],
    "001": ["金融科技2025", "1200家", "37000多名", "6000亿美元", "未来三年", "1亿港元"],
    "002": ["香港金融科技周2024", "388", "250萬元", "24小時", "7x24", "第13號牌"],
    "003": ["10th annual", "mid-term"],
    "004": ["FinTech 2030", "12-month", "3 to 5 years", "1,200", "[10][11]"],
}


def article(key: str) -> str:
    (path,) = SEEDS.glob(f"{key}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(EXPECTED_IN_ARTICLES))
def test_article_mentions(key: str) -> None:
    doc_date = ARTICLES[key][0]
    found = triples(extract(article(key), doc_date))
    assert [triple for triple in EXPECTED_IN_ARTICLES[key] if triple not in found] == []


@pytest.mark.parametrize("key", sorted(NOT_DATES_IN_ARTICLES))
def test_article_non_dates(key: str) -> None:
    text = article(key)
    mentions = extract(text, ARTICLES[key][0])
    for phrase in NOT_DATES_IN_ARTICLES[key]:
        start = text.index(phrase)
        end = start + len(phrase)
        assert not [m for m in mentions if m.start < end and start < m.end], phrase


def test_article_offsets_point_into_the_text() -> None:
    for key in ARTICLES:
        text = article(key)
        for mention in extract(text, ARTICLES[key][0]):
            assert text[mention.start : mention.end] == mention.text


# --- properties ---------------------------------------------------------------------------

DATE_TOKENS = [
    *"0123456789",
    *"年月日號今去前明本上下半初中底末尾季度第首個个昨天後后份旬",
    *"〇○零一二兩三四五六七八九十廿",
    *"０１２３４５６７８９",
    *"- / . , ， $ % [ ] : 2024 1999 2100 9999 0000 Q H q h".split(),
    *"year month yesterday today May may March Sept. Nov October 3rd st".split(),
    *(f"{word} " for word in "early late the in by of last next this FinTech".split()),
    *("mid-", "end of ", "first half of ", "third quarter of ", " ", "\n", "\x00", "\u200b"),
]
DOC_DATES = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date.min, date.max, date(1, 12, 31), date(9999, 1, 1)]),
)
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])),
    st.lists(st.sampled_from(DATE_TOKENS), max_size=40).map("".join),
)


def check_invariants(text: str, mentions: list[Mention]) -> None:
    previous_end = 0
    for mention in mentions:
        assert 0 <= previous_end <= mention.start < mention.end <= len(text)
        assert mention.text == text[mention.start : mention.end]
        # first/last are the days after the mod's narrowing by thirds (issue 16).
        assert thirds(mention.value, mention.mod) == (mention.first, mention.last)
        assert mention.mod in (None, "START", "MID", "END")
        assert (mention.resolution == "relative") == (mention.anchor is not None)
        previous_end = mention.end


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, doc_date=DOC_DATES)
def test_extract_never_raises_and_keeps_its_invariants(text: str, doc_date: date | None) -> None:
    mentions = extract(text, doc_date)
    check_invariants(text, mentions)
    if doc_date is None:
        assert all(mention.resolution == "absolute" for mention in mentions)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, doc_date=DOC_DATES)
def test_parse_expression_never_raises(text: str, doc_date: date | None) -> None:
    mention = parse_expression(text, doc_date)
    if mention is not None:
        check_invariants(text, [mention])
        assert mention.text == text.strip()


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.lists(st.sampled_from(DATE_TOKENS), max_size=10).map("".join),
    suffix=st.lists(st.sampled_from(DATE_TOKENS), max_size=10).map("".join),
)
def test_a_clean_date_is_found_between_separators(prefix: str, suffix: str) -> None:
    text = f"{prefix}。2019年7月3日。{suffix}"
    start = len(prefix) + 1
    mentions = extract(text, None)
    assert ("2019年7月3日", "2019-07-03") in [(m.text, m.value) for m in mentions]
    assert any(m.start == start for m in mentions)


# --- purity -------------------------------------------------------------------------------

IMPORT_CHECK = """
import sys
from datetime import date
import tui.core.temporal as temporal
assert "textual" not in sys.modules, "textual imported"
assert "dateparser" not in sys.modules, "dateparser imported eagerly"
assert temporal.extract("今年5月、2019年7月", date(2025, 11, 6))
assert "dateparser" not in sys.modules, "dateparser imported for Chinese text"
assert temporal.extract("on 3 November, in October 2025", date(2025, 11, 4))
assert temporal.extract("on 29/10/2024, 2026-01-04 06:37", date(2025, 11, 4))
assert "dateparser" not in sys.modules, "dateparser imported for English or numeric dates"
assert "textual" not in sys.modules, "textual imported"
"""


def test_import_is_pure_and_dateparser_is_never_imported() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
