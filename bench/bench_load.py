"""Time loading generated corpora cold (no cache) and warm (cache hit), each in a fresh process.

Usage: ``python bench/bench_load.py [--sizes 1000 10000 100000] [--runs 3] [--work DIR]``
generates (or reuses) a corpus per size with bench/gen_corpus.py, then prints, per size, the
median time of `tui.core.loader.load` (cold), of `tui.core.cache.load_cached` with an empty
cache (miss: the first open, which writes the entry) and on a hit (warm),
and the children's peak RSS.
``--tomllib`` adds the time of `tomllib.loads` alone; ``--formats`` compares the cache formats
that the cache (tui/core/cache/) chose between (marshal, pickle, SQLite) at the largest size;
``--parsers`` compares the TOML parsers the loader chose between (tomllib, tomli, and rtoml
when installed) at the largest size, on the loader's slices and on the whole file."""

from __future__ import annotations

import argparse
import json
import os
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

from gen_corpus import describe, generate  # noqa: E402

DEFAULT_WORK = Path(tempfile.gettempdir()) / "hk-timeline-bench"
SEED = 6
_scratch: list[Path] = []
"""Cache and format directories made by this run; removed at exit, the corpora are kept."""

# Each child prints one JSON line; timings exclude interpreter start-up but include imports
# only where the name says so.
_CHILD_LOAD = """
import json, resource, sys, time
started = time.perf_counter()
from pathlib import Path
from tui.core import loader
from tui.core.cache import load_cached
imported = time.perf_counter()
calls = []
real_load = loader.load
def counting_load(*args, **kwargs):
    calls.append(1)
    return real_load(*args, **kwargs)
loader.load = counting_load
corpus = Path(sys.argv[1])
began = time.perf_counter()
if sys.argv[2] == "cold":  # else "cached"
    result = real_load(corpus / "events.toml", corpus / "seeds")
else:
    result = load_cached(corpus / "events.toml", corpus / "seeds").result
ended = time.perf_counter()
print(json.dumps({
    "imports": imported - started,
    "load": ended - began,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "events": len(result.corpus.events),
    "problems": len(result.problems),
    "loader_calls": len(calls),
}))
"""

_CHILD_TOMLLIB = """
import json, sys, time, tomllib
from pathlib import Path
text = (Path(sys.argv[1]) / "events.toml").read_text(encoding="utf-8")
began = time.perf_counter()
tomllib.loads(text)
print(json.dumps({"tomllib": time.perf_counter() - began}))
"""

# Parses the events file with one parser, whole or in the loader's slices of events.
_CHILD_PARSER = """
import importlib, json, resource, sys, time
from pathlib import Path
from tui.core import loader
parser = importlib.import_module(sys.argv[2])
text = (Path(sys.argv[1]) / "events.toml").read_text(encoding="utf-8")
where = loader._Locator(text)
starts, ends, per = where.event_start, where.event_end, loader._EVENTS_PER_SLICE
began = time.perf_counter()
if sys.argv[3] == "whole":
    count = len(parser.loads(text)["events"])
else:
    parser.loads(text[: starts[0]])
    count = 0
    for first in range(0, len(starts), per):
        last = min(first + per, len(starts)) - 1
        count += len(parser.loads(text[starts[first] : ends[last]])["events"])
print(json.dumps({
    "load": time.perf_counter() - began,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "events": count,
}))
"""

