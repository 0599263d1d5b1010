"""The command line under hostile input and a hostile environment (issue 15, "Trust").

Every case runs the real CLI, in process (`tui.cli.main`) or, where it needs a real process
(bytes in argv, signals, a closed or full stdout, environment variables), as a subprocess of
the installed `hk-timeline`; each asserts the message, the exit status and that no file
changed.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import pty
import resource
import shutil
import signal
import stat
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, import_generator
from tests.test_robustness import run_cli, snapshot
from tui import cli
from tui.cli import main

EXE = Path(sys.executable).with_name("hk-timeline")
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (chattr, bind mounts)")


def run(
    *args: str | bytes | Path,
    env: dict[str, str] | None = None,
    **kwargs: object,
) -> subprocess.CompletedProcess[bytes]:
    """`hk-timeline ARGS` as a process; bytes arguments reach argv as they are."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(EXE), *(arg if isinstance(arg, bytes) else str(arg) for arg in args)],
        capture_output="stdout" not in kwargs,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,
    )


def mini_args(mini: tuple[Path, Path]) -> tuple[str, ...]:
    events_path, seeds_dir = mini
    return ("--events", str(events_path), "--seeds", str(seeds_dir))


def assert_no_traceback(text: str | bytes) -> None:
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    assert "Traceback" not in shown and "Exception ignored" not in shown, shown


# --- 1. arguments that are not UTF-8 ------------------------------------------------------


ADD_SOURCE = ("--publisher", "p", "--published", "2025-04-01", "--note", "n")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("list", "--query", b"\xff"), "--query"),
        (("list", "-q", b"ab\xffcd"), "-q"),
        (("list", "--actor", b"\xff"), "--actor"),
        (("export", "--theme", b"\xff"), "--theme"),
        (("list", b"--query=\xff"), "--query"),
        (("add-source", "ARTICLE", "--title", b"\xff", *ADD_SOURCE), "--title"),
        (("show", b"\xfe\xff"), "'\ufffd\ufffd'"),
    ],
    ids=["query", "q", "actor", "theme", "query=", "add-source-title", "show-id"],
)
def test_an_argument_that_is_not_utf8_is_refused_before_anything_runs(
    mini: tuple[Path, Path], tmp_path: Path, args: tuple[str | bytes, ...], option: str
) -> None:
    article = tmp_path / "fresh.txt"
    article.write_text("On 1 April 2025, something happened.", encoding="utf-8")
    args = tuple(str(article) if arg == "ARTICLE" else arg for arg in args)
    before = snapshot(mini[0].parent, tmp_path)
    completed = run(*args, *mini_args(mini))
    assert completed.returncode == 2
    byte = "0xFE" if option.startswith("'") else "0xFF"
    assert completed.stderr.decode().endswith(
        f"hk-timeline: error: argument {option}: not valid UTF-8 (byte {byte})\n"
    )
    assert completed.stdout == b""
    assert_no_traceback(completed.stderr)
    assert snapshot(mini[0].parent, tmp_path) == before  # no article copied, nothing written


def test_a_lone_surrogate_given_to_main_is_refused(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--actor", "\udcff", *mini_args(mini)]) == 2
    assert capsys.readouterr().err.endswith(
        "error: argument --actor: not valid UTF-8 (byte 0xFF)\n"
    )
    assert main(["list", "--query", "\ud800", *mini_args(mini)]) == 2
    assert "argument --query: not valid UTF-8 (a lone surrogate)" in capsys.readouterr().err


def test_an_ascii_locale_still_reads_utf8_arguments(mini: tuple[Path, Path]) -> None:
    # With LC_ALL=C and UTF-8 mode off Python decodes argv as ASCII: 匯豐's bytes arrive as
    # surrogates and must be put back together, not refused, nor crash OpenCC.
    env = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
    completed = run("list", "--actor", "匯豐", *mini_args(mini), env=env)
    assert completed.returncode == 0, completed.stderr
    assert b"2 of 6 events" in completed.stdout


# --- 2. source ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source_id", ["a b", "../x", "x]\n[", "", "x\n", "-x", "[x]", "é", "a.b", "."]
)
def test_add_source_refuses_an_id_outside_the_id_pattern(
    mini: tuple[Path, Path], tmp_path: Path, source_id: str
) -> None:
    article = tmp_path / "fresh.txt"
    article.write_text("On 1 April 2025, something happened.", encoding="utf-8")
    before = snapshot(mini[0].parent, tmp_path)
    completed = run("add-source", article, "--title", "t", *ADD_SOURCE, f"--id={source_id}",
                    *mini_args(mini))
    assert completed.returncode == 2
    shown = repr(source_id)
    assert completed.stderr.decode() == (
        f"--id {shown}: a source id is letters, digits, - or _, starting with a letter or "
        f"digit (nothing was written)\n"
    )
    assert snapshot(mini[0].parent, tmp_path) == before


