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


def load(runs: Sequence[str | Path], busy: Sequence[str | Path], opts: PlanOptions) -> Loaded:
    """Read the calendars (files or links), classify the runs and frame the plan's weeks."""
    from optimizer import pipeline

    if not any(is_url(s) for s in [*runs, *busy]):
        return pipeline.load(runs, busy, opts)
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
