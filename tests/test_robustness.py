"""Bad input through the command line: a clear PATH:LINE message, exit 2, files untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_loader import MUTATIONS
from tui.cli import main


def snapshot(*roots: Path) -> dict[Path, bytes]:
    """Every file under the given paths, with its bytes."""
    files: dict[Path, bytes] = {}
    for root in roots:
        if root.is_file():
            files[root] = root.read_bytes()
        elif root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    files[path] = path.read_bytes()
    return files


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [case[1:4] for case in MUTATIONS],
    ids=[case[0] for case in MUTATIONS],
)
def test_schema_mistakes_exit_2_and_change_nothing(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], old: str, new: str,
    message: str,
) -> None:
    events_path, seeds_dir = mini
    events_path.write_text(events_path.read_text(encoding="utf-8").replace(old, new, 1),
                           encoding="utf-8")
    before = snapshot(events_path.parent)
    status, out, err = run_cli(capsys, "validate", "--events", events_path, "--seeds", seeds_dir)
    assert status == 2
    assert out == ""
    assert message in err
    for line in err.splitlines():
        path, number, text = line.split(":", 2)
        assert Path(path).exists() and number.isdigit() and text.startswith(" ")
    assert "Traceback" not in err
    assert snapshot(events_path.parent) == before


ARTICLE_CASES = [
    ("big5", lambda p: p.write_bytes("香港金融管理局".encode("big5")), "it may be Big5"),
    ("gbk", lambda p: p.write_bytes("汇丰银行与蚂蚁".encode("gbk")), "byte 0xBB at byte offset 0"),
    ("utf16", lambda p: p.write_bytes("匯豐".encode("utf-16")), "it looks like UTF-16"),
    ("empty", lambda p: p.write_bytes(b""), "is empty"),
    ("whitespace-only", lambda p: p.write_bytes(b"  \n\n"), "is empty"),
    ("missing", lambda p: p.unlink(), "not found"),
    ("directory", lambda p: (p.unlink(), p.mkdir()), "is a directory"),
    ("binary", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "is binary (NUL byte"),
]


@pytest.mark.parametrize(("mutate", "message"), [case[1:] for case in ARTICLE_CASES],
                         ids=[case[0] for case in ARTICLE_CASES])
def test_unreadable_articles(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], mutate: object, message: str
) -> None:
    events_path, seeds_dir = mini
    assert callable(mutate)
    mutate(seeds_dir / "hk.txt")
    before = snapshot(events_path.parent)
    status, _, err = run_cli(capsys, "validate", "--events", events_path, "--seeds", seeds_dir)
    assert status == 2
    assert message in err, err
    assert "hk.txt" in err
    assert snapshot(events_path.parent) == before


@pytest.mark.parametrize(
    ("file_value", "message"),
    [
        ("../events.toml", "leads outside the seeds directory"),
        ("../../../../../../etc/hostname", "leads outside the seeds directory"),
        ("/etc/hostname", "must be relative"),
        ("", "'file' is empty"),
    ],
)
def test_article_paths_must_stay_inside_seeds(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str], file_value: str, message: str
) -> None:
    events_path, seeds_dir = mini
    text = events_path.read_text(encoding="utf-8").replace('file = "en.txt"',
                                                           f'file = "{file_value}"')
    events_path.write_text(text, encoding="utf-8")
    status, _, err = run_cli(capsys, "validate", "--events", events_path, "--seeds", seeds_dir)
    assert status == 2 and message in err


def test_symlink_out_of_seeds_is_refused(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events_path, seeds_dir = mini
    secret = tmp_path / "secret.txt"
    secret.write_text("In October, Ant International joined HSBC in a pilot.", encoding="utf-8")
    (seeds_dir / "en.txt").unlink()
    os.symlink(secret, seeds_dir / "en.txt")
    status, _, err = run_cli(capsys, "validate", "--events", events_path, "--seeds", seeds_dir)
    assert status == 2 and "leads outside the seeds directory" in err


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "events file not found"),
        ("directory", "is a directory, not an events file"),
        ("binary", "is binary (NUL byte at byte offset 3)"),
        ("latin1", "is not UTF-8: byte 0xE9 at byte offset 10"),
        ("syntax", "TOML syntax error, column"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "list", "export", "actors", "themes"])
def test_unusable_events_file_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, message: str, command: str
) -> None:
    path = tmp_path / "events.toml"
    if setup == "directory":
        path.mkdir()
    elif setup == "binary":
        path.write_bytes(b"abc\x00\x01")
    elif setup == "latin1":
        path.write_bytes("# caf\u00e9\n".encode("latin-1").rjust(12, b" "))
    elif setup == "syntax":
        path.write_text("schema = 1\n[sources.a\n", encoding="utf-8")
    before = snapshot(tmp_path)
    status, out, err = run_cli(capsys, command, "--events", path, "--seeds", tmp_path)
    assert status == 2
    assert out == ""
    assert err.startswith(f"{path}:")
    assert message in err, err
    assert snapshot(tmp_path) == before


def test_show_on_a_broken_corpus_exits_2(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events_path, seeds_dir = mini
    text = events_path.read_text(encoding="utf-8").replace('date = "2019-07"', 'date = "2019-00"')
    events_path.write_text(text, encoding="utf-8")
    status, _, err = run_cli(capsys, "show", "october-pilot", "--events", events_path)
    assert status == 2 and "month 0 does not exist" in err


def test_a_10_mb_article_and_a_1_mb_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    filler = "香港金融科技發展迅速。" * 100_000  # about 3 MB of UTF-8 per copy
    needle = "2019年7月，錢包互聯互通。"
    article = filler + "\n" + "x" * 1_000_000 + "\n" + filler + needle + filler
    (seeds / "big.txt").write_text(article, encoding="utf-8")
    assert (seeds / "big.txt").stat().st_size > 10_000_000
    long_title = "T" * 1_000_000
    (tmp_path / "events.toml").write_text(
        f"""schema = 1
