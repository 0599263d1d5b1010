"""Split an article into sentences: code-point spans, for Chinese, English and a mix of both."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

__all__ = ["ABBREVIATIONS", "sentence_at", "sentences"]

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt inc ltd co corp plc bros dept est fig gov govt no nos vs etc
    approx ave jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    e.g i.e u.s u.k a.m p.m
    """.split()
)
"""Words (lower case, without the final dot) after which a dot does not end an English sentence."""

_ZH_ENDS = frozenset("。！？；")
"""Chinese terminators: a sentence ends after them wherever they stand."""
_EN_ENDS = frozenset(".!?")
"""English terminators: a sentence ends after them only before white space."""
_CLOSERS = frozenset("」』”’\"')）]】》〉")
"""Closing quotes and brackets that stay with the sentence they close."""
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)$")


def _is_ideograph(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _english_end(text: str, at: int) -> bool:
    """True when the terminator at `at` (followed by white space or the end) ends a sentence."""
    if text[at] != ".":
        return True
    match = _WORD_BEFORE.search(text, max(0, at - 12), at)
    if match is None:
        return True
    word = match[1]
    # A single capital ("J. Smith") is an initial, not the end of a sentence.
    if len(word) == 1 and word.isupper():
        return False
    return word.lower() not in ABBREVIATIONS


def sentences(text: str) -> list[tuple[int, int]]:
    """Cut `text` into sentences.

    Chinese sentences end after 。！？； (and ASCII ! or ? right after a Chinese character),
    English ones after . ! ? followed by white space (not after "Mr." and the like, never
    inside "3.5"). A line break always ends a sentence. Closing quotes and brackets (」』”)
    stay with the sentence they close.

    Args:
        text: the article.

    Returns:
        (start, end) code-point spans in text order, white space trimmed, none empty.
    """
    spans: list[tuple[int, int]] = []
    length = len(text)
    start = 0
    index = 0
    while index < length:
        char = text[index]
        end: int | None = None
        if char in "\r\n":
            end = index
            index += 1
        elif char in _ZH_ENDS or (char in "!?" and index > 0 and _is_ideograph(text[index - 1])):
            index += 1
            while index < length and (text[index] in _ZH_ENDS or text[index] in _CLOSERS):
                index += 1
            end = index
        elif char in _EN_ENDS:
            after = index + 1
            while after < length and (text[after] in _EN_ENDS or text[after] in _CLOSERS):
                after += 1
            if (after == length or text[after].isspace()) and _english_end(text, index):
                end = after
            index = after
        else:
            index += 1
        if end is not None:
            _add(text, start, end, spans)
            start = index
    _add(text, start, length, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def sentence_at(spans: Sequence[tuple[int, int]], offset: int) -> int | None:
    """Index of the sentence holding `offset`, else the nearest one before it (None if none)."""
    if not spans:
        return None
    index = bisect_right([start for start, _ in spans], offset) - 1
    return max(0, index)
