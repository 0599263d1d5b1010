"""The `hk-timeline` command line: validate, list, show, export, actors, themes, extract, TUI."""

from __future__ import annotations

# Ctrl+C while the modules load must end as quietly as Ctrl+C during a command (exit 130);
# main() cannot catch it yet, so the imports catch it themselves.
try:
    import argparse
    import codecs
    import errno
    import io
    import os
    import re
    import signal
    import sys
    import time
    import traceback
    from collections.abc import Callable, Sequence
    from datetime import date
    from pathlib import Path

    from tui.core.atomic import atomic_write
    from tui.core.dates import days_text, display
    from tui.core.errors import Problem, TimelineError
    from tui.core.export import FORMATS, check_output_path, export
    from tui.core.loader import DateTextCheck, LoadResult, load
    from tui.core.model import LANGUAGES, Corpus, Event
    from tui.core.paths import bundled_corpus
    from tui.core.query import Filters, SearchText, TimelineIndex
    from tui.core.table import NARROWEST_WIDTH, layout_table
    from tui.core.text_fitting import safe_text, wrap
except KeyboardInterrupt:
    raise SystemExit(130) from None

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.cache import CachedLoad

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 70
"""A bug, not the user's input (EX_SOFTWARE from sysexits.h)."""
EXIT_INTERRUPTED = 130
"""Ctrl+C, as a shell reports a process stopped by SIGINT."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit status 2 and no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        if sys.stderr is not None:  # print_usage(None) would print to stdout
            self.print_usage(sys.stderr)
        # The message quotes the user's argument, which is data for the terminal too.
        _error_line(f"{self.prog}: error: {safe_text(message)}")
        raise SystemExit(EXIT_BAD_INPUT)


def _corpus_options(*, suppress: bool) -> _Parser:
    """--events/--seeds, accepted both before and after the subcommand."""
    parent = _Parser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    parent.add_argument(
        "--events",
        type=_path_argument,
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
        type=_path_argument,
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
    validating = sub.add_parser(
        "validate", parents=common, help="check the events file and its articles"
    )
    validating.add_argument(
        "--hints",
        action="store_true",
        help="also list what is worth a look (unnamed actors, likely duplicates, shared "
        "quotes, over-precise dates); hints never fail validation",
    )
    validating.add_argument(
        "--all",
        dest="all_hints",
        action="store_true",
        help="with --hints (implied): list acknowledged hints too, marked",
    )

    listing = sub.add_parser("list", parents=common, help="list events as an aligned table")
    _filter_options(listing)
    listing.add_argument("--lang", choices=("en", "zh"), default="en", help="title language")

    show = sub.add_parser("show", parents=common, help="one event with its quotes in context")
    show.add_argument("event_id", metavar="ID")
    show.add_argument(
        "--context",
        type=_context_width,
        default=60,
        metavar="N",
        help="characters of article text around each quote (default 60)",
    )

    exporting = sub.add_parser("export", parents=common, help="export the (filtered) timeline")
    exporting.add_argument("--format", choices=FORMATS, default="json")
    exporting.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output; - is standard output",
    )
    _filter_options(exporting)

    serving = sub.add_parser(
        "serve", parents=common, help="serve the timeline to a web browser (textual-serve)"
    )
    serving.add_argument(
        "--port", type=_port_argument, default=8000, metavar="N", help="port (default 8000)"
    )
    serving.add_argument(
        "--host",
        default="localhost",
        metavar="H",
        help="address to listen on (default localhost: this machine only)",
    )

    sub.add_parser(
        "actors", parents=common, help="organisations with aliases and the events naming each"
    )
    sub.add_parser("themes", parents=common, help="themes with event counts")

    add_source = sub.add_parser(
        "add-source", parents=common, help="copy an article into the seeds dir and register it"
    )
    add_source.add_argument("article", type=_path_argument, metavar="FILE")
    add_source.add_argument("--title", required=True, help="the article's headline")
    add_source.add_argument("--publisher", required=True)
    add_source.add_argument("--published", required=True, metavar="YYYY-MM-DD")
    add_source.add_argument("--language", choices=LANGUAGES, default="mixed")
    add_source.add_argument("--note", help="published_note: evidence for an inferred date")
    add_source.add_argument("--id", dest="source_id", help="source id (default: next sNNN)")

    extract = sub.add_parser(
        "extract", parents=common, help="date mentions found by the temporal engine"
    )
    extract.add_argument(
        "files",
        nargs="*",
        type=_path_argument,
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
    extract.add_argument(
        "--all",
        dest="all_kinds",
        action="store_true",
        help="every kind of mention: also intervals (2020至2025年, since July 2019) and "
        "approximate dates (2022年左右), which events cannot hold yet",
    )
    return parser


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="A",
        help="organisation id, name, alias or a word of one, in any script (repeat for OR)",
    )
    parser.add_argument(
        "--with-children",
        action="store_true",
        help="--actor also matches child organisations (Ant Group → AlipayHK)",
    )
    parser.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="T",
        help="theme id, name or a word of one (GenAI) (repeat for OR)",
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
    parser.add_argument(
        "--view",
        metavar="NAME",
        help="start from a view saved in the terminal app (the options above replace its parts)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: arguments without the program name (default: sys.argv[1:]).

    Returns:
        0 on success, 2 for bad input, a usage error or output that cannot be written (after
        saying why on stderr), 130 after Ctrl+C, 70 for a bug (a one-line report; the
        traceback only when HK_TIMELINE_DEBUG is set). It never raises SystemExit.
    """
    with _LostInterrupts() as lost:
        try:
            status = _main(argv)
        except SystemExit as done:  # argparse: --help (0) or a usage error (2), already printed
            status = done.code if isinstance(done.code, int) else EXIT_BAD_INPUT
        except KeyboardInterrupt:
            status = EXIT_INTERRUPTED
        if lost.seen:  # the last one came too late to stop the command: it still counts
            status = EXIT_INTERRUPTED
    if status == EXIT_INTERRUPTED:
        # Whatever output is still buffered would only block on a reader that stopped reading.
        _discard_stdout()
    return status