# Writes the alternative formats beside the marshal entry that load_cached wrote.
_CHILD_PREPARE_FORMATS = """
import hashlib, pickle, sqlite3, sys
from pathlib import Path
from tui.core.cache import load_cached, cache_file
corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
result = load_cached(corpus / "events.toml", corpus / "seeds").result
entry = cache_file(corpus / "events.toml", corpus / "seeds")
(out / "marshal.idx").write_bytes(entry.read_bytes())
body = pickle.dumps(result, protocol=5)
(out / "result.pickle").write_bytes(hashlib.blake2b(body, digest_size=32).digest() + body)
database = out / "result.sqlite"
database.unlink(missing_ok=True)
db = sqlite3.connect(database)
db.executescript('''
CREATE TABLE sources (id TEXT, file TEXT, title TEXT, publisher TEXT, published INTEGER,
    note TEXT, language TEXT);
CREATE TABLE actors (id TEXT, en TEXT, zh TEXT, aliases TEXT, parent TEXT);
CREATE TABLE themes (id TEXT, en TEXT, zh TEXT);
CREATE TABLE events (id TEXT, value TEXT, mod TEXT, status TEXT, date_text TEXT, title_en TEXT,
    title_zh TEXT, summary_en TEXT, summary_zh TEXT, actors TEXT, themes TEXT, quotes TEXT,
    line INTEGER);
CREATE TABLE problems (path TEXT, line INTEGER, message TEXT, fatal INTEGER);
''')
c = result.corpus
db.executemany("INSERT INTO sources VALUES (?,?,?,?,?,?,?)", [
    (s.id, s.file, s.title, s.publisher, s.published.toordinal(), s.published_note, s.language)
    for s in c.sources.values()])
db.executemany("INSERT INTO actors VALUES (?,?,?,?,?)", [
    (a.id, a.name.en, a.name.zh, "\\x1f".join(a.aliases), a.parent) for a in c.actors.values()])
db.executemany("INSERT INTO themes VALUES (?,?,?)", [
    (t.id, t.name.en, t.name.zh) for t in c.themes.values()])
db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [
    (e.id, e.date.value, e.date.mod, e.status, e.date_text, e.title.en, e.title.zh,
     e.summary.en if e.summary else None, e.summary.zh if e.summary else None,
     "\\x1f".join(e.actors), "\\x1f".join(e.themes),
     "\\x1f".join(f"{q.source}\\x1e{q.start}\\x1e{q.end}" for q in e.quotes), e.line)
    for e in c.events])
db.executemany("INSERT INTO problems VALUES (?,?,?,?)", [
    (p.path, p.line, p.message, p.fatal) for p in result.problems])
db.commit()
db.close()
print("{}")
"""

