"""The Textual app: loads a corpus, wires the screens, holds the display settings."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from threading import Event, Lock, Thread
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from tui.core.cache import CachedLoad, PendingEntry, StoredSearchText, load_cached
from tui.core.errors import TimelineError
from tui.core.freshness import changed_on_disk, file_digest
from tui.core.idle_gc import IdleCollector, freeze_long_lived, long_lived
from tui.core.late_check import LateCheck, LateFindings, with_findings
from tui.core.loader import DateTextCheck, LoadProgress, LoadResult, load
from tui.core.model import Corpus
from tui.core.preferences import load_preferences
from tui.core.progress import Loading
from tui.core.query import TimelineIndex
from tui.core.remembering import SettingsMemory
from tui.core.scripts import SCRIPTS, Script, ScriptConverter
from tui.core.text_fitting import safe_text
from tui.screens.host import CorpusRevision, TimelineHost
from tui.screens.loading import LoadingScreen
from tui.screens.timeline import TimelineScreen

if TYPE_CHECKING:
    # Curation (tomlkit, the date engine) loads on the first edit, not for the first paint;
    # the palette's commands and the dialogs load when first opened.
    from textual.command import Provider

    from tui.core.curate import Curator

__all__ = ["LoadCorpus", "TimelineApp", "create_app", "load_for_app", "start_app"]

LoadCorpus = Callable[[LoadProgress], CachedLoad]
"""Loads the app's corpus in a worker, telling `progress` how far it has got."""
PROGRESS_DELAY = 0.5
"""Seconds a load runs before the header says how far it has got (a quick one just shows)."""
PROGRESS_EVERY = 0.1
"""Seconds at least between two of the load's reports of how far it has got."""


class _LoadCancelled(Exception):
    """The app quit while its corpus was loading."""


def _in_background(job: Callable[..., None], *args: object) -> None:
    """Run `job` in a daemon thread, which posts what it finds to the app as messages.

    Not a Textual worker: Textual waits for its thread workers as it exits, and neither a
    load (which can stop only when it next reports progress; a cache hit never does) nor the
    check after it can stop at once, so quitting would wait for them.
    """
    Thread(target=job, args=args, daemon=True).start()


def _timeline_commands() -> type[Provider]:
    """The palette's timeline commands, imported when the palette first opens."""
    from tui.screens.commands import TimelineCommands

    return TimelineCommands


