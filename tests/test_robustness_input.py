"""Reading input under attack: the events file, the articles and the cache (issue 15).

Each case runs the real CLI (`tui.cli.main`), or `tui.core.cache.load_cached` as the CLI calls it,
and checks the message, the exit status and that no file changed.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT
from tests.test_robustness import run_cli, snapshot
from tui.core import cache, loader
from tui.core.cache import cache_file, load_cached
from tui.core.reading import MAX_INPUT_BYTES

ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (mknod)"
)


def validate(capsys: pytest.CaptureFixture[str], events: Path, seeds: Path) -> tuple[int, str]:
    status, out, err = run_cli(capsys, "validate", "--events", events, "--seeds", seeds)
    assert "Traceback" not in err
    return status, err


# --- 1. non-regular files -------------------------------------------------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["validate", "list", "export"])
def test_a_fifo_as_the_events_file_is_refused_without_opening_it(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    _events, seeds = mini
    fifo = _fifo(seeds.parent / "pipe.toml")
    before = snapshot(seeds.parent)
    status, out, err = run_cli(capsys, command, "--events", fifo, "--seeds", seeds)
    assert status == 2 and out == ""
    assert err == f"{fifo}:0: events file is a FIFO (named pipe), not a regular file\n"
    assert snapshot(seeds.parent) == before


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_character_device_as_the_events_file_is_refused(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], device: str
) -> None:
    status, err = validate(capsys, Path(device), mini[1])
    assert status == 2
    assert err == f"{device}:0: events file is a character device, not a regular file\n"


def test_a_symlink_to_a_device_is_refused_and_one_to_a_file_is_read(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    to_device = events.parent / "zero.toml"
    to_device.symlink_to("/dev/zero")
    status, err = validate(capsys, to_device, seeds)
    assert status == 2 and "is a character device, not a regular file" in err
    to_file = events.parent / "linked.toml"
    to_file.symlink_to(events)
    status, err = validate(capsys, to_file, seeds)
    assert status == 0, err


def _event_lines_of(events: Path, source_id: str) -> int:
    text = events.read_text(encoding="utf-8")
    return text.count(f'source = "{source_id}"')


def test_a_fifo_as_an_article_is_refused(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    (seeds / "hk.txt").unlink()
    _fifo(seeds / "hk.txt")
    before = snapshot(seeds.parent)
    status, err = validate(capsys, events, seeds)
    assert status == 2
    line = events.read_text(encoding="utf-8").split("\n").index('file = "hk.txt"') + 1
    assert (
        f"{events}:{line}: source 'hk': '{seeds / 'hk.txt'}': article is a FIFO (named pipe), "
        "not a regular file\n"
    ) in err
    assert snapshot(seeds.parent) == before


@ROOT_ONLY
def test_a_device_node_as_an_article_is_refused(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    (seeds / "hk.txt").unlink()
    os.mknod(seeds / "hk.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero's numbers
    status, err = validate(capsys, events, seeds)
    assert status == 2
    assert "article is a character device, not a regular file" in err


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_non_regular_cache_entry_is_a_miss(
    mini: tuple[Path, Path], cache_dir: Path, kind: str
) -> None:
    entry = cache_file(*mini, cache_dir=cache_dir)
    assert entry is not None
    cache_dir.mkdir()
    if kind == "fifo":
        _fifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    result = load_cached(*mini, cache_dir=cache_dir).result
    assert result == loader.load(*mini)
    assert not result.problems


# --- 2. size limits --------------------------------------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


def test_the_limit_is_256_mib() -> None:
    assert MAX_INPUT_BYTES == 256 * 2**20


def test_an_events_file_over_the_limit_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _sparse(tmp_path / "events.toml", 300 * 2**20)
    tracemalloc.start()
    try:
        status, err = validate(capsys, events, tmp_path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 2
    assert err == (
        f"{events}:0: events file is larger than the limit of 256 MiB (314,572,800 bytes)\n"
    )
    assert peak < 16 * 2**20


def test_an_article_over_the_limit_is_refused_unread(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    _sparse(seeds / "hk.txt", 300 * 2**20)
    status, err = validate(capsys, events, seeds)
    assert status == 2
    assert "article is larger than the limit of 256 MiB (314,572,800 bytes)" in err


@pytest.mark.parametrize("size", [100 * 2**20, 3 * 2**30], ids=["100MiB", "3GiB"])
def test_an_oversized_cache_entry_is_a_miss_and_not_read(
    mini: tuple[Path, Path], cache_dir: Path, size: int
) -> None:
    entry = cache_file(*mini, cache_dir=cache_dir)
    assert entry is not None
    cache_dir.mkdir()
    _sparse(entry, size)
    tracemalloc.start()
    try:
        result = load_cached(*mini, cache_dir=cache_dir).result
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result == loader.load(*mini) and not result.problems
    assert peak < 50 * 2**20
    # The planted file was replaced by a real entry, which the next load uses.
    assert entry.stat().st_size < 2**20


# --- 3. the cache's size ---------------------------------------------------------------------


def _corpora(mini: tuple[Path, Path], count: int) -> list[tuple[Path, Path]]:
    """`count` locations of the same corpus: one cache entry each."""
    events, seeds = mini
    made = []
    for number in range(count):
        copy = events.parent / f"events-{number}.toml"
        copy.write_bytes(events.read_bytes())
        made.append((copy, seeds))
    return made


def _slot_entry(corpus: tuple[Path, Path], cache_dir: Path) -> Path:
    entry = cache_file(*corpus, cache_dir=cache_dir)
    assert entry is not None
    return entry


def _entries(cache_dir: Path) -> set[str]:
    return {path.name for path in cache_dir.iterdir() if path.name.endswith(".idx")}


def test_the_cache_keeps_the_newest_entries(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.core.cache.store.MAX_ENTRIES", 3)
    corpora = _corpora(mini, 6)
    cache_dir.mkdir()
    foreign = {
        "notes.txt": b"mine",
        "0123456789abcdef01234567.idx": b"not an entry of the cache",
        ".0123456789abcdef01234567.idx.abc.tmp": b"not a temporary of the cache",
    }
    for name, data in foreign.items():
        (cache_dir / name).write_bytes(data)
    outside = cache_dir.parent / "outside.idx"
    outside.write_bytes(b"HKTLIDX\x01 a file that only looks like an entry")
    (cache_dir / "fedcba9876543210fedcba98.idx").symlink_to(outside)
    for number, corpus in enumerate(corpora[:3]):
        load_cached(*corpus, cache_dir=cache_dir)
        # Entry times a second apart, whatever the file system's clock resolution.
        os.utime(_slot_entry(corpus, cache_dir), (1_000_000 + number, 1_000_000 + number))
    # A hit on the oldest makes it the most recently used.
    assert load_cached(*corpora[0], cache_dir=cache_dir).result == loader.load(*corpora[0])
    load_cached(*corpora[3], cache_dir=cache_dir)
    link = "fedcba9876543210fedcba98"
    slots = {name[:24] for name in _entries(cache_dir) - set(foreign)} - {link}
    assert slots == {_slot_entry(corpora[n], cache_dir).stem for n in (0, 2, 3)}
    for corpus in corpora[4:]:
        load_cached(*corpus, cache_dir=cache_dir)
    for number in (4, 5):
        entry = _slot_entry(corpora[number], cache_dir)
        assert entry.is_file() and entry.with_name(f"{entry.stem}.search.idx").is_file()
    for name, data in foreign.items():
        assert (cache_dir / name).read_bytes() == data
    assert (cache_dir / "fedcba9876543210fedcba98.idx").is_symlink()
    assert outside.exists()


def test_the_cache_keeps_within_its_byte_budget(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.core.cache.store.MAX_CACHE_BYTES", 1)
    for corpus in _corpora(mini, 4):
        load_cached(*corpus, cache_dir=cache_dir)
        # Only the entry just written stays: every other one is over the budget.
        assert len({name[:24] for name in _entries(cache_dir)}) == 1
        entry = cache_file(*corpus, cache_dir=cache_dir)
        assert entry is not None and entry.is_file()


_WRITER = """
import sys
from pathlib import Path
from tui.core.cache import load_cached, store
store.MAX_ENTRIES = 2
events, seeds, cache_dir = map(Path, sys.argv[1:4])
for round in range(int(sys.argv[4])):
    # Every other round the corpus both processes share: the same entry, written by both.
    copy = events.with_name(f"{events.stem}-{sys.argv[5]}-{round % 5}.toml")
    if round % 2:
        copy.write_bytes(events.read_bytes())
    else:
        copy = events
    result = load_cached(copy, seeds, cache_dir=cache_dir).result
    assert not result.problems, result.problems
