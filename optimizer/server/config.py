"""The serve config: ``legday.toml`` with one ``[[athlete]]`` table per athlete.

Example::

    poll_seconds = 300                     # how often sources are checked

    [server]                               # optional; all keys optional
    host = "127.0.0.1"
    port = 8080
    public_url = "https://strength.example.org"   # how subscribers reach the server
    admin_token = "a-long-random-string"  # enables POST /admin/refresh from loopback
    max_age = 300                         # Cache-Control max-age of the feeds
    rate_burst = 60                       # feed requests one client may make at once...
    rate_per_minute = 30                  # ...and then per minute, per feed
    trust_proxy = false                   # true: take the client address from X-Forwarded-For
    keep_cancelled_days = 30              # how long a cancelled session stays in the feed
    feed_size_warning = 800000            # /healthz warns when a feed is this many bytes
    header_timeout = 5                    # seconds a connection has to send a request head
    max_connections = 2000                # open connections in all (more get 503)...
    max_connections_per_client = 50       # ...and from one address (behind no trusted proxy)

    [plan]                                # defaults for every athlete (legday plan's flags)
    sessions = "2-3"

    [[athlete]]
    name = "Ana"
    runs = ["webcal://app.example/plan/abc.ics", "extra_runs.ics"]
    busy = ["work.ics"]
    level = "beginner"
    tz = "Europe/Berlin"
    window = "06:00-21:00"

``[keywords]`` and ``[weights]`` apply to every athlete, as for ``legday plan``. Relative paths
are relative to the config file. The state lives beside the config: ``legday.db`` (SQLite) and
``legday.key`` (the secret the feed tokens are derived from; mode 0600).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from optimizer.config import PlanOptions, load_config, options_from_mapping
from optimizer.domain import InputError

DB_NAME = "legday.db"
KEY_NAME = "legday.key"
DEFAULT_PORT = 8080
DEFAULT_POLL_SECONDS = 300
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# webcal:// is "https:// that a calendar app should subscribe to"; plain http stays http so a
# loopback test source needs no TLS.
_SCHEMES = {"http": "http", "https": "https", "webcal": "https", "webcals": "https"}
_ATHLETE_KEYS = {"name", "runs", "busy", "allow_after_long_run"}
_SERVER_KEYS = {
    "host",
    "port",
    "public_url",
    "admin_token",
    "max_age",
    "rate_burst",
    "rate_per_minute",
    "trust_proxy",
    "keep_cancelled_days",
    "feed_size_warning",
    "header_timeout",
    "max_connections",
    "max_connections_per_client",
}


@dataclass(frozen=True)
class Source:
    """One calendar an athlete's plan is read from.

    Attributes:
        raw: as written in the config.
        url: the http(s) URL to fetch (webcal mapped to https), or "" for a local file.
        path: the absolute local path, or None for a URL.
        label: what logs and /healthz call it: a file name, or scheme://host/... with the
            path hidden (training apps put their own capability tokens in feed URLs).
    """

    raw: str
    url: str = ""
    path: Path | None = None
    label: str = ""

    @property
    def key(self) -> str:
        """The stable key of this source in the store."""
        return self.url or str(self.path)


@dataclass(frozen=True)
class Athlete:
    """One athlete: a name, running and busy sources, and plan options."""

    name: str
    runs: tuple[Source, ...]
    busy: tuple[Source, ...]
    options: PlanOptions

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.runs + self.busy

    def options_fingerprint(self) -> str:
        """A digest of everything but the source contents that shapes the feed."""
        data = {
            "options": _canonical(asdict(self.options)),
            "runs": [s.key for s in self.runs],
            "busy": [s.key for s in self.busy],
        }
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ServeConfig:
    """The whole serve config."""

    path: Path
    athletes: tuple[Athlete, ...]
    poll_seconds: float = DEFAULT_POLL_SECONDS
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    public_url: str | None = None
    admin_token: str | None = None
    max_age: int = 300
    rate_burst: int = 60
    rate_per_minute: float = 30.0
    trust_proxy: bool = False
    keep_cancelled_days: int = 30
    # Google Calendar stops reading a feed past about 1 MB: /healthz warns from here on.
    feed_size_warning: int = 800_000
    header_timeout: float = 5.0
    max_connections: int = 2000
    max_connections_per_client: int = 50

    @property
    def db_path(self) -> Path:
        return self.path.parent / DB_NAME

    @property
    def key_path(self) -> Path:
        return self.path.parent / KEY_NAME

    def athlete(self, name: str) -> Athlete:
        """The athlete called ``name`` (case-insensitive). Raises InputError."""
        for a in self.athletes:
            if a.name.casefold() == name.strip().casefold():
                return a
        known = ", ".join(a.name for a in self.athletes)
        raise InputError(f"{self.path}: no athlete named {name!r} (athletes: {known})")

    def base_url(self, host: str | None = None, port: int | None = None) -> str:
        """Where subscribers reach the server: ``public_url``, else http://host:port."""
        if self.public_url:
            return self.public_url
        h = host or self.host
        if ":" in h and not h.startswith("["):
            h = f"[{h}]"  # an IPv6 literal
        return f"http://{h}:{port or self.port}"


