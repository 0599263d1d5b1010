"""The forms of issue 16 §2 on sentences written for these tests, and what must stay no date."""

from __future__ import annotations

from datetime import date

import pytest

from tui.core.temporal import extract, extract_all, parse_expression, resolve_date_text

D = date(2024, 10, 28)  # a Monday


def read(text: str, doc_date: date = D) -> list[tuple[str, str, str | None, str]]:
    return [(m.text, m.value, m.mod, m.kind) for m in extract_all(text, doc_date)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("金管局上週五公布數據。", ("上週五", "2024-10-25", None, "point")),
        ("The board met last Friday.", ("last Friday", "2024-10-25", None, "point")),
        ("投資者將於下星期二收到通知。", ("下星期二", "2024-11-05", None, "point")),
        (
            "The bank said on Tuesday that fees would fall.",
            ("Tuesday", "2024-10-22", None, "point"),
        ),
        ("該行本週推出新服務。", ("本週", "2024-10-28/2024-11-03", None, "interval")),
        ("港交所尋日公布結果。", ("尋日", "2024-10-27", None, "point")),
        ("公司於一季度錄得虧損。", ("一季度", "2024-Q1", None, "point")),
        ("Revenue rose in 3Q23.", ("3Q23", "2023-Q3", None, "point")),
        ("該行三年前開始數碼轉型。", ("三年前", "2021", None, "duration")),
        ("The fund will close in 18 months.", ("in 18 months", "2026-04", None, "duration")),
        ("過去三年，交易量翻倍。", ("過去三年", "2021-10-28/2024-10-28", None, "interval")),
        ("项目将在未来3至5年推出。", ("未来3至5年", "2024-10-28/2029-10-28", "APPROX", "interval")),
        ("計劃於2017年8月至11月試行。", ("2017年8月至11月", "2017-08/2017-11", None, "interval")),
        (
            "活动于2019年4月12-19日举行。",
            ("2019年4月12-19日", "2019-04-12/2019-04-19", None, "interval"),
        ),
        (
            "Rates were cut between March and May 2024.",
            ("between March and May 2024", "2024-03/2024-05", None, "interval"),
        ),
        ("自2019年7月起，用戶可跨境付款。", ("自2019年7月起", "2019-07/", None, "interval")),
        ("The rules apply by 2032.", ("by 2032", "/2032", None, "interval")),
        ("上世紀90年代，港股經歷大升。", ("上世紀90年代", "1990/1999", None, "interval")),
        ("It was founded in the late 1990s.", ("the late 1990s", "1997/1999", None, "interval")),
        ("中秋節當晚，電子支付大增。", ("中秋節", "2024-09-17", None, "point")),
        ("農曆八月十五，商場人流大增。", ("農曆八月十五", "2024-09-17", None, "point")),
        ("清明節港股休市。", ("清明節", "2024-04-04", None, "point")),
        ("該行於98年4月開業。", ("98年4月", "1998-04", None, "point")),
        ("The index peaked in April '98.", ("April '98", "1998-04", None, "point")),
        ("系統於20240307上線。", ("20240307", "2024-03-07", None, "point")),
        ("The firm was set up on 10/31/1974.", ("10/31/1974", "1974-10-31", None, "point")),
        ("We met on the 15th.", ("on the 15th", "2024-10-15", None, "point")),
        ("2022年10月左右，利率見頂。", ("2022年10月左右", "2022-10", "APPROX", "point")),
        ("該公司在2018年上市，次年盈利。", ("次年", "2019", None, "point")),
    ],
)
def test_each_form_is_read(text: str, expected: tuple[str, str, str | None, str]) -> None:
    assert expected in read(text)


