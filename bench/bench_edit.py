"""Time an in-app write at scale: add, edit and delete one event, from the save to the new index.

Usage: ``python bench/bench_edit.py [--sizes 10000 100000] [--runs 3] [--work DIR] [--code DIR]``
copies a generated corpus (bench/gen_corpus.py, reused from bench_load's work directory), then
in a fresh process per run: loads it as the app does (through a cache of its own, warm after
the first run), opens a curation session on what was
loaded, builds the search index, and times each change as the app makes it (the Curator's
write, then the index the list filters with, `TimelineApp.apply_result`'s part). It prints the
median per size and change; `session` is opening the curation session, which the app's first
change also waits for. ``--code`` runs another checkout's code (e.g. main, for a
before/after in one run); code without the in-place writes is timed its own way.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_load import corpus_for  # noqa: E402

CHILD = r"""
import hashlib, json, sys, time
from dataclasses import replace
from pathlib import Path
from tui.core.curate import Curator
from tui.core.drafting import draft_of
from tui.core.cache import NamedCheck, load_cached
from tui.core.query import TimelineIndex
from tui.core.temporal import resolve_date_text

events, seeds, change, cache = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
check = NamedCheck("tui.core.temporal", "resolve_date_text")
loaded = load_cached(events, seeds, check_date_text=check, cache_dir=Path(cache))
result = getattr(loaded, "result", loaded)  # a CachedLoad, or the result itself before it
digest = hashlib.sha256(events.read_bytes()).hexdigest()
opened = time.perf_counter()
try:
    curator = Curator(events, seeds, check_date_text=resolve_date_text, loaded=result,
                      loaded_digest=digest)
except TypeError:  # code from before the in-place writes
    curator = Curator(events, seeds, check_date_text=resolve_date_text)
try:
    from tui.core.query import reused_search_text
except ImportError:
    reused_search_text = None
session = time.perf_counter() - opened
index = TimelineIndex(result.corpus)
corpus = result.corpus
target = corpus.events[len(corpus.events) // 2]
draft = draft_of(target, corpus)
# The form reads the quote's dates as it opens, so the date engine is warm by the save.
from tui.core.temporal import candidates
source = corpus.sources[target.quotes[0].source]
candidates(target.quotes[0].text, source.published)
started = time.perf_counter()
if change == "edit":
    written = curator.update_event(target.id, replace(draft, title_en=draft.title_en + " (ed.)"))
elif change == "add":
    written = curator.add_event(replace(draft, id=target.id + "-copy"))
else:
    written = curator.delete_event(target.id)
saved = time.perf_counter()
if reused_search_text is not None:
    TimelineIndex(written.corpus, reused_search_text(index, written.corpus))
else:
    TimelineIndex(written.corpus)
shown = time.perf_counter()
print(json.dumps({"session": session, "write": saved - started, "total": shown - started}))
"""

CHANGES = ("add", "edit", "delete")


def run(size: int, work: Path, code: Path, runs: int) -> dict[str, tuple[float, float, float]]:
    """Median (session, write, total) seconds per change at `size` events, running `code`."""
    source = corpus_for(size, work)
    copy = work / f"edit-{size}"
    medians: dict[str, tuple[float, float, float]] = {}
    for change in CHANGES:
        reports = []
        for _ in range(runs):
            if copy.exists():
                shutil.rmtree(copy)
            copy.mkdir(parents=True)
            shutil.copy(source / "events.toml", copy / "events.toml")
            (copy / "seeds").symlink_to(source / "seeds")
            completed = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    str(copy / "events.toml"),
                    str(copy / "seeds"),
                    change,
                    str(work / f"edit-cache-{code.name}"),
                ],
                cwd=code,
                env={
                    "PYTHONPATH": str(code),
                    "PATH": "/usr/bin:/bin",
                    "PYTHONDONTWRITEBYTECODE": "1",
                },
                capture_output=True,
                text=True,
                check=False,
            )
            if completed.returncode != 0:
                raise SystemExit(f"child failed:\n{completed.stderr[-4000:]}")
            reports.append(json.loads(completed.stdout.strip().splitlines()[-1]))
        medians[change] = (
            statistics.median(report["session"] for report in reports),
            statistics.median(report["write"] for report in reports),
            statistics.median(report["total"] for report in reports),
        )
    shutil.rmtree(copy, ignore_errors=True)
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hk-timeline-bench"))
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code to time")
    args = parser.parse_args()
    print(f"{'events':>8} {'change':>7} {'session s':>9} {'write s':>8} {'to index s':>10}")
    for size in args.sizes:
        for change, times in run(size, args.work, args.code, args.runs).items():
            session, write, total = times
            print(f"{size:>8} {change:>7} {session:>9.3f} {write:>8.3f} {total:>10.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