def feed_links(base_url: str, token: str, name: str = "legday") -> dict[str, str]:
    """The feed's http(s) URL, its webcal URL, one-click Google and Outlook links, and the
    plan page and subscribe page at the same capability URL."""
    from optimizer.render.subscribe import calendar_links

    root = f"{base_url.rstrip('/')}/feeds/{token}"
    return {
        **calendar_links(f"{root}.ics", f"Strength training ({name})"),
        "page": f"{root}.html",
        "subscribe": f"{root}/subscribe.html",
    }


def load_serve_config(path: str | Path) -> ServeConfig:
    """Read and check a serve config.

    Args:
        path: the ``legday.toml``.

    Returns:
        The config, with every athlete's options parsed.

    Raises:
        InputError: one line naming the file and the problem.
    """
    path = Path(path)
    shared, keywords, weights = load_config(path)  # [plan], [keywords], [weights], unknown tables
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    src = str(path)
    poll = data.get("poll_seconds", DEFAULT_POLL_SECONDS)
    if isinstance(poll, bool) or not isinstance(poll, int | float) or not 1 <= poll <= 86_400:
        raise InputError(f"{src}: poll_seconds must be a number of seconds from 1 to 86400")
    server = data.get("server", {})
    if not isinstance(server, dict):
        raise InputError(f"{src}: [server] must be a table")
    unknown = set(server) - _SERVER_KEYS
    if unknown:
        raise InputError(
            f"{src}: [server]: unknown key(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(_SERVER_KEYS))})"
        )
    raw_athletes = data.get("athlete")
    if not isinstance(raw_athletes, list) or not raw_athletes:
        raise InputError(f"{src}: no [[athlete]] table (each needs a name and runs)")
    athletes: list[Athlete] = []
    seen: set[str] = set()
    for i, table in enumerate(raw_athletes, 1):
        athlete = _athlete(table, i, path, shared, keywords, weights)
        if athlete.name.casefold() in seen:
            raise InputError(f"{src}: athlete {athlete.name!r} is listed twice")
        seen.add(athlete.name.casefold())
        athletes.append(athlete)
    return ServeConfig(
        path=path.resolve(),
        athletes=tuple(athletes),
        poll_seconds=float(poll),
        host=_text(server, "host", "127.0.0.1", src),
        port=_int(server, "port", DEFAULT_PORT, 1, 65_535, src),
        public_url=_public_url(server.get("public_url"), src),
        admin_token=_admin_token(server.get("admin_token"), src),
        max_age=_int(server, "max_age", 300, 0, 86_400, src),
        rate_burst=_int(server, "rate_burst", 60, 1, 1_000_000_000, src),
        rate_per_minute=float(_int(server, "rate_per_minute", 30, 1, 1_000_000_000, src)),
        trust_proxy=_flag(server, "trust_proxy", src),
        keep_cancelled_days=_int(server, "keep_cancelled_days", 30, 0, 3650, src),
        feed_size_warning=_int(server, "feed_size_warning", 800_000, 1, 1_000_000_000, src),
        header_timeout=float(_int(server, "header_timeout", 5, 1, 300, src)),
        max_connections=_int(server, "max_connections", 2000, 10, 1_000_000, src),
        max_connections_per_client=_int(
            server, "max_connections_per_client", 50, 1, 1_000_000, src
        ),
    )