class _LostInterrupts:
    """Deliver again a Ctrl+C that Python dropped because it landed in a finalizer.

    A KeyboardInterrupt raised while a `__del__` or a weakref callback runs (the `regex`
    module's, during a load) is printed as "Exception ignored" and dropped, and the command
    would run on to exit 0. While open, such a drop is noted (`seen`) instead of printed, and
    the interrupt is raised again a moment later from a SIGALRM handler, outside the finalizer
    (raising it inside the hook would only be dropped again).
    """

    REDELIVERY_DELAY = 0.001
    """Seconds after a drop at which the interrupt is raised again."""

    def __init__(self) -> None:
        self.seen = False
        self._hook = sys.unraisablehook
        self._alarm: signal.Handlers | Callable[..., object] | int | None = None
        self._armed = hasattr(signal, "setitimer")

    def __enter__(self) -> _LostInterrupts:
        sys.unraisablehook = self._unraisable
        if self._armed:
            try:
                self._alarm = signal.signal(signal.SIGALRM, self._raise_again)
            except ValueError:  # not the main thread: no signal handlers there
                self._armed = False
        return self

    def __exit__(self, *exc_info: object) -> None:
        sys.unraisablehook = self._hook
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._alarm)

    def _unraisable(self, unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is None or not issubclass(unraisable.exc_type, KeyboardInterrupt):
            self._hook(unraisable)
            return
        self.seen = True
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, self.REDELIVERY_DELAY)

    def _raise_again(self, signum: int, frame: object) -> None:
        raise KeyboardInterrupt