class TimelineApp(App[None]):
    """HK FinTech Timeline: the timeline of one corpus, its articles one key away."""

    TITLE = "HK FinTech Timeline"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_timeline_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # q leaves the screen in front (as Esc does); on the timeline that quits the app.
        Binding("q", "leave", "Quit", show=False),
        Binding("s", "cycle_script", "Script"),
        Binding("l", "toggle_language", "EN/中"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("exclamation_mark", "problems", "Problems", show=False),
        Binding("H", "hints", "Hints", show=False),
        Binding("u", "undo", "Undo", show=False),
    ]

    language: reactive[str] = reactive("en")
    """"en" or "zh": the language of titles and names."""
    script: reactive[Script] = reactive[Script]("original")
    """The script Chinese text is shown in."""
    corpus_revision: reactive[CorpusRevision] = reactive(CorpusRevision(0))
    """Replaced with the next revision whenever `corpus` is: the screens showing the corpus
    watch it."""
    loading: reactive[Loading | None] = reactive[Loading | None](None)
    """How far loading the corpus has got while the app starts on it; None once loaded."""
    problems_revision: reactive[int] = reactive(0)
    """Counts the times problems were added to `result` after the corpus was shown (a check
    run after the first paint): the header watches it to count them."""

    @dataclass
    class LoadProgressed(Message):
        """The corpus being loaded has got further."""

        loading: Loading
        """How far."""

    @dataclass
    class CorpusLoaded(Message):
        """The corpus has loaded (or failed to: `failure`)."""

        loaded: CachedLoad | None
        """What loading produced, or None when it raised."""
        failure: BaseException | None = None
        """What loading raised: a bug, said by the CLI once the terminal is back."""

    @dataclass
    class LateProblems(Message):
        """The check run after the first paint is done."""

        checked: LoadResult
        """The result it checked."""
        findings: LateFindings
        """What it found."""

    @dataclass
    class LateCheckFailed(Message):
        """The check run after the first paint raised (a bug)."""

        error: Exception
        """What it raised."""

    def __init__(
        self,
        result: LoadResult | None,
        *,
        events_path: Path,
        seeds_dir: Path,
        loaded_digest: str | None = None,
        search_text: StoredSearchText | None = None,
        load_corpus: LoadCorpus | None = None,
        late_check: LateCheck | None = None,
    ) -> None:
        super().__init__()
        if result is None and load_corpus is None:
            raise ValueError("give the app a loaded result or a way to load one")
        self._load_corpus = load_corpus
        self._late_check = late_check
        self._dates_unchecked = late_check is not None
        """Whether `result` still lacks the date_text check (run after the first paint)."""
        self._quitting = Event()
        self.progress_delay = PROGRESS_DELAY
        """`PROGRESS_DELAY` for this app; tests shorten it."""
        self.load_failure: BaseException | None = None
        """Set when the corpus given by `load_corpus` could not be loaded (the app then
        exits): a TimelineError for a file that cannot be read or parsed, else the bug."""
        if result is None:
            result = LoadResult(Corpus(), ())
            self.set_reactive(TimelineApp.loading, Loading())
        self.result = result
        """What loading produced, problems included."""
        self.corpus = result.corpus
        """The valid part of the corpus."""
        self.events_path = events_path
        """The events file the corpus came from."""
        self.seeds_dir = seeds_dir
        """The directory its articles live in."""
        self.converter = ScriptConverter()
        """Chinese script conversion; each OpenCC converter is built on first use."""
        self._index: TimelineIndex | None = None
        self._index_lock = Lock()
        self._loaded_digest = loaded_digest
        self._search_text = search_text
        self._search_corpus = result.corpus
        self._pending_entry: PendingEntry | None = None
        self._pending_lock = Lock()
        self._curator: Curator | None = None
        self.idle_gc = IdleCollector()
        """Runs the cyclic collector's full collections while input pauses."""
        self.preferences, self._preference_problems = load_preferences()
        """Settings and saved views remembered from earlier runs (see `tui.core.preferences`)."""
        self.settings_memory = SettingsMemory()
        """Writes the settings changed in this session for the next run."""
        # Set before the first paint, so the first frame already has them.
        if self.preferences.language is not None:
            self.set_reactive(TimelineApp.language, self.preferences.language)
        if self.preferences.script is not None:
            self.set_reactive(TimelineApp.script, cast(Script, self.preferences.script))

    @property
    def index(self) -> TimelineIndex:
        """The corpus prepared for filtering.

        Folding a big corpus's text is slow, so the index is built in a thread after the
        first paint; a filter used before then waits for it here.
        """
        with self._index_lock:
            if self._index is None:
                stored = self._search_text
                # The cache's search text is of the corpus loaded at start, not of a later one.
                texts = None
                if stored is not None and self.corpus is self._search_corpus:
                    texts = stored.read(len(self.corpus.events))
                self._index = TimelineIndex(self.corpus, texts)
            return self._index

    def on_mount(self) -> None:
        self._apply_colour_scheme()
        for problem in self._preference_problems:
            self.notify(str(problem), title="Settings file", severity="warning")
        # Textual calls watchers once as it sets its reactives up: what is already so at
        # start is not written (a run that changes nothing leaves the file alone).
        self.settings_memory.settled = {
            "language": self.language,
            "script": self.script,
            "colour_scheme": self.theme,
        }
        for setting, key in (
            ("language", "language"),
            ("script", "script"),
            ("theme", "colour_scheme"),
        ):
            self.watch(self, setting, partial(self.remember, key), init=False)
        if self._load_corpus is not None:
            _in_background(self._load_in_thread, self._load_corpus)
        else:
            self._corpus_shown()

    def _corpus_shown(self) -> None:
        """Start what follows the corpus's first paint."""
        self.call_after_refresh(self._build_index)
        # A full collection over a big corpus would cost the key it lands on a frame; from
        # here on they run when input pauses (see `tui.core.idle_gc`).
        self.idle_gc.start()
        self.set_interval(0.25, self.idle_gc.tick, name="idle-gc")
        if self._late_check is not None or self._pending_entry is not None:
            self.call_after_refresh(
                _in_background, self._after_first_paint, self._late_check, self.result
            )

    def _after_first_paint(self, late_check: LateCheck | None, checked: LoadResult) -> None:
        # One after the other, not side by side: the check and the entry's encoding each take
        # tens of MB for a while, which together would raise the peak; the threads share one
        # interpreter lock, so the check ends barely later.
        self.write_cache_entry()
        if late_check is not None:
            self._check_late(late_check, checked)

    def write_cache_entry(self) -> None:
        """Write the cache entry the load left for after the first paint, if not yet written.

        It runs in a thread after the first paint, folding nothing the index has not folded;
        the CLI calls it again once the app has exited, and then it waits for that thread, or
        writes the entry itself when the app quit before it started.
        """
        with self._pending_lock:
            pending, self._pending_entry = self._pending_entry, None
            if pending is None:
                return
            index = self.index
            pending.write(index.haystacks if index.corpus is pending.result.corpus else None)

    # -- loading after the first paint ----------------------------------------------

    def _load_in_thread(self, load_corpus: LoadCorpus) -> None:
        told, told_at = -1, -PROGRESS_EVERY

        def progress(done: int, total: int) -> None:
            nonlocal told, told_at
            if self._quitting.is_set():
                # The app is quitting: the load stops here rather than keep it waiting.
                raise _LoadCancelled
            percent = done * 100 // total if total else 0
            now = time.monotonic()
            # Each message repaints the header on the UI thread, which shares the GIL with
            # the load: a few a second say how far it has got.
            if percent != told and now - told_at >= PROGRESS_EVERY:
                told, told_at = percent, now
                self.post_message(self.LoadProgressed(Loading(done, total)))

        try:
            # The corpus lives as long as the app (see `tui.core.idle_gc`).
            with long_lived():
                loaded = load_corpus(progress)
        except _LoadCancelled:
            return
        except BaseException as error:
            # Whatever stops the load ends the app (never a screen left waiting), and the CLI
            # raises it again once the terminal is back (KeyboardInterrupt: exit 130).
            self.post_message(self.CorpusLoaded(None, error))
            return
        self.post_message(self.CorpusLoaded(loaded))

    @on(LoadProgressed)
    def _load_progressed(self, message: LoadProgressed) -> None:
        if self.loading is not None:
            self.loading = message.loading

    @on(CorpusLoaded)
    def _corpus_loaded(self, message: CorpusLoaded) -> None:
        loaded = message.loaded
        if loaded is None or loaded.result.fatal:
            if loaded is None:
                self.load_failure = message.failure
            else:
                fatal = tuple(problem for problem in loaded.result.problems if problem.fatal)
                self.load_failure = TimelineError("cannot load the events file", fatal)
            self.exit()
            return
        if loaded.dates_checked:
            # The cache served a load that checked every date_text: nothing to check later.
            self._late_check = None
            self._dates_unchecked = False
        self.result = loaded.result
        self.corpus = self._search_corpus = loaded.result.corpus
        self._loaded_digest = loaded.digest
        self._search_text = loaded.search_text
        self._pending_entry = loaded.pending
        self.loading = None
        # A mode of its own: the timeline is then the bottom of its stack, as when the app
        # starts on a loaded corpus (q there quits), and the loading screen is left behind.
        self.add_mode("timeline", TimelineScreen)
        self.switch_mode("timeline")
        self._corpus_shown()

    def _check_late(self, late_check: LateCheck, checked: LoadResult) -> None:
        try:
            findings = late_check(checked)
        except Exception as error:
            # A bug: said, never taken for a clean check.
            self.post_message(self.LateCheckFailed(error))
            return
        if not self._quitting.is_set():
            self.post_message(self.LateProblems(checked, findings))

    @on(LateCheckFailed)
    def _late_check_failed(self, message: LateCheckFailed) -> None:
        self.notify(
            f"the date_text check could not run ({type(message.error).__name__}: "
            f"{message.error}); `hk-timeline validate` checks them",
            title="Problems",
            severity="error",
            timeout=30,
        )

    @on(LateProblems)
    def _late_problems(self, message: LateProblems) -> None:
        findings = message.findings
        # A write or a reload since has its own, complete, validation (see `_session`).
        if self.result is not message.checked:
            return
        self._dates_unchecked = False
        if not findings.problems:
            return
        self.result = with_findings(self.result, findings)
        if self.result.corpus is not self.corpus:
            # The events with a problem leave the timeline, as a load with the check leaves
            # them out; the cursor stays where it is.
            self.corpus = self.result.corpus
            with self._index_lock:
                self._index = None
            self._build_index()
            self.corpus_revision = CorpusRevision(self.corpus_revision.number + 1)
        self.problems_revision += 1
        count = len(findings.problems)
        self.notify(
            f"{count} date problem{'' if count == 1 else 's'} found; ! lists them",
            title="Problems",
            severity="warning",
        )

    def on_unmount(self) -> None:
        self._quitting.set()
        self.idle_gc.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent, events.Paste)):
            self.idle_gc.touch()
        await super().on_event(event)

    @work(thread=True, exclusive=True, group="index")
    def _build_index(self) -> None:
        self.index  # noqa: B018 - built for its side effect, under the lock
        # Like the corpus, the index lives as long as the app (see `tui.core.idle_gc`).
        freeze_long_lived()

    # -- curation ------------------------------------------------------------------

    def curate(self, change: Callable[[Curator], LoadResult], *, select: str | None = None) -> None:
        """Make one change to the events file through the session's Curator and show it.

        The Curator is created on the first change. If the file on disk is no longer the
        one this app loaded, nothing is written: ConcurrentEditError until `reload`.

        Args:
            change: what to do, e.g. ``lambda curator: curator.add_event(draft)``.
            select: id of the event to put the timeline's cursor on afterwards.

        Raises:
            TimelineError: the change does not validate (nothing written), or
                ConcurrentEditError when the file changed on disk.
        """
        curator = self._session()
        curator.notice = None
        self.apply_result(change(curator), select=select)
        if curator.notice is not None:
            self.notify(curator.notice, timeout=10)

    def reload(self) -> None:
        """Read the events file again and show what it now holds."""
        result = self._session(check=False).reload()
        if result.fatal:
            fatal = tuple(problem for problem in result.problems if problem.fatal)
            raise TimelineError("cannot load the events file", fatal)
        self._loaded_digest = None
        self.apply_result(result)

    @property
    def can_undo(self) -> bool:
        """True when this session has written something it can take back."""
        return self._curator is not None and bool(self._curator.history)

    def _session(self, *, check: bool = True) -> Curator:
        from tui.core.curate import ConcurrentEditError, Curator
        from tui.core.temporal import resolve_date_text

        if self._curator is None:
            # What this app loaded is the session's validation while the file still holds
            # those bytes: the first change then does not validate the whole file again.
            self._curator = Curator(
                self.events_path,
                self.seeds_dir,
                check_date_text=resolve_date_text,
                # Not while the date_text check has yet to run on it: the first change
                # then validates the whole file, dates included, as a reload does.
                loaded=None if self._dates_unchecked else self.result,
                loaded_digest=self._loaded_digest,
            )
        if check and self._loaded_digest is not None:
            if changed_on_disk(self.events_path, self._loaded_digest):
                raise ConcurrentEditError(
                    f"{self.events_path}:0: the file changed on disk since it was loaded; "
                    f"reload it before saving (nothing was written)"
                )
            # From here on the Curator's own check covers changes on disk.
            self._loaded_digest = None
        return self._curator

    def apply_result(self, result: LoadResult, *, select: str | None = None) -> None:
        """Show `result` (after a write or a reload): swap the corpus, rebuild the index.

        The events a write left as they were keep their folded text: the new index folds
        only the changed ones, so it is built here, before the list shows the new corpus.
        """
        from tui.core.query import reused_search_text

        # Written or reloaded through the session, which checks dates.
        self._dates_unchecked = False

        self.result = result
        self.corpus = result.corpus
        with self._index_lock:
            previous, self._index = self._index, None
            if previous is not None:
                self._index = TimelineIndex(
                    result.corpus, reused_search_text(previous, result.corpus)
                )
        if self._index is None:
            self._build_index()
        self.corpus_revision = CorpusRevision(self.corpus_revision.number + 1, select)

    def action_undo(self) -> None:
        from tui.screens.curation import undo

        undo(self)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification whose text is always data, never markup.

        Messages carry paths, ids and errors (``~/notes [draft]/events.toml``), which
        Textual would parse as markup by default, crashing on a stray ``[/x]``; every
        notification of the app, from any screen or widget, comes through here.
        """
        super().notify(
            safe_text(message, keep_newlines=True),
            title=safe_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit a full-screen app: say which key does, in plain words.

        Textual's own reminder is markup ("Press [b]ctrl+q[/b]"), which `notify` above
        shows as written, brackets and all.
        """
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    # -- remembered settings ------------------------------------------------------

    def _apply_colour_scheme(self) -> None:
        wanted = self.preferences.colour_scheme
        if wanted is None:
            return
        name = {"dark": "textual-dark", "light": "textual-light"}.get(wanted, wanted)
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(
                f"colour_scheme {wanted!r} in the settings file is not a colour scheme "
                f"(known: dark, light, {', '.join(sorted(self.available_themes))}); ignored",
                severity="warning",
            )

    def remember(self, key: str, value: str) -> None:
        """Save one setting for the next run; a write that fails is said once, not fatal."""
        error = self.settings_memory.remember(key, value)
        if error is not None:
            self.notify(
                f"{error.shown()}\nSettings will not be remembered this session.",
                title="Cannot save settings",
                severity="warning",
                timeout=10,
            )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # "Theme" in this app is what events are tagged with; Textual's colours are a
        # colour scheme here.
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield SystemCommand(
                    "Colour scheme", "Change the colours (dark, light, …)", command.callback
                )
            else:
                yield command

    def action_leave(self) -> None:
        """q: quit from the timeline; anywhere deeper, go back one step as Esc does."""
        if len(self.screen_stack) <= 1:
            self.exit()
        else:
            self.simulate_key("escape")

    def get_default_screen(self) -> Screen[None]:
        return LoadingScreen() if self.loading is not None else TimelineScreen()

    def action_cycle_script(self) -> None:
        self.script = SCRIPTS[(SCRIPTS.index(self.script) + 1) % len(SCRIPTS)]

    def action_toggle_language(self) -> None:
        self.language = "zh" if self.language == "en" else "en"

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_problems(self) -> None:
        from tui.screens.problems import ProblemsScreen

        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(self.result.problems))

    def action_hints(self) -> None:
        from tui.screens.hints import open_hints

        open_hints(self)


