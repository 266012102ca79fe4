"""own_strength: the strength sessions the runner's plan already has ("Gym", Runna's "Strength &
Conditioning") take their day and a day around it, and count in their week's MIN and MAX."""

from __future__ import annotations

import subprocess
import sys

import pytest

from constraints.own_strength import check, own_sessions
from optimizer.classify.strength import is_strength_session
from optimizer.domain import Rules
from tests.patterns import feasible, make_problem, sessions_of, switches

RULE = "own_strength"


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        (". . g . S . .", True),
        (". . gS . . . .", False),  # one strength session a day
        (". . g S . . .", False),  # the day after
        (". S g . . . .", False),  # the day before
        ("S . g . S . .", True),
        (". . . . . . g | S . . . . . .", False),  # Sunday's gym, Monday's session
        (". . x S . . .", True),  # yoga is no strength session
    ],
)
def test_pattern(pattern: str, ok: bool) -> None:
    assert feasible(pattern, RULE) is ok


def test_a_gym_the_sunday_before_the_plan_still_keeps_monday_free() -> None:
    assert not feasible("S . . . . . .", RULE, outside=[(-1, "g")])
    assert feasible(". S . . . . .", RULE, outside=[(-1, "g")])


def test_a_wider_gap_keeps_more_days_free() -> None:
    wide = Rules(min_gap_days=3)
    assert not feasible(". . g . S . .", RULE, wide)
    assert feasible(". . g . . S .", RULE, wide)


def test_one_switch_per_own_session() -> None:
    assert switches(". g . . g . .", RULE) == ["2027-03-02", "2027-03-05"]
    assert feasible(". g S . g . .", RULE, lifted=["2027-03-02"])
    assert not feasible(". g S . g . .", RULE, lifted=["2027-03-05"])


def test_own_sessions_count_in_the_week() -> None:
    """Two own sessions with MAX 3 leave room for one of legday's; MIN 2 is already kept."""
    assert feasible("S . g . g . .", "sessions_per_week")
    assert not feasible("S . g . g . S", "sessions_per_week")
    assert feasible(". . g . g . .", "sessions_per_week")
    assert not feasible(". . . . . . .", "sessions_per_week")


def test_check_finds_a_session_next_to_an_own_one() -> None:
    from constraints import PlanView

    problem = make_problem(". . g S . . .")
    out = check(PlanView.of(problem, sessions_of(". . g S . . .")))
    assert [v.rule for v in out] == [RULE]
    assert "after your own strength session" in out[0].message and "'Gym'" in out[0].message


def test_disabled_it_bans_nothing_and_counts_nothing() -> None:
    off = Rules(disabled=frozenset({RULE}))
    assert feasible(". . gS . . . .", None, off) is False  # one a day is time_slots' too
    assert feasible(". . g S . S .", None, off)


@pytest.mark.parametrize(
    ("title", "own"),
    [
        ("Runna: Strength & Conditioning", True),
        ("Gym", True),
        ("Krafttraining", True),
        ("Renforcement musculaire", True),
        ("Fuerza en gimnasio", True),
        ("Musculação", True),
        ("Krachttraining", True),
        ("Palestra", True),
        ("Cross Training or Strength Training", False),  # a choice: a free day to plan
        ("Off Day or Cross Training or Strength Training", False),
        ("Rest / optional gym", False),
        ("Core 15'", False),
        ("Stretch & strengthen", False),
        ("Yoga", False),
    ],
)
def test_which_events_are_own_sessions(title: str, own: bool) -> None:
    assert is_strength_session(title) is own


def test_only_events_that_are_not_runs_are_own_sessions() -> None:
    problem = make_problem(". . g . x e .")
    assert list(own_sessions(problem)) == [problem.start.replace(day=3)]


def test_a_runna_plan_with_strength_days_on_the_real_command(tmp_path) -> None:
    """Runna's Wednesday "Strength & Conditioning": legday plans around it (nothing Tue-Thu),
    counts it (one of legday's a week with 2-2) and says so; the plan passes `legday check`."""
    import datetime as dt
    import json

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Runna//EN"]
    week = {
        1: ("Runna: Easy Run 6km", 7, 40),
        2: ("Runna: Strength & Conditioning", 18, 30),
        3: ("Runna: Intervals 6 x 800m", 7, 55),
        5: ("Runna: Long Run 16km", 8, 95),
    }
    for w in range(4):
        for d, (title, hour, minutes) in week.items():
            start = dt.datetime(2027, 2, 1 + 7 * w + d, hour)
            end = start + dt.timedelta(minutes=minutes)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{w}-{d}@runna",
                "DTSTAMP:20261201T000000Z",
                f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
                f"SUMMARY:{title}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    runs, out, report = tmp_path / "runna.ics", tmp_path / "plan.ics", tmp_path / "r.json"
    runs.write_text("\r\n".join(lines) + "\r\n", newline="")
    legday = [sys.executable, "-m", "optimizer.cli"]
    done = subprocess.run(
        [*legday, "plan", runs, "-o", out, "--sessions", "2-2", "--report", report],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "already has 4 strength sessions" in done.stdout + done.stderr
    assert "short" not in done.stdout + done.stderr
    sessions = json.loads(report.read_text())["sessions"]
    days = [dt.date.fromisoformat(s["date"]) for s in sessions]
    assert len(days) == 4  # one a week: the other is Runna's
    assert all(d.weekday() not in (1, 2, 3) for d in days)
    checked = subprocess.run(
        [*legday, "check", out, runs], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
