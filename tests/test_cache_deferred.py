"""A miss can leave its cache entry to write later: the same entry, never one for changed files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, import_generator
from tui import cli
from tui.cli import main
from tui.core import query
from tui.core.cache import CACHE_DIR_ENV, PendingEntry, cache_file, load_cached
from tui.core.cache import load as cache_load
from tui.core.cache.search_text import search_file
from tui.core.freshness import file_digest
from tui.core.model import Corpus
from tui.core.query import SearchText, search_text


def _files(cache_dir: Path, mini: tuple[Path, Path]) -> tuple[Path, Path]:
    entry = cache_file(*mini, cache_dir=cache_dir)
    assert entry is not None
    return entry, search_file(entry)


def _held(texts: SearchText | None) -> tuple[str, list[int]] | None:
    return None if texts is None else (texts.joined, texts.starts)


def test_a_deferred_miss_returns_before_the_entry_exists(
    mini: tuple[Path, Path], cache_dir: Path
) -> None:
    loaded = load_cached(*mini, cache_dir=cache_dir, defer_write=True)
    entry, search = _files(cache_dir, mini)
    assert loaded.pending is not None
    assert not entry.exists() and not search.exists()
    assert loaded.search_text is None


@pytest.mark.parametrize("folded", [False, True], ids=["folded when written", "folded before"])
def test_the_entry_written_later_is_the_one_the_eager_load_writes(
    mini: tuple[Path, Path], tmp_path: Path, folded: bool
) -> None:
    eager_dir, deferred_dir = tmp_path / "eager", tmp_path / "deferred"
    eager = load_cached(*mini, cache_dir=eager_dir)
    deferred = load_cached(*mini, cache_dir=deferred_dir, defer_write=True)
    assert deferred.pending is not None and deferred.result == eager.result
    texts = SearchText.of(search_text(deferred.result.corpus)) if folded else None
    stored = deferred.pending.write(texts)
    assert stored is not None and eager.search_text is not None
    assert _held(stored.read(len(eager.result.corpus.events))) == _held(eager.search_texts())
    for eager_file, deferred_file in zip(
        _files(eager_dir, mini), _files(deferred_dir, mini), strict=True
    ):
        assert deferred_file.read_bytes() == eager_file.read_bytes()
    hit = load_cached(*mini, cache_dir=deferred_dir)
    assert hit.pending is None and hit.result == eager.result
    assert _held(hit.search_texts()) == _held(eager.search_texts())


def _append_to_events(mini: tuple[Path, Path]) -> None:
    with mini[0].open("a", encoding="utf-8") as stream:
        stream.write("\n# edited\n")


def _add_article(mini: tuple[Path, Path]) -> None:
    (mini[1] / "new-article.md").write_text("new\n", encoding="utf-8")


@pytest.mark.parametrize("change", [_append_to_events, _add_article], ids=["events", "seeds"])
def test_a_file_changed_before_the_deferred_write_means_no_entry(
    mini: tuple[Path, Path], cache_dir: Path, change: Callable[[tuple[Path, Path]], None]
) -> None:
    loaded = load_cached(*mini, cache_dir=cache_dir, defer_write=True)
    assert loaded.pending is not None
    entry, search = _files(cache_dir, mini)
    change(mini)
    loaded.pending.write()
    assert not entry.exists() and not search.exists()
    assert not cache_dir.exists() or not list(cache_dir.glob("*.idx"))


@pytest.mark.parametrize("change", [_append_to_events, _add_article], ids=["events", "seeds"])
def test_a_file_changed_while_the_deferred_write_folds_means_no_entry(
    mini: tuple[Path, Path],
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[tuple[Path, Path]], None],
) -> None:
    loaded = load_cached(*mini, cache_dir=cache_dir, defer_write=True)
    assert loaded.pending is not None
    entry, _search = _files(cache_dir, mini)
    fold = cache_load.search_text

    def fold_while_the_user_edits(corpus: object) -> list[str]:
        change(mini)
        return fold(corpus)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_load, "search_text", fold_while_the_user_edits)
    loaded.pending.write()
    assert not entry.exists()
    # The entry the changed files make is not served from anything written for the old ones.
    assert load_cached(*mini, cache_dir=cache_dir).result == cache_load.loader.load(*mini)


def test_a_deferred_write_that_fails_is_silent_and_leaves_no_entry(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = load_cached(*mini, cache_dir=cache_dir, defer_write=True)
    assert loaded.pending is not None

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_load, "write_entry", disk_full)
    assert loaded.pending.write() is None
    entry, search = _files(cache_dir, mini)
    assert not entry.exists() and not search.exists()


def _cli(mini: tuple[Path, Path], *command: str) -> int:
    return main(["--events", str(mini[0]), "--seeds", str(mini[1]), *command])


@pytest.mark.parametrize(
    ("command", "folds"),
    [(["list", "--query", "pilot"], True), (["list"], False), (["validate"], False)],
    ids=["list --query", "list", "validate"],
)
def test_the_cli_writes_the_entry_after_its_output_folding_only_for_a_search(
    mini: tuple[Path, Path],
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    folds: bool,
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(cache_dir))
    writes: list[tuple[str, SearchText | None]] = []
    write = PendingEntry.write

    def after_the_output(
        pending: PendingEntry, texts: SearchText | None = None, *, fold: bool = True
    ) -> object:
        writes.append((capsys.readouterr().out, texts))
        return write(pending, texts, fold=fold)

    monkeypatch.setattr(PendingEntry, "write", after_the_output)
    assert _cli(mini, *command) == 0
    ((printed, texts),) = writes
    assert printed.strip(), "the output was out before the entry was written"
    assert (texts is not None) == folds
    entry = cache_file(*mini, check_date_text=cli._date_text_checker(), cache_dir=cache_dir)
    assert entry is not None and entry.exists()
    assert search_file(entry).exists() == folds
    assert _cli(mini, *command) == 0
    assert len(writes) == 1, "the second run was a hit"
    assert capsys.readouterr().out == printed


def test_a_search_after_validate_folds_once_and_keeps_the_text(
    mini: tuple[Path, Path],
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(cache_dir))
    assert _cli(mini, "validate") == 0
    entry = cache_file(*mini, check_date_text=cli._date_text_checker(), cache_dir=cache_dir)
    assert entry is not None and entry.exists() and not search_file(entry).exists()
    capsys.readouterr()
    folds: list[int] = []
    fold = query.search_text

    def counted(corpus: Corpus) -> list[str]:
        folds.append(len(corpus.events))
        return fold(corpus)

    monkeypatch.setattr(query, "search_text", counted)
    assert _cli(mini, "list", "--query", "pilot") == 0
    first = capsys.readouterr().out
    assert folds and search_file(entry).exists()
    assert _cli(mini, "list", "--query", "joint") == 0
    assert _cli(mini, "list", "--query", "pilot") == 0
    assert capsys.readouterr().out.endswith(first)
    assert len(folds) == 1, "the side file the first search wrote was read back"


def test_a_reader_that_goes_away_still_leaves_the_entry(tmp_path: Path) -> None:
    # `hk-timeline list | head -1`: the list is larger than a pipe holds, so the command
    # meets the closed pipe before its output is all out.
    import_generator().generate(2_000, tmp_path / "corpus")
    events, seeds = tmp_path / "corpus" / "events.toml", tmp_path / "corpus" / "seeds"
    cache_dir = tmp_path / "cache"
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "list", "--events", str(events), "--seeds", str(seeds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, CACHE_DIR_ENV: str(cache_dir), "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"DATE")
    process.stdout.close()
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == b""
    entry = cache_file(events, seeds, check_date_text=cli._date_text_checker(), cache_dir=cache_dir)
    assert entry is not None and entry.exists()


@pytest.mark.parametrize(
    ("make", "holds"),
    [
        ("same bytes", True),
        ("one byte more", False),
        ("a FIFO", False),
        ("a directory", False),
        ("gone", False),
    ],
)
def test_the_unchanged_check_reads_only_a_regular_file_with_the_same_bytes(
    tmp_path: Path, make: str, holds: bool
) -> None:
    path = tmp_path / "events.toml"
    path.write_bytes(b"schema = 2\n" * 200_000)
    digest = file_digest(path)
    assert digest is not None
    path.unlink()
    if make == "same bytes":
        path.write_bytes(b"schema = 2\n" * 200_000)
    elif make == "one byte more":
        path.write_bytes(b"schema = 2\n" * 200_000 + b"\n")
    elif make == "a FIFO":
        os.mkfifo(path)  # never opened for writing: a blocking read would hang here
    elif make == "a directory":
        path.mkdir()
    assert cache_load._holds(path, digest) is holds


@pytest.mark.parametrize("defer_write", [True, False], ids=["deferred", "eager"])
def test_an_edit_undone_between_the_hash_and_the_write_is_never_served(
    mini: tuple[Path, Path],
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    defer_write: bool,
) -> None:
    # The file is A when load_cached hashes it, B when the loader reads it, and A again
    # when the entry is written (an edit undone and saved, a git checkout): the entry must
    # not say "A's bytes make B's corpus".
    events = mini[0]
    a = events.read_bytes()
    b = a.replace(b'title = "', b'title = "EDITED ', 1)
    assert b != a
    hash_input = cache_load._hash_input

    def hashed_then_edited(path: Path) -> str:
        digest = hash_input(path)
        events.write_bytes(b)
        return digest

    monkeypatch.setattr(cache_load, "_hash_input", hashed_then_edited)
    loaded = load_cached(*mini, cache_dir=cache_dir, defer_write=defer_write)
    monkeypatch.setattr(cache_load, "_hash_input", hash_input)
    assert loaded.digest == file_digest(events)  # of B, the bytes the result was made from
    assert "EDITED" in repr(loaded.result.corpus)
    events.write_bytes(a)
    if loaded.pending is not None:
        loaded.pending.write()
    later = load_cached(*mini, cache_dir=cache_dir)
    assert "EDITED" not in repr(later.result.corpus)
    assert later.result == cache_load.loader.load(*mini)
