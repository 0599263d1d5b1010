"""Sentence splitting and the drafting suggestions: tables, and the five real articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui.core.article_text import SELECTED, mark_span, offset_at_cell
from tui.core.drafting import (
    actors_in,
    guess_status,
    occurrence_of,
    suggest_id,
    themes_in,
    uncovered,
)
from tui.core.loader import load
from tui.core.model import Corpus
from tui.core.sentences import sentence_at, sentences
from tui.core.temporal import extract

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
MINI = ROOT / "tests" / "data" / "mini"


def split(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今日公布新措施。明年推出試點！", ["今日公布新措施。", "明年推出試點！"]),
        ("他說：「今年5月推出。」然後離開。", ["他說：「今年5月推出。」", "然後離開。"]),
        ("這是『引文。』下一句？對", ["這是『引文。』", "下一句？", "對"]),
        ("首先；其次", ["首先；", "其次"]),
        ("你对香港的印象是什么?\n全球金融中心", ["你对香港的印象是什么?", "全球金融中心"]),
        ("標題\n\n正文第一句。", ["標題", "正文第一句。"]),
        ("Mr. Lee met Dr. Wong. It rained!", ["Mr. Lee met Dr. Wong.", "It rained!"]),
        ("Growth was 3.5 per cent. Next.", ["Growth was 3.5 per cent.", "Next."]),
        ('He said "yes." Then left.', ['He said "yes."', "Then left."]),
        (
            "Ant Group Co. Ltd. grew. J. Smith agreed.",
            ["Ant Group Co. Ltd. grew.", "J. Smith agreed."],
        ),
        ("Is it? Yes… maybe", ["Is it?", "Yes… maybe"]),
        ("  padded.  ", ["padded."]),
        ("", []),
        ("no terminator", ["no terminator"]),
        (
            "2019年7月，AlipayHK上線。In October, HSBC joined.",
            ["2019年7月，AlipayHK上線。", "In October, HSBC joined."],
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name[:3])
def test_real_articles_split_into_ordered_trimmed_sentences(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    spans = sentences(text)
    assert len(spans) >= 3
    for (start, end), (next_start, _) in zip(spans, spans[1:], strict=False):
        assert start < end <= next_start
    for start, end in spans:
        assert text[start:end] == text[start:end].strip()
        assert "\n" not in text[start:end]
    # Nothing but white space falls between sentences.
    covered = "".join(text[start:end] for start, end in spans)
    assert len("".join(text.split())) == len("".join(covered.split()))


def test_real_article_sentences_end_where_expected() -> None:
    zh = (ROOT / "seeds" / "000_49188bd1a765f8e9.txt").read_text(encoding="utf-8")
    assert "2025年成為AlipayHK的創新爆發年。" in split(zh)
    hans = (ROOT / "seeds" / "001_70fcf37123d59501.txt").read_text(encoding="utf-8")
    assert split(hans)[0] == "你对香港的印象是什么?"
    english = (ROOT / "seeds" / "003_8b8f788cc300a693.txt").read_text(encoding="utf-8")
    assert all(not sentence.endswith(("Mr.", "Dr.")) for sentence in split(english))


def test_sentence_at() -> None:
    spans = [(0, 5), (6, 10), (12, 20)]
    assert [sentence_at(spans, offset) for offset in (0, 4, 5, 6, 11, 19, 99)] == [
        0,
        0,
        0,
        1,
        1,
        2,
        2,
    ]
    assert sentence_at([], 3) is None


def test_mark_span_cuts_pieces() -> None:
    pieces = [(0, 4, 0), (4, 8, 2)]
    assert mark_span(pieces, 2, 6, SELECTED) == [(0, 2, 0), (2, 4, 8), (4, 6, 10), (6, 8, 2)]
    assert mark_span(pieces, 3, 3, SELECTED) == pieces


def test_offset_at_cell_counts_wide_characters() -> None:
    text = "ab金管局c"
    assert [offset_at_cell(text, 0, len(text), cell) for cell in (0, 1, 2, 3, 4, 8, 9)] == [
        0,
        1,
        2,
        2,
        3,
        5,
        6,
    ]


# -- drafting suggestions -------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load(MINI / "events.toml", MINI / "seeds").corpus


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("今年5月，匯豐與螞蟻國際推出代幣化存款服務。", ["ant-international", "hsbc"]),
        ("汇丰与蚂蚁国际", ["ant-international", "hsbc"]),  # Simplified finds the same
        ("螞蟻集團", ["ant-group"]),
        ("香港金融管理局（金管局）今日公布", ["hkma"]),
        ("The HKMA and ＨＳＢＣ", ["hkma", "hsbc"]),
        ("THKMAX is not a name", []),
    ],
)
def test_actors_in(corpus: Corpus, text: str, actors: list[str]) -> None:
    assert sorted(actors_in(text, corpus.actors.values())) == actors


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("推出代幣化存款服務", ["tokenisation"]),
        ("tokenised deposits and a sandbox", ["tokenisation", "sandbox"]),
        ("支付寶", ["payments"]),
        ("nothing here", []),
    ],
)
def test_themes_in(corpus: Corpus, text: str, themes: list[str]) -> None:
    assert themes_in(text, corpus.themes.values()) == [
        theme for theme in corpus.themes if theme in themes
    ]


@pytest.mark.parametrize(
    ("title", "value", "taken", "expected"),
    [
        ("Wallets linked!", "2019", [], "wallets-linked"),
        ("Wallets linked", "2019", ["wallets-linked"], "wallets-linked-2"),
        ("錢包互聯", "2019-07", [], "event-2019-07"),
        ("One two three four five six seven", "", [], "one-two-three-four-five-six"),
        ("", "", [], "event"),
        # Issue 18: an apostrophe no longer cuts a word ("…-government-s").
        (
            "Article says the HKSAR Government's plan works",
            "",
            [],
            "article-says-the-hksar-governments-plan",
        ),
        ("Gov’t and HKMA’s pilot", "", [], "govt-and-hkmas-pilot"),
        ("Rock 'n' roll", "", [], "rock-n-roll"),
    ],
)
def test_suggest_id(title: str, value: str, taken: list[str], expected: str) -> None:
    assert suggest_id(title, value, taken) == expected


def test_guess_status_compares_with_the_article_date() -> None:
    published = date(2025, 11, 6)
    later, earlier, today = (
        extract(text, published)[0] for text in ("明年年中", "今年5月", "今日")
    )
    assert guess_status(later, published) == "planned"
    assert guess_status(earlier, published) == "happened"
    assert guess_status(today, published) == "happened"


def test_occurrence_of() -> None:
    assert occurrence_of("ab ab ab", "ab", 3) == 2
    assert occurrence_of("ab cd", "ab", 0) is None


def test_uncovered_leaves_out_quoted_mentions() -> None:
    text = "今年5月推出。明年年中試點。"
    mentions = extract(text, date(2025, 11, 6))
    assert [mention.text for mention in uncovered(mentions, [(0, 7)])] == ["明年年中"]
    assert uncovered(mentions, []) == mentions
