"""`make bench`: start-up, first paint, filtering, scrolling, memory and extract, as one table.

Usage: ``python bench/run.py [--sizes 1000,10000,100000] [--quick] [--work DIR]``.

Corpora come from bench/gen_corpus.py (kept under /tmp/hk-timeline-bench/ and reused). The
package is byte-compiled first (`compileall`), as pip does on install and `make run` does for a
checkout: with PYTHONDONTWRITEBYTECODE set, as on the development machine, every start would
otherwise compile our modules again while Textual's own come precompiled. Every figure is the
median of several runs; how each is taken:

* start, bundled corpus: a fresh interpreter per run. The parent reads `time.perf_counter`
  (CLOCK_MONOTONIC, shared by all processes on Linux) just before spawning the child; the
  child builds the app with `create_app` (warm cache, as a second start is) and runs it
  headless at 120x40, and the first call of `TimelineList.render_lines` reads the clock again.
  The bare app is a Textual App showing one Label, timed the same way to the Label's first
  `render_line`. The ratio compares the two medians.
* first paint at each size: the same child on a generated corpus, with a cold cache (an empty
  cache directory: the TOML is parsed and the entry written) and with a warm one (a hit). The
  child then waits for the search index to be built and reports its peak RSS
  (`resource.getrusage`, ru_maxrss).
* filters, scrolling and RSS: in one fresh process per size, in-process with Textual's
  headless `run_test` (120x40) and a Pilot, after the index is ready. Every screen update
  (`Screen._on_timer_update`, one frame) is wrapped to record when it ends, how long it took
  and whether it repainted the list (`TimelineList.render_line` is wrapped to tell: a frame
  that repaints the list asks it for the rows Textual marked dirty). A search
  keystroke is timed from just before `pilot.press` to the end of the first frame that
  repaints the list with the new rows; each word is typed letter by letter from an empty
  query, with the index's memory of earlier results emptied first, so every word starts
  cold. Above 20,000 events a search of common letters first shows the matches around the
  cursor and completes in a worker: "complete" is the time to the frame that shows the whole
  result (count, histogram, scrollbar). Actor and theme filters are applied as the command
  palette does (`filter_by_actor`, `filter_by_theme`) and timed from that call the same way.
  Paging (PgDn) and year jumps (]) likewise; a keystroke counts as a dropped frame when its
  list is painted more than 16.7 ms after the key, and "longest frame" is the slowest single
  screen update seen (the detail pane and histogram follow the list one frame later). Keys
  timed this way come once the screen is idle, as a reader's do. "Held" keys are sent straight
  to Textual's driver every 1/30 s (a keyboard's auto-repeat), with no waiting for the app:
  every frame in that run is counted, and each key is timed to the end of the first frame
  after it that repaints the list (keys that arrive together share a frame). The
  RSS column is that process's peak.
  "Less time taken away" separates the app's delays from the machine's, on a shared 2-core
  VM where a pure-Python loop can lose several milliseconds at a time: every timed key's
  wall time is split into this process's CPU time (`time.process_time`, all threads; with
  Linux's paravirtual steal accounting, time the hypervisor gave to other machines is not CPU
  time), the event loop's waits in `select()` (its selector is wrapped) and the rest, which
  is time the machine took away. The figure is the key's latency less that rest; it errs
  towards blaming the app (a worker's CPU time while the loop waits counts twice, and a
  wake-up delayed past a timeout counts as waiting). A frame does no waiting, so a frame's
  CPU time is its own work. "Stolen" is the hypervisor's steal over the whole session, from
  /proc/stat. "index" is the time spent in the index on the UI thread
  (`TimelineIndex.visible` and `preview`), without building rows and repainting. Headless,
  Textual skips encoding each frame's update as terminal escape codes; the interaction and
  bare-key children do it in every frame and drop the text, so a frame costs what it would
  in a terminal. The app's
  idle collector (`tui/core/idle_gc.py`) runs as it does for a user; keys here follow each other
  within a second, so a full collection runs during the run only when one is overdue.
* extract: `tui.core.temporal.extract` over the five bundled articles, median of 25 runs after one
  warm-up, in a fresh process.
* scale (``--scale``, also part of the full run at each size of 10,000 events and more): each
  figure is timed from just before spawning a fresh process, in the checkout given by ``--tree``
  (default this one), so two checkouts can be timed side by side, interleaved. "cold first paint"
  starts the TUI as the CLI does (`start_app` where the checkout has it, else `create_app`) on an
  empty cache directory, to the first paint of the event list; "progress shown" is when the first
  screen's header first says "loading N events… P%" (a checkout without that first screen has
  none). Its peak RSS is read once the search index is built and the cache entry, which the app
  writes after its first paint, is written (hk-timeline finishes it on exit). "start after
  appending one event" builds the cache entry for a copy of the events file (a start of the app),
  appends one ``[[events]]`` table to that copy (the last one with a new id), then times the first
  paint; the warm start beside it is the same copy before the append. "`list` warm" and
  "`validate` cold" run ``python -m tui`` with stdout to /dev/null, on a filled and on an empty
  cache directory. The edit rows are bench/bench_edit.py's (add, edit and delete of one event as
  the app saves it, from the save to the index the list filters with, in a fresh process per run
  on a warm cache).
* lanes (``--lanes``, also part of the full run at each size of 10,000 events and more):
  bench/bench_lanes.py's figures for the lanes view: its first paint (the first ``v``), and each
  zoom, pan, move, grouping and filter key timed to the first frame that repaints the lanes, in
  a fresh process at 120x40 on a warm cache, with the same filter timed in the list view of that
  session beside them.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_edit  # noqa: E402
import bench_lanes  # noqa: E402
from bench_load import DEFAULT_WORK, corpus_for  # noqa: E402
from bench_load import run_child as _child  # noqa: E402

FRAME = 1 / 60
"""A frame at 60 Hz, in seconds."""
SIZE = (120, 40)
"""Terminal size of every headless run."""

_scratch: list[Path] = []
"""Cache directories made by this run; removed at exit (the corpora are kept)."""

# Put into the interaction and bare-key children, after their imports.
_ENCODE_FRAMES = """
# Headless, Textual does not turn a frame's update into the terminal's escape codes. Do it
# here (and drop the text), so a frame costs what it would in a terminal (0.7-1.2 ms).
real_display = App._display

