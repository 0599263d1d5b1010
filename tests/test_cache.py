"""The load cache: a hit equals a fresh load, anything changed or damaged is a silent miss."""

from __future__ import annotations

import marshal
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Calls, import_generator
from tui.core import cache, loader
from tui.core.cache import cache_file, key, load_cached, seeds, store
from tui.core.loader import LoadResult

_real_load = loader.load


def never_resolves(date_text: str, published: date) -> tuple[str, str | None] | None:
    """A cross-check that rejects every date_text, so its results differ from no check."""
    return None


def always_2019(date_text: str, published: date) -> tuple[str, str | None] | None:
    """A second, different cross-check."""
    return ("2019", None)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)


def _entry(mini: tuple[Path, Path], cache_dir: Path, **kwargs: Any) -> Path:
    entry = cache_file(*mini, cache_dir=cache_dir, **kwargs)
    assert entry is not None
    return entry


def test_hit_equals_fresh_load_and_skips_the_loader(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    expected = _real_load(*mini)
    first = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 1
    assert _entry(mini, cache_dir, check_date_text=None).is_file()
    second = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 1
    assert first == expected
    assert second == expected
    for kind in ("sources", "actors", "themes"):
        assert list(getattr(second.corpus, kind)) == list(getattr(expected.corpus, kind))
    assert [event.id for event in second.corpus.events] == [
        event.id for event in expected.corpus.events
    ]


def test_problems_are_cached_with_the_corpus(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    events, _ = mini
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("今日公布新措施", "昨日公布新措施"), encoding="utf-8")
    expected = _real_load(*mini)
    assert expected.problems and not expected.fatal
    load_cached(*mini, cache_dir=cache_dir)
    hit = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 1
    assert hit == expected


def test_generated_corpus_round_trips(tmp_path: Path, cache_dir: Path, calls: Calls) -> None:
    import_generator().generate(120, tmp_path / "corpus")
    paths = (tmp_path / "corpus" / "events.toml", tmp_path / "corpus" / "seeds")
    expected = _real_load(*paths)
    load_cached(*paths, cache_dir=cache_dir)
    hit = load_cached(*paths, cache_dir=cache_dir).result
    assert calls.count == 1
    assert hit == expected
    assert len(hit.corpus.events) == 120


def _edit_events(mini: tuple[Path, Path]) -> None:
    events, _ = mini
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("Wallets linked", "Wallets joined"), encoding="utf-8")


def _edit_article_keeping_size_and_mtime(mini: tuple[Path, Path]) -> None:
    article = mini[1] / "hk.txt"
    before = article.stat()
    text = article.read_text(encoding="utf-8")
    # 今 and 昨 are both three bytes in UTF-8, so only the content tells the change.
    article.write_text(text.replace("今日", "昨日"), encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_size == before.st_size


def _add_file_to_seeds(mini: tuple[Path, Path]) -> None:
    (mini[1] / "notes.txt").write_text("unrelated\n", encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [_edit_events, _edit_article_keeping_size_and_mtime, _add_file_to_seeds],
    ids=["events file", "article, same size and mtime", "new file in seeds"],
)
def test_a_change_invalidates(
    mini: tuple[Path, Path],
    cache_dir: Path,
    calls: Calls,
    change: Callable[[tuple[Path, Path]], None],
) -> None:
    load_cached(*mini, cache_dir=cache_dir)
    change(mini)
    result = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 2
    assert result == _real_load(*mini)
    load_cached(*mini, cache_dir=cache_dir)
    assert calls.count == 2, "the rebuilt entry should be a hit"


def test_a_missing_article_that_appears_is_noticed(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    article = mini[1] / "en.txt"
    saved = article.read_bytes()
    article.unlink()
    broken = load_cached(*mini, cache_dir=cache_dir).result
    assert any("not found" in problem.message for problem in broken.problems)
    article.write_bytes(saved)
    fixed = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 2
    assert fixed == _real_load(*mini)
    assert not fixed.problems


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0xFF])


def _garbage(data: bytes) -> bytes:
    return os.urandom(len(data))


def _empty(data: bytes) -> bytes:
    return b""


def _foreign_magic(data: bytes) -> bytes:
    return b"HKTLIDX\x09" + data[8:]


def _valid_digest_bad_marshal(data: bytes) -> bytes:
    body = b"\x00 not marshal data"
    return data[:8] + store.payload_hash(body) + body