# Times "cache file -> LoadResult". The marshal entry holds the article texts itself; the
# other formats are given them, read before the clock starts (which favours them a little).
_CHILD_READ_FORMAT = """
import gc, hashlib, json, marshal, pickle, re, resource, sqlite3, sys, time
from datetime import date
from pathlib import Path
from tui.core.cache import codec, store
from tui.core.dates import parse_event_date
from tui.core.errors import Problem
from tui.core.loader import LoadResult
from tui.core.model import Actor, Bilingual, Corpus, Event, Quote, Source, Theme
corpus, out, kind = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
seeds = corpus / "seeds"
# The same for every format: the generator writes each source's file on the next line.
events_text = (corpus / "events.toml").read_text(encoding="utf-8")
pairs = re.findall(r'^\\[sources\\.([^\\]]+)\\]\\nfile = "([^"]+)"', events_text, re.MULTILINE)
del events_text
texts = {source_id: (seeds / name).read_text(encoding="utf-8") for source_id, name in pairs}
began = time.perf_counter()
if kind == "marshal":
    data = (out / "marshal.idx").read_bytes()
    body = memoryview(data)[40:]
    assert store.payload_hash(body) == data[8:40]
    gc.disable()
    result = codec.decode(marshal.loads(body)[1])
    gc.enable()
elif kind == "pickle":
    data = (out / "result.pickle").read_bytes()
    body = memoryview(data)[32:]
    assert hashlib.blake2b(body, digest_size=32).digest() == data[:32]
    gc.disable()
    result = pickle.loads(body)
    gc.enable()
else:
    gc.disable()
    db = sqlite3.connect(out / "result.sqlite")
    sources = {
        i: Source(i, f, t, p, date.fromordinal(d), n, lang, texts[i])
        for i, f, t, p, d, n, lang in db.execute("SELECT * FROM sources")}
    actors = {
        i: Actor(i, Bilingual(en, zh), tuple(a.split("\\x1f")) if a else (), parent)
        for i, en, zh, a, parent in db.execute("SELECT * FROM actors")}
    themes = {i: Theme(i, Bilingual(en, zh)) for i, en, zh in db.execute("SELECT * FROM themes")}
    dates = {}
    events = []
    for (i, value, mod, status, date_text, ten, tzh, sen, szh, a, t, q, line) in db.execute(
            "SELECT * FROM events"):
        d = dates.get((value, mod))
        if d is None:
            d = dates[(value, mod)] = parse_event_date(value, mod)
        quotes = []
        for item in q.split("\\x1f"):
            s, start, end = item.split("\\x1e")
            start, end = int(start), int(end)
            quotes.append(Quote(s, texts[s][start:end], start, end))
        events.append(Event(i, d, status, date_text, Bilingual(ten, tzh),
            None if sen is None else Bilingual(sen, szh), tuple(a.split("\\x1f")),
            tuple(t.split("\\x1f")), tuple(quotes), line))
    problems = tuple(Problem(p, n, m, bool(f)) for p, n, m, f in
        db.execute("SELECT * FROM problems"))
    db.close()
    result = LoadResult(Corpus(sources, actors, themes, tuple(events)), problems)
    gc.enable()
ended = time.perf_counter()
check = ""
if len(sys.argv) > 4:
    check = hashlib.blake2b(repr(result).encode()).hexdigest()
print(json.dumps({"load": ended - began, "check": check,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(
    code: str, *args: str, env: dict[str, str] | None = None, tree: Path = ROOT
) -> dict[str, float | str]:
    """Run `code` in a fresh interpreter on checkout `tree`; return its last-line JSON report
    and the spawn time.

    `spawned` is this process's perf_counter just before the spawn (the clock is shared by
    every process on Linux), so a child can report how long after its own start it got somewhere.
    """
    spawned = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"child failed:\n{completed.stderr[-4000:]}")
    report: dict[str, float | str] = json.loads(completed.stdout.strip().splitlines()[-1])
    report["spawned"] = spawned
    return report


def corpus_for(size: int, work: Path) -> Path:
    """Return the corpus directory for `size`, generating it unless a matching one is there."""
    directory = work / str(size)
    events = directory / "events.toml"
    if events.is_file():
        with events.open(encoding="utf-8") as stream:
            stream.readline()
            if stream.readline().rstrip("\n") == describe(size, SEED):
                return directory
    print(f"generating {size} events in {directory} …", file=sys.stderr)
    generate(size, directory, seed=SEED)
    return directory


def _median(reports: list[dict[str, float | str]], field: str) -> float:
    return statistics.median(float(report[field]) for report in reports)


def bench_size(size: int, work: Path, runs: int, with_tomllib: bool) -> dict[str, float]:
    """Measure one corpus size; every run is a fresh interpreter.

    cold: `tui.core.loader.load` as it is. miss: `load_cached` with an empty cache (the first
    open: loads and writes the entry). warm: `load_cached` on a hit.
    """
    corpus = corpus_for(size, work)

    def fresh_cache() -> dict[str, str]:
        directory = tempfile.mkdtemp(prefix="cache-", dir=work)
        _scratch.append(Path(directory))
        return {"HK_TIMELINE_CACHE_DIR": directory}

    cold = [run_child(_CHILD_LOAD, str(corpus), "cold") for _ in range(runs)]
    miss_envs = [fresh_cache() for _ in range(runs)]
    miss = [run_child(_CHILD_LOAD, str(corpus), "cached", env=env) for env in miss_envs]
    cache_env = miss_envs[0]
    for _attempt in range(2):
        warm = [run_child(_CHILD_LOAD, str(corpus), "cached", env=cache_env) for _ in range(runs)]
        # An edit to the loader's source while the benchmark runs invalidates the entry.
        if not any(report["loader_calls"] for report in warm):
            break
        run_child(_CHILD_LOAD, str(corpus), "cached", env=cache_env)
    else:
        raise SystemExit(f"{size}: warm runs kept missing the cache")
    for report in cold + miss + warm:
        if report["problems"] or report["events"] != size:
            raise SystemExit(f"{size}: unexpected result {report}")
    entry = next(Path(cache_env["HK_TIMELINE_CACHE_DIR"]).glob("*.idx"))
    row = {
        "size": float(size),
        "events_mb": (corpus / "events.toml").stat().st_size / 1e6,
        "cache_mb": entry.stat().st_size / 1e6,
        "cold": _median(cold, "load"),
        "miss": _median(miss, "load"),
        "warm": _median(warm, "load"),
        "imports": _median(warm, "imports"),
        "cold_rss": _median(cold, "rss_mb"),
        "warm_rss": _median(warm, "rss_mb"),
    }
    if with_tomllib:
        row["tomllib"] = _median(
            [run_child(_CHILD_TOMLLIB, str(corpus)) for _ in range(runs)], "tomllib"
        )
    return row


def bench_formats(size: int, work: Path, runs: int) -> list[tuple[str, float, float, float]]:
    """Compare cache formats at `size`: (format, file MB, median load s, peak RSS MB)."""
    corpus = corpus_for(size, work)
    out = Path(tempfile.mkdtemp(prefix="formats-", dir=work))
    _scratch.append(out)
    env = {"HK_TIMELINE_CACHE_DIR": str(out / "cache")}
    run_child(_CHILD_PREPARE_FORMATS, str(corpus), str(out), env=env)
    files = {"marshal": "marshal.idx", "pickle": "result.pickle", "sqlite": "result.sqlite"}
    rows = []
    checks = set()
    for kind, file_name in files.items():
        checks.add(run_child(_CHILD_READ_FORMAT, str(corpus), str(out), kind, "check")["check"])
        reports = [run_child(_CHILD_READ_FORMAT, str(corpus), str(out), kind) for _ in range(runs)]
        size_mb = (out / file_name).stat().st_size / 1e6
        rows.append((kind, size_mb, _median(reports, "load"), _median(reports, "rss_mb")))
    if len(checks) != 1:
        raise SystemExit("the formats rebuilt different results")
    return rows


def bench_parsers(size: int, work: Path, runs: int) -> list[tuple[str, str, float, float]]:
    """Compare TOML parsers at `size`: (parser, "sliced" or "whole", median s, peak RSS MB)."""
    import importlib.util

    corpus = corpus_for(size, work)
    rows = []
    for name in ("tomllib", "tomli", "rtoml"):
        if importlib.util.find_spec(name) is None:
            continue
        for mode in ("sliced", "whole"):
            reports = [run_child(_CHILD_PARSER, str(corpus), name, mode) for _ in range(runs)]
            if any(report["events"] != size for report in reports):
                raise SystemExit(f"{name} {mode}: unexpected result {reports}")
            rows.append((name, mode, _median(reports, "load"), _median(reports, "rss_mb")))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description="Time cold and warm corpus loads.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="corpora live here")
    parser.add_argument("--tomllib", action="store_true", help="also time tomllib alone")
    parser.add_argument("--formats", action="store_true", help="compare cache formats")
    parser.add_argument("--parsers", action="store_true", help="compare TOML parsers")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    try:
        _report(args)
    finally:
        for directory in _scratch:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


def _report(args: argparse.Namespace) -> None:
    header = (
        f"{'events':>8} {'toml MB':>8} {'cache MB':>9} {'cold s':>8} {'miss s':>8} "
        f"{'warm s':>8} {'speed-up':>9} {'cold RSS':>9} {'warm RSS':>9}"
    )
    if args.tomllib:
        header += f" {'tomllib s':>10}"
    print(header)
    for size in args.sizes:
        row = bench_size(size, args.work, args.runs, args.tomllib)
        line = (
            f"{size:>8} {row['events_mb']:>8.1f} {row['cache_mb']:>9.1f} {row['cold']:>8.2f} "
            f"{row['miss']:>8.2f} {row['warm']:>8.2f} {row['cold'] / row['warm']:>8.0f}x "
            f"{row['cold_rss']:>6.0f} MB {row['warm_rss']:>6.0f} MB"
        )
        if args.tomllib:
            line += f" {row['tomllib']:>10.2f}"
        print(line, flush=True)
    if args.formats:
        size = max(args.sizes)
        print(f"\ncache formats at {size} events (file -> LoadResult, articles pre-read)")
        print(f"{'format':>8} {'file MB':>8} {'load s':>8} {'peak RSS':>9}")
        for kind, size_mb, seconds, rss in bench_formats(size, args.work, args.runs):
            print(f"{kind:>8} {size_mb:>8.1f} {seconds:>8.2f} {rss:>6.0f} MB", flush=True)
    if args.parsers:
        size = max(args.sizes)
        print(f"\nTOML parsers at {size} events (the events file's text -> dicts)")
        print(f"{'parser':>8} {'how':>7} {'parse s':>8} {'peak RSS':>9}")
        for name, mode, seconds, rss in bench_parsers(size, args.work, args.runs):
            print(f"{name:>8} {mode:>7} {seconds:>8.2f} {rss:>6.0f} MB", flush=True)


if __name__ == "__main__":
    sys.exit(main())
