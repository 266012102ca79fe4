"""A small club for the squad tests: sample calendars in several vendor styles, a roster.

Every athlete's row is also the ``legday plan`` command line that must write the same bytes
(:data:`CLUB`), so the tests compare the squad's plans with the real command's.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
from pathlib import Path

from click.testing import CliRunner

from optimizer.squad.job import Job, Result, plan_athlete
from tests.conftest import SAMPLES

# name -> (roster cells, the same athlete as `legday plan` arguments)
CLUB: dict[str, tuple[dict[str, str], list[str]]] = {
    "Ana Lima": (
        {"runs": "cal/marathon_google.ics", "busy": "cal/work_office_hours.ics"},
        ["cal/marathon_google.ics", "--busy", "cal/work_office_hours.ics"],
    ),
    "Ben": (
        {"runs": "cal/half_allday_trainingapp.ics", "tz": "Europe/Madrid", "run_time": "18:00"},
        ["cal/half_allday_trainingapp.ics", "--tz", "Europe/Madrid", "--run-time", "18:00"],
    ),
    "Chloé": (
        {"runs": "cal/10k_outlook.ics", "prefer": "evening", "minutes": "45"},
        ["cal/10k_outlook.ics", "--prefer", "evening", "--minutes", "45"],
    ),
    "Dee/Dee": (
        {"runs": "cal/beginner_5k.ics", "level": "beginner", "equipment": "none"},
        ["cal/beginner_5k.ics", "--level", "beginner", "--equipment", "none"],
    ),
    "Eli": (
        {
            "runs": "cal/10k_outlook.ics;cal/beginner_5k.ics",
            "sessions": "1-2",
            "window": "07:00-20:00",
            "gap_after_run": "1h",
            "program": "endurance",
        },
        [
            "cal/10k_outlook.ics",
            "cal/beginner_5k.ics",
            "--sessions",
            "1-2",
            "--window",
            "07:00-20:00",
            "--gap-after-run",
            "1h",
            "--program",
            "endurance",
        ],
    ),
    "Fin": (
        {"runs": "cal/marathon_google.ics", "start": "2027-02-01", "weeks": "6", "level": ""},
        ["cal/marathon_google.ics", "--start", "2027-02-01", "--weeks", "6"],
    ),
}
COLUMNS = ("name", "runs", "busy", "level", "sessions", "tz", "start", "weeks", "window")
COLUMNS += ("minutes", "prefer", "run_time", "gap_after_run", "program", "equipment")


def make_club(folder: Path, extra: dict[str, dict[str, str]] | None = None) -> Path:
    """The sample calendars in ``folder/cal`` and ``folder/roster.csv`` naming CLUB (+extra)."""
    cal = folder / "cal"
    cal.mkdir(parents=True, exist_ok=True)
    for ics in SAMPLES.glob("*.ics"):
        shutil.copy(ics, cal / ics.name)
    rows = {name: cells for name, (cells, _) in CLUB.items()} | (extra or {})
    roster = folder / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for name, cells in rows.items():
            writer.writerow({"name": name, **cells})
    return roster


def legday(*args: str | Path, cwd: Path | None = None):
    """Run ``legday`` in-process (click's runner), from ``cwd``; the result has exit_code."""
    from optimizer.cli import main

    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


def plan_or_die(job: Job) -> Result:
    """The squad's job, except that an athlete named "Crash" kills their worker process."""
    if job.name == "Crash":
        os.kill(os.getpid(), signal.SIGKILL)
    return plan_athlete(job)


def square(x: int) -> int:
    return x * x


def die(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def boom(x: int) -> int:
    raise ValueError(f"bad {x}")


def worker_pid() -> int:
    import time

    time.sleep(0.2)
    return os.getpid()
