"""Issue 15, second adversarial round: cases the first catalogue did not try.

Each case runs the real app (through Pilot) or the real CLI and asserts what the user is told,
the exit status and the bytes of every file.
"""

from __future__ import annotations

import difflib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, SelectionList, Static
from tui_helpers import notices, screen_text, wait_for_text

from tests.conftest import REAL_EVENTS, REAL_SEEDS
from tests.test_robustness import run_cli, snapshot
from tui.app import TimelineApp, create_app
from tui.cli import main
from tui.core.article_text import passages_in
from tui.core.curate import ConcurrentEditError, Curator, EventDraft, QuoteDraft, merge_edit
from tui.core.drafting import draft_of
from tui.core.errors import TimelineError
from tui.core.loader import load
from tui.screens.curation import delete_event, edit_event
from tui.screens.event_form import EventFormScreen
from tui.screens.problems import MAX_LISTED, ProblemsScreen
from tui.screens.source import SourceScreen
from tui.screens.uncovered import MAX_LISTED as MAX_MENTIONS
from tui.screens.uncovered import UncoveredScreen

MINI = Path(__file__).resolve().parent / "data" / "mini"
SIZE = (100, 40)
WALLET_TITLE = 'title = { en = "Wallets linked", zh = "錢包互聯" }'


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the fixture corpus: (events.toml, seeds dir)."""
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini" / "events.toml", tmp_path / "mini" / "seeds"


def app_on(events_path: Path, seeds_dir: Path) -> TimelineApp:
    return create_app(events_path, seeds_dir, use_cache=False)


# -- 1. a form saved after a reload keeps the other editor's changes ----------------------------


async def test_an_edit_saved_after_a_reload_keeps_what_another_editor_saved(
    corpus: tuple[Path, Path],
) -> None:
    """`e`, someone else saves the same event, ctrl+s (refused), ctrl+r, ctrl+s.

    The form said "nothing of yours was written. Save again." and the second save wrote
    the form's stale copy of every field: the other editor's new Chinese title and summary
    were silently reverted.
    """
    events, seeds = corpus
    app = app_on(events, seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        edit_event(app, "wallet-link")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        theirs = events.read_text("utf-8").replace(
            WALLET_TITLE,
            'title = { en = "Wallets linked", zh = "錢包互聯（改）" }\n'
            'summary = { en = "Theirs.", zh = "他們的。" }',
        )
        events.write_text(theirs, "utf-8")
        app.screen.query_one("#title-en", Input).value = "Mine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "changed on disk" in screen_text(app)
        assert events.read_text("utf-8") == theirs
        await pilot.press("ctrl+r")
        await pilot.pause()
        shown = " ".join(screen_text(app).replace("▏", " ").split())
        assert "take what the file now holds" in shown, shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen), screen_text(app)
    assert events.read_text("utf-8") == theirs.replace(
        'title = { en = "Wallets linked", zh = "錢包互聯（改）" }',
        'title = { en = "Mine", zh = "錢包互聯（改）" }',
    )


async def test_an_edit_of_an_event_removed_on_disk_writes_nothing(
    corpus: tuple[Path, Path],
) -> None:
    events, seeds = corpus
    app = app_on(events, seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        edit_event(app, "wallet-link")
        await pilot.pause()
        text = events.read_text("utf-8")
        start = text.index('[[events]]\nid = "wallet-link"')
        end = text.index("[[events]]", start + 1)
        theirs = text[:start] + text[end:]
        events.write_text(theirs, "utf-8")
        app.screen.query_one("#title-en", Input).value = "Mine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        shown = " ".join(screen_text(app).split())
        assert "no longer in the events file" in shown, shown
    assert events.read_text("utf-8") == theirs


def _draft(**changes: object) -> EventDraft:
    base = EventDraft(
        "e", "2025-10", "happened", "en", "zh", ("a", "b"), ("t",), (QuoteDraft("s", "q"),)
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_merge_takes_the_users_changes_onto_the_files_fields() -> None:
    base = _draft()
    mine = _draft(title_en="mine", actors=("a", "c"))  # b removed, c added
    theirs = _draft(title_zh="theirs", actors=("d", "b", "a"), date="2025-11", mod="START")
    merged = merge_edit(base, mine, theirs)
    assert merged == _draft(
        title_en="mine", title_zh="theirs", actors=("d", "a", "c"), date="2025-11", mod="START"
    )
    # No change on disk: the user's draft as it is.
    assert merge_edit(base, mine, base) == mine
    # A date the user chose wins whole (value, modifier and words together).
    assert merge_edit(base, _draft(date="2024", date_text="x"), theirs).mod is None


# -- 2. add-source of an article already registered ---------------------------------------------


def add_source(
    capsys: pytest.CaptureFixture[str], events: Path, seeds: Path, article: Path, *extra: str
) -> tuple[int, str, str]:
    return run_cli(
        capsys, "add-source", article, "--events", events, "--seeds", seeds,
        "--title", "t", "--publisher", "p", "--published", "2024-12-20", "--note", "n", *extra,
    )  # fmt: skip


def test_add_source_twice_with_the_same_article_registers_it_once(
    corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second run said "added source s001 (fresh.txt)": two sources of one file."""
    events, seeds = corpus
    article = tmp_path / "fresh.txt"
    article.write_text("2024年12月20日，首期沙盒推出。", encoding="utf-8")
    status, out, err = add_source(capsys, events, seeds, article)
    assert (status, err) == (0, "")
    assert "added source s000 (fresh.txt)" in out
    before = snapshot(events.parent)
    status, out, err = add_source(capsys, events, seeds, article)
    assert (status, out) == (2, "")
    assert err == (
        f"{seeds / 'fresh.txt'}:0: this article is already registered as source 's000'; "
        f"nothing was written\n"
    )
    assert snapshot(events.parent) == before
    # Also when the article is named by the copy already in the seeds folder.
    status, out, err = add_source(capsys, events, seeds, seeds / "fresh.txt")
    assert (status, out) == (2, "")
    assert "already registered as source 's000'" in err
    assert snapshot(events.parent) == before


