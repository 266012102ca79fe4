"""Poll each athlete's sources and re-plan when they change.

- URLs (http, https; webcal is https) are fetched with conditional requests (If-None-Match /
  If-Modified-Since), at most :data:`MAX_SOURCE_BYTES`, within :data:`FETCH_SECONDS`, following
  at most :data:`MAX_REDIRECTS` redirects and only to http(s) (never file:// or another scheme).
- Local files are re-read only when their mtime or size moved, and count as changed only when
  their SHA-256 did. A symlink, a FIFO, a device or a folder is refused: the server reads
  regular files only, never what a link points at.
- Validators are kept only when they can be trusted: a Last-Modified less than a minute
  before the response's Date (or a file's mtime that recent when it was read) may hide a
  second write within the same second, so the next poll reads the source in full (RFC 9110
  8.8.2.2 counts such a Last-Modified as weak).
- A source's bytes and validators are stored only once a feed was built from them (or they
  are the bytes the published feed was built from): what did not parse as a calendar (a file
  caught mid-write, an error page, something that is no calendar at all) never lands in the
  database, and its validators never make the next poll skip the complete file.
- An athlete is re-planned when the digest of their options and source contents differs from
  the one the published feed was built from. Re-plans run in worker processes, one per core
  (:func:`optimizer.squad.pool.shared_pool`, the squad's batch path): when many sources change
  together (or at a cold start) they are re-planned in parallel, and the event loop keeps
  serving the feeds.
- Whatever goes wrong (a source down, garbage, an infeasible plan) is logged and recorded in
  the health table; the last good feed stays published. A failed input is not re-planned
  again until it changes.

Messages never contain a source URL's path or query (training apps put their own tokens
there), nor any feed token.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import functools
import hashlib
import logging
import os
import stat
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from optimizer.domain import InputError
from optimizer.render.view import readable
from optimizer.server.config import Athlete, ServeConfig, Source, redact_url
from optimizer.server.feed import Built, PlanError, SourceData, build_feed
from optimizer.server.store import FeedRecord, SourceRecord, Store
from optimizer.squad.pool import WorkerPool, shared_pool

log = logging.getLogger("legday.serve")

MAX_SOURCE_BYTES = 32 * 1024 * 1024
MAX_REDIRECTS = 3
FETCH_SECONDS = 30.0
USER_AGENT = "legday-feed/0.1"
_REDIRECTS = {301, 302, 303, 307, 308}


class SourceError(Exception):
    """A source could not be read (one line, safe to show in /healthz)."""


@dataclass(frozen=True)
class PollResult:
    """What one poll of one athlete did: unchanged, updated or error, and a line about it."""

    athlete: str
    outcome: str
    message: str = ""


def source_label(athlete: Athlete, source: Source) -> str:
    """'runs 1 (http://host/...)': which source, without its secret parts."""
    kind, items = ("runs", athlete.runs) if source in athlete.runs else ("busy", athlete.busy)
    return f"{kind} {items.index(source) + 1} ({source.label})"


async def fetch_url(
    client: httpx.AsyncClient,
    url: str,
    label: str,
    previous: SourceRecord | None,
    now: int,
    key: str,
) -> SourceRecord:
    """Fetch a calendar URL, conditionally when it was fetched before.

    Returns:
        ``previous`` itself when the server answered 304, else a new record.

    Raises:
        SourceError: unreachable, an HTTP error, too big, too slow, or a bad redirect.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if previous is not None:
        if previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified
    try:
        async with asyncio.timeout(FETCH_SECONDS):
            return await _fetch(client, url, label, headers, previous, now, key)
    except TimeoutError:
        raise SourceError(f"{label}: timed out after {FETCH_SECONDS:.0f} s") from None
    except httpx.TimeoutException:
        raise SourceError(f"{label}: timed out") from None
    except httpx.ConnectError:
        raise SourceError(f"{label}: cannot connect") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        # httpx messages may quote the URL; the class name says enough.
        raise SourceError(f"{label}: download failed ({type(exc).__name__})") from None


async def _fetch(
    client: httpx.AsyncClient,
    url: str,
    label: str,
    headers: dict[str, str],
    previous: SourceRecord | None,
    now: int,
    key: str,
) -> SourceRecord:
    for _ in range(MAX_REDIRECTS + 1):
        async with client.stream("GET", url, headers=headers) as resp:
            if resp.status_code in _REDIRECTS:
                url = _redirect(url, resp.headers.get("location"), label)
                continue
            if resp.status_code == 304 and previous is not None:
                return previous
            if resp.status_code != 200:
                raise SourceError(f"{label}: the server answered HTTP {resp.status_code}")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_SOURCE_BYTES:
                raise SourceError(f"{label}: too big ({int(declared)} bytes)")
            chunks, size = [], 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > MAX_SOURCE_BYTES:
                    raise SourceError(f"{label}: too big (over {MAX_SOURCE_BYTES} bytes)")
                chunks.append(chunk)
            body = b"".join(chunks)
            return SourceRecord(
                source=key,
                etag=resp.headers.get("etag"),
                last_modified=_strong_last_modified(resp.headers),
                mtime_ns=None,
                size=len(body),
                sha256=hashlib.sha256(body).hexdigest(),
                body=body,
                fetched=now,
            )
    raise SourceError(f"{label}: more than {MAX_REDIRECTS} redirects")


