"""Time tui.temporal.extract over the five seed articles, and dateparser's import apart."""

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


def milliseconds(seconds: float) -> str:
    """Format a duration in seconds as milliseconds."""
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    """Import the engine and dateparser, warm the engine, then time extract() on the seeds."""
    # Run from a checkout without installing the package.
    sys.path.insert(0, str(ROOT))

    started = time.perf_counter()
    temporal = importlib.import_module("tui.temporal")
    engine_import = time.perf_counter() - started
    assert "dateparser" not in sys.modules, "tui.temporal imported dateparser eagerly"

    started = time.perf_counter()
    importlib.import_module("dateparser.date")
    dateparser_import = time.perf_counter() - started

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

    characters = sum(len(text) for text, _ in articles)
    print(f"import tui.temporal:           {milliseconds(engine_import)}")
    print(f"import dateparser (lazy, once): {milliseconds(dateparser_import)}")
    print(f"first extract (warm-up):        {milliseconds(warm_up)}")
    print(
        f"extract() over {len(articles)} articles ({characters} chars, {mentions} mentions): "
        f"median {milliseconds(statistics.median(timings))} over {RUNS} runs "
        f"(min {milliseconds(min(timings))}, max {milliseconds(max(timings))})"
    )


if __name__ == "__main__":
    main()
