"""Catalogue of the writers' promises: every write keeps the user's file (issue #15).

Edits and deletes change only their own lines on the real corpus; the atomic writer writes
through symlinks, refuses what is not a regular file or is read-only, keeps mode and owner;
add-source is all-or-nothing; line endings stay; unsaved events are not cited by line.
"""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import subprocess
import sys
import time
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REAL_EVENTS, REAL_SEEDS
from tests.test_robustness import run_cli, snapshot
from tui.core import curate
from tui.core.atomic import atomic_write
from tui.core.curate import Curator, EventDraft
from tui.core.drafting import draft_of
from tui.core.errors import TimelineError
from tui.core.loader import load

EXE = Path(sys.executable).with_name("hk-timeline")
"""The installed command, beside the interpreter that runs the tests (as in test_robustness_cli)."""

ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (chown, 0444 as root)"
)


def changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith(("+ ", "- "))
    ]


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


@pytest.fixture(scope="module")
def real_ids() -> list[str]:
    return [table["id"] for table in tomllib.loads(REAL_EVENTS.read_text("utf-8"))["events"]]


@pytest.fixture
def real(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the bundled corpus (events.toml beside a symlink to the seeds)."""
    events = tmp_path / "events.toml"
    shutil.copyfile(REAL_EVENTS, events)
    return events, REAL_SEEDS


def stored(events: Path, event_id: str, seeds: Path | None = None) -> EventDraft:
    """The draft the edit form starts from (tui.core.drafting.draft_of, as the TUI does)."""
    corpus = load(events, seeds or events.parent / "seeds").corpus
    event = corpus.event(event_id)
    assert event is not None, event_id
    return draft_of(event, corpus)


# -- 1. edits and deletes keep every other byte ------------------------------------------------


def test_every_real_event_saved_unchanged_is_byte_identical(
    real: tuple[Path, Path], real_ids: list[str]
) -> None:
    events, seeds = real
    original = events.read_bytes()
    curator = Curator(events, seeds)
    corpus = load(events, seeds).corpus
    for event_id in real_ids:
        event = corpus.event(event_id)
        assert event is not None
        curator.update_event(event_id, draft_of(event, corpus))
        assert events.read_bytes() == original, event_id


def test_every_real_event_retitled_changes_exactly_its_title_line(
    real: tuple[Path, Path], real_ids: list[str]
) -> None:
    events, seeds = real
    original = events.read_text("utf-8")
    curator = Curator(events, seeds)
    corpus = load(events, seeds).corpus
    for event_id in real_ids:
        event = corpus.event(event_id)
        assert event is not None
        draft = draft_of(event, corpus)
        curator.update_event(event_id, replace(draft, title_en=draft.title_en + " (edited)"))
        after = events.read_text("utf-8")
        diff = changed(original, after)
        assert len(diff) == 2, (event_id, diff)
        assert diff[0].startswith("- title = ") and diff[1].startswith("+ title = ")
        assert "(edited)" in diff[1]
        curator.undo()
        assert events.read_text("utf-8") == original


def test_every_real_event_deleted_removes_only_its_block(
    real: tuple[Path, Path], real_ids: list[str]
) -> None:
    events, seeds = real
    original = events.read_text("utf-8")
    curator = Curator(events, seeds)
    for event_id in real_ids:
        curator.delete_event(event_id)
        after = events.read_text("utf-8")
        diff = changed(original, after)
        assert all(line.startswith("- ") for line in diff), event_id
        assert f'id = "{event_id}"' not in after
        # Exactly its own lines and the blank line above its header are gone.
        lines = original.split("\n")
        header = lines.index(f'id = "{event_id}"') - 1
        end = lines.index("", header) - 1
        assert lines[header] == "[[events]]" and lines[header - 1] == ""
        kept = lines[: header - 1] + lines[end + 1 :]
        assert after.split("\n") == kept, event_id
        # Every comment outside the event stays (its own `# hint-ok:` lines go with it).
        assert comments(after) == comments("\n".join(kept)), event_id
        curator.undo()
        assert events.read_text("utf-8") == original


MINI_EDIT = """\
# A heading before the event
[[events]]
id = "edited"  # the id note
date = "2025-10"
# a comment inside the event
status = "happened"
date_text = "In October"
title = { en = "Joint pilot", zh = "聯合試點" }  # title note
actors = ["hsbc", "ant-international"]
themes = ["tokenisation"]
sources = [{ source = "en", quote = "In October, Ant International joined HSBC in a pilot." }]

# --- 2019 ---

"""


def _mini_with_block(events: Path) -> str:
    text = events.read_text("utf-8")
    text = text.replace("[[events]]", MINI_EDIT + "[[events]]", 1)
    events.write_text(text, "utf-8")
    return text


def test_edit_keeps_comments_and_the_users_actor_order(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    before = _mini_with_block(events)
    curator = Curator(events, seeds)
    draft = stored(events, "edited")
    assert draft.actors == ("hsbc", "ant-international")
    curator.update_event("edited", draft)
    assert events.read_text("utf-8") == before
    # Same set in another order: the user's line stays.
    curator.update_event("edited", replace(draft, actors=("ant-international", "hsbc")))
    assert events.read_text("utf-8") == before
    # One removed, one added: the old order, the new one appended; the title note kept.
    curator.update_event(
        "edited",
        replace(draft, actors=("alipayhk", "ant-international"), title_en="Renamed"),
    )
    assert sorted(changed(before, events.read_text("utf-8"))) == [
        '+ actors = ["ant-international", "alipayhk"]',
        '+ title = { en = "Renamed", zh = "聯合試點" }  # title note',
        '- actors = ["hsbc", "ant-international"]',
        '- title = { en = "Joint pilot", zh = "聯合試點" }  # title note',
    ]


def test_edit_adds_and_removes_keys_where_the_house_layout_puts_them(
    mini: tuple[Path, Path],
) -> None:
    events, seeds = mini
    before = _mini_with_block(events)
    curator = Curator(events, seeds)
    draft = stored(events, "edited")
    curator.update_event("edited", replace(draft, mod="START", summary_en="S", summary_zh="摘"))
    after = events.read_text("utf-8")
    assert changed(before, after) == [
        '+ mod = "START"',
        '+ summary = { en = "S", zh = "摘" }',
    ]
    lines = after.splitlines()
    assert lines[lines.index('+ mod = "START"'[2:]) - 1] == 'date = "2025-10"'
    assert lines[lines.index('summary = { en = "S", zh = "摘" }') - 1].startswith("title = ")
    curator.update_event("edited", replace(draft, date_text=None))
    assert changed(before, events.read_text("utf-8")) == ['- date_text = "In October"']


def test_unchanged_date_keeps_date_lines(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    before = _mini_with_block(events)
    curator = Curator(events, seeds)
    draft = stored(events, "edited")
    curator.update_event("edited", replace(draft, title_en="Only the title"))
    diff = changed(before, events.read_text("utf-8"))
    assert [line[:9] for line in diff] == ["- title =", "+ title ="]


def test_delete_keeps_the_heading_above_and_the_next_events_heading(
    mini: tuple[Path, Path],
) -> None:
    events, seeds = mini
    before = _mini_with_block(events)
    curator = Curator(events, seeds)
    curator.delete_event("edited")
    after = events.read_text("utf-8")
    assert comments(after) == [c for c in comments(before) if c != "# a comment inside the event"]
    assert "# A heading before the event" in after
    assert "# a comment inside the event" not in after  # inside the block: its own line
    assert "# --- 2019 ---\n\n[[events]]" in after
    assert all(line.startswith("- ") for line in changed(before, after))
    curator.undo()
    assert events.read_text("utf-8") == before


MULTILINE_TRAP = '''
[[events]]
id = "trap"
date = "2025-10"
status = "happened"
title = { en = """Has a
[[events]]
inside""", zh = "陷阱" }
actors = ["hsbc"]
themes = ["payments"]
sources = [{ source = "en", quote = "In October, Ant International joined HSBC in a pilot." }]
'''


def test_multiline_string_holding_events_header_is_not_a_block(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    events.write_text(events.read_text("utf-8") + MULTILINE_TRAP, "utf-8")
    before = events.read_text("utf-8")
    curator = Curator(events, seeds)
    curator.update_event("trap", replace(stored(events, "trap"), themes=("payments", "sandbox")))
    assert changed(before, events.read_text("utf-8")) == [
        '- themes = ["payments"]',
        '+ themes = ["payments", "sandbox"]',
    ]
    curator.delete_event("trap")
    assert events.read_text("utf-8") == before.removesuffix(MULTILINE_TRAP)


# -- 5. line endings -------------------------------------------------------------------------


def test_crlf_file_stays_crlf_through_every_write(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events, seeds = mini
    crlf = _mini_with_block(events).replace("\n", "\r\n").encode("utf-8")
    events.write_bytes(crlf)
    curator = Curator(events, seeds)
    draft = stored(events, "edited")
    curator.update_event("edited", replace(draft, title_en="X", mod="END"))
    curator.add_event(replace(draft, id="another"))
    curator.delete_event("another")
    article = tmp_path / "crlf-article.txt"
    article.write_text("2024年12月，首期沙盒推出。", encoding="utf-8")
    curator.add_source(
        article, title="t", publisher="p", published=date(2024, 12, 20), published_note="n"
    )
    raw = events.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    for _ in range(4):
        curator.undo()
    assert events.read_bytes() == crlf


# -- 6. a file that does not parse ------------------------------------------------------------


def test_every_action_after_a_failed_reload_is_a_clear_error(
    mini: tuple[Path, Path], tmp_path: Path
) -> None:
    events, seeds = mini
    curator = Curator(events, seeds)
    draft = stored(events, "october-pilot")
    events.write_text("this is = not [toml\n", "utf-8")
    assert any(problem.fatal for problem in curator.reload().problems)
    broken = events.read_bytes()
    article = tmp_path / "a.txt"
    article.write_text("text", "utf-8")
    for action in (
        lambda: curator.delete_event("october-pilot"),
        lambda: curator.update_event("october-pilot", draft),
        lambda: curator.add_event(replace(draft, id="new")),
        lambda: curator.add_source(article, title="t", publisher="p", published=date(2025, 1, 1)),
    ):
        with pytest.raises(TimelineError) as caught:
            action()
        assert "does not load" in str(caught.value)
        assert events.read_bytes() == broken


# -- 7. unsaved events are not cited by a line --------------------------------------------------


def test_problems_of_a_new_or_edited_event_do_not_cite_a_line(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    curator = Curator(events, seeds)
    bad = replace(stored(events, "october-pilot"), id="fresh", actors=("nobody",))
    with pytest.raises(TimelineError) as caught:
        curator.add_event(bad)
    text = str(caught.value)
    assert "new event 'fresh': " in text and "unknown actor 'nobody'" in text
    assert "events.toml:" not in text
    # The label names the event once, not "new event 'fresh': event 'fresh': …".
    assert "'fresh': event 'fresh'" not in text
    with pytest.raises(TimelineError) as caught:
        curator.update_event("october-pilot", replace(bad, id="october-pilot"))
    assert "event 'october-pilot' (not saved): " in str(caught.value)
    assert "events.toml:" not in str(caught.value)


# -- 3. the atomic writer ---------------------------------------------------------------------


def test_write_goes_through_a_symlink(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events, seeds = mini
    real_file = tmp_path / "elsewhere" / "events.toml"
    real_file.parent.mkdir()
    shutil.move(events, real_file)
    events.symlink_to(real_file)
    curator = Curator(events, seeds)
    curator.delete_event("october-pilot")
    assert events.is_symlink()
    assert 'id = "october-pilot"' not in real_file.read_text("utf-8")


def _null_device(tmp_path: Path) -> Path:
    """A character device to aim at: a private null device as root (so that a writer that
    replaces devices cannot break the machine's /dev/null), else /dev/null itself."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return device


def test_export_refuses_a_device_and_leaves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = _null_device(tmp_path)
    before = os.stat(device)
    status, _, err = run_cli(capsys, "export", "-o", device)
    assert status == 2
    assert f"{device}:0: is a character device, not a regular file; nothing was written" in err
    assert "Permission denied" not in err and ".tmp" not in err
    after = os.stat(device)
    assert (before.st_ino, before.st_mode, before.st_rdev) == (
        after.st_ino,
        after.st_mode,
        after.st_rdev,
    )


def test_export_to_dev_stdout_on_a_pipe_says_what_failed() -> None:
    done = subprocess.run(
        [str(EXE), "export", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "/dev/stdout:0: is a FIFO (named pipe), not a regular file" in done.stderr
    assert "Permission denied" not in done.stderr and "Traceback" not in done.stderr


def test_export_refuses_a_fifo_without_opening_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    status, _, err = run_cli(capsys, "export", "-o", fifo)
    assert status == 2 and "is a FIFO (named pipe), not a regular file" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_through_a_symlink_keeps_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", "utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    status, _, _ = run_cli(capsys, "export", "-o", link, "--format", "json")
    assert status == 0
    assert link.is_symlink() and target.read_text("utf-8").startswith(("[", "{"))


def test_read_only_file_is_refused_even_as_root(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    events.chmod(0o444)
    before = snapshot(events.parent)
    curator = Curator(events, seeds)
    with pytest.raises(TimelineError, match=r"is read-only \(mode 0444\); nothing was written"):
        curator.delete_event("october-pilot")
    assert snapshot(events.parent) == before
    assert stat.S_IMODE(events.stat().st_mode) == 0o444


@ROOT_ONLY
def test_mode_owner_and_group_survive_a_save(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    os.chown(events, 65534, 65534)
    events.chmod(0o640)
    Curator(events, seeds).delete_event("october-pilot")
    info = events.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)


def test_read_only_folder_says_the_folder_must_be_writable(
    mini: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    events, seeds = mini
    curator = Curator(events, seeds)
    before = snapshot(events.parent)
    import tempfile

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(TimelineError) as caught:
        curator.delete_event("october-pilot")
    message = str(caught.value)
    assert message.startswith(f"{events}:0: ")
    assert "folder" in message and "must be writable" in message and ".tmp" not in message
    monkeypatch.undo()
    assert snapshot(events.parent) == before


def test_stale_temporary_files_of_the_same_target_are_removed(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    stale = events.parent / ".events.toml.abcd1234.tmp"
    stale.write_text("half a save", "utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = events.parent / ".events.toml.wxyz9876.tmp"  # maybe a save in progress
    fresh.write_text("in progress", "utf-8")
    other = events.parent / ".events.toml.notours.tmp"
    other.write_text("keep", "utf-8")
    os.utime(other, (old, old))
    Curator(events, seeds).delete_event("october-pilot")
    assert not stale.exists()
    assert fresh.exists() and other.exists()


def test_target_that_turns_into_a_symlink_while_saving_is_not_replaced(
    tmp_path: Path,
) -> None:
    from tui.core.atomic import prepare_write

    target = tmp_path / "file.txt"
    target.write_text("old", "utf-8")
    pending = prepare_write(target, "new")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("other", "utf-8")
    target.unlink()
    target.symlink_to(elsewhere)
    with pytest.raises(TimelineError, match="became a symbolic link"):
        pending.commit()
    assert target.is_symlink() and elsewhere.read_text("utf-8") == "other"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.txt", "file.txt"]


def test_lone_surrogates_are_refused_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", "utf-8")
    with pytest.raises(TimelineError, match="lone surrogate"):
        atomic_write(target, "bad \udcff")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# -- 4. add-source ------------------------------------------------------------------------------


def _article(tmp_path: Path, name: str = "fresh.txt") -> Path:
    article = tmp_path / name
    article.write_text("2024年12月20日，首期沙盒推出。", encoding="utf-8")
    return article


def add_source(
    capsys: pytest.CaptureFixture[str], events: Path, seeds: Path, article: Path, *extra: str
) -> tuple[int, str, str]:
    return run_cli(
        capsys, "add-source", article, "--events", events, "--seeds", seeds,
        "--title", "t", "--publisher", "p", "--published", "2024-12-20", "--note", "n", *extra,
    )  # fmt: skip


@pytest.mark.parametrize("bad_id", ["a.b", "a b", "../x", "x]\n[", "", "-x", "x\n"])
def test_add_source_refuses_bad_ids(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], bad_id: str
) -> None:
    events, seeds = mini
    article = _article(tmp_path)
    before = snapshot(events.parent)
    status, _, err = add_source(capsys, events, seeds, article, f"--id={bad_id}")
    assert status == 2 and "a source id is letters, digits, - or _" in err
    assert "Traceback" not in err
    assert snapshot(events.parent) == before


@pytest.mark.parametrize("option", ["--title", "--publisher", "--note", "--id"])
def test_add_source_refuses_non_utf8_arguments(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    events, seeds = mini
    article = _article(tmp_path)
    before = snapshot(events.parent)
    status, _, err = add_source(capsys, events, seeds, article, option, "x\udcff")
    assert status == 2 and f"argument {option}: not valid UTF-8 (byte 0xFF)" in err
    assert snapshot(events.parent) == before


@pytest.mark.parametrize("kind", ["fifo", "chardev", "directory"])
def test_add_source_refuses_non_regular_input(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    events, seeds = mini
    if kind == "fifo":
        article = tmp_path / "pipe.txt"
        os.mkfifo(article)
        expected = "is a FIFO (named pipe), not a regular file"
    elif kind == "chardev":
        article = _null_device(tmp_path)
        expected = "is a character device, not a regular file"
    else:
        article = tmp_path / "folder.txt"
        article.mkdir()
        expected = "is a directory"
    before = snapshot(events.parent)
    status, _, err = add_source(capsys, events, seeds, article)
    assert status == 2 and expected in err, err
    assert snapshot(events.parent) == before


def test_add_source_refuses_a_huge_article(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    article = tmp_path / "huge.txt"
    with article.open("wb") as stream:
        stream.truncate(256 * 1024 * 1024 + 1)  # sparse: no real disk used
    before = snapshot(events.parent)
    status, _, err = add_source(capsys, events, seeds, article)
    assert status == 2 and "larger than the limit of 256 MiB" in err
    assert snapshot(events.parent) == before


def test_add_source_validation_failure_leaves_no_article(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    article = _article(tmp_path)
    before = snapshot(events.parent)
    listing = sorted(p.name for p in seeds.iterdir())
    status, _, err = run_cli(
        capsys, "add-source", article, "--events", events, "--seeds", seeds,
        "--title", "t", "--publisher", "p", "--published", "2025-01-02",
    )  # fmt: skip
    assert status == 2 and "does not print its date 2025-01-02" in err
    assert "new source 's000': " in err and "events.toml:" not in err
    assert ".tmp" not in err
    assert snapshot(events.parent) == before
    assert sorted(p.name for p in seeds.iterdir()) == listing


def test_add_source_interrupted_while_writing_events_leaves_nothing(
    mini: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events, seeds = mini
    article = _article(tmp_path)
    before = snapshot(events.parent)
    listing = sorted(p.name for p in seeds.iterdir())
    curator = Curator(events, seeds)
    import tui.core.curate

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tui.core.curate, "atomic_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        curator.add_source(
            article, title="t", publisher="p", published=date(2024, 12, 20), published_note="n"
        )
    assert snapshot(events.parent) == before
    assert sorted(p.name for p in seeds.iterdir()) == listing


def test_add_source_into_unwritable_seeds_is_a_clear_error(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    events, seeds = mini
    article = _article(tmp_path)
    before = snapshot(events.parent)
    import tempfile

    real_mkstemp = tempfile.mkstemp

    def denied_in_seeds(*args: object, **kwargs: object) -> tuple[int, str]:
        if Path(str(kwargs.get("dir"))) == seeds:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", denied_in_seeds)
    status, _, err = add_source(capsys, events, seeds, article)
    assert status == 2
    assert f"{seeds / 'fresh.txt'}:0: cannot write: the folder {seeds} is not writable" in err
    assert snapshot(events.parent) == before


def test_add_source_article_keeps_crlf_and_lands_registered(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    events.write_bytes(events.read_bytes().replace(b"\n", b"\r\n"))
    article = _article(tmp_path)
    status, _, err = add_source(capsys, events, seeds, article)
    assert status == 0, err
    raw = events.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert (seeds / "fresh.txt").read_bytes() == article.read_bytes()
    assert load(events, seeds).corpus.sources["s000"].file == "fresh.txt"
    assert not [p for p in seeds.iterdir() if p.name.endswith(".tmp")]


# -- the adversarial pass -----------------------------------------------------------------------

TOP_LEVEL_INLINE = """schema = 1
events = [
  { id = "x1", date = "2025-10", status = "happened", title = { en = "a", zh = "b" } },
]
"""

SUBTABLE = """
[[events]]
id = "x2"
date = "2025-10"
status = "happened"
actors = ["hsbc"]
themes = ["tokenisation"]
sources = [{ source = "en", quote = "In October, Ant International joined HSBC in a pilot." }]
[events.title]
en = "a"
zh = "b"
"""


def _edit(event_id: str, **changes: object) -> object:
    def action(curator: Curator, events: Path) -> None:
        curator.update_event(event_id, replace(stored(events, event_id), **changes))  # type: ignore[arg-type]

    return action


def _delete(event_id: str) -> object:
    return lambda curator, events: curator.delete_event(event_id)


def _add(event_id: str, like: str) -> object:
    return lambda curator, events: curator.add_event(replace(stored(events, like), id=event_id))


def _no_newline(text: str) -> str:
    return text.rstrip("\n")


def _dotted_title(text: str) -> str:
    return text.replace(
        'title = { en = "Joint pilot", zh = "聯合試點" }',
        'title.en = "Joint pilot"  # dotted\ntitle.zh = "聯合試點"',
    )


def _only_first_event(text: str) -> str:
    first = text.index("[[events]]")
    return text[: text.index("[[events]]", first + 1)]


ADVERSARIAL = [
    # (name, mutate the mini events.toml, action, lines expected removed, lines expected added)
    ("no-final-newline-edit-last", _no_newline, _edit("sandbox-2026", title_en="T"),
     ['title = { en = "Sandbox [link=http://x]opens[/link]", zh = "沙盒開放" }'],
     ['title = { en = "T", zh = "沙盒開放" }']),
    ("no-final-newline-add-key-last", _no_newline,
     _edit("sandbox-2026", summary_en="s", summary_zh="z"),
     [], ['summary = { en = "s", zh = "z" }']),
    ("no-final-newline-delete-last", _no_newline, _delete("sandbox-2026"), None, []),
    ("no-final-newline-add", _no_newline, _add("zz", "sandbox-2026"), [], None),
    ("dotted-keys-unchanged", _dotted_title, _edit("october-pilot"), [], []),
    ("dotted-keys-changed", _dotted_title, _edit("october-pilot", title_en="New"),
     ['title.en = "Joint pilot"  # dotted'], ['title.en = "New"  # dotted']),
    ("delete-the-only-event", _only_first_event, _delete("wallet-link"), None, []),
    ("id-inside-a-comment",
     lambda t: t.replace("[[events]]", '# id = "october-pilot"\n[[events]]', 1),
     _delete("october-pilot"), None, []),
    ("events-header-inside-a-string",
     lambda t: t + '\n[extra]\nnote = "[[events]]"\nmore = """\n[[events]]\nid = "x"\n"""\n',
     _delete("wallet-link"), None, []),
    ("indented-keys", lambda t: t.replace('\nid = "wallet-link"', '\n  id = "wallet-link"'),
     _edit("wallet-link", mod="START"), [], ['  mod = "START"']),
    ("two-megabyte-comment-line", lambda t: t.replace("schema = 1", "schema = 1\n# " + "x" * 2**21),
     _edit("wallet-link", title_en="Y"),
     ['title = { en = "Wallets linked", zh = "錢包互聯" }'],
     ['title = { en = "Y", zh = "錢包互聯" }']),
    ("subtable-delete", lambda t: t + SUBTABLE, _delete("x2"), None, []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "action", "removed", "added"),
    [case[1:] for case in ADVERSARIAL],
    ids=[case[0] for case in ADVERSARIAL],
)
def test_adversarial_layouts_change_only_their_lines(
    mini: tuple[Path, Path], mutate: object, action: object, removed: list[str] | None,
    added: list[str] | None,
) -> None:  # fmt: skip
    events, seeds = mini
    assert callable(mutate) and callable(action)
    events.write_text(mutate(events.read_text("utf-8")), "utf-8")
    before = events.read_text("utf-8")
    curator = Curator(events, seeds)
    action(curator, events)
    after = events.read_text("utf-8")
    minus = [line[2:] for line in changed(before, after) if line.startswith("- ")]
    plus = [line[2:] for line in changed(before, after) if line.startswith("+ ")]
    if removed is not None:
        assert sorted(minus) == sorted(removed)
    if added is not None:
        assert plus == added
    assert comments(after) == comments(before)
    # A new event's lines end with a line ending; otherwise the file's last byte stays.
    assert after.endswith("\n") == before.endswith("\n") or "[[events]]" in plus
    if after != before:  # an unchanged save writes nothing and leaves nothing to undo
        curator.undo()
    assert events.read_text("utf-8") == before


@pytest.mark.parametrize(
    ("text", "action", "message"),
    [
        (TOP_LEVEL_INLINE, _delete("x1"), "not all written as [[events]] tables"),
        (TOP_LEVEL_INLINE, _add("x9", "x1"), None),
        (SUBTABLE, _edit("x2", title_en="c"), "written with [events.*] sub-tables"),
    ],
    ids=["inline-array-delete", "inline-array-add", "subtable-edit"],
)
def test_layouts_the_app_does_not_edit_are_refused(
    mini: tuple[Path, Path], text: str, action: object, message: str | None
) -> None:
    events, seeds = mini
    if text.startswith("schema"):
        events.write_text(text, "utf-8")
    else:
        events.write_text(events.read_text("utf-8") + text, "utf-8")
    before = snapshot(events.parent)
    curator = Curator(events, seeds)
    assert callable(action)
    with pytest.raises(TimelineError) as caught:
        if message is None:  # the draft itself comes from the stored inline table
            curator.add_event(EventDraft("x9", "2025-10", "happened", "a", "b", (), (), ()))
        else:
            action(curator, events)
    if message is not None:
        assert message in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert snapshot(events.parent) == before


@pytest.mark.parametrize("in_place", [False, True], ids=["whole-file", "in-place"])
def test_file_changed_while_validating_is_not_overwritten(
    mini: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, in_place: bool
) -> None:
    events, seeds = mini
    curator = Curator(events, seeds)
    someone_else = events.read_text("utf-8") + "# saved by someone else\n"
    if in_place:
        # The in-place path validates the one event alone: another editor saves meanwhile.
        real_event = curate.validate_event

        def slow_event(*args: Any, **kwargs: Any) -> Any:
            events.write_text(someone_else, "utf-8")
            return real_event(*args, **kwargs)

        monkeypatch.setattr(curate, "validate_event", slow_event)
        corpus = curator.validate(curator.text).corpus
        draft = replace(draft_of(corpus.events[0], corpus), title_en="Changed")
        with pytest.raises(TimelineError, match="changed on disk"):
            curator.update_event(draft.id, draft)
    else:
        curator._clean = None  # the whole-file path
        real_validate = curator.validate

        def slow_validate(text: str) -> object:
            result = real_validate(text)
            if text != curator.text:  # validating the new text: another editor saves meanwhile
                events.write_text(someone_else, "utf-8")
            return result

        monkeypatch.setattr(curator, "validate", slow_validate)
        with pytest.raises(TimelineError, match="changed on disk"):
            curator.delete_event("october-pilot")
    assert events.read_text("utf-8") == someone_else


def test_duplicate_ids_edit_the_first_only(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    text = events.read_text("utf-8")
    events.write_text(text + "\n" + text[text.index("[[events]]") :].split("\n\n")[0] + "\n")
    before = events.read_text("utf-8")
    curator = Curator(events, seeds)
    curator.delete_event("wallet-link")
    after = events.read_text("utf-8")
    assert after.count('id = "wallet-link"') == 1
    assert after.rstrip().endswith(before.rstrip()[-60:])


def test_add_source_refuses_a_symlink_of_that_name_in_seeds(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = mini
    article = _article(tmp_path)
    outside = tmp_path / "outside.txt"
    (seeds / "fresh.txt").symlink_to(outside)
    before = snapshot(events.parent)
    status, _, err = add_source(capsys, events, seeds, article)
    assert status == 2 and "is a symbolic link in the seeds directory" in err
    assert not outside.exists()
    assert snapshot(events.parent) == before


def test_events_file_replaced_by_a_fifo_during_a_session_does_not_hang(
    mini: tuple[Path, Path],
) -> None:
    events, seeds = mini
    curator = Curator(events, seeds)
    events.unlink()
    os.mkfifo(events)
    with pytest.raises(TimelineError, match="changed on disk"):
        curator.delete_event("october-pilot")
    assert stat.S_ISFIFO(os.lstat(events).st_mode)


def test_a_draft_with_a_lone_surrogate_is_refused_naming_the_field(
    mini: tuple[Path, Path],
) -> None:
    events, seeds = mini
    before = snapshot(events.parent)
    curator = Curator(events, seeds)
    draft = stored(events, "october-pilot")
    with pytest.raises(TimelineError, match=r"new event 'x': title_en: holds bytes"):
        curator.add_event(replace(draft, id="x", title_en="bad \udcff"))
    with pytest.raises(TimelineError, match=r"event 'october-pilot' \(not saved\): date_text"):
        curator.update_event("october-pilot", replace(draft, date_text="\udcff"))
    assert snapshot(events.parent) == before


def test_a_name_too_long_for_a_temporary_beside_it_still_saves(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250)
    target.write_text("old", "utf-8")
    atomic_write(target, "new")
    assert target.read_text("utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_disk_full_while_writing_leaves_the_file_and_no_temporary(
    mini: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    events, seeds = mini
    before = snapshot(events.parent)
    curator = Curator(events, seeds)

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(
        TimelineError, match=r"events.toml:0: cannot write: No space left on device"
    ):
        curator.delete_event("october-pilot")
    monkeypatch.undo()
    assert snapshot(events.parent) == before
    assert not [p for p in events.parent.iterdir() if p.name.endswith(".tmp")]


def test_add_source_failing_in_a_new_seeds_folder_leaves_no_folder(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, _ = mini
    seeds = events.parent / "new-seeds"
    article = _article(tmp_path)
    before = snapshot(events.parent)
    status, _, err = run_cli(
        capsys, "add-source", article, "--events", events, "--seeds", seeds,
        "--title", "t", "--publisher", "p", "--published", "2025-01-02",
    )  # fmt: skip
    assert status == 2 and "does not print its date" in err
    assert not seeds.exists()
    assert snapshot(events.parent) == before


def test_add_source_into_a_seeds_path_that_is_a_file(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, _ = mini
    seeds = events.parent / "seeds-file"
    seeds.write_text("not a folder", "utf-8")
    before = snapshot(events.parent)
    status, _, err = add_source(capsys, events, seeds, _article(tmp_path))
    assert status == 2 and "is not a directory" in err and "Traceback" not in err
    assert snapshot(events.parent) == before


def test_stale_temporary_symlink_is_left_alone(mini: tuple[Path, Path], tmp_path: Path) -> None:
    events, seeds = mini
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    link = events.parent / ".events.toml.zzzz1111.tmp"
    link.symlink_to(victim)
    old = time.time() - 3600
    os.utime(link, (old, old), follow_symlinks=False)
    Curator(events, seeds).delete_event("october-pilot")
    assert link.is_symlink() and victim.read_text("utf-8") == "keep me"


def test_export_to_dev_stdout_when_stdout_is_closed() -> None:
    done = subprocess.run(
        [str(EXE), "export", "-o", "/dev/stdout"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert "cannot write to standard output: it is closed" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_with_a_byte_order_mark_is_refused_before_any_edit(mini: tuple[Path, Path]) -> None:
    events, seeds = mini
    events.write_text("\ufeff" + "schema = 1\n", "utf-8")
    before = snapshot(events.parent)
    with pytest.raises(TimelineError, match="starts with a byte-order mark"):
        Curator(events, seeds)
    assert snapshot(events.parent) == before


def test_export_to_dev_stdout_redirected_to_a_file_writes_that_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with out.open("w") as stream:
        done = subprocess.run(
            [str(EXE), "export", "-o", "/dev/stdout"],
            stdout=stream,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8").startswith(("[", "{"))
