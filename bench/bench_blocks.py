"""Start times after a small edit of a big events file: warm, one event appended, one edited.

Each checkout given with ``--tree`` (e.g. the one before a change and the one after it) is
timed in the same run, interleaved, on a copy of the corpus of each size with a cache of its
own: primed by a start of the app (which writes the entry), then the warm start, then a start
after appending one ``[[events]]`` table, then one after changing one character of the title
of the event in the middle of the file. Medians of ``--runs`` fresh processes each.

    python bench/bench_blocks.py --tree /tmp/before --tree . --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py: the corpora and the child that times a start)


def edit_middle_event(events: Path) -> None:
    """Change one character of the title of the event in the middle of the file."""
    text = events.read_text(encoding="utf-8")
    middle = text.index("[[events]]", len(text) // 2)
    title = text.index('title = { en = "', middle) + len('title = { en = "')
    changed = "X" if text[title] != "X" else "Y"
    events.write_text(text[:title] + changed + text[title + 1 :], encoding="utf-8")


def bench_edits(tree: Path, size: int, corpora: Path, work: Path) -> dict[str, float]:
    """One run's warm, append-one and edit-one start of `size` events in `tree` (seconds)."""
    run.TREE = tree
    corpus = run.corpus_for(size, corpora)
    copy = Path(tempfile.mkdtemp(prefix="edits-", dir=work))
    try:
        shutil.copyfile(corpus / "events.toml", copy / "events.toml")
        events, seeds = copy / "events.toml", corpus / "seeds"
        env = {"HK_TIMELINE_CACHE_DIR": str(copy / "cache")}

        def paint() -> tuple[float, float]:
            report = run._tree_child(run._CHILD_SCALE_PAINT, str(events), str(seeds), env=env)
            return run._since_spawn(report, "paint"), float(report["rss_mb"])

        paint()
        warm, _rss = paint()
        run._append_one_event(events)
        appended, appended_rss = paint()
        edit_middle_event(events)
        edited, edited_rss = paint()
        return {
            "warm": warm,
            "appended": appended,
            "edited": edited,
            "rss": max(appended_rss, edited_rss),
        }
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, action="append", required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--corpora", type=Path, default=Path(tempfile.gettempdir()) / "hk-timeline-bench"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.tree]
    for size in args.sizes:
        figures: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
        for _ in range(args.runs):
            for tree in trees:
                figures[tree].append(bench_edits(tree, size, args.corpora, args.work))
        for tree in trees:
            medians = {
                name: statistics.median(run[name] for run in figures[tree])
                for name in ("warm", "appended", "edited", "rss")
            }
            print(
                f"{size:,} events, {tree}: warm {medians['warm']:.2f} s, "
                f"append one {medians['appended']:.2f} s, edit one {medians['edited']:.2f} s, "
                f"peak RSS {medians['rss']:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
