"""Runs and races just outside the plan's weeks: every consumer of a rule agrees with the model.

Bugs: with a long run on the Sunday before the plan, ``diagnose.day_blockers`` said Monday was
free while the model forbade it; with a race a few days after the plan, the clash text dropped
the race and said a week had "room for only 4 sessions (Mon ... Sun possible)". Both came from
copies of a rule outside its module; now diagnose, clash texts, validate and re-plan all read
each rule's own instances.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from constraints import HARD_RULES
from optimizer import pipeline
from optimizer.config import PlanOptions
from optimizer.diagnose import day_blockers
from optimizer.domain import Level, Rules
from optimizer.explain import why_not
from optimizer.grid import build_grid
from optimizer.validate import validate
from tests.patterns import MONDAY, feasible, make_problem, sessions_of

DAY_RULES = ("no_strength_after_long_run", "race_window", "run_days", "time_slots")


def one_session(pattern: str, d: int) -> str:
    toks = pattern.split()
    toks[d] = toks[d].replace(".", "") + "S"
    return " ".join(toks)


def agree(pattern: str, outside: list[tuple[int, str]], rules: Rules) -> None:
    """On every day: banned by a rule <=> the model forbids a session there <=> the
    validator finds it broken."""
    problem = make_problem(pattern, rules, outside=outside)
    grid = build_grid(problem)
    for d in range(len(grid.days)):
        alone = one_session(pattern, d)
        model_allows = feasible(alone, DAY_RULES, rules, hh=20, outside=outside)
        broken = [v for v in validate(problem, sessions_of(alone, hh=20)) if v.rule in DAY_RULES]
        blockers = day_blockers(grid, d)
        assert model_allows == (not blockers), (d, blockers)
        assert model_allows == (not broken), (d, broken)


def test_a_long_run_the_sunday_before_takes_the_first_monday() -> None:
    problem = make_problem(". . . . . . .", outside=[(-1, "L")])
    grid = build_grid(problem)
    assert day_blockers(grid, 0) == ["day after the long run"]
    assert not feasible("S . . . . . .", "no_strength_after_long_run", outside=[(-1, "L")])
    agree(". . . . . . .", [(-1, "L")], Rules())


def test_a_race_after_the_plan_is_named_in_the_clash() -> None:
    """A race on the Friday after a one-week plan takes its Friday to Sunday; with five days
    between sessions, Monday to Thursday hold only one of the two sessions."""
    opts = PlanOptions(min_gap_days=5)
    problem = make_problem(". . . . . . .", opts.rules(), outside=[(11, "R")])
    why = why_not(problem, opts)
    assert why.lines == (
        "week 1 (Mon 01 Mar 2027): 2 sessions a week, 5 days between sessions and no strength "
        "from 7 days before to 2 after the race on Fri 12 Mar leave room for only 1 session "
        "(Mon, Tue, Wed, Thu possible, 5 days apart)",
    )
    assert {c.rule for c in why.clashes[0]} == {"sessions_per_week", "recovery_gap", "race_window"}
    agree(". . . . . . .", [(11, "R")], opts.rules())


def test_replan_keeps_a_plan_bound_by_runs_outside_it() -> None:
    """A re-plan of an unchanged calendar whose long run before the plan and race after it
    bind its first and last days changes nothing, and the plan it keeps validates."""
    outside = [(-1, "L"), (23, "R")]
    problem = make_problem("e . H . e L . | e . H . e L . | e . H . . L .", outside=outside)
    opts = PlanOptions()
    loaded = pipeline.Loaded(problem, (), None)
    first = pipeline.plan(loaded, opts)
    assert first.ok and first.violations == ()
    assert all(s.day != MONDAY for s in first.sessions)  # the day after the long run
    race = MONDAY + dt.timedelta(days=23)
    assert all((race - s.day).days > problem.rules.race_before_days for s in first.sessions)

    from optimizer.calendar.export import to_ical
    from optimizer.calendar.plan_file import read_plan_bytes
    from optimizer.replan import replan

    data = to_ical(problem, first.sessions)
    previous = read_plan_bytes(data, "plan.ics", tz=problem.tz).entries
    again = replan(loaded, opts, previous, today=MONDAY)
    assert again.changes == 0
    assert again.outcome.violations == ()


@settings(max_examples=40, deadline=None)
@given(
    week=st.lists(st.sampled_from([".", "e", "H", "L", "R"]), min_size=7, max_size=7),
    before=st.sampled_from([".", "L", "R", "H"]),
    after_day=st.integers(min_value=7, max_value=12),
    after=st.sampled_from([".", "L", "R"]),
    beginner=st.booleans(),
)
def test_every_consumer_agrees_with_the_model(week, before, after_day, after, beginner) -> None:
    outside = [(d, t) for d, t in ((-1, before), (after_day, after)) if t != "."]
    rules = Rules(level=Level.BEGINNER if beginner else Level.INTERMEDIATE)
    agree(" ".join(week), outside, rules)


@pytest.mark.parametrize("rule", HARD_RULES)
def test_every_hard_rule_checks_itself(rule: str) -> None:
    """Each hard rule's module holds its own solver-free check (what validate runs)."""
    from constraints import REGISTRY

    assert REGISTRY[rule].module.check.__module__ == f"constraints.{rule}"
