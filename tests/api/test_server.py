"""The real HTTP server (uvicorn with sitrep's limits): slow clients are cut off, a client
that leaves stops its work, and SIGTERM stops the server even with requests in flight."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitrep.api import create_app
from sitrep.api.server import ServerLimits, uvicorn_options
from tests.sample import SampleGazetteer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(db_url: str, gazetteer: SampleGazetteer) -> Iterator[tuple[int, Any]]:
    """uvicorn in a thread with short limits: headers 1 s, body 1 s, keep-alive 1 s."""
    import uvicorn

    app = create_app(db_url, gazetteer=gazetteer, allowed_hosts=["localhost", "127.0.0.1"], body_timeout=1.0)
    port = _free_port()
    limits = ServerLimits(header_timeout=1.0, body_timeout=1.0, keep_alive=1, limit_concurrency=50)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", **uvicorn_options(limits))
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield port, app
    srv.should_exit = True
    thread.join(10)


def _read_until_closed(sock: socket.socket, limit: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and when it closed."""
    began = time.monotonic()
    sock.settimeout(limit)
    data = b""
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            data += chunk
    return data, time.monotonic() - began


def test_slow_headers_are_cut_off(server: tuple[int, Any]) -> None:
    port, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        began = time.monotonic()
        sock.sendall(b"GET /api/meta HTTP/1.1\r\nHost: localhost\r\n")
        answer = None
        for _ in range(40):  # one header byte every 0.2 s: the headers would take 8 s
            try:
                sock.sendall(b"X")
            except OSError:
                answer = b""
                break
            time.sleep(0.2)
            sock.setblocking(False)
            try:
                answer = sock.recv(1024)  # b"" (closed) or the 408
                break
            except BlockingIOError:
                pass
            finally:
                sock.setblocking(True)
        elapsed = time.monotonic() - began
    assert answer is not None and elapsed < 5  # limit 1 s; measured ~1.0 s
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408")


def test_idle_and_slow_body_connections_are_closed(server: tuple[int, Any]) -> None:
    port, _ = server
    with socket.create_connection(("127.0.0.1", port)) as sock:  # says nothing
        data, waited = _read_until_closed(sock, 10)
    assert waited < 5 and b"408" in data
    with socket.create_connection(("127.0.0.1", port)) as sock:  # a body that never comes
        sock.sendall(
            b"POST /api/extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        data, waited = _read_until_closed(sock, 10)
    assert waited < 5
    # write endpoints are off on this server: 403 before the body is read, or 408 reading it
    assert data.startswith((b"HTTP/1.1 403", b"HTTP/1.1 408"))
    with socket.create_connection(("127.0.0.1", port)) as sock:  # a wrong Host on the real server
        sock.sendall(b"GET /api/meta HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n")
        data, _ = _read_until_closed(sock, 10)
    assert data.startswith(b"HTTP/1.1 400") and b"host not allowed" in data
    assert b"x-frame-options: DENY" in data.lower().replace(b"deny", b"DENY")


def test_series_stops_when_the_client_leaves(server: tuple[int, Any]) -> None:
    port, app = server
    ctx = app.state.ctx
    chunks: list[dt.date] = []
    real = ctx.control_series

    def slow(start: dt.date, end: dt.date) -> Any:
        chunks.append(start)
        time.sleep(0.2)
        return real(start, end)

    ctx.control_series = slow
    with socket.create_connection(("127.0.0.1", port)) as sock:  # 1096 days = 36 chunks = 7 s
        sock.sendall(
            b"GET /api/control/series?start=2019-01-01&end=2021-12-31 HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        time.sleep(0.7)
    time.sleep(1.5)
    done = len(chunks)
    time.sleep(1.0)
    assert len(chunks) == done  # stopped
    assert done < 12  # measured: 4 or 5 of 36


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    with contextlib.suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_sigterm_stops_the_server_with_a_request_in_flight(db_url: str, tmp_path: Path) -> None:
    port = _free_port()
    code = "import sys; from sitrep.cli import main; sys.argv[0] = 'sitrep'; main()"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "serve",
            "--db",
            db_url,
            "--port",
            str(port),
            "--body-timeout",
            "120",
            "--token",
            "x",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        with socket.create_connection(("127.0.0.1", port)) as sock:  # in flight: a body still coming
            sock.sendall(
                b"POST /api/articles HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                b"Authorization: Bearer x\r\nContent-Length: 1000\r\n\r\nabc"
            )
            time.sleep(0.3)
            children = _children(proc.pid)  # the extraction child (and multiprocessing's helper)
            assert children
            began = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=30)
            stopped = time.monotonic() - began
        assert rc in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once it has shut down
        deadline = time.monotonic() + 10
        while [p for p in children if Path(f"/proc/{p}").exists()] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in children if _alive(p)], "children left behind"
        assert stopped < 10  # graceful shutdown limit 5 s; measured ~5 s (before: until the body timed out)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
