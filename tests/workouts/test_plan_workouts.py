"""Every planned session carries a workout the validator accepts, and progression shows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [
    "marathon_google.ics",
    "half_allday_trainingapp.ics",
    "10k_outlook.ics",
    "beginner_5k.ics",
]


def _plan(tmp_path: Path, sample: str, *extra: str) -> dict:
    out, rep = tmp_path / "out.ics", tmp_path / "rep.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "plan",
            str(ROOT / "sample_calendars" / sample),
            "-o",
            str(out),
            "--report",
            str(rep),
            "-q",
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(rep.read_text())


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_session_has_a_checked_workout(tmp_path: Path, sample: str) -> None:
    """Fits its minutes, covers legs and core, differs from the session before: the pipeline
    runs check_workouts on the plan, and a plan is written only when nothing is violated."""
    from optimizer.workouts.library import by_key

    lib = by_key()
    report = _plan(tmp_path, sample)
    sessions = report["sessions"]
    assert sessions
    previous: set[str] = set()
    for s in sessions:
        names = [e["exercise"] for e in s["workout"]["exercises"]]
        assert any(lib[n].main_legs for n in names), s["date"]
        assert any(lib[n].core for n in names), s["date"]
        share = s["workout"]["content_seconds"] / 60 / s["workout"]["minutes"]
        assert 0.7 <= share <= 1.0, s["date"]
        assert not previous & set(names), s["date"]
        previous = set(names)
        assert s["summary"].startswith("Strength: ")


def test_beginner_without_equipment_gets_bodyweight_only(tmp_path: Path) -> None:
    from optimizer.workouts.library import by_key

    lib = by_key()
    report = _plan(tmp_path, "beginner_5k.ics", "--level", "beginner", "--equipment", "none")
    used = {e["exercise"] for s in report["sessions"] for e in s["workout"]["exercises"]}
    assert used
    assert all(lib[n].equipment == "none" and not lib[n].plyometric for n in used)


def test_progression_builds_deloads_and_tapers(tmp_path: Path) -> None:
    report = _plan(tmp_path, "marathon_google.ics")
    weeks = {p["week"]: p for p in report["progression"]}
    per_session = {
        w: p["sets"] / sum(1 for s in report["sessions"] if _week(report, s) == w)
        for w, p in weeks.items()
    }
    assert per_session[1] < per_session[3] and per_session[1] < per_session[7]  # starts small
    assert weeks[4]["intensity"] == "deload" and per_session[4] < per_session[3]
    assert weeks[8]["intensity"] == "deload" and per_session[8] < per_session[7]
    last = max(weeks)
    assert "taper" in weeks[last]["intensity"] and per_session[last] < per_session[15]


def _week(report: dict, session: dict) -> int:
    import datetime as dt

    start = dt.date.fromisoformat(report["start"])
    return (dt.date.fromisoformat(session["date"]) - start).days // 7 + 1


def test_plyometric_program_for_a_beginner_is_refused_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "optimizer.cli",
            "plan",
            str(ROOT / "sample_calendars" / "10k_outlook.ics"),
            "-o",
            str(tmp_path / "o.ics"),
            "--level",
            "beginner",
            "--program",
            "plyometric",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "o.ics").exists()


@pytest.mark.parametrize(
    ("sample", "taper_days"),
    [("marathon_google.ics", 21), ("10k_outlook.ics", 10)],
)
def test_the_taper_fits_the_goal_race(tmp_path: Path, sample: str, taper_days: int) -> None:
    """A marathon's strength tapers three weeks; a 10K's only its last ten days: every session
    within those days is a taper session, and none before them."""
    import datetime as dt

    from constraints.race_window import prioritise
    from optimizer.calendar.importer import read_calendars
    from optimizer.classify import classify
    from optimizer.domain import RacePriority

    report = _plan(tmp_path, sample)
    runs = prioritise(classify(read_calendars([ROOT / "sample_calendars" / sample]).events))
    race = max(r.day for r in runs if r.priority is RacePriority.GOAL)
    for s in report["sessions"]:
        days_before = (race - dt.date.fromisoformat(s["date"])).days
        tapering = s["workout"]["intensity"] == "taper"
        assert tapering == (0 < days_before <= taper_days), (s["date"], days_before)
