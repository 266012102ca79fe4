"""How the feed server reads its sources: only regular files, only what parses, and never a
validator that could hide a change (issue 12, items 6 and 10). Real uvicorn, a real plain web
server (the standard library's, which gives Last-Modified in whole seconds, as most do), real
files and SQLite."""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.serve_support import LiveServer, health_of, runs_calendar, write_config

SECRET = b"# not a calendar: secret-marker-3f9c\nroot:x:0:0:root:/root:/bin/bash\n"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web(tmp_path):
    """A plain static web server over a folder: Last-Modified from the file's mtime in whole
    seconds, 304 for If-Modified-Since, no ETag."""
    folder = tmp_path / "www"
    folder.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=folder))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _server(tmp_path: Path, runs: str) -> LiveServer:
    config = write_config(
        tmp_path, [f'name = "Ana"\nruns = ["{runs}"]\ntz = "Europe/Berlin"'], poll_seconds=3600
    )
    return LiveServer(config).start()


def _write(path: Path, data: bytes, mtime: float) -> None:
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def _stored(db: Path) -> bytes:
    """Every byte of the database files (the main file and its write-ahead log)."""
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_a_source_rewritten_within_the_second_of_a_poll_is_followed(tmp_path, web):
    """Issue 12, item 10: a poll between two writes of one second kept that second as
    Last-Modified; every later If-Modified-Since got 304 and the second write was never
    read. A Last-Modified that recent is not trusted: the next poll reads the source."""
    folder, base = web
    second = int(time.time())
    _write(folder / "plan.ics", runs_calendar(weeks=3), second)
    live = _server(tmp_path, f"{base}/plan.ics")
    try:
        assert health_of(live.refresh(), "Ana")["state"] == "ok"
        first = httpx.get(live.feed_url("Ana"), timeout=30).content
        _write(folder / "plan.ics", runs_calendar(weeks=3, long_day={1: 4}), second)
        report = live.refresh()
        assert health_of(report, "Ana")["state"] == "ok"
        assert httpx.get(live.feed_url("Ana"), timeout=30).content != first
    finally:
        live.stop()


def test_validators_of_a_body_that_did_not_parse_are_not_kept(tmp_path, web):
    """Issue 12, item 10: a fetch that caught the file mid-write stored its validators, so
    the complete file, unchanged in Last-Modified, was never read. Nothing of a body that did
    not parse is kept (here both writes carry the same, old, Last-Modified)."""
    folder, base = web
    old = time.time() - 3600
    whole = runs_calendar(weeks=3)
    _write(folder / "plan.ics", whole[: len(whole) // 3], old)  # caught mid-write
    live = _server(tmp_path, f"{base}/plan.ics")
    try:
        assert health_of(live.refresh(), "Ana")["state"] == "error"
        assert live.store.source("Ana", f"{base}/plan.ics") is None
        _write(folder / "plan.ics", whole, old)
        assert health_of(live.refresh(), "Ana")["state"] == "ok"
        assert httpx.get(live.feed_url("Ana"), timeout=30).status_code == 200
    finally:
        live.stop()


def test_a_local_file_rewritten_within_one_clock_tick_is_followed(tmp_path):
    """The same for a local file: rewritten at the same mtime with the same size right after
    a poll read it, it is read again, not taken as unchanged."""
    plan = tmp_path / "plan.ics"
    tick = time.time()
    _write(plan, runs_calendar(weeks=3), tick)
    live = _server(tmp_path, "plan.ics")
    try:
        live.refresh()
        first = httpx.get(live.feed_url("Ana"), timeout=30).content
        moved = runs_calendar(weeks=3, long_day={1: 4})
        assert len(moved) == plan.stat().st_size
        _write(plan, moved, tick)
        assert health_of(live.refresh(), "Ana")["state"] == "ok"
        assert httpx.get(live.feed_url("Ana"), timeout=30).content != first
    finally:
        live.stop()


@pytest.mark.parametrize("kind", ["symlink_to_key", "symlink_to_good_file", "fifo", "folder"])
def test_a_source_that_is_no_regular_file_is_refused(tmp_path, kind):
    """Issue 12, item 6: the server followed a source symlinked to /etc/passwd or to
    legday.key and stored what it read in legday.db. Symlinks (wherever they point), FIFOs
    and folders are refused, nothing of them is stored, the last good feed stays."""
    plan = tmp_path / "plan.ics"
    plan.write_bytes(runs_calendar(weeks=3))
    live = _server(tmp_path, "plan.ics")
    try:
        live.refresh()
        good = httpx.get(live.feed_url("Ana"), timeout=30).content
        key = live.config.key_path.read_bytes()
        plan.unlink()
        if kind == "symlink_to_key":
            plan.symlink_to(live.config.key_path)
        elif kind == "symlink_to_good_file":
            elsewhere = tmp_path / "elsewhere.ics"
            elsewhere.write_bytes(runs_calendar(weeks=3, long_day={1: 4}))
            plan.symlink_to(elsewhere)
        elif kind == "fifo":
            os.mkfifo(plan)
        else:
            plan.mkdir()
        ana = health_of(live.refresh(), "Ana")
        assert ana["state"] == "error"
        why = "is a symbolic link" if kind.startswith("symlink") else "not a regular file"
        assert why in ana["last_error"]
        assert httpx.get(live.feed_url("Ana"), timeout=30).content == good
        assert key.strip() not in _stored(live.config.db_path)
    finally:
        live.stop()


def test_only_what_parsed_as_a_calendar_is_stored(tmp_path):
    """Issue 12, item 6: a source that is no calendar (here a copy of a password file) is
    refused and never stored; the database keeps the last calendar that parsed."""
    plan = tmp_path / "plan.ics"
    calendar = runs_calendar(weeks=3)
    plan.write_bytes(calendar)
    live = _server(tmp_path, "plan.ics")
    try:
        live.refresh()
        plan.write_bytes(SECRET)
        os.utime(plan, (time.time() + 5, time.time() + 5))
        ana = health_of(live.refresh(), "Ana")
        assert ana["state"] == "error" and "not an iCalendar file" in ana["last_error"]
        assert b"secret-marker-3f9c" not in _stored(live.config.db_path)
        with sqlite3.connect(live.config.db_path) as conn:
            bodies = [bytes(r[0]) for r in conn.execute("SELECT body FROM sources")]
        assert bodies == [calendar]
    finally:
        live.stop()
