"""habit: the same weekdays (12 per weekday changed) and time of day (2 per slot off) each week."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer.domain import DEFAULT_WEIGHTS, Prefer, Rules
from optimizer.grid import build_grid
from tests.patterns import make_problem, penalty

RULE = "habit"
DAY, TIME = DEFAULT_WEIGHTS["habit_day"], DEFAULT_WEIGHTS["habit_time"]
SAME = "S . . S . . . | S . . S . . ."


def usual(pattern: str, rules: Rules | None = None, weekday: int = 0) -> dt.time:
    """The habit time the grid fixed for a weekday (the same for every weekday here)."""
    grid = build_grid(make_problem(pattern, rules))
    return grid.start_of(weekday, grid.usual_slot[weekday]).time()


def cost(pattern: str, rules: Rules | None = None, minutes_off: int = 0) -> int:
    t = usual(pattern, rules)
    total = t.hour * 60 + t.minute + minutes_off
    return penalty(pattern, RULE, rules, total // 60, mm=total % 60)


def test_off_days_share_one_usual_time() -> None:
    grid = build_grid(make_problem(SAME))
    assert len(set(grid.usual_slot)) == 1


def test_same_weekdays_at_the_usual_time_cost_nothing() -> None:
    assert cost(SAME) == 0


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("S . . S . . . | . S . S . . .", 2 * DAY),  # Monday became Tuesday
        ("S . . S . . . | S . . . . . .", DAY),  # Thursday dropped
        ("S . . . . . . | S . . . . . . | S . S . . . .", DAY),
    ],
)
def test_changed_weekdays_cost(pattern: str, expected: int) -> None:
    assert cost(pattern) == expected


@pytest.mark.parametrize("slots", [-2, 1, 3])
def test_each_slot_from_the_usual_time_costs(slots: int) -> None:
    assert cost(SAME, minutes_off=15 * slots) == 4 * abs(slots) * TIME


def test_preferred_time_sets_the_usual_time() -> None:
    morning = Rules(prefer=Prefer.MORNING)
    assert usual(SAME, morning) == dt.time(6, 0)
    assert penalty(SAME, RULE, morning, 6) == 0
    assert penalty(SAME, RULE, morning, 7) == 4 * 4 * TIME


def test_usual_time_is_a_free_time() -> None:
    """Every Monday busy 17:00-20:00 with a run: Monday's habit time is one it can keep."""
    grid = build_grid(make_problem("e . . . . . . | e . . . . . .", run_hour=17))
    monday = grid.usual_slot[0]
    assert all(monday in d.free_starts for d in grid.days if d.date.weekday() == 0)


def test_can_be_switched_off() -> None:
    from optimizer.solver.model import build_model

    model = build_model(build_grid(make_problem(SAME, Rules(disabled=frozenset({RULE})))))
    assert RULE not in model.rules and not [t for t in model.terms if t.rule == RULE]
