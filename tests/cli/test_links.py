"""A running app's subscription link as RUNS (or --busy): `legday plan`, `check` and `explain`
read it as `legday serve` reads its sources, and the plan is the one the same file gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import legday
from tests.serve_support import SourceServer, runs_calendar

SECRET = "feed/9f8e7d6c5b4a-secret-token/plan.ics"


@pytest.fixture
def app(tmp_path: Path):
    server = SourceServer().start()
    body = runs_calendar(weeks=4)
    server.set(f"/{SECRET}", body)
    (tmp_path / "plan_source.ics").write_bytes(body)
    yield server, tmp_path
    server.stop()


def test_a_link_plans_as_the_same_file_does(app) -> None:
    server, folder = app
    by_link, by_file = folder / "link.ics", folder / "file.ics"
    done = legday("plan", f"{server.base}/{SECRET}", "-o", by_link, "--name", "Ana")
    assert done.returncode == 0, done.stderr
    assert (
        legday("plan", folder / "plan_source.ics", "-o", by_file, "--name", "Ana").returncode == 0
    )
    assert by_link.read_bytes() == by_file.read_bytes()
    checked = legday("check", by_link, f"{server.base}/{SECRET}")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    explained = legday("explain", by_link, f"{server.base}/{SECRET}")
    assert explained.returncode == 0, explained.stderr


@pytest.mark.parametrize("status", [404, 500])
def test_a_broken_link_is_one_line_without_its_secret(app, status: int) -> None:
    server, folder = app
    server.fail(f"/{SECRET}", status)
    out = folder / "plan.ics"
    out.write_bytes(b"old plan")
    done = legday("plan", f"{server.base}/{SECRET}", "-o", out)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(status) in lines[0], done.stderr
    assert "secret-token" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert out.read_bytes() == b"old plan"


def test_a_page_that_is_no_calendar_is_refused(app) -> None:
    server, folder = app
    server.set("/login", b"<!doctype html><html><body>Sign in</body></html>")
    done = legday("plan", f"{server.base}/login", "-o", folder / "plan.ics")
    assert done.returncode == 2
    assert "not an iCalendar" in done.stderr or "calendar" in done.stderr
    assert not (folder / "plan.ics").exists()