[sources.big]
file = "big.txt"
title = "{long_title}"
publisher = "P"
published = 2020-01-01
published_note = "test"
language = "zh-Hant"
[actors.a]
name = {{ en = "A", zh = "甲" }}
[themes.t]
name = {{ en = "T", zh = "丁" }}
[[events]]
id = "e"
date = "2019-07"
status = "happened"
date_text = "2019年7月"
title = {{ en = "E", zh = "乙" }}
actors = ["a"]
themes = ["t"]
sources = [{{ source = "big", quote = "{needle}" }}]
""",
        encoding="utf-8",
    )
    status, out, err = run_cli(capsys, "validate", "--events", tmp_path / "events.toml")
    assert status == 0, err
    assert "ok: 1 events" in out


def test_ten_thousand_actors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("In October, a thing happened.", encoding="utf-8")
    actors = "".join(
        f'[actors.org{n}]\nname = {{ en = "Org {n}", zh = "機構{n}" }}\n'
        f'aliases = ["O{n}"]\n' + (f'parent = "org{n - 1}"\n' if n % 100 else "")
        for n in range(10_000)
    )
    (tmp_path / "events.toml").write_text(
        'schema = 1\n[sources.s]\nfile = "a.txt"\ntitle = "t"\npublisher = "p"\n'
        'published = 2025-11-04\npublished_note = "test"\nlanguage = "en"\n' + actors +
        '[themes.t]\nname = { en = "T", zh = "丁" }\n'
        '[[events]]\nid = "e"\ndate = "2025-10"\nstatus = "happened"\n'
        'title = { en = "E", zh = "乙" }\nactors = ["org9999"]\nthemes = ["t"]\n'
        'sources = [{ source = "s", quote = "In October, a thing happened." }]\n',
        encoding="utf-8",
    )
    status, out, err = run_cli(capsys, "validate", "--events", tmp_path / "events.toml")
    assert status == 0, err
    assert "10000 actors" in out
    status, out, err = run_cli(capsys, "list", "--events", tmp_path / "events.toml",
                               "--actor", "O9900", "--with-children")
    assert status == 0 and "1 of 1 events" in out
