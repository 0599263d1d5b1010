"""`hk-timeline list` on a warm cache: it reads the cached search text instead of folding again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINI
from tui import cli
from tui.core import query

MINI_ARGS = ["--events", str(MINI / "events.toml"), "--seeds", str(MINI / "seeds")]


def _list(capsys: pytest.CaptureFixture[str], *options: str) -> str:
    capsys.readouterr()
    assert cli.main(["list", *MINI_ARGS, *options]) == 0
    return capsys.readouterr().out


def _no_folding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> list[str]:
        raise AssertionError("folded every event again")

    monkeypatch.setattr(query, "search_text", refuse)


@pytest.mark.parametrize("options", [("-q", "alipay"), ("--actor", "hkma"), ("-q", "沒有")])
def test_a_filtered_list_on_a_warm_cache_uses_the_cached_search_text(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    options: tuple[str, ...],
) -> None:
    monkeypatch.setenv("HK_TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    expected = _list(capsys, *options, "--no-cache")
    assert _list(capsys, *options) == expected  # a miss: writes the entry and its search text
    _no_folding(monkeypatch)
    assert _list(capsys, *options) == expected


def test_an_unfiltered_list_lists_every_event_without_folding_any(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _list(capsys, "--no-cache", "--from", "1900")
    _no_folding(monkeypatch)
    out = _list(capsys, "--no-cache")
    assert out == expected
    assert out.splitlines()[-1].startswith("6 of 6 events")
