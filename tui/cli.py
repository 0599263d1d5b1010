"""The `hk-timeline` command line: validate, list, show, export, actors, themes, extract, TUI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from tui.atomic import atomic_write
from tui.dates import display, narrowed, parse_event_date
from tui.errors import Problem, TimelineError
from tui.export import FORMATS, export
from tui.loader import LoadResult, load
from tui.model import Corpus, Event
from tui.paths import bundled_corpus
from tui.query import Filters, TimelineIndex
from tui.textwidth import cell_width, fit, safe_text

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit status 2 and no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _corpus_options(*, suppress: bool) -> _Parser:
    """--events/--seeds, accepted both before and after the subcommand."""
    parent = _Parser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    parent.add_argument(
        "--events",
        type=Path,
        default=default,
        metavar="PATH",
        help="events file (default: the bundled events.toml)",
    )
    parent.add_argument(
        "--no-cache",
        action="store_true",
        default=default if suppress else False,
        help="load and validate from scratch; neither read nor write the index cache",
    )
    parent.add_argument(
        "--seeds",
        type=Path,
        default=default,
        metavar="DIR",
        help="directory the articles live in (default: the bundled seeds/)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `hk-timeline` and `python -m tui`."""
    parser = _Parser(
        prog="hk-timeline",
        description="A terminal timeline of Hong Kong fintech, built from news articles. "
        "With no subcommand, opens the timeline in the terminal.",
        parents=[_corpus_options(suppress=False)],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = [_corpus_options(suppress=True)]

    sub.add_parser("tui", parents=common, help="open the timeline in the terminal (default)")
    sub.add_parser("validate", parents=common, help="check the events file and its articles")

    listing = sub.add_parser("list", parents=common, help="list events as an aligned table")
    _filter_options(listing)
    listing.add_argument("--lang", choices=("en", "zh"), default="en", help="title language")

    show = sub.add_parser("show", parents=common, help="one event with its quotes in context")
    show.add_argument("event_id", metavar="ID")
    show.add_argument(
        "--context",
        type=int,
        default=60,
        metavar="N",
        help="characters of article text around each quote (default 60)",
    )

    exporting = sub.add_parser("export", parents=common, help="export the (filtered) timeline")
    exporting.add_argument("--format", choices=FORMATS, default="json")
    exporting.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output",
    )
    _filter_options(exporting)

    sub.add_parser("actors", parents=common, help="organisations with aliases and event counts")
    sub.add_parser("themes", parents=common, help="themes with event counts")

    add_source = sub.add_parser(
        "add-source", parents=common, help="copy an article into the seeds dir and register it"
    )
    add_source.add_argument("article", type=Path, metavar="FILE")
    add_source.add_argument("--title", required=True, help="the article's headline")
    add_source.add_argument("--publisher", required=True)
    add_source.add_argument("--published", required=True, metavar="YYYY-MM-DD")
    add_source.add_argument("--language", default="mixed", help="zh-Hant, zh-Hans, en or mixed")
    add_source.add_argument("--note", help="published_note: evidence for an inferred date")
    add_source.add_argument("--id", dest="source_id", help="source id (default: next sNNN)")

    extract = sub.add_parser(
        "extract", parents=common, help="date mentions found by the temporal engine"
    )
    extract.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="text files (default: every article of the corpus)",
    )
    extract.add_argument(
        "--doc-date",
        metavar="YYYY-MM-DD",
        help="document date for relative expressions (default: each "
        "article's published date; required for other files' relative dates)",
    )
    extract.add_argument("--format", choices=("table", "jsonl"), default="table")
    extract.add_argument(
        "--uncovered", action="store_true", help="only mentions that no event's quote covers yet"
    )
    return parser


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="A",
        help="organisation id, name or alias in any script (repeat for OR)",
    )
    parser.add_argument(
        "--with-children",
        action="store_true",
        help="--actor also matches child organisations (Ant Group → AlipayHK)",
    )
    parser.add_argument(
        "--theme", action="append", default=[], metavar="T", help="theme id or name (repeat for OR)"
    )
    parser.add_argument(
        "--from",
        dest="date_from",
        metavar="D",
        help="earliest date: 2019, 2019-07, 2019年7月, mid-2024, 去年 …",
    )
    parser.add_argument("--to", dest="date_to", metavar="D", help="latest date, same forms")
    parser.add_argument(
        "--query", "-q", default="", metavar="Q", help="text to find, in any script, case and width"
    )
    parser.add_argument("--status", choices=("happened", "planned"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: arguments without the program name (default: sys.argv[1:]).

    Returns:
        0 on success, 2 for bad input (after printing every problem to stderr).
    """
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except TimelineError as error:
        sys.stderr.write(f"{safe_text(str(error), keep_newlines=True)}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    bundled_events, bundled_seeds = bundled_corpus()
    events = args.events or bundled_events
    seeds = args.seeds
    if seeds is None:
        # A user's own events file looks for its articles in seeds/ beside it.
        seeds = bundled_seeds if args.events is None else events.parent / "seeds"
    return events, seeds


def _date_text_checker() -> Callable[[str, date], tuple[str, str | None] | None]:
    from tui.temporal import resolve_date_text

    return resolve_date_text


def _load(args: argparse.Namespace, *, strict: bool) -> LoadResult:
    events_path, seeds_dir = _paths(args)
    if args.no_cache:
        result = load(events_path, seeds_dir, check_date_text=_date_text_checker())
    else:
        from tui.cache import load_cached

        result = load_cached(events_path, seeds_dir, check_date_text=_date_text_checker())
    if result.fatal or (strict and result.problems):
        raise TimelineError("invalid corpus", result.problems)
    return result


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "tui"
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "tui": _run_tui,
        "validate": _validate,
        "list": _list,
        "show": _show,
        "export": _export,
        "actors": _actors,
        "themes": _themes,
        "extract": _extract,
        "add-source": _add_source,
    }
    return handlers[command](args)


def _run_tui(args: argparse.Namespace) -> int:
    import os

    from tui.app import create_app
    from tui.terminal import run_in_terminal, unusable_terminal

    events_path, seeds_dir = _paths(args)
    # Loaded first: what is wrong with the user's file is the more useful answer.
    app = create_app(events_path, seeds_dir, use_cache=not args.no_cache)
    problem = unusable_terminal(os.environ, sys.stdin, sys.stdout)
    if problem is not None:
        raise TimelineError(f"hk-timeline: {problem}")
    return run_in_terminal(app)


def _validate(args: argparse.Namespace) -> int:
    result = _load(args, strict=True)
    corpus = result.corpus
    quotes = sum(len(event.quotes) for event in corpus.events)
    first = corpus.events[0].date.year if corpus.events else "-"
    last = corpus.events[-1].date.year if corpus.events else "-"
    events_path, _ = _paths(args)
    print(
        f"{events_path}: ok: {len(corpus.events)} events ({first}–{last}), {quotes} quotes, "
        f"{len(corpus.sources)} sources, {len(corpus.actors)} actors, {len(corpus.themes)} themes"
    )
    return EXIT_OK


def _range_bound(expression: str | None, *, upper: bool) -> date | None:
    if expression is None:
        return None
    from tui.temporal import parse_expression

    today = date.today()
    mention = parse_expression(expression, today)
    if mention is None:
        flag = "--to" if upper else "--from"
        raise TimelineError(
            f"{flag} {expression!r}: not a date; try 2019, 2019-07, 2019年7月, mid-2024 or 去年"
        )
    first, last = narrowed(parse_event_date(mention.value, mention.mod))
    return last if upper else first


def _filters(args: argparse.Namespace, index: TimelineIndex) -> Filters:
    actors: set[str] = set()
    for name in args.actor:
        found = index.find_actors(name)
        if not found:
            raise TimelineError(
                f"--actor {name!r}: no organisation has that id, name or alias "
                f"(see `hk-timeline actors`)"
            )
        actors |= found
    themes: set[str] = set()
    for name in args.theme:
        found = index.find_themes(name)
        if not found:
            raise TimelineError(
                f"--theme {name!r}: no theme has that id or name (see `hk-timeline themes`)"
            )
        themes |= found
    return Filters(
        query=args.query,
        actors=frozenset(actors),
        themes=frozenset(themes),
        include_children=args.with_children,
        date_from=_range_bound(args.date_from, upper=False),
        date_to=_range_bound(args.date_to, upper=True),
        status=args.status,
    )


def _selected(args: argparse.Namespace, corpus: Corpus) -> list[Event]:
    index = TimelineIndex(corpus)
    return [index.events[position] for position in index.visible(_filters(args, index))]


def _table(
    rows: list[list[str]],
    out: TextIO,
    *,
    max_width: int | None = None,
    cut_first: Sequence[tuple[int, int]] = (),
) -> None:
    """Print rows as columns aligned by display width.

    Args:
        rows: header first; every row has the same number of cells.
        out: where to write.
        max_width: when set (a terminal), columns are cut with "…" to fit.
        cut_first: (column, narrowest width) pairs in the order columns give up
            space; columns not named are never cut.
    """
    safe_rows = [[safe_text(cell) for cell in row] for row in rows]
    widths = [max(cell_width(row[column]) for row in safe_rows) for column in range(len(rows[0]))]
    if max_width is not None:
        excess = sum(widths) + 2 * (len(widths) - 1) - max_width
        for column, narrowest in cut_first:
            if excess <= 0:
                break
            cut = max(0, min(excess, widths[column] - narrowest))
            widths[column] -= cut
            excess -= cut
    for row in safe_rows:
        cells = [fit(cell, width) for cell, width in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")


def _terminal_width() -> int | None:
    """The terminal's width when standard output is one, else None (no cutting for pipes)."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _list(args: argparse.Namespace) -> int:
    corpus = _load(args, strict=True).corpus
    events = _selected(args, corpus)
    rows = [["DATE", "", "TITLE", "ACTORS", "ID"]]
    for event in events:
        actors = ", ".join(
            corpus.actors[actor_id].name.pick(args.lang) for actor_id in event.actors[:3]
        )
        if len(event.actors) > 3:
            actors += f" +{len(event.actors) - 3}"
        rows.append(
            [
                display(event.date, args.lang),
                "◇" if event.status == "planned" else "",
                event.title.pick(args.lang),
                actors,
                event.id,
            ]
        )
    _table(rows, sys.stdout, max_width=_terminal_width(), cut_first=((3, 12), (2, 24)))
    print(
        f"{len(events)} of {len(corpus.events)} events"
        + ("  (◇ planned)" if any(event.status == "planned" for event in events) else "")
    )
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    corpus = _load(args, strict=True).corpus
    event = corpus.event(args.event_id)
    if event is None:
        raise TimelineError(f"no event with id {args.event_id!r} (see `hk-timeline list`)")
    out: list[str] = []
    out.append(f"{event.title.en}")
    out.append(f"{event.title.zh}")
    out.append("")
    date_line = f"Date:     {display(event.date)}  ({event.date.value}"
    date_line += f" {event.date.mod}" if event.date.mod else ""
    date_line += f"; {event.date.start} – {event.date.end})"
    out.append(date_line)
    if event.date_text:
        quote = next((q for q in event.quotes if event.date_text in q.text), event.quotes[0])
        source = corpus.sources[quote.source]
        out.append(
            f"Why:      “{event.date_text}” in {quote.source}, resolved against its "
            f"published date {source.published}"
        )
    out.append(f"Status:   {event.status}")
    out.append(
        "Actors:   "
        + ", ".join(
            f"{corpus.actors[a].name.en} ({corpus.actors[a].name.zh})" for a in event.actors
        )
    )
    out.append("Themes:   " + ", ".join(corpus.themes[t].name.en for t in event.themes))
    if event.summary:
        out += ["", event.summary.en, event.summary.zh]
    for quote in event.quotes:
        source = corpus.sources[quote.source]
        before = source.text[max(0, quote.start - args.context) : quote.start]
        after = source.text[quote.end : quote.end + args.context]
        out += [
            "",
            f"[{quote.source}] {source.title} — {source.publisher}, {source.published}"
            f"  ({source.file}, characters {quote.start}–{quote.end})",
            f"  …{' '.join(before.split())} »{quote.text}« {' '.join(after.split())}…",
        ]
    print("\n".join(safe_text(line) for line in out))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    corpus = _load(args, strict=True).corpus
    events = _selected(args, corpus)
    document = export(corpus, events, args.format)
    if args.output is None:
        sys.stdout.write(document)
        return EXIT_OK
    _refuse_to_overwrite_input(args, args.output)
    try:
        atomic_write(args.output, document)
    except OSError as error:
        raise TimelineError(f"{args.output}:0: cannot write: {error.strerror or error}") from None
    print(f"wrote {len(events)} events as {args.format} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _refuse_to_overwrite_input(args: argparse.Namespace, output: Path) -> None:
    events_path, seeds_dir = _paths(args)
    target = output.resolve()
    if target == events_path.resolve() or target.is_relative_to(seeds_dir.resolve()):
        raise TimelineError(
            f"{output}:0: refusing to overwrite the corpus's own files; choose another output path"
        )
    if output.is_dir():
        raise TimelineError(f"{output}:0: is a directory; give a file name")


def _actors(args: argparse.Namespace) -> int:
    corpus = _load(args, strict=True).corpus
    index = TimelineIndex(corpus)
    rows = [["ID", "EVENTS", "NAME", "中文", "PARENT", "ALIASES"]]
    for actor in corpus.actors.values():
        rows.append(
            [
                actor.id,
                str(index.actor_counts.get(actor.id, 0)),
                actor.name.en,
                actor.name.zh,
                actor.parent or "",
                ", ".join(actor.aliases),
            ]
        )
    _table(rows, sys.stdout, max_width=_terminal_width(), cut_first=((5, 12), (4, 8), (2, 16)))
    print(f"{len(corpus.actors)} actors")
    return EXIT_OK


def _themes(args: argparse.Namespace) -> int:
    corpus = _load(args, strict=True).corpus
    index = TimelineIndex(corpus)
    rows = [["ID", "EVENTS", "NAME", "中文"]]
    for theme in corpus.themes.values():
        rows.append(
            [theme.id, str(index.theme_counts.get(theme.id, 0)), theme.name.en, theme.name.zh]
        )
    _table(rows, sys.stdout)
    print(f"{len(corpus.themes)} themes")
    return EXIT_OK


def _add_source(args: argparse.Namespace) -> int:
    from tui.curate import Curator

    try:
        published = date.fromisoformat(args.published)
    except ValueError:
        raise TimelineError(f"--published {args.published!r}: expected YYYY-MM-DD") from None
    events_path, seeds_dir = _paths(args)
    curator = Curator(events_path, seeds_dir, check_date_text=_date_text_checker())
    source_id, _ = curator.add_source(
        args.article,
        title=args.title,
        publisher=args.publisher,
        published=published,
        language=args.language,
        published_note=args.note,
        source_id=args.source_id,
    )
    print(f"added source {source_id} ({args.article.name}) to {events_path}")
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    import json

    from tui.temporal import extract

    doc_date: date | None = None
    if args.doc_date is not None:
        try:
            doc_date = date.fromisoformat(args.doc_date)
        except ValueError:
            raise TimelineError(f"--doc-date {args.doc_date!r}: expected YYYY-MM-DD") from None
    documents: list[tuple[str, str, date | None, Corpus | None]] = []
    if args.files:
        from tui.loader import decode_utf8

        problems: list[Problem] = []
        for path in args.files:
            try:
                if path.is_dir():
                    raise TimelineError(f"{path}:0: is a directory, not a text file")
                text = decode_utf8(path.read_bytes(), str(path), what="file")
            except TimelineError as error:
                problems += error.problems or (Problem(str(path), 0, str(error)),)
                continue
            except OSError as error:
                problems.append(Problem(str(path), 0, f"cannot read: {error.strerror or error}"))
                continue
            documents.append((str(path), text, doc_date, None))
        if problems:
            raise TimelineError("unreadable files", tuple(problems))
    else:
        corpus = _load(args, strict=not args.uncovered).corpus
        for source in corpus.sources.values():
            documents.append((source.file, source.text, doc_date or source.published, corpus))
    rows = [["FILE", "START", "END", "TEXT", "VALUE", "MOD", "RESOLVED"]]
    for name, text, anchor, corpus_of in documents:
        covered = _covered_spans(corpus_of, name) if args.uncovered else []
        for mention in extract(text, anchor):
            if any(start <= mention.start and mention.end <= end for start, end in covered):
                continue
            resolved = "absolute" if mention.anchor is None else f"relative to {mention.anchor}"
            if args.format == "jsonl":
                record = {
                    "file": name,
                    "start": mention.start,
                    "end": mention.end,
                    "text": mention.text,
                    "value": mention.value,
                    "mod": mention.mod,
                    "first": mention.first.isoformat(),
                    "last": mention.last.isoformat(),
                    "resolution": mention.resolution,
                    "anchor": mention.anchor.isoformat() if mention.anchor else None,
                }
                print(json.dumps(record, ensure_ascii=False))
            else:
                rows.append(
                    [
                        name,
                        str(mention.start),
                        str(mention.end),
                        mention.text,
                        mention.value,
                        mention.mod or "",
                        resolved,
                    ]
                )
    if args.format == "table":
        _table(rows, sys.stdout)
        print(f"{len(rows) - 1} mentions" + (" not covered by any event" if args.uncovered else ""))
    return EXIT_OK


def _covered_spans(corpus: Corpus | None, file_name: str) -> list[tuple[int, int]]:
    if corpus is None:
        return []
    ids = {source.id for source in corpus.sources.values() if source.file == file_name}
    return [
        (quote.start, quote.end)
        for event in corpus.events
        for quote in event.quotes
        if quote.source in ids
    ]