class _OutputError(Exception):
    """Standard output could not be written (disk full, device gone, closed)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


_UNSHOWN = "hk-timeline-unshown"
"""The encode error handler for standard output: "?" for what its encoding lacks, counted."""
_unshown_count = 0


def _count_unshown(error: UnicodeError) -> tuple[str, int]:
    global _unshown_count
    if not isinstance(error, UnicodeEncodeError):
        raise error
    _unshown_count += error.end - error.start
    return "?" * (error.end - error.start), error.end


codecs.register_error(_UNSHOWN, _count_unshown)


def _main(argv: Sequence[str] | None) -> int:
    global _unshown_count
    _unshown_count = 0  # main() may run more than once in a process (tests, embedding)
    _cache_work.clear()
    _guard_closed_descriptors()
    _replace_unencodable_output()
    if sys.stdout is None:
        _error_line("hk-timeline: cannot write to standard output: it is closed")
        return EXIT_BAD_INPUT
    try:
        parser = build_parser()
        arguments = _utf8_arguments(parser, list(sys.argv[1:] if argv is None else argv))
        status = _dispatch(parser.parse_args(arguments))
        _flush_stdout()
        _finish_cache_work()
    except TimelineError as error:
        _error_line(error.shown())
        # A corpus with problems is cached as one without: the next run reports them sooner.
        _finish_cache_work()
        return EXIT_BAD_INPUT
    except _OutputError as error:
        _discard_stdout()
        if error.error.errno == errno.EPIPE:
            # The reader went away (e.g. `| head`): it has what it wanted; nothing to say,
            # and the next run's cache entry is still worth writing.
            _finish_cache_work()
            return EXIT_OK
        _error_line(f"hk-timeline: cannot write to standard output: {error}")
        return EXIT_BAD_INPUT
    except OSError as error:
        # A file the command needed could not be read or written (a permission, a full
        # disk) and nothing closer to it said so: name the file, as the loaders do.
        _debug_traceback()
        where = safe_text(str(error.filename)) if error.filename is not None else "hk-timeline"
        _error_line(f"{where}:0: {error.strerror or error}")
        return EXIT_BAD_INPUT
    except (RecursionError, MemoryError, UnicodeError) as error:
        return _bad_input_safety_net(error)
    except Exception as error:  # the last line of defence: a bug, said in one line, non-zero
        _debug_traceback()
        _error_line(
            f"hk-timeline: internal error: {safe_text(type(error).__name__)}: "
            f"{safe_text(str(error))} (please report this; HK_TIMELINE_DEBUG=1 shows the details)"
        )
        return EXIT_INTERNAL_ERROR
    if _unshown_count:
        encoding = getattr(sys.stdout, "encoding", "?")
        _error_line(
            f"hk-timeline: note: {_unshown_count} characters cannot be shown in standard "
            f"output's encoding ({encoding}) and are printed as '?'; use a UTF-8 locale or "
            f"PYTHONIOENCODING=utf-8 to see them"
        )
    return status


def _bad_input_safety_net(error: BaseException) -> int:
    """Input the loaders did not catch that no program could process: say so, exit 2."""
    _debug_traceback()
    if isinstance(error, RecursionError):
        reason = "the input is nested too deeply to process (e.g. arrays inside arrays)"
    elif isinstance(error, MemoryError):
        reason = "not enough memory; is one of the input files very large?"
    else:
        reason = f"text that cannot be encoded or decoded: {safe_text(str(error))}"
    _error_line(f"hk-timeline: {reason}")
    return EXIT_BAD_INPUT


def _debug_traceback() -> None:
    if os.environ.get("HK_TIMELINE_DEBUG", "0") not in ("", "0") and sys.stderr is not None:
        try:
            traceback.print_exc()
        except OSError:
            pass


def _error_line(text: str) -> None:
    """Write one line to stderr; a closed or full stderr must not turn into a traceback."""
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except OSError:
        pass


def _out(text: str) -> None:
    """Write to standard output, reporting a failed write as an _OutputError."""
    try:
        sys.stdout.write(text)
    except OSError as error:
        raise _OutputError(error) from None


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except OSError as error:
        raise _OutputError(error) from None


def _discard_stdout() -> None:
    """Point stdout's descriptor at /dev/null so the interpreter's last flush cannot fail.

    Without this, Python prints "Exception ignored ... BrokenPipeError" (or ENOSPC) when it
    flushes the unwritten rest of the buffer at exit.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _guard_closed_descriptors() -> None:
    """Put /dev/null on a closed descriptor 0, 1 or 2 before any file is opened.

    Otherwise the next file opened (an export, events.toml) takes the number, and anything
    written to "standard error" would land in it.
    """
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)


