"""The feed server: a Starlette ASGI app, run by uvicorn.

Routes:

- ``GET|HEAD /feeds/<token>.ics``: an athlete's strength calendar. ``text/calendar``, a strong
  ETag (the body's digest) and Last-Modified (when the bytes last changed), 304 replies to
  If-None-Match / If-Modified-Since, ``Cache-Control: private, max-age=N``.
- ``GET|HEAD /feeds/<token>.html``, ``/feeds/<token>/subscribe.html``,
  ``/feeds/<token>/fit/<session>.fit``: the plan page, the subscribe page and the watch
  workouts (:mod:`optimizer.server.pages`), behind the same token, rate limits and
  conditional requests as the feed.
- ``GET /healthz``: JSON per athlete (ok / stale / error, last success, last error, sessions,
  the feed's size with a warning as it nears the 1 MB Google Calendar reads); never a token
  nor a source URL.
- ``POST /admin/refresh``: poll now and wait for the round; only when ``admin_token`` is set,
  only from loopback, only with ``Authorization: Bearer <admin_token>``. Otherwise 404.

Feed URLs are capability URLs. The token is checked against the stored SHA-256 digests with
:func:`hmac.compare_digest`, every digest every time (no early exit), so timing tells nothing.
A wrong, revoked or malformed token, a path trick (``..``, ``%2F``, ``%2e%2e``, anything but
``/feeds/`` + 43 URL-safe characters + one of the names above in the raw request path) or an
unknown path gets
404 with an empty body; the token only ever selects a database row, never a file.

Rate limits are token buckets per client address *and feed*: Google Calendar fetches every
subscribed feed from a few shared addresses, so a per-address limit alone would let one busy
feed starve the others. Misses (wrong tokens, unknown paths) share one bucket per address, so
guessing tokens is slow and never touches the real feeds' buckets.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import hashlib
import hmac
import ipaddress
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from optimizer.server.config import ServeConfig
from optimizer.server.pages import CAPABILITY_PATH, Pages
from optimizer.server.poller import Poller
from optimizer.server.store import FeedRecord, Store

log = logging.getLogger("legday.serve")

_FEED_PATH = CAPABILITY_PATH  # the feed, its pages and its watch files share the token rules
MAX_HEADER_BYTES = 16 * 1024  # uvicorn/h11 refuses requests whose head is larger
SECURITY_HEADERS = [
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-robots-tag", b"noindex, nofollow"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


class RateLimiter:
    """Token buckets: ``burst`` requests at once, then ``per_second``; bounded memory.

    Args:
        burst: bucket size.
        per_second: refill rate.
        clock: monotonic seconds (a parameter so the tests can step time).
        max_keys: buckets kept; the least recently used go first (a full bucket is no loss).
    """

    def __init__(
        self,
        burst: float,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.burst = float(burst)
        self.rate = float(per_second)
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[Any, tuple[float, float]] = OrderedDict()

    def take(self, key: Any) -> float:
        """Spend one token: 0.0 if allowed, else the seconds until one is available."""
        now = self.clock()
        tokens, then = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        if tokens >= 1.0:
            wait, tokens = 0.0, tokens - 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait


class _Feeds:
    """The feeds and token digests, reloaded from the store whenever it changed."""

    def __init__(self, config: ServeConfig, store: Store) -> None:
        self.names = {a.name for a in config.athletes}
        self.store = store
        self.version: tuple[int, int] | None = None
        self.tokens: list[tuple[str, bytes]] = []
        self.feeds: dict[str, FeedRecord] = {}

    def refresh(self) -> None:
        version = self.store.version()
        if version != self.version:
            # Only athletes still in the config are served; a removed one's URL goes dark.
            self.tokens = [(a, h) for a, h in self.store.token_hashes() if a in self.names]
            self.feeds = {a: f for a, f in self.store.feeds().items() if a in self.names}
            self.version = version

    def athlete_of(self, token: bytes) -> str | None:
        digest = hashlib.sha256(token).digest()
        found = None
        for athlete, stored in self.tokens:
            # No early exit: every request costs the same whatever it matches.
            if hmac.compare_digest(digest, stored):
                found = athlete
        return found


def _empty(status: int, headers: dict[str, str] | None = None) -> Response:
    headers = {"cache-control": "no-store", **(headers or {})}
    return Response(b"", status_code=status, headers=headers)


def _http_date(ts: int) -> str:
    return email.utils.formatdate(ts, usegmt=True)


def _iso(ts: int | None) -> str | None:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat() if ts is not None else None


def _etag_matches(header: str, etag: str) -> bool:
    # If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ is ignored.
    for part in header.split(","):
        tag = part.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def _not_modified_since(header: str, last_modified: int) -> bool:
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if when.tzinfo is None:
        return False
    return last_modified <= when.timestamp()


def health_report(config: ServeConfig, store: Store, now: float | None = None) -> dict[str, Any]:
    """Each athlete's state: ok, stale (no recent successful check) or error (last one failed)."""
    now = time.time() if now is None else now
    stale_after = max(3 * config.poll_seconds, 60)
    athletes = []
    warnings = []
    for a in config.athletes:
        h = store.health(a.name)
        feed = store.feed(a.name)
        if h.failing:
            state = "error"
        elif h.last_success is None or now - h.last_success > stale_after:
            state = "stale"
        else:
            state = "ok"
        size = len(feed.body) if feed else None
        mine = []
        if size is not None and size >= config.feed_size_warning:
            mine.append(
                f"the feed is {size} bytes; Google Calendar stops reading feeds past about "
                "1 MB (plan fewer weeks, or lower keep_cancelled_days)"
            )
            warnings += [f"{a.name}: {w}" for w in mine]
        athletes.append(
            {
                "name": a.name,
                "state": state,
                "sessions": feed.sessions if feed else None,
                "feed_bytes": size,
                "warnings": mine,
                "feed_updated": _iso(feed.last_modified) if feed else None,
                "last_success": _iso(h.last_success),
                "last_error": h.last_error,
                "last_error_at": _iso(h.last_error_at),
                "feed_revoked": store.revoked(a.name),
            }
        )
    status = "ok" if all(x["state"] == "ok" for x in athletes) else "degraded"
    return {"status": status, "warnings": warnings, "athletes": athletes}