def display(self, screen, renderable):
    if isinstance(renderable, CompositorUpdate):
        renderable.render_segments(self.console)
    return real_display(self, screen, renderable)

App._display = display
"""

# Prints one JSON line. argv: mode ("bare" or "app"), events path, seeds dir, wait-for-index.
_CHILD_PAINT = """
import json, resource, sys, time
mode = sys.argv[1]
report = {}
if mode == "bare":
    from textual.app import App
    from textual.widgets import Label

    class Probe(Label):
        def render_line(self, y):
            if "paint" not in report:
                report["paint"] = time.perf_counter()
                self.app.call_later(self.app.exit)
            return super().render_line(y)

    class Bare(App):
        def compose(self):
            yield Probe("HK FinTech Timeline")

    app = Bare()
else:
    from pathlib import Path
    from tui.app import create_app
    from tui.widgets.timeline_list import TimelineList

    wait_index = sys.argv[4] == "1"
    real_render_lines = TimelineList.render_lines

    def render_lines(self, crop):
        if "paint" not in report:
            report["paint"] = time.perf_counter()
            report["paint_modules"] = sorted(
                name for name in ("dateparser", "opencc", "tomlkit", "tomllib")
                if name in sys.modules
            )
            if wait_index:
                self.app.set_interval(0.01, finish)
            else:
                self.app.call_later(self.app.exit)
        return real_render_lines(self, crop)

    def finish():
        if app._index is not None and "index" not in report:
            report["index"] = time.perf_counter()
            app.exit()

    TimelineList.render_lines = render_lines
    app = create_app(Path(sys.argv[2]), Path(sys.argv[3]), use_cache=True)