# --- 3. an unwritable seeds directory -------------------------------------------------------


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True, capture_output=True)


def chattr_works(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    try:
        with immutable(probe):
            pass
    except (OSError, subprocess.CalledProcessError):
        return False
    finally:
        probe.rmdir()
    return True


@ROOT_ONLY
def test_add_source_into_an_unwritable_seeds_dir(mini: tuple[Path, Path], tmp_path: Path) -> None:
    if shutil.which("chattr") is None or not chattr_works(tmp_path):
        pytest.skip("chattr +i is not available on this file system")
    events_path, seeds_dir = mini
    article = tmp_path / "fresh.txt"
    article.write_text("On 1 April 2025, something happened.", encoding="utf-8")
    before = snapshot(events_path.parent, tmp_path)
    with immutable(seeds_dir):
        completed = run("add-source", article, "--title", "t", *ADD_SOURCE, *mini_args(mini))
    assert completed.returncode == 2
    err = completed.stderr.decode()
    assert_no_traceback(err)
    assert str(seeds_dir) in err and "Operation not permitted" in err, err
    assert snapshot(events_path.parent, tmp_path) == before


def test_add_source_with_seeds_that_is_a_file(tmp_path: Path) -> None:
    events_path = tmp_path / "events.toml"
    events_path.write_text("schema = 1\n", encoding="utf-8")
    (tmp_path / "seeds").write_text("not a folder", encoding="utf-8")
    article = tmp_path / "in" / "fresh.txt"
    article.parent.mkdir()
    article.write_text("On 1 April 2025, something happened.", encoding="utf-8")
    before = snapshot(tmp_path)
    completed = run("add-source", article, "--title", "t", *ADD_SOURCE, "--events", events_path)
    assert completed.returncode == 2
    err = completed.stderr.decode()
    assert_no_traceback(err)
    assert str(tmp_path / "seeds") in err and "internal error" not in err, err
    assert snapshot(tmp_path) == before



# --- 4. the last line of defence ------------------------------------------------------------


def test_an_array_nested_1000_deep_is_bad_input(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events_path, _ = mini
    text = events_path.read_text(encoding="utf-8")
    events_path.write_text("deep = " + "[" * 1000 + "]" * 1000 + "\n" + text, encoding="utf-8")
    before = snapshot(events_path.parent)
    status, out, err = run_cli(capsys, "validate", "--no-cache", *mini_args(mini))
    assert status == 2 and out == ""
    assert "nested too deeply" in err and err.count("\n") == 1, err
    assert snapshot(events_path.parent) == before


def _crash(args: object) -> int:
    raise ZeroDivisionError("a bug")


def test_a_bug_is_one_line_and_exit_70_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_themes", _crash)
    monkeypatch.delenv("HK_TIMELINE_DEBUG", raising=False)
    status, out, err = run_cli(capsys, "themes", "--events", MINI / "events.toml")
    assert status == 70
    assert err == (
        "hk-timeline: internal error: ZeroDivisionError: a bug (please report this; "
        "HK_TIMELINE_DEBUG=1 shows the details)\n"
    )
    monkeypatch.setenv("HK_TIMELINE_DEBUG", "0")
    assert run_cli(capsys, "themes", "--events", MINI / "events.toml")[2].count("\n") == 1
    monkeypatch.setenv("HK_TIMELINE_DEBUG", "1")
    status, out, err = run_cli(capsys, "themes", "--events", MINI / "events.toml")
    assert status == 70
    assert err.startswith("Traceback") and "ZeroDivisionError: a bug" in err


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (MemoryError(), "not enough memory"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "cannot be encoded"),
    ],
)
def test_input_no_program_could_process_is_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: Exception,
    message: str,
) -> None:
    def fail(args: object) -> int:
        raise error

    monkeypatch.setattr(cli, "_themes", fail)
    status, out, err = run_cli(capsys, "themes", "--events", MINI / "events.toml")
    assert status == 2 and message in err and err.count("\n") == 1
    assert_no_traceback(err)


