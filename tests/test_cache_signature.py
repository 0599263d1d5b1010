"""The cache's stat signatures, racy files, events digest and column decoding."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Calls
from tui import app as app_module
from tui.core import cache, loader
from tui.core.cache import codec, load_cached, seeds, store
from tui.core.freshness import file_digest
from tui.core.loader import LoadResult
from tui.core.model import Quote

ROOT = Path(__file__).resolve().parent.parent
_real_load = loader.load


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat the fixture's just-copied files as old: only their stat signature counts."""
    monkeypatch.setattr(seeds, "RACY_SECONDS", 0.0)


def _edit_keeping_size_and_mtime(article: Path) -> None:
    before = article.stat()
    text = article.read_text(encoding="utf-8")
    assert "今日" in text
    # 今 and 昨 are both three bytes in UTF-8, so only the content tells the change.
    article.write_text(text.replace("今日", "昨日"), encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = article.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _recorded_racy_files(mini: tuple[Path, Path], cache_dir: Path) -> set[str]:
    """The files the entry for `mini` checks by content."""
    entry = cache.cache_file(*mini, cache_dir=cache_dir)
    assert entry is not None
    data = entry.read_bytes()
    body = memoryview(data)[len(store.MAGIC) + store.DIGEST_SIZE :]
    meta = marshal.loads(next(codec.unmarshal_segments(body)))
    return {name for name, _ in meta[3]}


@pytest.mark.usefixtures("no_racy_window")
def test_an_old_article_edited_in_place_is_a_miss(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls
) -> None:
    load_cached(*mini, cache_dir=cache_dir)
    assert _recorded_racy_files(mini, cache_dir) == set(), "old files need no content hash"
    _edit_keeping_size_and_mtime(mini[1] / "hk.txt")
    result = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 2
    assert result == _real_load(*mini)
    assert result.corpus.sources["hk"].text == (mini[1] / "hk.txt").read_text(encoding="utf-8")
    assert load_cached(*mini, cache_dir=cache_dir).result == result
    assert calls.count == 2, "the rebuilt entry should be a hit"


_real_listing = seeds.list_tree


def _blind_listing(
    directory: Path, prefix: str
) -> Iterator[tuple[str, str, os.stat_result | None]]:
    """The listing as a file system with a coarse clock shows it: ctime and inode unseen."""
    for name, line, info in _real_listing(directory, prefix):
        yield name, line.rsplit(" ", 2)[0], info


def test_a_racy_article_is_checked_by_content(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture's files were just copied: within the racy window, so their bytes are
    # hashed. With a listing that cannot see the edit (as when it lands within the same
    # tick of the file system's clock), that hash is what notices it.
    monkeypatch.setattr(seeds, "list_tree", _blind_listing)
    load_cached(*mini, cache_dir=cache_dir)
    assert _recorded_racy_files(mini, cache_dir) == {"en.txt", "hk.txt"}
    _edit_keeping_size_and_mtime(mini[1] / "hk.txt")
    result = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 2
    assert result == _real_load(*mini)
    assert "昨日" in result.corpus.sources["hk"].text


def test_the_racy_check_is_what_notices_a_blind_edit(
    mini: tuple[Path, Path], cache_dir: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the racy window the blind listing serves the stale text: the check matters."""
    monkeypatch.setattr(seeds, "list_tree", _blind_listing)
    monkeypatch.setattr(seeds, "RACY_SECONDS", 0.0)
    load_cached(*mini, cache_dir=cache_dir)
    _edit_keeping_size_and_mtime(mini[1] / "hk.txt")
    stale = load_cached(*mini, cache_dir=cache_dir).result
    assert calls.count == 1
    assert stale != _real_load(*mini)


def test_a_racy_file_changing_during_the_load_is_not_cached(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seeds, "list_tree", _blind_listing)

    def load_while_editing(*args: Any, **kwargs: Any) -> LoadResult:
        result = _real_load(*args, **kwargs)
        _edit_keeping_size_and_mtime(mini[1] / "hk.txt")
        return result

    monkeypatch.setattr(loader, "load", load_while_editing)
    load_cached(*mini, cache_dir=cache_dir)
    entry = cache.cache_file(*mini, cache_dir=cache_dir)
    assert entry is not None and not entry.exists()


@pytest.mark.parametrize("no_cache", [False, True], ids=["cache", "no cache"])
def test_the_digest_is_the_file_digest(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch, no_cache: bool
) -> None:
    if no_cache:
        monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    expected = file_digest(mini[0])
    assert expected is not None
    miss = load_cached(*mini, cache_dir=cache_dir)
    assert miss.digest == expected
    hit = load_cached(*mini, cache_dir=cache_dir)
    assert hit.digest == expected
    assert miss.digest == expected, "each load carries its own digest, not the last one's"


def test_the_digest_of_a_missing_events_file_is_none(
    mini: tuple[Path, Path], cache_dir: Path
) -> None:
    mini[0].unlink()
    loaded = load_cached(*mini, cache_dir=cache_dir)
    assert loaded.result.fatal
    assert loaded.digest is None


@pytest.mark.parametrize("warm", [False, True], ids=["miss", "hit"])
def test_the_app_keeps_the_digest_of_what_it_loaded(
    mini: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warm: bool
) -> None:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    if warm:
        app_module.create_app(*mini)
    built = app_module.create_app(*mini)
    assert built._loaded_digest == file_digest(mini[0])
    assert built.result == _real_load(*mini, check_date_text=_resolve())


def _resolve() -> Any:
    from tui.core.temporal import resolve_date_text

    return resolve_date_text


def test_real_corpus_with_several_quotes_per_event_round_trips(
    cache_dir: Path, calls: Calls
) -> None:
    paths = (ROOT / "events.toml", ROOT / "seeds")
    expected = _real_load(*paths)
    assert any(len(event.quotes) > 1 for event in expected.corpus.events)
    load_cached(*paths, cache_dir=cache_dir)
    hit = load_cached(*paths, cache_dir=cache_dir).result
    assert calls.count == 1
    assert hit == expected


@dataclass(frozen=True, slots=True)
class _Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


@pytest.mark.parametrize(
    ("cls", "count", "columns"),
    [
        (Quote, 1, {"source": ["a"], "text": ["t"], "start": [0]}),
        (Quote, 1, {"source": ["a"], "text": ["t"], "start": [0], "end": [1], "x": [0]}),
        (Quote, 2, {"source": ["a", "b"], "text": ["t"], "start": [0, 1], "end": [1, 2]}),
        (_Checked, 1, {"value": [-1]}),
    ],
    ids=["missing field", "unknown field", "short column", "post-init"],
)
def test_build_refuses_what_it_cannot_build_faithfully(
    cls: type[Any], count: int, columns: dict[str, list[Any]]
) -> None:
    with pytest.raises(ValueError):
        codec.build_from_columns(cls, count, **columns)


def test_build_makes_what_the_constructor_makes() -> None:
    built = codec.build_from_columns(
        Quote, 2, source=["a", "b"], text=["x", "y"], start=[0, 1], end=[1, 2]
    )
    assert built == [Quote("a", "x", 0, 1), Quote("b", "y", 1, 2)]
    assert [hash(quote) for quote in built] == [
        hash(Quote("a", "x", 0, 1)),
        hash(Quote("b", "y", 1, 2)),
    ]


def test_a_named_check_shares_the_functions_entry_and_is_not_imported_on_a_hit(
    mini: tuple[Path, Path], cache_dir: Path
) -> None:
    named = cache.NamedCheck("tui.core.temporal", "resolve_date_text")
    function = _resolve()
    assert cache.cache_file(*mini, check_date_text=named, cache_dir=cache_dir) == (
        cache.cache_file(*mini, check_date_text=function, cache_dir=cache_dir)
    )
    expected = _real_load(*mini, check_date_text=function)
    assert load_cached(*mini, check_date_text=named, cache_dir=cache_dir).result == expected
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tui.core import cache, loader\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('a miss')\n"
        "loader.load = refuse\n"
        "named = cache.NamedCheck('tui.core.temporal', 'resolve_date_text')\n"
        "result = cache.load_cached(Path(sys.argv[1]), Path(sys.argv[2]),\n"
        "                           check_date_text=named, cache_dir=Path(sys.argv[3])).result\n"
        "print(len(result.corpus.events), 'tui.core.temporal' in sys.modules)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(mini[0]), str(mini[1]), str(cache_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [str(len(expected.corpus.events)), "False"]