def _athlete(
    table: Any,
    index: int,
    path: Path,
    shared: dict[str, Any],
    keywords: dict[str, Any],
    weights: dict[str, int],
) -> Athlete:
    src = str(path)
    if not isinstance(table, dict):
        raise InputError(f"{src}: athlete #{index} must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{src}: athlete #{index} needs a name")
    name = name.strip()
    if len(name) > 80 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InputError(f"{src}: athlete #{index}: a name is 1 to 80 printable characters")
    where = f"{src}: athlete {name!r}"
    runs = _sources(table.get("runs"), "runs", where, path.parent, required=True)
    busy = _sources(table.get("busy", []), "busy", where, path.parent, required=False)
    plan_keys = {k: v for k, v in table.items() if k not in _ATHLETE_KEYS}
    values = dict(shared)
    values.update(options_from_mapping(plan_keys, where))
    if "allow_after_long_run" in table:
        allow = table["allow_after_long_run"]
        if not isinstance(allow, bool):
            raise InputError(f"{where}: allow_after_long_run must be true or false")
        values["no_strength_after_long_run"] = not allow
    # The athlete's name seeds the session UIDs: two athletes never share a UID.
    values["name"] = name
    return Athlete(name, runs, busy, PlanOptions(keywords=keywords, weights=weights, **values))


def _sources(value: Any, key: str, where: str, base: Path, *, required: bool) -> tuple[Source, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: {key} must be a list of file paths or URLs")
    if required and not value:
        raise InputError(f"{where}: runs must name at least one calendar")
    out = []
    for raw in value:
        out.append(parse_source(raw.strip(), base, where))
    if len({s.key for s in out}) != len(out):
        raise InputError(f"{where}: {key} lists the same calendar twice")
    return tuple(out)


def parse_source(raw: str, base: Path, where: str) -> Source:
    """A path or URL from the config as a :class:`Source`. Raises InputError."""
    m = _URL.match(raw)
    if not m:
        p = Path(raw).expanduser()
        p = p if p.is_absolute() else (base / p)
        # The folder resolved, the file itself not: a source that is a symlink is refused
        # when read (it could point at legday.key or /etc/passwd), not silently followed.
        return Source(raw=raw, path=p.parent.resolve() / p.name, label=p.name)
    scheme = m.group(1).lower()
    if scheme not in _SCHEMES:
        raise InputError(
            f"{where}: {scheme}:// sources are not supported (use http, https, webcal or a path)"
        )
    url = _SCHEMES[scheme] + raw[m.end(1) :]
    parts = urllib.parse.urlsplit(url)
    if not parts.hostname:
        raise InputError(f"{where}: {raw!r} has no host")
    return Source(raw=raw, url=url, label=redact_url(url))


def redact_url(url: str) -> str:
    """scheme://host[:port]/... : enough to tell sources apart, never their secret path."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/..."


def _canonical(value: Any) -> Any:
    # Sets and frozensets print in hash order, which changes between runs; sort them.
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted(str(v) for v in value)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def _text(table: dict, key: str, default: str, src: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{src}: [server] {key} must be text")
    return value.strip()


def _int(table: dict, key: str, default: int, lo: int, hi: int, src: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InputError(f"{src}: [server] {key} must be a whole number from {lo} to {hi}")
    return value


def _flag(table: dict, key: str, src: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise InputError(f"{src}: [server] {key} must be true or false")
    return value


def _public_url(value: Any, src: str) -> str | None:
    if value is None:
        return None
    parts = urllib.parse.urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise InputError(f"{src}: [server] public_url must look like https://host[/prefix]")
    return str(value).strip().rstrip("/")


def _admin_token(value: Any, src: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) < 24:
        raise InputError(f"{src}: [server] admin_token must be text of at least 24 characters")
    return value