# --- 5. standard output full, closed or gone ------------------------------------------------

OUTPUT_COMMANDS = [
    ("list",),
    ("show", "wallet-link"),
    ("export",),
    ("export", "-o", "-"),
    ("validate",),
    ("actors",),
    ("themes",),
    ("extract",),
]


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=" ".join)
def test_a_full_stdout_is_one_line_and_exit_2(command: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        completed = run(*command, *MINI_ARGS, stdout=full, stderr=subprocess.PIPE)
    assert completed.returncode == 2
    assert completed.stderr == (
        b"hk-timeline: cannot write to standard output: No space left on device\n"
    )


def _close_stdout() -> None:
    os.close(1)


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=" ".join)
def test_a_closed_stdout_is_one_line_and_exit_2(command: tuple[str, ...]) -> None:
    completed = run(*command, *MINI_ARGS, stdout=None, stderr=subprocess.PIPE,
                    preexec_fn=_close_stdout)
    assert completed.returncode == 2
    assert completed.stderr == b"hk-timeline: cannot write to standard output: it is closed\n"


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    # `hk-timeline export | head -1`: the bundled corpus's JSON is larger than a pipe holds.
    process = subprocess.Popen([str(EXE), "export"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"{\n"
    process.stdout.close()
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == b""


MINI_ARGS = ("--events", str(MINI / "events.toml"), "--seeds", str(MINI / "seeds"))


# --- 6. standard output that cannot show Chinese --------------------------------------------

NARROW_ENVIRONMENTS = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C-locale": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
                 "PYTHONIOENCODING": ""},
}


@pytest.mark.parametrize("environment", NARROW_ENVIRONMENTS)
@pytest.mark.parametrize(
    "command",
    [
        ("list", "--lang", "zh"),
        ("show", "alipay-first-cross-border-payment-sasa"),
        ("actors",),
        ("extract",),
    ],
    ids=" ".join,
)
def test_a_narrow_stdout_shows_question_marks_and_says_why(
    environment: str, command: tuple[str, ...]
) -> None:
    env = NARROW_ENVIRONMENTS[environment]
    completed = run(*command, env=env)  # the bundled corpus
    assert completed.returncode == 0, completed.stderr
    encoding = "latin-1" if environment == "latin-1" else "ascii"
    out = completed.stdout.decode(encoding)  # never a byte the terminal cannot show
    assert "?" in out and out.count("\n") > 1
    err = completed.stderr.decode(encoding)
    assert_no_traceback(err)
    assert err.startswith("hk-timeline: note: ") and "are printed as '?'" in err
    assert "use a UTF-8 locale or PYTHONIOENCODING=utf-8" in err