print("ok")
"""


def test_two_processes_writing_and_pruning_at_once_do_not_crash(
    mini: tuple[Path, Path], cache_dir: Path
) -> None:
    events, seeds = mini
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, events, seeds, cache_dir, "30", name],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        out, err = writer.communicate()
        assert (writer.returncode, out, err) == (0, "ok\n", "")
    assert len({name[:24] for name in _entries(cache_dir)}) <= 4


def test_a_cache_directory_that_is_a_file_is_ignored(
    mini: tuple[Path, Path], tmp_path: Path
) -> None:
    blocker = tmp_path / "cache-file"
    blocker.write_bytes(b"a file")
    result = load_cached(*mini, cache_dir=blocker).result
    assert result == loader.load(*mini)
    assert blocker.read_bytes() == b"a file"


# --- 6. byte-order mark ----------------------------------------------------------------------


def test_a_byte_order_mark_is_named(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    events.write_bytes(b"\xef\xbb\xbf" + events.read_bytes())
    before = snapshot(events.parent)
    status, err = validate(capsys, events, seeds)
    assert status == 2
    assert err == (f"{events}:1: starts with a byte-order mark (save it as UTF-8 without BOM)\n")
    assert snapshot(events.parent) == before


# --- 4. ASCII digits only in dates -----------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["٢٠٢٤-٠٧", "２０２４", "𝟚𝟘𝟚𝟜", "2024-٠٧", "۲۰۲۴-Q1", "2024-07\n"]
)
@pytest.mark.parametrize("command", ["validate", "export"])
def test_dates_take_ascii_digits_only(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], value: str, command: str
) -> None:
    events, seeds = mini
    text = events.read_text(encoding="utf-8")
    shown = value.replace("\n", "\\n")
    events.write_text(text.replace('date = "2019-07"', f'date = "{shown}"', 1), encoding="utf-8")
    line = text.split("\n").index('date = "2019-07"') + 1
    before = snapshot(events.parent)
    status, out, err = run_cli(capsys, command, "--events", events, "--seeds", seeds)
    assert status == 2 and out == ""
    assert f"{events}:{line}: event 'wallet-link': bad date {value!r}" in err
    if value != "2024-07\n":
        assert "use the ASCII digits 0-9" in err
    assert snapshot(events.parent) == before


# --- 7. nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1000, 100_000])
@pytest.mark.parametrize("opener", ["[", "{ a = "])
def test_deep_nesting_is_a_problem_not_a_crash(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], depth: int, opener: str
) -> None:
    events, seeds = mini
    closer = "]" if opener == "[" else "}"
    nested = opener * depth + "1" + closer * depth
    clean = (MINI / "events.toml").read_text(encoding="utf-8")
    for where in ("head", "event"):
        if where == "head":
            text = clean.replace("schema = 1\n", f"schema = 1\nx = {nested}\n", 1)
        else:
            text = clean + f'\n[[events]]\nid = "deep"\nx = {nested}\n'
        events.write_text(text, encoding="utf-8")
        status, err = validate(capsys, events, seeds)
        assert status == 2
        assert err == (
            f"{events}:0: arrays or inline tables are nested too deeply to parse (no timeline "
            "nests more than three levels)\n"
        )


# --- 8. no follow-on problems for an unreadable article --------------------------------------


def _two_source_event(events: Path) -> None:
    """Give the first event a second quote, from en.txt, that holds its date_text."""
    text = events.read_text(encoding="utf-8")
    text = text.replace(
        'sources = [{ source = "hk", quote = "2019年7月，AlipayHK與內地支付寶實現互聯互通" }]',
        'date_text = "In October"\nsources = [{ source = "hk", quote = "AlipayHK" }, '
        '{ source = "en", quote = "In October" }]',
        1,
    ).replace('date_text = "2019年7月"\n', "", 1)
    events.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("damage", ["not-utf8", "missing", "fifo"])
def test_an_unreadable_article_gives_no_follow_on_problems(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    events, seeds = mini
    _two_source_event(events)
    article = seeds / "en.txt"
    if damage == "not-utf8":
        article.write_bytes(b"In October \xff")
    else:
        article.unlink()
        if damage == "fifo":
            _fifo(article)
    status, err = validate(capsys, events, seeds)
    assert status == 2
    assert "date_text" not in err and "quote not found" not in err
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert "source 'en' is unusable, so the 3 events quoting it were left out" in err


# --- 9. a seeds "directory" that is not one --------------------------------------------------


@pytest.mark.parametrize("kind", ["file", "missing", "device"])
def test_a_bad_seeds_directory_is_one_problem(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    events, _seeds = mini
    seeds = {"file": events, "missing": events.parent / "nowhere", "device": Path("/dev/zero")}[
        kind
    ]
    before = snapshot(events.parent)
    status, err = validate(capsys, events, seeds)
    assert status == 2
    said = {
        "file": "not a directory (it is a regular file)",
        "missing": "seeds directory not found",
        "device": "not a directory (it is a character device)",
    }[kind]
    assert err == (
        f"{seeds}:0: {said}; the 6 events quoting its articles were left out; point --seeds DIR"
        " at the articles' directory (without it, seeds/ beside the events file is used)\n"
    )
    assert snapshot(events.parent) == before


def test_a_corpus_without_sources_needs_no_seeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.toml"
    events.write_text("schema = 1\n", encoding="utf-8")
    status, err = validate(capsys, events, tmp_path / "nowhere")
    assert (status, err) == (0, "")


# --- 5. line numbers after multi-line values -------------------------------------------------

_MULTILINE_CASES = {
    "literal string holding [[events]]": "'''\n[[events]]\nid = \"fake\"\ndate = \"2019-07\"\n'''",
    "basic string holding [[events]]": '"""\n[[events]]\ndate = "2019-07"\n"""',
    "escaped quotes": '"""\nsay \\"""\n[[events]]\ndate = \\"2019-07\\"\n"""',
    "five closing quotes": "'''\n[[events]]\n'''''",
    "line-ending backslash": '"""\\\n  [[events]]\\\n  date = "x" """',
    "nested array on its own line": '[\n  [\n    "[[events]]",\n  ],\n  ["date"],\n]',
    "comment with quotes": "[ # it's \"[[events]]\n  \"x\", # '''\n]",
}


