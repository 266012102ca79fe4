"""One client cannot shut the feed server out (issue 12, item 2): real uvicorn on loopback,
raw sockets from one address, a real client from another (127.0.0.2: all of 127/8 is
loopback on Linux)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.serve_support import LiveServer, runs_calendar, write_config

IDLE = 2100  # more than uvicorn's limit_concurrency (2000): every other client got 503
HEADER_TIMEOUT, PER_CLIENT = 5, 50  # the defaults of [server] header_timeout and
# max_connections_per_client


def _get_from(port: int, source: str, target: str) -> int | None:
    """GET target from the address ``source``: the status, or None if refused."""
    try:
        with socket.create_connection(("127.0.0.1", port), 10, (source, 0)) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(65536)
    except OSError:
        return None
    m = re.match(rb"HTTP/1\.1 (\d{3})", head)
    return int(m[1]) if m else None


def _closed_by_server(sock: socket.socket) -> bool:
    sock.settimeout(0)
    try:
        data = sock.recv(4096)
    except BlockingIOError:
        return False  # still open, nothing to read
    except OSError:
        return True  # reset
    return data == b"" or data.startswith(b"HTTP/1.1 503")


@pytest.fixture
def live(tmp_path):
    (tmp_path / "runs.ics").write_bytes(runs_calendar(weeks=2))
    config = write_config(tmp_path, ['name = "Ana"\nruns = ["runs.ics"]'], poll_seconds=3600)
    server = LiveServer(config).start()
    server.refresh()
    yield server
    server.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="127.0.0.2 is loopback on Linux")
def test_idle_connections_from_one_client_do_not_shut_out_the_others(live):
    """About 2,000 idle TCP connections (sending nothing) made every other client get 503
    for as long as they were held. One address may hold only a few: the rest are refused at
    once; those it holds are closed when no request head came within header_timeout (5 s);
    another client is served all along."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 3 * IDLE:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 3 * IDLE + 1000), hard))
    feed = f"/feeds/{live.tokens['Ana']}.ics"
    idle = []
    try:
        for _ in range(IDLE):
            try:
                idle.append(socket.create_connection(("127.0.0.1", live.port), 10))
            except OSError:
                break  # the server may refuse some outright: that is fine too
        time.sleep(0.5)
        assert _get_from(live.port, "127.0.0.2", feed) == 200
        assert _get_from(live.port, "127.0.0.2", "/healthz") == 200
        refused = sum(_closed_by_server(s) for s in idle)
        assert refused >= len(idle) - PER_CLIENT
        deadline = time.monotonic() + HEADER_TIMEOUT + 5
        while not all(_closed_by_server(s) for s in idle):
            assert time.monotonic() < deadline, "idle connections were never closed"
            time.sleep(0.2)
        assert _get_from(live.port, "127.0.0.1", feed) == 200  # the address is welcome again
    finally:
        for s in idle:
            s.close()


def test_a_head_that_trickles_in_is_cut_off(live):
    """A slow client (slowloris) sending a header line now and then never completes its
    request head: it is closed after header_timeout, whatever it keeps sending."""
    with socket.create_connection(("127.0.0.1", live.port), 10) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        begun = time.monotonic()
        closed = False
        while time.monotonic() - begun < HEADER_TIMEOUT + 5:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            if _closed_by_server(s):
                closed = True
                break
            s.settimeout(None)
            time.sleep(0.5)
        assert closed, "a request head that never ends kept its connection"
        assert time.monotonic() - begun >= HEADER_TIMEOUT - 0.5
    # A keep-alive client that asks, gets its answer, and asks again is not cut off.
    with httpx.Client(base_url=live.base, timeout=30) as client:
        for _ in range(3):
            assert client.get("/healthz").status_code == 200


def test_token_show_prints_the_port_the_server_really_uses(tmp_path):
    """Issue 12, item 9: `legday token show` printed port 8080 whatever port the server used.
    `legday serve --port 0` gets a free port; its links and `token show` both name it."""
    (tmp_path / "runs.ics").write_bytes(runs_calendar(weeks=2))
    config = write_config(tmp_path, ['name = "Ana"\nruns = ["runs.ics"]'], poll_seconds=3600)
    cli = [sys.executable, "-m", "optimizer.cli"]
    proc = subprocess.Popen(
        [*cli, "serve", "--config", str(config), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().decode().strip() == "Ana"
        url = proc.stdout.readline().decode().split()[-1]
        port = int(re.fullmatch(r"http://127\.0\.0\.1:(\d+)/feeds/\S+\.ics", url)[1])
        assert port not in (0, 8080)
        shown = subprocess.run(
            [*cli, "token", "show", "Ana", "--config", str(config)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert shown.stdout.splitlines()[0] == url
        deadline = time.monotonic() + 60
        while httpx.get(url, timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "the feed was never published"
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert proc.returncode == 0