# --- 7. dates on the command line -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--published", "0000-01-01"), "--published '0000-01-01': year 0000 is out of range "
                                        "(0001–9999)"),
        (("--published", "2024-02-30"), "--published '2024-02-30': day 30 is out of range for "
                                        "February 2024 (01–29)"),
        (("--published", "2023-02-29"), "day 29 is out of range for February 2023 (01–28)"),
        (("--published", "2024-13-01"), "--published '2024-13-01': month 13 is out of range "
                                        "(01–12)"),
        (("--published", "2024-00-10"), "month 00 is out of range (01–12)"),
        (("--published", "2024-7-1"), "--published '2024-7-1': expected a day as YYYY-MM-DD"),
        (("--published", "٢٠٢٤-٠٧-٠١"), "expected a day as YYYY-MM-DD"),
        (("--published", ""), "--published '': expected a day as YYYY-MM-DD"),
    ],
)
def test_add_source_says_what_is_wrong_with_a_date(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...], message: str,
) -> None:
    article = tmp_path / "fresh.txt"
    article.write_text("On 1 April 2025, something happened.", encoding="utf-8")
    before = snapshot(mini[0].parent, tmp_path)
    status, _, err = run_cli(capsys, "add-source", article, "--title", "t", "--publisher", "p",
                             *args, *mini_args(mini))
    assert status == 2
    assert message in err and err.count("\n") == 1, err
    assert snapshot(mini[0].parent, tmp_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "--from", "2024-02-30"), "--from '2024-02-30': day 30 is out of range for "
                                           "February 2024 (01–29)"),
        (("list", "--to", "0000"), "--to '0000': year 0000 is out of range (0001–9999)"),
        (("export", "--from", "2024-13"), "--from '2024-13': month 13 is out of range (01–12)"),
        (("list", "--from", "10000"), "--from '10000': year 10000 is out of range (0001–9999)"),
        (("list", "--from", "someday"), "--from 'someday': not a date"),
        (("extract", "--doc-date", "0000-01-01"), "--doc-date '0000-01-01': year 0000 is out of "
                                                  "range (0001–9999)"),
        (("extract", "--doc-date", "2025-02-29"), "--doc-date '2025-02-29': day 29 is out of "
                                                  "range for February 2025 (01–28)"),
    ],
)
def test_date_options_say_what_is_wrong(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    status, out, err = run_cli(capsys, *args, *MINI_ARGS)
    assert status == 2 and out == ""
    assert message in err and err.count("\n") == 1, err


def test_from_later_than_to_is_an_empty_answer_not_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(capsys, "list", "--from", "2026", "--to", "2019", *MINI_ARGS)
    assert status == 0 and out.splitlines()[-1] == "0 of 6 events"


# --- 8. control characters in what the CLI prints -------------------------------------------


def test_success_messages_show_control_characters_as_pictures(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a\x1b[2Jb\x07.txt"
    article.write_text("On 1 April 2025, something happened.", encoding="utf-8")
    status, out, err = run_cli(capsys, "add-source", article, "--title", "t", *ADD_SOURCE,
                               *mini_args(mini))
    assert status == 0, err
    assert out == f"added source s000 (a␛[2Jb␇.txt) to {mini[0]}\n"
    target = tmp_path / "out\x1b]0;pwned\x07.json"
    status, out, err = run_cli(capsys, "export", "-o", target, *MINI_ARGS)
    assert status == 0 and out == ""
    assert err == f"wrote 6 events as json to {tmp_path}/out␛]0;pwned␇.json\n"
    events_link = tmp_path / "ev\x1bil.toml"
    events_link.symlink_to(MINI / "events.toml")
    status, out, err = run_cli(capsys, "validate", "--events", events_link, "--seeds",
                               MINI / "seeds")
    assert status == 0 and out.startswith(f"{tmp_path}/ev␛il.toml: ok: 6 events")


def test_usage_errors_show_control_characters_as_pictures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "--format", "\x1b[2J\x9b"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: '\\x1b[2J\\x9b'" in err and "\x1b" not in err
    assert main(["list", "\x1b[2J\x9b\u202e", *MINI_ARGS]) == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: ␛[2J\ufffd⟨U+202E⟩" in err and "\x1b" not in err


def test_show_of_an_id_with_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "show", "x\x1b[31m\r\n", *MINI_ARGS)
    assert status == 2 and out == ""
    assert err == "no event with id 'x\\x1b[31m\\r\\n' (see `hk-timeline list`)\n"


# --- 9. export -o ---------------------------------------------------------------------------


@ROOT_ONLY
@pytest.mark.parametrize("device", ["null", "stdout", "full"])
def test_export_refuses_to_replace_a_device(tmp_path: Path, device: str) -> None:
    # The test's own /dev/null, /dev/full and /dev/stdout (a link to /proc/self/fd/1): a
    # writer that replaced them must not break the machine's.
    target = tmp_path / device
    if device == "stdout":
        target.symlink_to("/proc/self/fd/1")
    else:
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3 if device == "null" else 7))
    before = os.stat(target, follow_symlinks=False)
    completed = run("export", "-o", target, *MINI_ARGS)
    assert completed.returncode == 2
    err = completed.stderr.decode()
    assert err.startswith(f"{target}:0: ") and "not a regular file" in err, err
    assert_no_traceback(err)
    after = os.stat(target, follow_symlinks=False)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino,
                                                           before.st_rdev)
    assert sorted(tmp_path.iterdir()) == [target]


def test_export_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    completed = run("export", "-o", fifo, *MINI_ARGS)
    assert completed.returncode == 2 and b"not a regular file" in completed.stderr
    assert fifo.is_fifo()


