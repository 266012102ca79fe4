"""Bounded load test of ``legday serve``: many subscribers polling their feeds on loopback.

What it does:

1. Writes a config with ``--athletes`` athletes (each planned from a sample calendar) into a
   temporary folder, issues their tokens, and starts the real server (``legday serve`` in a
   subprocess, uvicorn, 127.0.0.1 only) and waits until every feed is planned.
2. **Subscribers**: ``--concurrency`` clients share ``--requests`` requests over all feeds, the
   way calendar apps poll: most ask conditionally (If-None-Match, answered 304), some fetch the
   whole feed (``--full-share``). Stops at ``--requests`` or ``--seconds``, whichever first.
   The rate limits are raised for this phase: it measures the server, not the limiter.
3. **Flood**: the same server with its default limits (restarted) is hammered on one feed by
   one address, while another feed is fetched alongside; the flood must get 429s and the other
   feed none.

Reports throughput, latency percentiles and status counts, and writes them to
``benchmarks/FEED_LOAD.md``.

Example::

    python -m benchmarks.load_feed --requests 5000 --concurrency 100
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_calendars" / "10k_outlook.ics"
OUT = Path(__file__).resolve().parent / "FEED_LOAD.md"
HOST = "127.0.0.1"  # loopback only, by design: this never targets another machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _write_config(folder: Path, athletes: int, limits: dict[str, int] | None) -> Path:
    runs = folder / "runs.ics"
    runs.write_bytes(SAMPLE.read_bytes())
    lines = ["poll_seconds = 3600", "[server]"]
    for k, v in (limits or {}).items():
        lines.append(f"{k} = {v}")
    for i in range(athletes):
        lines += ["", "[[athlete]]", f'name = "Runner {i:03d}"', 'runs = ["runs.ics"]']
    path = folder / "legday.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tokens(config: Path) -> list[str]:
    from optimizer.server.config import load_serve_config
    from optimizer.server.store import Store

    cfg = load_serve_config(config)
    store = Store(cfg.db_path, cfg.key_path)
    try:
        tokens = []
        for a in cfg.athletes:
            token = store.token(a.name)
            if token is None:  # a new store has no revoked feed
                raise RuntimeError(f"{a.name}: the feed is revoked")
            tokens.append(token)
        return tokens
    finally:
        store.close()


class Server:
    """``legday serve`` in a subprocess on a free loopback port."""

    def __init__(self, config: Path) -> None:
        self.config = config
        self.port = _free_port()
        self.base = f"http://{HOST}:{self.port}"

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "optimizer.cli",
                "serve",
                "--config",
                str(self.config),
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def wait_ready(self, athletes: int, seconds: float = 600) -> float:
        import httpx

        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            try:
                report = httpx.get(f"{self.base}/healthz", timeout=5).json()
                if sum(a["sessions"] is not None for a in report["athletes"]) == athletes:
                    return time.perf_counter() - t0
            except (httpx.TransportError, ValueError):
                pass
            if self.proc.poll() is not None:
                raise SystemExit("legday serve exited early")
            time.sleep(0.25)
        raise SystemExit("the feeds were not planned in time")


class _Conn:
    """One subscriber's keep-alive HTTP/1.1 connection, in plain asyncio streams.

    httpx costs the client several times the server's CPU per request; on a shared machine
    that would measure the client. The server's answers always carry Content-Length.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], int]:
        for attempt in (1, 2):  # the server may close an idle keep-alive connection
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
            assert self.reader is not None  # opened with the writer
            extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{extra}\r\n".encode())
            try:
                await self.writer.drain()
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
                continue
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            fields = {
                k.strip().lower(): v.strip()
                for k, _, v in (x.partition(":") for x in lines[1:] if x)
            }
            size = int(fields.get("content-length", "0"))
            if size:
                await self.reader.readexactly(size)
            if fields.get("connection", "").lower() == "close":
                await self.close()
            return status, fields, size
        raise AssertionError("unreachable")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _subscribers(
    port: int,
    tokens: list[str],
    requests: int,
    concurrency: int,
    seconds: float,
    full_share: float,
    seed: int,
) -> dict:
    rng = random.Random(seed)
    latencies: list[float] = []
    statuses: Counter = Counter()
    sent = 0
    nbytes = 0
    # Prime the ETags the way a subscribed app would have them.
    first = _Conn(port)
    etags = {t: (await first.get(f"/feeds/{t}.ics", {}))[1].get("etag", "") for t in tokens}
    await first.close()
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal sent, nbytes
        conn = _Conn(port)
        while sent < requests and time.perf_counter() < deadline:
            sent += 1
            token = rng.choice(tokens)
            headers = {} if rng.random() < full_share else {"If-None-Match": etags[token]}
            t0 = time.perf_counter()
            try:
                status, _, size = await conn.get(f"/feeds/{token}.ics", headers)
                statuses[status] += 1
                nbytes += size
            except (OSError, asyncio.IncompleteReadError) as exc:
                statuses[type(exc).__name__] += 1
                await conn.close()
            latencies.append(time.perf_counter() - t0)
        await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "statuses": dict(sorted((str(k), v) for k, v in statuses.items())),
        "mbytes": nbytes / 2**20,
    }