def _valid_digest_wrong_shape(data: bytes) -> bytes:
    body = marshal.dumps(("a", ("b",)))
    return data[:8] + store.payload_hash(body) + body


def _valid_digest_segments_overrun(data: bytes) -> bytes:
    body = data[8 + store.DIGEST_SIZE : -1]
    return data[:8] + store.payload_hash(body) + body


def _valid_digest_absurd_segment_count(data: bytes) -> bytes:
    body = (2**32 - 1).to_bytes(4, "little") + data[8 + store.DIGEST_SIZE + 4 :]
    return data[:8] + store.payload_hash(body) + body


@pytest.mark.parametrize(
    "damage",
    [
        _truncate,
        _valid_digest_segments_overrun,
        _valid_digest_absurd_segment_count,
        _flip_last_byte,
        _garbage,
        _empty,
        _foreign_magic,
        _valid_digest_bad_marshal,
        _valid_digest_wrong_shape,
    ],
)
def test_a_damaged_entry_is_rebuilt_silently(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls, damage: Callable[[bytes], bytes]
) -> None:
    load_cached(*mini, cache_dir=cache_dir)
    entry = _entry(mini, cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))
    result = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 2
    assert result == _real_load(*mini)
    assert load_cached(*mini, cache_dir=cache_dir).result == result
    assert calls.count == 2, "the damaged entry should have been overwritten"


