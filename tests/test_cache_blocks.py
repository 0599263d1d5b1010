"""A cache miss after an edit validates only what the edit touched and gives a cold result."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import import_generator
from tui.core import cache, loader
from tui.core.cache import blocks, load_cached, seeds

_real_load = loader.load
_real_event = loader._Validator._event

_SIZE = 2000


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of 2,000 events, shared by the module's tests (they copy it)."""
    directory = tmp_path_factory.mktemp("blocks") / "corpus"
    import_generator().generate(_SIZE, directory)
    return directory


class Validated:
    """The ids of the ``[[events]]`` tables the loader validated, and how many it parsed."""

    def __init__(self) -> None:
        self.ids: list[object] = []
        self.parsed = 0
        self.articles = 0
        """How many articles were read."""

    def clear(self) -> None:
        self.ids.clear()
        self.parsed = 0
        self.articles = 0


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> Validated:
    """The loader instrumented: every event validated and every table parsed is counted."""
    seen = Validated()
    real_parse = loader.parse_toml

    def event(self: Any, index: int, body: dict[str, Any], ids: dict[str, int]) -> Any:
        seen.ids.append(body.get("id"))
        return _real_event(self, index, body, ids)

    def parse(text: str) -> dict[str, Any]:
        seen.parsed += len(re.findall(r"(?m)^\[\[events\]\]", text))
        return real_parse(text)

    def read(path: Path, shown: str, *, what: str) -> bytes:
        seen.articles += what == "article"
        return real_read(path, shown, what=what)

    real_read = loader.read_regular
    monkeypatch.setattr(loader._Validator, "_event", event)
    monkeypatch.setattr(loader, "parse_toml", parse)
    monkeypatch.setattr(loader, "read_regular", read)
    return seen


