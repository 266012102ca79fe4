"""The feed follows the runner's plan: real uvicorn, a real source server, four real parsers.

Each test gets its own source server, config folder and feed server (all on loopback), so the
tests do not depend on each other's order. Polls are triggered with ``POST /admin/refresh``
(which waits for the round) except in the one test that shows the background polling.
"""

from __future__ import annotations

import collections
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.serve_support import (
    LiveServer,
    SourceServer,
    every_day_runs,
    health_of,
    parse_all,
    runs_calendar,
    write_config,
)

MOVED_WEEK, MOVED_TO = 1, 4  # week 2's long run moves from Sunday to Friday


@pytest.fixture
def source():
    server = SourceServer().start()
    server.set("/ana.ics", runs_calendar())
    server.set("/ben.ics", runs_calendar())
    yield server
    server.stop()


@pytest.fixture
def live(tmp_path, source):
    config = write_config(
        tmp_path,
        [
            f'name = "Ana"\nruns = ["{source.base}/ana.ics"]\ntz = "Europe/Berlin"',
            f'name = "Ben"\nruns = ["{source.base}/ben.ics"]\ntz = "Europe/Berlin"\n'
            'level = "beginner"',
        ],
        poll_seconds=3600,
    )
    server = LiveServer(config).start()
    server.refresh()
    yield server
    server.stop()


def _get(url: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers=headers, timeout=30)


def test_subscribing_parsers_follow_a_moved_long_run(live, source):
    """The moved session appears once, with a higher SEQUENCE, and no UID twice."""
    first = _get(live.feed_url("Ana"))
    ben = _get(live.feed_url("Ben")).content
    assert first.status_code == 200
    before = parse_all(first.content)
    assert before and all(e.status == "CONFIRMED" and e.sequence == 0 for e in before)

    source.set("/ana.ics", runs_calendar(long_day={MOVED_WEEK: MOVED_TO}))
    report = live.refresh()
    assert health_of(report, "Ana")["state"] == "ok"

    second = _get(live.feed_url("Ana"))
    assert second.headers["etag"] != first.headers["etag"]
    after = parse_all(second.content)
    uids = [e.uid for e in after]
    assert len(uids) == len(set(uids)), "a UID appears twice"
    assert all(e.status == "CONFIRMED" for e in after)
    old = {e.uid: e for e in before}
    moved = [e for e in after if e.uid in old and e.start_utc != old[e.uid].start_utc]
    assert len(moved) == 1
    assert moved[0].sequence == old[moved[0].uid].sequence + 1
    # Nothing else moved: the same UIDs at the same times; a session whose words changed
    # (the week's long run moved) is a new revision, SEQUENCE + 1, and only then.
    assert set(uids) == set(old)
    texts = {"first": _descriptions(first.content), "second": _descriptions(second.content)}
    for e in after:
        if e in moved:
            continue
        was = old[e.uid]
        assert (e.status, e.start_utc) == (was.status, was.start_utc)
        changed = texts["second"][e.uid] != texts["first"][e.uid]
        assert e.sequence == was.sequence + changed
    # The moved session left the new long-run day (Friday of week 2).
    assert not moved[0].start_utc.startswith("2027-03-12")
    # Ben's feed did not change with Ana's.
    assert _get(live.feed_url("Ben")).content == ben


def _descriptions(body: bytes) -> dict[str, str]:
    import icalendar

    cal = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): str(e.get("DESCRIPTION", "")) for e in cal.walk("VEVENT")}


def _revisions(old: bytes, new: bytes) -> list[int]:
    """Each session's expected SEQUENCE in ``new`` (in parse_all's order): one more than in
    ``old`` when it moved or its words changed, else the same (all start at 0 here)."""
    was = {e.uid: e for e in parse_all(old)}
    old_text, new_text = _descriptions(old), _descriptions(new)
    return [
        int(e.start_utc != was[e.uid].start_utc or new_text[e.uid] != old_text[e.uid])
        for e in parse_all(new)
    ]


