"""The runner's week as they mean it: days away block strength, all-day runs happen when the
runner runs, and a plan with fewer sessions than asked says so.

Bugs: an all-day busy "Business trip - Singapore (out of office)" Mon-Fri still got
sessions on Wednesday and Friday (all-day events never blocked anything); runs exported as
all-day events were assumed at 07:00-08:00, so a runner who runs at 18:00 was told to lift at
08:00 "after your run".
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from optimizer import pipeline
from optimizer.config import PlanOptions, parse_run_time

MONDAY = dt.date(2027, 3, 1)
BERLIN = "Europe/Berlin"


def calendar(*events: dict) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//legday tests//EN")
    cal.add("version", "2.0")
    for i, spec in enumerate(events):
        ev = icalendar.Event()
        ev.add("uid", f"e{i}@t")
        ev.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
        for key, value in spec.items():
            ev.add(key, value)
        cal.add_component(ev)
    return cal.to_ical()


def all_day(day: dt.date, title: str, days: int = 1, **extra) -> dict:
    return {"summary": title, "dtstart": day, "dtend": day + dt.timedelta(days=days), **extra}


def week_of_runs(weeks: int = 3, *, timed: bool = False) -> list[dict]:
    """A plan-generator style calendar: all-day runs Tue, Thu (easy), Sat (long)."""
    out = []
    for w in range(weeks):
        monday = MONDAY + dt.timedelta(weeks=w)
        for k, title in ((1, "Intervals 6x800m"), (3, "Easy run 8 km"), (5, "Long run 22 km")):
            out.append(all_day(monday + dt.timedelta(days=k), title))
    return out


def plan(tmp_path: Path, runs: bytes, busy: bytes | None = None, *args: str):
    r = tmp_path / "runs.ics"
    r.write_bytes(runs)
    cmd = [
        sys.executable,
        "-m",
        "optimizer.cli",
        "plan",
        str(r),
        "-o",
        str(tmp_path / "o.ics"),
        "--tz",
        BERLIN,
        *args,
    ]
    if busy is not None:
        b = tmp_path / "busy.ics"
        b.write_bytes(busy)
        cmd += ["--busy", str(b)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    sessions = []
    if (tmp_path / "o.ics").exists():
        cal = icalendar.Calendar.from_ical((tmp_path / "o.ics").read_bytes())
        sessions = sorted(ev.decoded("dtstart") for ev in cal.walk("VEVENT"))
    return done, sessions


def test_an_out_of_office_trip_in_the_work_calendar_gets_no_session(tmp_path: Path) -> None:
    trip = all_day(
        MONDAY + dt.timedelta(weeks=1),
        "Business trip - Singapore (out of office)",
        days=5,
        transp="OPAQUE",
    )
    trip["X-MICROSOFT-CDO-BUSYSTATUS"] = "OOF"
    done, sessions = plan(tmp_path, calendar(*week_of_runs()), calendar(trip))
    assert done.returncode == 0, done.stderr
    away = {MONDAY + dt.timedelta(days=7 + k) for k in range(5)}
    assert sessions and not {s.date() for s in sessions} & away
    assert "no strength Mon 08 Mar to Fri 12 Mar: away all day" in done.stderr
    assert "'Business trip - Singapore (out of office)'" in done.stderr


@pytest.mark.parametrize(
    ("title", "extra"),
    [
        ("Dienstreise Hamburg", {}),  # German, no busy status: the words say it
        ("Vacaciones en Mallorca", {"transp": "TRANSPARENT"}),  # free, but a holiday away
        ("Family wedding in Lisbon", {"transp": "OPAQUE"}),  # busy, nothing about training
    ],
)
def test_days_away_in_the_running_calendar_block(tmp_path: Path, title: str, extra: dict) -> None:
    trip = all_day(MONDAY + dt.timedelta(weeks=1, days=1), title, days=3, **extra)
    done, sessions = plan(tmp_path, calendar(*week_of_runs(), trip))
    assert done.returncode == 0, done.stderr
    away = {MONDAY + dt.timedelta(days=8 + k) for k in range(3)}
    assert not {s.date() for s in sessions} & away


@pytest.mark.parametrize(
    ("title", "extra"),
    [
        ("Rest day", {"transp": "OPAQUE"}),  # a training app's rest day: the best strength day
        ("Bank holiday", {"transp": "TRANSPARENT"}),
        ("Anna's birthday", {"transp": "TRANSPARENT"}),
    ],
)
def test_free_all_day_events_block_nothing(tmp_path: Path, title: str, extra: dict) -> None:
    """Every Tuesday and Friday, the plan's strength days, are marked so: the plan stays."""
    marks = [
        all_day(MONDAY + dt.timedelta(weeks=w, days=k), title, **extra)
        for w in range(3)
        for k in (1, 4)
    ]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, plain = plan(tmp_path / "a", calendar(*week_of_runs()))
    done, sessions = plan(tmp_path / "b", calendar(*week_of_runs(), *marks))
    assert done.returncode == 0, done.stderr
    assert sessions == plain and {s.weekday() for s in sessions} == {1, 4}
    assert "away all day" not in done.stderr


def test_an_evening_runner_lifts_after_the_run(tmp_path: Path) -> None:
    """All-day runs, --run-time 18:00: strength on a run day comes after the run, its
    distance at an easy pace and the gap after it."""
    done, sessions = plan(
        tmp_path, calendar(*week_of_runs()), None, "--run-time", "18:00", "--window", "06:00-22:00"
    )
    assert done.returncode == 0, done.stderr
    run_days = {
        d.date()
        for d in (MONDAY + dt.timedelta(weeks=w, days=k) for w in range(3) for k in (1, 3))
        for d in [dt.datetime.combine(d, dt.time())]
    }
    same_day = [s for s in sessions if s.date() in run_days]
    assert same_day, "the hard-run Tuesday is a strength day"
    for s in same_day:
        assert s.time() >= dt.time(19, 0)  # 18:00 + at least 30 min of running + 30 min gap


