"""separate_days: a beginner's session on an easy-run day costs, heavily; other levels, nothing."""

from __future__ import annotations

import pytest

from optimizer import pipeline
from optimizer.config import PlanOptions
from optimizer.domain import DEFAULT_WEIGHTS, Level, Rules
from tests.patterns import make_problem, penalty

RULE = "separate_days"
W = DEFAULT_WEIGHTS[RULE]
BEGINNER = Rules(level=Level.BEGINNER)


@pytest.mark.parametrize(
    ("pattern", "rules", "cost"),
    [
        ("eS . . . . . .", BEGINNER, W),
        ("~eS . . . . . .", BEGINNER, W),
        ("S . . . . . .", BEGINNER, 0),  # an off day
        ("eS . . . . . .", Rules(), 0),  # intermediate: easy_days speaks, not this rule
        ("eS . . . . . .", Rules(level=Level.ADVANCED), 0),
    ],
)
def test_penalised_and_not(pattern: str, rules: Rules, cost: int) -> None:
    assert penalty(pattern, RULE, rules) == cost


def test_weighs_more_than_any_other_day_cost() -> None:
    """Only a week with no two free days gets a session on an easy-run day."""
    others = sum(
        DEFAULT_WEIGHTS[k]
        for k in ("easy_days", "fresh_legs", "back_to_back", "spread", "habit_day", "volume")
    )
    assert W > others


def plan(pattern: str) -> pipeline.Outcome:
    opts = PlanOptions(level=Level.BEGINNER)
    return pipeline.plan(pipeline.Loaded(make_problem(pattern, opts.rules()), (), None), opts)


def test_a_five_day_plan_gets_two_sessions_a_week() -> None:
    """Five running days leave one free day once the day after the long run is excluded:
    the second session follows an easy run, after it, never a hard or long run."""
    week = "e e H . e L ."
    out = plan(" | ".join([week] * 4))
    assert out.ok and out.violations == ()
    problem = out.problem
    kinds = {r.day: r.kind.value for r in problem.runs}
    by_week: dict[int, list] = {}
    for s in out.sessions:
        by_week.setdefault((s.day - problem.start).days // 7, []).append(s)
    assert sorted(by_week) == [0, 1, 2, 3]
    for sessions in by_week.values():
        assert len(sessions) == 2
        assert {kinds.get(s.day) for s in sessions} == {None, "easy"}
    shared = [s for s in out.sessions if kinds.get(s.day) == "easy"]
    for s in shared:
        run = next(r for r in problem.runs if r.day == s.day)
        assert s.start >= run.event.end  # run first
        assert any("separate days" in line for line in s.reasons)


def test_free_days_win_when_they_fit() -> None:
    out = plan("e . e . e L . | e . e . e L .")
    assert out.ok
    run_days = {r.day for r in out.problem.runs}
    assert out.sessions and all(s.day not in run_days for s in out.sessions)
