"""Time resolving every event's date_text of a corpus, as the loader's cross-check does.

Usage: ``python bench/bench_date_texts.py EVENTS_TOML [--before TREE] [--runs 3]``

Reads EVENTS_TOML once (tomllib) and keeps, per event, its date_text and the published date
of the first quote's article holding it: the pair the cross-check resolves. Each run is a
fresh process that imports `tui.core.temporal` and calls `resolve_date_text` on every pair in
file order, timing that loop alone, counting dateparser's parses and the memo's hits. With
``--before TREE`` (a copy of another version's ``tui/`` package, e.g. from ``git archive``)
the runs of both versions are interleaved, so a busy machine weighs on both alike; each run
prints a digest of all its answers, equal when the versions agree on every pair.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import hashlib, json, sys, time
from datetime import date
parses = [0]
try:
    import dateparser.date
except ImportError:  # an engine that does not need it, without it installed
    pass
else:
    real_parse = dateparser.date.DateDataParser.get_date_data
    def counting_parse(self, *args, **kwargs):
        parses[0] += 1
        return real_parse(self, *args, **kwargs)
    dateparser.date.DateDataParser.get_date_data = counting_parse
import tui.core.temporal as temporal
pairs = [(text, date.fromisoformat(day)) for text, day in json.load(open(sys.argv[1]))]
resolve = temporal.resolve_date_text
began = time.perf_counter()
answers = [resolve(text, published) for text, published in pairs]
seconds = time.perf_counter() - began
resolved = sum(answer is not None for answer in answers)
digest = hashlib.blake2b(repr(answers).encode(), digest_size=8).hexdigest()
memo = getattr(temporal, "_DATE_TEXTS", None)
if memo is not None:
    hits, misses = memo.hits, memo.misses
else:
    info = resolve.cache_info()
    hits, misses = info.hits, info.misses
print(json.dumps({"seconds": seconds, "resolved": resolved, "parses": parses[0],
                  "hits": hits, "misses": misses, "engine": temporal.__file__, "digest": digest}))
"""


def collect_pairs(events_toml: Path) -> list[tuple[str, str]]:
    """Each event's (date_text, published ISO date) as the cross-check pairs them."""
    with events_toml.open("rb") as handle:
        document = tomllib.load(handle)
    published = {key: str(source["published"]) for key, source in document["sources"].items()}
    pairs = []
    for event in document.get("events", []):
        date_text = event.get("date_text")
        if not date_text:
            continue
        quote = next((q for q in event.get("sources", []) if date_text in q["quote"]), None)
        if quote is not None:
            pairs.append((date_text, published[quote["source"]]))
    return pairs


def run_child(tree: Path, pairs_file: Path) -> dict[str, Any]:
    """One fresh process resolving every pair with the `tui` package found in `tree`."""
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, str(pairs_file)],
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Collect the pairs, run each version `--runs` times interleaved, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=Path)
    parser.add_argument("--before", type=Path, help="a tree holding the version to compare")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    pairs = collect_pairs(args.events)
    texts = {text for text, _ in pairs}
    print(
        f"{len(pairs):,} date_texts, {len(set(pairs)):,} distinct (date_text, published) "
        f"pairs, {len(texts):,} distinct date_texts"
    )
    trees = {"before": args.before, "after": ROOT} if args.before else {"this": ROOT}
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    with tempfile.NamedTemporaryFile("w", suffix=".json") as pairs_file:
        json.dump(pairs, pairs_file)
        pairs_file.flush()
        for _ in range(args.runs):
            for name, tree in trees.items():
                results[name].append(run_child(tree, Path(pairs_file.name)))
    for name, runs in results.items():
        seconds = statistics.median(run["seconds"] for run in runs)
        each = ", ".join(f"{run['seconds']:.2f}" for run in runs)
        last = runs[-1]
        lookups = last["hits"] + last["misses"]
        print(
            f"{name:>6}: resolve all {seconds:6.2f} s (median of {len(runs)}, "
            f"{each}); "
            f"dateparser parses {last['parses']:,}; memo hits {last['hits']:,} of "
            f"{lookups:,} ({last['hits'] / lookups:.1%}); resolved {last['resolved']:,}; "
            f"answers {last['digest']}; engine {last['engine']}"
        )


if __name__ == "__main__":
    main()