def test_export_dash_is_standard_output(tmp_path: Path) -> None:
    completed = run("export", "-o", "-", *MINI_ARGS, cwd=tmp_path)
    assert completed.returncode == 0 and completed.stdout.startswith(b"{\n")
    assert list(tmp_path.iterdir()) == []  # no file named "-"
    assert completed.stdout == run("export", *MINI_ARGS).stdout


def test_export_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    completed = run("export", "-o", link, *MINI_ARGS)
    assert completed.returncode == 0, completed.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("{\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_export_refuses_a_read_only_file(tmp_path: Path) -> None:
    target = tmp_path / "locked.json"
    target.write_text("keep me\n", encoding="utf-8")
    target.chmod(0o444)
    completed = run("export", "-o", target, *MINI_ARGS)
    assert completed.returncode == 2
    err = completed.stderr.decode()
    assert err.startswith(f"{target}:0: ") and "read-only" in err, err
    assert_no_traceback(err)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert target.stat().st_mode & 0o777 == 0o444


@ROOT_ONLY
def test_export_into_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "out.json"
    target.write_text("keep me\n", encoding="utf-8")
    subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], check=False,
                   capture_output=True)
    try:
        if os.access(folder, os.W_OK) and not _mounted_read_only(folder):
            pytest.skip("cannot make a read-only bind mount here")
        completed = run("export", "-o", target, *MINI_ARGS)
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)
    assert completed.returncode == 2
    err = completed.stderr.decode()
    assert_no_traceback(err)
    assert err.startswith(f"{target}:0: ") and str(folder) in err, err
    assert target.read_text(encoding="utf-8") == "keep me\n"


def _mounted_read_only(folder: Path) -> bool:
    return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("", "-o '': the file name is empty; give a file name, or - for standard output"),
        ("EVENTS", "refusing to overwrite the corpus's own files"),
        ("HARDLINK", "refusing to overwrite the corpus's own files"),
        ("SYMLINK", "refusing to overwrite the corpus's own files"),
        ("SEEDS/new.json", "refusing to overwrite the corpus's own files"),
        ("DIR", "is a directory; give a file name"),
        ("DIR/missing/out.json", "/missing does not exist; nothing was written"),
        ("DIR/hard.toml/out.json", "/hard.toml is not a folder; nothing was written"),
        ("LOOP", "cannot follow the path"),
    ],
)
def test_export_output_paths_that_must_be_refused(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str,
    message: str,
) -> None:
    events_path, seeds_dir = mini
    (tmp_path / "hard.toml").hardlink_to(events_path)
    (tmp_path / "sym.toml").symlink_to(events_path)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    path = (
        output.replace("EVENTS", str(events_path))
        .replace("HARDLINK", str(tmp_path / "hard.toml"))
        .replace("SYMLINK", str(tmp_path / "sym.toml"))
        .replace("SEEDS", str(seeds_dir))
        .replace("DIR", str(tmp_path))
        .replace("LOOP", str(tmp_path / "loop"))
    )
    before = snapshot(tmp_path)
    status, out, err = run_cli(capsys, "export", "-o", path, *mini_args(mini))
    assert status == 2 and out == ""
    assert message in err and err.count("\n") == 1, err
    assert snapshot(tmp_path) == before


