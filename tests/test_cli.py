"""The command line, run as a user runs it: a subprocess, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT
from tui.core.text_fitting import cell_width


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


MINI_ARGS = ("--events", MINI / "events.toml", "--seeds", MINI / "seeds")


def test_validate_clean_corpus_prints_one_line() -> None:
    completed = run("validate", *MINI_ARGS)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert len(lines) == 1
    assert "ok: 6 events (2019–2026), 6 quotes, 2 sources, 7 actors, 3 themes" in lines[0]


def test_corpus_options_work_before_and_after_the_subcommand() -> None:
    before = run("--events", MINI / "events.toml", "--seeds", MINI / "seeds", "validate")
    after = run("validate", *MINI_ARGS)
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout


def test_seeds_default_to_the_folder_beside_a_users_events_file() -> None:
    completed = run("validate", "--events", MINI / "events.toml")
    assert completed.returncode == 0, completed.stderr


def test_validate_reports_every_problem_and_exits_2(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    text = events_path.read_text(encoding="utf-8")
    broken = text.replace('date = "2019-07"', 'date = "2019-13"').replace(
        'actors = ["alipayhk"]', 'actors = ["nobody"]'
    )
    events_path.write_text(broken, encoding="utf-8")
    completed = run("validate", "--events", events_path, "--seeds", seeds_dir)
    assert completed.returncode == 2
    assert completed.stdout == ""
    problems = completed.stderr.splitlines()
    assert len(problems) == 2
    for problem in problems:
        path, line, message = problem.split(":", 2)
        assert path == str(events_path) and int(line) > 0 and message.strip()
    assert "Traceback" not in completed.stderr
    assert events_path.read_text(encoding="utf-8") == broken


def test_missing_events_file_exits_2_without_traceback(tmp_path: Path) -> None:
    completed = run("list", "--events", tmp_path / "nope.toml")
    assert completed.returncode == 2
    assert completed.stderr.strip() == f"{tmp_path / 'nope.toml'}:0: events file not found"


def test_list_aligns_cjk_columns_by_display_width() -> None:
    completed = run("list", *MINI_ARGS, "--lang", "zh")
    assert completed.returncode == 0, completed.stderr
    rows = completed.stdout.splitlines()[:-1]
    header = rows[0]
    id_column = cell_width(header[: header.index(" ID") + 1])
    for row in rows[1:]:
        # Every row's id starts at the same cell, whatever the width of the CJK text before it.
        event_id = row.split()[-1]
        assert cell_width(row[: row.rindex(event_id)]) == id_column, row
    assert any("代幣化存款推出" in row for row in rows)
    assert completed.stdout.splitlines()[-1].startswith("6 of 6 events")


@pytest.mark.parametrize("alias", ["匯豐", "汇丰", "HSBC", "滙豐銀行"])
def test_list_actor_takes_any_alias(alias: str) -> None:
    completed = run("list", *MINI_ARGS, "--actor", alias)
    assert completed.returncode == 0, completed.stderr
    ids = [line.split()[-1] for line in completed.stdout.splitlines()[1:-1]]
    assert ids == ["tokenised-deposits", "october-pilot"]


def test_list_with_children_and_status() -> None:
    completed = run("list", *MINI_ARGS, "--actor", "螞蟻集團", "--with-children")
    assert "3 of 6 events" in completed.stdout
    completed = run("list", *MINI_ARGS, "--status", "planned")
    assert "2 of 6 events" in completed.stdout


def test_list_unknown_actor_is_an_error() -> None:
    completed = run("list", *MINI_ARGS, "--actor", "Lehman")
    assert completed.returncode == 2
    assert "--actor 'Lehman'" in completed.stderr


def test_list_shows_markup_literally() -> None:
    completed = run("list", *MINI_ARGS)
    assert "Tokenised deposits [bold]live[/bold]" in completed.stdout


def test_show_prints_quotes_in_context() -> None:
    completed = run("show", "tokenised-deposits", *MINI_ARGS)
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert "代幣化存款推出" in out
    assert "“今年5月” in hk, resolved against its published date 2025-11-06" in out
    assert "»今年5月，匯豐與螞蟻國際推出代幣化存款服務«" in out
    assert "2019年7月，AlipayHK" in out  # text before the quote


def test_show_unknown_id_exits_2() -> None:
    completed = run("show", "nope", *MINI_ARGS)
    assert completed.returncode == 2 and "no event with id 'nope'" in completed.stderr


def test_export_json_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    completed = run("export", "--format", "json", "-o", target, *MINI_ARGS)
    assert completed.returncode == 0, completed.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["events"]) == 6
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_export_filters_apply() -> None:
    completed = run("export", "--format", "json", "--theme", "代幣化", *MINI_ARGS)
    document = json.loads(completed.stdout)
    assert [event["id"] for event in document["events"]] == ["tokenised-deposits", "october-pilot"]


def test_export_refuses_to_overwrite_the_events_file(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    before = events_path.read_bytes()
    completed = run("export", "--format", "csv", "-o", events_path, "--events", events_path)
    assert completed.returncode == 2
    assert "refusing to overwrite" in completed.stderr
    assert events_path.read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "timelinejs"])
def test_every_export_format_runs(fmt: str) -> None:
    completed = run("export", "--format", fmt, *MINI_ARGS)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip()


def test_actors_and_themes_list_counts() -> None:
    actors = run("actors", *MINI_ARGS)
    assert actors.returncode == 0
    hsbc = next(line for line in actors.stdout.splitlines() if line.startswith("hsbc "))
    assert hsbc.split()[1] == "2" and "汇丰" in hsbc
    # The count is the events naming the actor; the lanes view adds a person's to their
    # organisation's lane, so the list says which count it is.
    assert actors.stdout.splitlines()[-2] == (
        "EVENTS: events naming the actor (a person's not added to their organisation)"
    )
    themes = run("themes", *MINI_ARGS)
    sandbox = next(line for line in themes.stdout.splitlines() if line.startswith("sandbox "))
    assert sandbox.split()[1] == "3"


def test_bad_usage_exits_2() -> None:
    completed = run("export", "--format", "pdf", *MINI_ARGS)
    assert completed.returncode == 2
    assert "invalid choice" in completed.stderr


def test_add_source_registers_a_copy(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events_path, seeds_dir = mini
    article = tmp_path / "fresh.txt"
    article.write_text("In March 2025, something happened.", encoding="utf-8")
    completed = run(
        "add-source",
        article,
        "--title",
        "Fresh",
        "--publisher",
        "Me",
        "--published",
        "2025-04-01",
        "--language",
        "en",
        "--note",
        "from the site",
        "--events",
        events_path,
    )
    assert completed.returncode == 0, completed.stderr
    assert "added source s000 (fresh.txt)" in completed.stdout
    assert (seeds_dir / "fresh.txt").read_bytes() == article.read_bytes()
    assert run("validate", "--events", events_path).returncode == 0


def test_add_source_bad_date_exits_2(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events_path, _ = mini
    before = events_path.read_bytes()
    article = tmp_path / "fresh.txt"
    article.write_text("text", encoding="utf-8")
    completed = run(
        "add-source",
        article,
        "--title",
        "t",
        "--publisher",
        "p",
        "--published",
        "yesterday",
        "--events",
        events_path,
    )
    assert completed.returncode == 2 and "--published 'yesterday'" in completed.stderr
    assert events_path.read_bytes() == before


def test_extract_corpus_as_jsonl() -> None:
    completed = run("extract", "--format", "jsonl")
    assert completed.returncode == 0, completed.stderr
    records = [json.loads(line) for line in completed.stdout.splitlines()]
    assert {"file", "start", "end", "text", "value", "mod"} <= set(records[0])
    texts = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "seeds").glob("*")}
    for record in records:
        assert texts[record["file"]][record["start"] : record["end"]] == record["text"]
    found = {(record["text"], record["value"], record["mod"]) for record in records}
    assert ("2007年", "2007", None) in found
    assert ("2019年7月", "2019-07", None) in found
    assert ("明年年中", "2025", "MID") in found
    # Stock codes and names with a year in them (FinTech 2030, 金融科技2025) are not dates.
    assert not any(record["text"] in {"388", "2030"} for record in records)
    assert not any(record["value"] == "2030" for record in records)


def test_extract_a_file_with_a_document_date(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("金管局昨日表示，下月推出新計劃，明年年中試行。", encoding="utf-8")
    completed = run("extract", note, "--doc-date", "2024-10-29")
    assert completed.returncode == 0, completed.stderr
    rows = [line.split() for line in completed.stdout.splitlines()[1:-1]]
    assert [(row[3], row[4]) for row in rows] == [
        ("昨日", "2024-10-28"),
        ("下月", "2024-11"),
        ("明年年中", "2025"),
    ]
    assert rows[2][5] == "MID"


def test_extract_without_a_document_date_skips_relative_words(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("2019年7月起，今年5月再推。", encoding="utf-8")
    completed = run("extract", note, "--format", "jsonl")
    assert [json.loads(line)["value"] for line in completed.stdout.splitlines()] == ["2019-07"]
    assert "without --doc-date, relative dates" in completed.stderr


def test_extract_all_lists_intervals_with_their_ends(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("2017年8月至11月試行；自2019年7月起推出；預計未來3至5年覆蓋全港。", "utf-8")
    points = run("extract", note, "--doc-date", "2025-11-06", "--format", "jsonl")
    every = run("extract", "--all", note, "--doc-date", "2025-11-06", "--format", "jsonl")
    # Without --all a range gives its two ends, the second with the year of the first.
    assert [json.loads(line)["value"] for line in points.stdout.splitlines()] == [
        "2017-08", "2017-11", "2019-07"]  # fmt: skip
    records = [json.loads(line) for line in every.stdout.splitlines()]
    assert [(r["text"], r["value"], r["mod"], r["first"], r["last"]) for r in records] == [
        ("2017年8月至11月", "2017-08/2017-11", None, "2017-08-01", "2017-11-30"),
        ("自2019年7月起", "2019-07/", None, "2019-07-01", None),
        ("未來3至5年", "2025-11-06/2030-11-06", "APPROX", "2025-11-06", "2030-11-06"),
    ]


def test_extract_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert run("extract", tmp_path / "missing.txt").returncode == 2
    completed = run("extract", "--doc-date", "tomorrow")
    assert completed.returncode == 2 and "--doc-date 'tomorrow'" in completed.stderr


def test_extract_uncovered_lists_only_what_no_quote_covers() -> None:
    everything = run("extract", "--format", "jsonl").stdout.splitlines()
    uncovered = run("extract", "--uncovered", "--format", "jsonl").stdout.splitlines()
    assert 0 < len(uncovered) < len(everything) / 3
    assert not any('"2019年7月"' in line for line in uncovered)


def test_validate_cross_checks_date_text(mini: tuple[Path, Path]) -> None:
    events_path, seeds_dir = mini
    text = events_path.read_text(encoding="utf-8").replace('date = "2025-05"', 'date = "2024-05"')
    events_path.write_text(text, encoding="utf-8")
    completed = run("validate", "--events", events_path)
    assert completed.returncode == 2
    assert (
        "date_text '今年5月' resolves to 2025-05 (against hk published 2025-11-06) but the "
        "event says 2024-05"
    ) in completed.stderr


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        (("--from", "2025"), 5),
        (("--from", "2025年10月"), 4),
        (("--to", "2019"), 1),
        (("--from", "mid-2026"), 1),
        (("--from", "2026-H1", "--to", "2026-Q1"), 1),
    ],
)
def test_list_date_range_takes_engine_expressions(bounds: tuple[str, ...], expected: int) -> None:
    completed = run("list", *MINI_ARGS, *bounds)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-1].startswith(f"{expected} of 6 events")


def test_list_bad_date_exits_2() -> None:
    completed = run("list", *MINI_ARGS, "--from", "someday")
    assert completed.returncode == 2 and "--from 'someday': not a date" in completed.stderr


def test_commands_keep_an_index_cache_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("HK_TIMELINE_CACHE_DIR", str(cache))
    assert run("validate", *MINI_ARGS, "--no-cache").returncode == 0
    assert not cache.exists() or not any(cache.iterdir())
    first = run("validate", *MINI_ARGS)
    assert first.returncode == 0 and any(cache.iterdir())
    second = run("validate", *MINI_ARGS)
    assert second.stdout == first.stdout


@pytest.mark.parametrize("content", [None, b"schema = 1\n[[events]\n", b"\x00\x01binary"])
def test_tui_on_an_unusable_events_file_exits_2_before_touching_the_terminal(
    tmp_path: Path, content: bytes | None
) -> None:
    events = tmp_path / "events.toml"
    if content is not None:
        events.write_bytes(content)
    completed = run("--events", events)
    assert completed.returncode == 2
    assert completed.stderr.startswith(f"{events}:")
    # The app never started, so no escape sequence (alternate screen, mouse mode) was written.
    assert "\x1b" not in completed.stdout + completed.stderr
    if content is not None:
        assert events.read_bytes() == content


def test_an_actor_by_one_word_of_its_name() -> None:
    completed = run("list", *MINI_ARGS, "--actor", "Chartered")
    assert completed.returncode == 0, completed.stderr
    ids = [line.split()[-1] for line in completed.stdout.splitlines()[1:-1]]
    assert ids == ["sandbox-2026"]


def test_a_word_of_several_names_lists_them_and_exits_2() -> None:
    completed = run("list", "--actor", "ant", *MINI_ARGS)
    assert completed.returncode == 2
    assert completed.stdout == ""
    message = completed.stderr
    assert "--actor 'ant' matches words of 2 organisations" in message
    assert "ant-group (Ant Group), ant-international (Ant International)" in message
    assert "Traceback" not in message


def test_a_lone_events_file_is_told_where_its_articles_go(tmp_path: Path) -> None:
    lone = tmp_path / "events.toml"
    shutil.copyfile(MINI / "events.toml", lone)
    completed = run("validate", "--events", str(lone))
    assert completed.returncode == 2
    assert completed.stderr == (
        f"{tmp_path / 'seeds'}:0: seeds directory not found; the 6 events quoting its articles"
        " were left out; point --seeds DIR at the articles' directory (without it, seeds/ beside"
        " the events file is used)\n"
    )
