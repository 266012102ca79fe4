"""Feed URLs are capabilities: wrong tokens, path tricks, huge headers and floods are refused,
and none of it harms the other athletes' feeds. Real uvicorn on loopback, raw sockets where an
HTTP client would tidy the request up first.
"""

from __future__ import annotations

import logging
import re
import secrets
import socket

import httpx
import pytest
from click.testing import CliRunner

from optimizer.server.app import RateLimiter
from tests.serve_support import ADMIN_TOKEN, LiveServer, runs_calendar, write_config

ATHLETES = ["Ana", "Ben", "Cy"]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("secure")
    (folder / "runs.ics").write_bytes(runs_calendar(weeks=2))
    config = write_config(
        folder,
        [f'name = "{n}"\nruns = ["runs.ics"]\ntz = "Europe/Berlin"' for n in ATHLETES],
        poll_seconds=3600,
        server={"rate_burst": 8, "rate_per_minute": 1},
    )
    server = LiveServer(config).start()
    report = server.refresh()
    assert all(a["state"] == "ok" for a in report["athletes"])
    yield server
    server.stop()


def raw_request(port: int, head: bytes, read: int = 1 << 20) -> tuple[int | None, dict, bytes]:
    """Send bytes as they are; (status or None if the server hung up, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        try:
            s.sendall(head)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
                if len(data) > read:
                    break
        except (ConnectionResetError, TimeoutError):
            pass
    if not data:
        return None, {}, b""
    top, _, body = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    return status, headers, body


def get_raw(port: int, target: str, extra: str = "") -> tuple[int | None, dict, bytes]:
    head = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n"
    return raw_request(port, head.encode("latin-1"))


def test_wrong_and_malformed_tokens_get_an_empty_404(live):
    token = live.tokens["Ana"]
    targets = [
        f"/feeds/{secrets.token_urlsafe(32)}.ics",  # a well-formed stranger
        f"/feeds/{token[:-1]}A.ics" if token[-1] != "A" else f"/feeds/{token[:-1]}B.ics",
        f"/feeds/{token.upper()}.ics" if token.upper() != token else f"/feeds/{token.lower()}.ics",
        f"/feeds/{token}",
        f"/feeds/{token}.ICS",
        f"/feeds/{token}.ics.ics",
        f"/feeds/{token[:-1]}.ics",
        "/feeds/" + "A" * 4000 + ".ics",  # overlong
        "/feeds/.ics",
        "/feeds/",
    ]
    for target in targets:
        status, headers, body = get_raw(live.port, target)
        assert (status, body) == (404, b""), target
        assert headers["referrer-policy"] == "no-referrer"
    status, _, body = get_raw(live.port, f"/feeds/{token}.ics")
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


def test_path_tricks_never_reach_a_file(live):
    token = live.tokens["Ana"]
    targets = [
        "/feeds/../legday.db",
        "/feeds/../../etc/passwd",
        "/feeds/%2e%2e/legday.db",
        "/feeds/%2E%2E%2Flegday.db",
        "/feeds/..%2Flegday.db",
        "/feeds/%2F..%2F..%2Flegday.key",
        f"/feeds/{token}.ics/../../legday.db",
        f"/feeds/{token}%2Eics",
        f"/feeds/{token}.ics%00",
        f"/feeds/{token}.ics%2F",
        f"/feeds/%2e%2e/feeds/{token}.ics",
        f"//feeds/{token}.ics",
        f"/feeds//{token}.ics",
        f"/./feeds/{token}.ics",
        "/legday.db",
        "/legday.key",
        "/legday.toml",
        "/runs.ics",
    ]
    for target in targets:
        status, _, body = get_raw(live.port, target)
        assert status in (404, 429) and body == b"", target
        assert b"SQLite" not in body and b"BEGIN:VCALENDAR" not in body


def test_huge_headers_are_refused_and_the_feeds_go_on(live):
    big = "X-Padding: " + "a" * 64 * 1024 + "\r\n"
    status, _, body = get_raw(live.port, f"/feeds/{live.tokens['Ben']}.ics", big)
    assert status is None or 400 <= status < 500
    assert b"BEGIN:VCALENDAR" not in body
    many = "".join(f"X-H{i}: {'b' * 100}\r\n" for i in range(400))
    status, _, body = get_raw(live.port, f"/feeds/{live.tokens['Ben']}.ics", many)
    assert status is None or 400 <= status < 500
    huge = "X-Padding: " + "c" * 4 * 1024 * 1024 + "\r\n"  # h11 gives up before the end
    status, _, body = get_raw(live.port, f"/feeds/{live.tokens['Ben']}.ics", huge)
    assert status is None or 400 <= status < 500
    long_target = f"/feeds/{live.tokens['Ben']}.ics?" + "q" * 32 * 1024
    status, _, body = get_raw(live.port, long_target)
    assert status is None or 400 <= status < 500
    assert httpx.get(live.feed_url("Cy"), timeout=30).status_code == 200


def test_a_flood_is_limited_per_feed_and_spares_the_others(live):
    url = live.feed_url("Ana")
    codes = [httpx.get(url, timeout=30).status_code for _ in range(12)]
    assert codes.count(429) >= 4 and codes[0] == 200
    limited = httpx.get(url, timeout=30)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.content == b""
    # Another athlete's feed, from the same address, is untouched.
    assert httpx.get(live.feed_url("Ben"), timeout=30).status_code == 200


def test_guessing_tokens_is_throttled_without_blocking_real_feeds(live):
    with httpx.Client(timeout=30) as client:
        codes = [
            client.get(f"{live.base}/feeds/{secrets.token_urlsafe(32)}.ics").status_code
            for _ in range(40)
        ]
    # The misses of the tests above share this address's bucket: 404s first, if any left.
    assert set(codes) <= {404, 429} and codes[-5:] == [429] * 5
    assert httpx.get(live.feed_url("Cy"), timeout=30).status_code == 200


def test_health_and_admin_reveal_nothing(live):
    health = httpx.get(f"{live.base}/healthz", timeout=30)
    assert health.status_code == 200
    assert [a["name"] for a in health.json()["athletes"]] == ATHLETES
    for token in live.tokens.values():
        assert token not in health.text
    assert "runs.ics" not in health.text
    for auth in ("", "Bearer nope", f"Bearer {ADMIN_TOKEN}x", ADMIN_TOKEN[:-1]):
        r = httpx.post(f"{live.base}/admin/refresh", headers={"Authorization": auth}, timeout=30)
        assert (r.status_code, r.content) == (404, b"")
    # Wrong methods are misses too (429 once this address has missed too often).
    for r in (
        httpx.get(f"{live.base}/admin/refresh", timeout=30),
        httpx.delete(live.feed_url("Cy"), timeout=30),
    ):
        assert r.status_code in (404, 405, 429) and r.content == b""


def test_tokens_never_reach_the_log(live, caplog):
    caplog.set_level(logging.DEBUG, logger="legday.serve")
    httpx.get(live.feed_url("Cy"), timeout=30)
    httpx.get(f"{live.base}/feeds/{secrets.token_urlsafe(32)}.ics", timeout=30)
    live.refresh()
    text = caplog.text
    assert "/feeds/<" in text  # the request was logged, as a fingerprint
    for token in live.tokens.values():
        assert token not in text


@pytest.fixture
def fresh(tmp_path):
    """A server of its own: its miss bucket untouched by the floods above."""
    (tmp_path / "runs.ics").write_bytes(runs_calendar(weeks=2))
    config = write_config(tmp_path, ['name = "Cy"\nruns = ["runs.ics"]'], poll_seconds=3600)
    server = LiveServer(config).start()
    server.refresh()
    yield server
    server.stop()


def test_revoke_and_rotate_take_effect_on_a_running_server(fresh):
    from optimizer.cli.serve import token as token_cli

    live = fresh
    cfg = str(live.config_path)
    old = live.feed_url("Cy")
    assert httpx.get(old, timeout=30).status_code == 200
    result = CliRunner().invoke(token_cli, ["revoke", "Cy", "--config", cfg])
    assert result.exit_code == 0 and "revoked" in result.output
    assert (httpx.get(old, timeout=30).status_code, httpx.get(old).content) == (404, b"")
    shown = CliRunner().invoke(token_cli, ["show", "Cy", "--config", cfg])
    assert shown.exit_code == 2 and "revoked" in shown.output
    rotated = CliRunner().invoke(
        token_cli, ["rotate", "Cy", "--config", cfg, "--port", str(live.port)]
    )
    assert rotated.exit_code == 0
    new = rotated.output.splitlines()[0]
    assert re.fullmatch(rf"http://127\.0\.0\.1:{live.port}/feeds/[A-Za-z0-9_-]{{43}}\.ics", new)
    assert new != old
    assert httpx.get(new, timeout=30).status_code == 200
    assert httpx.get(old, timeout=30).status_code == 404


def test_rate_limiter_buckets():
    now = [0.0]
    limiter = RateLimiter(3, 0.5, clock=lambda: now[0], max_keys=2)
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a") == pytest.approx(2.0)  # one token takes 2 s at 0.5/s
    assert limiter.take("b") == 0.0  # its own bucket
    now[0] += 2.0
    assert limiter.take("a") == 0.0
    limiter.take("c")  # a third key evicts the least recently used
    assert len(limiter._buckets) == 2
