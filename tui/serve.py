"""`hk-timeline serve`: the same app in a browser, through textual-serve."""

from __future__ import annotations

import errno
import shlex
import socket
import sys
from pathlib import Path

from tui.core.errors import TimelineError
from tui.core.text_fitting import safe_text

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "app_command", "check_port", "serve"]

DEFAULT_HOST = "localhost"
"""Only this machine can connect unless the user names another address."""
DEFAULT_PORT = 8000
"""textual-serve's own default port."""


def app_command(events_path: Path, seeds_dir: Path, *, no_cache: bool) -> str:
    """The shell command each browser session runs: this interpreter, this corpus.

    Args:
        events_path: the events file to show.
        seeds_dir: its articles.
        no_cache: pass --no-cache on.

    Returns:
        A command line, quoted for the shell textual-serve starts it with.
    """
    words = [sys.executable, "-m", "tui", "--events", str(events_path.absolute())]
    words += ["--seeds", str(seeds_dir.absolute())]
    if no_cache:
        words.append("--no-cache")
    return shlex.join([*words, "tui"])


def check_port(host: str, port: int) -> None:
    """Make sure the server can listen on `host`:`port`, before it prints that it does.

    Raises:
        TimelineError: the port is taken, the address is not this machine's, or the name
            does not resolve.
    """
    where = f"{safe_text(host)}:{port}"
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        raise TimelineError(f"hk-timeline serve: cannot resolve host {where}: {error}") from None
    for family, kind, proto, _name, address in addresses:
        try:
            with socket.socket(family, kind, proto) as probe:
                # As the server does: a port in TIME_WAIT after a previous run is free.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise TimelineError(
                    f"hk-timeline serve: port {port} on {safe_text(host)} is already in use; "
                    f"choose another with --port N"
                ) from None
            if error.errno == errno.EAFNOSUPPORT:
                continue  # e.g. IPv6 turned off: the server skips that address as well
            raise TimelineError(
                f"hk-timeline serve: cannot listen on {where}: {error.strerror or error}"
            ) from None


def serve(events_path: Path, seeds_dir: Path, *, host: str, port: int, no_cache: bool) -> int:
    """Serve the timeline to browsers at http://`host`:`port` until Ctrl+C.

    Each browser tab runs its own app in a subprocess, on the same corpus.

    Returns:
        0 once stopped.

    Raises:
        TimelineError: the port cannot be listened on.
    """
    check_port(host, port)
    from textual_serve.server import Server

    url = f"http://{host}:{port}" if ":" not in host else f"http://[{host}]:{port}"
    if host in ("localhost", "127.0.0.1", "::1"):
        reach = "only this machine can connect (use --host 0.0.0.0 to share it on the network)"
    else:
        reach = f"anyone who can reach {safe_text(host)} can connect and edit the events file"
    print(f"hk-timeline: serving the timeline at {url}", flush=True)
    print(f"hk-timeline: {reach}; Ctrl+C stops it", flush=True)
    server = Server(
        app_command(events_path, seeds_dir, no_cache=no_cache),
        host=host,
        port=port,
        title="HK FinTech Timeline",
        public_url=url,
    )
    try:
        server.serve()
    except OSError as error:  # lost a race for the port after the check
        raise TimelineError(f"hk-timeline serve: cannot listen on {url}: {error}") from None
    return 0