def create_app(
    config: ServeConfig,
    store: Store,
    poller: Poller | None = None,
    *,
    poll: bool = True,
    clock: Callable[[], float] = time.monotonic,
) -> Starlette:
    """The ASGI app.

    Args:
        config: the serve config.
        store: the state (shared with ``poller``).
        poller: re-plans the feeds; None serves what the store holds.
        poll: run ``poller`` in the background every ``poll_seconds`` while the app runs.
        clock: monotonic seconds for the rate limiter.
    """
    feeds = _Feeds(config, store)
    per_second = config.rate_per_minute / 60.0
    feed_limit = RateLimiter(config.rate_burst, per_second, clock=clock)
    miss_limit = RateLimiter(20, 0.5, clock=clock)  # wrong tokens: 20 at once, then one per 2 s
    other_limit = RateLimiter(30, 1.0, clock=clock)  # /healthz, /admin
    cache_control = f"private, max-age={config.max_age}"
    pages = Pages(store, config.public_url)

    def client_of(request: Request) -> str:
        return request.client.host if request.client else "?"

    def refused(limiter: RateLimiter, key: Any) -> Response | None:
        wait = limiter.take(key)
        if wait <= 0:
            return None
        return _empty(429, {"retry-after": str(max(1, math.ceil(wait)))})

    async def feed(request: Request) -> Response:
        ip = client_of(request)
        raw = request.scope.get("raw_path") or request.scope["path"].encode("latin-1")
        m = _FEED_PATH.match(raw)
        athlete = None
        if m:
            feeds.refresh()
            athlete = feeds.athlete_of(m.group(1))
        record = feeds.feeds.get(athlete) if athlete else None
        if m is None or record is None:
            # Unknown, revoked, malformed, or not planned yet: all look the same from outside.
            log.debug("%s %s /feeds/<no match> 404", ip, request.method)
            return refused(miss_limit, ip) or _empty(404)
        fp = hashlib.sha256(m.group(1)).hexdigest()[:8]
        limited = refused(feed_limit, (ip, athlete))
        if limited is not None:
            # debug: a flood must not turn into a flood of log lines
            log.debug("%s %s /feeds/<%s> 429", ip, request.method, fp)
            return limited
        body, etag = record.body, record.etag
        media_type, extra = "text/calendar; charset=utf-8", {}
        what = m.group(2).decode("ascii")
        if what != ".ics":
            base = str(request.base_url).rstrip("/")
            served = await asyncio.to_thread(
                pages.serve, record.athlete, m.group(1).decode("ascii"), what, base
            )
            if served is None:
                log.debug("%s %s /feeds/<%s>%s 404", ip, request.method, fp, what[:16])
                return _empty(404)
            body, etag, media_type, extra = (
                served.body,
                served.etag,
                served.media_type,
                served.headers,
            )
        headers = {
            "etag": etag,
            "last-modified": _http_date(record.last_modified),
            "cache-control": cache_control,
            **extra,
        }
        inm = request.headers.get("if-none-match")
        ims = request.headers.get("if-modified-since")
        if (inm is not None and _etag_matches(inm, etag)) or (
            inm is None and ims is not None and _not_modified_since(ims, record.last_modified)
        ):
            log.debug("%s %s /feeds/<%s> 304", ip, request.method, fp)
            return Response(b"", status_code=304, headers=headers)
        log.debug("%s %s /feeds/<%s> 200", ip, request.method, fp)
        # uvicorn sends the headers (with Content-Length) and drops the body for HEAD.
        return Response(body, media_type=media_type, headers=headers)

    async def healthz(request: Request) -> Response:
        limited = refused(other_limit, client_of(request))
        if limited is not None:
            return limited
        return JSONResponse(health_report(config, store), headers={"cache-control": "no-store"})

    async def refresh(request: Request) -> Response:
        ip = client_of(request)
        limited = refused(other_limit, ip)
        if limited is not None:
            return limited
        if not config.admin_token or poller is None or not _loopback(ip):
            return _empty(404)
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode("utf-8"), config.admin_token.encode("utf-8")):
            return _empty(404)
        results = await poller.poll_all()
        report = health_report(config, store)
        report["poll"] = [
            {"name": r.athlete, "outcome": r.outcome, "message": r.message} for r in results
        ]
        return JSONResponse(report, headers={"cache-control": "no-store"})

    async def not_found(request: Request, exc: Exception) -> Response:
        refusal = refused(miss_limit, client_of(request))
        return refusal or _empty(getattr(exc, "status_code", 404))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        task = asyncio.create_task(poller.run_forever()) if poller and poll else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if poller is not None:
                await poller.aclose()

    app = Starlette(
        routes=[
            Route("/feeds/{rest:path}", feed, methods=["GET", "HEAD"]),
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            Route("/admin/refresh", refresh, methods=["POST"]),
        ],
        exception_handlers={404: not_found, 405: not_found},
        lifespan=lifespan,
    )
    return _SecurityHeaders(app)  # type: ignore[return-value]


