"""`legday serve` re-plans through the squad's batch path: worker processes, one per core.

A real feed server (uvicorn on loopback) and a real source server; the re-plans are counted
by the shared worker pool itself, and the feeds are the bytes the in-process pipeline gives.
"""

from __future__ import annotations

import threading

import httpx
import pytest

from optimizer.server.feed import SourceData, build_feed
from optimizer.squad.pool import cpu_count, shared_pool
from tests.serve_support import LiveServer, SourceServer, health_of, runs_calendar, write_config

ATHLETES = ("Ana", "Ben", "Cai", "Dot", "Eve")


@pytest.fixture
def club(tmp_path):
    source = SourceServer().start()
    for name in ATHLETES:
        source.set(f"/{name}.ics", runs_calendar())
    config = write_config(
        tmp_path,
        [f'name = "{n}"\nruns = ["{source.base}/{n}.ics"]\ntz = "Europe/Berlin"' for n in ATHLETES],
        poll_seconds=3600,
    )
    server = LiveServer(config).start()
    yield server, source
    server.stop()
    source.stop()


def _jobs_done() -> int:
    return sum(shared_pool().done.values())


def test_a_cold_start_and_a_change_to_every_source_replan_on_the_pool(club):
    server, source = club
    pool = shared_pool()
    assert pool.workers == cpu_count()  # sized to the machine
    before = _jobs_done()
    report = server.refresh()
    assert [health_of(report, n)["state"] for n in ATHLETES] == ["ok"] * len(ATHLETES)
    assert _jobs_done() - before == len(ATHLETES)  # every first plan ran on the pool
    assert pool.started >= min(cpu_count(), len(ATHLETES))

    # The feed is what the pipeline gives in-process for the same bytes.
    body = runs_calendar()
    ana = server.config.athlete("Ana")
    label = f"runs 1 ({ana.runs[0].label})"
    expected = build_feed([SourceData(label, body)], [], ana.options, [])
    assert httpx.get(server.feed_url("Ana"), timeout=30).content == expected.body

    # Every source changes at once: one re-plan each, all through the pool.
    for name in ATHLETES:
        source.set(f"/{name}.ics", runs_calendar(long_day={1: 4}))
    before = _jobs_done()
    report = server.refresh()
    moved = [p for p in report["poll"] if p["outcome"] == "updated"]
    assert len(moved) == len(ATHLETES), report["poll"]
    assert _jobs_done() - before == len(ATHLETES)


def test_a_plan_that_fails_in_a_worker_is_that_athlete_s_error(club):
    server, source = club
    server.refresh()
    source.set("/Cai.ics", b"<html><body>Maintenance</body></html>")
    report = server.refresh()
    assert health_of(report, "Cai")["state"] == "error"
    assert "not an iCalendar file" in health_of(report, "Cai")["last_error"]
    assert {health_of(report, n)["state"] for n in ATHLETES if n != "Cai"} == {"ok"}


def test_feeds_stay_served_while_the_pool_replans(club):
    """The event loop never solves: a feed request during a round is answered."""
    server, source = club
    server.refresh()
    url = server.feed_url("Ana")
    for name in ATHLETES:
        source.set(f"/{name}.ics", runs_calendar(long_day={2: 4}))
    done = threading.Event()
    thread = threading.Thread(target=lambda: (server.refresh(), done.set()))
    thread.start()
    answered = 0
    while not done.is_set():
        r = httpx.get(url, timeout=30)
        assert r.status_code == 200
        answered += 1
    thread.join()
    assert answered >= 1
