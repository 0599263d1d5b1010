"""Time tui.core.temporal over the five seed articles and 1 MB of mixed text; imports apart.

The 1 MB text repeats the seed articles and the gold table's sentences (zh-Hant, zh-Hans,
English, traps) until it holds a million characters, read against one document date.
`extract_all` (every kind of mention) is timed when the engine has it, else `extract`.
"""

from __future__ import annotations

import importlib
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = {
    "000": date(2025, 11, 6),
    "001": date(2025, 11, 3),
    "002": date(2024, 10, 29),
    "003": date(2025, 11, 4),
    "004": date(2026, 1, 4),
}
RUNS = 25
MEGABYTE = 1_000_000
MEGABYTE_RUNS = 3


def milliseconds(seconds: float) -> str:
    """Format a duration in seconds as milliseconds."""
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    """Import the engine, warm it, then time extract() on the seeds and on 1 MB of text."""
    # Run from a checkout without installing the package.
    sys.path.insert(0, str(ROOT))

    started = time.perf_counter()
    temporal = importlib.import_module("tui.core.temporal")
    engine_import = time.perf_counter() - started

    articles = []
    for key, published in PUBLISHED.items():
        (path,) = (ROOT / "seeds").glob(f"{key}_*.txt")
        articles.append((path.read_text(encoding="utf-8"), published))

    started = time.perf_counter()
    mentions = sum(len(temporal.extract(text, published)) for text, published in articles)
    warm_up = time.perf_counter() - started

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for text, published in articles:
            temporal.extract(text, published)
        timings.append(time.perf_counter() - started)

    read_all = getattr(temporal, "extract_all", temporal.extract)
    all_timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for text, published in articles:
            read_all(text, published)
        all_timings.append(time.perf_counter() - started)

    sentences = [text for text, _ in articles]
    for table in sorted((ROOT / "tests" / "data" / "temporal_gold").glob("*.tsv")):
        for line in table.read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split("\t")
            if len(fields) > 1:
                sentences.append(fields[1])
    mixed = ""
    while len(mixed) < MEGABYTE:
        mixed += "\n".join(sentences) + "\n"
    mixed = mixed[:MEGABYTE]
    big_timings = []
    for _ in range(MEGABYTE_RUNS):
        started = time.perf_counter()
        found = len(read_all(mixed, date(2024, 10, 28)))
        big_timings.append(time.perf_counter() - started)

    # The engine reads every form on its own (tests/test_temporal_dateparser_parity.py).
    assert "dateparser" not in sys.modules, "tui.core.temporal imported dateparser"
    characters = sum(len(text) for text, _ in articles)
    print(f"import tui.core.temporal:           {milliseconds(engine_import)}")
    print(f"first extract (warm-up):        {milliseconds(warm_up)}")
    print(
        f"extract() over {len(articles)} articles ({characters} chars, {mentions} mentions): "
        f"median {milliseconds(statistics.median(timings))} over {RUNS} runs "
        f"(min {milliseconds(min(timings))}, max {milliseconds(max(timings))})"
    )
    print(
        f"{read_all.__name__}() over the same articles: "
        f"median {milliseconds(statistics.median(all_timings))} over {RUNS} runs"
    )
    print(
        f"{read_all.__name__}() over 1 MB of mixed text ({found} mentions): "
        f"median {milliseconds(statistics.median(big_timings))} over {MEGABYTE_RUNS} runs "
        f"(min {milliseconds(min(big_timings))})"
    )


if __name__ == "__main__":
    main()