def test_an_article_copied_into_seeds_by_hand_is_still_registered(
    corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    events, seeds = corpus
    article = seeds / "by-hand.txt"
    article.write_text("2024年12月20日，首期沙盒推出。", encoding="utf-8")
    before = article.read_bytes()
    status, out, err = add_source(capsys, events, seeds, article)
    assert (status, err) == (0, "")
    assert "added source s000 (by-hand.txt)" in out
    assert article.read_bytes() == before


# -- 3. comments inside a value the edit replaces -----------------------------------------------

ACTORS = 'actors = ["hsbc", "ant-international"]'
SPREAD = 'actors = [\n  # the banks\n  "hsbc",  # lead\n  "ant-international",\n]  # tail'


async def test_comments_inside_a_multi_line_array_survive_an_edit_of_it(
    corpus: tuple[Path, Path],
) -> None:
    """Deselecting an actor replaced the spread-out array and dropped `# the banks` and
    `# lead`, though the README promises comments inside the event stay."""
    events, seeds = corpus
    text = events.read_text("utf-8")
    assert ACTORS in text
    events.write_text(text.replace(ACTORS, SPREAD), "utf-8")
    before = events.read_text("utf-8")
    app = app_on(events, seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        edit_event(app, "tokenised-deposits")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        app.screen.query_one("#actors", SelectionList).deselect("ant-international")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen), screen_text(app)
    assert events.read_text("utf-8") == before.replace(
        SPREAD, '# the banks\n# lead\nactors = ["hsbc"]  # tail'
    )


# -- 4. a newline in a path cannot split a problem into two lines -------------------------------


def test_a_newline_in_a_path_stays_inside_its_problem_line(
    corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--events $'a\\nb.toml'` printed "a" and "b.toml:0: events file not found" as two
    lines: the README promises one problem a line and control characters as pictures."""
    status, out, err = run_cli(capsys, "--events", tmp_path / "a\nb.toml", "validate")
    assert (status, out) == (2, "")
    assert err == f"{tmp_path}/a␊b.toml:0: events file not found\n"
    events, seeds = corpus
    named = events.with_name("x\ny\x1b[2J.toml")
    events.rename(named)
    named.chmod(0o444)
    article = tmp_path / "fresh.txt"
    article.write_text("2024年12月20日，首期沙盒推出。", encoding="utf-8")
    before = snapshot(events.parent)
    status, out, err = add_source(capsys, named, seeds, article)
    assert (status, out) == (2, "")
    assert err == (
        f"{events.parent}/x␊y␛[2J.toml:0: is read-only (mode 0444); nothing was written "
        f"(make it writable, e.g. chmod u+w, to save to it)\n"
    )
    assert snapshot(events.parent) == before


async def test_a_newline_in_the_events_path_stays_inside_the_tui_notice(
    corpus: tuple[Path, Path],
) -> None:
    events, seeds = corpus
    named = events.with_name("x\nDeleted wallet-link. u undoes.toml")
    events.rename(named)
    app = app_on(named, seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        named.chmod(0o444)
        before = named.read_bytes()
        delete_event(app, "wallet-link")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        shown = notices(app)
        assert (
            f"{named.parent}/x␊Deleted wallet-link. u undoes.toml:0: is read-only (mode 0444); "
            f"nothing was written (make it writable, e.g. chmod u+w, to save to it)"
        ) in shown
        assert not any(notice.startswith("Deleted") for notice in shown), shown
    assert named.read_bytes() == before


# -- 5. a save by someone who may write the file but does not own it ---------------------------

AS_NOBODY = """
import os, sys, pwd
from tui.cli import main
# Everything the command imports is imported as root first: as nobody the checkout and the
# Python installation may not be readable.
main(["--events", "events.toml", "--seeds", "seeds", "validate"])
main(["--events", "missing.toml", "--seeds", "seeds", "add-source", "--title", "t",
      "--publisher", "p", "--published", "2024-12-20", "--note", "n", "art.txt"])
main(["--events", "events.toml", "--seeds", "seeds", "export", "-o", "/nonexistent/x"])
pwd.getpwuid(0)
sys.stdout.flush(); sys.stderr.write("--- as nobody\\n"); sys.stderr.flush()
os.setgroups([]); os.setresgid(65534, 65534, 65534); os.setresuid(65534, 65534, 65534)
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to act as a second user"
)
@pytest.mark.parametrize("command", ["add-source", "export"])
def test_a_shared_file_is_not_taken_from_its_owner(command: str) -> None:
    """As nobody, in a folder anyone may write, a save of root's 0666 events.toml (add-source)
    or of root's 0666 export file made them nobody's: `owner and group` were not kept."""
    folder = Path(tempfile.mkdtemp(prefix="hk-shared-", dir="/tmp"))
    try:
        shutil.copytree(MINI, folder, dirs_exist_ok=True)
        folder.chmod(0o777)
        (folder / "seeds").chmod(0o777)
        (folder / "events.toml").chmod(0o666)
        (folder / "art.txt").write_text("2024年12月20日，首期沙盒推出。", encoding="utf-8")
        (folder / "out.json").write_text("mine\n", encoding="utf-8")
        (folder / "out.json").chmod(0o666)
        before = snapshot(folder)
        target, args = {
            "add-source": ("events.toml", ["add-source", "--title", "t", "--publisher", "p",
                           "--published", "2024-12-20", "--note", "n", "art.txt"]),
            "export": ("out.json", ["export", "-o", "out.json"]),
        }[command]  # fmt: skip
        environment = {**os.environ, "HK_TIMELINE_NO_CACHE": "1"}
        done = subprocess.run(
            [sys.executable, "-c", AS_NOBODY, "--events", "events.toml", "--seeds", "seeds", *args],
            cwd=folder, capture_output=True, text=True, env=environment, timeout=120,
        )  # fmt: skip
        said = done.stderr.split("--- as nobody\n", 1)[1]
        assert done.returncode == 2, done.stderr
        assert said == (
            f"{target}:0: belongs to user root (0), and saving it would hand it to "
            f"{_user_name(65534)} (it is replaced by a new file, and only root can give a file "
            f"away); nothing was written (ask its owner, or save a copy of your own)\n"
        )
        assert snapshot(folder) == before  # no temporary file left either
        assert {path.stat().st_uid for path in folder.rglob("*")} == {0}
    finally:
        shutil.rmtree(folder)


def _user_name(uid: int) -> str:
    try:
        return f"{pwd.getpwuid(uid).pw_name} ({uid})"
    except KeyError:
        return str(uid)


DOTTED = 'title.en = "Joint pilot"  # as the article puts it\ntitle.zh = "聯合試點"  # our words'
SUMMARY = 'summary = { en = "HSBC and Ant International.", zh = "匯豐與螞蟻國際。" }'


@pytest.mark.parametrize(
    ("event_id", "old", "new", "fields", "expected"),
    [
        ("october-pilot", 'title = { en = "Joint pilot", zh = "聯合試點" }', DOTTED,
         {"#title-en": "Pilot"},
         'title.en = "Pilot"  # as the article puts it\ntitle.zh = "聯合試點"  # our words'),
        ("tokenised-deposits", SUMMARY, SUMMARY + "  # from the press release",
         {"#summary-en": "", "#summary-zh": ""}, "# from the press release"),
    ],
    ids=["dotted-keys-each-with-a-comment", "a-removed-field-with-a-comment"],
)  # fmt: skip
async def test_comments_on_the_lines_of_a_changed_or_removed_field_stay(
    corpus: tuple[Path, Path], event_id: str, old: str, new: str, fields: dict[str, str],
    expected: str,
) -> None:  # fmt: skip
    """A dotted title's second comment, and the comment of a field the form removes (both
    summaries cleared), went with the lines they were on."""
    events, seeds = corpus
    text = events.read_text("utf-8")
    assert old in text
    events.write_text(text.replace(old, new), "utf-8")
    before = events.read_text("utf-8")
    app = app_on(events, seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        edit_event(app, event_id)
        await pilot.pause()
        for selector, value in fields.items():
            app.screen.query_one(selector, Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen), screen_text(app)
    assert events.read_text("utf-8") == before.replace(new, expected)


# -- 6. the changed-on-disk check reads no more than the loader would ---------------------------


def test_an_events_file_grown_past_the_limit_is_a_change_not_read_whole(
    corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """After a first save, events.toml became 300 MiB (sparse): the next save's check for a
    change on disk read all of it into memory before saying so."""
    events, seeds = corpus
    curator = Curator(events, seeds)
    curator.delete_event("wallet-link")
    with events.open("r+b") as handle:
        handle.truncate(300 * 2**20)
    before = (events.stat().st_size, events.stat().st_mtime_ns, snapshot(seeds))
    tracemalloc.start()
    try:
        with pytest.raises(ConcurrentEditError) as caught:
            curator.undo()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        f"{events}:0: the file changed on disk since it was loaded; reload it before saving "
        f"(nothing was written)"
    )
    assert peak < 32 * 2**20, peak
    assert (events.stat().st_size, events.stat().st_mtime_ns, snapshot(seeds)) == before
    assert [path.name for path in events.parent.iterdir() if path.name.endswith(".tmp")] == []


# -- 7. add-source into a seeds folder several levels from existing ----------------------------


def test_a_failed_add_source_removes_every_folder_it_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--seeds new1/new2/seeds` and a failing validation left new1/new2 behind."""
    events = tmp_path / "events.toml"
    events.write_text("schema = 1\n", encoding="utf-8")
    article = tmp_path / "fresh.txt"
    article.write_text("hello\n", encoding="utf-8")
    before = snapshot(tmp_path)
    seeds = tmp_path / "new1" / "new2" / "seeds"
    status, out, err = run_cli(
        capsys, "add-source", article, "--events", events, "--seeds", seeds,
        "--title", "t", "--publisher", "p", "--published", "2024-12-20",
    )  # fmt: skip
    assert (status, out) == (2, "")
    assert err == (
        "new source 's000': source 's000': the article does not print its date 2024-12-20; "
        "add published_note with the evidence the date was inferred from\n"
    )
    assert snapshot(tmp_path) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["events.toml", "fresh.txt"]
    status, out, err = add_source(capsys, events, seeds, article)
    assert (status, err) == (0, "")
    assert (seeds / "fresh.txt").read_bytes() == article.read_bytes()


# -- 8. an untouched form keeps text with spaces around it --------------------------------------


@pytest.mark.parametrize(
    "stored",
    [
        'title = { en = "  Wallets linked  ", zh = "錢包互聯" }',
        WALLET_TITLE + '\nsummary = { en = "Linked. ", zh = " 互聯" }',
    ],
    ids=["title", "summary"],
)
async def test_saving_an_untouched_form_keeps_spaces_around_stored_text(
    corpus: tuple[Path, Path], stored: str
) -> None:
    """`e` then ctrl+s on an event whose title had spaces around it rewrote the title line
    without them: the form stripped every field, touched or not."""
    events, seeds = corpus
    events.write_text(events.read_text("utf-8").replace(WALLET_TITLE, stored), "utf-8")
    before = snapshot(events.parent)
    app = app_on(events, seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        edit_event(app, "wallet-link")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen), screen_text(app)
    assert snapshot(events.parent) == before


async def test_spaces_typed_around_a_new_title_are_still_trimmed(
    corpus: tuple[Path, Path],
) -> None:
    events, seeds = corpus
    before = events.read_text("utf-8")
    app = app_on(events, seeds)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        edit_event(app, "wallet-link")
        await pilot.pause()
        app.screen.query_one("#title-en", Input).value = "  Linked  "
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert events.read_text("utf-8") == before.replace(
        WALLET_TITLE, 'title = { en = "Linked", zh = "錢包互聯" }'
    )


# -- held: layouts and values the writer already kept (guards, found by this round) ------------

WALLET = 'id = "wallet-link"'
QUOTED = '"title"   =   { "en" = "Wallets linked", zh = "錢包互聯" }'
HASHED = WALLET_TITLE.replace("錢包互聯", '錢包\\"互聯 # not a comment')


def _retitle(title_en: str) -> object:
    def action(curator: Curator, events: Path, seeds: Path) -> None:
        corpus = load(events, seeds).corpus
        event = corpus.event("wallet-link")
        assert event is not None
        curator.update_event("wallet-link", replace(draft_of(event, corpus), title_en=title_en))

    return action


HELD = [
    # (name, mutate the file, the title to save, the lines expected to change: - then +)
    ("comment-between-header-and-id", lambda t: t.replace(WALLET, "# mine\n" + WALLET), "X",
     [WALLET_TITLE], ['title = { en = "X", zh = "錢包互聯" }']),
    ("quoted-keys-and-spaces-around-equals",
     lambda t: t.replace(WALLET_TITLE, QUOTED), "X", [QUOTED],
     ['title = { en = "X", zh = "錢包互聯" }']),
    ("hash-and-escaped-quote-in-a-string",
     lambda t: t.replace(WALLET_TITLE, HASHED), "X", [HASHED],
     ['title = { en = "X", zh = "錢包\\"互聯 # not a comment" }']),
    ("triple-quote-backslash-newline-tab", lambda t: t, 'a """ \\ b\nc\td',
     [WALLET_TITLE], ['title = { en = "a \\"\\"\\" \\\\ b\\nc\\td", zh = "錢包互聯" }']),
    ("keys-in-reverse-order", lambda t: t.replace(
        '\n'.join([WALLET, 'date = "2019-07"', 'status = "happened"', 'date_text = "2019年7月"',
                   WALLET_TITLE]),
        '\n'.join([WALLET_TITLE, 'date_text = "2019年7月"', 'status = "happened"',
                   'date = "2019-07"', WALLET])), "X",
     [WALLET_TITLE], ['title = { en = "X", zh = "錢包互聯" }']),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "title", "removed", "added"),
    [case[1:] for case in HELD],
    ids=[case[0] for case in HELD],
)
def test_held_layouts_change_only_the_title_line(
    corpus: tuple[Path, Path], mutate: object, title: str, removed: list[str], added: list[str]
) -> None:
    events, seeds = corpus
    assert callable(mutate)
    events.write_text(mutate(events.read_text("utf-8")), "utf-8")
    before = events.read_text("utf-8")
    curator = Curator(events, seeds)
    action = _retitle(title)
    assert callable(action)
    action(curator, events, seeds)
    after = events.read_text("utf-8")
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [*("-" + line for line in removed), *("+" + line for line in added)]
    corpus_after = load(events, seeds).corpus
    event = corpus_after.event("wallet-link")
    assert event is not None and event.title.en == title
    curator.undo()
    assert events.read_text("utf-8") == before