STRONG_AFTER_SECONDS = 60  # RFC 9110 8.8.2.2: Last-Modified this long before Date is strong


def _strong_last_modified(headers: httpx.Headers) -> str | None:
    """The response's Last-Modified if it can be trusted as a validator, else None.

    A file written twice within one second keeps one Last-Modified (a plain web server gives
    it in whole seconds); a fetch between the two writes would otherwise make every later
    If-Modified-Since get 304 and the second write would never be read. RFC 9110 counts a
    Last-Modified as strong only at least 60 seconds before the response's Date.
    """
    value = headers.get("last-modified")
    if not value:
        return None
    try:
        modified = email.utils.parsedate_to_datetime(value)
        sent = email.utils.parsedate_to_datetime(headers.get("date", ""))
    except (TypeError, ValueError, IndexError):
        return None
    if modified.tzinfo is None or sent.tzinfo is None:
        return None
    if (sent - modified).total_seconds() < STRONG_AFTER_SECONDS:
        return None
    return value


def _redirect(url: str, location: str | None, label: str) -> str:
    if not location:
        raise SourceError(f"{label}: a redirect without a Location")
    try:
        target = urllib.parse.urljoin(url, location.strip())
        scheme = urllib.parse.urlsplit(target).scheme.lower()
    except ValueError:
        raise SourceError(f"{label}: redirected to an unreadable address") from None
    if scheme in ("webcal", "webcals"):
        target = "https" + target[len(scheme) :]
    elif scheme not in ("http", "https"):
        # Never let a remote server point us at file://, ftp:// or anything else.
        raise SourceError(f"{label}: redirected to a {scheme or 'relative'}: address; refused")
    log.info("%s: redirected to %s", label, redact_url(target))
    return target