# --- 10. Ctrl+C -----------------------------------------------------------------------------


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _default_ctrl_c() -> None:
    # A suite started in the background (`make test &`, a non-interactive shell's `&`) has
    # SIGINT ignored, and a process that inherits that rightly ignores Ctrl+C: give the
    # command the disposition a terminal's foreground job has.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interruptible(args: Sequence[str]) -> subprocess.Popen[bytes]:
    """`hk-timeline ARGS` as a process whose Ctrl+C handler is in place (the interpreter
    installs it as it starts; a signal before that would test the interpreter, not us)."""
    process = subprocess.Popen([str(EXE), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=_default_ctrl_c)
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        caught = next(
            (line for line in status.read_text().splitlines() if line.startswith("SigCgt:")), ""
        )
        if caught and int(caught.split()[1], 16) & (1 << (signal.SIGINT - 1)):
            break
        os.sched_yield()
    return process


def _ended(process: subprocess.Popen[bytes], what: str) -> tuple[bytes, bytes]:
    """The output of `process`, which must end soon; killed (and the test failed) if not."""
    try:
        return process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{what}: still running 30 s after Ctrl+C")


def test_ctrl_c_while_loading_a_big_corpus_exits_130_quietly(tmp_path: Path) -> None:
    # Big enough that its load outlasts the threshold below with helper processes
    # parsing beside it (see tui.core.slice_parse).
    import_generator().generate(10000, tmp_path / "big")
    events = tmp_path / "big" / "events.toml"
    process = _interruptible(["validate", "--no-cache", "--events", str(events)])
    # A known point: past start-up (about 10 ticks of CPU here) and well into the loading,
    # which takes over 100 ticks; CPU used, not time passed, decides when. About here the
    # `regex` module's finalizers run, where Python drops an interrupt (see the next test).
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    while process.poll() is None and _cpu_ticks(process.pid) < ticks_per_second * 0.4:
        os.sched_yield()
    assert process.poll() is None, "the corpus loaded before the signal; make it bigger"
    process.send_signal(signal.SIGINT)
    out, err = _ended(process, "validate")
    assert (process.returncode, out, err) == (130, b"", b"")


def test_ctrl_c_in_a_finalizer_still_stops_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Python drops a KeyboardInterrupt raised while a `__del__` runs ("Exception ignored");
    # the command must stop all the same, at once, and quietly.
    class Finalized:
        def __del__(self) -> None:
            raise KeyboardInterrupt

    def work(args: object) -> int:
        Finalized()
        for _ in range(500):  # five seconds of work the interrupt must cut short
            time.sleep(0.01)
        cli._out("done\n")
        return 0

    monkeypatch.setattr(cli, "_dispatch", work)
    started = time.monotonic()
    assert main(["list"]) == 130
    assert time.monotonic() - started < 2
    assert capsys.readouterr() == ("", "")


def test_ctrl_c_during_start_up_exits_130_quietly() -> None:
    # Ctrl+C arriving while `python -m tui` imports its modules, simulated at the import of
    # tui.core.loader (a real signal's moment there cannot be chosen).
    script = (
        "import runpy, sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'tui.core.loader':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['hk-timeline', 'validate']\n"
        "runpy.run_module('tui', run_name='__main__', alter_sys=True)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True,
                               cwd=ROOT, timeout=120)
    assert completed.returncode == 130
    assert completed.stderr == b"" and completed.stdout == b""


def test_ctrl_c_while_parsing_arguments_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted() -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert main(["list"]) == 130
    assert capsys.readouterr() == ("", "")


def test_ctrl_c_while_the_reader_is_stuck_leaves_at_once() -> None:
    # Output blocked on a full pipe nobody reads: Ctrl+C must not then hang flushing it.
    process = _interruptible(["export"])
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"{"
    process.send_signal(signal.SIGINT)
    try:
        assert process.wait(timeout=30) == 130
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("export: still running 30 s after Ctrl+C")
    assert process.stderr.read() == b""


# --- adversarial: the rest ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "nope\u202e"), "no event with id 'nope\\u202e'"),
        (("show", ""), "no event with id ''"),
        (("show", "x" * 100_000), "no event with id 'xxxx"),
        (("list", "--actor", ""), "--actor '': no organisation"),
        (("list", "--theme", "\x1b"), "--theme '\\x1b': no theme"),
        (("extract", "/"), "/:0: is a directory"),
        (("extract", "/nonexistent/x"), "/nonexistent/x:0: file not found"),
    ],
)
def test_odd_arguments_get_one_clear_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    status, out, err = run_cli(capsys, *args, *MINI_ARGS)
    assert status == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1, err


def _limit_memory() -> None:
    # A reader that never stops on /dev/zero fails at 2 GB, not at the machine's end.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def test_extract_of_dev_zero_is_refused_not_read() -> None:
    completed = run("extract", "/dev/zero", preexec_fn=_limit_memory)
    assert completed.returncode == 2
    err = completed.stderr.decode()
    assert err.startswith("/dev/zero:0: file is a character device") and err.count("\n") == 1, err


def test_extract_of_a_fifo_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    completed = run("extract", fifo)
    assert completed.returncode == 2
    err = completed.stderr.decode()
    assert err.startswith(f"{fifo}:0: file is ") and "FIFO" in err and err.count("\n") == 1, err


@pytest.mark.parametrize("context", ["-1", "ten", "1e3"])
def test_show_context_must_be_a_count(capsys: pytest.CaptureFixture[str], context: str) -> None:
    assert main(["show", "wallet-link", "--context", context, *MINI_ARGS]) == 2
    assert "argument --context:" in capsys.readouterr().err