# -- 9. ten thousand broken events: the problems dialog lists a bounded number ------------------


async def test_the_problems_dialog_of_forty_thousand_problems_opens_at_once(
    tmp_path: Path,
) -> None:
    """`!` on a file of 10,000 broken events (40,000 problems) froze the screen for about ten
    seconds while one Static laid out every line."""
    events = tmp_path / "events.toml"
    broken = (
        '[[events]]\nid = "e{0}"\ndate = "2019-13"\nstatus = "happened"\n'
        'title = {{ en = "a", zh = "b" }}\nactors = ["nobody"]\nthemes = []\nsources = []\n\n'
    )
    events.write_text("schema = 1\n" + "".join(broken.format(n) for n in range(10_000)), "utf-8")
    before = snapshot(tmp_path)
    app = app_on(events, tmp_path / "seeds")
    assert len(app.result.problems) == 40_000
    async with app.run_test(size=(80, 24)) as pilot:
        started = time.monotonic()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        took = time.monotonic() - started
        assert isinstance(app.screen, ProblemsScreen)
        listed = str(app.screen.query_one("#problems-text", Static).render())
        lines = listed.splitlines()
        assert len(lines) == MAX_LISTED + 2
        assert lines[0] == f"{events}:4: event 'e0': bad date '2019-13': month 13 does not exist"
        assert lines[-2] == (
            "… and 39,500 more, not listed here; `hk-timeline validate` prints them all."
        )
        assert took < 5, took  # about 10 s when every problem was laid out
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)
    assert snapshot(tmp_path) == before


