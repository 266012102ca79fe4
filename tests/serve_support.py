"""Real parts for the feed server tests: a source calendar server, the feed server, parsers.

- :class:`SourceServer`: a training app's feed, served over HTTP on loopback by the standard
  library's ``http.server`` in a thread, with ETag / 304 support, switchable to errors,
  garbage and redirects; it counts what it was asked.
- :class:`LiveServer`: legday's Starlette app on a real uvicorn server in a thread, on a free
  loopback port, with the same uvicorn settings as ``legday serve``.
- :func:`parse_all`: the served feed read by icalendar, vobject, the ``ical`` package and
  ical.js under Node (Thunderbird's parser), each reduced to (uid, sequence, status, start).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

JS_DIR = Path(__file__).parent / "js"
ADMIN_TOKEN = "test-admin-token-0123456789abcdef"
START = dt.date(2027, 3, 1)  # a Monday, in the future for the carry-over's "the past stays"


def runs_calendar(
    weeks: int = 4, long_day: dict[int, int] | None = None, start: dt.date = START
) -> bytes:
    """A running plan: Tue intervals, Thu easy, Sun long run (``long_day``: week -> weekday)."""
    import icalendar

    long_day = long_day or {}
    zone = ZoneInfo("Europe/Berlin")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//legday tests//source//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Training plan")

    def add(day: dt.date, hour: int, minutes: int, summary: str) -> None:
        ev = icalendar.Event()
        ev.add("uid", f"run-{day:%Y%m%d}@source.test")
        ev.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
        begin = dt.datetime.combine(day, dt.time(hour), zone)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + dt.timedelta(minutes=minutes))
        ev.add("summary", summary)
        cal.add_component(ev)

    for w in range(weeks):
        monday = start + dt.timedelta(weeks=w)
        add(monday + dt.timedelta(days=1), 18, 60, "Intervals 6x800m")
        add(monday + dt.timedelta(days=3), 18, 45, "Easy run 8 km")
        add(monday + dt.timedelta(days=long_day.get(w, 6)), 8, 120, "Long run 20 km")
    cal.add_missing_timezones()
    return cal.to_ical()


def every_day_runs(weeks: int = 2, start: dt.date = START) -> bytes:
    """A hard run every day, so a beginner (no strength on hard-run days) has no plan at all."""
    import icalendar

    zone = ZoneInfo("Europe/Berlin")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//legday tests//source//EN")
    cal.add("version", "2.0")
    for d in range(weeks * 7):
        day = start + dt.timedelta(days=d)
        ev = icalendar.Event()
        ev.add("uid", f"daily-{day:%Y%m%d}@source.test")
        ev.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
        begin = dt.datetime.combine(day, dt.time(7), zone)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + dt.timedelta(minutes=40))
        ev.add("summary", "Intervals 6x400m")
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()


@dataclass
class _Route:
    body: bytes = b""
    status: int = 200
    location: str | None = None


@dataclass
class SourceServer:
    """A calendar feed server with ETag support, in a thread on 127.0.0.1."""

    routes: dict[str, _Route] = field(default_factory=dict)
    hits: list[tuple[str, int]] = field(default_factory=list)  # (path, status) served

    def start(self) -> SourceServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                route = owner.routes.get(self.path)
                if route is None:
                    self._send(404, b"")
                elif route.location is not None:
                    self._send(route.status, b"", {"Location": route.location})
                elif route.status != 200:
                    self._send(route.status, b"server trouble")
                else:
                    etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    if self.headers.get("If-None-Match") == etag:
                        self._send(304, b"", {"ETag": etag})
                    else:
                        self._send(200, route.body, {"ETag": etag, "Content-Type": "text/calendar"})

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                owner.hits.append((self.path, status))
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def set(self, path: str, body: bytes) -> None:
        self.routes[path] = _Route(body=body)

    def fail(self, path: str, status: int = 500) -> None:
        self.routes[path] = _Route(body=self.routes.get(path, _Route()).body, status=status)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.routes[path] = _Route(status=status, location=location)

    def statuses(self, path: str) -> list[int]:
        return [s for p, s in self.hits if p == path]


def write_config(folder: Path, athletes: list[str], **top: object) -> Path:
    """A legday.toml in ``folder``: top-level values, [server] with the admin token, athletes.

    ``athletes`` are ready-made TOML bodies of the [[athlete]] tables.
    """
    lines = [f"{k} = {json.dumps(v)}" for k, v in top.items() if k != "server"]
    server = {"admin_token": ADMIN_TOKEN, **dict(top.get("server", {}))}  # type: ignore[arg-type]
    lines.append("[server]")
    lines += [f"{k} = {json.dumps(v)}" for k, v in server.items()]
    for body in athletes:
        lines += ["", "[[athlete]]", body.strip()]
    path = folder / "legday.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class LiveServer:
    """legday's feed app on uvicorn in a thread (real sockets, real HTTP), on a free port."""

    def __init__(self, config_path: Path, *, poll: bool = False, port: int = 0) -> None:
        self.config_path = config_path
        self.poll = poll
        self.port = port

    def start(self) -> LiveServer:
        from optimizer.server.app import create_app, uvicorn_config
        from optimizer.server.config import load_serve_config
        from optimizer.server.connections import ListeningServer
        from optimizer.server.poller import Poller
        from optimizer.server.store import Store

        self.config = load_serve_config(self.config_path)
        self.store = Store(self.config.db_path, self.config.key_path)
        self.tokens = {a.name: self.store.token(a.name) for a in self.config.athletes}
        self.poller = Poller(self.config, self.store)
        app = create_app(self.config, self.store, self.poller, poll=self.poll)
        self.server = ListeningServer(
            uvicorn_config(app, self.config, "127.0.0.1", self.port, log_level="warning"),
            lambda host, port: self.store.set_listening(host, port),
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the feed server did not start")
            time.sleep(0.02)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.store.close()

    def feed_url(self, name: str) -> str:
        return f"{self.base}/feeds/{self.tokens[name]}.ics"

    def refresh(self) -> dict:
        """Poll every athlete now (POST /admin/refresh) and return the health report."""
        import httpx

        r = httpx.post(
            f"{self.base}/admin/refresh",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=60,
        )
        assert r.status_code == 200, r.status_code
        return r.json()


def health_of(report: dict, name: str) -> dict:
    return next(a for a in report["athletes"] if a["name"] == name)


@dataclass(frozen=True, order=True)
class Seen:
    """One event as a parser saw it."""

    uid: str
    sequence: int
    status: str
    start_utc: str  # ISO 8601 in UTC, to the minute


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def parse_icalendar(body: bytes) -> list[Seen]:
    import icalendar

    cal = icalendar.Calendar.from_ical(body)
    return sorted(
        Seen(
            str(ev["UID"]),
            int(ev.get("SEQUENCE", 0)),
            str(ev.get("STATUS")),
            _utc(ev.decoded("DTSTART")),
        )
        for ev in cal.walk("VEVENT")
    )


def parse_vobject(body: bytes) -> list[Seen]:
    import vobject

    cal = vobject.readOne(body.decode("utf-8"))
    return sorted(
        Seen(ev.uid.value, int(ev.sequence.value), ev.status.value, _utc(ev.dtstart.value))
        for ev in cal.vevent_list
    )


def parse_ical(body: bytes) -> list[Seen]:
    from ical.calendar_stream import IcsCalendarStream

    cal = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    return sorted(
        Seen(ev.uid, int(ev.sequence or 0), str(ev.status.value), _utc(ev.dtstart))
        for ev in cal.events
    )


def ensure_icaljs() -> None:
    """Install the pinned ical.js into tests/js once, so the README's test command needs no
    separate npm step on a fresh machine."""
    if (JS_DIR / "node_modules" / "ical.js").is_dir():
        return
    done = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--silent"],
        cwd=JS_DIR,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, "npm ci in tests/js failed: " + done.stderr.decode(
        errors="replace"
    )


def parse_icaljs(body: bytes) -> list[Seen]:
    """Thunderbird's parser, ical.js, under Node (installed from the npm registry on first use)."""
    ensure_icaljs()
    done = subprocess.run(
        ["node", str(JS_DIR / "parse.js")],
        input=body,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    events = json.loads(done.stdout)["events"]
    return sorted(
        Seen(
            e["uid"],
            int(e["sequence"]),
            e["status"],
            dt.datetime.fromisoformat(e["start_utc"].replace("Z", "+00:00")).strftime(
                "%Y-%m-%dT%H:%MZ"
            ),
        )
        for e in events
    )


PARSERS = {
    "icalendar": parse_icalendar,
    "vobject": parse_vobject,
    "ical": parse_ical,
    "ical.js": parse_icaljs,
}


def parse_all(body: bytes) -> list[Seen]:
    """What every parser saw; they must all agree (asserted here)."""
    seen = {name: parse(body) for name, parse in PARSERS.items()}
    first = seen["icalendar"]
    for name, events in seen.items():
        assert events == first, f"{name} reads the feed differently: {events} != {first}"
    return first