app.run(headless=True, size=(120, 40))
# As hk-timeline does once the app exits: the cache entry written after the first paint is
# finished (a start primes the next one), and its peak counts.
getattr(app, "write_cache_entry", lambda: None)()
report["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(report))
"""

# Prints one JSON line. argv: events path, seeds dir, runs.
_CHILD_INTERACT = (
    """
import asyncio, json, os, resource, sys, time
from pathlib import Path
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.screen import Screen
from tui.app import create_app
from tui.screens.timeline import FOLLOW_GAP
from tui.widgets.timeline_list import TimelineList

events_path, seeds_dir, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
WORDS = ["hsbc", "fintech", "sandbox", "汇丰", "金管局", "2024", "pilot"]
drawn = {"calls": 0, "inside": 0.0, "query": 0.0, "frames": []}
real_render_line = TimelineList.render_line
real_frame = Screen._on_timer_update

# A frame repaints the list when it asks the list for rows Textual marked for repainting.
def render_line(self, y):
    began = time.perf_counter()
    strip = real_render_line(self, y)
    drawn["inside"] += time.perf_counter() - began
    drawn["calls"] += 1
    return strip

def frame(self):
    calls = drawn["calls"]
    began = time.perf_counter()
    cpu = time.process_time()
    real_frame(self)
    ended = time.perf_counter()
    cpu_end = time.process_time()
    # (end, duration, whether the list was repainted in it, CPU time in it, the clocks at its end)
    drawn["frames"].append(
        (ended, ended - began, drawn["calls"] > calls, cpu_end - cpu, cpu_end, idle["seconds"])
    )

# Time the machine took away: wall time that was neither this process's CPU time (all threads;
# with paravirtual steal accounting, time stolen by the hypervisor is not CPU time) nor the
# event loop waiting in select() for something to do. It errs towards blaming the app: a
# worker's CPU time while the loop waits counts twice, and a wake-up delayed past a select's
# timeout counts as waiting.
idle = {"seconds": 0.0}

def watch_idle(loop):
    selector = loop._selector
    real_select = selector.select

    def select(timeout=None):
        began = time.perf_counter()
        try:
            return real_select(timeout)
        finally:
            idle["seconds"] += time.perf_counter() - began

    selector.select = select

def taken_away(began, cpu, waited, frame):
    # From the clocks read at `began` (wall, CPU, waiting) to the end of `frame`.
    return max(0.0, (frame[0] - began) - (frame[4] - cpu) - (frame[5] - waited))

# CPU time stolen from this machine by its hypervisor so far, all cores, from /proc/stat.
def stolen():
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0

TimelineList.render_line = render_line
Screen._on_timer_update = frame

"""
    + _ENCODE_FRAMES
    + """

async def settle(pilot):
    await pilot.pause()
    await pilot.pause()

async def timed(pilot, act):
    await settle(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    drawn["inside"] = 0.0
    drawn["query"] = 0.0
    drawn["frames"] = []
    began = time.perf_counter()
    cpu, waited = time.process_time(), idle["seconds"]
    await act()
    await settle(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    painted = [frame for frame in drawn["frames"] if frame[2]]
    if not painted:
        raise SystemExit("the list was not repainted")
    first = painted[0]
    lost = taken_away(began, cpu, waited, first)
    longest = max(frame[1] for frame in drawn["frames"])
    most_cpu = max(frame[3] for frame in drawn["frames"])
    # first list repaint, last list repaint, time drawing rows, in the index, longest frame,
    # time the machine took away before the first repaint, most CPU time in one frame
    return (
        first[0] - began, painted[-1][0] - began, drawn["inside"], drawn["query"], longest,
        lost, most_cpu,
    )

async def main():
    app = create_app(events_path, seeds_dir, use_cache=True)
    report = {"search": [], "actor": [], "theme": [], "page": [], "year": []}
    async with app.run_test(size=(120, 40)) as pilot:
        watch_idle(asyncio.get_running_loop())
        await app.workers.wait_for_complete()
        index = app.index
        steal_began = stolen()

        def on_ui_thread(method):
            def timed_method(*args, **kwargs):
                began = time.perf_counter()
                found = method(*args, **kwargs)
                drawn["query"] += time.perf_counter() - began
                return found
            return timed_method

        # The index's time on the UI thread (a search finishing in a worker is not counted).
        index.visible = on_ui_thread(index.visible)
        index.preview = on_ui_thread(index.preview)
        screen = app.screen
        timeline = screen.query_one(TimelineList)
        counts = index.actor_counts.most_common()
        actors = [actor for actor, _ in counts[:: max(1, len(counts) // 8)]][:8]
        themes = [theme for theme, _ in index.theme_counts.most_common()][:8]
        for _ in range(runs):
            for word in WORDS:
                index._results.clear()
                await pilot.press("slash")
                for letter in word:
                    async def press(letter=letter):
                        await pilot.press(letter)
                    report["search"].append(await timed(pilot, press))
                await pilot.press("escape")
            for field, ids, apply in (
                ("actor", actors, screen.filter_by_actor),
                ("theme", themes, screen.filter_by_theme),
            ):
                for item in ids:
                    index._results.clear()
                    async def pick(item=item, apply=apply):
                        apply(item)
                    report[field].append(await timed(pilot, pick))
                    await pilot.press("c")
        timeline.focus()
        await pilot.press("home")
        for key, field in (("pagedown", "page"), ("right_square_bracket", "year")):
            await pilot.press("home")
            for _ in range(20):
                async def press(key=key):
                    await pilot.press(key)
                report[field].append(await timed(pilot, press))
        # A held key: the terminal sends it every 1/30 s (a keyboard's auto-repeat) whatever
        # the app is doing, as Textual's driver does with real input; no waiting in between.
        held = (("pagedown", "held_page", 60), ("right_square_bracket", "held_year", 20))
        for key, field, count in held:
            await pilot.press("home")
            await settle(pilot)
            await pilot.app.workers.wait_for_complete()
            drawn["frames"] = []
            sent = []
            began = time.perf_counter()
            for number in range(count):
                event = events.Key(key, None)
                event.set_sender(app)
                sent.append((time.perf_counter(), time.process_time(), idle["seconds"]))
                app._driver.send_message(event)
                await asyncio.sleep(max(0.0, began + (number + 1) / 30 - time.perf_counter()))
            # The detail pane follows once the moves stop (FOLLOW_GAP): count that frame too.
            await asyncio.sleep(FOLLOW_GAP + 2 / 60)
            await settle(pilot)
            painted = [frame for frame in drawn["frames"] if frame[2]]
            # each key: to the end of the first list repaint after it, and the time the
            # machine took away in between
            lags = []
            for at, cpu, waited in sent:
                frame = next((frame for frame in painted if frame[0] > at), None)
                if frame is not None:
                    lags.append((frame[0] - at, taken_away(at, cpu, waited, frame)))
            report[field] = {
                "frames": [frame[1] for frame in drawn["frames"]],
                "cpu": [frame[3] for frame in drawn["frames"]],
                "lags": lags,
            }
        report["stolen"] = stolen() - steal_began
    report["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report))

asyncio.run(main())
"""
)

# The floor under every keystroke figure: a bare Textual app whose key changes one Label,
# timed the same way (key press to the end of the frame that repaints it). Prints one JSON line.
_CHILD_BARE_KEY = (
    """
import asyncio, json, sys, time
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.screen import Screen
from textual.widgets import Label

frames = []
real_frame = Screen._on_timer_update

def frame(self):
    real_frame(self)
    frames.append(time.perf_counter())

Screen._on_timer_update = frame

"""
    + _ENCODE_FRAMES
    + """

class Bare(App):
    BINDINGS = [("x", "change", "Change")]

    def compose(self):
        yield Label("0", id="label")

    def action_change(self):
        label = self.query_one(Label)
        label.update(str(int(str(label.content)) + 1))

async def main():
    app = Bare()
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(int(sys.argv[1])):
            await pilot.pause()
            await pilot.pause()
            frames.clear()
            began = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            await pilot.pause()
            timings.append(frames[0] - began)
    print(json.dumps({"key": timings}))

asyncio.run(main())
"""
)

_CHILD_EXTRACT = """
import json, statistics, sys, time
from datetime import date
from pathlib import Path
from tui.core import temporal
root = Path(sys.argv[1])
published = {"000": date(2025, 11, 6), "001": date(2025, 11, 3), "002": date(2024, 10, 29),
             "003": date(2025, 11, 4), "004": date(2026, 1, 4)}
articles = []
for key, day in published.items():
    (path,) = (root / "seeds").glob(f"{key}_*.txt")
    articles.append((path.read_text(encoding="utf-8"), day))
for text, day in articles:
    temporal.extract(text, day)
timings = []
for _ in range(25):
    began = time.perf_counter()
    for text, day in articles:
        temporal.extract(text, day)
    timings.append(time.perf_counter() - began)
print(json.dumps({"extract": statistics.median(timings)}))
"""


# Prints one JSON line. argv: events path, seeds dir. Starts the TUI as the CLI does.
_CHILD_SCALE_PAINT = """
import json, resource, sys, time
from pathlib import Path
import tui.app as tui_app
from textual.widgets import Static
from tui.widgets.timeline_list import TimelineList

report = {}
real_render_lines = TimelineList.render_lines

def render_lines(self, crop):
    if "paint" not in report:
        report["paint"] = time.perf_counter()
        self.app.set_interval(0.01, finish)
    return real_render_lines(self, crop)

def finish():
    if app._index is not None and "index" not in report:
        report["index"] = time.perf_counter()
        app.exit()

TimelineList.render_lines = render_lines
events, seeds = Path(sys.argv[1]), Path(sys.argv[2])
if hasattr(tui_app, "start_app"):
    from tui.screens.loading import LoadingScreen
    real_update = Static.update

    def update(self, content="", *args, **kwargs):
        if "progress" not in report and "loading" in str(content):
            if isinstance(self.screen, LoadingScreen):
                report["progress"] = time.perf_counter()
        return real_update(self, content, *args, **kwargs)

    Static.update = update
    try:  # as hk-timeline starts it: the date_text check after the first paint
        from tui.core.late_check import date_text_check

        app = tui_app.start_app(events, seeds, late_check=date_text_check(events))
    except ImportError:
        app = tui_app.start_app(events, seeds)
else:
    app = tui_app.create_app(events, seeds)
app.run(headless=True, size=(120, 40))
# As hk-timeline does once the app exits: the cache entry written after the first paint is
# finished (a start primes the next one), and its peak counts.
getattr(app, "write_cache_entry", lambda: None)()
report["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(report))
"""

TREE = ROOT
"""The checkout the scale figures time (``--tree``)."""


def _tree_child(code: str, *args: str, env: dict[str, str]) -> dict[str, float | str]:
    """`bench_load.run_child` in `TREE` instead of this checkout."""
    return _child(code, *args, env=env, tree=TREE)


def _cli_seconds(env: dict[str, str], *args: str) -> float:
    """Wall time of ``python -m tui ARGS`` in `TREE`, stdout to /dev/null."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=TREE,
        env={**os.environ, "PYTHONPATH": str(TREE), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if completed.returncode not in (0, 2):
        raise SystemExit(f"hk-timeline {' '.join(args)} failed:\n{completed.stderr[-4000:]}")
    return time.perf_counter() - started


def _append_one_event(events: Path) -> None:
    """Append a copy of the file's last ``[[events]]`` table, under a new id."""
    text = events.read_text(encoding="utf-8")
    last = text[text.rindex("[[events]]") :]
    block = re.sub(r'(?m)^id = "([^"]+)"', r'id = "\1-appended"', last, count=1)
    with events.open("a", encoding="utf-8") as stream:
        stream.write(("" if text.endswith("\n") else "\n") + "\n" + block)


def bench_scale(size: int, runs: int, work: Path) -> dict[str, float]:
    """The figures of a big corpus's cold start, append, `list` and `validate` in `TREE`."""
    corpus = corpus_for(size, work)
    events, seeds = corpus / "events.toml", corpus / "seeds"
    paint, progress, rss = [], [], []
    listed, validated, warm, appended = [], [], [], []
    for _ in range(runs):
        report = _tree_child(_CHILD_SCALE_PAINT, str(events), str(seeds), env=_fresh_cache(work))
        paint.append(_since_spawn(report, "paint"))
        if "progress" in report:
            progress.append(_since_spawn(report, "progress"))
        rss.append(float(report["rss_mb"]))
        validated.append(
            _cli_seconds(
                _fresh_cache(work), "validate", "--events", str(events), "--seeds", str(seeds)
            )
        )
        env = _fresh_cache(work)
        _cli_seconds(env, "list", "--events", str(events), "--seeds", str(seeds))
        listed.append(_cli_seconds(env, "list", "--events", str(events), "--seeds", str(seeds)))
        copy = Path(tempfile.mkdtemp(prefix="append-", dir=work))
        _scratch.append(copy)
        shutil.copyfile(events, copy / "events.toml")
        env = _fresh_cache(work)
        # Primed by a start of the app itself: it caches the corpus loaded without the
        # date_text check (run after its first paint), an entry `validate` does not write.
        _tree_child(_CHILD_SCALE_PAINT, str(copy / "events.toml"), str(seeds), env=env)
        report = _tree_child(_CHILD_SCALE_PAINT, str(copy / "events.toml"), str(seeds), env=env)
        warm.append(_since_spawn(report, "paint"))
        _append_one_event(copy / "events.toml")
        report = _tree_child(_CHILD_SCALE_PAINT, str(copy / "events.toml"), str(seeds), env=env)
        appended.append(_since_spawn(report, "paint"))
    edits = bench_edit.run(size, work, TREE, runs)
    return {
        "paint": statistics.median(paint),
        "progress": statistics.median(progress) if progress else math.nan,
        "rss": statistics.median(rss),
        "validate": statistics.median(validated),
        "list": statistics.median(listed),
        "warm": statistics.median(warm),
        "appended": statistics.median(appended),
        **{f"{change}_total": total for change, (_, _, total) in edits.items()},
        "edit_session": edits["edit"][0],
    }


def scale_rows(size: int, row: dict[str, float]) -> list[tuple[str, str]]:
    """The table rows of `bench_scale`'s figures."""
    label = f"{size:,} events"
    progress = "none shown" if math.isnan(row["progress"]) else _ms(row["progress"])
    return [
        (f"{label}: cold first paint (empty cache)", _ms(row["paint"])),
        (f"{label}:   progress shown after", progress),
        (f"{label}:   peak RSS, cold", f"{row['rss']:.0f} MB"),
        (f"{label}: start after appending one event", _ms(row["appended"])),
        (f"{label}:   warm start of the same file before", _ms(row["warm"])),
        (f"{label}: `hk-timeline list` warm", _ms(row["list"])),
        (f"{label}: `hk-timeline validate` cold", _ms(row["validate"])),
        *(
            (f"{label}: {change} in the TUI, ctrl+s to the list showing it", _ms(row[key]))
            for change, key in (("edit", "edit_total"), ("add", "add_total"))
        ),
        (f"{label}:   delete", _ms(row["delete_total"])),
        (f"{label}:   opening the session (the first change waits)", _ms(row["edit_session"])),
    ]


def _fresh_cache(work: Path) -> dict[str, str]:
    directory = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    _scratch.append(directory)
    return {"HK_TIMELINE_CACHE_DIR": str(directory)}


def _entries(env: dict[str, str]) -> list[tuple[str, int]]:
    """The cache entries in `env`'s cache directory, with their inodes.

    Not their modification times: a hit touches its entry (the cache prunes the least
    recently used), while a miss writes a new file and renames it over the old one.
    """
    directory = Path(env["HK_TIMELINE_CACHE_DIR"])
    return sorted((entry.name, entry.stat().st_ino) for entry in directory.glob("*.idx"))


def _since_spawn(report: dict[str, object], field: str) -> float:
    return float(report[field]) - float(report["spawned"])  # type: ignore[arg-type]


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def machine() -> str:
    """Describe this machine: cores, CPU model, Python."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {model}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def bench_start(runs: int, work: Path) -> dict[str, float]:
    """Start to first paint: the bundled corpus (warm cache) against a bare Textual app."""
    env = _fresh_cache(work)
    events, seeds = str(ROOT / "events.toml"), str(ROOT / "seeds")
    _child(_CHILD_PAINT, "app", events, seeds, "0", env=env)  # writes the cache entry
    bare: list[float] = []
    app: list[float] = []
    modules: set[str] = set()
    for _ in range(runs):  # interleaved, so both see the same machine load
        bare.append(_since_spawn(_child(_CHILD_PAINT, "bare"), "paint"))
        report = _child(_CHILD_PAINT, "app", events, seeds, "0", env=env)
        app.append(_since_spawn(report, "paint"))
        modules.update(report["paint_modules"])  # type: ignore[arg-type]
    return {
        "bare": statistics.median(bare),
        "app": statistics.median(app),
        "modules": ", ".join(sorted(modules)) or "none",  # type: ignore[dict-item]
    }


def bench_size(size: int, runs: int, cold_runs: int, work: Path) -> dict[str, float]:
    """First paint (cold and warm cache), filters, scrolling and RSS at `size` events."""
    corpus = corpus_for(size, work)
    events, seeds = str(corpus / "events.toml"), str(corpus / "seeds")
    cold = []
    cold_rss = []
    for _ in range(cold_runs):
        report = _child(_CHILD_PAINT, "app", events, seeds, "1", env=_fresh_cache(work))
        cold.append(_since_spawn(report, "paint"))
        cold_rss.append(float(report["rss_mb"]))  # type: ignore[arg-type]
    env = _fresh_cache(work)
    for _attempt in range(3):
        _child(_CHILD_PAINT, "app", events, seeds, "0", env=env)
        written = _entries(env)
        warm = []
        index = []
        warm_rss = []
        for _ in range(runs):
            report = _child(_CHILD_PAINT, "app", events, seeds, "1", env=env)
            warm.append(_since_spawn(report, "paint"))
            index.append(_since_spawn(report, "index"))
            warm_rss.append(float(report["rss_mb"]))  # type: ignore[arg-type]
        # An edit to a module the cache depends on, made while this runs, turns the warm
        # runs into misses that rewrite the entry: measure again.
        if _entries(env) == written:
            break
    else:
        raise SystemExit(f"{size}: the warm runs kept missing the cache")
    interact = _child(_CHILD_INTERACT, events, seeds, str(max(1, runs // 2)), env=env)
    row: dict[str, float] = {
        "cold": statistics.median(cold),
        "warm": statistics.median(warm),
        "index": statistics.median(index),
        "cold_rss": statistics.median(cold_rss),
        "warm_rss": statistics.median(warm_rss),
        "rss": float(interact["rss_mb"]),  # type: ignore[arg-type]
        "stolen": float(interact["stolen"]),  # type: ignore[arg-type]
    }
    for field in ("search", "actor", "theme"):
        samples = interact[field]
        values = [float(sample[0]) for sample in samples]  # type: ignore[attr-defined]
        row[f"{field}_p50"] = _percentile(values, 0.5)
        row[f"{field}_p95"] = _percentile(values, 0.95)
        row[f"{field}_done95"] = _percentile(
            [float(sample[1]) for sample in samples],  # type: ignore[attr-defined]
            0.95,
        )
        row[f"{field}_index95"] = _percentile(
            [float(sample[3]) for sample in samples],  # type: ignore[attr-defined]
            0.95,
        )
        row[f"{field}_own95"] = _percentile(_own(samples), 0.95)  # type: ignore[arg-type]
        row[f"{field}_n"] = len(values)
    for field in ("page", "year"):
        samples = interact[field]
        totals = [float(sample[0]) for sample in samples]  # type: ignore[attr-defined]
        row[f"{field}_p50"] = _percentile(totals, 0.5)
        row[f"{field}_p95"] = _percentile(totals, 0.95)
        row[f"{field}_max"] = max(totals)
        row[f"{field}_render"] = max(float(sample[2]) for sample in samples)  # type: ignore[attr-defined]
        row[f"{field}_frame"] = max(float(sample[4]) for sample in samples)  # type: ignore[attr-defined]
        row[f"{field}_dropped"] = sum(total > FRAME for total in totals)
        own = _own(samples)  # type: ignore[arg-type]
        row[f"{field}_own_max"] = max(own)
        row[f"{field}_own_dropped"] = sum(total > FRAME for total in own)
        row[f"{field}_frame_cpu"] = max(float(sample[6]) for sample in samples)  # type: ignore[attr-defined]
        row[f"{field}_n"] = len(totals)
    for field in ("held_page", "held_year"):
        held = interact[field]
        frames = [float(duration) for duration in held["frames"]]  # type: ignore[index]
        lags = [float(lag) for lag, _ in held["lags"]]  # type: ignore[index]
        own = [float(lag) - float(lost) for lag, lost in held["lags"]]  # type: ignore[index]
        cpu = [float(duration) for duration in held["cpu"]]  # type: ignore[index]
        row[f"{field}_frames"] = len(frames)
        row[f"{field}_over"] = sum(duration > FRAME for duration in frames)
        row[f"{field}_cpu_over"] = sum(duration > FRAME for duration in cpu)
        row[f"{field}_cpu_longest"] = max(cpu, default=0.0)
        row[f"{field}_longest"] = max(frames, default=0.0)
        row[f"{field}_lag50"] = _percentile(lags, 0.5) if lags else 0.0
        row[f"{field}_lag95"] = _percentile(lags, 0.95) if lags else 0.0
        row[f"{field}_lagmax"] = max(lags, default=0.0)
        row[f"{field}_own_lagmax"] = max(own, default=0.0)
        row[f"{field}_keys"] = len(lags)
    return row


def _own(samples: Sequence[Sequence[float]]) -> list[float]:
    """Each timed key's latency less the time the machine took away from the process in it."""
    return [float(sample[0]) - float(sample[5]) for sample in samples]


def bench_bare_key(presses: int) -> list[float]:
    """Key press to repainted Label in a bare Textual app: the floor of the filter figures."""
    return [float(value) for value in _child(_CHILD_BARE_KEY, str(presses))["key"]]  # type: ignore[union-attr]


def bench_extract() -> float:
    """Median time of `tui.core.temporal.extract` over the five bundled articles."""
    return float(_child(_CHILD_EXTRACT, str(ROOT))["extract"])  # type: ignore[arg-type]


def _ms(seconds: float) -> str:
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description="Run every benchmark and print one table.")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument("--quick", action="store_true", help="fewer runs per figure")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="corpora live here")
    parser.add_argument(
        "--scale", action="store_true", help="only the cold/append/list/validate figures"
    )
    parser.add_argument(
        "--lanes", action="store_true", help="only the lanes view's figures (bench/bench_lanes.py)"
    )
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="checkout the scale figures time (default: this)"
    )
    args = parser.parse_args(argv)
    global TREE
    TREE = args.tree.resolve()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    runs = 3 if args.quick else 5
    args.work.mkdir(parents=True, exist_ok=True)
    # The package is timed byte-compiled, as pip installs it (and as `make run` runs it).
    compileall.compile_dir(ROOT / "tui", quiet=1)
    compileall.compile_dir(TREE / "tui", quiet=1)
    try:
        if args.lanes:
            _print_table(
                [row for size in sizes for row in bench_lanes.lanes_rows(size, work=args.work)]
            )
        elif args.scale:
            rows = [
                row
                for size in sizes
                for row in scale_rows(
                    size, bench_scale(size, 1 if size >= 100_000 else 3, args.work)
                )
            ]
            _print_table(rows)
        else:
            _report(sizes, runs, args.work)
    finally:
        for directory in _scratch:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


def _report(sizes: list[int], runs: int, work: Path) -> None:
    rows: list[tuple[str, str]] = []
    # Start-up is the noisiest figure on a shared machine (one fresh process per run), and
    # cheap: twice the runs, and an odd number, so the median is one run.
    start = bench_start(2 * runs + 1, work)
    ratio = start["app"] / start["bare"]
    rows.append(("start, bare Textual app (one Label)", _ms(start["bare"])))
    rows.append(("start, bundled corpus (warm cache)", _ms(start["app"])))
    rows.append(("  ratio (target <= 1.3x)", f"{ratio:.2f}x"))
    rows.append(("  heavy modules loaded at first paint", str(start["modules"])))
    bare_key = bench_bare_key(40)
    rows.append(
        (
            "bare Textual app: key to repainted Label p50 / p95",
            f"{_ms(_percentile(bare_key, 0.5))} / {_ms(_percentile(bare_key, 0.95))}"
            " (the floor under the figures below)",
        )
    )
    for size in sizes:
        # A cold start at 100,000 events parses 54 MB of TOML (about a minute): fewer runs.
        row = bench_size(size, runs, 1 if size >= 100_000 and runs < 5 else 3, work)
        label = f"{size:,} events"
        rows.append((f"{label}: first paint, cold cache", _ms(row["cold"])))
        rows.append((f"{label}: first paint, warm cache", _ms(row["warm"])))
        rows.append((f"{label}: search index ready, warm", _ms(row["index"])))
        for field, name in (("search", "search"), ("actor", "actor"), ("theme", "theme")):
            rows.append(
                (
                    f"{label}: {name} filter p50 / p95 (n={row[field + '_n']:.0f})",
                    f"{_ms(row[field + '_p50'])} / {_ms(row[field + '_p95'])}"
                    f" (less time taken away p95 {_ms(row[field + '_own95'])},"
                    f" complete p95 {_ms(row[field + '_done95'])},"
                    f" index p95 {_ms(row[field + '_index95'])})",
                )
            )
        if size >= 100_000 or size == max(sizes):
            for field, name in (("page", "PgDn"), ("year", "year jump ]")):
                rows.append(
                    (
                        f"{label}: {name} p50 / p95 / max (n={row[field + '_n']:.0f})",
                        f"{_ms(row[field + '_p50'])} / {_ms(row[field + '_p95'])}"
                        f" / {_ms(row[field + '_max'])}; "
                        f"{row[field + '_dropped']:.0f} over 16.7 ms; less time taken away: max "
                        f"{_ms(row[field + '_own_max'])}, {row[field + '_own_dropped']:.0f} over;"
                        f" longest frame {_ms(row[field + '_frame'])} (most CPU in a frame"
                        f" {_ms(row[field + '_frame_cpu'])}), drawing rows"
                        f" {_ms(row[field + '_render'])}",
                    )
                )
            for field, name in (("held_page", "PgDn held"), ("held_year", "] held")):
                rows.append(
                    (
                        f"{label}: {name} (30 keys/s, {row[field + '_keys']:.0f} shown)",
                        f"{row[field + '_over']:.0f} of {row[field + '_frames']:.0f} frames over"
                        f" 16.7 ms, longest {_ms(row[field + '_longest'])}; in CPU time"
                        f" {row[field + '_cpu_over']:.0f} over, most"
                        f" {_ms(row[field + '_cpu_longest'])}; key to repaint p50 / p95 /"
                        f" max {_ms(row[field + '_lag50'])} / {_ms(row[field + '_lag95'])}"
                        f" / {_ms(row[field + '_lagmax'])}"
                        f" (less time taken away: max {_ms(row[field + '_own_lagmax'])})",
                    )
                )
        rows.append(
            (
                f"{label}: stolen by the hypervisor during that session",
                f"{_ms(row['stolen'])} (both cores, /proc/stat)",
            )
        )
        rows.append(
            (
                f"{label}: peak RSS warm session / cold start",
                f"{row['rss']:.0f} MB / {row['cold_rss']:.0f} MB",
            )
        )
        if size >= 10_000:
            rows += bench_lanes.lanes_rows(size, work=work)
            rows += scale_rows(size, bench_scale(size, 1 if size >= 100_000 else 3, work))
        print(f"… {label} done", file=sys.stderr, flush=True)
    rows.append(("extract() over the five articles", _ms(bench_extract())))
    _print_table(rows)


def _print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"machine: {machine()}")
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 28}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    sys.exit(main())