async def _flood(port: int, victim: str, other: str, requests: int, concurrency: int) -> dict:
    flood: Counter = Counter()
    calm: Counter = Counter()

    async def hammer(n: int) -> None:
        conn = _Conn(port)
        for _ in range(n):
            status, _, _ = await conn.get(f"/feeds/{victim}.ics", {})
            flood[status] += 1
        await conn.close()

    async def neighbour() -> None:
        conn = _Conn(port)
        for _ in range(20):
            status, _, _ = await conn.get(f"/feeds/{other}.ics", {})
            calm[status] += 1
            await asyncio.sleep(0.05)
        await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(
        neighbour(), *(hammer(requests // concurrency) for _ in range(concurrency))
    )
    return {"flood": dict(flood), "neighbour": dict(calm), "seconds": time.perf_counter() - t0}


def _server_cpu(pid: int) -> float:
    """CPU seconds the server process used so far (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(args: argparse.Namespace) -> dict:
    results: dict = {"args": vars(args), "loadavg": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="legday-load-") as tmp:
        folder = Path(tmp)
        generous = {"rate_burst": 1_000_000_000, "rate_per_minute": 1_000_000_000}
        config = _write_config(folder, args.athletes, generous)
        tokens = _tokens(config)
        with Server(config) as server:
            results["ready_seconds"] = server.wait_ready(args.athletes)
            cpu0 = _server_cpu(server.proc.pid)
            results["load"] = asyncio.run(
                _subscribers(
                    server.port,
                    tokens,
                    args.requests,
                    args.concurrency,
                    args.seconds,
                    args.full_share,
                    args.seed,
                )
            )
            used = _server_cpu(server.proc.pid) - cpu0
            results["load"]["server_cpu_ms"] = used / results["load"]["requests"] * 1000
        config = _write_config(folder, args.athletes, None)  # default limits
        with Server(config) as server:
            server.wait_ready(args.athletes)
            results["flood"] = asyncio.run(
                _flood(server.port, tokens[0], tokens[1], args.flood_requests, 20)
            )
    return results


def report(results: dict) -> str:
    a = results["args"]
    load = results["load"]
    flood = results["flood"]
    lines = [
        "# Feed server load test",
        "",
        "Written by `python -m benchmarks.load_feed` (loopback only; the numbers depend on the",
        "machine and on what else runs on it). The server is the real `legday serve` (uvicorn,",
        "h11) in its own process; the clients are one asyncio process with a keep-alive",
        'connection each, on the same machine, so both share the CPUs. "server CPU" is the',
        "server process's own CPU time per request: the cost that does not depend on the load.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.system()}; load average at the start "
        f"{results['loadavg'][0]:.1f} (other work on the machine shares its CPUs).",
        "",
        "## Subscribers",
        "",
        f"{a['athletes']} feeds, {a['concurrency']} concurrent clients, {a['requests']} requests "
        f"at most within {a['seconds']:.0f} s; {a['full_share']:.0%} full fetches, the rest "
        "conditional (If-None-Match, answered 304). Rate limits raised for this phase.",
        "",
        "| requests | seconds | throughput (req/s) | p50 ms | p90 ms | p99 ms | max ms "
        "| server CPU ms/req | statuses |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {load['requests']} | {load['seconds']:.2f} | {load['throughput']:.0f} | "
        f"{load['p50_ms']:.1f} | {load['p90_ms']:.1f} | {load['p99_ms']:.1f} | "
        f"{load['max_ms']:.1f} | {load['server_cpu_ms']:.2f} | {load['statuses']} |",
        "",
        f"Feeds planned and published {results['ready_seconds']:.1f} s after start; "
        f"{load['mbytes']:.1f} MB served.",
        "",
        "## Flood",
        "",
        f"Default limits (burst 60, then 30 a minute per address and feed). One address sends "
        f"{a['flood_requests']} requests to one feed from 20 connections while a neighbour feed "
        "is fetched 20 times from the same address.",
        "",
        "| flooded feed | neighbour feed | seconds |",
        "|---|---|---:|",
        f"| {flood['flood']} | {flood['neighbour']} | {flood['seconds']:.2f} |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0, help="stop the load phase after")
    parser.add_argument("--full-share", type=float, default=0.2)
    parser.add_argument("--flood-requests", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.athletes < 2 or args.requests < 1 or args.concurrency < 1:
        parser.error("need at least 2 athletes, 1 request and 1 client")
    results = run(args)
    text = report(results)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