def _replace_unencodable_output() -> None:
    """Print what stdout's encoding can show and "?" for the rest, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors=_UNSHOWN)


def _utf8_arguments(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """The arguments as text, refusing any that are not UTF-8, before anything runs.

    Python hands undecodable bytes of argv over as lone surrogates (b"\\xff" as "\\udcff");
    they would fail later, deep in a library. Where the locale is ASCII (LC_ALL=C) every
    non-ASCII byte arrives that way, so valid UTF-8 is put back together here.
    """
    valued = _options_taking_values(parser)
    fixed: list[str] = []
    for position, argument in enumerate(argv):
        if not any("\ud800" <= char <= "\udfff" for char in argument):
            fixed.append(argument)
            continue
        try:
            raw = argument.encode("utf-8", "surrogateescape")
            fixed.append(raw.decode("utf-8"))
            continue
        except UnicodeEncodeError:
            reason = "not valid UTF-8 (a lone surrogate)"
        except UnicodeDecodeError as error:
            reason = f"not valid UTF-8 (byte 0x{raw[error.start]:02X})"
        parser.error(f"argument {_argument_name(argv, position, valued)}: {reason}")
    return fixed


def _argument_name(argv: list[str], position: int, valued: set[str]) -> str:
    argument = argv[position]
    if argument.startswith("--") and "=" in argument:
        return argument.split("=", 1)[0]
    previous = argv[position - 1] if position else ""
    if previous in valued:
        return previous
    shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return repr(shown)


def _options_taking_values(parser: argparse.ArgumentParser) -> set[str]:
    options: set[str] = set()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += action.choices.values()
            elif action.option_strings and action.nargs != 0:
                options.update(action.option_strings)
    return options


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    bundled_events, bundled_seeds = bundled_corpus()
    events = args.events or bundled_events
    seeds = args.seeds
    if seeds is None:
        # A user's own events file looks for its articles in seeds/ beside it.
        seeds = bundled_seeds if args.events is None else events.parent / "seeds"
    return events, seeds


def _date_text_checker() -> DateTextCheck:
    from tui.core.temporal import resolve_date_text

    return resolve_date_text


PROGRESS_DELAY = 0.5
"""Seconds a load runs before stderr says how far it has got (on a terminal only)."""


class _LoadProgressLine:
    """A line on stderr saying how far a long load has got, erased when it ends.

    Only when stderr is a terminal: a script reading stderr gets the problems, never this.
    """

    def __init__(self, started: float) -> None:
        self.started = started
        self.shown = ""
        stream = sys.stderr
        self.stream = stream if stream is not None and _is_terminal(stream) else None

    def __call__(self, done: int, total: int) -> None:
        if self.stream is None or time.monotonic() - self.started < PROGRESS_DELAY:
            return
        from tui.core.progress import Loading, loading_text

        text = loading_text(Loading(done, total))
        if text != self.shown:
            self.shown = text
            self._write(f"\r{text}\x1b[K")

    def close(self) -> None:
        """Erase the line, leaving the cursor where it was before the load."""
        if self.shown:
            self.shown = ""
            self._write("\r\x1b[K")

    def _write(self, text: str) -> None:
        assert self.stream is not None
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = None  # a closed or gone terminal: the load goes on without it


def _is_terminal(stream: object) -> bool:
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except (OSError, ValueError):
        return False


def _load(args: argparse.Namespace, *, strict: bool) -> LoadResult:
    return _load_searchable(args, strict=strict)[0]


def _load_searchable(
    args: argparse.Namespace, *, strict: bool
) -> tuple[LoadResult, Callable[[], SearchText | None]]:
    """The loaded corpus and a way to get its folded search text when the cache kept it
    (folding 100,000 events takes seconds; reading them back a fraction of that)."""
    events_path, seeds_dir = _paths(args)
    search_texts: Callable[[], SearchText | None] = lambda: None  # noqa: E731
    from tui.core.idle_gc import long_lived

    progress = _LoadProgressLine(time.monotonic())
    try:
        # The corpus lives until the command ends: built with the collector off and frozen,
        # it is not walked again by the collections that follow (at 100,000 events each
        # would walk millions of objects and free nothing).
        with long_lived():
            if args.no_cache:
                result = load(
                    events_path, seeds_dir, check_date_text=_date_text_checker(), progress=progress
                )
            else:
                from tui.core.cache import load_cached

                loaded = load_cached(
                    events_path,
                    seeds_dir,
                    check_date_text=_date_text_checker(),
                    progress=progress,
                    defer_write=True,
                )
                work = _CacheWork(loaded)
                _cache_work.append(work)
                result, search_texts = loaded.result, work.search_texts
    finally:
        # Ctrl+C included: the shell's prompt comes back on a clean line.
        progress.close()
    if result.fatal or (strict and result.problems):
        raise TimelineError("invalid corpus", result.problems)
    return result, search_texts


class _CacheWork:
    """What a command's load leaves for after its output: the entry a miss makes, or the
    search-text side file a hit lacked (a command that searches nothing folds nothing)."""

    def __init__(self, loaded: CachedLoad) -> None:
        self.loaded = loaded
        self.folded: SearchText | None = None
        """The search text, once the command folded it (the cache then keeps it)."""

    def search_texts(self) -> SearchText:
        """The corpus's search text for a filter: the cache's, else folded and kept."""
        if self.folded is None:
            kept = self.loaded.search_texts()
            if kept is not None:
                return kept
            from tui.core.query import search_text

            self.folded = SearchText.of(search_text(self.loaded.result.corpus))
        return self.folded

    def finish(self) -> None:
        from tui.core.cache import keep_search_text

        if self.loaded.pending is not None:
            self.loaded.pending.write(self.folded, fold=False)
        elif self.folded is not None and self.loaded.search_text is not None:
            keep_search_text(self.loaded.search_text, self.folded)


_cache_work: list[_CacheWork] = []
"""What this run's loads left for the cache to do (see `_finish_cache_work`)."""