def create_app(events_path: Path, seeds_dir: Path, *, use_cache: bool = True) -> TimelineApp:
    """Load a corpus and build the app on it; the tests start here.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory its articles are relative to.
        use_cache: read and keep the validated index in the user cache dir.

    Returns:
        The app, ready to run.

    Raises:
        TimelineError: the events file could not be read or parsed at all.
    """
    # The corpus lives as long as the app: loaded with the collector off, then frozen out
    # of its sight (see `tui.core.idle_gc`).
    with long_lived():
        loaded = load_for_app(events_path, seeds_dir, use_cache=use_cache)
    result = loaded.result
    if result.fatal:
        fatal = tuple(problem for problem in result.problems if problem.fatal)
        raise TimelineError("cannot load the events file", fatal)
    return TimelineApp(
        result,
        events_path=events_path,
        seeds_dir=seeds_dir,
        loaded_digest=loaded.digest,
        search_text=loaded.search_text,
    )


def start_app(
    events_path: Path,
    seeds_dir: Path,
    *,
    use_cache: bool = True,
    late_check: LateCheck | None = None,
) -> TimelineApp:
    """Build the app to load its corpus once it runs, showing how far it has got.

    The CLI starts here: the app's first screen is up at once, and a problem that stops the
    load ends the app with `TimelineApp.load_failure` set.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory its articles are relative to.
        use_cache: read and keep the validated index in the user cache dir.
        late_check: the date_text cross-check, run after the first paint; the corpus is
            then loaded without it. None checks while loading.

    Returns:
        The app, ready to run.
    """
    load_corpus = partial(
        load_for_app,
        events_path,
        seeds_dir,
        use_cache=use_cache,
        check_dates=late_check is None,
        defer_write=True,
    )
    return TimelineApp(
        None,
        events_path=events_path,
        seeds_dir=seeds_dir,
        load_corpus=load_corpus,
        late_check=late_check,
    )