def test_run_time_by_weekday() -> None:
    opts = PlanOptions(run_time=parse_run_time("Mon=18:00,Sat=08:00,12:00"))
    rules = opts.rules()
    assert rules.run_time(0) == dt.time(18, 0)
    assert rules.run_time(5) == dt.time(8, 0)
    assert rules.run_time(2) == dt.time(12, 0)


def test_all_day_runs_last_what_their_description_says() -> None:
    from zoneinfo import ZoneInfo

    from optimizer import timeline
    from optimizer.domain import CalEvent, Problem, Rules, Run, RunKind

    zone = ZoneInfo(BERLIN)
    start = dt.datetime.combine(MONDAY, dt.time(), zone)
    ev = CalEvent(
        "a@t",
        "Easy run",
        start,
        start + dt.timedelta(days=1),
        all_day=True,
        description="Duration: 1h15, conversational pace",
    )
    problem = Problem(
        MONDAY, 1, BERLIN, (Run(ev, RunKind.EASY),), rules=Rules(all_day_run_start=dt.time(18, 0))
    )
    begin, end = timeline.run_interval(problem.runs[0], problem)
    assert (begin.time(), end.time()) == (dt.time(18, 0), dt.time(19, 15))


def test_options_reach_the_problem() -> None:
    loaded = pipeline.Loaded  # noqa: F841 - the pipeline carries notes for the CLI and report
    assert PlanOptions(gap_after_run=45).rules().gap_after_run == 45


def parkrun_plan(weeks: int = 10) -> bytes:
    """A UK plan: Tuesday intervals, Thursday easy, Saturday parkrun, Sunday long run, and
    the goal half marathon on the last Sunday."""
    zone = ZoneInfo(BERLIN)
    events = []
    for w in range(weeks):
        monday = MONDAY + dt.timedelta(weeks=w)

        def at(k: int, h: int, title: str, minutes: int, monday: dt.date = monday) -> dict:
            start = dt.datetime.combine(monday + dt.timedelta(days=k), dt.time(h), zone)
            return {
                "summary": title,
                "dtstart": start,
                "dtend": start + dt.timedelta(minutes=minutes),
            }

        events += [
            at(1, 18, "Intervals 5x1km", 60),
            at(3, 7, "Easy 6 km", 40),
            at(5, 9, "parkrun", 30),
        ]
        if w == weeks - 1:
            events.append(at(6, 9, "Great North Half Marathon", 120))
        else:
            events.append(at(6, 9, f"Long run {14 + w} km", 100))
    return calendar(*events)


def test_a_weekly_parkrun_is_a_hard_run_and_the_half_is_the_goal(tmp_path: Path) -> None:
    """Bug: parkrun was a race, every week fell in a race window, 0 sessions in 10 weeks."""
    report = tmp_path / "r.json"
    done, sessions = plan(tmp_path, parkrun_plan(), None, "--report", str(report))
    assert done.returncode == 0, done.stderr
    goal = MONDAY + dt.timedelta(weeks=9, days=6)
    by_week: dict[int, int] = {}
    for s in sessions:
        w = (s.date() - MONDAY).days // 7
        by_week[w] = by_week.get(w, 0) + 1
    for w in range(10):
        monday = MONDAY + dt.timedelta(weeks=w)
        window = {goal - dt.timedelta(days=k) for k in range(8)}
        if {monday + dt.timedelta(days=k) for k in range(7)} & window:
            continue  # the goal race's window
        assert by_week.get(w, 0) >= 2, (w, by_week)
    for s in sessions:
        assert not goal - dt.timedelta(days=7) <= s.date() <= goal + dt.timedelta(days=2)
    import json

    data = json.loads(report.read_text())
    assert not [w for w in data["warnings"] if w.startswith("no strength")]


def test_no_session_at_all_is_never_silent(tmp_path: Path) -> None:
    """A week-long trip in a one-week plan: the plan is written, and says why it is empty."""
    trip = all_day(MONDAY, "Vacation", days=7)
    runs = calendar(all_day(MONDAY + dt.timedelta(days=2), "Easy run 5 km"), trip)
    report = tmp_path / "r.json"
    done, sessions = plan(tmp_path, runs, None, "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert sessions == []
    assert "legday: warning: no strength session in the plan's 1 week(s)" in done.stderr
    assert "legday: short: week 1 (Mon 01 Mar 2027): 0 sessions planned" in done.stderr
    import json

    assert any("no strength session" in w for w in json.loads(report.read_text())["warnings"])


def test_tune_up_races_keep_a_short_window() -> None:
    from constraints.race_window import instances, prioritise
    from optimizer.domain import RacePriority
    from tests.patterns import make_problem

    problem = make_problem(". . . . . R . | . . . . . . . | . . . . . . R")
    runs = prioritise(problem.runs)
    assert [r.priority for r in runs] == [RacePriority.TUNE_UP, RacePriority.GOAL]
    from dataclasses import replace

    windows = instances(replace(problem, runs=runs))
    assert [len(i.days) for i in windows] == [3 + 1 + 1, 7 + 2 + 1]
    named = prioritise(problem.runs, goal=["2027-03-06"])
    assert [r.priority for r in named] == [RacePriority.GOAL, RacePriority.TUNE_UP]
    hard = prioritise(problem.runs, not_race=["10K race"])
    assert all(r.kind.value == "hard" for r in hard)
