"""The lanes view's figures: first paint after `v`, and every zoom, pan, move and filter.

Usage: ``python bench/bench_lanes.py [--sizes 10000,100000] [--presses 15] [--work DIR]``.

Each size runs in a fresh process, headless at 120x40 with Textual's `run_test` and a Pilot,
once the search index is built. Every screen update is wrapped to record when it ends and
whether it repainted the lanes view (its `render_line` was asked for rows); a key is timed
from just before `pilot.press` to the end of the first frame that repaints the lanes. "first
paint" is the first `v` of a session (the lanes are worked out: the per-corpus tables, the
lanes, the fitted axis); the other rows are medians and 95th percentiles over `--presses`
keys, each pressed once the app is idle, as a reader's are. A filter is applied as the
palette does (`filter_by_status`) and timed the same way, first in the list view (to the
frame that repaints the list) as a reference taken in the same session. Each figure comes
with the CPU time the process spent over the same span (all threads): on a shared machine
the difference is mostly time other processes took. `bench/run.py` calls `lanes_rows` for
its table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import DEFAULT_WORK, corpus_for  # noqa: E402

SIZE = (120, 40)
"""Terminal size of the headless run, as the rest of `make bench`."""

KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("zoom in/out (+ -)", ("plus", "minus")),
    ("pan (shift+→ ←)", ("shift+right", "shift+left")),
    ("move in lane (→ ←)", ("right", "left")),
    ("next lane (↓ ↑)", ("down", "up")),
    ("year jump (] [)", ("right_square_bracket", "left_square_bracket")),
    ("grouping (g)", ("g",)),
)
"""The keys timed: each pair is pressed in turn, so the view comes back where it was."""

# Prints one JSON line. argv: events path, seeds dir, presses.
_CHILD = """
import asyncio, json, sys, time
from pathlib import Path
from textual.screen import Screen
from tui.app import create_app
from tui.widgets.lanes import LanesView
from tui.widgets.timeline_list import TimelineList

events_path, seeds_dir, presses = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
keys = json.loads(sys.argv[4])
seen = {"calls": 0, "frames": [], "watch": "list"}
real_render_line = LanesView.render_line
real_list_render_line = TimelineList.render_line
real_frame = Screen._on_timer_update

def render_line(self, y):
    if seen["watch"] == "lanes":
        seen["calls"] += 1
    return real_render_line(self, y)

def list_render_line(self, y):
    if seen["watch"] == "list":
        seen["calls"] += 1
    return real_list_render_line(self, y)

def frame(self):
    calls = seen["calls"]
    real_frame(self)
    seen["frames"].append((time.perf_counter(), time.process_time(), seen["calls"] > calls))

LanesView.render_line = render_line
TimelineList.render_line = list_render_line
Screen._on_timer_update = frame

async def settle(pilot):
    await pilot.pause()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

async def timed(pilot, act):
    await settle(pilot)
    seen["frames"] = []
    began, cpu = time.perf_counter(), time.process_time()
    await act()
    await settle(pilot)
    painted = [(end, cpu_end) for end, cpu_end, lanes in seen["frames"] if lanes]
    if not painted:
        return None
    return painted[0][0] - began, painted[0][1] - cpu

async def main():
    app = create_app(events_path, seeds_dir, use_cache=True)
    report = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = app.screen
        seen["watch"] = "list"
        listed = []
        for index in range(presses):
            status = "happened" if index % 2 == 0 else None
            took = await timed(pilot, lambda status=status: _filter(screen, status))
            if took is not None:
                listed.append(took)
        report["list view, for comparison: filter (status)"] = listed
        seen["watch"] = "lanes"
        report["first paint"] = [await timed(pilot, lambda: pilot.press("v"))]
        for name, pair in keys:
            times = []
            for index in range(presses):
                key = pair[index % len(pair)]
                took = await timed(pilot, lambda key=key: pilot.press(key))
                if took is not None:
                    times.append(took)
            report[name] = times
        filters = []
        for index in range(presses):
            status = "happened" if index % 2 == 0 else None
            took = await timed(pilot, lambda status=status: _filter(screen, status))
            if took is not None:
                filters.append(took)
        report["filter (status)"] = filters
    print(json.dumps(report))

async def _filter(screen, status):
    screen.filter_by_status(status)

asyncio.run(main())
"""


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_lanes(
    size: int, presses: int = 15, work: Path = DEFAULT_WORK
) -> dict[str, list[tuple[float, float]]]:
    """Time the lanes view's keys on the generated corpus of `size` events, in a fresh process.

    Returns:
        For each key pressed, by row name: seconds from the key to the end of the first frame
        that repainted the lanes, and the CPU time this process spent in them (all threads).
    """
    directory = corpus_for(size, work)
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(directory / "events.toml"),
            str(directory / "seeds"),
            str(presses),
            json.dumps(KEYS),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    report: dict[str, list[list[float]]] = json.loads(completed.stdout.strip().splitlines()[-1])
    return {name: [(wall, cpu) for wall, cpu in times] for name, times in report.items()}


def lanes_rows(size: int, presses: int = 15, work: Path = DEFAULT_WORK) -> list[tuple[str, str]]:
    """The bench table's rows for the lanes view at `size` events: p50 / p95 per key, in ms,
    of the wall time and, in brackets, of the CPU time (on a shared machine, the wall time
    less most of what other processes took)."""
    report = bench_lanes(size, presses, work)
    rows = []
    for name, times in report.items():
        label = f"lanes {name}, {size:,} events"
        if not times:
            rows.append((label, "not repainted"))
            continue
        walls = [wall for wall, _ in times]
        cpus = [cpu for _, cpu in times]
        if len(times) == 1:
            rows.append((label, f"{1000 * walls[0]:.1f} ms (CPU {1000 * cpus[0]:.1f})"))
            continue
        figures = [
            1000 * _percentile(values, fraction)
            for values in (walls, cpus)
            for fraction in (0.5, 0.95)
        ]
        rows.append((label, "p50 {:.1f} ms · p95 {:.1f} ms (CPU {:.1f} · {:.1f})".format(*figures)))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args(argv)
    for size in (int(part) for part in args.sizes.split(",")):
        for name, figure in lanes_rows(size, args.presses, args.work):
            print(f"{name:<48} {figure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