def load_for_app(
    events_path: Path,
    seeds_dir: Path,
    progress: LoadProgress | None = None,
    *,
    use_cache: bool = True,
    check_dates: bool = True,
    defer_write: bool = False,
) -> CachedLoad:
    """Load the corpus as the app shows it, through the cache.

    Args:
        events_path: the events.toml to read.
        seeds_dir: the directory its articles are relative to.
        progress: told how far the load has got.
        use_cache: read and keep the validated index in the user cache dir.
        check_dates: cross-check each date_text against its event's date while loading
            (False when the app runs the check after the first paint).
        defer_write: on a cache miss, leave the entry to `CachedLoad.pending` (the app
            writes it after the first paint).

    Returns:
        The result, with the digest of the bytes it came from (a curation write checks it
        to notice a concurrent edit) and the cached search text when there is one.
    """
    from tui.core.cache import NamedCheck

    if use_cache:
        # By name: on a hit the date engine is not even imported.
        named = NamedCheck("tui.core.temporal", "resolve_date_text")
        return load_cached(
            events_path,
            seeds_dir,
            check_date_text=named if check_dates else None,
            progress=progress,
            defer_write=defer_write,
            # An entry `hk-timeline validate`/`list` wrote had the check while loading.
            or_checked=None if check_dates else named,
        )
    check: DateTextCheck | None = None
    if check_dates:
        from tui.core.temporal import resolve_date_text

        check = resolve_date_text
    digest = file_digest(events_path)
    result = load(events_path, seeds_dir, check_date_text=check, progress=progress)
    return CachedLoad(result, digest)


if TYPE_CHECKING:

    def _serves_the_screens(app: TimelineApp) -> TimelineHost:
        """mypy checks here that the app is what the screens take it for (`host`)."""
        return app