def _finish_cache_work() -> None:
    """Write what the loads left for after the output (the next run's hit)."""
    while _cache_work:
        _cache_work.pop().finish()


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
        "serve": _serve,
    }
    return handlers[command](args)


def _run_tui(args: argparse.Namespace) -> int:
    import os

    from tui.app import start_app
    from tui.terminal import run_in_terminal, unusable_terminal

    events_path, seeds_dir = _paths(args)
    # The app loads its corpus once its first screen is up, saying how far it has got.
    from tui.core.late_check import date_text_check

    # The date_text cross-check is the slowest part of a cold load: it runs after the
    # corpus is shown, and its problems (and the events they leave out) follow.
    app = start_app(
        events_path,
        seeds_dir,
        use_cache=not args.no_cache,
        late_check=date_text_check(events_path),
    )
    # textual-serve's web driver (named in TEXTUAL_DRIVER) draws over pipes, not a terminal.
    served = "TEXTUAL_DRIVER" in os.environ
    problem = None if served else unusable_terminal(os.environ, sys.stdin, sys.stdout)
    if problem is not None:
        # What is wrong with the user's file is the more useful answer: said first.
        _load(args, strict=False)
        raise TimelineError(f"hk-timeline: {problem}")
    status = run_in_terminal(app)
    # The cache entry is written after the first paint; a quit before it was is finished here.
    app.write_cache_entry()
    if app.load_failure is not None:
        # Said once the terminal is back: what is wrong with the user's file (exit 2), or a
        # bug (the one-line report).
        raise app.load_failure
    return status


def _serve(args: argparse.Namespace) -> int:
    from tui.serve import serve

    events_path, seeds_dir = _paths(args)
    # Loaded once here so a broken corpus is reported now, not in every browser tab.
    _load(args, strict=False)
    # The server runs until it is stopped: what the load left for the cache is done first.
    _finish_cache_work()
    return serve(events_path, seeds_dir, host=args.host, port=args.port, no_cache=args.no_cache)


def _validate(args: argparse.Namespace) -> int:
    result = _load(args, strict=True)
    corpus = result.corpus
    quotes = sum(len(event.quotes) for event in corpus.events)
    first = corpus.events[0].date.year if corpus.events else "-"
    last = corpus.events[-1].date.year if corpus.events else "-"
    events_path, _ = _paths(args)
    _out(
        f"{safe_text(str(events_path))}: ok: {len(corpus.events)} events ({first}–{last}), "
        f"{quotes} quotes, {len(corpus.sources)} sources, {len(corpus.actors)} actors, "
        f"{len(corpus.themes)} themes\n"
    )
    from tui.core.loader import schema_2_form

    # One reading per date: the loader shares one date object among the events on it.
    dates = {id(event.date): event.date for event in corpus.events}
    form_of = {key: schema_2_form(day) for key, day in dates.items()}
    newer = [(event, form_of[id(event.date)]) for event in corpus.events]
    uses = sorted((event.line, event.id, form) for event, form in newer if form)
    if uses:
        verb = "uses" if len(uses) == 1 else "use"
        _out(
            f"schema 2: {len(uses)} event{'' if len(uses) == 1 else 's'} {verb} a form new in "
            f"schema 2 "
            f"(hk-timeline 0.1 reads schema 1 only and refuses this file):\n"
        )
        for line, event_id, form in uses:
            _out(f"  line {line}: {safe_text(event_id)}: {form}\n")
    if args.hints or args.all_hints:
        _print_hints(corpus, events_path, show_acknowledged=args.all_hints)
    return EXIT_OK