# -- 10. an article with tens of thousands of dates: `U` lists a bounded number -----------------


async def test_uncovered_dates_of_an_article_full_of_dates_list_the_first_thousand(
    corpus: tuple[Path, Path],
) -> None:
    """`U` on an article full of dates lists a bounded number: on a 1 MB article holding 40,000
    dates it laid out 40,000 options (about 2 s of a frozen screen on top of finding the dates).
    Three times the bound shows the cut."""
    events, seeds = corpus
    article = seeds / "en.txt"
    article.write_text(
        article.read_text("utf-8") + "In March 2024 the bank said it expects 2025年5月. " * 1_500,
        "utf-8",
    )
    before = snapshot(events.parent)
    app = app_on(events, seeds)
    async with app.run_test(size=SIZE) as pilot:
        passages = passages_in(app.corpus.events, "en")
        app.push_screen(SourceScreen("en", passages, 0))
        await pilot.pause()
        await pilot.press("U")
        await pilot.pause()
        assert isinstance(app.screen, UncoveredScreen)
        assert app.screen.query_one(OptionList).option_count == MAX_MENTIONS
        title = str(app.screen.query_one("#dialog-title", Static).render())
        assert title == "Uncovered dates: 3,000 not quoted by any event (the first 1,000 listed)"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
    assert snapshot(events.parent) == before


