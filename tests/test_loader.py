"""Loader and validator: the fixture corpus loads, and every kind of mistake is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import MINI
from tui.core.errors import TimelineError
from tui.core.loader import load, load_strict


def test_fixture_corpus_loads_clean() -> None:
    result = load(MINI / "events.toml", MINI / "seeds")
    assert result.problems == ()
    corpus = result.corpus
    assert [event.id for event in corpus.events] == [
        "wallet-link",
        "tokenised-deposits",
        "october-pilot",
        "hkma-measures",
        "sandbox-2026",
        "pilot-mid-2026",
    ]
    deposits = corpus.event("tokenised-deposits")
    assert deposits is not None
    quote = deposits.quotes[0]
    assert corpus.sources["hk"].text[quote.start : quote.end] == quote.text
    assert corpus.actors["hkma"].parent == "hksar-government"
    assert corpus.sources["hk"].published.isoformat() == "2025-11-06"


# (case id, text to replace, replacement, expected message part, text on the expected line)
MUTATIONS = [
    ("schema-missing", "schema = 1\n", "", "missing 'schema = 2'", None),
    (
        "schema-wrong",
        "schema = 1",
        "schema = 3",
        "unsupported schema 3: this version reads schema 1 and 2; the file was written for a newer "
        "hk-timeline",
        "schema = 3",
    ),
    (
        "unknown-top-key",
        "schema = 1",
        "schema = 1\ncolour = 3",
        "unknown top-level key 'colour'",
        "colour = 3",
    ),
    ("source-missing-file", 'file = "hk.txt"\n', "", "source 'hk': missing 'file'", "[sources.hk]"),
    (
        "source-file-type",
        'file = "hk.txt"',
        "file = 3",
        "'file' must be a string, not an integer",
        "file = 3",
    ),
    (
        "source-missing-title",
        'title = "金管局新措施"\n',
        "",
        "source 'hk': missing 'title'",
        "[sources.hk]",
    ),
    (
        "source-published-string",
        "published = 2025-11-06",
        'published = "2025-11-06"',
        "'published' must be a TOML date",
        'published = "2025-11-06"',
    ),
    (
        "source-published-missing",
        "published = 2025-11-06\n",
        "",
        "source 'hk': missing 'published'",
        "[sources.hk]",
    ),
    (
        "source-bad-language",
        'language = "zh-Hant"',
        'language = "cantonese"',
        "language is 'cantonese'",
        'language = "cantonese"',
    ),
    (
        "source-date-not-printed",
        'published_note = "inferred for the test"\n',
        "",
        "source 'en': the article does not print its date 2025-11-04; add published_note",
        "published = 2025-11-04",
    ),
    (
        "source-unknown-key",
        'publisher = "Test Daily"',
        'publisher = "Test Daily"\nurl = "x"',
        "source 'hk': unknown key 'url'",
        'url = "x"',
    ),
    ("article-missing", 'file = "hk.txt"', 'file = "gone.txt"', "not found", 'file = "gone.txt"'),
    (
        "article-outside",
        'file = "hk.txt"',
        'file = "../events.toml"',
        "leads outside the seeds directory",
        'file = "../events.toml"',
    ),
    (
        "article-absolute",
        'file = "hk.txt"',
        'file = "/etc/passwd"',
        "must be relative",
        'file = "/etc/passwd"',
    ),
    ("article-directory", 'file = "hk.txt"', 'file = "."', "is a directory", 'file = "."'),
    (
        "actor-missing-zh",
        'name = { en = "HSBC", zh = "滙豐" }',
        'name = { en = "HSBC" }',
        "actor 'hsbc': missing zh name",
        'name = { en = "HSBC" }',
    ),
    (
        "actor-aliases-type",
        'aliases = ["渣打", "StanChart"]',
        'aliases = "渣打"',
        "actor 'stanchart': 'aliases' must be an array of strings",
        'aliases = "渣打"',
    ),
    (
        "actor-unknown-parent",
        'parent = "ant-group"',
        'parent = "ant-holdings"',
        "actor 'ant-international': unknown parent 'ant-holdings'",
        'parent = "ant-holdings"',
    ),
    (
        "actor-parent-cycle",
        '[actors.ant-group]\nname = { en = "Ant Group", zh = "螞蟻集團" }',
        '[actors.ant-group]\nname = { en = "Ant Group", zh = "螞蟻集團" }\nparent = "alipayhk"',
        "parent cycle",
        'parent = "alipayhk"',
    ),
    (
        "theme-missing-name",
        'name = { en = "Sandboxes", zh = "沙盒" }',
        'title = "x"',
        "theme 'sandbox': missing 'name'",
        "[themes.sandbox]",
    ),
    (
        "event-duplicate-id",
        'id = "october-pilot"',
        'id  = "wallet-link"',
        "event 'wallet-link': duplicate id (first defined on line",
        'id  = "wallet-link"',
    ),
    ("event-bad-id", 'id = "october-pilot"', 'id = "bad id!"', "id is 'bad id!'", 'id = "bad id!"'),
    (
        "event-bad-date",
        'date = "2019-07"',
        'date = "July 2019"',
        "bad date 'July 2019'",
        'date = "July 2019"',
    ),
    (
        "event-impossible-date",
        'date = "2019-07"',
        'date = "2019-02-30"',
        "has no day 30",
        'date = "2019-02-30"',
    ),
    (
        "event-date-integer",
        'date = "2019-07"',
        "date = 2019",
        "'date' must be a string",
        "date = 2019",
    ),
    ("event-bad-mod", 'mod = "MID"', 'mod = "LATE"', "bad mod 'LATE'", 'mod = "LATE"'),
    (
        "event-bad-status",
        'status = "planned"\ndate_text = "明年年中"',
        'status = "maybe"\ndate_text = "明年年中"',
        "status is 'maybe'",
        'status = "maybe"',
    ),
    (
        "event-missing-status",
        'status = "happened"\ndate_text = "2019年7月"\n',
        'date_text = "2019年7月"\n',
        "event 'wallet-link': status is missing",
        'id = "wallet-link"',
    ),
    (
        "event-missing-en-title",
        'title = { en = "Wallets linked", zh = "錢包互聯" }',
        'title = { zh = "錢包互聯" }',
        "event 'wallet-link': missing en title",
        'title = { zh = "錢包互聯" }',
    ),
    (
        "event-missing-zh-title",
        'title = { en = "Joint pilot", zh = "聯合試點" }',
        'title = { en = "Joint pilot", zh = "" }',
        "event 'october-pilot': missing zh title",
        'title = { en = "Joint pilot", zh = "" }',
    ),
    (
        "event-unknown-actor",
        'actors = ["alipayhk"]',
        'actors = ["alipay-hk"]',
        "unknown actor 'alipay-hk'",
        'actors = ["alipay-hk"]',
    ),
    (
        "event-unknown-theme",
        'themes = ["payments"]\nsources = [{ source = "hk", quote = "2019',
        'themes = ["payment"]\nsources = [{ source = "hk", quote = "2019',
        "unknown theme 'payment'",
        'themes = ["payment"]',
    ),
    (
        "event-unknown-source",
        'source = "en", quote = "In October',
        'source = "fr", quote = "In October',
        "unknown source 'fr'",
        'source = "fr"',
    ),
    (
        "event-unknown-key",
        'id = "october-pilot"',
        'id = "october-pilot"\nurl = "x"',
        "event 'october-pilot': unknown key 'url'",
        'url = "x"',
    ),
    (
        "quote-not-found",
        "今年5月，匯豐與螞蟻國際推出代幣化存款服務",
        "今年5月，汇丰与蚂蚁国际推出代币化存款服务",
        "quote not found in hk",
        "今年5月，汇丰与蚂蚁国际",
    ),
    (
        "quote-empty",
        'quote = "In October, Ant International joined HSBC in a pilot."',
        'quote = ""',
        "event 'october-pilot': quote from 'en' is empty",
        'quote = ""',
    ),
    (
        "quote-ambiguous",
        'quote = "In October, Ant International joined HSBC in a pilot."',
        'quote = "In"',
        "quote is ambiguous: it occurs 2 times in en",
        'quote = "In"',
    ),
    (
        "quote-occurrence-too-big",
        'quote = "In October, Ant International joined HSBC in a pilot."',
        'quote = "pilot", occurrence = 3',
        "occurrence 3 but the quote occurs 1 time(s)",
        'quote = "pilot", occurrence = 3',
    ),
    (
        "date-text-not-in-quote",
        'date_text = "In October"',
        'date_text = "In November"',
        "date_text 'In November' is not in any of the event's quotes",
        'date_text = "In November"',
    ),
    (
        "event-no-sources",
        'sources = [{ source = "en", quote = "In October, Ant International '
        'joined HSBC in a pilot." }]',
        "sources = []",
        "'sources' must be a non-empty array",
        "sources = []",
    ),
    (
        "event-empty-actors",
        'actors = ["stanchart"]',
        "actors = []",
        "'actors' is empty",
        "actors = []",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "message", "anchor"),
    [case[1:] for case in MUTATIONS],
    ids=[case[0] for case in MUTATIONS],
)
def test_each_mistake_is_reported_with_its_line(
    mini: tuple[Path, Path], old: str, new: str, message: str, anchor: str | None
) -> None:
    events_path, seeds_dir = mini
    text = events_path.read_text(encoding="utf-8")
    assert old in text, "the mutation must apply to the fixture"
    mutated = text.replace(old, new, 1)
    events_path.write_text(mutated, encoding="utf-8")
    before = {path: path.read_bytes() for path in [events_path, *seeds_dir.iterdir()]}

    result = load(events_path, seeds_dir)

    matching = [problem for problem in result.problems if message in problem.message]
    assert matching, f"expected {message!r} in {[str(p) for p in result.problems]}"
    problem = matching[0]
    assert problem.path == str(events_path) or problem.path.startswith(str(seeds_dir))
    if anchor is None:
        assert problem.line in (0, 1)
    else:
        expected = next(
            number for number, line in enumerate(mutated.splitlines(), start=1) if anchor in line
        )
        assert problem.line == expected, str(problem)
    assert str(problem).startswith(f"{problem.path}:{problem.line}: ")
    assert {path: path.read_bytes() for path in before} == before


def test_all_problems_are_collected_in_one_pass(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    text = events_path.read_text(encoding="utf-8")
    text = text.replace('date = "2019-07"', 'date = "2019-13"')
    text = text.replace('actors = ["alipayhk"]', 'actors = ["nobody"]')
    planned = 'status = "planned"\ndate_text = "明年年中"'
    text = text.replace(planned, planned.replace('"planned"', '"x"'))
    events_path.write_text(text, encoding="utf-8")
    messages = [problem.message for problem in load(events_path, seeds_dir).problems]
    assert len(messages) == 3
    assert any("month 13" in message for message in messages)
    assert any("unknown actor 'nobody'" in message for message in messages)
    assert any("status is 'x'" in message for message in messages)


def test_invalid_events_are_left_out_and_valid_ones_kept(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    text = events_path.read_text(encoding="utf-8").replace('date = "2019-07"', 'date = "x"')
    events_path.write_text(text, encoding="utf-8")
    result = load(events_path, seeds_dir)
    assert len(result.problems) == 1 and not result.fatal
    assert "wallet-link" not in [event.id for event in result.corpus.events]
    assert len(result.corpus.events) == 5


def test_toml_syntax_error_keeps_line_and_column(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    lines = events_path.read_text(encoding="utf-8").splitlines()
    lines[9] = 'publisher = "unterminated'
    events_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load(events_path, seeds_dir)
    assert result.fatal
    (problem,) = result.problems
    assert problem.line == 10
    assert "TOML syntax error, column" in problem.message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("金管局".encode("big5"), "byte 0xAA at byte offset 0 cannot be decoded (it may be Big5)"),
        ("汇丰银行".encode("gbk"), "byte 0xBB at byte offset 0 cannot be decoded"),
        ("HSBC 匯豐".encode("utf-16"), "it looks like UTF-16"),
        (b"line one\nline two \xff\n", "byte 0xFF at byte offset 18"),
    ],
)
def test_article_not_utf8_names_the_byte(mini: tuple[Path, Path], raw: bytes, message: str) -> None:
    events_path, seeds_dir = mini
    (seeds_dir / "hk.txt").write_bytes(raw)
    result = load(events_path, seeds_dir)
    matching = [problem for problem in result.problems if message in problem.message]
    assert matching, [str(problem) for problem in result.problems]
    assert matching[0].path == str(seeds_dir / "hk.txt")
    # Events that quote the unreadable article are left out; the others stay.
    assert [event.id for event in result.corpus.events] == ["october-pilot", "sandbox-2026"]


def test_empty_article(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    (seeds_dir / "en.txt").write_bytes(b"")
    messages = [problem.message for problem in load(events_path, seeds_dir).problems]
    assert any("is empty" in message for message in messages)


def test_symlink_leading_out_of_seeds(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events_path, seeds_dir = mini
    outside = tmp_path / "outside.txt"
    outside.write_text("In October, Ant International joined HSBC in a pilot.", encoding="utf-8")
    (seeds_dir / "en.txt").unlink()
    os.symlink(outside, seeds_dir / "en.txt")
    messages = [problem.message for problem in load(events_path, seeds_dir).problems]
    assert any("leads outside the seeds directory" in message for message in messages)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "events file not found"),
        ("directory", "is a directory, not an events file"),
        ("binary", "is binary (NUL byte at byte offset"),
    ],
)
def test_unreadable_events_file_is_fatal(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "events.toml"
    if setup == "directory":
        path.mkdir()
    elif setup == "binary":
        path.write_bytes(b"schema = 1\n\x00\x01\x02")
    result = load(path, tmp_path)
    assert result.fatal
    assert message in result.problems[0].message
    with pytest.raises(TimelineError):
        load_strict(path, tmp_path)


def test_events_left_out_for_a_broken_source_are_counted(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    (seeds_dir / "en.txt").unlink()
    messages = [problem.message for problem in load(events_path, seeds_dir).problems]
    assert "source 'en' is unusable, so the 2 events quoting it were left out" in messages


@pytest.mark.parametrize(
    "file_value",
    [
        *("en.txt", "./en.txt", "sub/../en.txt", ".", "..", "\\\\en.txt", "missing.txt"),
        *("folder", "outside-link.txt", "en.txt ", "inside-link.txt", "恒生.txt"),
    ],
)
@pytest.mark.parametrize("relative_seeds", [False, True])
def test_article_names_read_as_the_full_path_check_reads_them(
    mini: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file_value: str,
    relative_seeds: bool,
) -> None:
    # A plain name skips the walk that resolves every part of the path: whatever the name,
    # the corpus and every problem (and the path each names) are what the walk gives.
    from tui.core import loader as loader_module

    events_path, seeds_dir = mini
    (seeds_dir / "folder").mkdir()
    for name in ("恒生.txt", "\\en.txt"):  # the second, read as Windows reads it, is absolute
        (seeds_dir / name).write_bytes((seeds_dir / "en.txt").read_bytes())
    os.symlink(seeds_dir / "en.txt", seeds_dir / "inside-link.txt")
    outside = tmp_path / "outside.txt"
    outside.write_bytes((seeds_dir / "en.txt").read_bytes())
    os.symlink(outside, seeds_dir / "outside-link.txt")
    text = events_path.read_text(encoding="utf-8")
    events_path.write_text(text.replace('file = "en.txt"', f'file = "{file_value}"'), "utf-8")
    if relative_seeds:
        monkeypatch.chdir(seeds_dir)
        seeds_dir = Path(".")
    fast = load(events_path, seeds_dir)
    valid = file_value in ("en.txt", "./en.txt", "inside-link.txt", "恒生.txt")
    assert bool(fast.problems) is not valid  # the name was put in the file
    monkeypatch.setattr(loader_module, "_plain_name_inside", lambda _folder, _name: False)
    walked = load(events_path, seeds_dir)
    assert (fast.corpus, fast.problems) == (walked.corpus, walked.problems)


def test_a_load_says_how_many_events_there_are_before_it_reads_the_head(
    mini: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The head and its articles take a second and more at 100,000 events: the count is
    # known from the scan, so the header can say "loading 100,000 events… 0%" before them.
    from tui.core import loader as loader_module

    said: list[object] = []
    real_parse = loader_module.parse_toml

    def parse(text: str) -> dict[str, object]:
        said.append("parse")
        return real_parse(text)

    monkeypatch.setattr(loader_module, "parse_toml", parse)
    events_path, seeds_dir = mini
    load(events_path, seeds_dir, progress=lambda done, total: said.append((done, total)))
    assert said[0] == (0, 6)
    assert said.index("parse") == 1


def test_the_order_taken_from_a_previous_load_is_the_order_of_a_sort(tmp_path: Path) -> None:
    # Events taken over from the previous load keep its order and the others are put in
    # their places: for every mix of kept, moved, new and dropped events, that is the order
    # a sort of them all gives.
    import random
    from dataclasses import replace as replaced

    from tests.conftest import import_generator
    from tui.core.loader import _chronological

    import_generator().generate(400, tmp_path / "corpus", seed=5)
    before = load(tmp_path / "corpus" / "events.toml", tmp_path / "corpus" / "seeds").corpus.events
    rng = random.Random(7)
    for _ in range(60):
        events = list(before)
        for _ in range(rng.randrange(0, 40)):
            at = rng.randrange(len(events))
            change = rng.randrange(3)
            if change == 0:
                del events[at]  # deleted
            elif change == 1:
                events[at] = replaced(events[at], line=events[at].line + 3)  # moved: a copy
            else:
                source = rng.choice(before)
                events.append(replaced(source, id=f"{source.id}-new-{at}"))  # added
        rng.shuffle(events)  # the file's order is not the date order
        assert _chronological(events, before) == _chronological(events)
    appended = [*before, replaced(before[0], id="zz-appended")]
    assert _chronological(appended, before) == _chronological(appended)
    assert _chronological(list(reversed(before)), before) == before
    moved = [replaced(event, line=event.line + 1) for event in before]  # an insertion above
    assert _chronological(moved[::-1], before) == _chronological(moved)
