"""The solver-free validator: each rule's violation named alone, our plans clean, and the
twin property: for any small pattern, the CP-SAT hard rules accept what validate() accepts."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.domain import Busy, Level, Rules, Session
from optimizer.validate import validate
from tests.conftest import SAMPLE_PLANS
from tests.patterns import at, feasible, make_problem, sessions_of


def rules_of(violations) -> list[str]:
    return [v.rule for v in violations]


def check(
    pattern: str,
    rules: Rules | None = None,
    busy=(),
    hh: int = 18,
    mm: int = 0,
    minutes: int | None = None,
    sessions=None,
):
    problem = make_problem(pattern, rules, busy)
    if sessions is None:
        sessions = sessions_of(pattern, hh, minutes or problem.rules.minutes, mm)
    return validate(problem, sessions)


@pytest.mark.parametrize(
    ("pattern", "rules", "hh", "mm", "rule", "count"),
    [
        ("S . . . . . .", None, 18, 0, "sessions_per_week", 1),
        ("S . S . S . S", None, 18, 0, "sessions_per_week", 1),
        ("S S . S . . .", None, 18, 0, "recovery_gap", 1),
        ("S . . S . . S | S . . . . S .", None, 18, 0, "recovery_gap", 1),  # across weeks
        ("S . S . . . .", Rules(min_gap_days=3), 18, 0, "recovery_gap", 1),
        ("L S . . S . .", None, 18, 0, "no_strength_after_long_run", 1),
        ("LS . . S . . .", None, 18, 0, "no_strength_after_long_run", 1),
        ("HS . . S . . .", Rules(level=Level.BEGINNER), 18, 0, "run_days", 1),
        ("eS . . S . . .", None, 6, 0, "run_days", 1),  # before the 07:00 run
        ("S . . S . . . | . . R . . . .", None, 18, 0, "race_window", 1),
    ],
)
def test_each_rule_reported_alone(pattern, rules, hh, mm, rule, count) -> None:
    found = check(pattern, rules, hh=hh, mm=mm)
    assert rules_of(found) == [rule] * count, found
    assert feasible(pattern, None, rules, hh, mm=mm) is False


@pytest.mark.parametrize(
    ("busy", "hh", "mm", "minutes", "what"),
    [
        ([Busy(at(0, 18, 15), at(0, 19), "Dentist")], 18, 0, 30, "overlaps 'Dentist'"),
        ([], 18, 5, 30, "off the 15-minute grid"),
        ([], 18, 0, 45, "lasts 45 minutes"),
        ([], 20, 45, 30, "outside the window"),
        ([], 5, 30, 30, "outside the window"),
        ([], 23, 45, 30, "outside the window"),  # ends the next day
    ],
)
def test_time_slots_reported_alone(busy, hh, mm, minutes, what) -> None:
    found = check("S . . S . . .", busy=busy, hh=hh, mm=mm, minutes=minutes)
    assert set(rules_of(found)) == {"time_slots"}
    assert any(what in v.message for v in found), found


def test_session_during_a_run_breaks_two_rules() -> None:
    assert rules_of(check("eS . . S . . .", hh=7, mm=30)) == ["run_days", "time_slots"]


def test_session_outside_the_plan_is_named() -> None:
    problem = make_problem("S . . S . . .")
    extra = Session(at(7, 18), at(7, 18, 30))
    found = validate(problem, sessions_of("S . . S . . .") + [extra])
    assert rules_of(found) == ["horizon"]


def test_two_sessions_on_one_day() -> None:
    problem = make_problem("S . . . . . .")
    found = validate(problem, [Session(at(0, 6), at(0, 6, 30)), Session(at(0, 18), at(0, 18, 30))])
    assert "recovery_gap" in rules_of(found)


def test_clean_plan_and_disabled_rules() -> None:
    assert check("S . . S . . .") == []
    assert check("eS . . S . . .") == []  # after the run
    pattern = "LS S S . . . R"
    everything = frozenset(
        {
            "sessions_per_week",
            "recovery_gap",
            "no_strength_after_long_run",
            "run_days",
            "race_window",
            "time_slots",
        }
    )
    assert len(check(pattern)) > 3
    assert check(pattern, Rules(disabled=everything)) == []
    # --allow-after-long-run lifts the day after, never the long-run day itself.
    lifted = check(pattern, Rules(no_strength_after_long_run=False))
    assert [v.message for v in lifted if v.rule == "no_strength_after_long_run"] == [
        "strength on a long-run day"
    ]


def test_violations_read_well_and_come_sorted() -> None:
    found = check("L S S . . . . | S . . . . . .")
    assert found == sorted(found, key=lambda v: (v.day, v.rule, v.message))
    text = [str(v) for v in found]
    want = "Tue 2027-03-02: strength the day after the long run [no_strength_after_long_run]"
    assert want in text


def test_sessions_in_any_zone_are_judged_in_the_athletes() -> None:
    """A session given in UTC is the same moment: 17:00Z is 18:00 in Berlin in March."""
    utc = [
        Session(s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC))
        for s in sessions_of("eS . . S . . .")
    ]
    assert validate(make_problem("eS . . S . . ."), utc) == []


def test_validator_needs_no_solver() -> None:
    code = (
        "import sys\n"
        "from optimizer.validate import validate\n"
        "from tests.patterns import make_problem, sessions_of\n"
        "assert validate(make_problem('S . S'), sessions_of('S . S')) == []\n"
        "print('ortools' in ' '.join(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("key", sorted(SAMPLE_PLANS))
def test_our_sample_plans_validate(planned, key: str) -> None:
    outcome = planned(key)
    assert outcome.sessions
    assert outcome.violations == ()
    assert validate(outcome.problem, outcome.sessions) == []


# The twin property: the model's hard rules and the validator agree on every small pattern.
DAY = st.sampled_from([".", ".", ".", "e", "e", "H", "L", "R", "x", "~e", "~L", "eH"])
HARD = (
    "sessions_per_week",
    "recovery_gap",
    "no_strength_after_long_run",
    "run_days",
    "race_window",
    "time_slots",
)


@st.composite
def cases(draw):
    weeks = draw(st.integers(1, 4))
    days = []
    for _ in range(weeks * 7):
        tok = draw(DAY)
        if draw(st.booleans()) and draw(st.booleans()):  # a session on about a quarter of days
            tok = ("" if tok == "." else tok) + "S"
        days.append(tok)
    lo = draw(st.integers(0, 3))
    minutes = draw(st.sampled_from([30, 30, 45, 60]))
    window_start = draw(st.sampled_from([dt.time(6, 0), dt.time(7, 0), dt.time(17, 0)]))
    rules = Rules(
        sessions_min=lo,
        sessions_max=draw(st.integers(lo, 4)),
        min_gap_days=draw(st.integers(1, 3)),
        no_strength_after_long_run=draw(st.booleans()),
        level=draw(st.sampled_from(list(Level))),
        race_before_days=draw(st.integers(0, 7)),
        race_after_days=draw(st.integers(0, 2)),
        window_start=window_start,
        window_end=dt.time(21, 0),
        minutes=minutes,
        disabled=frozenset(draw(st.lists(st.sampled_from(HARD), max_size=2))),
    )
    # A start on the grid inside the window.
    span = (21 * 60 - (window_start.hour * 60)) - minutes
    start = window_start.hour * 60 + 15 * draw(st.integers(0, span // 15))
    busy = []
    for _ in range(draw(st.integers(0, 3))):
        day = draw(st.integers(0, weeks * 7 - 1))
        begin = 5 * draw(st.integers(12 * 5, 12 * 22))  # 05:00-22:00, on a 5-minute grid
        length = 5 * draw(st.integers(1, 36))
        a = at(day, 0) + dt.timedelta(minutes=begin)
        busy.append(Busy(a, a + dt.timedelta(minutes=length), "Busy"))
    run_hour = draw(st.integers(6, 20))
    n = weeks * 7
    # Runs just outside the plan still bind it: a long run the Sunday before, races near it.
    outside = draw(
        st.lists(
            st.sampled_from([(-1, "L"), (-1, "R"), (-3, "R"), (n, "R"), (n + 4, "R"), (n, "L")]),
            max_size=2,
        )
    )
    return " ".join(days), rules, start // 60, start % 60, busy, run_hour, outside


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_model_and_validator_agree(case) -> None:
    pattern, rules, hh, mm, busy, run_hour, outside = case
    problem = make_problem(pattern, rules, busy, run_hour, outside)
    found = validate(problem, sessions_of(pattern, hh, rules.minutes, mm))
    model_ok = feasible(
        pattern, None, rules, hh, mm=mm, busy=busy, run_hour=run_hour, outside=outside
    )
    assert model_ok == (found == []), found


def test_sessions_are_judged_on_the_athletes_calendar_day() -> None:
    """Bug: a session's day was its date in whatever zone it came in, so 20:30 on Tuesday in
    New York, written in UTC (as Google exports), counted as Wednesday."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo

    problem = replace(
        make_problem("L . . . S . .", Rules(window_end=dt.time(23, 0))), tz="America/New_York"
    )
    ny = ZoneInfo("America/New_York")
    local = [
        Session(dt.datetime(2027, 3, d, 20, 30, tzinfo=ny), dt.datetime(2027, 3, d, 21, tzinfo=ny))
        for d in (2, 5)
    ]
    utc = [Session(s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC)) for s in local]
    want = ["Tue 2027-03-02: strength the day after the long run [no_strength_after_long_run]"]
    assert [str(v) for v in validate(problem, local)] == want
    assert [str(v) for v in validate(problem, utc)] == want
