"""Settings are written when they change, once each, and not at all after a failed write."""

from __future__ import annotations

import pytest

from tui.core.errors import TimelineError
from tui.core.remembering import SettingsMemory


class Recorder:
    """A settings file that records writes, or refuses them."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.written: list[tuple[str, str]] = []

    def __call__(self, key: str, value: str) -> None:
        if self.fail:
            raise TimelineError("config.toml:0: read-only file system")
        self.written.append((key, value))


@pytest.mark.parametrize(
    ("settled", "changes", "written"),
    [
        ({"language": "en"}, [("language", "en")], []),
        ({"language": "en"}, [("language", "zh")], [("language", "zh")]),
        ({"language": "en"}, [("language", "zh"), ("language", "zh")], [("language", "zh")]),
        ({}, [("script", "hant"), ("script", "hans")], [("script", "hant"), ("script", "hans")]),
        (
            {"language": "en"},
            [("language", "zh"), ("language", "en")],
            [
                ("language", "zh"),
                ("language", "en"),
            ],
        ),
    ],
)
def test_only_changes_are_written(
    settled: dict[str, str], changes: list[tuple[str, str]], written: list[tuple[str, str]]
) -> None:
    recorder = Recorder()
    memory = SettingsMemory(save=recorder, settled=dict(settled))
    for key, value in changes:
        assert memory.remember(key, value) is None
    assert recorder.written == written


def test_a_failed_write_is_reported_once_and_nothing_is_written_after() -> None:
    recorder = Recorder(fail=True)
    memory = SettingsMemory(save=recorder)
    error = memory.remember("language", "zh")
    assert isinstance(error, TimelineError)
    assert "read-only" in error.shown()
    recorder.fail = False
    assert memory.remember("script", "hant") is None
    assert recorder.written == []
    assert not memory.enabled
