"""Converting Chinese text between scripts with OpenCC: the one place that builds a converter."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Literal, Protocol

__all__ = [
    "SCRIPTS",
    "SCRIPT_NAMES",
    "Script",
    "ScriptConverter",
    "as_written",
    "opencc_converter",
]


Script = Literal["original", "hant", "hans"]
SCRIPTS: tuple[Script, ...] = ("original", "hant", "hans")
"""The script cycle of the `s` key."""
SCRIPT_NAMES: dict[Script, str] = {
    "original": "as written",
    "hant": "Traditional (HK)",
    "hans": "Simplified",
}


class Converter(Protocol):
    """An OpenCC converter: text in one script to text in another."""

    def convert(self, text: str) -> str:
        """Return `text` converted."""
        ...


@cache
def opencc_converter(config: str) -> Converter:
    """The OpenCC converter for `config` ("t2s", "t2hk", "s2hk"), built once per process.

    OpenCC is imported on first use: building a converter reads its dictionaries, which the
    first paint does not need.

    Args:
        config: an OpenCC configuration name.

    Returns:
        The shared converter.
    """
    import opencc

    converter: Converter = opencc.OpenCC(config)
    return converter


class ScriptConverter:
    """Converts Chinese text between scripts, building each OpenCC converter on first use."""

    def __init__(self) -> None:
        self._converters: dict[str, Converter] = {}

    def _get(self, config: str) -> Converter:
        # Asked for by name on first use (each is shared by the whole process), so a run
        # that never shows Traditional text never builds the HK tables.
        converter = self._converters.get(config)
        if converter is None:
            converter = self._converters[config] = opencc_converter(config)
        return converter

    def is_traditional(self, text: str) -> bool:
        """Guess whether `text` is written in Traditional characters."""
        return str(self._get("t2s").convert(text)) != text

    def converter_for(self, script: Script, language: str | None = None) -> Callable[[str], str]:
        """Return a function converting text to `script`.

        Args:
            script: the wanted script; "original" leaves text as written.
            language: the text's language ("zh-Hant", "zh-Hans", …) when known; otherwise
                each text is guessed, so Traditional input is not run through s2hk, which
                would mistake characters like 干 for Simplified.

        Returns:
            A function from text to converted text.
        """
        if script == "original":
            return as_written
        if script == "hans":
            to_simplified = self._get("t2s")
            return lambda text: text if text.isascii() else str(to_simplified.convert(text))
        if language == "zh-Hant":
            from_traditional = self._get("t2hk")
            return lambda text: text if text.isascii() else str(from_traditional.convert(text))
        if language == "zh-Hans":
            from_simplified = self._get("s2hk")
            return lambda text: text if text.isascii() else str(from_simplified.convert(text))
        return self._to_hk_guessing

    def _to_hk_guessing(self, text: str) -> str:
        if text.isascii():
            return text
        config = "t2hk" if self.is_traditional(text) else "s2hk"
        return str(self._get(config).convert(text))

    def convert(self, text: str, script: Script, language: str | None = None) -> str:
        """Convert `text` to `script` (see `converter_for`)."""
        return self.converter_for(script, language)(text)


def as_written(text: str) -> str:
    """`text` unchanged: the conversion to the "original" script, and a widget's until its
    screen gives it one."""
    return text