def test_show_with_a_huge_context(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "show", "wallet-link", "--context", "9" * 40, *MINI_ARGS)
    assert status == 0 and "»" in out


def test_add_source_language_is_one_of_the_documented_ones(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "fresh.txt"
    article.write_text("On 1 April 2025, something happened.", encoding="utf-8")
    before = snapshot(mini[0].parent)
    assert main(["add-source", str(article), "--title", "t", *ADD_SOURCE, "--language", "fr",
              *mini_args(mini)]) == 2
    assert "argument --language: invalid choice: 'fr'" in capsys.readouterr().err
    assert snapshot(mini[0].parent) == before


def _run_on_terminal(args: Sequence[str], columns: int, env: dict[str, str]) -> tuple[int, str]:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen([str(EXE), *args], stdout=follower, stderr=follower,
                               env={**os.environ, **env})
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("columns", "env"),
    [(1, {}), (80, {"COLUMNS": "0"}), (80, {"COLUMNS": "-5"}), (80, {"COLUMNS": "abc"}),
     (0, {}), (80, {"COLUMNS": "99999999999999999999"})],
)
@pytest.mark.parametrize("command", ["list", "actors"])
def test_any_terminal_width_prints_a_table(
    command: str, columns: int, env: dict[str, str]
) -> None:
    status, out = _run_on_terminal([command, *MINI_ARGS], columns, env)
    assert status == 0, out
    assert_no_traceback(out)
    assert out.splitlines()[-1].startswith(("6 of 6 events", "7 actors"))


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("validate", "--events", ""), "--events"),
        (("list", "--seeds", "", "--events", str(MINI / "events.toml")), "--seeds"),
        (("extract", ""), "FILE"),
        (("add-source", "", "--title", "t", *ADD_SOURCE), "FILE"),
    ],
)
def test_an_empty_path_is_a_usage_error_not_the_current_folder(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], option: str
) -> None:
    assert main(list(args)) == 2
    assert capsys.readouterr().err.endswith(f"error: argument {option}: the path is empty\n")


def test_extract_of_a_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    status, out, err = run_cli(capsys, "extract", binary)
    assert status == 2 and out == ""
    assert err.startswith(f"{binary}:") and "is binary (NUL byte" in err and err.count("\n") == 1


def _close_stderr() -> None:
    os.close(2)


def test_a_usage_error_with_stderr_closed_prints_nothing_on_stdout() -> None:
    completed = run("list", "--bogus", stderr=None, preexec_fn=_close_stderr)
    assert completed.returncode == 2 and completed.stdout == b""


@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_an_error_with_nowhere_to_say_it_still_exits_2(stderr: str) -> None:
    with open("/dev/full", "wb") as full:
        completed = subprocess.run(
            [str(EXE), "list", "--actor", "nobody", *MINI_ARGS], stdout=subprocess.PIPE,
            stderr=full if stderr == "full" else None,
            preexec_fn=_close_stderr if stderr == "closed" else None, timeout=120,
        )
    assert completed.returncode == 2 and completed.stdout == b""


@pytest.mark.parametrize("option", ["--events", "--seeds"])
def test_a_path_with_a_nul_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], option: str
) -> None:
    assert main(["validate", option, "a\0b"]) == 2
    assert capsys.readouterr().err.endswith(
        f"error: argument {option}: the path contains a NUL character\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--events", "a" * 300),
        ("export", "-o", "a" * 300),
        ("export", "-o", "a/" * 3000 + "x"),
        ("extract", "a" * 300),
    ],
    ids=["events", "output", "output-path", "extract"],
)
def test_a_name_too_long_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    status, out, err = run_cli(capsys, *args[:1], *(
        str(tmp_path / arg) if arg.startswith("a") else arg for arg in args[1:]
    ), *(() if args[0] == "validate" else MINI_ARGS))
    assert status == 2 and out == ""
    assert "too long" in err.lower() and err.count("\n") == 1, err


def test_the_unshown_note_counts_one_run_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = []
    for _ in range(2):
        latin = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
        monkeypatch.setattr(sys, "stdout", latin)
        assert main(["themes", *MINI_ARGS]) == 0
        notes.append(capsys.readouterr().err)
    assert notes[0] == notes[1]
    assert notes[0].startswith("hk-timeline: note: 9 characters cannot be shown")