def read_path(source: Source, label: str, previous: SourceRecord | None, now: int) -> SourceRecord:
    """Read a local calendar if its mtime or size moved; ``previous`` itself if not.

    Only a regular file is read, and never through a symlink (``O_NOFOLLOW``): a source
    replaced by a link to ``legday.key`` or ``/etc/passwd`` is refused, as are FIFOs (which
    would block the read), devices and folders.

    Raises:
        SourceError: missing, a symlink or no regular file, unreadable, or too big.
    """
    assert source.path is not None
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(source.path, flags)
    except FileNotFoundError:
        raise SourceError(f"{label}: no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            why = "is a symbolic link; refused (name the file itself)"
            raise SourceError(f"{label}: {why}") from None
        raise SourceError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise SourceError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise SourceError(f"{label}: not a regular file; refused")
    with os.fdopen(fd, "rb") as fh:
        try:
            if previous is not None and (previous.mtime_ns, previous.size) == (
                st.st_mtime_ns,
                st.st_size,
            ):
                return previous
            if st.st_size > MAX_SOURCE_BYTES:
                raise SourceError(f"{label}: too big ({st.st_size} bytes)")
            body = fh.read(MAX_SOURCE_BYTES + 1)
        except OSError as exc:
            raise SourceError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    if len(body) > MAX_SOURCE_BYTES:
        raise SourceError(f"{label}: too big")
    # A file modified this recently may be written again within the same clock tick (mtime
    # and size unchanged): do not trust them, read it again next time.
    fresh = now - st.st_mtime_ns / 1e9 < 2
    return SourceRecord(
        source=source.key,
        etag=None,
        last_modified=None,
        mtime_ns=None if fresh else st.st_mtime_ns,
        size=st.st_size,
        sha256=hashlib.sha256(body).hexdigest(),
        body=body,
        fetched=now,
    )


class Poller:
    """Polls every athlete of a config and keeps their feeds in the store.

    Args:
        config: the serve config.
        store: the state.
        settings: solver settings for the re-plans (default: legday's).
        client: an httpx client to fetch with (default: one made here, closed by ``aclose``).
        clock: epoch seconds (a parameter so the tests can step time).
        pool: the worker processes that re-plan (default: the process's shared pool).
    """

    def __init__(
        self,
        config: ServeConfig,
        store: Store,
        *,
        settings=None,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
        pool: WorkerPool | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.store = store
        self.settings = settings
        self._client = client
        self._own_client = client is None
        self._round = asyncio.Lock()
        self._pool = pool or shared_pool()

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                follow_redirects=False,  # followed by hand: count them, refuse odd schemes
                timeout=httpx.Timeout(10.0, read=20.0),
                limits=httpx.Limits(max_connections=20),
            )
        return self._client

    async def aclose(self) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def poll_all(self) -> list[PollResult]:
        """One round over every athlete (rounds never overlap)."""
        async with self._round:
            return list(await asyncio.gather(*(self.poll(a) for a in self.config.athletes)))

    async def run_forever(self) -> None:
        """Poll now, then every ``poll_seconds``, until cancelled."""
        while True:
            try:
                await self.poll_all()
            except Exception:  # noqa: BLE001 - a bug in one round must not stop the feeds
                log.exception("poll round failed")
            await asyncio.sleep(self.config.poll_seconds)

    async def poll(self, athlete: Athlete) -> PollResult:
        """Read an athlete's sources and re-plan if they changed. Never raises for bad input."""
        now = int(self.clock())
        name = athlete.name
        try:
            read = await asyncio.gather(*(self._read(athlete, s, now) for s in athlete.sources))
        except SourceError as exc:
            return self._failed(name, str(exc), now)
        except Exception:  # noqa: BLE001 - a bug must not take the other feeds down
            log.exception("%s: reading the sources crashed", name)
            return self._failed(name, "internal error while reading the sources (see the log)", now)
        records = [record for record, _ in read]
        inputs = _digest(athlete, records)
        feed = self.store.feed(name)
        # A published cancellation past its time also needs a new feed (one without it); a
        # feed published before the pages existed has no view yet, and one published by an
        # older legday has a view this one cannot read: plan it once more.
        due = feed is not None and feed.next_expiry is not None and now >= feed.next_expiry
        if (
            feed is not None
            and feed.inputs == inputs
            and not due
            and readable(self.store.view(name))
        ):
            self._keep_sources(name, read)  # the bytes the feed was built from (new validators)
            self.store.record_success(name, now)
            return PollResult(name, "unchanged")
        health = self.store.health(name)
        if health.failed_inputs == inputs:
            # Same input as the last failure: failing again would only burn CPU.
            return self._failed(
                name, health.last_error or "unchanged failing input", now, inputs=inputs, quiet=True
            )
        runs, busy = _source_data(athlete, records)
        previous = self.store.entries(name)
        try:
            built = await asyncio.wrap_future(
                self._pool.submit(
                    functools.partial(
                        build_feed,
                        runs,
                        busy,
                        athlete.options,
                        previous,
                        settings=self.settings,
                        now=now,
                        keep_cancelled_days=self.config.keep_cancelled_days,
                    )
                )
            )
        except (InputError, PlanError) as exc:
            return self._failed(name, str(exc), now, inputs=inputs)
        except Exception:  # noqa: BLE001 - a bug must not take the other feeds down
            log.exception("%s: re-plan crashed", name)
            return self._failed(
                name, "internal error while planning (see the server log)", now, inputs=inputs
            )
        return self._publish(name, built, read, inputs, now, feed)

    def _publish(
        self,
        name: str,
        built: Built,
        read: list[tuple[SourceRecord, bool]],
        inputs: str,
        now: int,
        feed: FeedRecord | None,
    ) -> PollResult:
        """Store the new feed and the sources it was built from; say what changed."""
        for w in built.warnings:
            log.info("%s: %s", name, w)
        self._keep_sources(name, read)
        record = self.store.save_plan(
            name,
            built.body,
            built.entries,
            inputs=inputs,
            sessions=built.sessions,
            now=now,
            view=built.view,
            next_expiry=built.next_expiry,
        )
        changed = feed is None or feed.etag != record.etag
        message = (
            f"{built.sessions} sessions; {built.kept} kept, {built.moved} moved, "
            f"{built.added} added, {built.dropped} cancelled"
        )
        log.info("%s: feed %s (%s)", name, "updated" if changed else "unchanged", message)
        return PollResult(name, "updated" if changed else "unchanged", message)

    async def _read(self, athlete: Athlete, source: Source, now: int) -> tuple[SourceRecord, bool]:
        """The source's record, and whether it is new (not the stored one)."""
        label = source_label(athlete, source)
        previous = self.store.source(athlete.name, source.key)
        if source.url:
            record = await fetch_url(self._http(), source.url, label, previous, now, source.key)
        else:
            record = await asyncio.to_thread(read_path, source, label, previous, now)
        return record, record is not previous

    def _keep_sources(self, name: str, read: list[tuple[SourceRecord, bool]]) -> None:
        """Store the sources read anew: only called once a feed was built from them."""
        for record, new in read:
            if new:
                self.store.save_source(name, record)

    def _failed(
        self, name: str, message: str, now: int, *, inputs: str | None = None, quiet: bool = False
    ) -> PollResult:
        if not quiet:
            log.warning("%s: %s; the last good feed stays published", name, message)
        self.store.record_error(name, message, now, failed_inputs=inputs)
        return PollResult(name, "error", message)


def _source_data(
    athlete: Athlete, records: list[SourceRecord]
) -> tuple[list[SourceData], list[SourceData]]:
    """The running and the busy sources' bytes, labelled for messages."""
    pairs = list(zip(athlete.sources, records, strict=True))
    runs = [SourceData(source_label(athlete, s), r.body) for s, r in pairs if s in athlete.runs]
    busy = [SourceData(source_label(athlete, s), r.body) for s, r in pairs if s in athlete.busy]
    return runs, busy


def _digest(athlete: Athlete, records: list[SourceRecord]) -> str:
    h = hashlib.sha256(athlete.options_fingerprint().encode("ascii"))
    for r in records:
        h.update(b"\x00" + r.source.encode("utf-8") + b"\x00" + r.sha256.encode("ascii"))
    return h.hexdigest()