def test_feed_headers_conditional_get_and_head(live):
    url = live.feed_url("Ana")
    r = _get(url)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/calendar; charset=utf-8"
    etag = r.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)  # strong
    assert r.headers["cache-control"].startswith("private, max-age=")
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "server" not in r.headers
    again = _get(url)
    assert again.content == r.content and again.headers["etag"] == etag

    not_modified = _get(url, **{"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert _get(url, **{"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert _get(url, **{"If-None-Match": '"something-else"'}).status_code == 200
    assert _get(url, **{"If-Modified-Since": r.headers["last-modified"]}).status_code == 304
    assert _get(url, **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    assert _get(url, **{"If-Modified-Since": "not a date"}).status_code == 200

    head = httpx.head(url, timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == etag
    assert int(head.headers["content-length"]) == len(r.content)


def test_sources_are_fetched_conditionally_and_unchanged_polls_change_nothing(live, source):
    body = _get(live.feed_url("Ana")).content
    live.refresh()
    live.refresh()
    # The first poll fetched the calendar; the later ones got 304 from the source.
    assert source.statuses("/ana.ics") == [200, 304, 304]
    assert _get(live.feed_url("Ana")).content == body


def test_a_broken_source_keeps_the_last_good_feed(live, source, caplog):
    """Down, garbage, infeasible: the feed stays, /healthz says error; then it recovers."""
    good = _get(live.feed_url("Ben"))
    ana = _get(live.feed_url("Ana")).content

    source.fail("/ben.ics", 500)
    report = live.refresh()
    ben = health_of(report, "Ben")
    assert ben["state"] == "error" and "HTTP 500" in ben["last_error"]
    assert health_of(report, "Ana")["state"] == "ok"
    assert _get(live.feed_url("Ben")).content == good.content

    source.set("/ben.ics", runs_calendar())  # back, unchanged: ok again, same feed
    report = live.refresh()
    assert health_of(report, "Ben")["state"] == "ok"
    assert _get(live.feed_url("Ben")).content == good.content

    source.set("/ben.ics", b"<html><body>Maintenance</body></html>")
    report = live.refresh()
    assert health_of(report, "Ben")["state"] == "error"
    assert "runs 1" in health_of(report, "Ben")["last_error"]
    assert _get(live.feed_url("Ben")).headers["etag"] == good.headers["etag"]

    source.set("/ben.ics", every_day_runs())  # a beginner keeps strength off hard-run days
    report = live.refresh()
    assert "no plan keeps every rule" in health_of(report, "Ben")["last_error"]
    assert _get(live.feed_url("Ben")).content == good.content
    report = live.refresh()  # the same failing input is not planned again
    assert "no plan keeps every rule" in health_of(report, "Ben")["last_error"]
    assert caplog.text.count("no plan keeps every rule") == 1
    assert _get(live.feed_url("Ana")).content == ana

    source.set("/ben.ics", runs_calendar(long_day={0: 4}))
    report = live.refresh()
    assert health_of(report, "Ben")["state"] == "ok", report
    assert _get(live.feed_url("Ben")).headers["etag"] != good.headers["etag"]
    # A source URL's path never shows in /healthz (training apps hide their tokens there).
    text = httpx.get(f"{live.base}/healthz", timeout=30).text
    assert "ben.ics" not in text and live.tokens["Ben"] not in text


def test_restart_keeps_tokens_uids_and_bytes(tmp_path, source):
    config = write_config(
        tmp_path,
        [f'name = "Ana"\nruns = ["{source.base}/ana.ics"]\ntz = "Europe/Berlin"'],
        poll_seconds=3600,
    )
    server = LiveServer(config).start()
    server.refresh()
    url = server.feed_url("Ana")
    first = _get(url)
    server.stop()

    again = LiveServer(config, port=server.port).start()
    try:
        assert again.feed_url("Ana") == url
        served = _get(url)  # before any poll: straight from the database
        assert served.content == first.content
        assert served.headers["etag"] == first.headers["etag"]
        assert served.headers["last-modified"] == first.headers["last-modified"]
        again.refresh()
        assert _get(url).content == first.content
        # A change after the restart still carries the UIDs over.
        source.set("/ana.ics", runs_calendar(long_day={MOVED_WEEK: MOVED_TO}))
        again.refresh()
        before = {e.uid: e for e in parse_all(first.content)}
        latest = _get(url).content
        after = parse_all(latest)
        assert {e.uid for e in after} == set(before)
        assert [e.sequence for e in after] == _revisions(first.content, latest)
        assert sum(e.start_utc != before[e.uid].start_utc for e in after) == 1
    finally:
        again.stop()


def test_background_polling_follows_a_local_file(tmp_path):
    runs = tmp_path / "plan.ics"
    runs.write_bytes(runs_calendar())
    config = write_config(tmp_path, ['name = "Cy"\nruns = ["plan.ics"]'], poll_seconds=1)
    server = LiveServer(config, poll=True).start()
    try:
        first = _wait_for(server, "Cy", lambda r: r.status_code == 200)
        runs.write_bytes(runs_calendar(long_day={MOVED_WEEK: MOVED_TO}))
        os.utime(runs, ns=(time.time_ns(), time.time_ns() + 10**9))
        second = _wait_for(
            server, "Cy", lambda r: r.status_code == 200 and r.content != first.content
        )
        seen = parse_all(second.content)
        assert [e.sequence for e in seen] == _revisions(first.content, second.content)
        assert collections.Counter(e.sequence for e in seen)[1] >= 1
    finally:
        server.stop()


def _wait_for(server: LiveServer, name: str, ok, seconds: float = 120) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        r = _get(server.feed_url(name))
        if ok(r):
            return r
        assert time.monotonic() < deadline, f"the feed did not follow within {seconds} s"
        time.sleep(0.2)


def test_redirects_are_followed_but_never_to_files(live, source):
    source.set("/new-home.ics", runs_calendar(long_day={2: 5}))
    source.redirect("/ben.ics", "/new-home.ics", 301)
    report = live.refresh()
    assert health_of(report, "Ben")["state"] == "ok"
    assert source.statuses("/new-home.ics") == [200]
    source.redirect("/ben.ics", "file:///etc/passwd")
    report = live.refresh()
    assert "refused" in health_of(report, "Ben")["last_error"]
    source.redirect("/ben.ics", "/ben.ics")  # a loop
    report = live.refresh()
    assert "redirects" in health_of(report, "Ben")["last_error"]


def test_legday_serve_command_prints_links_and_serves(tmp_path, source):
    import socket

    with socket.socket() as s:  # a free port for the subprocess (closed before it binds)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = write_config(
        tmp_path, [f'name = "Ana"\nruns = ["{source.base}/ana.ics"]'], poll_seconds=3600
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "serve",
            "--config",
            str(config),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).parent.parent,
    )
    try:
        lines = [proc.stdout.readline().decode() for _ in range(6)]
        assert lines[0].strip() == "Ana"
        url = lines[1].split()[-1]
        assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/feeds/[A-Za-z0-9_-]{{43}}\.ics", url)
        assert lines[2].split()[-1] == "webcal://" + url.removeprefix("http://")
        google = lines[3].split()[-1]
        assert google.startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F")
        root = url.removesuffix(".ics")
        pages = [line.split()[-1] for line in lines[4:]]
        assert pages == [f"{root}/subscribe.html", f"{root}.html"]
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(url, timeout=10)
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "legday serve did not publish the feed"
            time.sleep(0.2)
        assert parse_all(r.content)
        shown = subprocess.run(
            [
                sys.executable,
                "-m",
                "optimizer.cli",
                "token",
                "show",
                "Ana",
                "--config",
                str(config),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert shown.stdout.splitlines() == [url, f"subscribe page: {root}/subscribe.html"]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    # The token never reaches the log.
    assert url.rsplit("/", 1)[1].removesuffix(".ics") not in err.decode()


def test_downloads_are_capped_and_errors_name_no_url(source, monkeypatch):
    import asyncio

    from optimizer.server import poller

    source.set("/big.ics", b"BEGIN:VCALENDAR\r\n" + b"X" * 4096)
    monkeypatch.setattr(poller, "MAX_SOURCE_BYTES", 1024)

    async def fetch(path: str):
        async with httpx.AsyncClient() as client:
            return await poller.fetch_url(
                client, f"{source.base}{path}", "runs 1 (label)", None, 0, "key"
            )

    with pytest.raises(poller.SourceError, match=r"^runs 1 \(label\): too big"):
        asyncio.run(fetch("/big.ics"))
    source.redirect("/odd.ics", "http://[bad")
    with pytest.raises(poller.SourceError, match="unreadable address") as err:
        asyncio.run(fetch("/odd.ics"))
    assert source.base not in str(err.value)
    with pytest.raises(poller.SourceError, match="HTTP 404"):
        asyncio.run(fetch("/missing.ics"))


def _events(body: bytes) -> dict[str, dict[str, str]]:
    import icalendar

    cal = icalendar.Calendar.from_ical(body)
    return {
        str(e["UID"]): {k: str(v) for k, v in e.items() if k in ("STATUS", "DESCRIPTION")}
        for e in cal.walk("VEVENT")
    }


def test_cancellations_are_short_and_leave_the_feed_after_their_time(tmp_path, source):
    """Issue 12, item 8: cancelled sessions were republished for ever with their full
    descriptions, and Google Calendar drops events past about 1 MB. A cancellation is
    published without a description, for keep_cancelled_days, then leaves the feed (also
    when no source changed); /healthz gives each feed's size."""
    source.set("/ana.ics", runs_calendar(weeks=4))
    config = write_config(
        tmp_path,
        [f'name = "Ana"\nruns = ["{source.base}/ana.ics"]\ntz = "Europe/Berlin"'],
        poll_seconds=3600,
        server={"keep_cancelled_days": 2},
    )
    live = LiveServer(config).start()
    try:
        now = [time.time()]
        live.poller.clock = lambda: now[0]
        live.refresh()
        first = _events(_get(live.feed_url("Ana")).content)
        source.set("/ana.ics", runs_calendar(weeks=3))  # week 4 goes: its sessions too
        now[0] += 3600
        report = live.refresh()
        second = _get(live.feed_url("Ana"))
        events = _events(second.content)
        gone = [uid for uid, e in events.items() if e["STATUS"] == "CANCELLED"]
        assert gone and set(gone) <= set(first)
        assert all("DESCRIPTION" not in events[uid] for uid in gone)
        assert all("DESCRIPTION" in e for e in events.values() if e["STATUS"] == "CONFIRMED")
        assert health_of(report, "Ana")["feed_bytes"] == len(second.content)
        assert health_of(report, "Ana")["warnings"] == []

        now[0] += 86_400  # a day later: still there, for clients that were offline
        live.refresh()
        assert _get(live.feed_url("Ana")).content == second.content
        now[0] += 86_400  # two days after the cancellation: gone, though no source changed
        live.refresh()
        third = _get(live.feed_url("Ana"))
        assert third.headers["etag"] != second.headers["etag"]
        assert set(_events(third.content)) == set(events) - set(gone)
        # The store remembers them: a session planned there again is a newer revision.
        remembered = {e.uid: e for e in live.store.entries("Ana")}
        assert all(remembered[uid].status == "CANCELLED" for uid in gone)
    finally:
        live.stop()


def test_health_warns_as_a_feed_nears_the_size_calendars_read(tmp_path, source):
    """Issue 12, item 8: /healthz warns when a feed nears 1 MB (here the threshold is set low,
    as `feed_size_warning` allows)."""
    config = write_config(
        tmp_path,
        [f'name = "Ana"\nruns = ["{source.base}/ana.ics"]\ntz = "Europe/Berlin"'],
        poll_seconds=3600,
        server={"feed_size_warning": 10_000},
    )
    live = LiveServer(config).start()
    try:
        live.refresh()
        health = httpx.get(f"{live.base}/healthz", timeout=30).json()
        ana = health_of(health, "Ana")
        assert ana["feed_bytes"] > 10_000
        assert ana["warnings"] and "Google Calendar" in ana["warnings"][0]
        assert health["warnings"] == [f"Ana: {ana['warnings'][0]}"]
        assert ana["state"] == "ok"
    finally:
        live.stop()