def test_the_left_out_count_counts_events_not_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a first-time user: removing s002's article said '41 events' for 16 events."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REAL_EVENTS, corpus / "events.toml")
    shutil.copytree(REAL_SEEDS, corpus / "seeds")
    events = [event for event in load(REAL_EVENTS, REAL_SEEDS).corpus.events]
    quoting = [event for event in events if any(q.source == "s002" for q in event.quotes)]
    quotes = sum(1 for event in events for q in event.quotes if q.source == "s002")
    assert len(quoting) < quotes  # the case needs an event that quotes s002 twice
    article = next((corpus / "seeds").glob("002_*"))
    article.unlink()
    status = main(["validate", "--no-cache", "--events", str(corpus / "events.toml")])
    err = capsys.readouterr().err
    assert status == 2
    assert (
        f"source 's002' is unusable, so the {len(quoting)} events quoting it were left out" in err
    )


async def test_ctrl_c_says_which_key_quits_without_markup(mini: tuple[Path, Path]) -> None:
    """Found by a first-time user: Ctrl+C showed 'Press [b]ctrl+q[/b] to quit the app'."""
    app = create_app(*mini, use_cache=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+c")
        assert await wait_for_text(pilot, app, "Press ctrl+q to quit the app")
        text = screen_text(app)
        assert "Press ctrl+q to quit the app" in text
        assert "[b]" not in text


def test_saving_an_unchanged_event_writes_nothing_and_adds_no_undo_step(
    mini: tuple[Path, Path],
) -> None:
    """Found by a first-time user: an untouched save was a second 'Undone.' that did nothing."""
    events, seeds = mini
    curator = Curator(events, seeds)
    corpus = load(events, seeds).corpus
    event = corpus.events[0]
    os.utime(events, (1_000_000_000, 1_000_000_000))
    curator.update_event(event.id, draft_of(event, corpus))
    assert curator.history == []
    assert events.stat().st_mtime == 1_000_000_000


def test_a_dotted_key_edit_changes_only_its_own_line(mini: tuple[Path, Path]) -> None:
    """Found by a first-time user: changing title.zh rewrote title.en and title.zh as one line."""
    events, seeds = mini
    text = events.read_text("utf-8")
    old = 'title = { en = "Wallets linked", zh = "錢包互聯" }\n'
    assert old in text
    dotted = 'title.en = "Wallets linked"\ntitle.zh = "錢包互聯"   # literal\n'
    events.write_text(text.replace(old, dotted), "utf-8")
    before = events.read_text("utf-8")
    corpus = load(events, seeds).corpus
    event = next(event for event in corpus.events if event.title.zh == "錢包互聯")
    draft = draft_of(event, corpus)
    Curator(events, seeds).update_event(event.id, replace(draft, title_zh="錢包互聯互通"))
    diff = [
        line
        for line in difflib.ndiff(before.splitlines(), events.read_text("utf-8").splitlines())
        if line[:1] in "+-"
    ]
    assert diff == [
        '- title.zh = "錢包互聯"   # literal',
        '+ title.zh = "錢包互聯互通"   # literal',
    ]


def test_a_reload_ends_the_undo_history(mini: tuple[Path, Path]) -> None:
    """Undo after a reload would write the session's old text over someone else's change."""
    events, seeds = mini
    curator = Curator(events, seeds)
    curator.delete_event("october-pilot")
    events.write_text(events.read_text("utf-8") + "# someone else's note\n", "utf-8")
    curator.reload()
    with pytest.raises(TimelineError, match="nothing to undo"):
        curator.undo()
    assert events.read_text("utf-8").endswith("# someone else's note\n")


async def test_saving_an_untouched_form_says_nothing_was_saved(mini: tuple[Path, Path]) -> None:
    """An unchanged save writes nothing; the notice must not promise an undo."""
    app = create_app(*mini, use_cache=False)
    before = mini[0].read_bytes()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert await wait_for_text(pilot, app, "unchanged: nothing to save")
        text = screen_text(app)
        assert "u undoes" not in text
    assert mini[0].read_bytes() == before
