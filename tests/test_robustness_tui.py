"""The terminal app's catalogue of issue 15: hostile names, failed loads, crashes, signals,
terminals it cannot run in, huge articles. Each case runs the real app (or the real CLI in a
real process) and asserts what the user sees, the exit status and the files."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import REAL_EVENTS, REAL_SEEDS, screen_text

from tui.app import TimelineApp, create_app
from tui.curate import Curator, EventDraft
from tui.screens.confirm import ConfirmScreen
from tui.screens.event_form import EventFormScreen

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
SIZE = (140, 45)
NAME = "[bold]HSBC[/bold] [/oops]"
THEME = "[/oops] theme [link=x]"


def hostile_copy(folder: Path) -> tuple[Path, Path]:
    """The hostile corpus copied into `folder`, an actor and a theme named with broken markup."""
    shutil.copytree(HOSTILE, folder)
    events_path = folder / "events.toml"
    text = events_path.read_text(encoding="utf-8")
    text = text.replace('en = "HSBC 🇭🇰"', f'en = "{NAME}"')
    text = text.replace('en = "[red]Markup[/red]"', f'en = "{THEME}"')
    events_path.write_text(text, encoding="utf-8")
    return events_path, folder / "seeds"


def app_on(events_path: Path, seeds_dir: Path) -> TimelineApp:
    return create_app(events_path, seeds_dir, use_cache=False)


def notices(app: TimelineApp) -> list[str]:
    return [notification.message for notification in app._notifications]


# -- 1. editing keeps the stored date, its words and the order of actors and themes -------


async def test_editing_only_the_title_keeps_date_text_and_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events_path = tmp_path / "events.toml"
    shutil.copyfile(REAL_EVENTS, events_path)
    shutil.copytree(REAL_SEEDS, tmp_path / "seeds")
    before = events_path.read_text(encoding="utf-8")
    handed: list[EventDraft] = []
    real_update = Curator.update_event

    def update_event(self: Curator, event_id: str, draft: EventDraft) -> object:
        handed.append(draft)
        return real_update(self, event_id, draft)

    monkeypatch.setattr(Curator, "update_event", update_event)
    app = app_on(events_path, tmp_path / "seeds")
    event_id = "hkma-scaled-testing-early-2026"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        from tui.screens.curation import edit_event

        edit_event(app, event_id)
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        title = app.screen.query_one("#title-en", Input)
        title.value = "HKMA expects more fintech in scaled testing"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EventFormScreen), screen_text(app)
    (draft,) = handed
    assert (draft.date, draft.mod, draft.date_text) == ("2026", "START", "到2026年初")
    assert draft.actors == ("hkma",)
    assert draft.themes == ("sandbox", "ai")  # as stored, not the corpus's order
    after = events_path.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 'date_text = "到2026年初"' in after
    # Only the title changed. The `sources` array is the writer's to keep as written
    # (Curator.update_event splicing only changed lines, another part of this issue).
    outside_sources = [line for line in changed if "source" not in line and line != "-]"]
    assert outside_sources == [
        '-title = { en = "HKMA expects more fintech to enter scaled testing", '
        'zh = "金管局預期更多金融科技進入規模化測試" }',
        '+title = { en = "HKMA expects more fintech in scaled testing", '
        'zh = "金管局預期更多金融科技進入規模化測試" }',
    ]


# -- 2. names and paths with markup show literally, in every dialog and notification ------


async def test_markup_in_actor_and_theme_names_shows_literally_everywhere(
    tmp_path: Path,
) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "hostile")
    before = events_path.read_bytes()
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=(140, 90), notifications=True) as pilot:
        await pilot.press("end", "up")  # the "escapes" event: both actors
        await pilot.pause()
        assert NAME in screen_text(app)  # the detail pane
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        text = screen_text(app)
        assert f"{NAME} · 滙豐" in text  # the form's actor list
        assert f"{THEME} · 標記" in text  # and its theme list
        await pilot.press("escape")
        await pilot.pause()
        for key in ("a", "t"):  # the pickers
            await pilot.press(key)
            await pilot.pause()
            assert (NAME if key == "a" else THEME) in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("enter")  # the article and its detail pane
        await pilot.pause()
        assert NAME in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert f"{NAME} · 滙豐" in screen_text(app)
        assert app.is_running
    assert events_path.read_bytes() == before


async def test_a_path_with_brackets_in_a_notification_shows_literally(tmp_path: Path) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "notes [draft]")
    app = app_on(events_path, seeds_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        changed = events_path.read_bytes() + b"\n# changed by someone else [/oops]\n"
        events_path.write_bytes(changed)
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # offers to reload
        await pilot.press("n")
        await pilot.pause()
        message = "notes [draft]/events.toml:0: the file changed on disk"
        assert any(message in notice for notice in notices(app))
        assert "[draft]/events.toml:0: the file" in screen_text(app)  # the toast
        # The form says the same in its own error line.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "notes [draft]/events.toml:0: the file changed" in screen_text(app)
        assert app.is_running
    assert events_path.read_bytes() == changed


# -- 4. after a failed reload every curation action answers with a message ----------------


async def test_curation_after_a_failed_reload_says_why(tmp_path: Path) -> None:
    events_path, seeds_dir = hostile_copy(tmp_path / "corpus")
    app = app_on(events_path, seeds_dir)
    broken = b"schema = 1\n[[events]\nid = \n"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("D", "y")  # one change of the session's own first
        await pilot.pause()
        assert app.corpus.event("deposits") is None
        events_path.write_bytes(broken)
        await pilot.press("D", "y")  # the file changed: offer to reload
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")  # reload fails: it no longer parses
        await pilot.pause()
        assert any("events.toml:2:" in message for message in notices(app)), notices(app)
        for keys in (("D", "y"), ("D", "y"), ("u",)):
            app.clear_notifications()
            await pilot.press(*keys)
            await pilot.pause()
            assert app.is_running
            if isinstance(app.screen, ConfirmScreen):  # offered to reload again: decline
                await pilot.press("n")
                await pilot.pause()
            assert notices(app), keys
            assert all("Traceback" not in message for message in notices(app))
        # Undo would have put back the text before the delete over the file as it now is.
        assert "Nothing to undo." in notices(app) or "nothing to undo" in str(notices(app))
        await pilot.press("e")  # the form says why it cannot save, and stays open
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventFormScreen)
        assert "nothing was" in screen_text(app) or "events.toml:2" in screen_text(app)
        assert app.is_running
    assert events_path.read_bytes() == broken