def _print_hints(corpus: Corpus, events_path: Path, *, show_acknowledged: bool) -> None:
    """One `PATH:LINE: hint: KIND: MESSAGE` line per hint, then how many there are."""
    from tui.core.hints import counts, find_hints
    from tui.core.loader import read_events_text

    hints = find_hints(TimelineIndex(corpus), read_events_text(events_path))
    where = safe_text(str(events_path))
    for hint in hints:
        if hint.acknowledged is not None and not show_acknowledged:
            continue
        marked = (
            f" [acknowledged: {safe_text(hint.acknowledged)}]"
            if hint.acknowledged is not None
            else ""
        )
        _out(f"{where}:{hint.line}: hint: {hint.kind}: {safe_text(hint.message)}{marked}\n")
    found, acknowledged = counts(hints)
    _out(f"{found} hint{'' if found == 1 else 's'} ({acknowledged} acknowledged)\n")


def _date_range(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """--from and --to, read as the TUI's date dialog reads its two fields."""
    if args.date_from is None and args.date_to is None:
        return None, None
    from tui.core.date_filter import read_range

    found = read_range(
        args.date_from or "",
        args.date_to or "",
        date.today(),
        labels=("--from", "--to"),
        reversed_is_empty=True,
    )
    if isinstance(found, str):
        raise TimelineError(found)
    return found.first, found.last


_CANDIDATES_SHOWN = 12
"""An ambiguous --actor/--theme lists at most this many candidates."""


def _ambiguous(option: str, name: str, noun: str, candidates: dict[str, str]) -> str:
    """Say that `name` matched words of several names, naming them (id and English name)."""
    ordered = sorted(candidates.items(), key=lambda item: item[1].casefold())
    listed = [f"{item} ({english})" for item, english in ordered[:_CANDIDATES_SHOWN]]
    if len(ordered) > _CANDIDATES_SHOWN:
        listed.append(f"… and {len(ordered) - _CANDIDATES_SHOWN} more")
    return (
        f"{option} {name!r} matches words of {len(ordered)} {noun}: {', '.join(listed)}; "
        f"give one id or a whole name (repeat {option} for several)"
    )


def _filters(args: argparse.Namespace, index: TimelineIndex) -> Filters:
    date_from, date_to = _date_range(args)
    actors: set[str] = set()
    for name in args.actor:
        found = index.lookup_actors(name)
        if not found.ids:
            raise TimelineError(
                f"--actor {name!r}: no organisation has that id, name, alias or word of a "
                f"name (see `hk-timeline actors`)"
            )
        if found.ambiguous:
            shown = {item: index.corpus.actors[item].name.en for item in found.ids}
            raise TimelineError(_ambiguous("--actor", name, "organisations", shown))
        actors |= found.ids
    themes: set[str] = set()
    for name in args.theme:
        found = index.lookup_themes(name)
        if not found.ids:
            raise TimelineError(
                f"--theme {name!r}: no theme has that id, name or word of a name "
                f"(see `hk-timeline themes`)"
            )
        if found.ambiguous:
            shown = {item: index.corpus.themes[item].name.en for item in found.ids}
            raise TimelineError(_ambiguous("--theme", name, "themes", shown))
        themes |= found.ids
    given = Filters(
        query=args.query,
        actors=frozenset(actors),
        themes=frozenset(themes),
        include_children=args.with_children,
        date_from=date_from,
        date_to=date_to,
        status=args.status,
    )
    if args.view is None:
        return given
    return _with_view(args, index, given)


def _with_view(args: argparse.Namespace, index: TimelineIndex, given: Filters) -> Filters:
    """--view's filters, each part replaced by the option that names it, if given."""
    from dataclasses import replace

    from tui.core.preferences import config_path, load_preferences, view_filters

    path = config_path()
    preferences, problems = load_preferences(path)
    for problem in problems:
        _error_line(f"hk-timeline: note: {safe_text(str(problem))}")
    view = preferences.views.get(args.view)
    if view is None:
        known = ", ".join(preferences.views) or "none"
        raise TimelineError(
            f"--view {args.view!r}: no saved view of that name in {path} (saved views: {known}); "
            f"save one from the terminal app's palette (ctrl+p, Save view)"
        )
    filters = view_filters(args.view, view, index, date.today())
    if args.query:
        filters = replace(filters, query=given.query)
    if args.actor:
        filters = replace(filters, actors=given.actors)
    if args.with_children:
        filters = replace(filters, include_children=True)
    if args.theme:
        filters = replace(filters, themes=given.themes)
    if args.date_from is not None or args.date_to is not None:
        filters = replace(filters, date_from=given.date_from, date_to=given.date_to)
    if args.status:
        filters = replace(filters, status=given.status)
    return filters


def _selected(
    args: argparse.Namespace,
    corpus: Corpus,
    search_texts: Callable[[], SearchText | None] = lambda: None,
) -> list[Event]:
    """The events the filter options select, in order; `search_texts` gives the corpus's
    folded search text when it is at hand (else the index folds every event)."""
    if not _filtering(args):
        # Nothing to filter by: every event, without folding 100,000 of them for an index.
        return list(corpus.events)
    index = TimelineIndex(corpus, search_texts())
    return [index.events[position] for position in index.visible(_filters(args, index))]


def _filtering(args: argparse.Namespace) -> bool:
    """Whether any option that selects events was given."""
    return bool(
        args.query
        or args.actor
        or args.theme
        or args.with_children
        or args.date_from is not None
        or args.date_to is not None
        or args.status
        or args.view is not None
    )


def _table(
    rows: list[list[str]],
    *,
    max_width: int | None = None,
    wrap_first: Sequence[tuple[int, int]] = (),
) -> None:
    """Print rows as columns aligned by display width (see `tui.core.table.layout_table`)."""
    _out(
        "".join(
            line + "\n" for line in layout_table(rows, max_width=max_width, wrap_first=wrap_first)
        )
    )


def _terminal_width() -> int | None:
    """The terminal's width when standard output is one, else None (no wrapping for pipes)."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _list(args: argparse.Namespace) -> int:
    result, search_texts = _load_searchable(args, strict=True)
    corpus = result.corpus
    events = _selected(args, corpus, search_texts)
    rows = [["DATE", "", "TITLE", "ACTORS", "ID"]]
    names = {actor_id: actor.name.pick(args.lang) for actor_id, actor in corpus.actors.items()}
    for event in events:
        actors = ", ".join([names[actor_id] for actor_id in event.actors[:3]])
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
    _table(rows, max_width=_terminal_width(), wrap_first=((3, 12), (2, 24)))
    _out(
        f"{len(events)} of {len(corpus.events)} events"
        + ("  (◇ planned)" if any(event.status == "planned" for event in events) else "")
        + "\n"
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
    written = event.date.value + (f" {event.date.mod}" if event.date.mod else "")
    days = days_text(event.date)
    # The value, then the days it covers when they say more ("2024-10-28" says it once).
    date_line = f"Date:     {display(event.date)}  ({written}"
    date_line += ")" if days == written else f"; {days})"
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
    width = _terminal_width()
    shown: list[str] = []
    for line in out:
        line = safe_text(line)
        if width is None:
            shown.append(line)
        else:  # labelled lines hang under their value, quotes under their text
            hang = 10 if re.match(r"[A-Z][a-z]+: +", line) else 3 if line.startswith("  …") else 0
            shown += wrap(line, max(width, NARROWEST_WIDTH), indent=hang)
    _out("".join(line + "\n" for line in shown))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    output = _output_path(args.output)
    corpus = _load(args, strict=True).corpus
    events = _selected(args, corpus)
    document = export(corpus, events, args.format)
    if output is None:
        _out(document)
        return EXIT_OK
    _refuse_to_overwrite_input(args, output)
    shown = safe_text(str(output))
    atomic_write(output, document, advice="use -o - or leave out -o to write to standard output")
    _error_line(f"wrote {len(events)} events as {args.format} to {shown}")
    return EXIT_OK


def _output_path(option: str | None) -> Path | None:
    """-o's file, or None for standard output (no -o, or -o -)."""
    if option is None or option == "-":
        return None
    if not option:
        raise TimelineError(
            "-o '': the file name is empty; give a file name, or - for standard output"
        )
    return Path(option)


def _refuse_to_overwrite_input(args: argparse.Namespace, output: Path) -> None:
    events_path, seeds_dir = _paths(args)
    check_output_path(output, events_path, seeds_dir)


def _actors(args: argparse.Namespace) -> int:
    corpus = _load(args, strict=True).corpus
    index = TimelineIndex(corpus)
    rows = [["ID", "EVENTS", "NAME", "中文", "PARENT", "ALIASES"]]
    # Organisations first, then people (their organisation in PARENT, their role beside it).
    ordered = sorted(corpus.actors.values(), key=lambda actor: actor.is_person)
    for actor in ordered:
        role = f" ({actor.role.en})" if actor.role is not None else ""
        rows.append(
            [
                actor.id,
                str(index.actor_counts.get(actor.id, 0)),
                actor.name.en + (" [person]" if actor.is_person else ""),
                actor.name.zh,
                (actor.parent or "") + role,
                ", ".join(actor.aliases),
            ]
        )
    width = _terminal_width()
    _table(rows, max_width=width, wrap_first=((5, 12), (4, 8), (2, 16)))
    people = sum(actor.is_person for actor in ordered)
    # The lanes view counts a person's events on their organisation's lane too; this list
    # does not, so it says which count it shows.
    note = "EVENTS: events naming the actor (a person's not added to their organisation)"
    lines = wrap(note, max(width, 1)) if width is not None else [note]
    _out("".join(f"{line}\n" for line in lines))
    _out(f"{len(ordered)} actors: {len(ordered) - people} organisations, {people} people\n")
    return EXIT_OK


def _themes(args: argparse.Namespace) -> int:
    corpus = _load(args, strict=True).corpus
    index = TimelineIndex(corpus)
    rows = [["ID", "EVENTS", "NAME", "中文"]]
    for theme in corpus.themes.values():
        rows.append(
            [theme.id, str(index.theme_counts.get(theme.id, 0)), theme.name.en, theme.name.zh]
        )
    _table(rows)
    _out(f"{len(corpus.themes)} themes\n")
    return EXIT_OK


def _add_source(args: argparse.Namespace) -> int:
    from tui.core.curate import Curator

    published = _day_argument("--published", args.published)
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
    _out(
        f"added source {safe_text(source_id)} ({safe_text(args.article.name)}) "
        f"to {safe_text(str(events_path))}\n"
    )
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    import json

    from tui.core.temporal import extract, extract_all

    find = extract_all if args.all_kinds else extract
    doc_date: date | None = None
    if args.doc_date is not None:
        doc_date = _day_argument("--doc-date", args.doc_date)
    documents: list[tuple[str, str, date | None, Corpus | None]] = []
    if args.files:
        from tui.core.loader import decode_utf8
        from tui.core.reading import read_regular

        problems: list[Problem] = []
        for path in args.files:
            try:
                raw = read_regular(path, str(path), what="file")
                text = decode_utf8(raw, str(path), what="file")
            except TimelineError as error:
                problems += error.problems or (Problem(str(path), 0, str(error)),)
                continue
            documents.append((str(path), text, doc_date, None))
        if problems:
            raise TimelineError("unreadable files", tuple(problems))
        if doc_date is None:
            _error_line(
                "note: without --doc-date, relative dates (今年5月, last year, 3 November) "
                "are not resolved and not listed"
            )
    else:
        corpus = _load(args, strict=not args.uncovered).corpus
        for source in corpus.sources.values():
            documents.append((source.file, source.text, doc_date or source.published, corpus))
    rows = [["FILE", "START", "END", "TEXT", "VALUE", "MOD", "RESOLVED"]]
    for name, text, anchor, corpus_of in documents:
        covered = _covered_spans(corpus_of, name) if args.uncovered else []
        for mention in find(text, anchor):
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
                    "kind": mention.kind,
                    "begin": mention.begin,
                    "finish": mention.finish,
                    "first": mention.first.isoformat() if mention.first else None,
                    "last": mention.last.isoformat() if mention.last else None,
                    "resolution": mention.resolution,
                    "anchor": mention.anchor.isoformat() if mention.anchor else None,
                    "rule": mention.rule,
                }
                _out(json.dumps(record, ensure_ascii=False) + "\n")
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
        _table(rows)
        _out(
            f"{len(rows) - 1} mentions"
            + (" not covered by any event" if args.uncovered else "")
            + "\n"
        )
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


def _day_argument(flag: str, text: str) -> date:
    """A YYYY-MM-DD option's day, or a TimelineError saying what is wrong with it."""
    from tui.core.date_filter import calendar_problem

    problem = calendar_problem(text)
    if problem is None and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return date.fromisoformat(text)
    raise TimelineError(f"{flag} {text!r}: {problem or 'expected a day as YYYY-MM-DD'}")


def _context_width(text: str) -> int:
    """--context: a count of characters, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more characters")
    return value


def _port_argument(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


def _path_argument(text: str) -> Path:
    """A path option: an empty one is a mistake (Path("") would quietly mean ".")."""
    if not text:
        raise argparse.ArgumentTypeError("the path is empty")
    if "\0" in text:  # only main()'s callers can pass one; os calls would raise ValueError
        raise argparse.ArgumentTypeError("the path contains a NUL character")
    return Path(text)