class _SecurityHeaders:
    """Adds the security headers to every response, errors included; refuses huge heads.

    h11 refuses a request head that is still incomplete past ``MAX_HEADER_BYTES``, but one
    that arrives whole in a single read (up to the transport's 256 KiB) slips through; this
    closes that gap before any route sees the request.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        size += sum(len(k) + len(v) + 4 for k, v in scope.get("headers", []))
        if size > MAX_HEADER_BYTES:
            await send(
                {
                    "type": "http.response.start",
                    "status": 431,
                    "headers": [
                        (b"content-length", b"0"),
                        (b"connection", b"close"),
                        (b"cache-control", b"no-store"),
                        *SECURITY_HEADERS,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def uvicorn_config(app: Any, config: ServeConfig, host: str, port: int, **extra: Any):
    """The uvicorn settings legday serves with (the CLI and the tests share them)."""
    import uvicorn

    from optimizer.server.connections import ConnectionGuard, guarded_h11, trusted_proxies

    guard = ConnectionGuard(
        config.header_timeout,
        config.max_connections_per_client,
        trusted_proxies(config.trust_proxy),
    )
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        # h11's limit on the request head is what refuses huge headers; the guard adds a
        # deadline for the head and a cap per client address (optimizer.server.connections).
        http=guarded_h11(guard),
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        lifespan="on",
        access_log=False,  # uvicorn's access log would print the token in every path
        server_header=False,
        proxy_headers=config.trust_proxy,
        forwarded_allow_ips=None,  # uvicorn: $FORWARDED_ALLOW_IPS, else 127.0.0.1 only
        timeout_keep_alive=5,
        limit_concurrency=config.max_connections,
        **extra,
    )