def test_an_entry_of_another_version_is_a_miss(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_cached(*mini, cache_dir=cache_dir)
    monkeypatch.setattr(key, "__version__", "99.0")
    assert load_cached(*mini, cache_dir=cache_dir).result == _real_load(*mini)
    assert calls.count == 2


def test_a_directory_in_place_of_the_entry_is_ignored(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    _entry(mini, cache_dir).mkdir(parents=True)
    assert load_cached(*mini, cache_dir=cache_dir).result == _real_load(*mini)
    assert load_cached(*mini, cache_dir=cache_dir).result == _real_load(*mini)
    assert calls.count == 2


def test_an_unwritable_cache_dir_still_loads(
    mini: tuple[Path, Path], tmp_path: Path, calls: Calls
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    unwritable = blocker / "cache"
    assert load_cached(*mini, cache_dir=unwritable).result == _real_load(*mini)
    assert load_cached(*mini, cache_dir=unwritable).result == _real_load(*mini)
    assert calls.count == 2


@pytest.mark.parametrize(
    "break_events",
    [
        lambda events: events.write_text("schema = [unclosed\n", encoding="utf-8"),
        lambda events: events.write_bytes(b"schema = 1\n\xff\xfe\n"),
        lambda events: events.unlink(),
    ],
    ids=["TOML syntax error", "not UTF-8", "missing"],
)
def test_fatal_results_are_not_cached(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls, break_events: Callable[[Path], Any]
) -> None:
    break_events(mini[0])
    first = load_cached(*mini, cache_dir=cache_dir).result
    assert first.fatal
    assert first == _real_load(*mini)
    assert not _entry(mini, cache_dir).exists()
    load_cached(*mini, cache_dir=cache_dir)
    assert calls.count == 2


def test_each_cross_check_has_its_own_entry(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    checks = [None, never_resolves, always_2019]
    expected = [_real_load(*mini, check_date_text=check) for check in checks]
    assert expected[0] != expected[1] and expected[1] != expected[2]
    for check in checks:
        load_cached(*mini, check_date_text=check, cache_dir=cache_dir)
    entries = {_entry(mini, cache_dir, check_date_text=check) for check in checks}
    assert len(entries) == 3 and all(entry.is_file() for entry in entries)
    for check, result in zip(checks, expected, strict=True):
        assert load_cached(*mini, check_date_text=check, cache_dir=cache_dir).result == result
    assert calls.count == 3


def test_an_unnamed_cross_check_bypasses_the_cache(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    def check(date_text: str, published: date) -> tuple[str, str | None] | None:
        return None

    assert cache_file(*mini, check_date_text=check, cache_dir=cache_dir) is None
    load_cached(*mini, check_date_text=check, cache_dir=cache_dir)
    load_cached(*mini, check_date_text=check, cache_dir=cache_dir)
    assert calls.count == 2
    assert not cache_dir.exists()


def test_no_cache_variable_turns_it_off(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert load_cached(*mini, cache_dir=cache_dir).result == _real_load(*mini)
    load_cached(*mini, cache_dir=cache_dir)
    assert calls.count == 2
    assert not cache_dir.exists()


def test_cache_dir_variable_and_argument(
    mini: tuple[Path, Path], tmp_path: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env = tmp_path / "from-env"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(from_env))
    assert cache.default_cache_dir() == from_env
    load_cached(*mini)
    assert list(from_env.glob("*.idx"))
    argument = tmp_path / "argument"
    load_cached(*mini, cache_dir=argument)
    assert list(argument.glob("*.idx"))
    assert calls.count == 2


def test_a_huge_seeds_tree_is_not_cached(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seeds, "MAX_LISTING", 1)
    assert load_cached(*mini, cache_dir=cache_dir).result == _real_load(*mini)
    load_cached(*mini, cache_dir=cache_dir)
    assert calls.count == 2
    assert not cache_dir.exists()


def test_a_file_changing_during_the_load_is_not_cached(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load_while_editing(*args: Any, **kwargs: Any) -> LoadResult:
        result = _real_load(*args, **kwargs)
        with mini[0].open("a", encoding="utf-8") as stream:
            stream.write("# edited meanwhile\n")
        return result

    monkeypatch.setattr(loader, "load", load_while_editing)
    load_cached(*mini, cache_dir=cache_dir)
    assert not _entry(mini, cache_dir).exists()


def test_entries_are_private_and_leave_no_temporary_files(
    mini: tuple[Path, Path], cache_dir: Path
) -> None:
    load_cached(*mini, cache_dir=cache_dir)
    entry = _entry(mini, cache_dir)
    assert entry.stat().st_mode & 0o077 == 0
    search = entry.with_name(f"{entry.stem}.search.idx")
    assert search.stat().st_mode & 0o077 == 0
    assert sorted(path.name for path in cache_dir.iterdir()) == sorted([entry.name, search.name])


def test_a_moved_corpus_gets_its_own_entry(
    mini: tuple[Path, Path], tmp_path: Path, cache_dir: Path, calls: Calls
) -> None:
    events, seeds = mini
    copy = tmp_path / "copy"
    shutil.copytree(events.parent, copy)
    moved = (copy / "events.toml", copy / "seeds")
    load_cached(*mini, cache_dir=cache_dir)
    (seeds / "en.txt").unlink()
    result = load_cached(*moved, cache_dir=cache_dir).result
    assert result == _real_load(*moved)
    assert not result.problems
    assert calls.count == 2


def test_a_directory_in_place_of_the_entry_leaves_no_descriptor_open(tmp_path: Path) -> None:
    entry = tmp_path / "0123456789abcdef01234567.idx"
    entry.mkdir()
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(3):
        assert store.read_cache_file(entry, lambda: 0) is None
    assert len(os.listdir("/proc/self/fd")) == before


def test_the_code_fingerprint_covers_every_module_the_loader_builds_on() -> None:
    # An entry stays valid while the code that made it is unchanged: every module of
    # tui.core that the loader, the model, the dates or the search text import (at any depth)
    # must be hashed, or editing it during development would keep serving stale entries.
    import ast

    from tui.core.cache import key

    core = ROOT / "tui" / "core"
    hashed = set(key._RESULT_MODULES)
    todo = ["loader.py", "model.py", "dates.py", "query.py"]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((core / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if parts[:2] == ["tui", "core"] and len(parts) == 3:
                    if (core / f"{parts[2]}.py").is_file():
                        todo.append(f"{parts[2]}.py")
    assert seen <= hashed, sorted(seen - hashed)


def test_a_load_without_the_check_may_take_the_checked_entry(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    # The app loads without the date_text check (it checks after its first paint); an entry
    # the commands wrote with it serves, marked so the app checks nothing later. Stale, or
    # not asked for, it is not used.
    events, seeds_dir = mini
    checker = cache.NamedCheck("tui.core.temporal", "resolve_date_text")
    checked = load_cached(events, seeds_dir, check_date_text=checker, cache_dir=cache_dir)
    assert calls.count == 1 and not checked.dates_checked
    taken = load_cached(events, seeds_dir, cache_dir=cache_dir, or_checked=checker)
    assert calls.count == 1 and taken.dates_checked and taken.result == checked.result
    plain = load_cached(events, seeds_dir, cache_dir=cache_dir)
    assert calls.count == 2 and not plain.dates_checked
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    fresh = load_cached(events, seeds_dir, cache_dir=cache_dir, or_checked=checker)
    assert calls.count == 3 and not fresh.dates_checked
