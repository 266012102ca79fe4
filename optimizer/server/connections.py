"""The feed server's connections: a deadline for each request head and a cap per client.

uvicorn counts every open connection against ``limit_concurrency`` and answers 503 to
everyone once it is reached, and it starts no timer on a connection until a response has been
sent: about 2,000 idle TCP connections from one client, sending nothing, shut every other
client out for as long as they were held. Two guards, in uvicorn's own h11 protocol (the one
legday serves with):

- **head deadline**: a connection must deliver a complete request head within
  ``header_timeout`` seconds of opening, and again of each response (a keep-alive connection
  waiting for its next request, a body that trickles in); otherwise it is closed. Bytes that
  trickle in without completing a head (slowloris) do not move the deadline.
- **per-client cap**: at most ``max_connections_per_client`` connections at once from one
  address; one more is answered ``503`` with ``Retry-After`` and closed at once, before it
  counts against anyone else. Behind a trusted reverse proxy (``trust_proxy``) the proxy's
  own connections are not capped (it carries everyone's); the proxy limits its clients.

:class:`ListeningServer` also records the address the server really listens on (after
``--port 0`` or a ``--port`` given on the command line), so ``legday token show`` prints
URLs with the right port.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 5.0
MAX_CONNECTIONS = 2000
MAX_PER_CLIENT = 50
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"content-length: 0\r\n"
    b"retry-after: 5\r\n"
    b"cache-control: no-store\r\n"
    b"connection: close\r\n\r\n"
)


class ConnectionGuard:
    """Open connections per client address, for one server (used in its event loop only).

    Args:
        header_timeout: seconds a connection has to deliver a complete request head.
        per_client: connections one address may hold at once.
        exempt: addresses not capped (a trusted reverse proxy).
    """

    def __init__(
        self, header_timeout: float, per_client: int, exempt: frozenset[str] = frozenset()
    ) -> None:
        self.header_timeout = header_timeout
        self.per_client = per_client
        self.exempt = exempt
        self.open: Counter[str] = Counter()

    def admit(self, host: str) -> bool:
        """Count a new connection from ``host``; False if that address holds too many."""
        if host not in self.exempt and self.open[host] >= self.per_client:
            return False
        self.open[host] += 1
        return True

    def release(self, host: str) -> None:
        self.open[host] -= 1
        if self.open[host] <= 0:
            del self.open[host]


def trusted_proxies(trust_proxy: bool) -> frozenset[str]:
    """The addresses uvicorn trusts as proxies when ``trust_proxy`` is on (else none)."""
    if not trust_proxy:
        return frozenset()
    allowed = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
    return frozenset(a.strip() for a in allowed.split(",") if a.strip()) | {"127.0.0.1", "::1"}


def guarded_h11(guard: ConnectionGuard) -> type[H11Protocol]:
    """uvicorn's h11 protocol with ``guard``'s head deadline and per-client cap."""

    class GuardedH11(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None
        _host: str | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            host = self.client[0] if self.client else "?"
            if not guard.admit(host):
                with contextlib.suppress(Exception):
                    transport.write(_BUSY)
                transport.close()
                return
            self._host = host
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._host is not None:
                guard.release(self._host)
                self._host = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._host is None:
                return  # refused: closing
            before = self.cycle
            super().data_received(data)
            if self.cycle is not before:
                self._disarm()  # a complete head arrived: the request runs

        def on_response_complete(self) -> None:
            super().on_response_complete()
            # Waiting for the next head (or the rest of a body): the deadline runs again.
            if not self.transport.is_closing() and (
                self.cycle is None or self.cycle.response_complete
            ):
                self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(guard.header_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _too_slow(self) -> None:
            self._head_timer = None
            if self.cycle is not None and not self.cycle.response_complete:
                return  # a request is being answered
            if not self.transport.is_closing():
                self.transport.close()

    return GuardedH11


class ListeningServer(uvicorn.Server):
    """A uvicorn server that reports where it really listens once its sockets are bound.

    Args:
        config: uvicorn's config.
        on_listen: called with (host, port) of the first socket after startup.
    """

    def __init__(
        self, config: uvicorn.Config, on_listen: Callable[[str, int], None] | None = None
    ) -> None:
        super().__init__(config)
        self.on_listen = on_listen

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets=sockets)
        if self.on_listen is None or not self.servers:
            return
        for server in self.servers:
            for sock in server.sockets:
                host, port = sock.getsockname()[:2]
                self.on_listen(str(host), int(port))
                return
