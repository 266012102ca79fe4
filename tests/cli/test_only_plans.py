"""Only plans are plans: `--previous`, `check`, `explain` and `diff` refuse a running calendar.

Bug: `legday plan --previous RUNS.ics` accepted the running calendar itself as a previous plan
and wrote a file that would cancel or move the runner's own runs if imported; `legday check
RUNS.ics RUNS.ics` reported 60 "violations" instead of saying the first file is not a plan.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

RUNS = SAMPLES / "10k_outlook.ics"
COACH = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "coach_three_broken_rules.ics"


def legday(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimizer.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["plan", RUNS, "--previous", RUNS, "-o", "OUT", "--today", "2027-03-01"],
        ["check", RUNS, RUNS],
        ["explain", RUNS, RUNS],
        ["diff", RUNS, "PLAN"],
        ["diff", "PLAN", RUNS],
    ],
    ids=["previous", "check", "explain", "diff-old", "diff-new"],
)
def test_a_running_calendar_is_refused_in_one_line(tmp_path: Path, args) -> None:
    plan = tmp_path / "plan.ics"
    assert legday("plan", RUNS, "-o", plan, "-q").returncode == 0
    before = plan.read_bytes()
    out = tmp_path / "out.ics"
    args = [out if a == "OUT" else plan if a == "PLAN" else a for a in args]
    done = legday(*args)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert f"{RUNS}: not a strength plan" in lines[0]
    assert "is it your running calendar?" in lines[0]
    assert not out.exists() and done.stdout == ""
    assert plan.read_bytes() == before


def test_a_coachs_strength_plan_is_a_plan() -> None:
    done = legday(
        "check", COACH, RUNS, "--start", "2027-03-01", "--weeks", "2", "--gap-after-run", "0"
    )
    assert done.returncode == 1  # it breaks rules, but it is read as a plan
    assert "not a strength plan" not in done.stderr


def test_legdays_own_empty_plan_is_a_plan(tmp_path: Path) -> None:
    """A plan with no sessions (e.g. a week away) is still legday's plan."""
    from optimizer.calendar.plan_file import read_plan_bytes

    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//legday//legday strength planner//EN\r\n"
        b"END:VCALENDAR\r\n"
    )
    read_plan_bytes(data, "empty.ics", tz="Europe/Berlin").require_plan()


@pytest.mark.parametrize(
    "title", ["Krafttraining Beine", "Fuerza: core", "Renforcement musculaire", "Gym - legs"]
)
def test_strength_in_any_language_reads_as_a_plan(title: str) -> None:
    from optimizer.calendar.plan_file import read_plan_bytes

    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//coach//EN\r\nBEGIN:VEVENT\r\n"
        "UID:a@c\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270302T180000Z\r\n"
        f"DTEND:20270302T183000Z\r\nSUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    read_plan_bytes(data, "coach.ics", tz="Europe/Berlin").require_plan()