@pytest.mark.parametrize(
    "text",
    [
        "每週五開會。", "兩週內完成。", "發行30年期國債。", "為期三年的計劃。",
        "a 12-month track record", "7x24小時服務", "24/7 support", "升級至v2.0.24版本",
        "以3-1勝出", "FinTech 2030", "金融科技2025", "Vision 2047", "致電2345 6789",
        "0700.HK", "訂單ORD20240307A", "身份證110101199003071234", "編號20230915001",
        "五一路分行", "週年慶典", "星期天氣晴朗", "三歲半", "HK$2.5 million", "250萬元", "1億",
        "上午九時三十分", "Room 2019", "1,998 points", "清明上河圖", "the first time",
        "on the 5th floor", "may 5 percent", "They march 8 miles a day.", "一年期LPR",
        "五年期以上", "3個月期", "a 30-year tenor", "十年來最高", "前三名", "前五大股東",
        "小米集團（1810）股價上升。", "Xiaomi (1810) shares rose.",
    ],
)  # fmt: skip
def test_no_date_in_these(text: str) -> None:
    assert read(text) == []


def test_points_view_keeps_the_parts_of_an_interval() -> None:
    """extract() still gives the model points only: the two ends, as before issue 16."""
    text = "由2019至2024年，計劃分兩期推行；預計2025年左右完成。"
    assert [(m.text, m.value) for m in extract(text, D)] == [
        ("2019", "2019"), ("2024年", "2024"), ("2025年", "2025")
    ]  # fmt: skip
    assert [m.value for m in extract_all(text, D)] == ["2019/2024", "2025"]
    assert [m.mod for m in extract_all(text, D)] == [None, "APPROX"]


def test_intervals_report_each_end_and_open_sides() -> None:
    (since,) = extract_all("自2019年7月起", D)
    assert (since.kind, since.begin, since.finish) == ("interval", "2019-07", None)
    assert (since.first, since.last) == (date(2019, 7, 1), None)
    (by,) = extract_all("by the end of 2024", D)
    assert (by.value, by.first, by.last) == ("/2024", None, date(2024, 12, 31))
    (late,) = extract_all("2024年底", D)
    assert (late.first, late.last) == (date(2024, 9, 1), date(2024, 12, 31))
    # The model holds them as they are (issue 16 §1).
    assert (since.event_date().value, since.event_date().last) == ("2019-07/", None)


def test_the_date_text_check_and_typed_dates_see_intervals() -> None:
    assert resolve_date_text("2019年7月起", D) == ("2019-07/", None)
    assert resolve_date_text("2022年10月左右", D) == ("2022-10", "APPROX")
    both = parse_expression("2020至2025年", D)
    assert both is not None and (both.value, both.kind) == ("2020/2025", "interval")
    typed = parse_expression("2019-07/", D)
    assert typed is not None and (typed.first, typed.last) == (date(2019, 7, 1), None)
    assert parse_expression("2025/2020", D) is None
    mention = parse_expression("上週五", D)
    assert mention is not None and mention.value == "2024-10-25"


@pytest.mark.parametrize(
    ("text", "value", "resolution"),
    [
        ("2017年8月至11月，該行試行新系統", "2017-08/2017-11", "absolute"),
        ("between March and May 2024, the pilot ran", "2024-03/2024-05", "absolute"),
        ("今年5月至8月，試點擴大", "2025-05/2025-08", "relative"),
    ],
)
def test_a_range_whose_year_comes_from_its_words_is_absolute(
    text: str, value: str, resolution: str
) -> None:
    (mention,) = [m for m in extract_all(text, date(2025, 11, 6)) if "/" in m.value]
    assert (mention.value, mention.resolution) == (value, resolution)
    assert (mention.anchor is None) == (resolution == "absolute")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("2017年8月至11月，該行試行新系統", ["2017-08", "2017-11"]),
        ("11月至2018年1月，系統升級", ["2017-11", "2018-01"]),
        ("between March and May 2024, the pilot ran", ["2024-03", "2024-05"]),
        ("前年11月到去年3月，交易量上升", ["2023-11", "2024-03"]),
    ],
)
def test_the_points_view_of_a_range_keeps_the_inherited_year(
    text: str, values: list[str]
) -> None:
    assert [mention.value for mention in extract(text, date(2025, 11, 6))] == values