@pytest.fixture
def corpus(generated: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the generated corpus: (events.toml, seeds dir)."""
    target = tmp_path / "corpus"
    shutil.copytree(generated, target)
    return target / "events.toml", target / "seeds"


@pytest.fixture
def primed(
    corpus: tuple[Path, Path], tmp_path: Path, validated: Validated
) -> Iterator[tuple[Path, Path, Path]]:
    """The corpus with its entry written: (events.toml, seeds dir, cache dir)."""
    cache_dir = tmp_path / "cache"
    first = load_cached(*corpus, cache_dir=cache_dir).result
    assert len(validated.ids) == _SIZE and not first.problems
    validated.clear()
    yield (*corpus, cache_dir)


def _after(
    primed: tuple[Path, Path, Path], validated: Validated, edit: Callable[[Path, Path], None]
) -> tuple[list[object], int]:
    """Apply `edit`, load through the cache, check it is a cold load's result; what was
    validated and how many tables were parsed."""
    events, seeds, cache_dir = primed
    edit(events, seeds)
    expected = _real_load(events, seeds)
    validated.clear()
    got = load_cached(events, seeds, cache_dir=cache_dir).result
    ids, parsed = list(validated.ids), validated.parsed
    assert got == expected
    assert [event.id for event in got.corpus.events] == [
        event.id for event in expected.corpus.events
    ]
    assert [event.line for event in got.corpus.events] == [
        event.line for event in expected.corpus.events
    ]
    return ids, parsed


def _tables(events: Path) -> list[str]:
    """The file's ``[[events]]`` tables' texts (the generator writes no header in a string)."""
    text = events.read_text(encoding="utf-8")
    starts = [match.start() for match in re.finditer(r"(?m)^\[\[events\]\]", text)]
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


def _id(table: str) -> str:
    found = re.search(r'(?m)^id = "([^"]+)"', table)
    assert found is not None
    return found[1]


def _replace_once(events: Path, old: str, new: str) -> None:
    text = events.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    events.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_appending_an_event_validates_only_it_and_the_table_it_follows(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    last = _tables(primed[0])[-1]

    def append(events: Path, seeds: Path) -> None:
        with events.open("a", encoding="utf-8") as stream:
            stream.write("\n" + last.replace(f'id = "{_id(last)}"', 'id = "appended"'))

    ids, parsed = _after(primed, validated, append)
    # The last table gained the blank line before the new one: its text changed too.
    assert ids == [_id(last), "appended"]
    assert parsed == 2


def test_one_character_changed_in_a_middle_event_validates_only_it(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    middle = _tables(primed[0])[_SIZE // 2]

    def edit(events: Path, seeds: Path) -> None:
        _replace_once(events, middle, middle.replace('title = { en = "', 'title = { en = "X', 1))

    ids, parsed = _after(primed, validated, edit)
    assert ids == [_id(middle)]
    assert parsed == 1
    # The seeds tree is as the entry recorded it: its article texts are used.
    assert validated.articles == 0


def test_an_edit_that_makes_an_event_invalid_reports_it_at_its_line(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    middle = _tables(primed[0])[_SIZE // 2]

    def edit(events: Path, seeds: Path) -> None:
        broken = re.sub(r'(?m)^date = "[^"]*"', 'date = "2019-13"', middle, count=1)
        _replace_once(events, middle, "# a new line above\n" + broken)

    ids, _parsed = _after(primed, validated, edit)
    # The comment line ends the table above: its text changed too.
    assert ids == [_id(_tables(primed[0])[_SIZE // 2 - 1]), _id(middle)]
    result = load_cached(primed[0], primed[1], cache_dir=primed[2]).result
    assert [problem.message for problem in result.problems] == [
        problem.message for problem in _real_load(*primed[:2]).problems
    ]
    assert len(result.problems) == 1 and "2019-13" in result.problems[0].message


def test_a_line_inserted_above_the_events_moves_every_line_and_validates_none(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    def insert(events: Path, seeds: Path) -> None:
        text = events.read_text(encoding="utf-8")
        first = text.index("[[events]]")
        events.write_text(text[:first] + "# inserted\n" + text[first:], encoding="utf-8")

    before = load_cached(*primed[:2], cache_dir=primed[2]).result
    ids, parsed = _after(primed, validated, insert)
    assert ids == [] and parsed == 0
    after = load_cached(*primed[:2], cache_dir=primed[2]).result
    assert [event.line for event in after.corpus.events] == [
        event.line + 1 for event in before.corpus.events
    ]


def test_a_new_event_above_with_a_later_events_id_makes_that_one_a_duplicate(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    tables = _tables(primed[0])
    later = tables[_SIZE // 2]

    def insert(events: Path, seeds: Path) -> None:
        _replace_once(events, tables[0], later + tables[0])

    ids, _parsed = _after(primed, validated, insert)
    # The copy's text is the later table's, so it is that event, moved up; the later table
    # is unchanged but its id is now taken before it.
    assert ids == [_id(later)]
    result = load_cached(*primed[:2], cache_dir=primed[2]).result
    assert any("duplicate id" in problem.message for problem in result.problems)


def _actor_ids(events: Path) -> list[str]:
    return re.findall(r"(?m)^\[actors\.([^\]]+)\]", events.read_text(encoding="utf-8"))


def _citing(events: Path, pattern: str) -> list[str]:
    return [_id(table) for table in _tables(events) if re.search(pattern, table)]


def test_an_actor_renamed_revalidates_exactly_the_events_naming_it(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    actor = _actor_ids(primed[0])[-1]
    naming = _citing(primed[0], rf'(?m)^actors = \[.*"{re.escape(actor)}"')
    assert naming

    def rename(events: Path, seeds: Path) -> None:
        _replace_once(events, f"[actors.{actor}]", f"[actors.{actor}-renamed]")

    ids, _parsed = _after(primed, validated, rename)
    assert ids == naming
    result = load_cached(*primed[:2], cache_dir=primed[2]).result
    assert len(result.corpus.events) == _SIZE - len(naming)


def test_an_actors_name_changed_revalidates_no_event(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    def rename(events: Path, seeds: Path) -> None:
        _replace_once(events, 'name = { en = "', 'name = { en = "Renamed ')

    ids, parsed = _after(primed, validated, rename)
    assert ids == [] and parsed == 0


def test_one_article_changed_revalidates_exactly_the_events_quoting_it(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    text = primed[0].read_text(encoding="utf-8")
    source, file_name = re.findall(r'(?m)^\[sources\.([^\]]+)\]\nfile = "([^"]+)"', text)[7]
    quoting = _citing(primed[0], rf'source = "{re.escape(source)}"')
    assert quoting

    def edit(events: Path, seeds: Path) -> None:
        with (seeds / file_name).open("a", encoding="utf-8") as stream:
            stream.write("\nOne more paragraph.\n")

    ids, _parsed = _after(primed, validated, edit)
    assert sorted(map(str, ids)) == sorted(quoting)


def test_an_article_removed_leaves_out_its_events_as_a_cold_load_does(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    text = primed[0].read_text(encoding="utf-8")
    source, file_name = re.findall(r'(?m)^\[sources\.([^\]]+)\]\nfile = "([^"]+)"', text)[3]
    quoting = _citing(primed[0], rf'source = "{re.escape(source)}"')

    def remove(events: Path, seeds: Path) -> None:
        (seeds / file_name).unlink()

    ids, _parsed = _after(primed, validated, remove)
    assert sorted(map(str, ids)) == sorted(quoting)


def test_a_schema_change_revalidates_every_event(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    def upgrade(events: Path, seeds: Path) -> None:
        _replace_once(events, "schema = 1", "schema = 2")

    ids, _parsed = _after(primed, validated, upgrade)
    assert len(ids) == _SIZE


def test_a_damaged_previous_entry_is_not_used(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    entry = cache.cache_file(*primed[:2], cache_dir=primed[2])
    assert entry is not None

    def damage(events: Path, seeds: Path) -> None:
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0xFF
        entry.write_bytes(bytes(data))
        with events.open("a", encoding="utf-8") as stream:
            stream.write("\n# a comment\n")

    ids, _parsed = _after(primed, validated, damage)
    assert len(ids) == _SIZE


def test_a_truncated_previous_entry_is_not_used(
    primed: tuple[Path, Path, Path], validated: Validated
) -> None:
    entry = cache.cache_file(*primed[:2], cache_dir=primed[2])
    assert entry is not None

    def truncate(events: Path, seeds: Path) -> None:
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
        with events.open("a", encoding="utf-8") as stream:
            stream.write("\n# a comment\n")

    ids, _parsed = _after(primed, validated, truncate)
    assert len(ids) == _SIZE


def test_an_entry_of_another_key_in_the_slot_is_not_used(
    primed: tuple[Path, Path, Path], validated: Validated, tmp_path: Path
) -> None:
    # The entry of the same corpus at another path, planted where this one's lives: its
    # events name the other path's lines (same here) but its key says whose it is.
    other = tmp_path / "other"
    shutil.copytree(primed[0].parent, other)
    load_cached(other / "events.toml", other / "seeds", cache_dir=primed[2])
    planted = cache.cache_file(other / "events.toml", other / "seeds", cache_dir=primed[2])
    entry = cache.cache_file(*primed[:2], cache_dir=primed[2])
    assert planted is not None and entry is not None and planted != entry

    def plant(events: Path, seeds: Path) -> None:
        shutil.copyfile(planted, entry)
        with events.open("a", encoding="utf-8") as stream:
            stream.write("\n# a comment\n")

    ids, _parsed = _after(primed, validated, plant)
    assert len(ids) == _SIZE


def test_an_unwritable_cache_still_gives_the_cold_result(
    primed: tuple[Path, Path, Path], validated: Validated, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any) -> None:
        raise PermissionError("read-only cache")

    monkeypatch.setattr(cache.load, "write_entry", refuse)
    middle = _tables(primed[0])[_SIZE // 2]

    def edit(events: Path, seeds: Path) -> None:
        _replace_once(events, middle, middle.replace('title = { en = "', 'title = { en = "X', 1))

    assert _after(primed, validated, edit)[0] == [_id(middle)]
    # The entry is still the one of the file before both edits.
    last = _tables(primed[0])[-1]

    def edit_again(events: Path, seeds: Path) -> None:
        _replace_once(events, last, last.replace('title = { en = "', 'title = { en = "Y', 1))

    assert _after(primed, validated, edit_again)[0] == [_id(middle), _id(last)]


def test_a_previous_entry_is_taken_over_once_and_damaged_segments_give_nothing(
    tmp_path: Path,
) -> None:
    nothing = seeds.SeedsState("", (), None)
    previous = blocks.PreviousEntry(iter([memoryview(b"not marshal")]), "", ())
    assert blocks.prior_tables(previous, tmp_path, nothing) is loader.NO_PRIOR
    assert previous.take() is None
    assert blocks.prior_tables(previous, tmp_path, nothing) is loader.NO_PRIOR


def test_a_miss_reads_the_previous_entry_once(
    primed: tuple[Path, Path, Path], validated: Validated, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = cache.cache_file(*primed[:2], cache_dir=primed[2])
    assert entry is not None
    opened: list[str] = []
    real_open = os.open

    def counting_open(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    last = _tables(primed[0])[-1]

    def append(events: Path, seeds: Path) -> None:
        with events.open("a", encoding="utf-8") as stream:
            stream.write("\n" + last.replace(f'id = "{_id(last)}"', 'id = "appended"'))
        monkeypatch.setattr(os, "open", counting_open)

    ids, _parsed = _after(primed, validated, append)
    assert ids == [_id(last), "appended"]
    assert opened.count(str(entry)) == 1


def _blind_listing(
    directory: Path, prefix: str
) -> Iterator[tuple[str, str, os.stat_result | None]]:
    """The listing as a file system with a coarse clock shows it: ctime and inode unseen."""
    for name, line, info in _real_listing(directory, prefix):
        yield name, line.rsplit(" ", 2)[0], info


_real_listing = seeds.list_tree


def test_an_article_edited_unseen_by_the_listing_is_read_again(
    corpus: tuple[Path, Path], tmp_path: Path, validated: Validated, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The copied articles are racy (just written), so the entry records their bytes' hashes:
    # an edit that keeps size and mtime, which this listing cannot see, is noticed by them.
    monkeypatch.setattr(seeds, "list_tree", _blind_listing)
    cache_dir = tmp_path / "cache"
    load_cached(*corpus, cache_dir=cache_dir)
    text = corpus[0].read_text(encoding="utf-8")
    source, file_name = next(
        (source, file_name)
        for source, file_name in re.findall(r'(?m)^\[sources\.([^\]]+)\]\nfile = "([^"]+)"', text)
        if "。" in (corpus[1] / file_name).read_text(encoding="utf-8")
        and f'source = "{source}"' in text
    )
    article = corpus[1] / file_name
    before = article.stat()
    article_text = article.read_text(encoding="utf-8")
    # Both are three bytes in UTF-8.
    article.write_text(article_text.replace("。", "，", 1), encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_size == before.st_size

    def touch_events(events: Path, seeds_dir: Path) -> None:
        with events.open("a", encoding="utf-8") as stream:
            stream.write("\n# a comment\n")

    ids, _parsed = _after((*corpus, cache_dir), validated, touch_events)
    assert validated.articles > 0
    quoting = _citing(corpus[0], rf'source = "{re.escape(source)}"')
    assert set(quoting) <= set(map(str, ids))


def test_with_the_date_text_check_the_edited_event_is_checked_and_the_rest_kept(
    corpus: tuple[Path, Path], tmp_path: Path, validated: Validated
) -> None:
    check = cache.NamedCheck("tui.core.temporal", "resolve_date_text")
    cache_dir = tmp_path / "cache"
    load_cached(*corpus, check_date_text=check, cache_dir=cache_dir)
    tables = _tables(corpus[0])
    dated = next(table for table in tables[_SIZE // 2 :] if "\ndate_text = " in table)
    # The words no longer say the event's date: only the check can tell.
    wrong = re.sub(r'(?m)^date = "([0-9]{4})', lambda m: f'date = "{int(m[1]) - 3}', dated, count=1)
    _replace_once(corpus[0], dated, wrong)
    expected = _real_load(*corpus, check_date_text=check)
    validated.clear()
    got = load_cached(*corpus, check_date_text=check, cache_dir=cache_dir).result
    assert validated.ids == [_id(dated)]
    assert got == expected
    assert any(_id(dated) in problem.message for problem in got.problems)


@pytest.fixture
def resumed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many tables each scan of an events file took over from the previous entry."""
    counts: list[int] = []
    real_init = loader._Locator.__init__

    def init(self: Any, text: str, resume: Any = None) -> None:
        real_init(self, text, resume)
        counts.append(self.resumed)

    monkeypatch.setattr(loader._Locator, "__init__", init)
    return counts


def _append_copy_of_last(events: Path, newline: str = "\n") -> None:
    last = _tables(events)[-1]
    with events.open("a", encoding="utf-8", newline="") as stream:
        stream.write(newline + last.replace(f'id = "{_id(last)}"', 'id = "appended"'))


def test_an_append_resumes_the_scan_at_the_previous_last_table(
    primed: tuple[Path, Path, Path], validated: Validated, resumed: list[int]
) -> None:
    ids, _parsed = _after(primed, validated, lambda events, seeds: _append_copy_of_last(events))
    assert ids == [_id(_tables(primed[0])[-2]), "appended"]
    # The cold load's scan, then the cache's.
    assert resumed == [0, _SIZE - 1]
    # The entry written after the append resumes the next one.
    resumed.clear()
    _after(primed, validated, lambda events, seeds: _append_copy_of_last(events))
    assert resumed[-1] == _SIZE


def _same_length_change_in_first_event(events: Path) -> None:
    """Change one character of the first event's title, keeping the file's length."""
    text = events.read_text(encoding="utf-8")
    title = text.index('title = { en = "', text.index("[[events]]")) + len('title = { en = "')
    changed = "X" if text[title] != "X" else "Y"
    events.write_text(text[:title] + changed + text[title + 1 :], encoding="utf-8")


def _edit_and_append(events: Path, seeds: Path) -> None:
    _same_length_change_in_first_event(events)
    _append_copy_of_last(events)


def _append_multiline_string(events: Path, seeds: Path) -> None:
    # A header line inside a multi-line string is no header: the whole text is scanned.
    last = _tables(events)[-1]
    block = last.replace(f'id = "{_id(last)}"', 'id = "appended"')
    block = block.replace(
        'title = { en = "', 'summary = { en = """\n[[events]]\n""", zh = "z" }\ntitle = { en = "', 1
    )
    with events.open("a", encoding="utf-8") as stream:
        stream.write("\n" + block)


def _append_other_table(events: Path, seeds: Path) -> None:
    with events.open("a", encoding="utf-8") as stream:
        stream.write('\n[themes.late]\nname = { en = "Late", zh = "遲" }\n')


def _truncate_in_last_table(events: Path, seeds: Path) -> None:
    data = events.read_bytes()
    last = data.rindex(b"[[events]]")
    events.write_bytes(data[: last + (len(data) - last) // 2])


@pytest.mark.parametrize(
    ("edit", "resumes"),
    [
        pytest.param(_edit_and_append, False, id="append-and-same-length-edit-above"),
        pytest.param(
            lambda events, seeds: _same_length_change_in_first_event(events),
            False,
            id="same-length-edit-above",
        ),
        pytest.param(_append_multiline_string, False, id="append-multiline-string"),
        pytest.param(_append_other_table, True, id="append-other-table"),
        pytest.param(_truncate_in_last_table, True, id="truncated-mid-table"),
    ],
)
def test_a_resumed_scan_is_only_taken_when_the_bytes_before_it_are_the_same(
    primed: tuple[Path, Path, Path],
    validated: Validated,
    resumed: list[int],
    edit: Callable[[Path, Path], None],
    resumes: bool,
) -> None:
    _after(primed, validated, edit)
    assert resumed[0] == 0
    assert (resumed[-1] == _SIZE - 1) == resumes
    result = load_cached(*primed[:2], cache_dir=primed[2]).result
    assert result == _real_load(*primed[:2])


def test_a_crlf_file_resumes_its_scan_and_gives_a_cold_result(
    corpus: tuple[Path, Path], tmp_path: Path, validated: Validated, resumed: list[int]
) -> None:
    events, seeds_dir = corpus
    events.write_bytes(events.read_bytes().replace(b"\n", b"\r\n"))
    cache_dir = tmp_path / "cache"
    assert not load_cached(events, seeds_dir, cache_dir=cache_dir).result.problems
    validated.clear()
    resumed.clear()
    _after(
        (events, seeds_dir, cache_dir),
        validated,
        lambda events, seeds: _append_copy_of_last(events, "\r\n"),
    )
    assert resumed[-1] == _SIZE - 1
    assert validated.ids == [_id(_tables(events)[-2]), "appended"]


@pytest.fixture
def heads_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item for each time the part before the events was validated (its sources read)."""
    calls: list[int] = []
    real_sources = loader._Validator._sources

    def sources(self: Any, tables: Any) -> None:
        calls.append(1)
        real_sources(self, tables)

    monkeypatch.setattr(loader._Validator, "_sources", sources)
    return calls


def _article_of_source(events: Path, seeds: Path, index: int) -> Path:
    text = events.read_text(encoding="utf-8")
    _source, file_name = re.findall(r'(?m)^\[sources\.([^\]]+)\]\nfile = "([^"]+)"', text)[index]
    return seeds / file_name


def _article_edited_and_append(events: Path, seeds: Path) -> None:
    with _article_of_source(events, seeds, 5).open("a", encoding="utf-8") as stream:
        stream.write("\nOne more paragraph.\n")
    _append_copy_of_last(events)


@pytest.mark.parametrize(
    ("edit", "head_taken_over"),
    [
        pytest.param(lambda events, seeds: _append_copy_of_last(events), True, id="append"),
        pytest.param(_article_edited_and_append, False, id="article-edited-and-append"),
        pytest.param(_edit_and_append, False, id="same-length-edit-above-and-append"),
    ],
)
def test_an_append_takes_the_head_over_only_when_its_bytes_and_articles_are_the_same(
    primed: tuple[Path, Path, Path],
    validated: Validated,
    heads_read: list[int],
    edit: Callable[[Path, Path], None],
    head_taken_over: bool,
) -> None:
    # The first item is the cold load `_after` compares with.
    _after(primed, validated, edit)
    assert len(heads_read) == (1 if head_taken_over else 2)


def test_after_a_load_with_a_problem_an_append_validates_the_head_again(
    primed: tuple[Path, Path, Path], validated: Validated, heads_read: list[int]
) -> None:
    middle = _tables(primed[0])[_SIZE // 2]

    def break_one(events: Path, seeds: Path) -> None:
        _replace_once(
            events, middle, re.sub(r'(?m)^date = "[^"]*"', 'date = "2019-13"', middle, count=1)
        )

    _after(primed, validated, break_one)
    heads_read.clear()
    _after(primed, validated, lambda events, seeds: _append_copy_of_last(events))
    assert len(heads_read) == 2
    result = load_cached(*primed[:2], cache_dir=primed[2]).result
    assert len(result.problems) == 1 and "2019-13" in result.problems[0].message


def test_events_sharing_a_date_object_sort_as_events_with_their_own() -> None:
    from tui.core.dates import parse_event_date, sort_key
    from tui.core.model import Bilingual, Event

    def event(event_id: str, event_date: Any) -> Event:
        title = Bilingual(en=event_id, zh=event_id)
        return Event(event_id, event_date, "confirmed", None, title, None, ("a",), ("t",), ())

    shared = parse_event_date("2020-03")
    events = [
        event("b", shared),
        event("c", parse_event_date("2020")),
        event("a", parse_event_date("2020-03")),
        event("d", shared),
        event("e", parse_event_date("2019/2021")),
        event("f", parse_event_date("2020-03", "APPROX")),
    ]
    expected = sorted(events, key=lambda item: (*sort_key(item.date), item.id))
    assert [item.id for item in loader._chronological(events)] == [item.id for item in expected]
    assert [item.id for item in loader._chronological(events[::-1])] == [
        item.id for item in expected
    ]


def test_with_small_chunks_an_edit_then_its_revert_and_an_append_is_scanned_whole(
    primed: tuple[Path, Path, Path],
    validated: Validated,
    resumed: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loader, "HASHED_CHARS", 4096)
    events = primed[0]
    # An entry whose prefix digests are of 4,096-character chunks.
    _after(primed, validated, lambda events, seeds: _append_copy_of_last(events))
    original = events.read_text(encoding="utf-8")
    middle = original.index("[[events]]", len(original) // 2)
    title = original.index('title = { en = "', middle) + len('title = { en = "')
    edited = original[:title] + ("X" if original[title] != "X" else "Y") + original[title + 1 :]
    events.write_text(edited, encoding="utf-8")
    resumed.clear()
    _after(primed, validated, lambda events, seeds: None)
    assert resumed[-1] == 0
    # Back to the text before the edit: its chunk differs from the one the entry now records.
    events.write_text(original, encoding="utf-8")
    resumed.clear()
    _after(primed, validated, lambda events, seeds: _append_copy_of_last(events))
    assert resumed[-1] == 0
    resumed.clear()
    _after(primed, validated, lambda events, seeds: _append_copy_of_last(events))
    # The previous file's tables but its last.
    assert resumed[-1] == len(_tables(events)) - 2