@pytest.mark.parametrize("value", list(_MULTILINE_CASES.values()), ids=list(_MULTILINE_CASES))
def test_problems_after_a_multiline_value_cite_the_true_line(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], value: str
) -> None:
    events, seeds = mini
    text = events.read_text(encoding="utf-8").replace('date = "2019-07"', 'date = "2019-13"', 1)
    text = text.replace('id = "wallet-link"\n', f'id = "wallet-link"\nnote = {value}\n', 1)
    events.write_text(text, encoding="utf-8")
    status, err = validate(capsys, events, seeds)
    assert status == 2
    date_line = text.count("\n", 0, text.index('date = "2019-13"')) + 1
    note_line = text.count("\n", 0, text.index("\nnote = ")) + 2
    assert f"{events}:{date_line}: event 'wallet-link': bad date '2019-13'" in err, err
    assert f"{events}:{note_line}: event 'wallet-link': unknown key 'note'" in err, err


# --- the adversarial pass over reading -------------------------------------------------------

_SIMPLE_FILES = {
    "empty": (b"", "1: missing 'schema = 2' at the top of the file"),
    "only comments": (b"# a\n# b\n", "1: missing 'schema = 2' at the top of the file"),
    "schema 3": (b"schema = 3\n", "1: unsupported schema 3: this version reads schema 1 and 2"),
    "schema 0": (b"schema = 0\n", "1: unsupported schema 0: this version reads schema 1 and 2\n"),
    "schema 2.0": (b"schema = 2.0\n", "1: 'schema' must be a whole number (1 or 2), not a float"),
    "schema true": (
        b"schema = true\n",
        "1: 'schema' must be a whole number (1 or 2), not a boolean",
    ),
    "duplicate key": (b"schema = 1\nschema = 1\n", "2: TOML syntax error, column 11"),
    "huge integer": (b"schema = 99999999999999999999999\n", "1: unsupported schema"),
    "TOML date 2024-02-30": (
        b"schema = 1\n[sources.a]\npublished = 2024-02-30\n",
        "3: TOML syntax error",
    ),
    "CRLF and a BOM-less UTF-8 text": (b"schema = 3\r\n", "1: unsupported schema 3"),
}


