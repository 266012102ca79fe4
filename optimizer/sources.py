"""Calendars from files or links: what ``legday plan``, ``check``, ``explain`` and ``squad`` read.

Running apps (TrainingPeaks, Runna, Garmin Connect, Final Surge) give a plan as a subscription
link (``webcal://`` or ``https://``). legday reads a link as ``legday serve`` reads its sources:
http(s) only (``webcal`` means https), a size cap, a time limit, redirects only to http(s), and
never the link's path in a message (apps put their secret token there): messages name
``scheme://host/...``. Files are read as files; a command given only files never loads the
HTTP client.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from optimizer.domain import InputError

if TYPE_CHECKING:
    from optimizer.config import PlanOptions
    from optimizer.pipeline import Loaded

URL_SCHEMES = ("http://", "https://", "webcal://", "webcals://")


def is_url(source: str | Path) -> bool:
    """Whether a RUNS or --busy argument is a link rather than a file."""
    return str(source).lower().startswith(URL_SCHEMES)


def label(source: str | Path) -> str:
    """What messages call a source: a link without its path, or the file as given."""
    if is_url(source):
        from optimizer.server.config import redact_url

        return redact_url(str(source))
    return str(source)


class ReadCache:
    """``read_calendars``, remembered by the files' contents and the reading's arguments.

    A squad worker plans athlete after athlete, and a club's athletes share their coach's
    plan and often a calendar of club sessions: each is read once per worker. The key is
    every file's path, inode, size and modification time (from ``stat``: nothing is read
    twice, and an oversized file still meets the importer's size guard unread) with the zone
    and dates asked, so a rewritten file is read again; what is kept is immutable (tuples of
    frozen events), so a plan from the cache is byte for byte the plan from the file. At most
    ``size`` readings are kept.
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._kept: dict[tuple, Any] = {}

    def __call__(self, paths: Sequence[str | Path], **kw: Any) -> Any:
        import os

        from optimizer.calendar import read_calendars

        try:
            stamps = tuple(
                (str(p), st.st_ino, st.st_size, st.st_mtime_ns)
                for p in paths
                for st in [os.stat(p)]
            )
        except OSError:
            return read_calendars(paths, **kw)  # the importer says what is wrong
        key = (stamps, tuple(sorted(kw.items())))
        if key in self._kept:
            self._kept[key] = self._kept.pop(key)  # most recently used last
            return self._kept[key]
        got = read_calendars(paths, **kw)
        self._kept[key] = got
        if len(self._kept) > self.size:
            del self._kept[next(iter(self._kept))]
        return got


def load(
    runs: Sequence[str | Path],
    busy: Sequence[str | Path],
    opts: PlanOptions,
    *,
    cache: ReadCache | None = None,
) -> Loaded:
    """Read the calendars (files or links), classify the runs and frame the plan's weeks
    (``cache``: files already read by this process, see :class:`ReadCache`)."""
    from optimizer import pipeline

    if not any(is_url(s) for s in [*runs, *busy]):
        return pipeline.load(runs, busy, opts, read=cache)
    from optimizer.server.feed import load_sources

    return load_sources(read_sources(runs), read_sources(busy), opts)


def read_sources(sources: Sequence[str | Path]) -> list[Any]:
    """Files and links as the feed server's ``SourceData`` (links fetched with its guards)."""
    from optimizer.calendar.files import read_file
    from optimizer.server.feed import SourceData

    urls = [str(s) for s in sources if is_url(s)]
    fetched = dict(zip(urls, fetch(urls), strict=True)) if urls else {}
    return [
        SourceData(label(s), fetched[str(s)])
        if str(s) in fetched
        else SourceData(str(s), read_file(s))
        for s in sources
    ]


def fetch(urls: Sequence[str]) -> list[bytes]:
    """Download calendars as ``legday serve`` does (size cap, time limit, http(s) redirects)."""
    import asyncio
    import time

    import httpx

    from optimizer.server.poller import SourceError, fetch_url

    async def fetch_all() -> list[bytes]:
        async with httpx.AsyncClient(
            follow_redirects=False, timeout=httpx.Timeout(10.0, read=20.0)
        ) as client:
            now = int(time.time())
            got = await asyncio.gather(
                *(fetch_url(client, _http(u), label(u), None, now, u) for u in urls)
            )
        return [r.body for r in got]

    try:
        return asyncio.run(fetch_all())
    except SourceError as exc:
        raise InputError(str(exc)) from None


def _http(url: str) -> str:
    """``webcal://`` and ``webcals://`` are https (plain http stays http)."""
    scheme, rest = url.split("://", 1)
    return f"https://{rest}" if scheme.lower() in ("webcal", "webcals") else url
