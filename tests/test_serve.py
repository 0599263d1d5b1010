"""`hk-timeline serve`: the page and its WebSocket over real HTTP, a busy port refused."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT
from tui.serve import app_command

MINI_ARGS = ("--events", str(MINI / "events.toml"), "--seeds", str(MINI / "seeds"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", *MINI_ARGS, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop(server: subprocess.Popen[str]) -> str:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    output, _ = server.communicate(timeout=30)
    return output


def test_busy_port_is_refused_with_a_clear_message_and_status_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [sys.executable, "-m", "tui", "serve", *MINI_ARGS, "--host", "127.0.0.1",
             "--port", str(port)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )
    assert completed.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use; choose another with --port N" in (
        completed.stderr
    )
    assert "Traceback" not in completed.stderr
    assert "serving" not in completed.stdout


@pytest.mark.parametrize("port", ["0", "70000", "eighty"])
def test_bad_port_is_a_usage_error(port: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "tui", "serve", *MINI_ARGS, "--port", port],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 2
    assert "is not a port number (1-65535)" in completed.stderr


def test_the_command_each_browser_runs_opens_the_same_corpus() -> None:
    command = app_command(Path("ev ents.toml"), Path("seeds"), no_cache=True)
    assert command.startswith(f"{sys.executable} -m tui --events ")
    assert "'" + str(Path("ev ents.toml").absolute()) + "'" in command
    assert command.endswith(" --no-cache tui")


def test_serve_answers_http_and_the_websocket_handshake() -> None:
    pytest.importorskip("textual_serve")
    import aiohttp

    port = free_port()
    server = start("--port", str(port))
    url = f"http://localhost:{port}"

    async def visit() -> tuple[str, bytes]:
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 60
            while True:
                try:
                    async with session.get(url + "/") as response:
                        page = await response.text()
                        break
                except aiohttp.ClientConnectionError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    await asyncio.sleep(0.2)
            # ws_connect raises unless the server answers 101 Switching Protocols.
            async with session.ws_connect(url + "/ws") as websocket:
                await websocket.send_json(["resize", {"width": 100, "height": 30}])
                # The app's first screen arrives as terminal output over the socket.
                first = await websocket.receive(timeout=60)
                drawn = first.data if isinstance(first.data, bytes) else str(first.data).encode()
                return page, drawn

    try:
        page, drawn = asyncio.run(visit())
    finally:
        output = stop(server)
    assert f"ws://localhost:{port}/ws" in page
    assert "HK FinTech Timeline" in page
    assert drawn
    assert f"serving the timeline at http://localhost:{port}" in output
    assert "only this machine can connect" in output