@pytest.mark.parametrize("case", list(_SIMPLE_FILES), ids=list(_SIMPLE_FILES))
def test_odd_events_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    data, message = _SIMPLE_FILES[case]
    events = tmp_path / "events.toml"
    events.write_bytes(data)
    before = snapshot(tmp_path)
    status, err = validate(capsys, events, tmp_path)
    assert status == 2
    assert err.startswith(f"{events}:{message}"), err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", "bad date '2024-02-30': 2024-02 has no day 30"),
        ("10000", "bad date '10000': expected YYYY"),
        ("0000", "bad date '0000': year 0000 does not exist"),
        ("2024-00", "bad date '2024-00': month 0 does not exist"),
    ],
)
def test_impossible_date_strings(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    events, seeds = mini
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace('"2019-07"', f'"{value}"', 1), encoding="utf-8")
    status, err = validate(capsys, events, seeds)
    assert status == 2 and message in err


def test_a_symlink_loop_as_the_events_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    status, err = validate(capsys, tmp_path / "a.toml", tmp_path)
    assert status == 2
    assert (
        err
        == f"{tmp_path / 'a.toml'}:0: events file is a symbolic link that leads round in a loop\n"
    )


def test_a_symlink_loop_as_the_seeds_directory(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, _seeds = mini
    loop = events.parent / "loop"
    loop.symlink_to(loop)
    status, err = validate(capsys, events, loop)
    assert status == 2
    assert err == (
        f"{loop}:0: seeds directory is a symbolic link that leads round in a loop; the 6 "
        "events quoting its articles were left out; point --seeds DIR at the articles' "
        "directory (without it, seeds/ beside the events file is used)\n"
    )


def test_a_symlink_loop_as_an_article(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    (seeds / "hk.txt").unlink()
    (seeds / "hk.txt").symlink_to(seeds / "hk.txt")
    status, err = validate(capsys, events, seeds)
    assert status == 2 and "source 'hk': cannot resolve 'hk.txt'" in err


def test_a_nul_in_an_article_path(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    text = events.read_text(encoding="utf-8").replace('file = "hk.txt"', 'file = "hk\\u0000.txt"')
    events.write_text(text, encoding="utf-8")
    status, err = validate(capsys, events, seeds)
    assert status == 2
    assert "source 'hk': file 'hk\\x00.txt' contains a NUL character" in err


def test_an_events_file_removed_between_stat_and_open(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    events, seeds = mini
    from tui.core import reading

    real_open = os.open

    def vanishing_open(path: object, flags: int, *args: object) -> int:
        if Path(str(path)) == events:
            events.unlink()
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reading.os, "open", vanishing_open)
    status, err = validate(capsys, events, seeds)
    assert (status, err) == (2, f"{events}:0: events file not found\n")


def test_an_events_file_swapped_for_a_fifo_after_stat_does_not_hang(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    events, seeds = mini
    from tui.core import reading

    real_open = os.open

    def swapping_open(path: object, flags: int, *args: object) -> int:
        if Path(str(path)) == events and not stat.S_ISFIFO(os.lstat(events).st_mode):
            events.unlink()
            os.mkfifo(events)
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reading.os, "open", swapping_open)
    status, err = validate(capsys, events, seeds)
    assert status == 2
    assert err == f"{events}:0: events file is a FIFO (named pipe), not a regular file\n"


def test_a_file_whose_size_lies_is_read_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    # /proc files say they are 0 bytes long; reading stops at the limit whatever they hold.
    status, err = validate(capsys, Path("/proc/self/status"), Path("/proc/self"))
    assert status == 2 and err.startswith("/proc/self/status:1: TOML syntax error")


@ROOT_ONLY
def test_an_article_with_mode_000_as_root(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Root reads a file whatever its mode, so the corpus loads; another user gets
    # "cannot read article: Permission denied" (read_regular's open fails).
    events, seeds = mini
    (seeds / "hk.txt").chmod(0)
    status, err = validate(capsys, events, seeds)
    assert (status, err) == (0, "")


def test_a_cache_entry_symlinked_elsewhere_is_not_followed(
    mini: tuple[Path, Path], cache_dir: Path, tmp_path: Path
) -> None:
    entry = cache_file(*mini, cache_dir=cache_dir)
    assert entry is not None
    load_cached(*mini, cache_dir=cache_dir)
    elsewhere = tmp_path / "elsewhere.idx"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    kept = elsewhere.read_bytes()
    assert load_cached(*mini, cache_dir=cache_dir).result == loader.load(*mini)
    assert elsewhere.read_bytes() == kept


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "wallet-link"', 'id = "wallet-link\\n"', "event #1: id is 'wallet-link\\n'"),
        ('id = "wallet-link"', 'id = "wallet-link٢"', "event #1: id is 'wallet-link٢'"),
        ("[sources.hk]", '[sources."hk\\n"]', "source id 'hk\\n' must be letters"),
        ("[actors.hsbc]", '[actors."hsbc\\n"]', "actor id 'hsbc\\n' must be letters"),
    ],
    ids=["event-newline", "event-arabic-digit", "source-newline", "actor-newline"],
)
def test_ids_with_a_final_newline_or_other_digits_are_refused(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    events, seeds = mini
    events.write_text(events.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    status, err = validate(capsys, events, seeds)
    assert status == 2 and message in err, err


def test_an_oversized_search_file_is_not_read(mini: tuple[Path, Path], cache_dir: Path) -> None:
    load_cached(*mini, cache_dir=cache_dir)
    entry = cache_file(*mini, cache_dir=cache_dir)
    assert entry is not None
    search = entry.with_name(f"{entry.stem}.search.idx")
    search.unlink()
    _sparse(search, 100 * 2**20)
    loaded = load_cached(*mini, cache_dir=cache_dir)
    tracemalloc.start()
    try:
        assert loaded.search_texts() is None
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20


# --- the TUI starts on the same answers ------------------------------------------------------


def test_the_tui_refuses_a_fifo_events_file_before_drawing(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app import create_app
    from tui.core.errors import TimelineError

    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(cache_dir))
    fifo = _fifo(mini[1].parent / "pipe.toml")
    with pytest.raises(TimelineError) as raised:
        create_app(fifo, mini[1])
    assert str(raised.value) == f"{fifo}:0: events file is a FIFO (named pipe), not a regular file"


async def test_the_tui_lists_a_fifo_article_as_a_problem(
    mini: tuple[Path, Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from tui.app import create_app

    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(cache_dir))
    events, seeds = mini
    (seeds / "hk.txt").unlink()
    _fifo(seeds / "hk.txt")
    app = create_app(events, seeds)
    # The events quoting the en article stay; those quoting hk.txt are left out.
    assert {event.id for event in app.result.corpus.events} == {
        event.id
        for event in loader.load(MINI / "events.toml", MINI / "seeds").corpus.events
        if event.quotes[0].source == "en"
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        listed = app.screen.query_one("#problems-text", Static).content
        assert "article is a FIFO (named pipe), not a regular file" in str(listed)


def test_a_nul_in_a_path_given_by_code_is_a_problem(tmp_path: Path) -> None:
    result = loader.load(tmp_path / "events\x00.toml", tmp_path)
    assert [str(problem) for problem in result.problems] == [
        f"{tmp_path / 'events'}\x00.toml:0: events file's path contains a NUL character"
    ]
    assert load_cached(tmp_path / "events\x00.toml", tmp_path).result == result


# --- costs that grew with the square of the input (counted, not timed) -----------------------


class _Counting:
    """A compiled pattern whose `match` calls are counted."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, text: str, position: int) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text, position)


def test_many_unterminated_quotes_on_a_line_are_scanned_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Each quote tried as the start of a string read the rest of the line: 20,000 quotes on a
    # line took seconds, a 256 MiB file of them would never end.
    counting = _Counting(loader._NEXT_AT_TOP)
    monkeypatch.setattr(loader, "_NEXT_AT_TOP", counting)
    text = "schema = 1\nx = '''a'''\ny = " + '"\\' * 20_000 + "\nz = 1\n"
    result = loader.load_text(text, "events.toml", tmp_path)
    assert "TOML syntax error" in str(result.problems[0])
    assert counting.calls < 10


def test_a_quote_s_line_is_looked_up_only_for_a_problem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Looking up every quote's line scanned the event's lines each time: quadratic in the
    # number of quotes of one event.
    (tmp_path / "a.txt").write_text(" ".join(f"w{n}x" for n in range(2000)), encoding="utf-8")
    items = "".join(f'  {{ source = "a", quote = "w{n}x" }},\n' for n in range(2000))
    text = (
        'schema = 1\n[sources.a]\nfile = "a.txt"\ntitle = "t"\npublisher = "p"\n'
        'published = 2024-01-01\npublished_note = "n"\nlanguage = "en"\n'
        '[actors.b]\nname = { en = "B", zh = "乙" }\n[themes.c]\nname = { en = "C", zh = "丙" }\n'
        '[[events]]\nid = "e"\ndate = "2024"\nstatus = "happened"\n'
        'title = { en = "E", zh = "乙" }\nactors = ["b"]\nthemes = ["c"]\nsources = [\n'
        + items
        + '  { source = "a", quote = "missing" },\n]\n'
    )
    looked_up: list[str] = []
    real = loader._Locator.event_text

    def counting(self: object, index: int, needle: str, fallback: str) -> int:
        looked_up.append(needle)
        return real(self, index, needle, fallback)  # type: ignore[arg-type]

    monkeypatch.setattr(loader._Locator, "event_text", counting)
    result = loader.load_text(text, "events.toml", tmp_path)
    assert [str(problem) for problem in result.problems] == [
        f"events.toml:{text.count(chr(10), 0, text.index('missing')) + 1}: event 'e': quote not "
        "found in a (a.txt): 'missing'"
    ]
    assert looked_up == ["missing"]


def test_a_chain_of_twenty_thousand_parents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Walked from every actor with a list of those seen, this took hours (cubic).
    actors = "".join(
        f'[actors.a{n}]\nname = {{ en = "A", zh = "甲" }}\n'
        + (f'parent = "a{n - 1}"\n' if n else 'parent = "a19999"\n')
        for n in range(20_000)
    )
    events = tmp_path / "events.toml"
    events.write_text("schema = 1\n" + actors, encoding="utf-8")
    status, err = validate(capsys, events, tmp_path)
    assert status == 2
    assert err.count("parent cycle") == 1 and err.startswith(f"{events}:4: actor 'a0': parent")


def test_a_quote_occurring_millions_of_times_is_not_listed_whole(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    (seeds / "en.txt").write_text("In October, " + "a" * 5_000_000, encoding="utf-8")
    text = events.read_text(encoding="utf-8").replace(
        'quote = "In October',
        'quote = "a", occurrence = 2 }, { source = "en", quote = "In October',
        1,
    )
    text = text.replace(
        'quote = "In October', 'quote = "a" }, { source = "en", quote = "In October', 1
    )
    events.write_text(text, encoding="utf-8")
    tracemalloc.start()
    try:
        status, err = validate(capsys, events, seeds)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 2
    assert "quote is ambiguous: it occurs at least 1000 times in en (en.txt)" in err
    assert peak < 100 * 2**20
